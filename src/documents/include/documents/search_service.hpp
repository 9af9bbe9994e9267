// Full-text search over documents (issue 11, item 3): one search box for staff, Vietnamese and
// diacritics-insensitive, over number and notation, abstract, sender, signer, places, notes and
// comments (and the extracted text of files once item 4 fills it), with filters, facet counts,
// ranking and highlighted snippets; only what the caller may see.
//
// How both engines answer the same query the same way: the indexed text and the query are folded
// by the same C++ code (text::SearchKey: case, tones, vowel marks and đ ignored) into words of
// [a-z0-9] only, separated by single spaces. SQLite keeps them in an FTS5 table
// (documents_search_fts, rowid = document id, tokenizer unicode61), PostgreSQL in
// documents_search with a generated tsvector ('simple' configuration: no stemming, no stop
// words) and a GIN index. A query is a conjunction of groups; a group is one word or a phrase of
// adjacent words ("…" typed by the user, or a token such as 05/QĐ-UBND that folds to several
// words). Because only [a-z0-9] words ever reach the engine, operators, quotes, SQL or FTS syntax
// typed by a user are text, never an error.
//
// Visibility is part of the query (the predicate of queue_sql.hpp plus the leaders a document was
// submitted to), so a hit, a count or a facet of a document outside the caller's scope never
// leaves the database. Indexing is asynchronous: triggers on documents_document (the indexed
// columns) and documents_comment enqueue a job in documents_index_job in the writer's
// transaction (no extra round trip on the hot paths); SearchIndexer drains it.
// Thread safety: stateless beyond its collaborators.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/document.hpp"
#include "identity/principal.hpp"

