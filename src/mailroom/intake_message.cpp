#include "intake_message.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

#include <nlohmann/json.hpp>

#include "core/document_number.hpp"
#include "mail/dkim.hpp"

namespace cqdt::mailroom::internal {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = s.find(sep, start);
    out.push_back(
        s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) {
      return out;
    }
    start = at + 1;
  }
}

// RFC 5322 comments ("(...)", nested, with quoted-pairs) removed: Authentication-Results carries
// its reasons in them, and a ';' inside one must not split the field.
std::string WithoutComments(std::string_view s) {
  std::string out;
  int depth = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\' && depth > 0) {
      ++i;
      continue;
    }
    if (c == '(') {
      ++depth;
      continue;
    }
    if (c == ')' && depth > 0) {
      --depth;
      if (depth == 0) {
        out += ' ';
      }
      continue;
    }
    if (depth == 0) {
      out += c;
    }
  }
  return out;
}

std::string FirstWord(std::string_view s) {
  s = Trimmed(s);
  return std::string(s.substr(0, std::min(s.find_first_of(" \t"), s.size())));
}

const char* const kSpfResults[] = {"none",     "neutral",   "pass",      "fail",
                                   "softfail", "temperror", "permerror", "policy"};

bool IsSpfResult(const std::string& r) {
  return std::find(std::begin(kSpfResults), std::end(kSpfResults), r) != std::end(kSpfResults);
}

struct AuthResults {
  std::string authserv_id;
  std::optional<std::string> spf;  // result
  std::string spf_properties;
};

AuthResults ReadAuthenticationResults(std::string_view value) {
  AuthResults out;
  const std::string plain = WithoutComments(value);
  auto parts = Split(plain, ';');
  out.authserv_id = Lower(FirstWord(parts.front()));
  for (std::size_t i = 1; i < parts.size(); ++i) {
    std::string_view resinfo = Trimmed(parts[i]);
    const std::size_t eq = resinfo.find('=');
    if (eq == std::string_view::npos) {
      continue;
    }
    std::string method = Lower(Trimmed(resinfo.substr(0, eq)));
    method = method.substr(0, method.find('/'));  // "spf/1"
    if (method != "spf" || out.spf) {
      continue;
    }
    std::string_view rest = Trimmed(resinfo.substr(eq + 1));
    const std::string result = Lower(FirstWord(rest));
    out.spf = IsSpfResult(result) ? result : "permerror";
    rest.remove_prefix(std::min(rest.size(), result.size()));
    out.spf_properties = std::string(Trimmed(rest));
  }
  return out;
}

}  // namespace

std::string PrintableAscii(std::string_view s, std::size_t max) {
  std::string out;
  for (char c : s.substr(0, std::min(s.size(), max))) {
    out += static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) <= 0x7e ? c : '?';
  }
  return out;
}

std::vector<HeaderField> ReadHeader(std::string_view raw, std::size_t max_fields) {
  std::vector<HeaderField> out;
  std::size_t pos = 0;
  while (pos < raw.size() && out.size() < max_fields) {
    std::size_t end = raw.find('\n', pos);
    if (end == std::string_view::npos) {
      end = raw.size();
    }
    std::string_view line = raw.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    pos = end + 1;
    if (line.empty()) {
      break;  // the end of the header
    }
    if (line.front() == ' ' || line.front() == '\t') {
      if (!out.empty() && out.back().value.size() < 8192) {
        out.back().value += std::string(line.substr(0, 8192 - out.back().value.size()));
      }
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      continue;  // not a field (ParseMail reports it)
    }
    out.push_back(
        {Lower(Trimmed(line.substr(0, colon))), std::string(line.substr(colon + 1, 8192))});
  }
  return out;
}

