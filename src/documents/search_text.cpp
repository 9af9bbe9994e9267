// The pure part of document search (search_service.hpp): what the index holds, how a query is
// read, and the snippets.
#include <algorithm>
#include <cstdint>
#include <set>

#include "core/text.hpp"
#include "documents/search_service.hpp"
#include "text/search.hpp"

namespace cqdt::documents {
namespace {

constexpr std::size_t kMaxGroups = 16;

bool IsWordByte(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// The [a-z0-9] words of already folded text.
std::vector<std::string> WordsOfFolded(std::string_view folded) {
  std::vector<std::string> out;
  std::string word;
  for (unsigned char c : folded) {
    if (IsWordByte(c)) {
      word.push_back(static_cast<char>(c));
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) {
    out.push_back(std::move(word));
  }
  return out;
}

// A separator of words in stored text: ASCII spaces, controls and punctuation. Any other byte
// (letters, digits, every byte of a multi-byte character) belongs to a word.
bool IsSeparator(unsigned char c) {
  return c < 0x80 && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
}

// Whether `word` (stored text between separators) could fold to one of `wanted`, decided
// without ICU: a Latin letter with diacritics (U+00C0-U+024F, U+1E00-U+1EFF, NFC) folds to one
// ASCII letter, so the folded word has one letter per code point and keeps its ASCII letters in
// place. False only when no wanted word fits that pattern; anything else (combining marks,
// letters that fold to two, other scripts) is left to the real fold.
bool MayFoldTo(std::string_view word, const std::vector<std::string>& wanted) {
  std::string pattern;  // ASCII lower-cased, '?' for a letter with diacritics
  for (std::size_t i = 0; i < word.size();) {
    const auto c = static_cast<unsigned char>(word[i]);
    if (c < 0x80) {
      pattern.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
      ++i;
      continue;
    }
    std::uint32_t cp = 0;
    std::size_t len = 0;
    if ((c & 0xE0) == 0xC0 && i + 1 < word.size()) {
      cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(word[i + 1]) & 0x3Fu);
      len = 2;
    } else if ((c & 0xF0) == 0xE0 && i + 2 < word.size()) {
      cp = ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(word[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(word[i + 2]) & 0x3Fu);
      len = 3;
    } else {
      return true;
    }
    const bool single =
        (cp >= 0xC0 && cp <= 0x24F && cp != 0xC6 && cp != 0xE6 && cp != 0xDF && cp != 0x152 &&
         cp != 0x153 && cp != 0x132 && cp != 0x133 && cp != 0x149 && cp != 0xD7 && cp != 0xF7) ||
        (cp >= 0x1E00 && cp <= 0x1EFF && cp != 0x1E9E);
    if (!single) {
      return true;
    }
    pattern.push_back('?');
    i += len;
  }
  for (const auto& w : wanted) {
    if (w.size() != pattern.size()) {
      continue;
    }
    bool fits = true;
    for (std::size_t k = 0; k < w.size() && fits; ++k) {
      fits = pattern[k] == '?' || pattern[k] == w[k];
    }
    if (fits) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::vector<std::string> SearchTerms::Words() const {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& g : groups) {
    for (const auto& w : g) {
      if (seen.insert(w).second) {
        out.push_back(w);
      }
    }
  }
  return out;
}

Result<SearchTerms> ParseSearchTerms(std::string_view query, const std::string& field) {
  // Untrusted input: the shared checks (UTF-8, controls, length) of text/search.hpp first.
  if (auto checked = text::SearchQuery::Parse(query, field); !checked) {
    return checked.error();
  }
  SearchTerms terms;
  auto add = [&](std::vector<std::string> words) {
    if (!words.empty() && terms.groups.size() < kMaxGroups) {
      terms.groups.push_back(std::move(words));
    }
  };
  // Text between double quotes is one phrase; outside them, each space-separated token is a
  // group (a phrase when it folds to several words, as "05/QĐ-UBND" does).
  bool quoted = false;
  std::string segment;
  auto flush = [&]() {
    if (quoted) {
      add(WordsOfFolded(text::SearchKey(segment)));
    } else {
      std::size_t start = 0;
      while (start < segment.size()) {
        std::size_t end = segment.find_first_of(" \t\r\n", start);
        if (end == std::string::npos) {
          end = segment.size();
        }
        if (end > start) {
          add(WordsOfFolded(text::SearchKey(segment.substr(start, end - start))));
        }
        start = end + 1;
      }
    }
    segment.clear();
  };
  for (char c : query) {
    if (c == '"') {
      flush();
      quoted = !quoted;
    } else {
      segment.push_back(c);
    }
  }
  flush();
  return terms;
}

std::string SearchBody(const std::vector<std::string_view>& fields) {
  std::string out;
  for (std::string_view f : fields) {
    for (auto& w : WordsOfFolded(text::SearchKey(f))) {
      if (!out.empty()) {
        out.push_back(' ');
      }
      out += w;
    }
  }
  return out;
}

std::vector<std::string> FilterWords(const Document& d) {
  std::vector<std::string> out = {std::string("zzdir") + DirectionName(d.direction),
                                  "zztype" + std::to_string(d.type_ordinal)};
  const std::string agency = std::to_string(d.agency_id.value());
  const std::string& date = !d.issued_date.empty() ? d.issued_date : d.arrival_date;
  if (date.size() >= 4) {
    out.push_back("zzay" + agency + "y" + date.substr(0, 4));
  }
  if (date.size() >= 7) {
    out.push_back("zzam" + agency + "m" + date.substr(0, 4) + date.substr(5, 2));
  }
  return out;
}

std::vector<std::vector<std::string>> FilterSets(const SearchRequest& r, AgencyId agency,
                                                 int this_year) {
  std::vector<std::vector<std::string>> out;
  if (!r.direction.empty()) {
    out.push_back({"zzdir" + r.direction});
  }
  if (r.type_ordinal > 0) {
    out.push_back({"zztype" + std::to_string(r.type_ordinal)});
  }
  const std::string a = std::to_string(agency.value());
  std::vector<std::string> dated;
  if (!r.date_from.empty() || !r.date_to.empty()) {
    const int from = r.date_from.size() >= 4 ? std::atoi(r.date_from.substr(0, 4).c_str()) : 0;
    const int to = r.date_to.size() >= 4 ? std::atoi(r.date_to.substr(0, 4).c_str())
                   : this_year > 0       ? this_year + 1
                                         : 0;
    const int from_month =
        r.date_from.size() >= 7 ? std::atoi(r.date_from.substr(5, 2).c_str()) : 0;
    const int to_month = r.date_to.size() >= 7 ? std::atoi(r.date_to.substr(5, 2).c_str()) : 0;
    const int months = (to - from) * 12 + to_month - from_month + 1;
    if (from > 0 && from_month > 0 && to_month > 0 && months >= 1 && months <= kMonthFilterSpan) {
      // A short range: its months, so that the engine narrows to them before any row is read.
      for (int y = from, m = from_month; y < to || (y == to && m <= to_month);) {
        dated.push_back("zzam" + a + "m" + std::to_string(y) + (m < 10 ? "0" : "") +
                        std::to_string(m));
        if (++m > 12) {
          m = 1;
          ++y;
        }
      }
    } else if (from > 0 && to >= from && to - from < 30) {
      for (int y = from; y <= to; ++y) {
        dated.push_back("zzay" + a + "y" + std::to_string(y));
      }
    }
  }
  // The agency's dated words hold its token's narrowing; without them, the token itself.
  out.push_back(dated.empty() ? std::vector<std::string>{AgencySearchToken(agency)}
                              : std::move(dated));
  return out;
}

namespace {

// ("a" OR "b") for FTS5; (a | b) for a tsquery.
std::string AnyOf(const std::vector<std::string>& words, bool fts5) {
  std::string out = "(";
  for (std::size_t i = 0; i < words.size(); ++i) {
    out += i > 0 ? (fts5 ? " OR " : " | ") : "";
    out += fts5 ? "\"" + words[i] + "\"" : words[i];
  }
  return out + ")";
}

}  // namespace

std::string Fts5Expression(const SearchTerms& terms) {
  // Explicit AND: FTS5 takes no implicit AND before a parenthesised OR.
  std::string out;
  for (const auto& g : terms.groups) {
    out += out.empty() ? "\"" : " AND \"";
    for (std::size_t i = 0; i < g.size(); ++i) {
      out += (i > 0 ? " " : "") + g[i];
    }
    out.push_back('"');
  }
  for (const auto& any : terms.any_of) {
    out += " AND " + AnyOf(any, true);
  }
  return out;
}

bool TextHoldsWord(std::string_view text, std::string_view word) {
  if (word.empty()) {
    return false;
  }
  for (std::size_t at = text.find(word); at != std::string_view::npos;
       at = text.find(word, at + 1)) {
    const std::size_t end = at + word.size();
    if ((at == 0 || text[at - 1] == ' ') && (end == text.size() || text[end] == ' ')) {
      return true;
    }
  }
  return false;
}

bool MetaHoldsAll(const SearchTerms& terms, std::string_view meta) {
  // The metadata is folded words joined by single spaces (SearchBody): a phrase is its words
  // joined the same way, found whole. Called for every row of a search's window: no allocation
  // for a single word.
  std::string phrase;
  for (const auto& g : terms.groups) {
    if (g.empty()) {
      continue;
    }
    if (g.size() == 1) {
      if (!TextHoldsWord(meta, g[0])) {
        return false;
      }
      continue;
    }
    phrase.clear();
    for (const auto& w : g) {
      phrase += (phrase.empty() ? "" : " ") + w;
    }
    if (!TextHoldsWord(meta, phrase)) {
      return false;
    }
  }
  return true;
}

std::string TsQueryText(const SearchTerms& terms) {
  std::string out;
  for (const auto& g : terms.groups) {
    if (!out.empty()) {
      out += " & ";
    }
    if (g.size() > 1) {
      out.push_back('(');
    }
    for (std::size_t i = 0; i < g.size(); ++i) {
      out += (i > 0 ? " <-> " : "") + g[i];
    }
    if (g.size() > 1) {
      out.push_back(')');
    }
  }
  for (const auto& any : terms.any_of) {
    out += " & " + AnyOf(any, false);
  }
  return out;
}

std::vector<SnippetPart> MakeSnippet(std::string_view text, const std::vector<std::string>& words,
                                     std::size_t max_code_points) {
  struct Span {
    std::size_t begin, end;
    bool hit;
  };
  const std::set<std::string> wanted(words.begin(), words.end());
  const std::vector<std::string> wanted_list(wanted.begin(), wanted.end());
  std::vector<Span> spans;
  std::size_t i = 0;
  while (i < text.size()) {
    if (IsSeparator(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && !IsSeparator(static_cast<unsigned char>(text[j]))) {
      ++j;
    }
    bool hit = false;
    if (MayFoldTo(text.substr(i, j - i), wanted_list)) {
      const auto folded = WordsOfFolded(text::SearchKey(text.substr(i, j - i)));
      hit = folded.size() == 1 && wanted.count(folded.front()) > 0;
    }
    spans.push_back({i, j, hit});
    i = j;
  }
  auto first = std::find_if(spans.begin(), spans.end(), [](const Span& s) { return s.hit; });
  if (first == spans.end()) {
    return {};
  }
  // Start a few words before the first hit, then take words while the window has room.
  std::size_t start_index = static_cast<std::size_t>(first - spans.begin());
  start_index = start_index > 6 ? start_index - 6 : 0;
  std::size_t begin = spans[start_index].begin;
  std::size_t end = begin;
  for (std::size_t k = start_index; k < spans.size(); ++k) {
    if (CodePointCount(text.substr(begin, spans[k].end - begin)) > max_code_points) {
      break;
    }
    end = spans[k].end;
  }
  if (end == begin) {
    end = spans[start_index].end;
  }
  std::vector<SnippetPart> out;
  auto plain = [&](std::string s) {
    if (s.empty()) {
      return;
    }
    if (!out.empty() && !out.back().hit) {
      out.back().text += s;
    } else {
      out.push_back({std::move(s), false});
    }
  };
  if (begin > 0) {
    plain("…");
  }
  std::size_t at = begin;
  for (const auto& s : spans) {
    if (s.begin < begin || s.end > end) {
      continue;
    }
    if (!s.hit) {
      continue;
    }
    plain(std::string(text.substr(at, s.begin - at)));
    out.push_back({std::string(text.substr(s.begin, s.end - s.begin)), true});
    at = s.end;
  }
  plain(std::string(text.substr(at, end - at)));
  if (end < text.size()) {
    plain("…");
  }
  return out;
}

}  // namespace cqdt::documents
