// Reading an edXML package (inspect.hpp): the root and namespace, the kind, the STATUS reader, the
// signature, and the helpers of reader.hpp. The document header is read in read_document.cpp,
// the attachments in read_attachments.cpp.
#include "exchange/inspect.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>

#include "core/agency_code.hpp"
#include "core/text.hpp"
#include "crypto/crypto.hpp"
#include "reader.hpp"

namespace cqdt::exchange {
namespace internal {

std::string Trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && space(s.back())) {
    s.remove_suffix(1);
  }
  return std::string(s);
}

std::string Text(const xml::Element& parent, std::string_view name) {
  const xml::Element* c = parent.Child(name);
  return c == nullptr ? std::string() : Trim(c->text);
}

void Reader::Refuse(RefusalReason reason, std::string field, std::string message) {
  if (!out_.refusal) {
    out_.refusal = Refusal{reason, std::move(field), std::move(message)};
  }
}

void Reader::Warn(std::string code, std::string message) {
  for (const Warning& w : out_.warnings) {
    if (w.code == code && w.message == message) {
      return;
    }
  }
  out_.warnings.push_back({std::move(code), std::move(message)});
}

void Reader::CheckOrganId(const std::string& value, const std::string& field) {
  if (value.empty()) {
    Refuse(RefusalReason::kMissingField, field,
           "Gói tin thiếu mã định danh cơ quan (" + field + ").");
    return;
  }
  // Untrusted input: the code addresses packages and names stored rows, so its alphabet is closed.
  const bool safe =
      value.size() <= 35 && std::all_of(value.begin(), value.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
      });
  if (!safe) {
    Refuse(RefusalReason::kBadValue, field,
           "Mã định danh cơ quan '" + value.substr(0, 40) + "' (" + field + ") không hợp lệ.");
    return;
  }
  if (!ParseAgencyCode(value).has_value()) {
    Warn("organ-id-format", "Mã định danh cơ quan '" + value +
                                "' không theo QCVN 102:2016 hay Quyết định 20/2020/QĐ-TTg.");
  }
}

Organization Reader::ReadOrganization(const xml::Element& e, const std::string& field) {
  Organization o;
  o.organ_id = Text(e, "OrganId");
  o.organization_in_charge = Text(e, "OrganizationInCharge");
  o.organ_name = Text(e, "OrganName");
  o.organ_add = Text(e, "OrganAdd");
  o.email = Text(e, "Email");
  o.telephone = Text(e, "Telephone");
  o.fax = Text(e, "Fax");
  o.website = Text(e, "Website");
  CheckOrganId(o.organ_id, field + "/OrganId");
  return o;
}

std::optional<StaffInfo> Reader::ReadStaff(const xml::Element* e) {
  if (e == nullptr) {
    return std::nullopt;
  }
  StaffInfo s{Text(*e, "Department"), Text(*e, "Staff"), Text(*e, "Email"), Text(*e, "Mobile")};
  if (s.staff.empty()) {
    s.staff = Text(*e, "StaffName");  // one gateway's spelling (FINDINGS)
  }
  return s;
}

ResponseFor Reader::ReadResponseFor(const xml::Element& e) {
  ResponseFor r;
  r.organ_id = Text(e, "OrganId");
  r.code = Text(e, "Code");
  r.document_id = Text(e, "DocumentId");
  r.promulgation_date = ReadDate(e, "PromulgationDate", "ResponseFor/PromulgationDate");
  return r;
}

std::string Reader::ReadDate(const xml::Element& parent, std::string_view name,
                             const std::string& field) {
  const std::string raw = Text(parent, name);
  if (raw.empty()) {
    return "";
  }
  bool day_first = false;
  auto date = NormaliseEdxmlDate(raw, &day_first);
  if (!date) {
    Refuse(RefusalReason::kBadValue, field,
           "Ngày '" + raw.substr(0, 40) + "' (" + field + ") không hợp lệ, cần dạng yyyy/MM/dd.");
    return "";
  }
  if (day_first) {
    Warn("date-format",
         "Ngày '" + raw + "' (" + field + ") viết dạng dd/MM/yyyy thay vì yyyy/MM/dd.");
  }
  return *date;
}

