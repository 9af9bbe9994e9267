// Dossiers on SQLite and PostgreSQL: the receipt (code, appointment, steps; all or nothing), the
// whole life through the internal steps to the returned result, the supplement pause, who may do
// what, and the guards against a refused transition or a stale page.
#include <memory>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "db/testing_statement_log.hpp"
#include "testing_dossier_service.hpp"

namespace cqdt::onestop {
namespace {

// The result document a dossier drafted (dossier_result.hpp) is kept with it, and a new draft
// replaces the link (the service decides when that is allowed).
TEST_P(DossierServiceTest, TheResultDocumentLinkIsKeptWithTheDossier) {
  auto d = Receive(Birth(), counter_);
  ASSERT_TRUE(d) << d.error().message();
  EXPECT_FALSE(d->result_document.IsSet());
  for (std::int64_t document : {41, 42}) {
    auto tx = tdb_->db().Begin();
    DossierRepository(tx).LinkResultDocument(d->id, documents::DocumentId(document), officer_.id,
                                             1764212400);
    ASSERT_TRUE(tx.Commit());
    auto rtx = tdb_->db().BeginRead();
    auto again = service_->Get(rtx, P(officer_), d->code);
    ASSERT_TRUE(again) << again.error().message();
    EXPECT_EQ(again->result_document, documents::DocumentId(document));
  }
}

TEST_P(DossierServiceTest, AReceiptGivesTheNextCodeOfTheDayTheAppointmentAndTheSteps) {
  auto d = Receive(Birth(), counter_);
  ASSERT_TRUE(d) << d.error().message();
  EXPECT_EQ(d->code, "000.00.31.H01-251127-0001");
  EXPECT_EQ(d->state, DossierState::kReceived);
  // 8 working hours from Thursday 09:00 end on Friday 09:00.
  EXPECT_EQ(ToVietnamLocal(FromUnixSeconds(d->appointment_at)),
            (LocalDateTime{Date{2025, 11, 28}, 9, 0}));
  EXPECT_EQ(d->due_at, d->appointment_at);
  EXPECT_EQ(d->fee, 8000);  // the direct channel's published fees
  ASSERT_EQ(d->steps.size(), 4u);
  EXPECT_NE(d->steps[0].finished_at, 0);  // the receipt is the counter's step
  EXPECT_EQ(d->steps[1].started_at, 0);
  ASSERT_EQ(d->checklist.size(), 2u);
  EXPECT_TRUE(d->checklist[0].provided);
  EXPECT_TRUE(d->checklist[1].by_data);
  auto second = Receive(Birth(), counter_);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->code, "000.00.31.H01-251127-0002");
  // The version is kept and can no longer change.
  auto tx = tdb_->db().BeginRead();
  auto versions = catalogue_.Versions(tx, "1.001193");
  ASSERT_TRUE(versions);
  EXPECT_EQ(d->version_id, versions->front().id);
  auto timeline = service_->Timeline(tx, P(counter_), d->code);
  ASSERT_TRUE(timeline);
  ASSERT_EQ(timeline->size(), 1u);
  EXPECT_EQ(timeline->front().action, "receive");
}

TEST_P(DossierServiceTest, TheDaysLastCodeIsTheLastAndTheNextReceiptWritesNothing) {
  {
    auto tx = tdb_->db().Begin();
    tx.sql() << "INSERT INTO numbering_counter (scope, period, last_value) VALUES"
                " ('dossier:000.00.31.H01', '2025-11-27', 9998)";
    ASSERT_TRUE(tx.Commit());
  }
  auto last = Receive(Birth(), counter_);
  ASSERT_TRUE(last) << last.error().message();
  EXPECT_EQ(last->code, "000.00.31.H01-251127-9999");
  auto refused = Receive(Birth(), counter_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message().find("9.999"), std::string::npos);
  auto tx = tdb_->db().BeginRead();
  int dossiers = 0, counter = 0;
  tx.sql() << "SELECT COUNT(*) FROM onestop_dossier", soci::into(dossiers);
  tx.sql() << "SELECT last_value FROM numbering_counter WHERE period = '2025-11-27'",
      soci::into(counter);
  EXPECT_EQ(dossiers, 1);
  EXPECT_EQ(counter, 9999);
  // Its search key holds the code as the numbered insert wrote it (folded: lower case).
  DossierFilter by_code;
  by_code.query = "000.00.31.h01-251127-9999";
  auto found = service_->List(tx, P(counter_), by_code);
  ASSERT_TRUE(found);
  ASSERT_EQ(found->total, 1);
  EXPECT_EQ(found->items.at(0).code, last->code);
}

TEST_P(DossierServiceTest, AnIncompleteDossierIsRefusedWithTheFieldAndLeavesNoCodeUsed) {
  ReceiveInput in = Birth();
  in.documents = {{2, false, true, {}, {}}};  // the form is missing
  in.applicant.name = " ";
  auto refused = Receive(in, counter_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidArgument);
  std::set<std::string> fields;
  for (const auto& f : refused.error().fields()) {
    fields.insert(f.field);
  }
  EXPECT_TRUE(fields.contains("documents"));
  EXPECT_TRUE(fields.contains("applicant.name"));
  in = Birth();
  in.procedure_code = "9.999999";
  EXPECT_EQ(Receive(in, counter_).error().fields().front().field, "procedureCode");
  in = Birth();
  in.channel = Channel::kPostal;
  EXPECT_EQ(Receive(in, counter_).error().fields().front().field, "channel");
  // Only the counter receives.
  EXPECT_EQ(Receive(Birth(), officer_).error().code(), ErrorCode::kPermissionDenied);
  auto first = Receive(Birth(), counter_);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->code, "000.00.31.H01-251127-0001");  // no number was lost
}

