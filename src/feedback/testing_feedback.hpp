// The feedback services on SQLite and PostgreSQL, as the db tests use them: a ward and another
// agency with their staff, a directory of dossiers standing in for onestop's (the check digits
// and the facts each test sets), the clock of a Thursday morning in Vietnam.
#pragma once

#include <map>
#include <memory>

#include <gtest/gtest.h>

#include "db/statement.hpp"
#include "db/testing.hpp"
#include "feedback/dossier_directory.hpp"
#include "feedback/migrations.hpp"
#include "feedback/petition_service.hpp"
#include "feedback/rating_service.hpp"
#include "identity/identity_service.hpp"
#include "notify/outbox.hpp"
#include "numbering/counter_service.hpp"

namespace cqdt::feedback {

// Dossiers by code, each with the check digits that open it.
class FakeDossierDirectory final : public DossierDirectory {
 public:
  void Put(const DossierFacts& f, const std::string& check) { dossiers_[f.code] = {f, check}; }
  DossierFacts& At(const std::string& code) { return dossiers_.at(code).first; }

  Result<DossierFacts> ByCheck(db::Transaction&, const std::string& code,
                               const std::string& check) const override {
    if (check.size() != 4) {
      return Error::InvalidField("check", "format", "check");
    }
    auto it = dossiers_.find(code);
    if (it == dossiers_.end() || it->second.second != check) {
      return Error(ErrorCode::kNotFound, "miss");
    }
    return it->second.first;
  }
  Result<DossierFacts> ByCode(db::Transaction&, const std::string& code) const override {
    auto it = dossiers_.find(code);
    if (it == dossiers_.end()) {
      return Error::NotFound("hồ sơ", code);
    }
    return it->second.first;
  }

 private:
  std::map<std::string, std::pair<DossierFacts, std::string>> dossiers_;
};

class FeedbackTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam(), 4);
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    std::vector<db::Migration> all;
    for (auto ms : {numbering::Migrations(), audit::Migrations(), org::Migrations(),
                    identity::Migrations(), notify::Migrations(), Migrations()}) {
      all.insert(all.end(), ms.begin(), ms.end());
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), all).Apply());
    identity_ = std::make_unique<identity::IdentityService>(tdb_->db(), audit_, agencies_, clock_);
    ratings_ = std::make_unique<RatingService>(audit_, directory_, settings_, clock_);
    petitions_ =
        std::make_unique<PetitionService>(audit_, agencies_, *identity_, counters_, outbox_,
                                          directory_, calendar_, settings_, clock_);
    auto tx = tdb_->db().Begin();
    ward_ = MakeAgency(tx, "000.00.31.H01", "UBND phuong Rach Gia");
    other_ = MakeAgency(tx, "000.00.32.H01", "UBND xa Vinh Hoa");
    ASSERT_TRUE(tx.Commit());
    counter_ = MakeUser("motcua", ward_, {"counter_officer"});
    officer_ = MakeUser("chuyenvien", ward_, {"officer"});
    officer2_ = MakeUser("chuyenvien2", ward_, {"officer"});
    leader_ = MakeUser("lanhdao", ward_, {"leader"});
    stranger_ = MakeUser("lanhdao2", other_, {"leader"});
    admin_.realm = identity::Realm::kStaff;
    admin_.subject_id = 1;
    admin_.username = "quantri";
    admin_.roles = {identity::Role::kAdmin};
    citizen_.realm = identity::Realm::kCitizen;
    citizen_.subject_id = 7;
    citizen_.username = "091095000123";
    citizen_.full_name = "Lê Văn Dân";
    citizen_.roles = {identity::Role::kCitizen};
  }

  AgencyId MakeAgency(db::Transaction& tx, const std::string& code, const std::string& name) {
    org::AgencyInput in;
    in.code = code;
    in.name = name;
    in.short_name = "X";
    in.kind = "commune";
    auto a = agencies_.Create(tx, actor_, in);
    EXPECT_TRUE(a) << a.error().message();
    return a ? a->id : AgencyId();
  }

  identity::User MakeUser(const std::string& username, AgencyId agency,
                          std::vector<std::string> roles) {
    identity::UserInput in;
    in.username = username;
    in.full_name = "Nguyễn Văn " + username;
    in.email = username + "@angiang.gov.vn";
    in.agency_id = agency;
    in.roles = std::move(roles);
    in.password = "Anh-Giang-2026";
    auto u = identity_->CreateUser(actor_, in);
    EXPECT_TRUE(u) << u.error().message();
    return u ? *u : identity::User{};
  }

  // A dossier of the ward, finished (or not) an hour ago.
  DossierFacts Dossier(const std::string& code, std::int64_t id, bool finished = true,
                       bool late = false) {
    DossierFacts f;
    f.id = id;
    f.code = code;
    f.procedure_name = "Đăng ký khai sinh";
    f.receiving_agency = ward_;
    f.deciding_agency = ward_;
    f.agency_name = "UBND phuong Rach Gia";
    f.finished = finished;
    f.finished_at = finished ? Now() - 3600 : 0;
    f.late = late;
    directory_.Put(f, "5678");
    return f;
  }

  std::int64_t Now() const { return ToUnixSeconds(clock_.Now()); }
  static identity::Principal P(const identity::User& u) { return identity::StaffPrincipalOf(u); }
  static audit::Actor A(const identity::User& u) { return {u.id, u.username, u.agency_id, "", ""}; }
  static audit::Actor Anonymous() { return {UserId(), "anonymous", AgencyId(), "", ""}; }

  static std::vector<std::string> Fields(const Error& e) {
    std::vector<std::string> out;
    for (const auto& f : e.fields()) {
      out.push_back(f.field);
    }
    return out;
  }

  std::int64_t Count(const std::string& sql) {
    auto tx = tdb_->db().BeginRead();
    long long n = 0;
    tx.sql() << sql, soci::into(n);
    return n;
  }

  std::int64_t Notices(const std::string& kind) {
    return Count("SELECT COUNT(*) FROM notify_message WHERE kind = '" + kind + "'");
  }

  std::unique_ptr<db::testing::TestDatabase> tdb_;
  FakeClock clock_{FromUnixSeconds(1764208800)};  // Thursday 2025-11-27 09:00 in Vietnam
  WorkingCalendar calendar_;
  Settings settings_ = DefaultSettings();
  audit::AuditLog audit_{clock_};
  org::AgencyService agencies_{audit_, clock_};
  numbering::CounterService counters_;
  notify::Outbox outbox_{clock_};
  FakeDossierDirectory directory_;
  std::unique_ptr<identity::IdentityService> identity_;
  std::unique_ptr<RatingService> ratings_;
  std::unique_ptr<PetitionService> petitions_;
  audit::Actor actor_{UserId(), "cli", AgencyId(), "", ""};
  identity::Principal admin_, citizen_;
  AgencyId ward_, other_;
  identity::User counter_, officer_, officer2_, leader_, stranger_;
};

}  // namespace cqdt::feedback
