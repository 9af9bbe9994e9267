// Release and delivery between agencies on SQLite and PostgreSQL (issue 10 item 4; edxml.md §7):
// release delivers to agencies here (01, notices to their clerks) and waits for the exchange
// for the others; the recipient clerk registers (03, an incoming document) and the incoming
// flow reports 04/05/06; refusal (02); recall (13) answered by 15 / 16; the manual send of an
// external recipient; two clerks registering one delivery; outsiders see nothing.
#include <atomic>
#include <memory>
#include <thread>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "delivery_repository.hpp"
#include "outgoing_repository.hpp"
#include "testing_services_fixture.hpp"

namespace cqdt::documents {
namespace {

class DeliveryServiceTest : public testing::ServicesFixture {
 protected:
  void SetUp() override {
    ServicesFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    their_clerk_ = MakeUser("vanthu2", other_agency_, {"clerk"});
    their_other_clerk_ = MakeUser("vanthu3", other_agency_, {"clerk"});
    their_leader_ = MakeUser("lanhdao2", other_agency_, {"leader"});
    their_officer_ = MakeUser("chuyenvien2", other_agency_, {"officer"});
  }

  // An outgoing document of agency_ as the issue leaves it (numbered), addressed to other_agency_
  // and to a free-text recipient; the leader signed it.
  Document Numbered(const std::string& number_text = "01/QĐ-S") {
    return NumberedOutgoing(clerk_.id, leader_.id, number_text);
  }

  OutgoingDocument Release(const Document& d) {
    auto tx = tdb_->db().Begin();
    auto out = deliveries_->Release(tx, PrincipalOf(clerk_), ActorFor(clerk_), d.id, d.version);
    EXPECT_TRUE(out) << out.error().message();
    EXPECT_TRUE(tx.Commit());
    return *out;
  }

  std::vector<DeliveryView> Views(DocumentId id) {
    auto tx = tdb_->db().BeginRead();
    auto v = deliveries_->Deliveries(tx, PrincipalOf(clerk_), id);
    EXPECT_TRUE(v) << v.error().message();
    return v ? *v : std::vector<DeliveryView>{};
  }

  Reception ReceptionOf(DeliveryId id, const identity::User& u) {
    auto tx = tdb_->db().BeginRead();
    auto r = deliveries_->GetReception(tx, PrincipalOf(u), id);
    EXPECT_TRUE(r) << r.error().message();
    return r ? *r : Reception{};
  }

  Result<RegisterDeliveryOutcome> RegisterAs(const identity::User& u, DeliveryId id,
                                             std::int64_t version) {
    auto tx = tdb_->db().Begin();
    auto out = deliveries_->Register(tx, PrincipalOf(u), ActorFor(u), id, version, {});
    if (out && out->delivery) {
      EXPECT_TRUE(tx.Commit());
    }
    return out;
  }

  std::int64_t Unread(const identity::User& u) {
    auto tx = tdb_->db().BeginRead();
    return outbox_.CountUnread(tx, notify::Recipient::User(u.id));
  }

