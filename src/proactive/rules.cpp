#include "proactive/rules.hpp"

// GCC 12's std::regex compiler trips -Wmaybe-uninitialized under the ASan build's flags (a false
// positive inside <bits/regex_automaton.h>); the CI builds with -Werror.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#pragma GCC diagnostic pop
#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "core/lunar_calendar.hpp"

namespace cqdt::proactive {

extern const char* const kDefaultRulesJson;  // rules_data.cpp, generated

namespace {

using json = nlohmann::json;

Error RuleError(const std::string& path) {
  return Error::InvalidField(path, "invalid",
                             "Tệp quy tắc dịch vụ công chủ động không hợp lệ tại '" + path + "'.");
}

Result<std::string> Text(const json& o, const std::string& key, const std::string& path,
                         bool required = true) {
  auto it = o.find(key);
  if (it == o.end() || it->is_null()) {
    if (required) {
      return RuleError(path + key);
    }
    return std::string();
  }
  if (!it->is_string() || (required && it->get<std::string>().empty())) {
    return RuleError(path + key);
  }
  return it->get<std::string>();
}

Result<int> Int(const json& o, const std::string& key, const std::string& path, int lo, int hi) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_number_integer()) {
    return RuleError(path + key);
  }
  const auto v = it->get<long long>();
  if (v < lo || v > hi) {
    return RuleError(path + key);
  }
  return static_cast<int>(v);
}

Result<std::vector<std::string>> Texts(const json& o, const std::string& key,
                                       const std::string& path) {
  std::vector<std::string> out;
  auto it = o.find(key);
  if (it == o.end()) {
    return out;
  }
  if (!it->is_array()) {
    return RuleError(path + key);
  }
  for (std::size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string() || (*it)[i].get<std::string>().empty()) {
      return RuleError(path + key + "[" + std::to_string(i) + "]");
    }
    out.push_back((*it)[i].get<std::string>());
  }
  return out;
}

Result<Rule> ParseRule(const json& o, const std::string& path) {
  if (!o.is_object()) {
    return RuleError(path.substr(0, path.size() - 1));
  }
  static const std::set<std::string> kKnown = {
      "code",        "kind",           "level",          "sourceProcedure", "validMonths",
      "leadDays",    "offerDaysAfter", "offerProcedure", "reuseResultAs",   "copyFields",
      "title",       "titleEn",        "notice",         "noticeEn",        "basis",
      "unconfirmed", "termFrom"};
  for (const auto& [key, value] : o.items()) {
    if (kKnown.count(key) == 0) {
      return RuleError(path + key);
    }
  }
  Rule r;
  CQDT_ASSIGN_OR_RETURN(r.code, Text(o, "code", path));
  static const std::regex kCode("[a-z0-9][a-z0-9-]{0,63}");
  if (!std::regex_match(r.code, kCode)) {
    return RuleError(path + "code");
  }
  CQDT_ASSIGN_OR_RETURN(std::string kind, Text(o, "kind", path));
  if (kind == "resultExpires") {
    r.kind = EventKind::kResultExpires;
  } else if (kind == "obligationDue") {
    r.kind = EventKind::kObligationDue;
  } else {
    return RuleError(path + "kind");
  }
  CQDT_ASSIGN_OR_RETURN(r.level, Int(o, "level", path, 1, 2));
  CQDT_ASSIGN_OR_RETURN(r.source_procedure, Text(o, "sourceProcedure", path));
  CQDT_ASSIGN_OR_RETURN(r.valid_months, Int(o, "validMonths", path, 1, 120));
  CQDT_ASSIGN_OR_RETURN(r.lead_days, Int(o, "leadDays", path, 0, 365));
  CQDT_ASSIGN_OR_RETURN(r.offer_days_after, Int(o, "offerDaysAfter", path, 0, 365));
  CQDT_ASSIGN_OR_RETURN(r.offer_procedure, Text(o, "offerProcedure", path));
  CQDT_ASSIGN_OR_RETURN(r.reuse_result_as, Int(o, "reuseResultAs", path, 0, 100));
  CQDT_ASSIGN_OR_RETURN(r.copy_fields, Texts(o, "copyFields", path));
  CQDT_ASSIGN_OR_RETURN(r.title, Text(o, "title", path));
  CQDT_ASSIGN_OR_RETURN(r.title_en, Text(o, "titleEn", path));
  CQDT_ASSIGN_OR_RETURN(r.notice, Text(o, "notice", path));
  CQDT_ASSIGN_OR_RETURN(r.notice_en, Text(o, "noticeEn", path));
  CQDT_ASSIGN_OR_RETURN(r.basis, Text(o, "basis", path, false));
  CQDT_ASSIGN_OR_RETURN(r.unconfirmed, Texts(o, "unconfirmed", path));
  if (auto term = o.find("termFrom"); term != o.end()) {
    const std::string at = path + "termFrom.";
    if (!term->is_object() || term->size() != 2) {
      return RuleError(path + "termFrom");
    }
    static const std::regex kField("[A-Za-z][A-Za-z0-9_]{0,63}");
    CQDT_ASSIGN_OR_RETURN(r.term_start_field, Text(*term, "startField", at));
    CQDT_ASSIGN_OR_RETURN(r.term_months_field, Text(*term, "monthsField", at));
    if (!std::regex_match(r.term_start_field, kField)) {
      return RuleError(at + "startField");
    }
    if (!std::regex_match(r.term_months_field, kField)) {
      return RuleError(at + "monthsField");
    }
  }
  if (r.level == 1 && (r.reuse_result_as != 0 || !r.copy_fields.empty())) {
    return RuleError(path + (r.reuse_result_as != 0 ? "reuseResultAs" : "copyFields"));
  }
  return r;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysIn(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

std::string TwoDigits(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

}  // namespace

const char* EventKindName(EventKind k) {
  return k == EventKind::kResultExpires ? "resultExpires" : "obligationDue";
}

const Rule* RuleSet::Find(std::string_view code) const {
  for (const Rule& r : rules) {
    if (r.code == code) {
      return &r;
    }
  }
  return nullptr;
}

Result<RuleSet> ParseRules(std::string_view text) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Error::Malformed("Tệp quy tắc dịch vụ công chủ động không phải JSON hợp lệ.");
  }
  for (const auto& [key, value] : doc.items()) {
    if (key != "version" && key != "note" && key != "rules") {
      return RuleError(key);
    }
  }
  RuleSet set;
  CQDT_ASSIGN_OR_RETURN(set.version, Text(doc, "version", ""));
  auto list = doc.find("rules");
  if (list == doc.end() || !list->is_array()) {
    return RuleError("rules");
  }
  std::set<std::string> codes;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const std::string path = "rules[" + std::to_string(i) + "].";
    CQDT_ASSIGN_OR_RETURN(Rule r, ParseRule((*list)[i], path));
    if (!codes.insert(r.code).second) {
      return RuleError(path + "code");
    }
    set.rules.push_back(std::move(r));
  }
  return set;
}

