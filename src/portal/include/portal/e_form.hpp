// A procedure's e-form (tờ khai điện tử; issue 13 item 3; NĐ 224/2026 art. 15: interactive forms
// pre-filled from the data the state holds): its sections and fields as data an administrator
// sets, the checks of a citizen's answers, the conditions that show a field only when another has
// a value, and the values a form is pre-filled with. Pure; thread-safe.
//
// The definition's text is a JSON document of this module's format (docs/e-forms.md):
//   {"title": "...", "titleEn": "...", "documents": [1],
//    "sections": [{"title": "...", "titleEn": "...", "fields": [
//      {"name": "childName", "label": "Họ, chữ đệm, tên", "labelEn": "Full name", "type": "text",
//       "required": true, "maxLength": 100, "prefill": "profile.fullName", "applicant": "name",
//       "showIf": {"field": "kind", "equals": ["a", "b"]}}]}]}
// Field types: text, textarea, number, date, select, radio, checkbox, idNumber (the 12-digit
// citizen ID number), phone, email. `documents` names the checklist items (1-based) the e-form is
// (the declaration "Tờ khai … theo mẫu": filed online, the e-form takes its place).
//
// Answers are text: a number's decimal text, a date "YYYY-MM-DD", a select's option value, a
// checkbox "true" or "false". A field is shown when it has no condition, or when the field its
// condition names is shown and holds one of the values listed (any value when none is listed);
// conditions name earlier fields only, so the order of the fields decides. A hidden field's answer
// is dropped, never checked nor kept.
//
// Errors name the paths of the definition ("sections[0].fields[2].pattern") and, for answers,
// "form.<name>" with a Vietnamese message naming the field's label.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/text.hpp"

