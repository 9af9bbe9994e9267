#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pdf/pdf.hpp"
#include "pdf_test_support.hpp"

namespace cqdt::pdf {
namespace {

using test_support::CmsMatches;
using test_support::OpenSslCms;
using test_support::RunCommand;
using test_support::TempDir;
using test_support::TestPki;

// 2026-11-27T09:15:00+07:00
const TimePoint kSigningTime = FromUnixSeconds(1795745700);

SignatureRequest PersonRequest() {
  SignatureRequest r;
  r.signer_name = "Nguyễn Văn Á";
  r.reason = "Phê duyệt";
  r.location = "Hà Giang";
  r.signing_time = kSigningTime;
  return r;
}

// Runs pdfsig with the test CA trusted; returns its output split per signature.
std::vector<std::string> PdfsigBlocks(const std::string& pdf, std::string* whole = nullptr) {
  TempDir dir;
  const auto file = dir.path() / "doc.pdf";
  test_support::WriteFile(file, pdf);
  const auto r = RunCommand("pdfsig -nssdir " + TestPki::Get().nss_dir() + " " + file.string());
  if (whole != nullptr) {
    *whole = r.output;
  }
  std::vector<std::string> blocks;
  std::size_t pos = r.output.find("Signature #");
  while (pos != std::string::npos) {
    const std::size_t next = r.output.find("Signature #", pos + 1);
    blocks.push_back(r.output.substr(pos, next == std::string::npos ? next : next - pos));
    pos = next;
  }
  return blocks;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(PdfSignTest, InvisibleSignatureIsValidTrustedAndIncremental) {
  const std::string original = test_support::SampleDocument();
  auto signed_pdf = SignPdf(original, PersonRequest(), OpenSslCms(TestPki::Get().person()));
  ASSERT_TRUE(signed_pdf) << signed_pdf.error().message();
  // Incremental: the original is a byte-identical prefix.
  ASSERT_GT(signed_pdf->size(), original.size());
  EXPECT_EQ(signed_pdf->substr(0, original.size()), original);

  auto sigs = ReadSignatures(*signed_pdf);
  ASSERT_TRUE(sigs);
  ASSERT_EQ(sigs->size(), 1u);
  const PdfSignatureInfo& s = sigs->front();
  EXPECT_EQ(s.field_name, "Signature1");
  EXPECT_EQ(s.filter, "Adobe.PPKLite");
  EXPECT_EQ(s.sub_filter, "ETSI.CAdES.detached");
  EXPECT_EQ(s.signer_name, "Nguyễn Văn Á");
  EXPECT_EQ(s.reason, "Phê duyệt");
  EXPECT_EQ(s.location, "Hà Giang");
  ASSERT_TRUE(s.claimed_time);
  EXPECT_EQ(*s.claimed_time, kSigningTime);
  EXPECT_FALSE(s.page);  // invisible
  EXPECT_TRUE(s.byte_range_valid);
  EXPECT_TRUE(s.covers_whole_document);
  EXPECT_EQ(s.appended_bytes, 0);
  EXPECT_FALSE(s.certification_permissions);
  EXPECT_TRUE(CmsMatches(s.contents, SignedBytes(*signed_pdf, s)));
  EXPECT_TRUE(Contains(*signed_pdf, "/SigFlags 3"));

  std::string out;
  const auto blocks = PdfsigBlocks(*signed_pdf, &out);
  ASSERT_EQ(blocks.size(), 1u) << out;
  EXPECT_TRUE(Contains(blocks[0], "Signature Validation: Signature is Valid.")) << out;
  EXPECT_TRUE(Contains(blocks[0], "Certificate Validation: Certificate is Trusted.")) << out;
  EXPECT_TRUE(Contains(blocks[0], "Total document signed")) << out;
  EXPECT_TRUE(Contains(blocks[0], "ETSI.CAdES.detached")) << out;
}

// Decree 30/2020 Appendix I: the competent person signs (blue signature image), then the clerk
// adds the agency signature (red seal overlapping the left third of the signature image).
std::string SignPersonThenAgency(const std::string& original) {
  SignatureRequest person = PersonRequest();
  person.appearance = SignatureAppearance{};
  person.appearance->page = 1;
  person.appearance->x = 340;
  person.appearance->y = 560;
  person.appearance->width = 180;
  person.appearance->height = 110;
  person.appearance->image_png = test_support::Testdata("signature_blue.png");
  person.appearance->lines = {"Nguyễn Văn Á, Sở Nội vụ, 2026-11-27T09:15:00+07:00"};
  person.appearance->font_size = 7;
  auto first = SignPdf(original, person, OpenSslCms(TestPki::Get().person()));
  EXPECT_TRUE(first) << first.error().message();
  if (!first) {
    return {};
  }
  SignatureRequest agency;
  agency.signer_name = "Sở Nội vụ";
  agency.reason = "Phát hành";
  agency.signing_time = kSigningTime + std::chrono::minutes(30);
  agency.appearance = SignatureAppearance{};
  agency.appearance->page = 0;  // last page
  agency.appearance->x = 300;
  agency.appearance->y = 565;
  agency.appearance->width = 100;
  agency.appearance->height = 100;
  agency.appearance->image_png = test_support::Testdata("seal_red.png");
  auto second = SignPdf(*first, agency, OpenSslCms(TestPki::Get().agency()));
  EXPECT_TRUE(second) << second.error().message();
  if (!second) {
    return {};
  }
  EXPECT_EQ(second->substr(0, first->size()), *first);
  return *second;
}

TEST(PdfSignTest, PersonThenAgencyBothValidInPdfsig) {
  const std::string original = test_support::SampleDocument();
  const std::string both = SignPersonThenAgency(original);
  ASSERT_FALSE(both.empty());
  if (const char* keep = std::getenv("CQDT_PDF_KEEP_DIR")) {
    test_support::WriteFile(std::filesystem::path(keep) / "two-signatures.pdf", both);
  }
  EXPECT_EQ(both.substr(0, original.size()), original);

  auto sigs = ReadSignatures(both);
  ASSERT_TRUE(sigs);
  ASSERT_EQ(sigs->size(), 2u);
  EXPECT_EQ((*sigs)[0].field_name, "Signature1");
  EXPECT_EQ((*sigs)[1].field_name, "Signature2");
  EXPECT_EQ((*sigs)[0].page, 1);
  EXPECT_EQ((*sigs)[1].page, 1);
  EXPECT_TRUE((*sigs)[0].byte_range_valid);
  EXPECT_FALSE((*sigs)[0].covers_whole_document);
  EXPECT_GT((*sigs)[0].appended_bytes, 0);
  EXPECT_TRUE((*sigs)[1].covers_whole_document);
  for (const auto& s : *sigs) {
    EXPECT_TRUE(CmsMatches(s.contents, SignedBytes(both, s))) << s.field_name;
  }

  std::string out;
  const auto blocks = PdfsigBlocks(both, &out);
  ASSERT_EQ(blocks.size(), 2u) << out;
  for (const auto& b : blocks) {
    EXPECT_TRUE(Contains(b, "Signature Validation: Signature is Valid.")) << out;
    EXPECT_TRUE(Contains(b, "Certificate Validation: Certificate is Trusted.")) << out;
  }
  EXPECT_TRUE(Contains(blocks[0], "Not total document signed")) << out;
  EXPECT_TRUE(Contains(blocks[1], "Total document signed")) << out;
  EXPECT_FALSE(Contains(blocks[1], "Not total document signed")) << out;
}

TEST(PdfSignTest, VisibleVietnameseTextIsExtractable) {
  const std::string both = SignPersonThenAgency(test_support::SampleDocument());
  ASSERT_FALSE(both.empty());
  TempDir dir;
  test_support::WriteFile(dir.path() / "s.pdf", both);
  const auto r = RunCommand("pdftotext " + (dir.path() / "s.pdf").string() + " -");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(Contains(r.output, "Nguyễn Văn Á, Sở Nội vụ, 2026-11-27T09:15:00+07:00")) << r.output;
  // The font is a subset, embedded.
  const auto fonts = RunCommand("pdffonts " + (dir.path() / "s.pdf").string());
  EXPECT_TRUE(Contains(fonts.output, "LiberationSerif")) << fonts.output;
  EXPECT_FALSE(Contains(fonts.output, " no  ")) << fonts.output;
}

TEST(PdfSignTest, ChangedByteInSignedRangeIsDetected) {
  auto signed_pdf =
      SignPdf(test_support::SampleDocument(), PersonRequest(), OpenSslCms(TestPki::Get().person()));
  ASSERT_TRUE(signed_pdf);
  std::string tampered = *signed_pdf;
  const auto at = tampered.find("/Creator(cqdt)");
  ASSERT_NE(at, std::string::npos);
  tampered[at + 9] = 'X';

  std::string out;
  const auto blocks = PdfsigBlocks(tampered, &out);
  ASSERT_EQ(blocks.size(), 1u) << out;
  EXPECT_FALSE(Contains(blocks[0], "Signature is Valid.")) << out;

  auto sigs = ReadSignatures(tampered);
  ASSERT_TRUE(sigs);
  ASSERT_EQ(sigs->size(), 1u);
  EXPECT_TRUE(sigs->front().byte_range_valid);
  EXPECT_FALSE(CmsMatches(sigs->front().contents, SignedBytes(tampered, sigs->front())));
  EXPECT_TRUE(CmsMatches(sigs->front().contents, SignedBytes(*signed_pdf, sigs->front())));
}

TEST(PdfSignTest, AppendedBytesAreReported) {
  auto signed_pdf =
      SignPdf(test_support::SampleDocument(), PersonRequest(), OpenSslCms(TestPki::Get().person()));
  ASSERT_TRUE(signed_pdf);
  const std::string extra = "\n% appended after signing\n";
  auto sigs = ReadSignatures(*signed_pdf + extra);
  ASSERT_TRUE(sigs);
  ASSERT_EQ(sigs->size(), 1u);
  EXPECT_TRUE(sigs->front().byte_range_valid);
  EXPECT_FALSE(sigs->front().covers_whole_document);
  EXPECT_EQ(sigs->front().appended_bytes, static_cast<std::int64_t>(extra.size()));
}

TEST(PdfSignTest, CertificationSignatureCarriesDocMdp) {
  SignatureRequest r = PersonRequest();
  r.certify_permissions = 2;
  auto certified = SignPdf(test_support::SampleDocument(), r, OpenSslCms(TestPki::Get().person()));
  ASSERT_TRUE(certified) << certified.error().message();
  EXPECT_TRUE(Contains(*certified, "/Perms"));
  auto sigs = ReadSignatures(*certified);
  ASSERT_TRUE(sigs);
  ASSERT_EQ(sigs->size(), 1u);
  EXPECT_EQ(sigs->front().certification_permissions, 2);
  std::string out;
  const auto blocks = PdfsigBlocks(*certified, &out);
  ASSERT_EQ(blocks.size(), 1u) << out;
  EXPECT_TRUE(Contains(blocks[0], "Signature Validation: Signature is Valid.")) << out;

  // A second certification is refused; an approval signature (P=2 allows it) is not.
  auto again = SignPdf(*certified, r, OpenSslCms(TestPki::Get().agency()));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::kFailedPrecondition);
  auto approval = SignPdf(*certified, PersonRequest(), OpenSslCms(TestPki::Get().agency()));
  ASSERT_TRUE(approval);
  auto both = ReadSignatures(*approval);
  ASSERT_TRUE(both);
  ASSERT_EQ(both->size(), 2u);
  EXPECT_EQ((*both)[0].certification_permissions, 2);
  EXPECT_FALSE((*both)[1].certification_permissions);
}

TEST(PdfSignTest, CertificationWithNoChangesRefusesFurtherSignatures) {
  SignatureRequest r = PersonRequest();
  r.certify_permissions = 1;
  auto certified = SignPdf(test_support::SampleDocument(), r, OpenSslCms(TestPki::Get().person()));
  ASSERT_TRUE(certified);
  auto next = SignPdf(*certified, PersonRequest(), OpenSslCms(TestPki::Get().agency()));
  ASSERT_FALSE(next);
  EXPECT_EQ(next.error().code(), ErrorCode::kFailedPrecondition);
}

TEST(PdfSignTest, RejectsPageThatDoesNotExist) {
  SignatureRequest r = PersonRequest();
  r.appearance = SignatureAppearance{};
  r.appearance->page = 5;
  r.appearance->width = 100;
  r.appearance->height = 50;
  auto result = SignPdf(test_support::SampleDocument(), r, OpenSslCms(TestPki::Get().person()));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::kInvalidArgument);
  ASSERT_EQ(result.error().fields().size(), 1u);
  EXPECT_EQ(result.error().fields()[0].field, "appearance.page");
}

TEST(PdfSignTest, RejectsDuplicateFieldNameAndBadPng) {
  auto first =
      SignPdf(test_support::SampleDocument(), PersonRequest(), OpenSslCms(TestPki::Get().person()));
  ASSERT_TRUE(first);
  SignatureRequest r = PersonRequest();
  r.field_name = "Signature1";
  auto dup = SignPdf(*first, r, OpenSslCms(TestPki::Get().agency()));
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code(), ErrorCode::kInvalidArgument);

