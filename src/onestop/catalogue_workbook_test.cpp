#include "onestop/catalogue_workbook.hpp"

#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

#include "report/workbook.hpp"
#include "testing_procedures.hpp"

namespace cqdt::onestop {
namespace {

// The workbook writer's scratch directory: this process's own, removed when the test ends.
struct Scratch {
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("cqdt-catalogue-workbook-test-" + std::to_string(::getpid()));
  ~Scratch() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

ProcedureVersion Birth() {
  ProcedureVersion v;
  v.content = testing::BirthRegistration();
  return v;
}

TEST(CatalogueWorkbookTest, AnExportReadsBackAsTheSameContent) {
  ProcedureVersion second = Birth();
  second.content.code = "DP.000001";
  second.content.national_code.clear();
  second.content.name = "Cấp giấy phép xây dựng";
  second.content.level = Level::kProvince;
  second.content.chain.clear();
  second.content.process.clear();
  const Scratch scratch;
  const auto& dir = scratch.path;
  auto book = WriteCatalogueWorkbook(dir, {Birth(), second});
  ASSERT_TRUE(book) << book.error().message();
  auto items = ReadCatalogueWorkbook(*book);
  ASSERT_TRUE(items) << items.error().message();
  ASSERT_EQ(items->size(), 2U);
  EXPECT_EQ((*items)[0].row, 2);
  EXPECT_TRUE((*items)[0].errors.empty());
  EXPECT_EQ((*items)[0].content, Birth().content);
  EXPECT_EQ((*items)[1].content, second.content);
}

TEST(CatalogueWorkbookTest, BadValuesNameTheSheetAndRow) {
  const Scratch scratch;
  const auto& dir = scratch.path;
  report::Workbook book;
  report::Sheet procedures;
  procedures.name = "Thủ tục";
  for (const char* h :
       {"Mã thủ tục", "Mã TTHC quốc gia", "Tên thủ tục", "Số quyết định công bố", "Ngày công bố",
        "Cấp thực hiện", "Mã lĩnh vực", "Lĩnh vực", "Đối tượng", "Cơ quan thực hiện", "Số bộ hồ sơ",
        "Yêu cầu, điều kiện", "Kết quả", "Kết quả điện tử", "Mức độ trực tuyến",
        "Tính lại thời hạn khi bổ sung", "Chưa xác minh", "Nguồn"}) {
    procedures.columns.push_back({h, 12, report::CellKind::kText});
  }
  // Labels or names, diacritics or not: "cap xa" is the commune level.
  procedures.rows = {
      {"1.001193", "", "Khai sinh", "", "", "cap xa", "", "Hộ tịch", "citizen", "", "1", "",
       "Giấy khai sinh", "co", "dich vu cong truc tuyen toan trinh", "không", "", ""},
      {"2.000815", "", "Chứng thực", "", "", "huyện", "", "Chứng thực", "dân", "", "x", "",
       "Bản sao", "?", "full", "false", "", ""}};
  report::Sheet channels;
  channels.name = "Cách thức";
  for (const char* h :
       {"Mã thủ tục", "Cách thức", "Thời hạn", "Đơn vị", "Ghi chú thời hạn", "Mô tả"}) {
    channels.columns.push_back({h, 12, report::CellKind::kText});
  }
  channels.rows = {{"1.001193", "Trực tiếp", "0,5", "ngày làm việc", "", ""},
                   {"9.999999", "online", "1", "days", "", ""}};
  book.sheets = {procedures, channels};
  auto bytes = report::WriteWorkbook(dir, book);
  ASSERT_TRUE(bytes) << bytes.error().message();
  auto items = ReadCatalogueWorkbook(*bytes);
  // A row of a list sheet for an unknown procedure fails the whole file.
  ASSERT_FALSE(items);
  EXPECT_EQ(items.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(items.error().fields().at(0).message.find("dòng 3"), std::string::npos);

  channels.rows.pop_back();
  book.sheets = {procedures, channels};
  bytes = report::WriteWorkbook(dir, book);
  ASSERT_TRUE(bytes);
  items = ReadCatalogueWorkbook(*bytes);
  ASSERT_TRUE(items) << items.error().message();
  ASSERT_EQ(items->size(), 2U);
  const ImportItem& good = (*items)[0];
  EXPECT_TRUE(good.errors.empty());
  EXPECT_EQ(good.content.level, Level::kCommune);
  EXPECT_EQ(good.content.online_level, OnlineLevel::kFull);
  ASSERT_EQ(good.content.channels.size(), 1U);
  EXPECT_DOUBLE_EQ(good.content.channels[0].deadline.amount, 0.5);
  const ImportItem& bad = (*items)[1];
  std::vector<std::string> fields;
  for (const auto& e : bad.errors) {
    fields.push_back(e.field);
    EXPECT_NE(e.message.find("Trang 'Thủ tục', dòng 3"), std::string::npos) << e.message;
  }
  for (const char* f : {"level", "subjects", "sets", "result.electronic"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), f), fields.end()) << f;
  }
}

TEST(CatalogueWorkbookTest, AFileWithoutTheProceduresSheetIsRefused) {
  const Scratch scratch;
  const auto& dir = scratch.path;
  report::Workbook book;
  report::Sheet other;
  other.name = "Sheet1";
  other.columns = {{"A", 10, report::CellKind::kText}};
  other.rows = {{"x"}};
  book.sheets = {other};
  auto bytes = report::WriteWorkbook(dir, book);
  ASSERT_TRUE(bytes);
  auto items = ReadCatalogueWorkbook(*bytes);
  ASSERT_FALSE(items);
  EXPECT_EQ(items.error().fields().at(0).field, "file");
  EXPECT_EQ(ReadCatalogueWorkbook("PK not really").error().code(), ErrorCode::kMalformed);
}

}  // namespace
}  // namespace cqdt::onestop
