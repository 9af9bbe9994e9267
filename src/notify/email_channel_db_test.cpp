#include <gtest/gtest.h>

#include "core/text.hpp"
#include "db/testing.hpp"
#include "notify/email_channel.hpp"
#include "notify/outbox.hpp"

namespace cqdt::notify {
namespace {

// 2026-03-02 10:00 in Vietnam.
const TimePoint kStart = FromUnixSeconds(1772420400);

class EmailChannelTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam(), 4);
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), Migrations()).Apply());
  }

  NoticeId Put(std::int64_t user, const std::string& document) {
    Notice n;
    n.recipient = Recipient::User(UserId(user));
    n.kind = "documents.assigned";
    n.text_vi = "Văn bản " + document + " được giao cho bạn xử lý.";
    n.text_en = "Document " + document + " was assigned to you.";
    n.entity_type = "documents.document";
    n.entity_id = document;
    auto tx = tdb_->db().Begin();
    auto r = outbox_.Enqueue(tx, n);
    EXPECT_TRUE(r) << r.error().message();
    EXPECT_TRUE(tx.Commit());
    return r ? r->id : NoticeId();
  }

  std::vector<EmailItem> Due() {
    auto tx = tdb_->db().BeginRead();
    return channel_.Due(tx, 100);
  }

  EmailItem Get(NoticeId id) {
    auto tx = tdb_->db().BeginRead();
    auto r = channel_.Get(tx, id);
    EXPECT_TRUE(r);
    return r ? *r : EmailItem{};
  }

  template <typename F>
  Status Write(F f) {
    auto tx = tdb_->db().Begin();
    Status st = f(tx);
    if (st) {
      EXPECT_TRUE(tx.Commit());
    }
    return st;
  }

  FakeClock clock_{kStart};
  Outbox outbox_{clock_};
  EmailChannel channel_{clock_};
  std::unique_ptr<db::testing::TestDatabase> tdb_;
};

TEST_P(EmailChannelTest, DueInOrderAndTheMessageIdIsKeptForAResend) {
  NoticeId a = Put(7, "1"), b = Put(7, "2"), c = Put(8, "3");
  auto due = Due();
  ASSERT_EQ(due.size(), 3u);
  EXPECT_EQ(due[0].message.id, a);
  EXPECT_EQ(due[1].message.id, b);
  EXPECT_EQ(due[2].message.id, c);

  std::string first;
  ASSERT_TRUE(Write([&](db::Transaction& tx) -> Status {
    auto mid = channel_.MarkSending(tx, a, "an@example.vn", "<one@cqdt>");
    if (!mid) {
      return mid.error();
    }
    first = *mid;
    return Ok();
  }));
  EXPECT_EQ(first, "<one@cqdt>");
  // A crash now: the notice is still pending, held by its claim until the lease runs out
  // (decision 0024); then it is due again, and the next attempt proposes another id but keeps
  // the first.
  EXPECT_EQ(Due().size(), 2u);
  clock_.Advance(std::chrono::minutes(10));
  auto again = Due();
  ASSERT_EQ(again.size(), 3u);
  EXPECT_EQ(again[0].email.message_id, "<one@cqdt>");
  EXPECT_TRUE(again[0].email.claimed_at.has_value());
  ASSERT_TRUE(Write([&](db::Transaction& tx) -> Status {
    auto mid = channel_.MarkSending(tx, a, "an@example.vn", "<two@cqdt>");
    EXPECT_TRUE(mid);
    EXPECT_EQ(*mid, "<one@cqdt>");
    return channel_.MarkSent(tx, a);
  }));
  EmailItem sent = Get(a);
  EXPECT_EQ(sent.message.email_state, DeliveryState::kSent);
  EXPECT_EQ(sent.message.email_attempts, 1);
  EXPECT_EQ(sent.email.address, "an@example.vn");
  ASSERT_TRUE(sent.email.sent_at.has_value());
  EXPECT_EQ(*sent.email.sent_at, kStart + std::chrono::minutes(10));
  // Sent is final: no second send, no second mark.
  EXPECT_EQ(Due().size(), 2u);
  auto tx = tdb_->db().Begin();
  auto mark = channel_.MarkSending(tx, a, "an@example.vn", "<three@cqdt>");
  ASSERT_FALSE(mark);
  EXPECT_EQ(mark.error().code(), ErrorCode::kFailedPrecondition);
}

