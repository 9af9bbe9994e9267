// The counter queue on SQLite and PostgreSQL: tickets numbered per desk and day without gaps,
// counters serving their services, "call next" finishing the current ticket, two counters never
// calling the same ticket, recall and absent, yesterday's tickets never called, who may do what.
#include <algorithm>
#include <memory>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "db/testing.hpp"
#include "identity/identity_service.hpp"
#include "numbering/counter_service.hpp"
#include "onestop/catalogue_service.hpp"
#include "onestop/counter_queue.hpp"

namespace cqdt::onestop {
namespace {

const std::vector<std::pair<std::string, std::string>> kServices = {{"BTP-HOTICH", "Hộ tịch"},
                                                                    {"BTP-CT", "Chứng thực"}};

class CounterQueueTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam(), 4);
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    std::vector<db::Migration> all;
    for (auto ms : {numbering::Migrations(), audit::Migrations(), org::Migrations(),
                    identity::Migrations(), Migrations()}) {
      all.insert(all.end(), ms.begin(), ms.end());
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), all).Apply());
    auto tx = tdb_->db().Begin();
    org::AgencyInput in;
    in.code = "000.00.41.H01";
    in.name = "UBND phường Rạch Giá";
    in.short_name = "RG";
    in.kind = "commune";
    auto a = agencies_.Create(tx, actor_, in);
    ASSERT_TRUE(a) << a.error().message();
    ward_ = a->id;
    ASSERT_TRUE(tx.Commit());
    counter_officer_ = Staff(identity::Role::kCounterOfficer);
    leader_ = Staff(identity::Role::kLeader);
    hotich_ = Save("Quầy 1", {"BTP-HOTICH"});
    any_ = Save("Quầy 2", {});
  }

  identity::Principal Staff(identity::Role role) {
    identity::Principal p;
    p.realm = identity::Realm::kStaff;
    p.subject_id = 7;
    p.username = "x";
    p.agency_id = ward_;
    p.roles = {role};
    return p;
  }

  CounterId Save(const std::string& name, std::vector<std::string> services) {
    auto tx = tdb_->db().Begin();
    ServiceCounter c;
    c.name = name;
    c.services = std::move(services);
    auto saved = queue_.SaveCounter(tx, leader_, actor_, c);
    EXPECT_TRUE(saved) << saved.error().message();
    EXPECT_TRUE(tx.Commit());
    return saved ? saved->id : CounterId();
  }

  Ticket Issue(const std::string& service) {
    auto tx = tdb_->db().Begin();
    auto t = queue_.Issue(tx, "000.00.41.H01", service, kServices);
    EXPECT_TRUE(t) << t.error().message();
    EXPECT_TRUE(tx.Commit());
    return t ? *t : Ticket{};
  }

  CounterDesk Call(CounterId counter) {
    auto tx = tdb_->db().Begin();
    auto d = queue_.CallNext(tx, counter_officer_, actor_, counter);
    EXPECT_TRUE(d) << d.error().message();
    EXPECT_TRUE(tx.Commit());
    return d ? *d : CounterDesk{};
  }

  std::unique_ptr<db::testing::TestDatabase> tdb_;
  FakeClock clock_{FromUnixSeconds(1764208800)};  // Thursday 2025-11-27 09:00 in Vietnam
  audit::AuditLog audit_{clock_};
  org::AgencyService agencies_{audit_, clock_};
  numbering::CounterService counters_;
  CounterQueueService queue_{audit_, agencies_, counters_, clock_};
  audit::Actor actor_{UserId(), "cli", AgencyId(), "", ""};
  AgencyId ward_;
  identity::Principal counter_officer_, leader_;
  CounterId hotich_, any_;
};

TEST(TicketStateTest, NamesReadBack) {
  for (TicketState s :
       {TicketState::kWaiting, TicketState::kCalled, TicketState::kServed, TicketState::kAbsent}) {
    EXPECT_EQ(ParseTicketState(TicketStateName(s)), s);
  }
  EXPECT_FALSE(ParseTicketState("lost"));
}

