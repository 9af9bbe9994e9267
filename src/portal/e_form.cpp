// The e-form definition's format: reading (every path checked, unknown members refused) and its
// canonical text (e_form.hpp). The JSON is this module's data format, as the Decision 766 rules
// are the quality module's: it never leaves the module as JSON.
#include "portal/e_form.hpp"

// GCC 12's std::regex compiler trips -Wmaybe-uninitialized under the ASan build's flags (a false
// positive inside <bits/regex_automaton.h>); the CI builds with -Werror.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <regex>
#pragma GCC diagnostic pop
#include <set>

#include <nlohmann/json.hpp>

namespace cqdt::portal {

namespace {

using nlohmann::json;

struct Named {
  const char* name;
  int value;
};

constexpr Named kTypes[] = {
    {"text", static_cast<int>(FieldType::kText)},
    {"textarea", static_cast<int>(FieldType::kTextarea)},
    {"number", static_cast<int>(FieldType::kNumber)},
    {"date", static_cast<int>(FieldType::kDate)},
    {"select", static_cast<int>(FieldType::kSelect)},
    {"radio", static_cast<int>(FieldType::kRadio)},
    {"checkbox", static_cast<int>(FieldType::kCheckbox)},
    {"idNumber", static_cast<int>(FieldType::kIdNumber)},
    {"phone", static_cast<int>(FieldType::kPhone)},
    {"email", static_cast<int>(FieldType::kEmail)},
};

constexpr Named kPrefills[] = {
    {"", static_cast<int>(PrefillSource::kNone)},
    {"profile.fullName", static_cast<int>(PrefillSource::kFullName)},
    {"profile.idNumber", static_cast<int>(PrefillSource::kIdNumber)},
    {"profile.phone", static_cast<int>(PrefillSource::kPhone)},
    {"profile.email", static_cast<int>(PrefillSource::kEmail)},
    {"profile.address", static_cast<int>(PrefillSource::kAddress)},
    {"lastDossier", static_cast<int>(PrefillSource::kLastDossier)},
};

constexpr Named kParts[] = {
    {"", static_cast<int>(ApplicantPart::kNone)},
    {"name", static_cast<int>(ApplicantPart::kName)},
    {"idNumber", static_cast<int>(ApplicantPart::kIdNumber)},
    {"phone", static_cast<int>(ApplicantPart::kPhone)},
    {"email", static_cast<int>(ApplicantPart::kEmail)},
    {"address", static_cast<int>(ApplicantPart::kAddress)},
    {"representative", static_cast<int>(ApplicantPart::kRepresentative)},
};

template <std::size_t N>
const char* NameIn(const Named (&table)[N], int value) {
  for (const Named& n : table) {
    if (n.value == value) {
      return n.name;
    }
  }
  return table[0].name;
}

template <std::size_t N>
std::optional<int> ValueIn(const Named (&table)[N], std::string_view name) {
  for (const Named& n : table) {
    if (name == n.name) {
      return n.value;
    }
  }
  return std::nullopt;
}

bool IsFieldName(std::string_view s) {
  if (s.empty() || s.size() > 40 || !std::isalpha(static_cast<unsigned char>(s[0]))) {
    return false;
  }
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') {
      return false;
    }
  }
  return true;
}

bool IsDateBound(const std::string& s) { return s == "today" || ParseIsoDate(s).has_value(); }

// Collects every error of a definition, each naming its path.
class Reader {
 public:
  std::vector<FieldError> errors;

  void Fail(const std::string& path, const char* code, std::string message) {
    errors.push_back({path, code, std::move(message)});
  }

  // Members of `o` other than `known` are errors.
  void Known(const json& o, const std::string& at, std::initializer_list<const char*> known) {
    for (const auto& [key, unused] : o.items()) {
      bool found = false;
      for (const char* k : known) {
        found = found || key == k;
      }
      if (!found) {
        Fail(at + key, "unknown", "Trường '" + at + key + "' không được hỗ trợ.");
      }
    }
  }

