#include <string>

#include <gtest/gtest.h>

#include "pdf/pdf.hpp"
#include "pdf_internal.hpp"
#include "pdf_test_support.hpp"

namespace cqdt::pdf {
namespace {

using test_support::OpenSslCms;
using test_support::RunCommand;
using test_support::TempDir;
using test_support::TestPki;

TEST(PdfReadTest, GarbageIsMalformed) {
  for (const std::string& input :
       {std::string(), std::string("hello world"),
        std::string("%PDF-1.7\n garbage garbage garbage\n%%EOF"), std::string(10000, '\xff')}) {
    auto r = ReadSignatures(input);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), ErrorCode::kMalformed);
    EXPECT_EQ(r.error().message(), "Tệp không phải PDF hợp lệ.");
  }
}

TEST(PdfReadTest, UnsignedDocumentHasNoSignatures) {
  auto r = ReadSignatures(test_support::SampleDocument());
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->empty());
}

TEST(PdfReadTest, ForgedByteRangeOutsideTheFileIsInvalid) {
  SignatureRequest req;
  req.signing_time = FromUnixSeconds(1795745700);
  auto signed_pdf =
      SignPdf(test_support::SampleDocument(), req, OpenSslCms(TestPki::Get().person()));
  ASSERT_TRUE(signed_pdf);
  // PoDoFo pads the ByteRange array to a fixed width, so a forged one fits in its place.
  std::string forged = *signed_pdf;
  const auto at = forged.find("/ByteRange[");
  ASSERT_NE(at, std::string::npos);
  const auto start = at + 10;
  const auto end = forged.find(']', start);
  std::string fake = "[0 10 99999999 99999999";
  ASSERT_LT(fake.size(), end - start);
  fake.resize(end - start, ' ');
  forged.replace(start, end - start, fake);

  auto sigs = ReadSignatures(forged);
  ASSERT_TRUE(sigs);
  ASSERT_EQ(sigs->size(), 1u);
  EXPECT_EQ(sigs->front().byte_range, (std::vector<std::int64_t>{0, 10, 99999999, 99999999}));
  EXPECT_FALSE(sigs->front().byte_range_valid);
  EXPECT_FALSE(sigs->front().covers_whole_document);
  EXPECT_TRUE(SignedBytes(forged, sigs->front()).empty());
  // SignedBytes re-checks the offsets even for a caller-made info.
  PdfSignatureInfo lie = sigs->front();
  lie.byte_range_valid = true;
  EXPECT_TRUE(SignedBytes(forged, lie).empty());
}

TEST(PdfReadTest, ByteRangeWhoseGapIsNotTheContentsIsInvalid) {
  SignatureRequest req;
  auto signed_pdf =
      SignPdf(test_support::SampleDocument(), req, OpenSslCms(TestPki::Get().person()));
  ASSERT_TRUE(signed_pdf);
  auto good = ReadSignatures(*signed_pdf);
  ASSERT_TRUE(good);
  ASSERT_EQ(good->size(), 1u);
  ASSERT_TRUE(good->front().byte_range_valid);
  // Shift the gap by two bytes: still inside the file, but the gap no longer is the hex string.
  const auto& br = good->front().byte_range;
  std::string forged = *signed_pdf;
  const auto at = forged.find("/ByteRange[");
  const auto start = at + 10;
  const auto end = forged.find(']', start);
  std::string fake = "[0 " + std::to_string(br[1] + 2) + " " + std::to_string(br[2] + 2) + " " +
                     std::to_string(br[3] - 2);
  fake.resize(end - start, ' ');
  forged.replace(start, end - start, fake);
  auto sigs = ReadSignatures(forged);
  ASSERT_TRUE(sigs);
  ASSERT_EQ(sigs->size(), 1u);
  EXPECT_FALSE(sigs->front().byte_range_valid);
}

TEST(PdfReadTest, ReadsSignatureMadeByPdfsig) {
  TestPki& pki = TestPki::Get();
  if (!pki.nss_has_person_key()) {
    GTEST_SKIP() << "pk12util could not import the test key into NSS";
  }
  TempDir dir;
  const auto in = dir.path() / "in.pdf";
  const auto out = dir.path() / "out.pdf";
  test_support::WriteFile(in, test_support::SampleDocument());
  const auto r = RunCommand("pdfsig -nssdir " + pki.nss_dir() +
                            " -add-signature -nick person -reason 'Phe duyet'"
                            " -new-signature-field-name PopplerSig " +
                            in.string() + " " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string pdf = test_support::ReadFile(out);
  auto sigs = ReadSignatures(pdf);
  ASSERT_TRUE(sigs) << sigs.error().message();
  ASSERT_EQ(sigs->size(), 1u);
  const PdfSignatureInfo& s = sigs->front();
  EXPECT_EQ(s.field_name, "PopplerSig");
  // poppler 22.12 refuses `-etsi` together with `-add-signature`.
  EXPECT_EQ(s.sub_filter, "adbe.pkcs7.detached");
  EXPECT_EQ(s.reason, "Phe duyet");
  EXPECT_TRUE(s.byte_range_valid);
  EXPECT_TRUE(s.covers_whole_document);
  EXPECT_TRUE(test_support::CmsMatches(s.contents, SignedBytes(pdf, s)));

  // ...and our signature can follow poppler's.
  SignatureRequest next;
  next.signer_name = "Sở Nội vụ";
  auto both = SignPdf(pdf, next, OpenSslCms(pki.agency()));
  ASSERT_TRUE(both) << both.error().message();
  auto two = ReadSignatures(*both);
  ASSERT_TRUE(two);
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[0].field_name, "PopplerSig");
  EXPECT_FALSE((*two)[0].covers_whole_document);
  EXPECT_TRUE((*two)[1].covers_whole_document);
  EXPECT_TRUE(test_support::CmsMatches((*two)[0].contents, SignedBytes(*both, (*two)[0])));
}

TEST(PdfReadTest, ParsesPdfDates) {
  using internal::ParsePdfDate;
  EXPECT_EQ(ParsePdfDate("D:20261127091500+07'00'"), FromUnixSeconds(1795745700));
  EXPECT_EQ(ParsePdfDate("D:20261127021500Z"), FromUnixSeconds(1795745700));
  EXPECT_EQ(ParsePdfDate("D:20261127021500"), FromUnixSeconds(1795745700));
  EXPECT_EQ(ParsePdfDate("D:20261126211500-05'00"), FromUnixSeconds(1795745700));
  // Past what a TimePoint holds (1677 to 2262): no date, not an overflow (found by fuzzing).
  EXPECT_EQ(ParsePdfDate("D:62200101000000Z"), std::nullopt);
  EXPECT_EQ(ParsePdfDate("D:99991231235959Z"), std::nullopt);
  EXPECT_EQ(ParsePdfDate("D:00010101000000Z"), std::nullopt);
  EXPECT_EQ(ParsePdfDate("D:22600101000000Z"), FromUnixSeconds(9151488000));
  EXPECT_EQ(ParsePdfDate("D:2026"), FromUnixSeconds(1767225600));
  EXPECT_FALSE(ParsePdfDate("D:20261327091500+07'00'"));
  EXPECT_FALSE(ParsePdfDate("yesterday"));
  EXPECT_FALSE(ParsePdfDate(""));
  EXPECT_EQ(internal::PdfDate(FromUnixSeconds(1795745700)), "D:20261127091500+07'00'");
}

TEST(PdfReadTest, PageSizesOfGarbageIsMalformed) {
  auto r = PageSizes("not a pdf");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kMalformed);
}

}  // namespace
}  // namespace cqdt::pdf
