#include "payment/statement.hpp"

#include <array>
#include <cctype>
#include <map>
#include <optional>

#include "core/csv.hpp"
#include "core/text.hpp"
#include "report/workbook_reader.hpp"
#include "text/search.hpp"

namespace cqdt::payment {

namespace {

constexpr int kHeaderSearchRows = 30;

enum Column { kDate, kReference, kAmount, kDescription, kColumns };

// The names of each column, folded, in the order they are preferred (a statement with both "Số
// tiền" and "Ghi có" takes "Ghi có").
const std::array<std::vector<std::string>, kColumns>& ColumnNames() {
  static const std::array<std::vector<std::string>, kColumns> names = {{
      {"ngay giao dich", "transaction date", "ngay hieu luc", "ngay", "date"},
      {"so tham chieu", "ma giao dich", "so giao dich", "so but toan", "reference", "ref"},
      {"so tien ghi co", "ghi co", "credit", "so tien", "amount"},
      {"noi dung", "dien giai", "mo ta", "description", "details"},
  }};
  return names;
}

// The column of each field in `header` (-1 when absent), or nullopt when the row lacks a date,
// an amount or a description.
std::optional<std::array<int, kColumns>> FindColumns(const std::vector<std::string>& header) {
  std::vector<std::string> folded;
  for (const auto& h : header) {
    folded.push_back(text::SearchKey(h));
  }
  std::array<int, kColumns> at{};
  at.fill(-1);
  std::vector<bool> taken(folded.size(), false);
  for (int field = 0; field < kColumns; ++field) {
    for (const auto& name : ColumnNames()[field]) {
      for (std::size_t c = 0; c < folded.size() && at[field] < 0; ++c) {
        if (!taken[c] && !folded[c].empty() && folded[c].find(name) != std::string::npos) {
          at[field] = static_cast<int>(c);
          taken[c] = true;
        }
      }
      if (at[field] >= 0) {
        break;
      }
    }
  }
  if (at[kDate] < 0 || at[kAmount] < 0 || at[kDescription] < 0) {
    return std::nullopt;
  }
  return at;
}

// Whole đồng from a cell: nullopt for an empty, zero or negative amount (not a credit); an error
// for text that is not an amount or has a fraction of a đồng.
Result<std::optional<std::int64_t>> ParseAmount(std::string_view cell) {
  std::string s;
  for (char c : cell) {
    if ((c >= '0' && c <= '9') || c == '.' || c == ',' || c == '-') {
      s.push_back(c);
    } else if (std::isalpha(static_cast<unsigned char>(c)) == 0 && c != ' ' && c != '+' &&
               static_cast<unsigned char>(c) < 0x80) {
      return Error::Malformed("");
    }
  }
  if (s.empty() || s.front() == '-') {
    return std::optional<std::int64_t>();
  }
  if (s.find('-') != std::string::npos) {
    return Error::Malformed("");
  }
  // A decimal part: the last separator followed by 1, 2 (or, with two kinds of separators, any
  // number of) digits. It must be zero: đồng have no fraction.
  const std::size_t last = s.find_last_of(".,");
  if (last != std::string::npos) {
    const std::size_t digits = s.size() - last - 1;
    const bool mixed = s.find(s[last] == '.' ? ',' : '.') != std::string::npos;
    if ((digits != 3 && digits > 0) || (mixed && s.find(s[last]) == last)) {
      if (s.find_first_not_of('0', last + 1) != std::string::npos) {
        return Error::Malformed("");
      }
      s.erase(last);
    }
  }
  std::string whole;
  for (char c : s) {
    if (c != '.' && c != ',') {
      whole.push_back(c);
    }
  }
  if (whole.empty() || whole.size() > 15) {
    return Error::Malformed("");
  }
  const std::int64_t n = std::stoll(whole);
  return n > 0 ? std::optional<std::int64_t>(n) : std::optional<std::int64_t>();
}

std::string Cell(const std::vector<std::string>& row, int column) {
  return column >= 0 && static_cast<std::size_t>(column) < row.size() ? Trim(row[column])
                                                                      : std::string();
}

}  // namespace

const char* MatchOutcomeName(MatchOutcome o) {
  switch (o) {
    case MatchOutcome::kMatched:
      return "matched";
    case MatchOutcome::kAmountDiffers:
      return "amount_differs";
    case MatchOutcome::kUnmatched:
      return "unmatched";
    case MatchOutcome::kDuplicateReference:
      return "duplicate_reference";
    case MatchOutcome::kDuplicateDossier:
      return "duplicate_dossier";
  }
  return "unmatched";
}

std::string MatchOutcomeLabel(MatchOutcome o) {
  switch (o) {
    case MatchOutcome::kMatched:
      return "Khớp hồ sơ";
    case MatchOutcome::kAmountDiffers:
      return "Số tiền khác phí phải nộp";
    case MatchOutcome::kUnmatched:
      return "Không tìm thấy mã hồ sơ đang chờ nộp phí";
    case MatchOutcome::kDuplicateReference:
      return "Giao dịch đã đối chiếu trước đó";
    case MatchOutcome::kDuplicateDossier:
      return "Hồ sơ đã khớp ở dòng trước";
  }
  return "";
}

std::string CompactCode(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
    }
  }
  return out;
}