namespace cqdt::portal {

enum class FieldType {
  kText,
  kTextarea,
  kNumber,
  kDate,
  kSelect,
  kRadio,
  kCheckbox,
  kIdNumber,
  kPhone,
  kEmail
};
const char* FieldTypeName(FieldType t);  // "text", "textarea", ..., "idNumber", "phone", "email"
std::optional<FieldType> ParseFieldType(std::string_view s);

// Where a field's first value comes from ("provide once"): the citizen's account, the applicant's
// address on their latest dossier (the account keeps no address), or the same field of their
// latest dossier of this procedure.
enum class PrefillSource {
  kNone,
  kFullName,     // "profile.fullName"
  kIdNumber,     // "profile.idNumber"
  kPhone,        // "profile.phone"
  kEmail,        // "profile.email"
  kAddress,      // "profile.address"
  kLastDossier,  // "lastDossier"
};
const char* PrefillSourceName(PrefillSource s);
std::optional<PrefillSource> ParsePrefillSource(std::string_view s);

// The applicant's detail of the dossier a field gives (onestop::Applicant).
enum class ApplicantPart { kNone, kName, kIdNumber, kPhone, kEmail, kAddress, kRepresentative };
const char* ApplicantPartName(ApplicantPart p);  // "", "name", "idNumber", ...
std::optional<ApplicantPart> ParseApplicantPart(std::string_view s);

struct FieldOption {
  std::string value;  // 1..100, printable, no spaces at the ends
  std::string label;  // 1..300
  std::string label_en;
  friend bool operator==(const FieldOption&, const FieldOption&) = default;
};

struct FieldCondition {
  std::string field;                // an earlier field's name
  std::vector<std::string> equals;  // empty: any value
  friend bool operator==(const FieldCondition&, const FieldCondition&) = default;
};

struct FormField {
  std::string name;  // [a-zA-Z][a-zA-Z0-9_]{0,39}, unique in the form
  std::string label;
  std::string label_en;
  std::string help;
  std::string help_en;
  FieldType type = FieldType::kText;
  bool required = false;  // a required checkbox must be ticked (a declaration)
  std::optional<int> min_length;
  std::optional<int> max_length;  // default 500, textarea 4000; at most 10000
  std::optional<double> min;      // number
  std::optional<double> max;
  bool integer = false;  // number: whole numbers only
  // date: "YYYY-MM-DD" or "today" (the date the answers are checked on, in Vietnam).
  std::string min_date;
  std::string max_date;
  std::string pattern;  // text: an ECMAScript regular expression the whole value matches
  std::string pattern_message;
  std::string pattern_message_en;
  std::vector<FieldOption> options;  // select, radio: 1..200
  std::optional<FieldCondition> show_if;
  PrefillSource prefill = PrefillSource::kNone;
  ApplicantPart applicant = ApplicantPart::kNone;
  friend bool operator==(const FormField&, const FormField&) = default;
};

struct FormSection {
  std::string title;  // 1..300
  std::string title_en;
  std::vector<FormField> fields;
  friend bool operator==(const FormSection&, const FormSection&) = default;
};

struct FormDefinition {
  std::string title;  // 1..300
  std::string title_en;
  std::vector<int> documents;  // checklist items (1-based) the e-form stands for
  std::vector<FormSection> sections;
  friend bool operator==(const FormDefinition&, const FormDefinition&) = default;
};

// The answers, by field name.
using FormAnswers = std::map<std::string, std::string>;

// Limits of a definition.
inline constexpr std::size_t kMaxSections = 30;
inline constexpr std::size_t kMaxFields = 200;
inline constexpr std::size_t kMaxOptions = 200;
inline constexpr int kMaxFieldLength = 10000;

// Reads a definition (the format above; unknown members refused). kInvalidArgument naming every
// bad path; kMalformed when the text is not a JSON object. The regular expressions are compiled
// here, so a pattern that does not compile is refused, with its path.
Result<FormDefinition> ParseFormDefinition(std::string_view json);
// The canonical text of a definition (parses back to an equal one).
std::string FormDefinitionText(const FormDefinition& form);

// A list of forms by procedure code, {"forms": [{"procedure": "1.001193", "form": {…}}]} (the
// demo's e-forms, an administrator's file): every form read, or kInvalidArgument naming
// "forms[i].form.<path>" / "forms[i].procedure"; a code listed twice is an error of the later one.
Result<std::vector<std::pair<std::string, FormDefinition>>> ParseFormList(std::string_view json);

// Every field, in order.
std::vector<const FormField*> FieldsOf(const FormDefinition& form);
const FormField* FindField(const FormDefinition& form, std::string_view name);

// The answers of a complete submission, checked against `form` on `today` (Vietnam). Returns the
// answers kept (trimmed, NFC, a phone's separators removed, a number's text as written; hidden
// fields dropped), or kInvalidArgument with one error per wrong field: "form.<name>" with code
// unknown (no such field), required, type (not a number / date / …), length, range, pattern,
// option, format (an ID number, phone or e-mail address that is none).
Result<FormAnswers> CheckAnswers(const FormDefinition& form, const FormAnswers& answers,
                                 const Date& today);
// A draft's answers: only unknown fields and texts that are not text or too long are refused
// (a draft may be incomplete or wrong until it is submitted). Hidden fields are kept: the person
// may still change the answer their condition depends on.
Result<FormAnswers> CheckDraftAnswers(const FormDefinition& form, const FormAnswers& answers);

// Is `field` shown, given the answers of the fields before it?
bool IsShown(const FormDefinition& form, const FormField& field, const FormAnswers& answers);

// What the form is pre-filled from.
struct PrefillData {
  std::string full_name;
  std::string id_number;
  std::string phone;
  std::string email;
  std::string address;       // the applicant's address on the citizen's latest dossier
  FormAnswers last_answers;  // the citizen's latest answers to this procedure's form
};
// The first values of the fields that name a prefill source with a value there.
FormAnswers Prefill(const FormDefinition& form, const PrefillData& data);

// The applicant's details the answers give, by the fields' `applicant` parts (shown fields with a
// value only), in the order onestop::Applicant keeps them: name, idNumber, phone, email, address,
// representative; absent parts are not in the map.
std::map<ApplicantPart, std::string> ApplicantParts(const FormDefinition& form,
                                                    const FormAnswers& answers);

// The form a procedure without its own offers online: the applicant (pre-filled from the account)
// and what they ask for.
FormDefinition DefaultForm(const std::string& procedure_name);

}  // namespace cqdt::portal
