// The listeners and the server's life cycle: binding, accepting (connections spread over the I/O
// threads; plain and TLS), signals (SIGHUP reloads the TLS certificate), the graceful shutdown. A
// session serves each connection (session.cpp); the sweeper enforces deadlines (connections.cpp);
// handlers run inline or on the worker pool (worker_pool.cpp); every answer is recorded by the
// access log (access_log.cpp).
#include "http/server.hpp"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <exception>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "access_log.hpp"
#include "connections.hpp"
#include "session.hpp"
#include "tls_context.hpp"
#include "worker_pool.hpp"

namespace cqdt::http {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;

std::vector<std::unique_ptr<asio::io_context>> MakeIoContexts(int count) {
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  for (int i = 0; i < std::max(count, 1); ++i) {
    contexts.push_back(std::make_unique<asio::io_context>(1));
  }
  return contexts;
}

ServerOptions Normalized(ServerOptions options) {
  options.io_threads = std::max(options.io_threads, 1);
  if (options.upload_dir.empty()) {
    std::error_code ec;
    options.upload_dir = fs::temp_directory_path(ec);
  }
  return options;
}

// Requests nobody routes go to the fallback (static files) with the default body limit; the
// fallback runs on the I/O thread.
RouteOptions FallbackOptions() {
  RouteOptions options;
  options.blocking = false;
  return options;
}

std::string HstsValue(const ServerOptions& options) {
  if (!options.tls || !options.tls->hsts) {
    return {};
  }
  return "max-age=" + std::to_string(options.tls->hsts_max_age.count());
}

std::unique_ptr<TlsContextSlot> MakeTlsSlot(const ServerOptions& options) {
  return options.tls ? std::make_unique<TlsContextSlot>(*options.tls) : nullptr;
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions opts, const Router& router, Handler f, Metrics& metrics)
      : options(Normalized(std::move(opts))),
        fallback(std::move(f)),
        access_log(metrics),
        io_contexts(MakeIoContexts(options.io_threads)),
        control(asio::make_strand(*io_contexts.front())),
        acceptor(control),
        tls_acceptor(control),
        tls(MakeTlsSlot(options)),
        signals(control),
        grace_timer(control),
        sweep_timer(control),
        workers(options.worker_threads, options.worker_queue_limit),
        env{options,
            router,
            fallback,
            FallbackOptions(),
            workers,
            access_log,
            stopping,
            streams,
            HstsValue(options),
            static_cast<unsigned>(
                std::chrono::duration_cast<std::chrono::seconds>(options.idle_timeout).count())} {
    // Deadlines are enforced at a quarter of the shortest timeout, between 10 ms and 1 s late.
    const auto shortest = std::min(options.read_timeout, options.idle_timeout);
    sweep_interval = std::clamp<Clock::duration>(shortest / 4, std::chrono::milliseconds(10),
                                                 std::chrono::seconds(1));
  }

  Status Listen();
  Status Bind(tcp::acceptor& into, const std::string& host, unsigned short port,
              unsigned short& bound);
  void Run();
  void Stop();
  Status ReloadTls();
  void WaitForSignal();

  asio::awaitable<void> Accept(tcp::acceptor& from, bool secure);
  void BeginShutdown();
  void MaybeFinishShutdown();
  void Unregister(const std::shared_ptr<Connection>& conn);

  const ServerOptions options;
  Handler fallback;
  AccessLog access_log;

  // One io_context per I/O thread, each run by exactly one thread: a connection lives on one of
  // them, so its handlers never run concurrently and need no strand or lock. The first context
  // also hosts the listener and the shutdown steps. Declared before everything bound to them, so
  // that they are destroyed last.
  std::vector<std::unique_ptr<asio::io_context>> io_contexts;
  std::size_t next_context = 0;  // control strand only
  // Serialises the listener, the signal set, the sweeper and the shutdown steps.
  asio::strand<asio::io_context::executor_type> control;
  tcp::acceptor acceptor;
  tcp::acceptor tls_acceptor;           // open only with options.tls
  std::unique_ptr<TlsContextSlot> tls;  // null without options.tls
  asio::signal_set signals;
  asio::steady_timer grace_timer;
  asio::steady_timer sweep_timer;
  Clock::duration sweep_interval{};
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
  unsigned short bound_port = 0;
  unsigned short tls_bound_port = 0;

