#include "worker_pool.hpp"

#include <exception>
#include <utility>

#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "core/unavailable.hpp"
#include "http/problem.hpp"

namespace cqdt::http {

namespace asio = boost::asio;

namespace {

constexpr const char* kInternalDetail = "Đã xảy ra lỗi hệ thống. Vui lòng thử lại sau.";
constexpr const char* kUnavailableDetail =
    "Cơ sở dữ liệu tạm thời không truy cập được. Vui lòng thử lại sau ít phút.";

const std::string& RouteName(const Request& request) {
  static const std::string kUnmatched = "unmatched";
  return request.route_pattern.empty() ? kUnmatched : request.route_pattern;
}

}  // namespace

Response InvokeHandler(const Handler& handler, Request& request) {
  try {
    if (!handler) {
      return Problem(404, "Không tìm thấy tài nguyên được yêu cầu.", request);
    }
    return handler(request);
  } catch (const std::exception& e) {
    // A bug or an infrastructure fault: the details go to the log only. A dependency that
    // cannot be reached now (the database restarting) is 503 with Retry-After, not a bug: a
    // load balancer and a client retry.
    if (IsUnavailable(e)) {
      spdlog::warn("http: request {} {} {}: unavailable: {}", request.request_id, request.method,
                   RouteName(request), e.what());
      auto response = Problem(503, kUnavailableDetail, request);
      response.headers.Set("Retry-After", "5");
      return response;
    }
    spdlog::error("http: request {} {} {}: unhandled exception: {}", request.request_id,
                  request.method, RouteName(request), e.what());
  } catch (...) {
    spdlog::error("http: request {} {} {}: unhandled non-standard exception", request.request_id,
                  request.method, RouteName(request));
  }
  return Problem(500, kInternalDetail, request);
}

std::optional<Response> TryFastPath(const FastPath& fast, Request& request) {
  try {
    return fast(request);
  } catch (const std::exception& e) {
    // The blocking handler gets its chance; it reports the failure if it is real.
    spdlog::warn("http: request {} {}: fast path threw: {}", request.request_id,
                 request.route_pattern, e.what());
  }
  return std::nullopt;
}

WorkerPool::WorkerPool(int threads, std::size_t queue_limit)
    : pool_(static_cast<std::size_t>(threads > 0 ? threads : 1)), queue_limit_(queue_limit) {}

WorkerPool::~WorkerPool() { pool_.join(); }

asio::awaitable<Response> WorkerPool::Run(const Handler& handler, Request& request) {
  if (depth_.fetch_add(1) >= queue_limit_) {
    depth_.fetch_sub(1);
    Response response = Problem(503, "Máy chủ đang quá tải. Vui lòng thử lại sau.", request);
    response.headers.Set("Retry-After", "1");
    co_return response;
  }
  struct Slot {
    std::atomic<std::size_t>& depth;
    ~Slot() { depth.fetch_sub(1); }
  } slot{depth_};
  // A plain post rather than co_spawn: no coroutine frame on the pool, one hop each way.
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(Response)>(
      [this, &handler, &request](auto completion) {
        // Keeps the session's io_context running while the handler is on the pool.
        auto guard = asio::make_work_guard(asio::get_associated_executor(completion));
        asio::post(pool_, [&handler, &request, guard = std::move(guard),
                           completion = std::move(completion)]() mutable {
          Response response = InvokeHandler(handler, request);
          auto executor = guard.get_executor();
          asio::post(executor, [completion = std::move(completion),
                                response = std::move(response)]() mutable {
            completion(std::move(response));
          });
        });
      },
      asio::use_awaitable);
}

}  // namespace cqdt::http
