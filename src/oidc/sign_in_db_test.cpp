// The sign-in flow on SQLite and PostgreSQL against a provider faked at the HTTP boundary: the
// citizen linked by the ID number claim (created once, reused after), the state taken once, bound
// to its browser and to a time, the provider's refusals and forged tokens refused and audited,
// the JWKS fetched again for a rotated key (not for every made-up kid), claims from UserInfo.
#include <map>
#include <memory>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "crypto/crypto.hpp"
#include "crypto/test_jws.hpp"
#include "db/testing.hpp"
#include "oidc/sign_in.hpp"
#include "org/agency_service.hpp"

namespace cqdt::oidc {
namespace {

using crypto::JwsAlgorithm;
using nlohmann::json;

constexpr const char kIssuer[] = "https://vneid.example.gov.vn";
constexpr const char kClient[] = "cqdt-portal";
constexpr const char kSecret[] = "s3cret:with&odd=chars";
constexpr const char kRedirect[] = "https://dichvucong.example.gov.vn/api/v1/auth/oidc/callback";
constexpr const char kNewNumber[] = "079200001234";

std::map<std::string, std::string> QueryOf(const std::string& url) {
  std::map<std::string, std::string> out;
  std::string query = url.substr(url.find('?') + 1);
  std::size_t at = 0;
  while (at <= query.size()) {
    const auto amp = query.find('&', at);
    const std::string pair = query.substr(at, amp == std::string::npos ? amp : amp - at);
    const auto eq = pair.find('=');
    out[pair.substr(0, eq)] = eq == std::string::npos ? "" : pair.substr(eq + 1);
    if (amp == std::string::npos) {
      break;
    }
    at = amp + 1;
  }
  return out;
}

// The provider, at the HTTP boundary: discovery, JWKS, token and UserInfo endpoints.
class FakeProvider final : public HttpClient {
 public:
  FakeProvider() : key_(crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEc)) {}

  Result<HttpReply> Send(const HttpCall& call) override {
    ++calls[call.url.substr(0, call.url.find('?'))];
    const std::string base = kIssuer;
    if (discovery_down) {
      return Error::Unavailable("down");
    }
    if (call.url == base + "/.well-known/openid-configuration") {
      return HttpReply{200, "application/json",
                       json{{"issuer", kIssuer},
                            {"authorization_endpoint", base + "/authorize"},
                            {"token_endpoint", base + "/token"},
                            {"jwks_uri", base + "/jwks"},
                            {"userinfo_endpoint", base + "/userinfo"},
                            {"code_challenge_methods_supported", {"S256"}}}
                           .dump()};
    }
    if (call.url == base + "/jwks") {
      return HttpReply{200, "application/json",
                       "{\"keys\":[" + crypto::testing::PublicJwk(key_, kid_) + "]}"};
    }
    if (call.url == base + "/token" && call.post) {
      return Token(call);
    }
    if (call.url == base + "/userinfo") {
      if (userinfo.is_null()) {
        return HttpReply{404, "text/plain", ""};
      }
      return HttpReply{200, "application/json", userinfo.dump()};
    }
    return HttpReply{404, "text/plain", ""};
  }

  // What the browser was sent to: the nonce and the PKCE challenge the token request must match.
  void Authorize(const std::string& url) {
    auto q = QueryOf(url);
    nonce_ = q["nonce"];
    challenge_ = q["code_challenge"];
  }

  // The ID token's claims for the next token requests (the nonce is the flow's unless set).
  json ClaimsFor(const std::string& number) const {
    json c = {{"iss", kIssuer},
              {"sub", "vneid-" + number},
              {"aud", kClient},
              {"exp", now_ + 300},
              {"iat", now_},
              {"name", "Trần Thị Bình"},
              {"phone_number", "0912345678"}};
    if (!number.empty()) {
      c["citizen_id"] = number;
    }
    return c;
  }

  void Rotate(const std::string& kid) {
    key_ = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEc);
    kid_ = kid;
  }