namespace cqdt::documents {

struct SearchRequest;

// A parsed query: groups of folded words, all of which must match (a group of several words is a
// phrase).
struct SearchTerms {
  std::vector<std::vector<std::string>> groups;
  // Filters the engine applies with the words: each is a set of index words of which one must
  // be present (FilterWords); not part of Words() or of empty().
  std::vector<std::vector<std::string>> any_of;
  bool empty() const { return groups.empty(); }
  // Every word of every group, once.
  std::vector<std::string> Words() const;
};

// kInvalidArgument naming `field` for ill-formed UTF-8, control characters or more than 200
// code points; at most 16 groups are kept.
Result<SearchTerms> ParseSearchTerms(std::string_view query, const std::string& field = "q");

// The folded, [a-z0-9]-only form of `fields` joined by spaces: what the index holds.
std::string SearchBody(const std::vector<std::string_view>& fields);

// The word every indexed document of `agency` carries besides its own ("zzagency<id>"), which a
// query of that agency's staff without a date range requires: the engine narrows to the agency
// first. Someone typing it finds nothing more than their own agency's documents, which the query
// shows anyway.
std::string AgencySearchToken(AgencyId agency);

// The index words a document carries besides its text, which filters turn into `any_of` sets so
// that the engine narrows before rows are read: its direction ("zzdirincoming"), its type
// ("zztype18"), and its agency with the year and with the month of its date (issue date, or
// arrival date when none: "zzay12y2025", "zzam12m202503"), so that a date range narrows to the
// agency's documents of those years or months in one doclist each rather than an agency's and a
// year's that are each ten times as long.
std::vector<std::string> FilterWords(const Document& d);
// A date range of at most this many months is narrowed by its months' words, a longer one by
// its years' (on 1,000,000 documents a month's word cuts what the engine walks for a common
// word tenfold against its year's).
inline constexpr int kMonthFilterSpan = 18;
// The any_of sets of a query by `agency`'s staff with `r`'s filters: direction, type, and the
// agency's months of a date range of at most kMonthFilterSpan months with both ends given, or
// else its years of one of at most 30 years, or else (no range, an open or a wider one, left to
// SQL) the agency's token. `this_year` closes an open end (0: an open-ended range is left to SQL
// too).
std::vector<std::vector<std::string>> FilterSets(const SearchRequest& r, AgencyId agency,
                                                 int this_year);

// The FTS5 MATCH expression and the PostgreSQL tsquery text of `terms` (non-empty).
std::string Fts5Expression(const SearchTerms& terms);
// Whether the folded metadata `meta` (SearchBody of the indexed fields: [a-z0-9] words and single
// spaces) holds every group of `terms`, a phrase as adjacent words: what an FTS5 column filter
// "meta : (...)" or a tsquery on the meta column answers, for a row already read.
bool MetaHoldsAll(const SearchTerms& terms, std::string_view meta);
// Whether folded text (as MetaHoldsAll's) holds `word` as a whole word.
bool TextHoldsWord(std::string_view text, std::string_view word);
// A single word of a query found in more than this share of the newest kCommonWordSample
// indexed documents is checked in the rows the other words find (TextHoldsWord) rather than
// walked by FTS5, which reads every position of it ("và", "sở", "tỉnh" in a province's
// documents: megabytes a word at 1,000,000). The sample costs a tenth of a millisecond a word;
// FTS5's own vocabulary table counts a word by reading all of it.
inline constexpr double kCommonWordShare = 0.75;
inline constexpr long long kCommonWordSample = 2000;
std::string TsQueryText(const SearchTerms& terms);

// A piece of a snippet: text as stored, and whether it is a hit.
struct SnippetPart {
  std::string text;
  bool hit = false;
};
// A window of about `max_code_points` of `text` around its first word matching one of `words`
// (folded), cut at word boundaries with "…" where cut; empty when nothing matches.
std::vector<SnippetPart> MakeSnippet(std::string_view text, const std::vector<std::string>& words,
                                     std::size_t max_code_points = 160);

// The most matches one search reads: the newest this many are counted, faceted and ranked; a
// query with more says so (SearchResult::more) and the user narrows it.
inline constexpr int kSearchWindow = 2000;

struct SearchRequest {
  std::string query;
  std::string direction;  // "" | incoming | outgoing
  int type_ordinal = 0;   // 0 = any
  std::string state;      // "" = any (a state of either direction)
  std::string urgency;    // "" = any
  std::string date_from;  // YYYY-MM-DD over the issue date (arrival date when none); "" = open
  std::string date_to;
  std::int64_t register_id = 0;  // 0 = any: the register that numbered it
  std::int64_t record_id = 0;    // 0 = any: the work record it is filed in
  int limit = 20;                // 1..100
  int offset = 0;                // 0..kSearchWindow - 1
};

struct SearchHit {
  Document document;
  std::string field;  // where the snippet comes from: subject, sender, signer, numberText, ...
  std::vector<SnippetPart> snippet;
};

struct FacetCount {
  std::string value;  // "incoming", "18", "registered", ...
  int count = 0;
};

struct SearchResult {
  std::vector<SearchHit> hits;
  // The matches counted (at most kSearchWindow); `more`: there are more than that, and the
  // total, the facets and the ranking are those of the newest kSearchWindow.
  int total = 0;
  bool more = false;
  std::vector<FacetCount> directions;
  std::vector<FacetCount> types;
  std::vector<FacetCount> states;
  std::vector<FacetCount> urgencies;
};

// The field errors of `r`: q, direction, typeOrdinal, state, urgency, from, to (format, or
// before from), limit, offset.
std::vector<FieldError> CheckSearchRequest(const SearchRequest& r);

// PostgreSQL: the index's newest matches, this many, are read first and only they are joined with
// their rows, filtered and checked for visibility; when they do not fill the window, the rest
// is one statement that joins every older match.
inline constexpr long long kSearchChunk = kSearchWindow + 1 + 200;
// ... from this many indexed documents on (PostgreSQL's estimate). Below it the planner's own
// join, which walks the newest documents and stops at the window, was faster
// (bench/search-bench.sh: at 100,000 p99 78 against 137 ms; at 300,000 and 1,000,000 the chunk
// is faster: p99 219 -> 210 and 714 -> 379 ms).
inline constexpr long long kSearchPreselectFrom = 200'000;

class SearchService {
 public:
  // `chunk` and `preselect_from`: kSearchChunk and kSearchPreselectFrom (the tests make them
  // small to cross chunk boundaries).
  explicit SearchService(long long chunk = kSearchChunk,
                         long long preselect_from = kSearchPreselectFrom)
      : chunk_(chunk), preselect_from_(preselect_from) {}
  // Validation errors name the client fields: q, direction, typeOrdinal, state, urgency, from, to,
  // limit, offset. Staff only (others get an empty result).
  Result<SearchResult> Search(db::Transaction& tx, const identity::Principal& p,
                              const SearchRequest& request) const;

 private:
  long long chunk_;
  long long preselect_from_;
};

// Drains documents_index_job: each pass takes up to `max_documents` documents with pending jobs,
// writes their folded text into the index, and deletes the jobs it served, in one transaction.
class SearchIndexer {
 public:
  explicit SearchIndexer(db::Database& db) : db_(db) {}
  // The number of documents indexed in this pass (0: nothing was pending).
  Result<int> RunOnce(int max_documents = 200);
  // Jobs waiting.
  Result<std::int64_t> Pending();
  // Enqueues every document (`cqdt doc reindex`); the queue survives an interruption.
  Result<std::int64_t> EnqueueAll();
  // Merges the index's segments into one after a bulk (re)index (SQLite FTS5 `optimize`; on
  // 1,000,000 documents 15 s, and the slowest query 372 -> 92 ms). PostgreSQL: ANALYZE of the
  // index table, so the planner knows its new size.
  Status Optimize();

 private:
  db::Database& db_;
};

}  // namespace cqdt::documents