TEST_P(CounterQueueTest, TicketsAreNumberedPerDayAndCountersServeTheirServices) {
  Ticket a = Issue("BTP-CT");
  Ticket b = Issue("BTP-HOTICH");
  Ticket c = Issue("");
  EXPECT_EQ(a.number, 1);
  EXPECT_EQ(b.number, 2);
  EXPECT_EQ(c.number, 3);
  EXPECT_EQ(c.waiting_before, 2);
  EXPECT_EQ(b.service_name, "Hộ tịch");
  // The civil-status counter skips the certification ticket.
  CounterDesk first = Call(hotich_);
  ASSERT_TRUE(first.current);
  EXPECT_EQ(first.current->number, 2);
  EXPECT_EQ(first.waiting, 1);  // ticket 3 (any service) is still there for it
  CounterDesk other = Call(any_);
  ASSERT_TRUE(other.current);
  EXPECT_EQ(other.current->number, 1);
  // Calling next finishes the current ticket as served.
  CounterDesk next = Call(hotich_);
  ASSERT_TRUE(next.current);
  EXPECT_EQ(next.current->number, 3);
  auto tx = tdb_->db().BeginRead();
  auto board = queue_.BoardOf(tx, "000.00.41.H01", kServices);
  ASSERT_TRUE(board);
  ASSERT_EQ(board->serving.size(), 2u);
  EXPECT_EQ(board->waiting, 0);
  EXPECT_EQ(board->serving.front().counter_name.empty(), false);
  // Nothing left: the counter stays free.
  CounterDesk empty = Call(hotich_);
  EXPECT_FALSE(empty.current);
  // A new day starts at 1, and yesterday's waiting tickets are never called.
  Issue("BTP-CT");
  clock_.Advance(std::chrono::hours(24));
  EXPECT_EQ(Issue("BTP-CT").number, 1);
  CounterDesk today = Call(any_);
  ASSERT_TRUE(today.current);
  EXPECT_EQ(today.current->day, "2025-11-28");
}

TEST_P(CounterQueueTest, RecallAbsentAndWhoMayCall) {
  Issue("");
  Issue("");
  Call(any_);
  {
    auto tx = tdb_->db().Begin();
    auto again = queue_.Recall(tx, counter_officer_, any_);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->current->calls, 2);
    auto gone = queue_.MarkAbsent(tx, counter_officer_, any_);
    ASSERT_TRUE(gone);
    EXPECT_FALSE(gone->current);
    EXPECT_EQ(queue_.Recall(tx, counter_officer_, any_).error().code(),
              ErrorCode::kFailedPrecondition);
    // A leader does not call numbers; a counter officer does not create counters.
    EXPECT_EQ(queue_.CallNext(tx, leader_, actor_, any_).error().code(),
              ErrorCode::kPermissionDenied);
    ServiceCounter c;
    c.name = "Quầy 3";
    EXPECT_EQ(queue_.SaveCounter(tx, counter_officer_, actor_, c).error().code(),
              ErrorCode::kPermissionDenied);
    c.name = "Quầy 1";
    EXPECT_EQ(queue_.SaveCounter(tx, leader_, actor_, c).error().code(), ErrorCode::kConflict);
    c.name = "";
    EXPECT_EQ(queue_.SaveCounter(tx, leader_, actor_, c).error().fields().front().field, "name");
    // Unknown service or desk.
    EXPECT_EQ(queue_.Issue(tx, "000.00.41.H01", "XX", kServices).error().fields().front().field,
              "service");
    EXPECT_EQ(queue_.Issue(tx, "000.00.99.H01", "", kServices).error().code(),
              ErrorCode::kNotFound);
  }
}

TEST_P(CounterQueueTest, TwoCountersCallingAtOnceNeverTakeTheSameTicket) {
  for (int i = 0; i < 6; ++i) {
    Issue("BTP-HOTICH");
  }
  std::vector<int> taken;
  std::mutex mu;
  auto worker = [&](CounterId counter) {
    for (int i = 0; i < 3; ++i) {
      auto tx = tdb_->db().Begin();
      auto d = queue_.CallNext(tx, counter_officer_, actor_, counter);
      ASSERT_TRUE(d) << d.error().message();
      ASSERT_TRUE(tx.Commit());
      if (d->current) {
        std::lock_guard lock(mu);
        taken.push_back(d->current->number);
      }
    }
  };
  std::thread one(worker, hotich_);
  std::thread two(worker, any_);
  one.join();
  two.join();
  std::sort(taken.begin(), taken.end());
  EXPECT_EQ(taken, (std::vector<int>{1, 2, 3, 4, 5, 6}));
}

INSTANTIATE_TEST_SUITE_P(Engines, CounterQueueTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::onestop
