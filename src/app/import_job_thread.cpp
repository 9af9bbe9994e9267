#include "import_job_thread.hpp"

#include <utility>
#include <vector>

#include <spdlog/spdlog.h>

namespace cqdt::app {

ImportJobThread::ImportJobThread(db::Database& db, const documents::ImportService& imports,
                                 const documents::ImportJobs& jobs, const Clock& clock,
                                 std::size_t max_queued)
    : db_(db), imports_(imports), jobs_(jobs), clock_(clock), max_queued_(max_queued) {
  const bool postgres = db_.engine() == db::Engine::kPostgres;
  {
    auto tx = db_.Begin();
    const std::int64_t now = ToUnixSeconds(clock_.Now());
    // SQLite runs one instance: every job left queued or running is an earlier process's.
    const int interrupted = postgres ? jobs_.MarkInterrupted(tx, now, now - kStale.count())
                                     : jobs_.MarkInterrupted(tx, now);
    if (auto st = tx.Commit(); st && interrupted > 0) {
      spdlog::warn("{} lần nhập văn bản bị gián đoạn khi máy chủ dừng / import jobs interrupted",
                   interrupted);
    }
  }
  thread_ = std::thread([this] { Loop(); });
  if (postgres) {
    beat_thread_ = std::thread([this] { BeatLoop(); });
  }
}

void ImportJobThread::BeatLoop() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, kBeat, [this] { return stopping_; })) {
    std::vector<std::pair<documents::ImportJobId, documents::ImportJobProgress>> mine;
    for (const auto& [id, progress] : progress_) {
      mine.emplace_back(documents::ImportJobId(id), progress);
    }
    lock.unlock();
    try {
      auto tx = db_.Begin();
      const std::int64_t now = ToUnixSeconds(clock_.Now());
      for (const auto& [id, progress] : mine) {
        jobs_.Beat(tx, id, progress, now);
      }
      const int interrupted = jobs_.MarkInterrupted(tx, now, now - kStale.count());
      if (auto st = tx.Commit(); st && interrupted > 0) {
        spdlog::warn(
            "{} lần nhập văn bản bị gián đoạn (máy chủ chạy chúng đã dừng) / import jobs "
            "of a stopped instance interrupted",
            interrupted);
      }
    } catch (const std::exception& e) {
      spdlog::warn("nhập văn bản: không ghi được tiến độ / import progress not written: {}",
                   e.what());
    }
    lock.lock();
  }
}

ImportJobThread::~ImportJobThread() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  if (beat_thread_.joinable()) {
    beat_thread_.join();
  }
}

Status ImportJobThread::Submit(documents::ImportJobRequest request) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= max_queued_) {
      return Error::Unavailable("Đang có nhiều lần nhập chờ chạy; hãy thử lại sau.");
    }
    progress_[request.id.value()] = {"", 0, static_cast<int>(request.rows.size())};
    queue_.push_back(std::move(request));
  }
  wake_.notify_all();
  return Ok();
}

std::optional<documents::ImportJobProgress> ImportJobThread::Progress(
    documents::ImportJobId id) const {
  std::lock_guard lock(mutex_);
  auto it = progress_.find(id.value());
  if (it == progress_.end()) {
    return std::nullopt;
  }
  return it->second;
}

void ImportJobThread::Loop() {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) {
      return;  // queued jobs stay `queued` and are marked interrupted at the next start
    }
    documents::ImportJobRequest request = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    Run(request);
    lock.lock();
    progress_.erase(request.id.value());
  }
}

void ImportJobThread::Run(documents::ImportJobRequest& request) {
  const auto id = request.id;
  try {
    {
      auto tx = db_.Begin();
      jobs_.SetState(tx, id, "running", {"validate", 0, static_cast<int>(request.rows.size())},
                     ToUnixSeconds(clock_.Now()));
      (void)tx.Commit();
    }
    auto report =
        imports_.Run(db_, request.actor, request.principal, request.rows, request.files.get(),
                     request.options, [this, id](const std::string& phase, int done, int total) {
                       std::lock_guard lock(mutex_);
                       progress_[id.value()] = {phase, done, total};
                     });
    auto tx = db_.Begin();
    if (report) {
      jobs_.Finish(tx, id, *report, ToUnixSeconds(clock_.Now()));
    } else {
      jobs_.Fail(tx, id, report.error().message(), ToUnixSeconds(clock_.Now()));
    }
    (void)tx.Commit();
  } catch (const std::exception& e) {
    // An infrastructure fault (the database away): the job is marked failed if it can be.
    spdlog::error("nhập văn bản lỗi / import job {} failed: {}", id.value(), e.what());
    try {
      auto tx = db_.Begin();
      jobs_.Fail(tx, id, Error::Internal().message(), ToUnixSeconds(clock_.Now()));
      (void)tx.Commit();
    } catch (const std::exception&) {
    }
  }
}

}  // namespace cqdt::app