int Reader::ReadInt(const xml::Element& parent, std::string_view name, const std::string& field,
                    int min, int max, int fallback) {
  const std::string raw = Text(parent, name);
  if (raw.empty()) {
    return fallback;
  }
  int value = 0;
  // At most four digits, checked before any arithmetic (a long value must not overflow).
  bool ok = raw.size() <= 4 && std::all_of(raw.begin(), raw.end(), [](char c) {
              return std::isdigit(static_cast<unsigned char>(c)) != 0;
            });
  for (std::size_t i = 0; ok && i < raw.size(); ++i) {
    value = value * 10 + (raw[i] - '0');
  }
  if (!ok || value < min || value > max) {
    Refuse(RefusalReason::kBadValue, field,
           "Giá trị '" + raw.substr(0, 20) + "' của " + field + " nằm ngoài bảng mã (" +
               std::to_string(min) + "–" + std::to_string(max) + ").");
    return fallback;
  }
  return value;
}

void Reader::ReadStatus(const xml::Element& header) {
  Inspection& o = out_;
  o.kind = PackageKind::kStatus;
  StatusPackage& s = o.status;
  if (const xml::Element* from = header.Child("From")) {
    s.from = ReadOrganization(*from, "From");
  } else {
    Refuse(RefusalReason::kMissingField, "From", "Gói tin trạng thái thiếu đơn vị gửi (From).");
  }
  if (const xml::Element* rf = header.Child("ResponseFor")) {
    s.response_for = ReadResponseFor(*rf);
    if (s.response_for.organ_id.empty()) {
      Refuse(RefusalReason::kMissingField, "ResponseFor/OrganId",
             "Gói tin trạng thái thiếu mã cơ quan ban hành văn bản (ResponseFor/OrganId).");
    }
    if (s.response_for.code.empty()) {
      Refuse(RefusalReason::kMissingField, "ResponseFor/Code",
             "Gói tin trạng thái thiếu số, ký hiệu văn bản (ResponseFor/Code).");
    }
    if (s.response_for.document_id.empty()) {
      Refuse(RefusalReason::kMissingField, "ResponseFor/DocumentId",
             "Gói tin trạng thái thiếu mã văn bản (ResponseFor/DocumentId).");
    }
  } else {
    Refuse(RefusalReason::kMissingField, "ResponseFor",
           "Gói tin trạng thái thiếu văn bản được phản hồi (ResponseFor).");
  }
  s.staff = ReadStaff(header.Child("StaffInfo"));
  const std::string raw = Text(header, "StatusCode");
  if (raw.empty()) {
    Refuse(RefusalReason::kMissingField, "StatusCode",
           "Gói tin trạng thái thiếu mã trạng thái (StatusCode).");
  } else {
    s.status_code = NormaliseStatusCode(raw);
    if (s.status_code.empty()) {
      Refuse(RefusalReason::kBadValue, "StatusCode",
             "Mã trạng thái '" + raw.substr(0, 20) + "' không hợp lệ.");
    } else if (!IsKnownStatusCode(s.status_code)) {
      const int n = std::stoi(s.status_code);
      if ((n >= 7 && n <= 12) || n == 14) {
        Warn("status-reserved", "Mã trạng thái " + s.status_code +
                                    " chưa được dùng trong QCVN 102:2016; lưu nguyên như nhận.");
      } else {
        Refuse(RefusalReason::kBadValue, "StatusCode",
               "Mã trạng thái '" + s.status_code + "' không có trong bảng mã QCVN 102:2016.");
      }
    }
  }
  s.description = Text(header, "Description");
  s.timestamp = Text(header, "Timestamp");
  if (s.timestamp.empty()) {
    Warn("missing-optional", "Gói tin trạng thái không có thời điểm (Timestamp).");
  }
}

}  // namespace internal

