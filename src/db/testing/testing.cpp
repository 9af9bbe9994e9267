#include "db/testing.hpp"

#include <cstdlib>
#include <filesystem>
#include <random>

#include <soci/soci.h>

namespace cqdt::db::testing {

std::vector<std::string> Engines() { return {"sqlite", "postgresql"}; }

namespace {

std::string RandomSuffix() {
  std::random_device rd;
  std::mt19937_64 gen(rd());
  return std::to_string(gen() % 1'000'000'000ULL);
}

// Replaces the database name of a postgresql:// URL ("...:port/postgres" -> ".../<name>").
std::string WithDbName(const std::string& url, const std::string& name) {
  auto slash = url.rfind('/');
  auto query = url.find('?', slash);
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  return url.substr(0, slash + 1) + name + tail;
}

}  // namespace

TestDatabase::TestDatabase(const std::string& engine, std::size_t pool_size) {
  if (engine == "sqlite") {
    auto dir = std::filesystem::temp_directory_path() / ("cqdt-test-" + RandomSuffix());
    std::filesystem::create_directories(dir);
    sqlite_dir_ = dir.string();
    url_ = "sqlite://" + (dir / "test.db").string();
  } else {
    const char* admin = std::getenv("CQDT_TEST_PG");
    if (admin == nullptr || *admin == '\0') {
      skipped_ = true;
      return;
    }
    pg_admin_url_ = admin;
    pg_name_ = "cqdt_test_" + RandomSuffix();
    auto admin_db = Database::Open({pg_admin_url_, 1});
    if (!admin_db) {
      ADD_FAILURE() << "cannot reach CQDT_TEST_PG";
      skipped_ = true;
      return;
    }
    {
      auto tx = (*admin_db)->Begin();
      tx.sql() << "COMMIT";  // CREATE DATABASE cannot run inside a transaction block
      tx.sql() << "CREATE DATABASE " + pg_name_;
      tx.sql() << "BEGIN";
    }
    url_ = WithDbName(pg_admin_url_, pg_name_);
  }
  auto opened = Database::Open({url_, pool_size});
  if (!opened) {
    ADD_FAILURE() << "cannot open test database " << url_ << ": " << opened.error().message();
    skipped_ = true;
    return;
  }
  db_ = std::move(opened).value();
}

TestDatabase::~TestDatabase() {
  db_.reset();
  if (!sqlite_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(sqlite_dir_, ec);
  }
  if (!pg_name_.empty()) {
    auto admin_db = Database::Open({pg_admin_url_, 1});
    if (admin_db) {
      auto tx = (*admin_db)->Begin();
      tx.sql() << "COMMIT";
      tx.sql() << "DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)";
      tx.sql() << "BEGIN";
    }
  }
}

}  // namespace cqdt::db::testing
