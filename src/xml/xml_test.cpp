#include "xml/xml.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "crypto/pki.hpp"
#include "crypto/x509.hpp"

namespace cqdt::xml {
namespace {

namespace fs = std::filesystem;

const fs::path kTestdata = CQDT_TESTDATA_DIR;
constexpr const char* kRsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
constexpr const char* kEcdsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
constexpr const char* kSha256 = "http://www.w3.org/2001/04/xmlenc#sha256";
constexpr const char* kSha1Warning = "Chữ ký dùng thuật toán SHA-1, đã lỗi thời.";
constexpr const char* kDoctypeMessage = "Tài liệu XML có khai báo DOCTYPE, không được chấp nhận.";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void WriteFile(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << path;
}

// Peak resident set size in KiB. Only grows, so a delta bounds what a call allocated.
long PeakRssKib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}
constexpr long kMemoryBoundKib = 50 * 1024;

// A fresh directory under the system temp dir, removed with its contents at scope exit.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "cqdt-xml-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Runs a shell command (xmlsec1), returning its exit status; output goes to `log`.
int RunShell(const std::string& command, const fs::path& log) {
  const int status = std::system((command + " >" + log.string() + " 2>&1").c_str());
  if (status == -1 || !WIFEXITED(status)) {
    return -1;
  }
  return WEXITSTATUS(status);
}

std::string XmlsecVerifyCommand(const fs::path& ca_pem, const fs::path& signed_xml) {
  // Same-document references only and the certificate chain checked against the one trusted
  // root; no --id-attr is needed because the Reference URI is "".
  return "xmlsec1 --verify --enabled-reference-uris empty,same-doc --trusted-pem " +
         ca_pem.string() + " " + signed_xml.string();
}

std::string ReplaceFirst(std::string text, std::string_view from, std::string_view to) {
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

// ---- parsing
// --------------------------------------------------------------------------------------

TEST(XmlParseTest, AcceptsWorkedExamples) {
  EXPECT_TRUE(CheckWellFormed(ReadFile(kTestdata / "edxml_package.xml")));
  EXPECT_TRUE(CheckWellFormed(ReadFile(kTestdata / "edxml_status.xml")));
}

TEST(XmlParseTest, RejectsDoctypeWithTheDocumentedMessage) {
  auto result = CheckWellFormed(ReadFile(kTestdata / "hostile" / "xxe_file.xml"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::kMalformed);
  EXPECT_EQ(result.error().message(), kDoctypeMessage);
}

// Every file in testdata/hostile/ is refused as Malformed, without the process growing.
class XmlHostilePayloadTest : public ::testing::TestWithParam<std::string> {};

TEST_P(XmlHostilePayloadTest, IsRefusedWithBoundedMemory) {
  const std::string payload = ReadFile(kTestdata / "hostile" / GetParam());
  const long before = PeakRssKib();
  auto result = CheckWellFormed(payload);
  const long grown = PeakRssKib() - before;
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::kMalformed) << result.error().message();
  EXPECT_FALSE(result.error().message().empty());
  EXPECT_EQ(result.error().message().find("passwd"), std::string::npos);
  EXPECT_LT(grown, kMemoryBoundKib);
  // The same payload is refused by the signing and verifying entry points too.
  EXPECT_FALSE(VerifySignatures(payload));
}

std::vector<std::string> HostileFiles() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kTestdata / "hostile")) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

