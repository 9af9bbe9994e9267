// Drafts, the document store and online submission on SQLite and PostgreSQL (issue 13 item 3).
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "blob/memory_blob_store.hpp"
#include "db/testing.hpp"
#include "identity/identity_service.hpp"
#include "notify/outbox.hpp"
#include "numbering/counter_service.hpp"
#include "onestop/catalogue_service.hpp"
#include "onestop/dossier_service.hpp"
#include "portal/document_store.hpp"
#include "portal/draft_service.hpp"
#include "portal/form_service.hpp"
#include "portal/submission_service.hpp"

namespace cqdt::portal {
namespace {

using onestop::DossierAction;
using onestop::DossierState;

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, '\0');
const std::string kJpeg = std::string("\xff\xd8\xff\xe0", 4) + std::string(64, 'j');

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

onestop::ProcedureContent Birth() {
  using namespace onestop;
  ProcedureContent c;
  c.code = "1.001193";
  c.national_code = "1.001193";
  c.name = "Thủ tục đăng ký khai sinh";
  c.level = Level::kCommune;
  c.sector_code = "BTP-HOTICH";
  c.sector_name = "Hộ tịch";
  c.subjects = {Subject::kCitizen};
  c.channels = {{Channel::kDirect, {8, DeadlineUnit::kWorkingHours, ""}, {}, ""},
                {Channel::kOnline, {8, DeadlineUnit::kWorkingHours, ""}, {}, ""}};
  c.documents = {{"Tờ khai đăng ký khai sinh", 1, 0, true, false, "", ""},
                 {"Giấy chứng sinh", 1, 0, true, false, "", ""},
                 {"Giấy tờ tùy thân", 0, 1, true, true, "", ""}};
  c.result_name = "Giấy khai sinh";
  c.online_level = OnlineLevel::kFull;
  c.process = {{"Tiếp nhận", Performer::kCounter, 1},
               {"Xử lý", Performer::kOfficer, 5},
               {"Trả kết quả", Performer::kCounter, 1}};
  return c;
}

class OnlineTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam(), 4);
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    std::vector<db::Migration> all;
    for (auto ms :
         {numbering::Migrations(), audit::Migrations(), org::Migrations(), identity::Migrations(),
          notify::Migrations(), onestop::Migrations(), Migrations()}) {
      all.insert(all.end(), ms.begin(), ms.end());
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), all).Apply());
    identity_ = std::make_unique<identity::IdentityService>(tdb_->db(), audit_, agencies_, clock_);
    dossiers_ = std::make_unique<onestop::DossierService>(
        audit_, agencies_, *identity_, catalogue_, counters_, outbox_, blobs_, calendar_, clock_);
    forms_ = std::make_unique<FormService>(audit_, catalogue_, *identity_, clock_);
    drafts_ = std::make_unique<DraftService>(audit_, *forms_, catalogue_, clock_);
    store_ = std::make_unique<DocumentStore>(audit_, *dossiers_, blobs_, clock_);
    submissions_ = std::make_unique<SubmissionService>(audit_, *forms_, *drafts_, *store_,
                                                       *dossiers_, *identity_);
    admin_.realm = identity::Realm::kStaff;
    admin_.subject_id = 1;
    admin_.username = "quantri";
    admin_.roles = {identity::Role::kAdmin};
    {
      auto tx = tdb_->db().Begin();
      org::AgencyInput in;
      in.code = "000.00.31.H01";
      in.name = "UBND phường Rạch Giá";
      in.short_name = "RG";
      in.kind = "ward";
      auto a = agencies_.Create(tx, actor_, in);
      ASSERT_TRUE(a) << a.error().message();
      ward_ = a->id;
      ASSERT_TRUE(catalogue_.Publish(tx, admin_, actor_, Birth(), "2025-11-01"));
      ASSERT_TRUE(catalogue_.SetAgencies(tx, admin_, actor_, "1.001193", {ward_}));
      auto form = ParseFormDefinition(
          ReadFile(std::filesystem::path(CQDT_TESTDATA_DIR) / "birth-form.json"));
      ASSERT_TRUE(form) << form.error().message();
      ASSERT_TRUE(forms_->Set(tx, admin_, actor_, "1.001193", std::move(*form)));
      ASSERT_TRUE(tx.Commit());
    }
    identity::UserInput u;
    u.username = "motcua";
    u.full_name = "Nguyễn Văn Một Cửa";
    u.email = "motcua@angiang.gov.vn";
    u.agency_id = ward_;
    u.roles = {"counter_officer"};
    u.password = "Anh-Giang-2026";
    auto officer = identity_->CreateUser(actor_, u);
    ASSERT_TRUE(officer) << officer.error().message();
    counter_ = *officer;
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

  static audit::Actor A(const identity::Principal& p) {
    return {UserId(), p.username, AgencyId(), "", ""};
  }

  CitizenFile Upload(const identity::Principal& p, const std::string& name,
                     const std::string& bytes, bool in_store) {
    auto staged = store_->Stage(p, name, "", bytes);
    EXPECT_TRUE(staged) << staged.error().message();
    auto tx = tdb_->db().Begin();
    auto f = store_->Add(tx, A(p), p, *staged, in_store);
    EXPECT_TRUE(f) << f.error().message();
    EXPECT_TRUE(tx.Commit());
    return *f;
  }

  static FormAnswers Answers() {
    return {{"requesterName", "Nguyễn Thị Mai"},
            {"requesterId", "091095000123"},
            {"requesterPhone", "0912 345 678"},
            {"requesterAddress", "Phường Rạch Giá, tỉnh An Giang"},
            {"relationship", "me"},
            {"childName", "Nguyễn Văn Bình"},
            {"birthDate", "2025-11-20"},
            {"sex", "nam"},
            {"commitment", "true"}};
  }

  SubmissionInput Submission(const std::string& upload, const std::string& reused) {
    SubmissionInput in;
    in.procedure_code = "1.001193";
    in.agency = ward_;
    auto tx = tdb_->db().BeginRead();
    in.form_id = forms_->Current(tx, "1.001193")->id;
    in.answers = Answers();
    in.documents = {{2, {{upload, ""}}, false}, {3, {{reused, ""}}, false}};
    return in;
  }

  Result<Submitted> Submit(const identity::Principal& p, const SubmissionInput& in) {
    auto tx = tdb_->db().Begin();
    auto s = submissions_->Submit(tx, A(p), p, in);
    if (s) {
      EXPECT_TRUE(tx.Commit());
    }
    return s;
  }

  Result<onestop::Dossier> Act(const std::string& code, DossierAction a, std::string reason = "") {
    auto tx = tdb_->db().Begin();
    onestop::ActionInput in;
    in.action = a;
    in.reason = std::move(reason);
    const audit::Actor actor{counter_.id, counter_.username, ward_, "", ""};
    auto d = dossiers_->Act(tx, actor, identity::StaffPrincipalOf(counter_), code, in);
    if (d) {
      EXPECT_TRUE(tx.Commit());
    }
    return d;
  }

  std::int64_t DeskNotices() {
    auto tx = tdb_->db().BeginRead();
    auto page = outbox_.ListForRecipient(tx, notify::Recipient::User(counter_.id), false, 50, 0);
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
  std::unique_ptr<FormService> forms_;
  std::unique_ptr<DraftService> drafts_;
  std::unique_ptr<DocumentStore> store_;
  std::unique_ptr<SubmissionService> submissions_;
  audit::Actor actor_{UserId(), "cli", AgencyId(), "", ""};
  identity::Principal admin_, mai_, lan_;
  identity::User counter_;
  AgencyId ward_;
};

