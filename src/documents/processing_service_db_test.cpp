// Units, forwarding, completion with an answer, extension decisions, the recorded "ĐẾN" stamp,
// and confidentiality (files refused, the submitted leader on the route, grants, audited views)
// on SQLite and PostgreSQL.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "documents/arrival_stamp.hpp"
#include "documents/grant_service.hpp"
#include "documents/processing_service.hpp"
#include "testing_services_fixture.hpp"

namespace cqdt::documents {
namespace {

class ProcessingServiceTest : public testing::ServicesFixture {
 protected:
  void SetUp() override {
    ServicesFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    processing_ = std::make_unique<ProcessingService>(audit_, *identity_, outbox_, clock_);
    grants_ = std::make_unique<GrantService>(audit_, *identity_, outbox_, clock_);
    {
      auto tx = tdb_->db().Begin();
      auto u = agencies_.CreateUnit(tx, actor_, agency_, {"Phong Cai cach", "CCHC", "CCHC"});
      ASSERT_TRUE(u) << u.error().message();
      unit_ = u->id;
      auto other = agencies_.CreateUnit(tx, actor_, agency_, {"Phong To chuc", "TC", "TC"});
      ASSERT_TRUE(other);
      other_unit_ = other->id;
      ASSERT_TRUE(tx.Commit());
    }
    head_ = InUnit(MakeUser("truongphong", agency_, {"leader"}), unit_);
    officer_ = InUnit(MakeUser("chuyenvien", agency_, {"officer"}), unit_);
    colleague_ = InUnit(MakeUser("dongnghiep", agency_, {"officer"}), unit_);
    elsewhere_ = InUnit(MakeUser("phongkhac", agency_, {"officer"}), other_unit_);
  }

  identity::User InUnit(identity::User u, UnitId unit) {
    auto tx = tdb_->db().Begin();
    identity::UserInput patch;
    patch.unit_id = unit;
    auto changed = identity_->UpdateUser(tx, actor_, u.id, patch);
    EXPECT_TRUE(changed) << changed.error().message();
    EXPECT_TRUE(tx.Commit());
    return changed ? *changed : u;
  }

  // Registers and submits to leader_: the document, at its current version.
  Document Submitted(IncomingInput in) {
    Document d;
    auto tx = tdb_->db().Begin();
    auto out = incoming_->Register(tx, ActorFor(clerk_), PrincipalOf(clerk_), in);
    EXPECT_TRUE(out && out->document) << (out ? "duplicate" : out.error().message());
    if (!out || !out->document) {
      return d;
    }
    auto sub = assignments_->Submit(tx, ActorFor(clerk_), PrincipalOf(clerk_), out->document->id,
                                    out->document->version, leader_.id);
    EXPECT_TRUE(sub) << sub.error().message();
    EXPECT_TRUE(tx.Commit());
    return sub ? *sub : d;
  }

  // Runs `action` in a transaction; commits and updates `d` when it succeeds.
  template <typename F>
  Result<Document> Step(Document& d, F&& action) {
    auto tx = tdb_->db().Begin();
    Result<Document> out = action(tx);
    if (out) {
      EXPECT_TRUE(tx.Commit());
      d = *out;
    }
    return out;
  }

  std::vector<Assignment> AssignmentsOf(DocumentId id) {
    auto tx = tdb_->db().BeginRead();
    return assignments_->OfDocument(tx, id);
  }

  int Count(const std::string& sql) {
    auto tx = tdb_->db().BeginRead();
    int n = 0;
    tx.sql() << sql, soci::into(n);
    return n;
  }

  std::unique_ptr<ProcessingService> processing_;
  std::unique_ptr<GrantService> grants_;
  UnitId unit_, other_unit_;
  identity::User head_, officer_, colleague_, elsewhere_;
};

TEST_P(ProcessingServiceTest, UnitAssignmentGoesToItsHeadWhoForwardsAndTheOfficerCompletes) {
  Document d = Submitted(Input());
  AssignInput in;
  in.instruction = "Phòng CCHC chủ trì";
  in.assignees = {{UserId(), "lead", unit_}};
  in.due_date = "2025-12-10";
  ASSERT_TRUE(Step(d, [&](db::Transaction& tx) {
    return assignments_->Assign(tx, ActorFor(leader_), PrincipalOf(leader_), d.id, d.version, in);
  }));
  auto rows = AssignmentsOf(d.id);
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].unit, unit_);
  EXPECT_EQ(rows[0].assignee, head_.id) << "the unit's head receives it";

