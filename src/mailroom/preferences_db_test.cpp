#include <filesystem>
#include <set>
#include <stdexcept>

#include <gtest/gtest.h>

#include "core/message_catalog.hpp"
#include "db/migrator.hpp"
#include "db/testing.hpp"
#include "mailroom/preferences.hpp"
#include "mailroom/schema.hpp"

namespace cqdt::mailroom {
namespace {

const std::string kKey = "0123456789abcdef0123456789abcdef-test-key";

std::vector<MailTemplate> Shipped() {
  auto loaded = TemplateStore::LoadDefaults(
      (std::filesystem::path(CQDT_TESTDATA_DIR).parent_path() / "settings" / "mail-templates.json")
          .string());
  EXPECT_TRUE(loaded);
  return loaded ? *loaded : std::vector<MailTemplate>{};
}

const notify::Recipient kUser = notify::Recipient::User(UserId(7));
const notify::Recipient kOtherUser = notify::Recipient::User(UserId(8));
const notify::Recipient kCitizen = notify::Recipient::Citizen(CitizenId(7));

const Preference* Find(const std::vector<Preference>& list, const std::string& kind) {
  for (const Preference& p : list) {
    if (p.kind == kind) {
      return &p;
    }
  }
  return nullptr;
}

class PreferencesTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam(), 4);
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), Migrations()).Apply());
  }

  Status Set(const notify::Recipient& r, const std::string& kind, bool enabled) {
    auto tx = tdb_->db().Begin();
    Status st = prefs_.Set(tx, r, kind, enabled, 1772420400);
    if (st) {
      EXPECT_TRUE(tx.Commit());
    }
    return st;
  }

  bool Wants(const notify::Recipient& r, const std::string& kind) {
    auto tx = tdb_->db().BeginRead();
    return prefs_.Wants(tx, r, kind);
  }

  std::vector<Preference> List(const notify::Recipient& r) {
    auto tx = tdb_->db().BeginRead();
    return prefs_.List(tx, r);
  }

  TemplateStore templates_{Shipped()};
  Preferences prefs_{templates_, kKey};
  std::unique_ptr<db::testing::TestDatabase> tdb_;
};

TEST_P(PreferencesTest, EachAudienceSeesItsKindsAllOnAtFirst) {
  const auto staff = List(kUser);
  const auto citizen = List(kCitizen);
  std::set<std::string> staff_kinds, citizen_kinds;
  for (const Preference& p : staff) {
    EXPECT_TRUE(p.enabled) << p.kind;
    EXPECT_FALSE(p.required) << p.kind << ": no staff notice is legally required";
    EXPECT_FALSE(p.name_vi.empty());
    EXPECT_FALSE(p.name_en.empty());
    staff_kinds.insert(p.kind);
  }
  for (const Preference& p : citizen) {
    EXPECT_TRUE(p.enabled) << p.kind;
    citizen_kinds.insert(p.kind);
  }
  EXPECT_EQ(staff_kinds,
            (std::set<std::string>{"documents.assigned", "documents.due_soon", "documents.overdue",
                                   "documents.review_requested", "documents.submitted",
                                   "mail.digest", "onestop.online_submitted", "onestop.overdue",
                                   "onestop.step_assigned"}));
  EXPECT_EQ(citizen_kinds,
            (std::set<std::string>{"feedback.answered", "onestop.apology", "onestop.fee_paid",
                                   "onestop.received", "onestop.result_ready", "onestop.supplement",
                                   "proactive.offer"}));
  EXPECT_TRUE(Find(citizen, "onestop.received")->required);
  EXPECT_TRUE(Find(citizen, "onestop.supplement")->required);
  EXPECT_TRUE(Find(citizen, "onestop.result_ready")->required);
  EXPECT_TRUE(Find(citizen, "onestop.apology")->required);
  EXPECT_FALSE(Find(citizen, "onestop.fee_paid")->required);
  EXPECT_EQ(Find(citizen, "onestop.received")->name_vi, "Hồ sơ đã được tiếp nhận");
}

