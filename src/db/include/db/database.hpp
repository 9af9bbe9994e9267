// Database access for every module: a connection pool over SQLite or PostgreSQL through SOCI,
// and use-case-level transactions. Repositories include <soci/soci.h> themselves and use
// Transaction::sql(); no other header of cqdt exposes SOCI.
//
// URLs: "sqlite:///absolute/path/cqdt.db", "sqlite://relative/path.db", "sqlite::memory:" (tests),
// "postgresql://user:pass@host:port/dbname" (or "postgres://..."; libpq keywords also accepted
// after "postgresql:", e.g. "postgresql:host=127.0.0.1 port=5432 dbname=cqdt").
//
// Thread safety: Database is safe to share; a Transaction belongs to one thread at a time.
#pragma once

#include <any>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace soci {
class session;
}

namespace cqdt::db {

enum class Engine { kSqlite, kPostgres };

struct DatabaseOptions {
  std::string url;
  std::size_t pool_size = 8;
  std::chrono::milliseconds busy_timeout{10'000};  // SQLite writers wait this long for the lock
  bool sqlite_synchronous_full = true;  // durability of every acknowledged write (see README)
  // How long Begin()/a read's first statement waits for a pooled connection when all are in
  // use, and PostgreSQL's connect_timeout (unless the URL sets one): a request that needs the
  // database while it is down or saturated fails with UnavailableError (core/unavailable.hpp,
  // answered 503) within about these bounds instead of hanging.
  std::chrono::milliseconds pool_wait{15'000};
  std::chrono::seconds connect_timeout{5};
};

class Database;
class Statement;  // db/statement.hpp

// A transaction on a pooled connection. Rolls back in the destructor unless committed.
class Transaction {
 public:
  Transaction(Transaction&&) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  // The connection, inside the transaction. A read transaction takes its pooled connection and
  // sends BEGIN only at the first call, so a use case answered from a cache costs nothing.
  soci::session& sql();
  // The statement for `sql` on this transaction's connection, prepared once per connection and
  // reused (db/statement.hpp says how to use it; db::Prepare / db::Run bind it).
  Statement Prepare(const std::string& sql);
  Engine engine() const;
  // Runs the BeforeCommit callbacks, in order, then commits; afterwards the transaction is
  // finished. A callback's error is returned as it is and nothing is committed (the transaction
  // stays open, to be rolled back). Commit errors become kUnavailable/kConflict. Then runs the
  // OnCommit callbacks, in order.
  Status Commit();
  // What a BeforeCommit callback does: write this transaction's pending rows (run first), or
  // wait for work outside the database (run after every kWrite, so that it overlaps them).
  enum class CommitStep { kWrite, kAwait };
  // Registers `fn` to run in Commit() before the database commits, with this transaction: what
  // must be written or hold before its rows may become visible and durable, e.g. the audit
  // entries it appended (written in one statement), or that a file a new row names is itself
  // durable (blob::PendingBlob, synced while the transaction went on). Each step's callbacks
  // run in the order registered; one may register more.
  void BeforeCommit(std::function<Status(Transaction&)> fn, CommitStep step = CommitStep::kWrite);
  // Registers `fn` to run after a successful Commit() (never after a rollback): the place to
  // invalidate caches of what this transaction changed.
  void OnCommit(std::function<void()> fn);
  // This transaction's memory for a module above, under `key` (a constant of that module):
  // empty at first, gone with the transaction. For facts that hold only until it ends, e.g. the
  // audit chain's last entry once this transaction holds the chain's append lock.
  std::any& Local(std::string_view key);
  // Marks this write transaction as holding a lock that every other writer queues on (the audit
  // chain's append lock, a numbering counter's row): its locks should be released as soon as its
  // commit is decided, not after the disk has synced it. PostgreSQL: the transaction commits with
  // synchronous_commit off (locks released and rows visible once the commit record is written),
  // and Commit() then waits for the WAL flush through a durability barrier (a small WAL record
  // committed synchronously on the same connection, which flushes everything written before
  // it) before it returns, so that an acknowledged commit is on disk as before. SQLite does the
  // same for every transaction already (the write lock is released before the group sync).
  // Costs no round trip: the setting goes with the COMMIT, in one message.
  void CommitBeforeSync();
  // PostgreSQL: complete statements sent in the COMMIT's own message, before it (a simple query
  // may hold several statements, run in order): one round trip less for the last write of a
  // transaction. No parameters: every value is a literal the caller made safe — in single
  // quotes (SOCI turns ':name' outside them into a parameter), and text from outside encoded
  // (e.g. base64, decoded in the statement) so that it holds no quote or backslash at all. An
  // error in them skips the COMMIT, and Commit() fails as for any failed write. Call from a
  // BeforeCommit callback or before Commit(); several calls are sent in order.
  void SendWithCommit(std::string sql);

 private:
  friend class Database;
  struct Impl;
  explicit Transaction(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

class Database {
 public:
  // Opens the pool (connects once to check). Errors: kInvalidArgument for a bad URL,
  // kUnavailable when the server cannot be reached: one line, in Vietnamese and English, naming
  // the host and port and libpq's reason, never the password (safe for the console).
  //
  // After Open, the pool heals itself: a connection found broken (the server restarted or
  // failed over) is closed instead of going back to the pool, and a transaction whose BEGIN
  // fails on a pooled connection retries once on a new one. When no connection can be had,
  // Begin(), a read's first statement and Ping() throw (Ping: return false) UnavailableError,
  // and a statement that fails because the connection was lost throws an exception that
  // cqdt::IsUnavailable() recognises; HTTP answers both with 503.
  static Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Engine engine() const;
  // A write transaction (SQLite: BEGIN IMMEDIATE). Blocks while every connection is in use, at
  // most options.pool_wait (then throws UnavailableError).
  Transaction Begin();
  // A read transaction (a consistent snapshot; SQLite: BEGIN DEFERRED), begun lazily.
  Transaction BeginRead();
  // True when a trivial query succeeds.
  bool Ping();

  std::size_t pool_size() const;
  std::size_t connections_in_use() const;
  // How many write transactions this process has committed, counted once each commit is
  // visible to new readers. A cache of what it read may keep an answer while this has not
  // moved: read the count before the data, store it with the answer, and compare it on use.
  // Another process's writes do not count here; such a cache bounds its age as well.
  std::uint64_t CommittedWrites() const;

  struct Impl;

 private:
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// SQLite as every connection of cqdt runs it, for a tool that opens a database file itself and
// should measure the same engine (bench/search_raw.cpp): the page cache of each connection, in
// KiB, and the process-wide settings (multi-thread mode, no memory statistics), to apply before
// the process's first SQLite connection (Database::Open does).
inline constexpr int kSqliteCacheKiB = 16384;
void ConfigureSqliteProcess();

// The id of the row just inserted into `table` (whose key column is `id`, declared {{pk}}) by
// this transaction. `table` is a constant of the calling repository, never client input.
std::int64_t LastInsertId(Transaction& tx, const char* table);

// True when `e` (thrown by SOCI) is a unique or primary-key violation on either engine.
bool IsUniqueViolation(const std::exception& e);
// True when `e` is a foreign-key violation.
bool IsForeignKeyViolation(const std::exception& e);

}  // namespace cqdt::db
