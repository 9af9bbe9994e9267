// DOCX drafts (issue 10 item 3; decision 0009 "Files"): the content check of an uploaded DOCX and
// its conversion to PDF by LibreOffice. The PDF is the version people preview and the signer
// signs; the DOCX is kept beside it.
//
// CheckDocx is pure. SofficeConverter runs `soffice --headless --convert-to pdf` on a copy of the
// file in a private temporary directory, with a private LibreOffice profile
// (`-env:UserInstallation`, so that conversions share no state and never touch the service
// account's home), a wall-clock timeout after which the whole process group is killed, a CPU
// time limit, and a bound on the conversions running at once (each one is a LibreOffice process
// tree of its own: the bound is the process-count limit). The temporary directory is removed in
// every case.
// Thread safety: both are safe to call concurrently.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "core/result.hpp"

namespace cqdt::documents {

struct DocxLimits {
  std::size_t max_entries = 2000;                          // files in the ZIP
  std::size_t max_uncompressed_bytes = 100 * 1024 * 1024;  // all entries, inflated
  std::size_t max_ratio = 200;                             // inflated / compressed, per entry
};

// The type by content (untrusted upload): a ZIP archive holding `word/document.xml`, every entry
// decompressed within `limits` (the bytes are really inflated and counted, not only the sizes the
// archive declares). kInvalidArgument "file" otherwise; kTooLarge beyond the limits.
Status CheckDocx(const std::string& bytes, const DocxLimits& limits = {});

// Turns a checked DOCX into PDF bytes. kUnprocessable-like failures are kInvalidArgument "file";
// kUnavailable when the converter is absent or busy.
class DocxConverter {
 public:
  virtual ~DocxConverter() = default;
  virtual Result<std::string> ToPdf(const std::string& docx) const = 0;
};

struct SofficeOptions {
  std::string program = "soffice";  // found on PATH when not absolute
  std::chrono::seconds timeout{120};
  int max_concurrent = 2;  // LibreOffice process trees at once
  int cpu_seconds = 120;   // RLIMIT_CPU of the conversion
};

class SofficeConverter final : public DocxConverter {
 public:
  explicit SofficeConverter(SofficeOptions options = {});
  Result<std::string> ToPdf(const std::string& docx) const override;
  // Whether `program` can be run here (tests skip without it).
  static bool Available(const std::string& program = "soffice");

 private:
  SofficeOptions options_;
};

}  // namespace cqdt::documents
