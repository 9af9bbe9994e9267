// Prepared statements kept per pooled connection, for the repositories (which include SOCI
// themselves; this header does too).
//
// SOCI's `session << "..."` and `session.prepare << "..."` prepare their text on every call
// (sqlite3_prepare_v2; on PostgreSQL a PREPARE/DEALLOCATE round trip for `prepare`, a parse and
// plan per call for `<<`). A statement taken with Prepare() is prepared the first time a
// connection sees its SQL text and reused by every later transaction on that connection:
//
//   long long doc = id.value();
//   int n = 0;
//   db::Run(tx, "SELECT COUNT(*) FROM t WHERE document_id = :d", soci::use(doc), soci::into(n));
//
//   auto st = db::Prepare(tx, "SELECT a, b FROM t WHERE d = :d", soci::use(doc),
//                         soci::into(a), soci::into(b));
//   st->execute(false);
//   while (st->fetch()) { ... }
//
// Contract:
// - `sql` is a text of the calling code (a constant, or built only from constants), never
//   client input: every distinct text is a cache entry (at most kMaxCachedStatements per
//   connection; beyond that statements are prepared and finalized per use, as before).
// - The bound variables are those of this call only: when the Statement handle goes out of
//   scope the bindings are dropped and the statement reset (SQLite: its read snapshot is
//   released), whatever happened (an exception, a rollback). A handle must not outlive its
//   Transaction; a connection released with a handle still out is closed, not pooled.
// - The same text taken twice at once (a nested use) gets a second, uncached statement.
// - Not for statements that bind `soci::row` or vectors (bulk): use tx.sql() for those.
// - A statement whose preparation failed is not cached. PostgreSQL keeps prepared statements
//   across ROLLBACK; an aborted transaction's statements work again after it.
// Thread safety: as the Transaction (one thread at a time).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>

#include <soci/soci.h>

#include "db/database.hpp"

namespace cqdt::db {

inline constexpr std::size_t kMaxCachedStatements = 512;

struct CachedStatement;  // database.cpp

class Statement {
 public:
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  soci::statement& operator*() { return *st_; }
  soci::statement* operator->() { return st_; }
  // What the last execute(true) of Run() returned: true when a row was read.
  bool got_data() const { return got_data_; }

 private:
  friend class Transaction;
  template <typename... Elements>
  friend Statement Run(Transaction& tx, const std::string& sql, Elements&&... elements);
  Statement(Engine engine, std::size_t* out, CachedStatement* cached,
            std::unique_ptr<soci::statement> owned);

  Engine engine_;
  std::size_t* out_ = nullptr;              // the connection's count of handles not returned
  CachedStatement* cached_ = nullptr;       // the cache entry in use, or null
  std::unique_ptr<soci::statement> owned_;  // an uncached statement (nested use, cache full)
  soci::statement* st_ = nullptr;
  bool got_data_ = false;
};

// The statement for `sql` on tx's connection with `elements` (soci::use / soci::into) bound,
// ready for execute().
template <typename... Elements>
Statement Prepare(Transaction& tx, const std::string& sql, Elements&&... elements) {
  Statement st = tx.Prepare(sql);
  (st->exchange(std::forward<Elements>(elements)), ...);
  st->define_and_bind();
  return st;
}

// Prepare() and execute(true): one row read into the `into` elements (got_data() says whether
// there was one), or the statement run. get_affected_rows() is on the handle.
template <typename... Elements>
Statement Run(Transaction& tx, const std::string& sql, Elements&&... elements) {
  Statement st = Prepare(tx, sql, std::forward<Elements>(elements)...);
  st.got_data_ = st->execute(true);
  return st;
}

}  // namespace cqdt::db
