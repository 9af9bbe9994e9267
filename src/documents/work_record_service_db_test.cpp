// The file plan and work records (issue 11, item 1) on SQLite and PostgreSQL: the plan is
// edited by leaders and clerks and copied forward; a record opened from it files documents
// (their Phụ lục VI items 1-2 follow), other files, closes with §8.3 items computed and is then
// read-only; appraisal comes only after the retention and records its decision.
#include <gtest/gtest.h>

#include "documents/file_plan_service.hpp"
#include "documents/work_record_service.hpp"
#include "testing_services_fixture.hpp"

namespace cqdt::documents {
namespace {

class WorkRecordServiceTest : public testing::ServicesFixture {
 protected:
  void SetUp() override {
    ServicesFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    plan_ = std::make_unique<FilePlanService>(audit_, agencies_, *identity_, clock_);
    records_ = std::make_unique<WorkRecordService>(audit_, agencies_, *identity_, *files_, clock_);
    officer_ = MakeUser("chuyenvien", agency_, {"officer"});
  }

  PlanItem AddItem(const std::string& code, std::optional<int> retention = 10, int year = 2025) {
    PlanItemInput in;
    in.year = year;
    in.code = code;
    in.title = "Hồ sơ tổ chức hội nghị " + code;
    in.retention_years = retention;
    in.responsible_id = officer_.id;
    auto tx = tdb_->db().Begin();
    auto item = plan_->Create(tx, ActorFor(clerk_), PrincipalOf(clerk_), in);
    EXPECT_TRUE(item) << item.error().message();
    EXPECT_TRUE(tx.Commit());
    return item ? *item : PlanItem{};
  }

  WorkRecord OpenRecord(const PlanItem& item) {
    auto tx = tdb_->db().Begin();
    OpenRecordInput in;
    in.plan_item_id = item.id;
    auto r = records_->Open(tx, ActorFor(officer_), PrincipalOf(officer_), in);
    EXPECT_TRUE(r) << r.error().message();
    EXPECT_TRUE(tx.Commit());
    return r ? *r : WorkRecord{};
  }

  // An incoming document the officer handles (granted to them, so they see it).
  Document HandledDocument(const std::string& number, const std::string& issued, int pages = 2) {
    auto tx = tdb_->db().Begin();
    IncomingInput in = Input(number);
    in.issued_date = issued;
    in.page_count = pages;
    auto reg = incoming_->Register(tx, ActorFor(clerk_), PrincipalOf(clerk_), in);
    EXPECT_TRUE(reg && reg->document) << (reg ? "duplicate" : reg.error().message());
    Document d = *reg->document;
    EXPECT_TRUE(DocumentRepository(tx).AddGrant({d.id, officer_.id, clerk_.id, 0, "xử lý"}));
    EXPECT_TRUE(tx.Commit());
    return d;
  }

  Result<WorkRecord> Attach(const identity::User& who, WorkRecordId id, DocumentId doc) {
    auto tx = tdb_->db().Begin();
    auto r = records_->AttachDocument(tx, ActorFor(who), PrincipalOf(who), id, doc);
    if (r) {
      EXPECT_TRUE(tx.Commit());
    }
    return r;
  }

  Document Stored(DocumentId id) {
    auto tx = tdb_->db().BeginRead();
    auto d = DocumentRepository(tx).Get(id);
    EXPECT_TRUE(d);
    return d ? *d : Document{};
  }

  CloseRecordInput CloseInput(const WorkRecord& r) {
    return {r.title, "Hồ sơ đầy đủ", "Tiếng Việt", "public", r.version};
  }

  std::unique_ptr<FilePlanService> plan_;
  std::unique_ptr<WorkRecordService> records_;
  identity::User officer_;
};

TEST_P(WorkRecordServiceTest, OnlyLeadersAndClerksEditThePlanAndItsCodesAreUniqueInAYear) {
  AddItem("01.VP");
  auto tx = tdb_->db().Begin();
  PlanItemInput in;
  in.year = 2025;
  in.code = "02.VP";
  in.title = "Hồ sơ khác";
  auto denied = plan_->Create(tx, ActorFor(officer_), PrincipalOf(officer_), in);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code(), ErrorCode::kPermissionDenied);
  in.code = "01.VP";
  auto duplicate = plan_->Create(tx, ActorFor(leader_), PrincipalOf(leader_), in);
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(duplicate.error().fields().at(0).field, "code");
  in.code = "có khoảng";
  in.title = "";
  in.retention_years = 0;
  auto invalid = plan_->Create(tx, ActorFor(leader_), PrincipalOf(leader_), in);
  ASSERT_FALSE(invalid);
  std::set<std::string> named;
  for (const auto& f : invalid.error().fields()) {
    named.insert(f.field);
  }
  EXPECT_EQ(named, (std::set<std::string>{"code", "title", "retentionYears"}));
  // Everyone of the agency reads it; another agency's staff does not see the item.
  auto list = plan_->List(tx, PrincipalOf(officer_), 2025);
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1U);
  EXPECT_EQ(list->front().responsible_name, officer_.full_name);
  EXPECT_EQ(RetentionLabel(list->front().retention_years), "10 năm");
  EXPECT_EQ(RetentionLabel(std::nullopt), "Vĩnh viễn");
}

