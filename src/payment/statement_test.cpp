// Bank statements read and matched: the header found by its Vietnamese or English names, amounts
// in the ways banks write them, debits skipped, and each line's outcome — matched, amount
// differs, unmatched, duplicate reference, duplicate dossier — with codes whose dots and hyphens
// the bank dropped.
#include "payment/statement.hpp"

#include <gtest/gtest.h>

namespace cqdt::payment {
namespace {

TEST(StatementTest, AVietnameseCsvIsReadFromItsHeaderRow) {
  const std::string csv =
      "\xEF\xBB\xBFSao kê tài khoản 7700201000041\n"
      "Từ ngày 01/12/2026 đến ngày 05/12/2026\n"
      "STT,Ngày giao dịch,Số tham chiếu,Số tiền ghi nợ,Số tiền ghi có,Nội dung giao dịch\n"
      "1,01/12/2026,FT2633500001,,\"8.000\",000.00.41.H01-261201-0001 chuyen phi\n"
      "2,01/12/2026,FT2633500002,50.000,,Phi ngan hang\n"
      "3,02/12/2026,FT2633600003,,\"1,234,000.00\",MBVCB.0000041H012612020007.Nguyen Van A\n"
      "4,02/12/2026,FT2633600004,,200000 VND,khong co ma\n";
  auto lines = ReadStatement(csv, false);
  ASSERT_TRUE(lines) << lines.error().message();
  ASSERT_EQ(lines->size(), 3U);  // the debit is skipped
  EXPECT_EQ(lines->at(0).row, 4);
  EXPECT_EQ(lines->at(0).date, "01/12/2026");
  EXPECT_EQ(lines->at(0).reference, "FT2633500001");
  EXPECT_EQ(lines->at(0).amount, 8000);
  EXPECT_EQ(lines->at(0).description, "000.00.41.H01-261201-0001 chuyen phi");
  EXPECT_EQ(lines->at(1).amount, 1234000);
  EXPECT_EQ(lines->at(2).amount, 200000);
}

TEST(StatementTest, EnglishHeadersAndNoReferenceColumn) {
  auto lines = ReadStatement("Date,Description,Credit\n2026-12-01,X,1234.00\n", false);
  ASSERT_TRUE(lines) << lines.error().message();
  ASSERT_EQ(lines->size(), 1U);
  EXPECT_EQ(lines->at(0).reference, "");
  EXPECT_EQ(lines->at(0).amount, 1234);
}

TEST(StatementTest, BadFilesAndAmountsAreNamed) {
  EXPECT_EQ(ReadStatement("a,b,c\n1,2,3\n", false).error().code(), ErrorCode::kMalformed);
  EXPECT_EQ(ReadStatement("Ngày,Nội dung,Ghi có\n\"01/12,x,5\n", false).error().code(),
            ErrorCode::kMalformed);
  auto fraction = ReadStatement("Ngày,Nội dung,Ghi có\n01/12,x,12.5\n02/12,y,1/2\n", false);
  ASSERT_FALSE(fraction);
  ASSERT_EQ(fraction.error().fields().size(), 2U);
  EXPECT_EQ(fraction.error().fields()[0].field, "file");
  EXPECT_NE(fraction.error().fields()[0].message.find("Dòng 2"), std::string::npos);
  EXPECT_NE(fraction.error().fields()[1].message.find("Dòng 3"), std::string::npos);
}

TEST(StatementTest, EachLineGetsOneOutcome) {
  const std::vector<StatementLine> lines = {
      {2, "", "R1", 8000, "000.00.41.H01-261201-0001"},
      {3, "", "R2", 9000, "thanh toan 000.00.41.H01-261201-0002"},
      {4, "", "R3", 8000, "khong co ma"},
      {5, "", "R1", 8000, "000.00.41.H01-261201-0003"},         // the reference again
      {6, "", "R4", 8000, "0000041H012612010001 lan hai"},      // the first dossier again
      {7, "", "OLD", 8000, "000.00.41.H01-261201-0003"},        // reconciled before
      {8, "", "", 8000, "MBVCB 000 00 41 H01 261201 0003 CT"},  // dots become spaces
  };
  const std::vector<DueFee> due = {{"000.00.41.H01-261201-0001", 8000},
                                   {"000.00.41.H01-261201-0002", 8000},
                                   {"000.00.41.H01-261201-0003", 8000}};
  auto m = MatchStatement(lines, due, {"OLD"});
  ASSERT_EQ(m.size(), 7U);
  EXPECT_EQ(m[0].outcome, MatchOutcome::kMatched);
  EXPECT_EQ(m[0].dossier_code, "000.00.41.H01-261201-0001");
  EXPECT_EQ(m[1].outcome, MatchOutcome::kAmountDiffers);
  EXPECT_EQ(m[1].expected, 8000);
  EXPECT_EQ(m[2].outcome, MatchOutcome::kUnmatched);
  EXPECT_EQ(m[3].outcome, MatchOutcome::kDuplicateReference);
  EXPECT_EQ(m[4].outcome, MatchOutcome::kDuplicateDossier);
  EXPECT_EQ(m[5].outcome, MatchOutcome::kDuplicateReference);
  EXPECT_EQ(m[6].outcome, MatchOutcome::kMatched);
  EXPECT_EQ(m[6].dossier_code, "000.00.41.H01-261201-0003");
  EXPECT_STREQ(MatchOutcomeName(m[1].outcome), "amount_differs");
}

TEST(StatementTest, TheLongestCodeWins) {
  const std::vector<DueFee> due = {{"H01-1", 100}, {"H01-12", 200}};
  auto m = MatchStatement({{2, "", "", 200, "ma H01-12"}}, due, {});
  ASSERT_EQ(m.size(), 1U);
  EXPECT_EQ(m[0].dossier_code, "H01-12");
  EXPECT_EQ(m[0].outcome, MatchOutcome::kMatched);
}

}  // namespace
}  // namespace cqdt::payment
