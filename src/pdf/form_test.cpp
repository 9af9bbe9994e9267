// The administrative form: every Vietnamese letter with its tone marks survives to pdftotext,
// the motto header and a long table lay out on pages, and the QR code reads back with zbarimg.
#include "pdf/form.hpp"

#include <cstdlib>
#include <string>

#include <gtest/gtest.h>

#include "pdf/pdf.hpp"
#include "pdf_test_support.hpp"

namespace cqdt::pdf {
namespace {

using test_support::RunCommand;
using test_support::TempDir;

// Every Vietnamese letter in every tone, lower and upper case.
const char* kAlphabet =
    "aàáảãạ ăằắẳẵặ âầấẩẫậ bcdđ eèéẻẽẹ êềếểễệ ghi ìíỉĩị klmn oòóỏõọ ôồốổỗộ ơờớởỡợ pqrst "
    "uùúủũụ ưừứửữự v xyỳýỷỹỵ AÀÁẢÃẠ ĂẰẮẲẴẶ ÂẦẤẨẪẬ BCDĐ EÈÉẺẼẸ ÊỀẾỂỄỆ GHI ÌÍỈĨỊ KLMN "
    "OÒÓỎÕỌ ÔỒỐỔỖỘ ƠỜỚỞỠỢ PQRST UÙÚỦŨỤ ƯỪỨỬỮỰ V XYỲÝỶỸỴ";

FormDocument Receipt(int rows) {
  FormDocument f;
  f.title = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả";
  f.agency_lines = {"UBND TỈNH AN GIANG", "UBND PHƯỜNG RẠCH GIÁ"};
  f.number_line = "Số: 000.00.41.H01-261204-0001";
  f.place_date = "Rạch Giá, ngày 04 tháng 12 năm 2026";
  f.title_lines = {"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
                   "Mã hồ sơ: 000.00.41.H01-261204-0001"};
  FormBlock applicant;
  applicant.text = std::string("Người nộp: ") + kAlphabet;
  f.blocks.push_back(applicant);
  FormBlock table;
  table.table.columns = {
      {"TT", 0.5, true}, {"Tên giấy tờ", 5}, {"Bản chính", 1, true}, {"Bản sao", 1, true}};
  for (int i = 1; i <= rows; ++i) {
    table.table.rows.push_back(
        {std::to_string(i), "Tờ khai đăng ký khai sinh số " + std::to_string(i), "1", "0"});
  }
  f.blocks.push_back(table);
  FormBlock due;
  due.text = "Ngày hẹn trả kết quả: 16 giờ 00, ngày 05/12/2026";
  due.bold = true;
  f.blocks.push_back(due);
  f.signatures = {{"NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)", "Trần Thị Bé"},
                  {"NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)", "Lý Thị Mai"}};
  f.qr_text = "http://127.0.0.1:8080/tra-cuu/000.00.41.H01-261204-0001";
  f.qr_caption = "000.00.41.H01-261204-0001";
  return f;
}

TEST(FormTest, EveryVietnameseLetterAndTheMottoReachTheText) {
  auto pdf = RenderForm(Receipt(3));
  ASSERT_TRUE(pdf) << pdf.error().message();
  TempDir dir;
  test_support::WriteFile(dir.path() / "f.pdf", *pdf);
  const std::string text =
      RunCommand("pdftotext -raw " + (dir.path() / "f.pdf").string() + " -").output;
  EXPECT_NE(text.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), std::string::npos) << text;
  EXPECT_NE(text.find("Độc lập - Tự do - Hạnh phúc"), std::string::npos);
  EXPECT_NE(text.find("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"), std::string::npos);
  EXPECT_NE(text.find("Rạch Giá, ngày 04 tháng 12 năm 2026"), std::string::npos);
  EXPECT_NE(text.find("Tờ khai đăng ký khai sinh số 3"), std::string::npos);
  EXPECT_NE(text.find("NGƯỜI TIẾP NHẬN HỒ SƠ"), std::string::npos);
  // Every letter, in words wrapped as the width allows.
  std::string flat;
  for (char c : text) {
    if (c != '\n') {
      flat += c;
    }
  }
  for (const char* word : {"aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "bcdđ", "êềếểễệ", "ôồốổỗộ", "ơờớởỡợ",
                           "ưừứửữự", "xyỳýỷỹỵ", "ĂẰẮẲẴẶ", "BCDĐ", "ƠỜỚỞỠỢ", "ƯỪỨỬỮỰ", "XYỲÝỶỸỴ"}) {
    EXPECT_NE(flat.find(word), std::string::npos) << word;
  }
}

TEST(FormTest, TheQrCodeReadsBackAsTheTrackingLink) {
  auto pdf = RenderForm(Receipt(3));
  ASSERT_TRUE(pdf);
  TempDir dir;
  test_support::WriteFile(dir.path() / "f.pdf", *pdf);
  if (const char* keep = std::getenv("CQDT_PDF_KEEP_DIR")) {
    test_support::WriteFile(std::filesystem::path(keep) / "receipt-form.pdf", *pdf);
  }
  const std::string prefix = (dir.path() / "page").string();
  ASSERT_EQ(
      RunCommand("pdftoppm -r 150 -png -f 1 -l 1 " + (dir.path() / "f.pdf").string() + " " + prefix)
          .exit_code,
      0);
  auto read = RunCommand("zbarimg --quiet --raw " + prefix + "-1.png");
  EXPECT_EQ(read.exit_code, 0) << read.output;
  EXPECT_NE(read.output.find("http://127.0.0.1:8080/tra-cuu/000.00.41.H01-261204-0001"),
            std::string::npos)
      << read.output;
}

TEST(FormTest, ALongTableContinuesOnNewPagesAndBadShapesAreRefused) {
  auto pdf = RenderForm(Receipt(80));
  ASSERT_TRUE(pdf);
  auto sizes = PageSizes(*pdf);
  ASSERT_TRUE(sizes);
  EXPECT_GE(sizes->size(), 2u);
  EXPECT_NEAR(sizes->front().first, 595.3, 1);  // A4 portrait
  FormDocument bad = Receipt(1);
  bad.blocks[1].table.rows.push_back({"only one cell"});
  EXPECT_EQ(RenderForm(bad).error().fields().front().field, "tables");
  bad = Receipt(1);
  bad.qr_text = std::string(1001, 'x');
  EXPECT_EQ(RenderForm(bad).error().fields().front().field, "qrText");
}

}  // namespace
}  // namespace cqdt::pdf
