// Our output is strict: every package of the corpora that cqdt accepts, rebuilt by cqdt and
// signed, reads back with the same content, no format deviation, a signature that holds under
// SignaturePolicy::kRequire, and passes `xmlsec1 --verify` (an independent verifier).
#include "exchange/build.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "crypto/pki.hpp"
#include "crypto/test_files.hpp"
#include "crypto/test_pki.hpp"
#include "crypto/trust.hpp"
#include "exchange/inspect.hpp"
#include "signing/verification.hpp"
#include "xml/xml.hpp"

namespace cqdt::exchange {
namespace {

namespace fs = std::filesystem;

fs::path RepoRoot() {
  return fs::path(CQDT_TESTDATA_DIR).parent_path().parent_path().parent_path();
}

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Deviations of form (never of content carried from the input) that strict output must not show.
const std::set<std::string> kFormatWarnings = {"prefix",
                                               "business-spelling",
                                               "status-element",
                                               "no-namespace",
                                               "legacy-format",
                                               "date-format",
                                               "content-type",
                                               "unlisted-attachment",
                                               "priority-legacy",
                                               "sha1",
                                               "unsigned",
                                               "signature-unverifiable",
                                               "signature-untrusted"};

class BuildTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new crypto::SigningKey(crypto::testing::IssueTestCertificate(
        crypto::CertificateKind::kRootCa, "cqdt edXML test root", nullptr));
    crypto::testing::TestCertificateOptions rsa;
    rsa.algorithm = crypto::KeyAlgorithm::kRsa;
    signer_ = new crypto::SigningKey(crypto::testing::IssueTestCertificate(
        crypto::CertificateKind::kSeal, "Sở Nội vụ tỉnh An Giang", root_, rsa));
  }
  static void TearDownTestSuite() {
    delete signer_;
    delete root_;
  }
  void SetUp() override {
    anchors_.AddAnchor(root_->certificate);
    const TimePoint now = clock_.Now();
    auto crl = crypto::IssueCrl(*root_, {}, now - std::chrono::hours(24),
                                now + std::chrono::hours(24 * 30));
    ASSERT_TRUE(crl.has_value());
    anchors_.AddCrl(*crl);
    strict_.verifier = &verifier_;
    strict_.trust.documents = &anchors_;
    strict_.trust.timestamps = &anchors_;
    lenient_.signature = SignaturePolicy::kWarn;
  }

  // Rebuilds `in`, signs it, reads it back strictly and compares.
  void RoundTrip(const Inspection& in, const std::string& label) {
    SCOPED_TRACE(label);
    auto built = in.kind == PackageKind::kStatus ? BuildStatusPackage(in.status)
                                                 : BuildDocumentPackage(in.document);
    ASSERT_TRUE(built.has_value()) << built.error().message();
    auto signed_xml = xml::SignEnveloped(*built, *signer_);
    ASSERT_TRUE(signed_xml.has_value()) << signed_xml.error().message();
    const Inspection back = Inspect(*signed_xml, strict_);
    ASSERT_TRUE(back.accepted) << back.refusal->message;
    EXPECT_TRUE(back.signature.trusted);
    EXPECT_EQ(back.ns, kQcvnNamespace);
    for (const Warning& w : back.warnings) {
      EXPECT_EQ(kFormatWarnings.count(w.code), 0u) << w.code << ": " << w.message;
    }
    EXPECT_EQ(back.kind, in.kind);
    EXPECT_EQ(back.SubjectDocumentId(), in.SubjectDocumentId());
    if (in.kind == PackageKind::kStatus) {
      EXPECT_EQ(back.status.status_code, in.status.status_code);
      EXPECT_EQ(back.status.from.organ_id, in.status.from.organ_id);
      EXPECT_EQ(back.status.description, in.status.description);
    } else {
      const DocumentHeader& a = in.document.header;
      const DocumentHeader& b = back.document.header;
      EXPECT_EQ(b.from.organ_id, a.from.organ_id);
      ASSERT_EQ(b.to.size(), a.to.size());
      EXPECT_EQ(b.subject, a.subject);
      EXPECT_EQ(b.code_number, a.code_number);
      EXPECT_EQ(b.promulgation_date, a.promulgation_date);
      EXPECT_EQ(b.business.type, a.business.type);
      EXPECT_EQ(b.priority, a.priority == 4 ? 3 : a.priority);
      ASSERT_EQ(back.document.attachments.size(), in.document.attachments.size());
      for (std::size_t i = 0; i < in.document.attachments.size(); ++i) {
        EXPECT_EQ(back.document.attachments[i].name, in.document.attachments[i].name);
        EXPECT_EQ(back.document.attachments[i].bytes, in.document.attachments[i].bytes);
      }
    }
    XmlsecVerifies(*signed_xml);
  }