  identity::User their_clerk_, their_other_clerk_, their_leader_, their_officer_;
};

TEST_P(DeliveryServiceTest, ReleaseDeliversHereAndWaitsForTheExchangeElsewhere) {
  Document d = Numbered();
  // Only the clerk releases, and only the current version.
  {
    auto tx = tdb_->db().Begin();
    auto by_leader =
        deliveries_->Release(tx, PrincipalOf(leader_), ActorFor(leader_), d.id, d.version);
    ASSERT_FALSE(by_leader);
    EXPECT_EQ(by_leader.error().code(), ErrorCode::kPermissionDenied);
    auto stale =
        deliveries_->Release(tx, PrincipalOf(clerk_), ActorFor(clerk_), d.id, d.version - 1);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code(), ErrorCode::kConflict);
  }
  OutgoingDocument released = Release(d);
  EXPECT_EQ(released.document.state, "released");
  auto views = Views(d.id);
  ASSERT_EQ(views.size(), 2U);
  EXPECT_EQ(views[0].delivery.recipient_agency_id, other_agency_);
  EXPECT_EQ(views[0].delivery.recipient_name, "So Tu phap");
  EXPECT_EQ(views[0].delivery.status, DeliveryStatus::kReceived);
  EXPECT_EQ(views[1].delivery.recipient_name, "Bộ Nội vụ");
  EXPECT_EQ(views[1].delivery.status, DeliveryStatus::kWaitingExchange);
  ASSERT_EQ(views[0].history.size(), 1U);
  // Every clerk of the recipient agency is told, in the same transaction.
  EXPECT_EQ(Unread(their_clerk_), 1);
  EXPECT_EQ(Unread(their_other_clerk_), 1);
  EXPECT_EQ(Unread(their_leader_), 0);
  // The recipient's queue and counts.
  {
    auto tx = tdb_->db().BeginRead();
    auto queue = deliveries_->ReceptionQueue(tx, PrincipalOf(their_clerk_), {});
    ASSERT_TRUE(queue);
    ASSERT_EQ(queue->size(), 1U);
    EXPECT_EQ((*queue)[0].document.number_text, "01/QĐ-S");
    EXPECT_TRUE((*queue)[0].stands);
    auto counts = deliveries_->CountReceptions(tx, PrincipalOf(their_clerk_));
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->received, 1);
    // The sender's own clerk has nothing to receive.
    auto mine = deliveries_->ReceptionQueue(tx, PrincipalOf(clerk_), {});
    ASSERT_TRUE(mine);
    EXPECT_TRUE(mine->empty());
  }
  // The external recipient: recorded by hand (sent on paper).
  {
    auto tx = tdb_->db().Begin();
    const Delivery& ext = views[1].delivery;
    auto bad = deliveries_->RecordManualSend(tx, PrincipalOf(clerk_), ActorFor(clerk_), ext.id,
                                             ext.version, {"fax", "2025-13-01", ""});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().fields().size(), 2U);
    auto internal = deliveries_->RecordManualSend(tx, PrincipalOf(clerk_), ActorFor(clerk_),
                                                  views[0].delivery.id, views[0].delivery.version,
                                                  {"paper", "2025-11-27", ""});
    ASSERT_FALSE(internal);
    EXPECT_EQ(internal.error().code(), ErrorCode::kFailedPrecondition);
    auto sent = deliveries_->RecordManualSend(tx, PrincipalOf(clerk_), ActorFor(clerk_), ext.id,
                                              ext.version, {"paper", "2025-11-27", "Bưu điện"});
    ASSERT_TRUE(sent) << sent.error().message();
    EXPECT_EQ(sent->delivery.status, DeliveryStatus::kSentManually);
    EXPECT_EQ(sent->delivery.manual_channel, "paper");
    EXPECT_EQ(sent->delivery.manual_date, "2025-11-27");
    EXPECT_EQ(sent->history.size(), 2U);
    ASSERT_TRUE(tx.Commit());
  }
}