  // A text member: trimmed, min..max code points; "" when absent (an error when required).
  std::string Text(const json& o, const char* key, const std::string& at, std::size_t min,
                   std::size_t max) {
    const std::string path = at + key;
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) {
      if (min > 0) {
        Fail(path, "required", "Trường '" + path + "' là bắt buộc.");
      }
      return "";
    }
    if (!it->is_string()) {
      Fail(path, "type", "Trường '" + path + "' phải là chuỗi.");
      return "";
    }
    std::vector<FieldError> found;
    auto text = CheckText(it->get<std::string>(), path.c_str(), ("Trường '" + path + "'").c_str(),
                          min, max, found);
    errors.insert(errors.end(), found.begin(), found.end());
    return text.value_or("");
  }

  bool Bool(const json& o, const char* key, const std::string& at) {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) {
      return false;
    }
    if (!it->is_boolean()) {
      Fail(at + key, "type", "Trường '" + at + key + "' phải là true hoặc false.");
      return false;
    }
    return it->get<bool>();
  }

  std::optional<double> Number(const json& o, const char* key, const std::string& at) {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) {
      return std::nullopt;
    }
    if (!it->is_number()) {
      Fail(at + key, "type", "Trường '" + at + key + "' phải là số.");
      return std::nullopt;
    }
    return it->get<double>();
  }

  std::optional<int> Length(const json& o, const char* key, const std::string& at) {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) {
      return std::nullopt;
    }
    if (!it->is_number_integer() || it->get<long long>() < 0 ||
        it->get<long long>() > kMaxFieldLength) {
      Fail(at + key, "range",
           "Trường '" + at + key + "' phải là số nguyên từ 0 đến " +
               std::to_string(kMaxFieldLength) + ".");
      return std::nullopt;
    }
    return it->get<int>();
  }

  // An array member (absent: empty); an error when it is something else.
  const json* Array(const json& o, const char* key, const std::string& at) {
    auto it = o.find(key);
    if (it == o.end() || it->is_null()) {
      return nullptr;
    }
    if (!it->is_array()) {
      Fail(at + key, "type", "Trường '" + at + key + "' phải là danh sách.");
      return nullptr;
    }
    return &*it;
  }
};

void ReadOptions(Reader& r, const json& f, const std::string& at, FormField& field) {
  const json* options = r.Array(f, "options", at);
  const bool takes = field.type == FieldType::kSelect || field.type == FieldType::kRadio;
  if (!takes) {
    if (options != nullptr) {
      r.Fail(at + "options", "type", "Chỉ trường chọn (select, radio) có danh sách lựa chọn.");
    }
    return;
  }
  if (options == nullptr || options->empty() || options->size() > kMaxOptions) {
    r.Fail(at + "options", "range",
           "Trường chọn phải có từ 1 đến " + std::to_string(kMaxOptions) + " lựa chọn.");
    return;
  }
  std::set<std::string> values;
  for (std::size_t i = 0; i < options->size(); ++i) {
    const json& o = (*options)[i];
    const std::string oat = at + "options[" + std::to_string(i) + "].";
    if (!o.is_object()) {
      r.Fail(oat.substr(0, oat.size() - 1), "type", "Mỗi lựa chọn phải là một đối tượng JSON.");
      continue;
    }
    r.Known(o, oat, {"value", "label", "labelEn"});
    FieldOption option{r.Text(o, "value", oat, 1, 100), r.Text(o, "label", oat, 1, 300),
                       r.Text(o, "labelEn", oat, 0, 300)};
    if (!option.value.empty() && !values.insert(option.value).second) {
      r.Fail(oat + "value", "duplicate", "Giá trị lựa chọn '" + option.value + "' bị lặp.");
    }
    field.options.push_back(std::move(option));
  }
}

void ReadCondition(Reader& r, const json& f, const std::string& at, FormField& field,
                   const std::set<std::string>& earlier) {
  auto it = f.find("showIf");
  if (it == f.end() || it->is_null()) {
    return;
  }
  const std::string cat = at + "showIf.";
  if (!it->is_object()) {
    r.Fail(at + "showIf", "type", "Trường '" + at + "showIf' phải là một đối tượng JSON.");
    return;
  }
  r.Known(*it, cat, {"field", "equals"});
  FieldCondition c;
  c.field = r.Text(*it, "field", cat, 1, 40);
  if (!c.field.empty() && !earlier.contains(c.field)) {
    r.Fail(cat + "field", "unknown",
           "Điều kiện hiển thị phải dựa vào một trường đứng trước: không có trường '" + c.field +
               "' trước trường này.");
  }
  if (const json* equals = r.Array(*it, "equals", cat)) {
    for (std::size_t i = 0; i < equals->size(); ++i) {
      const json& v = (*equals)[i];
      if (!v.is_string() || v.get<std::string>().empty() || v.get<std::string>().size() > 100) {
        r.Fail(cat + "equals[" + std::to_string(i) + "]", "type",
               "Mỗi giá trị của điều kiện hiển thị phải là chuỗi từ 1 đến 100 ký tự.");
        continue;
      }
      c.equals.push_back(v.get<std::string>());
    }
  }
  field.show_if = std::move(c);
}

