#include "search_indexer_thread.hpp"

#include <spdlog/spdlog.h>

namespace cqdt::app {

SearchIndexerThread::SearchIndexerThread(db::Database& db) : indexer_(db) {
  thread_ = std::thread([this] { Loop(); });
}

SearchIndexerThread::~SearchIndexerThread() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void SearchIndexerThread::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    auto pause = std::chrono::milliseconds(500);
    try {
      auto done = indexer_.RunOnce(200);
      if (!done) {
        spdlog::warn("chỉ mục tìm kiếm chưa cập nhật được / search index not updated: {}",
                     done.error().message());
        pause = std::chrono::seconds(5);
      } else if (*done > 0) {
        pause = std::chrono::milliseconds(0);  // more may be waiting
      }
    } catch (const std::exception& e) {
      // An infrastructure fault (the database away, busy): log it and try again later.
      spdlog::error("chỉ mục tìm kiếm lỗi / search index error: {}", e.what());
      pause = std::chrono::seconds(5);
    }
    lock.lock();
    if (pause.count() > 0) {
      wake_.wait_for(lock, pause, [this] { return stopping_; });
    }
  }
}

}  // namespace cqdt::app
