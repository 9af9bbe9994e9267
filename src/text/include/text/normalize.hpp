// Unicode normalisation and search folding for Vietnamese text (UTF-8 in, UTF-8 out).
//
// Vietnamese letters can be written precomposed ("ế" as U+1EBF, NFC) or decomposed ("e" + U+0302
// + U+0301, NFD); keyboards and old databases produce both. Text is stored and compared in NFC,
// and searched through a folded form that ignores case, tone and vowel marks.
//
// Errors: every function checks its input; bytes that are not well-formed UTF-8 (overlongs,
// surrogates, truncated sequences, code points above U+10FFFF) give ErrorCode::kMalformed with
// a Vietnamese message, never undefined behaviour or a silently repaired string. Input over 1 GiB
// gives kTooLarge (ICU indexes strings with 32-bit integers).
//
// Thread safety: pure functions over ICU's immutable, process-wide normaliser data; safe to call
// from any number of threads.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace cqdt::text {

// Returns `s` in Unicode Normalization Form C (canonical composition): "Nguye\u0302\u0303n" becomes
// "Nguyễn". Text already in NFC comes back unchanged.
Result<std::string> NormalizeNfc(std::string_view s);

// True when `s` is already in NFC, so NormalizeNfc(s) would return it unchanged.
Result<bool> IsNfc(std::string_view s);

// The search form of `s`: case-folded, with every combining mark removed (Vietnamese tones and
// the vowel marks of ă â ê ô ơ ư, and any other accent), đ/Đ mapped to d, and the result in NFC.
// NFC and NFD spellings of the same text fold to the same string:
//   "Ủy ban nhân dân tỉnh Kiên Giang" -> "uy ban nhan dan tinh kien giang"
//   "ĐƯỜNG Trần Hưng Đạo"              -> "duong tran hung dao"
// Folding is for matching, never for display: it loses information ("Hà" and "Há" collide).
// Whitespace and punctuation are kept as they are.
Result<std::string> FoldForSearch(std::string_view s);

// `s` in capitals with Vietnamese casing rules, in NFC, for display (agency names in a document
// header, Decree 30/2020 Appendix I): "Ủy ban nhân dân tỉnh An Giang" -> "ỦY BAN NHÂN DÂN TỈNH AN
// GIANG", "đ" -> "Đ".
Result<std::string> ToUpperVietnamese(std::string_view s);

}  // namespace cqdt::text
