#include "json_text.hpp"

#include <nlohmann/json.hpp>

namespace cqdt::portal {

using nlohmann::json;

std::string AnswersText(const FormAnswers& answers) {
  json o = json::object();
  for (const auto& [name, value] : answers) {
    o[name] = value;
  }
  return o.dump(-1, ' ', false, json::error_handler_t::replace);
}

FormAnswers ParseAnswersText(std::string_view text) {
  FormAnswers out;
  const json o = json::parse(text, nullptr, false);
  if (!o.is_object()) {
    return out;
  }
  for (const auto& [name, value] : o.items()) {
    if (value.is_string()) {
      out[name] = value.get<std::string>();
    }
  }
  return out;
}

std::string DocumentsText(const std::vector<DocumentChoice>& documents) {
  json list = json::array();
  for (const DocumentChoice& d : documents) {
    json files = json::array();
    for (const ChosenFile& f : d.files) {
      files.push_back({{"id", f.id}, {"name", f.name}});
    }
    list.push_back({{"ordinal", d.ordinal}, {"files", std::move(files)}, {"byData", d.by_data}});
  }
  return list.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<DocumentChoice> ParseDocumentsText(std::string_view text) {
  std::vector<DocumentChoice> out;
  const json list = json::parse(text, nullptr, false);
  if (!list.is_array()) {
    return out;
  }
  for (const json& d : list) {
    if (!d.is_object()) {
      continue;
    }
    DocumentChoice c;
    c.ordinal = d.value("ordinal", 0);
    c.by_data = d.value("byData", false);
    if (d.contains("files") && d["files"].is_array()) {
      for (const json& f : d["files"]) {
        if (f.is_object()) {
          c.files.push_back({f.value("id", ""), f.value("name", "")});
        }
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace cqdt::portal