TEST_P(DeliveryServiceTest, RegisteredDeliveryFollowsTheIncomingDocumentMonotonically) {
  Document d = Numbered();
  Release(d);
  Delivery delivery = Views(d.id)[0].delivery;
  // Another agency's staff and the recipient's officers do not see it.
  {
    auto tx = tdb_->db().BeginRead();
    auto by_sender = deliveries_->GetReception(tx, PrincipalOf(clerk_), delivery.id);
    ASSERT_FALSE(by_sender);
    EXPECT_EQ(by_sender.error().code(), ErrorCode::kNotFound);
    auto by_officer = deliveries_->GetReception(tx, PrincipalOf(their_officer_), delivery.id);
    ASSERT_FALSE(by_officer);
    EXPECT_EQ(by_officer.error().code(), ErrorCode::kNotFound);
  }
  // A leader reads the queue but does not register.
  auto by_leader = RegisterAs(their_leader_, delivery.id, delivery.version);
  ASSERT_FALSE(by_leader);
  EXPECT_EQ(by_leader.error().code(), ErrorCode::kPermissionDenied);

  auto reg = RegisterAs(their_clerk_, delivery.id, delivery.version);
  ASSERT_TRUE(reg && reg->delivery) << (reg ? "duplicates" : reg.error().message());
  const Document incoming = *reg->incoming;
  EXPECT_EQ(incoming.agency_id, other_agency_);
  EXPECT_EQ(incoming.arrival_number, 1);
  EXPECT_EQ(incoming.channel, Channel::kElectronic);
  EXPECT_EQ(incoming.sender_agency_id, agency_);
  EXPECT_EQ(incoming.number_text, "01/QĐ-S");
  EXPECT_EQ(incoming.subject, d.subject);
  EXPECT_EQ(reg->delivery->status, DeliveryStatus::kRegistered);
  EXPECT_EQ(reg->delivery->incoming_document_id, incoming.id);

  // The second clerk acted on the version both read: refused, nothing taken.
  auto second = RegisterAs(their_other_clerk_, delivery.id, delivery.version);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code(), ErrorCode::kConflict);
  // And with the current version the delivery is no longer waiting.
  auto again = RegisterAs(their_other_clerk_, delivery.id, reg->delivery->version);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::kFailedPrecondition);

  // The incoming flow drives 04, 05, 06 (assignment_service calls TrackIncomingProgress).
  Document doc = incoming;
  auto step = [&](auto&& action) {
    auto tx = tdb_->db().Begin();
    auto out = action(tx);
    ASSERT_TRUE(out) << out.error().message();
    ASSERT_TRUE(tx.Commit());
    doc = *out;
  };
  step([&](db::Transaction& tx) {
    return assignments_->Submit(tx, ActorFor(their_clerk_), PrincipalOf(their_clerk_), doc.id,
                                doc.version, their_leader_.id);
  });
  EXPECT_EQ(Views(d.id)[0].delivery.status, DeliveryStatus::kRegistered);
  AssignInput in;
  in.instruction = "Chủ trì";
  in.assignees = {{their_officer_.id, "lead"}};
  step([&](db::Transaction& tx) {
    return assignments_->Assign(tx, ActorFor(their_leader_), PrincipalOf(their_leader_), doc.id,
                                doc.version, in);
  });
  EXPECT_EQ(Views(d.id)[0].delivery.status, DeliveryStatus::kAssigned);
  step([&](db::Transaction& tx) {
    return assignments_->Accept(tx, ActorFor(their_officer_), PrincipalOf(their_officer_), doc.id,
                                doc.version);
  });
  EXPECT_EQ(Views(d.id)[0].delivery.status, DeliveryStatus::kInProgress);
  step([&](db::Transaction& tx) {
    return assignments_->Complete(tx, ActorFor(their_officer_), PrincipalOf(their_officer_), doc.id,
                                  doc.version, "Đã xong");
  });
  EXPECT_EQ(Views(d.id)[0].delivery.status, DeliveryStatus::kCompleted);
  // A stale report (the document reported assigned again) is kept in history only.
  {
    auto tx = tdb_->db().Begin();
    Document old = doc;
    old.state = "assigned";
    ASSERT_TRUE(TrackIncomingProgress(tx, old, ActorFor(their_leader_), 1764300000));
    ASSERT_TRUE(tx.Commit());
  }
  auto view = Views(d.id)[0];
  EXPECT_EQ(view.delivery.status, DeliveryStatus::kCompleted);
  ASSERT_GE(view.history.size(), 2U);
  EXPECT_EQ(view.history.back().status, DeliveryStatus::kAssigned);
  EXPECT_FALSE(view.history.back().moved);
}

