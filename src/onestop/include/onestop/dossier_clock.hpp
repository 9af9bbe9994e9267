// The clocks of a dossier (mot-cua.md §6.1, §6.3, §7; lich-lam-viec.md; decision 0017): when an
// online dossier counts as received, when a counter must hand a dossier over, the appointment
// (ngày hẹn trả), the due time after pauses, the planned end of an internal step, and whether a
// dossier or a step ended early, on time or late. Pure functions over the working calendar;
// thread-safe.
//
// Rules and where they come from:
// - A deadline in working days ends at the end of the N-th working day after the receipt day
//   (Bộ luật Dân sự 2015 Điều 147-148); a receipt on a working day at or after the calendar's
//   cut-off (15:00) counts from the next working day (§6.1 step 3, a provincial practice).
//   A fractional number of working days (0,5 ngày) is counted in working hours (8 per day).
// - A deadline in working hours runs within office hours from the receipt.
// - A deadline in calendar days ends on the N-th day after the receipt day, moved to the next
//   working day when that is a day off.
// - Times spent waiting for the applicant (supplement, payment) are stored as intervals; the due
//   time is the appointment pushed back by their working time (the common rule), or, for a
//   procedure that restarts the deadline on resubmission, a new appointment counted from the
//   last resubmission (§6.3 [L]; ProcedureContent::restart_on_supplement).
// - A result on an earlier date than the due date is early (trước hạn), on the due date on time
//   (đúng hạn) — for working-hour deadlines, not after the due minute — and after it late (quá
//   hạn); an apology's new appointment does not change that (M11).
#pragma once

#include <optional>
#include <vector>

#include "core/result.hpp"
#include "core/working_calendar.hpp"
#include "onestop/procedure.hpp"

namespace cqdt::onestop {

// An online dossier submitted outside office hours counts as received at the start of the next
// working session (M12); inside them (lunch included), when submitted.
LocalDateTime DeemedReceipt(const WorkingCalendar& cal, const LocalDateTime& submitted);

// When a counter must hand a direct dossier to the processing unit: the end of the receipt day,
// or the start of the next working day when received at or after the cut-off or on a day off
// (M8).
Result<LocalDateTime> TransferDue(const WorkingCalendar& cal, const LocalDateTime& received);

// The appointment for a dossier received at `received` under `deadline`. Days-based deadlines
// end at the end of the afternoon session of their last day.
Result<LocalDateTime> Appointment(const WorkingCalendar& cal, const Deadline& deadline,
                                  const LocalDateTime& received);

// A time the agency's clock stood still. `to` empty: still waiting (counted up to `now`).
struct Pause {
  LocalDateTime from;
  std::optional<LocalDateTime> to;
};

// The due time after pauses (see the rules above).
Result<LocalDateTime> DueAfterPauses(const WorkingCalendar& cal, const Deadline& deadline,
                                     const LocalDateTime& received,
                                     const std::vector<Pause>& pauses, bool restart_on_resubmit,
                                     const LocalDateTime& now);

// The planned end of an internal step handed over at `start` with `hours` working hours.
Result<LocalDateTime> StepEnd(const WorkingCalendar& cal, const LocalDateTime& start, double hours);

enum class Timeliness { kEarly, kOnTime, kLate };
const char* TimelinessName(Timeliness t);   // "early", "on_time", "late"
std::string TimelinessLabel(Timeliness t);  // "Trước hạn", "Đúng hạn", "Quá hạn"

// How a result (or a step) finished at `done` against `due`. `by_day`: the deadline is counted
// in days (working or calendar), so any time on the due date is on time.
Timeliness Classify(const LocalDateTime& due, const LocalDateTime& done, bool by_day);

// True for the deadlines counted in whole days.
bool CountsByDay(const Deadline& d);

}  // namespace cqdt::onestop
