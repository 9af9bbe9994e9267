// Proactive public services (dịch vụ công trực tuyến chủ động; NĐ 224/2026 art. 16, levels 1-2;
// issue 13 item 8) as rules of data: each detects an event from the dossiers already finished
// here — a result that expires, an obligation that comes due a fixed time after a result — and
// names what the portal offers the citizen: level 1 a reminder (a notice through notify), level 2
// the reminder and a draft of the follow-up dossier pre-filled from the earlier one, its result
// reused from the document store, which the citizen reviews and submits.
//
// The rules are compiled in from rules/proactive-rules.json, or read from `[proactive] rules_file`
// at start. Dates are Vietnam calendar days; the pure functions below are the whole timing.
// Thread safety: values and pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/text.hpp"

namespace cqdt::proactive {

enum class EventKind { kResultExpires, kObligationDue };
const char* EventKindName(EventKind k);  // "resultExpires", "obligationDue"

struct Rule {
  std::string code;  // [a-z0-9-], unique
  EventKind kind = EventKind::kResultExpires;
  int level = 1;                 // 1: reminder; 2: reminder and a prepared draft
  std::string source_procedure;  // the procedure whose finished dossiers start the clock
  int valid_months = 0;          // 1..120: the due date is the result's date plus this; with
                                 // a term in the answers, the longest term accepted
  int lead_days = 0;             // 0..365: the offer is made this many days before the due date
  int offer_days_after = 0;      // 0..365: and still made this long after it (then not any more)
  std::string offer_procedure;   // the procedure offered (often the same)
  int reuse_result_as = 0;       // level 2: the offered procedure's document (1-based) the
                                 // earlier result stands for; 0: none
  std::vector<std::string> copy_fields;  // level 2: the e-form answers carried over
  // The term the citizen registered, read from the source dossier's e-form ("termFrom":
  // {"startField", "monthsField"}): the due date is the start plus the months. Both empty: the
  // fixed term above. An answer missing or out of range falls back to the fixed term.
  std::string term_start_field, term_months_field;
  std::string title, title_en;
  std::string notice, notice_en;         // {dossier} and {due} are replaced
  std::string basis;                     // the legal basis, as shown to staff
  std::vector<std::string> unconfirmed;  // members that are placeholders
};

struct RuleSet {
  std::string version;
  std::vector<Rule> rules;
  const Rule* Find(std::string_view code) const;
};

// Reads a rule set (the format of rules/proactive-rules.json). kMalformed when not a JSON object;
// kInvalidArgument naming the member ("rules[1].leadDays") missing, unknown or out of range.
Result<RuleSet> ParseRules(std::string_view json);
// The rules compiled in.
const RuleSet& DefaultRules();

// `d` plus `months` calendar months, the day clamped to the month's last (31 Aug + 6 → 28/29 Feb).
Date AddMonths(const Date& d, int months);
// The due date of a result issued on `issued`.
Date DueDate(const Rule& r, const Date& issued);
// Is the offer to be made on `today` for a result issued on `issued`: from the due date less the
// lead days to offer_days_after past it, both included.
bool OfferDue(const Rule& r, const Date& issued, const Date& today);
// The results whose offer is due today were issued within [first, last] (both included).
std::pair<Date, Date> IssuedRange(const Rule& r, const Date& today);
// Does the rule read the term from the source dossier's answers (term_start_field set).
bool TermFromAnswers(const Rule& r);
// The due date of a dossier finished on `issued` whose e-form answered `start` (YYYY-MM-DD) and
// `months` (an integer 1..valid_months): start plus months; DueDate(r, issued) otherwise.
Date TermDue(const Rule& r, const Date& issued, std::string_view start, std::string_view months);
// Is the offer to be made on `today` for that due date (OfferDue's window).
bool OfferDueOn(const Rule& r, const Date& due, const Date& today);
// `text` with {dossier} and {due} (dd/mm/yyyy) replaced.
std::string Fill(const std::string& text, const std::string& dossier, const Date& due);

}  // namespace cqdt::proactive