TEST_P(EmailChannelTest, DeferredWaitsFailedAndSkippedAreFinalUntilRetried) {
  NoticeId a = Put(7, "1"), b = Put(7, "2"), c = Put(7, "3");
  ASSERT_TRUE(Write([&](db::Transaction& tx) -> Status {
    CQDT_RETURN_IF_ERROR(
        channel_.MarkDeferred(tx, a, "421 thử lại sau", kStart + std::chrono::minutes(5)));
    CQDT_RETURN_IF_ERROR(channel_.MarkFailed(tx, b, "550 không có hộp thư"));
    return channel_.MarkSkipped(tx, c, "Người nhận không có địa chỉ thư điện tử.");
  }));
  EXPECT_TRUE(Due().empty());
  EmailItem deferred = Get(a);
  EXPECT_EQ(deferred.message.email_state, DeliveryState::kPending);
  EXPECT_EQ(deferred.message.email_attempts, 1);
  EXPECT_EQ(deferred.message.email_last_error, "421 thử lại sau");
  clock_.Advance(std::chrono::minutes(5));
  ASSERT_EQ(Due().size(), 1u);
  EXPECT_EQ(Get(b).message.email_state, DeliveryState::kFailed);
  EXPECT_EQ(Get(c).message.email_state, DeliveryState::kSkipped);
  EXPECT_EQ(Get(c).message.email_attempts, 0);
  {
    auto tx = tdb_->db().BeginRead();
    EmailCounts n = channel_.Counts(tx);
    EXPECT_EQ(n.pending, 1);
    EXPECT_EQ(n.failed, 1);
    EXPECT_EQ(n.skipped, 1);
  }
  // Retry: failed and skipped come back; a pending one cannot be retried.
  ASSERT_TRUE(Write([&](db::Transaction& tx) { return channel_.Retry(tx, b); }));
  EXPECT_EQ(Get(b).message.email_state, DeliveryState::kPending);
  EXPECT_EQ(Get(b).message.email_attempts, 0);
  EXPECT_EQ(Due().size(), 2u);
  auto tx = tdb_->db().Begin();
  auto st = channel_.Retry(tx, a);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kFailedPrecondition);
  auto missing = channel_.Retry(tx, NoticeId(999));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
}

TEST_P(EmailChannelTest, ALongServerReplyIsCutOnACharacterBoundary) {
  NoticeId a = Put(7, "1");
  std::string reply = "550 ";
  for (int i = 0; i < 600; ++i) {
    reply += "ư";  // two bytes each
  }
  ASSERT_TRUE(Write([&](db::Transaction& tx) { return channel_.MarkFailed(tx, a, reply); }));
  std::string kept = Get(a).message.email_last_error;
  EXPECT_LE(kept.size(), 1000u);
  EXPECT_GT(kept.size(), 990u);
  EXPECT_TRUE(IsValidUtf8(kept));
}

