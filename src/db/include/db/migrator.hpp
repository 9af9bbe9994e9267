// Versioned schema migrations, per module, recorded in `db_schema_history`.
//
// Each module exposes its migrations as data (std::vector<Migration>), versions 1, 2, 3... in
// order; the application passes all of them, lower-rank modules first. One SQL text serves both
// engines; the few dialect differences are written as placeholders:
//   {{pk}}         INTEGER PRIMARY KEY AUTOINCREMENT | BIGSERIAL PRIMARY KEY
//   {{bigint}}     INTEGER | BIGINT
//   {{blob}}       BLOB | BYTEA
// A migration may hold several statements separated by ";\n". Applied migrations are checked
// by name: a changed name means the code and database disagree (kFailedPrecondition).
// Invariants: each migration runs in its own transaction together with its history row.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "db/database.hpp"

namespace cqdt::db {

struct Migration {
  std::string module;
  int version = 0;
  std::string name;
  std::string sql;
};

// Replaces the placeholders for `engine`. (Apply also runs a statement marked "{{postgresql}}"
// or "{{sqlite}}" at its start on that engine only; a statement ends at ";\n", so a function
// body keeps its own semicolons on one line.)
std::string RenderSql(const std::string& sql, Engine engine);

class Migrator {
 public:
  Migrator(Database& db, std::vector<Migration> migrations);
  // Applies every pending migration. Returns the number applied.
  Result<int> Apply();
  // True when every known migration is applied (readiness).
  Result<bool> IsCurrent();

 private:
  Status EnsureHistoryTable();
  Database& db_;
  std::vector<Migration> migrations_;
};

}  // namespace cqdt::db
