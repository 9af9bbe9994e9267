#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "db/testing.hpp"
#include "notify/live_feed.hpp"

namespace cqdt::notify {
namespace {

using namespace std::chrono_literals;

// Collects what the feed delivers.
class RecordingSink : public FeedSink {
 public:
  bool IsOpen() const override { return open_.load(); }
  void Deliver(const std::vector<Message>& notices, std::int64_t unread) override {
    std::lock_guard lock(mutex_);
    for (const Message& m : notices) {
      ids_.push_back(m.id.value());
    }
    unread_ = unread;
    ++deliveries_;
  }
  int deliveries() const {
    std::lock_guard lock(mutex_);
    return deliveries_;
  }
  std::vector<std::int64_t> ids() const {
    std::lock_guard lock(mutex_);
    return ids_;
  }
  std::int64_t unread() const {
    std::lock_guard lock(mutex_);
    return unread_;
  }
  void Close() { open_ = false; }

 private:
  std::atomic<bool> open_{true};
  mutable std::mutex mutex_;
  std::vector<std::int64_t> ids_;
  std::int64_t unread_ = -1;
  int deliveries_ = 0;
};

// Waits (ceiling: two minutes) until `condition` holds; no timing is asserted.
template <typename Condition>
bool Eventually(Condition condition) {
  const auto until = std::chrono::steady_clock::now() + 2min;
  while (std::chrono::steady_clock::now() < until) {
    if (condition()) {
      return true;
    }
    std::this_thread::sleep_for(5ms);
  }
  return false;
}

class LiveFeedTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam(), 4);
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), Migrations()).Apply());
  }

  static Notice For(std::int64_t citizen, const std::string& key) {
    Notice n;
    n.recipient = Recipient::Citizen(CitizenId(citizen));
    n.kind = "onestop.received";
    n.text_vi = "Hồ sơ " + key + " đã được tiếp nhận.";
    n.text_en = "Dossier " + key + " was received.";
    n.dedup_key = key;
    return n;
  }

  std::int64_t Put(const Outbox& outbox, const Notice& n, bool commit = true) {
    auto tx = tdb_->db().Begin();
    auto r = outbox.Enqueue(tx, n);
    EXPECT_TRUE(r) << r.error().message();
    if (commit) {
      EXPECT_TRUE(tx.Commit());
    }
    return r ? r->id.value() : 0;
  }

  FakeClock clock_{FromUnixSeconds(1772420400)};
  Outbox outbox_{clock_};
  std::unique_ptr<db::testing::TestDatabase> tdb_;
};

TEST_P(LiveFeedTest, ReplaysWhatWasMissedThenDeliversEachCommittedNoticeOnce) {
  // No poll during the test: only the outbox's signal can deliver.
  LiveFeed feed(tdb_->db(), outbox_, {.poll_interval = std::chrono::hours(1)});
  outbox_.SetListener(&feed);
  feed.Start();
  const std::int64_t seen = Put(outbox_, For(7, "a"));
  const std::int64_t missed = Put(outbox_, For(7, "b"));
  Put(outbox_, For(8, "someone-else"));
  auto sink = std::make_shared<RecordingSink>();
  feed.Subscribe(Recipient::Citizen(CitizenId(7)), NoticeId(seen), sink);
  ASSERT_TRUE(Eventually([&] { return sink->ids().size() == 1; }));
  EXPECT_EQ(sink->ids()[0], missed);

  Put(outbox_, For(7, "rolled-back"), /*commit=*/false);
  const std::int64_t fresh = Put(outbox_, For(7, "c"));
  Put(outbox_, For(7, "c"));  // a duplicate writes nothing and signals nothing
  ASSERT_TRUE(Eventually([&] { return sink->ids().size() >= 2; }));
  feed.NoticeWritten(Recipient::Citizen(CitizenId(7)));  // a spurious wake delivers nothing new
  Put(outbox_, For(9, "flush"));                         // a later signal goes through the feed
  const std::int64_t last = Put(outbox_, For(7, "d"));
  ASSERT_TRUE(Eventually([&] { return sink->ids().size() >= 3; }));
  EXPECT_EQ(sink->ids(), (std::vector<std::int64_t>{missed, fresh, last}));
  EXPECT_EQ(sink->unread(), 4);
  outbox_.SetListener(nullptr);
}

TEST_P(LiveFeedTest, MarkingReadSendsTheNewUnreadCountWithoutANotice) {
  LiveFeed feed(tdb_->db(), outbox_, {.poll_interval = std::chrono::hours(1)});
  outbox_.SetListener(&feed);
  feed.Start();
  const std::int64_t first = Put(outbox_, For(7, "a"));
  Put(outbox_, For(7, "b"));
  auto sink = std::make_shared<RecordingSink>();
  feed.Subscribe(Recipient::Citizen(CitizenId(7)), NoticeId(0), sink);
  ASSERT_TRUE(Eventually([&] { return sink->unread() == 2; }));

  {  // one read (in another tab), then a rolled-back mark that signals nothing
    auto tx = tdb_->db().Begin();
    ASSERT_EQ(*outbox_.MarkRead(tx, Recipient::Citizen(CitizenId(7)), {NoticeId(first)}), 1);
    ASSERT_TRUE(tx.Commit());
  }
  ASSERT_TRUE(Eventually([&] { return sink->unread() == 1; }));
  {
    auto tx = tdb_->db().Begin();
    ASSERT_EQ(*outbox_.MarkAllRead(tx, Recipient::Citizen(CitizenId(7))), 1);
  }
  {
    auto tx = tdb_->db().Begin();
    ASSERT_EQ(*outbox_.MarkAllRead(tx, Recipient::Citizen(CitizenId(7))), 1);
    ASSERT_TRUE(tx.Commit());
  }
  ASSERT_TRUE(Eventually([&] { return sink->unread() == 0; }));
  EXPECT_EQ(sink->ids().size(), 2U) << "no notice is delivered twice";
  EXPECT_EQ(sink->deliveries(), 3) << "2 unread, 1, 0: one delivery each";
  outbox_.SetListener(nullptr);
}

TEST_P(LiveFeedTest, PollingFindsNoticesOfAnotherProcessAndDropsClosedStreams) {
  LiveFeed feed(tdb_->db(), outbox_, {.poll_interval = 20ms});
  feed.Start();
  Outbox elsewhere(clock_);  // another server's outbox: it signals nobody here
  auto sink = std::make_shared<RecordingSink>();
  auto closed = std::make_shared<RecordingSink>();
  feed.Subscribe(Recipient::Citizen(CitizenId(7)), NoticeId(0), sink);
  feed.Subscribe(Recipient::Citizen(CitizenId(7)), NoticeId(0), closed);
  closed->Close();
  const std::int64_t id = Put(elsewhere, For(7, "remote"));
  ASSERT_TRUE(Eventually([&] { return !sink->ids().empty(); }));
  EXPECT_EQ(sink->ids(), std::vector<std::int64_t>{id});
  EXPECT_TRUE(closed->ids().empty());
  ASSERT_TRUE(Eventually([&] { return feed.subscriptions() == 1; }));
  sink->Close();
  EXPECT_TRUE(Eventually([&] { return feed.subscriptions() == 0; }));
}

INSTANTIATE_TEST_SUITE_P(Engines, LiveFeedTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::notify
