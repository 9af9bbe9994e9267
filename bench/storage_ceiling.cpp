// The storage ceiling of a durable write (bench/dossier-bench.sh): COUNT times, BYTES of fresh
// content written to a new file and fsynced (and its directory), then one row inserted and
// committed — on SQLite in WAL with synchronous=FULL (cqdt's own settings, db/database.cpp), or on
// PostgreSQL with its default fsync, one transaction per row. No HTTP, no parsing, no rules: what
// the disk and the database allow one writer at most, for a receipt to be compared with.
//
//   cqdt_storage_ceiling --dir DIR --count N --bytes B (--sqlite FILE | --pg CONNINFO)
//
// Prints one line: "rate_per_s seconds count".
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "durable_write.hpp"
#include "sqlite_bulk.hpp"

namespace {

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "storage ceiling: %s\n", what.c_str());
  std::exit(1);
}

// Fresh content for row `i`: the blob store keys by content, so no two rows may share bytes.
std::string Content(std::size_t bytes, long long i) {
  std::string s(bytes, '\0');
  unsigned long long x = 0x9E3779B97F4A7C15ull ^ static_cast<unsigned long long>(i);
  for (std::size_t k = 0; k < bytes; k += 8) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    std::memcpy(&s[k], &x, std::min<std::size_t>(8, bytes - k));
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir, sqlite_file, pg;
  long long count = 0, bytes = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--dir") {
      dir = v;
    } else if (k == "--count") {
      count = std::stoll(v);
    } else if (k == "--bytes") {
      bytes = std::stoll(v);
    } else if (k == "--sqlite") {
      sqlite_file = v;
    } else if (k == "--pg") {
      pg = v;
    } else {
      Fail("unknown option " + k);
    }
  }
  if (dir.empty() || count <= 0 || bytes <= 0 || sqlite_file.empty() == pg.empty()) {
    std::fprintf(stderr,
                 "usage: cqdt_storage_ceiling --dir DIR --count N --bytes B "
                 "(--sqlite FILE | --pg CONNINFO)\n");
    return 2;
  }
  std::filesystem::create_directories(dir);
  std::vector<std::string> contents;
  for (long long i = 0; i < count; ++i) {
    contents.push_back(Content(static_cast<std::size_t>(bytes), i + count * ::getpid()));
  }

  sqlite3* db = nullptr;
  PGconn* conn = nullptr;
  if (!sqlite_file.empty()) {
    if (sqlite3_open(sqlite_file.c_str(), &db) != SQLITE_OK) {
      cqdt_bench::Die(db, "open");
    }
    cqdt_bench::Exec(db, "PRAGMA journal_mode=WAL");
    cqdt_bench::Exec(db, "PRAGMA synchronous=FULL");
    cqdt_bench::Exec(
        db,
        "CREATE TABLE IF NOT EXISTS bench_ceiling (n INTEGER PRIMARY KEY AUTOINCREMENT,"
        " name TEXT NOT NULL, size INTEGER NOT NULL)");
  } else {
    conn = PQconnectdb(pg.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
      Fail(PQerrorMessage(conn));
    }
    PQclear(PQexec(conn, "SET client_min_messages = warning"));
    PGresult* r = PQexec(conn,
                         "CREATE TABLE IF NOT EXISTS bench_ceiling (n BIGSERIAL PRIMARY KEY,"
                         " name TEXT NOT NULL, size BIGINT NOT NULL)");
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
      Fail(PQerrorMessage(conn));
    }
    PQclear(r);
  }

  std::unique_ptr<cqdt_bench::Stmt> insert;
  if (db != nullptr) {
    insert = std::make_unique<cqdt_bench::Stmt>(
        db, "INSERT INTO bench_ceiling (name, size) VALUES (?, ?)");
  }
  const auto start = std::chrono::steady_clock::now();
  for (long long i = 0; i < count; ++i) {
    const std::string name = std::to_string(::getpid()) + "-" + std::to_string(i);
    cqdt_bench::WriteDurably(dir, name, contents[static_cast<std::size_t>(i)]);
    const std::string size = std::to_string(bytes);
    if (insert) {
      insert->Text(1, name).Int(2, bytes).Run();
    } else {
      const char* values[] = {name.c_str(), size.c_str()};
      PGresult* r = PQexecParams(conn, "INSERT INTO bench_ceiling (name, size) VALUES ($1, $2)", 2,
                                 nullptr, values, nullptr, nullptr, 0);
      if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        Fail(PQerrorMessage(conn));
      }
      PQclear(r);
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%.1f %.3f %lld\n", static_cast<double>(count) / seconds, seconds, count);
  insert.reset();
  if (db != nullptr) {
    sqlite3_close(db);
  }
  if (conn != nullptr) {
    PQfinish(conn);
  }
  return 0;
}
