#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "db/testing.hpp"
#include "mailroom/accounts.hpp"
#include "mailroom/delivery.hpp"
#include "mailroom/schema.hpp"
#include "notify/email_channel.hpp"
#include "notify/outbox.hpp"

namespace cqdt::mailroom {
namespace {

// 2026-03-02 10:00 in Vietnam.
const TimePoint kStart = FromUnixSeconds(1772420400);

class FakeDirectory : public Directory {
 public:
  std::optional<Person> Find(db::Transaction&, const notify::Recipient& r) override {
    if (r.id == 404) {
      return std::nullopt;
    }
    if (r.id == 500) {
      return Person{"", "Không có thư", AgencyId(1), "Sở Nội vụ"};
    }
    return Person{"user" + std::to_string(r.id) + "@example.vn",
                  "Nguyễn Văn " + std::to_string(r.id), AgencyId(1), "Sở Nội vụ"};
  }
};

// Answers from a script: each Send takes the next outcome (sent when the script is empty).
class ScriptedTransport : public Transport {
 public:
  mail::SmtpResult Send(const mail::SmtpServer&, const std::string& from,
                        const std::vector<std::string>& to, const std::string& message) override {
    mail::SmtpResult r;
    r.outcome = mail::SmtpOutcome::kSent;
    r.reply_code = 250;
    if (!script.empty()) {
      r = script.front();
      script.erase(script.begin());
    }
    calls.push_back({from, to.at(0), message});
    return r;
  }
  struct Call {
    std::string from, to, message;
  };
  std::vector<mail::SmtpResult> script;
  std::vector<Call> calls;
};

mail::SmtpResult Down() { return {mail::SmtpOutcome::kTemporary, 0, "không kết nối được"}; }
mail::SmtpResult Busy() { return {mail::SmtpOutcome::kTemporary, 451, "451 thử lại sau"}; }
mail::SmtpResult NoSuchUser() {
  return {mail::SmtpOutcome::kPermanent, 550, "550 không có hộp thư"};
}

std::vector<MailTemplate> Defaults() {
  MailTemplate any;
  any.kind = "*";
  any.audience = "all";
  any.name_vi = "Thông báo";
  any.name_en = "Notice";
  any.subject_vi = "Thông báo";
  any.subject_en = "Notice";
  any.body_vi = "Kính gửi {{recipientName}}, {{text}}";
  any.body_en = "Dear {{recipientName}}, {{textEn}}";
  MailTemplate required = any;
  required.kind = "onestop.received";
  required.audience = "citizen";
  required.required = true;
  MailTemplate overdue = any;
  overdue.kind = "documents.overdue";
  overdue.audience = "staff";
  MailTemplate assigned = overdue;
  assigned.kind = "documents.assigned";
  MailTemplate digest = overdue;
  digest.kind = "mail.digest";
  digest.body_vi = "Kính gửi {{recipientName}},\n{{text}}\n{{items}}";
  return {any, required, overdue, assigned, digest};
}

// The lines of a digest, as the documents' queues would give them.
class FakeDigests : public DigestSource {
 public:
  std::vector<std::string> Items(db::Transaction&, UserId user) override {
    asked.push_back(user.value());
    return {"[Quá hạn] 125/UBND-VP: Về việc rà soát thủ tục (hạn 2026-03-01)",
            "[Sắp đến hạn] 7/SNV-TCCB: Về việc tuyển dụng (hạn 2026-03-03)"};
  }
  std::vector<std::int64_t> asked;
};

class DeliveryTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam(), 4);
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), notify::Migrations()).Apply());
    ASSERT_TRUE(db::Migrator(tdb_->db(), Migrations()).Apply());
    DeliveryOptions o;
    o.public_base_url = "https://dichvucong.angiang.gov.vn/";
    o.config_server.host = "127.0.0.1";
    o.config_server.port = 2525;
    o.config_from_address = "thongbao@angiang.gov.vn";
    o.config_from_name = "UBND tỉnh An Giang";
    o.first_retry = std::chrono::seconds(60);
    o.max_retry = std::chrono::seconds(600);
    o.max_attempts = 3;
    o.per_domain_per_minute = 100;
    options_ = o;
    Rebuild();
  }

  void Rebuild() {
    worker_ =
        std::make_unique<DeliveryWorker>(tdb_->db(), channel_, accounts_, templates_, preferences_,
                                         directory_, &digests_, transport_, clock_, options_);
  }

  notify::NoticeId Put(std::int64_t user, const std::string& kind = "documents.assigned") {
    notify::Notice n;
    n.recipient = notify::Recipient::User(UserId(user));
    n.kind = kind;
    n.text_vi = "Văn bản số 12 được giao cho bạn xử lý.";
    n.text_en = "Document 12 was assigned to you.";
    n.link = "/van-ban/den/12";
    n.entity_type = "documents.document";
    n.entity_id = "12";
    n.dedup_key = kind + "|" + std::to_string(user) + "|" + std::to_string(++seq_);
    auto tx = tdb_->db().Begin();
    auto r = outbox_.Enqueue(tx, n);
    EXPECT_TRUE(r);
    EXPECT_TRUE(tx.Commit());
    return r->id;
  }

  notify::EmailItem Get(notify::NoticeId id) {
    auto tx = tdb_->db().BeginRead();
    return *channel_.Get(tx, id);
  }

  int Run() {
    auto r = worker_->RunOnce();
    EXPECT_TRUE(r) << r.error().message();
    return r ? *r : -1;
  }

  int seq_ = 0;
  FakeClock clock_{kStart};
  notify::Outbox outbox_{clock_};
  notify::EmailChannel channel_{clock_};
  SecretBox box_ = *SecretBox::FromKey(std::string(32, 'k'));
  MailAccounts accounts_{box_};
  TemplateStore templates_{Defaults()};
  Preferences preferences_{templates_, std::string(32, 'p')};
  FakeDirectory directory_;
  ScriptedTransport transport_;
  FakeDigests digests_;
  DeliveryOptions options_;
  std::unique_ptr<DeliveryWorker> worker_;
  std::unique_ptr<db::testing::TestDatabase> tdb_;
};

