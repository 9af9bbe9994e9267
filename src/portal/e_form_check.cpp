// The checks of an e-form's answers, its conditions and its pre-filled values (e_form.hpp).
// Every answer is untrusted input from the public portal.
#include <cmath>
#include <cstdio>
// GCC 12's std::regex compiler trips -Wmaybe-uninitialized under the ASan build's flags (a false
// positive inside <bits/regex_automaton.h>); the CI builds with -Werror.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#pragma GCC diagnostic pop

#include "identity/citizen_id_number.hpp"
#include "portal/e_form.hpp"
#include "text/normalize.hpp"

namespace cqdt::portal {

namespace {

int DefaultMaxLength(FieldType t) { return t == FieldType::kTextarea ? 4000 : 500; }

std::string Quoted(const FormField& f) { return "«" + f.label + "»"; }

// "12", "12.5", "-3" (no exponent, no thousands separators).
std::string NumberText(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6f", v);
  std::string s = buffer;
  while (s.find('.') != std::string::npos && (s.back() == '0' || s.back() == '.')) {
    const bool dot = s.back() == '.';
    s.pop_back();
    if (dot) {
      break;
    }
  }
  return s;
}

std::string DayText(const Date& d) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%02d/%02d/%04d", d.day, d.month, d.year);
  return buffer;
}

std::optional<Date> Bound(const std::string& bound, const Date& today) {
  if (bound.empty()) {
    return std::nullopt;
  }
  return bound == "today" ? std::optional(today) : ParseIsoDate(bound);
}

// A Vietnamese phone number with its separators removed: 0 and 9-10 digits ("+84" counts as 0).
std::optional<std::string> PhoneOf(const std::string& s) {
  std::string digits;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ' ' || c == '.' || c == '-' || c == '(' || c == ')') {
      continue;
    }
    if (c == '+' && digits.empty() && i + 2 < s.size() && s[i + 1] == '8' && s[i + 2] == '4') {
      digits = "0";
      i += 2;
      continue;
    }
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    digits += c;
  }
  if (digits.size() < 10 || digits.size() > 11 || digits[0] != '0') {
    return std::nullopt;
  }
  return digits;
}

// One shown answer with a value, checked by its type; the value kept, or nullopt after an error.
std::optional<std::string> CheckValue(const FormField& f, const std::string& value,
                                      const Date& today, std::vector<FieldError>& errors) {
  const std::string field = "form." + f.name;
  auto fail = [&](const char* code, std::string message) {
    errors.push_back({field, code, std::move(message)});
    return std::nullopt;
  };
  switch (f.type) {
    case FieldType::kText:
    case FieldType::kTextarea: {
      const std::size_t n = CodePointCount(value);
      const std::size_t min = static_cast<std::size_t>(f.min_length.value_or(0));
      const std::size_t max =
          static_cast<std::size_t>(f.max_length.value_or(DefaultMaxLength(f.type)));
      if (n < min || n > max) {
        return fail("length", Quoted(f) + " phải từ " + std::to_string(min) + " đến " +
                                  std::to_string(max) + " ký tự.");
      }
      // The pattern is the administrator's; the value is at most 10,000 code points.
      if (!f.pattern.empty() &&
          !std::regex_match(value, std::regex(f.pattern, std::regex::ECMAScript))) {
        return fail("pattern", f.pattern_message.empty() ? Quoted(f) + " không đúng định dạng."
                                                         : Quoted(f) + ": " + f.pattern_message);
      }
      return value;
    }
    case FieldType::kNumber: {
      static const std::regex kNumber("-?[0-9]{1,15}([.,][0-9]{1,6})?");
      if (!std::regex_match(value, kNumber)) {
        return fail("type", Quoted(f) + " phải là một số.");
      }
      std::string text = value;
      std::replace(text.begin(), text.end(), ',', '.');
      const double v = std::stod(text);
      if (f.integer && text.find('.') != std::string::npos) {
        return fail("type", Quoted(f) + " phải là số nguyên.");
      }
      if ((f.min && v < *f.min) || (f.max && v > *f.max)) {
        if (f.min && f.max) {
          return fail("range", Quoted(f) + " phải từ " + NumberText(*f.min) + " đến " +
                                   NumberText(*f.max) + ".");
        }
        return fail("range", f.min ? Quoted(f) + " không được nhỏ hơn " + NumberText(*f.min) + "."
                                   : Quoted(f) + " không được lớn hơn " + NumberText(*f.max) + ".");
      }
      return text;
    }
    case FieldType::kDate: {
      auto d = ParseIsoDate(value);
      if (!d) {
        return fail("type", Quoted(f) + " phải là một ngày (YYYY-MM-DD).");
      }
      if (auto min = Bound(f.min_date, today); min && *d < *min) {
        return fail("range", Quoted(f) + " không được trước ngày " + DayText(*min) + ".");
      }
      if (auto max = Bound(f.max_date, today); max && *d > *max) {
        return fail("range", Quoted(f) + " không được sau ngày " + DayText(*max) + ".");
      }
      return FormatIsoDate(*d);
    }
    case FieldType::kSelect:
    case FieldType::kRadio:
      for (const FieldOption& o : f.options) {
        if (o.value == value) {
          return value;
        }
      }
      return fail("option", Quoted(f) + " phải là một trong các lựa chọn của tờ khai.");
    case FieldType::kCheckbox:
      if (value != "true" && value != "false") {
        return fail("type", Quoted(f) + " phải là true hoặc false.");
      }
      if (f.required && value != "true") {
        return fail("required", "Hãy đánh dấu " + Quoted(f) + ".");
      }
      return value;
    case FieldType::kIdNumber:
      if (auto e = identity::CheckCitizenIdNumber(value, field)) {
        return fail(e->code == "province" ? "province" : "format",
                    e->code == "province"
                        ? Quoted(f) + ": ba chữ số đầu không phải mã tỉnh, thành phố nào."
                        : Quoted(f) + " phải là số định danh cá nhân gồm 12 chữ số.");
      }
      return value;
    case FieldType::kPhone:
      if (auto phone = PhoneOf(value)) {
        return phone;
      }
      return fail("format", Quoted(f) +
                                " phải là số điện thoại Việt Nam (10 hoặc 11 chữ số, bắt đầu bằng "
                                "0 hoặc +84).");
    case FieldType::kEmail:
      if (value.size() > 254 || !IsPlausibleEmail(value)) {
        return fail("format", Quoted(f) + " phải là địa chỉ thư điện tử.");
      }
      return value;
  }
  return std::nullopt;
}

