// Column conversions shared by the dossier repository's files (private to onestop).
#pragma once

#include <cmath>
#include <optional>
#include <string>

#include "onestop/dossier.hpp"
#include "text/search.hpp"

namespace cqdt::onestop::dossier_sql {

inline long long ToHundredths(double v) { return std::llround(v * 100); }
inline double FromHundredths(long long v) { return static_cast<double>(v) / 100.0; }

// The folded words a dossier is found by (code, procedure, applicant).
inline std::string SearchKeyOf(const Dossier& d) {
  return text::SearchKey(d.code + " " + d.procedure_code + " " + d.procedure_name + " " +
                         d.applicant.name + " " + d.applicant.id_number + " " +
                         d.applicant.representative);
}

inline std::string OutcomeName(const std::optional<Timeliness>& t) {
  return t ? TimelinessName(*t) : "";
}

}  // namespace cqdt::onestop::dossier_sql
