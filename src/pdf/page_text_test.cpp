#include "page_text.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/cpu_budget.hpp"
#include "pdf/stamp.hpp"
#include "pdf_internal.hpp"
#include "pdf_test_support.hpp"

namespace cqdt::pdf {
namespace {

// Tm, TJ with offsets for the blanks, cm inside q/Q, and an upside-down "Số:" lower down that must
// not count (only upright text is read).
const char kContent[] =
    "BT /F1 13 Tf 1 0 0 1 100 735 Tm [(S\200:) -2000 (/Q\201-UBND)] TJ ET\n"
    "q 1 0 0 1 10 0 cm\n"
    "BT /F1 14 Tf 330 735 Td [(H\202 N\203i, ng\202y) -3000 (th\204ng) -3000 (n\205m 2026)] TJ ET\n"
    "Q\n"
    "BT /F1 13 Tf 1 0 0 -1 40 300 Tm (S\200: 99/X-Y) Tj ET\n";

TEST(PageTextTest, ReadsSimpleFontWithToUnicodeAndTjOffsets) {
  auto found = FindNumberAndDatePositions(test_support::HandWrittenPdf(kContent));
  ASSERT_TRUE(found) << found.error().message();
  ASSERT_TRUE(found->number);
  ASSERT_TRUE(found->date);
  EXPECT_EQ(found->number->text, "Số: /QĐ-UBND");
  EXPECT_EQ(found->date->text, "Hà Nội, ngày tháng năm 2026");
  EXPECT_NEAR(found->number->box.x, 100, 0.01);
  EXPECT_NEAR(found->date->box.x, 340, 0.01);  // 330 + the cm's 10
  EXPECT_NEAR(found->date->baseline, 735, 0.01);
  EXPECT_NEAR(found->date->font_size, 14, 0.01);
  // The upside-down "Số:" is not a second candidate.
  EXPECT_DOUBLE_EQ(found->number->confidence, 1.0);
  // Standard 14 font without /Widths: half an em per glyph ("Số:" then 2 em of blank).
  ASSERT_GE(found->number->glyphs.size(), 4u);
  EXPECT_NEAR(found->number->glyphs[3].x, 100 + 3 * 6.5 + 26, 0.01);
}

TEST(PageTextTest, HostileCMapRangesAreBounded) {
  // A bfrange over four billion codes and an unbalanced q stack: bounded, no crash.
  std::string content = "BT /F1 13 Tf 100 700 Td (S\200: 1/A-B) Tj ET\n";
  for (int i = 0; i < 1000; ++i) {
    content += "q ";
  }
  content += "\n";
  std::string pdf = test_support::HandWrittenPdf(content);
  const std::string range = "<84> <85> [<00E1> <0103>]";
  const auto at = pdf.find(range);
  ASSERT_NE(at, std::string::npos);
  // Same length, so the xref offsets and /Length stay right.
  pdf.replace(at, range.size(), "<00000000> <FFFFFFFF><41>");
  auto found = FindNumberAndDatePositions(pdf);
  ASSERT_TRUE(found) << found.error().message();
  ASSERT_TRUE(found->number);
}

// A page whose content inflates past kMaxPageContentBytes (12 MB of path operators, a few KB
// compressed) is refused as too large, not read.
TEST(PageTextTest, ContentLargerThanTheLimitIsTooLarge) {
  using namespace PoDoFo;
  internal::InitPodofo();
  PdfMemDocument doc;
  PdfPage* page = doc.CreatePage(PdfPage::CreateStandardPageSize(ePdfPageSize_A4));
  std::string content;
  while (content.size() < (12u << 20)) {
    content += "0 0 m\n";
  }
  page->GetContents()->GetStream()->Set(content.data(), static_cast<pdf_long>(content.size()));
  PdfRefCountedBuffer buffer;
  PdfOutputDevice device(&buffer);
  doc.Write(&device);
  const std::string pdf(buffer.GetBuffer(), device.GetLength());
  ASSERT_LT(pdf.size(), 1u << 20);
  CpuBudget budget(std::chrono::seconds(5));
  auto found = FindNumberAndDatePositions(pdf, budget);
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code(), ErrorCode::kTooLarge) << found.error().message();
}

}  // namespace
}  // namespace cqdt::pdf
