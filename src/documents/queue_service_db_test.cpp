// QueueService, DelegationService and CommentService on SQLite and PostgreSQL: queues and counts
// follow a document through its flow, deadlines are flagged in Vietnam time with the working-day
// calendar, paging happens in SQL, the SQL visibility agrees with document_access, reminders are
// written once a day, delegation lets a deputy act (and stops when revoked), comments carry files.
#include <algorithm>
#include <sstream>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "documents/comment_service.hpp"
#include "documents/delegation_service.hpp"
#include "documents/document_access.hpp"
#include "documents/queue_service.hpp"
#include "outgoing_repository.hpp"
#include "testing_services_fixture.hpp"

namespace cqdt::documents {
namespace {

// The fixture's clock: 2025-11-26T23:33:20Z, Thursday 2025-11-27 06:33 in Vietnam. The next
// working day is Friday 2025-11-28.
constexpr const char* kTomorrow = "2025-11-28";

class QueueServiceTest : public testing::ServicesFixture {
 protected:
  void SetUp() override {
    ServicesFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    queues_ = std::make_unique<QueueService>(*identity_, agencies_, outbox_, calendar_, clock_);
    delegations_ = std::make_unique<DelegationService>(audit_, *identity_, outbox_, clock_);
    comments_ = std::make_unique<CommentService>(audit_, *identity_, *files_, clock_);
    officer_ = MakeUser("chuyenvien", agency_, {"officer"});
  }

  // A registered incoming document (state "registered").
  Document Register(const std::string& number, const std::string& confidentiality = "none") {
    IncomingInput in;
    in.agency_id = agency_;
    in.number_text = number;
    in.issued_date = "2025-11-20";
    in.sender_name = "UBND tỉnh An Giang";
    in.subject = "Về việc " + number;
    in.confidentiality = confidentiality;
    auto tx = tdb_->db().Begin();
    auto out = incoming_->Register(tx, ActorFor(clerk_), PrincipalOf(clerk_), in);
    EXPECT_TRUE(out && out->document) << (out ? "" : out.error().message());
    EXPECT_TRUE(tx.Commit());
    return *out->document;
  }

  template <typename Action>
  Document Step(Document d, Action&& action) {
    auto tx = tdb_->db().Begin();
    auto out = action(tx, d);
    EXPECT_TRUE(out) << (out ? "" : out.error().message());
    if (!out) {
      return d;
    }
    EXPECT_TRUE(tx.Commit());
    return *out;
  }

  Document Submit(Document d) {
    return Step(d, [&](db::Transaction& tx, const Document& x) {
      return assignments_->Submit(tx, ActorFor(clerk_), PrincipalOf(clerk_), x.id, x.version,
                                  leader_.id);
    });
  }

  Result<Document> AssignAs(const identity::User& who, const Document& d, const std::string& due) {
    AssignInput in;
    in.instruction = "Chủ trì tham mưu";
    in.assignees = {{officer_.id, "lead"}, {clerk_.id, "info"}};
    in.due_date = due;
    auto tx = tdb_->db().Begin();
    auto out = assignments_->Assign(tx, ActorFor(who), PrincipalOf(who), d.id, d.version, in);
    if (out) {
      EXPECT_TRUE(tx.Commit());
    }
    return out;
  }

  QueuePage List(const identity::User& u, Queue q, const std::string& flag = "", int limit = 50,
                 int offset = 0) {
    auto tx = tdb_->db().BeginRead();
    QueueQuery query;
    query.queue = q;
    query.flag = flag;
    query.limit = limit;
    query.offset = offset;
    auto page = queues_->List(tx, PrincipalOf(u), query);
    EXPECT_TRUE(page) << (page ? "" : page.error().message());
    return page ? *page : QueuePage{};
  }

  QueueCount CountOf(const identity::User& u, Queue q) {
    auto tx = tdb_->db().BeginRead();
    auto counts = queues_->Counts(tx, PrincipalOf(u));
    EXPECT_TRUE(counts);
    for (const auto& c : *counts) {
      if (c.queue == q) {
        return c;
      }
    }
    return {};
  }