  std::string SignToken(json payload, const std::string& kid) const {
    if (!payload.contains("nonce")) {
      payload["nonce"] = nonce_;
    }
    const std::string input = crypto::Base64UrlEncode(json{{"alg", "ES256"}, {"kid", kid}}.dump()) +
                              "." + crypto::Base64UrlEncode(payload.dump());
    return input + "." +
           crypto::Base64UrlEncode(crypto::testing::SignJws(key_, JwsAlgorithm::kEs256, input));
  }

  json claims;               // of the next ID token
  std::string token_kid;     // "" = the current key's
  bool refuse_code = false;  // answer invalid_grant
  bool discovery_down = false;
  json userinfo;  // null: 404
  std::map<std::string, int> calls;
  std::int64_t now_ = 1'796'000'000;

 private:
  Result<HttpReply> Token(const HttpCall& call) {
    // client_secret_basic, both halves form-encoded (RFC 6749 §2.3.1).
    bool basic = false;
    for (const auto& [name, value] : call.headers) {
      basic = basic || (name == "Authorization" &&
                        value == "Basic " + crypto::Base64Encode(std::string(kClient) + ":" +
                                                                 FormEncode(kSecret)));
    }
    auto form = QueryOf("?" + call.form);
    const bool pkce =
        crypto::Base64UrlEncode(crypto::Sha256Bytes(form["code_verifier"])) == challenge_;
    if (!basic || !pkce || refuse_code || form["grant_type"] != "authorization_code" ||
        form["redirect_uri"] != FormEncode(kRedirect)) {
      return HttpReply{400, "application/json", "{\"error\":\"invalid_grant\"}"};
    }
    return HttpReply{200, "application/json",
                     json{{"id_token", SignToken(claims, token_kid.empty() ? kid_ : token_kid)},
                          {"access_token", "at-" + form["code"]},
                          {"token_type", "Bearer"}}
                         .dump()};
  }

  crypto::PrivateKey key_;
  std::string kid_ = "k1";
  std::string nonce_;
  std::string challenge_;
};