FormField ReadField(Reader& r, const json& f, const std::string& at,
                    const std::set<std::string>& earlier, std::set<ApplicantPart>& parts) {
  FormField field;
  r.Known(f, at,
          {"name",
           "label",
           "labelEn",
           "help",
           "helpEn",
           "type",
           "required",
           "minLength",
           "maxLength",
           "min",
           "max",
           "integer",
           "minDate",
           "maxDate",
           "pattern",
           "patternMessage",
           "patternMessageEn",
           "options",
           "showIf",
           "prefill",
           "applicant"});
  field.name = r.Text(f, "name", at, 1, 40);
  if (!field.name.empty() && !IsFieldName(field.name)) {
    r.Fail(at + "name", "format",
           "Tên trường gồm chữ cái không dấu, chữ số và '_', bắt đầu bằng chữ cái, tối đa 40 ký "
           "tự.");
  } else if (!field.name.empty() && earlier.contains(field.name)) {
    r.Fail(at + "name", "duplicate", "Tên trường '" + field.name + "' đã có ở trường trước.");
  }
  field.label = r.Text(f, "label", at, 1, 300);
  field.label_en = r.Text(f, "labelEn", at, 0, 300);
  field.help = r.Text(f, "help", at, 0, 1000);
  field.help_en = r.Text(f, "helpEn", at, 0, 1000);
  const std::string type = r.Text(f, "type", at, 1, 20);
  if (auto t = ParseFieldType(type)) {
    field.type = *t;
  } else if (!type.empty()) {
    r.Fail(at + "type", "enum",
           "Kiểu trường phải là text, textarea, number, date, select, radio, checkbox, idNumber, "
           "phone hoặc email.");
  }
  field.required = r.Bool(f, "required", at);
  field.min_length = r.Length(f, "minLength", at);
  field.max_length = r.Length(f, "maxLength", at);
  if (field.min_length && field.max_length && *field.min_length > *field.max_length) {
    r.Fail(at + "minLength", "range", "Độ dài tối thiểu lớn hơn độ dài tối đa.");
  }
  field.min = r.Number(f, "min", at);
  field.max = r.Number(f, "max", at);
  field.integer = r.Bool(f, "integer", at);
  if ((field.min || field.max || field.integer) && field.type != FieldType::kNumber) {
    r.Fail(at + "min", "type", "Chỉ trường số (number) có giới hạn giá trị.");
  }
  if (field.min && field.max && *field.min > *field.max) {
    r.Fail(at + "min", "range", "Giá trị tối thiểu lớn hơn giá trị tối đa.");
  }
  field.min_date = r.Text(f, "minDate", at, 0, 10);
  field.max_date = r.Text(f, "maxDate", at, 0, 10);
  using Bound = std::pair<const std::string*, const char*>;
  for (const auto& [value, key] :
       {Bound{&field.min_date, "minDate"}, Bound{&field.max_date, "maxDate"}}) {
    if (value->empty()) {
      continue;
    }
    if (field.type != FieldType::kDate) {
      r.Fail(at + key, "type", "Chỉ trường ngày (date) có giới hạn ngày.");
    } else if (!IsDateBound(*value)) {
      r.Fail(at + key, "format", "Giới hạn ngày phải là YYYY-MM-DD hoặc today.");
    }
  }
  field.pattern = r.Text(f, "pattern", at, 0, 200);
  if (!field.pattern.empty()) {
    if (field.type != FieldType::kText) {
      r.Fail(at + "pattern", "type", "Chỉ trường văn bản (text) có mẫu kiểm tra.");
    } else {
      try {
        std::regex compiled(field.pattern, std::regex::ECMAScript);
      } catch (const std::regex_error&) {
        r.Fail(at + "pattern", "format", "Mẫu kiểm tra không phải biểu thức chính quy hợp lệ.");
      }
    }
  }
  field.pattern_message = r.Text(f, "patternMessage", at, 0, 300);
  field.pattern_message_en = r.Text(f, "patternMessageEn", at, 0, 300);
  ReadOptions(r, f, at, field);
  ReadCondition(r, f, at, field, earlier);
  const std::string prefill = r.Text(f, "prefill", at, 0, 40);
  if (auto s = ParsePrefillSource(prefill)) {
    field.prefill = *s;
  } else {
    r.Fail(at + "prefill", "enum",
           "Nguồn điền sẵn phải là profile.fullName, profile.idNumber, profile.phone, "
           "profile.email, profile.address hoặc lastDossier.");
  }
  const std::string part = r.Text(f, "applicant", at, 0, 40);
  if (auto p = ParseApplicantPart(part)) {
    field.applicant = *p;
    if (*p != ApplicantPart::kNone && !parts.insert(*p).second) {
      r.Fail(at + "applicant", "duplicate",
             "Thông tin người nộp '" + part + "' đã được lấy từ một trường trước.");
    }
  } else {
    r.Fail(at + "applicant", "enum",
           "Thông tin người nộp phải là name, idNumber, phone, email, address hoặc "
           "representative.");
  }
  return field;
}

