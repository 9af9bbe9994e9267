// Amounts of money written out in Vietnamese words, as printed on fee receipts
// ("Số tiền bằng chữ").
//
//   AmountInWords(150000)  -> "Một trăm năm mươi nghìn đồng"
//   AmountInWords(0)       -> "Không đồng"
//   AmountInWords(1005000) -> "Một triệu không trăm linh năm nghìn đồng"
//
// Conventions (chosen once, here, so every receipt reads the same way):
// - The first letter is capitalised, the rest is lower case, as on receipts and invoices.
// - A zero tens digit before a non-zero unit is read "linh" (105 -> "một trăm linh năm"), the
//   form of standard written Vietnamese; the southern "lẻ" is not used.
// - Units after a tens digit of 2 or more: 1 is "mốt" (21 -> "hai mươi mốt"), 4 is "tư"
//   (24 -> "hai mươi tư"); after any tens digit 5 is "lăm" (15 -> "mười lăm", 25 ->
//   "hai mươi lăm"). Alone, or after "linh", they stay "một", "bốn", "năm" (4 -> "bốn",
//   14 -> "mười bốn", 105 -> "một trăm linh năm"). Ten is "mười", tens of 20 and more "mươi".
// - Scales are "nghìn" (not "ngàn"), "triệu", "tỷ"; above a billion the count of billions is
//   itself read out ("một nghìn tỷ", "một triệu tỷ").
// - A group of three digits after a larger non-zero group is read in full, with "không trăm"
//   for a zero hundreds digit; groups that are entirely zero are skipped
//   (1 000 005 -> "một triệu không trăm linh năm").
//
// Errors: kInvalidArgument (field "amount") for a negative amount or one above
// kMaxAmountInWords. Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.hpp"

namespace cqdt::text {

// The largest amount accepted: 999 999 999 999 999 999 (999 triệu tỷ).
inline constexpr std::int64_t kMaxAmountInWords = 999'999'999'999'999'999;

// `n` in lower-case words, without the currency: 21 -> "hai mươi mốt".
Result<std::string> NumberInWords(std::int64_t n);

// `dong` (whole đồng) in words with a capital first letter and " đồng" appended.
Result<std::string> AmountInWords(std::int64_t dong);

}  // namespace cqdt::text
