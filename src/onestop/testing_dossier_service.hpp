// The dossier service on SQLite and PostgreSQL, as the db tests of dossiers use it: a ward
// and another agency, a counter officer, an officer, a leader and a stranger, the demo
// procedures published, the calendar and clock of a Thursday morning in Vietnam.
#pragma once

#include <memory>

#include <gtest/gtest.h>

#include "blob/memory_blob_store.hpp"
#include "db/testing.hpp"
#include "identity/identity_service.hpp"
#include "notify/outbox.hpp"
#include "numbering/counter_service.hpp"
#include "onestop/dossier_service.hpp"
#include "onestop/dossier_statistics.hpp"
#include "sql_dossier_repository.hpp"
#include "testing_procedures.hpp"

namespace cqdt::onestop {

// The smallest PNG: a 1x1 image is enough for the content check.
inline const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, '\0');

class DossierServiceTest : public ::testing::TestWithParam<std::string> {
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
    service_ = std::make_unique<DossierService>(audit_, agencies_, *identity_, catalogue_,
                                                counters_, outbox_, blobs_, calendar_, clock_);
    auto tx = tdb_->db().Begin();
    ward_ = MakeAgency(tx, "000.00.31.H01", "UBND phuong Rach Gia");
    other_ = MakeAgency(tx, "000.00.32.H01", "UBND xa Vinh Hoa");
    ASSERT_TRUE(tx.Commit());
    counter_ = MakeUser("motcua", ward_, {"counter_officer"});
    officer_ = MakeUser("chuyenvien", ward_, {"officer"});
    leader_ = MakeUser("lanhdao", ward_, {"leader"});
    stranger_ = MakeUser("motcua2", other_, {"counter_officer"});
    admin_.realm = identity::Realm::kStaff;
    admin_.subject_id = 1;
    admin_.username = "quantri";
    admin_.roles = {identity::Role::kAdmin};
    ProcedureContent c = testing::BirthRegistration();
    c.process = {{"Tiếp nhận", Performer::kCounter, 1},
                 {"Thẩm tra", Performer::kOfficer, 4},
                 {"Ký duyệt", Performer::kLeader, 2},
                 {"Trả kết quả", Performer::kCounter, 1}};
    auto ptx = tdb_->db().Begin();
    ASSERT_TRUE(catalogue_.Publish(ptx, admin_, actor_, c, "2025-11-01"));
    ASSERT_TRUE(ptx.Commit());
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
    EXPECT_TRUE(u) << u.error().message() << " "
                   << (u.error().fields().empty() ? "" : u.error().fields()[0].message);
    return u ? *u : identity::User{};
  }

  static identity::Principal P(const identity::User& u) { return identity::StaffPrincipalOf(u); }
  static audit::Actor A(const identity::User& u) { return {u.id, u.username, u.agency_id, "", ""}; }

  ReceiveInput Birth() {
    ReceiveInput in;
    in.procedure_code = "1.001193";
    in.applicant.name = "Trần Thị Bé";
    in.applicant.id_number = "091234567890";
    in.applicant.phone = "0912345678";
    in.documents = {{1, true, false, {}, {}}, {2, false, true, {}, {}}};
    return in;
  }

  Result<Dossier> Receive(const ReceiveInput& in, const identity::User& who) {
    auto tx = tdb_->db().Begin();
    auto d = service_->Receive(tx, A(who), P(who), in);
    if (d) {
      EXPECT_TRUE(tx.Commit());
    }
    return d;
  }

  Result<Dossier> Act(const std::string& code, const identity::User& who, ActionInput in) {
    auto tx = tdb_->db().Begin();
    auto d = service_->Act(tx, A(who), P(who), code, in);
    if (d) {
      EXPECT_TRUE(tx.Commit());
    }
    return d;
  }

  static ActionInput Do(DossierAction a, std::string reason = "") {
    ActionInput in;
    in.action = a;
    in.reason = std::move(reason);
    return in;
  }

  std::unique_ptr<db::testing::TestDatabase> tdb_;
  FakeClock clock_{FromUnixSeconds(1764208800)};  // Thursday 2025-11-27 09:00 in Vietnam
  WorkingCalendar calendar_;
  audit::AuditLog audit_{clock_};
  org::AgencyService agencies_{audit_, clock_};
  CatalogueService catalogue_{audit_, agencies_, clock_};
  numbering::CounterService counters_;
  notify::Outbox outbox_{clock_};
  blob::MemoryBlobStore blobs_;
  std::unique_ptr<identity::IdentityService> identity_;
  std::unique_ptr<DossierService> service_;
  audit::Actor actor_{UserId(), "cli", AgencyId(), "", ""};
  identity::Principal admin_;  // publishes the procedures
  AgencyId ward_, other_;
  identity::User counter_, officer_, leader_, stranger_;
};

}  // namespace cqdt::onestop