json FieldJson(const FormField& f) {
  json o = {{"name", f.name}, {"label", f.label}, {"type", FieldTypeName(f.type)}};
  auto text = [&o](const char* key, const std::string& v) {
    if (!v.empty()) {
      o[key] = v;
    }
  };
  text("labelEn", f.label_en);
  text("help", f.help);
  text("helpEn", f.help_en);
  if (f.required) {
    o["required"] = true;
  }
  if (f.min_length) {
    o["minLength"] = *f.min_length;
  }
  if (f.max_length) {
    o["maxLength"] = *f.max_length;
  }
  if (f.min) {
    o["min"] = *f.min;
  }
  if (f.max) {
    o["max"] = *f.max;
  }
  if (f.integer) {
    o["integer"] = true;
  }
  text("minDate", f.min_date);
  text("maxDate", f.max_date);
  text("pattern", f.pattern);
  text("patternMessage", f.pattern_message);
  text("patternMessageEn", f.pattern_message_en);
  if (!f.options.empty()) {
    json options = json::array();
    for (const FieldOption& op : f.options) {
      json j = {{"value", op.value}, {"label", op.label}};
      if (!op.label_en.empty()) {
        j["labelEn"] = op.label_en;
      }
      options.push_back(std::move(j));
    }
    o["options"] = std::move(options);
  }
  if (f.show_if) {
    json c = {{"field", f.show_if->field}};
    if (!f.show_if->equals.empty()) {
      c["equals"] = f.show_if->equals;
    }
    o["showIf"] = std::move(c);
  }
  text("prefill", PrefillSourceName(f.prefill));
  text("applicant", ApplicantPartName(f.applicant));
  return o;
}

}  // namespace

const char* FieldTypeName(FieldType t) { return NameIn(kTypes, static_cast<int>(t)); }
std::optional<FieldType> ParseFieldType(std::string_view s) {
  auto v = ValueIn(kTypes, s);
  return v ? std::optional(static_cast<FieldType>(*v)) : std::nullopt;
}
const char* PrefillSourceName(PrefillSource s) { return NameIn(kPrefills, static_cast<int>(s)); }
std::optional<PrefillSource> ParsePrefillSource(std::string_view s) {
  auto v = ValueIn(kPrefills, s);
  return v ? std::optional(static_cast<PrefillSource>(*v)) : std::nullopt;
}
const char* ApplicantPartName(ApplicantPart p) { return NameIn(kParts, static_cast<int>(p)); }
std::optional<ApplicantPart> ParseApplicantPart(std::string_view s) {
  auto v = ValueIn(kParts, s);
  return v ? std::optional(static_cast<ApplicantPart>(*v)) : std::nullopt;
}

