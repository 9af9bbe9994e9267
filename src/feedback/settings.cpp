#include "feedback/settings.hpp"

#include <set>

#include <nlohmann/json.hpp>

namespace cqdt::feedback {

extern const char* const kDefaultSettingsJson;  // settings_data.cpp

namespace {

using json = nlohmann::json;

Error SettingsError(const std::string& path) {
  return Error::InvalidField(path, "invalid",
                             "Tệp thiết lập đánh giá, phản ánh không hợp lệ tại '" + path + "'.");
}

bool IsCode(const std::string& s) {
  if (s.empty() || s.size() > 40) {
    return false;
  }
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return false;
    }
  }
  return true;
}

Result<std::string> Text(const json& o, const char* key, const std::string& path,
                         bool required = true) {
  auto it = o.find(key);
  if (it == o.end() && !required) {
    return std::string();
  }
  if (it == o.end() || !it->is_string() || (required && it->get<std::string>().empty())) {
    return SettingsError(path + key);
  }
  return it->get<std::string>();
}

Result<int> Days(const json& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end() || !it->is_number_integer() || it->get<int>() < 1 || it->get<int>() > 365) {
    return SettingsError(key);
  }
  return it->get<int>();
}

// The objects of array `key`, each with a unique code and a name; `read` takes the rest.
template <typename T, typename Read>
Result<std::vector<T>> List(const json& doc, const char* key, Read read) {
  auto list = doc.find(key);
  if (list == doc.end() || !list->is_array() || list->empty()) {
    return SettingsError(key);
  }
  std::vector<T> out;
  std::set<std::string> codes;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& o = (*list)[i];
    const std::string path = std::string(key) + "[" + std::to_string(i) + "].";
    if (!o.is_object()) {
      return SettingsError(path.substr(0, path.size() - 1));
    }
    T item;
    CQDT_ASSIGN_OR_RETURN(item.code, Text(o, "code", path));
    if (!IsCode(item.code) || !codes.insert(item.code).second) {
      return SettingsError(path + "code");
    }
    CQDT_ASSIGN_OR_RETURN(item.name, Text(o, "name", path));
    CQDT_ASSIGN_OR_RETURN(item.name_en, Text(o, "nameEn", path, false));
    CQDT_RETURN_IF_ERROR(read(o, path, item));
    out.push_back(std::move(item));
  }
  return out;
}

template <typename T>
const T* Find(const std::vector<T>& items, std::string_view code) {
  for (const T& item : items) {
    if (item.code == code) {
      return &item;
    }
  }
  return nullptr;
}

}  // namespace

const char* PetitionClassName(PetitionClass c) {
  switch (c) {
    case PetitionClass::kProcedure:
      return "tthc";
    case PetitionClass::kStaff:
      return "staff";
    case PetitionClass::kNone:
      break;
  }
  return "";
}

const Level* Settings::FindLevel(std::string_view code) const { return Find(levels, code); }
const Criterion* Settings::FindCriterion(std::string_view code) const {
  return Find(criteria, code);
}
const Category* Settings::FindCategory(std::string_view code) const {
  return Find(categories, code);
}

Result<Settings> ParseSettings(std::string_view text) {
  json doc = json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Error::Malformed("Tệp thiết lập đánh giá, phản ánh không phải JSON hợp lệ.");
  }
  Settings s;
  CQDT_ASSIGN_OR_RETURN(s.version, Text(doc, "version", ""));
  CQDT_ASSIGN_OR_RETURN(s.source, Text(doc, "source", "", false));
  CQDT_ASSIGN_OR_RETURN(
      s.levels, List<Level>(doc, "levels", [](const json& o, const std::string& path, Level& l) {
        auto it = o.find("unsatisfied");
        if (it == o.end() || !it->is_boolean()) {
          return Status(SettingsError(path + "unsatisfied"));
        }
        l.unsatisfied = it->get<bool>();
        return Status();
      }));
  bool any_unsatisfied = false;
  for (const Level& l : s.levels) {
    any_unsatisfied = any_unsatisfied || l.unsatisfied;
  }
  if (!any_unsatisfied) {
    return SettingsError("levels");
  }
  auto criteria = doc.find("criteria");
  if (criteria != doc.end() && !(criteria->is_array() && criteria->empty())) {
    CQDT_ASSIGN_OR_RETURN(s.criteria, List<Criterion>(doc, "criteria",
                                                      [](const json&, const std::string&,
                                                         Criterion&) { return Status(); }));
  }
  CQDT_ASSIGN_OR_RETURN(
      s.categories,
      List<Category>(doc, "categories", [](const json& o, const std::string& path, Category& c) {
        auto it = o.find("index766");
        if (it == o.end() || !it->is_string()) {
          return Status(SettingsError(path + "index766"));
        }
        const std::string v = it->get<std::string>();
        if (v == "tthc") {
          c.index_class = PetitionClass::kProcedure;
        } else if (v == "staff") {
          c.index_class = PetitionClass::kStaff;
        } else if (!v.empty()) {
          return Status(SettingsError(path + "index766"));
        }
        return Status();
      }));
  CQDT_ASSIGN_OR_RETURN(s.answer_working_days, Days(doc, "answerWorkingDays"));
  CQDT_ASSIGN_OR_RETURN(s.rating_window_days, Days(doc, "ratingWindowDays"));
  CQDT_ASSIGN_OR_RETURN(s.rating_change_days, Days(doc, "ratingChangeDays"));
  return s;
}

const Settings& DefaultSettings() {
  static const Settings settings = [] {
    auto parsed = ParseSettings(kDefaultSettingsJson);
    return parsed ? std::move(*parsed) : Settings{};  // a unit test parses the file
  }();
  return settings;
}

}  // namespace cqdt::feedback
