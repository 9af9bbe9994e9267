#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "audit/audit_log.hpp"
#include "db/testing.hpp"

namespace cqdt::audit {
namespace {

class AuditLogTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam());
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), Migrations()).Apply());
  }
  void Append(int n) {
    for (int i = 0; i < n; ++i) {
      auto tx = tdb_->db().Begin();
      ASSERT_TRUE(log_.Record(
          tx, {UserId(7), "admin", AgencyId(3), "127.0.0.1", "req-" + std::to_string(i)},
          {"agency.create", "agency", std::to_string(100 + i), "Tạo cơ quan"}));
      ASSERT_TRUE(tx.Commit());
    }
  }
  VerifyReport Verify() {
    auto tx = tdb_->db().BeginRead();
    return log_.Verify(tx);
  }
  void Exec(const std::string& sql) {
    auto tx = tdb_->db().Begin();
    tx.sql() << sql;
    ASSERT_TRUE(tx.Commit());
  }
  FakeClock clock_{FromUnixSeconds(1764200000)};
  AuditLog log_{clock_};
  std::unique_ptr<db::testing::TestDatabase> tdb_;
};

TEST_P(AuditLogTest, ChainVerifiesWhenUntouched) {
  Append(5);
  auto r = Verify();
  EXPECT_TRUE(r.ok) << r.reason;
  EXPECT_EQ(r.checked, 5);
}

// A transaction's entries are written as it commits, together (eight to a statement), in the
// order appended and after the chain's end as it is then; the transaction's own reads of the log
// see them before; a rollback leaves none.
TEST_P(AuditLogTest, ATransactionsEntriesJoinTheChainWhenItCommits) {
  Append(2);
  const Actor actor{UserId(7), "admin", AgencyId(3), "127.0.0.1", "req-batch"};
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(log_.Record(tx, actor, {"agency.update", "agency", "1", "bỏ"}));
  }  // rolled back
  auto tx = tdb_->db().Begin();
  for (int i = 0; i < 11; ++i) {
    ASSERT_TRUE(log_.Record(tx, actor, {"agency.update", "agency", std::to_string(i), "Sửa"}));
  }
  long long written = -1;
  tx.sql() << "SELECT COUNT(*) FROM audit_entry", soci::into(written);
  EXPECT_EQ(written, 2) << "written only as the transaction commits (or its log is read)";
  clock_.Advance(std::chrono::seconds(5));  // the entries' time is the time they join the chain
  Filter f;
  f.action = "agency.update";
  auto seen = log_.List(tx, f);
  ASSERT_TRUE(seen) << seen.error().message();
  EXPECT_EQ(seen->items.size(), 11U);
  ASSERT_TRUE(log_.Record(tx, actor, {"agency.update", "agency", "11", "Sửa sau khi đọc"}));
  ASSERT_TRUE(tx.Commit());
  auto r = Verify();
  EXPECT_TRUE(r.ok) << r.reason;
  EXPECT_EQ(r.checked, 14);
  auto read = tdb_->db().BeginRead();
  for (int i = 0; i < 12; ++i) {
    auto e = log_.EntryAt(read, 3 + i);
    ASSERT_TRUE(e) << i;
    EXPECT_EQ(e->entity_id, std::to_string(i));
    EXPECT_EQ(e->at, ToIsoUtc(clock_.Now()));
  }
}

TEST_P(AuditLogTest, NamesTheAlteredEntry) {
  Append(5);
  Exec("UPDATE audit_entry SET summary = 'sửa trộm' WHERE seq = 3");
  auto r = Verify();
  EXPECT_FALSE(r.ok);
  long long id = 0;
  auto tx = tdb_->db().BeginRead();
  tx.sql() << "SELECT id FROM audit_entry WHERE seq = 3", soci::into(id);
  EXPECT_EQ(r.first_broken_id, id);
}