INSTANTIATE_TEST_SUITE_P(Files, XmlHostilePayloadTest, ::testing::ValuesIn(HostileFiles()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string name =
                               param_info.param.substr(0, param_info.param.find('.'));
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(XmlParseTest, RefusesQuadraticBlowup) {
  // One 100 KB entity referenced 10 000 times: ~1 GB if it were ever expanded. Generated here so
  // the repository does not carry it.
  std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE bomb [<!ENTITY a \"";
  xml.append(100 * 1024, 'a');
  xml += "\">]>\n<bomb>";
  for (int i = 0; i < 10000; ++i) {
    xml += "&a;";
  }
  xml += "</bomb>";
  const long before = PeakRssKib();
  auto result = CheckWellFormed(xml);
  const long grown = PeakRssKib() - before;
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::kMalformed);
  EXPECT_EQ(result.error().message(), kDoctypeMessage);
  EXPECT_LT(grown, kMemoryBoundKib);
}

TEST(XmlParseTest, RefusesDeepNesting) {
  std::string xml;
  for (int i = 0; i < 10000; ++i) {
    xml += "<a>";
  }
  for (int i = 0; i < 10000; ++i) {
    xml += "</a>";
  }
  const long before = PeakRssKib();
  auto result = CheckWellFormed(xml);
  EXPECT_LT(PeakRssKib() - before, kMemoryBoundKib);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::kMalformed);
}

TEST(XmlParseTest, AppliesTheDepthLimit) {
  auto nested = [](int levels) {
    std::string xml;
    for (int i = 0; i < levels; ++i) {
      xml += "<a>";
    }
    xml += "text";
    for (int i = 0; i < levels; ++i) {
      xml += "</a>";
    }
    return xml;
  };
  ParseLimits limits;
  limits.max_depth = 10;
  EXPECT_TRUE(CheckWellFormed(nested(10), limits));
  auto deep = CheckWellFormed(nested(11), limits);
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().code(), ErrorCode::kMalformed);
  EXPECT_EQ(deep.error().message(), "Tài liệu XML lồng nhau quá sâu.");
}

TEST(XmlParseTest, RefusesOversizedInputBeforeParsing) {
  ParseLimits limits;
  limits.max_bytes = 64;
  const std::string small = "<a>" + std::string(57, 'x') + "</a>";  // exactly 64 bytes
  ASSERT_EQ(small.size(), 64U);
  EXPECT_TRUE(CheckWellFormed(small, limits));
  // One byte over: refused by size alone, even though it is not XML at all.
  auto result = CheckWellFormed(std::string(65, '<'), limits);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::kTooLarge);
  EXPECT_EQ(result.error().message(), "Tài liệu XML vượt quá giới hạn kích thước.");
}

TEST(XmlParseTest, RefusesEmptyInput) {
  auto result = CheckWellFormed("");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::kMalformed);
}

// ---- signatures
// -----------------------------------------------------------------------------------

crypto::CertificateProfile Profile(crypto::CertificateKind kind, std::string common_name,
                                   crypto::KeyAlgorithm algorithm) {
  crypto::CertificateProfile profile;
  profile.kind = kind;
  profile.common_name = std::move(common_name);
  profile.organization = "Sở Nội vụ tỉnh Mẫu (DEMO - KHÔNG CÓ GIÁ TRỊ PHÁP LÝ)";
  profile.algorithm = algorithm;
  profile.not_before = std::chrono::system_clock::now() - std::chrono::hours(24);
  profile.not_after = profile.not_before + std::chrono::hours(24 * 365 * 5);
  return profile;
}

class XmlSignatureTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto root =
        crypto::IssueCertificate(Profile(crypto::CertificateKind::kRootCa, "cqdt xml test root CA",
                                         crypto::KeyAlgorithm::kRsa),
                                 nullptr);
    ASSERT_TRUE(root) << root.error().message();
    root_ = new crypto::SigningKey(std::move(root).value());
    auto rsa = crypto::IssueCertificate(
        Profile(crypto::CertificateKind::kSeal, "Sở Nội vụ tỉnh Mẫu", crypto::KeyAlgorithm::kRsa),
        root_);
    ASSERT_TRUE(rsa) << rsa.error().message();
    rsa_ = new crypto::SigningKey(std::move(rsa).value());
    auto ec = crypto::IssueCertificate(
        Profile(crypto::CertificateKind::kSeal, "UBND xã Mẫu Sơn", crypto::KeyAlgorithm::kEc),
        root_);
    ASSERT_TRUE(ec) << ec.error().message();
    ec_ = new crypto::SigningKey(std::move(ec).value());
  }
  static void TearDownTestSuite() {
    delete root_;
    delete rsa_;
    delete ec_;
    root_ = rsa_ = ec_ = nullptr;
  }

  static std::string Package() { return ReadFile(kTestdata / "edxml_package.xml"); }

  static std::string Sign(std::string_view xml, const crypto::SigningKey& key) {
    auto signed_xml = SignEnveloped(xml, key);
    EXPECT_TRUE(signed_xml) << signed_xml.error().message();
    return signed_xml ? std::move(signed_xml).value() : std::string();
  }

  static std::vector<XmlSignatureReport> Verify(std::string_view xml) {
    auto reports = VerifySignatures(xml);
    EXPECT_TRUE(reports) << reports.error().message();
    return reports ? std::move(reports).value() : std::vector<XmlSignatureReport>();
  }

  static inline crypto::SigningKey* root_ = nullptr;
  static inline crypto::SigningKey* rsa_ = nullptr;
  static inline crypto::SigningKey* ec_ = nullptr;
};

