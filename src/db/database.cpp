#include "db/database.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include "connection_text.hpp"
#include "core/unavailable.hpp"
#include "db/statement.hpp"
#include "sqlite_writer.hpp"

namespace cqdt::db {

using internal::ConnectReason;
using internal::Fill;
using internal::IsConnectionLost;
using internal::OneLine;
using internal::ParseUrl;
using internal::PostgresTarget;

// A prepared statement of one connection, keyed by its SQL text.
struct CachedStatement {
  soci::statement statement;
  bool in_use = false;
  explicit CachedStatement(soci::session& s) : statement(s) {}
};

// A pooled connection and the statements prepared on it. The statements are declared after the
// session so that they are finalized (SQLite) or deallocated (PostgreSQL) before it closes.
struct Connection {
  std::unique_ptr<soci::session> session;
  std::unordered_map<std::string, std::unique_ptr<CachedStatement>> statements;
  std::size_t out = 0;  // Statement handles not yet returned

  ~Connection() {
    statements.clear();
    session.reset();
  }
};

struct Database::Impl {
  Engine engine = Engine::kSqlite;
  WriteGate write_gate;
  WalSync wal_sync;
  std::string connect_string;
  DatabaseOptions options;
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::unique_ptr<Connection>> idle;
  std::size_t created = 0;
  std::size_t in_use = 0;
  std::atomic<std::uint64_t> committed_writes{0};

  std::unique_ptr<Connection> Connect() {
    std::unique_ptr<soci::session> s;
    if (engine == Engine::kSqlite) {
      s = std::make_unique<soci::session>(*soci::factory_sqlite3(), connect_string);
      // Per-connection settings: WAL lets readers run beside the one writer; foreign keys are
      // off by default in SQLite; every acknowledged commit survives power loss (below).
      std::string journal;
      *s << "PRAGMA journal_mode=WAL", soci::into(journal);
      *s << "PRAGMA foreign_keys=ON";
      *s << "PRAGMA busy_timeout=" + std::to_string(options.busy_timeout.count());
      // NORMAL: a commit writes the WAL without syncing it; with sqlite_synchronous_full,
      // Transaction::Commit syncs it (WalSync, group commit) before it reports success. A
      // database that cannot be in WAL mode (":memory:") syncs as SQLite does it.
      auto* backend = static_cast<soci::sqlite3_session_backend*>(s->get_backend());
      const char* file = sqlite_api::sqlite3_db_filename(backend->conn_, "main");
      if (journal == "wal" && file != nullptr && *file != '\0') {
        *s << "PRAGMA synchronous=NORMAL";
        wal_sync.SetPath(std::string(file) + "-wal");
      } else {
        *s << (options.sqlite_synchronous_full ? "PRAGMA synchronous=FULL"
                                               : "PRAGMA synchronous=NORMAL");
      }
      // A page cache of 16 MiB instead of SQLite's 2 MiB: with 1,000,000 documents the
      // queue indexes alone outgrow 2 MiB, and every miss is a read() of a page the OS holds
      // (bench/queue-bench.sh). Memory is bounded by pool_size connections.
      *s << "PRAGMA cache_size=-" + std::to_string(kSqliteCacheKiB);
    } else {
      s = std::make_unique<soci::session>(*soci::factory_postgresql(), connect_string);
      *s << "SET TIME ZONE 'UTC'";
    }
    auto c = std::make_unique<Connection>();
    c->session = std::move(s);
    return c;
  }

  // A connection from the pool, or a new one while the pool has room; waits for one to come back
  // at most options.pool_wait. `fresh` tells whether it was just made. Throws UnavailableError
  // when none came free in time or a new one cannot be made (the server is down).
  std::unique_ptr<Connection> Acquire(bool* fresh = nullptr) {
    const auto deadline = std::chrono::steady_clock::now() + options.pool_wait;
    std::unique_lock lock(mu);
    while (true) {
      if (!idle.empty()) {
        auto s = std::move(idle.back());
        idle.pop_back();
        ++in_use;
        if (fresh != nullptr) {
          *fresh = false;
        }
        return s;
      }
      if (created < options.pool_size) {
        ++created;
        ++in_use;
        lock.unlock();
        try {
          auto c = Connect();
          if (fresh != nullptr) {
            *fresh = true;
          }
          return c;
        } catch (const soci::soci_error& e) {
          lock.lock();
          --created;
          --in_use;
          cv.notify_one();  // a waiter may try to connect in turn
          if (engine == Engine::kPostgres) {
            throw UnavailableError("db: cannot connect to PostgreSQL at " +
                                   PostgresTarget(connect_string) + ": " + ConnectReason(e.what()));
          }
          throw;
        } catch (...) {
          lock.lock();
          --created;
          --in_use;
          cv.notify_one();
          throw;
        }
      }
      if (cv.wait_until(lock, deadline) == std::cv_status::timeout && idle.empty() &&
          created >= options.pool_size) {
        throw UnavailableError("db: no pooled connection came free within " +
                               std::to_string(options.pool_wait.count()) + " ms (" +
                               std::to_string(in_use) + " in use)");
      }
    }
  }