const RuleSet& DefaultRules() {
  static const RuleSet kRules = [] {
    auto parsed = ParseRules(kDefaultRulesJson);
    return parsed ? std::move(*parsed) : RuleSet{};  // the rules test parses the file
  }();
  return kRules;
}

Date AddMonths(const Date& d, int months) {
  const int index = d.year * 12 + (d.month - 1) + months;
  Date out{index / 12, index % 12 + 1, 1};
  out.day = std::min(d.day, DaysIn(out.year, out.month));
  return out;
}

Date DueDate(const Rule& r, const Date& issued) { return AddMonths(issued, r.valid_months); }

bool OfferDueOn(const Rule& r, const Date& due, const Date& today) {
  return AddDays(due, -r.lead_days) <= today && today <= AddDays(due, r.offer_days_after);
}

bool OfferDue(const Rule& r, const Date& issued, const Date& today) {
  return OfferDueOn(r, DueDate(r, issued), today);
}

bool TermFromAnswers(const Rule& r) { return !r.term_start_field.empty(); }

Date TermDue(const Rule& r, const Date& issued, std::string_view start, std::string_view months) {
  const auto from = ParseIsoDate(start);
  int n = 0;
  const bool digits =
      !months.empty() && months.size() <= 3 &&
      std::all_of(months.begin(), months.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) {
    n = std::stoi(std::string(months));
  }
  if (!from || n < 1 || n > r.valid_months) {
    return DueDate(r, issued);
  }
  return AddMonths(*from, n);
}

std::pair<Date, Date> IssuedRange(const Rule& r, const Date& today) {
  // Adding months is monotonic, so the range is found from its ends; a day either side covers the
  // clamping at the months' ends, and OfferDue then decides each dossier.
  Date first = AddMonths(AddDays(today, -r.offer_days_after), -r.valid_months);
  Date last = AddMonths(AddDays(today, r.lead_days), -r.valid_months);
  return {AddDays(first, -3), AddDays(last, 3)};
}

std::string Fill(const std::string& text, const std::string& dossier, const Date& due) {
  const std::string date =
      TwoDigits(due.day) + "/" + TwoDigits(due.month) + "/" + std::to_string(due.year);
  std::string out = text;
  for (const auto& [key, value] :
       {std::pair<std::string, std::string>{"{dossier}", dossier}, {"{due}", date}}) {
    for (auto at = out.find(key); at != std::string::npos; at = out.find(key, at + value.size())) {
      out.replace(at, key.size(), value);
    }
  }
  return out;
}

}  // namespace cqdt::proactive