  std::unique_ptr<QueueService> queues_;
  std::unique_ptr<DelegationService> delegations_;
  std::unique_ptr<CommentService> comments_;
  identity::User officer_;
};

TEST_P(QueueServiceTest, QueuesAndCountsFollowTheDocument) {
  Document d = Register("01/QĐ-UBND");
  EXPECT_EQ(CountOf(clerk_, Queue::kRegister).total, 1);
  EXPECT_EQ(CountOf(leader_, Queue::kInstruct).total, 0);
  EXPECT_EQ(CountOf(officer_, Queue::kRegister).total, 0) << "not a clerk";
  d = Submit(d);
  EXPECT_EQ(CountOf(clerk_, Queue::kRegister).total, 0);
  EXPECT_EQ(CountOf(leader_, Queue::kInstruct).total, 1);
  auto assigned = AssignAs(leader_, d, kTomorrow);
  ASSERT_TRUE(assigned) << assigned.error().message();
  EXPECT_EQ(CountOf(leader_, Queue::kInstruct).total, 0);
  QueueCount process = CountOf(officer_, Queue::kProcess);
  EXPECT_EQ(process.total, 1);
  EXPECT_EQ(process.due_soon, 1);
  EXPECT_EQ(process.overdue, 0);
  EXPECT_EQ(CountOf(clerk_, Queue::kInfo).total, 1);
  EXPECT_EQ(CountOf(clerk_, Queue::kProcess).total, 0);
  auto page = List(officer_, Queue::kProcess);
  ASSERT_EQ(page.items.size(), 1U);
  EXPECT_TRUE(page.items[0].due_soon);
  EXPECT_FALSE(page.items[0].overdue);

  // Two days later (Saturday 2025-11-29 in Vietnam): the due date has passed.
  clock_.Advance(std::chrono::hours(48));
  process = CountOf(officer_, Queue::kProcess);
  EXPECT_EQ(process.overdue, 1);
  EXPECT_EQ(process.due_soon, 0);
  EXPECT_EQ(List(officer_, Queue::kProcess, "overdue").total, 1);
  EXPECT_EQ(List(officer_, Queue::kProcess, "due_soon").total, 0);
}

TEST_P(QueueServiceTest, DueSoonMeansByTheNextWorkingDayInVietnam) {
  // Friday 2025-11-28, 20:00 in Vietnam (13:00 UTC): the next working day is Monday 12-01.
  clock_.Set(FromUnixSeconds(1764334800));
  Document monday = Submit(Register("01/QĐ-UBND"));
  Document tuesday = Submit(Register("02/QĐ-UBND"));
  ASSERT_TRUE(AssignAs(leader_, monday, "2025-12-01"));
  ASSERT_TRUE(AssignAs(leader_, tuesday, "2025-12-02"));
  auto page = List(officer_, Queue::kProcess);
  ASSERT_EQ(page.items.size(), 2U);
  // Sorted by due date, earliest first.
  EXPECT_EQ(page.items[0].document.id, monday.id);
  EXPECT_TRUE(page.items[0].due_soon);
  EXPECT_FALSE(page.items[1].due_soon);
}

TEST_P(QueueServiceTest, PagesInSqlWithTheTotal) {
  for (int i = 1; i <= 5; ++i) {
    Register(std::to_string(i) + "/QĐ-UBND");
  }
  auto first = List(clerk_, Queue::kRegister, "", 2, 0);
  auto last = List(clerk_, Queue::kRegister, "", 2, 4);
  EXPECT_EQ(first.total, 5);
  EXPECT_EQ(first.items.size(), 2U);
  EXPECT_EQ(last.items.size(), 1U);
  EXPECT_EQ(last.total, 5);
  auto past = List(clerk_, Queue::kRegister, "", 2, 6);  // past the end: no rows, still the total
  EXPECT_TRUE(past.items.empty());
  EXPECT_EQ(past.total, 5);
  auto tx = tdb_->db().BeginRead();
  QueueQuery bad;
  bad.limit = 0;
  auto refused = queues_->List(tx, PrincipalOf(clerk_), bad);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields().at(0).field, "limit");
}

// The page's documents come in one statement with the count, not one statement per row: a page of
// five costs as many statements as a page of one (bench/queue-bench.sh, decision 0009).
TEST_P(QueueServiceTest, PageCostsTheSameStatementsWhateverItsSize) {
  for (int i = 1; i <= 5; ++i) {
    Register(std::to_string(i) + "/QĐ-UBND");
  }
  auto statements = [&](int limit, std::size_t& items) {
    // A connection of its own each time: the pooled ones keep prepared statements
    // (db/statement.hpp), and SOCI logs only what it prepares, so a warm connection would hide a
    // statement per row.
    auto fresh = db::Database::Open({tdb_->url(), 1});
    EXPECT_TRUE(fresh);
    if (!fresh) {
      return std::ptrdiff_t{0};
    }
    auto tx = (*fresh)->BeginRead();
    std::ostringstream log;
    tx.sql().set_log_stream(&log);  // SOCI writes one line per statement it prepares
    QueueQuery query;
    query.queue = Queue::kRegister;
    query.limit = limit;
    auto page = queues_->List(tx, PrincipalOf(clerk_), query);
    tx.sql().set_log_stream(nullptr);
    EXPECT_TRUE(page);
    items = page ? page->items.size() : 0;
    const std::string text = log.str();
    return std::count(text.begin(), text.end(), '\n');
  };
  std::size_t one = 0, five = 0;
  const auto for_one = statements(1, one);
  const auto for_five = statements(5, five);
  EXPECT_EQ(one, 1U);
  EXPECT_EQ(five, 5U);
  EXPECT_GT(for_one, 0);
  EXPECT_EQ(for_five, for_one);
}

// Every queue's count in one statement (the menu badges of every page view), beside the one that
// looks up the caller's delegations: not a statement per queue.
TEST_P(QueueServiceTest, CountsEveryQueueInOneStatement) {
  ASSERT_TRUE(AssignAs(leader_, Submit(Register("01/QĐ-UBND")), kTomorrow));
  Submit(Register("02/QĐ-UBND"));
  for (const auto& u : {officer_, clerk_, leader_}) {
    // A fresh connection: a pooled one keeps its prepared statements and SOCI logs only those it
    // prepares (see PageCostsTheSameStatementsWhateverItsSize).
    auto fresh = db::Database::Open({tdb_->url(), 1});
    ASSERT_TRUE(fresh);
    auto tx = (*fresh)->BeginRead();
    std::ostringstream log;
    tx.sql().set_log_stream(&log);  // SOCI writes one line per statement it prepares
    auto counts = queues_->Counts(tx, PrincipalOf(u));
    tx.sql().set_log_stream(nullptr);
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->size(), AllQueues().size());
    const std::string text = log.str();
    EXPECT_LE(std::count(text.begin(), text.end(), '\n'), 2) << u.username << ":\n" << text;
  }
  EXPECT_EQ(CountOf(officer_, Queue::kProcess).total, 1);
  EXPECT_EQ(CountOf(clerk_, Queue::kInfo).total, 1);
  EXPECT_EQ(CountOf(leader_, Queue::kInstruct).total, 1);
  EXPECT_EQ(CountOf(officer_, Queue::kInstruct).total, 0) << "not a leader";
}