TEST_P(DeliveryTest, SendsInOrderWithTheMessageIdItMarkedBefore) {
  auto a = Put(7), b = Put(8);
  EXPECT_EQ(Run(), 2);
  ASSERT_EQ(transport_.calls.size(), 2u);
  EXPECT_EQ(transport_.calls[0].to, "user7@example.vn");
  EXPECT_EQ(transport_.calls[1].to, "user8@example.vn");
  EXPECT_EQ(transport_.calls[0].from, "thongbao@angiang.gov.vn");
  const notify::EmailItem sent = Get(a);
  EXPECT_EQ(sent.message.email_state, notify::DeliveryState::kSent);
  ASSERT_FALSE(sent.email.message_id.empty());
  EXPECT_NE(transport_.calls[0].message.find("Message-ID: <" + sent.email.message_id + ">"),
            std::string::npos);
  EXPECT_NE(transport_.calls[0].message.find("List-Unsubscribe"), std::string::npos);
  EXPECT_NE(transport_.calls[0].message.find("Auto-Submitted: auto-generated"), std::string::npos);
  EXPECT_EQ(Get(b).message.email_state, notify::DeliveryState::kSent);
  EXPECT_EQ(Run(), 0);  // nothing twice
  EXPECT_EQ(worker_->Counters().sent, 2);
}

