// Calendar micro-benchmarks (issue 3): solar -> lunar conversion with the per-year cache, and
// add-working-days over a 60-day span. Google Benchmark prints ns per operation.
#include <cstdint>

#include <benchmark/benchmark.h>

#include "core/lunar_calendar.hpp"
#include "core/working_calendar.hpp"

namespace {

// Dates spread over 2020-2029 so the loop is not one cached answer.
cqdt::Date NthDate(std::int64_t i) {
  static const std::int64_t kFirst = cqdt::ToJulianDay({2020, 1, 1});
  return cqdt::FromJulianDay(kFirst + (i * 37) % 3650);
}

void BM_SolarToLunar(benchmark::State& state) {
  const auto& cal = cqdt::LunarCalendar::Vietnam();
  std::int64_t i = 0;
  for (auto _ : state) {
    auto lunar = cal.ToLunar(NthDate(i++));
    benchmark::DoNotOptimize(lunar);
  }
}
BENCHMARK(BM_SolarToLunar);

void BM_LunarToSolar(benchmark::State& state) {
  const auto& cal = cqdt::LunarCalendar::Vietnam();
  int i = 0;
  for (auto _ : state) {
    auto solar = cal.ToSolar({1 + i % 29, 1 + i % 12, 2020 + i % 10, false});
    benchmark::DoNotOptimize(solar);
    ++i;
  }
}
BENCHMARK(BM_LunarToSolar);

// The uncached cost: a fresh calendar per conversion computes the lunar year segment(s).
void BM_SolarToLunarColdCache(benchmark::State& state) {
  std::int64_t i = 0;
  for (auto _ : state) {
    cqdt::LunarCalendar cal(cqdt::LunarCalendar::kVietnamTimeZone);
    auto lunar = cal.ToLunar(NthDate(i++));
    benchmark::DoNotOptimize(lunar);
  }
}
BENCHMARK(BM_SolarToLunarColdCache);

// A 60-working-day deadline (about 84 calendar days, across Tết for early-year starts).
void BM_AddWorkingDays60(benchmark::State& state) {
  static const cqdt::WorkingCalendar cal;
  std::int64_t i = 0;
  for (auto _ : state) {
    auto due = cal.AddWorkingDays(NthDate(i++), 60);
    benchmark::DoNotOptimize(due);
  }
}
BENCHMARK(BM_AddWorkingDays60);

void BM_WorkingDaysBetween60(benchmark::State& state) {
  static const cqdt::WorkingCalendar cal;
  std::int64_t i = 0;
  for (auto _ : state) {
    cqdt::Date from = NthDate(i++);
    auto n = cal.WorkingDaysBetween(from, cqdt::AddDays(from, 60));
    benchmark::DoNotOptimize(n);
  }
}
BENCHMARK(BM_WorkingDaysBetween60);

void BM_IsWorkingDay(benchmark::State& state) {
  static const cqdt::WorkingCalendar cal;
  std::int64_t i = 0;
  for (auto _ : state) {
    bool w = cal.IsWorkingDay(NthDate(i++));
    benchmark::DoNotOptimize(w);
  }
}
BENCHMARK(BM_IsWorkingDay);

}  // namespace

BENCHMARK_MAIN();
