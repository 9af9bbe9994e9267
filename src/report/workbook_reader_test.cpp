#include "report/workbook_reader.hpp"

#include <unistd.h>
#include <zip.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "report/workbook.hpp"

namespace cqdt::report {
namespace {

// The workbook writer's scratch directory: this process's own, removed when the test ends.
struct Scratch {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("cqdt-workbook-reader-test-" + std::to_string(::getpid()));
  ~Scratch() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

// A zip made in memory from `entries` (name -> content).
std::string Zip(const std::map<std::string, std::string>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* z = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  zip_source_keep(buffer);
  for (const auto& [name, content] : entries) {
    auto* copy = static_cast<char*>(std::malloc(content.size() + 1));
    std::copy(content.begin(), content.end(), copy);
    zip_file_add(z, name.c_str(), zip_source_buffer(z, copy, content.size(), 1), ZIP_FL_ENC_UTF_8);
  }
  zip_close(z);
  zip_source_open(buffer);
  zip_source_seek(buffer, 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(buffer);
  zip_source_seek(buffer, 0, SEEK_SET);
  std::string out(static_cast<std::size_t>(size), '\0');
  zip_source_read(buffer, out.data(), static_cast<zip_uint64_t>(size));
  zip_source_close(buffer);
  zip_source_free(buffer);
  return out;
}

const char* kRels =
    "<?xml version=\"1.0\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
    "Id=\"rId1\" Target=\"worksheets/sheet1.xml\" Type=\"x\"/></Relationships>";
const char* kWorkbook =
    "<?xml version=\"1.0\"?><workbook "
    "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
    "<sheet name=\"Thủ tục\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";

TEST(WorkbookReaderTest, ReadsBackWhatTheWriterWrote) {
  Workbook book;
  Sheet s;
  s.name = "Thủ tục";
  s.columns = {{"Mã thủ tục", 12, CellKind::kText}, {"Số bộ", 8, CellKind::kNumber}};
  s.rows = {{"1.001193", "1"}, {"Chứng thực bản sao — “đ” và Đ", "12"}};
  book.sheets.push_back(s);
  Sheet second;
  second.name = "Quy trình";
  second.columns = {{"Bước", 30, CellKind::kText}};
  second.rows = {{"Tiếp nhận"}};
  book.sheets.push_back(second);
  const Scratch scratch;
  const auto& dir = scratch.path;
  auto xlsx = WriteWorkbook(dir, book);
  ASSERT_TRUE(xlsx) << xlsx.error().message();
  auto read = ReadWorkbook(*xlsx);
  ASSERT_TRUE(read) << read.error().message();
  ASSERT_EQ(read->size(), 2U);
  const ReadSheet& first = (*read)[0];
  EXPECT_EQ(first.name, "Thủ tục");
  ASSERT_EQ(first.rows.size(), 3U);  // the header row, then the two rows
  EXPECT_EQ(first.rows[0], (std::vector<std::string>{"Mã thủ tục", "Số bộ"}));
  EXPECT_EQ(first.rows[1], (std::vector<std::string>{"1.001193", "1"}));
  EXPECT_EQ(first.rows[2], (std::vector<std::string>{"Chứng thực bản sao — “đ” và Đ", "12"}));
  EXPECT_EQ((*read)[1].rows.at(1).at(0), "Tiếp nhận");
}

TEST(WorkbookReaderTest, InlineStringsGapsAndCellReferencesLandInTheirPlace) {
  const std::string sheet =
      "<?xml version=\"1.0\"?><worksheet "
      "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Mã</t></is></c>"
      "<c r=\"C1\" t=\"inlineStr\"><is><r><t>Tên </t></r><r><t>thủ tục</t></r></is></c></row>"
      "<row r=\"3\"><c r=\"B3\"><v>2.5</v></c><c r=\"C3\" t=\"b\"><v>1</v></c></row>"
      "</sheetData></worksheet>";
  auto read = ReadWorkbook(Zip({{"xl/workbook.xml", kWorkbook},
                                {"xl/_rels/workbook.xml.rels", kRels},
                                {"xl/worksheets/sheet1.xml", sheet}}));
  ASSERT_TRUE(read) << read.error().message();
  const auto& rows = read->at(0).rows;
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"Mã", "", "Tên thủ tục"}));
  EXPECT_TRUE(rows[1].empty());
  EXPECT_EQ(rows[2], (std::vector<std::string>{"", "2.5", "1"}));
}

TEST(WorkbookReaderTest, RefusesWhatIsNotAWorkbookAndDoctypes) {
  EXPECT_EQ(ReadWorkbook("not a zip").error().code(), ErrorCode::kMalformed);
  EXPECT_EQ(ReadWorkbook(Zip({{"a.txt", "x"}})).error().code(), ErrorCode::kMalformed);
  const std::string bomb =
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">]><worksheet><sheetData>"
      "<row><c t=\"inlineStr\"><is><t>&lol;</t></is></c></row></sheetData></worksheet>";
  auto read = ReadWorkbook(Zip({{"xl/workbook.xml", kWorkbook},
                                {"xl/_rels/workbook.xml.rels", kRels},
                                {"xl/worksheets/sheet1.xml", bomb}}));
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code(), ErrorCode::kMalformed);
  // A shared-string index past the table.
  const std::string dangling =
      "<?xml version=\"1.0\"?><worksheet><sheetData><row><c t=\"s\"><v>5</v></c></row>"
      "</sheetData></worksheet>";
  EXPECT_FALSE(ReadWorkbook(Zip({{"xl/workbook.xml", kWorkbook},
                                 {"xl/_rels/workbook.xml.rels", kRels},
                                 {"xl/worksheets/sheet1.xml", dangling}})));
}

TEST(WorkbookReaderTest, BoundsRowsAndColumns) {
  std::string sheet = "<?xml version=\"1.0\"?><worksheet><sheetData>";
  for (int i = 1; i <= 20; ++i) {
    sheet += "<row r=\"" + std::to_string(i) + "\"><c t=\"inlineStr\"><is><t>x</t></is></c></row>";
  }
  sheet += "</sheetData></worksheet>";
  ReadLimits limits;
  limits.max_rows = 10;
  auto read = ReadWorkbook(Zip({{"xl/workbook.xml", kWorkbook},
                                {"xl/_rels/workbook.xml.rels", kRels},
                                {"xl/worksheets/sheet1.xml", sheet}}),
                           limits);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code(), ErrorCode::kTooLarge);
}

}  // namespace
}  // namespace cqdt::report
