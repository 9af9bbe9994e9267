// A verification report for people: plain text for the CLI, an A4 PDF for printing and filing.
//
// The PDF (issue 8, item 23) is written for a non-technical official: Vietnamese verdicts and
// reasons instead of the DSS codes (TOTAL_PASSED, NO_CERTIFICATE_CHAIN_FOUND; the mapping follows
// docs/decisions/0002-signature-verdicts.md), sizes in KB/MB, times in Vietnam time with the
// zone written out, the issuing agency's name on top (Decree 30/2020 Appendix I layout), and a
// file without signatures reads "Tệp không có chữ ký số". ReportWriter seals it with the
// system's agency seal so the report is itself a verifiable signed PDF.
//
// Thread safety: the free functions are pure; ReportWriter is safe to share (its collaborators
// are).
#pragma once

#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "org/agency_service.hpp"
#include "signing/key_ring.hpp"
#include "signing/verification.hpp"

namespace cqdt::signing {

// Words for people (Vietnamese). Pure; exposed for tests.
// The verdict of a file: "Hợp lệ", "Chưa xác định", "Không hợp lệ"; a file with no signature:
// "Tệp không có chữ ký số".
std::string VerdictLabel(const VerificationReport& report);
std::string_view IndicationLabel(Indication indication);  // per signature
// The reason behind a sub-indication ("HASH_FAILURE" -> "Nội dung tệp đã bị thay đổi sau khi
// ký."); "" for an empty or unknown one.
std::string_view SubIndicationLabel(std::string_view sub_indication);
// crypto::ToString(CertificateStatus) -> "Còn hiệu lực", "Đã bị thu hồi", ...
std::string_view CertificateStatusLabel(std::string_view status);
// 512 -> "512 byte", 1536 -> "1,5 KB", 20971520 -> "20 MB" (Vietnamese decimal comma).
std::string HumanSize(std::int64_t bytes);
// "27/11/2026 09:15:00 (giờ Việt Nam, UTC+7)".
std::string VietnamTimeLabel(TimePoint t);

// The plain-text report of `cqdt verify` (Vietnamese / English labels, one block per signature).
std::string ReportText(const VerificationReport& report);

// Who issues a report: printed on top as Decree 30/2020 heads a document (the parent agency,
// then the agency in bold capitals). Both may be empty.
struct ReportIssuer {
  std::string parent_agency;  // "Ủy ban nhân dân tỉnh An Giang"
  std::string agency;         // "Sở Nội vụ"
};

// How the report says it is sealed: the sealing agency and its certificate's serial; empty when
// the report is not sealed.
struct ReportSeal {
  std::string agency;
  std::string certificate_serial;
};

// The report as an A4 PDF ("KẾT QUẢ KIỂM TRA CHỮ KÝ SỐ"), unsigned. Errors: the renderer's.
Result<std::string> ReportPdf(const VerificationReport& report, const ReportIssuer& issuer = {},
                              const ReportSeal& seal = {});

// Writes report PDFs headed with the system's agency and sealed with its seal key
// (`[signing] report_seal_key`: a kind = "seal" key of keys.toml that the server holds, i.e.
// not ask_secret). With no seal key configured the report is unsealed and headed with the
// directory's only top-level agency (the province), when there is exactly one.
class ReportWriter {
 public:
  ReportWriter(const KeyRing& keys, org::AgencyService& agencies, const Clock& clock,
               std::string seal_key_id)
      : keys_(keys), agencies_(agencies), clock_(clock), seal_key_id_(std::move(seal_key_id)) {}

  // For start-up: the configured key exists, is an agency seal, needs no typed secret, and
  // unlocks. Errors: InvalidArgument naming "signing.report_seal_key", or the key's own error.
  Status Check() const;
  bool sealed() const { return !seal_key_id_.empty(); }

  // The agency the report is issued by, read through `tx` (the seal owner's agency and its
  // parent; see above without a seal).
  Result<ReportIssuer> Issuer(db::Transaction& tx) const;

  // The report PDF headed by `issuer`, sealed when a seal key is configured (PAdES B-B,
  // invisible; the last line says who sealed it). No database access: call it after releasing
  // the connection. Errors: Unavailable when the seal key cannot be used, the renderer's.
  Result<std::string> Pdf(const VerificationReport& report, const ReportIssuer& issuer) const;

 private:
  const KeyRing& keys_;
  org::AgencyService& agencies_;
  const Clock& clock_;
  std::string seal_key_id_;
};

}  // namespace cqdt::signing
