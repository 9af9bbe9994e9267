#include <gtest/gtest.h>

#include "db/testing.hpp"
#include "identity/identity_service.hpp"

namespace cqdt::identity {
namespace {

constexpr char kPassword[] = "Anh-Giang-2026";

class IdentityServiceTest : public ::testing::TestWithParam<std::string> {
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
    options_.account_max_failures = 3;
    service_ = std::make_unique<IdentityService>(tdb_->db(), audit_, agencies_, clock_, options_);
    auto tx = tdb_->db().Begin();
    agency_a_ = MakeAgency(tx, "000.00.01.H01", "Sở Nội vụ");
    agency_b_ = MakeAgency(tx, "000.00.02.H01", "Sở Tư pháp");
    ASSERT_TRUE(tx.Commit());
  }
  AgencyId MakeAgency(db::Transaction& tx, const std::string& code, const std::string& name) {
    org::AgencyInput in;
    in.code = code;
    in.name = name;
    in.short_name = "S";
    in.kind = "department";
    return agencies_.Create(tx, actor_, in)->id;
  }
  UserInput Officer(const std::string& username, AgencyId agency) {
    UserInput in;
    in.username = username;
    in.full_name = "Nguyễn Văn An";
    in.email = username + "@angiang.gov.vn";
    in.phone = "0912 345 678";
    in.agency_id = agency;
    in.roles = std::vector<std::string>{"officer"};
    in.password = kPassword;
    return in;
  }
  LoginRequest Login(const std::string& u, const std::string& p,
                     const std::string& ip = "10.0.0.1") {
    return {Realm::kStaff, u, p, ip, "test", "req", ""};
  }

