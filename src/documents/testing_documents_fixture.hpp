// Fixture of the documents module's database tests: a fresh database (SQLite, and PostgreSQL
// when CQDT_TEST_PG is set) with every table the module needs, two agencies, a few staff
// accounts, and the services on a fake clock. Derive: `class MyTest : public DocumentsFixture {};`
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "db/testing.hpp"
#include "document_repository.hpp"
#include "documents/register_service.hpp"
#include "identity/identity_service.hpp"
#include "numbering/counter_service.hpp"
#include "org/agency_service.hpp"
#include "outgoing_repository.hpp"

namespace cqdt::documents::testing {

class DocumentsFixture : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam(), 6);
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    std::vector<db::Migration> all;
    for (auto ms : {numbering::Migrations(), audit::Migrations(), org::Migrations(),
                    identity::Migrations(), Migrations()}) {
      all.insert(all.end(), ms.begin(), ms.end());
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), all).Apply());
    identity_ = std::make_unique<identity::IdentityService>(tdb_->db(), audit_, agencies_, clock_);
    registers_ =
        std::make_unique<RegisterService>(audit_, agencies_, *identity_, counters_, clock_);
    auto tx = tdb_->db().Begin();
    agency_ = MakeAgency(tx, "000.00.01.H01", "So Noi vu");
    other_agency_ = MakeAgency(tx, "000.00.02.H01", "So Tu phap");
    ASSERT_TRUE(tx.Commit());
  }

  AgencyId MakeAgency(db::Transaction& tx, const std::string& code, const std::string& name) {
    org::AgencyInput in;
    in.code = code;
    in.name = name;
    in.short_name = "S";
    in.kind = "department";
    auto a = agencies_.Create(tx, actor_, in);
    EXPECT_TRUE(a) << a.error().message();
    return a ? a->id : AgencyId();
  }

  // A staff account (its password hash costs ~50 ms: create only the few a test needs).
  identity::User MakeUser(const std::string& username, AgencyId agency,
                          std::vector<std::string> roles) {
    identity::UserInput in;
    in.username = username;
    in.full_name = "Nguyen Van " + username;
    in.email = username + "@angiang.gov.vn";
    in.phone = "0912 345 678";
    in.agency_id = agency;
    in.roles = std::move(roles);
    in.password = "Anh-Giang-2026";
    auto u = identity_->CreateUser(actor_, in);
    EXPECT_TRUE(u) << u.error().message();
    return u ? *u : identity::User{};
  }

  static identity::Principal PrincipalOf(const identity::User& u) {
    identity::Principal p;
    p.realm = identity::Realm::kStaff;
    p.subject_id = u.id.value();
    p.username = u.username;
    p.full_name = u.full_name;
    p.agency_id = u.agency_id;
    p.roles = u.roles;
    return p;
  }

  // A stored document of `agency_` (committed in its own transaction).
  Document MakeDocument(Direction direction = Direction::kIncoming,
                        Confidentiality confidentiality = Confidentiality::kNone,
                        int type_ordinal = 18) {
    Document d;
    d.agency_id = agency_;
    d.direction = direction;
    d.state = direction == Direction::kIncoming ? "registered" : "draft";
    d.type_ordinal = type_ordinal;
    d.subject = "Ve viec to chuc hoi nghi";
    d.confidentiality = confidentiality;
    d.created_at = d.updated_at = ToUnixSeconds(clock_.Now());
    auto tx = tdb_->db().Begin();
    Document stored = DocumentRepository(tx).Insert(d);
    EXPECT_TRUE(tx.Commit());
    return stored;
  }

  // An outgoing document of `agency_` as the issue leaves it (numbered `number_text`), drafted by
  // `drafter`, signed by `signer`, addressed to `other_agency_` and to "Bộ Nội vụ" (free text);
  // `adjust` changes it before it is stored.
  Document NumberedOutgoing(UserId drafter, UserId signer,
                            const std::string& number_text = "01/QĐ-S",
                            const std::function<void(Document&)>& adjust = {}) {
    Document d;
    d.agency_id = agency_;
    d.direction = Direction::kOutgoing;
    d.state = "numbered";
    d.type_ordinal = 2;
    d.number = 1;
    d.notation = "QĐ-S";
    d.number_text = number_text;
    d.issued_date = "2025-11-26";
    d.subject = "Ve viec to chuc hoi nghi";
    d.signer_name = "Tran Lanh Dao";
    d.channel = Channel::kInternal;
    d.drafter_id = drafter;
    d.created_by = drafter;
    d.created_at = d.updated_at = ToUnixSeconds(clock_.Now());
    if (adjust) {
      adjust(d);
    }
    auto tx = tdb_->db().Begin();
    Document stored = DocumentRepository(tx).Insert(d);
    OutgoingRepository repo(tx);
    repo.SetSigner(stored.id, agency_, signer);
    repo.ReplaceRecipients(stored.id, agency_, {{other_agency_, ""}, {AgencyId(), "Bộ Nội vụ"}});
    EXPECT_TRUE(tx.Commit());
    return stored;
  }

  FakeClock clock_{FromUnixSeconds(1764200000)};  // 2025-11-26T23:33:20Z
  audit::AuditLog audit_{clock_};
  org::AgencyService agencies_{audit_, clock_};
  numbering::CounterService counters_;
  std::unique_ptr<identity::IdentityService> identity_;
  std::unique_ptr<RegisterService> registers_;
  audit::Actor actor_{UserId(), "cli", AgencyId(), "", ""};
  std::unique_ptr<db::testing::TestDatabase> tdb_;
  AgencyId agency_, other_agency_;
};

}  // namespace cqdt::documents::testing
