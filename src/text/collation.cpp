#include "text/collation.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <unicode/coll.h>
#include <unicode/locid.h>
#include <unicode/stringpiece.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

namespace cqdt::text {
namespace {

std::unique_ptr<icu::Collator> MakeVietnameseCollator(icu::Collator::ECollationStrength strength) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Collator> collator(icu::Collator::createInstance(icu::Locale("vi"), status));
  // A fallback to the root collation would sort đ with d and put tones in Unicode order: treat
  // a missing "vi" tailoring as a broken installation, not as a quietly different order.
  if (U_FAILURE(status) || status == U_USING_DEFAULT_WARNING ||
      status == U_USING_FALLBACK_WARNING || collator == nullptr) {
    throw std::runtime_error(std::string("ICU has no usable \"vi\" collation: ") +
                             u_errorName(status));
  }
  collator->setStrength(strength);
  // Canonically equivalent input (NFC or NFD) must compare equal.
  collator->setAttribute(UCOL_NORMALIZATION_MODE, UCOL_ON, status);
  if (U_FAILURE(status)) {
    throw std::runtime_error(std::string("ICU collator setup: ") + u_errorName(status));
  }
  return collator;
}

// ICU's design guide promises thread safety only for const methods on an object nobody
// modifies; rather than audit which Collator paths qualify, each thread clones the process-wide
// prototypes once (a clone shares the immutable tailoring data, so it is cheap) and uses only
// its own copies.
struct Collators {
  std::unique_ptr<icu::Collator> syllable;  // secondary strength: letters, then tones
  std::unique_ptr<icu::Collator> whole;     // tertiary strength: the final tie-break
};

Collators& ThreadCollators() {
  static const std::unique_ptr<icu::Collator> syllable_prototype =
      MakeVietnameseCollator(icu::Collator::SECONDARY);
  static const std::unique_ptr<icu::Collator> whole_prototype =
      MakeVietnameseCollator(icu::Collator::TERTIARY);
  thread_local Collators collators{std::unique_ptr<icu::Collator>(syllable_prototype->clone()),
                                   std::unique_ptr<icu::Collator>(whole_prototype->clone())};
  if (collators.syllable == nullptr || collators.whole == nullptr) {
    throw std::runtime_error("ICU collator clone failed");
  }
  return collators;
}

// Appends the zero-terminated ICU sort key of `u` (with its terminator) to `out`.
void AppendSortKey(const icu::Collator& collator, const icu::UnicodeString& u, std::string& out) {
  std::vector<uint8_t> buffer(static_cast<std::size_t>(u.length()) * 4 + 16);
  int32_t size = collator.getSortKey(u, buffer.data(), static_cast<int32_t>(buffer.size()));
  if (size > static_cast<int32_t>(buffer.size())) {
    buffer.resize(static_cast<std::size_t>(size));
    size = collator.getSortKey(u, buffer.data(), size);
  }
  if (size <= 0) {
    throw std::runtime_error("ICU getSortKey failed");
  }
  out.append(reinterpret_cast<const char*>(buffer.data()), static_cast<std::size_t>(size));
}

}  // namespace

// The key is K2(syllable 1) K2(syllable 2) ... K2(syllable n) 0x00 K3(whole string), where K2 is
// ICU's secondary-strength key and K3 its tertiary key. ICU keys contain no zero byte except
// their terminator, so no syllable key is a prefix of another: the first differing byte lies
// in the first differing syllable, a string whose syllables are a prefix of another's sorts
// first (its 0x00 meets a non-zero byte), and K3 is reached only when all syllables tie.
std::string VietnameseSortKey(std::string_view s) {
  // Ill-formed UTF-8 becomes U+FFFD here (documented in the header): sorting must be total.
  // ICU lengths are 32-bit; only the first 2 GiB of an absurdly long string take part.
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(s.data(), static_cast<int32_t>(std::min<std::size_t>(s.size(), INT32_MAX))));
  Collators& collators = ThreadCollators();
  std::string key;
  key.reserve(s.size() * 3 + 8);
  int32_t i = 0;
  const int32_t n = u.length();
  while (i < n) {
    while (i < n && u_isUWhiteSpace(u.char32At(i))) {
      i += U16_LENGTH(u.char32At(i));
    }
    int32_t start = i;
    while (i < n && !u_isUWhiteSpace(u.char32At(i))) {
      i += U16_LENGTH(u.char32At(i));
    }
    if (i > start) {
      AppendSortKey(*collators.syllable, icu::UnicodeString(u, start, i - start), key);
    }
  }
  key.push_back('\0');
  AppendSortKey(*collators.whole, u, key);
  return key;
}

std::weak_ordering CompareVietnamese(std::string_view a, std::string_view b) {
  int c = VietnameseSortKey(a).compare(VietnameseSortKey(b));
  if (c < 0) {
    return std::weak_ordering::less;
  }
  if (c > 0) {
    return std::weak_ordering::greater;
  }
  return std::weak_ordering::equivalent;
}

}  // namespace cqdt::text
