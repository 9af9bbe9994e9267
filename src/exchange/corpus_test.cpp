// The interoperability corpora (issue 14): cqdt's own packages in tests/edxml/ (every row of
// expectations.tsv) and, when the folder is present, the packages other systems produced in
// shared/reference/edxml-samples/ (every well-formed one accepted, each malformed one refused
// with its reason).
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "crypto/crypto.hpp"
#include "crypto/trust.hpp"
#include "crypto/x509.hpp"
#include "exchange/inspect.hpp"
#include "signing/verification.hpp"

namespace cqdt::exchange {
namespace {

namespace fs = std::filesystem;

fs::path RepoRoot() {
  return fs::path(CQDT_TESTDATA_DIR).parent_path().parent_path().parent_path();
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> Split(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, '\t')) {
    out.push_back(cell);
  }
  return out;
}

struct Row {
  std::string file, verdict, kind, document_id, status_code, attachments, first_attachment, reason,
      warning;
};

std::vector<Row> Rows() {
  std::vector<Row> rows;
  std::ifstream in(RepoRoot() / "tests" / "edxml" / "expectations.tsv");
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty()) {
      continue;
    }
    auto c = Split(line);
    c.resize(9);
    rows.push_back({c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]});
  }
  return rows;
}

class CorpusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto pem = ReadFile(RepoRoot() / "tests" / "edxml" / "keys" / "test-only-signer.cert.pem");
    auto cert = crypto::Certificate::ParseAll(pem);
    ASSERT_TRUE(cert.has_value() && !cert->empty());
    anchors_.AddAnchor((*cert)[0]);
    options_.signature = SignaturePolicy::kWarn;
    options_.verifier = &verifier_;
    options_.trust.documents = &anchors_;
    options_.trust.timestamps = &anchors_;
  }
  SystemClock clock_;
  signing::Verifier verifier_{clock_};
  crypto::TrustStore anchors_;
  InspectOptions options_;
};

TEST_F(CorpusTest, EveryOwnPackageMeetsItsExpectation) {
  const auto rows = Rows();
  ASSERT_GE(rows.size(), 50u);
  for (const Row& row : rows) {
    SCOPED_TRACE(row.file);
    const std::string bytes = ReadFile(RepoRoot() / "tests" / "edxml" / row.file);
    ASSERT_FALSE(bytes.empty());
    const Inspection in = Inspect(bytes, options_);
    if (row.verdict == "refuse") {
      ASSERT_FALSE(in.accepted);
      EXPECT_EQ(RefusalReasonCode(in.refusal->reason), row.reason) << in.refusal->message;
      EXPECT_FALSE(in.refusal->message.empty());
      continue;
    }
    ASSERT_TRUE(in.accepted) << RefusalReasonCode(in.refusal->reason) << ": "
                             << in.refusal->message;
    EXPECT_EQ(PackageKindName(in.kind), row.kind);
    EXPECT_EQ(in.SubjectDocumentId(), row.document_id);
    if (row.kind == "status") {
      EXPECT_EQ(in.status.status_code, row.status_code);
      continue;
    }
    EXPECT_EQ(std::to_string(in.document.attachments.size()), row.attachments);
    if (row.first_attachment != "-") {
      ASSERT_FALSE(in.document.attachments.empty());
      const Attachment& a = in.document.attachments.front();
      EXPECT_EQ(a.name + ":" + crypto::Sha256Hex(a.bytes), row.first_attachment);
    }
    if (row.warning != "-") {
      EXPECT_TRUE(in.HasWarning(row.warning)) << row.warning;
    }
  }
}

// The shared reference folder (present on the team's machines and in CI; never copied here).
fs::path SamplesDir() {
  if (const char* env = std::getenv("CQDT_EDXML_SAMPLES")) {
    return env;
  }
  for (const fs::path& p : {RepoRoot().parent_path() / "shared" / "reference" / "edxml-samples",
                            fs::path("/work/shared/reference/edxml-samples")}) {
    if (fs::is_directory(p)) {
      return p;
    }
  }
  return {};
}

TEST_F(CorpusTest, OtherSystemsPackagesAreAcceptedUnlessMalformed) {
  const fs::path dir = SamplesDir();
  if (dir.empty()) {
    GTEST_SKIP() << "shared/reference/edxml-samples is not present";
  }
  // The malformed ones of FINDINGS.md ("Not well-formed"), the directory answer and the JSON
  // field list; every other package must be accepted.
  const std::map<std::string, std::string> refused = {
      {"all4u1089_truclienthong-example__resources__edoc.edxml", "malformed"},
      {"PVN-Organization_API-Gateway-iOffice__JDK_1.8__SDKVXP_Example__resources__edoc_new.edxml",
       "malformed"},
      {"PVN-Organization_API-Gateway-iOffice__JDK_1.8__SDKVXP_Example__resources__edoc.edxml",
       "namespace"},
      {"hungnguyen01011985_tltvbqn__resources__edoc.edxml", "namespace"},
      {"ngtheanh1910_dongbotruc__data.xml", "not-edxml"},
      {"tungsfer512_edxml-convert__request-response__status__status.json", "not-edxml"},
  };
  int accepted = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name == "FINDINGS.md" || name == "SOURCES.tsv") {
      continue;
    }
    SCOPED_TRACE(name);
    const Inspection in = Inspect(ReadFile(entry.path()), options_);
    if (auto it = refused.find(name); it != refused.end()) {
      ASSERT_FALSE(in.accepted);
      EXPECT_EQ(RefusalReasonCode(in.refusal->reason), it->second) << in.refusal->message;
      continue;
    }
    EXPECT_TRUE(in.accepted) << (in.refusal ? in.refusal->message : "");
    ++accepted;
  }
  EXPECT_GE(accepted, 20);
}

}  // namespace
}  // namespace cqdt::exchange
