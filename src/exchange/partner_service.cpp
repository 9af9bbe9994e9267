// Member systems, peer hubs and routing (partners.hpp).
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/agency_code.hpp"
#include "crypto/crypto.hpp"
#include "crypto/x509.hpp"
#include "db/statement.hpp"
#include "exchange/partners.hpp"

namespace cqdt::exchange {
namespace {

constexpr const char* kColumns =
    "SELECT id, kind, code, name, base_url, certificate, signature_policy, enabled, created_at "
    "FROM exchange_partner ";

struct Row {
  long long id = 0, created = 0;
  std::string kind, code, name, url, cert, policy;
  int enabled = 0;
};

Partner FromRow(const Row& r) {
  Partner p;
  p.id = PartnerId(r.id);
  p.kind = r.kind == "peer" ? PartnerKind::kPeer : PartnerKind::kMember;
  p.code = r.code;
  p.name = r.name;
  p.base_url = r.url;
  p.certificate = r.cert;
  p.signature_policy = r.policy == "warn" ? SignaturePolicy::kWarn : SignaturePolicy::kRequire;
  p.enabled = r.enabled != 0;
  p.created_at = r.created;
  return p;
}

void LoadAgencies(db::Transaction& tx, Partner& p) {
  long long id = p.id.value();
  std::string pattern;
  auto st = db::Prepare(tx,
                        "SELECT pattern FROM exchange_partner_agency WHERE partner_id = :p "
                        "ORDER BY pattern",
                        soci::use(id), soci::into(pattern));
  st->execute(false);
  while (st->fetch()) {
    p.agencies.push_back(pattern);
  }
}

template <typename Key>
std::vector<Partner> Select(db::Transaction& tx, const std::string& where, const Key& key) {
  Row r;
  auto st = db::Prepare(tx, std::string(kColumns) + where, soci::use(key), soci::into(r.id),
                        soci::into(r.kind), soci::into(r.code), soci::into(r.name),
                        soci::into(r.url), soci::into(r.cert), soci::into(r.policy),
                        soci::into(r.enabled), soci::into(r.created));
  st->execute(false);
  std::vector<Partner> out;
  while (st->fetch()) {
    out.push_back(FromRow(r));
  }
  return out;
}

template <typename Key>
std::vector<Partner> SelectFull(db::Transaction& tx, const std::string& where, const Key& key) {
  std::vector<Partner> out = Select(tx, where, key);
  for (Partner& p : out) {
    LoadAgencies(tx, p);
  }
  return out;
}

bool IsCodeChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

Status Validate(db::Transaction& tx, const PartnerInput& in, PartnerId self) {
  std::vector<FieldError> errors;
  if (in.kind != "member" && in.kind != "peer") {
    errors.push_back({"kind", "format",
                      "Loại đối tác phải là member (hệ thống thành viên) hoặc peer (trục khác)."});
  }
  if (in.code.size() < 2 || in.code.size() > 64 ||
      !std::all_of(in.code.begin(), in.code.end(), IsCodeChar)) {
    errors.push_back({"code", "format", "Mã đối tác gồm 2–64 ký tự a-z, 0-9, '.', '_', '-'."});
  }
  if (in.name.empty() || in.name.size() > 200) {
    errors.push_back({"name", "required", "Cần tên đối tác (tối đa 200 ký tự)."});
  }
  if (in.signature_policy != "require" && in.signature_policy != "warn") {
    errors.push_back({"signaturePolicy", "format", "Chính sách chữ ký phải là require hoặc warn."});
  }
  if (in.kind == "peer") {
    if (!(in.base_url.starts_with("https://") || in.base_url.starts_with("http://")) ||
        in.base_url.size() > 500) {
      errors.push_back(
          {"baseUrl", "format", "Cần địa chỉ của trục liên thông (http:// hoặc https://)."});
    }
    auto certs = crypto::Certificate::ParseAll(in.certificate);
    if (!certs || certs->size() != 1) {
      errors.push_back(
          {"certificate", "format", "Cần đúng một chứng thư số PEM của trục liên thông."});
    }
  }
  if (in.agencies.empty() && in.kind == "member") {
    errors.push_back(
        {"agencies", "required", "Cần ít nhất một mã định danh cơ quan mà hệ thống phục vụ."});
  }
  for (const std::string& a : in.agencies) {
    if (in.kind == "member") {
      if (!ParseAgencyCode(a).has_value()) {
        errors.push_back(
            {"agencies", "format", "Mã định danh '" + a.substr(0, 40) + "' không hợp lệ."});
        continue;
      }
      long long other = 0;
      long long me = self.IsSet() ? self.value() : 0;
      auto st =
          db::Run(tx,
                  "SELECT a.partner_id FROM exchange_partner_agency a JOIN exchange_partner p "
                  "ON p.id = a.partner_id WHERE a.pattern = :c AND p.kind = 'member' "
                  "AND a.partner_id <> :me",
                  soci::use(a), soci::use(me), soci::into(other));
      if (st.got_data()) {
        errors.push_back({"agencies", "duplicate",
                          "Cơ quan '" + a + "' đã do một hệ thống thành viên khác phục vụ."});
      }
    } else if (a != "*" &&
               (a.empty() || a.size() > 35 || !std::all_of(a.begin(), a.end(), [](char c) {
                  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.';
                }))) {
      errors.push_back(
          {"agencies", "format",
           "Tuyến '" + a.substr(0, 40) +
               "' không hợp lệ (mã cấp 1 như H29, đường dẫn như H29.12, một mã đầy đủ, hoặc *)."});
    }
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  return Ok();
}

void WriteAgencies(db::Transaction& tx, PartnerId id, const std::vector<std::string>& agencies) {
  long long pid = id.value();
  db::Run(tx, "DELETE FROM exchange_partner_agency WHERE partner_id = :p", soci::use(pid));
  std::vector<std::string> unique = agencies;
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  for (const std::string& a : unique) {
    db::Run(tx, "INSERT INTO exchange_partner_agency (partner_id, pattern) VALUES (:p, :a)",
            soci::use(pid), soci::use(a));
  }
}

}  // namespace

std::string RoutePath(std::string_view organ_id) {
  auto code = ParseAgencyCode(organ_id);
  if (!code) {
    return "";
  }
  std::string out;
  for (const std::string& level : code->levels) {
    out += (out.empty() ? "" : ".") + level;
  }
  return out;
}

Result<CreatedPartner> PartnerService::Create(db::Transaction& tx, const audit::Actor& actor,
                                              const PartnerInput& in) {
  CQDT_RETURN_IF_ERROR(Validate(tx, in, PartnerId()));
  if (ByCode(tx, in.code)) {
    return Error::Conflict("Mã đối tác đã có.", {{"code", "duplicate", "Mã đối tác đã có."}});
  }
  CreatedPartner out;
  std::optional<std::string> secret_hash;
  soci::indicator secret_ind = soci::i_null;
  std::string hash;
  if (in.kind == "member") {
    out.secret = "cqdtx_" + crypto::RandomToken(32);
    hash = crypto::Sha256Hex(out.secret);
    secret_ind = soci::i_ok;
  }
  const long long now = ToUnixSeconds(clock_.Now());
  const int enabled = in.enabled ? 1 : 0;
  const std::string url = in.kind == "peer" ? in.base_url : "";
  const std::string cert = in.kind == "peer" ? in.certificate : "";
  db::Run(tx,
          "INSERT INTO exchange_partner (kind, code, name, base_url, certificate, secret_sha256, "
          "signature_policy, enabled, created_at, updated_at) VALUES (:k, :c, :n, :u, :ce, :s, "
          ":p, :e, :t, :t2)",
          soci::use(in.kind), soci::use(in.code), soci::use(in.name), soci::use(url),
          soci::use(cert), soci::use(hash, secret_ind), soci::use(in.signature_policy),
          soci::use(enabled), soci::use(now), soci::use(now));
  const PartnerId id(db::LastInsertId(tx, "exchange_partner"));
  WriteAgencies(tx, id, in.agencies);
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor,
      {"exchange.partner.create", "exchange_partner", in.code,
       std::string(in.kind == "member" ? "Thêm hệ thống thành viên " : "Thêm trục liên thông ") +
           in.name}));
  CQDT_ASSIGN_OR_RETURN(out.partner, Get(tx, id));
  return out;
}

