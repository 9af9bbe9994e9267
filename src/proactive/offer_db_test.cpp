// The proactive sweep and the citizen's offers on SQLite and PostgreSQL (issue 13 item 8): an
// offer is made once per (rule, dossier) within the rule's window, with its notice and, at level
// 2, its draft pre-filled from the earlier dossier; a citizen dismisses or opens only their own.
#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "blob/memory_blob_store.hpp"
#include "db/statement.hpp"
#include "db/testing.hpp"
#include "identity/identity_service.hpp"
#include "notify/outbox.hpp"
#include "numbering/counter_service.hpp"
#include "onestop/catalogue_service.hpp"
#include "onestop/dossier_service.hpp"
#include "portal/submission_service.hpp"
#include "proactive/offer_service.hpp"

namespace cqdt::proactive {
namespace {

onestop::ProcedureContent Marital() {
  using namespace onestop;
  ProcedureContent c;
  c.code = "1.004873";
  c.national_code = "1.004873";
  c.name = "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân";
  c.level = Level::kCommune;
  c.sector_code = "BTP-HOTICH";
  c.sector_name = "Hộ tịch";
  c.subjects = {Subject::kCitizen};
  c.channels = {{Channel::kDirect, {8, DeadlineUnit::kWorkingHours, ""}, {}, ""},
                {Channel::kOnline, {8, DeadlineUnit::kWorkingHours, ""}, {}, ""}};
  c.documents = {{"Tờ khai", 1, 0, false, false, "", ""},
                 {"Giấy xác nhận đã cấp trước đây", 1, 0, false, false, "", ""}};
  c.result_name = "Giấy xác nhận tình trạng hôn nhân";
  c.online_level = OnlineLevel::kFull;
  c.process = {{"Tiếp nhận", Performer::kCounter, 1}, {"Xử lý", Performer::kOfficer, 5}};
  return c;
}

RuleSet Rules() {
  Rule r;
  r.code = "marital-status-expires";
  r.level = 2;
  r.source_procedure = r.offer_procedure = "1.004873";
  r.valid_months = 6;
  r.lead_days = 30;
  r.offer_days_after = 60;
  r.reuse_result_as = 2;
  r.copy_fields = {"address", "request"};
  r.title = "Giấy xác nhận sắp hết hạn";
  r.title_en = "Certificate expires soon";
  r.notice = "Hồ sơ {dossier} hết hạn ngày {due}.";
  r.notice_en = "Dossier {dossier} expires on {due}.";
  return RuleSet{"test", {r}};
}

class OfferTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam(), 4);
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    std::vector<db::Migration> all;
    for (auto ms :
         {numbering::Migrations(), audit::Migrations(), org::Migrations(), identity::Migrations(),
          notify::Migrations(), onestop::Migrations(), portal::Migrations(), Migrations()}) {
      all.insert(all.end(), ms.begin(), ms.end());
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), all).Apply());
    identity_ = std::make_unique<identity::IdentityService>(tdb_->db(), audit_, agencies_, clock_);
    dossiers_ = std::make_unique<onestop::DossierService>(
        audit_, agencies_, *identity_, catalogue_, counters_, outbox_, blobs_, calendar_, clock_);
    forms_ = std::make_unique<portal::FormService>(audit_, catalogue_, *identity_, clock_);
    drafts_ = std::make_unique<portal::DraftService>(audit_, *forms_, catalogue_, clock_);
    store_ = std::make_unique<portal::DocumentStore>(audit_, *dossiers_, blobs_, clock_);
    submissions_ = std::make_unique<portal::SubmissionService>(audit_, *forms_, *drafts_, *store_,
                                                               *dossiers_, *identity_);
    offers_ = std::make_unique<OfferService>(audit_, outbox_, *forms_, *drafts_, *store_,
                                             *submissions_, rules_, clock_);
    identity::Principal admin;
    admin.realm = identity::Realm::kStaff;
    admin.subject_id = 1;
    admin.username = "quantri";
    admin.roles = {identity::Role::kAdmin};
    auto tx = tdb_->db().Begin();
    org::AgencyInput in;
    in.code = "000.00.31.H01";
    in.name = "UBND phường Rạch Giá";
    in.short_name = "RG";
    in.kind = "ward";
    auto a = agencies_.Create(tx, actor_, in);
    ASSERT_TRUE(a) << a.error().message();
    ward_ = a->id;
    ASSERT_TRUE(catalogue_.Publish(tx, admin, actor_, Marital(), "2025-11-01"));
    ASSERT_TRUE(catalogue_.SetAgencies(tx, admin, actor_, "1.004873", {ward_}));
    ASSERT_TRUE(tx.Commit());
    mai_ = Citizen("091095000123", "Nguyễn Thị Mai");
    lan_ = Citizen("091095000456", "Trần Thị Lan");
  }

  identity::Principal Citizen(const std::string& number, const std::string& name) {
    identity::CitizenInput in;
    in.full_name = name;
    in.citizen_id_number = number;
    in.phone = "0912345678";
    in.password = "Cong-Dan-An-Giang-2026";
    EXPECT_TRUE(identity_->SignUpCitizen(actor_, in));
    identity::LoginRequest login;
    login.realm = identity::Realm::kCitizen;
    login.username = number;
    login.password = "Cong-Dan-An-Giang-2026";
    auto session = identity_->Login(login);
    EXPECT_TRUE(session) << session.error().message();
    return session ? session->principal : identity::Principal{};
  }

  // Mai's dossier, submitted online and finished at `finished` (the desk's steps are onestop's
  // tests; here the row is set as they leave it).
  std::string Finished(std::int64_t finished, portal::FormAnswers answers = {}) {
    auto tx = tdb_->db().Begin();
    portal::SubmissionInput in;
    in.procedure_code = "1.004873";
    in.agency = ward_;
    in.form_id = form_id_;
    in.answers = {{"fullName", "Nguyễn Thị Mai"},    {"idNumber", "091095000123"},
                  {"phone", "0912345678"},           {"address", "Phường Rạch Giá"},
                  {"request", "Để đăng ký kết hôn"}, {"commitment", "true"}};
    for (auto& [name, value] : answers) {
      in.answers[name] = value;
    }
    auto s = submissions_->Submit(tx, {UserId(), "mai", AgencyId(), "", ""}, mai_, in);
    EXPECT_TRUE(s) << s.error().message();
    long long id = s->dossier.id.value(), at = finished;
    std::string code = "000.31.31.H01-251127-" + std::to_string(1000 + id);
    db::Run(tx,
            "UPDATE onestop_dossier SET state = 'returned', finished_at = :f, code = :c"
            " WHERE id = :i",
            soci::use(at), soci::use(code), soci::use(id));
    EXPECT_TRUE(tx.Commit());
    return code;
  }

  SweepReport Sweep() {
    auto tx = tdb_->db().Begin();
    auto r = offers_->Sweep(tx, actor_);
    EXPECT_TRUE(r) << r.error().message();
    EXPECT_TRUE(tx.Commit());
    return r ? *r : SweepReport{};
  }

  std::vector<Offer> Mine(const identity::Principal& p) {
    auto tx = tdb_->db().BeginRead();
    auto r = offers_->Mine(tx, p);
    EXPECT_TRUE(r) << r.error().message();
    return r ? *r : std::vector<Offer>{};
  }

  std::int64_t Notices(const identity::Principal& p) {
    auto tx = tdb_->db().BeginRead();
    auto page = outbox_.ListForRecipient(tx, notify::Recipient::Citizen(CitizenId(p.subject_id)),
                                         false, 50, 0);
    return page ? page->total : -1;
  }

  std::unique_ptr<db::testing::TestDatabase> tdb_;
  FakeClock clock_{FromUnixSeconds(1764208800)};  // Thursday 2025-11-27 09:00 in Vietnam
  WorkingCalendar calendar_;
  audit::AuditLog audit_{clock_};
  org::AgencyService agencies_{audit_, clock_};
  onestop::CatalogueService catalogue_{audit_, agencies_, clock_};
  numbering::CounterService counters_;
  notify::Outbox outbox_{clock_};
  blob::MemoryBlobStore blobs_;
  std::unique_ptr<identity::IdentityService> identity_;
  std::unique_ptr<onestop::DossierService> dossiers_;
  std::unique_ptr<portal::FormService> forms_;
  std::unique_ptr<portal::DraftService> drafts_;
  std::unique_ptr<portal::DocumentStore> store_;
  std::unique_ptr<portal::SubmissionService> submissions_;
  RuleSet rules_ = Rules();
  std::unique_ptr<OfferService> offers_;
  audit::Actor actor_{UserId(), "system", AgencyId(), "", ""};
  AgencyId ward_;
  std::optional<portal::FormId> form_id_;  // the form set by a test; else the default form
  identity::Principal mai_, lan_;
};

