// libFuzzer target for the import of past documents (issue 16 item 5): api::ReadDocumentImport
// reads what an archivist uploads to POST /api/v1/documents/imports (and `cqdt documents
// import`): a ZIP with an index (documents.csv or documents.json) and the files it names, or a bare
// CSV or JSON index. The first input byte picks the uploaded file's name (.zip, .csv, .json or
// none: decided by content), the rest is the file. As the import does, every file a row names is
// then read from the package when its path is safe (documents::IsSafeImportPath), within the
// production limits. Beyond AddressSanitizer and UBSan, an accepted package must have an index
// name and rows numbered from 1, and a ZIP's listed files must all be safe paths.
// Built by tests/fuzz/CMakeLists.txt, run by tests/fuzz/run-all.sh; see tests/fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "api/api.hpp"
#include "documents/import_package.hpp"

namespace {

[[noreturn]] void Violated(const std::string& what) {
  std::fprintf(stderr, "document_import_fuzzer: invariant violated: %s\n", what.c_str());
  std::abort();
}

// The file list of a row: ';'-separated paths, as the import reads the `files` column.
std::vector<std::string> SplitFiles(const std::string& value) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t semi = value.find(';', start);
    const std::size_t end = semi == std::string::npos ? value.size() : semi;
    if (end > start) {
      out.push_back(value.substr(start, end - start));
    }
    if (semi == std::string::npos) {
      break;
    }
    start = semi + 1;
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    return 0;
  }
  static const char* const kNames[] = {"import.zip", "documents.csv", "documents.json", "upload"};
  const std::string name = kNames[data[0] % 4];
  std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);

  auto package = cqdt::api::ReadDocumentImport(std::move(bytes), name);
  if (!package) {
    if (package.error().message().empty() && package.error().fields().empty()) {
      Violated("an error without a message");
    }
    return 0;
  }
  int previous = 0;
  for (const auto& row : package->rows) {
    if (row.row <= 0) {
      Violated("a row numbered " + std::to_string(row.row));
    }
    if (row.row < previous) {
      Violated("rows out of order");
    }
    previous = row.row;
  }
  if (package->files == nullptr) {
    return 0;
  }
  if (package->index_name.empty()) {
    Violated("a package without an index name");
  }
  for (const auto& path : package->files->List()) {
    if (!cqdt::documents::IsSafeImportPath(path)) {
      Violated("an unsafe path listed: '" + path + "'");
    }
  }
  int reads = 0;
  for (const auto& row : package->rows) {
    for (const auto& path : SplitFiles(row.Get("files"))) {
      // The import reads at most 20 files a row; a bounded number here keeps each run short.
      if (++reads > 64) {
        return 0;
      }
      if (cqdt::documents::IsSafeImportPath(path)) {
        (void)package->files->Read(path);
      }
    }
  }
  return 0;
}
