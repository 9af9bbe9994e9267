// Document search (issue 11, item 3): the query in SQL on both engines, and the indexer.
#include "documents/search_service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <soci/soci.h>

#include "core/text.hpp"
#include "db/statement.hpp"
#include "document_repository.hpp"
#include "queue_sql.hpp"

namespace cqdt::documents {
namespace {

using identity::Role;

// The text of a document that search finds, field by field (its snippet names the field).
std::vector<std::pair<std::string, std::string>> SearchFields(const Document& d) {
  return {{"numberText", d.number_text},
          {"subject", d.subject},
          {"sender", d.sender_name},
          {"signer", d.signer_name},
          {"signerPosition", d.signer_position},
          {"description", d.description},
          {"toPlaces", d.to_places},
          {"fileNotation", d.file_notation}};
}

bool IsDate(const std::string& s) { return ParseIsoDate(s).has_value(); }

// The documents matching the query and the filters that the caller may see: "SELECT d.id[, rank]
// FROM ... WHERE ..." built into `b` (`select` is what to select).
void AppendMatches(SqlBuilder& b, db::Engine engine, const identity::Principal& p,
                   const SearchRequest& r, const SearchTerms& terms, const std::string& select) {
  b.Text("SELECT ").Text(select).Text(" FROM documents_document d");
  if (!terms.empty()) {
    if (engine == db::Engine::kPostgres) {
      b.Text(" JOIN documents_search s ON s.document_id = d.id");
    } else {
      b.Text(" JOIN documents_search_fts ON documents_search_fts.rowid = d.id");
    }
  }
  b.Text(" WHERE d.agency_id = ").Int(p.agency_id.value());
  if (!terms.empty()) {
    if (engine == db::Engine::kPostgres) {
      b.Text(" AND s.tsv @@ to_tsquery('simple', ").Str(TsQueryText(terms)).Text(")");
    } else {
      b.Text(" AND documents_search_fts MATCH ").Str(Fts5Expression(terms));
    }
  }
  if (!r.direction.empty()) {
    b.Text(" AND d.direction = ").Str(r.direction);
  }
  if (r.type_ordinal > 0) {
    b.Text(" AND d.type_ordinal = ").Int(r.type_ordinal);
  }
  if (!r.state.empty()) {
    b.Text(" AND d.state = ").Str(r.state);
  }
  if (!r.urgency.empty()) {
    b.Text(" AND d.urgency = ").Str(r.urgency);
  }
  // The document's date: its issue date, or its arrival date when it has none.
  if (!r.date_from.empty()) {
    b.Text(" AND COALESCE(NULLIF(d.issued_date, ''), d.arrival_date) >= ").Str(r.date_from);
  }
  if (!r.date_to.empty()) {
    b.Text(" AND COALESCE(NULLIF(d.issued_date, ''), d.arrival_date) <= ").Str(r.date_to);
  }
  if (r.register_id > 0) {
    b.Text(
         " AND EXISTS (SELECT 1 FROM documents_register_entry re WHERE re.id ="
         " d.register_entry_id AND re.register_id = ")
        .Int(r.register_id)
        .Text(")");
  }
  if (r.record_id > 0) {
    b.Text(
         " AND EXISTS (SELECT 1 FROM documents_record_document rd WHERE rd.document_id = d.id"
         " AND rd.record_id = ")
        .Int(r.record_id)
        .Text(")");
  }
  // Visibility inside the query (document_access.hpp): the queue predicate, and the leaders an
  // incoming document was submitted to (on its route).
  b.Text(" AND (");
  AppendVisible(b, {p.user_id(), p.Has(Role::kLeader) || p.Has(Role::kClerk)});
  b.Text(
       " OR EXISTS (SELECT 1 FROM documents_submission vs2 WHERE vs2.document_id = d.id AND"
       " vs2.leader_id = ")
      .Int(p.user_id().value())
      .Text("))");
}

// The facets of `r` in one pass: the matches grouped by (direction, type, state, urgency), summed
// per value here, so the total and four facets cost one statement.
struct Counted {
  int total = 0;
  std::map<std::string, int> directions, types, states, urgencies;
};

Counted CountMatches(db::Transaction& tx, const identity::Principal& p, const SearchRequest& r,
                     const SearchTerms& terms) {
  SqlBuilder b;
  AppendMatches(b, tx.engine(), p, r, terms,
                "d.direction, d.type_ordinal, d.state, d.urgency, COUNT(*)");
  b.Text(" GROUP BY d.direction, d.type_ordinal, d.state, d.urgency");
  std::string direction, state, urgency;
  int type = 0;
  long long count = 0;
  soci::statement st(tx.sql());
  st.exchange(soci::into(direction));
  st.exchange(soci::into(type));
  st.exchange(soci::into(state));
  st.exchange(soci::into(urgency));
  st.exchange(soci::into(count));
  b.Bind(st);
  st.alloc();
  st.prepare(b.text());
  st.define_and_bind();
  st.execute(false);
  Counted out;
  while (st.fetch()) {
    const int n = static_cast<int>(count);
    out.total += n;
    out.directions[direction] += n;
    out.types[std::to_string(type)] += n;
    out.states[state] += n;
    out.urgencies[urgency] += n;
  }
  return out;
}

// Most frequent first, then by value.
std::vector<FacetCount> Sorted(const std::map<std::string, int>& counts) {
  std::vector<FacetCount> out;
  for (const auto& [value, count] : counts) {
    out.push_back({value, count});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const FacetCount& x, const FacetCount& y) { return x.count > y.count; });
  return out;
}

}  // namespace