// Two instances (decision 0024): two handles on one database read the same notices due; the
// one that marks them first holds them, the other marks none, until the claims run out.
TEST_P(EmailChannelTest, AClaimedNoticeIsAnotherInstancesOnlyAfterItsLease) {
  NoticeId a = Put(7, "1"), b = Put(7, "2"), c = Put(8, "3");
  auto opened = db::Database::Open({tdb_->url(), 2});
  ASSERT_TRUE(opened) << opened.error().message();
  db::Database& other = **opened;
  auto due_on = [&](db::Database& d) {
    auto tx = d.BeginRead();
    std::vector<NoticeId> ids;
    for (const auto& item : channel_.Due(tx, 100)) {
      ids.push_back(item.message.id);
    }
    return ids;
  };
  const auto read_first = due_on(tdb_->db());
  const auto read_second = due_on(other);
  ASSERT_EQ(read_first.size(), 3u);
  ASSERT_EQ(read_second, read_first);
  {
    auto tx = tdb_->db().Begin();
    ASSERT_EQ(channel_.Claimable(tx, read_first), read_first);
    for (NoticeId id : {a, b}) {
      ASSERT_TRUE(channel_.MarkSending(tx, id, "an@example.vn", "<one@cqdt>"));
    }
    ASSERT_TRUE(channel_.MarkSkipped(tx, c, "Người nhận chưa có địa chỉ thư điện tử."));
    ASSERT_TRUE(tx.Commit());
  }
  {
    auto tx = other.Begin();
    EXPECT_TRUE(channel_.Claimable(tx, read_second).empty());
    auto mark = channel_.MarkSending(tx, a, "an@example.vn", "<two@cqdt>");
    ASSERT_FALSE(mark);
    EXPECT_EQ(mark.error().code(), ErrorCode::kFailedPrecondition);
    EXPECT_FALSE(channel_.MarkSkipped(tx, b, "Người nhận đã tắt nhận loại thông báo này."));
  }
  EXPECT_TRUE(due_on(other).empty());
  // The first instance died while sending: past the lease the second one takes them over.
  clock_.Advance(std::chrono::minutes(10));
  EXPECT_EQ(due_on(other), (std::vector<NoticeId>{a, b}));
  auto tx = other.Begin();
  EXPECT_EQ(channel_.Claimable(tx, {a, b, c}), (std::vector<NoticeId>{a, b}));
  auto mid = channel_.MarkSending(tx, a, "an@example.vn", "<two@cqdt>");
  ASSERT_TRUE(mid);
  EXPECT_EQ(*mid, "<one@cqdt>");  // the same Message-ID: a receiver recognises the copy
  ASSERT_TRUE(tx.Commit());
}

TEST_P(EmailChannelTest, AReleasedNoticeIsDueAgainWithNoAttemptCounted) {
  NoticeId a = Put(7, "1");
  ASSERT_TRUE(Write([&](db::Transaction& tx) -> Status {
    auto mid = channel_.MarkSending(tx, a, "an@example.vn", "<one@cqdt>");
    return mid ? Ok() : Status(mid.error());
  }));
  EXPECT_TRUE(Due().empty());
  ASSERT_TRUE(Write([&](db::Transaction& tx) { return channel_.Release(tx, a); }));
  auto due = Due();
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].message.email_attempts, 0);
  EXPECT_EQ(due[0].email.message_id, "<one@cqdt>");
}

// PostgreSQL: an instance marking notices holds their rows; another one's Claimable passes over
// them without waiting and takes the rest.
TEST_P(EmailChannelTest, ClaimablePassesOverTheNoticesAnotherInstanceIsMarking) {
  if (GetParam() != "postgresql") {
    GTEST_SKIP() << "SQLite has one writer: nothing to pass over";
  }
  NoticeId a = Put(7, "1"), b = Put(7, "2"), c = Put(8, "3");
  auto opened = db::Database::Open({tdb_->url(), 2});
  ASSERT_TRUE(opened) << opened.error().message();
  auto first = tdb_->db().Begin();
  ASSERT_EQ(channel_.Claimable(first, {a, b}), (std::vector<NoticeId>{a, b}));
  auto second = (*opened)->Begin();
  EXPECT_EQ(channel_.Claimable(second, {a, b, c}), (std::vector<NoticeId>{c}));
}

INSTANTIATE_TEST_SUITE_P(Engines, EmailChannelTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::notify
