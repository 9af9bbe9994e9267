// Issue 8, item 23: the verification report PDF printed codes (TOTAL_PASSED, valid), raw byte
// counts and ISO times, had no agency header, was not sealed, and called an unsigned PDF
// "INDETERMINATE". These tests read the PDF back with pdftotext and verify the sealed report.
#include "signing/verification_report.hpp"

#include <cstdio>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "crypto/pki.hpp"
#include "crypto/test_files.hpp"
#include "crypto/test_pki.hpp"
#include "pdf/pdf.hpp"
#include "signing/signing_service.hpp"

namespace cqdt::signing {
namespace {

using crypto::CertificateKind;
using crypto::SigningKey;
using crypto::testing::TempDir;

const TimePoint kNow = FromUnixSeconds(1795745700);  // 2026-11-27T09:15:00+07:00

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string Run(const std::string& command) {
  std::string out;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    return out;
  }
  char buf[4096];
  for (std::size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) {
    out.append(buf, n);
  }
  pclose(pipe);
  return out;
}

// pdftotext of `pdf`, lines joined as they come (a label and its value stay on one line).
std::string PdfText(const std::string& pdf) {
  TempDir dir("cqdt-report-");
  crypto::testing::WriteFile(dir.Path("r.pdf"), pdf);
  return Run("pdftotext -enc UTF-8 '" + dir.Path("r.pdf") + "' -");
}

struct Pki {
  SigningKey root =
      crypto::testing::IssueTestCertificate(CertificateKind::kRootCa, "cqdt Test Root CA", nullptr);
  SigningKey seal = crypto::testing::IssueTestCertificate(
      CertificateKind::kSeal, "Sở Nội vụ tỉnh Mẫu", &root, {.organization = "Sở Nội vụ tỉnh Mẫu"});
  static const Pki& Get() {
    static const Pki* pki = new Pki();
    return *pki;
  }
};

std::string SampleDocument() {
  pdf::TextDocument doc;
  doc.blocks.push_back({"QUYẾT ĐỊNH", 14, true, false, true, 6});
  return pdf::RenderTextDocument(doc).value();
}

VerificationReport Verify(const std::string& bytes, const crypto::TrustStore& store) {
  FakeClock clock(kNow);
  Verifier verifier(clock);
  TrustContext trust{.documents = &store};
  return verifier.Verify(bytes, "quyet-dinh.pdf", trust).value();
}

crypto::TrustStore Store() {
  crypto::TrustStore store;
  store.AddAnchor(Pki::Get().root.certificate);
  store.AddCrl(crypto::IssueCrl(Pki::Get().root, {}, kNow - std::chrono::hours(24),
                                kNow + std::chrono::hours(24 * 30))
                   .value());
  return store;
}

std::string SealedSample() {
  PdfSignOptions o;
  o.style = AppearanceStyle::kNone;
  o.signing_time = kNow - std::chrono::hours(1);
  return SignPdfWithKey(SampleDocument(), Pki::Get().seal, o).value();
}

TEST(ReportLabelsTest, SpeakToPeople) {
  EXPECT_EQ(HumanSize(0), "0 byte");
  EXPECT_EQ(HumanSize(1023), "1023 byte");
  EXPECT_EQ(HumanSize(1536), "1,5 KB");
  EXPECT_EQ(HumanSize(20 * 1024 * 1024), "20 MB");
  EXPECT_EQ(VietnamTimeLabel(kNow), "27/11/2026 09:15:00 (giờ Việt Nam, UTC+7)");
  EXPECT_EQ(IndicationLabel(Indication::kTotalPassed), "Hợp lệ");
  EXPECT_EQ(IndicationLabel(Indication::kTotalFailed), "Không hợp lệ");
  EXPECT_EQ(SubIndicationLabel("HASH_FAILURE"), "Nội dung tệp đã bị thay đổi sau khi ký.");
  EXPECT_EQ(SubIndicationLabel("SOMETHING_NEW"), "");
  EXPECT_EQ(CertificateStatusLabel("valid"), "Còn hiệu lực");
  VerificationReport unsigned_file;
  EXPECT_EQ(VerdictLabel(unsigned_file), "Tệp không có chữ ký số");
}

TEST(ReportPdfTest, IsWrittenForAPersonUnderTheAgencyHeader) {
  auto report = Verify(SealedSample(), Store());
  ASSERT_EQ(report.indication, Indication::kTotalPassed);
  auto pdf =
      ReportPdf(report, {.parent_agency = "Ủy ban nhân dân tỉnh Mẫu", .agency = "Sở Nội vụ"});
  ASSERT_TRUE(pdf) << pdf.error().message();
  const std::string text = PdfText(*pdf);
  EXPECT_TRUE(Contains(text, "ỦY BAN NHÂN DÂN TỈNH MẪU")) << text;
  EXPECT_TRUE(Contains(text, "SỞ NỘI VỤ")) << text;
  EXPECT_TRUE(Contains(text, "Kết luận: Hợp lệ — 1 chữ ký")) << text;
  EXPECT_TRUE(Contains(text, "Người ký: Sở Nội vụ tỉnh Mẫu")) << text;
  EXPECT_TRUE(Contains(text, "Tổ chức cấp chứng thư số: cqdt Test Root CA")) << text;
  EXPECT_TRUE(Contains(text, "Tình trạng chứng thư số: Còn hiệu lực")) << text;
  EXPECT_TRUE(Contains(text, "(giờ Việt Nam, UTC+7)")) << text;
  EXPECT_TRUE(Contains(text, "Dung lượng: " + HumanSize(report.file_size))) << text;
  EXPECT_TRUE(Contains(text, "Báo cáo này không được ký số.")) << text;
  // No codes, no raw byte count, no ISO 8601 times.
  for (const char* code :
       {"TOTAL_PASSED", "INDETERMINATE", "TOTAL_FAILED", "valid —", " byte,", "+07:00", "T09:"}) {
    EXPECT_FALSE(Contains(text, code)) << code << "\n" << text;
  }
  EXPECT_FALSE(Contains(text, std::to_string(report.file_size) + " byte")) << text;
}

TEST(ReportPdfTest, FailuresSayWhyInWords) {
  std::string bytes = SealedSample();
  // A byte of the header's binary comment, inside the signed range: the digest no longer matches.
  ASSERT_EQ(bytes[9], '%');
  bytes[10] = static_cast<char>(bytes[10] ^ 1);
  auto report = Verify(bytes, Store());
  ASSERT_EQ(report.indication, Indication::kTotalFailed);
  const std::string text = PdfText(ReportPdf(report).value());
  EXPECT_TRUE(Contains(text, "Kết luận: Không hợp lệ")) << text;
  EXPECT_TRUE(Contains(text, "Lý do: Nội dung tệp đã bị thay đổi sau khi ký.")) << text;
  EXPECT_FALSE(Contains(text, "HASH_FAILURE")) << text;
}

TEST(ReportPdfTest, AnUnsignedFileSaysSo) {
  auto report = Verify(SampleDocument(), Store());
  ASSERT_TRUE(report.signatures.empty());
  const std::string text = PdfText(ReportPdf(report).value());
  EXPECT_TRUE(Contains(text, "Kết luận: Tệp không có chữ ký số.")) << text;
  EXPECT_FALSE(Contains(text, "Chưa xác định")) << text;
  EXPECT_FALSE(Contains(text, "0 chữ ký")) << text;
}

// The report is itself a signed PDF that the verifier (and pdfsig, in tests/api) accepts.
TEST(ReportWriterTest, SealsTheReportWithTheConfiguredSeal) {
  TempDir dir("cqdt-report-keys-");
  crypto::testing::WriteFile(dir.Path("seal.p12"),
                             crypto::MakePkcs12(Pki::Get().seal, "", "seal").value());
  crypto::testing::WriteFile(dir.Path("keys.toml"),
                             "[[key]]\nid = \"seal-mau\"\nkind = \"seal\"\nowner = "
                             "\"000.00.01.H99\"\nsource = \"seal.p12\"\n\n"
                             "[[key]]\nid = \"ca-nhan\"\nkind = \"personal\"\nowner = \"a\"\n"
                             "source = \"seal.p12\"\nask_secret = true\n");
  auto ring = KeyRing::LoadFile(dir.Path("keys.toml"));
  ASSERT_TRUE(ring) << ring.error().message();
  FakeClock clock(kNow);
  audit::AuditLog audit(clock);
  org::AgencyService agencies(audit, clock);

  EXPECT_FALSE(ReportWriter(**ring, agencies, clock, "khong-co").Check());
  auto personal = ReportWriter(**ring, agencies, clock, "ca-nhan").Check();
  ASSERT_FALSE(personal);
  EXPECT_EQ(personal.error().fields()[0].field, "signing.report_seal_key");
  EXPECT_TRUE(ReportWriter(**ring, agencies, clock, "").Check());

  ReportWriter writer(**ring, agencies, clock, "seal-mau");
  ASSERT_TRUE(writer.Check());
  auto report = Verify(SealedSample(), Store());
  auto sealed = writer.Pdf(report, {.parent_agency = "", .agency = "Sở Nội vụ tỉnh Mẫu"});
  ASSERT_TRUE(sealed) << sealed.error().message();
  auto check = Verify(*sealed, Store());
  ASSERT_EQ(check.signatures.size(), 1u);
  EXPECT_EQ(check.indication, Indication::kTotalPassed) << check.conclusion;
  EXPECT_EQ(check.signatures[0].signer->common_name, "Sở Nội vụ tỉnh Mẫu");
  const std::string text = PdfText(*sealed);
  EXPECT_TRUE(Contains(text, "được ký số bằng chữ ký số của Sở Nội vụ tỉnh Mẫu")) << text;
  EXPECT_TRUE(Contains(text, Pki::Get().seal.certificate.SerialHex())) << text;
}

}  // namespace
}  // namespace cqdt::signing
