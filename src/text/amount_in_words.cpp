#include "text/amount_in_words.hpp"

#include <array>
#include <string_view>

namespace cqdt::text {
namespace {

constexpr std::array<std::string_view, 10> kDigits = {"không", "một", "hai", "ba",  "bốn",
                                                      "năm",   "sáu", "bảy", "tám", "chín"};
constexpr std::int64_t kBillion = 1'000'000'000;

void AppendWord(std::string& out, std::string_view word) {
  if (!out.empty()) {
    out.push_back(' ');
  }
  out.append(word);
}

// Reads a group of three digits (0 < group < 1000). `full` reads the hundreds even when they
// are zero ("không trăm"), as for every group that follows a larger non-zero group.
void AppendGroup(std::string& out, int group, bool full) {
  const int hundreds = group / 100;
  const int tens = group / 10 % 10;
  const int units = group % 10;
  const bool said_hundreds = full || hundreds != 0;
  if (said_hundreds) {
    AppendWord(out, kDigits[hundreds]);
    AppendWord(out, "trăm");
  }
  if (tens == 0) {
    if (units != 0) {
      if (said_hundreds) {
        AppendWord(out, "linh");  // 105: "một trăm linh năm" (not the southern "lẻ")
      }
      AppendWord(out, kDigits[units]);
    }
    return;
  }
  if (tens == 1) {
    AppendWord(out, "mười");  // 10-19: "mười", with a grave accent
  } else {
    AppendWord(out, kDigits[tens]);
    AppendWord(out, "mươi");  // 20-99: "mươi", level tone
  }
  switch (units) {
    case 0:
      break;
    case 1:
      AppendWord(out, tens >= 2 ? "mốt" : "một");  // 21 "hai mươi mốt", 11 "mười một"
      break;
    case 4:
      AppendWord(out, tens >= 2 ? "tư" : "bốn");  // 24 "hai mươi tư", 14 "mười bốn"
      break;
    case 5:
      AppendWord(out, "lăm");  // 15 "mười lăm", 25 "hai mươi lăm"
      break;
    default:
      AppendWord(out, kDigits[units]);
  }
}

// Reads 0 < n < 10^9 in groups of nghìn and triệu. `full` is true when a larger non-zero part
// (tỷ) precedes, so the first group is read in full too.
void AppendBelowBillion(std::string& out, std::int64_t n, bool full) {
  static constexpr std::array<std::string_view, 3> kScales = {"triệu", "nghìn", ""};
  const std::array<int, 3> groups = {static_cast<int>(n / 1'000'000),
                                     static_cast<int>(n / 1'000 % 1'000),
                                     static_cast<int>(n % 1'000)};
  bool preceded = full;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    if (groups[i] == 0) {
      continue;  // an all-zero group is skipped: 1 000 005 "một triệu không trăm linh năm"
    }
    AppendGroup(out, groups[i], preceded);
    if (!kScales[i].empty()) {
      AppendWord(out, kScales[i]);
    }
    preceded = true;
  }
}

// Reads 0 < n; above a billion the number of billions is read recursively and followed by
// "tỷ" (10^12 "một nghìn tỷ", 10^15 "một triệu tỷ").
void AppendNumber(std::string& out, std::int64_t n, bool full) {
  const std::int64_t billions = n / kBillion;
  const std::int64_t rest = n % kBillion;
  if (billions != 0) {
    AppendNumber(out, billions, full);
    AppendWord(out, "tỷ");
  }
  if (rest != 0) {
    AppendBelowBillion(out, rest, full || billions != 0);
  }
}

}  // namespace

Result<std::string> NumberInWords(std::int64_t n) {
  if (n < 0 || n > kMaxAmountInWords) {
    return Error::InvalidField("amount", "range",
                               "Số tiền phải từ 0 đến 999 999 999 999 999 999 đồng.");
  }
  if (n == 0) {
    return std::string(kDigits[0]);
  }
  std::string out;
  AppendNumber(out, n, false);
  return out;
}

Result<std::string> AmountInWords(std::int64_t dong) {
  CQDT_ASSIGN_OR_RETURN(std::string words, NumberInWords(dong));
  // Every first word ("không", "một" ... "chín", "mười") starts with an ASCII letter.
  words[0] = static_cast<char>(words[0] - 'a' + 'A');
  words.append(" đồng");
  return words;
}

}  // namespace cqdt::text