namespace {

using internal::Reader;

bool IsEdxmlRoot(const std::string& name) {
  return name == "edXML" || name == "edXMLEnvelope" || name == "EdXMLEnvelope";
}

// Every QCVN element of the envelope should carry the edXML: prefix: one national-axis receiver is
// reported to refuse unprefixed ones (FINDINGS); cqdt reads both and notes it.
bool AllPrefixed(const xml::Element& e) {
  if (e.ns == kQcvnNamespace && e.prefix.empty()) {
    return false;
  }
  for (const xml::Element& c : e.children) {
    if (c.local_name == "Signature" || c.local_name == "AttachmentEncoded") {
      continue;
    }
    if (!AllPrefixed(c)) {
      return false;
    }
  }
  return true;
}

const xml::Element* FindSignature(const xml::Element& e, int depth) {
  if (e.local_name == "Signature") {
    return &e;
  }
  if (depth == 0) {
    return nullptr;
  }
  for (const xml::Element& c : e.children) {
    if (const xml::Element* s = FindSignature(c, depth - 1)) {
      return s;
    }
  }
  return nullptr;
}

void CheckSignature(Reader& r, std::string_view bytes, const xml::Element& root) {
  Inspection& o = r.out();
  const InspectOptions& options = r.options();
  const xml::Element* sig = FindSignature(root, 4);
  if (sig != nullptr) {
    if (const xml::Element* si = sig->Child("SignedInfo")) {
      if (const xml::Element* m = si->Child("SignatureMethod")) {
        o.signature.algorithm = m->Attribute("Algorithm");
      }
      std::string digest;
      if (const xml::Element* ref = si->Child("Reference")) {
        if (const xml::Element* d = ref->Child("DigestMethod")) {
          digest = d->Attribute("Algorithm");
        }
      }
      auto ends_sha1 = [](const std::string& uri) {
        return uri.size() >= 4 && uri.compare(uri.size() - 4, 4, "sha1") == 0;
      };
      if (ends_sha1(o.signature.algorithm) || ends_sha1(digest)) {
        r.Warn("sha1", "Chữ ký gói tin dùng thuật toán SHA-1, đã lỗi thời.");
      }
    }
  }
  o.signature.present = sig != nullptr;
  if (options.verifier == nullptr) {
    o.signature.conclusion =
        o.signature.present ? "Chữ ký gói tin chưa được kiểm tra." : "Gói tin không có chữ ký số.";
    return;
  }
  if (!o.signature.present) {
    o.signature.conclusion = "Gói tin không có chữ ký số.";
    if (options.signature == SignaturePolicy::kRequire) {
      r.Refuse(RefusalReason::kSignature, "Signature", "Gói tin không có chữ ký số.");
    } else {
      r.Warn("unsigned", "Gói tin không có chữ ký số.");
    }
    return;
  }
  auto report = options.verifier->Verify(bytes, "package.edxml", options.trust);
  if (!report) {
    o.signature.conclusion = report.error().message();
    r.Refuse(report.error().code() == ErrorCode::kTooLarge ? RefusalReason::kTooLarge
                                                           : RefusalReason::kSignature,
             "Signature", "Không kiểm tra được chữ ký gói tin: " + report.error().message());
    return;
  }
  bool intact = !report->signatures.empty();
  bool usable = true;
  for (const signing::SignatureReport& s : report->signatures) {
    intact = intact && s.digest_matches && s.signature_valid;
    usable = usable && s.signer.has_value();
    if (s.signer) {
      o.signature.signer = s.signer->subject;
    }
  }
  o.signature.intact = intact;
  o.signature.trusted = intact && report->indication == signing::Indication::kTotalPassed;
  o.signature.conclusion = report->conclusion;
  if (o.signature.trusted) {
    return;
  }
  const bool require = options.signature == SignaturePolicy::kRequire;
  if (!usable && !require) {
    // The SDK samples carry placeholder signatures (a truncated certificate, fixed digests):
    // nothing can be checked, nothing was forged.
    r.Warn("signature-unverifiable",
           "Chữ ký gói tin không kiểm tra được (không có chứng thư số đọc được).");
  } else if (!intact) {
    r.Refuse(RefusalReason::kSignature, "Signature",
             "Chữ ký gói tin không hợp lệ: nội dung đã bị thay đổi sau khi ký hoặc chữ ký sai.");
  } else if (require) {
    r.Refuse(RefusalReason::kSignature, "Signature",
             "Chứng thư số ký gói tin không được tin cậy: " + report->conclusion);
  } else {
    r.Warn("signature-untrusted", "Chứng thư số ký gói tin không được tin cậy.");
  }
}

}  // namespace

