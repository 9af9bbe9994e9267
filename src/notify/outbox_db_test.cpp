#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "db/testing.hpp"
#include "notify/outbox.hpp"

namespace cqdt::notify {
namespace {

// 2026-03-02 10:00 in Vietnam.
const TimePoint kStart = FromUnixSeconds(1772420400);

class OutboxTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam(), 4);
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), Migrations()).Apply());
  }

  static Notice Assigned(std::int64_t user, const std::string& document) {
    Notice n;
    n.recipient = Recipient::User(UserId(user));
    n.kind = "documents.assigned";
    n.text_vi = "Văn bản " + document + " được giao cho bạn xử lý.";
    n.text_en = "Document " + document + " was assigned to you.";
    n.link = "/van-ban/den/" + document;
    n.entity_type = "documents.document";
    n.entity_id = document;
    return n;
  }

  // Enqueues in its own committed transaction.
  Enqueued Put(const Notice& n) {
    auto tx = tdb_->db().Begin();
    auto r = outbox_.Enqueue(tx, n);
    EXPECT_TRUE(r) << r.error().message();
    EXPECT_TRUE(tx.Commit());
    return r ? *r : Enqueued{};
  }

  long long Rows() {
    auto tx = tdb_->db().BeginRead();
    long long n = 0;
    tx.sql() << "SELECT COUNT(*) FROM notify_message", soci::into(n);
    return n;
  }

  std::int64_t Unread(const Recipient& r) {
    auto tx = tdb_->db().BeginRead();
    return outbox_.CountUnread(tx, r);
  }

  FakeClock clock_{kStart};
  Outbox outbox_{clock_};
  std::unique_ptr<db::testing::TestDatabase> tdb_;
};

TEST_P(OutboxTest, EnqueuedNoticesAreListedNewestFirstWithEveryField) {
  auto first = Put(Assigned(7, "12"));
  clock_.Advance(std::chrono::seconds(60));
  auto second = Put(Assigned(7, "13"));
  EXPECT_TRUE(first.created);
  EXPECT_TRUE(second.created);
  EXPECT_NE(first.id, second.id);
  auto tx = tdb_->db().BeginRead();
  auto page = outbox_.ListForRecipient(tx, Recipient::User(UserId(7)), false, 10, 0);
  ASSERT_TRUE(page) << page.error().message();
  EXPECT_EQ(page->total, 2);
  ASSERT_EQ(page->items.size(), 2U);
  const Message& m = page->items[0];
  EXPECT_EQ(m.id, second.id);
  EXPECT_EQ(m.recipient, Recipient::User(UserId(7)));
  EXPECT_EQ(m.kind, "documents.assigned");
  EXPECT_EQ(m.text_vi, "Văn bản 13 được giao cho bạn xử lý.");
  EXPECT_EQ(m.text_en, "Document 13 was assigned to you.");
  EXPECT_EQ(m.link, "/van-ban/den/13");
  EXPECT_EQ(m.entity_type, "documents.document");
  EXPECT_EQ(m.entity_id, "13");
  EXPECT_EQ(m.created_at, kStart + std::chrono::seconds(60));
  EXPECT_FALSE(m.read_at);
  EXPECT_EQ(page->items[1].id, first.id);
  // The e-mail channel starts pending and due now, for the worker of issue 15.
  std::string state;
  long long attempts = -1, next = 0;
  long long id = first.id.value();
  tx.sql() << "SELECT email_state, email_attempts, email_next_attempt_at FROM notify_message "
              "WHERE id = :id",
      soci::use(id), soci::into(state), soci::into(attempts), soci::into(next);
  EXPECT_EQ(state, "pending");
  EXPECT_EQ(attempts, 0);
  EXPECT_EQ(next, ToUnixSeconds(kStart));
}

TEST_P(OutboxTest, RolledBackTransactionLeavesNoNotice) {
  {
    auto tx = tdb_->db().Begin();
    auto r = outbox_.Enqueue(tx, Assigned(7, "12"));
    ASSERT_TRUE(r) << r.error().message();
    // the caller's use case fails after enqueuing: no commit
  }
  EXPECT_EQ(Rows(), 0);
  EXPECT_EQ(Unread(Recipient::User(UserId(7))), 0);
  // The key is free again.
  EXPECT_TRUE(Put(Assigned(7, "12")).created);
}

