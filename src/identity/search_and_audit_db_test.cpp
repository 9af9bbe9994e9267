// IdentityService: the user-list search and what failed logins leave in the audit trail. (Kept
// apart from identity_service_db_test.cpp, which covers accounts, sessions and tokens.)
#include <gtest/gtest.h>

#include "db/testing.hpp"
#include "identity/identity_service.hpp"

namespace cqdt::identity {
namespace {

class IdentitySearchAuditTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam());
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    std::vector<db::Migration> all;
    for (auto ms : {audit::Migrations(), org::Migrations(), Migrations()}) {
      all.insert(all.end(), ms.begin(), ms.end());
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), all).Apply());
    service_ = std::make_unique<IdentityService>(tdb_->db(), audit_, agencies_, clock_);
    auto tx = tdb_->db().Begin();
    org::AgencyInput in;
    in.code = "000.00.01.H01";
    in.name = "Sở Nội vụ";
    in.short_name = "SNV";
    in.kind = "department";
    agency_ = agencies_.Create(tx, actor_, in)->id;
    ASSERT_TRUE(tx.Commit());
  }
  void AddUser(const std::string& username, const std::string& full_name) {
    UserInput in;
    in.username = username;
    in.full_name = full_name;
    in.email = username + "@angiang.gov.vn";
    in.agency_id = agency_;
    in.roles = std::vector<std::string>{"officer"};
    in.password = "Anh-Giang-2026";
    ASSERT_TRUE(service_->CreateUser(actor_, in));
  }
  std::vector<std::string> Find(const std::string& q) {
    auto tx = tdb_->db().BeginRead();
    std::vector<std::string> out;
    for (const auto& u : service_->ListUsers(tx, AgencyId(), q)) {
      out.push_back(u.username);
    }
    return out;
  }

  FakeClock clock_{FromUnixSeconds(1764200000)};
  audit::AuditLog audit_{clock_};
  org::AgencyService agencies_{audit_, clock_};
  std::unique_ptr<IdentityService> service_;
  audit::Actor actor_{UserId(), "cli", AgencyId(), "", ""};
  AgencyId agency_;
  std::unique_ptr<db::testing::TestDatabase> tdb_;
};

TEST_P(IdentitySearchAuditTest, ListUsersFoldsVietnameseAndSortsByName) {
  AddUser("lan.pham", "Phạm Thị Lan");
  AddUser("an.dang", "Đặng Văn An");
  AddUser("hoa.duong", "Dương Thị Hoa");
  EXPECT_EQ(Find("pham"), std::vector<std::string>{"lan.pham"});
  EXPECT_EQ(Find("PHẠM THỊ"), std::vector<std::string>{"lan.pham"});
  EXPECT_EQ(Find("dang van"), std::vector<std::string>{"an.dang"});
  EXPECT_EQ(Find("thi"), (std::vector<std::string>{"hoa.duong", "lan.pham"}));
  // Vietnamese dictionary order of the full names: D < Đ < P.
  EXPECT_EQ(Find(""), (std::vector<std::string>{"hoa.duong", "an.dang", "lan.pham"}));
  EXPECT_TRUE(Find("\xC3\x28").empty());
}

TEST_P(IdentitySearchAuditTest, FailedLoginKeepsABoundedEscapedUsername) {
  std::string with_nul("admin\0' OR 1=1 --", 17);
  std::string huge(15000, 'A');
  for (const auto& attempted : {with_nul, huge, std::string("\xC3\x28\x1b[2J")}) {
    auto r =
        service_->Login({Realm::kStaff, attempted, "wrong-password-1", "10.0.0.9", "t", "r", ""});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), ErrorCode::kUnauthenticated);
  }
  auto tx = tdb_->db().BeginRead();
  audit::Filter f;
  f.action = "auth.login_failed";
  auto page = audit_.List(tx, f);
  ASSERT_EQ(page->items.size(), 3u);
  for (const auto& e : page->items) {
    for (const std::string* v : {&e.actor, &e.entity_id}) {
      EXPECT_EQ(v->find('\0'), std::string::npos);
      EXPECT_EQ(v->find('\x1b'), std::string::npos);
      EXPECT_LE(v->size(), 64u * 4) << "bounded";
    }
  }
  // Newest first.
  EXPECT_EQ(page->items[0].actor, "\\xC3(\\x1B[2J");
  EXPECT_EQ(page->items[1].actor, std::string(63, 'A') + "…");
  EXPECT_EQ(page->items[2].actor, "admin\\x00' OR 1=1 --");
  EXPECT_EQ(page->items[2].entity_id, page->items[2].actor);
}

TEST_P(IdentitySearchAuditTest, LockingAndUnlockingAreAuditedWithTheButtonsWords) {
  AddUser("lan.pham", "Phạm Thị Lan");
  auto tx = tdb_->db().Begin();
  auto user = service_->ListUsers(tx, AgencyId(), "lan.pham").at(0);
  UserInput lock;
  lock.disabled = true;
  ASSERT_TRUE(service_->UpdateUser(tx, actor_, user.id, lock));
  UserInput unlock;
  unlock.disabled = false;
  ASSERT_TRUE(service_->UpdateUser(tx, actor_, user.id, unlock));
  auto page = audit_.List(tx, {});
  ASSERT_GE(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].action, "user.enable");
  EXPECT_EQ(page->items[0].summary, "Sửa tài khoản lan.pham; mở khóa tài khoản");
  EXPECT_EQ(page->items[1].action, "user.disable");
  EXPECT_EQ(page->items[1].summary, "Sửa tài khoản lan.pham; khóa tài khoản");
}

INSTANTIATE_TEST_SUITE_P(Engines, IdentitySearchAuditTest,
                         ::testing::ValuesIn(db::testing::Engines()), db::testing::EngineName);

}  // namespace
}  // namespace cqdt::identity