const char* PackageKindName(PackageKind k) {
  return k == PackageKind::kStatus ? "status" : "document";
}

const char* RefusalReasonCode(RefusalReason r) {
  switch (r) {
    case RefusalReason::kMalformed:
      return "malformed";
    case RefusalReason::kNamespace:
      return "namespace";
    case RefusalReason::kDoctype:
      return "doctype";
    case RefusalReason::kUnknownNamespace:
      return "unknown-namespace";
    case RefusalReason::kNotEdxml:
      return "not-edxml";
    case RefusalReason::kTooLarge:
      return "too-large";
    case RefusalReason::kMissingField:
      return "missing-field";
    case RefusalReason::kBadValue:
      return "bad-value";
    case RefusalReason::kAttachment:
      return "attachment";
    case RefusalReason::kSignature:
      return "signature";
    case RefusalReason::kDuplicateRecipient:
      return "duplicate-recipient";
    case RefusalReason::kSender:
      return "sender";
  }
  return "malformed";
}

bool Inspection::HasWarning(std::string_view code) const {
  return std::any_of(warnings.begin(), warnings.end(),
                     [&](const Warning& w) { return w.code == code; });
}

std::optional<std::string> NormaliseEdxmlDate(std::string_view text, bool* was_day_first) {
  if (was_day_first != nullptr) {
    *was_day_first = false;
  }
  auto digits = [&](std::size_t at, std::size_t n) {
    for (std::size_t i = at; i < at + n; ++i) {
      if (std::isdigit(static_cast<unsigned char>(text[i])) == 0) {
        return false;
      }
    }
    return true;
  };
  if (text.size() != 10) {
    return std::nullopt;
  }
  std::string iso;
  if (digits(0, 4) && (text[4] == '/' || text[4] == '-') && digits(5, 2) && text[7] == text[4] &&
      digits(8, 2)) {
    iso = std::string(text.substr(0, 4)) + "-" + std::string(text.substr(5, 2)) + "-" +
          std::string(text.substr(8, 2));
  } else if (digits(0, 2) && text[2] == '/' && digits(3, 2) && text[5] == '/' && digits(6, 4)) {
    iso = std::string(text.substr(6, 4)) + "-" + std::string(text.substr(3, 2)) + "-" +
          std::string(text.substr(0, 2));
    if (was_day_first != nullptr) {
      *was_day_first = true;
    }
  } else {
    return std::nullopt;
  }
  if (!ParseIsoDate(iso).has_value()) {
    return std::nullopt;
  }
  return iso.substr(0, 4) + "/" + iso.substr(5, 2) + "/" + iso.substr(8, 2);
}

std::string NormaliseStatusCode(std::string_view text) {
  const std::string t = internal::Trim(text);
  if (t.empty() || t.size() > 2 || !std::all_of(t.begin(), t.end(), [](char c) {
        return std::isdigit(static_cast<unsigned char>(c)) != 0;
      })) {
    return "";
  }
  return t.size() == 1 ? "0" + t : t;
}