TEST_P(WorkRecordServiceTest, CopyForwardCarriesLastYearsItemsAndSkipsCodesAlreadyThere) {
  AddItem("01.VP", 10, 2025);
  AddItem("02.VP", std::nullopt, 2025);
  AddItem("02.VP", 5, 2026);
  auto tx = tdb_->db().Begin();
  auto copied = plan_->CopyForward(tx, ActorFor(clerk_), PrincipalOf(clerk_), 2025, 2026);
  ASSERT_TRUE(copied) << copied.error().message();
  EXPECT_EQ(copied->copied, 1);
  EXPECT_EQ(copied->skipped, 1);
  auto next = plan_->List(tx, PrincipalOf(clerk_), 2026);
  ASSERT_TRUE(next);
  ASSERT_EQ(next->size(), 2U);
  EXPECT_EQ(next->at(0).code, "01.VP");
  EXPECT_EQ(next->at(0).retention_years, 10);
  EXPECT_EQ(next->at(1).retention_years, 5);  // the year's own item is kept as it was
  auto again = plan_->CopyForward(tx, ActorFor(clerk_), PrincipalOf(clerk_), 2025, 2026);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->copied, 0);
  auto backwards = plan_->CopyForward(tx, ActorFor(clerk_), PrincipalOf(clerk_), 2026, 2025);
  ASSERT_FALSE(backwards);
  EXPECT_EQ(backwards.error().fields().at(0).field, "fromYear");
}

TEST_P(WorkRecordServiceTest, FilingSetsTheDocumentsFileCodeAndOrdinalAndRemovalRenumbers) {
  const PlanItem item = AddItem("01.VP");
  WorkRecord r = OpenRecord(item);
  EXPECT_EQ(r.FileCode(), "000.00.01.H01.2025.01.VP");
  EXPECT_EQ(r.state, RecordState::kOpen);
  EXPECT_TRUE(r.can_edit);
  const Document a = HandledDocument("10/UBND-VP", "2025-03-02", 2);
  const Document b = HandledDocument("11/UBND-VP", "2025-01-15", 3);
  const Document c = HandledDocument("12/UBND-VP", "2025-06-30", 1);
  ASSERT_TRUE(Attach(officer_, r.id, a.id));
  ASSERT_TRUE(Attach(officer_, r.id, b.id));
  auto filed = Attach(officer_, r.id, c.id);
  ASSERT_TRUE(filed) << filed.error().message();
  EXPECT_EQ(filed->doc_total, 3);
  EXPECT_EQ(filed->page_total, 6);
  const Document stored = Stored(c.id);
  EXPECT_EQ(stored.file_organ_id, "000.00.01.H01");
  EXPECT_EQ(stored.file_catalog, 2025);
  EXPECT_EQ(stored.file_notation, "01.VP");
  EXPECT_EQ(stored.doc_ordinal, 3);
  // A document is in one record only.
  const PlanItem other = AddItem("02.VP");
  WorkRecord second = OpenRecord(other);
  auto twice = Attach(officer_, second.id, a.id);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(twice.error().fields().at(0).field, "documentId");

  auto tx = tdb_->db().Begin();
  auto removed =
      records_->RemoveDocument(tx, ActorFor(officer_), PrincipalOf(officer_), r.id, a.id);
  ASSERT_TRUE(removed) << removed.error().message();
  ASSERT_TRUE(tx.Commit());
  ASSERT_EQ(removed->documents.size(), 2U);
  EXPECT_EQ(removed->documents[0].document_id, b.id);
  EXPECT_EQ(removed->documents[0].ordinal, 1);
  EXPECT_EQ(removed->doc_total, 2);
  EXPECT_EQ(Stored(c.id).doc_ordinal, 2);
  EXPECT_EQ(Stored(a.id).file_notation, "");
  EXPECT_EQ(Stored(a.id).doc_ordinal, 0);
}

