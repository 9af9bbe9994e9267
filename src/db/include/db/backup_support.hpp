// What a backup of cqdt needs from the two database engines (issue 16, `cqdt backup`): an online
// copy of an SQLite file through SQLite's backup API, the checks of such a copy, the schema
// versions recorded in it, and the libpq connection of a PostgreSQL URL split from its password
// (pg_dump and pg_restore take the password from PGPASSWORD, never from their command line).
//
// Thread safety: free functions; each opens connections of its own.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/database.hpp"

namespace cqdt::db {

// The file of an "sqlite://..." URL (relative paths as they are); nullopt for any other URL,
// including "sqlite::memory:".
std::optional<std::filesystem::path> SqliteFileOfUrl(const std::string& url);

struct SqliteBackupOptions {
  int pages_per_step = 256;  // pages copied per sqlite3_backup_step
  // Rest between steps, so that the copy leaves the disk to the server's writers.
  std::chrono::milliseconds pause{2};
};

// Copies the SQLite database `source` into the new file `dest` (which must not exist) while
// other connections keep reading and writing it. The copy is one consistent snapshot: the
// source connection holds one read transaction across every step, so in WAL mode (cqdt's) writers
// are never blocked and the copy is never restarted by their commits; the WAL grows meanwhile and
// is checkpointed after. The copy is turned into a single self-contained file (rollback journal
// mode, no -wal beside it) and synced. Errors: Unavailable with a Vietnamese / English message
// naming the file (the partial copy is removed).
Status BackupSqliteFile(const std::filesystem::path& source, const std::filesystem::path& dest,
                        const SqliteBackupOptions& options = {});

// `PRAGMA integrity_check` of the SQLite file `path`, opened read-only as immutable (nothing is
// written beside it). Empty when the file is intact; else SQLite's findings, one per line
// (at most 100). Errors: Unavailable when the file cannot be opened as a database.
Result<std::vector<std::string>> CheckSqliteIntegrity(const std::filesystem::path& path);

// The newest applied migration of each module in the SQLite file `path` (db_schema_history),
// read as CheckSqliteIntegrity opens it. Errors: Unavailable (no such file or table).
Result<std::map<std::string, int>> SqliteSchemaVersions(const std::filesystem::path& path);
// The same, through a transaction of an open database (either engine).
Result<std::map<std::string, int>> SchemaVersions(Transaction& tx);

// A PostgreSQL URL ("postgresql://user:pass@host:port/db?opt=v", "postgres://...", or
// "postgresql:" followed by libpq keywords) as libpq keywords without the password, and the
// password apart. Errors: InvalidArgument when libpq cannot parse it (the message never holds
// the URL, which may hold the password).
struct PostgresConnection {
  std::string conninfo;  // "host='127.0.0.1' port='5432' dbname='cqdt' user='cqdt'"
  std::string password;  // "" when the URL has none
};
Result<PostgresConnection> PostgresConnectionOfUrl(const std::string& url);

// True when the database has no table outside PostgreSQL's own schemas (a restore target).
Result<bool> PostgresDatabaseIsEmpty(Transaction& tx);

}  // namespace cqdt::db
