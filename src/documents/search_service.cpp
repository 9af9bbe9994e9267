// Document search (issue 11, item 3): the query in SQL on both engines. The indexer that keeps
// the index is in search_indexer.cpp.
#include "documents/search_service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <soci/soci.h>

#include "core/text.hpp"
#include "db/claims.hpp"
#include "db/rows.hpp"
#include "db/statement.hpp"
#include "document_repository.hpp"
#include "queue_sql.hpp"
#include "search_fields.hpp"

namespace cqdt::documents {
namespace {

using identity::Role;
using internal::SearchFields;

bool IsDate(const std::string& s) { return ParseIsoDate(s).has_value(); }

// Whether the window reads documents_search_facet (alias f) rather than documents_document:
// SQLite with words (AppendMatches).
bool ReadsFacetTable(db::Engine engine, const SearchTerms& terms) {
  return engine == db::Engine::kSqlite && !terms.empty();
}

// The documents matching the query and the filters that the caller may see: "SELECT d.id[, rank]
// FROM ... WHERE ..." built into `b` (`select` is what to select). With words on SQLite the rows
// are documents_search_facet's (alias f: the filters' and facets' columns, kept by triggers;
// search_migrations.cpp), and documents_document is read only for a match that no holder of rank
// may see as such (a confidential one, or any for a caller without rank): its route.
void AppendMatches(SqlBuilder& b, db::Engine engine, const identity::Principal& p,
                   const SearchRequest& r, const SearchTerms& terms, const std::string& select) {
  const bool facets = ReadsFacetTable(engine, terms);
  const std::string x = facets ? "f." : "d.";
  const std::string day = facets ? "f.day" : "COALESCE(NULLIF(d.issued_date, ''), d.arrival_date)";
  b.Text("SELECT ").Text(select);
  if (facets) {
    b.Text(
        " FROM documents_search_facet f JOIN documents_search_fts ON"
        " documents_search_fts.rowid = f.id");
  } else {
    b.Text(" FROM documents_document d");
  }
  if (!terms.empty() && engine == db::Engine::kPostgres) {
    b.Text(" JOIN documents_search s ON s.document_id = d.id");
  }
  b.Text(" WHERE " + x + "agency_id = ").Int(p.agency_id.value());
  if (!terms.empty()) {
    if (engine == db::Engine::kPostgres) {
      b.Text(" AND s.tsv @@ to_tsquery('simple', ").Str(TsQueryText(terms)).Text(")");
    } else {
      b.Text(" AND documents_search_fts MATCH ").Str(Fts5Expression(terms));
    }
  }
  if (!r.direction.empty()) {
    b.Text(" AND " + x + "direction = ").Str(r.direction);
  }
  if (r.type_ordinal > 0) {
    b.Text(" AND " + x + "type_ordinal = ").Int(r.type_ordinal);
  }
  if (!r.state.empty()) {
    b.Text(" AND " + x + "state = ").Str(r.state);
  }
  if (!r.urgency.empty()) {
    b.Text(" AND " + x + "urgency = ").Str(r.urgency);
  }
  // The document's date: its issue date, or its arrival date when it has none.
  if (!r.date_from.empty()) {
    b.Text(" AND " + day + " >= ").Str(r.date_from);
  }
  if (!r.date_to.empty()) {
    b.Text(" AND " + day + " <= ").Str(r.date_to);
  }
  if (r.register_id > 0) {
    b.Text(
         " AND EXISTS (SELECT 1 FROM documents_document rd0 JOIN documents_register_entry re"
         " ON re.id = rd0.register_entry_id WHERE rd0.id = " +
         x + "id AND re.register_id = ")
        .Int(r.register_id)
        .Text(")");
  }
  if (r.record_id > 0) {
    b.Text(" AND EXISTS (SELECT 1 FROM documents_record_document rd WHERE rd.document_id = " + x +
           "id AND rd.record_id = ")
        .Int(r.record_id)
        .Text(")");
  }
  // Visibility inside the query (document_access.hpp): the queue predicate, and the leaders an
  // incoming document was submitted to (on its route).
  const bool rank = p.Has(Role::kLeader) || p.Has(Role::kClerk);
  b.Text(" AND (");
  if (facets) {
    if (rank) {
      b.Text("f.confidentiality = 'none' OR ");
    }
    b.Text("EXISTS (SELECT 1 FROM documents_document d WHERE d.id = f.id AND (");
  }
  AppendVisible(b, {p.user_id(), rank && !facets});
  b.Text(
       " OR EXISTS (SELECT 1 FROM documents_submission vs2 WHERE vs2.document_id = d.id AND"
       " vs2.leader_id = ")
      .Int(p.user_id().value())
      .Text("))");
  if (facets) {
    b.Text("))");
  }
}

// The total and the facets of a window of matches, counted per value. A facet has a handful of
// values (2 directions, at most 29 types, a dozen states, 4 urgencies) and every row of a window
// bumps four: a short list beats a tree.
using CountList = std::vector<std::pair<std::string, int>>;
struct Counted {
  int total = 0;
  CountList directions, types, states, urgencies;
};

void Bump(CountList& counts, std::string_view value) {
  for (auto& [v, n] : counts) {
    if (v == value) {
      ++n;
      return;
    }
  }
  counts.emplace_back(std::string(value), 1);
}

// Most frequent first, then by value.
std::vector<FacetCount> Sorted(const CountList& counts) {
  std::vector<FacetCount> out;
  for (const auto& [value, count] : counts) {
    out.push_back({value, count});
  }
  std::sort(out.begin(), out.end(), [](const FacetCount& x, const FacetCount& y) {
    return x.count != y.count ? x.count > y.count : x.value < y.value;
  });
  return out;
}

// SQLite: the single-word groups of `terms` held by more than kCommonWordShare of the newest
// kCommonWordSample indexed documents, which the window checks in each row's text instead of
// walking their doclists. Never every group: the rarest word stays with the engine. Every
// document carries one direction word, so their count is the sample's size.
std::vector<std::string> CommonWords(db::Transaction& tx, const SearchTerms& terms) {
  std::vector<std::string> singles;
  bool phrase = false;
  for (const auto& g : terms.groups) {
    if (g.size() == 1) {
      if (std::find(singles.begin(), singles.end(), g[0]) == singles.end()) {
        singles.push_back(g[0]);
      }
    } else {
      phrase = true;
    }
  }
  if (singles.empty()) {
    return {};
  }
  long long newest = 0;
  soci::indicator newest_ind = soci::i_null;
  tx.sql() << "SELECT MAX(id) FROM documents_document", soci::into(newest, newest_ind);
  const long long since = newest_ind == soci::i_ok ? newest - kCommonWordSample : 0;
  // Words are [a-z0-9] only (ParseSearchTerms): quoted, they are FTS5 strings.
  auto count = [&](const std::string& expression) {
    long long n = 0;
    tx.sql() << "SELECT COUNT(*) FROM documents_search_fts WHERE documents_search_fts MATCH :q"
                " AND rowid > :since",
        soci::into(n), soci::use(expression), soci::use(since);
    return n;
  };
  const long long sample = count("\"zzdirincoming\" OR \"zzdiroutgoing\"");
  if (sample == 0) {
    return {};
  }
  std::map<std::string, long long> held;
  std::vector<std::string> common;
  for (const auto& w : singles) {
    held[w] = count("\"" + w + "\"");
    if (static_cast<double>(held[w]) > kCommonWordShare * static_cast<double>(sample)) {
      common.push_back(w);
    }
  }
  if (!phrase && !common.empty() && common.size() == singles.size()) {
    common.erase(std::min_element(
        common.begin(), common.end(),
        [&](const std::string& a, const std::string& b) { return held[a] < held[b]; }));
  }
  return common;
}

}  // namespace

std::string AgencySearchToken(AgencyId agency) {
  return "zzagency" + std::to_string(agency.value());
}

std::vector<FieldError> CheckSearchRequest(const SearchRequest& r) {
  std::vector<FieldError> errors;
  if (auto parsed = ParseSearchTerms(r.query, "q"); !parsed) {
    for (const auto& f : parsed.error().fields()) {
      errors.push_back(f);
    }
    if (parsed.error().fields().empty()) {
      errors.push_back({"q", "invalid", parsed.error().message()});
    }
  }
  if (!r.direction.empty() && !ParseDirection(r.direction)) {
    errors.push_back({"direction", "enum", "Trường 'direction' phải là incoming hoặc outgoing."});
  }
  if (r.type_ordinal < 0 || r.type_ordinal > 29) {
    errors.push_back({"typeOrdinal", "range", "Trường 'typeOrdinal' phải từ 1 đến 29."});
  }
  if (!r.state.empty() && !IsStateOf(Direction::kIncoming, r.state) &&
      !IsStateOf(Direction::kOutgoing, r.state)) {
    errors.push_back({"state", "enum", "Trường 'state' không phải trạng thái văn bản."});
  }
  if (!r.urgency.empty() && !ParseUrgency(r.urgency)) {
    errors.push_back(
        {"urgency", "enum", "Trường 'urgency' phải là normal, urgent, very_urgent hoặc express."});
  }
  if (!r.date_from.empty() && !IsDate(r.date_from)) {
    errors.push_back({"from", "format", "Trường 'from' phải là ngày dạng YYYY-MM-DD."});
  }
  if (!r.date_to.empty() && !IsDate(r.date_to)) {
    errors.push_back({"to", "format", "Trường 'to' phải là ngày dạng YYYY-MM-DD."});
  } else if (!r.date_to.empty() && IsDate(r.date_from) && r.date_to < r.date_from) {
    errors.push_back({"to", "range", "Trường 'to' không được trước ngày 'from'."});
  }
  if (r.limit < 1 || r.limit > 100) {
    errors.push_back({"limit", "range", "Trường 'limit' phải từ 1 đến 100."});
  }
  if (r.offset < 0 || r.offset >= kSearchWindow) {
    errors.push_back({"offset", "range", "Trường 'offset' phải từ 0 đến 1999."});
  }
  return errors;
}

Result<SearchResult> SearchService::Search(db::Transaction& tx, const identity::Principal& p,
                                           const SearchRequest& r) const {
  // Untrusted query and filters: every bad one reported at once; known values only, everything
  // else bound as a parameter.
  if (auto errors = CheckSearchRequest(r); !errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  CQDT_ASSIGN_OR_RETURN(SearchTerms terms, ParseSearchTerms(r.query, "q"));
  SearchResult out;
  if (p.realm != identity::Realm::kStaff || !p.user_id().IsSet() || !p.agency_id.IsSet()) {
    return out;
  }
  const db::Engine engine = tx.engine();
  // The agency's words narrow the engine's matches to the caller's agency (and to the years or
  // months of a date range) before any row of documents_document is read: most of a province's
  // documents are other agencies'. The other filters the index can apply narrow the engine's
  // walk too (SQL still checks them exactly: a year is coarser than a date range).
  const std::vector<std::string> words = terms.Words();
  if (!terms.empty()) {
    terms.any_of = FilterSets(r, p.agency_id, 0);
  }
  // The newest kSearchWindow + 1 matches in index order (FTS5 walks its doclists by rowid and
  // stops there; PostgreSQL sorts the ids of its bitmap), with the columns of the facets. The
  // total, the facets and the ranking are then this window's: exact up to kSearchWindow matches,
  // a lower bound ("more than") beyond, where a broad query would otherwise read and rank every
  // match of a province's ten years.
  // The rank is the same on both engines and costs no per-row scoring (FTS5's bm25 read every
  // phrase's positions of every row: several times the query's own cost): a document whose
  // metadata — number, abstract, sender, signer, notes — holds every word comes first, then those
  // where some word is only in a comment or a file's text; the newest document first within
  // each. The window reads each match's folded metadata as indexed and checks it here
  // (MetaHoldsAll), in place of a second query over the metadata column: that one read every
  // position of every common word again (a third of a slow query's time at 1,000,000).
  const std::string meta_column = terms.empty()                     ? "''"
                                  : engine == db::Engine::kPostgres ? "s.meta"
                                                                    : "documents_search_fts.meta";
  // SQLite: the query's most common words are checked in each row's text, the engine walks the
  // others (CommonWords). The window then reads rows until it has enough that pass.
  SearchTerms engine_terms = terms;
  std::vector<std::string> checked;
  if (engine == db::Engine::kSqlite && !terms.empty()) {
    checked = CommonWords(tx, terms);
    std::erase_if(engine_terms.groups, [&](const std::vector<std::string>& g) {
      return g.size() == 1 && std::find(checked.begin(), checked.end(), g[0]) != checked.end();
    });
  }
  // PostgreSQL on a large corpus (kSearchPreselectFrom): the index's newest matches alone first,
  // the raw query's work (a broad query's bitmap holds most of the agency's documents, and
  // joining every one of them before the LIMIT read each row twice), then only their rows with
  // the filters and the visibility.
  bool chunked = engine == db::Engine::kPostgres && !terms.empty();
  if (chunked && preselect_from_ > 0) {
    double rows = 0;
    tx.sql() << "SELECT reltuples FROM pg_class WHERE oid = to_regclass('documents_search')",
        soci::into(rows);
    chunked = rows >= static_cast<double>(preselect_from_);
  }
  const std::string facets =
      "d.id, d.direction, d.type_ordinal, d.state, d.urgency,"
      " COALESCE(NULLIF(d.issued_date, ''), d.arrival_date)";
  const std::string select = (ReadsFacetTable(engine, terms)
                                  ? "f.id, f.direction, f.type_ordinal, f.state, f.urgency, f.day"
                                  : facets) +
                             ", " + meta_column + ", " +
                             (checked.empty() ? "''" : "documents_search_fts.body");
  const std::string window_order = terms.empty() || engine == db::Engine::kPostgres
                                       ? "d.id DESC"
                                       : "documents_search_fts.rowid DESC";
  struct Match {
    long long id;
    int rank;
    std::string day;
  };
  std::vector<Match> matches;
  Counted counted;
  // Runs `window` (the columns of `select`, newest first) and takes its rows into the window;
  // `meta_of` gives a row's metadata when the query does not select it. False once full.
  auto take = [&](SqlBuilder& window, const std::map<long long, std::string>* meta_of) {
    bool open = true;
    // The rows as views (db/rows.hpp): a window reads up to thousands of rows, each with its
    // metadata (and with checked words its text) that is looked at and dropped.
    db::ForEachRow(tx, window.text(), window.Params(), [&](const db::RowView& row) {
      const long long id = row.Int(0);
      std::string_view meta = row.Text(6);
      if (meta_of != nullptr) {
        auto found = meta_of->find(id);
        meta = found != meta_of->end() ? std::string_view(found->second) : std::string_view();
      }
      const std::string_view body = row.Text(7);
      if (!std::all_of(checked.begin(), checked.end(), [&](const std::string& w) {
            return TextHoldsWord(meta, w) || TextHoldsWord(body, w);
          })) {
        return true;
      }
      if (static_cast<int>(matches.size()) == kSearchWindow) {
        out.more = true;
        open = false;
        return false;
      }
      const int rank = !terms.empty() && MetaHoldsAll(terms, meta) ? 1 : 0;
      matches.push_back({id, rank, std::string(row.Text(5))});
      ++counted.total;
      Bump(counted.directions, row.Text(1));
      Bump(counted.types, std::to_string(row.Int(2)));
      Bump(counted.states, row.Text(3));
      Bump(counted.urgencies, row.Text(4));
      return true;
    });
    return open;
  };
  // Every match in one statement, joined before its LIMIT (older than `before` only, when set).
  auto whole = [&](long long before) {
    SqlBuilder window;
    AppendMatches(window, engine, p, r, engine_terms, select);
    if (before > 0) {
      window.Text(" AND d.id < ").Int(before);
    }
    window.Text(" ORDER BY ").Text(window_order);
    if (checked.empty()) {
      window.Text(" LIMIT ").Int(kSearchWindow + 1);
    }
    take(window, nullptr);
  };
  if (!chunked) {
    whole(0);
  } else {
    // One chunk; when its rows did not fill the window (filters the index words do not narrow,
    // such as a state, or documents the caller may not see), the rest in one statement as
    // before, so that a narrow filter never costs a chunk per window.
    const std::string tsquery = TsQueryText(terms);
    long long before = 0;
    std::map<long long, std::string> meta_of;
    std::string ids;
    {
      long long id = 0;
      std::string meta;
      soci::statement st =
          (tx.sql().prepare << "SELECT document_id, meta FROM documents_search WHERE tsv @@"
                               " to_tsquery('simple', :q) ORDER BY document_id DESC LIMIT :n",
           soci::use(tsquery), soci::use(chunk_), soci::into(id), soci::into(meta));
      st.execute(false);
      while (st.fetch()) {
        ids += (ids.empty() ? "" : ",") + std::to_string(id);
        meta_of.emplace(id, meta);
        before = id;
      }
    }
    if (!meta_of.empty()) {
      SqlBuilder window;
      AppendMatches(window, engine, p, r, SearchTerms{}, facets + ", '', ''");
      window.Text(" AND d.id = ANY(CAST(")
          .Str("{" + ids + "}")
          .Text(" AS BIGINT[])) ORDER BY d.id DESC");
      if (take(window, &meta_of) && static_cast<long long>(meta_of.size()) == chunk_) {
        whole(before);
      }
    }
  }
  out.total = counted.total;
  out.directions = Sorted(counted.directions);
  out.types = Sorted(counted.types);
  out.states = Sorted(counted.states);
  out.urgencies = Sorted(counted.urgencies);
  // Best match first, then the newest document, then the newest registered.
  std::stable_sort(matches.begin(), matches.end(), [](const Match& x, const Match& y) {
    if (x.rank != y.rank) {
      return x.rank > y.rank;
    }
    if (x.day != y.day) {
      return x.day > y.day;
    }
    return x.id > y.id;
  });
  std::vector<long long> ids;
  for (std::size_t i = static_cast<std::size_t>(r.offset);
       i < matches.size() && ids.size() < static_cast<std::size_t>(r.limit); ++i) {
    ids.push_back(matches[i].id);
  }
  DocumentRepository documents(tx);
  for (long long id : ids) {
    auto d = documents.Get(DocumentId(id));
    if (!d) {
      continue;
    }
    SearchHit hit;
    hit.document = *d;
    // The snippet of the field with the most marked words (the subject first on a tie).
    std::size_t best = 0;
    for (const auto& [field, text] : SearchFields(*d)) {
      auto snippet = MakeSnippet(text, words);
      const auto marked = static_cast<std::size_t>(std::count_if(
          snippet.begin(), snippet.end(), [](const SnippetPart& x) { return x.hit; }));
      if (marked > best) {
        best = marked;
        hit.field = field;
        hit.snippet = std::move(snippet);
      }
    }
    if (hit.snippet.empty() && !words.empty()) {
      // The words are in a comment (or, later, a file's text).
      soci::rowset<std::string> comments =
          (tx.sql().prepare << "SELECT text FROM documents_comment WHERE document_id = :d"
                               " ORDER BY id",
           soci::use(id));
      for (const auto& c : comments) {
        auto snippet = MakeSnippet(c, words);
        if (!snippet.empty()) {
          hit.field = "comment";
          hit.snippet = std::move(snippet);
          break;
        }
      }
    }
    if (hit.snippet.empty() && !words.empty()) {
      // The words are in the text of a file.
      soci::rowset<std::string> extracted =
          (tx.sql().prepare << "SELECT text FROM documents_text WHERE document_id = :d"
                               " ORDER BY id",
           soci::use(id));
      for (const auto& t : extracted) {
        auto snippet = MakeSnippet(t, words);
        if (!snippet.empty()) {
          hit.field = "text";
          hit.snippet = std::move(snippet);
          break;
        }
      }
    }
    out.hits.push_back(std::move(hit));
  }
  return out;
}

}  // namespace cqdt::documents