TEST_P(DossierServiceTest, ADossierGoesThroughItsStepsToTheReturnedResult) {
  auto d = Receive(Birth(), counter_);
  ASSERT_TRUE(d);
  ActionInput transfer = Do(DossierAction::kTransfer);
  transfer.assignee = officer_.id;
  auto moved = Act(d->code, counter_, transfer);
  ASSERT_TRUE(moved) << moved.error().message();
  EXPECT_EQ(moved->state, DossierState::kProcessing);
  EXPECT_EQ(moved->steps[1].assignee, officer_.id);
  // Thẩm tra: 4 working hours from 09:00 → 14:00 after lunch.
  EXPECT_EQ(ToVietnamLocal(FromUnixSeconds(moved->steps[1].planned_end)),
            (LocalDateTime{Date{2025, 11, 27}, 14, 0}));
  // The leader may not take the officer's step; the officer may.
  EXPECT_EQ(Act(d->code, leader_, Do(DossierAction::kCompleteStep)).error().code(),
            ErrorCode::kPermissionDenied);
  clock_.Advance(std::chrono::hours(2));
  auto checked = Act(d->code, officer_, Do(DossierAction::kCompleteStep, "Đủ điều kiện"));
  ASSERT_TRUE(checked) << checked.error().message();
  EXPECT_EQ(checked->steps[1].outcome, Timeliness::kOnTime);
  EXPECT_NE(checked->steps[2].started_at, 0);  // Ký duyệt, nobody named: any leader
  // Not finished without a result, nor with a step open.
  EXPECT_EQ(Act(d->code, leader_, Do(DossierAction::kFinish)).error().code(), ErrorCode::kConflict);
  ActionInput result = Do(DossierAction::kAttachResult);
  result.result_note = "Giấy khai sinh số 123/2025";
  ASSERT_TRUE(Act(d->code, leader_, result));
  ASSERT_TRUE(Act(d->code, leader_, Do(DossierAction::kCompleteStep)));
  auto done = Act(d->code, leader_, Do(DossierAction::kFinish));
  ASSERT_TRUE(done) << done.error().message();
  EXPECT_EQ(done->state, DossierState::kDone);
  EXPECT_EQ(done->timeliness, Timeliness::kEarly);  // Thursday, due Friday
  EXPECT_EQ(Act(d->code, counter_, Do(DossierAction::kReturn)).error().fields().front().field,
            "returnedTo");
  ActionInput handover = Do(DossierAction::kReturn);
  handover.returned_to = "Trần Thị Bé";
  auto returned = Act(d->code, counter_, handover);
  ASSERT_TRUE(returned) << returned.error().message();
  EXPECT_EQ(returned->state, DossierState::kReturned);
  EXPECT_NE(returned->steps[3].finished_at, 0);
  auto tx = tdb_->db().BeginRead();
  auto timeline = service_->Timeline(tx, P(counter_), d->code);
  ASSERT_TRUE(timeline);
  std::vector<std::string> actions;
  for (const auto& e : *timeline) {
    actions.push_back(e.action);
  }
  EXPECT_EQ(actions,
            (std::vector<std::string>{"receive", "transfer", "complete_step", "attach_result",
                                      "complete_step", "finish", "return"}));
  // The officer heard of the step handed to them.
  auto notices = outbox_.ListForRecipient(tx, notify::Recipient::User(officer_.id), false, 10, 0);
  ASSERT_TRUE(notices);
  EXPECT_EQ(notices->total, 1);
}

