// What the Decision 766 index counts, on SQLite and PostgreSQL (issue 13, item 9): dossiers of
// the period by deciding agency and procedure, the fee method, and the catalogue's facts.
#include <algorithm>
#include <map>

#include <gtest/gtest.h>

#include "db/statement.hpp"
#include "onestop/service_counters.hpp"
#include "sql_dossier_repository.hpp"
#include "testing_dossier_service.hpp"

namespace cqdt::onestop {
namespace {

class ServiceCountersTest : public DossierServiceTest {
 protected:
  // The period around the fixture's Thursday, 2025-11-27.
  static constexpr std::int64_t kFrom = 1764176400;  // 2025-11-27 00:00 in Vietnam
  static constexpr std::int64_t kTo = kFrom + 24 * 3600;

  ServiceCounters Count(std::int64_t from, std::int64_t to, std::int64_t at,
                        std::size_t threads = 1) {
    auto tx = tdb_->db().BeginRead();
    std::vector<AgencyId> everyone;
    for (const auto* u : {&counter_, &officer_, &stranger_}) {
      if (std::find(everyone.begin(), everyone.end(), u->agency_id) == everyone.end()) {
        everyone.push_back(u->agency_id);
      }
    }
    auto c = CountService(tx, everyone, from, to, at, "2025-11-27",
                          CountWorkers{threads > 1 ? &tdb_->db() : nullptr, threads});
    EXPECT_TRUE(c) << c.error().message();
    return c ? *c : ServiceCounters{};
  }
};

// A dossier's scans count it as digitised; its result file does not.
TEST_P(ServiceCountersTest, CountsDossiersWithScansOfTheirDocumentsOnly) {
  auto upload = [&](const char* name) {
    auto tx = tdb_->db().Begin();
    auto f = service_->Upload(tx, A(counter_), P(counter_), name, kPng);
    EXPECT_TRUE(f) << f.error().message();
    EXPECT_TRUE(tx.Commit());
    return f ? f->id : DossierFileId();
  };
  ReceiveInput scanned = Birth();
  scanned.documents[0].file_ids = {upload("to-khai.png")};
  ASSERT_TRUE(Receive(scanned, counter_));
  auto paper = Receive(Birth(), counter_);
  ASSERT_TRUE(paper);
  const DossierFileId result = upload("ket-qua.png");
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(DossierRepository(tx).AttachFile(result, paper->id, DossierFileKind::kResult, 0));
    ASSERT_TRUE(tx.Commit());
  }
  ServiceCounters counters = Count(kFrom, kTo, kFrom);
  ASSERT_EQ(counters.dossiers.size(), 1U);
  EXPECT_EQ(counters.dossiers[0].received, 2);
  EXPECT_EQ(counters.dossiers[0].with_files, 1);
}

// The row's flags follow what is added after the receipt: a scan of a document, a document
// no longer replaced by data, a result document (migration 10: the counts read only the row).
TEST_P(ServiceCountersTest, FlagsFollowFilesDataAndResultsAddedLater) {
  auto paper = Receive(Birth(), counter_);
  ASSERT_TRUE(paper);
  auto flags = [&] {
    auto tx = tdb_->db().BeginRead();
    long long id = paper->id.value();
    int files = 0, data = 0, result = 0;
    db::Run(tx,
            "SELECT with_files, by_data, with_result_document FROM onestop_dossier"
            " WHERE id = :id",
            soci::use(id), soci::into(files), soci::into(data), soci::into(result));
    return std::to_string(files) + std::to_string(data) + std::to_string(result);
  };
  EXPECT_EQ(flags(), "010");  // the birth registration's data replaces a document
  {
    auto tx = tdb_->db().Begin();
    auto f = service_->Upload(tx, A(counter_), P(counter_), "bo-sung.png", kPng);
    ASSERT_TRUE(f) << f.error().message();
    DossierRepository repo(tx);
    ASSERT_TRUE(repo.AttachFile(f->id, paper->id, DossierFileKind::kSupplement, 1));
    for (ChecklistItem c : paper->checklist) {
      c.by_data = false;
      repo.UpdateChecklistItem(paper->id, c);
    }
    repo.LinkResultDocument(paper->id, documents::DocumentId(41), officer_.id, 1764212400);
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_EQ(flags(), "101");
  EXPECT_EQ(Count(kFrom, kTo, kFrom).dossiers.at(0).with_files, 1);
  EXPECT_EQ(Count(kFrom, kTo, kFrom).dossiers.at(0).by_data, 0);
}

// A citizen's file given online counts as a scan, and a document reused from their store as data
// the state holds (portal, issue 13 item 3); a later checklist change keeps the reuse.
TEST_P(ServiceCountersTest, ACitizensFileAndAReusedDocumentSetTheFlags) {
  ReceiveInput in = Birth();
  for (ChecklistInput& d : in.documents) {
    d.by_data = false;
  }
  auto paper = Receive(in, counter_);
  ASSERT_TRUE(paper);
  auto flags = [&] {
    auto tx = tdb_->db().BeginRead();
    long long id = paper->id.value();
    int files = 0, data = 0;
    db::Run(tx, "SELECT with_files, by_data FROM onestop_dossier WHERE id = :id", soci::use(id),
            soci::into(files), soci::into(data));
    return std::to_string(files) + std::to_string(data);
  };
  ASSERT_EQ(flags(), "00");
  {
    auto tx = tdb_->db().Begin();
    DossierRepository repo(tx);
    DossierFile f;
    f.dossier_id = paper->id;
    f.agency_id = counter_.agency_id;
    f.kind = DossierFileKind::kApplication;
    f.document_ordinal = paper->checklist.at(0).ordinal;
    f.name = "to-khai.pdf";
    f.content_type = "application/pdf";
    f.size = 10;
    f.sha256 = std::string(64, 'a');
    f.citizen = CitizenId(7);
    f.reused = true;
    f.uploaded_at = kFrom;
    repo.InsertCitizenFile(f);
    repo.SetChecklistReused(paper->id, f.document_ordinal);
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_EQ(flags(), "11");
  {
    auto tx = tdb_->db().Begin();
    DossierRepository repo(tx);
    for (ChecklistItem c : paper->checklist) {
      repo.UpdateChecklistItem(paper->id, c);
    }
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_EQ(flags(), "11");
}

// A dossier waiting for its payment resumes through the desk's confirmation; a matched transfer
// still counts as paid online, a payment the desk confirmed does not.
TEST_P(ServiceCountersTest, ATransferThatResumesAWaitingDossierCountsAsOnline) {
  auto waiting = [&] {
    ReceiveInput in = Birth();
    in.fee = 8000;
    auto d = Receive(in, counter_);
    EXPECT_TRUE(d);
    EXPECT_TRUE(Act(d->code, counter_, Do(DossierAction::kTransfer)));
    EXPECT_TRUE(Act(d->code, officer_, Do(DossierAction::kRequestPayment, "Nộp lệ phí")));
    return d->code;
  };
  const std::string by_transfer = waiting(), at_desk = waiting();
  {
    auto tx = tdb_->db().Begin();
    auto d = service_->RecordFeePaid(tx, A(counter_), P(counter_), by_transfer, "FT2",
                                     FeeMethod::kTransfer);
    ASSERT_TRUE(d) << d.error().message();
    EXPECT_EQ(d->state, DossierState::kProcessing);
    ASSERT_TRUE(tx.Commit());
  }
  ASSERT_TRUE(Act(at_desk, counter_, Do(DossierAction::kConfirmPayment)));
  ServiceCounters counters = Count(kFrom, kTo, kFrom);
  ASSERT_EQ(counters.dossiers.size(), 1U);
  EXPECT_EQ(counters.dossiers[0].fee_bearing, 2);
  EXPECT_EQ(counters.dossiers[0].paid_online, 1);
}

TEST_P(ServiceCountersTest, CountsThePeriodsDossiersAndHowTheirFeesWerePaid) {
  ReceiveInput unpaid = Birth();
  unpaid.fee = 8000;
  auto a = Receive(unpaid, counter_);
  ASSERT_TRUE(a) << a.error().message();
  ReceiveInput at_desk = Birth();
  at_desk.fee = 8000;
  at_desk.fee_paid = true;
  ASSERT_TRUE(Receive(at_desk, counter_));
  ReceiveInput by_transfer = Birth();
  by_transfer.fee = 8000;
  auto c = Receive(by_transfer, counter_);
  ASSERT_TRUE(c);
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(service_->RecordFeePaid(tx, A(counter_), P(counter_), c->code, "FT1",
                                        FeeMethod::kTransfer));
    ASSERT_TRUE(tx.Commit());
  }
  ReceiveInput free = Birth();
  free.fee = 0;
  ASSERT_TRUE(Receive(free, counter_));

  ServiceCounters counters = Count(kFrom, kTo, kFrom);
  ASSERT_EQ(counters.dossiers.size(), 1U);
  const ProcedureCounters& r = counters.dossiers[0];
  EXPECT_EQ(r.agency, a->deciding_agency);
  EXPECT_EQ(r.procedure_code, "1.001193");
  EXPECT_EQ(r.received, 4);
  EXPECT_EQ(r.received_online, 0);
  EXPECT_EQ(r.progress_total, 4);
  EXPECT_EQ(r.progress_on_time, 4);  // none past its due time at the period's start
  EXPECT_EQ(r.finished, 0);
  EXPECT_EQ(r.fee_bearing, 3);
  EXPECT_EQ(r.paid_online, 1);  // the desk's payment is not an online one
  EXPECT_EQ(r.by_data, 4);      // each birth registration replaced a document by data

  // Read by three readers (threads of their own), the same counts in the same order.
  const ServiceCounters shared = Count(kFrom, kTo, kFrom, 3);
  ASSERT_EQ(shared.dossiers.size(), counters.dossiers.size());
  EXPECT_EQ(shared.dossiers[0].agency, r.agency);
  EXPECT_EQ(shared.dossiers[0].received, r.received);
  EXPECT_EQ(shared.dossiers[0].paid_online, r.paid_online);
  EXPECT_EQ(shared.dossiers[0].by_data, r.by_data);

  // Judged a year later, every one of them is open past its due time.
  EXPECT_EQ(Count(kFrom, kTo, kFrom + 365 * 24 * 3600).dossiers[0].progress_on_time, 0);
  // Another day: nothing received, nothing finished.
  EXPECT_TRUE(Count(kTo, kTo + 24 * 3600, kTo).dossiers.empty());

  bool found = false;
  for (const ProcedureFacts& p : counters.procedures) {
    if (p.code == "1.001193") {
      found = true;
      EXPECT_NE(p.online_level, OnlineLevel::kInformation);
    }
  }
  EXPECT_TRUE(found);
}

// The period's dossiers one by one carry exactly what the counters count (the staff page of the
// index lists them; quality/index766_analysis.hpp), and a dossier's id names its procedure.
TEST_P(ServiceCountersTest, EachDossierOfThePeriodCarriesWhatTheCountersCount) {
  ReceiveInput unpaid = Birth();
  unpaid.fee = 8000;
  auto a = Receive(unpaid, counter_);
  ASSERT_TRUE(a) << a.error().message();
  ReceiveInput by_transfer = Birth();
  by_transfer.fee = 8000;
  by_transfer.documents[0].file_ids = {[&] {
    auto tx = tdb_->db().Begin();
    auto f = service_->Upload(tx, A(counter_), P(counter_), "to-khai.png", kPng);
    EXPECT_TRUE(f) << f.error().message();
    EXPECT_TRUE(tx.Commit());
    return f ? f->id : DossierFileId();
  }()};
  auto b = Receive(by_transfer, counter_);
  ASSERT_TRUE(b);
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(service_->RecordFeePaid(tx, A(counter_), P(counter_), b->code, "FT9",
                                        FeeMethod::kTransfer));
    ASSERT_TRUE(tx.Commit());
  }
  ReceiveInput free = Birth();
  free.fee = 0;
  for (ChecklistInput& d : free.documents) {
    d.by_data = false;
  }
  auto c = Receive(free, counter_);
  ASSERT_TRUE(c);

  auto visit = [&](std::int64_t at) {
    std::map<std::string, PeriodDossier> seen;
    auto tx = tdb_->db().BeginRead();
    auto done = VisitPeriodDossiers(tx, {counter_.agency_id, stranger_.agency_id}, kFrom, kTo, at,
                                    [&](const PeriodDossier& d) { seen[d.code] = d; });
    EXPECT_TRUE(done);
    return seen;
  };
  auto seen = visit(kFrom);
  ASSERT_EQ(seen.size(), 3U);
  const PeriodDossier& pa = seen.at(a->code);
  EXPECT_EQ(pa.id, a->id.value());
  EXPECT_EQ(pa.procedure_code, "1.001193");
  EXPECT_FALSE(pa.procedure_name.empty());
  EXPECT_EQ(pa.agency, a->deciding_agency);
  EXPECT_GT(pa.received_at, 0);
  EXPECT_GT(pa.due_at, pa.received_at);
  EXPECT_EQ(pa.finished_at, 0);
  EXPECT_TRUE(pa.received && pa.live && pa.on_time && pa.fee && pa.by_data);
  EXPECT_FALSE(pa.online || pa.paid_online || pa.files || pa.finished_here);
  const PeriodDossier& pb = seen.at(b->code);
  EXPECT_TRUE(pb.fee && pb.paid_online && pb.files);
  const PeriodDossier& pc = seen.at(c->code);
  EXPECT_FALSE(pc.fee || pc.by_data || pc.files);

  // As many of each as the counters count.
  const ServiceCounters counters = Count(kFrom, kTo, kFrom);
  ASSERT_EQ(counters.dossiers.size(), 1U);
  const ProcedureCounters& r = counters.dossiers[0];
  auto how_many = [&](auto pick) {
    std::int64_t n = 0;
    for (const auto& [_, d] : seen) {
      n += pick(d) ? 1 : 0;
    }
    return n;
  };
  EXPECT_EQ(how_many([](const PeriodDossier& d) { return d.received; }), r.received);
  EXPECT_EQ(how_many([](const PeriodDossier& d) { return d.received && d.fee; }), r.fee_bearing);
  EXPECT_EQ(how_many([](const PeriodDossier& d) { return d.received && d.fee && d.paid_online; }),
            r.paid_online);
  EXPECT_EQ(how_many([](const PeriodDossier& d) { return d.received && d.files; }), r.with_files);
  EXPECT_EQ(how_many([](const PeriodDossier& d) { return d.received && d.by_data; }), r.by_data);
  EXPECT_EQ(how_many([](const PeriodDossier& d) { return d.received && d.live && d.on_time; }),
            r.progress_on_time);
  // Judged a year later, each is open past its due time.
  for (const auto& [_, d] : visit(kFrom + 365 * 24 * 3600)) {
    EXPECT_FALSE(d.on_time) << d.code;
  }

  auto tx = tdb_->db().BeginRead();
  auto briefs = DossierBriefs(tx, {b->id.value(), 999999});
  ASSERT_EQ(briefs.size(), 1U);
  EXPECT_EQ(briefs[0].id, b->id.value());
  EXPECT_EQ(briefs[0].code, b->code);
  EXPECT_EQ(briefs[0].procedure_code, "1.001193");
}

INSTANTIATE_TEST_SUITE_P(Engines, ServiceCountersTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::onestop