TEST_P(AuditLogTest, DetectsADeletedEntry) {
  Append(5);
  Exec("DELETE FROM audit_entry WHERE seq = 2");
  auto r = Verify();
  EXPECT_FALSE(r.ok);
  ASSERT_TRUE(r.first_broken_id);
  long long seq = 0;
  auto tx = tdb_->db().BeginRead();
  tx.sql() << "SELECT seq FROM audit_entry WHERE id = :id",
      soci::use(static_cast<long long>(*r.first_broken_id)), soci::into(seq);
  EXPECT_EQ(seq, 3);
}

// A transaction's later entries continue the chain from the entry it appended (without reading
// the chain's end again): with writers in parallel, every entry still links to the one before.
TEST_P(AuditLogTest, SeveralEntriesPerTransactionFromParallelWritersFormOneChain) {
  constexpr int kThreads = 3, kTransactions = 4, kEntries = 3;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kTransactions; ++i) {
        auto tx = tdb_->db().Begin();
        for (int e = 0; e < kEntries; ++e) {
          const std::string id =
              std::to_string(t) + "-" + std::to_string(i) + "-" + std::to_string(e);
          if (!log_.Record(tx, {UserId(7), "admin", AgencyId(3), "127.0.0.1", id},
                           {"agency.create", "agency", id, "Tạo cơ quan"})) {
            ++failures;
          }
        }
        if (!tx.Commit()) {
          ++failures;
        }
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  EXPECT_EQ(failures.load(), 0);
  // A rolled-back transaction's entries are gone, and the next one chains from what is stored.
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(log_.Record(tx, {}, {"x", "y", "rolled-back", ""}));
  }
  Append(1);
  auto r = Verify();
  EXPECT_TRUE(r.ok) << r.reason;
  EXPECT_EQ(r.checked, kThreads * kTransactions * kEntries + 1);
}

// What a user typed goes into the chain as it was, whatever it holds: quotes, backslashes,
// ':name' (a parameter to SOCI), '$q$', Vietnamese; and the chain verifies.
TEST_P(AuditLogTest, AnySummaryIsKeptAsTypedAndVerifies) {
  const std::string odd = "Ông O'Brien \\ 'x'' :name $q0$ ; COMMIT; -- Đắk Lắk \\x00";
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(log_.Record(tx, {UserId(7), "ad'min", AgencyId(), ":addr", "req:1"},
                            {"agency.create", "agency", "1", odd}));
    ASSERT_TRUE(log_.Record(tx, {}, {"agency.update", "agency", "2", "thứ hai"}));
    ASSERT_TRUE(tx.Commit());
  }
  auto tx = tdb_->db().BeginRead();
  auto first = log_.EntryAt(tx, 1);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->summary, odd);
  EXPECT_EQ(first->actor, "ad'min");
  EXPECT_EQ(first->client_address, ":addr");
  EXPECT_FALSE(first->agency_id.IsSet());
  auto r = log_.Verify(tx);
  EXPECT_TRUE(r.ok) << r.reason;
  EXPECT_EQ(r.checked, 2);
}

// A read transaction that has not touched the database yet still writes what it recorded.
TEST_P(AuditLogTest, AnUntouchedReadTransactionWritesItsEntries) {
  {
    auto tx = tdb_->db().BeginRead();
    ASSERT_TRUE(log_.Record(tx, {UserId(7), "admin", AgencyId(3), "127.0.0.1", "r"},
                            {"document.file_viewed", "document", "1", "Xem tệp"}));
    ASSERT_TRUE(tx.Commit());
  }
  auto r = Verify();
  EXPECT_TRUE(r.ok) << r.reason;
  EXPECT_EQ(r.checked, 1);
}

TEST_P(AuditLogTest, RolledBackChangeLeavesNoEntry) {
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(log_.Record(tx, {}, {"x", "y", "1", ""}));
  }
  auto tx = tdb_->db().BeginRead();
  auto page = log_.List(tx, {});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 0);
}

