// The clerk's side of the mail intake on SQLite and PostgreSQL: the registration of an e-mail as
// an incoming document with the metadata pre-filled (documents::IncomingService, as the exchange
// does), the files it may take, and discarding — for the clerk's own agency only.
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "testing_intake_fixture.hpp"

namespace cqdt::mailroom {
namespace {

using testing::Message;
using testing::SamplePdf;

class IntakeClerkTest : public testing::IntakeFixture {};

TEST_P(IntakeClerkTest, TheClerkRegistersAnIncomingDocumentWithTheMetadataPrefilled) {
  const std::string pdf = SamplePdf();
  mailbox_.Deliver(Message("reg@stp.angiang.gov.vn", "Công văn số 12/STP-VP về việc góp ý",
                           {{"attachment; filename=\"cv.pdf\"", "application/pdf", pdf},
                            {"attachment; filename=\"phu-luc.docx\"",
                             "application/vnd.openxmlformats-officedocument."
                             "wordprocessingml.document",
                             "PK\x03\x04 docx"}}));
  Poll(agency_);
  const IntakeDetail d = Only();
  auto tx = tdb_->db().Begin();
  RegisterIntakeInput in;
  in.due_date = "2026-12-20";
  // The leader reads the queue but does not register.
  auto leader =
      service_->Register(tx, PrincipalOf(leader_), ActorOf(leader_), d.item.id, d.item.version, in);
  ASSERT_FALSE(leader);
  EXPECT_EQ(leader.error().code(), ErrorCode::kPermissionDenied);
  auto stale = service_->Register(tx, PrincipalOf(clerk_), ActorOf(clerk_), d.item.id,
                                  d.item.version + 1, in);
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), ErrorCode::kConflict);
  auto out =
      service_->Register(tx, PrincipalOf(clerk_), ActorOf(clerk_), d.item.id, d.item.version, in);
  ASSERT_TRUE(out) << out.error().message();
  ASSERT_TRUE(out->incoming);
  ASSERT_TRUE(out->item);
  const documents::Document& doc = *out->incoming;
  EXPECT_EQ(doc.sender_name, "Sở Tư pháp <vanthu@stp.angiang.gov.vn>");
  EXPECT_EQ(doc.subject, "Công văn số 12/STP-VP về việc góp ý");
  EXPECT_EQ(doc.number_text, "12/STP-VP");
  EXPECT_EQ(doc.issued_date, "2026-12-07");
  EXPECT_EQ(doc.arrival_date, "2026-12-07");
  EXPECT_EQ(doc.due_date, "2026-12-20");
  EXPECT_EQ(doc.arrival_number, 1);
  EXPECT_NE(doc.description.find("phu-luc.docx"), std::string::npos);
  auto attached = files_->OfDocument(tx, doc.id);
  ASSERT_EQ(attached.size(), 1u);
  EXPECT_EQ(attached[0].name, "cv.pdf");
  EXPECT_EQ(attached[0].sha256, crypto::Sha256Hex(pdf));
  EXPECT_EQ(out->item->state, IntakeState::kRegistered);
  EXPECT_EQ(out->item->document_id, doc.id);
  EXPECT_EQ(out->item->handled_by, "vanthu");
  ASSERT_TRUE(tx.Commit());
  auto again = tdb_->db().Begin();
  auto twice = service_->Register(again, PrincipalOf(clerk_), ActorOf(clerk_), d.item.id,
                                  d.item.version + 1, in);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailroom.intake.register'"), 1);
}

TEST_P(IntakeClerkTest, OnlyTheRegistrableFilesAreTakenAndFieldsAreNamed) {
  mailbox_.Deliver(Message("f@stp.angiang.gov.vn", "Không số",
                           {{"attachment; filename=\"a.txt\"", "text/plain", "chữ"}}));
  Poll(agency_);
  const IntakeDetail d = Only();
  EXPECT_TRUE(IntakeService::Draft(d).file_positions.empty());
  auto tx = tdb_->db().Begin();
  RegisterIntakeInput in;
  in.file_positions = std::vector<int>{1, 9};
  auto bad =
      service_->Register(tx, PrincipalOf(clerk_), ActorOf(clerk_), d.item.id, d.item.version, in);
  ASSERT_FALSE(bad);
  std::set<std::string> codes;
  for (const auto& f : bad.error().fields()) {
    EXPECT_EQ(f.field, "filePositions");
    codes.insert(f.code);
  }
  EXPECT_EQ(codes, (std::set<std::string>{"type", "unknown"}));
}

TEST_P(IntakeClerkTest, DiscardNeedsAReasonAndAnotherAgencySeesNothing) {
  mailbox_.Deliver(Message("spam@example.vn", "Quảng cáo"));
  Poll(agency_);
  const IntakeDetail d = Only();
  const identity::User stranger = MakeUser("vanthu-stp", other_agency_, {"clerk"});
  const identity::User officer = MakeUser("chuyenvien", agency_, {"officer"});
  auto tx = tdb_->db().Begin();
  for (const identity::User* u : {&stranger, &officer}) {
    auto seen = service_->Get(tx, PrincipalOf(*u), d.item.id);
    ASSERT_FALSE(seen);
    EXPECT_EQ(seen.error().code(), ErrorCode::kNotFound);
    auto discarded = service_->Discard(tx, PrincipalOf(*u), ActorOf(*u), d.item.id, d.item.version,
                                       "không liên quan");
    ASSERT_FALSE(discarded);
    EXPECT_EQ(discarded.error().code(), ErrorCode::kNotFound);
    auto registered =
        service_->Register(tx, PrincipalOf(*u), ActorOf(*u), d.item.id, d.item.version, {});
    ASSERT_FALSE(registered);
    EXPECT_EQ(registered.error().code(), ErrorCode::kNotFound);
  }
  auto page = service_->List(tx, PrincipalOf(stranger), {"all", 50, 0});
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 0);
  auto no_reason =
      service_->Discard(tx, PrincipalOf(clerk_), ActorOf(clerk_), d.item.id, d.item.version, " ");
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().fields().at(0).field, "reason");
  auto by_leader = service_->Discard(tx, PrincipalOf(leader_), ActorOf(leader_), d.item.id,
                                     d.item.version, "Thư quảng cáo");
  ASSERT_FALSE(by_leader);
  EXPECT_EQ(by_leader.error().code(), ErrorCode::kPermissionDenied);
  auto done = service_->Discard(tx, PrincipalOf(clerk_), ActorOf(clerk_), d.item.id, d.item.version,
                                "Thư quảng cáo");
  ASSERT_TRUE(done) << done.error().message();
  EXPECT_EQ(done->state, IntakeState::kDiscarded);
  EXPECT_EQ(done->discard_reason, "Thư quảng cáo");
  ASSERT_TRUE(tx.Commit());
  auto read = tdb_->db().BeginRead();
  EXPECT_EQ(service_->List(read, PrincipalOf(clerk_), {"received", 50, 0})->total, 0);
  EXPECT_EQ(service_->List(read, PrincipalOf(clerk_), {"discarded", 50, 0})->total, 1);
  EXPECT_EQ(*service_->CountWaiting(read, PrincipalOf(leader_)), 0);
  EXPECT_FALSE(service_->List(read, PrincipalOf(clerk_), {"bogus", 50, 0}));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailroom.intake.discard'"), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, IntakeClerkTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::mailroom