// An inter-agency dossier (liên thông): the ward receives and decides, a step is performed by
// another commune chosen at receipt; each agency acts only on its own step, a person named for
// a step works for its agency, and the ward's desk returns the result.
TEST_P(DossierServiceTest, AnInterAgencyStepIsTheOtherAgencysToPerform) {
  ProcedureContent c = testing::BirthRegistration();
  c.code = "2.000999";
  c.national_code = "2.000999";
  c.name = "Thủ tục liên thông thử";
  c.process = {{"Tiếp nhận", Performer::kCounter, 1},
               {"Thẩm tra", Performer::kOfficer, 4},
               {"Xác minh tại nơi cư trú", Performer::kOtherAgency, 8},
               {"Ký duyệt", Performer::kLeader, 2},
               {"Trả kết quả", Performer::kCounter, 1}};
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(catalogue_.Publish(tx, admin_, actor_, c, "2025-11-01"));
    ASSERT_TRUE(tx.Commit());
  }
  identity::User far_officer = MakeUser("chuyenvien2", other_, {"officer"});
  identity::User far_leader = MakeUser("lanhdao2", other_, {"leader"});
  ReceiveInput in = Birth();
  in.procedure_code = "2.000999";
  // The step of another agency needs its agency, and only such a step takes one.
  auto missing = Receive(in, counter_);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().fields().front().field, "stepAgencies");
  in.step_agencies = {{2, other_}};
  auto wrong = Receive(in, counter_);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().fields().front().field, "stepAgencies[0].ordinal");
  in.step_agencies = {{3, other_}};
  auto d = Receive(in, counter_);
  ASSERT_TRUE(d) << d.error().message();
  EXPECT_EQ(d->steps[0].agency, ward_);
  EXPECT_EQ(d->steps[1].agency, ward_);
  EXPECT_EQ(d->steps[2].agency, other_);
  EXPECT_EQ(d->steps[2].agency_name, "UBND xa Vinh Hoa");
  EXPECT_EQ(d->steps[4].agency, ward_);

  ActionInput transfer = Do(DossierAction::kTransfer);
  transfer.assignee = officer_.id;
  ASSERT_TRUE(Act(d->code, counter_, transfer));
  // The ward's officer hands the step to the other commune: a person of the ward is refused.
  ActionInput to_ward = Do(DossierAction::kCompleteStep, "Đủ điều kiện");
  to_ward.assignee = leader_.id;
  auto refused = Act(d->code, officer_, to_ward);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields().front().field, "assigneeId");
  auto handed = Act(d->code, officer_, Do(DossierAction::kCompleteStep, "Đủ điều kiện"));
  ASSERT_TRUE(handed) << handed.error().message();
  EXPECT_NE(handed->steps[2].started_at, 0);
  // The other commune sees it in its queue; its leaders were told; the ward may not do its step.
  {
    auto tx = tdb_->db().BeginRead();
    DossierFilter mine;
    mine.queue = DossierQueue::kMine;
    auto queue = service_->List(tx, P(far_officer), mine);
    ASSERT_TRUE(queue) << queue.error().message();
    ASSERT_EQ(queue->total, 1);
    EXPECT_EQ(queue->items[0].current_step, "Xác minh tại nơi cư trú");
    auto ward_mine = service_->List(tx, P(officer_), mine);
    ASSERT_TRUE(ward_mine);
    EXPECT_EQ(ward_mine->total, 0);
    auto told = outbox_.ListForRecipient(tx, notify::Recipient::User(far_leader.id), false, 10, 0);
    ASSERT_TRUE(told);
    EXPECT_EQ(told->total, 1);
  }
  EXPECT_EQ(Act(d->code, officer_, Do(DossierAction::kCompleteStep)).error().code(),
            ErrorCode::kPermissionDenied);
  // Only the deciding agency records the result.
  ActionInput early_result = Do(DossierAction::kAttachResult);
  early_result.result_note = "x";
  EXPECT_EQ(Act(d->code, far_officer, early_result).error().code(), ErrorCode::kPermissionDenied);
  clock_.Advance(std::chrono::hours(3));
  auto verified = Act(d->code, far_officer, Do(DossierAction::kCompleteStep, "Đã xác minh"));
  ASSERT_TRUE(verified) << verified.error().message();
  EXPECT_EQ(verified->steps[2].finished_by, far_officer.full_name);
  EXPECT_EQ(verified->steps[2].outcome, Timeliness::kEarly);
  EXPECT_NE(verified->steps[3].started_at, 0);  // back at the ward: the chairman's step

  ActionInput result = Do(DossierAction::kAttachResult);
  result.result_note = "Giấy khai sinh số 124/2025";
  ASSERT_TRUE(Act(d->code, leader_, result));
  ASSERT_TRUE(Act(d->code, leader_, Do(DossierAction::kCompleteStep)));
  ASSERT_TRUE(Act(d->code, leader_, Do(DossierAction::kFinish)));
  ActionInput handover = Do(DossierAction::kReturn);
  handover.returned_to = "Trần Thị Bé";
  auto returned = Act(d->code, counter_, handover);
  ASSERT_TRUE(returned) << returned.error().message();
  EXPECT_EQ(returned->state, DossierState::kReturned);
}