TEST_P(QueueServiceTest, SqlVisibilityAgreesWithDocumentAccess) {
  Document plain = Register("01/QĐ-UBND");
  Document secret = Register("02/QĐ-UBND", "secret");
  auto other_clerk = MakeUser("vanthu2", agency_, {"clerk"});
  auto outsider = MakeUser("vanthu.khac", other_agency_, {"clerk"});
  auto tx = tdb_->db().BeginRead();
  for (const auto& u : {clerk_, other_clerk, leader_, officer_, outsider}) {
    ListFilter all;
    auto listed = incoming_->List(tx, PrincipalOf(u), all);
    ASSERT_TRUE(listed);
    std::set<DocumentId> seen;
    for (const auto& d : *listed) {
      seen.insert(d.id);
    }
    for (const Document& d : {plain, secret}) {
      EXPECT_EQ(seen.count(d.id) > 0, CanSee(PrincipalOf(u), IncomingService::FactsOf(tx, d)))
          << u.username << " document " << d.number_text;
    }
  }
  // The registering clerk is on the secret document's route; the other clerk is not.
  EXPECT_EQ(List(clerk_, Queue::kRegister).total, 2);
  EXPECT_EQ(List(other_clerk, Queue::kRegister).total, 1);
}

TEST_P(QueueServiceTest, RemindersAreWrittenOncePerDay) {
  Document soon = Submit(Register("01/QĐ-UBND"));
  Document late = Submit(Register("02/QĐ-UBND"));
  Document later = Submit(Register("03/QĐ-UBND"));
  ASSERT_TRUE(AssignAs(leader_, soon, kTomorrow));
  ASSERT_TRUE(AssignAs(leader_, late, "2025-11-20"));
  ASSERT_TRUE(AssignAs(leader_, later, "2025-12-20"));
  auto run = [&] {
    auto tx = tdb_->db().Begin();
    auto r = queues_->Remind(tx);
    EXPECT_TRUE(r);
    EXPECT_TRUE(tx.Commit());
    return *r;
  };
  ReminderReport first = run();
  EXPECT_EQ(first.due_tomorrow, 1);
  EXPECT_EQ(first.overdue, 1);
  ReminderReport second = run();
  EXPECT_EQ(second.due_tomorrow + second.overdue, 0) << "deduplicated per day";
  // The informed person (clerk, role info) is not reminded; the lead is.
  auto tx = tdb_->db().BeginRead();
  auto notices = outbox_.ListForRecipient(tx, notify::Recipient::User(officer_.id), false, 50, 0);
  ASSERT_TRUE(notices);
  int reminders = 0;
  for (const auto& n : notices->items) {
    reminders += n.kind == "documents.overdue" || n.kind == "documents.due_soon";
  }
  EXPECT_EQ(reminders, 2);
  // The next day, the still overdue document is reminded again.
  ASSERT_TRUE(tx.Commit());
  clock_.Advance(std::chrono::hours(24));
  ReminderReport next_day = run();
  EXPECT_GE(next_day.overdue, 1);
}

