// Sorting Vietnamese names and words in dictionary order (ICU's "vi" collation).
//
// Order: letters follow the Vietnamese alphabet, a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t
// u ư v x y, so "Dương" < "Đặng" < "Giang" and "Ă", "Â" come after "A". Tones are a weaker
// difference than letters and order a < à < ả < ã < á < ạ (ngang, huyền, hỏi, ngã, sắc, nặng),
// the order of the Vietnamese dictionaries. Case is weaker still (lower case first).
//
// Syllable by syllable: a dictionary lists every word under its first syllable, so "Hà Tiên"
// sorts before "Hạ Long" (the syllable "Hà" precedes "Hạ"). ICU alone compares the letters of
// the whole string first and would put "Hạ Long" first (l < t). These functions therefore
// compare the whitespace-separated syllables one by one (letters, then tones), and only when
// every syllable ties do they fall back to ICU's full comparison of the whole strings (case,
// then spacing). src/text/README.md records what ICU does and why.
//
// Input is UTF-8 and may be NFC or NFD (both compare equal). Ill-formed bytes are not an error
// here, so that any list can be sorted: each ill-formed sequence collates as U+FFFD.
//
// The order is a strict weak order: strings that differ only by normalisation (or by
// characters the collation ignores) compare equal, so use std::stable_sort when a deterministic
// order of such ties matters.
//
// Thread safety: all functions are safe to call concurrently. Each thread lazily gets its own
// clone of the ICU collators, so no ICU object is ever shared between threads.
//
// Failure: if the ICU data has no "vi" collation (a broken installation), the first call throws
// std::runtime_error; that is an infrastructure fault, not a value.
#pragma once

#include <compare>
#include <string>
#include <string_view>

namespace cqdt::text {

// Three-way comparison of `a` and `b` in Vietnamese dictionary order.
std::weak_ordering CompareVietnamese(std::string_view a, std::string_view b);

// A byte string whose plain lexicographic (memcmp / std::string) order is the order of
// CompareVietnamese: SortKey(a) < SortKey(b) exactly when CompareVietnamese(a, b) is less.
// Precompute keys to sort large lists or to store an ORDER BY column; keys are binary (they
// may contain any byte except that the last is 0), and are only comparable with keys made by
// the same ICU version.
std::string VietnameseSortKey(std::string_view s);

// Comparator for std::sort, std::map and friends.
struct VietnameseLess {
  bool operator()(std::string_view a, std::string_view b) const {
    return CompareVietnamese(a, b) < 0;
  }
};

}  // namespace cqdt::text
