// SanitiseAttachmentName (declared in mail/mime_parse.hpp): a received attachment's name made
// safe to show and to use as a file name anywhere the clerk may save it.
#include <array>
#include <string_view>

#include "mail/mime_parse.hpp"
#include "text/normalize.hpp"
#include "utf8.hpp"

namespace cqdt::mail {
namespace {

constexpr std::size_t kMaxExtensionOctets = 16;

std::string ExtensionFor(std::string_view content_type) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kExtensions = {{
      {"application/pdf", ".pdf"},
      {"application/msword", ".doc"},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"},
      {"application/vnd.ms-excel", ".xls"},
      {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"},
      {"application/zip", ".zip"},
      {"application/xml", ".xml"},
      {"text/xml", ".xml"},
      {"text/plain", ".txt"},
      {"text/html", ".html"},
      {"text/calendar", ".ics"},
      {"text/csv", ".csv"},
      {"image/jpeg", ".jpg"},
      {"image/png", ".png"},
      {"message/rfc822", ".eml"},
      {"application/pkcs7-signature", ".p7s"},
  }};
  for (const auto& [type, extension] : kExtensions) {
    if (content_type == type) {
      return std::string(extension);
    }
  }
  return "";
}

// Windows refuses these as file names whatever the extension ("CON.pdf").
bool IsDeviceName(std::string_view stem) {
  std::string lower = internal::LowerAscii(stem);
  static constexpr std::array<std::string_view, 4> kNames = {"con", "prn", "aux", "nul"};
  for (std::string_view name : kNames) {
    if (lower == name) {
      return true;
    }
  }
  return lower.size() == 4 && (lower.starts_with("com") || lower.starts_with("lpt")) &&
         lower[3] >= '1' && lower[3] <= '9';
}

// The longest prefix of `s` of at most `max` octets that ends on a character boundary.
std::string_view CutUtf8(std::string_view s, std::size_t max) {
  if (s.size() <= max) {
    return s;
  }
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) {
    --end;
  }
  return s.substr(0, end);
}

std::string Trim(std::string_view s, std::string_view leading, std::string_view trailing) {
  std::size_t first = s.find_first_not_of(leading);
  if (first == std::string_view::npos) {
    return {};
  }
  s.remove_prefix(first);
  std::size_t last = s.find_last_not_of(trailing);
  return last == std::string_view::npos ? std::string() : std::string(s.substr(0, last + 1));
}

}  // namespace

SanitisedName SanitiseAttachmentName(std::string_view raw, int index, std::string_view content_type,
                                     std::size_t max_octets) {
  // Untrusted input: a name from a message header, decoded from RFC 2231 / RFC 2047.
  std::string valid = internal::ToValidUtf8(raw);
  auto nfc = text::NormalizeNfc(valid);
  std::string reference = nfc ? *nfc : valid;

  std::string clean;
  clean.reserve(reference.size());
  std::size_t pos = 0;
  while (pos < reference.size()) {
    std::size_t start = pos;
    char32_t cp = 0;
    internal::NextCodePoint(reference, pos, cp);
    if (internal::IsControl(cp) || internal::IsBidiOrInvisible(cp)) {
      continue;
    }
    if (cp < 0x80 &&
        std::string_view("/\\:*?\"<>|").find(static_cast<char>(cp)) != std::string_view::npos) {
      clean += '_';
      continue;
    }
    clean.append(reference, start, pos - start);
  }
  // No hidden files, no "..", and no trailing dots or spaces, which Windows drops.
  clean = Trim(clean, ". ", ". ");

  std::size_t dot = clean.rfind('.');
  std::string stem = dot == std::string::npos ? clean : clean.substr(0, dot);
  std::string extension = dot == std::string::npos ? "" : clean.substr(dot);
  if (extension.size() > kMaxExtensionOctets) {
    stem = clean;
    extension.clear();
  }
  if (!stem.empty() && IsDeviceName(stem)) {
    stem = "_" + stem;
  }
  std::size_t max = max_octets < 2 * kMaxExtensionOctets ? 2 * kMaxExtensionOctets : max_octets;
  if (stem.size() + extension.size() > max) {
    stem = Trim(CutUtf8(stem, max - extension.size()), " ", ". ");
  }
  clean = stem.empty() ? "" : stem + extension;

  SanitisedName out;
  if (clean.empty()) {
    out.name = "tep-dinh-kem-" + std::to_string(index) + ExtensionFor(content_type);
    out.changed = true;
    return out;
  }
  out.changed = clean != reference;
  out.name = std::move(clean);
  return out;
}

}  // namespace cqdt::mail