TEST_P(QueueServiceTest, LeaderOverviewCountsTheAgencyAndItsUnits) {
  Document a = Submit(Register("01/QĐ-UBND"));
  Document b = Submit(Register("02/QĐ-UBND"));
  ASSERT_TRUE(AssignAs(leader_, a, "2025-11-20"));
  auto tx = tdb_->db().BeginRead();
  auto lines = queues_->Overview(tx, PrincipalOf(leader_));
  ASSERT_TRUE(lines) << lines.error().message();
  ASSERT_GE(lines->size(), 2U);
  EXPECT_EQ((*lines)[0].open, 2);
  EXPECT_EQ((*lines)[0].overdue, 1);
  OverviewQuery q;
  q.flag = "overdue";
  auto items = queues_->OverviewItems(tx, PrincipalOf(leader_), q);
  ASSERT_TRUE(items);
  ASSERT_EQ(items->items.size(), 1U);
  EXPECT_EQ(items->items[0].document.id, a.id);
  q.flag = "";
  q.unit_id = UnitId();  // people without a unit, and the submitted one nobody holds yet
  items = queues_->OverviewItems(tx, PrincipalOf(leader_), q);
  ASSERT_TRUE(items);
  EXPECT_EQ(items->total, 2);
  auto denied = queues_->Overview(tx, PrincipalOf(officer_));
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code(), ErrorCode::kPermissionDenied);
  (void)b;
}