TEST_P(OnlineTest, AFormKeepsItsVersionsAndPrefillsFromTheAccount) {
  auto tx = tdb_->db().Begin();
  auto current = forms_->Current(tx, "1.001193");
  ASSERT_TRUE(current);
  EXPECT_EQ(current->number, 1);
  // The same definition again writes nothing; another is version 2.
  auto same = forms_->Set(tx, admin_, actor_, "1.001193", current->definition);
  ASSERT_TRUE(same);
  EXPECT_FALSE(same->second);
  FormDefinition changed = current->definition;
  changed.title = "Tờ khai đăng ký khai sinh (sửa đổi)";
  auto next = forms_->Set(tx, admin_, actor_, "1.001193", changed);
  ASSERT_TRUE(next);
  EXPECT_TRUE(next->second);
  EXPECT_EQ(next->first.number, 2);
  EXPECT_EQ(forms_->Get(tx, current->id)->definition, current->definition);
  EXPECT_EQ(forms_->Set(tx, mai_, actor_, "1.001193", changed).error().code(),
            ErrorCode::kPermissionDenied);
  changed.documents = {9};
  EXPECT_EQ(forms_->Set(tx, admin_, actor_, "1.001193", changed).error().fields()[0].field,
            "documents[0]");
  EXPECT_EQ(forms_->Current(tx, "9.999999").error().code(), ErrorCode::kNotFound);
  auto prefill = forms_->PrefillFor(tx, mai_, next->first);
  ASSERT_TRUE(prefill) << prefill.error().message();
  EXPECT_EQ(prefill->at("requesterName"), "Nguyễn Thị Mai");
  EXPECT_EQ(prefill->at("requesterId"), "091095000123");
  EXPECT_EQ(forms_->PrefillFor(tx, admin_, next->first).error().code(),
            ErrorCode::kPermissionDenied);
}