std::vector<DkimSignatureRef> DkimSignatures(const std::vector<HeaderField>& fields) {
  std::vector<DkimSignatureRef> out;
  for (const HeaderField& f : fields) {
    if (f.name != "dkim-signature" || out.size() >= 5) {
      continue;
    }
    DkimSignatureRef ref;
    for (std::string_view tag : Split(f.value, ';')) {
      const std::size_t eq = tag.find('=');
      if (eq == std::string_view::npos) {
        continue;
      }
      std::string name = Lower(Trimmed(tag.substr(0, eq)));
      std::string value;
      for (char c : tag.substr(eq + 1)) {
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
          value += c;
        }
      }
      if (name == "d") {
        ref.domain = Lower(value);
      } else if (name == "s") {
        ref.selector = Lower(value);
      }
    }
    out.push_back(std::move(ref));
  }
  return out;
}

DkimOutcome CheckDkim(std::string_view raw, const std::vector<HeaderField>& fields,
                      DkimKeyLookup* lookup, TimePoint now) {
  const auto signatures = DkimSignatures(fields);
  if (signatures.empty()) {
    return {"none", "", "no-signature", "Thư không có chữ ký DKIM."};
  }
  const std::string first_domain = PrintableAscii(signatures.front().domain, 253);
  if (lookup == nullptr) {
    return {"none", first_domain, "no-key-lookup",
            "Không kiểm tra được chữ ký DKIM: máy chủ không được cấu hình tra cứu khóa (DNS)."};
  }
  std::optional<DkimOutcome> first;
  for (const DkimSignatureRef& ref : signatures) {
    DkimOutcome outcome;
    outcome.domain = PrintableAscii(ref.domain, 253);
    const DkimKeyAnswer key = lookup->Find(ref.selector, ref.domain);
    if (key.status == DkimKeyAnswer::Status::kTempError) {
      // RFC 6376 §6.1.2: TEMPFAIL; RFC 8601 §2.7.1 "temperror".
      outcome.result = "temperror";
      outcome.reason = "key-unavailable";
      outcome.detail = "Không tra cứu được khóa DKIM của " + outcome.domain +
                       " lúc nhận thư (lỗi DNS tạm thời).";
    } else if (key.status == DkimKeyAnswer::Status::kNotFound) {
      outcome.result = "permerror";
      outcome.reason = "no-key";
      outcome.detail = "Tên miền " + outcome.domain +
                       " không công bố khóa DKIM (s=" + PrintableAscii(ref.selector, 63) + ").";
    } else {
      const mail::DkimVerification v = mail::DkimVerify(raw, key.record, now);
      outcome.result = v.status == mail::DkimStatus::kPass   ? "pass"
                       : v.status == mail::DkimStatus::kFail ? "fail"
                                                             : "none";
      if (!v.domain.empty()) {
        outcome.domain = PrintableAscii(v.domain, 253);
      }
      outcome.reason = v.reason;
      outcome.detail = v.message;
    }
    if (outcome.result == "pass") {
      return outcome;
    }
    if (!first) {
      first = std::move(outcome);
    }
  }
  return *first;
}

SpfOutcome SpfFromHeader(const std::vector<HeaderField>& fields,
                         std::string_view trusted_authserv_id) {
  // SPF can only be judged by the server that saw the SMTP connection (its client address and
  // MAIL FROM, RFC 7208 §2.4); cqdt reads the mailbox afterwards and has neither. It records what
  // the receiving server reported, and only that server's report: a field lower in the header
  // may have been written by the sender (RFC 8601 §5, §7.2).
  std::string server = Lower(trusted_authserv_id);
  bool any = false;
  for (const HeaderField& f : fields) {
    if (f.name != "authentication-results") {
      continue;
    }
    AuthResults ar = ReadAuthenticationResults(f.value);
    if (server.empty()) {
      server = ar.authserv_id;  // the topmost field names the receiving server
    }
    if (ar.authserv_id != server) {
      continue;
    }
    any = true;
    if (ar.spf) {
      return {*ar.spf, PrintableAscii(ar.authserv_id + ": " + ar.spf_properties, 300)};
    }
  }
  if (any || !trusted_authserv_id.empty()) {
    return {};
  }
  // RFC 7208 §9.1: Received-SPF, added at the top by the receiving server.
  for (const HeaderField& f : fields) {
    if (f.name == "received-spf") {
      const std::string result = Lower(FirstWord(f.value));
      return {IsSpfResult(result) ? result : "permerror",
              PrintableAscii(std::string(Trimmed(f.value)), 300)};
    }
  }
  return {};
}

