// The pool across a database that goes away (issue 16): connections the server closed are
// replaced, a wait for a connection is bounded, and the failures are ones IsUnavailable()
// recognises (HTTP answers them 503). PostgreSQL only (CQDT_TEST_PG), except where noted.
#include <cstdlib>
#include <thread>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "core/unavailable.hpp"
#include "db/database.hpp"
#include "db/testing.hpp"

namespace cqdt::db {
namespace {

// Ends every other connection to the test's database, as a server restart does.
void TerminateOthers(Database& admin) {
  auto tx = admin.Begin();
  int n = 0;
  tx.sql() << "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
              " WHERE datname = current_database() AND pid <> pg_backend_pid()",
      soci::into(n);
  ASSERT_TRUE(tx.Commit());
}

class PoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<testing::TestDatabase>("postgresql", 4);
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
  }
  std::unique_ptr<testing::TestDatabase> tdb_;
};

TEST_F(PoolTest, ConnectionsTheServerClosedAreReplaced) {
  auto db = Database::Open({.url = tdb_->url(), .pool_size = 3});
  ASSERT_TRUE(db);
  // Three connections in the pool, idle.
  {
    auto a = (*db)->Begin();
    auto b = (*db)->Begin();
    auto c = (*db)->BeginRead();
    int one = 0;
    c.sql() << "SELECT 1", soci::into(one);
  }
  TerminateOthers(tdb_->db());
  // The next transactions begin on new connections: no request fails for a stale one.
  for (int i = 0; i < 4; ++i) {
    auto tx = (*db)->BeginRead();
    int one = 0;
    tx.sql() << "SELECT 1", soci::into(one);
    EXPECT_EQ(one, 1);
  }
  EXPECT_TRUE((*db)->Ping());
  auto w = (*db)->Begin();
  w.sql() << "CREATE TABLE healed (id INTEGER)";
  EXPECT_TRUE(w.Commit());
}

TEST_F(PoolTest, AStatementOnALostConnectionIsUnavailable) {
  auto db = Database::Open({.url = tdb_->url(), .pool_size = 2});
  ASSERT_TRUE(db);
  auto tx = (*db)->BeginRead();
  int one = 0;
  tx.sql() << "SELECT 1", soci::into(one);
  TerminateOthers(tdb_->db());
  try {
    tx.sql() << "SELECT 1", soci::into(one);
    FAIL() << "the statement ran on a terminated connection";
  } catch (const std::exception& e) {
    EXPECT_TRUE(IsUnavailable(e)) << e.what();
  }
}

TEST_F(PoolTest, WaitingForAConnectionIsBounded) {
  auto db = Database::Open(
      {.url = tdb_->url(), .pool_size = 1, .pool_wait = std::chrono::milliseconds(200)});
  ASSERT_TRUE(db);
  auto held = (*db)->Begin();
  bool unavailable = false;
  std::thread other([&] {
    try {
      auto tx = (*db)->Begin();
    } catch (const UnavailableError&) {
      unavailable = true;
    }
  });
  other.join();
  EXPECT_TRUE(unavailable);
  EXPECT_FALSE((*db)->Ping());  // the one connection is still held
}

// No server at all: Open fails with one line that names the server, not the password.
TEST(PoolStartTest, AnUnreachableServerIsOneLineWithoutThePassword) {
  auto db = Database::Open({.url = "postgresql://cqdt:s3cret@127.0.0.1:1/x"});
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code(), ErrorCode::kUnavailable);
  const std::string& m = db.error().message();
  EXPECT_NE(m.find("127.0.0.1:1"), std::string::npos) << m;
  EXPECT_EQ(m.find("s3cret"), std::string::npos) << m;
  EXPECT_EQ(m.find('\n'), std::string::npos) << m;
}

}  // namespace
}  // namespace cqdt::db
