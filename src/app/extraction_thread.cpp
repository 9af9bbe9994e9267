#include "extraction_thread.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include <spdlog/spdlog.h>

namespace cqdt::app {

int RunExtractChild(int argc, char** argv) {
  // argv[1] is "__extract": the flags follow it.
  return extract::RunChildMain(argc - 1, argv + 1);
}

extract::ChildOptions ChildProgram(const std::filesystem::path& self,
                                   const std::filesystem::path& installed) {
  extract::ChildOptions options;
  for (const auto& helper : {self.parent_path() / "cqdt-extract", installed}) {
    if (!helper.empty() && ::access(helper.c_str(), X_OK) == 0) {
      options.program = helper.string();
      options.args = {"--content-type"};
      return options;
    }
  }
  // cqdt itself, even when its file was replaced by an upgrade since it started.
  options.program = "/proc/self/exe";
  options.args = {"__extract", "--content-type"};
  return options;
}

documents::TextExtractor ChildExtractor(int ocr_max_pages, int timeout_seconds) {
  std::error_code ec;
  extract::ChildOptions options =
      ChildProgram(std::filesystem::read_symlink("/proc/self/exe", ec), kInstalledExtractProgram);
  options.args.insert(options.args.end() - 1, {"--ocr-max-pages", std::to_string(ocr_max_pages)});
  options.timeout = std::chrono::seconds(timeout_seconds);
  options.cpu_seconds = timeout_seconds;
  return [options](std::string_view bytes, std::string_view type) {
    return extract::ExtractInChild(bytes, type, options);
  };
}

ExtractionThread::ExtractionThread(db::Database& db, blob::BlobStore& blobs, const Clock& clock,
                                   int ocr_max_pages, int timeout_seconds)
    : worker_(db, blobs, ChildExtractor(ocr_max_pages, timeout_seconds), clock,
              // A claimed job outlives its child's time limit (the blob read, the writes) before
              // another instance may take it over (decision 0024).
              documents::ExtractionPolicy{.lease_seconds = timeout_seconds + 300}) {
  thread_ = std::thread([this] { Loop(); });
}

ExtractionThread::~ExtractionThread() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ExtractionThread::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    auto pause = std::chrono::milliseconds(1000);
    try {
      auto ran = worker_.RunOnce();
      if (!ran) {
        spdlog::warn("chưa đọc được nội dung tệp / file text not extracted: {}",
                     ran.error().message());
        pause = std::chrono::seconds(5);
      } else if (*ran) {
        pause = std::chrono::milliseconds(0);  // more may be due
      }
    } catch (const std::exception& e) {
      spdlog::error("đọc nội dung tệp lỗi / text extraction error: {}", e.what());
      pause = std::chrono::seconds(5);
    }
    lock.lock();
    if (pause.count() > 0) {
      wake_.wait_for(lock, pause, [this] { return stopping_; });
    }
  }
}

}  // namespace cqdt::app
