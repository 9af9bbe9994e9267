// Fixtures for database tests that run one body on SQLite and on PostgreSQL.
//
// Each test gets a fresh, empty database: a temp SQLite file, and, when the environment variable
// CQDT_TEST_PG holds a URL of a PostgreSQL server where the user may CREATE DATABASE (the test
// script starts a throwaway cluster and sets it), a fresh PostgreSQL database dropped afterwards.
// Without CQDT_TEST_PG the PostgreSQL cases are skipped with a message.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "db/database.hpp"

namespace cqdt::db::testing {

// Parameter of database tests: "sqlite" or "postgresql".
std::vector<std::string> Engines();

class TestDatabase {
 public:
  // Creates the fresh database; calls GTEST_SKIP-compatible failure through `skipped()`.
  explicit TestDatabase(const std::string& engine, std::size_t pool_size = 4);
  ~TestDatabase();
  bool skipped() const { return skipped_; }
  Database& db() { return *db_; }
  const std::string& url() const { return url_; }

 private:
  bool skipped_ = false;
  std::string url_;
  std::string pg_admin_url_;
  std::string pg_name_;
  std::string sqlite_dir_;
  std::unique_ptr<Database> db_;
};

// For INSTANTIATE_TEST_SUITE_P(..., ::testing::ValuesIn(Engines()), EngineName).
inline std::string EngineName(const ::testing::TestParamInfo<std::string>& info) {
  return info.param;
}

}  // namespace cqdt::db::testing