TEST_P(QueueServiceTest, DelegatedAssignRightLetsTheDeputyAssignUntilRevoked) {
  auto deputy = MakeUser("phophong", agency_, {"officer"});
  Document d = Submit(Register("01/QĐ-UBND"));
  auto refused = AssignAs(deputy, d, kTomorrow);
  ASSERT_FALSE(refused);
  EXPECT_EQ(CountOf(deputy, Queue::kInstruct).total, 0);

  DelegationInput in;
  in.to_user = deputy.id;
  in.rights = {"assign"};
  in.ends_on = "2025-12-31";
  in.reason = "Đi công tác";
  Delegation made;
  {
    auto tx = tdb_->db().Begin();
    // Only a leader delegates; the fields are named.
    auto not_leader = delegations_->Create(tx, ActorFor(officer_), PrincipalOf(officer_), in);
    ASSERT_FALSE(not_leader);
    EXPECT_EQ(not_leader.error().code(), ErrorCode::kPermissionDenied);
    DelegationInput bad = in;
    bad.rights = {"everything"};
    bad.ends_on = "2025-11-01";
    auto invalid = delegations_->Create(tx, ActorFor(leader_), PrincipalOf(leader_), bad);
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().fields().size(), 2U);
    auto ok = delegations_->Create(tx, ActorFor(leader_), PrincipalOf(leader_), in);
    ASSERT_TRUE(ok) << ok.error().message();
    EXPECT_TRUE(ok->active);
    made = *ok;
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_EQ(CountOf(deputy, Queue::kInstruct).total, 1);
  auto assigned = AssignAs(deputy, d, kTomorrow);
  ASSERT_TRUE(assigned) << assigned.error().message();
  {
    auto tx = tdb_->db().BeginRead();
    auto events = incoming_->Events(tx, PrincipalOf(leader_), d.id);
    ASSERT_TRUE(events);
    EXPECT_EQ(events->back().actor_name, "phophong, được ủy quyền bởi lanhdao");
  }
  // Revoked: the deputy may no longer assign (a second document).
  Document e = Submit(Register("02/QĐ-UBND"));
  {
    auto tx = tdb_->db().Begin();
    auto not_mine = delegations_->Revoke(tx, ActorFor(deputy), PrincipalOf(deputy), made.id, "");
    ASSERT_FALSE(not_mine);
    EXPECT_EQ(not_mine.error().code(), ErrorCode::kPermissionDenied);
    auto revoked =
        delegations_->Revoke(tx, ActorFor(leader_), PrincipalOf(leader_), made.id, "Đã về");
    ASSERT_TRUE(revoked) << revoked.error().message();
    EXPECT_FALSE(revoked->active);
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_FALSE(AssignAs(deputy, e, kTomorrow));
  EXPECT_EQ(CountOf(deputy, Queue::kInstruct).total, 0);
}

TEST_P(QueueServiceTest, DelegatedSignRightShowsTheSignQueueOnlyWithinItsPeriod) {
  // An officer: only the delegation puts them on the route.
  auto deputy = MakeUser("phogiamdoc", agency_, {"officer"});
  Document d = MakeDocument(Direction::kOutgoing);
  {
    auto tx = tdb_->db().Begin();
    OutgoingRepository(tx).SetSigner(d.id, agency_, leader_.id);
    Document approved = d;
    approved.state = "approved";
    ASSERT_TRUE(DocumentRepository(tx).Update(approved, approved.updated_at));
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_EQ(CountOf(leader_, Queue::kSign).total, 1);
  EXPECT_EQ(CountOf(deputy, Queue::kSign).total, 0);
  {
    auto tx = tdb_->db().Begin();
    DelegationInput in;
    in.to_user = deputy.id;
    in.rights = {"sign"};
    in.starts_on = "2025-12-01";
    in.ends_on = "2025-12-05";
    in.reason = "Nghỉ phép";
    ASSERT_TRUE(delegations_->Create(tx, ActorFor(leader_), PrincipalOf(leader_), in));
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_EQ(CountOf(deputy, Queue::kSign).total, 0) << "not started yet";
  clock_.Advance(std::chrono::hours(24 * 5));  // 2025-12-02 in Vietnam
  EXPECT_EQ(CountOf(deputy, Queue::kSign).total, 1);
  {
    auto tx = tdb_->db().BeginRead();
    EXPECT_TRUE(
        SignerDelegation(tx, *identity_, PrincipalOf(deputy), leader_.id, agency_, "2025-12-02"));
    EXPECT_FALSE(
        SignerDelegation(tx, *identity_, PrincipalOf(deputy), leader_.id, agency_, "2025-12-06"));
  }
  clock_.Advance(std::chrono::hours(24 * 4));  // 2025-12-06: over
  EXPECT_EQ(CountOf(deputy, Queue::kSign).total, 0);
}

TEST_P(QueueServiceTest, CommentsWithAFileAreListedForTheRouteOnly) {
  Document d = Register("01/QĐ-UBND");
  static const char kPng[] =
      "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
  DocumentFile upload;
  {
    auto tx = tdb_->db().Begin();
    auto f = files_->Upload(tx, ActorFor(leader_), agency_, "y-kien.png",
                            std::string_view(kPng, sizeof(kPng) - 1), "");
    ASSERT_TRUE(f) << f.error().message();
    upload = *f;
    ASSERT_TRUE(tx.Commit());
  }
  {
    auto tx = tdb_->db().Begin();
    auto empty = comments_->Add(tx, ActorFor(leader_), PrincipalOf(leader_), d.id, "", {});
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().fields().at(0).field, "text");
    // Someone else's upload is not the clerk's to attach.
    auto theirs =
        comments_->Add(tx, ActorFor(clerk_), PrincipalOf(clerk_), d.id, "Xem tệp", upload.id);
    ASSERT_FALSE(theirs);
    EXPECT_EQ(theirs.error().fields().at(0).field, "fileId");
    auto c = comments_->Add(tx, ActorFor(leader_), PrincipalOf(leader_), d.id,
                            "Đề nghị bổ sung số liệu", upload.id);
    ASSERT_TRUE(c) << c.error().message();
    ASSERT_TRUE(c->file);
    ASSERT_TRUE(tx.Commit());
  }
  auto tx = tdb_->db().BeginRead();
  auto list = comments_->List(tx, PrincipalOf(clerk_), d.id);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1U);
  EXPECT_EQ((*list)[0].text, "Đề nghị bổ sung số liệu");
  ASSERT_TRUE((*list)[0].file);
  EXPECT_EQ((*list)[0].file->role, FileRole::kAttachment);
  auto bytes = comments_->ReadFile(tx, PrincipalOf(clerk_), d.id, upload.id);
  ASSERT_TRUE(bytes);
  auto outsider = MakeUser("vanthu.khac", other_agency_, {"clerk"});
  auto hidden = comments_->List(tx, PrincipalOf(outsider), d.id);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code(), ErrorCode::kNotFound);
  // An officer off the route of an ordinary document does not see it.
  auto off_route = comments_->List(tx, PrincipalOf(officer_), d.id);
  ASSERT_FALSE(off_route);
}

INSTANTIATE_TEST_SUITE_P(Engines, QueueServiceTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::documents