  // A unit without a head cannot be given work.
  AssignInput headless = in;
  headless.assignees = {{UserId(), "lead", other_unit_}};
  auto refused = Step(d, [&](db::Transaction& tx) {
    return assignments_->Assign(tx, ActorFor(leader_), PrincipalOf(leader_), d.id, d.version,
                                headless);
  });
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields().at(0).field, "assignees[0].unitId");

  // The head forwards inside the unit only.
  ForwardInput out_of_unit{AssignmentId(), "", {{elsewhere_.id, "lead"}}, ""};
  auto wrong = Step(d, [&](db::Transaction& tx) {
    return processing_->Forward(tx, ActorFor(head_), PrincipalOf(head_), d.id, d.version,
                                out_of_unit);
  });
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().fields().at(0).field, "assignees[0].userId");
  ForwardInput fwd{AssignmentId(),
                   "Anh Khang chủ trì, chị Lan phối hợp",
                   {{officer_.id, "lead"}, {colleague_.id, "coordinate"}},
                   ""};
  ASSERT_TRUE(Step(d, [&](db::Transaction& tx) {
    return processing_->Forward(tx, ActorFor(head_), PrincipalOf(head_), d.id, d.version, fwd);
  }));
  rows = AssignmentsOf(d.id);
  ASSERT_EQ(rows.size(), 3U);
  EXPECT_EQ(rows[0].state, "accepted") << "forwarding takes the unit's work on";
  EXPECT_EQ(rows[1].parent, rows[0].id);
  EXPECT_EQ(rows[1].due_date, "2025-12-10") << "the parent's due date by default";

  // An officer forwards to a colleague for coordination, never a lead, never outside the unit.
  auto lead = Step(d, [&](db::Transaction& tx) {
    return processing_->Forward(tx, ActorFor(colleague_), PrincipalOf(colleague_), d.id, d.version,
                                {AssignmentId(), "", {{officer_.id, "lead"}}, ""});
  });
  ASSERT_FALSE(lead);
  EXPECT_EQ(lead.error().fields().at(0).field, "assignees[0].role");

  ASSERT_TRUE(Step(d, [&](db::Transaction& tx) {
    return assignments_->Accept(tx, ActorFor(officer_), PrincipalOf(officer_), d.id, d.version);
  }));
  EXPECT_EQ(d.state, "in_progress");
  ASSERT_TRUE(Step(d, [&](db::Transaction& tx) {
    return processing_->Forward(tx, ActorFor(officer_), PrincipalOf(officer_), d.id, d.version,
                                {AssignmentId(), "Cho ý kiến", {{colleague_.id, "info"}}, ""});
  }));

  // Completion names the answering outgoing document; the unit's assignment completes too.
  Document answer = MakeDocument(Direction::kOutgoing);
  Document foreign = MakeDocument(Direction::kIncoming);
  auto bad = Step(d, [&](db::Transaction& tx) {
    return processing_->Complete(tx, ActorFor(officer_), PrincipalOf(officer_), d.id, d.version,
                                 {"", foreign.id});
  });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields().at(0).field, "answerDocumentId");
  auto not_lead = Step(d, [&](db::Transaction& tx) {
    return processing_->Complete(tx, ActorFor(colleague_), PrincipalOf(colleague_), d.id, d.version,
                                 {"Xong", DocumentId()});
  });
  ASSERT_FALSE(not_lead);
  EXPECT_EQ(not_lead.error().code(), ErrorCode::kPermissionDenied);
  ASSERT_TRUE(Step(d, [&](db::Transaction& tx) {
    return processing_->Complete(tx, ActorFor(officer_), PrincipalOf(officer_), d.id, d.version,
                                 {"", answer.id});
  }));
  EXPECT_EQ(d.state, "completed");
  rows = AssignmentsOf(d.id);
  EXPECT_EQ(rows[0].state, "completed");
  EXPECT_EQ(rows[1].state, "completed");
  EXPECT_EQ(rows[1].answer_document_id, answer.id);
  EXPECT_EQ(rows[0].answer_document_id, answer.id);
  EXPECT_EQ(rows[2].state, "assigned") << "the coordinating colleague's part stays theirs";
}

