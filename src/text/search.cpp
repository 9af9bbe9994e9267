#include "text/search.hpp"

#include "core/text.hpp"
#include "text/normalize.hpp"

namespace cqdt::text {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Splits folded text on ASCII whitespace (FoldForSearch keeps whitespace as it is).
std::vector<std::string> Words(std::string_view folded) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && IsSpace(folded[i])) {
      ++i;
    }
    std::size_t start = i;
    while (i < folded.size() && !IsSpace(folded[i])) {
      ++i;
    }
    if (i > start) {
      words.emplace_back(folded.substr(start, i - start));
    }
  }
  return words;
}

}  // namespace

std::string SearchKey(std::string_view field) {
  auto folded = FoldForSearch(field);
  if (!folded) {
    return "";
  }
  std::string key;
  for (const auto& w : Words(*folded)) {
    if (!key.empty()) {
      key += ' ';
    }
    key += w;
  }
  return key;
}

Result<SearchQuery> SearchQuery::Parse(std::string_view query, const std::string& field) {
  // Untrusted input from a query string: check it before ICU sees it, and bound the work a
  // single request can ask for (every word is searched in every record).
  if (!IsValidUtf8(query) || HasControlChars(query)) {
    return Error::InvalidField(field, "format", "Từ khóa tìm kiếm chứa ký tự không hợp lệ.");
  }
  if (CodePointCount(query) > kMaxQueryCodePoints) {
    return Error::InvalidField(
        field, "too_long",
        "Từ khóa tìm kiếm không được dài quá " + std::to_string(kMaxQueryCodePoints) + " ký tự.");
  }
  CQDT_ASSIGN_OR_RETURN(std::string folded, FoldForSearch(query));
  SearchQuery q;
  q.words_ = Words(folded);
  return q;
}

bool SearchQuery::MatchesKeys(std::initializer_list<std::string_view> keys) const {
  for (const auto& word : words_) {
    bool found = false;
    for (auto key : keys) {
      if (key.find(word) != std::string_view::npos) {
        found = true;
        break;
      }
    }
    if (!found) {
      return false;
    }
  }
  return true;
}

bool SearchQuery::Matches(std::initializer_list<std::string_view> fields) const {
  if (words_.empty()) {
    return true;
  }
  std::vector<std::string> keys;
  keys.reserve(fields.size());
  for (auto f : fields) {
    keys.push_back(SearchKey(f));
  }
  for (const auto& word : words_) {
    bool found = false;
    for (const auto& key : keys) {
      if (key.find(word) != std::string::npos) {
        found = true;
        break;
      }
    }
    if (!found) {
      return false;
    }
  }
  return true;
}

}  // namespace cqdt::text