  std::atomic<bool> stop_requested{false};
  std::atomic<bool> stopping{false};
  bool shutdown_begun = false;  // control strand only
  bool shutdown_done = false;   // control strand only

  ConnectionSet connections;
  StreamCounter streams;

  // Destroyed (and joined) before the io_contexts, which its handlers resume on.
  WorkerPool workers;
  SessionEnv env;
};

Status Server::Impl::Listen() {
  if (tls) {
    CQDT_RETURN_IF_ERROR(tls->Reload());
  }
  CQDT_RETURN_IF_ERROR(Bind(acceptor, options.address, options.port, bound_port));
  if (tls) {
    CQDT_RETURN_IF_ERROR(
        Bind(tls_acceptor, options.tls->address, options.tls->port, tls_bound_port));
  }
  return Ok();
}

Status Server::Impl::Bind(tcp::acceptor& into, const std::string& host, unsigned short port,
                          unsigned short& bound) {
  boost::system::error_code ec;
  const asio::ip::address address = asio::ip::make_address(host, ec);
  if (ec) {
    return Error::Unavailable("Địa chỉ lắng nghe '" + host + "' không hợp lệ.");
  }
  const tcp::endpoint endpoint(address, port);
  const std::string where = host + ":" + std::to_string(port);
  into.open(endpoint.protocol(), ec);
  if (!ec) {
    into.set_option(asio::socket_base::reuse_address(true), ec);
  }
  if (!ec) {
    into.bind(endpoint, ec);
  }
  if (!ec) {
    into.listen(asio::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    spdlog::error("http: cannot listen on {}: {}", where, ec.message());
    boost::system::error_code ignored;
    into.close(ignored);
    return Error::Unavailable("Không thể lắng nghe trên " + where +
                              " (cổng đang được sử dụng hoặc không có quyền).");
  }
  bound = into.local_endpoint(ec).port();
  return Ok();
}

Status Server::Impl::ReloadTls() {
  if (!tls) {
    return Ok();
  }
  Status reloaded = tls->Reload();
  if (!reloaded) {
    spdlog::error(
        "http: không nạp lại được chứng thư TLS, vẫn dùng chứng thư cũ / TLS reload failed, the "
        "previous certificate stays in use: {}",
        reloaded.error().message());
  } else {
    spdlog::info("http: đã nạp lại chứng thư TLS / TLS certificate reloaded");
  }
  return reloaded;
}

// SIGINT/SIGTERM stop the server; SIGHUP reloads the TLS certificate and waits again.
void Server::Impl::WaitForSignal() {
  signals.async_wait([this](const boost::system::error_code& ec, int signal_number) {
    if (ec) {
      return;
    }
    if (signal_number == SIGHUP) {
      spdlog::info("http: signal {} received, reloading the TLS certificate", signal_number);
      (void)ReloadTls();
      WaitForSignal();
      return;
    }
    spdlog::info("http: signal {} received, shutting down", signal_number);
    Stop();
  });
}

void Server::Impl::Run() {
  if (!acceptor.is_open()) {
    spdlog::error("http: Server::Run() called without a successful Listen()");
    return;
  }
  access_log.Attach();
  for (auto& context : io_contexts) {
    work.push_back(asio::make_work_guard(*context));
  }
  asio::co_spawn(control, Accept(acceptor, false), asio::detached);
  if (tls) {
    asio::co_spawn(control, Accept(tls_acceptor, true), asio::detached);
  }
  asio::co_spawn(control, SweepDeadlines(sweep_timer, sweep_interval, connections, &shutdown_done),
                 asio::detached);
  if (options.handle_signals) {
    signals.add(SIGINT);
    signals.add(SIGTERM);
    if (tls) {
      signals.add(SIGHUP);
    }
    WaitForSignal();
  }
  spdlog::info("http: listening on {}:{}", options.address, bound_port);
  if (tls) {
    spdlog::info("http: listening for TLS on {}:{}", options.tls->address, tls_bound_port);
  }

  auto run = [](asio::io_context& context) {
    for (;;) {
      try {
        context.run();
        return;
      } catch (const std::exception& e) {
        spdlog::error("http: unexpected exception on an I/O thread: {}", e.what());
      }
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < io_contexts.size(); ++i) {
    threads.emplace_back(run, std::ref(*io_contexts[i]));
  }
  run(*io_contexts.front());
  for (std::thread& thread : threads) {
    thread.join();
  }
  spdlog::info("http: server stopped");
}

void Server::Impl::Stop() {
  if (stop_requested.exchange(true)) {
    return;
  }
  asio::post(control, [this] { BeginShutdown(); });
}

void Server::Impl::BeginShutdown() {
  stopping.store(true);
  shutdown_begun = true;
  boost::system::error_code ec;
  acceptor.close(ec);
  tls_acceptor.close(ec);
  signals.cancel(ec);
  connections.Close(/*only_idle=*/true);
  grace_timer.expires_after(options.shutdown_grace);
  grace_timer.async_wait([this](const boost::system::error_code& timer_ec) {
    if (timer_ec) {
      return;
    }
    spdlog::warn("http: shutdown grace period over, closing the remaining connections");
    connections.Close(/*only_idle=*/false);
  });
  MaybeFinishShutdown();
}

void Server::Impl::MaybeFinishShutdown() {
  if (!shutdown_begun || shutdown_done || !connections.Empty()) {
    return;
  }
  shutdown_done = true;
  grace_timer.cancel();
  sweep_timer.cancel();
  work.clear();
}

void Server::Impl::Unregister(const std::shared_ptr<Connection>& conn) {
  if (connections.Remove(conn) && stopping.load()) {
    asio::post(control, [this] { MaybeFinishShutdown(); });
  }
}

asio::awaitable<void> Server::Impl::Accept(tcp::acceptor& from, bool secure) {
  for (;;) {
    // Connections are spread over the I/O threads round-robin.
    asio::io_context& context = *io_contexts[next_context++ % io_contexts.size()];
    asio::any_io_executor executor = context.get_executor();
    tcp::socket socket(context);
    boost::system::error_code ec;
    co_await from.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
    if (stopping.load()) {
      break;
    }
    if (ec) {
      if (ec == asio::error::operation_aborted || ec == asio::error::bad_descriptor) {
        break;
      }
      spdlog::warn("http: accept failed: {}", ec.message());
      if (ec == asio::error::no_descriptors || ec == asio::error::no_buffer_space) {
        // Out of file descriptors: back off instead of spinning on the error.
        asio::steady_timer pause(control, std::chrono::milliseconds(50));
        co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      }
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto conn = std::make_shared<Connection>(std::move(socket));
    const tcp::endpoint remote = conn->socket.remote_endpoint(ec);
    conn->remote_address = ec ? std::string() : remote.address().to_string();
    connections.Add(conn);
    auto on_end = [this, conn](const std::exception_ptr&) { Unregister(conn); };
    if (secure) {
      asio::co_spawn(executor, ServeTlsConnection(env, conn, tls->Current()), std::move(on_end));
    } else {
      asio::co_spawn(executor, ServeConnection(env, conn), std::move(on_end));
    }
  }
}

Server::Server(ServerOptions options, const Router& router, Handler fallback, Metrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), router, std::move(fallback), metrics)) {}

Server::~Server() = default;

Status Server::Listen() { return impl_->Listen(); }

unsigned short Server::port() const { return impl_->bound_port; }

unsigned short Server::tls_port() const { return impl_->tls_bound_port; }

Status Server::ReloadTls() { return impl_->ReloadTls(); }

void Server::Run() { impl_->Run(); }

void Server::Stop() { impl_->Stop(); }

std::size_t Server::worker_queue_depth() const { return impl_->workers.depth(); }

}  // namespace cqdt::http