std::string FindDocumentNumber(std::string_view text, int* type_ordinal) {
  *type_ordinal = 0;
  std::string token;
  auto try_token = [&](std::string t) -> std::string {
    while (!t.empty() && (t.back() == '.' || t.back() == ':' || t.back() == '-')) {
      t.pop_back();
    }
    const std::size_t slash = t.rfind('/');
    // A letter after the last slash: "12/STP-VP", not the date "07/12/2026".
    if (slash == std::string::npos ||
        !std::any_of(t.begin() + static_cast<std::ptrdiff_t>(slash), t.end(), [](char c) {
          return std::isalpha(static_cast<unsigned char>(c)) != 0 ||
                 static_cast<unsigned char>(c) >= 0x80;
        })) {
      return "";
    }
    auto parsed = ParseDocumentNumber(t);
    if (!parsed) {
      return "";
    }
    if (const DocumentType* type = parsed->Type()) {
      *type_ordinal = type->ordinal;
    }
    return parsed->Text();
  };
  const std::string_view separators = " \t\r\n,;()[]\"'";
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || separators.find(text[i]) != std::string_view::npos) {
      if (!token.empty()) {
        if (std::string found = try_token(token); !found.empty()) {
          return found;
        }
      }
      token.clear();
      continue;
    }
    token += text[i];
  }
  return "";
}

std::string CutUtf8(std::string_view s, std::size_t max) {
  if (s.size() <= max) {
    return std::string(s);
  }
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) {
    --end;
  }
  return std::string(s.substr(0, end));
}

std::string WarningsJson(const std::vector<IntakeWarning>& warnings) {
  nlohmann::json out = nlohmann::json::array();
  for (const IntakeWarning& w : warnings) {
    out.push_back({{"code", w.code}, {"message", w.message}});
  }
  return out.dump();
}

std::vector<IntakeWarning> WarningsFromJson(const std::string& json) {
  std::vector<IntakeWarning> out;
  auto parsed = nlohmann::json::parse(json, nullptr, false);
  if (!parsed.is_array()) {
    return out;
  }
  for (const auto& w : parsed) {
    if (w.is_object() && w.contains("code") && w["code"].is_string() && w.contains("message") &&
        w["message"].is_string()) {
      out.push_back({w["code"].get<std::string>(), w["message"].get<std::string>()});
    }
  }
  return out;
}

bool IsArchive(std::string_view content_type, std::string_view name, std::string_view bytes) {
  static const char* const kTypes[] = {"application/zip",
                                       "application/x-zip-compressed",
                                       "application/x-rar-compressed",
                                       "application/vnd.rar",
                                       "application/x-7z-compressed",
                                       "application/gzip",
                                       "application/x-gzip",
                                       "application/x-tar",
                                       "application/x-bzip2",
                                       "application/x-xz",
                                       "application/x-compressed"};
  for (const char* t : kTypes) {
    if (content_type == t) {
      return true;
    }
  }
  const std::string lower = Lower(name);
  for (const char* ext : {".zip", ".rar", ".7z", ".gz", ".tgz", ".bz2", ".xz", ".tar"}) {
    if (lower.ends_with(ext)) {
      return true;
    }
  }
  // By content, except ZIP's own magic: DOCX and XLSX files are ZIPs too.
  return bytes.starts_with("Rar!\x1a\x07") || bytes.starts_with("7z\xbc\xaf\x27\x1c") ||
         bytes.starts_with("\x1f\x8b") || bytes.starts_with("BZh") ||
         bytes.starts_with(std::string_view("\xfd"
                                            "7zXZ\x00",
                                            6)) ||
         (bytes.size() > 262 && bytes.substr(257, 5) == "ustar");
}

}  // namespace cqdt::mailroom::internal
