// Tests only: the statements a transaction runs, as SQLite sees them (sqlite3_trace_v2), with
// their bound values. On PostgreSQL every statement is a round trip, and a use case runs the
// same statements on both engines (but for PostgreSQL's advisory lock of the audit chain): the
// round-trip budgets of the documents benchmark, and what a statement's plan reads, are checked
// with it on SQLite (SOCI's logger only sees preparations, not executions of cached statements).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>  // SQLite's API, in namespace sqlite_api

#include "db/database.hpp"

namespace cqdt::db::testing {

namespace sq = sqlite_api;

class StatementLog {
 public:
  // Starts logging the statements of `tx` (a SQLite transaction) until destroyed.
  explicit StatementLog(db::Transaction& tx)
      : conn_(static_cast<soci::sqlite3_session_backend*>(tx.sql().get_backend())->conn_) {
    sq::sqlite3_trace_v2(conn_, SQLITE_TRACE_STMT, &StatementLog::Trace, this);
  }
  ~StatementLog() { sq::sqlite3_trace_v2(conn_, 0, nullptr, nullptr); }
  StatementLog(const StatementLog&) = delete;
  StatementLog& operator=(const StatementLog&) = delete;

  const std::vector<std::string>& statements() const { return statements_; }
  // The SELECTs run more than once with the same values, and all statements, for a message.
  std::string RepeatedSelects() const {
    std::map<std::string, int> seen;
    std::string out;
    for (const auto& s : statements_) {
      if (s.rfind("SELECT", 0) == 0 && ++seen[s] == 2) {
        out += "twice: " + s + "\n";
      }
    }
    return out;
  }
  std::string All() const {
    std::string out;
    for (const auto& s : statements_) {
      out += s + "\n";
    }
    return out;
  }

 private:
  static int Trace(unsigned, void* self, void* stmt, void* text) {
    const char* sql = static_cast<const char*>(text);
    if (sql != nullptr && sql[0] == '-' && sql[1] == '-') {
      return 0;  // a trigger's sub-statement comment, not a statement of ours
    }
    char* expanded = sq::sqlite3_expanded_sql(static_cast<sq::sqlite3_stmt*>(stmt));
    static_cast<StatementLog*>(self)->statements_.emplace_back(expanded != nullptr ? expanded
                                                                                   : sql);
    sq::sqlite3_free(expanded);
    return 0;
  }

  sq::sqlite3* conn_;
  std::vector<std::string> statements_;
};

}  // namespace cqdt::db::testing
