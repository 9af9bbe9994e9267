// A bank statement read for fee reconciliation (issue 13 item 4): the credit lines of a CSV or
// .xlsx export, and each line matched to a dossier by the dossier code in its description — the
// purpose the VietQR transfer carried (vietqr.hpp).
//
// Reading: the first row holding a date, an amount and a description column is the header;
// columns are found by their names, folded (no case, no tones), in Vietnamese or English:
//   date         "ngày giao dịch", "ngày", "ngày hiệu lực", "date", "transaction date"
//   reference    "số tham chiếu", "mã giao dịch", "số giao dịch", "số bút toán", "reference", "ref"
//   amount       "số tiền ghi có", "ghi có", "số tiền", "credit", "amount"
//   description  "nội dung", "diễn giải", "mô tả", "nội dung giao dịch", "description", "details"
// Amounts are whole đồng written "1.234.000", "1,234,000", "1234000" or "1234000.00"; a line with
// no credit (a debit, an empty or zero amount) is skipped. Banks differ; a file whose header
// names none of these is refused with the columns it should have.
//
// Matching (pure): a line matches the unpaid dossier whose code it contains once both are reduced
// to letters and digits (banks drop or change the dots and hyphens); the amount must equal the
// fee. Each line gets one outcome; a reference already reconciled, or repeated in the file, is a
// duplicate; a second line for a dossier already matched is a duplicate too. Nothing here
// writes: the caller records the matched lines and reports the rest.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace cqdt::payment {

struct StatementLine {
  int row = 0;            // 1-based row of the file (CSV line or sheet row)
  std::string date;       // as written
  std::string reference;  // the bank's transaction reference, "" when the file has none
  std::int64_t amount = 0;
  std::string description;
};

// The credit lines of a statement. `xlsx`: the bytes are an .xlsx workbook (its first sheet);
// otherwise CSV (UTF-8, a BOM allowed). kMalformed for an unreadable file or no header row;
// kInvalidArgument naming "file" when a row's amount cannot be read.
Result<std::vector<StatementLine>> ReadStatement(std::string_view bytes, bool xlsx);

// A dossier whose fee is still due, as the reconciliation sees it.
struct DueFee {
  std::string code;
  std::int64_t amount = 0;
};

enum class MatchOutcome {
  kMatched,             // the dossier's code and exactly its fee
  kAmountDiffers,       // the code of a dossier due, another amount
  kUnmatched,           // no code of a dossier due in the description
  kDuplicateReference,  // the reference was reconciled before, or is earlier in this file
  kDuplicateDossier,    // the dossier was matched by an earlier line of this file
};
const char* MatchOutcomeName(MatchOutcome o);   // "matched", "amount_differs", ...
std::string MatchOutcomeLabel(MatchOutcome o);  // Vietnamese

struct LineMatch {
  StatementLine line;
  MatchOutcome outcome = MatchOutcome::kUnmatched;
  std::string dossier_code;   // matched, amount differs or duplicate dossier
  std::int64_t expected = 0;  // the fee due, when a dossier was found
};

// Letters and digits of `s`, upper-case ASCII: "000.00.41.H01-261205-0001" ->
// "0000041H012612050001".
std::string CompactCode(std::string_view s);

std::vector<LineMatch> MatchStatement(const std::vector<StatementLine>& lines,
                                      const std::vector<DueFee>& due,
                                      const std::set<std::string>& known_references);

}  // namespace cqdt::payment
