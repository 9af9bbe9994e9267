// The agencies' fee accounts on SQLite and PostgreSQL: set, read back, replaced; each field
// checked and named; administrators only; an unknown agency is not found.
#include <memory>

#include <gtest/gtest.h>

#include "db/testing.hpp"
#include "identity/identity_service.hpp"
#include "payment/payment_account.hpp"

namespace cqdt::payment {
namespace {

class PaymentAccountTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam(), 2);
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    std::vector<db::Migration> all;
    for (auto ms : {audit::Migrations(), org::Migrations(), identity::Migrations(), Migrations()}) {
      all.insert(all.end(), ms.begin(), ms.end());
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), all).Apply());
    auto tx = tdb_->db().Begin();
    org::AgencyInput in;
    in.code = "000.00.41.H01";
    in.name = "UBND phường Rạch Giá";
    in.short_name = "RG";
    in.kind = "commune";
    auto a = agencies_.Create(tx, actor_, in);
    ASSERT_TRUE(a) << a.error().message();
    ward_ = a->id;
    ASSERT_TRUE(tx.Commit());
    admin_.realm = identity::Realm::kStaff;
    admin_.subject_id = 1;
    admin_.username = "quantri";
    admin_.roles = {identity::Role::kAdmin};
    clerk_ = admin_;
    clerk_.roles = {identity::Role::kCounterOfficer};
    clerk_.agency_id = ward_;
  }

  PaymentAccount Valid() const {
    return {ward_, "970405", "Agribank", "7700201000123", "UBND PHUONG RACH GIA", 0, ""};
  }

  std::unique_ptr<db::testing::TestDatabase> tdb_;
  FakeClock clock_{FromUnixSeconds(1764200000)};
  audit::AuditLog audit_{clock_};
  org::AgencyService agencies_{audit_, clock_};
  PaymentAccountService accounts_{audit_, agencies_, clock_};
  audit::Actor actor_{UserId(1), "quantri", AgencyId(), "", ""};
  identity::Principal admin_, clerk_;
  AgencyId ward_;
};

TEST_P(PaymentAccountTest, AnAccountIsSetReadBackAndReplaced) {
  {
    auto tx = tdb_->db().Begin();
    auto none = accounts_.Get(tx, ward_);
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none);
    PaymentAccount in = Valid();
    in.bin = " 970405 ";
    auto saved = accounts_.Set(tx, admin_, actor_, in);
    ASSERT_TRUE(saved) << saved.error().message();
    EXPECT_EQ(saved->bin, "970405");  // trimmed
    EXPECT_EQ(saved->updated_by, "quantri");
    EXPECT_EQ(saved->updated_at, 1764200000);
    ASSERT_TRUE(tx.Commit());
  }
  {
    auto tx = tdb_->db().Begin();
    auto read = accounts_.Get(tx, ward_);
    ASSERT_TRUE(read && *read);
    PaymentAccount expected = Valid();
    expected.updated_at = 1764200000;
    expected.updated_by = "quantri";
    EXPECT_EQ(**read, expected);
    PaymentAccount other = Valid();
    other.account = "1234567890";
    ASSERT_TRUE(accounts_.Set(tx, admin_, actor_, other));
    EXPECT_EQ((*accounts_.Get(tx, ward_))->account, "1234567890");
    ASSERT_TRUE(tx.Commit());
  }
}

TEST_P(PaymentAccountTest, EachFieldIsCheckedAndOnlyAnAdministratorSetsIt) {
  auto tx = tdb_->db().Begin();
  EXPECT_EQ(accounts_.Set(tx, clerk_, actor_, Valid()).error().code(),
            ErrorCode::kPermissionDenied);
  PaymentAccount unknown = Valid();
  unknown.agency = AgencyId(9999);
  EXPECT_EQ(accounts_.Set(tx, admin_, actor_, unknown).error().code(), ErrorCode::kNotFound);
  auto bad = accounts_.Set(tx, admin_, actor_,
                           {ward_, "97040", "", "77-00", std::string(101, 'A'), 0, ""});
  ASSERT_FALSE(bad);
  std::vector<std::string> fields;
  for (const auto& e : bad.error().fields()) {
    fields.push_back(e.field);
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"bin", "account", "bankName", "accountName"}));
  EXPECT_FALSE(*accounts_.Get(tx, ward_));
}

INSTANTIATE_TEST_SUITE_P(Engines, PaymentAccountTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::payment