  FakeClock clock_{FromUnixSeconds(1764200000)};
  audit::AuditLog audit_{clock_};
  org::AgencyService agencies_{audit_, clock_};
  IdentityOptions options_;
  std::unique_ptr<IdentityService> service_;
  audit::Actor actor_{UserId(), "cli", AgencyId(), "", ""};
  AgencyId agency_a_, agency_b_;
  std::unique_ptr<db::testing::TestDatabase> tdb_;
};

TEST_P(IdentityServiceTest, CreateUserValidatesEveryField) {
  UserInput in;
  in.username = "Bad Name";
  in.email = "x";
  in.phone = "12";
  in.agency_id = AgencyId(999);
  in.roles = std::vector<std::string>{"citizen"};
  in.password = "short";
  auto r = service_->CreateUser(actor_, in);
  ASSERT_FALSE(r);
  std::set<std::string> fields;
  for (const auto& f : r.error().fields()) {
    fields.insert(f.field);
  }
  EXPECT_EQ(fields, (std::set<std::string>{"username", "fullName", "email", "phone", "agencyId",
                                           "roles", "password"}));
}

TEST_P(IdentityServiceTest, TheSystemRoleIsNeverGivenToAPerson) {
  auto in = Officer("an.nv", agency_a_);
  in.roles = std::vector<std::string>{"officer", "system"};
  auto created = service_->CreateUser(actor_, in);
  ASSERT_FALSE(created);
  ASSERT_EQ(created.error().fields().size(), 1u);
  EXPECT_EQ(created.error().fields()[0].field, "roles");
  EXPECT_EQ(created.error().fields()[0].code, "not_for_people");
  auto u = *service_->CreateUser(actor_, Officer("an.nv", agency_a_));
  auto tx = tdb_->db().Begin();
  UserInput patch;
  patch.roles = std::vector<std::string>{"system"};
  auto updated = service_->UpdateUser(tx, actor_, u.id, patch);
  ASSERT_FALSE(updated);
  EXPECT_EQ(updated.error().fields().at(0).code, "not_for_people");
}

TEST_P(IdentityServiceTest, DuplicateUsernameIsConflict) {
  ASSERT_TRUE(service_->CreateUser(actor_, Officer("an.nv", agency_a_)));
  auto r = service_->CreateUser(actor_, Officer("an.nv", agency_b_));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(r.error().fields().at(0).field, "username");
}

TEST_P(IdentityServiceTest, LoginOpensSessionAndLogoutEndsIt) {
  ASSERT_TRUE(service_->CreateUser(actor_, Officer("an.nv", agency_a_)));
  auto bad = service_->Login(Login("an.nv", "wrong-password-1"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::kUnauthenticated);
  auto unknown = service_->Login(Login("nobody", kPassword));
  EXPECT_EQ(unknown.error().message(), bad.error().message());  // no user enumeration
  auto ok = service_->Login(Login("an.nv", kPassword));
  ASSERT_TRUE(ok) << ok.error().message();
  EXPECT_EQ(ok->principal.agency_id, agency_a_);
  EXPECT_FALSE(ok->principal.csrf_token.empty());
  auto p = service_->Authenticate(ok->token);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->username, "an.nv");
  EXPECT_EQ(p->csrf_token, ok->principal.csrf_token);
  ASSERT_TRUE(service_->Logout(ok->token, actor_));
  EXPECT_FALSE(service_->Authenticate(ok->token));
}

TEST_P(IdentityServiceTest, SessionsExpireWhenIdleAndAbsolutely) {
  ASSERT_TRUE(service_->CreateUser(actor_, Officer("an.nv", agency_a_)));
  auto s = *service_->Login(Login("an.nv", kPassword));
  clock_.Advance(std::chrono::seconds(29 * 60));
  EXPECT_TRUE(service_->Authenticate(s.token));
  clock_.Advance(std::chrono::seconds(31 * 60));
  EXPECT_FALSE(service_->Authenticate(s.token));
  auto s2 = *service_->Login(Login("an.nv", kPassword));
  for (int i = 0; i < 25; ++i) {  // active every 29 minutes, still cut at 12 hours
    clock_.Advance(std::chrono::seconds(29 * 60));
    if (i < 24) {
      EXPECT_TRUE(service_->Authenticate(s2.token)) << i;
    }
  }
  EXPECT_FALSE(service_->Authenticate(s2.token));
}

TEST_P(IdentityServiceTest, LoginRotatesAndLogoutEverywhereEndsAll) {
  ASSERT_TRUE(service_->CreateUser(actor_, Officer("an.nv", agency_a_)));
  auto first = *service_->Login(Login("an.nv", kPassword));
  auto req = Login("an.nv", kPassword);
  req.previous_token = first.token;
  auto second = *service_->Login(req);
  EXPECT_NE(first.token, second.token);
  EXPECT_FALSE(service_->Authenticate(first.token));
  auto third = *service_->Login(Login("an.nv", kPassword));
  ASSERT_TRUE(service_->LogoutEverywhere(third.principal, actor_));
  EXPECT_FALSE(service_->Authenticate(second.token));
  EXPECT_FALSE(service_->Authenticate(third.token));
}

TEST_P(IdentityServiceTest, ChangingThePasswordEndsTheOtherSessionsOnly) {
  ASSERT_TRUE(service_->CreateUser(actor_, Officer("an.nv", agency_a_)));
  auto here = *service_->Login(Login("an.nv", kPassword));
  auto phone = *service_->Login(Login("an.nv", kPassword, "10.0.0.2"));
  auto laptop = *service_->Login(Login("an.nv", kPassword, "10.0.0.3"));
  ASSERT_TRUE(service_->Authenticate(phone.token));  // cached: must be forgotten too
  ASSERT_TRUE(service_->ChangePassword(here.principal, actor_,
                                       {kPassword, "ba con vịt bơi qua sông", here.token}));
  EXPECT_TRUE(service_->Authenticate(here.token));
  EXPECT_FALSE(service_->Authenticate(phone.token));
  EXPECT_FALSE(service_->Authenticate(laptop.token));
  EXPECT_FALSE(service_->Login(Login("an.nv", kPassword)));
  EXPECT_TRUE(service_->Login(Login("an.nv", "ba con vịt bơi qua sông")));
}

TEST_P(IdentityServiceTest, WrongCurrentPasswordsAreThrottledAndAudited) {
  ASSERT_TRUE(service_->CreateUser(actor_, Officer("an.nv", agency_a_)));
  auto s = *service_->Login(Login("an.nv", kPassword));
  for (int i = 0; i < 3; ++i) {  // account_max_failures is 3 in this fixture
    auto wrong = service_->ChangePassword(
        s.principal, actor_,
        {"doan-sai-" + std::to_string(i) + "-xyz", "ba con vịt bơi qua sông", s.token});
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().fields().at(0).field, "currentPassword");
  }
  // Even the right password is refused now, and the login form shares the budget.
  auto blocked = service_->ChangePassword(s.principal, actor_,
                                          {kPassword, "ba con vịt bơi qua sông", s.token});
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code(), ErrorCode::kRateLimited);
  EXPECT_GT(service_->PasswordRetryAfter(s.principal).count(), 0);
  EXPECT_EQ(service_->Login(Login("an.nv", kPassword)).error().code(), ErrorCode::kRateLimited);
  auto tx = tdb_->db().BeginRead();
  audit::Filter f;
  f.action = "auth.change_password_failed";
  auto page = audit_.List(tx, f);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total, 3);
}

