#include "onestop/dossier_clock.hpp"

#include <cmath>

namespace cqdt::onestop {

namespace {

int MinuteOfDay(const LocalDateTime& t) { return t.hour * 60 + t.minute; }

LocalDateTime At(const Date& d, int minute_of_day) {
  return LocalDateTime{d, minute_of_day / 60, minute_of_day % 60};
}

std::int64_t MinutesPerDay(const WorkingCalendarOptions& o) {
  return (o.morning_end - o.morning_start) + (o.afternoon_end - o.afternoon_start);
}

bool IsWholeDays(double amount) { return amount == std::floor(amount); }

}  // namespace

bool CountsByDay(const Deadline& d) {
  return d.unit == DeadlineUnit::kDays ||
         (d.unit == DeadlineUnit::kWorkingDays && IsWholeDays(d.amount));
}

LocalDateTime DeemedReceipt(const WorkingCalendar& cal, const LocalDateTime& submitted) {
  const auto& o = cal.options();
  if (cal.IsWorkingDay(submitted.date)) {
    if (MinuteOfDay(submitted) < o.morning_start) {
      return At(submitted.date, o.morning_start);
    }
    if (MinuteOfDay(submitted) < o.afternoon_end) {
      return submitted;
    }
  }
  auto next = cal.NextWorkingDay(submitted.date);
  return next ? At(*next, o.morning_start) : submitted;
}

Result<LocalDateTime> TransferDue(const WorkingCalendar& cal, const LocalDateTime& received) {
  const auto& o = cal.options();
  if (cal.IsWorkingDay(received.date) &&
      (o.receipt_cutoff < 0 || MinuteOfDay(received) < o.receipt_cutoff)) {
    return At(received.date, o.afternoon_end);
  }
  CQDT_ASSIGN_OR_RETURN(Date next, cal.NextWorkingDay(received.date));
  return At(next, o.morning_start);
}

Result<LocalDateTime> StepEnd(const WorkingCalendar& cal, const LocalDateTime& start,
                              double hours) {
  return cal.AddWorkingMinutes(start, std::llround(hours * 60));
}

Result<LocalDateTime> Appointment(const WorkingCalendar& cal, const Deadline& deadline,
                                  const LocalDateTime& received) {
  const int end = cal.options().afternoon_end;
  switch (deadline.unit) {
    case DeadlineUnit::kWorkingDays:
      if (IsWholeDays(deadline.amount)) {
        CQDT_ASSIGN_OR_RETURN(
            Date due, cal.AddWorkingDaysFromReceipt(received, static_cast<int>(deadline.amount)));
        return At(due, end);
      }
      return StepEnd(cal, received, deadline.amount * kHoursPerWorkingDay);
    case DeadlineUnit::kWorkingHours:
      return StepEnd(cal, received, deadline.amount);
    case DeadlineUnit::kDays: {
      CQDT_ASSIGN_OR_RETURN(
          Date due,
          cal.CalendarPeriodEnd(received.date, static_cast<int>(std::ceil(deadline.amount))));
      return At(due, end);
    }
  }
  return Error::InvalidField("deadline", "unit", "Đơn vị thời hạn không hợp lệ.");
}

Result<LocalDateTime> DueAfterPauses(const WorkingCalendar& cal, const Deadline& deadline,
                                     const LocalDateTime& received,
                                     const std::vector<Pause>& pauses, bool restart_on_resubmit,
                                     const LocalDateTime& now) {
  LocalDateTime start = received;
  std::size_t first_counted = 0;
  if (restart_on_resubmit) {
    // The deadline starts again from the last resubmission; later (open) pauses still count.
    for (std::size_t i = 0; i < pauses.size(); ++i) {
      if (pauses[i].to && start < *pauses[i].to) {
        start = *pauses[i].to;
        first_counted = i + 1;
      }
    }
  }
  CQDT_ASSIGN_OR_RETURN(LocalDateTime due, Appointment(cal, deadline, start));
  std::int64_t paused = 0;
  for (std::size_t i = first_counted; i < pauses.size(); ++i) {
    const LocalDateTime to = pauses[i].to ? *pauses[i].to : now;
    if (to < pauses[i].from) {
      continue;
    }
    CQDT_ASSIGN_OR_RETURN(std::int64_t m, cal.WorkingMinutesBetween(pauses[i].from, to));
    paused += m;
  }
  if (paused == 0) {
    return due;
  }
  if (CountsByDay(deadline)) {
    // A deadline in days moves by whole working days: the nearest number of the paused time.
    const std::int64_t per_day = MinutesPerDay(cal.options());
    const int days = static_cast<int>((paused + per_day / 2) / per_day);
    if (days == 0) {
      return due;
    }
    CQDT_ASSIGN_OR_RETURN(Date d, cal.AddWorkingDays(due.date, days));
    return At(d, due.hour * 60 + due.minute);
  }
  return cal.AddWorkingMinutes(due, paused);
}

const char* TimelinessName(Timeliness t) {
  switch (t) {
    case Timeliness::kEarly:
      return "early";
    case Timeliness::kOnTime:
      return "on_time";
    case Timeliness::kLate:
      return "late";
  }
  return "on_time";
}

std::string TimelinessLabel(Timeliness t) {
  switch (t) {
    case Timeliness::kEarly:
      return "Trước hạn";
    case Timeliness::kOnTime:
      return "Đúng hạn";
    case Timeliness::kLate:
      return "Quá hạn";
  }
  return "Đúng hạn";
}

Timeliness Classify(const LocalDateTime& due, const LocalDateTime& done, bool by_day) {
  if (by_day ? done.date > due.date : done > due) {
    return Timeliness::kLate;
  }
  return done.date < due.date ? Timeliness::kEarly : Timeliness::kOnTime;
}

}  // namespace cqdt::onestop