  r.field_name = "";
  r.appearance = SignatureAppearance{};
  r.appearance->width = 100;
  r.appearance->height = 50;
  r.appearance->image_png = "not a png";
  auto bad = SignPdf(*first, r, OpenSslCms(TestPki::Get().agency()));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
}

TEST(PdfSignTest, CmsLargerThanReserveIsTooLarge) {
  SignatureRequest r = PersonRequest();
  r.contents_reserve = 256;
  auto result = SignPdf(test_support::SampleDocument(), r, OpenSslCms(TestPki::Get().person()));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::kTooLarge);
}

TEST(PdfSignTest, CmsMakerErrorIsReturnedAsIs) {
  auto result = SignPdf(
      test_support::SampleDocument(), PersonRequest(), [](std::string_view) -> Result<std::string> {
        return Error::Unavailable("Không kết nối được máy chủ cấp dấu thời gian.");
      });
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::kUnavailable);
}

TEST(PdfSignTest, MalformedInputIsRejected) {
  auto result = SignPdf("hello", PersonRequest(), OpenSslCms(TestPki::Get().person()));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::kMalformed);
}

TEST(PdfSignTest, SignsLastPageOfFiftyPageDocument) {
  const std::string original = test_support::SampleDocument(50);
  SignatureRequest r = PersonRequest();
  r.appearance = SignatureAppearance{};
  r.appearance->page = 0;
  r.appearance->x = 340;
  r.appearance->y = 100;
  r.appearance->width = 180;
  r.appearance->height = 90;
  r.appearance->image_png = test_support::Testdata("signature_blue.png");
  r.appearance->lines = {"Nguyễn Văn Á"};
  auto signed_pdf = SignPdf(original, r, OpenSslCms(TestPki::Get().person()));
  ASSERT_TRUE(signed_pdf) << signed_pdf.error().message();
  EXPECT_EQ(signed_pdf->substr(0, original.size()), original);
  auto sigs = ReadSignatures(*signed_pdf);
  ASSERT_TRUE(sigs);
  ASSERT_EQ(sigs->size(), 1u);
  EXPECT_EQ(sigs->front().page, 50);
  if (const char* keep = std::getenv("CQDT_PDF_KEEP_DIR")) {
    test_support::WriteFile(std::filesystem::path(keep) / "fifty-pages.pdf", *signed_pdf);
  }
  std::string out;
  const auto blocks = PdfsigBlocks(*signed_pdf, &out);
  ASSERT_EQ(blocks.size(), 1u) << out;
  EXPECT_TRUE(Contains(blocks[0], "Signature Validation: Signature is Valid.")) << out;
  EXPECT_TRUE(Contains(blocks[0], "Total document signed")) << out;
}

}  // namespace
}  // namespace cqdt::pdf