constexpr std::int64_t kDay = 86400;

TEST_P(OfferTest, AnOfferIsMadeOnceWithinTheWindowWithItsNoticeAndDraft) {
  const std::string code = Finished(1764208800);         // 2025-11-27: due 2026-05-27
  clock_.Set(FromUnixSeconds(1764208800 + 150 * kDay));  // 2026-04-26: before the lead time
  EXPECT_EQ(Sweep().offers, 0);
  EXPECT_TRUE(Mine(mai_).empty());
  clock_.Set(FromUnixSeconds(1764208800 + 152 * kDay));  // 2026-04-28
  SweepReport first = Sweep();
  EXPECT_EQ(first.offers, 1);
  EXPECT_EQ(first.drafts, 1);
  EXPECT_EQ(first.notices, 1);
  // Run again, later the same window: nothing more.
  EXPECT_EQ(Sweep().offers, 0);
  clock_.Set(FromUnixSeconds(1764208800 + 170 * kDay));
  EXPECT_EQ(Sweep().offers, 0);
  EXPECT_EQ(Notices(mai_), 1);
  auto mine = Mine(mai_);
  ASSERT_EQ(mine.size(), 1U);
  EXPECT_EQ(mine[0].source_dossier_code, code);
  EXPECT_EQ(mine[0].due_date, "2026-05-27");
  EXPECT_EQ(mine[0].notice, "Hồ sơ " + code + " hết hạn ngày 27/05/2026.");
  EXPECT_EQ(mine[0].state, OfferState::kOpen);
  ASSERT_TRUE(mine[0].draft.IsSet());
  {
    auto tx = tdb_->db().BeginRead();
    auto draft = drafts_->Get(tx, mai_, mine[0].draft);
    ASSERT_TRUE(draft) << draft.error().message();
    EXPECT_EQ(draft->procedure_code, "1.004873");
    EXPECT_EQ(draft->agency, ward_);
    EXPECT_EQ(draft->answers.at("request"), "Để đăng ký kết hôn");
    EXPECT_EQ(draft->answers.at("fullName"), "Nguyễn Thị Mai");
    EXPECT_EQ(draft->answers.count("commitment"), 0U);  // the citizen commits again
  }
  // Lan sees nothing of it.
  EXPECT_TRUE(Mine(lan_).empty());
  auto tx = tdb_->db().Begin();
  EXPECT_EQ(offers_->Dismiss(tx, actor_, lan_, mine[0].id).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(offers_->Open(tx, actor_, lan_, mine[0].id).error().code(), ErrorCode::kNotFound);
}

TEST_P(OfferTest, PastTheWindowNothingIsOffered) {
  Finished(1764208800);
  clock_.Set(FromUnixSeconds(1764208800 + 260 * kDay));  // 2026-08-14: past 2026-07-26
  EXPECT_EQ(Sweep().offers, 0);
}

TEST_P(OfferTest, DismissedAndReopenedADeletedDraftIsMadeAgain) {
  Finished(1764208800);
  clock_.Set(FromUnixSeconds(1764208800 + 160 * kDay));
  ASSERT_EQ(Sweep().offers, 1);
  Offer offer = Mine(mai_).at(0);
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(offers_->Dismiss(tx, actor_, mai_, offer.id));
    ASSERT_TRUE(drafts_->Delete(tx, actor_, mai_, offer.draft));
    ASSERT_TRUE(tx.Commit());
  }
  offer = Mine(mai_).at(0);
  EXPECT_EQ(offer.state, OfferState::kDismissed);
  EXPECT_FALSE(offer.draft.IsSet());
  auto tx = tdb_->db().Begin();
  auto opened = offers_->Open(tx, actor_, mai_, offer.id);
  ASSERT_TRUE(opened) << opened.error().message();
  EXPECT_TRUE(opened->draft.IsSet());
  EXPECT_EQ(opened->state, OfferState::kOpen);
  ASSERT_TRUE(tx.Commit());
  EXPECT_EQ(Mine(mai_).at(0).draft, opened->draft);
}

