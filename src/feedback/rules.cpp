#include "feedback/rules.hpp"

#include <cctype>
#include <set>

#include "core/clock.hpp"
#include "core/text.hpp"

namespace cqdt::feedback {

namespace {

std::string Digits(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
      out.push_back(c);
    }
  }
  return out;
}

// A Vietnamese phone number's digits, the country code written as the trunk prefix
// (+84 912 345 678 and 0912 345 678 are one number).
std::string PhoneDigits(const std::string& s) {
  std::string d = Digits(s);
  if (d.size() == 11 && d.starts_with("84")) {
    d = "0" + d.substr(2);
  }
  return d;
}

}  // namespace

Result<RatingInput> CheckRatingInput(RatingInput in, const Settings& settings) {
  std::vector<FieldError> errors;
  if (in.overall.empty()) {
    errors.push_back(
        {"overall", "required", "Vui lòng chọn mức độ hài lòng chung (trường 'overall')."});
  } else if (settings.FindLevel(in.overall) == nullptr) {
    errors.push_back(
        {"overall", "unknown", "Mức độ hài lòng '" + in.overall + "' không có trong danh mục."});
  }
  std::set<std::string> seen;
  for (const auto& [criterion, level] : in.criteria) {
    const std::string field = "criteria." + criterion;
    if (settings.FindCriterion(criterion) == nullptr) {
      errors.push_back({field, "unknown", "Tiêu chí đánh giá '" + criterion + "' không có."});
    } else if (!seen.insert(criterion).second) {
      errors.push_back({field, "duplicate", "Tiêu chí '" + criterion + "' được đánh giá hai lần."});
    } else if (settings.FindLevel(level) == nullptr) {
      errors.push_back({field, "unknown",
                        "Mức độ hài lòng '" + level + "' của tiêu chí '" + criterion +
                            "' không có trong danh mục."});
    }
  }
  if (auto c = CheckText(in.comment, "comment", "Ý kiến góp ý", 0, kMaxCommentLength, errors)) {
    in.comment = *c;
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  // The settings' order, so that a stored rating reads the same however it was sent.
  std::vector<std::pair<std::string, std::string>> ordered;
  for (const Criterion& c : settings.criteria) {
    for (const auto& [criterion, level] : in.criteria) {
      if (criterion == c.code) {
        ordered.emplace_back(criterion, level);
      }
    }
  }
  in.criteria = std::move(ordered);
  return in;
}

Status CheckMayRate(const DossierFacts& d, std::optional<std::int64_t> first_rated_at,
                    std::int64_t now, const Settings& settings) {
  if (!d.finished || d.finished_at <= 0) {
    return Error::FailedPrecondition(
        "Chỉ đánh giá được hồ sơ đã có kết quả giải quyết. Hồ sơ này chưa có kết quả.");
  }
  if (first_rated_at) {
    if (now > RatingChangeableUntil(*first_rated_at, settings)) {
      return Error::Conflict("Hồ sơ đã được đánh giá; đánh giá chỉ sửa được trong " +
                             std::to_string(settings.rating_change_days) +
                             " ngày sau lần đánh giá đầu tiên.");
    }
    return Ok();
  }
  if (now > d.finished_at + settings.rating_window_days * kDaySeconds) {
    return Error::FailedPrecondition("Đã hết thời hạn đánh giá: hồ sơ được đánh giá trong " +
                                     std::to_string(settings.rating_window_days) +
                                     " ngày kể từ khi có kết quả.");
  }
  return Ok();
}

std::int64_t RatingChangeableUntil(std::int64_t first_rated_at, const Settings& settings) {
  return first_rated_at + settings.rating_change_days * kDaySeconds;
}

Result<Due> PetitionDue(const WorkingCalendar& calendar, std::int64_t received_at, int days) {
  const LocalDateTime received = ToVietnamLocal(FromUnixSeconds(received_at));
  CQDT_ASSIGN_OR_RETURN(Date on, calendar.AddWorkingDays(received.date, days));
  // Vietnam keeps no daylight saving: the next day starts 24 hours after this one.
  const std::int64_t day_start = ToUnixSeconds(FromVietnamLocal({on, 0, 0}));
  return Due{on, day_start + kDaySeconds};
}

bool IsOverdue(std::int64_t due_at, std::int64_t answered_at, std::int64_t now) {
  return answered_at <= 0 && now >= due_at;
}

bool AnsweredLate(std::int64_t due_at, std::int64_t answered_at) {
  return answered_at > 0 && answered_at >= due_at;
}

bool ContactMatches(const std::string& phone, const std::string& email, const std::string& given) {
  const std::string trimmed = Trim(given);
  if (trimmed.empty()) {
    return false;
  }
  if (trimmed.find('@') != std::string::npos) {
    return !email.empty() && AsciiLower(Trim(email)) == AsciiLower(trimmed);
  }
  const std::string digits = PhoneDigits(trimmed);
  return digits.size() >= 8 && digits == PhoneDigits(phone);
}

}  // namespace cqdt::feedback
