#include "db/rows.hpp"

#include <cctype>
#include <cstdlib>
#include <memory>

#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

namespace cqdt::db {
namespace {

namespace sq = sqlite_api;

class SqliteRow final : public RowView {
 public:
  explicit SqliteRow(sq::sqlite3_stmt* st) : st_(st) {}
  bool IsNull(int column) const override {
    return sq::sqlite3_column_type(st_, column) == SQLITE_NULL;
  }
  std::int64_t Int(int column) const override { return sq::sqlite3_column_int64(st_, column); }
  std::string_view Text(int column) const override {
    const auto* text = sq::sqlite3_column_text(st_, column);
    if (text == nullptr) {
      return {};
    }
    return {reinterpret_cast<const char*>(text),
            static_cast<std::size_t>(sq::sqlite3_column_bytes(st_, column))};
  }

 private:
  sq::sqlite3_stmt* st_;
};

class PostgresRow final : public RowView {
 public:
  PostgresRow(PGresult* result, int row) : result_(result), row_(row) {}
  bool IsNull(int column) const override { return PQgetisnull(result_, row_, column) != 0; }
  std::int64_t Int(int column) const override {
    return IsNull(column) ? 0 : std::strtoll(PQgetvalue(result_, row_, column), nullptr, 10);
  }
  std::string_view Text(int column) const override {
    return {PQgetvalue(result_, row_, column),
            static_cast<std::size_t>(PQgetlength(result_, row_, column))};
  }

 private:
  PGresult* result_;
  int row_;
};

std::string ParamText(const SqlParam& p) {
  if (const auto* i = std::get_if<std::int64_t>(&p)) {
    return std::to_string(*i);
  }
  return std::get<std::string>(p);
}

// The text with :pN written $N+1 (PostgreSQL's placeholders), leaving quoted literals and
// identifiers and the :: cast alone.
std::string DollarPlaceholders(const std::string& sql) {
  std::string out;
  out.reserve(sql.size());
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      const std::size_t end = sql.find(c, i + 1);
      const std::size_t stop = end == std::string::npos ? sql.size() : end + 1;
      out.append(sql, i, stop - i);
      i = stop - 1;
    } else if (c == ':' && i + 1 < sql.size() && sql[i + 1] == ':') {
      out += "::";
      ++i;
    } else if (c == ':' && i + 2 < sql.size() && sql[i + 1] == 'p' &&
               std::isdigit(static_cast<unsigned char>(sql[i + 2])) != 0) {
      std::size_t j = i + 2;
      while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j])) != 0) {
        ++j;
      }
      out += '$' + std::to_string(std::stoi(sql.substr(i + 2, j - i - 2)) + 1);
      i = j - 1;
    } else {
      out += c;
    }
  }
  return out;
}

void OnSqlite(soci::session& s, const std::string& sql, const std::vector<SqlParam>& params,
              const std::function<bool(const RowView&)>& row) {
  auto* conn = static_cast<soci::sqlite3_session_backend*>(s.get_backend())->conn_;
  sq::sqlite3_stmt* raw = nullptr;
  if (sq::sqlite3_prepare_v2(conn, sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr) !=
      SQLITE_OK) {
    throw soci::soci_error(std::string("sqlite3_prepare_v2: ") + sq::sqlite3_errmsg(conn));
  }
  std::unique_ptr<sq::sqlite3_stmt, int (*)(sq::sqlite3_stmt*)> st(raw, sq::sqlite3_finalize);
  for (std::size_t k = 0; k < params.size(); ++k) {
    const std::string name = ":p" + std::to_string(k);
    const int at = sq::sqlite3_bind_parameter_index(raw, name.c_str());
    if (at == 0) {
      throw soci::soci_error("ForEachRow: no parameter " + name + " in the statement");
    }
    if (const auto* i = std::get_if<std::int64_t>(&params[k])) {
      sq::sqlite3_bind_int64(raw, at, *i);
    } else {
      const auto& text = std::get<std::string>(params[k]);
      sq::sqlite3_bind_text(raw, at, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
    }
  }
  const SqliteRow view(raw);
  while (true) {
    const int rc = sq::sqlite3_step(raw);
    if (rc == SQLITE_DONE) {
      return;
    }
    if (rc != SQLITE_ROW) {
      throw soci::soci_error(std::string("sqlite3_step: ") + sq::sqlite3_errmsg(conn));
    }
    if (!row(view)) {
      return;
    }
  }
}

void OnPostgres(soci::session& s, const std::string& sql, const std::vector<SqlParam>& params,
                const std::function<bool(const RowView&)>& row) {
  auto* conn = static_cast<soci::postgresql_session_backend*>(s.get_backend())->conn_;
  std::vector<std::string> texts;
  texts.reserve(params.size());
  std::vector<const char*> values;
  for (const auto& p : params) {
    texts.push_back(ParamText(p));
  }
  for (const auto& t : texts) {
    values.push_back(t.c_str());
  }
  std::unique_ptr<PGresult, void (*)(PGresult*)> result(
      PQexecParams(conn, DollarPlaceholders(sql).c_str(), static_cast<int>(values.size()), nullptr,
                   values.data(), nullptr, nullptr, 0),
      PQclear);
  if (PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
    throw soci::soci_error(std::string("PQexecParams: ") + PQerrorMessage(conn));
  }
  const int n = PQntuples(result.get());
  for (int i = 0; i < n; ++i) {
    if (!row(PostgresRow(result.get(), i))) {
      return;
    }
  }
}

}  // namespace

void ForEachRow(Transaction& tx, const std::string& sql, const std::vector<SqlParam>& params,
                const std::function<bool(const RowView&)>& row) {
  soci::session& s = tx.sql();
  if (tx.engine() == Engine::kSqlite) {
    OnSqlite(s, sql, params, row);
  } else {
    OnPostgres(s, sql, params, row);
  }
}

}  // namespace cqdt::db
