#include "core/cpu_budget.hpp"

#include <time.h>

#include <string>

namespace cqdt {
namespace {

std::chrono::nanoseconds ThreadCpuTime() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

}  // namespace

CpuBudget::CpuBudget(std::chrono::milliseconds limit)
    : unlimited_(false), limit_(limit), start_(ThreadCpuTime()), exhausted_(limit.count() <= 0) {}

const CpuBudget& CpuBudget::Unlimited() {
  static const CpuBudget unlimited;
  return unlimited;
}

bool CpuBudget::Exhausted() const {
  if (unlimited_) {
    return false;
  }
  if (!exhausted_ && ThreadCpuTime() - start_ >= limit_) {
    exhausted_ = true;
  }
  return exhausted_;
}

Status CpuBudget::Check() const {
  if (Exhausted()) {
    return ExhaustedError();
  }
  return Ok();
}

Error CpuBudget::ExhaustedError() const {
  // Seconds for people, with a decimal comma when the budget is not whole (tests use 0,2 s).
  const auto ms = limit_.count();
  std::string amount = std::to_string(ms / 1000);
  if (ms % 1000 != 0) {
    std::string fraction = std::to_string(1000 + ms % 1000).substr(1);
    while (fraction.back() == '0') {
      fraction.pop_back();
    }
    amount += "," + fraction;
  }
  return Error::TooLarge("Tệp quá phức tạp: việc kiểm tra cần nhiều hơn " + amount +
                         " giây xử lý cho phép với một yêu cầu, nên hệ thống dừng lại và không "
                         "đưa ra kết luận cho tệp này.");
}

}  // namespace cqdt
