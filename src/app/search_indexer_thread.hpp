// The server's search indexer (issue 11, item 3): a thread that drains documents_index_job with
// documents::SearchIndexer, a pass every half second while idle and pass after pass while work
// is pending, so a document is findable about a second after its transaction commits. A pass
// that fails (the database away) is logged and retried after a pause; the queue is durable, so
// nothing is lost across restarts. Stopped and joined by the destructor.
// Thread safety: constructed and destroyed by one thread; the work runs on its own thread.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

#include "documents/search_service.hpp"

namespace cqdt::app {

class SearchIndexerThread {
 public:
  explicit SearchIndexerThread(db::Database& db);
  ~SearchIndexerThread();
  SearchIndexerThread(const SearchIndexerThread&) = delete;
  SearchIndexerThread& operator=(const SearchIndexerThread&) = delete;

 private:
  void Loop();

  documents::SearchIndexer indexer_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cqdt::app