  void XmlsecVerifies(const std::string& xml) {
    const fs::path dir = fs::temp_directory_path() / ("cqdt-edxml-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    crypto::testing::WriteFile((dir / "p.edxml").string(), xml);
    crypto::testing::WriteFile((dir / "root.pem").string(), root_->certificate.Pem());
    const std::string cmd = "xmlsec1 --verify --trusted-pem " + (dir / "root.pem").string() + " " +
                            (dir / "p.edxml").string() + " >/dev/null 2>&1";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << "xmlsec1 --verify refused our package";
    fs::remove_all(dir);
  }

  static crypto::SigningKey* root_;
  static crypto::SigningKey* signer_;
  SystemClock clock_;
  signing::Verifier verifier_{clock_};
  crypto::TrustStore anchors_;
  InspectOptions strict_;
  InspectOptions lenient_;
};

crypto::SigningKey* BuildTest::root_ = nullptr;
crypto::SigningKey* BuildTest::signer_ = nullptr;

TEST_F(BuildTest, EveryAcceptedPackageOfTheOwnCorpusRebuildsStrictly) {
  int n = 0;
  for (const auto& entry : fs::directory_iterator(RepoRoot() / "tests" / "edxml" / "accept")) {
    const Inspection in = Inspect(ReadAll(entry.path()), lenient_);
    ASSERT_TRUE(in.accepted) << entry.path();
    RoundTrip(in, entry.path().filename().string());
    ++n;
  }
  EXPECT_GE(n, 30);
}

TEST_F(BuildTest, EveryAcceptedSharedSampleRebuildsStrictly) {
  fs::path dir = RepoRoot().parent_path() / "shared" / "reference" / "edxml-samples";
  if (const char* env = std::getenv("CQDT_EDXML_SAMPLES")) {
    dir = env;
  } else if (!fs::is_directory(dir)) {
    dir = "/work/shared/reference/edxml-samples";  // the team's machines (and CI) keep it here
  }
  if (!fs::is_directory(dir)) {
    GTEST_SKIP() << "shared/reference/edxml-samples is not present";
  }
  for (const auto& entry : fs::directory_iterator(dir)) {
    const Inspection in = Inspect(ReadAll(entry.path()), lenient_);
    if (in.accepted) {
      RoundTrip(in, entry.path().filename().string());
    }
  }
}

TEST_F(BuildTest, ZipsWhatIsNotPdfWordExcelOrZip) {
  DocumentPackage p;
  p.header.from.organ_id = "000.00.07.H01";
  Organization to;
  to.organ_id = "000.00.00.H01";
  p.header.to.push_back(to);
  p.header.document_id = "000.00.07.H01,2026/03/05,45/SNV-VP";
  p.header.subject = "Bảng tính";
  p.header.type_name = "Công văn";
  p.header.type = 1;  // wrong on purpose: the name decides
  Attachment sheet;
  sheet.name = "bang-tinh.ods";
  sheet.bytes = "ods bytes";
  p.attachments.push_back(sheet);
  auto xml = BuildDocumentPackage(p);
  ASSERT_TRUE(xml.has_value());
  EXPECT_NE(xml->find("<edXML:ContentType>application/zip</edXML:ContentType>"), std::string::npos);
  EXPECT_NE(xml->find("<edXML:AttachmentName>bang-tinh.ods</edXML:AttachmentName>"),
            std::string::npos);
  EXPECT_NE(xml->find("<edXML:Type>2</edXML:Type>"), std::string::npos);
  EXPECT_NE(xml->find("<edXML:TypeDetail>18</edXML:TypeDetail>"), std::string::npos);
  const Inspection back = Inspect(*xml, lenient_);
  ASSERT_TRUE(back.accepted);
  EXPECT_TRUE(back.document.attachments[0].unzipped);
  EXPECT_EQ(back.document.attachments[0].bytes, "ods bytes");
}

TEST_F(BuildTest, RefusesAPackageWithoutRecipients) {
  DocumentPackage p;
  p.header.from.organ_id = "000.00.07.H01";
  auto xml = BuildDocumentPackage(p);
  ASSERT_FALSE(xml.has_value());
  EXPECT_EQ(xml.error().fields().at(0).field, "To");
}

}  // namespace
}  // namespace cqdt::exchange
