#include "signing/verification.hpp"

#include <algorithm>

#include "core/cpu_budget.hpp"
#include "crypto/cms.hpp"
#include "crypto/crypto.hpp"
#include "pdf/pdf.hpp"
#include "signing/verification_report.hpp"
#include "xml/xml.hpp"

namespace cqdt::signing {
namespace {

using crypto::Certificate;
using crypto::CertificateStatus;

CertificateSummary Summarise(const Certificate& c) {
  return {.subject = c.SubjectDn(),
          .common_name = c.SubjectCommonName(),
          .organization = c.SubjectOrganization(),
          .issuer = c.IssuerDn(),
          .serial = c.SerialHex(),
          .not_before = c.NotBefore(),
          .not_after = c.NotAfter(),
          .fingerprint_sha256 = c.FingerprintSha256()};
}

void Verdict(SignatureReport& r, Indication indication, std::string sub, std::string conclusion) {
  r.indication = indication;
  r.sub_indication = std::move(sub);
  r.conclusion = std::move(conclusion);
}

void FailIntegrity(SignatureReport& r) {
  if (!r.format_ok) {
    Verdict(r, Indication::kTotalFailed, "FORMAT_FAILURE",
            "Chữ ký không hợp lệ: cấu trúc chữ ký bị hỏng.");
  } else if (!r.digest_matches) {
    Verdict(r, Indication::kTotalFailed, "HASH_FAILURE",
            "Chữ ký không hợp lệ: nội dung đã bị thay đổi sau khi ký.");
  } else {
    Verdict(r, Indication::kTotalFailed, "SIG_CRYPTO_FAILURE",
            "Chữ ký không hợp lệ: giá trị chữ ký không khớp với chứng thư số.");
  }
}

std::string_view SourceName(crypto::RevocationSource s) {
  switch (s) {
    case crypto::RevocationSource::kCrl:
      return "crl";
    case crypto::RevocationSource::kOcsp:
      return "ocsp";
    case crypto::RevocationSource::kNone:
      break;
  }
  return "none";
}

// The proof of existence a valid signature timestamp gives, when its TSA is trusted.
std::optional<TimePoint> TimestampPoe(const crypto::TimestampInfo& ts, const TrustContext& trust,
                                      SignatureReport& r) {
  if (ts.tsa_certificate) {
    r.timestamp_authority = ts.tsa_certificate->SubjectCommonName();
  }
  if (!ts.imprint_matches || !ts.signature_valid) {
    r.warnings.push_back("Dấu thời gian không khớp với chữ ký hoặc đã bị sửa đổi; bỏ qua.");
    return std::nullopt;
  }
  if (!ts.tsa_certificate) {
    r.warnings.push_back("Dấu thời gian không kèm chứng thư số của đơn vị cấp; bỏ qua.");
    return std::nullopt;
  }
  const crypto::TrustStore* store = trust.timestamps ? trust.timestamps : trust.documents;
  if (store == nullptr || store->empty()) {
    r.warnings.push_back(
        "Chưa có danh sách tổ chức cấp dấu thời gian tin cậy; bỏ qua dấu thời gian.");
    return std::nullopt;
  }
  auto path =
      store->Validate(*ts.tsa_certificate, ts.certificates, ts.time,
                      {.purpose = crypto::KeyPurpose::kTimestamping, .check_revocation = true},
                      trust.fetcher, trust.evidence);
  if (path.status != CertificateStatus::kValid) {
    r.warnings.push_back("Dấu thời gian không do tổ chức tin cậy cấp hợp lệ (" + path.detail +
                         "); bỏ qua.");
    return std::nullopt;
  }
  return ts.time;
}

// Certificate path and the verdict, once integrity holds (ETSI EN 319 102-1; the rules are in
// verification.hpp).
void JudgeCertificate(SignatureReport& r, const std::optional<Certificate>& signer,
                      const std::vector<Certificate>& carried,
                      const std::optional<crypto::TimestampInfo>& timestamp,
                      const TrustContext& trust, TimePoint now,
                      crypto::KeyPurpose purpose = crypto::KeyPurpose::kDocumentSigning) {
  if (!signer) {
    Verdict(r, Indication::kIndeterminate, "NO_SIGNING_CERTIFICATE_FOUND",
            "Chưa xác định: không tìm thấy chứng thư số của người ký.");
    return;
  }
  r.signer = Summarise(*signer);
  std::optional<TimePoint> poe;
  if (timestamp) {
    r.timestamp_time = timestamp->time;
    poe = TimestampPoe(*timestamp, trust, r);
  }
  if (poe) {
    r.validation_time = *poe;
    r.validation_time_source = "timestamp";
  } else if (r.claimed_time) {
    r.validation_time = *r.claimed_time;
    r.validation_time_source = "claimed";
  } else {
    r.validation_time = now;
    r.validation_time_source = "now";
  }
  if (trust.documents == nullptr || trust.documents->empty()) {
    r.certificate_status = std::string(crypto::ToString(CertificateStatus::kUnknownIssuer));
    r.certificate_detail = "Chưa cấu hình tổ chức chứng thực tin cậy nào.";
    Verdict(r, Indication::kIndeterminate, "NO_CERTIFICATE_CHAIN_FOUND",
            "Chưa xác định: chứng thư số không do tổ chức chứng thực tin cậy phát hành.");
    return;
  }
  auto path = trust.documents->Validate(*signer, carried, r.validation_time,
                                        {.purpose = purpose, .check_revocation = true},
                                        trust.fetcher, trust.evidence);
  r.certificate_status = std::string(crypto::ToString(path.status));
  r.certificate_detail = path.detail;
  r.revocation_source = std::string(SourceName(path.revocation_source));
  r.revoked_at = path.revoked_at;
  for (const auto& c : path.chain) {
    r.chain.push_back(Summarise(c));
  }
  switch (path.status) {
    case CertificateStatus::kValid: {
      if (path.revoked_at && !poe) {
        Verdict(r, Indication::kIndeterminate, "REVOKED_NO_POE",
                "Chưa xác định: chứng thư số đã bị thu hồi sau thời điểm ký khai báo, nhưng "
                "không có dấu thời gian chứng minh chữ ký có trước.");
        return;
      }
      bool expired_now = std::any_of(path.chain.begin(), path.chain.end(),
                                     [&](const Certificate& c) { return c.NotAfter() < now; });
      if (expired_now && !poe) {
        Verdict(r, Indication::kIndeterminate, "OUT_OF_BOUNDS_NO_POE",
                "Chưa xác định: chứng thư số đã hết hạn và không có dấu thời gian chứng minh "
                "chữ ký được tạo khi chứng thư còn hiệu lực.");
        return;
      }
      if (path.revoked_at) {
        r.warnings.push_back(
            "Chứng thư số đã bị thu hồi sau thời điểm ký (đã có dấu thời gian "
            "chứng minh chữ ký có trước).");
      }
      Verdict(r, Indication::kTotalPassed, "", "Chữ ký số hợp lệ.");
      return;
    }
    case CertificateStatus::kExpired:
      if (poe) {
        Verdict(r, Indication::kTotalFailed, "EXPIRED",
                "Chữ ký không hợp lệ: chứng thư số đã hết hạn trước thời điểm ký.");
      } else {
        Verdict(r, Indication::kIndeterminate, "OUT_OF_BOUNDS_NO_POE",
                "Chưa xác định: chứng thư số đã hết hạn tại thời điểm ký khai báo và không có dấu "
                "thời gian chứng minh thời điểm ký.");
      }
      return;
    case CertificateStatus::kNotYetValid:
      Verdict(r, Indication::kTotalFailed, "NOT_YET_VALID",
              "Chữ ký không hợp lệ: chứng thư số chưa có hiệu lực tại thời điểm ký.");
      return;
    case CertificateStatus::kRevoked:
      Verdict(r, Indication::kTotalFailed, "REVOKED",
              "Chữ ký không hợp lệ: chứng thư số đã bị thu hồi trước thời điểm ký.");
      return;
    case CertificateStatus::kUnknownIssuer:
      Verdict(r, Indication::kIndeterminate, "NO_CERTIFICATE_CHAIN_FOUND",
              "Chưa xác định: chứng thư số không do tổ chức chứng thực tin cậy phát hành.");
      return;
    case CertificateStatus::kRevocationUnknown:
      Verdict(r, Indication::kIndeterminate, "TRY_LATER",
              "Chưa xác định: chưa kiểm tra được tình trạng thu hồi của chứng thư số.");
      return;
    case CertificateStatus::kInvalid:
      Verdict(r, Indication::kIndeterminate, "CHAIN_CONSTRAINTS_FAILURE",
              "Chưa xác định: chứng thư số hoặc chuỗi chứng thư không đáp ứng ràng buộc (mục "
              "đích sử dụng, chữ ký của tổ chức phát hành).");
      return;
  }
}

// One CMS signer (inside a PDF or a .p7s).
void JudgeCmsSigner(SignatureReport& r, const crypto::CmsSignerReport& s,
                    const std::vector<Certificate>& carried, const TrustContext& trust,
                    TimePoint now) {
  r.digest_matches = s.digest_matches;
  r.signature_valid = s.signature_valid;
  for (const auto& w : s.warnings) {
    r.warnings.push_back(w);
  }
  if (!r.claimed_time && s.signing_time) {
    r.claimed_time = s.signing_time;
  }
  if (!r.digest_matches || !r.signature_valid) {
    if (s.certificate) {
      r.signer = Summarise(*s.certificate);
    }
    FailIntegrity(r);
    return;
  }
  if ((s.has_signing_certificate_v2 || s.has_signing_certificate_v1) &&
      !s.signing_certificate_matches) {
    if (s.certificate) {
      r.signer = Summarise(*s.certificate);
    }
    Verdict(r, Indication::kIndeterminate, "NO_SIGNING_CERTIFICATE_FOUND",
            "Chưa xác định: thuộc tính signing-certificate không khớp với chứng thư số của "
            "người ký.");
    return;
  }
  JudgeCertificate(r, s.certificate, carried, s.timestamp, trust, now);
}

Indication Combine(const std::vector<SignatureReport>& sigs) {
  if (sigs.empty()) {
    return Indication::kIndeterminate;
  }
  Indication worst = Indication::kTotalPassed;
  for (const auto& s : sigs) {
    if (s.indication == Indication::kTotalFailed) {
      return Indication::kTotalFailed;
    }
    if (s.indication == Indication::kIndeterminate) {
      worst = Indication::kIndeterminate;
    }
  }
  return worst;
}

void Conclude(VerificationReport& report) {
  auto n = report.signatures.size();
  if (n == 0) {
    report.indication = Indication::kIndeterminate;
    report.conclusion = "Tệp không có chữ ký số.";
    return;
  }
  report.indication = Combine(report.signatures);
  bool unsigned_tail =
      report.indication == Indication::kTotalPassed && report.unsigned_trailing_bytes > 0;
  if (unsigned_tail) {
    report.indication = Indication::kIndeterminate;
  }
  switch (report.indication) {
    case Indication::kTotalPassed:
      report.conclusion = n == 1
                              ? "Chữ ký số trong tệp hợp lệ."
                              : "Tất cả " + std::to_string(n) + " chữ ký số trong tệp đều hợp lệ.";
      break;
    case Indication::kTotalFailed:
      report.conclusion = "Tệp có chữ ký số không hợp lệ.";
      break;
    case Indication::kIndeterminate:
      report.conclusion = unsigned_tail
                              ? "Các chữ ký số hợp lệ, nhưng tệp đã được thêm nội dung sau chữ "
                                "ký cuối cùng; phần thêm vào không được ký."
                              : "Chưa khẳng định được tính hợp lệ của chữ ký số trong tệp.";
      break;
  }
}

Result<void> VerifyPdf(std::string_view bytes, const TrustContext& trust, TimePoint now,
                       const CpuBudget& budget, VerificationReport& report) {
  auto sigs = pdf::ReadSignatures(bytes, budget);
  if (!sigs) {
    return sigs.error();
  }
  int index = 0;
  for (const auto& info : *sigs) {
    // Each signature hashes its signed bytes (up to the whole file) and validates a path.
    CQDT_RETURN_IF_ERROR(budget.Check());
    SignatureReport r;
    r.index = ++index;
    r.field_name = info.field_name;
    r.sub_filter = info.sub_filter;
    r.claimed_time = info.claimed_time;
    r.covers_whole_document = info.covers_whole_document;
    r.appended_bytes = info.appended_bytes;
    r.certification_permissions = info.certification_permissions;
    r.revocation_source = "none";
    r.format_ok = info.byte_range_valid && !info.contents.empty();
    if (!r.format_ok) {
      FailIntegrity(r);
      report.signatures.push_back(std::move(r));
      continue;
    }
    std::string signed_bytes = pdf::SignedBytes(bytes, info);
    if (info.sub_filter == "ETSI.RFC3161") {
      // A document timestamp (PAdES-LTA building block): the token stamps the revision.
      r.format = "PAdES document timestamp";
      auto ts = crypto::VerifyTimestampToken(info.contents, signed_bytes);
      if (!ts) {
        r.format_ok = false;
        FailIntegrity(r);
      } else {
        r.digest_matches = ts->imprint_matches;
        r.signature_valid = ts->signature_valid;
        r.timestamp_time = ts->time;
        r.claimed_time = ts->time;
        if (!r.digest_matches || !r.signature_valid) {
          FailIntegrity(r);
        } else {
          TrustContext tsa_trust = trust;
          tsa_trust.documents = trust.timestamps ? trust.timestamps : trust.documents;
          r.signer =
              ts->tsa_certificate ? std::optional(Summarise(*ts->tsa_certificate)) : std::nullopt;
          // The token's signer must be a timestamp authority (id-kp-timeStamping), as for a
          // signature timestamp (TimestampPoe), not merely a certificate allowed to sign.
          JudgeCertificate(r, ts->tsa_certificate, ts->certificates, std::nullopt, tsa_trust, now,
                           crypto::KeyPurpose::kTimestamping);
        }
      }
      report.signatures.push_back(std::move(r));
      continue;
    }
    auto cms = crypto::VerifyCms(info.contents, std::string_view(signed_bytes));
    if (!cms || cms->signers.empty()) {
      r.format_ok = false;
      FailIntegrity(r);
      report.signatures.push_back(std::move(r));
      continue;
    }
    const auto& signer = cms->signers.front();
    bool pades = info.sub_filter == "ETSI.CAdES.detached";
    r.format = pades ? (signer.timestamp ? "PAdES-BASELINE-T" : "PAdES-BASELINE-B")
                     : (info.sub_filter == "adbe.pkcs7.detached" ? "PKCS#7 (adbe.pkcs7.detached)"
                                                                 : info.sub_filter);
    if (pades && !signer.has_signing_certificate_v2) {
      r.warnings.push_back("Chữ ký PAdES thiếu thuộc tính signing-certificate-v2.");
    }
    if (pades && signer.signing_time) {
      r.warnings.push_back(
          "Chữ ký PAdES không nên có thuộc tính signingTime (thời điểm ký nằm "
          "trong mục /M của PDF).");
    }
    if (cms->signers.size() > 1) {
      r.warnings.push_back(
          "Chữ ký PDF chứa nhiều người ký trong một CMS; chỉ kiểm tra người "
          "ký đầu tiên.");
    }
    JudgeCmsSigner(r, signer, cms->certificates, trust, now);
    report.signatures.push_back(std::move(r));
  }
  if (!report.signatures.empty()) {
    // The newest revision is the one that ends last; bytes after it are signed by nobody.
    auto last = std::max_element(sigs->begin(), sigs->end(), [](const auto& a, const auto& b) {
      auto end = [](const pdf::PdfSignatureInfo& s) {
        return s.byte_range.size() == 4 ? s.byte_range[2] + s.byte_range[3] : 0;
      };
      return end(a) < end(b);
    });
    // Only a well-formed range says where the signed revision ends.
    if (last->byte_range_valid && !last->covers_whole_document) {
      report.unsigned_trailing_bytes = last->appended_bytes;
      report.warnings.push_back("Tệp có " + HumanSize(last->appended_bytes) +
                                " được thêm vào sau chữ ký cuối cùng; phần này không được ký.");
    }
  }
  return {};
}

Result<void> VerifyXmlFile(std::string_view bytes, const TrustContext& trust, TimePoint now,
                           const CpuBudget& budget, VerificationReport& report) {
  xml::ParseLimits limits;
  limits.budget = &budget;
  auto sigs = xml::VerifySignatures(bytes, limits);
  if (!sigs) {
    return sigs.error();
  }
  int index = 0;
  for (const auto& s : *sigs) {
    CQDT_RETURN_IF_ERROR(budget.Check());
    SignatureReport r;
    r.index = ++index;
    r.field_name = s.placement;
    r.format = "XML-DSig";
    r.revocation_source = "none";
    r.warnings = s.warnings;
    r.format_ok = true;
    r.digest_matches = s.valid;
    r.signature_valid = s.valid;
    if (!s.valid) {
      if (s.certificate) {
        r.signer = Summarise(*s.certificate);
      }
      r.signature_valid = false;
      FailIntegrity(r);
      if (!s.failure.empty()) {
        r.conclusion = "Chữ ký không hợp lệ: " + s.failure;
      }
    } else {
      JudgeCertificate(r, s.certificate, s.certificates, std::nullopt, trust, now);
    }
    report.signatures.push_back(std::move(r));
  }
  return {};
}

Result<void> VerifyCmsFile(std::string_view bytes, std::optional<std::string_view> content,
                           std::optional<std::string_view> sha256, const TrustContext& trust,
                           TimePoint now, const CpuBudget& budget, VerificationReport& report) {
  auto cms = !content && sha256 ? crypto::VerifyCmsWithDigest(bytes, *sha256)
                                : crypto::VerifyCms(bytes, content);
  if (!cms) {
    return cms.error();
  }
  int index = 0;
  for (const auto& s : cms->signers) {
    CQDT_RETURN_IF_ERROR(budget.Check());
    SignatureReport r;
    r.index = ++index;
    r.field_name = "signer " + std::to_string(index);
    r.format = s.timestamp                                                      ? "CAdES-BASELINE-T"
               : (s.has_signing_certificate_v2 || s.has_signing_certificate_v1) ? "CAdES-BASELINE-B"
                                                                                : "CMS";
    r.format_ok = true;
    r.revocation_source = "none";
    JudgeCmsSigner(r, s, cms->certificates, trust, now);
    report.signatures.push_back(std::move(r));
  }
  return {};
}

bool StartsWithAfterSpace(std::string_view b, std::string_view prefix) {
  if (b.substr(0, 3) == "\xEF\xBB\xBF") {
    b.remove_prefix(3);
  }
  while (!b.empty() &&
         (b.front() == ' ' || b.front() == '\n' || b.front() == '\r' || b.front() == '\t')) {
    b.remove_prefix(1);
  }
  return b.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::string_view ToString(Indication i) {
  switch (i) {
    case Indication::kTotalPassed:
      return "TOTAL_PASSED";
    case Indication::kIndeterminate:
      return "INDETERMINATE";
    case Indication::kTotalFailed:
      return "TOTAL_FAILED";
  }
  return "INDETERMINATE";
}

std::string_view ToString(FileKind k) {
  switch (k) {
    case FileKind::kPdf:
      return "pdf";
    case FileKind::kXml:
      return "xml";
    case FileKind::kCms:
      return "cms";
  }
  return "pdf";
}

Result<FileKind> DetectKind(std::string_view bytes) {
  // Untrusted input: look only at the first bytes. A document that opens with markup is XML,
  // whatever it says later (an XML comment may well contain "%PDF-"); otherwise PDF readers accept
  // a header within the first 1024 bytes, and so do we.
  if (StartsWithAfterSpace(bytes, "<")) {
    return FileKind::kXml;
  }
  if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) {
    return FileKind::kPdf;
  }
  if (StartsWithAfterSpace(bytes, "-----BEGIN")) {
    return FileKind::kCms;
  }
  if (!bytes.empty() && static_cast<unsigned char>(bytes[0]) == 0x30) {
    return FileKind::kCms;
  }
  return Error::Unsupported(
      "Không nhận ra loại tệp: chỉ kiểm tra được tệp PDF, XML hoặc chữ ký CMS (.p7s).");
}

Result<VerificationReport> Verifier::Verify(std::string_view bytes, std::string file_name,
                                            const TrustContext& trust,
                                            std::optional<std::string_view> detached_content,
                                            std::optional<std::string_view> detached_sha256) const {
  auto kind = DetectKind(bytes);
  if (!kind) {
    return kind.error();
  }
  // The budget starts here, on this thread (core/cpu_budget.hpp).
  std::optional<CpuBudget> own_budget;
  if (options_.cpu_budget) {
    own_budget.emplace(*options_.cpu_budget);
  }
  const CpuBudget& budget = own_budget ? *own_budget : CpuBudget::Unlimited();
  VerificationReport report;
  report.kind = *kind;
  report.file_name = std::move(file_name);
  report.file_sha256 = crypto::Sha256Hex(bytes);
  report.file_size = static_cast<std::int64_t>(bytes.size());
  report.verified_at = clock_.Now();
  Result<void> done;
  switch (*kind) {
    case FileKind::kPdf:
      done = VerifyPdf(bytes, trust, report.verified_at, budget, report);
      break;
    case FileKind::kXml:
      done = VerifyXmlFile(bytes, trust, report.verified_at, budget, report);
      break;
    case FileKind::kCms:
      done = VerifyCmsFile(bytes, detached_content, detached_sha256, trust, report.verified_at,
                           budget, report);
      break;
  }
  if (!done) {
    return done.error();
  }
  // The last signature's checks ran after the last checkpoint: a verdict is given only for work
  // that finished within the budget.
  CQDT_RETURN_IF_ERROR(budget.Check());
  Conclude(report);
  return report;
}

}  // namespace cqdt::signing
