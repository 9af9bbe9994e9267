// The references of the search benchmark (issue 11; bench/search-bench.sh): the raw FTS5 query
// of each benchmark query on the same SQLite database in the same run, with none of cqdt's work
// (HTTP, session, visibility, filters, facets, snippets, the document rows). The query text is
// folded exactly as the service folds it (documents::ParseSearchTerms, Fts5Expression, the
// agency's word). Two shapes:
//   --shape window  the engine's part of what cqdt runs: the newest 2,001 matches (`ORDER BY
//                   rowid DESC LIMIT 2001`; documents::kSearchWindow), then those of them whose
//                   metadata holds every word (`rowid >= ` the oldest of the window)
//   --shape ranked  every match ranked by bm25, the first 20 (`ORDER BY rank LIMIT 20`): what a
//                   search that ranks all matches costs
//
//   cqdt_search_raw --db DATA/cqdt.db --queries FILE [--user vanthu.snv] [--shape window]
//                   [--slowest N]   (the N slowest queries on stderr)
// prints one line: "p50_ms p99_ms max_ms count".
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <sqlite3.h>

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

}  // namespace

int main(int argc, char** argv) {
  std::string path, queries_path, username = "vanthu.snv";
  int rounds = 1;
  int slowest = 0;
  std::string shape = "window";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--db") {
      path = v;
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
  sqlite3* db = nullptr;
  if (path.empty() || queries_path.empty() ||
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "usage: cqdt_search_raw --db FILE --queries FILE [--user NAME]\n");
    return 2;
  }
  long long agency = 0;
  {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT agency_id FROM identity_user WHERE username = ?", -1, &st,
                       nullptr);
    sqlite3_bind_text(st, 1, username.c_str(), -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) {
      agency = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
  }
  std::vector<std::string> expressions;
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
    terms->groups.push_back({cqdt::documents::AgencySearchToken(cqdt::AgencyId(agency))});
    // The filters the service hands the engine (the rest of a filter is SQL's, not the engine's).
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
    terms->any_of = cqdt::documents::FilterSets(filters, 0);
    expressions.push_back(cqdt::documents::Fts5Expression(*terms));
    if (shape == "window") {
      expressions.back() += '\n' + cqdt::documents::Fts5MetaExpression(*terms);
    }
  }
  sqlite3_stmt* st = nullptr;
  const std::string sql =
      shape == "ranked"
          ? "SELECT rowid FROM documents_search_fts WHERE documents_search_fts MATCH ?"
            " ORDER BY rank LIMIT 20"
          : "SELECT rowid FROM documents_search_fts WHERE"
            " documents_search_fts MATCH ? ORDER BY rowid DESC LIMIT " +
                std::to_string(cqdt::documents::kSearchWindow + 1);
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "search_raw: %s\n", sqlite3_errmsg(db));
    return 1;
  }
  sqlite3_stmt* meta_st = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT rowid FROM documents_search_fts WHERE documents_search_fts MATCH ?"
                     " AND rowid >= ?",
                     -1, &meta_st, nullptr);
  std::vector<double> times;
  std::vector<std::pair<double, std::string>> by_query;
  for (int r = 0; r < rounds; ++r) {
    for (const auto& e : expressions) {
      const auto t0 = std::chrono::steady_clock::now();
      const std::size_t newline = e.find('\n');
      const std::string all = e.substr(0, newline);
      sqlite3_bind_text(st, 1, all.c_str(), -1, SQLITE_TRANSIENT);
      long long oldest = 0;
      while (sqlite3_step(st) == SQLITE_ROW) {
        oldest = sqlite3_column_int64(st, 0);
      }
      sqlite3_reset(st);
      if (newline != std::string::npos) {
        const std::string meta = e.substr(newline + 1);
        sqlite3_bind_text(meta_st, 1, meta.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(meta_st, 2, oldest);
        while (sqlite3_step(meta_st) == SQLITE_ROW) {
        }
        sqlite3_reset(meta_st);
      }
      times.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      by_query.emplace_back(times.back(), e);
    }
  }
  sqlite3_finalize(st);
  sqlite3_finalize(meta_st);
  sqlite3_close(db);
  if (times.empty()) {
    std::printf("0 0 0 0\n");
    return 0;
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
