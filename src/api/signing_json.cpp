#include "api/signing_json.hpp"

#include <nlohmann/json.hpp>

namespace cqdt::api {
namespace {

using nlohmann::json;

json TimeOrNull(const std::optional<TimePoint>& t) {
  return t ? json(ToIsoUtc(*t)) : json(nullptr);
}

json CertificateJson(const signing::CertificateSummary& c) {
  return {{"subject", c.subject},
          {"commonName", c.common_name},
          {"organization", c.organization},
          {"issuer", c.issuer},
          {"serial", c.serial},
          {"notBefore", ToIsoUtc(c.not_before)},
          {"notAfter", ToIsoUtc(c.not_after)},
          {"fingerprintSha256", c.fingerprint_sha256}};
}

json Sentences(const std::vector<std::string>& texts, Language language) {
  json out = json::array();
  for (const auto& text : texts) {
    out.push_back(Localize(text, language));
  }
  return out;
}

json SignatureJson(const signing::SignatureReport& s, Language language) {
  json chain = json::array();
  for (const auto& c : s.chain) {
    chain.push_back(CertificateJson(c));
  }
  return {{"index", s.index},
          {"fieldName", s.field_name},
          {"format", s.format},
          {"subFilter", s.sub_filter.empty() ? json(nullptr) : json(s.sub_filter)},
          {"signer", s.signer ? CertificateJson(*s.signer) : json(nullptr)},
          {"claimedTime", TimeOrNull(s.claimed_time)},
          {"timestampTime", TimeOrNull(s.timestamp_time)},
          {"timestampAuthority",
           s.timestamp_authority.empty() ? json(nullptr) : json(s.timestamp_authority)},
          // Unset when integrity failed before any certificate check.
          {"validationTime",
           s.validation_time_source.empty() ? json(nullptr) : json(ToIsoUtc(s.validation_time))},
          {"validationTimeSource",
           s.validation_time_source.empty() ? json(nullptr) : json(s.validation_time_source)},
          {"integrity",
           {{"formatOk", s.format_ok},
            {"digestMatches", s.digest_matches},
            {"signatureValid", s.signature_valid},
            {"coversWholeDocument", s.covers_whole_document},
            {"appendedBytes", s.appended_bytes}}},
          {"certificationPermissions",
           s.certification_permissions ? json(*s.certification_permissions) : json(nullptr)},
          {"certificate",
           {{"status", s.certificate_status.empty() ? json(nullptr) : json(s.certificate_status)},
            {"detail", Localize(s.certificate_detail, language)},
            {"revocationSource", s.revocation_source.empty() ? "none" : s.revocation_source},
            {"revokedAt", TimeOrNull(s.revoked_at)},
            {"chain", chain}}},
          {"indication", std::string(signing::ToString(s.indication))},
          {"subIndication", s.sub_indication.empty() ? json(nullptr) : json(s.sub_indication)},
          {"conclusion", Localize(s.conclusion, language)},
          {"warnings", Sentences(s.warnings, language)}};
}

}  // namespace

json TrustAnchorJson(const signing::TrustAnchor& a) {
  return {{"id", a.id},
          {"purpose", std::string(signing::ToString(a.purpose))},
          {"kind", std::string(signing::ToString(a.kind))},
          {"usable", a.usable},
          {"source", a.source},
          {"name", a.name},
          {"subject", a.subject},
          {"issuer", a.issuer},
          {"serial", a.serial},
          {"fingerprintSha256", a.fingerprint_sha256},
          {"notBefore", ToIsoUtc(a.not_before)},
          {"notAfter", ToIsoUtc(a.not_after)},
          {"isRoot", a.is_root},
          {"addedBy", a.added_by},
          {"addedAt", a.added_at}};
}

json CrlJson(const signing::StoredCrl& c) {
  return {{"id", c.id},
          {"issuer", c.issuer},
          {"thisUpdate", ToIsoUtc(c.this_update)},
          {"nextUpdate", c.next_update ? json(ToIsoUtc(*c.next_update)) : json(nullptr)},
          {"source", c.source},
          {"storedAt", c.stored_at},
          {"revokedCount", c.revoked_count}};
}

std::string VerificationReportJson(const signing::VerificationReport& report, Language language) {
  json sigs = json::array();
  for (const auto& s : report.signatures) {
    sigs.push_back(SignatureJson(s, language));
  }
  json j = {{"kind", std::string(signing::ToString(report.kind))},
            {"fileName", report.file_name},
            {"fileSha256", report.file_sha256},
            {"fileSize", report.file_size},
            {"verifiedAt", ToIsoUtc(report.verified_at)},
            {"indication", std::string(signing::ToString(report.indication))},
            {"conclusion", Localize(report.conclusion, language)},
            {"warnings", Sentences(report.warnings, language)},
            {"unsignedTrailingBytes", report.unsigned_trailing_bytes},
            {"signatures", sigs}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace cqdt::api