TEST_P(PreferencesTest, TurningAKindOffAndOnAgain) {
  EXPECT_TRUE(Wants(kUser, "documents.due_soon"));
  ASSERT_TRUE(Set(kUser, "documents.due_soon", false));
  EXPECT_FALSE(Wants(kUser, "documents.due_soon"));
  EXPECT_FALSE(Find(List(kUser), "documents.due_soon")->enabled);
  EXPECT_TRUE(Find(List(kUser), "documents.overdue")->enabled);

  // Only that person, only that kind.
  EXPECT_TRUE(Wants(kOtherUser, "documents.due_soon"));
  EXPECT_TRUE(Wants(kUser, "documents.overdue"));
  EXPECT_TRUE(Wants(kCitizen, "documents.due_soon"));

  ASSERT_TRUE(Set(kUser, "documents.due_soon", true));
  EXPECT_TRUE(Wants(kUser, "documents.due_soon"));
  EXPECT_TRUE(Find(List(kUser), "documents.due_soon")->enabled);

  ASSERT_TRUE(Set(kCitizen, "onestop.fee_paid", false));
  EXPECT_FALSE(Wants(kCitizen, "onestop.fee_paid"));
  EXPECT_FALSE(Find(List(kCitizen), "onestop.fee_paid")->enabled);
}

TEST_P(PreferencesTest, RequiredNoticesCannotBeTurnedOff) {
  for (const char* kind :
       {"onestop.received", "onestop.supplement", "onestop.result_ready", "onestop.apology"}) {
    SCOPED_TRACE(kind);
    const Status st = Set(kCitizen, kind, false);
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code(), ErrorCode::kInvalidArgument);
    ASSERT_EQ(st.error().fields().size(), 1U);
    EXPECT_EQ(st.error().fields()[0].field, "kind");
    EXPECT_EQ(st.error().fields()[0].code, "required");
    EXPECT_EQ(Localize(st.error().fields()[0].message, Language::kEnglish),
              "This notice is required by law and cannot be turned off.");
    EXPECT_TRUE(Wants(kCitizen, kind));
    EXPECT_TRUE(Find(List(kCitizen), kind)->enabled);
    EXPECT_TRUE(Set(kCitizen, kind, true)) << "turning it on is no error";
  }
}

TEST_P(PreferencesTest, OnlyTheRecipientsOwnKindsCanBeChosen) {
  for (const auto& [recipient, kind] :
       std::vector<std::pair<notify::Recipient, std::string>>{{kUser, "onestop.fee_paid"},
                                                              {kCitizen, "documents.assigned"},
                                                              {kUser, "*"},
                                                              {kUser, "documents.commented"},
                                                              {kUser, ""}}) {
    SCOPED_TRACE(kind);
    const Status st = Set(recipient, kind, false);
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(st.error().fields()[0].field, "kind");
    EXPECT_EQ(st.error().fields()[0].code, "unknown");
    EXPECT_EQ(Localize(st.error().fields()[0].message, Language::kEnglish),
              "This kind of notice is not one of those you can choose.");
  }
  const Status st = Set(notify::Recipient::User(UserId(0)), "documents.assigned", false);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().fields()[0].field, "recipient");
}

TEST_P(PreferencesTest, ATokenLeadsBackToItsRecipientAndKind) {
  for (const notify::Recipient& r :
       {kUser, kCitizen, notify::Recipient::User(UserId(9'000'000'000'000'000'000LL))}) {
    const std::string token = prefs_.Token(r, "documents.due_soon");
    auto parsed = prefs_.ParseToken(token);
    ASSERT_TRUE(parsed) << token;
    EXPECT_EQ(parsed->first, r);
    EXPECT_EQ(parsed->second, "documents.due_soon");
  }
  // The opt-out link, end to end: the token's (recipient, kind) is what Set turns off.
  auto parsed = prefs_.ParseToken(prefs_.Token(kUser, "mail.digest"));
  ASSERT_TRUE(parsed);
  ASSERT_TRUE(Set(parsed->first, parsed->second, false));
  EXPECT_FALSE(Wants(kUser, "mail.digest"));
  EXPECT_TRUE(Wants(kCitizen, "mail.digest"));
}