TEST_P(ProcessingServiceTest, ExtensionIsApprovedOrRefusedByTheAssignerWithNotices) {
  Document d = Submitted(Input());
  AssignInput in;
  in.assignees = {{officer_.id, "lead"}};
  in.due_date = "2025-12-01";
  ASSERT_TRUE(Step(d, [&](db::Transaction& tx) {
    return assignments_->Assign(tx, ActorFor(leader_), PrincipalOf(leader_), d.id, d.version, in);
  }));
  auto request = [&](const std::string& due) {
    return Step(d, [&](db::Transaction& tx) {
      return assignments_->RequestExtension(tx, ActorFor(officer_), PrincipalOf(officer_), d.id,
                                            d.version, "Chờ số liệu", due);
    });
  };
  ASSERT_TRUE(request("2025-12-15"));
  AssignmentId id = AssignmentsOf(d.id).at(0).id;
  // The assignee cannot grant themselves more time.
  auto self = Step(d, [&](db::Transaction& tx) {
    return processing_->DecideExtension(tx, ActorFor(officer_), PrincipalOf(officer_), d.id,
                                        d.version, {id, true, ""});
  });
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().code(), ErrorCode::kPermissionDenied);
  ASSERT_TRUE(Step(d, [&](db::Transaction& tx) {
    return processing_->DecideExtension(tx, ActorFor(leader_), PrincipalOf(leader_), d.id,
                                        d.version, {id, true, ""});
  }));
  EXPECT_EQ(d.due_date, "2025-12-15") << "the lead's new due date is the document's";
  EXPECT_EQ(AssignmentsOf(d.id).at(0).due_date, "2025-12-15");
  EXPECT_EQ(AssignmentsOf(d.id).at(0).state, "accepted");
  // Nothing pending: a second decision is the wrong state.
  auto again = Step(d, [&](db::Transaction& tx) {
    return processing_->DecideExtension(tx, ActorFor(leader_), PrincipalOf(leader_), d.id,
                                        d.version, {id, true, ""});
  });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::kFailedPrecondition);

  ASSERT_TRUE(request("2026-01-15"));
  auto no_reason = Step(d, [&](db::Transaction& tx) {
    return processing_->DecideExtension(tx, ActorFor(leader_), PrincipalOf(leader_), d.id,
                                        d.version, {id, false, ""});
  });
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().fields().at(0).field, "reason");
  ASSERT_TRUE(Step(d, [&](db::Transaction& tx) {
    return processing_->DecideExtension(tx, ActorFor(leader_), PrincipalOf(leader_), d.id,
                                        d.version, {id, false, "Việc gấp, cần đúng hạn"});
  }));
  EXPECT_EQ(d.due_date, "2025-12-15") << "a refusal keeps the due date";
  auto tx = tdb_->db().BeginRead();
  auto notices = outbox_.ListForRecipient(tx, notify::Recipient::User(officer_.id), false, 10, 0);
  ASSERT_TRUE(notices);
  std::set<std::string> kinds;
  for (const auto& n : notices->items) {
    kinds.insert(n.kind);
  }
  EXPECT_TRUE(kinds.count("documents.extension_approved"));
  EXPECT_TRUE(kinds.count("documents.extension_refused"));
}