class SignInTest : public ::testing::TestWithParam<std::string> {
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
    identity_ = std::make_unique<identity::IdentityService>(tdb_->db(), audit_, agencies_, clock_);
    provider_ =
        std::make_unique<Provider>(ProviderSettings{kIssuer, kClient, kSecret}, http_, clock_);
    SignInOptions options;
    options.redirect_uri = kRedirect;
    sign_in_ =
        std::make_unique<SignIn>(tdb_->db(), audit_, *identity_, *provider_, clock_, options);
    http_.claims = http_.ClaimsFor(kNewNumber);
  }

  // Starts a sign-in; the fake provider learns the nonce and challenge. Returns the state.
  std::string Start(const std::string& return_to = "/portal") {
    auto started = sign_in_->Start(return_to);
    EXPECT_TRUE(started) << started.error().message();
    url_ = started->authorization_url;
    binding_ = started->browser_binding;
    http_.Authorize(url_);
    return QueryOf(url_)["state"];
  }

  Callback Back(const std::string& state, const std::string& code = "c-1") {
    Callback cb;
    cb.state = state;
    cb.code = code;
    cb.browser_binding = binding_;
    cb.client_address = "203.0.113.9";
    cb.request_id = "req-1";
    return cb;
  }

  // The refusal code of a callback's answer ("" when it signed in).
  std::string Refusal(const Callback& cb) {
    auto r = sign_in_->Finish(cb);
    return r ? "" : RefusalOf(r.error());
  }

  std::int64_t Refusals() {
    auto tx = tdb_->db().BeginRead();
    audit::Filter f;
    f.action = "auth.oidc_refused";
    auto page = audit_.List(tx, f);
    return page ? page->total : -1;
  }

  std::unique_ptr<db::testing::TestDatabase> tdb_;
  FakeClock clock_{FromUnixSeconds(1'796'000'000)};
  audit::AuditLog audit_{clock_};
  org::AgencyService agencies_{audit_, clock_};
  std::unique_ptr<identity::IdentityService> identity_;
  FakeProvider http_;
  std::unique_ptr<Provider> provider_;
  std::unique_ptr<SignIn> sign_in_;
  std::string url_;
  std::string binding_;
};

TEST_P(SignInTest, TheAuthorizationRequestCarriesStateNonceAndPkce) {
  const std::string state = Start("/portal/ho-so?ma=1");
  auto q = QueryOf(url_);
  EXPECT_EQ(url_.rfind(std::string(kIssuer) + "/authorize?", 0), 0U) << url_;
  EXPECT_EQ(q["response_type"], "code");
  EXPECT_EQ(q["client_id"], kClient);
  EXPECT_EQ(q["redirect_uri"], FormEncode(kRedirect));
  EXPECT_EQ(q["scope"], "openid%20profile%20phone");
  EXPECT_EQ(q["code_challenge_method"], "S256");
  EXPECT_EQ(q["code_challenge"].size(), 43U);
  EXPECT_EQ(state.size(), 43U);
  EXPECT_EQ(q["nonce"].size(), 43U);
  EXPECT_EQ(url_.find(kSecret), std::string::npos);
  // Another start: other values.
  const std::string binding = binding_;
  EXPECT_NE(Start(), state);
  EXPECT_NE(binding_, binding);
}

TEST_P(SignInTest, TheFirstSignInCreatesTheCitizenAndTheNextReusesIt) {
  auto first = sign_in_->Finish(Back(Start("/portal/ho-so")));
  ASSERT_TRUE(first) << first.error().message();
  EXPECT_TRUE(first->session.account_created);
  EXPECT_EQ(first->return_to, "/portal/ho-so");
  const auto& p = first->session.login.principal;
  EXPECT_EQ(p.realm, identity::Realm::kCitizen);
  EXPECT_EQ(p.username, kNewNumber);
  EXPECT_EQ(p.full_name, "Trần Thị Bình");
  EXPECT_FALSE(p.csrf_token.empty());
  auto authed = identity_->Authenticate(first->session.login.token);
  ASSERT_TRUE(authed);
  EXPECT_EQ(authed->subject_id, p.subject_id);

  // The second sign-in, with the first session's cookie: the same citizen, a new session.
  Callback again = Back(Start());
  again.previous_session = first->session.login.token;
  auto second = sign_in_->Finish(again);
  ASSERT_TRUE(second) << second.error().message();
  EXPECT_FALSE(second->session.account_created);
  EXPECT_EQ(second->session.login.principal.subject_id, p.subject_id);
  EXPECT_NE(second->session.login.token, first->session.login.token);
  EXPECT_FALSE(identity_->Authenticate(first->session.login.token));  // rotated
  // An account made from the provider's word has no password to sign in with.
  identity::LoginRequest local;
  local.realm = identity::Realm::kCitizen;
  local.username = kNewNumber;
  local.password = "";
  EXPECT_FALSE(identity_->Login(local));
  EXPECT_EQ(Refusals(), 0);
}

TEST_P(SignInTest, ALocalAccountIsLinkedByTheNumberAndKeepsItsDetails) {
  identity::CitizenInput in;
  in.full_name = "Nguyễn Văn An";
  in.citizen_id_number = "091095000123";
  in.phone = "0901234567";
  in.password = "Sông Hậu mùa nước nổi 2026!";
  ASSERT_TRUE(identity_->SignUpCitizen(audit::Actor{}, in));
  http_.claims = http_.ClaimsFor("091095000123");
  auto r = sign_in_->Finish(Back(Start()));
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_FALSE(r->session.account_created);
  EXPECT_EQ(r->session.login.principal.full_name, "Nguyễn Văn An");
}

TEST_P(SignInTest, AReplayedCallbackIsRefusedAndAudited) {
  const Callback cb = Back(Start());
  ASSERT_TRUE(sign_in_->Finish(cb));
  EXPECT_EQ(Refusal(cb), refusal::kState);
  EXPECT_EQ(Refusals(), 1);
  Callback unknown = Back(crypto::RandomToken(32));
  EXPECT_EQ(Refusal(unknown), refusal::kState);
  Callback malformed = Back("not a state!");
  EXPECT_EQ(Refusal(malformed), refusal::kState);
  EXPECT_EQ(Refusals(), 3);
}

TEST_P(SignInTest, ACallbackInAnotherBrowserIsRefusedAndLeftForItsOwn) {
  Callback cb = Back(Start());
  const std::string own = cb.browser_binding;
  cb.browser_binding = crypto::RandomToken(32);
  EXPECT_EQ(Refusal(cb), refusal::kState);
  cb.browser_binding = "";
  EXPECT_EQ(Refusal(cb), refusal::kState);
  cb.browser_binding = own;
  EXPECT_EQ(Refusal(cb), "");
}

TEST_P(SignInTest, ASlowSignInExpires) {
  const Callback cb = Back(Start());
  clock_.Advance(std::chrono::seconds(601));
  http_.now_ += 601;
  EXPECT_EQ(Refusal(cb), refusal::kExpired);
  EXPECT_EQ(Refusal(cb), refusal::kState);  // and it is gone
}

TEST_P(SignInTest, TheProvidersRefusalsAreRefused) {
  Callback denied = Back(Start());
  denied.code = "";
  denied.error = "access_denied";
  EXPECT_EQ(Refusal(denied), refusal::kDenied);
  http_.refuse_code = true;
  EXPECT_EQ(Refusal(Back(Start())), refusal::kToken);
  http_.refuse_code = false;
  Callback mixed_up = Back(Start());
  mixed_up.issuer = "https://another-provider.example";  // RFC 9207
  EXPECT_EQ(Refusal(mixed_up), refusal::kState);
  Callback same_issuer = Back(Start());
  same_issuer.issuer = kIssuer;
  EXPECT_EQ(Refusal(same_issuer), "");
  Callback no_code = Back(Start());
  no_code.code = "";
  EXPECT_EQ(Refusal(no_code), refusal::kState);
  EXPECT_EQ(Refusals(), 4);
}

TEST_P(SignInTest, ForgedIdTokensAreRefused) {
  json wrong_nonce = http_.ClaimsFor(kNewNumber);
  wrong_nonce["nonce"] = "from-another-flow";
  json wrong_issuer = http_.ClaimsFor(kNewNumber);
  wrong_issuer["iss"] = "https://evil.example";
  json wrong_audience = http_.ClaimsFor(kNewNumber);
  wrong_audience["aud"] = "another-client";
  json expired = http_.ClaimsFor(kNewNumber);
  expired["exp"] = http_.now_ - 3600;
  for (const json& forged : {wrong_nonce, wrong_issuer, wrong_audience, expired}) {
    http_.claims = forged;
    EXPECT_EQ(Refusal(Back(Start())), refusal::kToken) << forged.dump();
  }
  auto tx = tdb_->db().BeginRead();
  audit::Filter f;
  f.action = "auth.oidc_refused";
  auto page = audit_.List(tx, f);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->total, 4);
  EXPECT_NE(page->items[0].summary.find("ID token"), std::string::npos) << page->items[0].summary;
}

