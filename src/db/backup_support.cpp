#include "db/backup_support.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <memory>
#include <thread>

#include <libpq-fe.h>
#include <soci/soci.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

namespace cqdt::db {
namespace {

// `bilingual` is "Vietnamese / English"; `what` (a path) follows it.
Error Unavailable(const char* bilingual, const std::string& what = "") {
  return Error::Unavailable(std::string(bilingual) + (what.empty() ? "" : ": " + what));
}

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

// Opens `path`; on failure the message of SQLite goes to the log only.
SqliteHandle OpenSqlite(const std::string& name, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(name.c_str(), &raw, flags, nullptr);
  SqliteHandle db(raw);
  if (rc != SQLITE_OK) {
    spdlog::error("db: cannot open {}: {}", name, raw != nullptr ? sqlite3_errmsg(raw) : "?");
    return nullptr;
  }
  sqlite3_extended_result_codes(raw, 1);
  return db;
}

bool Exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    spdlog::error("db: {}: {}", sql, message != nullptr ? message : sqlite3_errstr(rc));
  }
  sqlite3_free(message);
  return rc == SQLITE_OK;
}

// "file:<path>?immutable=1": read-only, no locks, nothing written beside the file (a backup's
// copy must stay byte for byte what its manifest says). The path's URI-special characters are
// escaped.
SqliteHandle OpenImmutable(const std::filesystem::path& path) {
  std::string uri = "file:";
  for (char c : std::filesystem::absolute(path).string()) {
    if (c == '%' || c == '?' || c == '#') {
      static const char kHex[] = "0123456789abcdef";
      uri += '%';
      uri += kHex[(static_cast<unsigned char>(c) >> 4) & 0xf];
      uri += kHex[static_cast<unsigned char>(c) & 0xf];
    } else {
      uri += c;
    }
  }
  uri += "?immutable=1";
  return OpenSqlite(uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
}

bool FsyncPath(const std::filesystem::path& path, bool directory) {
  const int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) {
    return false;
  }
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

// Runs the copy; `dest` exists afterwards only when Ok.
Status CopySnapshot(const std::filesystem::path& source, const std::filesystem::path& dest,
                    const SqliteBackupOptions& options) {
  const std::string shown = source.string();
  // No SQLITE_OPEN_CREATE: a wrong path must not become an empty database that backs up fine.
  SqliteHandle src = OpenSqlite(source.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX);
  if (!src) {
    return Unavailable("Không mở được cơ sở dữ liệu / cannot open the database", shown);
  }
  sqlite3_busy_timeout(src.get(), 10'000);
  // One read transaction across every step: the copy is the snapshot it began with. Without it,
  // each step would take a snapshot of its own, and a commit by the server between two steps
  // would restart the copy from the first page (forever, under a steady write load).
  if (!Exec(src.get(), "BEGIN DEFERRED; SELECT COUNT(*) FROM sqlite_schema;")) {
    return Unavailable("Không đọc được cơ sở dữ liệu / cannot read the database", shown);
  }
  SqliteHandle dst = OpenSqlite(dest.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                                   SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX);
  if (!dst) {
    return Unavailable("Không tạo được tệp / cannot create the file", dest.string());
  }
  sqlite3_backup* backup = sqlite3_backup_init(dst.get(), "main", src.get(), "main");
  if (backup == nullptr) {
    spdlog::error("db: backup of {}: {}", shown, sqlite3_errmsg(dst.get()));
    return Unavailable("Không sao lưu được cơ sở dữ liệu / cannot back the database up", shown);
  }
  int rc = SQLITE_OK;
  int busy = 0;
  for (;;) {
    rc = sqlite3_backup_step(backup, std::max(1, options.pages_per_step));
    if (rc == SQLITE_DONE) {
      break;
    }
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      // Only the destination can be busy (the source's snapshot is held): a bounded wait.
      if (++busy > 30'000) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      continue;
    }
    if (rc != SQLITE_OK) {
      break;
    }
    if (options.pause.count() > 0) {
      std::this_thread::sleep_for(options.pause);
    }
  }
  const int finished = sqlite3_backup_finish(backup);
  Exec(src.get(), "COMMIT");
  if (rc != SQLITE_DONE || finished != SQLITE_OK) {
    spdlog::error("db: backup of {} stopped: {}", shown, sqlite3_errstr(rc));
    return Unavailable("Sao lưu cơ sở dữ liệu bị gián đoạn / the backup of the database stopped",
                       shown);
  }
  dst.reset();
  // The copy carries the source's header, WAL mode included: opened again, it is switched to a
  // rollback journal, so the backup is one file that readers may open without writing beside it.
  dst = OpenSqlite(dest.string(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX);
  if (!dst || !Exec(dst.get(), "PRAGMA journal_mode=DELETE")) {
    return Unavailable("Không hoàn tất được bản sao / cannot finish the copy", dest.string());
  }
  dst.reset();
  if (!FsyncPath(dest, false) ||
      !FsyncPath(dest.parent_path().empty() ? "." : dest.parent_path(), true)) {
    return Unavailable("Không ghi bền được / cannot sync", dest.string());
  }
  return Ok();
}

}  // namespace

std::optional<std::filesystem::path> SqliteFileOfUrl(const std::string& url) {
  if (url.rfind("sqlite://", 0) != 0 || url.size() == 9) {
    return std::nullopt;
  }
  return std::filesystem::path(url.substr(9));
}

Status BackupSqliteFile(const std::filesystem::path& source, const std::filesystem::path& dest,
                        const SqliteBackupOptions& options) {
  std::error_code ec;
  if (std::filesystem::exists(dest, ec)) {
    return Unavailable("Tệp đích đã có / the target exists", dest.string());
  }
  if (!std::filesystem::is_regular_file(source, ec)) {
    return Unavailable("Không có cơ sở dữ liệu / no database at", source.string());
  }
  ConfigureSqliteProcess();
  auto st = CopySnapshot(source, dest, options);
  if (!st) {
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
      std::filesystem::remove(dest.string() + suffix, ec);
    }
  }
  return st;
}

Result<std::vector<std::string>> CheckSqliteIntegrity(const std::filesystem::path& path) {
  std::error_code ec;
  SqliteHandle db = std::filesystem::is_regular_file(path, ec) ? OpenImmutable(path) : nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (!db || sqlite3_prepare_v2(db.get(), "PRAGMA integrity_check(100)", -1, &stmt, nullptr) !=
                 SQLITE_OK) {
    return Unavailable("Không mở được cơ sở dữ liệu / cannot open the database", path.string());
  }
  std::vector<std::string> problems;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const auto* text = sqlite3_column_text(stmt, 0);
    std::string line = text != nullptr ? reinterpret_cast<const char*>(text) : "";
    if (line != "ok") {
      problems.push_back(std::move(line));
    }
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) {
    // A file too damaged to be read at all (e.g. "file is not a database").
    problems.emplace_back(sqlite3_errstr(rc));
  }
  return problems;
}