TEST_P(ProcessingServiceTest, RegistrationRecordsTheArrivalStamp) {
  Document d = Submitted(Input());
  auto tx = tdb_->db().BeginRead();
  auto stamp = ArrivalStampOf(tx, d.id);
  ASSERT_TRUE(stamp);
  EXPECT_EQ(stamp->agency_name, "So Noi vu");
  EXPECT_EQ(stamp->arrival_number, d.arrival_number);
  EXPECT_EQ(stamp->arrival_date, d.arrival_date);
  EXPECT_GT(stamp->arrived_at, 0);
  EXPECT_FALSE(stamp->register_name.empty());
}

TEST_P(ProcessingServiceTest, ConfidentialFilesAreRefusedUnlessTheInstanceKeepsThem) {
  auto tx = tdb_->db().Begin();
  auto file = files_->Upload(tx, ActorFor(clerk_), agency_, "scan.png",
                             std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, '\0'), "");
  ASSERT_TRUE(file) << file.error().message();
  ASSERT_TRUE(tx.Commit());
  IncomingInput secret = Input();
  secret.confidentiality = "secret";
  secret.file_ids = {file->id};
  auto refused = [&] {
    auto t = tdb_->db().Begin();
    return incoming_->Register(t, ActorFor(clerk_), PrincipalOf(clerk_), secret);
  }();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields().at(0).field, "fileIds");
  IncomingService isolated(audit_, agencies_, *registers_, *files_, clock_,
                           IncomingOptions{.confidential_files = true});
  auto t = tdb_->db().Begin();
  auto kept = isolated.Register(t, ActorFor(clerk_), PrincipalOf(clerk_), secret);
  ASSERT_TRUE(kept && kept->document) << (kept ? "" : kept.error().message());
}

TEST_P(ProcessingServiceTest, ConfidentialDocumentIsSeenByItsRouteAndGrantsOnly) {
  IncomingInput in = Input();
  in.confidentiality = "confidential";
  Document d = Submitted(in);
  auto sees = [&](const identity::User& u) {
    auto tx = tdb_->db().BeginRead();
    return static_cast<bool>(incoming_->Get(tx, PrincipalOf(u), d.id));
  };
  EXPECT_TRUE(sees(leader_)) << "the leader it was submitted to is on its route";
  EXPECT_FALSE(sees(head_)) << "another leader is not";
  EXPECT_FALSE(sees(colleague_));

  auto give = [&](const identity::User& by, const identity::User& to, const std::string& why) {
    auto tx = tdb_->db().Begin();
    auto g = grants_->Give(tx, ActorFor(by), PrincipalOf(by), d.id, to.id, why);
    if (g) {
      EXPECT_TRUE(tx.Commit());
    }
    return g;
  };
  auto by_officer = give(officer_, colleague_, "Cần tham khảo");
  ASSERT_FALSE(by_officer);
  EXPECT_EQ(by_officer.error().code(), ErrorCode::kNotFound) << "the officer cannot see it";
  auto no_reason = give(leader_, colleague_, "");
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().fields().at(0).field, "reason");
  ASSERT_TRUE(give(leader_, colleague_, "Cần tham khảo để trả lời"));
  EXPECT_TRUE(sees(colleague_));
  auto twice = give(leader_, colleague_, "Lần nữa");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code(), ErrorCode::kConflict);
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(grants_->RecordView(tx, ActorFor(colleague_), d, "detail"));  // what the api does
    ASSERT_TRUE(grants_->Revoke(tx, ActorFor(leader_), PrincipalOf(leader_), d.id, colleague_.id,
                                "Đã xong việc"));
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_FALSE(sees(colleague_));
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM audit_entry WHERE action = 'documents.confidential.viewed'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_entry WHERE action = 'documents.grant_revoked'"), 1);
  // An ordinary document's views are not audited one by one.
  Document plain = MakeDocument();
  auto tx = tdb_->db().Begin();
  ASSERT_TRUE(grants_->RecordView(tx, ActorFor(leader_), plain, "detail"));
  ASSERT_TRUE(tx.Commit());
  EXPECT_EQ(
      Count("SELECT COUNT(*) FROM audit_entry WHERE action = 'documents.confidential.viewed'"), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, ProcessingServiceTest,
                         ::testing::ValuesIn(db::testing::Engines()), db::testing::EngineName);

}  // namespace
}  // namespace cqdt::documents