INSTANTIATE_TEST_SUITE_P(Engines, PreferencesTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

// ---------------------------------------------------------------------------------------------
// The opt-out token (no database).

class PreferencesTokenTest : public ::testing::Test {
 protected:
  TemplateStore templates_{Shipped()};
  Preferences prefs_{templates_, kKey};
};

TEST_F(PreferencesTokenTest, TokensAreUrlSafeAndDistinct) {
  std::set<std::string> seen;
  for (const notify::Recipient& r : {kUser, kOtherUser, kCitizen}) {
    for (const char* kind : {"documents.due_soon", "documents.overdue"}) {
      const std::string token = prefs_.Token(r, kind);
      for (char c : token) {
        EXPECT_TRUE((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_')
            << token;
      }
      EXPECT_TRUE(seen.insert(token).second);
      EXPECT_EQ(prefs_.Token(r, kind), token) << "deterministic";
    }
  }
}

TEST_F(PreferencesTokenTest, ForgedOrMalformedTokensGetOneAnswer) {
  const std::string good = prefs_.Token(kUser, "documents.due_soon");
  std::vector<std::string> bad = {"",
                                  "a",
                                  good + "A",
                                  good.substr(1),
                                  good + "=",
                                  std::string(300, 'A'),
                                  "dTo3OmRvY3VtZW50cy5kdWVfc29vbg"};  // "u:7:documents.due_soon"
  // Every single character changed.
  for (std::size_t i = 0; i < good.size(); ++i) {
    std::string t = good;
    t[i] = t[i] == 'A' ? 'B' : 'A';
    bad.push_back(t);
  }
  // Made under another key.
  const Preferences other(templates_, "another key of at least thirty-two bytes!");
  bad.push_back(other.Token(kUser, "documents.due_soon"));
  std::string message;
  for (const std::string& token : bad) {
    SCOPED_TRACE(token);
    auto parsed = prefs_.ParseToken(token);
    ASSERT_FALSE(parsed);
    EXPECT_EQ(parsed.error().code(), ErrorCode::kUnauthenticated);
    EXPECT_TRUE(parsed.error().fields().empty());
    if (message.empty()) {
      message = parsed.error().message();
    }
    EXPECT_EQ(parsed.error().message(), message);
  }
  EXPECT_EQ(message, "Liên kết hủy nhận thư không hợp lệ.");
  EXPECT_EQ(Localize(message, Language::kEnglish), "The unsubscribe link is not valid.");
}

TEST_F(PreferencesTokenTest, AWellSignedPayloadIsStillParsedStrictly) {
  // Tokens this code never makes (a kind with upper case, a zero id) are refused even when the
  // MAC is right: the key could be shared with an older version that made other payloads.
  for (const auto& [recipient, kind] : std::vector<std::pair<notify::Recipient, std::string>>{
           {notify::Recipient::User(UserId(0)), "documents.due_soon"},
           {notify::Recipient::User(UserId(-5)), "documents.due_soon"},
           {kUser, "Documents.Due"},
           {kUser, ""},
           {kUser, "a:b"}}) {
    SCOPED_TRACE(kind);
    EXPECT_FALSE(prefs_.ParseToken(prefs_.Token(recipient, kind)));
  }
}

TEST_F(PreferencesTokenTest, AShortKeyIsAWiringBug) {
  EXPECT_THROW(Preferences(templates_, std::string(31, 'k')), std::invalid_argument);
  EXPECT_NO_THROW(Preferences(templates_, std::string(32, 'k')));
}

}  // namespace
}  // namespace cqdt::mailroom