TEST_P(OnlineTest, DraftsAreTheirOwnersAndBounded) {
  DraftInput in;
  in.procedure_code = "1.001193";
  in.agency = ward_;
  in.answers = {{"childName", "Bé 2"}};
  in.documents = {{2, {{"u5", "giay-chung-sinh.pdf"}}, false}};
  DraftId id;
  {
    auto tx = tdb_->db().Begin();
    auto d = drafts_->Create(tx, A(mai_), mai_, in);
    ASSERT_TRUE(d) << d.error().message();
    id = d->id;
    ASSERT_TRUE(tx.Commit());
  }
  {
    auto tx = tdb_->db().Begin();
    in.answers["sex"] = "nu";
    auto saved = drafts_->Save(tx, A(mai_), mai_, id, in);
    ASSERT_TRUE(saved) << saved.error().message();
    EXPECT_EQ(saved->answers.size(), 2u);
    ASSERT_TRUE(tx.Commit());
  }
  {
    auto tx = tdb_->db().BeginRead();
    auto d = drafts_->Get(tx, mai_, id);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->answers.at("sex"), "nu");
    EXPECT_EQ(d->documents, in.documents);
    EXPECT_EQ(d->procedure_name, "Thủ tục đăng ký khai sinh");
    EXPECT_EQ(drafts_->Get(tx, lan_, id).error().code(), ErrorCode::kNotFound);
    EXPECT_EQ(drafts_->Get(tx, admin_, id).error().code(), ErrorCode::kNotFound);
    EXPECT_TRUE(drafts_->List(tx, lan_)->empty());
  }
  // Unknown fields and foreign file ids are named; by data only where the catalogue allows.
  auto tx = tdb_->db().Begin();
  DraftInput bad = in;
  bad.answers["shoeSize"] = "42";
  bad.documents = {{2, {{"x5", ""}}, true}};
  auto refused = drafts_->Create(tx, A(mai_), mai_, bad);
  ASSERT_FALSE(refused);
  std::vector<std::string> fields;
  for (const auto& e : refused.error().fields()) {
    fields.push_back(e.field);
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"form.shoeSize", "documents[0].byData",
                                              "documents[0].files"}));
  for (int i = 1; i < kMaxDrafts; ++i) {
    ASSERT_TRUE(drafts_->Create(tx, A(mai_), mai_, in));
  }
  EXPECT_EQ(drafts_->Create(tx, A(mai_), mai_, in).error().code(), ErrorCode::kConflict);
  EXPECT_TRUE(drafts_->Delete(tx, A(mai_), mai_, id));
  EXPECT_EQ(drafts_->Delete(tx, A(lan_), lan_, DraftId(id.value() + 1)).error().code(),
            ErrorCode::kNotFound);
}

