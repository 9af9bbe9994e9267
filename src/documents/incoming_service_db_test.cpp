// IncomingService and AssignmentService on SQLite and PostgreSQL: arrival numbers from the right
// register in the registration's transaction, the duplicate warning before anything is saved, and
// the processing flow with its notices and optimistic concurrency.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "db/testing_statement_log.hpp"
#include "testing_services_fixture.hpp"

namespace cqdt::documents {
namespace {

class IncomingServiceTest : public testing::ServicesFixture {
 protected:
  void SetUp() override {
    ServicesFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    officer_ = MakeUser("chuyenvien", agency_, {"officer"});
  }

  Result<RegisterOutcome> RegisterAs(const identity::User& u, const IncomingInput& in) {
    auto tx = tdb_->db().Begin();
    auto out = incoming_->Register(tx, ActorFor(u), PrincipalOf(u), in);
    if (out && out->document) {
      EXPECT_TRUE(tx.Commit());
    }
    return out;
  }

  int DocumentCount() {
    auto tx = tdb_->db().BeginRead();
    int n = 0;
    tx.sql() << "SELECT COUNT(*) FROM documents_document", soci::into(n);
    return n;
  }

  identity::User officer_;
};

TEST_P(IncomingServiceTest, Decree30Art22_ArrivalNumbersAreConsecutivePerRegister) {
  auto a = RegisterAs(clerk_, Input("01/QĐ-UBND"));
  auto b = RegisterAs(clerk_, Input("02/QĐ-UBND"));
  ASSERT_TRUE(a && a->document) << (a ? "" : a.error().message());
  ASSERT_TRUE(b && b->document);
  EXPECT_EQ(a->document->arrival_number, 1);
  EXPECT_EQ(b->document->arrival_number, 2);
  EXPECT_EQ(a->document->state, "registered");
  EXPECT_EQ(a->document->notation, "QĐ-UBND");
  // A confidential document starts the confidential register's own series.
  IncomingInput secret = Input("03/QĐ-UBND");
  secret.confidentiality = "confidential";
  auto c = RegisterAs(clerk_, secret);
  ASSERT_TRUE(c && c->document) << (c ? "" : c.error().message());
  EXPECT_EQ(c->document->arrival_number, 1);
}

// Every statement of a registration (the upload of its file included) is on the connection's
// statement cache (db/statement.hpp): once a connection has registered a document, the next
// registration on it prepares nothing (on PostgreSQL a prepared-once statement is one round trip;
// SOCI's `session <<` and `session.prepare <<` are a parse or a PREPARE/DEALLOCATE every time).
class PreparedStatements : public soci::logger_impl {
 public:
  explicit PreparedStatements(std::shared_ptr<std::vector<std::string>> out)
      : out_(std::move(out)) {}
  void start_query(const std::string& query) override { out_->push_back(query); }