// The answers' names that no field has, as errors.
void UnknownNames(const FormDefinition& form, const FormAnswers& answers,
                  std::vector<FieldError>& errors) {
  for (const auto& [name, unused] : answers) {
    if (FindField(form, name) == nullptr) {
      const std::string shown = name.size() > 60 ? name.substr(0, 60) : name;
      errors.push_back({"form." + shown, "unknown", "Tờ khai không có trường '" + shown + "'."});
    }
  }
}

// Well-formed UTF-8 without control characters (a textarea keeps its line breaks), in NFC.
std::optional<std::string> CleanText(const FormField& f, const std::string& raw,
                                     std::vector<FieldError>& errors) {
  if (!IsValidUtf8(raw) || HasControlChars(raw)) {
    errors.push_back({"form." + f.name, "type", Quoted(f) + " chứa ký tự không hợp lệ."});
    return std::nullopt;
  }
  auto nfc = text::NormalizeNfc(raw);
  if (!nfc) {
    errors.push_back({"form." + f.name, "type", Quoted(f) + " chứa ký tự không hợp lệ."});
    return std::nullopt;
  }
  return *nfc;
}

}  // namespace

bool IsShown(const FormDefinition& form, const FormField& field, const FormAnswers& answers) {
  if (!field.show_if) {
    return true;
  }
  const FormField* on = FindField(form, field.show_if->field);
  if (on == nullptr || on == &field || !IsShown(form, *on, answers)) {
    return false;
  }
  auto it = answers.find(on->name);
  if (it == answers.end() || it->second.empty() ||
      (on->type == FieldType::kCheckbox && it->second != "true")) {
    return false;
  }
  const std::vector<std::string>& equals = field.show_if->equals;
  return equals.empty() || std::find(equals.begin(), equals.end(), it->second) != equals.end();
}