TEST_P(OutboxTest, ADuplicateDedupKeyReturnsTheExistingNotice) {
  auto first = Put(Assigned(7, "12"));
  clock_.Advance(std::chrono::hours(1));
  auto again = Put(Assigned(7, "12"));  // the same event about the same document, same day
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.id, first.id);
  {
    // Within one transaction too.
    auto tx = tdb_->db().Begin();
    auto a = outbox_.Enqueue(tx, Assigned(8, "12"));
    auto b = outbox_.Enqueue(tx, Assigned(8, "12"));
    ASSERT_TRUE(a && b);
    EXPECT_TRUE(a->created);
    EXPECT_FALSE(b->created);
    EXPECT_EQ(a->id, b->id);
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_EQ(Rows(), 2);
  // An explicit key decides alone.
  Notice keyed = Assigned(7, "14");
  keyed.dedup_key = "documents.assigned:12:2026-03-02";
  EXPECT_TRUE(Put(keyed).created);
  Notice same_key = Assigned(7, "15");
  same_key.dedup_key = keyed.dedup_key;
  EXPECT_EQ(Put(same_key).id, Put(keyed).id);
}

// The default key holds the day in Vietnam time: 16:59 UTC and 17:00 UTC are two days there.
TEST_P(OutboxTest, TheDefaultKeyLetsTheSameEventNotifyAgainOnTheNextVietnamDay) {
  clock_.Set(FromUnixSeconds(1772470740));  // 2026-03-02T16:59:00Z = 23:59 in Vietnam
  auto today = Put(Assigned(7, "12"));
  clock_.Advance(std::chrono::seconds(60));  // 00:00 on 3 March in Vietnam
  auto tomorrow = Put(Assigned(7, "12"));
  EXPECT_TRUE(tomorrow.created);
  EXPECT_NE(today.id, tomorrow.id);
  EXPECT_EQ(DefaultDedupKey("documents.assigned", "documents.document", "12",
                            FromUnixSeconds(1772470740)),
            "documents.assigned|documents.document:12|2026-03-02");
}

TEST_P(OutboxTest, KeysAreUniquePerRecipientAndKind) {
  EXPECT_TRUE(Put(Assigned(7, "12")).created);
  EXPECT_TRUE(Put(Assigned(8, "12")).created);
  Notice citizen = Assigned(7, "12");  // citizen 7 is not user 7
  citizen.recipient = Recipient::Citizen(CitizenId(7));
  EXPECT_TRUE(Put(citizen).created);
  EXPECT_EQ(Rows(), 3);
  EXPECT_EQ(Unread(Recipient::Citizen(CitizenId(7))), 1);
  EXPECT_EQ(Unread(Recipient::User(UserId(7))), 1);
}

