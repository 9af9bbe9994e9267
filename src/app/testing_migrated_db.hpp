// The application tests' fixture: a fresh SQLite database in a temp directory with every
// module's migrations applied (AllMigrations), removed afterwards.
#pragma once

#include <filesystem>
#include <memory>

#include <gtest/gtest.h>

#include "crypto/crypto.hpp"
#include "db/migrator.hpp"
#include "services.hpp"

namespace cqdt::app {

class MigratedDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("cqdt-app-" + crypto::RandomHex(6));
    std::filesystem::create_directories(dir_);
    db::DatabaseOptions options;
    options.url = "sqlite://" + (dir_ / "cqdt.db").string();
    options.pool_size = 2;
    db_ = std::move(db::Database::Open(options)).value();
    ASSERT_TRUE(db::Migrator(*db_, AllMigrations()).Apply());
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::unique_ptr<db::Database> db_;
};

}  // namespace cqdt::app
