// libFuzzer target for incoming e-mail (issue 16 item 5): mail::ParseMail reads the messages the
// official mailbox receives (documents sent by e-mail, issue 15 item 3), so every byte is
// untrusted. The input is one message, parsed with the default limits (the intake raises only the
// total and attachment sizes, past what a fuzzer input reaches). Beyond AddressSanitizer, UBSan
// and GMime's own memory errors, the header's promises must hold: every string is well-formed
// UTF-8; header values and names hold no control characters; bodies keep only TAB and LF;
// attachment names are never empty; at most max_parts attachments; each warning code once.
// Built by tests/fuzz/CMakeLists.txt, run by tests/fuzz/run-all.sh; see tests/fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "mail/mime_parse.hpp"

namespace {

[[noreturn]] void Violated(const std::string& what) {
  std::fprintf(stderr, "mime_fuzzer: invariant violated: %s\n", what.c_str());
  std::abort();
}

// Well-formed UTF-8 (no overlongs, no surrogates, at most U+10FFFF).
bool IsUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    int n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) {
      return false;
    }
    for (int k = 1; k <= n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) {
        return false;
      }
      cp = (cp << 6) | (d & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += n + 1;
  }
  return true;
}

void CheckHeader(const char* what, std::string_view value) {
  if (!IsUtf8(value)) {
    Violated(std::string(what) + " is not UTF-8");
  }
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) {
      Violated(std::string(what) + " holds a control character");
    }
  }
}

void CheckBody(const char* what, std::string_view value) {
  if (!IsUtf8(value)) {
    Violated(std::string(what) + " is not UTF-8");
  }
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t' && c != '\n') || u == 0x7F) {
      Violated(std::string(what) + " holds a control character other than TAB and LF");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const cqdt::mail::ParseLimits limits;
  auto parsed = cqdt::mail::ParseMail(bytes, limits);
  if (!parsed) {
    if (parsed.error().message().empty()) {
      Violated("an error without a message");
    }
    return 0;
  }
  const auto& m = *parsed;
  CheckHeader("subject", m.subject);
  CheckHeader("message_id", m.message_id);
  if (m.from) {
    CheckHeader("from name", m.from->name);
    CheckHeader("from address", m.from->address);
  }
  for (const auto* list : {&m.to, &m.cc}) {
    for (const auto& box : *list) {
      CheckHeader("recipient name", box.name);
      CheckHeader("recipient address", box.address);
    }
  }
  CheckBody("text", m.text);
  CheckBody("html", m.html);
  if (m.attachments.size() > static_cast<std::size_t>(limits.max_parts)) {
    Violated("more attachments than max_parts");
  }
  for (const auto& a : m.attachments) {
    if (a.filename.empty()) {
      Violated("an attachment without a name");
    }
    CheckHeader("attachment name", a.filename);
    if (a.filename.find_first_of("/\\") != std::string::npos) {
      Violated("an attachment name with a path separator");
    }
    if (!IsUtf8(a.original_filename)) {
      Violated("an original attachment name that is not UTF-8");
    }
    if (a.filename.size() > limits.max_filename_octets) {
      Violated("an attachment name longer than max_filename_octets");
    }
    if (a.bytes.size() > limits.max_attachment_bytes) {
      Violated("an attachment larger than max_attachment_bytes");
    }
  }
  std::set<std::string> codes;
  for (const auto& w : m.warnings) {
    if (!codes.insert(w.code).second) {
      Violated("warning '" + w.code + "' reported twice");
    }
    if (w.message.empty()) {
      Violated("warning '" + w.code + "' without a message");
    }
  }
  return 0;
}
