// Where handlers run: inline on the connection's I/O thread (non-blocking routes, fast paths,
// the fallback), or handed to the bounded worker pool (blocking routes: database, hashing).
#pragma once

#include <atomic>
#include <cstddef>
#include <optional>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include "http/router.hpp"

namespace cqdt::http {

// Calls `handler`. An exception is a bug or an infrastructure fault: it is logged with the
// request id and answered 500 without internals. A null handler answers 404.
Response InvokeHandler(const Handler& handler, Request& request);

// Calls a route's fast path; an exception is logged and counts as "cannot answer here".
std::optional<Response> TryFastPath(const FastPath& fast, Request& request);

// A bounded pool of worker threads. Thread safety: Run() and depth() from any thread.
class WorkerPool {
 public:
  WorkerPool(int threads, std::size_t queue_limit);
  // Joins the threads: handlers still queued run first, so destroy the pool while the
  // executors they resume on are alive.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Runs `handler` on a worker and resumes the calling coroutine on its own executor with the
  // response: one hop there, one back. 503 with Retry-After when `queue_limit` requests are
  // already waiting or running. `handler` and `request` must outlive the call.
  boost::asio::awaitable<Response> Run(const Handler& handler, Request& request);

  // Requests waiting for or running on a worker.
  std::size_t depth() const { return depth_.load(); }

 private:
  boost::asio::thread_pool pool_;
  std::size_t queue_limit_;
  std::atomic<std::size_t> depth_{0};
};

}  // namespace cqdt::http