Result<std::map<std::string, int>> SqliteSchemaVersions(const std::filesystem::path& path) {
  std::error_code ec;
  SqliteHandle db = std::filesystem::is_regular_file(path, ec) ? OpenImmutable(path) : nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (!db || sqlite3_prepare_v2(
                 db.get(), "SELECT module, MAX(version) FROM db_schema_history GROUP BY module", -1,
                 &stmt, nullptr) != SQLITE_OK) {
    return Unavailable("Không đọc được lược đồ của / cannot read the schema history of",
                       path.string());
  }
  std::map<std::string, int> versions;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    const auto* module = sqlite3_column_text(stmt, 0);
    versions[module != nullptr ? reinterpret_cast<const char*>(module) : ""] =
        sqlite3_column_int(stmt, 1);
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) {
    return Unavailable("Không đọc được lược đồ của / cannot read the schema history of",
                       path.string());
  }
  return versions;
}

Result<std::map<std::string, int>> SchemaVersions(Transaction& tx) {
  std::vector<std::string> modules(500);
  std::vector<int> versions(500);
  try {
    tx.sql() << "SELECT module, MAX(version) FROM db_schema_history GROUP BY module",
        soci::into(modules), soci::into(versions);
  } catch (const std::exception& e) {
    spdlog::error("db: reading db_schema_history: {}", e.what());
    return Unavailable("Không đọc được lịch sử lược đồ / cannot read the schema history");
  }
  std::map<std::string, int> out;
  for (std::size_t i = 0; i < modules.size() && i < versions.size(); ++i) {
    out[modules[i]] = versions[i];
  }
  return out;
}

Result<PostgresConnection> PostgresConnectionOfUrl(const std::string& url) {
  std::string conninfo;
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    conninfo = url;  // libpq reads the URI form itself
  } else if (url.rfind("postgresql:", 0) == 0) {
    conninfo = url.substr(11);
  } else {
    return Error::InvalidField("db", "format",
                               "Không phải chuỗi kết nối PostgreSQL / not a PostgreSQL URL");
  }
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
  if (options == nullptr) {
    // libpq's message may quote the string, password included: it goes nowhere.
    PQfreemem(error);
    return Error::InvalidField("db", "format",
                               "Chuỗi kết nối PostgreSQL không hợp lệ / invalid PostgreSQL URL");
  }
  PostgresConnection out;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr || *o->val == '\0') {
      continue;
    }
    if (std::string_view(o->keyword) == "password") {
      out.password = o->val;
      continue;
    }
    std::string value = "'";
    for (const char* c = o->val; *c != '\0'; ++c) {
      if (*c == '\\' || *c == '\'') {
        value += '\\';
      }
      value += *c;
    }
    value += "'";
    out.conninfo += (out.conninfo.empty() ? "" : " ") + std::string(o->keyword) + "=" + value;
  }
  PQconninfoFree(options);
  return out;
}

Result<bool> PostgresDatabaseIsEmpty(Transaction& tx) {
  long long tables = 0;
  try {
    tx.sql() << "SELECT COUNT(*) FROM pg_catalog.pg_tables"
                " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
        soci::into(tables);
  } catch (const std::exception& e) {
    spdlog::error("db: counting tables: {}", e.what());
    return Unavailable("Không đọc được danh sách bảng / cannot list the tables");
  }
  return tables == 0;
}

}  // namespace cqdt::db
