#include "core/cpu_budget.hpp"

#include <thread>

#include <gtest/gtest.h>

namespace cqdt {
namespace {

TEST(CpuBudgetTest, UnlimitedIsNeverSpent) {
  const CpuBudget& budget = CpuBudget::Unlimited();
  EXPECT_TRUE(budget.IsUnlimited());
  EXPECT_FALSE(budget.Exhausted());
  EXPECT_TRUE(budget.Check());
}

TEST(CpuBudgetTest, ZeroIsSpentAtOnce) {
  CpuBudget budget(std::chrono::milliseconds(0));
  EXPECT_TRUE(budget.Exhausted());
  auto st = budget.Check();
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kTooLarge);
  EXPECT_NE(st.error().message().find("quá phức tạp"), std::string::npos);
}

TEST(CpuBudgetTest, BusyWorkSpendsItAndItStaysSpent) {
  CpuBudget budget(std::chrono::milliseconds(20));
  volatile unsigned sink = 0;
  // Ends once 20 ms of this thread's CPU time are used (no wall-clock deadline involved).
  while (!budget.Exhausted()) {
    for (unsigned i = 0; i < 100000; ++i) {
      sink = sink + i;
    }
  }
  EXPECT_TRUE(budget.Exhausted());
  EXPECT_FALSE(budget.Check());
}

TEST(CpuBudgetTest, WaitingCostsNothing) {
  // Thread CPU time, not wall time: a request waiting for the network spends none of it.
  CpuBudget budget(std::chrono::milliseconds(100));
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  EXPECT_FALSE(budget.Exhausted());
}

TEST(CpuBudgetTest, CountsOnlyItsOwnThread) {
  CpuBudget budget(std::chrono::milliseconds(20));
  std::thread busy([] {
    CpuBudget other(std::chrono::milliseconds(40));
    volatile unsigned sink = 0;
    while (!other.Exhausted()) {
      sink = sink + 1;
    }
  });
  busy.join();
  EXPECT_FALSE(budget.Exhausted());
}

}  // namespace
}  // namespace cqdt
