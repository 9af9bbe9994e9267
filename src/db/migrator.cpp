#include "db/migrator.hpp"

#include <algorithm>
#include <map>
#include <string>
#include <string_view>

#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"

namespace cqdt::db {
namespace {

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  std::size_t pos = 0;
  while ((pos = s.find(from, pos)) != std::string::npos) {
    s.replace(pos, from.size(), to);
    pos += to.size();
  }
}

std::vector<std::string> SplitStatements(const std::string& sql) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < sql.size()) {
    std::size_t pos = sql.find(";\n", start);
    std::string stmt =
        sql.substr(start, pos == std::string::npos ? std::string::npos : pos - start);
    if (stmt.find_first_not_of(" \t\r\n") != std::string::npos) {
      out.push_back(stmt);
    }
    if (pos == std::string::npos) {
      break;
    }
    start = pos + 2;
  }
  return out;
}

// A statement marked "{{postgresql}}" or "{{sqlite}}" (at its start) is for that engine only:
// the statement without the mark, "" for the other engine, or itself when unmarked.
std::string OnlyFor(const std::string& stmt, Engine engine) {
  static constexpr std::string_view kPg = "{{postgresql}}", kSqlite = "{{sqlite}}";
  const std::size_t start = stmt.find_first_not_of(" \t\r\n");
  const std::string_view s = std::string_view(stmt).substr(start);
  if (s.substr(0, kPg.size()) == kPg) {
    return engine == Engine::kPostgres ? std::string(s.substr(kPg.size())) : std::string();
  }
  if (s.substr(0, kSqlite.size()) == kSqlite) {
    return engine == Engine::kSqlite ? std::string(s.substr(kSqlite.size())) : std::string();
  }
  return stmt;
}

}  // namespace

std::string RenderSql(const std::string& sql, Engine engine) {
  std::string s = sql;
  bool pg = engine == Engine::kPostgres;
  ReplaceAll(s, "{{pk}}", pg ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT");
  ReplaceAll(s, "{{bigint}}", pg ? "BIGINT" : "INTEGER");
  ReplaceAll(s, "{{blob}}", pg ? "BYTEA" : "BLOB");
  return s;
}

Migrator::Migrator(Database& db, std::vector<Migration> migrations)
    : db_(db), migrations_(std::move(migrations)) {}

Status Migrator::EnsureHistoryTable() {
  auto tx = db_.Begin();
  if (tx.engine() == Engine::kPostgres) {
    // Two instances starting at once on an empty database: CREATE TABLE IF NOT EXISTS is not
    // safe against a concurrent creator (a duplicate in pg_type), so they take turns here too.
    tx.sql() << "SELECT pg_advisory_xact_lock(7243100)";
  }
  tx.sql() << "CREATE TABLE IF NOT EXISTS db_schema_history ("
              " module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL,"
              " applied_at TEXT NOT NULL, PRIMARY KEY (module, version))";
  // db's own table beside it: the periods each job took (db/claims.hpp, TakePeriod).
  tx.sql() << "CREATE TABLE IF NOT EXISTS db_job_period ("
              " job TEXT PRIMARY KEY, period TEXT NOT NULL, taken_at BIGINT NOT NULL)";
  return tx.Commit();
}

Result<int> Migrator::Apply() {
  CQDT_RETURN_IF_ERROR(EnsureHistoryTable());
  int applied = 0;
  for (const auto& m : migrations_) {
    auto tx = db_.Begin();
    if (tx.engine() == Engine::kPostgres) {
      // Two processes starting at once: the second waits here, then sees the history row.
      tx.sql() << "SELECT pg_advisory_xact_lock(7243100)";
    }
    std::string name;
    soci::indicator ind = soci::i_null;
    tx.sql() << "SELECT name FROM db_schema_history WHERE module = :m AND version = :v",
        soci::use(m.module), soci::use(m.version), soci::into(name, ind);
    if (tx.sql().got_data() && ind == soci::i_ok) {
      if (name != m.name) {
        spdlog::error("db: migration {} v{} is recorded as '{}' but the code calls it '{}'",
                      m.module, m.version, name, m.name);
        return Error::FailedPrecondition(
            "Lược đồ cơ sở dữ liệu không khớp với phiên bản phần mềm (" + m.module + " v" +
            std::to_string(m.version) + ").");
      }
      continue;
    }
    for (const auto& stmt : SplitStatements(RenderSql(m.sql, tx.engine()))) {
      const std::string only = OnlyFor(stmt, tx.engine());
      if (!only.empty()) {
        tx.sql() << only;
      }
    }
    std::string now = ToIsoUtc(SystemClock().Now());
    tx.sql() << "INSERT INTO db_schema_history (module, version, name, applied_at)"
                " VALUES (:m, :v, :n, :a)",
        soci::use(m.module), soci::use(m.version), soci::use(m.name), soci::use(now);
    CQDT_RETURN_IF_ERROR(tx.Commit());
    spdlog::info("db: applied migration {} v{} ({})", m.module, m.version, m.name);
    ++applied;
  }
  return applied;
}

Result<bool> Migrator::IsCurrent() {
  auto tx = db_.BeginRead();
  int count = 0;
  try {
    tx.sql() << "SELECT COUNT(*) FROM db_schema_history", soci::into(count);
  } catch (const std::exception&) {
    return false;  // no history table yet
  }
  std::map<std::string, int> max_version;
  for (const auto& m : migrations_) {
    max_version[m.module] = std::max(max_version[m.module], m.version);
  }
  for (const auto& [module, version] : max_version) {
    int have = 0;
    soci::indicator ind = soci::i_null;
    tx.sql() << "SELECT MAX(version) FROM db_schema_history WHERE module = :m", soci::use(module),
        soci::into(have, ind);
    if (ind != soci::i_ok || have < version) {
      return false;
    }
  }
  return true;
}

}  // namespace cqdt::db
