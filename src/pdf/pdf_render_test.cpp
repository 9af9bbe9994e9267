#include <string>

#include <gtest/gtest.h>

#include "pdf/pdf.hpp"
#include "pdf_test_support.hpp"

namespace cqdt::pdf {
namespace {

using test_support::RunCommand;
using test_support::TempDir;

std::string PdfToText(const std::string& pdf, const std::string& extra = "") {
  TempDir dir;
  test_support::WriteFile(dir.path() / "d.pdf", pdf);
  return RunCommand("pdftotext " + extra + " " + (dir.path() / "d.pdf").string() + " -").output;
}

TEST(PdfRenderTest, A4PagesPaddedToMinimum) {
  TextDocument doc;
  doc.blocks.push_back({"Một dòng.", 13, false, false, false, 6});
  doc.minimum_pages = 3;
  auto pdf = RenderTextDocument(doc);
  ASSERT_TRUE(pdf) << pdf.error().message();
  auto sizes = PageSizes(*pdf);
  ASSERT_TRUE(sizes);
  ASSERT_EQ(sizes->size(), 3u);
  for (const auto& [w, h] : *sizes) {
    EXPECT_NEAR(w, 595.3, 1.0);
    EXPECT_NEAR(h, 841.9, 1.0);
  }
}

TEST(PdfRenderTest, WrapsVietnameseTextAndNumbersPagesFromTwo) {
  TextDocument doc;
  doc.title = "Báo cáo tổng hợp";
  doc.author = "Sở Nội vụ";
  doc.blocks.push_back({"BÁO CÁO", 14, true, false, true, 12});
  std::string para;
  for (int i = 0; i < 400; ++i) {
    para += "Cơ quan, tổ chức tiếp nhận hồ sơ và giải quyết thủ tục hành chính đúng hạn. ";
  }
  doc.blocks.push_back({para, 13, false, false, false, 6});
  doc.blocks.push_back({"Nơi nhận: như trên.", 12, false, true, false, 6});
  auto pdf = RenderTextDocument(doc);
  ASSERT_TRUE(pdf) << pdf.error().message();
  auto sizes = PageSizes(*pdf);
  ASSERT_TRUE(sizes);
  EXPECT_GE(sizes->size(), 3u);

  const std::string text = PdfToText(*pdf, "-layout");
  EXPECT_NE(text.find("BÁO CÁO"), std::string::npos);
  EXPECT_NE(text.find("Cơ quan, tổ chức tiếp nhận hồ sơ"), std::string::npos);
  EXPECT_NE(text.find("Nơi nhận: như trên."), std::string::npos);
  // Page 1 carries no number; page 2 starts with its number.
  const std::string page1 = PdfToText(*pdf, "-f 1 -l 1");
  const std::string page2 = PdfToText(*pdf, "-f 2 -l 2");
  EXPECT_EQ(page2.rfind("2\n", 0), 0u) << page2.substr(0, 80);
  EXPECT_NE(page1.rfind("1\n", 0), 0u);

  // Every line stays inside the right margin: the width of the widest line of page 2 in
  // pdftotext's bounding boxes is checked through -bbox.
  TempDir dir;
  test_support::WriteFile(dir.path() / "d.pdf", *pdf);
  const auto bbox = RunCommand("pdftotext -bbox -f 2 -l 2 " + (dir.path() / "d.pdf").string() +
                               " " + (dir.path() / "b.html").string());
  ASSERT_EQ(bbox.exit_code, 0);
  const std::string html = test_support::ReadFile(dir.path() / "b.html");
  const double right_limit = 595.28 - 15 * 72.0 / 25.4 + 0.5;
  const double left_limit = 30 * 72.0 / 25.4 - 0.5;
  std::size_t pos = 0;
  int words = 0;
  while ((pos = html.find("<word xMin=\"", pos)) != std::string::npos) {
    pos += 12;
    const double x_min = std::stod(html.substr(pos));
    const auto xmax_at = html.find("xMax=\"", pos);
    const double x_max = std::stod(html.substr(xmax_at + 6));
    EXPECT_LE(x_max, right_limit);
    EXPECT_GE(x_min, left_limit - 200);  // the page number is centred, text starts at the margin
    ++words;
  }
  EXPECT_GT(words, 100);

  const auto info = RunCommand("pdfinfo " + (dir.path() / "d.pdf").string());
  EXPECT_NE(info.output.find("Báo cáo tổng hợp"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("Sở Nội vụ"), std::string::npos) << info.output;
}

TEST(PdfRenderTest, FontsAreEmbeddedSubsets) {
  TextDocument doc;
  doc.blocks.push_back({"Thường", 13, false, false, false, 6});
  doc.blocks.push_back({"Đậm", 13, true, false, false, 6});
  doc.blocks.push_back({"Nghiêng", 13, false, true, false, 6});
  auto pdf = RenderTextDocument(doc);
  ASSERT_TRUE(pdf);
  // Subsetting keeps a page small (the whole font alone is ~445 KB).
  EXPECT_LT(pdf->size(), 120u * 1024);
  TempDir dir;
  test_support::WriteFile(dir.path() / "d.pdf", *pdf);
  const auto fonts = RunCommand("pdffonts " + (dir.path() / "d.pdf").string());
  EXPECT_NE(fonts.output.find("LiberationSerif-Bold"), std::string::npos) << fonts.output;
  EXPECT_NE(fonts.output.find("LiberationSerif-Italic"), std::string::npos) << fonts.output;
  EXPECT_NE(fonts.output.find("Identity-H"), std::string::npos) << fonts.output;
  EXPECT_EQ(fonts.output.find(" no  "), std::string::npos) << fonts.output;
}

TEST(PdfRenderTest, RejectsAbsurdFontSize) {
  TextDocument doc;
  doc.blocks.push_back({"x", 0, false, false, false, 6});
  auto pdf = RenderTextDocument(doc);
  ASSERT_FALSE(pdf);
  EXPECT_EQ(pdf.error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace cqdt::pdf