  // Closes every idle connection: after one was found broken, the others were most likely
  // opened to the same server before it restarted or failed over.
  void DropIdle() {
    std::vector<std::unique_ptr<Connection>> stale;
    {
      std::lock_guard lock(mu);
      stale.swap(idle);
      created -= stale.size();
      cv.notify_all();
    }
    if (!stale.empty()) {
      spdlog::warn("db: closing {} idle connection(s) after one was found broken", stale.size());
    }
  }

  // False for a PostgreSQL connection that libpq already knows to be broken.
  bool IsAlive(Connection& c) const {
    if (engine != Engine::kPostgres || !c.session) {
      return true;
    }
    auto* backend = static_cast<soci::postgresql_session_backend*>(c.session->get_backend());
    return backend != nullptr && backend->conn_ != nullptr &&
           PQstatus(backend->conn_) == CONNECTION_OK;
  }

  void Release(std::unique_ptr<Connection> s, bool healthy) {
    if (s && s->out != 0) {
      // A Statement handle outlived its transaction (a bug): its bindings may point at freed
      // variables, so the connection and its statements are closed rather than reused.
      spdlog::error("db: a prepared statement outlived its transaction; closing the connection");
      healthy = false;
    }
    if (healthy && s && !IsAlive(*s)) {
      healthy = false;  // the server closed it: a new one will be made when needed
    }
    std::lock_guard lock(mu);
    --in_use;
    if (healthy && s) {
      idle.push_back(std::move(s));
    } else {
      --created;
    }
    cv.notify_one();
  }
};

struct Transaction::Impl {
  Database::Impl* pool = nullptr;
  std::unique_ptr<Connection> session;
  std::string begin_sql;
  bool open = false;
  WriteGate* gate = nullptr;       // held by this write transaction until it ends (SQLite)
  bool sync_after_commit = false;  // PostgreSQL: committed asynchronously, then a barrier
  bool writes = false;             // begun by Database::Begin()
  std::string with_commit;         // PostgreSQL: statements sent in the COMMIT's message
  std::vector<std::function<Status(Transaction&)>> before_write;
  std::vector<std::function<Status(Transaction&)>> before_await;
  std::vector<std::function<void()>> on_commit;
  std::map<std::string, std::any, std::less<>> locals;

  // Takes a connection and begins. When BEGIN fails on a pooled connection (the server
  // restarted since it was opened), that connection and the other idle ones are closed and
  // BEGIN is tried once more on a new connection: the pool heals without failing a request.
  // A failure on a new connection is thrown (IsUnavailable() recognises a lost server).
  void Begin() {
    for (int attempt = 0;; ++attempt) {
      bool fresh = false;
      try {
        session = pool->Acquire(&fresh);
      } catch (...) {
        ReleaseGate();
        throw;
      }
      try {
        *session->session << begin_sql;
        open = true;
        return;
      } catch (const std::exception& e) {
        pool->Release(std::move(session), false);
        if (attempt == 0 && !fresh) {
          spdlog::warn("db: a pooled connection failed to begin, reconnecting: {}",
                       OneLine(e.what()));
          pool->DropIdle();
          continue;
        }
        ReleaseGate();
        throw;
      }
    }
  }

