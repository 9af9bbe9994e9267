// The references of the search benchmark (issue 11; bench/search-bench.sh): the raw FTS5 query
// of each benchmark query on the same SQLite database in the same run, with none of cqdt's work
// (HTTP, session, visibility, filters, facets, snippets, the document rows). The query text is
// folded exactly as the service folds it (documents::ParseSearchTerms, Fts5Expression, the
// agency's word), on a connection set up as cqdt's are (multi-thread mode, the same page cache).
// Two shapes:
//   --shape window  the engine's part of what cqdt runs: the newest 2,001 matches with their
//                   folded metadata (`ORDER BY rowid DESC LIMIT 2001`; documents::kSearchWindow)
//   --shape ranked  every match ranked by bm25, the first 20 (`ORDER BY rank LIMIT 20`): what a
//                   search that ranks all matches costs
//
//   cqdt_search_raw --db DATA/cqdt.db --queries FILE [--user vanthu.snv] [--shape window]
//                   [--slowest N]   (the N slowest queries on stderr)
//   cqdt_search_raw --pg URL ...    the same on PostgreSQL: the tsquery on documents_search's
//                   tsv (`ORDER BY document_id DESC LIMIT 2001`, with the meta column), or every
//                   match ranked by ts_rank for --shape ranked
// prints one line: "p50_ms p99_ms max_ms count".
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <libpq-fe.h>
#include <sqlite3.h>

#include "db/database.hpp"
#include "documents/search_service.hpp"

namespace {

std::string UrlDecode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i] == '+' ? ' ' : s[i]);
    }
  }
  return out;
}

// One benchmark query as its engine's expression: all words with the filters' words.
struct Query {
  std::string all;
};

using Timings = std::vector<std::pair<double, std::string>>;

double Since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

Timings RunSqlite(sqlite3* db, const std::vector<Query>& queries, const std::string& shape,
                  int rounds) {
  sqlite3_stmt* st = nullptr;
  const std::string sql =
      shape == "ranked"
          ? "SELECT rowid FROM documents_search_fts WHERE documents_search_fts MATCH ?"
            " ORDER BY rank LIMIT 20"
          : "SELECT rowid, meta FROM documents_search_fts WHERE"
            " documents_search_fts MATCH ? ORDER BY rowid DESC LIMIT " +
                std::to_string(cqdt::documents::kSearchWindow + 1);
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "search_raw: %s\n", sqlite3_errmsg(db));
    std::exit(1);
  }
  Timings out;
  for (int r = 0; r < rounds; ++r) {
    for (const auto& q : queries) {
      const auto t0 = std::chrono::steady_clock::now();
      sqlite3_bind_text(st, 1, q.all.c_str(), -1, SQLITE_TRANSIENT);
      while (sqlite3_step(st) == SQLITE_ROW) {
        // The service reads each match's metadata: so does its reference.
        (void)sqlite3_column_text(st, shape == "ranked" ? 0 : 1);
      }
      sqlite3_reset(st);
      out.emplace_back(Since(t0), q.all);
    }
  }
  sqlite3_finalize(st);
  return out;
}

