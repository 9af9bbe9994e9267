// Column conversions shared by onestop's repositories (private to onestop).
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "onestop/dossier.hpp"
#include "text/search.hpp"

namespace cqdt::onestop::dossier_sql {

// The integers of a string_agg / group_concat of ids ("3,17,42"), in their order.
inline std::vector<long long> IdList(std::string_view text) {
  std::vector<long long> out;
  while (!text.empty()) {
    const std::size_t comma = std::min(text.find(','), text.size());
    out.push_back(std::stoll(std::string(text.substr(0, comma))));
    text.remove_prefix(std::min(comma + 1, text.size()));
  }
  return out;
}

inline long long ToHundredths(double v) { return std::llround(v * 100); }
inline double FromHundredths(long long v) { return static_cast<double>(v) / 100.0; }

// The folded words a dossier is found by (code, procedure, applicant).
inline std::string SearchKeyOf(const Dossier& d) {
  return text::SearchKey(d.code + " " + d.procedure_code + " " + d.procedure_name + " " +
                         d.applicant.name + " " + d.applicant.id_number + " " +
                         d.applicant.representative);
}

// The head of every INSERT into the dossier's child tables (one list of columns each; the
// values follow in this order).
inline constexpr const char* kChecklistInsert =
    "INSERT INTO onestop_dossier_document (dossier_id, ordinal, name, originals, copies, required,"
    " provided, by_data)";
inline constexpr const char* kStepInsert =
    "INSERT INTO onestop_dossier_step (dossier_id, ordinal, name, performer, hours_hundredths,"
    " agency_id, assignee_user_id, assignee_name, started_at, planned_end, finished_at,"
    " finished_by, outcome, note)";
inline constexpr const char* kEventInsert =
    "INSERT INTO onestop_dossier_event (dossier_id, at, actor_name, action, from_state, to_state,"
    " note)";

inline std::string OutcomeName(const std::optional<Timeliness>& t) {
  return t ? TimelinessName(*t) : "";
}

}  // namespace cqdt::onestop::dossier_sql