Result<FormDefinition> ParseFormDefinition(std::string_view text) {
  // Nesting is bounded by the format (five levels); the api parses request bodies with its own
  // depth guard before they reach here.
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Error::Malformed("Tờ khai điện tử phải là một đối tượng JSON.");
  }
  Reader r;
  FormDefinition form;
  r.Known(doc, "", {"title", "titleEn", "documents", "sections"});
  form.title = r.Text(doc, "title", "", 1, 300);
  form.title_en = r.Text(doc, "titleEn", "", 0, 300);
  if (const json* documents = r.Array(doc, "documents", "")) {
    std::set<int> seen;
    for (std::size_t i = 0; i < documents->size(); ++i) {
      const json& v = (*documents)[i];
      if (!v.is_number_integer() || v.get<long long>() < 1 || v.get<long long>() > 100 ||
          !seen.insert(v.get<int>()).second) {
        r.Fail("documents[" + std::to_string(i) + "]", "range",
               "Mỗi giấy tờ mà tờ khai thay thế là số thứ tự từ 1 đến 100, không lặp.");
        continue;
      }
      form.documents.push_back(v.get<int>());
    }
  }
  const json* sections = r.Array(doc, "sections", "");
  if (sections == nullptr || sections->empty() || sections->size() > kMaxSections) {
    r.Fail("sections", "range",
           "Tờ khai phải có từ 1 đến " + std::to_string(kMaxSections) + " phần.");
  }
  std::set<std::string> earlier;  // the names of the fields read so far
  std::set<ApplicantPart> parts;
  std::size_t fields = 0;
  for (std::size_t s = 0; sections != nullptr && s < sections->size(); ++s) {
    const json& o = (*sections)[s];
    const std::string at = "sections[" + std::to_string(s) + "].";
    if (!o.is_object()) {
      r.Fail(at.substr(0, at.size() - 1), "type",
             "Mỗi phần của tờ khai phải là một đối tượng JSON.");
      continue;
    }
    r.Known(o, at, {"title", "titleEn", "fields"});
    FormSection section;
    section.title = r.Text(o, "title", at, 1, 300);
    section.title_en = r.Text(o, "titleEn", at, 0, 300);
    const json* list = r.Array(o, "fields", at);
    if (list == nullptr || list->empty()) {
      r.Fail(at + "fields", "range", "Mỗi phần của tờ khai phải có ít nhất một trường.");
    }
    for (std::size_t i = 0; list != nullptr && i < list->size(); ++i) {
      const std::string fat = at + "fields[" + std::to_string(i) + "].";
      if (++fields > kMaxFields) {
        r.Fail(fat.substr(0, fat.size() - 1), "range",
               "Tờ khai có tối đa " + std::to_string(kMaxFields) + " trường.");
        break;
      }
      if (!(*list)[i].is_object()) {
        r.Fail(fat.substr(0, fat.size() - 1), "type", "Mỗi trường phải là một đối tượng JSON.");
        continue;
      }
      section.fields.push_back(ReadField(r, (*list)[i], fat, earlier, parts));
      earlier.insert(section.fields.back().name);
    }
    form.sections.push_back(std::move(section));
  }
  if (!r.errors.empty()) {
    return Error::Invalid(std::move(r.errors));
  }
  return form;
}

Result<std::vector<std::pair<std::string, FormDefinition>>> ParseFormList(std::string_view text) {
  const json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("forms") ||
      !doc["forms"].is_array()) {
    return Error::Malformed("Danh sách tờ khai điện tử phải có dạng {\"forms\": [...]}.");
  }
  std::vector<FieldError> errors;
  std::vector<std::pair<std::string, FormDefinition>> out;
  std::set<std::string> codes;
  const json& forms = doc["forms"];
  for (std::size_t i = 0; i < forms.size(); ++i) {
    const std::string at = "forms[" + std::to_string(i) + "]";
    const json& item = forms[i];
    if (!item.is_object() || !item.contains("procedure") || !item["procedure"].is_string() ||
        !item.contains("form") || !item["form"].is_object()) {
      errors.push_back({at, "type", "Mỗi mục phải có 'procedure' (mã thủ tục) và 'form'."});
      continue;
    }
    const std::string code = item["procedure"].get<std::string>();
    if (!codes.insert(code).second) {
      errors.push_back(
          {at + ".procedure", "duplicate", "Thủ tục '" + code + "' đã có tờ khai ở mục trước."});
    }
    auto form = ParseFormDefinition(item["form"].dump());
    if (!form) {
      for (FieldError e : form.error().fields()) {
        e.field = at + ".form." + e.field;
        errors.push_back(std::move(e));
      }
      continue;
    }
    out.emplace_back(code, std::move(*form));
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  return out;
}

std::string FormDefinitionText(const FormDefinition& form) {
  json doc = {{"title", form.title}};
  if (!form.title_en.empty()) {
    doc["titleEn"] = form.title_en;
  }
  if (!form.documents.empty()) {
    doc["documents"] = form.documents;
  }
  json sections = json::array();
  for (const FormSection& s : form.sections) {
    json fields = json::array();
    for (const FormField& f : s.fields) {
      fields.push_back(FieldJson(f));
    }
    json o = {{"title", s.title}, {"fields", std::move(fields)}};
    if (!s.title_en.empty()) {
      o["titleEn"] = s.title_en;
    }
    sections.push_back(std::move(o));
  }
  doc["sections"] = std::move(sections);
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<const FormField*> FieldsOf(const FormDefinition& form) {
  std::vector<const FormField*> out;
  for (const FormSection& s : form.sections) {
    for (const FormField& f : s.fields) {
      out.push_back(&f);
    }
  }
  return out;
}

const FormField* FindField(const FormDefinition& form, std::string_view name) {
  for (const FormSection& s : form.sections) {
    for (const FormField& f : s.fields) {
      if (f.name == name) {
        return &f;
      }
    }
  }
  return nullptr;
}

}  // namespace cqdt::portal
