// The dossier's clocks against the vectors of mot-cua.md §11 (M8-M12) and the rules of §6.3, §7,
// on the calendar shipped in the binary (the 2025 notice: Tết 25/01-02/02).
#include "onestop/dossier_clock.hpp"

#include <gtest/gtest.h>

namespace cqdt::onestop {
namespace {

const WorkingCalendar& Cal() {
  static const WorkingCalendar cal;
  return cal;
}

LocalDateTime At(const char* iso, int h, int m) {
  return LocalDateTime{ParseIsoDate(iso).value(), h, m};
}

Deadline WorkingDays(double n) { return Deadline{n, DeadlineUnit::kWorkingDays, ""}; }
Deadline WorkingHours(double n) { return Deadline{n, DeadlineUnit::kWorkingHours, ""}; }

TEST(DossierClockTest, M8ADirectDossierReceivedAfterTheCutOffIsHandedOverNextMorning) {
  EXPECT_EQ(*TransferDue(Cal(), At("2025-03-06", 16, 10)), At("2025-03-07", 8, 0));
  EXPECT_EQ(*TransferDue(Cal(), At("2025-03-06", 10, 0)), At("2025-03-06", 17, 0));
  // Friday after the cut-off: Monday morning.
  EXPECT_EQ(*TransferDue(Cal(), At("2025-03-07", 15, 0)), At("2025-03-10", 8, 0));
}

TEST(DossierClockTest, M9FiveWorkingDaysFromThursdayBeforeTetEndThursdayAfterIt) {
  EXPECT_EQ(*Appointment(Cal(), WorkingDays(5), At("2025-01-23", 10, 0)), At("2025-02-06", 17, 0));
  // Received after 15:00, the period starts from the next working day.
  EXPECT_EQ(*Appointment(Cal(), WorkingDays(5), At("2025-01-23", 15, 30)), At("2025-02-07", 17, 0));
}

TEST(DossierClockTest, M10AResultOnTheDueDateIsOnTimeBeforeItEarlyAfterItLate) {
  const LocalDateTime due = At("2025-02-06", 17, 0);
  EXPECT_EQ(Classify(due, At("2025-02-06", 16, 0), true), Timeliness::kOnTime);
  EXPECT_EQ(Classify(due, At("2025-02-06", 17, 30), true), Timeliness::kOnTime);
  EXPECT_EQ(Classify(due, At("2025-02-05", 9, 0), true), Timeliness::kEarly);
  EXPECT_EQ(Classify(due, At("2025-02-07", 8, 0), true), Timeliness::kLate);
  // In working hours the minute counts.
  EXPECT_EQ(Classify(At("2025-02-06", 15, 0), At("2025-02-06", 15, 1), false), Timeliness::kLate);
  EXPECT_EQ(Classify(At("2025-02-06", 15, 0), At("2025-02-06", 14, 0), false), Timeliness::kOnTime);
}

TEST(DossierClockTest, M11AnApologyDoesNotMakeALateResultOnTime) {
  // The due date stays the appointment; the apology's 12/02 is a promise, not the deadline.
  const LocalDateTime due = *Appointment(Cal(), WorkingDays(5), At("2025-01-23", 10, 0));
  EXPECT_EQ(Classify(due, At("2025-02-11", 10, 0), true), Timeliness::kLate);
}

TEST(DossierClockTest, M12AnOnlineDossierOnSaturdayCountsFromMondayMorning) {
  EXPECT_EQ(DeemedReceipt(Cal(), At("2025-03-08", 10, 0)), At("2025-03-10", 8, 0));
  EXPECT_EQ(DeemedReceipt(Cal(), At("2025-03-10", 6, 30)), At("2025-03-10", 8, 0));
  EXPECT_EQ(DeemedReceipt(Cal(), At("2025-03-10", 12, 15)), At("2025-03-10", 12, 15));
  EXPECT_EQ(DeemedReceipt(Cal(), At("2025-03-10", 17, 0)), At("2025-03-11", 8, 0));
}

TEST(DossierClockTest, WorkingHourDeadlinesCrossLunchAndNights) {
  // 8 working hours from 16:00 end the next working day at 16:00 (the demo's birth registration).
  EXPECT_EQ(*Appointment(Cal(), WorkingHours(8), At("2025-03-06", 16, 0)), At("2025-03-07", 16, 0));
  // Half a working day is 4 working hours: 10:00 → 15:00 across lunch.
  EXPECT_EQ(*Appointment(Cal(), WorkingDays(0.5), At("2025-03-06", 10, 0)),
            At("2025-03-06", 15, 0));
  // Calendar days: 30 days from 01/04/2025 end on 01/05 (a holiday) → Monday 05/05 (02/05 off).
  EXPECT_EQ(*Appointment(Cal(), Deadline{30, DeadlineUnit::kDays, ""}, At("2025-04-01", 9, 0)),
            At("2025-05-05", 17, 0));
}

TEST(DossierClockTest, ASupplementPauseMovesTheDueDateByTheWorkingTimeWaited) {
  const LocalDateTime received = At("2025-03-03", 9, 0);  // Monday; 5 days → Monday 10/03
  ASSERT_EQ(*Appointment(Cal(), WorkingDays(5), received), At("2025-03-10", 17, 0));
  // Waited Tuesday 09:00 to Thursday 09:00: two working days.
  std::vector<Pause> pauses = {{At("2025-03-04", 9, 0), At("2025-03-06", 9, 0)}};
  EXPECT_EQ(*DueAfterPauses(Cal(), WorkingDays(5), received, pauses, false, At("2025-03-06", 9, 0)),
            At("2025-03-12", 17, 0));
  // Restart policy: five working days again from the resubmission on Thursday → 13/03.
  EXPECT_EQ(*DueAfterPauses(Cal(), WorkingDays(5), received, pauses, true, At("2025-03-06", 9, 0)),
            At("2025-03-13", 17, 0));
  // An open pause counts up to now.
  std::vector<Pause> open = {{At("2025-03-04", 9, 0), std::nullopt}};
  EXPECT_EQ(*DueAfterPauses(Cal(), WorkingDays(5), received, open, false, At("2025-03-05", 9, 0)),
            At("2025-03-11", 17, 0));
  // Working hours move by the minute: 8 h from Monday 9:00 → Tuesday 9:00; paused 2 h → 11:00.
  std::vector<Pause> short_pause = {{At("2025-03-03", 10, 0), At("2025-03-03", 12, 0)}};
  EXPECT_EQ(*DueAfterPauses(Cal(), WorkingHours(8), received, short_pause, false,
                            At("2025-03-03", 12, 0)),
            At("2025-03-04", 11, 0));
}

TEST(DossierClockTest, AStepEndsAfterItsWorkingHours) {
  EXPECT_EQ(*StepEnd(Cal(), At("2025-03-07", 16, 0), 4), At("2025-03-10", 11, 0));
  EXPECT_EQ(*StepEnd(Cal(), At("2025-03-07", 9, 0), 0.5), At("2025-03-07", 9, 30));
}

}  // namespace
}  // namespace cqdt::onestop
