#include "oidc/sign_in.hpp"

#include <spdlog/spdlog.h>

#include "crypto/crypto.hpp"
#include "crypto/jws.hpp"
#include "flow_store.hpp"
#include "identity/citizen_id_number.hpp"

namespace cqdt::oidc {
namespace {

// The random values we hand out (state, binding) are base64url: anything else is not ours.
bool IsTokenText(std::string_view s, std::size_t max) {
  return !s.empty() && s.size() <= max &&
         s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
             std::string_view::npos;
}

bool IsVisibleAscii(std::string_view s) {
  for (char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (u <= 0x20 || u >= 0x7f) {
      return false;
    }
  }
  return true;
}

// An error code from the provider (RFC 6749 §4.1.2.1: ASCII words) as far as the log may have it.
std::string LoggableCode(std::string_view code) {
  std::string out;
  for (char ch : code.substr(0, 64)) {
    out += (ch >= 'a' && ch <= 'z') || ch == '_' ? ch : '?';
  }
  return out;
}

Error RefusalError(const char* code) {
  const std::string_view c = code;
  std::string message;
  ErrorCode status = ErrorCode::kUnauthenticated;
  if (c == refusal::kUnavailable) {
    message = "Đăng nhập qua định danh điện tử chưa sẵn sàng. Vui lòng thử lại sau.";
    status = ErrorCode::kUnavailable;
  } else if (c == refusal::kExpired) {
    message = "Yêu cầu đăng nhập đã hết hạn. Vui lòng đăng nhập lại.";
  } else if (c == refusal::kDenied) {
    message = "Đăng nhập tại nhà cung cấp định danh chưa hoàn tất.";
  } else if (c == refusal::kToken) {
    message = "Không xác thực được kết quả đăng nhập từ nhà cung cấp định danh.";
  } else if (c == refusal::kClaim) {
    message = "Nhà cung cấp định danh không cho biết số định danh cá nhân hợp lệ.";
  } else if (c == refusal::kDisabled) {
    message = "Tài khoản đã bị vô hiệu hóa. Vui lòng liên hệ quản trị viên.";
    status = ErrorCode::kPermissionDenied;
  } else {
    message = "Yêu cầu đăng nhập không hợp lệ hoặc đã được dùng. Vui lòng đăng nhập lại.";
  }
  return Error(status, message, {{"oidc", code, message}});
}

// The name of a person from OpenID Connect's standard claims (Core §5.1): `name`, else the
// family, middle and given names in the Vietnamese order.
std::string NameOf(const IdTokenClaims& c) {
  if (auto name = c.Claim("name"); name && !name->empty()) {
    return *name;
  }
  std::string out;
  for (const char* part : {"family_name", "middle_name", "given_name"}) {
    if (auto v = c.Claim(part); v && !v->empty()) {
      out += out.empty() ? *v : " " + *v;
    }
  }
  return out;
}

}  // namespace

std::string RefusalOf(const Error& error) {
  if (!error.fields().empty() && error.fields()[0].field == "oidc") {
    return error.fields()[0].code;
  }
  return refusal::kUnavailable;
}

std::string SafeReturnPath(std::string_view path, std::string_view fallback) {
  // Untrusted: an absolute URL, "//host" (scheme-relative) or "/\host" (which browsers read as
  // "//host") would send the citizen, signed in, to another site.
  const bool safe = path.size() >= 1 && path.size() <= 512 && path[0] == '/' &&
                    (path.size() == 1 || (path[1] != '/' && path[1] != '\\')) &&
                    path.find('\\') == std::string_view::npos && IsVisibleAscii(path) &&
                    path.rfind("/api/", 0) != 0;
  return std::string(safe ? path : fallback);
}

SignIn::SignIn(db::Database& db, audit::AuditLog& audit, identity::IdentityService& identity,
               Provider& provider, const Clock& clock, SignInOptions options)
    : db_(db),
      audit_(audit),
      identity_(identity),
      provider_(provider),
      clock_(clock),
      options_(std::move(options)) {
  if (options_.scopes.find("openid") == std::string::npos) {
    options_.scopes = "openid " + options_.scopes;
  }
}

Result<StartedSignIn> SignIn::Start(std::string_view return_to) {
  auto metadata = provider_.Metadata();
  if (!metadata) {
    return RefusalError(refusal::kUnavailable);
  }
  const std::string state = crypto::RandomToken(32);
  const std::string binding = crypto::RandomToken(32);
  FlowRow row;
  row.binding_hash = crypto::Sha256Hex(binding);
  row.nonce = crypto::RandomToken(32);
  row.code_verifier = crypto::RandomToken(32);  // 43 characters (RFC 7636 §4.1: 43 to 128)
  row.return_to = SafeReturnPath(return_to);
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  row.expires_at = now + options_.flow_ttl.count();
  {
    auto tx = db_.Begin();
    FlowStore store(tx);
    store.DeleteExpired(now);
    store.Insert(crypto::Sha256Hex(state), row, now);
    if (auto st = tx.Commit(); !st) {
      return st.error();
    }
  }
  const std::string& endpoint = metadata->authorization_endpoint;
  StartedSignIn out;
  out.browser_binding = binding;
  out.authorization_url =
      endpoint + (endpoint.find('?') == std::string::npos ? "?" : "&") +
      "response_type=code&client_id=" + FormEncode(provider_.settings().client_id) +
      "&redirect_uri=" + FormEncode(options_.redirect_uri) +
      "&scope=" + FormEncode(options_.scopes) + "&state=" + state + "&nonce=" + row.nonce +
      "&code_challenge=" + crypto::Base64UrlEncode(crypto::Sha256Bytes(row.code_verifier)) +
      "&code_challenge_method=S256";
  return out;
}

Error SignIn::Refuse(const Callback& callback, const char* code, const std::string& reason) {
  spdlog::warn("OIDC: từ chối đăng nhập / sign-in refused: {} ({}); request {}", code, reason,
               callback.request_id);
  audit::Actor actor{UserId(),
                     "anonymous",
                     AgencyId(),
                     callback.client_address,
                     callback.request_id,
                     callback.client_request_id};
  auto tx = db_.Begin();
  auto recorded = audit_.Record(
      tx, actor,
      {"auth.oidc_refused", "session", "",
       "Từ chối đăng nhập qua định danh điện tử: " + std::string(code) + " (" + reason + ")"});
  if (!recorded || !tx.Commit()) {
    spdlog::error("OIDC: không ghi được nhật ký / refusal not audited; request {}",
                  callback.request_id);
  }
  return RefusalError(code);
}

Result<IdTokenClaims> SignIn::VerifiedClaims(const TokenResponse& tokens, const std::string& nonce,
                                             const Callback& callback) {
  auto keys = provider_.Keys(/*refresh=*/false);
  if (!keys) {
    return Refuse(callback, refusal::kUnavailable, "no JWKS");
  }
  IdTokenRules rules;
  rules.issuer = provider_.settings().issuer;
  rules.client_id = provider_.settings().client_id;
  rules.nonce = nonce;
  rules.now = clock_.Now();
  rules.clock_skew = options_.clock_skew;
  auto verified = VerifyIdToken(tokens.id_token, *keys, rules);
  if (!verified && TokenFaultOf(verified.error()) == token_fault::kUnknownKey) {
    // The provider may have rotated its keys since we fetched them.
    if (auto fresh = provider_.Keys(/*refresh=*/true)) {
      verified = VerifyIdToken(tokens.id_token, *fresh, rules);
    }
  }
  if (!verified) {
    return Refuse(callback, refusal::kToken, "ID token " + TokenFaultOf(verified.error()));
  }
  // A provider that conforms to Core §5.4 puts the profile claims in the UserInfo answer rather
  // than in the ID token of a code flow: ask for them there, over the provider's own endpoint
  // with the access token, and only about the person the ID token names (Core §5.3.4).
  if (!verified->Claim(options_.citizen_id_claim) && !tokens.access_token.empty()) {
    auto info = provider_.UserInfo(tokens.access_token);
    if (info) {
      IdTokenClaims from_userinfo;
      from_userinfo.claims = *info;
      if (from_userinfo.Claim("sub") != verified->subject) {
        return Refuse(callback, refusal::kToken, "UserInfo sub differs from the ID token's");
      }
      for (auto& claim : *info) {
        if (!verified->Claim(claim.first)) {
          verified->claims.push_back(std::move(claim));
        }
      }
    }
  }
  return verified;
}

Result<FinishedSignIn> SignIn::Finish(const Callback& callback) {
  // Untrusted: the whole callback arrives from the browser.
  if (!IsTokenText(callback.state, 128)) {
    return Refuse(callback, refusal::kState, "state missing or malformed");
  }
  if (!IsTokenText(callback.browser_binding, 128)) {
    return Refuse(callback, refusal::kState, "no browser binding cookie");
  }
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  std::optional<FlowRow> flow;
  const char* taken = nullptr;  // why the flow could not be taken
  {
    auto tx = db_.Begin();
    FlowStore store(tx);
    flow = store.Find(crypto::Sha256Hex(callback.state));
    if (!flow) {
      taken = "unknown or already used state";
    } else if (!crypto::ConstantTimeEquals(flow->binding_hash,
                                           crypto::Sha256Hex(callback.browser_binding))) {
      // Another browser's sign-in (login CSRF): left for its own browser to finish.
      taken = "state bound to another browser";
    } else if (!store.Take(flow->id)) {
      taken = "state taken by a concurrent callback";
    } else if (auto st = tx.Commit(); !st) {
      return st.error();
    }
  }  // the transaction has ended before a refusal is audited in a new one
  if (taken != nullptr) {
    return Refuse(callback, refusal::kState, taken);
  }
  if (flow->expires_at < now) {
    return Refuse(callback, refusal::kExpired, "sign-in started too long ago");
  }
  if (!callback.issuer.empty() && callback.issuer != provider_.settings().issuer) {
    return Refuse(callback, refusal::kState, "authorization response from another issuer");
  }
  if (!callback.error.empty()) {
    return Refuse(callback, refusal::kDenied, "provider answered " + LoggableCode(callback.error));
  }
  if (callback.code.empty() || callback.code.size() > 2048 || !IsVisibleAscii(callback.code)) {
    return Refuse(callback, refusal::kState, "no usable authorization code");
  }
  auto tokens = provider_.ExchangeCode(callback.code, options_.redirect_uri, flow->code_verifier);
  if (!tokens) {
    return tokens.error().code() == ErrorCode::kUnavailable
               ? Refuse(callback, refusal::kUnavailable, "token endpoint unavailable")
               : Refuse(callback, refusal::kToken, "code refused by the token endpoint");
  }
  auto claims = VerifiedClaims(*tokens, flow->nonce, callback);
  if (!claims) {
    return claims.error();
  }
  const auto number = claims->Claim(options_.citizen_id_claim);
  if (!number || !identity::IsValidCitizenIdNumber(*number)) {
    return Refuse(callback, refusal::kClaim,
                  number ? "citizen ID number claim is not a citizen ID number"
                         : "no citizen ID number claim");
  }
  identity::VouchedCitizen who;
  who.citizen_id_number = *number;
  who.full_name = NameOf(*claims);
  who.phone = claims->Claim("phone_number").value_or("");
  if (claims->Claim("email_verified") == "true") {
    who.email = claims->Claim("email").value_or("");
  }
  who.provider = options_.provider_name;
  who.client_address = callback.client_address;
  who.user_agent = callback.user_agent;
  who.request_id = callback.request_id;
  who.client_request_id = callback.client_request_id;
  who.previous_token = callback.previous_session;
  auto session = identity_.SignInVouchedCitizen(who);
  if (!session) {
    switch (session.error().code()) {
      case ErrorCode::kPermissionDenied:
        return Refuse(callback, refusal::kDisabled, "the local account is disabled");
      case ErrorCode::kInvalidArgument:
        return Refuse(callback, refusal::kClaim, "no usable name for a new account");
      default:
        return Refuse(callback, refusal::kUnavailable, "the session could not be opened");
    }
  }
  return FinishedSignIn{std::move(*session), flow->return_to};
}

}  // namespace cqdt::oidc