TEST_F(XmlSignatureTest, RsaRoundTripInEdxmlHeaderAfterTraceHeaderList) {
  const std::string signed_xml = Sign(Package(), *rsa_);
  const auto trace_end = signed_xml.find("</edXML:TraceHeaderList>");
  const auto signature = signed_xml.find("<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"");
  const auto header_end = signed_xml.find("</edXML:edXMLHeader>");
  ASSERT_NE(signature, std::string::npos);
  EXPECT_LT(trace_end, signature);
  EXPECT_LT(signature, header_end);
  EXPECT_NE(signed_xml.find("URI=\"\""), std::string::npos);
  EXPECT_NE(signed_xml.find("http://www.w3.org/2000/09/xmldsig#enveloped-signature"),
            std::string::npos);
  EXPECT_NE(signed_xml.find("http://www.w3.org/2001/10/xml-exc-c14n#"), std::string::npos);
  // The body and the attachment are untouched.
  EXPECT_NE(signed_xml.find("V/v rà soát danh mục hồ sơ năm 2025"), std::string::npos);

  const auto reports = Verify(signed_xml);
  ASSERT_EQ(reports.size(), 1U);
  const XmlSignatureReport& report = reports[0];
  EXPECT_TRUE(report.valid) << report.failure;
  EXPECT_EQ(report.placement, "edXMLHeader");
  EXPECT_EQ(report.signature_method, kRsaSha256);
  EXPECT_EQ(report.digest_method, kSha256);
  EXPECT_TRUE(report.warnings.empty());
  ASSERT_TRUE(report.certificate.has_value());
  EXPECT_EQ(*report.certificate, rsa_->certificate);
  // The signer's certificate first, then its issuing chain (so a verifier trusting only the root
  // can build the path).
  ASSERT_EQ(report.certificates.size(), 1U + rsa_->chain.size());
  EXPECT_EQ(report.certificates[0], rsa_->certificate);
  for (std::size_t i = 0; i < rsa_->chain.size(); ++i) {
    EXPECT_EQ(report.certificates[i + 1], rsa_->chain[i]);
  }
  EXPECT_NE(report.subject_name.find("Sở Nội vụ tỉnh Mẫu"), std::string::npos)
      << report.subject_name;
  EXPECT_TRUE(report.failure.empty());
}

TEST_F(XmlSignatureTest, EcRoundTrip) {
  const auto reports = Verify(Sign(Package(), *ec_));
  ASSERT_EQ(reports.size(), 1U);
  EXPECT_TRUE(reports[0].valid) << reports[0].failure;
  EXPECT_EQ(reports[0].signature_method, kEcdsaSha256);
  EXPECT_EQ(reports[0].digest_method, kSha256);
  ASSERT_TRUE(reports[0].certificate.has_value());
  EXPECT_EQ(*reports[0].certificate, ec_->certificate);
}

TEST_F(XmlSignatureTest, PlainDocumentIsSignedAtTheRoot) {
  const std::string signed_xml = Sign("<hoSo><ma>000.00.07.H99-250305-0001</ma></hoSo>", *rsa_);
  EXPECT_NE(signed_xml.find("</Signature></hoSo>"), std::string::npos) << signed_xml;
  const auto reports = Verify(signed_xml);
  ASSERT_EQ(reports.size(), 1U);
  EXPECT_TRUE(reports[0].valid) << reports[0].failure;
  EXPECT_EQ(reports[0].placement, "root");
}

TEST_F(XmlSignatureTest, TamperedTextIsInvalid) {
  const std::string signed_xml = Sign(Package(), *rsa_);
  const std::string tampered = ReplaceFirst(signed_xml, "V/v rà soát danh mục hồ sơ năm 2025",
                                            "V/v rà soát danh mục hồ sơ năm 2026");
  const auto reports = Verify(tampered);
  ASSERT_EQ(reports.size(), 1U);
  EXPECT_FALSE(reports[0].valid);
  EXPECT_FALSE(reports[0].failure.empty());
  // The signer's certificate is still reported, for the audit trail.
  ASSERT_TRUE(reports[0].certificate.has_value());
  EXPECT_EQ(*reports[0].certificate, rsa_->certificate);
}

TEST_F(XmlSignatureTest, TamperedSignatureValueIsInvalid) {
  std::string signed_xml = Sign(Package(), *rsa_);
  const auto start = signed_xml.find("<SignatureValue>");
  ASSERT_NE(start, std::string::npos);
  const auto pos = start + std::string_view("<SignatureValue>").size() + 10;
  signed_xml[pos] = signed_xml[pos] == 'A' ? 'B' : 'A';
  const auto reports = Verify(signed_xml);
  ASSERT_EQ(reports.size(), 1U);
  EXPECT_FALSE(reports[0].valid);
}

TEST_F(XmlSignatureTest, OnlySameDocumentReferencesAreFollowed) {
  // A signature whose Reference points outside the document is never dereferenced.
  const std::string signed_xml = Sign("<a><b>x</b></a>", *rsa_);
  const auto reports = Verify(ReplaceFirst(signed_xml, "URI=\"\"", "URI=\"file:///etc/passwd\""));
  ASSERT_EQ(reports.size(), 1U);
  EXPECT_FALSE(reports[0].valid);
}

TEST_F(XmlSignatureTest, UnsignedDocumentHasNoReports) { EXPECT_TRUE(Verify(Package()).empty()); }

TEST_F(XmlSignatureTest, SignatureWithoutNamespaceIsReportedNotProcessed) {
  const auto reports = Verify(ReadFile(kTestdata / "edxml_vpcp_signature_without_namespace.xml"));
  ASSERT_EQ(reports.size(), 1U);
  EXPECT_FALSE(reports[0].valid);
  EXPECT_EQ(reports[0].failure, "Chữ ký không theo chuẩn XML-DSig (thiếu không gian tên).");
  EXPECT_EQ(reports[0].placement, "edXMLHeader");
}

TEST_F(XmlSignatureTest, SecondSignatureBreaksTheFirstEnvelopedOne) {
  // Documented limitation: both signatures cover URI="" and the enveloped transform removes only
  // the signature being verified, so the later signature is part of what the earlier one signed
  // over and the earlier one no longer verifies. The later one (which covers the earlier) does.
  const std::string twice = Sign(Sign(Package(), *rsa_), *ec_);
  const auto reports = Verify(twice);
  ASSERT_EQ(reports.size(), 2U);
  EXPECT_FALSE(reports[0].valid);
  EXPECT_TRUE(reports[1].valid) << reports[1].failure;
  EXPECT_EQ(reports[1].placement, "edXMLHeader");
}

TEST_F(XmlSignatureTest, RefusesDoctypeWhenSigningOrVerifying) {
  const std::string xxe = ReadFile(kTestdata / "hostile" / "xxe_file.xml");
  auto signed_xml = SignEnveloped(xxe, *rsa_);
  ASSERT_FALSE(signed_xml);
  EXPECT_EQ(signed_xml.error().code(), ErrorCode::kMalformed);
  auto reports = VerifySignatures(xxe);
  ASSERT_FALSE(reports);
  EXPECT_EQ(reports.error().code(), ErrorCode::kMalformed);
}

// Independent verifier: the xmlsec1 command line accepts our signatures and rejects a tampered one.
TEST_F(XmlSignatureTest, XmlsecCommandLineVerifiesOurSignatures) {
  TempDir dir;
  const fs::path ca = dir.path() / "ca.pem";
  const fs::path log = dir.path() / "xmlsec1.log";
  WriteFile(ca, root_->certificate.Pem());
  for (const crypto::SigningKey* key : {rsa_, ec_}) {
    const std::string signed_xml = Sign(Package(), *key);
    const fs::path good = dir.path() / "signed.xml";
    WriteFile(good, signed_xml);
    EXPECT_EQ(RunShell(XmlsecVerifyCommand(ca, good), log), 0) << ReadFile(log);

    const fs::path bad = dir.path() / "tampered.xml";
    WriteFile(bad, ReplaceFirst(signed_xml, "Trần Văn A", "Trần Văn B"));
    EXPECT_NE(RunShell(XmlsecVerifyCommand(ca, bad), log), 0) << ReadFile(log);
  }
}

// Reverse direction: templates signed by the xmlsec1 command line verify here.
TEST_F(XmlSignatureTest, VerifiesSignaturesMadeByXmlsecCommandLine) {
  TempDir dir;
  const fs::path key_pem = dir.path() / "key.pem";
  const fs::path cert_pem = dir.path() / "cert.pem";
  const fs::path log = dir.path() / "xmlsec1.log";
  auto pem = rsa_->key.Pem();
  ASSERT_TRUE(pem) << pem.error().message();
  WriteFile(key_pem, *pem);
  WriteFile(cert_pem, rsa_->certificate.Pem());
  for (const char* algorithm : {"sha1", "sha256"}) {
    const fs::path out = dir.path() / (std::string("signed_") + algorithm + ".xml");
    const std::string command =
        "xmlsec1 --sign --privkey-pem " + key_pem.string() + "," + cert_pem.string() +
        " --output " + out.string() + " " +
        (kTestdata / (std::string("xmlsec1_template_rsa_") + algorithm + ".xml")).string();
    ASSERT_EQ(RunShell(command, log), 0) << ReadFile(log);
    const auto reports = Verify(ReadFile(out));
    ASSERT_EQ(reports.size(), 1U) << algorithm;
    EXPECT_TRUE(reports[0].valid) << algorithm << ": " << reports[0].failure;
    EXPECT_EQ(reports[0].placement, "edXMLHeader");
    ASSERT_TRUE(reports[0].certificate.has_value());
    EXPECT_EQ(*reports[0].certificate, rsa_->certificate);
    const bool sha1 = std::string_view(algorithm) == "sha1";
    EXPECT_EQ(std::count(reports[0].warnings.begin(), reports[0].warnings.end(), kSha1Warning),
              sha1 ? 1 : 0)
        << algorithm;
  }
}

// A key that never leaves a PKCS#11 token (SoftHSM): the EVP_PKEY carries no private material.
TEST_F(XmlSignatureTest, SignsWithAPkcs11TokenKey) {
  TempDir dir;
  const fs::path tokens = dir.path() / "tokens";
  fs::create_directories(tokens);
  const fs::path conf = dir.path() / "softhsm2.conf";
  WriteFile(conf, "directories.tokendir = " + tokens.string() + "\nobjectstore.backend = file\n");
  ::setenv("SOFTHSM2_CONF", conf.c_str(), 1);
  const fs::path log = dir.path() / "softhsm.log";
  ASSERT_EQ(
      RunShell("softhsm2-util --init-token --free --label cqdt-xml --pin 1234 --so-pin 5678", log),
      0)
      << ReadFile(log);
  const fs::path ca = dir.path() / "ca.pem";
  WriteFile(ca, root_->certificate.Pem());
  int id = 0;
  for (const crypto::SigningKey* key : {rsa_, ec_}) {
    const std::string label = "seal" + std::to_string(++id);
    const fs::path key_pem = dir.path() / (label + ".pem");
    auto pem = key->key.Pem();
    ASSERT_TRUE(pem) << pem.error().message();
    WriteFile(key_pem, *pem);
    ASSERT_EQ(RunShell("softhsm2-util --import " + key_pem.string() + " --token cqdt-xml --label " +
                           label + " --id 0" + std::to_string(id) + " --pin 1234",
                       log),
              0)
        << ReadFile(log);
    auto token_key = crypto::LoadPkcs11("pkcs11:token=cqdt-xml;object=" + label + ";type=private",
                                        "1234", key->certificate.Pem());
    ASSERT_TRUE(token_key) << token_key.error().message();

    auto signed_xml = SignEnveloped(Package(), *token_key);
    ASSERT_TRUE(signed_xml) << signed_xml.error().message();
    const auto reports = Verify(*signed_xml);
    ASSERT_EQ(reports.size(), 1U);
    EXPECT_TRUE(reports[0].valid) << reports[0].failure;
    ASSERT_TRUE(reports[0].certificate.has_value());
    EXPECT_EQ(*reports[0].certificate, key->certificate);
    const fs::path out = dir.path() / (label + ".xml");
    WriteFile(out, *signed_xml);
    EXPECT_EQ(RunShell(XmlsecVerifyCommand(ca, out), log), 0) << ReadFile(log);
  }
}

// The committed samples signed once by xmlsec1 1.2.37 (see testdata/README.md).
TEST_F(XmlSignatureTest, VerifiesCommittedXmlsecSamples) {
  for (const char* algorithm : {"sha1", "sha256"}) {
    const auto reports =
        Verify(ReadFile(kTestdata / (std::string("xmlsec1_signed_rsa_") + algorithm + ".xml")));
    ASSERT_EQ(reports.size(), 1U);
    EXPECT_TRUE(reports[0].valid) << algorithm << ": " << reports[0].failure;
    EXPECT_EQ(reports[0].warnings.size(), std::string_view(algorithm) == "sha1" ? 1U : 0U);
    ASSERT_TRUE(reports[0].certificate.has_value());
    auto ca = crypto::Certificate::Parse(ReadFile(kTestdata / "xmlsec1_signed_ca.pem"));
    ASSERT_TRUE(ca);
    EXPECT_TRUE(reports[0].certificate->IsIssuedBy(*ca));
  }
}

// ---- two-step signing (the key is elsewhere: a token behind the signing agent) -------------

TEST_F(XmlSignatureTest, TwoStepSignatureIsTheSameAsAOneStepOne) {
  TempDir dir;
  const fs::path ca = dir.path() / "ca.pem";
  const fs::path log = dir.path() / "xmlsec1.log";
  WriteFile(ca, root_->certificate.Pem());
  for (const crypto::SigningKey* key : {rsa_, ec_}) {
    auto prepared = PrepareEnveloped(Package(), key->certificate, key->chain);
    ASSERT_TRUE(prepared) << prepared.error().message();
    ASSERT_EQ(prepared->digest.size(), 32U);
    // Nothing usable leaves the preparation: the value is empty, so it does not verify.
    ASSERT_EQ(Verify(prepared->document).size(), 1U);
    EXPECT_FALSE(Verify(prepared->document)[0].valid);

    auto value = crypto::SignDigest(key->key, prepared->digest);
    ASSERT_TRUE(value);
    auto signed_xml = CompleteEnveloped(prepared->document, *value);
    ASSERT_TRUE(signed_xml) << signed_xml.error().message();
    const auto reports = Verify(*signed_xml);
    ASSERT_EQ(reports.size(), 1U);
    EXPECT_TRUE(reports[0].valid) << reports[0].failure;
    EXPECT_EQ(reports[0].placement, "edXMLHeader");
    ASSERT_TRUE(reports[0].certificate.has_value());
    EXPECT_EQ(*reports[0].certificate, key->certificate);
    const fs::path file = dir.path() / "two-step.xml";
    WriteFile(file, *signed_xml);
    EXPECT_EQ(RunShell(XmlsecVerifyCommand(ca, file), log), 0) << ReadFile(log);
  }
}

TEST_F(XmlSignatureTest, TwoStepAcceptsARawEcdsaValue) {
  auto prepared = PrepareEnveloped(Package(), ec_->certificate, ec_->chain);
  ASSERT_TRUE(prepared);
  auto der = crypto::SignDigest(ec_->key, prepared->digest);
  ASSERT_TRUE(der);
  auto raw = crypto::EcdsaToRaw(*der, 32);  // what a PKCS#11 token's CKM_ECDSA returns
  ASSERT_TRUE(raw);
  auto signed_xml = CompleteEnveloped(prepared->document, *raw);
  ASSERT_TRUE(signed_xml) << signed_xml.error().message();
  EXPECT_TRUE(Verify(*signed_xml)[0].valid);
}

TEST_F(XmlSignatureTest, TwoStepRefusesAValueThatDoesNotMatch) {
  auto prepared = PrepareEnveloped(Package(), rsa_->certificate, rsa_->chain);
  ASSERT_TRUE(prepared);
  // Another key's value over the right digest, and the right key's value over another digest.
  auto other = crypto::SignDigest(ec_->key, prepared->digest);
  std::string digest = prepared->digest;
  digest[5] = static_cast<char>(digest[5] ^ 0x10);
  auto wrong = crypto::SignDigest(rsa_->key, digest);
  ASSERT_TRUE(other && wrong);
  for (const std::string& value : {*other, *wrong, std::string()}) {
    auto signed_xml = CompleteEnveloped(prepared->document, value);
    ASSERT_FALSE(signed_xml);
    EXPECT_EQ(signed_xml.error().code(), ErrorCode::kBadSignature);
  }
  // A document without a pending signature was not prepared here.
  auto value = crypto::SignDigest(rsa_->key, prepared->digest);
  ASSERT_TRUE(value);
  auto unprepared = CompleteEnveloped(Package(), *value);
  ASSERT_FALSE(unprepared);
  EXPECT_EQ(unprepared.error().code(), ErrorCode::kMalformed);
}

// Issue 8: every signature digests the whole document, so their number is bounded (100 copies of
// one signature in a 15 MB document took 22 s), and a CPU budget is checked between them.
TEST_F(XmlSignatureTest, BoundsTheNumberOfSignatures) {
  const std::string once = Sign(Package(), *ec_);
  std::size_t begin = once.find("<ds:Signature");
  std::string close = "</ds:Signature>";
  if (begin == std::string::npos) {
    begin = once.find("<Signature");
    close = "</Signature>";
  }
  ASSERT_NE(begin, std::string::npos);
  const std::size_t end = once.find(close, begin) + close.size();
  const std::string element = once.substr(begin, end - begin);
  ParseLimits limits;
  auto copies = [&](std::size_t n) {
    std::string out = once;
    for (std::size_t i = 1; i < n; ++i) {
      out.insert(end, element);
    }
    return out;
  };
  auto at_limit = VerifySignatures(copies(limits.max_signatures), limits);
  ASSERT_TRUE(at_limit) << at_limit.error().message();
  EXPECT_EQ(at_limit->size(), limits.max_signatures);
  auto over = VerifySignatures(copies(limits.max_signatures + 1), limits);
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code(), ErrorCode::kTooLarge);
}

TEST_F(XmlSignatureTest, ASpentBudgetStopsVerification) {
  const CpuBudget none(std::chrono::milliseconds(0));
  ParseLimits limits;
  limits.budget = &none;
  auto reports = VerifySignatures(Sign(Package(), *ec_), limits);
  ASSERT_FALSE(reports);
  EXPECT_EQ(reports.error().code(), ErrorCode::kTooLarge);
}

}  // namespace
}  // namespace cqdt::xml
