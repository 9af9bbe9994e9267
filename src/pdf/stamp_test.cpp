#include "pdf/stamp.hpp"

#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "pdf/pdf.hpp"
#include "pdf/stamp.hpp"
#include "pdf_internal.hpp"
#include "pdf_test_support.hpp"
#include "stamp_font.hpp"
#include "stamp_test_support.hpp"

namespace cqdt::pdf {
namespace {

using namespace stamp_testing;  // the helpers shared by the stamp tests

TEST(StampTest, FindsNumberAndDateLinesOfOurOwnDocument) {
  auto found = FindNumberAndDatePositions(BlankOutgoingDocument());
  ASSERT_TRUE(found) << found.error().message();
  ASSERT_TRUE(found->number);
  ASSERT_TRUE(found->date);
  EXPECT_EQ(found->number->text, "Số: ......../QĐ-UBND");
  EXPECT_EQ(found->date->text, "An Giang, ngày ....... tháng ....... năm 2026");
  EXPECT_EQ(found->number->page, 1);
  EXPECT_DOUBLE_EQ(found->number->confidence, 1.0);
  EXPECT_DOUBLE_EQ(found->date->confidence, 1.0);
  EXPECT_NEAR(found->number->font_size, 13, 0.01);
  EXPECT_NEAR(found->date->font_size, 14, 0.01);
  // The number line is above the date line, both in the top of an A4 page.
  EXPECT_GT(found->number->baseline, found->date->baseline);
  EXPECT_GT(found->date->baseline, 842 * 0.6);
}

// Placeholders typed as dots: only the dots are covered, the figures written in their place.
TEST(StampTest, DottedPlaceholdersAreCoveredAndSignaturesStayValid) {
  const std::string signed_pdf = LeaderSigns(BlankOutgoingDocument());
  auto found = FindNumberAndDatePositions(signed_pdf);
  ASSERT_TRUE(found) << found.error().message();
  auto stamped =
      StampNumberAndDate(signed_pdf, *found, "05/QĐ-UBND", "An Giang, ngày 05 tháng 02 năm 2026");
  ASSERT_TRUE(stamped) << stamped.error().message();
  EXPECT_EQ(stamped->substr(0, signed_pdf.size()), signed_pdf);
  const std::string sealed = AgencySeals(*stamped);
  if (const char* keep = std::getenv("CQDT_PDF_KEEP_DIR")) {
    test_support::WriteFile(std::filesystem::path(keep) / "stamped.pdf", *stamped);
    test_support::WriteFile(std::filesystem::path(keep) / "stamped-sealed.pdf", sealed);
  }

  std::string out;
  const auto blocks = PdfsigBlocks(sealed, &out);
  ASSERT_EQ(blocks.size(), 2u) << out;
  for (const auto& b : blocks) {
    EXPECT_TRUE(Contains(b, "Signature Validation: Signature is Valid.")) << out;
    EXPECT_TRUE(Contains(b, "Certificate Validation: Certificate is Trusted.")) << out;
  }
  // Dots are part of the page's text: covered on the page, they stay in its text layer, so
  // text extraction reads the new figures beside them, not in their place.
  const std::string text = PdfToText(sealed);
  EXPECT_TRUE(Contains(text, "05")) << text;
  EXPECT_TRUE(Contains(text, "02 năm 2026")) << text;
}

TEST(StampTest, FindsBothLinesOnOneBaselineInTwoColumns) {
  const std::string pdf =
      Decree30Header("Số:      /QĐ-UBND", "An Giang, ngày        tháng        năm 2026");
  auto found = FindNumberAndDatePositions(pdf);
  ASSERT_TRUE(found) << found.error().message();
  ASSERT_TRUE(found->number);
  ASSERT_TRUE(found->date);
  EXPECT_EQ(found->number->text, "Số:      /QĐ-UBND");
  EXPECT_EQ(found->date->text, "An Giang, ngày        tháng        năm 2026");
  EXPECT_NEAR(found->number->baseline, 735, 0.01);
  EXPECT_NEAR(found->date->baseline, 735, 0.01);
  EXPECT_LT(found->number->box.right(), found->date->box.x);
  EXPECT_DOUBLE_EQ(found->number->confidence, 1.0);
  EXPECT_DOUBLE_EQ(found->date->confidence, 1.0);
}

// Decision 0009, "Numbering and signing": the leader signs with the number and date blank, the
// clerk stamps them, the agency seals; both signatures stay valid (pdfsig) and the page's text
// (pdftotext) reads the number and the date. The blanks are spaces, as Word writes them: only
// "05" and "02" are drawn, into them.
TEST(StampTest, LeaderSignsThenStampThenSealAllValid) {
  const std::string signed_pdf = LeaderSigns(
      Decree30Header("Số:      /QĐ-UBND", "An Giang, ngày        tháng        năm 2026"));
  auto found = FindNumberAndDatePositions(signed_pdf);
  ASSERT_TRUE(found) << found.error().message();
  auto stamped =
      StampNumberAndDate(signed_pdf, *found, "05/QĐ-UBND", "An Giang, ngày 05 tháng 02 năm 2026");
  ASSERT_TRUE(stamped) << stamped.error().message();
  const std::string sealed = AgencySeals(*stamped);
  if (const char* keep = std::getenv("CQDT_PDF_KEEP_DIR")) {
    test_support::WriteFile(std::filesystem::path(keep) / "word-header-sealed.pdf", sealed);
  }
  std::string out;
  const auto blocks = PdfsigBlocks(sealed, &out);
  ASSERT_EQ(blocks.size(), 2u) << out;
  for (const auto& b : blocks) {
    EXPECT_TRUE(Contains(b, "Signature Validation: Signature is Valid.")) << out;
  }
  const std::string text = PdfToText(sealed);
  EXPECT_TRUE(Contains(text, "Số: 05/QĐ-UBND")) << text;
  EXPECT_TRUE(Contains(text, "An Giang, ngày 05 tháng 02 năm 2026")) << text;
}

// ISO 32000-1 Table 254: P=1 allows no change at all; P=2 allows filling existing fields and
// signing, not adding annotations. The stamp is refused with a sentence the clerk can act on.
TEST(StampTest, RefusedWhenCertifiedWithNoChangesOrFormFillingOnly) {
  for (int p : {1, 2}) {
    const std::string certified = LeaderSigns(WordHeader(), p);
    auto found = FindNumberAndDatePositions(certified);
    ASSERT_TRUE(found) << found.error().message();
    auto stamped = StampNumberAndDate(certified, *found, kNumber, kDate);
    ASSERT_FALSE(stamped) << "P=" << p;
    EXPECT_EQ(stamped.error().code(), ErrorCode::kFailedPrecondition);
    EXPECT_TRUE(Contains(stamped.error().message(), "ký chứng thực")) << stamped.error().message();
  }
}

// P=3 allows annotations: the stamp goes in and the certification stays valid.
TEST(StampTest, AllowedWhenCertifiedWithAnnotationsAllowed) {
  const std::string certified = LeaderSigns(WordHeader(), 3);
  auto found = FindNumberAndDatePositions(certified);
  ASSERT_TRUE(found);
  auto stamped = StampNumberAndDate(certified, *found, kNumber, kDate);
  ASSERT_TRUE(stamped) << stamped.error().message();
  std::string out;
  const auto blocks = PdfsigBlocks(*stamped, &out);
  ASSERT_EQ(blocks.size(), 1u) << out;
  EXPECT_TRUE(Contains(blocks[0], "Signature Validation: Signature is Valid.")) << out;
  EXPECT_TRUE(Contains(blocks[0], "Not total document signed")) << out;
}

// A scan has no text: the user places the lines (no glyphs), the whole line is covered and
// redrawn, and the signature stays valid.
TEST(StampTest, PositionsPlacedByHandAreCoveredAndRedrawn) {
  const std::string signed_pdf = LeaderSigns(WordHeader());
  NumberAndDatePositions by_hand;
  by_hand.number = TextLocation{};
  by_hand.number->box = Box{100, 730, 120, 18};
  by_hand.date = TextLocation{};
  by_hand.date->box = Box{300, 700, 240, 18};
  auto stamped = StampNumberAndDate(signed_pdf, by_hand, kNumber, kDate);
  ASSERT_TRUE(stamped) << stamped.error().message();
  EXPECT_EQ(stamped->substr(0, signed_pdf.size()), signed_pdf);
  std::string out;
  const auto blocks = PdfsigBlocks(*stamped, &out);
  ASSERT_EQ(blocks.size(), 1u) << out;
  EXPECT_TRUE(Contains(blocks[0], "Signature Validation: Signature is Valid.")) << out;
  const std::string text = PdfToText(*stamped);
  // The date was placed where the page has no text: it reads as written.
  EXPECT_TRUE(Contains(text, kDate)) << text;
  EXPECT_TRUE(Contains(text, "05/QĐ-UBND")) << text;
}

// A line whose text differs from the new one (another year) is not a blank to fill: covered and
// redrawn whole, centred on the old line.
TEST(StampTest, DifferentTextFallsBackToTheWholeLine) {
  const std::string signed_pdf = LeaderSigns(
      Decree30Header("Số:      /QĐ-UBND", "An Giang, ngày        tháng        năm 2025"));
  auto found = FindNumberAndDatePositions(signed_pdf);
  ASSERT_TRUE(found);
  auto stamped = StampNumberAndDate(signed_pdf, *found, kNumber, kDate);
  ASSERT_TRUE(stamped) << stamped.error().message();
  std::string out;
  const auto blocks = PdfsigBlocks(*stamped, &out);
  ASSERT_EQ(blocks.size(), 1u) << out;
  EXPECT_TRUE(Contains(blocks[0], "Signature Validation: Signature is Valid.")) << out;
  EXPECT_TRUE(Contains(PdfToText(*stamped), "Số: 05/QĐ-UBND"));
}

TEST(StampTest, PageWithoutTextIsNotFound) {
  TextDocument blank;
  blank.blocks.push_back({"", 13, false, false, false, 0});
  auto found = FindNumberAndDatePositions(RenderTextDocument(blank).value());
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(Contains(found.error().message(), "Hãy chọn vị trí")) << found.error().message();
}

TEST(StampTest, BodyTextAloneIsNotANumberLine) {
  // "Số lượng" without a colon, "ngày" without "tháng … năm": neither line.
  TextDocument doc;
  doc.blocks.push_back({"Số lượng bản: 05. Ngày làm việc thứ hai.", 13, false, false, false, 0});
  auto found = FindNumberAndDatePositions(RenderTextDocument(doc).value());
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code(), ErrorCode::kNotFound);
}

TEST(StampTest, RejectsMissingPositionsAndBadTexts) {
  const std::string pdf = WordHeader();
  auto found = FindNumberAndDatePositions(pdf);
  ASSERT_TRUE(found);
  auto field_of = [](const Result<std::string>& r) {
    return r ? std::string("ok") : r.error().fields().empty() ? "" : r.error().fields()[0].field;
  };
  NumberAndDatePositions no_date = *found;
  no_date.date.reset();
  EXPECT_EQ(field_of(StampNumberAndDate(pdf, no_date, kNumber, kDate)), "positions.date");
  NumberAndDatePositions far = *found;
  far.number->page = 2;
  EXPECT_EQ(field_of(StampNumberAndDate(pdf, far, kNumber, kDate)), "positions.number.page");
  EXPECT_EQ(field_of(StampNumberAndDate(pdf, *found, "", kDate)), "numberText");
  EXPECT_EQ(field_of(StampNumberAndDate(pdf, *found, "05/QĐ\n-UBND", kDate)), "numberText");
  EXPECT_EQ(field_of(StampNumberAndDate(pdf, *found, kNumber, std::string(201, 'x'))), "dateLine");
  EXPECT_EQ(field_of(StampNumberAndDate(pdf, *found, kNumber, "\xC3")), "dateLine");
  auto malformed = StampNumberAndDate("not a pdf", *found, kNumber, kDate);
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code(), ErrorCode::kMalformed);
}

}  // namespace
}  // namespace cqdt::pdf
