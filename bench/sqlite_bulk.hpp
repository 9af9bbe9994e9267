// The bench-only bulk loaders' straight SQLite access (bench/queue_data.cpp,
// bench/search_data.cpp): exit on any error, and a statement prepared once and reused for every
// row. Not for production code, which goes through db and the services.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include <sqlite3.h>

namespace cqdt_bench {

[[noreturn]] void Die(sqlite3* db, const char* what) {
  std::fprintf(stderr, "bulk load: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
  std::exit(1);
}

void Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "bulk load: %s: %s\n", sql, err ? err : "");
    std::exit(1);
  }
}

// A prepared statement reused for every row: bind, step, reset.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &st_, nullptr) != SQLITE_OK) {
      Die(db, sql);
    }
  }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& Int(int i, long long v) {
    sqlite3_bind_int64(st_, i, v);
    return *this;
  }
  Stmt& Null(int i) {
    sqlite3_bind_null(st_, i);
    return *this;
  }
  Stmt& Text(int i, const std::string& v) {
    sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  void Run() {
    if (sqlite3_step(st_) != SQLITE_DONE) {
      Die(db_, "insert");
    }
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }
  bool Row() { return sqlite3_step(st_) == SQLITE_ROW; }
  long long ColInt(int i) { return sqlite3_column_int64(st_, i); }
  std::string ColText(int i) {
    const auto* t = sqlite3_column_text(st_, i);
    return t ? reinterpret_cast<const char*>(t) : "";
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
};

}  // namespace cqdt_bench