Result<std::vector<StatementLine>> ReadStatement(std::string_view bytes, bool xlsx) {
  std::vector<std::pair<int, std::vector<std::string>>> rows;  // (1-based row, cells)
  if (xlsx) {
    CQDT_ASSIGN_OR_RETURN(auto sheets, report::ReadWorkbook(bytes));
    if (sheets.empty()) {
      return Error::Malformed("Tệp sao kê không có trang tính nào.");
    }
    for (std::size_t r = 0; r < sheets[0].rows.size(); ++r) {
      rows.emplace_back(static_cast<int>(r) + 1, std::move(sheets[0].rows[r]));
    }
  } else {
    if (bytes.starts_with("\xEF\xBB\xBF")) {
      bytes.remove_prefix(3);
    }
    if (!IsValidUtf8(bytes)) {
      return Error::Malformed("Tệp sao kê CSV phải được mã hóa UTF-8.");
    }
    std::vector<CsvRecord> records;
    if (!ParseCsv(bytes, records)) {
      return Error::Malformed("Tệp sao kê CSV có một dấu ngoặc kép không được đóng.");
    }
    for (auto& r : records) {
      rows.emplace_back(r.line, std::move(r.fields));
    }
  }
  std::optional<std::array<int, kColumns>> columns;
  std::size_t first = 0;
  for (; first < rows.size() && first < kHeaderSearchRows && !columns; ++first) {
    columns = FindColumns(rows[first].second);
  }
  if (!columns) {
    return Error::Malformed(
        "Không tìm thấy dòng tiêu đề của sao kê: cần các cột ngày giao dịch, số tiền ghi có và "
        "nội dung (số tham chiếu nếu có).");
  }
  std::vector<StatementLine> lines;
  std::vector<FieldError> errors;
  for (std::size_t i = first; i < rows.size(); ++i) {
    const auto& [row, cells] = rows[i];
    const std::string amount_text = Cell(cells, (*columns)[kAmount]);
    auto amount = ParseAmount(amount_text);
    if (!amount) {
      errors.push_back({"file", "amount",
                        "Dòng " + std::to_string(row) + ": số tiền '" + amount_text +
                            "' không đọc được (số nguyên đồng, ví dụ 1.234.000)."});
      continue;
    }
    if (!*amount) {
      continue;  // not a credit
    }
    lines.push_back({row, Cell(cells, (*columns)[kDate]), Cell(cells, (*columns)[kReference]),
                     **amount, Cell(cells, (*columns)[kDescription])});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  return lines;
}

std::vector<LineMatch> MatchStatement(const std::vector<StatementLine>& lines,
                                      const std::vector<DueFee>& due,
                                      const std::set<std::string>& known_references) {
  std::vector<std::pair<std::string, const DueFee*>> codes;  // compact code, fee
  for (const auto& d : due) {
    codes.emplace_back(CompactCode(d.code), &d);
  }
  std::set<std::string> seen_references = known_references;
  std::set<std::string> matched_dossiers;
  std::vector<LineMatch> out;
  for (const auto& line : lines) {
    LineMatch m;
    m.line = line;
    if (!line.reference.empty() && !seen_references.insert(line.reference).second) {
      m.outcome = MatchOutcome::kDuplicateReference;
      out.push_back(std::move(m));
      continue;
    }
    // The longest code the description holds (a code is never mistaken for a shorter one).
    const std::string description = CompactCode(line.description);
    const DueFee* found = nullptr;
    std::size_t found_length = 0;
    for (const auto& [compact, fee] : codes) {
      if (!compact.empty() && compact.size() > found_length &&
          description.find(compact) != std::string::npos) {
        found = fee;
        found_length = compact.size();
      }
    }
    if (found == nullptr) {
      m.outcome = MatchOutcome::kUnmatched;
    } else {
      m.dossier_code = found->code;
      m.expected = found->amount;
      if (matched_dossiers.count(found->code) > 0) {
        m.outcome = MatchOutcome::kDuplicateDossier;
      } else if (line.amount != found->amount) {
        m.outcome = MatchOutcome::kAmountDiffers;
      } else {
        m.outcome = MatchOutcome::kMatched;
        matched_dossiers.insert(found->code);
      }
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace cqdt::payment