TEST_P(OfferTest, TwoSweepsAtOnceMakeOneOffer) {
  Finished(1764208800);
  clock_.Set(FromUnixSeconds(1764208800 + 160 * kDay));
  std::atomic<int> offers{0};
  auto sweep = [&] {
    auto tx = tdb_->db().Begin();
    auto r = offers_->Sweep(tx, actor_);
    if (r && tx.Commit()) {
      offers += r->offers;
    }
  };
  std::thread a(sweep), b(sweep);
  a.join();
  b.join();
  EXPECT_EQ(offers.load(), 1);
  EXPECT_EQ(Mine(mai_).size(), 1U);
  EXPECT_EQ(Notices(mai_), 1);
}

// A term the citizen registered (temporary residence: from a date, for some months) is read
// from the e-form once, as the dossier is seen finished; the offer follows that term, not the
// rule's longest one, and a dossier finished just before the last sweep but seen only after it
// (a late commit) is still read.
TEST_P(OfferTest, ATermFromTheFormSetsTheDueDate) {
  {
    auto tx = tdb_->db().Begin();
    auto form = portal::ParseFormDefinition(R"({"title": "Tờ khai", "sections": [{"title": "A",
      "fields": [
        {"name": "fullName", "label": "Họ tên", "type": "text", "required": true,
         "prefill": "profile.fullName", "applicant": "name"},
        {"name": "idNumber", "label": "Số định danh", "type": "idNumber", "required": true,
         "prefill": "profile.idNumber", "applicant": "idNumber"},
        {"name": "phone", "label": "Điện thoại", "type": "phone", "applicant": "phone"},
        {"name": "address", "label": "Địa chỉ", "type": "text"},
        {"name": "request", "label": "Nội dung", "type": "text"},
        {"name": "fromDate", "label": "Từ ngày", "type": "date", "required": true},
        {"name": "months", "label": "Số tháng", "type": "number", "integer": true, "min": 1,
         "max": 24, "required": true},
        {"name": "commitment", "label": "Cam đoan", "type": "checkbox", "required": true}]}]})");
    ASSERT_TRUE(form) << form.error().message();
    identity::Principal admin;
    admin.realm = identity::Realm::kStaff;
    admin.subject_id = 1;
    admin.roles = {identity::Role::kAdmin};
    auto set = forms_->Set(tx, admin, actor_, "1.004873", *form);
    ASSERT_TRUE(set) << set.error().message();
    form_id_ = set->first.id;
    ASSERT_TRUE(tx.Commit());
  }
  Rule& rule = rules_.rules.at(0);
  rule.kind = EventKind::kObligationDue;
  rule.valid_months = 24;
  rule.term_start_field = "fromDate";
  rule.term_months_field = "months";
  // Finished 2025-11-27, registered from 2025-12-01 for 3 months: due 2026-03-01 (the longest
  // term would give 2027-11-27).
  const std::string code = Finished(1764208800, {{"fromDate", "2025-12-01"}, {"months", "3"}});
  EXPECT_EQ(Sweep().offers, 0);  // read and kept, not yet due
  const std::int64_t swept = 1764208800 + 10 * kDay;
  clock_.Set(FromUnixSeconds(swept));
  EXPECT_EQ(Sweep().offers, 0);
  // Seen only now, finished half an hour before the last sweep: 2025-12-07 for 4 months.
  const std::string late = Finished(swept - 1800, {{"fromDate", "2025-12-07"}, {"months", "4"}});
  clock_.Set(FromUnixSeconds(1764208800 + 64 * kDay));  // 2026-01-30: due 2026-03-01 less 30
  SweepReport first = Sweep();
  EXPECT_EQ(first.offers, 1);
  EXPECT_EQ(first.drafts, 1);
  EXPECT_EQ(Sweep().offers, 0);
  clock_.Set(FromUnixSeconds(1764208800 + 101 * kDay));  // 2026-03-08: 2026-04-07 less 30
  EXPECT_EQ(Sweep().offers, 1);
  auto mine = Mine(mai_);
  ASSERT_EQ(mine.size(), 2U);
  EXPECT_EQ(mine[1].source_dossier_code, code);
  EXPECT_EQ(mine[1].due_date, "2026-03-01");
  EXPECT_EQ(mine[0].source_dossier_code, late);
  EXPECT_EQ(mine[0].due_date, "2026-04-07");
  EXPECT_EQ(Notices(mai_), 2);
}

INSTANTIATE_TEST_SUITE_P(Engines, OfferTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::proactive