// An online submission waits as `new` under a provisional key; the desk's acceptance gives it
// the code of its deemed receipt day (M12: Saturday's dossier is received on Monday morning)
// and its appointment, and tells the applicant; a refusal needs its reason.
TEST_P(DossierServiceTest, AnOnlineDossierGetsItsCodeWhenTheDeskAcceptsIt) {
  identity::Principal citizen;
  citizen.realm = identity::Realm::kCitizen;
  citizen.subject_id = 42;
  citizen.username = "079012345678";
  const audit::Actor citizen_actor{UserId(), "079012345678", AgencyId(), "", ""};
  OnlineSubmission in;
  in.procedure_code = "1.001193";
  in.agency = ward_;
  in.applicant.name = "Lê Thị Trực Tuyến";
  in.documents = {{1, true, false, {}, {}}, {2, false, true, {}, {}}};
  clock_.Set(FromUnixSeconds(1764385200));  // Saturday 2025-11-29 10:00 in Vietnam
  {
    auto tx = tdb_->db().Begin();
    auto staff = service_->SubmitOnline(tx, actor_, P(counter_), in);
    ASSERT_FALSE(staff);
    EXPECT_EQ(staff.error().code(), ErrorCode::kPermissionDenied);
  }
  std::string provisional;
  {
    auto tx = tdb_->db().Begin();
    auto d = service_->SubmitOnline(tx, citizen_actor, citizen, in);
    ASSERT_TRUE(d) << d.error().message();
    EXPECT_EQ(d->state, DossierState::kNew);
    EXPECT_TRUE(d->code.starts_with("TT-"));
    EXPECT_EQ(d->channel, Channel::kOnline);
    EXPECT_EQ(d->received_at, 0);
    provisional = d->code;
    ASSERT_TRUE(tx.Commit());
  }
  // The desk sees it; a refusal without its reason is refused.
  {
    auto tx = tdb_->db().BeginRead();
    DossierFilter desk;
    desk.queue = DossierQueue::kCounter;
    auto queue = service_->List(tx, P(counter_), desk);
    ASSERT_TRUE(queue);
    ASSERT_EQ(queue->total, 1);
    EXPECT_EQ(queue->items[0].code, provisional);
  }
  EXPECT_EQ(Act(provisional, counter_, Do(DossierAction::kReject)).error().fields().front().field,
            "reason");
  clock_.Set(FromUnixSeconds(1764559800));  // Monday 2025-12-01 10:30
  auto accepted = Act(provisional, counter_, Do(DossierAction::kAccept));
  ASSERT_TRUE(accepted) << accepted.error().message();
  EXPECT_EQ(accepted->state, DossierState::kReceived);
  EXPECT_EQ(accepted->code.substr(0, 21), "000.00.31.H01-251201-");
  EXPECT_EQ(ToVietnamLocal(FromUnixSeconds(accepted->received_at)),
            DeemedReceipt(calendar_, ToVietnamLocal(FromUnixSeconds(1764385200))));
  EXPECT_GT(accepted->appointment_at, accepted->received_at);
  EXPECT_NE(accepted->steps[0].finished_at, 0);  // the desk's step, done by the acceptance
  {
    auto tx = tdb_->db().BeginRead();
    EXPECT_FALSE(service_->Get(tx, P(counter_), provisional));  // the key is the code now
    auto told =
        outbox_.ListForRecipient(tx, notify::Recipient::Citizen(CitizenId(42)), false, 10, 0);
    ASSERT_TRUE(told);
    EXPECT_EQ(told->total, 1);
  }
}