TEST_P(OutboxTest, UnreadFilterPagingAndCounts) {
  std::vector<NoticeId> ids;
  for (int i = 1; i <= 5; ++i) {
    ids.push_back(Put(Assigned(7, std::to_string(i))).id);
    clock_.Advance(std::chrono::seconds(1));
  }
  Put(Assigned(9, "1"));
  const auto me = Recipient::User(UserId(7));
  {
    auto tx = tdb_->db().Begin();
    auto marked = outbox_.MarkRead(tx, me, {ids[4], ids[3]});
    ASSERT_TRUE(marked);
    EXPECT_EQ(*marked, 2);
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_EQ(Unread(me), 3);
  auto tx = tdb_->db().BeginRead();
  auto unread = outbox_.ListForRecipient(tx, me, true, 2, 0);
  ASSERT_TRUE(unread);
  EXPECT_EQ(unread->total, 3);
  ASSERT_EQ(unread->items.size(), 2U);
  EXPECT_EQ(unread->items[0].id, ids[2]);
  EXPECT_EQ(unread->items[1].id, ids[1]);
  auto rest = outbox_.ListForRecipient(tx, me, true, 2, 2);
  ASSERT_TRUE(rest);
  ASSERT_EQ(rest->items.size(), 1U);
  EXPECT_EQ(rest->items[0].id, ids[0]);
  auto all = outbox_.ListForRecipient(tx, me, false, 100, 0);
  ASSERT_TRUE(all);
  EXPECT_EQ(all->total, 5);
  ASSERT_TRUE(all->items[0].read_at);
  EXPECT_EQ(*all->items[0].read_at, clock_.Now());
  EXPECT_FALSE(all->items[2].read_at);
  auto past_end = outbox_.ListForRecipient(tx, me, false, 10, 50);
  ASSERT_TRUE(past_end);
  EXPECT_TRUE(past_end->items.empty());
  EXPECT_EQ(past_end->total, 5);
}

TEST_P(OutboxTest, ARecipientCannotMarkAnothersNotices) {
  auto mine = Put(Assigned(7, "12")).id;
  auto theirs = Put(Assigned(8, "12")).id;
  auto citizen_notice = Assigned(7, "13");
  citizen_notice.recipient = Recipient::Citizen(CitizenId(7));
  auto citizens = Put(citizen_notice).id;
  {
    auto tx = tdb_->db().Begin();
    // User 7 names the other user's and the citizen's notices, and one that does not exist.
    auto marked = outbox_.MarkRead(tx, Recipient::User(UserId(7)),
                                   {theirs, citizens, NoticeId(999999), mine});
    ASSERT_TRUE(marked);
    EXPECT_EQ(*marked, 1);
    auto all = outbox_.MarkAllRead(tx, Recipient::User(UserId(7)));
    ASSERT_TRUE(all);
    EXPECT_EQ(*all, 0);
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_EQ(Unread(Recipient::User(UserId(7))), 0);
  EXPECT_EQ(Unread(Recipient::User(UserId(8))), 1);
  EXPECT_EQ(Unread(Recipient::Citizen(CitizenId(7))), 1);
  // And a list never shows another's.
  auto tx = tdb_->db().BeginRead();
  auto page = outbox_.ListForRecipient(tx, Recipient::User(UserId(8)), false, 10, 0);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 1U);
  EXPECT_EQ(page->items[0].id, theirs);
}

TEST_P(OutboxTest, ReadAtIsSetOnceAndMarkAllReadCountsWhatItChanged) {
  auto a = Put(Assigned(7, "1")).id;
  Put(Assigned(7, "2"));
  Put(Assigned(7, "3"));
  const auto me = Recipient::User(UserId(7));
  const TimePoint first_read = clock_.Now();
  {
    auto tx = tdb_->db().Begin();
    EXPECT_EQ(*outbox_.MarkRead(tx, me, {a}), 1);
    ASSERT_TRUE(tx.Commit());
  }
  clock_.Advance(std::chrono::hours(2));
  {
    auto tx = tdb_->db().Begin();
    EXPECT_EQ(*outbox_.MarkRead(tx, me, {a}), 0);
    EXPECT_EQ(*outbox_.MarkAllRead(tx, me), 2);
    EXPECT_EQ(*outbox_.MarkAllRead(tx, me), 0);
    EXPECT_EQ(*outbox_.MarkRead(tx, me, {}), 0);
    ASSERT_TRUE(tx.Commit());
  }
  auto tx = tdb_->db().BeginRead();
  auto page = outbox_.ListForRecipient(tx, me, false, 10, 0);
  ASSERT_TRUE(page);
  for (const auto& m : page->items) {
    ASSERT_TRUE(m.read_at);
    EXPECT_EQ(*m.read_at, m.id == a ? first_read : clock_.Now());
  }
}

// Many threads over two connection pools (as two processes would) enqueue the same few notices
// at once, some of them rolling back: each notice exists exactly once, and every committed
// enqueue got the id of that one row.
TEST_P(OutboxTest, ConcurrentDuplicatesWriteOneRow) {
  db::DatabaseOptions options;
  options.url = tdb_->url();
  options.pool_size = 3;
  auto second = db::Database::Open(options);
  ASSERT_TRUE(second) << second.error().message();
  constexpr int kThreads = 8;
  constexpr int kPerThread = 20;
  constexpr int kDocuments = 3;
  std::vector<std::vector<std::pair<int, std::int64_t>>> committed(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      db::Database& database = t % 2 == 0 ? tdb_->db() : **second;
      for (int i = 0; i < kPerThread; ++i) {
        try {
          const int doc = (i + t) % kDocuments;
          auto tx = database.Begin();
          auto r = outbox_.Enqueue(tx, Assigned(7, std::to_string(doc)));
          if (!r) {
            ++failures;
            continue;
          }
          if ((i + t) % 5 == 4) {
            continue;  // rolled back
          }
          if (!tx.Commit()) {
            ++failures;
            continue;
          }
          committed[static_cast<std::size_t>(t)].emplace_back(doc, r->id.value());
        } catch (const std::exception& e) {
          ++failures;
          ADD_FAILURE() << e.what();
        }
      }
    });
  }
  for (auto& th : threads) {
    th.join();
  }
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Rows(), kDocuments);
  std::map<int, std::set<std::int64_t>> ids_per_doc;
  for (const auto& list : committed) {
    for (const auto& [doc, id] : list) {
      ids_per_doc[doc].insert(id);
    }
  }
  auto tx = tdb_->db().BeginRead();
  auto page = outbox_.ListForRecipient(tx, Recipient::User(UserId(7)), false, 10, 0);
  ASSERT_TRUE(page);
  std::map<std::string, std::int64_t> stored;
  for (const auto& m : page->items) {
    stored[m.entity_id] = m.id.value();
  }
  ASSERT_EQ(ids_per_doc.size(), static_cast<std::size_t>(kDocuments));
  for (const auto& [doc, ids] : ids_per_doc) {
    EXPECT_EQ(ids.size(), 1U) << "document " << doc << " got several notices";
    EXPECT_EQ(*ids.begin(), stored[std::to_string(doc)]);
  }
}