Result<FormAnswers> CheckAnswers(const FormDefinition& form, const FormAnswers& answers,
                                 const Date& today) {
  std::vector<FieldError> errors;
  UnknownNames(form, answers, errors);
  FormAnswers out;
  for (const FormField* f : FieldsOf(form)) {
    // Conditions read the answers kept so far: a hidden or wrong earlier answer hides what
    // depends on it.
    if (!IsShown(form, *f, out)) {
      continue;
    }
    auto it = answers.find(f->name);
    std::optional<std::string> value;
    if (it != answers.end()) {
      value = CleanText(*f, it->second, errors);
      if (!value) {
        continue;
      }
      *value = Trim(*value);
    }
    if (!value || value->empty() || (f->type == FieldType::kCheckbox && *value == "false")) {
      if (f->required) {
        errors.push_back({"form." + f->name, "required",
                          f->type == FieldType::kCheckbox ? "Hãy đánh dấu " + Quoted(*f) + "."
                                                          : Quoted(*f) + " là bắt buộc."});
      } else if (value && *value == "false") {
        out[f->name] = "false";
      }
      continue;
    }
    if (auto kept = CheckValue(*f, *value, today, errors)) {
      out[f->name] = *kept;
    }
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  return out;
}

Result<FormAnswers> CheckDraftAnswers(const FormDefinition& form, const FormAnswers& answers) {
  std::vector<FieldError> errors;
  UnknownNames(form, answers, errors);
  FormAnswers out;
  for (const auto& [name, raw] : answers) {
    const FormField* f = FindField(form, name);
    if (f == nullptr) {
      continue;
    }
    auto value = CleanText(*f, raw, errors);
    if (!value) {
      continue;
    }
    const int max = f->max_length.value_or(DefaultMaxLength(f->type));
    if (CodePointCount(*value) > static_cast<std::size_t>(max)) {
      errors.push_back(
          {"form." + name, "length", Quoted(*f) + " dài quá " + std::to_string(max) + " ký tự."});
      continue;
    }
    if (!value->empty()) {
      out[name] = *value;
    }
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  return out;
}

FormAnswers Prefill(const FormDefinition& form, const PrefillData& data) {
  FormAnswers out;
  for (const FormField* f : FieldsOf(form)) {
    std::string value;
    switch (f->prefill) {
      case PrefillSource::kNone:
        break;
      case PrefillSource::kFullName:
        value = data.full_name;
        break;
      case PrefillSource::kIdNumber:
        value = data.id_number;
        break;
      case PrefillSource::kPhone:
        value = data.phone;
        break;
      case PrefillSource::kEmail:
        value = data.email;
        break;
      case PrefillSource::kAddress:
        value = data.address;
        break;
      case PrefillSource::kLastDossier:
        if (auto it = data.last_answers.find(f->name); it != data.last_answers.end()) {
          value = it->second;
        }
        break;
    }
    if (value.empty()) {
      continue;
    }
    if (f->type == FieldType::kSelect || f->type == FieldType::kRadio) {
      // An earlier answer to an option since removed is not offered again.
      if (std::none_of(f->options.begin(), f->options.end(),
                       [&](const FieldOption& o) { return o.value == value; })) {
        continue;
      }
    }
    out[f->name] = value;
  }
  return out;
}

std::map<ApplicantPart, std::string> ApplicantParts(const FormDefinition& form,
                                                    const FormAnswers& answers) {
  std::map<ApplicantPart, std::string> out;
  for (const FormField* f : FieldsOf(form)) {
    if (f->applicant == ApplicantPart::kNone || !IsShown(form, *f, answers)) {
      continue;
    }
    if (auto it = answers.find(f->name); it != answers.end() && !it->second.empty()) {
      out[f->applicant] = it->second;
    }
  }
  return out;
}

FormDefinition DefaultForm(const std::string& procedure_name) {
  // i18n: Vietnamese only (the form's own data: each label carries its English beside it)
  FormDefinition form;
  form.title = "Đơn đề nghị giải quyết thủ tục hành chính";
  form.title_en = "Application for an administrative procedure";
  FormSection applicant{"Thông tin người nộp hồ sơ", "The applicant", {}};
  auto field = [](std::string name, std::string label, std::string label_en, FieldType type,
                  bool required, PrefillSource prefill, ApplicantPart part) {
    FormField f;
    f.name = std::move(name);
    f.label = std::move(label);
    f.label_en = std::move(label_en);
    f.type = type;
    f.required = required;
    f.prefill = prefill;
    f.applicant = part;
    return f;
  };
  applicant.fields.push_back(field("fullName", "Họ, chữ đệm, tên", "Full name", FieldType::kText,
                                   true, PrefillSource::kFullName, ApplicantPart::kName));
  applicant.fields.back().max_length = 100;
  applicant.fields.push_back(field("idNumber", "Số định danh cá nhân", "Personal ID number",
                                   FieldType::kIdNumber, true, PrefillSource::kIdNumber,
                                   ApplicantPart::kIdNumber));
  applicant.fields.push_back(field("phone", "Số điện thoại", "Phone", FieldType::kPhone, true,
                                   PrefillSource::kPhone, ApplicantPart::kPhone));
  applicant.fields.push_back(field("email", "Thư điện tử", "E-mail", FieldType::kEmail, false,
                                   PrefillSource::kEmail, ApplicantPart::kEmail));
  applicant.fields.push_back(field("address", "Địa chỉ liên hệ", "Address", FieldType::kText, true,
                                   PrefillSource::kAddress, ApplicantPart::kAddress));
  applicant.fields.back().max_length = 300;
  FormSection request{"Nội dung đề nghị", "The request", {}};
  request.fields.push_back(field("request", "Nội dung đề nghị giải quyết", "What you ask for",
                                 FieldType::kTextarea, true, PrefillSource::kNone,
                                 ApplicantPart::kNone));
  request.fields.back().help = "Thủ tục: " + procedure_name;
  request.fields.back().max_length = 2000;
  request.fields.push_back(
      field("commitment",
            "Tôi cam đoan những nội dung khai trên là đúng sự thật và chịu trách nhiệm trước pháp "
            "luật.",
            "I declare that the above is true and I am answerable for it before the law.",
            FieldType::kCheckbox, true, PrefillSource::kNone, ApplicantPart::kNone));
  // i18n: end
  form.sections = {std::move(applicant), std::move(request)};
  return form;
}

}  // namespace cqdt::portal