TEST_P(OnlineTest, UploadsMustBeWhatTheyClaim) {
  EXPECT_TRUE(store_->Stage(mai_, "anh.png", "image/png", kPng));
  EXPECT_TRUE(store_->Stage(mai_, "anh.jpg", "", kJpeg));
  // A PNG named .pdf, a JPEG sent as PNG, a text file, a TIFF, nothing: refused.
  auto named = store_->Stage(mai_, "giay-to.pdf", "", kPng);
  ASSERT_FALSE(named);
  EXPECT_EQ(named.error().fields()[0].field, "file");
  EXPECT_EQ(named.error().fields()[0].code, "claim");
  EXPECT_EQ(store_->Stage(mai_, "anh", "image/png", kJpeg).error().fields()[0].code, "claim");
  EXPECT_EQ(store_->Stage(mai_, "x.pdf", "", "not a pdf at all").error().code(),
            ErrorCode::kUnsupported);
  EXPECT_EQ(store_->Stage(mai_, "x.tif", "", std::string("II*\0", 4) + "tiff").error().code(),
            ErrorCode::kUnsupported);
  EXPECT_EQ(store_->Stage(mai_, "x.png", "", "").error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(store_->Stage(admin_, "x.png", "", kPng).error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(ClaimMismatch("a.PDF", "application/octet-stream", "application/pdf"), "");
  EXPECT_NE(ClaimMismatch("a.txt", "image/jpeg; q=1", "image/png"), "");
}

TEST_P(OnlineTest, ASubmissionTakesAnUploadAndAReusedFileInOneTransaction) {
  const CitizenFile upload = Upload(mai_, "giay-chung-sinh.png", kPng, false);
  const CitizenFile kept = Upload(mai_, "cccd.jpg", kJpeg, true);
  DraftId draft;
  {
    auto tx = tdb_->db().Begin();
    DraftInput in;
    in.procedure_code = "1.001193";
    auto d = drafts_->Create(tx, A(mai_), mai_, in);
    ASSERT_TRUE(d);
    draft = d->id;
    ASSERT_TRUE(tx.Commit());
  }
  // Another citizen cannot name Mai's files.
  auto foreign = Submit(lan_, Submission(upload.id, kept.id));
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().fields()[0].field, "documents[0].files");
  // Wrong answers: every wrong field named, nothing written.
  SubmissionInput wrong = Submission(upload.id, kept.id);
  wrong.draft = draft;
  wrong.answers.erase("childName");
  wrong.answers["requesterPhone"] = "12";
  auto refused = Submit(mai_, wrong);
  ASSERT_FALSE(refused);
  ASSERT_EQ(refused.error().fields().size(), 2u);
  EXPECT_EQ(refused.error().fields()[0].field, "form.requesterPhone");
  EXPECT_EQ(refused.error().fields()[1].field, "form.childName");
  // A required document missing: the desk's rule names it.
  SubmissionInput missing = Submission(upload.id, kept.id);
  missing.documents.pop_back();
  EXPECT_EQ(Submit(mai_, missing).error().fields()[0].field, "documents");
  {
    auto tx = tdb_->db().BeginRead();
    EXPECT_TRUE(dossiers_->CitizenDossiers(tx, mai_)->empty());
    EXPECT_TRUE(store_->Find(tx, mai_, upload.id));
    EXPECT_TRUE(drafts_->Get(tx, mai_, draft));
  }
  // A stale form version is a conflict (the page reloads the form).
  SubmissionInput stale = Submission(upload.id, kept.id);
  stale.form_id = FormId(stale.form_id->value() + 100);
  EXPECT_EQ(Submit(mai_, stale).error().code(), ErrorCode::kConflict);

  SubmissionInput in = Submission(upload.id, kept.id);
  in.draft = draft;
  auto submitted = Submit(mai_, in);
  ASSERT_TRUE(submitted) << submitted.error().message() << " "
                         << (submitted.error().fields().empty()
                                 ? ""
                                 : submitted.error().fields()[0].field);
  const onestop::Dossier& d = submitted->dossier;
  EXPECT_EQ(d.state, DossierState::kNew);
  EXPECT_EQ(d.applicant.name, "Nguyễn Thị Mai");
  EXPECT_EQ(d.applicant.phone, "0912345678");
  EXPECT_EQ(d.applicant.address, "Phường Rạch Giá, tỉnh An Giang");
  ASSERT_EQ(d.files.size(), 2u);
  EXPECT_FALSE(d.files[0].reused);
  EXPECT_TRUE(d.files[1].reused);
  EXPECT_TRUE(d.files[0].citizen.IsSet());
  EXPECT_TRUE(d.checklist[0].provided);  // the e-form is the declaration
  EXPECT_FALSE(d.checklist[1].reused);
  EXPECT_TRUE(d.checklist[2].reused);
  EXPECT_EQ(DeskNotices(), 1);
  {
    auto tx = tdb_->db().BeginRead();
    EXPECT_FALSE(store_->Find(tx, mai_, upload.id));  // now the dossier's file
    EXPECT_FALSE(drafts_->Get(tx, mai_, draft));
    auto view = submissions_->View(tx, mai_, d.code);
    ASSERT_TRUE(view);
    ASSERT_TRUE(view->form);
    EXPECT_EQ(view->form->answers.at("childName"), "Nguyễn Văn Bình");
    EXPECT_EQ(submissions_->View(tx, lan_, d.code).error().code(), ErrorCode::kNotFound);
    auto staff = submissions_->FormOf(tx, identity::StaffPrincipalOf(counter_), d.code);
    ASSERT_TRUE(staff);
    ASSERT_TRUE(*staff);
    EXPECT_EQ((*staff)->form.number, 1);
    EXPECT_EQ(submissions_->FormOf(tx, mai_, d.code).error().code(), ErrorCode::kNotFound);
    // The store lists the dossier's files too, each bytes once.
    auto listed = store_->List(tx, mai_);
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ((*listed)[0].id, kept.id);
    EXPECT_EQ((*listed)[1].source, StoreSource::kDocument);
    EXPECT_EQ((*listed)[1].dossier_code, d.code);
    EXPECT_TRUE(store_->Content(tx, mai_, (*listed)[1].id));
    EXPECT_FALSE(store_->Content(tx, lan_, (*listed)[1].id));
    EXPECT_TRUE(store_->List(tx, lan_)->empty());
    // The next form of this procedure starts from this one.
    auto prefill = forms_->PrefillFor(tx, mai_, *forms_->Current(tx, "1.001193"));
    ASSERT_TRUE(prefill);
    EXPECT_EQ(prefill->at("relationship"), "me");
    EXPECT_EQ(prefill->at("requesterAddress"), "Phường Rạch Giá, tỉnh An Giang");
  }
  // The desk accepts: the citizen sees the code and the appointment.
  auto accepted = Act(d.code, DossierAction::kAccept);
  ASSERT_TRUE(accepted) << accepted.error().message();
  auto tx = tdb_->db().BeginRead();
  auto mine = submissions_->Mine(tx, mai_);
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].code, accepted->code);
  auto view = submissions_->View(tx, mai_, accepted->code);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->dossier.dossier.state, DossierState::kReceived);
  EXPECT_GT(view->dossier.dossier.appointment_at, 0);
  EXPECT_EQ(view->dossier.timeline.back().action, "accept");
}