// Every field is checked, and the errors name the fields.
TEST_P(OutboxTest, RejectsBadFieldsNamingThem) {
  auto fields_of = [this](const Notice& n) {
    auto tx = tdb_->db().Begin();
    auto r = outbox_.Enqueue(tx, n);
    std::set<std::string> fields;
    if (!r) {
      EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
      for (const auto& f : r.error().fields()) {
        fields.insert(f.field);
        EXPECT_FALSE(f.message.empty());
      }
    }
    return fields;
  };
  using Fields = std::set<std::string>;
  auto n = Assigned(7, "12");
  EXPECT_EQ(fields_of(n), Fields{});

  auto bad = n;
  bad.recipient = Recipient::User(UserId());
  EXPECT_EQ(fields_of(bad), Fields{"recipient"});

  for (const char* kind : {"", "Documents.assigned", "documents-assigned", "1documents", ".x",
                           "tài_liệu", "documents assigned"}) {
    bad = n;
    bad.kind = kind;
    EXPECT_EQ(fields_of(bad), Fields{"kind"}) << kind;
  }
  bad = n;
  bad.kind = std::string(65, 'a');
  EXPECT_EQ(fields_of(bad), Fields{"kind"});

  bad = n;
  bad.text_vi = "  ";
  bad.text_en = "";
  EXPECT_EQ(fields_of(bad), (Fields{"textVi", "textEn"}));
  bad = n;
  bad.text_vi = "Dòng một\x01";
  EXPECT_EQ(fields_of(bad), Fields{"textVi"});
  bad = n;
  bad.text_en = "\xff\xfe";
  EXPECT_EQ(fields_of(bad), Fields{"textEn"});
  // 1000 code points pass (each "ệ" is three bytes), 1001 do not.
  std::string long_vi;
  for (int i = 0; i < 1000; ++i) {
    long_vi += "ệ";
  }
  bad = n;
  bad.text_vi = long_vi;
  EXPECT_EQ(fields_of(bad), Fields{});
  bad.text_vi = long_vi + "ệ";
  EXPECT_EQ(fields_of(bad), Fields{"textVi"});

  // Links stay inside the web app.
  for (const char* link :
       {"https://evil.example/", "javascript:alert(1)", "//evil.example/x", "/\\evil.example",
        "van-ban/12", "/van ban", "/a\\b", "/a\nb", "/văn-bản"}) {
    bad = n;
    bad.link = link;
    EXPECT_EQ(fields_of(bad), Fields{"link"}) << link;
  }
  bad = n;
  bad.link = "/" + std::string(500, 'a');
  EXPECT_EQ(fields_of(bad), Fields{"link"});
  for (const char* link : {"", "/", "/van-ban/den/12?tab=xu-ly#y-kien", "/a:b"}) {
    bad = n;
    bad.link = link;
    bad.entity_id = std::to_string(bad.link.size()) + "x";  // distinct keys
    EXPECT_EQ(fields_of(bad), Fields{}) << link;
  }

  bad = n;
  bad.entity_id = "";
  EXPECT_EQ(fields_of(bad), Fields{"entityId"});
  bad = n;
  bad.entity_type = "";
  EXPECT_EQ(fields_of(bad), Fields{"entityType"});
  bad = n;
  bad.entity_type = "Document";
  bad.entity_id = "1 2";
  EXPECT_EQ(fields_of(bad), (Fields{"entityType", "entityId"}));
  bad = n;
  bad.dedup_key = "a key";
  EXPECT_EQ(fields_of(bad), Fields{"dedupKey"});
  bad.dedup_key = std::string(201, 'k');
  EXPECT_EQ(fields_of(bad), Fields{"dedupKey"});
  EXPECT_EQ(Rows(), 0);  // fields_of never commits
}

