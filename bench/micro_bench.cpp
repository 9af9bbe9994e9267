// Micro-benchmarks of per-request hot paths (Google Benchmark prints the table).
#include <benchmark/benchmark.h>

#include "core/agency_code.hpp"
#include "crypto/crypto.hpp"
#include "http/router.hpp"

namespace {

void BM_ParseAgencyCode(benchmark::State& state) {
  for (auto _ : state) {
    auto code = cqdt::ParseAgencyCode("000.05.12.H41");
    benchmark::DoNotOptimize(code);
  }
}
BENCHMARK(BM_ParseAgencyCode);

void BM_RouterFind(benchmark::State& state) {
  cqdt::http::Router router;
  auto h = [](cqdt::http::Request&) { return cqdt::http::Response{}; };
  for (const char* p : {"/healthz", "/readyz", "/api/v1/agencies", "/api/v1/agencies/{id}",
                        "/api/v1/agencies/{id}/units", "/api/v1/users", "/api/v1/users/{id}",
                        "/api/v1/audit", "/api/v1/audit/verify", "/api/v1/auth/session"}) {
    router.Add("GET", p, h);
  }
  for (auto _ : state) {
    auto m = router.Find("GET", "/api/v1/agencies/42/units");
    benchmark::DoNotOptimize(m);
  }
}
BENCHMARK(BM_RouterFind);

void BM_SessionTokenHash(benchmark::State& state) {
  std::string token = cqdt::crypto::RandomToken(32);
  for (auto _ : state) {
    benchmark::DoNotOptimize(cqdt::crypto::Sha256Hex(token));
  }
}
BENCHMARK(BM_SessionTokenHash);

void BM_PasswordHashArgon2id(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(cqdt::crypto::HashPassword("Mật khẩu 2026 mạnh"));
  }
}
BENCHMARK(BM_PasswordHashArgon2id)->Unit(benchmark::kMillisecond)->Iterations(5);

}  // namespace

BENCHMARK_MAIN();