TEST_P(OnlineTest, ASupplementIsAnsweredOnlineAndGoesBackToTheDesk) {
  const CitizenFile upload = Upload(mai_, "giay-chung-sinh.png", kPng, false);
  SubmissionInput in = Submission(upload.id, "");
  in.documents[1] = {3, {}, true};  // the ID card: the state's data
  auto submitted = Submit(mai_, in);
  ASSERT_TRUE(submitted) << submitted.error().message();
  const std::string code = submitted->dossier.code;
  ASSERT_TRUE(Act(code, DossierAction::kRequestSupplement, "Giấy chứng sinh bị mờ."));
  const CitizenFile again = Upload(mai_, "giay-chung-sinh-ro.jpg", kJpeg, false);
  SupplementInput answer;
  answer.note = "Gửi bản chụp rõ hơn.";
  answer.documents = {{2, {{again.id, ""}}, false}};
  {
    auto tx = tdb_->db().Begin();
    EXPECT_EQ(submissions_->AnswerSupplement(tx, A(lan_), lan_, code, answer).error().code(),
              ErrorCode::kNotFound);
  }
  auto tx = tdb_->db().Begin();
  auto answered = submissions_->AnswerSupplement(tx, A(mai_), mai_, code, answer);
  ASSERT_TRUE(answered) << answered.error().message();
  EXPECT_EQ(answered->state, DossierState::kNew);  // back to the desk's acceptance
  EXPECT_EQ(answered->files.back().kind, onestop::DossierFileKind::kSupplement);
  auto twice = submissions_->AnswerSupplement(tx, A(mai_), mai_, code, answer);
  ASSERT_FALSE(twice);  // the upload was consumed, and nothing is asked any more
  ASSERT_TRUE(tx.Commit());
  EXPECT_EQ(DeskNotices(), 2);
  auto rtx = tdb_->db().BeginRead();
  auto view = submissions_->View(rtx, mai_, code);
  ASSERT_TRUE(view);
  const auto& events = view->dossier.timeline;
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events[events.size() - 2].note, "Giấy chứng sinh bị mờ.");
  EXPECT_EQ(events.back().action, "resubmit");
}

INSTANTIATE_TEST_SUITE_P(Engines, OnlineTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::portal