Inspection Inspect(std::string_view bytes, const InspectOptions& options) {
  Inspection o;
  Reader r(o, options);
  o.sha256 = crypto::Sha256Hex(bytes);
  o.size = bytes.size();
  if (bytes.size() > options.max_package_bytes) {
    r.Refuse(RefusalReason::kTooLarge, "",
             "Gói tin vượt quá giới hạn " +
                 std::to_string(options.max_package_bytes / (1024 * 1024)) + " MB.");
    return o;
  }
  std::string_view head = bytes;
  if (head.substr(0, 3) == "\xEF\xBB\xBF") {
    head.remove_prefix(3);
  }
  while (!head.empty() && std::isspace(static_cast<unsigned char>(head.front())) != 0) {
    head.remove_prefix(1);
  }
  if (!head.empty() && (head.front() == '{' || head.front() == '[')) {
    r.Refuse(RefusalReason::kNotEdxml, "", "Tệp là JSON, không phải gói tin edXML.");
    return o;
  }
  xml::ParseLimits limits;
  limits.max_bytes = options.max_package_bytes;
  auto tree = xml::ParseTree(bytes, limits);
  if (!tree) {
    const bool doctype = tree.error().message().find("DOCTYPE") != std::string::npos;
    r.Refuse(tree.error().code() == ErrorCode::kTooLarge ? RefusalReason::kTooLarge
             : doctype                                   ? RefusalReason::kDoctype
                                                         : RefusalReason::kMalformed,
             "", tree.error().message());
    return o;
  }
  const xml::Element& root = tree->root;
  if (!tree->namespace_error.empty()) {
    r.Refuse(RefusalReason::kNamespace, "", tree->namespace_error);
  }
  if (!IsEdxmlRoot(root.local_name)) {
    r.Refuse(RefusalReason::kNotEdxml, "",
             "Tài liệu không phải gói tin edXML (phần tử gốc là <" + root.local_name + ">).");
    return o;
  }
  o.ns = root.ns;
  if (root.ns == kGoEdocNamespace) {
    o.legacy_format = true;
    r.Warn("legacy-format",
           "Gói tin theo định dạng cũ http://www.go.vn/eDoc, không theo QCVN 102:2016.");
  } else if (root.ns == kEdocNamespace || root.ns == kInetNamespace) {
    r.Warn("legacy-format", "Gói tin dùng không gian tên cũ " + root.ns + ".");
  } else if (root.ns.empty()) {
    r.Warn("no-namespace", "Gói tin không khai báo không gian tên QCVN 102:2016.");
  } else if (root.ns != kQcvnNamespace) {
    r.Refuse(RefusalReason::kUnknownNamespace, "",
             "Gói tin dùng không gian tên lạ '" + root.ns.substr(0, 100) + "'.");
    return o;
  }
  const xml::Element* envelope = root.local_name == "edXML" ? root.Child("edXMLEnvelope") : &root;
  if (envelope == nullptr) {
    r.Refuse(RefusalReason::kNotEdxml, "edXMLEnvelope", "Gói tin thiếu phần bao edXMLEnvelope.");
    return o;
  }
  const xml::Element* header_parent = envelope->Child("edXMLHeader");
  if (header_parent == nullptr) {
    header_parent = envelope;  // the flat legacy layout
  }
  const xml::Element* header = header_parent->Child("MessageHeader");
  bool status_element = false;
  if (header == nullptr) {
    header = header_parent->Child("Status");
    status_element = header != nullptr;
  }
  if (header == nullptr) {
    r.Refuse(RefusalReason::kMissingField, "MessageHeader",
             "Gói tin thiếu phần đầu MessageHeader.");
    return o;
  }
  if (root.ns == kQcvnNamespace && !AllPrefixed(*envelope)) {
    r.Warn("prefix", "Các phần tử của gói tin không có tiền tố \"edXML:\".");
  }
  if (status_element || header->Child("StatusCode") != nullptr) {
    if (status_element) {
      r.Warn("status-element", "Gói tin trạng thái dùng phần tử Status thay cho MessageHeader.");
    }
    r.ReadStatus(*header);
  } else {
    r.ReadDocument(*header, *envelope, root);
  }
  CheckSignature(r, bytes, root);
  o.accepted = !o.refusal.has_value();
  return o;
}

}  // namespace cqdt::exchange