TEST_P(SignInTest, ANumberClaimIsRequiredAndChecked) {
  http_.claims = http_.ClaimsFor("");
  EXPECT_EQ(Refusal(Back(Start())), refusal::kClaim);
  http_.claims = http_.ClaimsFor("12345");
  EXPECT_EQ(Refusal(Back(Start())), refusal::kClaim);
  http_.claims = http_.ClaimsFor("999200001234");  // no province has 999
  EXPECT_EQ(Refusal(Back(Start())), refusal::kClaim);
  // A new account needs a name.
  http_.claims = http_.ClaimsFor(kNewNumber);
  http_.claims.erase("name");
  EXPECT_EQ(Refusal(Back(Start())), refusal::kClaim);
  http_.claims["family_name"] = "Lê";
  http_.claims["given_name"] = "Châu";
  auto r = sign_in_->Finish(Back(Start()));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->session.login.principal.full_name, "Lê Châu");
}

TEST_P(SignInTest, TheClaimsMayComeFromUserInfoAboutTheSamePerson) {
  http_.claims = http_.ClaimsFor("");
  http_.userinfo = {{"sub", http_.claims["sub"]}, {"citizen_id", kNewNumber}, {"name", "Đỗ Hà"}};
  auto r = sign_in_->Finish(Back(Start()));
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->session.login.principal.username, kNewNumber);
  EXPECT_EQ(r->session.login.principal.full_name, "Trần Thị Bình");  // the ID token's wins
  http_.userinfo["sub"] = "somebody-else";
  EXPECT_EQ(Refusal(Back(Start())), refusal::kToken);
}

