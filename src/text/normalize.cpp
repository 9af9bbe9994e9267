#include "text/normalize.hpp"

#include <cstdint>
#include <stdexcept>

#include <unicode/bytestream.h>
#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include "core/text.hpp"

namespace cqdt::text {
namespace {

// Untrusted input: ICU would quietly replace ill-formed UTF-8 with U+FFFD; callers must learn
// that their text is broken instead, so it is rejected before ICU sees it.
Status CheckUtf8(std::string_view s) {
  if (!IsValidUtf8(s)) {
    return Error::Malformed("Văn bản không phải là UTF-8 hợp lệ.");
  }
  return Ok();
}

// ICU indexes strings with int32_t, and case folding can lengthen a string: keep a margin.
constexpr std::size_t kMaxBytes = static_cast<std::size_t>(INT32_MAX) / 2;

const icu::Normalizer2& Nfc() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status) || nfc == nullptr) {
    throw std::runtime_error("ICU NFC data unavailable");
  }
  return *nfc;
}

const icu::Normalizer2& Nfd() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status) || nfd == nullptr) {
    throw std::runtime_error("ICU NFD data unavailable");
  }
  return *nfd;
}

icu::UnicodeString FromUtf8(std::string_view s) {
  return icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
}

std::string ToUtf8(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace

Result<std::string> NormalizeNfc(std::string_view s) {
  CQDT_RETURN_IF_ERROR(CheckUtf8(s));
  if (s.size() > kMaxBytes) {
    return Error::TooLarge("Văn bản quá dài.");
  }
  std::string out;
  out.reserve(s.size());
  icu::StringByteSink<std::string> sink(&out);
  UErrorCode status = U_ZERO_ERROR;
  Nfc().normalizeUTF8(0, icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), sink, nullptr,
                      status);
  if (U_FAILURE(status)) {
    throw std::runtime_error(std::string("ICU normalizeUTF8: ") + u_errorName(status));
  }
  return out;
}

Result<bool> IsNfc(std::string_view s) {
  CQDT_RETURN_IF_ERROR(CheckUtf8(s));
  if (s.size() > kMaxBytes) {
    return Error::TooLarge("Văn bản quá dài.");
  }
  UErrorCode status = U_ZERO_ERROR;
  bool nfc =
      Nfc().isNormalizedUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), status);
  if (U_FAILURE(status)) {
    throw std::runtime_error(std::string("ICU isNormalizedUTF8: ") + u_errorName(status));
  }
  return nfc;
}

Result<std::string> FoldForSearch(std::string_view s) {
  CQDT_RETURN_IF_ERROR(CheckUtf8(s));
  if (s.size() > kMaxBytes) {
    return Error::TooLarge("Văn bản quá dài.");
  }
  // Case folding first (it maps Đ to đ), then decomposition, so that every tone and vowel mark
  // is a separate combining character whatever form the input came in.
  icu::UnicodeString folded = FromUtf8(s);
  folded.foldCase();
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString decomposed = Nfd().normalize(folded, status);
  if (U_FAILURE(status)) {
    throw std::runtime_error(std::string("ICU NFD: ") + u_errorName(status));
  }
  icu::UnicodeString stripped;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) {
      continue;  // tones (huyền, hỏi, ngã, sắc, nặng) and the marks of ă â ê ô ơ ư
    }
    if (c == 0x0111) {  // đ has no decomposition: the stroke is part of the letter
      c = u'd';
    }
    stripped.append(c);
  }
  icu::UnicodeString composed = Nfc().normalize(stripped, status);
  if (U_FAILURE(status)) {
    throw std::runtime_error(std::string("ICU NFC: ") + u_errorName(status));
  }
  return ToUtf8(composed);
}

Result<std::string> ToUpperVietnamese(std::string_view s) {
  CQDT_RETURN_IF_ERROR(CheckUtf8(s));
  if (s.size() > kMaxBytes) {
    return Error::TooLarge("Văn bản quá dài.");
  }
  icu::UnicodeString upper = FromUtf8(s);
  upper.toUpper(icu::Locale("vi"));
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString composed = Nfc().normalize(upper, status);
  if (U_FAILURE(status)) {
    throw std::runtime_error(std::string("ICU NFC: ") + u_errorName(status));
  }
  return ToUtf8(composed);
}

}  // namespace cqdt::text
