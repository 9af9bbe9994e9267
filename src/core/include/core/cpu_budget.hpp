// A budget of CPU time for one unit of work on one thread (verifying an uploaded file), so that
// the cost of untrusted input stays bounded whatever numbers the input declares.
//
// The budget counts the CPU time of the thread that created it (CLOCK_THREAD_CPUTIME_ID), not
// wall time: a request that waits (for the network, for a lock) spends nothing, and a loaded
// machine does not make honest work fail sooner. Code that loops over quantities taken from
// untrusted input calls Check() (or Exhausted()) at checkpoints; once the budget is spent it
// stays spent.
//
// Thread safety: a CpuBudget must be checked only on the thread that created it (the clock is that
// thread's); it is not shared between threads. Unlimited() may be used from any thread.
#pragma once

#include <chrono>

#include "core/result.hpp"

namespace cqdt {

class CpuBudget {
 public:
  // Starts now, on the calling thread. A limit of zero or less is already spent.
  explicit CpuBudget(std::chrono::milliseconds limit);

  // A budget that is never spent (callers that are not bounded, and tests).
  static const CpuBudget& Unlimited();

  bool IsUnlimited() const { return unlimited_; }
  std::chrono::milliseconds limit() const { return limit_; }

  // True once the thread has used `limit` of CPU time since construction. Reads the clock (a
  // system call): call it at checkpoints, not per byte.
  bool Exhausted() const;

  // Ok while time remains; otherwise TooLarge with the Vietnamese message below.
  Status Check() const;

  // The error Check() returns: the work needs more processing than one request may use.
  Error ExhaustedError() const;

 private:
  CpuBudget() = default;  // Unlimited()

  bool unlimited_ = true;
  std::chrono::milliseconds limit_{0};
  std::chrono::nanoseconds start_{0};
  mutable bool exhausted_ = false;
};

}  // namespace cqdt
