// The server's runner of import jobs (issue 11, item 6): a thread that takes the jobs POST
// /documents/import submits, one at a time, runs them with documents::ImportService and records
// their state and report in documents_import_job. Progress is kept in memory while a job runs
// (ImportJobQueue::Progress) and written at its start and end: a batch's transaction holds
// SQLite's only writer, so progress is never written from inside one. At construction, jobs an
// earlier process left queued or running are marked interrupted. At most `max_queued` jobs wait
// (Submit answers kUnavailable beyond). The destructor stops after the running job.
// PostgreSQL, where several instances may serve (decision 0024): a second thread beats on this
// process's queued and running jobs every kBeat (with their progress, so that any instance shows
// it) and marks interrupted the jobs whose beats stopped for kStale (a dead instance's); at
// construction only those are marked, never a live instance's.
// Thread safety: Submit and Progress may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "core/clock.hpp"
#include "db/database.hpp"
#include "documents/import_jobs.hpp"
#include "documents/import_service.hpp"

namespace cqdt::app {

class ImportJobThread final : public documents::ImportJobQueue {
 public:
  ImportJobThread(db::Database& db, const documents::ImportService& imports,
                  const documents::ImportJobs& jobs, const Clock& clock,
                  std::size_t max_queued = 8);
  ~ImportJobThread() override;
  ImportJobThread(const ImportJobThread&) = delete;
  ImportJobThread& operator=(const ImportJobThread&) = delete;

  Status Submit(documents::ImportJobRequest request) override;
  std::optional<documents::ImportJobProgress> Progress(documents::ImportJobId id) const override;

 private:
  void Loop();
  void Run(documents::ImportJobRequest& request);
  void BeatLoop();

  static constexpr std::chrono::seconds kBeat{30};
  static constexpr std::chrono::seconds kStale{120};

  db::Database& db_;
  const documents::ImportService& imports_;
  const documents::ImportJobs& jobs_;
  const Clock& clock_;
  std::size_t max_queued_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<documents::ImportJobRequest> queue_;
  std::map<std::int64_t, documents::ImportJobProgress> progress_;
  bool stopping_ = false;
  std::thread thread_;
  std::thread beat_thread_;  // PostgreSQL only
};

}  // namespace cqdt::app