Result<Partner> PartnerService::Update(db::Transaction& tx, const audit::Actor& actor, PartnerId id,
                                       const PartnerInput& in) {
  CQDT_ASSIGN_OR_RETURN(Partner current, Get(tx, id));
  PartnerInput checked = in;
  checked.kind = PartnerKindName(current.kind);  // a partner keeps its kind
  checked.code = current.code;
  CQDT_RETURN_IF_ERROR(Validate(tx, checked, id));
  const long long now = ToUnixSeconds(clock_.Now());
  const long long pid = id.value();
  const int enabled = in.enabled ? 1 : 0;
  const std::string url = current.kind == PartnerKind::kPeer ? in.base_url : "";
  const std::string cert = current.kind == PartnerKind::kPeer ? in.certificate : "";
  db::Run(tx,
          "UPDATE exchange_partner SET name = :n, base_url = :u, certificate = :c, "
          "signature_policy = :p, enabled = :e, updated_at = :t WHERE id = :id",
          soci::use(in.name), soci::use(url), soci::use(cert), soci::use(in.signature_policy),
          soci::use(enabled), soci::use(now), soci::use(pid));
  WriteAgencies(tx, id, in.agencies);
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor,
      {"exchange.partner.update", "exchange_partner", current.code, "Sửa đối tác " + in.name}));
  return Get(tx, id);
}

