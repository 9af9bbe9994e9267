// Searching lists of records by what people type: the one search helper of the platform.
//
// Officials type "noi vu", "NỘI VỤ" or "pham" and expect "Sở Nội vụ" and "Phạm Thị Lan": a query
// matches when, after folding both sides with FoldForSearch (text/normalize.hpp: case, tones,
// vowel marks and đ ignored; NFC and NFD alike), every word of the query occurs as a substring
// of at least one of the record's searchable fields. Results are ordered in Vietnamese
// dictionary order (text/collation.hpp), not in byte order, so "Đặng" follows "Dương".
//
// Every list with a search box uses this helper: the agency directory and the user list today,
// and later modules (dossiers, documents, procedures) tomorrow, so that the same words find the
// same records everywhere. docs/decisions/0003-search-folding.md records why matching happens in
// memory over folded keys rather than in SQL, and what a large table should do instead (store
// SearchKey() of its fields in a column, filled by the module that writes the row, and compare
// with LIKE on both engines).
//
// Errors: SearchQuery::Parse returns kInvalidArgument naming the query parameter when the query
// is not well-formed UTF-8, contains control characters, or is longer than kMaxQueryCodePoints.
// Stored fields are never an error: ill-formed text in a record folds to "" and matches nothing.
//
// Thread safety: SearchQuery is an immutable value; all functions are safe to call concurrently.
#pragma once

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "text/collation.hpp"

namespace cqdt::text {

// The longest query accepted, in code points.
inline constexpr std::size_t kMaxQueryCodePoints = 200;

// The folded form of a stored field, to keep beside a record and pass to MatchesKeys:
// FoldForSearch with whitespace runs collapsed to one space and trimmed. Ill-formed UTF-8 gives
// "" (such a field matches nothing instead of failing the whole list).
std::string SearchKey(std::string_view field);

class SearchQuery {
 public:
  // The empty query: matches every record.
  SearchQuery() = default;

  // Checks and folds a query typed by a user (`field` names the query parameter in errors).
  static Result<SearchQuery> Parse(std::string_view query, const std::string& field = "q");

  bool empty() const { return words_.empty(); }
  // The folded words, in the order typed.
  const std::vector<std::string>& words() const { return words_; }

  // True when every word occurs in at least one of `keys` (each a SearchKey()).
  bool MatchesKeys(std::initializer_list<std::string_view> keys) const;
  // The same, folding raw fields first (for lists that are not kept folded).
  bool Matches(std::initializer_list<std::string_view> fields) const;

 private:
  std::vector<std::string> words_;
};

// Stable-sorts `items` in Vietnamese dictionary order of `name(item)` (a std::string or
// string_view), computing each collation key once.
template <typename T, typename NameFn>
void SortVietnamese(std::vector<T>& items, NameFn name) {
  std::vector<std::pair<std::string, std::size_t>> keys;
  keys.reserve(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    keys.emplace_back(VietnameseSortKey(name(items[i])), i);
  }
  std::stable_sort(keys.begin(), keys.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<T> sorted;
  sorted.reserve(items.size());
  for (const auto& k : keys) {
    sorted.push_back(std::move(items[k.second]));
  }
  items = std::move(sorted);
}

}  // namespace cqdt::text
