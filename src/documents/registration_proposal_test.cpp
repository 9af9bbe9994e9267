// ProposeRegistration: the first page of an administrative document as a text layer or OCR
// gives it, in the layouts of Decree 30/2020 Appendix I.
#include <gtest/gtest.h>

#include "documents/extraction_service.hpp"

namespace cqdt::documents {
namespace {

TEST(ProposeRegistration, ReadsADecisionWhoseColumnsComeOneAfterTheOther) {
  const auto p = ProposeRegistration(
      "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\n\nSố: 125/QĐ-UBND\n\n"
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
      "An Giang, ngày 05 tháng 3 năm 2026\n\nQUYẾT ĐỊNH\n"
      "Về việc phê duyệt kế hoạch\nchuyển đổi số năm 2026\n\n"
      "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN GIANG\nCăn cứ Luật Tổ chức chính quyền địa phương;");
  EXPECT_EQ(p.number_text, "125/QĐ-UBND");
  EXPECT_EQ(p.issued_date, "2026-03-05");
  EXPECT_EQ(p.sender_name, "ỦY BAN NHÂN DÂN TỈNH AN GIANG");
  EXPECT_EQ(p.type_ordinal, 2);
  EXPECT_EQ(p.subject, "Về việc phê duyệt kế hoạch chuyển đổi số năm 2026");
}

TEST(ProposeRegistration, ReadsAnOfficialLetterWhoseColumnsShareLines) {
  const auto p = ProposeRegistration(
      "UBND TỈNH AN GIANG      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
      "SỞ NỘI VỤ     Độc lập - Tự do - Hạnh phúc\n"
      "Số: 1234 / SNV-TCBC     An Giang, ngày 12 tháng 11 năm 2025\n"
      "V/v báo cáo số lượng cán bộ,\ncông chức năm 2025\n"
      "Kính gửi: Ủy ban nhân dân các huyện");
  EXPECT_EQ(p.number_text, "1234/SNV-TCBC");
  EXPECT_EQ(p.issued_date, "2025-11-12");
  EXPECT_EQ(p.sender_name, "SỞ NỘI VỤ");
  EXPECT_EQ(p.type_ordinal, 18);  // công văn
  EXPECT_EQ(p.subject, "báo cáo số lượng cán bộ, công chức năm 2025");
}

TEST(ProposeRegistration, KeepsTheYearOfALegalNormativeNumber) {
  const auto p = ProposeRegistration("HỘI ĐỒNG NHÂN DÂN\nTỈNH AN GIANG\nSố: 12/2025/NQ-HĐND\n");
  EXPECT_EQ(p.number_text, "12/2025/NQ-HĐND");
  EXPECT_EQ(p.sender_name, "HỘI ĐỒNG NHÂN DÂN TỈNH AN GIANG");
}

TEST(ProposeRegistration, ProposesNothingItCannotRead) {
  const auto p = ProposeRegistration("Số liệu thống kê\nngày 31 tháng 2 năm 2026\n");
  EXPECT_EQ(p.number_text, "");
  EXPECT_EQ(p.issued_date, "") << "31 February is not a date";
  EXPECT_EQ(p.sender_name, "");
  EXPECT_EQ(p.type_ordinal, 0);
  EXPECT_EQ(ProposeRegistration("").number_text, "");
}

}  // namespace
}  // namespace cqdt::documents