std::string AgencySearchToken(AgencyId agency) {
  return "zzagency" + std::to_string(agency.value());
}

std::vector<FieldError> CheckSearchRequest(const SearchRequest& r) {
  std::vector<FieldError> errors;
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
  }
  if (r.limit < 1 || r.limit > 100) {
    errors.push_back({"limit", "range", "Trường 'limit' phải từ 1 đến 100."});
  }
  if (r.offset < 0 || r.offset > 10000) {
    errors.push_back({"offset", "range", "Trường 'offset' phải từ 0 đến 10000."});
  }
  return errors;
}

Result<SearchResult> SearchService::Search(db::Transaction& tx, const identity::Principal& p,
                                           const SearchRequest& r) const {
  CQDT_ASSIGN_OR_RETURN(SearchTerms terms, ParseSearchTerms(r.query, "q"));
  // Untrusted filters: known values only; everything else is bound as a parameter.
  if (auto errors = CheckSearchRequest(r); !errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  SearchResult out;
  if (p.realm != identity::Realm::kStaff || !p.user_id().IsSet() || !p.agency_id.IsSet()) {
    return out;
  }
  const db::Engine engine = tx.engine();
  // The agency's token narrows the engine's matches to the caller's agency before any row of
  // documents_document is read (most of a province's documents are other agencies').
  const std::vector<std::string> words = terms.Words();
  if (!terms.empty()) {
    terms.groups.push_back({AgencySearchToken(p.agency_id)});
  }
  const Counted counted = CountMatches(tx, p, r, terms);
  out.total = counted.total;
  out.directions = Sorted(counted.directions);
  out.types = Sorted(counted.types);
  out.states = Sorted(counted.states);
  out.urgencies = Sorted(counted.urgencies);
  if (out.total == 0) {
    return out;
  }
  // The page: best match first (bm25 on SQLite, ts_rank on PostgreSQL), then the newest.
  std::string order = "COALESCE(NULLIF(d.issued_date, ''), d.arrival_date) DESC, d.id DESC";
  std::string select = "d.id";
  if (!terms.empty()) {
    if (engine == db::Engine::kPostgres) {
      // TsQueryText holds [a-z0-9] words and the operators it writes, nothing a user typed as
      // such: safe inside the literal.
      select += ", ts_rank(s.tsv, to_tsquery('simple', '" + TsQueryText(terms) + "')) AS rank";
      order = "rank DESC, " + order;
    } else {
      select += ", bm25(documents_search_fts) AS rank";
      order = "rank, " + order;
    }
  }
  SqlBuilder page;
  AppendMatches(page, engine, p, r, terms, select);
  page.Text(" ORDER BY ").Text(order).Text(" LIMIT ").Int(r.limit).Text(" OFFSET ").Int(r.offset);
  std::vector<long long> ids;
  {
    long long id = 0;
    double rank = 0;
    soci::statement st(tx.sql());
    st.exchange(soci::into(id));
    if (!terms.empty()) {
      st.exchange(soci::into(rank));
    }
    page.Bind(st);
    st.alloc();
    st.prepare(page.text());
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) {
      ids.push_back(id);
    }
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

Result<int> SearchIndexer::RunOnce(int max_documents) {
  auto tx = db_.Begin();
  // The oldest pending documents (a document changed many times is served once).
  std::vector<long long> documents;
  long long last_job = 0;
  {
    long long id = 0, document = 0;
    soci::statement st =
        (tx.sql().prepare << "SELECT id, document_id FROM documents_index_job WHERE kind ="
                             " 'index' ORDER BY id LIMIT :n",
         soci::into(id), soci::into(document), soci::use(max_documents * 4));
    st.execute(false);
    std::set<long long> seen;
    while (st.fetch()) {
      if (seen.count(document) == 0) {
        if (static_cast<int>(seen.size()) >= max_documents) {
          break;
        }
        seen.insert(document);
        documents.push_back(document);
      }
      last_job = id;
    }
  }
  if (documents.empty()) {
    return 0;
  }
  DocumentRepository repository(tx);
  const bool postgres = tx.engine() == db::Engine::kPostgres;
  for (long long id : documents) {
    auto d = repository.Get(DocumentId(id));
    if (postgres) {
      tx.sql() << "DELETE FROM documents_search WHERE document_id = :d", soci::use(id);
    } else {
      tx.sql() << "DELETE FROM documents_search_fts WHERE rowid = :d", soci::use(id);
    }
    if (!d) {
      continue;  // gone: nothing to find
    }
    std::vector<std::string> texts;
    for (auto& [field, text] : SearchFields(*d)) {
      texts.push_back(std::move(text));
    }
    soci::rowset<std::string> comments =
        (tx.sql().prepare << "SELECT text FROM documents_comment WHERE document_id = :d"
                             " ORDER BY id",
         soci::use(id));
    for (const auto& c : comments) {
      texts.push_back(c);
    }
    soci::rowset<std::string> extracted =
        (tx.sql().prepare << "SELECT text FROM documents_text WHERE document_id = :d ORDER BY id",
         soci::use(id));
    for (const auto& t : extracted) {
      texts.push_back(t);
    }
    std::vector<std::string_view> views(texts.begin(), texts.end());
    const std::string body = SearchBody(views) + " " + AgencySearchToken(d->agency_id);
    if (postgres) {
      tx.sql() << "INSERT INTO documents_search (document_id, body) VALUES (:d, :b)", soci::use(id),
          soci::use(body);
    } else {
      tx.sql() << "INSERT INTO documents_search_fts (rowid, body) VALUES (:d, :b)", soci::use(id),
          soci::use(body);
    }
  }
  // The jobs served: those read for these documents (a job written since is left for the next
  // pass, so a change committed meanwhile is indexed again).
  for (long long id : documents) {
    tx.sql() << "DELETE FROM documents_index_job WHERE kind = 'index' AND document_id = :d"
                " AND id <= :last",
        soci::use(id), soci::use(last_job);
  }
  CQDT_RETURN_IF_ERROR(tx.Commit());
  return static_cast<int>(documents.size());
}

Result<std::int64_t> SearchIndexer::Pending() {
  auto tx = db_.BeginRead();
  long long n = 0;
  tx.sql() << "SELECT COUNT(*) FROM documents_index_job WHERE kind = 'index'", soci::into(n);
  return static_cast<std::int64_t>(n);
}

Result<std::int64_t> SearchIndexer::EnqueueAll() {
  auto tx = db_.Begin();
  tx.sql() << "INSERT INTO documents_index_job (kind, document_id) SELECT 'index', id FROM"
              " documents_document";
  long long n = 0;
  tx.sql() << "SELECT COUNT(*) FROM documents_index_job WHERE kind = 'index'", soci::into(n);
  CQDT_RETURN_IF_ERROR(tx.Commit());
  return static_cast<std::int64_t>(n);
}

}  // namespace cqdt::documents