TEST_P(AuditLogTest, FiltersAndPages) {
  Append(7);
  auto tx = tdb_->db().BeginRead();
  Filter f;
  f.action = "agency.";
  f.limit = 3;
  auto page = log_.List(tx, f);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 7);
  ASSERT_EQ(page->items.size(), 3u);
  EXPECT_EQ(page->items[0].seq, 7);
  f.actor = "nobody";
  EXPECT_EQ(log_.List(tx, f)->total, 0);
  f = {};
  f.limit = 0;
  auto bad = log_.List(tx, f);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields().at(0).field, "limit");
}

TEST_P(AuditLogTest, ActionFilterIsExactUnlessItEndsWithADot) {
  auto tx = tdb_->db().Begin();
  for (const char* action : {"auth.login", "auth.login_failed", "auth.logout"}) {
    ASSERT_TRUE(log_.Record(tx, {}, {action, "session", "x", ""}));
  }
  auto count = [&](const std::string& action) {
    Filter f;
    f.action = action;
    return log_.List(tx, f)->total;
  };
  EXPECT_EQ(count("auth.login"), 1);  // not auth.login_failed
  EXPECT_EQ(count("auth."), 3);
  EXPECT_EQ(count("auth_login"), 0);  // "_" is not a wildcard
  EXPECT_EQ(count("auth%"), 0);
  EXPECT_EQ(count("%."), 0);
}

TEST_P(AuditLogTest, DateFilterCountsDaysInVietnamTime) {
  Append(1);  // at 2025-11-26T23:33:20Z, that is 27/11/2025 06:33 in Vietnam (UTC+7)
  auto tx = tdb_->db().BeginRead();
  auto count = [&](const std::string& from, const std::string& to) {
    Filter f;
    f.from = from;
    f.to = to;
    return log_.List(tx, f)->total;
  };
  EXPECT_EQ(count("2025-11-27", "2025-11-27"), 1);
  EXPECT_EQ(count("2025-11-26", "2025-11-26"), 0);
  EXPECT_EQ(count("", "2025-11-26"), 0);
  EXPECT_EQ(count("2025-11-28", ""), 0);
  EXPECT_EQ(count("2025-11-01", "2025-11-30"), 1);
}

TEST_P(AuditLogTest, KeepsTheClientRequestIdApartAndHashesIt) {
  {
    auto tx = tdb_->db().Begin();
    Actor actor{UserId(7), "admin", AgencyId(3), "127.0.0.1", "0123456789abcdef0123456789abcdef"};
    actor.client_request_id = "trace-0001";
    ASSERT_TRUE(log_.Record(tx, actor, {"agency.create", "agency", "100", "Tạo cơ quan"}));
    ASSERT_TRUE(tx.Commit());
  }
  Append(1);
  {
    auto tx = tdb_->db().BeginRead();
    auto first = log_.EntryAt(tx, 1);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->request_id, "0123456789abcdef0123456789abcdef");
    EXPECT_EQ(first->client_request_id, "trace-0001");
    EXPECT_EQ(log_.EntryAt(tx, 2)->client_request_id, "");
  }
  EXPECT_TRUE(Verify().ok);
  // The client's id is covered by the entry's hash.
  Exec("UPDATE audit_entry SET client_request_id = 'trace-9999' WHERE seq = 1");
  EXPECT_FALSE(Verify().ok);
}

TEST_P(AuditLogTest, AnEntryWithoutClientRequestIdHashesAsBeforeTheColumnExisted) {
  // Golden value computed by the code before migration 2: entries written then still verify.
  auto tx = tdb_->db().Begin();
  ASSERT_TRUE(log_.Record(
      tx, {UserId(7), "admin", AgencyId(3), "127.0.0.1", "0123456789abcdef0123456789abcdef"},
      {"agency.create", "agency", "100", "Tạo cơ quan"}));
  ASSERT_TRUE(tx.Commit());
  auto read = tdb_->db().BeginRead();
  EXPECT_EQ(log_.EntryAt(read, 1)->hash,
            "98caa75a21fae50dab33e7f341b7b944f16cda2973e11957ba254dc23f9c382c");
}

INSTANTIATE_TEST_SUITE_P(Engines, AuditLogTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::audit
