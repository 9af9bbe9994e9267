// The pure rules of ratings and PAKN (issue 13, item 7; decision 0018): who may rate when, what
// a rating holds, when a PAKN is due and when it is overdue, and which contact opens a PAKN to
// its filer. No database, no clock of their own: `now` is an argument. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "core/working_calendar.hpp"
#include "feedback/dossier_directory.hpp"
#include "feedback/settings.hpp"

namespace cqdt::feedback {

inline constexpr std::int64_t kDaySeconds = 86400;
inline constexpr std::size_t kMaxCommentLength = 1000;

// What a person rates: the overall level, optionally each criterion, and a comment.
struct RatingInput {
  std::string overall;                                        // a level's code
  std::vector<std::pair<std::string, std::string>> criteria;  // criterion code, level code
  std::string comment;
};

// `in` checked against `settings` and cleaned (comment trimmed; criteria in the settings'
// order). kInvalidArgument naming overall (required, a known level), criteria.<code> (a known
// criterion, once, on a known level) and comment (at most kMaxCommentLength code points, no
// control characters).
Result<RatingInput> CheckRatingInput(RatingInput in, const Settings& settings);

// Whether the dossier `d` may be rated at `now`, given when it was first rated (nullopt: never).
// A dossier is rated once its result is ready (done or returned), within
// settings.rating_window_days of that; the one rating it has may be replaced within
// settings.rating_change_days of the first (by any of its channels: the applicant at the desk,
// then at home, is the same person). kFailedPrecondition: not finished, or the window has
// passed; kConflict: rated, and the time to change it has passed.
Status CheckMayRate(const DossierFacts& d, std::optional<std::int64_t> first_rated_at,
                    std::int64_t now, const Settings& settings);
// The last second a rating first given at `first_rated_at` may be changed.
std::int64_t RatingChangeableUntil(std::int64_t first_rated_at, const Settings& settings);

// When a PAKN received at `received_at` (Unix seconds) must be answered: the day, `days`
// working days after the day it arrived in Vietnam (Bộ luật Dân sự 2015 Điều 147: the day of
// the event is not counted), and the first second after that day (an answer before it is on
// time). kInvalidArgument from the calendar out of its range.
struct Due {
  Date on;
  std::int64_t at = 0;
};
Result<Due> PetitionDue(const WorkingCalendar& calendar, std::int64_t received_at, int days);

// Not answered and past its due day at `now`.
bool IsOverdue(std::int64_t due_at, std::int64_t answered_at, std::int64_t now);
// Answered after its due day.
bool AnsweredLate(std::int64_t due_at, std::int64_t answered_at);

// Whether `given` is the contact a PAKN was filed with: the same phone number (its digits,
// at least 8 of them) or the same e-mail address (ASCII case ignored). An empty stored value
// never matches.
bool ContactMatches(const std::string& phone, const std::string& email, const std::string& given);

}  // namespace cqdt::feedback