TEST_P(DeliveryServiceTest, RefusalAndRecallAnsweredBothWays) {
  // A third agency also receives it, so that one recipient can refuse and one can register.
  AgencyId third;
  {
    auto tx = tdb_->db().Begin();
    third = MakeAgency(tx, "000.00.03.H01", "So Tai chinh");
    ASSERT_TRUE(tx.Commit());
  }
  identity::User third_clerk = MakeUser("vanthu4", third, {"clerk"});
  Document d = Numbered();
  {
    auto tx = tdb_->db().Begin();
    OutgoingRepository(tx).ReplaceRecipients(d.id, agency_, {{other_agency_, ""}, {third, ""}});
    ASSERT_TRUE(tx.Commit());
  }
  Release(d);
  auto views = Views(d.id);
  ASSERT_EQ(views.size(), 2U);
  // The third agency refuses (02) with a reason; the sender's clerk is told.
  {
    auto tx = tdb_->db().Begin();
    const Delivery& t = views[1].delivery;
    auto no_reason = deliveries_->Refuse(tx, PrincipalOf(third_clerk), ActorFor(third_clerk), t.id,
                                         t.version, " ");
    ASSERT_FALSE(no_reason);
    EXPECT_EQ(no_reason.error().fields().at(0).field, "reason");
    auto refused = deliveries_->Refuse(tx, PrincipalOf(third_clerk), ActorFor(third_clerk), t.id,
                                       t.version, "Gửi nhầm cơ quan");
    ASSERT_TRUE(refused) << refused.error().message();
    EXPECT_EQ(refused->delivery.status, DeliveryStatus::kRefused);
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_EQ(Unread(clerk_), 1);
  auto reg = RegisterAs(their_clerk_, views[0].delivery.id, views[0].delivery.version);
  ASSERT_TRUE(reg && reg->delivery);

  // The leader recalls (13): the refused recipient is left as it was.
  OutgoingDocument recalled;
  {
    auto tx = tdb_->db().Begin();
    auto current = DocumentRepository(tx).Get(d.id);
    ASSERT_TRUE(current);
    auto by_clerk = deliveries_->Recall(tx, PrincipalOf(clerk_), ActorFor(clerk_), d.id,
                                        current->version, "Sai căn cứ");
    ASSERT_FALSE(by_clerk);
    EXPECT_EQ(by_clerk.error().code(), ErrorCode::kPermissionDenied);
    auto r = deliveries_->Recall(tx, PrincipalOf(leader_), ActorFor(leader_), d.id,
                                 current->version, "Sai căn cứ pháp lý");
    ASSERT_TRUE(r) << r.error().message();
    recalled = *r;
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_EQ(recalled.document.state, "recalled");
  EXPECT_EQ(recalled.document.recall_reason, "Sai căn cứ pháp lý");
  views = Views(d.id);
  EXPECT_EQ(views[0].delivery.status, DeliveryStatus::kRecallRequested);
  EXPECT_EQ(views[1].delivery.status, DeliveryStatus::kRefused);
  Reception r = ReceptionOf(views[0].delivery.id, their_clerk_);
  EXPECT_FALSE(r.stands);

  // Refusing the recall needs a reason; accepting it marks the incoming document recalled.
  {
    auto tx = tdb_->db().Begin();
    auto bare = deliveries_->AnswerRecall(tx, PrincipalOf(their_clerk_), ActorFor(their_clerk_),
                                          r.delivery.id, r.delivery.version, false, "");
    ASSERT_FALSE(bare);
    EXPECT_EQ(bare.error().code(), ErrorCode::kInvalidArgument);
    auto accepted = deliveries_->AnswerRecall(tx, PrincipalOf(their_clerk_), ActorFor(their_clerk_),
                                              r.delivery.id, r.delivery.version, true, "");
    ASSERT_TRUE(accepted) << accepted.error().message();
    EXPECT_EQ(accepted->delivery.status, DeliveryStatus::kRecallAccepted);
    auto incoming = DocumentRepository(tx).Get(reg->incoming->id);
    ASSERT_TRUE(incoming);
    EXPECT_EQ(incoming->recall_reason, "Sai căn cứ pháp lý");
    // Answered once: the second answer is refused.
    auto twice =
        deliveries_->AnswerRecall(tx, PrincipalOf(their_clerk_), ActorFor(their_clerk_),
                                  r.delivery.id, accepted->delivery.version, false, "Đã xử lý");
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code(), ErrorCode::kFailedPrecondition);
    ASSERT_TRUE(tx.Commit());
  }
}

TEST_P(DeliveryServiceTest, ReplacementStandsAndTheReplacedDoesNot) {
  Document old_doc = Numbered("01/QĐ-S");
  Release(old_doc);
  Document draft = MakeDocument(Direction::kOutgoing, Confidentiality::kNone, 2);
  // Only the drafter links a draft to the document it replaces.
  {
    auto tx = tdb_->db().Begin();
    auto bad = deliveries_->SetLinks(tx, PrincipalOf(clerk_), ActorFor(clerk_), draft.id,
                                     draft.version, {DocumentId(draft.id.value()), std::nullopt});
    ASSERT_FALSE(bad);  // the clerk is not its drafter (MakeDocument names none)
    EXPECT_EQ(bad.error().code(), ErrorCode::kPermissionDenied);
  }
  Document replacement = Numbered("02/QĐ-S");
  {
    auto tx = tdb_->db().Begin();
    Document r = *DocumentRepository(tx).Get(replacement.id);
    r.replaces_id = old_doc.id;
    auto saved = DocumentRepository(tx).Update(r, r.updated_at);
    ASSERT_TRUE(saved);
    replacement = *saved;
    ASSERT_TRUE(tx.Commit());
  }
  Release(replacement);
  {
    auto tx = tdb_->db().BeginRead();
    EXPECT_EQ(DocumentRepository(tx).Get(old_doc.id)->state, "replaced");
  }
  Reception old_r = ReceptionOf(Views(old_doc.id)[0].delivery.id, their_clerk_);
  EXPECT_FALSE(old_r.stands);
  EXPECT_EQ(old_r.replaced_by.id, replacement.id);
  Reception new_r = ReceptionOf(Views(replacement.id)[0].delivery.id, their_clerk_);
  EXPECT_TRUE(new_r.stands);
  EXPECT_EQ(new_r.replaces.id, old_doc.id);
}

TEST_P(DeliveryServiceTest, TwoClerksRegisteringAtOnceOneWinsAndOneArrivalNumberIsTaken) {
  Document d = Numbered();
  Release(d);
  const Delivery delivery = Views(d.id)[0].delivery;
  db::DatabaseOptions options;
  options.url = tdb_->url();
  options.pool_size = 2;
  auto second = db::Database::Open(options);
  ASSERT_TRUE(second) << second.error().message();
  std::atomic<int> won{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  const identity::User* clerks[] = {&their_clerk_, &their_other_clerk_};
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      db::Database& database = t == 0 ? tdb_->db() : **second;
      const identity::User& u = *clerks[t];
      try {
        auto tx = database.Begin();
        // Both act on the version they read before either wrote.
        auto out = deliveries_->Register(tx, PrincipalOf(u), ActorFor(u), delivery.id,
                                         delivery.version, {});
        if (out && out->delivery && tx.Commit()) {
          ++won;
        } else if (!out && out.error().code() == ErrorCode::kConflict) {
          ++conflicts;
        } else {
          ++other;
          ADD_FAILURE() << (out ? "no delivery" : out.error().message());
        }
      } catch (const std::exception& e) {
        ++other;
        ADD_FAILURE() << e.what();
      }
    });
  }
  for (auto& t : threads) {
    t.join();
  }
  EXPECT_EQ(won.load(), 1);
  EXPECT_EQ(conflicts.load(), 1);
  EXPECT_EQ(other.load(), 0);
  auto tx = tdb_->db().BeginRead();
  int incoming = 0;
  tx.sql() << "SELECT COUNT(*) FROM documents_document WHERE direction = 'incoming'",
      soci::into(incoming);
  EXPECT_EQ(incoming, 1);
  EXPECT_EQ(Views(d.id)[0].delivery.status, DeliveryStatus::kRegistered);
}

INSTANTIATE_TEST_SUITE_P(Engines, DeliveryServiceTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::documents