// The statement the service sends on PostgreSQL, prepared once, in the text protocol (as SOCI's
// backend sends it).
Timings RunPostgres(PGconn* conn, const std::vector<Query>& queries, const std::string& shape,
                    int rounds) {
  const std::string sql =
      shape == "ranked"
          ? "SELECT document_id FROM documents_search WHERE tsv @@ to_tsquery('simple', $1)"
            " ORDER BY ts_rank(tsv, to_tsquery('simple', $1)) DESC LIMIT 20"
          : "SELECT document_id, meta FROM documents_search WHERE"
            " tsv @@ to_tsquery('simple', $1) ORDER BY document_id DESC LIMIT " +
                std::to_string(cqdt::documents::kSearchWindow + 1);
  PGresult* prepared = PQprepare(conn, "window", sql.c_str(), 1, nullptr);
  if (PQresultStatus(prepared) != PGRES_COMMAND_OK) {
    std::fprintf(stderr, "search_raw: %s", PQerrorMessage(conn));
    std::exit(1);
  }
  PQclear(prepared);
  Timings out;
  for (int r = 0; r < rounds; ++r) {
    for (const auto& q : queries) {
      const auto t0 = std::chrono::steady_clock::now();
      const char* one[] = {q.all.c_str()};
      PQclear(PQexecPrepared(conn, "window", 1, one, nullptr, nullptr, 0));
      out.emplace_back(Since(t0), q.all);
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path, pg_url, queries_path, username = "vanthu.snv";
  int rounds = 1;
  int slowest = 0;
  std::string shape = "window";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--db") {
      path = v;
    } else if (a == "--pg") {
      pg_url = v;
    } else if (a == "--queries") {
      queries_path = v;
    } else if (a == "--user") {
      username = v;
    } else if (a == "--shape") {
      shape = v;
    } else if (a == "--slowest") {
      slowest = std::atoi(v.c_str());
    } else if (a == "--rounds") {
      rounds = std::max(1, std::atoi(v.c_str()));
    }
  }
  const bool postgres = !pg_url.empty();
  if (path.empty() == pg_url.empty() || queries_path.empty()) {
    std::fprintf(stderr,
                 "usage: cqdt_search_raw --db FILE|--pg URL --queries FILE [--user NAME]"
                 " [--shape window|ranked] [--slowest N] [--rounds N]\n");
    return 2;
  }
  sqlite3* db = nullptr;
  PGconn* conn = nullptr;
  long long agency = 0;
  if (postgres) {
    conn = PQconnectdb(pg_url.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
      std::fprintf(stderr, "search_raw: %s", PQerrorMessage(conn));
      return 1;
    }
    const char* values[] = {username.c_str()};
    PGresult* r = PQexecParams(conn, "SELECT agency_id FROM identity_user WHERE username = $1", 1,
                               nullptr, values, nullptr, nullptr, 0);
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
      agency = std::atoll(PQgetvalue(r, 0, 0));
    }
    PQclear(r);
  } else {
    // The engine as cqdt's connections run it (db::Database): the same process-wide settings
    // and page cache, so that the two columns differ by cqdt's work alone.
    cqdt::db::ConfigureSqliteProcess();
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      std::fprintf(stderr, "search_raw: cannot open %s\n", path.c_str());
      return 1;
    }
    const std::string cache = "PRAGMA cache_size=-" + std::to_string(cqdt::db::kSqliteCacheKiB);
    sqlite3_exec(db, cache.c_str(), nullptr, nullptr, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT agency_id FROM identity_user WHERE username = ?", -1, &st,
                       nullptr);
    sqlite3_bind_text(st, 1, username.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) {
      agency = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
  }
  std::vector<Query> queries;
  std::ifstream in(queries_path);
  for (std::string line; std::getline(in, line);) {
    std::string q;
    const std::size_t at = line.find("q=");
    if (at != std::string::npos) {
      q = UrlDecode(line.substr(at + 2, line.find('&', at) - at - 2));
    }
    auto terms = cqdt::documents::ParseSearchTerms(q);
    if (!terms || terms->empty()) {
      continue;
    }
    // The filters the service hands the engine (the rest of a filter is SQL's, not the engine's),
    // with the agency's words.
    cqdt::documents::SearchRequest filters;
    auto param = [&](const std::string& name) {
      const std::size_t found = line.find("&" + name + "=");
      if (found == std::string::npos) {
        return std::string();
      }
      const std::size_t from = found + name.size() + 2;
      return line.substr(from, line.find('&', from) - from);
    };
    filters.direction = param("direction");
    filters.date_from = param("from");
    filters.date_to = param("to");
    terms->any_of = cqdt::documents::FilterSets(filters, cqdt::AgencyId(agency), 0);
    queries.push_back({postgres ? cqdt::documents::TsQueryText(*terms)
                                : cqdt::documents::Fts5Expression(*terms)});
  }
  Timings by_query =
      postgres ? RunPostgres(conn, queries, shape, rounds) : RunSqlite(db, queries, shape, rounds);
  if (db != nullptr) {
    sqlite3_close(db);
  }
  if (conn != nullptr) {
    PQfinish(conn);
  }
  if (by_query.empty()) {
    std::printf("0 0 0 0\n");
    return 0;
  }
  std::vector<double> times;
  for (const auto& [ms, expression] : by_query) {
    times.push_back(ms);
  }
  std::sort(times.begin(), times.end());
  // --slowest N: the N slowest queries' expressions on stderr, to see what makes the tail.
  std::sort(by_query.rbegin(), by_query.rend());
  for (int i = 0; i < slowest && i < static_cast<int>(by_query.size()); ++i) {
    std::fprintf(stderr, "%8.2f ms  %s\n", by_query[i].first, by_query[i].second.c_str());
  }
  auto q = [&](double p) {
    return times[std::min(times.size() - 1, static_cast<std::size_t>(p * times.size()))];
  };
  std::printf("%.2f %.2f %.2f %zu\n", q(0.5), q(0.99), times.back(), times.size());
  return 0;
}