Result<CreatedPartner> PartnerService::RotateSecret(db::Transaction& tx, const audit::Actor& actor,
                                                    PartnerId id) {
  CQDT_ASSIGN_OR_RETURN(Partner p, Get(tx, id));
  if (p.kind != PartnerKind::kMember) {
    return Error::FailedPrecondition("Chỉ hệ thống thành viên mới có khóa bí mật.");
  }
  CreatedPartner out;
  out.secret = "cqdtx_" + crypto::RandomToken(32);
  const std::string hash = crypto::Sha256Hex(out.secret);
  const long long pid = id.value();
  const long long now = ToUnixSeconds(clock_.Now());
  db::Run(tx, "UPDATE exchange_partner SET secret_sha256 = :s, updated_at = :t WHERE id = :id",
          soci::use(hash), soci::use(now), soci::use(pid));
  CQDT_RETURN_IF_ERROR(audit_.Record(tx, actor,
                                     {"exchange.partner.rotate", "exchange_partner", p.code,
                                      "Cấp lại khóa bí mật cho " + p.name}));
  out.partner = std::move(p);
  return out;
}

std::vector<Partner> PartnerService::List(db::Transaction& tx) const {
  return SelectFull(tx, "WHERE kind <> :k ORDER BY kind, code", std::string("none"));
}

Result<Partner> PartnerService::Get(db::Transaction& tx, PartnerId id) const {
  const long long key = id.value();
  auto found = SelectFull(tx, "WHERE id = :id", key);
  if (found.empty()) {
    return Error::NotFound("đối tác liên thông", std::to_string(id.value()));
  }
  return std::move(found.front());
}

std::optional<Partner> PartnerService::ByCode(db::Transaction& tx, std::string_view code) const {
  auto found = SelectFull(tx, "WHERE code = :c", std::string(code));
  if (found.empty()) {
    return std::nullopt;
  }
  return std::move(found.front());
}

std::optional<Partner> PartnerService::MemberBySecret(db::Transaction& tx,
                                                      std::string_view secret) const {
  if (secret.size() < 16 || secret.size() > 200) {
    return std::nullopt;
  }
  auto found = SelectFull(tx, "WHERE secret_sha256 = :s AND kind = 'member' AND enabled = 1",
                          crypto::Sha256Hex(secret));
  if (found.empty()) {
    return std::nullopt;
  }
  return std::move(found.front());
}

std::optional<Partner> PartnerService::PeerByFingerprint(db::Transaction& tx,
                                                         std::string_view fingerprint) const {
  for (Partner& p : SelectFull(tx, "WHERE kind = :k AND enabled = 1", std::string("peer"))) {
    auto certs = crypto::Certificate::ParseAll(p.certificate);
    if (certs && !certs->empty() && (*certs)[0].FingerprintSha256() == fingerprint) {
      return std::move(p);
    }
  }
  return std::nullopt;
}

std::optional<Partner> PartnerService::RouteFor(db::Transaction& tx,
                                                const std::string& organ_id) const {
  // A member serving the code exactly.
  long long id = 0;
  {
    auto st = db::Run(tx,
                      "SELECT p.id FROM exchange_partner_agency a JOIN exchange_partner p ON "
                      "p.id = a.partner_id WHERE a.pattern = :c AND p.kind = 'member' AND "
                      "p.enabled = 1",
                      soci::use(organ_id), soci::into(id));
    if (st.got_data()) {
      auto p = Get(tx, PartnerId(id));
      return p ? std::optional<Partner>(std::move(*p)) : std::nullopt;
    }
  }
  // The best peer route: the exact code, then the longest level path, then "*".
  std::vector<std::string> candidates{organ_id};
  std::string path = RoutePath(organ_id);
  while (!path.empty()) {
    candidates.push_back(path);
    const auto dot = path.rfind('.');
    path = dot == std::string::npos ? "" : path.substr(0, dot);
  }
  candidates.push_back("*");
  for (const std::string& pattern : candidates) {
    auto st = db::Run(tx,
                      "SELECT p.id FROM exchange_partner_agency a JOIN exchange_partner p ON "
                      "p.id = a.partner_id WHERE a.pattern = :c AND p.kind = 'peer' AND "
                      "p.enabled = 1 ORDER BY p.id",
                      soci::use(pattern), soci::into(id));
    if (st.got_data()) {
      auto p = Get(tx, PartnerId(id));
      return p ? std::optional<Partner>(std::move(*p)) : std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace cqdt::exchange