TEST_P(WorkRecordServiceTest, OnlyDocumentsTheCallerSeesAreFiledAndOutsidersSeeNoRecord) {
  const PlanItem item = AddItem("01.VP");
  WorkRecord r = OpenRecord(item);
  // Registered but not assigned to the officer: not theirs to see.
  auto tx = tdb_->db().Begin();
  auto reg = incoming_->Register(tx, ActorFor(clerk_), PrincipalOf(clerk_), Input("20/UBND"));
  ASSERT_TRUE(reg && reg->document);
  ASSERT_TRUE(tx.Commit());
  auto unseen = Attach(officer_, r.id, reg->document->id);
  ASSERT_FALSE(unseen);
  EXPECT_EQ(unseen.error().code(), ErrorCode::kNotFound);
  // The clerk sees it and may compile the record; a leader sees the record but does not edit.
  ASSERT_TRUE(Attach(clerk_, r.id, reg->document->id));
  auto read = tdb_->db().BeginRead();
  auto by_leader = records_->Get(read, PrincipalOf(leader_), r.id);
  ASSERT_TRUE(by_leader);
  EXPECT_FALSE(by_leader->can_edit);
  EXPECT_TRUE(by_leader->can_appraise);
  const identity::User stranger = MakeUser("canbo-khac", other_agency_, {"leader", "clerk"});
  auto hidden = records_->Get(read, PrincipalOf(stranger), r.id);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code(), ErrorCode::kNotFound);
  auto none = records_->List(read, PrincipalOf(stranger), {});
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  const identity::User colleague = MakeUser("chuyenvien-khac", agency_, {"officer"});
  auto not_theirs = records_->Get(read, PrincipalOf(colleague), r.id);
  ASSERT_FALSE(not_theirs);
  EXPECT_EQ(not_theirs.error().code(), ErrorCode::kNotFound);
}

TEST_P(WorkRecordServiceTest, ClosingComputesTheItemsAndLeavesTheRecordReadOnly) {
  const PlanItem item = AddItem("01.VP");
  WorkRecord r = OpenRecord(item);
  {
    auto tx = tdb_->db().Begin();
    auto empty =
        records_->Close(tx, ActorFor(officer_), PrincipalOf(officer_), r.id, CloseInput(r));
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().code(), ErrorCode::kFailedPrecondition);
  }
  const Document a = HandledDocument("10/UBND-VP", "2025-03-02", 2);
  const Document b = HandledDocument("11/UBND-VP", "2025-01-15", 3);
  ASSERT_TRUE(Attach(officer_, r.id, a.id));
  auto filled = Attach(officer_, r.id, b.id);
  ASSERT_TRUE(filled);
  static const char kPng[] =
      "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
  {
    auto tx = tdb_->db().Begin();
    auto f = files_->Upload(tx, ActorFor(officer_), agency_, "bien-ban.png",
                            std::string_view(kPng, sizeof(kPng) - 1), "");
    ASSERT_TRUE(f) << f.error().message();
    // Someone else's upload is not the caller's to use.
    auto foreign = records_->AttachFile(tx, ActorFor(clerk_), PrincipalOf(clerk_), r.id, f->id);
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.error().fields().at(0).field, "fileId");
    auto with_file =
        records_->AttachFile(tx, ActorFor(officer_), PrincipalOf(officer_), r.id, f->id);
    ASSERT_TRUE(with_file) << with_file.error().message();
    EXPECT_EQ(with_file->files.size(), 1U);
    EXPECT_EQ(with_file->doc_total, 3);
    filled = *with_file;
    ASSERT_TRUE(tx.Commit());
  }
  {
    auto tx = tdb_->db().Begin();
    CloseRecordInput stale = CloseInput(*filled);
    stale.version = 1;
    auto conflict = records_->Close(tx, ActorFor(officer_), PrincipalOf(officer_), r.id, stale);
    ASSERT_FALSE(conflict);
    EXPECT_EQ(conflict.error().code(), ErrorCode::kConflict);
    CloseRecordInput bad = CloseInput(*filled);
    bad.rights = "secret";
    bad.language = "";
    auto invalid = records_->Close(tx, ActorFor(officer_), PrincipalOf(officer_), r.id, bad);
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().fields().size(), 2U);
    auto closed =
        records_->Close(tx, ActorFor(officer_), PrincipalOf(officer_), r.id, CloseInput(*filled));
    ASSERT_TRUE(closed) << closed.error().message();
    ASSERT_TRUE(tx.Commit());
    EXPECT_EQ(closed->state, RecordState::kClosed);
    // The earliest and latest dates it holds: the documents', and the day the file was added.
    EXPECT_EQ(closed->start_date, "2025-01-15");
    EXPECT_EQ(closed->end_date, "2025-11-27");
    EXPECT_EQ(closed->doc_total, 3);
    EXPECT_EQ(closed->page_total, 6);
    EXPECT_FALSE(closed->can_edit);
  }
  const Document late = HandledDocument("13/UBND-VP", "2025-07-01");
  auto refused = Attach(officer_, r.id, late.id);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kFailedPrecondition);
  auto tx = tdb_->db().Begin();
  auto out = records_->RemoveDocument(tx, ActorFor(officer_), PrincipalOf(officer_), r.id, a.id);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code(), ErrorCode::kFailedPrecondition);
}

