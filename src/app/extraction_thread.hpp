// The server's text extraction (issue 11, item 4): a thread that serves documents_index_job's
// 'prefill' and 'extract' jobs with documents::ExtractionWorker, one file at a time, each read by
// a child process (extract::ExtractInChild: the `cqdt-extract` program, or `cqdt __extract`) so
// that poppler and Tesseract never run in the server's own process. A job every second while idle,
// one after another while jobs are due; a pass that fails (the database away) is logged and retried
// after a pause. Stopped and joined by the destructor (a child at work is waited for, within its
// timeout).
#pragma once

#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include "documents/extraction_service.hpp"
#include "extract/extract.hpp"

namespace cqdt::app {

// `cqdt __extract [--ocr-max-pages N] --content-type TYPE`: the child's main (extract::RunChild),
// for a cqdt whose `cqdt-extract` is not installed. Not a command for people: hidden from the help.
int RunExtractChild(int argc, char** argv);

// Where the package installs the child program.
inline constexpr const char* kInstalledExtractProgram = "/usr/libexec/cqdt/cqdt-extract";

// The child to run, given cqdt's own file (`self`): the `cqdt-extract` beside it (a build tree),
// else `installed`, else cqdt itself as `cqdt __extract` (/proc/self/exe). Its args end with
// "--content-type" (the type is appended to each run).
extract::ChildOptions ChildProgram(const std::filesystem::path& self,
                                   const std::filesystem::path& installed);

// The extractor the server and the CLI use (ChildProgram of this process).
documents::TextExtractor ChildExtractor(int ocr_max_pages, int timeout_seconds);

class ExtractionThread {
 public:
  ExtractionThread(db::Database& db, blob::BlobStore& blobs, const Clock& clock, int ocr_max_pages,
                   int timeout_seconds);
  ~ExtractionThread();
  ExtractionThread(const ExtractionThread&) = delete;
  ExtractionThread& operator=(const ExtractionThread&) = delete;

 private:
  void Loop();

  documents::ExtractionWorker worker_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cqdt::app
