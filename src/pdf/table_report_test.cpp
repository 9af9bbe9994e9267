#include "pdf/table_report.hpp"

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
  test_support::WriteFile(dir.path() / "t.pdf", pdf);
  return RunCommand("pdftotext " + extra + " " + (dir.path() / "t.pdf").string() + " -").output;
}

TableReport Register(int rows) {
  TableReport r;
  r.title = "Sổ đăng ký văn bản đến";
  r.agency_lines = {"UBND TỈNH AN GIANG", "SỞ NỘI VỤ"};
  r.title_lines = {"SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", "Năm 2026"};
  r.columns = {{"Ngày đến", 1, true}, {"Số đến", 0.7, true}, {"Tên loại và trích yếu", 4}};
  for (int i = 1; i <= rows; ++i) {
    r.rows.push_back(
        {"04/12/2026", std::to_string(i),
         "Công văn về việc tăng cường công tác văn thư, lưu trữ năm 2026 số " + std::to_string(i)});
  }
  return r;
}

TEST(TableReportTest, PagesAreA4LandscapeWithVietnameseHeading) {
  auto pdf = RenderTableReport(Register(3));
  ASSERT_TRUE(pdf) << pdf.error().message();
  auto sizes = PageSizes(*pdf);
  ASSERT_TRUE(sizes);
  ASSERT_EQ(sizes->size(), 1u);
  EXPECT_NEAR((*sizes)[0].first, 841.9, 1.0);
  EXPECT_NEAR((*sizes)[0].second, 595.3, 1.0);
  const std::string text = PdfToText(*pdf);
  EXPECT_NE(text.find("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"), std::string::npos);
  EXPECT_NE(text.find("SỞ NỘI VỤ"), std::string::npos);
  EXPECT_NE(text.find("Trang 1/1"), std::string::npos);
  EXPECT_NE(text.find("(3)"), std::string::npos);
}

TEST(TableReportTest, HeaderRowRepeatsOnEveryPageAndPagesAreNumbered) {
  auto pdf = RenderTableReport(Register(120));
  ASSERT_TRUE(pdf) << pdf.error().message();
  auto sizes = PageSizes(*pdf);
  ASSERT_TRUE(sizes);
  const auto pages = sizes->size();
  ASSERT_GE(pages, 3u);
  for (std::size_t i = 1; i <= pages; ++i) {
    const std::string page =
        PdfToText(*pdf, "-f " + std::to_string(i) + " -l " + std::to_string(i));
    EXPECT_NE(page.find("Tên loại và trích yếu"), std::string::npos) << "page " << i;
    EXPECT_NE(page.find("Trang " + std::to_string(i) + "/" + std::to_string(pages)),
              std::string::npos)
        << "page " << i;
  }
  EXPECT_NE(PdfToText(*pdf).find("năm 2026 số 120"), std::string::npos);
}

TEST(TableReportTest, LongCellsWrapAndARowTallerThanAPageContinues) {
  TableReport r = Register(0);
  std::string abstract;
  for (int i = 0; i < 300; ++i) {
    abstract += "trích yếu dài ";
  }
  r.rows.push_back({"01/01/2026", "1", abstract + "HẾT"});
  auto pdf = RenderTableReport(r);
  ASSERT_TRUE(pdf) << pdf.error().message();
  auto sizes = PageSizes(*pdf);
  ASSERT_TRUE(sizes);
  EXPECT_GE(sizes->size(), 2u);
  EXPECT_NE(PdfToText(*pdf).find("HẾT"), std::string::npos);
}

TEST(TableReportTest, RowsMustMatchTheColumns) {
  TableReport r = Register(1);
  r.rows.push_back({"only one"});
  auto pdf = RenderTableReport(r);
  ASSERT_FALSE(pdf);
  EXPECT_EQ(pdf.error().fields().at(0).field, "rows");
  r.rows.pop_back();
  r.columns.clear();
  EXPECT_FALSE(RenderTableReport(r));
}

// The documents module prints at most 5,000 entries of a register at once.
TEST(TableReportTest, AFullYearsBookOfFiveThousandRowsRenders) {
  auto pdf = RenderTableReport(Register(5000));
  ASSERT_TRUE(pdf) << pdf.error().message();
  auto sizes = PageSizes(*pdf);
  ASSERT_TRUE(sizes);
  EXPECT_GT(sizes->size(), 100u);
}

}  // namespace
}  // namespace cqdt::pdf
