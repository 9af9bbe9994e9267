#include "signing/verification_report.hpp"

#include <cstdio>
#include <sstream>

#include "pdf/pdf.hpp"
#include "signing/signing_service.hpp"
#include "text/normalize.hpp"

namespace cqdt::signing {
// i18n: Vietnamese only (the verification report PDF is written for a Vietnamese reader; the
// JSON report carries the same facts as codes and follows Accept-Language)
namespace {

// The value of the first `attr`= in an RFC 2253 name ("CN=Sub CA,O=Org" -> "Sub CA"), with the
// backslash escapes undone; "" when absent.
std::string DnAttribute(std::string_view dn, std::string_view attr) {
  std::size_t i = 0;
  while (i < dn.size()) {
    std::size_t start = i;
    std::string value;
    bool escaped = false;
    for (; i < dn.size(); ++i) {
      const char c = dn[i];
      if (escaped) {
        value.push_back(c);
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == ',' || c == '+') {
        break;
      } else {
        value.push_back(c);
      }
    }
    ++i;
    const std::string_view whole = dn.substr(start);
    if (whole.substr(0, attr.size()) == attr && whole.size() > attr.size() &&
        whole[attr.size()] == '=') {
      return value.substr(attr.size() + 1);
    }
  }
  return "";
}

std::string Who(const CertificateSummary& c) {
  std::string name = c.common_name.empty() ? c.subject : c.common_name;
  if (!c.organization.empty() && c.organization != c.common_name) {
    name += " (" + c.organization + ")";
  }
  return name;
}

std::string IssuerName(const CertificateSummary& c) {
  std::string cn = DnAttribute(c.issuer, "CN");
  std::string o = DnAttribute(c.issuer, "O");
  if (cn.empty()) {
    return c.issuer;
  }
  return o.empty() || o == cn ? cn : cn + " (" + o + ")";
}

std::string_view KindLabel(FileKind k) {
  switch (k) {
    case FileKind::kPdf:
      return "Văn bản PDF";
    case FileKind::kXml:
      return "Gói tin XML";
    case FileKind::kCms:
      return "Tệp chữ ký CMS (.p7s)";
  }
  return "";
}

// The signature's format in words; the standard's name stays in brackets for specialists.
std::string FormatLabel(const std::string& format) {
  struct Pair {
    std::string_view code, words;
  };
  static constexpr Pair kFormats[] = {
      {"PAdES-BASELINE-B", "Chữ ký PDF theo chuẩn PAdES, mức cơ bản"},
      {"PAdES-BASELINE-T", "Chữ ký PDF theo chuẩn PAdES, có dấu thời gian"},
      {"PAdES document timestamp", "Dấu thời gian cho cả văn bản PDF"},
      {"PKCS#7 (adbe.pkcs7.detached)", "Chữ ký PDF theo chuẩn PKCS#7 cũ"},
      {"CAdES-BASELINE-B", "Chữ ký CMS theo chuẩn CAdES, mức cơ bản"},
      {"CAdES-BASELINE-T", "Chữ ký CMS theo chuẩn CAdES, có dấu thời gian"},
      {"CMS", "Chữ ký CMS"},
      {"XML-DSig", "Chữ ký XML (XML-DSig)"},
  };
  for (const auto& f : kFormats) {
    if (f.code == format) {
      return std::string(f.words) + " (" + format + ")";
    }
  }
  return format;
}

std::string_view TimeSourceLabel(const std::string& source) {
  if (source == "timestamp") {
    return "theo dấu thời gian";
  }
  if (source == "claimed") {
    return "theo thời điểm người ký khai";
  }
  if (source == "now") {
    return "thời điểm kiểm tra";
  }
  return "";
}

std::string_view RevocationLabel(const std::string& source) {
  if (source == "crl") {
    return "qua danh sách chứng thư số bị thu hồi (CRL)";
  }
  if (source == "ocsp") {
    return "qua dịch vụ trực tuyến OCSP";
  }
  return "không kiểm tra được";
}

std::string Upper(const std::string& s) {
  auto upper = text::ToUpperVietnamese(s);
  return upper ? *upper : s;
}

std::string DateLabel(TimePoint t) { return VietnamTimeLabel(t).substr(0, 10); }

}  // namespace

std::string_view IndicationLabel(Indication i) {
  switch (i) {
    case Indication::kTotalPassed:
      return "Hợp lệ";
    case Indication::kIndeterminate:
      return "Chưa xác định";
    case Indication::kTotalFailed:
      return "Không hợp lệ";
  }
  return "Chưa xác định";
}

std::string VerdictLabel(const VerificationReport& report) {
  if (report.signatures.empty()) {
    return "Tệp không có chữ ký số";
  }
  return std::string(IndicationLabel(report.indication));
}

std::string_view SubIndicationLabel(std::string_view sub) {
  // docs/decisions/0002-signature-verdicts.md; the web's i18n says the same (subXXX).
  struct Pair {
    std::string_view code, words;
  };
  static constexpr Pair kReasons[] = {
      {"HASH_FAILURE", "Nội dung tệp đã bị thay đổi sau khi ký."},
      {"SIG_CRYPTO_FAILURE", "Giá trị chữ ký không khớp với chứng thư số."},
      {"FORMAT_FAILURE", "Cấu trúc chữ ký không đọc được."},
      {"REVOKED", "Chứng thư số đã bị thu hồi trước thời điểm ký."},
      {"REVOKED_NO_POE",
       "Chứng thư số đã bị thu hồi; không có bằng chứng chữ ký được tạo trước đó."},
      {"EXPIRED", "Chứng thư số đã hết hạn tại thời điểm ký."},
      {"NOT_YET_VALID", "Chứng thư số chưa có hiệu lực tại thời điểm ký."},
      {"OUT_OF_BOUNDS_NO_POE",
       "Chứng thư số nay đã hết hạn và không có dấu thời gian chứng minh thời điểm ký."},
      {"NO_CERTIFICATE_CHAIN_FOUND",
       "Không tìm thấy chuỗi chứng thực đến một tổ chức chứng thực tin cậy."},
      {"CHAIN_CONSTRAINTS_FAILURE", "Chuỗi chứng thực không thỏa mãn các ràng buộc."},
      {"NO_SIGNING_CERTIFICATE_FOUND", "Không xác định được chứng thư số dùng để ký."},
      {"TRY_LATER", "Chưa lấy được thông tin thu hồi; vui lòng thử lại sau."},
  };
  for (const auto& r : kReasons) {
    if (r.code == sub) {
      return r.words;
    }
  }
  return "";
}

std::string_view CertificateStatusLabel(std::string_view status) {
  struct Pair {
    std::string_view code, words;
  };
  static constexpr Pair kStatuses[] = {
      {"valid", "Còn hiệu lực"},
      {"expired", "Đã hết hạn"},
      {"not_yet_valid", "Chưa có hiệu lực"},
      {"revoked", "Đã bị thu hồi"},
      {"unknown_issuer", "Tổ chức cấp không nằm trong danh sách tin cậy"},
      {"revocation_unknown", "Chưa xác định được tình trạng thu hồi"},
      {"invalid", "Không hợp lệ"},
  };
  for (const auto& s : kStatuses) {
    if (s.code == status) {
      return s.words;
    }
  }
  return "Không có thông tin";
}

std::string HumanSize(std::int64_t bytes) {
  if (bytes < 1024) {
    return std::to_string(bytes) + " byte";
  }
  static constexpr const char* kUnits[] = {"KB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes) / 1024;
  std::size_t unit = 0;
  while (value >= 1024 && unit + 1 < std::size(kUnits)) {
    value /= 1024;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f", value);
  std::string number = buf;
  if (number.size() > 2 && number.ends_with(".0")) {
    number.resize(number.size() - 2);
  }
  for (auto& c : number) {
    if (c == '.') {
      c = ',';  // Vietnamese decimal comma
    }
  }
  return number + " " + kUnits[unit];
}

std::string VietnamTimeLabel(TimePoint t) {
  // ToIsoVietnam: "2026-11-27T09:15:00+07:00".
  const std::string iso = ToIsoVietnam(t);
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4) + " " +
         iso.substr(11, 8) + " (giờ Việt Nam, UTC+7)";
}

std::string ReportText(const VerificationReport& report) {
  std::ostringstream out;
  out << "Tệp / file: " << report.file_name << " (" << ToString(report.kind) << ", "
      << HumanSize(report.file_size) << ", SHA-256 " << report.file_sha256 << ")\n";
  out << "Kết luận / verdict: " << VerdictLabel(report) << " (" << ToString(report.indication)
      << ") — " << report.conclusion << "\n";
  for (const auto& w : report.warnings) {
    out << "  ! " << w << "\n";
  }
  for (const auto& s : report.signatures) {
    out << "\nChữ ký " << s.index << " (" << s.field_name << ", " << s.format
        << "): " << IndicationLabel(s.indication) << " (" << ToString(s.indication);
    if (!s.sub_indication.empty()) {
      out << " / " << s.sub_indication;
    }
    out << ")\n  " << s.conclusion << "\n";
    if (s.signer) {
      out << "  Người ký / signer: " << s.signer->subject << "\n";
      out << "  Tổ chức phát hành / issuer: " << s.signer->issuer << "\n";
      out << "  Số hiệu / serial: " << s.signer->serial << "\n";
    }
    if (s.claimed_time) {
      out << "  Thời điểm ký khai báo / claimed time: " << ToIsoVietnam(*s.claimed_time) << "\n";
    }
    if (s.timestamp_time) {
      out << "  Dấu thời gian / timestamp: " << ToIsoVietnam(*s.timestamp_time);
      if (!s.timestamp_authority.empty()) {
        out << " (" << s.timestamp_authority << ")";
      }
      out << "\n";
    }
    out << "  Toàn vẹn / integrity: "
        << (s.format_ok && s.digest_matches && s.signature_valid ? "đúng / intact" : "sai / broken")
        << "\n";
    if (!s.certificate_status.empty()) {
      out << "  Chứng thư số / certificate: " << CertificateStatusLabel(s.certificate_status)
          << " (" << s.certificate_status << ") — " << s.certificate_detail << "\n";
    }
    for (const auto& w : s.warnings) {
      out << "  ! " << w << "\n";
    }
  }
  return out.str();
}

Result<std::string> ReportPdf(const VerificationReport& report, const ReportIssuer& issuer,
                              const ReportSeal& seal) {
  pdf::TextDocument doc;
  doc.title = "Kết quả kiểm tra chữ ký số";
  doc.author = issuer.agency.empty() ? "cqdt" : issuer.agency;
  auto block = [&](std::string text, double size = 12, bool bold = false, bool centered = false,
                   double after = 3) {
    doc.blocks.push_back({.text = std::move(text),
                          .font_size = size,
                          .bold = bold,
                          .italic = false,
                          .centered = centered,
                          .space_after = after});
  };
  auto field = [&](const std::string& label, const std::string& value, double size = 12) {
    block(label + ": " + value, size);
  };

  // Decree 30/2020 Appendix I: the parent agency, then the issuing agency in bold capitals.
  if (!issuer.parent_agency.empty()) {
    block(Upper(issuer.parent_agency), 12, false, true, 0);
  }
  if (!issuer.agency.empty()) {
    block(Upper(issuer.agency), 12, true, true, 14);
  }
  block("KẾT QUẢ KIỂM TRA CHỮ KÝ SỐ", 14, true, true, 1);
  block("Signature verification report", 11, false, true, 14);

  const std::size_t n = report.signatures.size();
  if (n == 0) {
    block("Kết luận: Tệp không có chữ ký số.", 13, true, false, 3);
    block(
        "Tệp này không mang chữ ký số nào, nên không xác định được người ký cũng như việc nội "
        "dung có bị thay đổi hay không.");
  } else {
    block("Kết luận: " + VerdictLabel(report) + " — " + std::to_string(n) + " chữ ký", 13, true,
          false, 3);
    block(report.conclusion);
  }
  for (const auto& w : report.warnings) {
    block("Lưu ý: " + w);
  }
  doc.blocks.back().space_after = 12;

  block("Thông tin tệp", 13, true, false, 4);
  field("Tên tệp", report.file_name);
  field("Loại tệp", std::string(KindLabel(report.kind)));
  field("Dung lượng", HumanSize(report.file_size));
  field("Thời điểm kiểm tra", VietnamTimeLabel(report.verified_at));
  field("Mã băm SHA-256 của tệp", report.file_sha256, 10);
  doc.blocks.back().space_after = 12;

  for (const auto& s : report.signatures) {
    const std::string who =
        s.signer ? (s.signer->common_name.empty() ? s.signer->subject : s.signer->common_name)
                 : "không rõ người ký";
    block("Chữ ký " + std::to_string(s.index) + ": " + who + " — " +
              std::string(IndicationLabel(s.indication)),
          13, true, false, 4);
    block(s.conclusion);
    if (auto reason = SubIndicationLabel(s.sub_indication); !reason.empty()) {
      field("Lý do", std::string(reason));
    }
    if (s.signer) {
      field("Người ký", Who(*s.signer));
      field("Tổ chức cấp chứng thư số", IssuerName(*s.signer));
      field("Số hiệu chứng thư số", s.signer->serial);
      field("Thời hạn chứng thư số",
            "từ " + DateLabel(s.signer->not_before) + " đến " + DateLabel(s.signer->not_after));
    }
    field("Thời điểm ký (theo người ký)",
          s.claimed_time ? VietnamTimeLabel(*s.claimed_time) : "không ghi");
    field("Dấu thời gian", s.timestamp_time ? VietnamTimeLabel(*s.timestamp_time) +
                                                  (s.timestamp_authority.empty()
                                                       ? std::string()
                                                       : ", do " + s.timestamp_authority + " cấp")
                                            : "không có");
    if (auto source = TimeSourceLabel(s.validation_time_source); !source.empty()) {
      field("Thời điểm dùng để đánh giá",
            VietnamTimeLabel(s.validation_time) + ", " + std::string(source));
    }
    field("Tính toàn vẹn", s.format_ok && s.digest_matches && s.signature_valid
                               ? "nội dung được ký không bị thay đổi"
                               : "KHÔNG toàn vẹn: chữ ký hoặc nội dung đã bị thay đổi");
    if (!s.covers_whole_document && s.appended_bytes > 0) {
      // Usually the next signature (the clerk's seal after the leader's signature).
      block("Sau chữ ký này, tệp được bổ sung " + HumanSize(s.appended_bytes) +
            (s.index < static_cast<int>(n) ? " (trong đó có chữ ký tiếp theo)" : "") +
            "; chữ ký này bảo đảm phần nội dung có trước khi ký.");
    }
    if (!s.certificate_status.empty()) {
      field("Tình trạng chứng thư số",
            std::string(CertificateStatusLabel(s.certificate_status)) +
                (s.certificate_detail.empty() ? std::string() : ". " + s.certificate_detail));
      field("Kiểm tra thu hồi", std::string(RevocationLabel(s.revocation_source)));
    }
    if (s.certification_permissions) {
      field("Chữ ký chứng nhận văn bản",
            "mức quyền " + std::to_string(*s.certification_permissions));
    }
    if (!s.format.empty()) {
      field("Định dạng", FormatLabel(s.format), 11);
    }
    for (const auto& w : s.warnings) {
      block("Lưu ý: " + w, 11);
    }
    doc.blocks.back().space_after = 12;
  }

  std::string footer =
      "Kết quả do hệ thống cqdt kiểm tra tự động theo tiêu chuẩn châu Âu ETSI EN 319 102-1; các "
      "thời điểm tính theo giờ Việt Nam (UTC+7). ";
  if (seal.agency.empty()) {
    footer += "Báo cáo này không được ký số.";
  } else {
    footer += "Báo cáo này được ký số bằng chữ ký số của " + seal.agency + " (chứng thư số " +
              seal.certificate_serial +
              "); có thể kiểm tra chữ ký của chính báo cáo bằng phần mềm đọc PDF hoặc trang "
              "Kiểm tra chữ ký số.";
  }
  block(footer, 10, false, false, 0);
  doc.blocks.back().italic = true;
  return pdf::RenderTextDocument(doc);
}

Status ReportWriter::Check() const {
  if (seal_key_id_.empty()) {
    return Ok();
  }
  const KeyEntry* entry = keys_.Find(seal_key_id_);
  if (entry == nullptr) {
    return Error::InvalidField("signing.report_seal_key", "unknown",
                               "Không có khóa ký \"" + seal_key_id_ + "\" trong danh sách khóa.");
  }
  if (entry->kind != KeyKind::kSeal || entry->ask_secret) {
    return Error::InvalidField("signing.report_seal_key", "kind",
                               "Khóa niêm phong báo cáo phải là con dấu của cơ quan (kind = "
                               "\"seal\") do máy chủ giữ (không ask_secret).");
  }
  auto key = keys_.Unlock(*entry, "");
  if (!key) {
    return key.error();
  }
  return Ok();
}

Result<ReportIssuer> ReportWriter::Issuer(db::Transaction& tx) const {
  ReportIssuer out;
  std::optional<org::Agency> agency;
  if (const KeyEntry* entry = sealed() ? keys_.Find(seal_key_id_) : nullptr) {
    if (auto a = agencies_.GetByCode(tx, entry->owner)) {
      agency = *a;
    }
  } else {
    auto all = agencies_.List(tx, {});
    if (!all) {
      return all.error();
    }
    std::vector<const org::Agency*> top;
    for (const auto& a : *all) {
      if (!a.parent_id.IsSet()) {
        top.push_back(&a);
      }
    }
    if (top.size() == 1) {
      agency = *top.front();
    }
  }
  if (agency) {
    out.agency = agency->name;
    if (agency->parent_id.IsSet()) {
      if (auto parent = agencies_.Get(tx, agency->parent_id)) {
        out.parent_agency = parent->name;
      }
    }
  }
  return out;
}

Result<std::string> ReportWriter::Pdf(const VerificationReport& report,
                                      const ReportIssuer& issuer) const {
  if (!sealed()) {
    return ReportPdf(report, issuer);
  }
  const KeyEntry* entry = keys_.Find(seal_key_id_);
  if (entry == nullptr) {
    return Error::Unavailable("Chưa cấu hình được khóa ký báo cáo.");
  }
  auto key = keys_.Unlock(*entry, "");
  if (!key) {
    return Error::Unavailable("Không dùng được khóa ký báo cáo.");
  }
  ReportSeal seal;
  seal.agency = !issuer.agency.empty() ? issuer.agency
                : !key->certificate.SubjectOrganization().empty()
                    ? key->certificate.SubjectOrganization()
                    : key->certificate.SubjectCommonName();
  seal.certificate_serial = key->certificate.SerialHex();
  auto pdf = ReportPdf(report, issuer, seal);
  if (!pdf) {
    return pdf.error();
  }
  // PAdES B-B, invisible: the footer says who sealed the report. No timestamp: the public
  // verification route must not wait on a TSA.
  PdfSignOptions options;
  options.style = AppearanceStyle::kNone;
  options.reason = "Kết quả kiểm tra chữ ký số";
  options.signing_time = clock_.Now();
  return SignPdfWithKey(*pdf, *key, options);
}

// i18n: end

}  // namespace cqdt::signing
