#include "onestop/procedure.hpp"

#include <gtest/gtest.h>

namespace cqdt::onestop {
namespace {

ProcedureContent BirthRegistration() {
  ProcedureContent c;
  c.code = " 1.001193 ";
  c.national_code = "1.001193";
  c.name = "Thủ tục đăng ký khai sinh";
  c.level = Level::kCommune;
  c.sector_code = "BTP-HOTICH";
  c.sector_name = "Hộ tịch";
  c.subjects = {Subject::kCitizen};
  c.channels = {{Channel::kDirect, {8, DeadlineUnit::kWorkingHours, ""}, {}, ""},
                {Channel::kOnline, {1, DeadlineUnit::kWorkingDays, ""}, {{"Lệ phí", 0, ""}}, ""}};
  c.result_name = "Giấy khai sinh";
  c.process = {{"Tiếp nhận", Performer::kCounter, 1},
               {"Thẩm tra", Performer::kOfficer, 4},
               {"Ký duyệt", Performer::kLeader, 2},
               {"Trả kết quả", Performer::kCounter, 1}};
  return c;
}

bool HasError(const std::vector<FieldError>& errors, const std::string& field) {
  for (const auto& e : errors) {
    if (e.field == field) {
      return true;
    }
  }
  return false;
}

TEST(ProcedureTest, NamesRoundTripForEveryValue) {
  for (Level v : {Level::kCentral, Level::kProvince, Level::kCommune}) {
    EXPECT_EQ(ParseLevel(LevelName(v)), v);
  }
  for (Channel v : {Channel::kDirect, Channel::kOnline, Channel::kPostal}) {
    EXPECT_EQ(ParseChannel(ChannelName(v)), v);
  }
  for (DeadlineUnit v :
       {DeadlineUnit::kWorkingDays, DeadlineUnit::kDays, DeadlineUnit::kWorkingHours}) {
    EXPECT_EQ(ParseDeadlineUnit(DeadlineUnitName(v)), v);
  }
  for (OnlineLevel v : {OnlineLevel::kInformation, OnlineLevel::kPartial, OnlineLevel::kFull}) {
    EXPECT_EQ(ParseOnlineLevel(OnlineLevelName(v)), v);
  }
  for (Subject v :
       {Subject::kCitizen, Subject::kForeigner, Subject::kBusiness, Subject::kOrganization}) {
    EXPECT_EQ(ParseSubject(SubjectName(v)), v);
  }
  for (Performer v : {Performer::kCounter, Performer::kOfficer, Performer::kUnitHead,
                      Performer::kLeader, Performer::kOtherAgency}) {
    EXPECT_EQ(ParsePerformer(PerformerName(v)), v);
  }
  EXPECT_FALSE(ParseLevel("district"));  // no district level after 1 July 2025
  // The channel codes of the national portal (mot-cua.md §6.2).
  EXPECT_EQ(static_cast<int>(Channel::kDirect), 1);
  EXPECT_EQ(static_cast<int>(Channel::kOnline), 2);
  EXPECT_EQ(static_cast<int>(Channel::kPostal), 3);
}

TEST(ProcedureTest, AValidProcedureIsTrimmedAndHasNoErrors) {
  ProcedureContent c = BirthRegistration();
  EXPECT_TRUE(CheckProcedureContent(c).empty());
  EXPECT_EQ(c.code, "1.001193");
}

TEST(ProcedureTest, NationalCodesAreDigitDotSixDigits) {
  EXPECT_TRUE(IsNationalCode("1.001193"));
  EXPECT_TRUE(IsNationalCode("2.000815"));
  EXPECT_FALSE(IsNationalCode("1.00119"));
  EXPECT_FALSE(IsNationalCode("1001193"));
  EXPECT_FALSE(IsNationalCode("1.00119a"));
  ProcedureContent c = BirthRegistration();
  c.national_code = "1-001193";
  EXPECT_TRUE(HasError(CheckProcedureContent(c), "nationalCode"));
}

TEST(ProcedureTest, ErrorsNameTheJsonPathOfEachBadField) {
  ProcedureContent c = BirthRegistration();
  c.code = "mã có dấu";
  c.name = " ";
  c.subjects = {};
  c.channels[1].channel = Channel::kDirect;  // twice
  c.channels[0].deadline.amount = 0;
  c.channels[1].fees[0].amount = -5;
  c.process[2].hours = -1;
  c.published_date = "2025-13-01";
  c.sets = 0;
  auto errors = CheckProcedureContent(c);
  for (const char* field :
       {"code", "name", "subjects", "channels[1].channel", "channels[0].deadline.amount",
        "channels[1].fees[0].amount", "process[2].hours", "publishedBy.date", "sets"}) {
    EXPECT_TRUE(HasError(errors, field)) << field;
  }
  for (const auto& e : errors) {
    EXPECT_NE(e.message.find(e.field.substr(0, e.field.find('['))), std::string::npos) << e.message;
  }
}

TEST(ProcedureTest, AmountsAreKeptToHundredths) {
  ProcedureContent c = BirthRegistration();
  c.channels[0].deadline.amount = 0.333333;
  c.process[0].hours = 1.005;
  EXPECT_TRUE(CheckProcedureContent(c).empty());
  EXPECT_DOUBLE_EQ(c.channels[0].deadline.amount, 0.33);
  ProcedureContent again = c;
  EXPECT_TRUE(CheckProcedureContent(again).empty());
  EXPECT_EQ(again, c);  // checking twice changes nothing (an import run twice compares equal)
}

TEST(ProcedureTest, TheStepEditorComparesTheProcessWithEachWorkingHourDeadline) {
  ProcedureContent c = BirthRegistration();
  EXPECT_DOUBLE_EQ(ProcessHours(c.process), 8);
  auto fits = CheckProcessFits(c);
  ASSERT_EQ(fits.size(), 2U);
  EXPECT_TRUE(fits[0].fits);  // 8 working hours
  EXPECT_TRUE(fits[1].fits);  // 1 working day = 8 hours
  c.process[1].hours = 5;
  fits = CheckProcessFits(c);
  EXPECT_FALSE(fits[0].fits);
  EXPECT_DOUBLE_EQ(fits[0].process_hours, 9);
  // Calendar days have no fixed number of working hours: not compared.
  c.channels[0].deadline = {30, DeadlineUnit::kDays, ""};
  EXPECT_EQ(CheckProcessFits(c).size(), 1U);
}

TEST(ProcedureTest, DeadlinesReadInVietnamese) {
  EXPECT_EQ(DeadlineLabel({5, DeadlineUnit::kWorkingDays, ""}), "5 ngày làm việc");
  EXPECT_EQ(DeadlineLabel({0.5, DeadlineUnit::kWorkingDays, ""}), "0,5 ngày làm việc");
  EXPECT_EQ(DeadlineLabel({8, DeadlineUnit::kWorkingHours, ""}), "8 giờ làm việc");
  EXPECT_EQ(DeadlineLabel({30, DeadlineUnit::kDays, ""}), "30 ngày");
}

}  // namespace
}  // namespace cqdt::onestop