TEST_P(DossierServiceTest, ASupplementStopsTheClockUntilTheApplicantAnswers) {
  auto d = Receive(Birth(), counter_);
  ASSERT_TRUE(d);
  ASSERT_TRUE(Act(d->code, counter_, Do(DossierAction::kTransfer)));
  auto no_reason = Act(d->code, officer_, Do(DossierAction::kRequestSupplement));
  ASSERT_FALSE(no_reason);
  EXPECT_EQ(no_reason.error().fields().front().field, "reason");
  ASSERT_TRUE(
      Act(d->code, officer_, Do(DossierAction::kRequestSupplement, "Thiếu giấy chứng sinh")));
  clock_.Advance(std::chrono::hours(24));  // Friday 09:00: one working day waited
  auto back = Act(d->code, counter_, Do(DossierAction::kResubmit));
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(back->state, DossierState::kProcessing);
  // Due Friday 09:00 + 8 working hours waited = Monday 09:00.
  EXPECT_EQ(ToVietnamLocal(FromUnixSeconds(back->due_at)),
            (LocalDateTime{Date{2025, 12, 1}, 9, 0}));
  EXPECT_EQ(back->appointment_at, d->appointment_at);
}

TEST_P(DossierServiceTest, RefusalsNameTheRuleAndOutsidersSeeNothing) {
  auto d = Receive(Birth(), counter_);
  ASSERT_TRUE(d);
  // Returning before the result: the rule table refuses.
  ActionInput handover = Do(DossierAction::kReturn);
  handover.returned_to = "X";
  auto early = Act(d->code, counter_, handover);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code(), ErrorCode::kConflict);
  // An officer does not transfer; a counter officer of another commune does not even see it.
  EXPECT_EQ(Act(d->code, officer_, Do(DossierAction::kTransfer)).error().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Act(d->code, stranger_, Do(DossierAction::kTransfer)).error().code(),
            ErrorCode::kNotFound);
  // A stale page loses.
  ActionInput stale = Do(DossierAction::kTransfer);
  stale.expected_updated_at = d->updated_at - 1;
  EXPECT_EQ(Act(d->code, counter_, stale).error().code(), ErrorCode::kConflict);
  // The apology is the leader's and moves the date forward only.
  ActionInput sorry = Do(DossierAction::kApologize, "Cần xác minh thêm");
  sorry.new_appointment = "2025-11-27";
  EXPECT_EQ(Act(d->code, counter_, sorry).error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(Act(d->code, leader_, sorry).error().fields().front().field, "newAppointment");
  sorry.new_appointment = "2025-12-02";
  auto apologized = Act(d->code, leader_, sorry);
  ASSERT_TRUE(apologized) << apologized.error().message();
  EXPECT_TRUE(apologized->late_flag);
  EXPECT_EQ(apologized->due_at, d->due_at);  // still counted against the first appointment
  // Lists: the counter's queue has it; the stranger's agency has none.
  auto tx = tdb_->db().BeginRead();
  DossierFilter f;
  f.queue = DossierQueue::kCounter;
  auto mine = service_->List(tx, P(counter_), f);
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->total, 1);
  f.query = "tran thi be";
  EXPECT_EQ(service_->List(tx, P(counter_), f)->total, 1);
  f.query = "nguyen";
  EXPECT_EQ(service_->List(tx, P(counter_), f)->total, 0);
  EXPECT_EQ(service_->List(tx, P(stranger_), {})->total, 0);
}