  void ReleaseGate() {
    if (gate != nullptr) {
      std::exchange(gate, nullptr)->Release();
    }
  }
};

Transaction::Transaction(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Transaction::Transaction(Transaction&&) noexcept = default;

Transaction::~Transaction() {
  if (!impl_ || !impl_->session) {
    return;
  }
  bool healthy = true;
  if (impl_->open) {
    try {
      *impl_->session->session << "ROLLBACK";
    } catch (const std::exception& e) {
      spdlog::warn("db: rollback failed, dropping the connection: {}", e.what());
      healthy = false;
    }
  }
  impl_->pool->Release(std::move(impl_->session), healthy);
  impl_->ReleaseGate();
}

soci::session& Transaction::sql() {
  if (!impl_->session) {
    impl_->Begin();
  }
  return *impl_->session->session;
}

Statement Transaction::Prepare(const std::string& sql_text) {
  soci::session& s = sql();  // begins a lazy read transaction
  Connection& c = *impl_->session;
  const Engine engine = impl_->pool->engine;
  auto found = c.statements.find(sql_text);
  if (found != c.statements.end() && !found->second->in_use) {
    found->second->in_use = true;
    return Statement(engine, &c.out, found->second.get(), nullptr);
  }
  if (found == c.statements.end() && c.statements.size() < kMaxCachedStatements) {
    auto cached = std::make_unique<CachedStatement>(s);
    cached->statement.alloc();
    cached->statement.prepare(sql_text);  // throws on a bad text: nothing is cached then
    CachedStatement* raw = cached.get();
    c.statements.emplace(sql_text, std::move(cached));
    raw->in_use = true;
    return Statement(engine, &c.out, raw, nullptr);
  }
  // The same text already in use (a nested use), or the cache is full: prepared for this use.
  auto owned = std::make_unique<soci::statement>(s);
  owned->alloc();
  owned->prepare(sql_text);
  return Statement(engine, &c.out, nullptr, std::move(owned));
}

Statement::Statement(Engine engine, std::size_t* out, CachedStatement* cached,
                     std::unique_ptr<soci::statement> owned)
    : engine_(engine),
      out_(out),
      cached_(cached),
      owned_(std::move(owned)),
      st_(cached != nullptr ? &cached->statement : owned_.get()) {
  ++*out_;
}

Statement::Statement(Statement&& other) noexcept
    : engine_(other.engine_),
      out_(std::exchange(other.out_, nullptr)),
      cached_(std::exchange(other.cached_, nullptr)),
      owned_(std::move(other.owned_)),
      st_(std::exchange(other.st_, nullptr)),
      got_data_(other.got_data_) {}

Statement::~Statement() {
  if (out_ == nullptr) {
    return;  // moved from
  }
  --*out_;
  if (cached_ == nullptr) {
    return;  // an uncached statement, finalized by its destructor
  }
  // Back to the cache: the bound variables are this call's (they go out of scope with it), and
  // a half-read SQLite statement would hold its read snapshot until the next use.
  try {
    st_->bind_clean_up();
    if (engine_ == Engine::kSqlite) {
      auto* backend = static_cast<soci::sqlite3_statement_backend*>(st_->get_backend());
      sqlite_api::sqlite3_reset(backend->stmt_);
      backend->databaseReady_ = true;
      // The next use may bind by name where this one bound by position (same text, another
      // call site): SOCI refuses to mix the two within one binding.
      backend->boundByName_ = false;
      backend->boundByPos_ = false;
    } else {
      auto* backend = static_cast<soci::postgresql_statement_backend*>(st_->get_backend());
      backend->useByPosBuffers_.clear();
      backend->useByNameBuffers_.clear();
      backend->result_.reset();  // the rows read, no longer needed
    }
  } catch (const std::exception& e) {
    spdlog::warn("db: resetting a cached statement failed: {}", e.what());
  }
  cached_->in_use = false;
}

void Transaction::OnCommit(std::function<void()> fn) { impl_->on_commit.push_back(std::move(fn)); }

void Transaction::BeforeCommit(std::function<Status(Transaction&)> fn, CommitStep step) {
  (step == CommitStep::kWrite ? impl_->before_write : impl_->before_await).push_back(std::move(fn));
}

std::any& Transaction::Local(std::string_view key) {
  auto it = impl_->locals.find(key);
  if (it == impl_->locals.end()) {
    it = impl_->locals.emplace(std::string(key), std::any()).first;
  }
  return it->second;
}
Engine Transaction::engine() const { return impl_->pool->engine; }

void Transaction::CommitBeforeSync() {
  if (impl_->pool->engine == Engine::kPostgres) {
    impl_->sync_after_commit = true;  // SQLite releases its lock before the sync anyway
  }
}

void Transaction::SendWithCommit(std::string sql) {
  impl_->with_commit += sql;
  impl_->with_commit += "; ";
}

Status Transaction::Commit() {
  auto run_hooks = [this] {
    auto hooks = std::move(impl_->on_commit);
    impl_->on_commit.clear();
    for (auto& fn : hooks) {
      fn();
    }
  };
  // Writes first, then waits; a callback may register another (taken in the next round).
  try {
    for (auto* step : {&impl_->before_write, &impl_->before_await}) {
      while (!step->empty()) {
        auto fns = std::move(*step);
        step->clear();
        for (auto& fn : fns) {
          CQDT_RETURN_IF_ERROR(fn(*this));
        }
      }
    }
  } catch (const std::exception& e) {
    spdlog::error("db: a write before commit failed: {}", e.what());
    if (IsUniqueViolation(e)) {
      return Error::Conflict("Dữ liệu đã bị thay đổi đồng thời. Vui lòng thử lại.");
    }
    return Error::Unavailable("Không ghi được vào cơ sở dữ liệu. Vui lòng thử lại.");
  }
  if (!impl_->session && impl_->with_commit.empty()) {  // a lazy read that touched nothing
    run_hooks();
    return Ok();
  }
  if (!impl_->session) {
    try {
      sql();  // statements to send with the COMMIT: begin first
    } catch (const std::exception& e) {
      spdlog::error("db: begin failed: {}", e.what());
      return Error::Unavailable("Không ghi được vào cơ sở dữ liệu. Vui lòng thử lại.");
    }
  }
  if (!impl_->open) {
    return Error::FailedPrecondition("Giao dịch đã kết thúc.");
  }
  if (!impl_->with_commit.empty() && impl_->pool->engine != Engine::kPostgres) {
    spdlog::error("db: SendWithCommit is for PostgreSQL only");
    return Error::Internal();
  }
  try {
    if (impl_->sync_after_commit) {
      // One message, one round trip (a simple query without parameters may hold several
      // statements, run in order; an error skips the rest): the COMMIT with synchronous_commit
      // off (SET LOCAL ends with the transaction), which releases the locks once the commit
      // record is written; then the barrier, in a transaction of its own that commits
      // synchronously: a transactional WAL message has a transaction id, so its commit flushes
      // the WAL up to its own commit record, which follows this transaction's. Concurrent
      // barriers share one flush.
      *impl_->session->session << impl_->with_commit +
                                      "SET LOCAL synchronous_commit TO off; COMMIT;"
                                      " SELECT pg_logical_emit_message(true, 'cqdt', '')";
    } else {
      *impl_->session->session << impl_->with_commit + "COMMIT";
    }
    impl_->open = false;
    Database::Impl& pool = *impl_->pool;
    if (impl_->writes) {
      pool.committed_writes.fetch_add(1, std::memory_order_release);  // visible now
    }
    const bool sync = pool.engine == Engine::kSqlite && pool.options.sqlite_synchronous_full;
    const std::uint64_t ticket = sync ? pool.wal_sync.Committed() : 0;
    impl_->ReleaseGate();
    run_hooks();
    if (sync && !pool.wal_sync.Durable(ticket)) {
      return Error::Unavailable("Không ghi được vào cơ sở dữ liệu. Vui lòng thử lại.");
    }
    return Ok();
  } catch (const std::exception& e) {
    if (impl_->writes) {  // perhaps committed after all: a cache must not trust what it read
      impl_->pool->committed_writes.fetch_add(1, std::memory_order_release);
    }
    spdlog::error("db: commit failed: {}", e.what());
    if (IsUniqueViolation(e)) {
      return Error::Conflict("Dữ liệu đã bị thay đổi đồng thời. Vui lòng thử lại.");
    }
    return Error::Unavailable("Không ghi được vào cơ sở dữ liệu. Vui lòng thử lại.");
  }
}

// SQLite's process-wide settings, before its first connection opens (sqlite3_config fails
// once SQLite is initialized: then its defaults stay, which are only slower). Multi-thread
// mode: a pooled connection is used by one thread at a time (Transaction's contract), so the
// serialized mode's lock around every call on a connection (two per column read) is dead
// weight — a tenth of a search's CPU. No memory statistics: they take a global lock on every
// allocation, and nothing reads them.
void ConfigureSqliteProcess() {
  static const bool configured = [] {
    const bool threads = sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD) == SQLITE_OK;
    const bool memstatus = sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
    if (!threads || !memstatus) {
      spdlog::debug("db: SQLite was initialized before its settings: its defaults stay");
    }
    return threads && memstatus;
  }();
  (void)configured;
}

Result<std::unique_ptr<Database>> Database::Open(const DatabaseOptions& options) {
  CQDT_ASSIGN_OR_RETURN(auto parsed, ParseUrl(options.url));
  if (parsed.engine == Engine::kSqlite) {
    ConfigureSqliteProcess();
  }
  auto impl = std::make_unique<Impl>();
  impl->engine = parsed.engine;
  impl->connect_string = parsed.connect;
  impl->options = options;
  if (impl->options.pool_size == 0) {
    impl->options.pool_size = 1;
  }
  if (parsed.connect == ":memory:") {
    // Each :memory: connection would be a different database: keep exactly one.
    impl->connect_string = "db=:memory:";
    impl->options.pool_size = 1;
  }
  if (parsed.engine == Engine::kPostgres) {
    // A server that does not answer (a host down, a packet filter) fails in bounded time.
    if (impl->connect_string.find("connect_timeout") == std::string::npos) {
      impl->connect_string +=
          " connect_timeout='" +
          std::to_string(std::max<long long>(1, options.connect_timeout.count())) + "'";
    }
    static const bool classified = [] {
      AddUnavailableClassifier(&IsConnectionLost);
      return true;
    }();
    (void)classified;
  }
  try {
    auto first = impl->Connect();
    impl->created = 1;
    impl->idle.push_back(std::move(first));
  } catch (const std::exception& e) {
    // One line for the console (the caller prints it), naming the server but not the password.
    spdlog::debug("db: cannot connect: {}", OneLine(e.what()));
    if (parsed.engine == Engine::kPostgres) {
      const std::string target = PostgresTarget(impl->connect_string);
      const std::string reason = ConnectReason(e.what());
      return Error::Unavailable(
          Fill("Không kết nối được cơ sở dữ liệu PostgreSQL tại {} ({}) / cannot connect to the "
               "PostgreSQL database at {}",
               {target, reason, target}));
    }
    return Error::Unavailable(
        Fill("Không mở được cơ sở dữ liệu SQLite ({}) / cannot open the SQLite database",
             {OneLine(e.what())}));
  }
  return std::unique_ptr<Database>(new Database(std::move(impl)));
}

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::~Database() = default;
Engine Database::engine() const { return impl_->engine; }

Transaction Database::Begin() {
  auto t = std::make_unique<Transaction::Impl>();
  t->pool = impl_.get();
  // SQLite: take the write lock now, so two writers never deadlock upgrading read locks.
  t->begin_sql = impl_->engine == Engine::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN";
  t->writes = true;
  if (impl_->engine == Engine::kSqlite && impl_->write_gate.Acquire(impl_->options.busy_timeout)) {
    t->gate = &impl_->write_gate;
  }
  t->Begin();
  return Transaction(std::move(t));
}

Transaction Database::BeginRead() {
  auto t = std::make_unique<Transaction::Impl>();
  t->pool = impl_.get();
  t->begin_sql =
      impl_->engine == Engine::kSqlite ? "BEGIN DEFERRED" : "BEGIN ISOLATION LEVEL REPEATABLE READ";
  return Transaction(std::move(t));
}

bool Database::Ping() {
  try {
    auto t = BeginRead();
    int one = 0;
    t.sql() << "SELECT 1", soci::into(one);
    return one == 1;
  } catch (const std::exception& e) {
    spdlog::warn("db: ping failed: {}", OneLine(e.what()));
    return false;
  }
}

std::size_t Database::pool_size() const { return impl_->options.pool_size; }
std::uint64_t Database::CommittedWrites() const {
  return impl_->committed_writes.load(std::memory_order_acquire);
}
std::size_t Database::connections_in_use() const {
  std::lock_guard lock(impl_->mu);
  return impl_->in_use;
}

std::int64_t LastInsertId(Transaction& tx, const char* table) {
  long long id = 0;
  if (tx.engine() == Engine::kPostgres) {
    Run(tx, "SELECT currval(pg_get_serial_sequence('" + std::string(table) + "', 'id'))",
        soci::into(id));
  } else {
    Run(tx, "SELECT last_insert_rowid()", soci::into(id));
  }
  return id;
}

bool IsUniqueViolation(const std::exception& e) {
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    return pg->sqlstate() == "23505";
  }
  std::string_view what = e.what();
  return what.find("UNIQUE constraint failed") != std::string_view::npos ||
         what.find("PRIMARY KEY constraint failed") != std::string_view::npos;
}

bool IsForeignKeyViolation(const std::exception& e) {
  if (const auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    return pg->sqlstate() == "23503";
  }
  return std::string_view(e.what()).find("FOREIGN KEY constraint failed") != std::string_view::npos;
}

}  // namespace cqdt::db
