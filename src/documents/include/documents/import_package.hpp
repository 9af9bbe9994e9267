// The input of an import of past documents (issue 11, item 6; docs/decisions/0015-import.md): a
// list of rows, each a map from a canonical field name to its text, and the files those rows
// name, read from a directory or a ZIP archive.
//
// Rows come from a CSV file (ParseImportCsv: UTF-8 with or without BOM, RFC 4180 through the
// core reader, a header row naming the columns in English or Vietnamese) or from a JSON array
// (the api module parses JSON: domain modules see none). Field names are the canonical
// camelCase ones of kImportFields; CanonicalImportField maps every accepted header to one.
//
// Untrusted input everywhere: a ZIP is read with bounds (entry count, each entry's and the total
// inflated size, the compression ratio) and every name, in the archive or in a row, must be a
// relative path without "..", a drive letter, a backslash or a leading "/" (zip slip); a
// directory source refuses symbolic links that leave it.
// Pure values; the sources are not thread-safe (one import reads one source).
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace cqdt::documents {

// One row of the batch: `row` is its number as the user sees it (the CSV line, or the 1-based
// position in the JSON array); `fields` holds the non-empty values by canonical name.
struct ImportRecord {
  int row = 0;
  std::map<std::string, std::string> fields;

  std::string Get(const std::string& field) const;
};

// The canonical field names, in the column order of docs/import-sample.csv.
extern const std::vector<std::string> kImportFields;

// The canonical name of a CSV header or JSON member ("Số ký hiệu", "so ky hieu", "numberText" ->
// "numberText"); nullopt when it is none of them.
std::optional<std::string> CanonicalImportField(std::string_view header);

// The rows of a CSV import file. kMalformed (naming the line) for text that is not UTF-8, an
// unterminated quote or a row with more cells than the header; kInvalidArgument naming the
// column for an unknown or repeated header.
Result<std::vector<ImportRecord>> ParseImportCsv(std::string_view text);

// True when `path` is a safe relative path inside an import package (see above).
bool IsSafeImportPath(std::string_view path);

struct ImportLimits {
  std::size_t max_entries = 20000;                          // files in a ZIP
  std::size_t max_file_bytes = 50 * 1024 * 1024;            // one inflated file
  std::size_t max_total_bytes = 2ULL * 1024 * 1024 * 1024;  // all of them
  std::size_t max_ratio = 200;  // inflated / compressed, past the first MiB of an entry
};

// Where the files of an import are read from.
class ImportFiles {
 public:
  virtual ~ImportFiles() = default;
  // The relative paths of the regular files it holds (sorted).
  virtual std::vector<std::string> List() const = 0;
  // The bytes of `path`: kNotFound when absent, kInvalidArgument for an unsafe path,
  // kTooLarge past the limits, kMalformed for a damaged ZIP entry.
  virtual Result<std::string> Read(const std::string& path) = 0;
};

// A ZIP archive held in memory (`bytes` is copied). kMalformed when it is no ZIP; kTooLarge past
// `limits.max_entries`; kInvalidArgument naming the entry for a zip-slip name.
Result<std::unique_ptr<ImportFiles>> OpenImportZip(std::string bytes, ImportLimits limits = {});
// A directory on this machine. kNotFound when it is not a directory.
Result<std::unique_ptr<ImportFiles>> OpenImportDirectory(const std::string& dir,
                                                         ImportLimits limits = {});

// The index file of a package: "documents.csv", "documents.json", "van-ban.csv" or
// "van-ban.json" at its root, else the only .csv or .json file at its root. kInvalidArgument
// naming "file" when there is none or more than one.
Result<std::string> FindImportIndex(const ImportFiles& files);

}  // namespace cqdt::documents
