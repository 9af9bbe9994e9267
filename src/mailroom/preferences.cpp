#include "mailroom/preferences.hpp"

#include <sodium.h>

#include <charconv>
#include <map>
#include <stdexcept>

#include <soci/soci.h>

#include "crypto/crypto.hpp"
#include "crypto/jws.hpp"
#include "db/statement.hpp"

namespace cqdt::mailroom {
namespace {

constexpr std::size_t kMinKeyLength = 32;
constexpr std::size_t kMacLength = crypto_auth_hmacsha256_BYTES;
// A token is short ("u:123:documents.assigned" and 32 bytes); anything much longer is refused
// before it is decoded.
constexpr std::size_t kMaxTokenLength = 256;
// Separates this MAC from any other use of the same key (domain separation).
constexpr std::string_view kTokenContext = "cqdt mailroom unsubscribe v1";

// "mail.test" is the administrator's test e-mail, sent to an address typed in, not a notice to
// choose.
bool Applies(const std::string& audience, notify::RecipientKind kind) {
  return audience == "all" ||
         audience == (kind == notify::RecipientKind::kCitizen ? "citizen" : "staff");
}

// The kinds the recipient turned off or on, by kind.
std::map<std::string, bool> Choices(db::Transaction& tx, const notify::Recipient& r) {
  std::map<std::string, bool> out;
  std::string recipient_kind = notify::RecipientKindName(r.kind);
  long long recipient_id = r.id;
  std::string kind;
  int enabled = 1;
  auto st = db::Prepare(tx,
                        "SELECT kind, enabled FROM mailroom_preference "
                        "WHERE recipient_kind = :rk AND recipient_id = :rid",
                        soci::use(recipient_kind), soci::use(recipient_id), soci::into(kind),
                        soci::into(enabled));
  st->execute(false);
  while (st->fetch()) {
    out[kind] = enabled != 0;
  }
  return out;
}

// "u:<id>:<kind>" or "c:<id>:<kind>".
std::string Payload(const notify::Recipient& r, const std::string& kind) {
  return std::string(r.kind == notify::RecipientKind::kCitizen ? "c" : "u") + ":" +
         std::to_string(r.id) + ":" + kind;
}

// The kind part of a token: lower-case ASCII letters, digits, '.' and '_', starting with a
// letter, at most 64 bytes (notice kinds).
bool IsKind(std::string_view s) {
  if (s.empty() || s.size() > 64 || s.front() < 'a' || s.front() > 'z') {
    return false;
  }
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_')) {
      return false;
    }
  }
  return true;
}

// HMAC-SHA256 under `key` of the context, a NUL (which the context never holds, so no payload
// can shift into it) and the payload.
std::string Mac(std::string_view key, std::string_view payload) {
  const auto bytes = [](std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
  };
  unsigned char mac[kMacLength];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, bytes(key), key.size());
  crypto_auth_hmacsha256_update(&state, bytes(kTokenContext), kTokenContext.size());
  const unsigned char separator = 0;
  crypto_auth_hmacsha256_update(&state, &separator, 1);
  crypto_auth_hmacsha256_update(&state, bytes(payload), payload.size());
  crypto_auth_hmacsha256_final(&state, mac);
  sodium_memzero(&state, sizeof state);
  return std::string(reinterpret_cast<const char*>(mac), kMacLength);
}

Error BadToken() { return Error::Unauthenticated("Liên kết hủy nhận thư không hợp lệ."); }

}  // namespace

Preferences::Preferences(const TemplateStore& templates, std::string token_key)
    : templates_(templates), key_(std::move(token_key)) {
  // A short key is a wiring bug (the configuration is checked at start), not a user's error.
  if (key_.size() < kMinKeyLength) {
    throw std::invalid_argument("mailroom::Preferences: the token key needs at least 32 bytes");
  }
  if (sodium_init() < 0) {
    throw std::runtime_error("libsodium could not be initialised");
  }
}

std::vector<Preference> Preferences::List(db::Transaction& tx,
                                          const notify::Recipient& recipient) const {
  const std::map<std::string, bool> choices = Choices(tx, recipient);
  std::vector<Preference> out;
  for (const MailTemplate& t : templates_.List(tx)) {
    if (t.kind == "*" || t.kind == "mail.test" || !Applies(t.audience, recipient.kind)) {
      continue;
    }
    Preference p;
    p.kind = t.kind;
    p.name_vi = t.name_vi;
    p.name_en = t.name_en;
    p.required = templates_.IsRequired(t.kind);
    auto it = choices.find(t.kind);
    p.enabled = p.required || it == choices.end() || it->second;
    out.push_back(std::move(p));
  }
  return out;
}