TEST_P(DeliveryTest, AServerThatIsDownHoldsEverythingInOrderUntilItReturns) {
  auto a = Put(7), b = Put(8), c = Put(9);
  transport_.script = {Down()};
  EXPECT_EQ(Run(), 1);  // the first tried, the others wait behind it
  ASSERT_EQ(transport_.calls.size(), 1u);
  EXPECT_EQ(Get(a).message.email_state, notify::DeliveryState::kPending);
  EXPECT_EQ(Get(a).message.email_attempts, 1);
  EXPECT_EQ(Get(b).message.email_attempts, 0);
  EXPECT_EQ(Run(), 0);  // still held
  EXPECT_EQ(transport_.calls.size(), 1u);
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(Run(), 3);
  ASSERT_EQ(transport_.calls.size(), 4u);
  EXPECT_EQ(transport_.calls[1].to, "user7@example.vn");  // in order
  EXPECT_EQ(transport_.calls[2].to, "user8@example.vn");
  EXPECT_EQ(transport_.calls[3].to, "user9@example.vn");
  for (auto id : {a, b, c}) {
    EXPECT_EQ(Get(id).message.email_state, notify::DeliveryState::kSent);
  }
  // The resend of a carries the Message-ID of its first attempt.
  const std::string mid = Get(a).email.message_id;
  EXPECT_NE(transport_.calls[0].message.find(mid), std::string::npos);
  EXPECT_NE(transport_.calls[1].message.find(mid), std::string::npos);
}

// Run: each group is sent while the next is read and marked.
TEST_P(DeliveryTest, GroupsOneAfterAnotherGoInOrderAndNoneTwice) {
  options_.batch = 2;
  Rebuild();
  std::vector<notify::NoticeId> ids;
  for (int user = 7; user <= 11; ++user) {
    ids.push_back(Put(user));
  }
  auto handled = worker_->Run(100, {});
  ASSERT_TRUE(handled) << handled.error().message();
  EXPECT_EQ(*handled, 5);
  ASSERT_EQ(transport_.calls.size(), 5u);
  std::set<std::string> message_ids;
  for (std::size_t k = 0; k < ids.size(); ++k) {
    EXPECT_EQ(transport_.calls[k].to, "user" + std::to_string(7 + k) + "@example.vn");
    const notify::EmailItem item = Get(ids[k]);
    EXPECT_EQ(item.message.email_state, notify::DeliveryState::kSent);
    EXPECT_EQ(item.message.email_attempts, 1);
    message_ids.insert(item.email.message_id);
  }
  EXPECT_EQ(message_ids.size(), 5u);
  EXPECT_EQ(worker_->Run(100, {}).value(), 0);
}

TEST_P(DeliveryTest, RunStopsWhenToldAndAfterItsGroups) {
  options_.batch = 2;
  Rebuild();
  for (int user = 7; user <= 13; ++user) {
    Put(user);
  }
  EXPECT_EQ(worker_->Run(100, [] { return false; }).value(), 2);  // the group under way only
  EXPECT_EQ(worker_->Run(2, {}).value(), 4);                      // two groups
  EXPECT_EQ(worker_->Run(100, {}).value(), 1);
  EXPECT_EQ(transport_.calls.size(), 7u);
}

TEST_P(DeliveryTest, AServerLostBetweenGroupsHoldsTheRestInOrder) {
  options_.batch = 2;
  Rebuild();
  std::vector<notify::NoticeId> ids;
  for (int user = 7; user <= 11; ++user) {
    ids.push_back(Put(user));
  }
  transport_.script = {
      {mail::SmtpOutcome::kSent, 250, ""}, {mail::SmtpOutcome::kSent, 250, ""}, Down()};
  // Two sent, the third lost; the group planned meanwhile, if any, is held, not sent.
  EXPECT_EQ(worker_->Run(100, {}).value(), 3);
  ASSERT_EQ(transport_.calls.size(), 3u);
  EXPECT_EQ(Get(ids[2]).message.email_state, notify::DeliveryState::kPending);
  for (std::size_t k = 3; k < ids.size(); ++k) {
    EXPECT_EQ(Get(ids[k]).message.email_attempts, 0);
  }
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(worker_->Run(100, {}).value(), 3);
  ASSERT_EQ(transport_.calls.size(), 6u);
  for (std::size_t k = 3; k < 6; ++k) {
    EXPECT_EQ(transport_.calls[k].to, "user" + std::to_string(6 + k) + "@example.vn");
  }
  for (auto id : ids) {
    EXPECT_EQ(Get(id).message.email_state, notify::DeliveryState::kSent);
  }
  const std::string mid = Get(ids[2]).email.message_id;
  EXPECT_NE(transport_.calls[2].message.find(mid), std::string::npos);
  EXPECT_NE(transport_.calls[3].message.find(mid), std::string::npos);
}