TEST_P(OutboxTest, RejectsBadListAndMarkArguments) {
  const auto me = Recipient::User(UserId(7));
  auto tx = tdb_->db().Begin();
  for (auto [limit, offset, field] :
       {std::tuple{0, 0, "limit"}, std::tuple{101, 0, "limit"}, std::tuple{10, -1, "offset"}}) {
    auto r = outbox_.ListForRecipient(tx, me, false, limit, offset);
    ASSERT_FALSE(r);
    ASSERT_EQ(r.error().fields().size(), 1U);
    EXPECT_EQ(r.error().fields()[0].field, field);
  }
  EXPECT_FALSE(outbox_.ListForRecipient(tx, Recipient::User(UserId()), false, 10, 0));
  auto zero = outbox_.MarkRead(tx, me, {NoticeId(0)});
  ASSERT_FALSE(zero);
  EXPECT_EQ(zero.error().fields()[0].field, "ids");
  auto many = outbox_.MarkRead(tx, me, std::vector<NoticeId>(kMaxMarkIds + 1, NoticeId(1)));
  ASSERT_FALSE(many);
  EXPECT_EQ(many.error().fields()[0].field, "ids");
  EXPECT_FALSE(outbox_.MarkAllRead(tx, Recipient::Citizen(CitizenId(-1))));
}

TEST_P(OutboxTest, TheAdministratorsViewListsEveryRecipientByKindAndState) {
  Put(Assigned(7, "12"));
  Notice other = Assigned(8, "13");
  other.kind = "onestop.step_assigned";
  Put(other);
  Notice citizen = Assigned(9, "14");
  citizen.recipient = Recipient::Citizen(CitizenId(3));
  citizen.kind = "onestop.received";
  Put(citizen);
  auto tx = tdb_->db().BeginRead();
  auto all = outbox_.ListAll(tx, "", std::nullopt, 10, 0);
  ASSERT_TRUE(all) << all.error().message();
  EXPECT_EQ(all->total, 3);
  auto onestop = outbox_.ListAll(tx, "onestop.", std::nullopt, 10, 0);
  ASSERT_TRUE(onestop);
  EXPECT_EQ(onestop->total, 2);
  EXPECT_EQ(onestop->items.front().email_state, DeliveryState::kPending);
  EXPECT_EQ(outbox_.ListAll(tx, "", DeliveryState::kSent, 10, 0)->total, 0);
  // '_' is a letter of a kind, not a wildcard.
  EXPECT_EQ(outbox_.ListAll(tx, "onestop.step_", std::nullopt, 10, 0)->total, 1);
  EXPECT_EQ(outbox_.ListAll(tx, "onestop.stepx", std::nullopt, 10, 0)->total, 0);
  EXPECT_EQ(outbox_.ListAll(tx, "ONESTOP'", std::nullopt, 10, 0).error().fields().front().field,
            "kind");
  EXPECT_FALSE(outbox_.ListAll(tx, "", std::nullopt, 0, 0));
}

INSTANTIATE_TEST_SUITE_P(Engines, OutboxTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::notify