 private:
  logger_impl* do_clone() const override { return new PreparedStatements(out_); }
  std::shared_ptr<std::vector<std::string>> out_;
};

TEST_P(IncomingServiceTest, ARegistrationPreparesNoStatementOnAWarmConnection) {
  auto tx = tdb_->db().Begin();
  auto register_one = [&](const std::string& number) {
    auto file = files_->Upload(tx, ActorFor(clerk_), agency_, "scan.png",
                               std::string("\x89PNG\r\n\x1a\n", 8) + number, "");
    ASSERT_TRUE(file) << file.error().message();
    IncomingInput in = Input(number);
    in.file_ids = {file->id};
    auto out = incoming_->Register(tx, ActorFor(clerk_), PrincipalOf(clerk_), in);
    ASSERT_TRUE(out && out->document) << (out ? "duplicate" : out.error().message());
  };
  register_one("01/QĐ-UBND");  // warms this connection's cache
  auto prepared = std::make_shared<std::vector<std::string>>();
  tx.sql().set_logger(new PreparedStatements(prepared));
  register_one("02/QĐ-UBND");
  std::string texts;
  for (const auto& q : *prepared) {
    texts += q + "\n";
  }
  EXPECT_TRUE(prepared->empty()) << texts;
  ASSERT_TRUE(tx.Commit());
}

// The register comes with its writers in one statement and the agency from the directory's
// snapshot: on PostgreSQL each statement is a round trip (the registration benchmark's target).
TEST_P(IncomingServiceTest, ARegistrationReadsTheRegisterAndItsWritersInOneStatement) {
  if (tdb_->db().engine() != db::Engine::kSqlite) {
    GTEST_SKIP() << "counted on SQLite (testing_statement_log.hpp)";
  }
  ASSERT_TRUE(RegisterAs(clerk_, Input("01/QĐ-UBND")));  // warms the caches
  auto tx = tdb_->db().Begin();
  {
    db::testing::StatementLog log(tx);
    auto out = incoming_->Register(tx, ActorFor(clerk_), PrincipalOf(clerk_), Input("02/QĐ-UBND"));
    ASSERT_TRUE(out && out->document);
    EXPECT_EQ(log.RepeatedSelects(), "") << log.All();
    for (const auto& s : log.statements()) {
      EXPECT_EQ(s.find("FROM documents_register_writer"), std::string::npos) << s;
      EXPECT_EQ(s.find("FROM org_agency"), std::string::npos) << s;
    }
  }
  ASSERT_TRUE(tx.Commit());
}

// The duplicate check runs in the registration's write transaction: it must seek the number and
// issue date in an index, not read every incoming document of the agency (bench/soak.sh found
// registrations at ~75 ms with 17,000 of them, every other write waiting).
TEST_P(IncomingServiceTest, TheDuplicateCheckSeeksTheNumberInAnIndex) {
  if (tdb_->db().engine() != db::Engine::kSqlite) {
    GTEST_SKIP() << "the plan is read on SQLite (EXPLAIN QUERY PLAN)";
  }
  auto tx = tdb_->db().Begin();
  std::string check;
  {
    db::testing::StatementLog log(tx);
    auto out = incoming_->Register(tx, ActorFor(clerk_), PrincipalOf(clerk_), Input("07/QĐ-UBND"));
    ASSERT_TRUE(out && out->document);
    for (const auto& s : log.statements()) {
      if (s.find("FROM documents_document") != std::string::npos &&
          s.find("number_text = ") != std::string::npos &&
          s.find("issued_date = ") != std::string::npos) {
        check = s;
      }
    }
    ASSERT_FALSE(check.empty()) << log.All();
  }
  std::string plan;
  soci::rowset<soci::row> rows = (tx.sql().prepare << "EXPLAIN QUERY PLAN " + check);
  for (const auto& r : rows) {
    plan += r.get<std::string>(3) + "\n";
  }
  EXPECT_NE(plan.find("number_text=?"), std::string::npos) << check << "\n" << plan;
  ASSERT_TRUE(tx.Commit());
}

TEST_P(IncomingServiceTest, DuplicateIsReportedBeforeSavingUnlessConfirmed) {
  ASSERT_TRUE(RegisterAs(clerk_, Input()));
  int before = DocumentCount();
  auto dup = RegisterAs(clerk_, Input());
  ASSERT_TRUE(dup);
  EXPECT_FALSE(dup->document);
  ASSERT_EQ(dup->duplicates.size(), 1U);
  EXPECT_EQ(DocumentCount(), before);
  IncomingInput confirmed = Input();
  confirmed.confirm_duplicate = true;
  auto again = RegisterAs(clerk_, confirmed);
  ASSERT_TRUE(again && again->document);
  EXPECT_EQ(again->document->arrival_number, 2) << "the warning consumed no number";
}

TEST_P(IncomingServiceTest, OnlyClerksRegisterAndFieldsAreNamed) {
  auto denied = RegisterAs(officer_, Input());
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code(), ErrorCode::kPermissionDenied);
  IncomingInput bad = Input("05 QĐ");
  bad.subject = "";
  bad.sender_name = "";
  auto invalid = RegisterAs(clerk_, bad);
  ASSERT_FALSE(invalid);
  std::set<std::string> fields;
  for (const auto& f : invalid.error().fields()) {
    fields.insert(f.field);
  }
  EXPECT_TRUE(fields.count("numberText") && fields.count("subject") && fields.count("senderName"));
}

TEST_P(IncomingServiceTest, SubmitAssignAcceptCompleteWithNoticesAndVersions) {
  auto reg = RegisterAs(clerk_, Input());
  ASSERT_TRUE(reg && reg->document);
  Document d = *reg->document;
  auto step = [&](auto&& action) {
    auto tx = tdb_->db().Begin();
    auto out = action(tx);
    if (out) {
      EXPECT_TRUE(tx.Commit());
      d = *out;
    }
    return out;
  };
  ASSERT_TRUE(step([&](db::Transaction& tx) {
    return assignments_->Submit(tx, ActorFor(clerk_), PrincipalOf(clerk_), d.id, d.version,
                                leader_.id);
  }));
  EXPECT_EQ(d.state, "submitted");
  // A stale version loses: kConflict, nothing written.
  auto stale = step([&](db::Transaction& tx) {
    return assignments_->Return(tx, ActorFor(leader_), PrincipalOf(leader_), d.id, d.version - 1,
                                "Gửi nhầm");
  });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), ErrorCode::kConflict);
  AssignInput in;
  in.instruction = "Chủ trì tham mưu";
  in.assignees = {{officer_.id, "lead"}};
  in.due_in_working_days = 5;
  ASSERT_TRUE(step([&](db::Transaction& tx) {
    return assignments_->Assign(tx, ActorFor(leader_), PrincipalOf(leader_), d.id, d.version, in);
  }));
  EXPECT_EQ(d.state, "assigned");
  EXPECT_FALSE(d.due_date.empty());
  {
    auto tx = tdb_->db().BeginRead();
    auto notices = outbox_.ListForRecipient(tx, notify::Recipient::User(officer_.id), false, 10, 0);
    ASSERT_TRUE(notices);
    ASSERT_EQ(notices->items.size(), 1U);
    EXPECT_EQ(notices->items[0].kind, "documents.assigned");
  }
  // The leader is not the lead assignee: completing is refused.
  auto refused = step([&](db::Transaction& tx) {
    return assignments_->Complete(tx, ActorFor(leader_), PrincipalOf(leader_), d.id, d.version,
                                  "Xong");
  });
  EXPECT_FALSE(refused);
  ASSERT_TRUE(step([&](db::Transaction& tx) {
    return assignments_->Accept(tx, ActorFor(officer_), PrincipalOf(officer_), d.id, d.version);
  }));
  EXPECT_EQ(d.state, "in_progress");
  ASSERT_TRUE(step([&](db::Transaction& tx) {
    return assignments_->Complete(tx, ActorFor(officer_), PrincipalOf(officer_), d.id, d.version,
                                  "Đã tham mưu văn bản trả lời");
  }));
  EXPECT_EQ(d.state, "completed");
  auto tx = tdb_->db().BeginRead();
  auto events = incoming_->Events(tx, PrincipalOf(clerk_), d.id);
  ASSERT_TRUE(events);
  EXPECT_EQ(events->size(), 5U);
  // Another agency's clerk does not learn the document exists.
  auto outsider = MakeUser("vanthu.khac", other_agency_, {"clerk"});
  auto hidden = incoming_->Get(tx, PrincipalOf(outsider), d.id);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code(), ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Engines, IncomingServiceTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::documents