TEST_P(DeliveryTest, TemporaryRepliesBackOffPermanentOnesFail) {
  auto a = Put(7), b = Put(8);
  transport_.script = {Busy(), NoSuchUser()};
  EXPECT_EQ(Run(), 2);
  EXPECT_EQ(Get(a).message.email_state, notify::DeliveryState::kPending);
  EXPECT_EQ(Get(a).message.email_last_error, "451 thử lại sau");
  EXPECT_GE(*Get(a).email.next_attempt_at, kStart + std::chrono::seconds(60));
  EXPECT_EQ(Get(b).message.email_state, notify::DeliveryState::kFailed);
  EXPECT_EQ(Get(b).message.email_last_error, "550 không có hộp thư");
  // Attempts 2 and 3 deferred too: the third is the last.
  transport_.script = {Busy(), Busy()};
  clock_.Advance(std::chrono::seconds(80));
  EXPECT_EQ(Run(), 1);
  clock_.Advance(std::chrono::seconds(200));
  EXPECT_EQ(Run(), 1);
  EXPECT_EQ(Get(a).message.email_state, notify::DeliveryState::kFailed);
  EXPECT_EQ(Get(a).message.email_attempts, 3);
  EXPECT_EQ(worker_->Counters().failed, 2);
}

TEST_P(DeliveryTest, SkipsWithoutAddressOptedOutOrTooOldButNotRequiredOnes) {
  auto none = Put(500);
  auto unknown = Put(404);
  auto opted = Put(7, "documents.overdue");
  auto required = Put(8, "onestop.received");
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(
        preferences_.Set(tx, notify::Recipient::User(UserId(7)), "documents.overdue", false, 0));
    auto refused =
        preferences_.Set(tx, notify::Recipient::User(UserId(8)), "onestop.received", false, 0);
    EXPECT_FALSE(refused);
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_EQ(Run(), 4);
  EXPECT_EQ(Get(none).message.email_state, notify::DeliveryState::kSkipped);
  EXPECT_EQ(Get(unknown).message.email_state, notify::DeliveryState::kSkipped);
  EXPECT_EQ(Get(opted).message.email_state, notify::DeliveryState::kSkipped);
  EXPECT_EQ(Get(required).message.email_state, notify::DeliveryState::kSent);
  ASSERT_EQ(transport_.calls.size(), 1u);
  // A required notice has no opt-out link.
  EXPECT_EQ(transport_.calls[0].message.find("List-Unsubscribe"), std::string::npos);
  auto old = Put(9);
  clock_.Advance(std::chrono::hours(73));
  EXPECT_EQ(Run(), 1);
  EXPECT_EQ(Get(old).message.email_state, notify::DeliveryState::kSkipped);
}

TEST_P(DeliveryTest, ADomainOverItsRateWaitsItsTurn) {
  options_.per_domain_per_minute = 2;
  Rebuild();
  for (int i = 0; i < 5; ++i) {
    Put(10 + i);
  }
  EXPECT_EQ(Run(), 2);
  EXPECT_EQ(Run(), 0);
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(Run(), 2);
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(Run(), 1);
  ASSERT_EQ(transport_.calls.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(transport_.calls[i].to, "user" + std::to_string(10 + i) + "@example.vn");
  }
}

TEST_P(DeliveryTest, ADigestListsThePersonsOpenWork) {
  auto id = Put(7, "mail.digest");
  EXPECT_EQ(Run(), 1);
  ASSERT_EQ(transport_.calls.size(), 1u);
  EXPECT_EQ(digests_.asked, std::vector<std::int64_t>{7});
  const std::string& m = transport_.calls[0].message;
  // Quoted-printable folds lines: look for pieces that stay whole.
  EXPECT_NE(m.find("125/UBND-VP"), std::string::npos);
  EXPECT_NE(m.find("7/SNV-TCCB"), std::string::npos);
  EXPECT_EQ(Get(id).message.email_state, notify::DeliveryState::kSent);
}