TEST_P(SignInTest, ARotatedKeyIsFetchedButMadeUpKidsAreNotChasedEachTime) {
  ASSERT_EQ(Refusal(Back(Start())), "");
  EXPECT_EQ(http_.calls[std::string(kIssuer) + "/jwks"], 1);
  clock_.Advance(std::chrono::seconds(31));
  http_.now_ += 31;
  http_.Rotate("k2");
  EXPECT_EQ(Refusal(Back(Start())), "");
  EXPECT_EQ(http_.calls[std::string(kIssuer) + "/jwks"], 2);
  // Tokens naming keys nobody published: one fetch per refresh interval, not one per token.
  http_.token_kid = "made-up";
  clock_.Advance(std::chrono::seconds(31));
  http_.now_ += 31;
  EXPECT_EQ(Refusal(Back(Start())), refusal::kToken);
  EXPECT_EQ(Refusal(Back(Start())), refusal::kToken);
  EXPECT_EQ(Refusal(Back(Start())), refusal::kToken);
  EXPECT_EQ(http_.calls[std::string(kIssuer) + "/jwks"], 3);
  // The discovery document is fetched once for all of this.
  EXPECT_EQ(http_.calls[std::string(kIssuer) + "/.well-known/openid-configuration"], 1);
}

TEST_P(SignInTest, AnUnreachableProviderMakesSignInUnavailable) {
  http_.discovery_down = true;
  auto started = sign_in_->Start("/portal");
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(RefusalOf(started.error()), refusal::kUnavailable);
  // Not asked again at once; asked again a little later, and then sign-in works.
  const std::string discovery = std::string(kIssuer) + "/.well-known/openid-configuration";
  http_.discovery_down = false;
  EXPECT_FALSE(sign_in_->Start("/portal"));
  EXPECT_EQ(http_.calls[discovery], 1);
  clock_.Advance(std::chrono::seconds(11));
  http_.now_ += 11;
  EXPECT_EQ(Refusal(Back(Start())), "");
  EXPECT_EQ(http_.calls[discovery], 2);
}

INSTANTIATE_TEST_SUITE_P(Engines, SignInTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

TEST(SafeReturnPathTest, OnlyLocalPathsAreKept) {
  EXPECT_EQ(SafeReturnPath("/portal/ho-so?ma=1&x=2"), "/portal/ho-so?ma=1&x=2");
  EXPECT_EQ(SafeReturnPath("/"), "/");
  for (const char* bad : {"", "portal", "https://evil.example/", "//evil.example/x",
                          "/\\evil.example", "/\\/evil", "/x\\y", "/a b", "/a\tb", "/a\nb",
                          "javascript:alert(1)", "/api/v1/auth/logout", "/tr\xc3\xa1"}) {
    EXPECT_EQ(SafeReturnPath(bad), "/portal") << bad;
  }
  EXPECT_EQ(SafeReturnPath("/" + std::string(600, 'a')), "/portal");
}

}  // namespace
}  // namespace cqdt::oidc
