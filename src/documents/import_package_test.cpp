// The input side of the import (issue 11, item 6): headers in English or Vietnamese, the
// core CSV reader's rules, and the paths a package may name (no zip slip).
#include "documents/import_package.hpp"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace cqdt::documents {
namespace {

TEST(ImportPackageTest, VietnameseAndEnglishHeadersNameTheSameFields) {
  EXPECT_EQ(CanonicalImportField("Số ký hiệu"), "numberText");
  EXPECT_EQ(CanonicalImportField("so ky hieu"), "numberText");
  EXPECT_EQ(CanonicalImportField("Số, ký hiệu"), "numberText");
  EXPECT_EQ(CanonicalImportField("Ngày ban hành"), "issuedDate");
  EXPECT_EQ(CanonicalImportField("TRÍCH YẾU"), "subject");
  EXPECT_EQ(CanonicalImportField("numberText"), "numberText");
  EXPECT_EQ(CanonicalImportField("Mã hồ sơ"), "recordFileCode");
  EXPECT_FALSE(CanonicalImportField("Ghi chú khác"));
}

TEST(ImportPackageTest, ACsvWithBomIsReadWithItsLineNumbers) {
  auto rows = ParseImportCsv(
      "\xEF\xBB\xBFSố ký hiệu,Trích yếu\r\n05/QĐ-UBND,\"Về việc, có dấu phẩy\"\r\n\r\n"
      "06/QĐ-UBND,'=không phải công thức\r\n");
  ASSERT_TRUE(rows) << rows.error().message();
  ASSERT_EQ(rows->size(), 2U);
  EXPECT_EQ((*rows)[0].row, 2);
  EXPECT_EQ((*rows)[0].Get("subject"), "Về việc, có dấu phẩy");
  EXPECT_EQ((*rows)[1].row, 4);
  EXPECT_EQ((*rows)[1].Get("subject"), "=không phải công thức");
}

TEST(ImportPackageTest, AnUnknownOrRepeatedColumnRefusesTheFile) {
  auto unknown = ParseImportCsv("Số ký hiệu,Màu sắc\r\n1/UBND,x\r\n");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().fields().at(0).field, "file");
  EXPECT_FALSE(ParseImportCsv("Trích yếu,subject\r\na,b\r\n"));
  EXPECT_FALSE(ParseImportCsv("subject\r\n\"unterminated\r\n"));
}

TEST(ImportPackageTest, OnlyRelativePathsInsideThePackageAreSafe) {
  EXPECT_TRUE(IsSafeImportPath("scans/2024/12-qd.pdf"));
  EXPECT_TRUE(IsSafeImportPath("van ban.pdf"));
  for (const char* bad :
       {"../etc/passwd", "/etc/passwd", "a/../../b", "a\\b", "C:/x", "./a", "a//b", ""}) {
    EXPECT_FALSE(IsSafeImportPath(bad)) << bad;
  }
}

TEST(ImportPackageTest, SomethingThatIsNoZipIsRefused) {
  auto z = OpenImportZip("not a zip at all, just text");
  ASSERT_FALSE(z);
  EXPECT_EQ(z.error().code(), ErrorCode::kMalformed);
}

TEST(ImportPackageTest, ThePublishedSampleCsvIsReadWithEveryColumnKnown) {
  std::ifstream in(std::string(CQDT_TESTDATA_DIR) + "/../../../docs/import-sample.csv",
                   std::ios::binary);
  ASSERT_TRUE(in) << "docs/import-sample.csv";
  std::stringstream text;
  text << in.rdbuf();
  auto rows = ParseImportCsv(text.str());
  ASSERT_TRUE(rows) << rows.error().message();
  ASSERT_EQ(rows->size(), 3U);
  EXPECT_EQ((*rows)[0].Get("numberText"), "45/QĐ-UBND");
  EXPECT_EQ((*rows)[1].Get("files"), "van-ban/2023/1203-ubnd-vp.pdf;van-ban/2023/1203-phu-luc.pdf");
  EXPECT_EQ((*rows)[2].Get("direction"), "đi");
}

}  // namespace
}  // namespace cqdt::documents
