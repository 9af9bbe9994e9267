#include "report/workbook.hpp"

#include <zip.h>

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace cqdt::report {
namespace {

// The text of one member of the .xlsx (a zip), or "" when it is missing.
std::string Member(const std::string& xlsx, const char* name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(xlsx.data(), xlsx.size(), 0, &error);
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &error);
  if (z == nullptr) {
    zip_source_free(src);
    return {};
  }
  std::string out;
  if (zip_file_t* f = zip_fopen(z, name, 0)) {
    char buf[4096];
    zip_int64_t n;
    while ((n = zip_fread(f, buf, sizeof buf)) > 0) {
      out.append(buf, static_cast<std::size_t>(n));
    }
    zip_fclose(f);
  }
  zip_close(z);
  return out;
}

Workbook Register() {
  Workbook book;
  book.title = "Sổ đăng ký văn bản đến";
  Sheet s;
  s.name = "Sổ văn bản đến: 2026/12";
  s.heading = {"SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", "Từ ngày 01/12/2026 đến ngày 04/12/2026"};
  s.columns = {{"Ngày đến", 12, CellKind::kDate},
               {"Số đến", 8, CellKind::kNumber},
               {"Tên loại và trích yếu", 50, CellKind::kText}};
  s.number_columns = true;
  s.rows = {{"2026-12-04", "7", "Công văn về việc tăng cường công tác văn thư"},
            {"", "", "chưa có ngày"}};
  book.sheets.push_back(s);
  return book;
}

TEST(WorkbookTest, WritesTextDatesAndNumbersAndRemovesItsTempFile) {
  const auto dir = std::filesystem::temp_directory_path() / "cqdt-workbook-test";
  std::filesystem::remove_all(dir);
  auto xlsx = WriteWorkbook(dir, Register());
  ASSERT_TRUE(xlsx) << xlsx.error().message();
  EXPECT_EQ(xlsx->substr(0, 2), "PK");
  const std::string strings = Member(*xlsx, "xl/sharedStrings.xml");
  EXPECT_NE(strings.find("Công văn về việc tăng cường công tác văn thư"), std::string::npos);
  EXPECT_NE(strings.find("SỔ ĐĂNG KÝ VĂN BẢN ĐẾN"), std::string::npos);
  EXPECT_NE(strings.find("(3)"), std::string::npos);
  const std::string sheet = Member(*xlsx, "xl/worksheets/sheet1.xml");
  // 2026-12-04 as an Excel serial date, and 7 as a number (not shared strings).
  EXPECT_NE(sheet.find("<v>46360</v>"), std::string::npos) << sheet.substr(0, 2000);
  EXPECT_NE(sheet.find("<v>7</v>"), std::string::npos);
  EXPECT_NE(sheet.find("landscape"), std::string::npos);
  EXPECT_NE(Member(*xlsx, "xl/styles.xml").find("dd/mm/yyyy"), std::string::npos);
  EXPECT_NE(Member(*xlsx, "xl/workbook.xml").find("Sổ văn bản đến- 2026-12"), std::string::npos);
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

TEST(WorkbookTest, RowsMustMatchTheColumns) {
  Workbook book = Register();
  book.sheets[0].rows.push_back({"one"});
  auto xlsx = WriteWorkbook(std::filesystem::temp_directory_path(), book);
  ASSERT_FALSE(xlsx);
  EXPECT_EQ(xlsx.error().fields().at(0).field, "rows");
  EXPECT_FALSE(WriteWorkbook(std::filesystem::temp_directory_path(), Workbook{}));
}

}  // namespace
}  // namespace cqdt::report