TEST_P(WorkRecordServiceTest, AppraisalComesAfterTheRetentionAndRecordsItsDecision) {
  EXPECT_FALSE(IsAppraisalDue("2020-06-01", 5, "2025-12-31"));
  EXPECT_TRUE(IsAppraisalDue("2020-06-01", 5, "2026-01-01"));
  EXPECT_FALSE(IsAppraisalDue("2000-01-01", std::nullopt, "2100-01-01"));

  const PlanItem item = AddItem("01.VP", 1);
  WorkRecord r = OpenRecord(item);
  const Document a = HandledDocument("10/UBND-VP", "2025-03-02");
  auto filled = Attach(officer_, r.id, a.id);
  ASSERT_TRUE(filled);
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(
        records_->Close(tx, ActorFor(officer_), PrincipalOf(officer_), r.id, CloseInput(*filled)));
    ASSERT_TRUE(tx.Commit());
  }
  AppraisalInput extend{"extend", "15/QĐ-S", "2025-11-26", "Còn giá trị tra cứu", 3};
  {
    auto tx = tdb_->db().Begin();
    auto early = records_->Appraise(tx, ActorFor(leader_), PrincipalOf(leader_), r.id, extend);
    ASSERT_FALSE(early);
    EXPECT_EQ(early.error().code(), ErrorCode::kFailedPrecondition);
    auto due = records_->DueForAppraisal(tx, PrincipalOf(leader_));
    ASSERT_TRUE(due);
    EXPECT_TRUE(due->empty());
  }
  // 2027-01-02 in Vietnam: one year after the end of 2025 has passed.
  clock_.Set(FromUnixSeconds(1798858800));
  {
    auto tx = tdb_->db().Begin();
    auto due = records_->DueForAppraisal(tx, PrincipalOf(leader_));
    ASSERT_TRUE(due);
    ASSERT_EQ(due->size(), 1U);
    auto by_officer =
        records_->Appraise(tx, ActorFor(officer_), PrincipalOf(officer_), r.id, extend);
    ASSERT_FALSE(by_officer);
    EXPECT_EQ(by_officer.error().code(), ErrorCode::kPermissionDenied);
    auto extended = records_->Appraise(tx, ActorFor(leader_), PrincipalOf(leader_), r.id, extend);
    ASSERT_TRUE(extended) << extended.error().message();
    EXPECT_EQ(extended->retention_years, 4);
    EXPECT_FALSE(extended->appraisal_due);
    EXPECT_EQ(extended->state, RecordState::kClosed);
    ASSERT_EQ(extended->appraisals.size(), 1U);
    EXPECT_EQ(extended->appraisals[0].decided_by_name, leader_.full_name);
    ASSERT_TRUE(tx.Commit());
  }
  // 2031-01-02: past the extended retention; destroyed, with its metadata kept.
  clock_.Set(FromUnixSeconds(1925089200));
  auto tx = tdb_->db().Begin();
  AppraisalInput destroy{"destroy", "02/QĐ-S", "2031-01-02", "Hết giá trị", std::nullopt};
  auto destroyed = records_->Appraise(tx, ActorFor(leader_), PrincipalOf(leader_), r.id, destroy);
  ASSERT_TRUE(destroyed) << destroyed.error().message();
  EXPECT_EQ(destroyed->state, RecordState::kDestroyed);
  EXPECT_EQ(destroyed->appraisals.size(), 2U);
  EXPECT_EQ(destroyed->documents.size(), 1U);
}

INSTANTIATE_TEST_SUITE_P(Engines, WorkRecordServiceTest,
                         ::testing::ValuesIn(db::testing::Engines()), db::testing::EngineName);

}  // namespace
}  // namespace cqdt::documents