TEST_P(IdentityServiceTest, AnAdministratorsPasswordMustBeReplacedAtTheNextSignIn) {
  auto u = *service_->CreateUser(actor_, Officer("an.nv", agency_a_));
  EXPECT_TRUE(u.password_change_required);
  auto first = *service_->Login(Login("an.nv", kPassword));
  EXPECT_TRUE(first.principal.password_change_required);
  EXPECT_TRUE(service_->Authenticate(first.token)->password_change_required);
  // Keeping the administrator's password is not a change.
  auto same =
      service_->ChangePassword(first.principal, actor_, {kPassword, kPassword, first.token});
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().fields().at(0).code, "unchanged");
  ASSERT_TRUE(service_->ChangePassword(first.principal, actor_,
                                       {kPassword, "ba con vịt bơi qua sông", first.token}));
  EXPECT_FALSE(service_->Authenticate(first.token)->password_change_required);
  // A reset by an administrator asks again.
  ASSERT_TRUE(service_->ResetPassword(actor_, u.id, "mây trắng bay qua cầu tre"));
  auto after_reset = *service_->Login(Login("an.nv", "mây trắng bay qua cầu tre"));
  EXPECT_TRUE(after_reset.principal.password_change_required);
  // An account whose holder chose the password (the demo data) is not asked.
  auto own = Officer("binh.tt", agency_a_);
  own.password_change_required = false;
  ASSERT_TRUE(service_->CreateUser(actor_, own));
  EXPECT_FALSE(service_->Login(Login("binh.tt", kPassword))->principal.password_change_required);
}

TEST_P(IdentityServiceTest, PasswordsTypedInAnotherUnicodeFormAreTheSame) {
  // "Mật khẩu mới của tôi" precomposed (NFC) at creation, decomposed (NFD) at login.
  auto in = Officer("an.nv", agency_a_);
  in.password = "Mật khẩu mới của tôi";
  ASSERT_TRUE(service_->CreateUser(actor_, in));
  const std::string nfd =
      "Ma\xCC\xA3\xCC\x82t kha\xCC\x82\xCC\x89u mo\xCC\x9B\xCC\x81i cu\xCC\x89"
      "a to\xCC\x82i";
  ASSERT_NE(nfd, *in.password);
  EXPECT_TRUE(service_->Login(Login("an.nv", nfd)));
}

TEST_P(IdentityServiceTest, ThrottlesRepeatedFailures) {
  ASSERT_TRUE(service_->CreateUser(actor_, Officer("an.nv", agency_a_)));
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(service_->Login(Login("an.nv", "wrong-password-1")).error().code(),
              ErrorCode::kUnauthenticated);
  }
  auto blocked = service_->Login(Login("an.nv", kPassword));
  ASSERT_FALSE(blocked);
  EXPECT_EQ(blocked.error().code(), ErrorCode::kRateLimited);
  EXPECT_NE(blocked.error().message().find("phút"), std::string::npos);
  EXPECT_GT(service_->RetryAfter(Login("an.nv", "")).count(), 0);
  clock_.Advance(std::chrono::seconds(15 * 60 + 1));
  EXPECT_TRUE(service_->Login(Login("an.nv", kPassword)));
}