bool Preferences::Wants(db::Transaction& tx, const notify::Recipient& recipient,
                        const std::string& kind) const {
  if (templates_.IsRequired(kind)) {
    return true;
  }
  std::string recipient_kind = notify::RecipientKindName(recipient.kind);
  long long recipient_id = recipient.id;
  int enabled = 1;
  db::Run(tx,
          "SELECT enabled FROM mailroom_preference WHERE recipient_kind = :rk AND "
          "recipient_id = :rid AND kind = :kind",
          soci::use(recipient_kind), soci::use(recipient_id), soci::use(kind), soci::into(enabled));
  return enabled != 0;
}

Status Preferences::Set(db::Transaction& tx, const notify::Recipient& recipient,
                        const std::string& kind, bool enabled, std::int64_t now) const {
  if (recipient.id <= 0) {
    return Error::InvalidField("recipient", "required", "Người nhận thông báo không hợp lệ.");
  }
  // Only the kinds List shows this recipient can be chosen (untrusted input: the kind comes
  // from a form or from a token's payload).
  auto t = templates_.Get(tx, kind);
  if (!t || kind == "*" || kind == "mail.test" || !Applies(t->audience, recipient.kind)) {
    return Error::InvalidField("kind", "unknown",
                               "Loại thông báo này không có trong danh sách để lựa chọn.");
  }
  if (templates_.IsRequired(kind)) {
    if (!enabled) {
      // What the one-stop desk owes the applicant is always sent: the receipt with the
      // appointment, a request for more documents, the result, an apology with a new date
      // (Decree 61/2018/ND-CP; the forms of Circular 01/2018/TT-VPCP). The defaults file marks
      // them `required`.
      return Error::InvalidField("kind", "required",
                                 "Đây là thông báo bắt buộc theo quy định, không thể tắt.");
    }
    return Ok();  // on, as it always is: nothing to remember
  }
  std::string recipient_kind = notify::RecipientKindName(recipient.kind);
  long long recipient_id = recipient.id;
  int on = enabled ? 1 : 0;
  long long at = now;
  db::Run(tx,
          "INSERT INTO mailroom_preference (recipient_kind, recipient_id, kind, enabled, "
          "updated_at) VALUES (:rk, :rid, :kind, :on, :at) "
          "ON CONFLICT (recipient_kind, recipient_id, kind) DO UPDATE SET "
          "enabled = excluded.enabled, updated_at = excluded.updated_at",
          soci::use(recipient_kind), soci::use(recipient_id), soci::use(kind), soci::use(on),
          soci::use(at));
  return Ok();
}

std::string Preferences::Token(const notify::Recipient& recipient, const std::string& kind) const {
  const std::string payload = Payload(recipient, kind);
  return crypto::Base64UrlEncode(payload + Mac(key_, payload));
}

Result<std::pair<notify::Recipient, std::string>> Preferences::ParseToken(
    const std::string& token) const {
  // Untrusted input (a link's query string). Every failure gives the same answer, so a forger
  // learns nothing about which part was wrong; the MAC is checked before the payload is read.
  if (token.empty() || token.size() > kMaxTokenLength) {
    return BadToken();
  }
  auto raw = crypto::Base64UrlDecode(token);
  if (!raw || raw->size() <= kMacLength) {
    return BadToken();
  }
  const std::string payload = raw->substr(0, raw->size() - kMacLength);
  const std::string mac = raw->substr(raw->size() - kMacLength);
  if (!crypto::ConstantTimeEquals(mac, Mac(key_, payload))) {
    return BadToken();
  }
  // The payload was made by Token(); it is parsed strictly all the same.
  if (payload.size() < 5 || (payload[0] != 'u' && payload[0] != 'c') || payload[1] != ':') {
    return BadToken();
  }
  const std::size_t colon = payload.find(':', 2);
  if (colon == std::string::npos || colon == 2 || colon - 2 > 19 || payload[2] == '0') {
    return BadToken();
  }
  long long id = 0;
  const char* first = payload.data() + 2;
  const char* last = payload.data() + colon;
  auto [end, ec] = std::from_chars(first, last, id);
  if (ec != std::errc() || end != last || id <= 0) {
    return BadToken();
  }
  std::string kind = payload.substr(colon + 1);
  if (!IsKind(kind)) {
    return BadToken();
  }
  notify::Recipient r{
      payload[0] == 'c' ? notify::RecipientKind::kCitizen : notify::RecipientKind::kUser, id};
  return std::make_pair(r, std::move(kind));
}

}  // namespace cqdt::mailroom
