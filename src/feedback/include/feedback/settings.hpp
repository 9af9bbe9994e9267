// What the feedback rules take as data (issue 13, item 7; decision 0018): the satisfaction
// levels a dossier is rated on and which of them count against Decision 766's
// DOSSIER_RECEIVING_SATISFACTION (chi-so-766.md §3.5), the criteria rated beside the overall
// level, the categories of feedback and complaints (phản ánh, kiến nghị — PAKN) with the class
// each counts in (PETITION_CLASSIFICATION_TTHC / _STAFF), the working days an agency has to
// answer a PAKN, and how long a rating may be given and changed.
//
// None of these is settled by the reference: they are settings/feedback-settings.json, compiled
// in, which `[feedback] settings_file` replaces (checked at start).
//
// Thread safety: immutable once parsed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace cqdt::feedback {

// A satisfaction level ("very_satisfied", "satisfied", "unsatisfied").
struct Level {
  std::string code;
  std::string name;          // Vietnamese
  std::string name_en;       // English
  bool unsatisfied = false;  // counts against the dossier's satisfaction (Decision 766)
};

// A criterion rated beside the overall level ("time", "attitude"…), on the same levels.
struct Criterion {
  std::string code;
  std::string name;
  std::string name_en;
};

// The Decision 766 class a PAKN category counts in.
enum class PetitionClass {
  kNone,
  kProcedure,  // regulations, administrative procedures (PETITION_CLASSIFICATION_TTHC)
  kStaff,      // officers' behaviour (PETITION_CLASSIFICATION_STAFF)
};
const char* PetitionClassName(PetitionClass c);  // "", "tthc", "staff"

struct Category {
  std::string code;
  std::string name;
  std::string name_en;
  PetitionClass index_class = PetitionClass::kNone;
};

struct Settings {
  std::string version;
  std::string source;  // where the values came from (Vietnamese)
  std::vector<Level> levels;
  std::vector<Criterion> criteria;
  std::vector<Category> categories;
  int answer_working_days = 10;  // an agency's time to answer a PAKN, in working days
  int rating_window_days = 90;   // a finished dossier may be rated this many days after
  int rating_change_days = 7;    // a rating may be changed this many days after the first

  const Level* FindLevel(std::string_view code) const;
  const Criterion* FindCriterion(std::string_view code) const;
  const Category* FindCategory(std::string_view code) const;
};

// Reads settings (the format of settings/feedback-settings.json): kMalformed for text that is
// not a JSON object, kInvalidArgument naming the member ("levels[1].code") for anything missing,
// duplicated or out of range (days 1..365; at least one level, one of them unsatisfied; at least
// one category; codes of lower-case ASCII letters, digits and '_').
Result<Settings> ParseSettings(std::string_view json);
// The settings compiled in.
const Settings& DefaultSettings();

}  // namespace cqdt::feedback
