// The import package of past documents (issue 11, item 6) as the HTTP API and the CLI receive
// it: a ZIP (an index file and the files it names), a bare CSV or JSON index, or (CLI) a
// directory. The JSON form is read here, the only module that parses JSON; the CSV form and
// the ZIP by the documents module.
#include <cctype>

#include "api/api.hpp"
#include "internal.hpp"

namespace cqdt::api {

namespace {

// A JSON index: an array of objects, or {"items": [...]}. Members are the canonical names or
// any accepted header; values are strings, numbers, or (files) arrays of strings.
Result<std::vector<documents::ImportRecord>> ParseJsonIndex(std::string_view text) {
  CQDT_ASSIGN_OR_RETURN(json doc, ParseJson(text));
  if (doc.is_object() && doc.contains("items") && doc.size() == 1) {
    doc = doc["items"];
  }
  if (!doc.is_array()) {
    return Error::InvalidField("file", "type",
                               "Tệp JSON phải là một mảng văn bản (hoặc {\"items\": [...]}).");
  }
  std::vector<documents::ImportRecord> out;
  std::vector<FieldError> errors;
  int row = 0;
  for (const auto& item : doc) {
    ++row;
    const std::string where = "items[" + std::to_string(row - 1) + "]";
    if (!item.is_object()) {
      errors.push_back({where, "type", "Mỗi phần tử của tệp JSON phải là một đối tượng."});
      continue;
    }
    documents::ImportRecord rec;
    rec.row = row;
    for (const auto& [key, value] : item.items()) {
      auto field = documents::CanonicalImportField(key);
      if (!field) {
        errors.push_back({where + "." + key, "unknown",
                          "Trường '" + key + "' không phải trường của tệp nhập văn bản."});
        continue;
      }
      std::string text_value;
      if (value.is_string()) {
        text_value = value.get<std::string>();
      } else if (value.is_number_integer()) {
        text_value = std::to_string(value.get<std::int64_t>());
      } else if (value.is_array() && *field == "files") {
        for (const auto& f : value) {
          if (!f.is_string()) {
            errors.push_back({where + ".files", "type", "Trường 'files' là mảng đường dẫn tệp."});
            break;
          }
          text_value += (text_value.empty() ? "" : ";") + f.get<std::string>();
        }
      } else if (!value.is_null()) {
        errors.push_back(
            {where + "." + key, "type", "Trường '" + key + "' phải là chuỗi hoặc số nguyên."});
        continue;
      }
      if (!text_value.empty()) {
        rec.fields[*field] = text_value;
      }
    }
    if (!rec.fields.empty()) {
      out.push_back(std::move(rec));
    }
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  return out;
}

bool LooksLikeJson(std::string_view text) {
  for (char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) == 0) {
      return c == '[' || c == '{';
    }
  }
  return false;
}

Result<std::vector<documents::ImportRecord>> ParseIndex(std::string_view text,
                                                        const std::string& name) {
  std::string lower = name;
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (lower.ends_with(".json") || (!lower.ends_with(".csv") && LooksLikeJson(text))) {
    return ParseJsonIndex(text);
  }
  return documents::ParseImportCsv(text);
}

Result<DocumentImportPackage> FromFiles(std::unique_ptr<documents::ImportFiles> files) {
  CQDT_ASSIGN_OR_RETURN(std::string index, documents::FindImportIndex(*files));
  CQDT_ASSIGN_OR_RETURN(std::string text, files->Read(index));
  CQDT_ASSIGN_OR_RETURN(auto rows, ParseIndex(text, index));
  return DocumentImportPackage{std::move(rows), std::move(files), index};
}

}  // namespace

Result<DocumentImportPackage> ReadDocumentImport(std::string bytes, const std::string& file_name,
                                                 const documents::ImportLimits& limits) {
  // Untrusted upload: the kind is the content's (a ZIP's local header), not the name's.
  if (bytes.size() >= 4 && bytes.compare(0, 4, "PK\x03\x04") == 0) {
    CQDT_ASSIGN_OR_RETURN(auto files, documents::OpenImportZip(std::move(bytes), limits));
    return FromFiles(std::move(files));
  }
  CQDT_ASSIGN_OR_RETURN(auto rows, ParseIndex(bytes, file_name));
  return DocumentImportPackage{std::move(rows), nullptr, file_name};
}

Result<DocumentImportPackage> ReadDocumentImportDirectory(const std::string& dir,
                                                          const documents::ImportLimits& limits) {
  CQDT_ASSIGN_OR_RETURN(auto files, documents::OpenImportDirectory(dir, limits));
  return FromFiles(std::move(files));
}

}  // namespace cqdt::api
