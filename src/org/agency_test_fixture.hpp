// Test fixture shared by the org module's database tests: a fresh database (SQLite, and
// PostgreSQL when CQDT_TEST_PG is set) with the audit and org tables, and an AgencyService on a
// fake clock. Derive a suite from it: `class MyTest : public AgencyServiceFixture {};`.
#pragma once

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "db/testing.hpp"
#include "org/agency_service.hpp"

namespace cqdt::org {

class AgencyServiceFixture : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam());
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    auto migrations = audit::Migrations();
    for (auto& m : Migrations()) {
      migrations.push_back(m);
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), migrations).Apply());
  }
  // i18n: Vietnamese only (test data)
  AgencyInput Province() {
    AgencyInput in;
    in.code = "000.00.00.H01";
    in.name = "Ủy ban nhân dân tỉnh An Giang";
    in.short_name = "UBND";
    in.kind = "provincial_committee";
    in.valid_from = "2025-07-01";
    return in;
  }  // i18n: end

  // A department of the province: code 000.00.<nn>.H01 under 000.00.00.H01.
  AgencyInput Department(int nn, const std::string& name) {
    AgencyInput in = Province();
    in.code = std::string("000.00.") + (nn < 10 ? "0" : "") + std::to_string(nn) + ".H01";
    in.name = name;
    in.short_name = "S" + std::to_string(nn);
    in.kind = "department";
    in.parent_code = "000.00.00.H01";
    return in;
  }
  int Count() {
    auto tx = tdb_->db().BeginRead();
    return static_cast<int>(service_.List(tx, {"", "", true})->size());
  }
  FakeClock clock_{FromUnixSeconds(1764200000)};  // 2025-11-26
  audit::AuditLog audit_{clock_};
  AgencyService service_{audit_, clock_};
  audit::Actor actor_{UserId(1), "admin", AgencyId(), "127.0.0.1", "req-1"};
  std::unique_ptr<db::testing::TestDatabase> tdb_;
};

}  // namespace cqdt::org