TEST_P(DossierServiceTest, AStepPastItsEndFlagsTheDossierAndTellsTheLeadersOnce) {
  auto processing = Receive(Birth(), counter_);
  auto waiting = Receive(Birth(), counter_);
  ASSERT_TRUE(processing && waiting);
  ActionInput transfer = Do(DossierAction::kTransfer);
  transfer.assignee = officer_.id;
  ASSERT_TRUE(Act(processing->code, counter_, transfer));
  auto escalate = [&] {
    auto tx = tdb_->db().Begin();
    auto report = service_->Escalate(tx);
    EXPECT_TRUE(tx.Commit());
    return report;
  };
  auto quiet = escalate();  // nothing is late yet
  ASSERT_TRUE(quiet);
  EXPECT_EQ(quiet->steps + quiet->dossiers, 0);
  // Thẩm tra ends at 14:00; the dossier is due Friday 09:00. At Friday 10:00 both are late.
  clock_.Advance(std::chrono::hours(25));
  auto late = escalate();
  ASSERT_TRUE(late) << late.error().message();
  EXPECT_EQ(late->steps, 1);
  EXPECT_EQ(late->dossiers, 1);  // the one still at the desk; the other was flagged by its step
  auto again = escalate();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->steps + again->dossiers, 0);  // the step was marked, the dossier flagged
  auto tx = tdb_->db().BeginRead();
  auto notices = outbox_.ListForRecipient(tx, notify::Recipient::User(leader_.id), false, 10, 0);
  ASSERT_TRUE(notices);
  EXPECT_EQ(notices->total, 2);  // one per late step, one per late dossier; never twice
  EXPECT_TRUE(service_->Get(tx, P(counter_), processing->code)->late_flag);
  EXPECT_TRUE(service_->Get(tx, P(counter_), waiting->code)->late_flag);
  DossierFilter f;
  f.queue = DossierQueue::kLate;
  EXPECT_EQ(service_->List(tx, P(leader_), f)->total, 2);
}

// The sweep runs every few minutes holding the write lock: it reads an agency's staff once, not
// once per late step (231 ms for 452 late steps in an agency of 1,000 users, a stall in the soak
// every five minutes), finds the open dossiers due before now in an index, not by reading every
// dossier ever received, and meets a late step once: the next sweep has nothing to do.
TEST_P(DossierServiceTest, TheEscalationSweepReadsEachAgencysStaffOnceAndOpenDossiersByIndex) {
  if (tdb_->db().engine() != db::Engine::kSqlite) {
    GTEST_SKIP() << "the statements and their plan are read on SQLite";
  }
  for (int i = 0; i < 3; ++i) {
    auto d = Receive(Birth(), counter_);
    ASSERT_TRUE(d);
    ActionInput transfer = Do(DossierAction::kTransfer);
    transfer.assignee = officer_.id;
    ASSERT_TRUE(Act(d->code, counter_, transfer));
  }
  ASSERT_TRUE(Receive(Birth(), counter_));  // late at the desk
  clock_.Advance(std::chrono::hours(25));
  {
    auto read = tdb_->db().BeginRead();
    auto pending = service_->EscalationDue(read);
    ASSERT_TRUE(pending);
    EXPECT_TRUE(*pending);
  }
  auto tx = tdb_->db().Begin();
  std::vector<std::string> statements;
  {
    db::testing::StatementLog log(tx);
    auto report = service_->Escalate(tx);
    ASSERT_TRUE(report) << report.error().message();
    EXPECT_EQ(report->steps, 3);
    EXPECT_EQ(report->dossiers, 1);
    statements = log.statements();
  }
  int staff_reads = 0;
  std::string due;
  for (const auto& st : statements) {
    staff_reads += st.find("FROM identity_user WHERE agency_id") != std::string::npos ? 1 : 0;
    if (st.find("FROM onestop_dossier WHERE state IN") != std::string::npos) {
      due = st;
    }
  }
  EXPECT_EQ(staff_reads, 1);
  ASSERT_FALSE(due.empty());
  std::string plan;
  soci::rowset<soci::row> rows = (tx.sql().prepare << "EXPLAIN QUERY PLAN " + due);
  for (const auto& r : rows) {
    plan += r.get<std::string>(3) + "\n";
  }
  EXPECT_NE(plan.find("USING INDEX onestop_dossier_open_due"), std::string::npos) << due << "\n"
                                                                                  << plan;
  ASSERT_TRUE(tx.Commit());
  {
    auto read = tdb_->db().BeginRead();
    auto pending = service_->EscalationDue(read);
    ASSERT_TRUE(pending);
    EXPECT_FALSE(*pending);  // the timer takes no write lock for this sweep
  }
  auto next = tdb_->db().Begin();
  db::testing::StatementLog log(next);
  auto report = service_->Escalate(next);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->steps + report->dossiers, 0);
  for (const auto& st : log.statements()) {
    EXPECT_EQ(st.find("identity_user"), std::string::npos) << st;
    EXPECT_EQ(st.find("notify_message"), std::string::npos) << st;
  }
  ASSERT_TRUE(next.Commit());
}