TEST_P(IdentityServiceTest, DisablingEndsSessionsAndBlocksLogin) {
  auto u = *service_->CreateUser(actor_, Officer("an.nv", agency_a_));
  auto s = *service_->Login(Login("an.nv", kPassword));
  {
    auto tx = tdb_->db().Begin();
    UserInput patch;
    patch.disabled = true;
    ASSERT_TRUE(service_->UpdateUser(tx, actor_, u.id, patch));
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_FALSE(service_->Authenticate(s.token));
  EXPECT_EQ(service_->Login(Login("an.nv", kPassword)).error().code(),
            ErrorCode::kPermissionDenied);
}

TEST_P(IdentityServiceTest, SessionCachedDuringTheDisablingTransactionEndsAtCommit) {
  auto u = *service_->CreateUser(actor_, Officer("an.nv", agency_a_));
  auto s = *service_->Login(Login("an.nv", kPassword));
  ASSERT_TRUE(service_->Authenticate(s.token));  // cached
  auto tx = tdb_->db().Begin();
  UserInput patch;
  patch.disabled = true;
  ASSERT_TRUE(service_->UpdateUser(tx, actor_, u.id, patch));
  // Another request, before the commit, still sees the enabled account and caches it again.
  ASSERT_TRUE(service_->Authenticate(s.token));
  ASSERT_TRUE(tx.Commit());
  EXPECT_FALSE(service_->AuthenticateCached(s.token));
  EXPECT_FALSE(service_->Authenticate(s.token));
}

// Two instances on one database (issue 16): a session cached by B ends on B at once when A logs
// it out, locks the account or resets its password (the session epoch moved in A's
// transaction), without waiting for B's cache to expire.
TEST_P(IdentityServiceTest, SessionEndedOnAnotherInstanceEndsAtOnce) {
  IdentityService other(tdb_->db(), audit_, agencies_, clock_, options_);
  auto u = *service_->CreateUser(actor_, Officer("an.nv", agency_a_));
  auto s1 = *service_->Login(Login("an.nv", kPassword));
  ASSERT_TRUE(other.Authenticate(s1.token));  // cached on B
  ASSERT_TRUE(other.Authenticate(s1.token));
  ASSERT_TRUE(service_->Logout(s1.token, actor_));
  EXPECT_FALSE(other.Authenticate(s1.token));

  auto s2 = *service_->Login(Login("an.nv", kPassword));
  ASSERT_TRUE(other.Authenticate(s2.token));
  auto tx = tdb_->db().Begin();
  UserInput patch;
  patch.disabled = true;
  ASSERT_TRUE(service_->UpdateUser(tx, actor_, u.id, patch));
  ASSERT_TRUE(tx.Commit());
  EXPECT_FALSE(other.Authenticate(s2.token));
  // The I/O thread's path, which never reads the database, trusts B's last check for at most a
  // second.
  clock_.Advance(std::chrono::seconds(1));
  EXPECT_FALSE(other.AuthenticateCached(s2.token));
}

TEST_P(IdentityServiceTest, ApiTokensAuthenticateUntilRevoked) {
  auto tx = tdb_->db().Begin();
  ApiTokenInput in;
  in.name = "LGSP";
  in.scopes = std::vector<std::string>{"agencies:read"};
  in.agency_id = agency_a_;
  auto issued = service_->IssueApiToken(tx, actor_, in);
  ASSERT_TRUE(issued);
  in.scopes = std::vector<std::string>{"everything"};
  EXPECT_EQ(service_->IssueApiToken(tx, actor_, in).error().fields().at(0).field, "scopes");
  ASSERT_TRUE(tx.Commit());
  auto p = service_->AuthenticateApiToken(issued->secret);
  ASSERT_TRUE(p);
  EXPECT_TRUE(Authorizer::CanReadAgencies(*p));
  EXPECT_FALSE(Authorizer::CanReadUsersOf(*p, agency_a_));
  auto tx2 = tdb_->db().Begin();
  ASSERT_TRUE(service_->RevokeApiToken(tx2, actor_, issued->token.id));
  ASSERT_TRUE(tx2.Commit());
  EXPECT_FALSE(service_->AuthenticateApiToken(issued->secret));
}

TEST_P(IdentityServiceTest, CitizensSignUpAndLogInTheirOwnRealm) {
  CitizenInput in;
  in.full_name = "Trần Thị Bình";
  in.citizen_id_number = "091095000456";
  in.phone = "0987654321";
  in.password = kPassword;
  EXPECT_EQ(*service_->SignUpCitizen(actor_, in), SignUpOutcome::kCreated);
  auto staff = service_->Login(Login("091095000456", kPassword));
  EXPECT_FALSE(staff);  // not a staff account
  EXPECT_NE(staff.error().message().find("Tên đăng nhập"), std::string::npos);
  auto wrong =
      service_->Login({Realm::kCitizen, "091095000456", "sai-mat-khau-x", "10.0.0.1", "", "", ""});
  ASSERT_FALSE(wrong);
  // A citizen has no "tên đăng nhập": the message names what they typed.
  EXPECT_EQ(wrong.error().message(), "Số định danh cá nhân hoặc mật khẩu không đúng.");
  auto citizen =
      service_->Login({Realm::kCitizen, "091095000456", kPassword, "10.0.0.1", "", "", ""});
  ASSERT_TRUE(citizen);
  EXPECT_TRUE(citizen->principal.Has(Role::kCitizen));
  EXPECT_FALSE(Authorizer::CanReadAgencies(citizen->principal));
}

TEST_P(IdentityServiceTest, SigningUpAgainWithARegisteredNumberChangesNothing) {
  CitizenInput in;
  in.full_name = "Trần Thị Bình";
  in.citizen_id_number = "091095000456";
  in.phone = "0987654321";
  in.password = kPassword;
  ASSERT_EQ(*service_->SignUpCitizen(actor_, in), SignUpOutcome::kCreated);
  CitizenInput intruder = in;
  intruder.full_name = "Kẻ Giả Mạo";
  intruder.phone = "0911111111";
  intruder.password = "mây trắng bay qua cầu tre";
  EXPECT_EQ(*service_->SignUpCitizen(actor_, intruder), SignUpOutcome::kAlreadyRegistered);
  // The holder's password and name stay; the intruder's password opens nothing.
  auto holder =
      service_->Login({Realm::kCitizen, "091095000456", kPassword, "10.0.0.1", "", "", ""});
  ASSERT_TRUE(holder);
  EXPECT_EQ(holder->principal.full_name, "Trần Thị Bình");
  EXPECT_FALSE(service_->Login(
      {Realm::kCitizen, "091095000456", "mây trắng bay qua cầu tre", "10.0.0.1", "", "", ""}));
  auto tx = tdb_->db().BeginRead();
  audit::Filter f;
  f.action = "citizen.sign_up_repeated";
  EXPECT_EQ(audit_.List(tx, f)->total, 1);
}

TEST(CitizenIdTest, TwelveDigitsWithProvinceCode) {
  EXPECT_TRUE(IsValidCitizenIdNumber("091095000123"));
  EXPECT_FALSE(IsValidCitizenIdNumber("12345"));
  EXPECT_FALSE(IsValidCitizenIdNumber("000095000123"));
  EXPECT_FALSE(IsValidCitizenIdNumber("099095000123"));
  EXPECT_FALSE(IsValidCitizenIdNumber("09109500012a"));
  EXPECT_TRUE(IsValidCitizenIdNumber("089095000777"));  // An Giang
  EXPECT_TRUE(IsValidCitizenIdNumber("001095000123"));  // Hà Nội
}

TEST(CitizenIdTest, AnUnknownProvinceCodeHasItsOwnReason) {
  // 003 lies between Hà Giang (002) and Cao Bằng (004): twelve digits, but no province.
  auto wrong = CheckCitizenIdNumber("003095000123");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->code, "province");
  EXPECT_NE(wrong->message.find("Mã tỉnh 003"), std::string::npos);
  EXPECT_EQ(wrong->message.find("12 chữ số"), std::string::npos);
  EXPECT_EQ(CheckCitizenIdNumber("099095000123")->code, "province");
  EXPECT_EQ(CheckCitizenIdNumber("12345")->code, "format");
  EXPECT_FALSE(CheckCitizenIdNumber("091095000123"));
}

TEST(AuthorizerTest, ScopesStaffToTheirAgency) {
  Principal leader;
  leader.realm = Realm::kStaff;
  leader.agency_id = AgencyId(1);
  leader.roles = {Role::kLeader};
  EXPECT_TRUE(Authorizer::CanManageUnits(leader, AgencyId(1)));
  EXPECT_FALSE(Authorizer::CanManageUnits(leader, AgencyId(2)));
  EXPECT_TRUE(Authorizer::CanReadUsersOf(leader, AgencyId(1)));
  EXPECT_FALSE(Authorizer::CanReadUsersOf(leader, AgencyId(2)));
  EXPECT_FALSE(Authorizer::CanManageUsers(leader));
  Principal admin = leader;
  admin.roles = {Role::kAdmin};
  EXPECT_TRUE(Authorizer::CanReadUsersOf(admin, AgencyId(2)));
  EXPECT_TRUE(Authorizer::CanManageAgencies(admin));
}

INSTANTIATE_TEST_SUITE_P(Engines, IdentityServiceTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::identity