// Counts what each recipient got; safe to call from several workers' threads at once.
class CountingTransport : public Transport {
 public:
  mail::SmtpResult Send(const mail::SmtpServer&, const std::string&,
                        const std::vector<std::string>& to, const std::string& message) override {
    std::lock_guard lock(mutex);
    sent[to.at(0)].push_back(message);
    return {mail::SmtpOutcome::kSent, 250, ""};
  }
  std::mutex mutex;
  std::map<std::string, std::vector<std::string>> sent;
};

// Two instances (decision 0024): two workers, each on its own database handle, deliver the same
// outbox at once; every notice goes out once.
TEST_P(DeliveryTest, TwoInstancesSendEachNoticeOnce) {
  constexpr int kNotices = 40;
  for (int user = 1000; user < 1000 + kNotices; ++user) {
    Put(user);
  }
  auto opened = db::Database::Open({tdb_->url(), 4});
  ASSERT_TRUE(opened) << opened.error().message();
  options_.batch = 5;
  CountingTransport transport;
  DeliveryWorker one(tdb_->db(), channel_, accounts_, templates_, preferences_, directory_,
                     &digests_, transport, clock_, options_);
  DeliveryWorker two(**opened, channel_, accounts_, templates_, preferences_, directory_, &digests_,
                     transport, clock_, options_);
  std::atomic<int> handled{0};
  auto drain = [&](DeliveryWorker* w) {
    for (int idle = 0; idle < 3;) {
      auto n = w->Run(100, {});
      ASSERT_TRUE(n) << n.error().message();
      handled += *n;
      idle = *n == 0 ? idle + 1 : 0;
    }
  };
  std::thread a(drain, &one), b(drain, &two);
  a.join();
  b.join();
  EXPECT_EQ(handled.load(), kNotices);
  ASSERT_EQ(transport.sent.size(), static_cast<std::size_t>(kNotices));
  for (const auto& [to, copies] : transport.sent) {
    EXPECT_EQ(copies.size(), 1u) << to;
  }
  auto tx = tdb_->db().BeginRead();
  EXPECT_EQ(channel_.Counts(tx).sent, kNotices);
}

// An instance that died while sending leaves its notices marked sending (claimed, as its Plan
// left them): another instance sends them once the claims' lease has run out, with the
// Message-ID marked the first time.
TEST_P(DeliveryTest, AnotherInstanceTakesOverTheNoticesOfOneThatDied) {
  auto a = Put(7), b = Put(8);
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(channel_.MarkSending(tx, a, "user7@example.vn", "first.cqdt@angiang.gov.vn"));
    ASSERT_TRUE(channel_.MarkSending(tx, b, "user8@example.vn", "second.cqdt@angiang.gov.vn"));
    ASSERT_TRUE(tx.Commit());
  }
  auto opened = db::Database::Open({tdb_->url(), 4});
  ASSERT_TRUE(opened) << opened.error().message();
  CountingTransport transport;
  DeliveryWorker two(**opened, channel_, accounts_, templates_, preferences_, directory_, &digests_,
                     transport, clock_, options_);
  EXPECT_EQ(two.RunOnce().value(), 0);  // still claimed by the instance that died
  clock_.Advance(std::chrono::minutes(10));
  EXPECT_EQ(two.RunOnce().value(), 2);
  ASSERT_EQ(transport.sent.size(), 2u);
  EXPECT_NE(transport.sent["user7@example.vn"].at(0).find("first.cqdt@angiang.gov.vn"),
            std::string::npos);
  EXPECT_EQ(Get(a).message.email_state, notify::DeliveryState::kSent);
  EXPECT_EQ(Get(b).message.email_state, notify::DeliveryState::kSent);
}

INSTANTIATE_TEST_SUITE_P(Engines, DeliveryTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::mailroom