TEST_P(DossierServiceTest, StatisticsCountTheDesksPeriodicReport) {
  // A dossier finished early, one still in progress, one rejected at the desk.
  auto done = Receive(Birth(), counter_);
  auto open = Receive(Birth(), counter_);
  auto refused = Receive(Birth(), counter_);
  ASSERT_TRUE(done && open && refused);
  ASSERT_TRUE(Act(done->code, counter_, Do(DossierAction::kTransfer)));
  ASSERT_TRUE(Act(done->code, officer_, Do(DossierAction::kCompleteStep)));
  ActionInput result = Do(DossierAction::kAttachResult);
  result.result_note = "Giấy khai sinh";
  ASSERT_TRUE(Act(done->code, leader_, result));
  ASSERT_TRUE(Act(done->code, leader_, Do(DossierAction::kCompleteStep)));
  ASSERT_TRUE(Act(done->code, leader_, Do(DossierAction::kFinish)));
  ASSERT_TRUE(Act(open->code, counter_, Do(DossierAction::kTransfer)));
  ASSERT_TRUE(Act(open->code, officer_, Do(DossierAction::kRequestSupplement, "Thiếu tờ khai")));
  ASSERT_TRUE(Act(open->code, counter_, Do(DossierAction::kResubmit)));
  ASSERT_TRUE(Act(refused->code, counter_, Do(DossierAction::kReject, "Không thuộc thẩm quyền")));
  DossierStatisticsService stats(agencies_, clock_);
  auto tx = tdb_->db().BeginRead();
  DossierStatisticsQuery q;
  q.from = q.to = "2025-11-27";
  auto s = stats.Compute(tx, P(leader_), q);
  ASSERT_TRUE(s) << s.error().message();
  ASSERT_EQ(s->rows.size(), 1u);
  EXPECT_EQ(s->rows[0].key, "1.001193");
  EXPECT_EQ(s->total.received_other, 3);
  EXPECT_EQ(s->total.received_online, 0);
  EXPECT_EQ(s->total.resolved_early, 1);
  EXPECT_EQ(s->total.open_on_time, 1);
  EXPECT_EQ(s->total.open_late, 0);
  EXPECT_EQ(s->total.refused, 1);
  EXPECT_EQ(s->total.supplements, 1);
  EXPECT_FALSE(s->steps.empty());
  // The next day, the open dossier is carried over, and late once its due time passed.
  clock_.Advance(std::chrono::hours(48));
  q.from = q.to = "2025-11-29";
  auto next = stats.Compute(tx, P(leader_), q);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->total.carried, 1);
  EXPECT_EQ(next->total.open_late, 1);
  EXPECT_EQ(next->total.received_other, 0);
  q.group = StatisticsGroup::kSector;
  auto by_sector = stats.Compute(tx, P(leader_), q);
  ASSERT_TRUE(by_sector);
  ASSERT_EQ(by_sector->rows.size(), 1u);
  EXPECT_EQ(by_sector->rows[0].label, "Hộ tịch");
  // An officer does not read the agency's statistics; a bad period names the field.
  EXPECT_EQ(stats.Compute(tx, P(officer_), q).error().code(), ErrorCode::kPermissionDenied);
  q.to = "2025-11-01";
  EXPECT_EQ(stats.Compute(tx, P(leader_), q).error().fields().front().field, "to");
}

INSTANTIATE_TEST_SUITE_P(Engines, DossierServiceTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::onestop
