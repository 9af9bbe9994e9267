// A strict subset of RFC 8941 structured fields (request_signature_internal.hpp): what the
// RFC 9421 signatures between hubs need, parsed from untrusted requests and serialised.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/text.hpp"
#include "crypto/crypto.hpp"
#include "request_signature_internal.hpp"

namespace cqdt::exchange::internal {
namespace {

bool IsLcAlpha(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsBase64Char(char c) {
  return IsLcAlpha(c) || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '+' || c == '/';
}

// A recursive-descent parser for the subset of RFC 8941 §4.2 that signatures use. Every input is
// untrusted (it comes from another hub's request): any step that meets something unexpected fails
// the whole field, and nothing is read past the end.
class SfParser {
 public:
  explicit SfParser(std::string_view s) : s_(s) {}

  std::optional<std::vector<SfMember>> Dictionary() {
    s_ = TrimSpaces(s_);
    if (AtEnd()) {
      return std::nullopt;
    }
    std::vector<SfMember> members;
    while (true) {
      std::optional<std::string> key = Key();
      // A bare key is the Boolean true, which no signature field uses.
      if (!key || !Eat('=') || AtEnd()) {
        return std::nullopt;
      }
      SfMember member{std::move(*key), SfBytes{}};
      if (Peek() == '(') {
        std::optional<SfInnerList> list = InnerList();
        if (!list) {
          return std::nullopt;
        }
        member.value = std::move(*list);
      } else if (Peek() == ':') {
        std::optional<std::string> bytes = Bytes();
        if (!bytes || Is(';')) {  // parameters on a byte sequence: not in our subset
          return std::nullopt;
        }
        member.value = SfBytes{std::move(*bytes)};
      } else {
        return std::nullopt;  // tokens, numbers, strings, booleans: not in our subset
      }
      const bool duplicate = std::any_of(members.begin(), members.end(),
                                         [&](const SfMember& m) { return m.key == member.key; });
      if (duplicate) {
        return std::nullopt;
      }
      members.push_back(std::move(member));
      SkipOws();
      if (AtEnd()) {
        return members;
      }
      if (!Eat(',')) {
        return std::nullopt;
      }
      SkipOws();
      if (AtEnd()) {
        return std::nullopt;  // a trailing comma
      }
    }
  }

 private:
  bool AtEnd() const { return i_ >= s_.size(); }
  char Peek() const { return s_[i_]; }
  bool Is(char c) const { return !AtEnd() && s_[i_] == c; }
  bool Eat(char c) {
    if (!Is(c)) {
      return false;
    }
    ++i_;
    return true;
  }
  void SkipSp() {
    while (Is(' ')) {
      ++i_;
    }
  }
  void SkipOws() {
    while (Is(' ') || Is('\t')) {
      ++i_;
    }
  }

  // key = ( lcalpha / "*" ) *( lcalpha / DIGIT / "_" / "-" / "." / "*" )
  std::optional<std::string> Key() {
    if (AtEnd() || !(IsLcAlpha(Peek()) || Peek() == '*')) {
      return std::nullopt;
    }
    const std::size_t start = i_;
    while (!AtEnd()) {
      const char c = Peek();
      if (!(IsLcAlpha(c) || IsDigit(c) || c == '_' || c == '-' || c == '.' || c == '*')) {
        break;
      }
      ++i_;
    }
    return std::string(s_.substr(start, i_ - start));
  }

  // sf-integer = ["-"] 1*15DIGIT; a decimal (a '.' after the digits) is refused.
  std::optional<std::int64_t> Integer() {
    const bool negative = Eat('-');
    std::int64_t value = 0;
    int digits = 0;
    while (!AtEnd() && IsDigit(Peek())) {
      if (++digits > 15) {
        return std::nullopt;
      }
      value = value * 10 + (Peek() - '0');
      ++i_;
    }
    if (digits == 0 || Is('.')) {
      return std::nullopt;
    }
    return negative ? -value : value;
  }

  // sf-string: printable ASCII between quotes; the only escapes are \" and \\.
  std::optional<std::string> String() {
    if (!Eat('"')) {
      return std::nullopt;
    }
    std::string out;
    while (!AtEnd()) {
      const char c = s_[i_++];
      if (c == '"') {
        return out;
      }
      if (c == '\\') {
        if (AtEnd() || (Peek() != '"' && Peek() != '\\')) {
          return std::nullopt;
        }
        out += s_[i_++];
      } else if (c < 0x20 || c > 0x7e) {  // also every byte >= 0x80 (char may be signed)
        return std::nullopt;
      } else {
        out += c;
      }
    }
    return std::nullopt;  // no closing quote
  }

  // sf-binary = ":" base64 ":" with its padding ('=' only at the end, at most two).
  std::optional<std::string> Bytes() {
    if (!Eat(':')) {
      return std::nullopt;
    }
    const std::size_t start = i_;
    while (!AtEnd() && IsBase64Char(Peek())) {
      ++i_;
    }
    std::size_t padding = 0;
    while (Is('=') && padding < 2) {
      ++i_;
      ++padding;
    }
    const std::string_view text = s_.substr(start, i_ - start);
    if (!Eat(':') || text.size() % 4 != 0) {
      return std::nullopt;
    }
    return crypto::Base64Decode(text);
  }

  // parameters = *( ";" *SP key "=" ( sf-integer / sf-string ) )
  std::optional<std::vector<SfParameter>> Parameters() {
    std::vector<SfParameter> out;
    while (Eat(';')) {
      SkipSp();
      std::optional<std::string> key = Key();
      if (!key || !Eat('=') || AtEnd()) {
        return std::nullopt;  // a bare key is the Boolean true: not in our subset
      }
      SfParameter p{std::move(*key), std::int64_t{0}};
      if (Peek() == '"') {
        std::optional<std::string> s = String();
        if (!s) {
          return std::nullopt;
        }
        p.value = std::move(*s);
      } else {
        std::optional<std::int64_t> n = Integer();
        if (!n) {
          return std::nullopt;
        }
        p.value = *n;
      }
      const bool duplicate =
          std::any_of(out.begin(), out.end(), [&](const SfParameter& q) { return q.key == p.key; });
      if (duplicate) {
        return std::nullopt;
      }
      out.push_back(std::move(p));
    }
    return out;
  }

  // inner-list = "(" *SP [ sf-string *( 1*SP sf-string ) *SP ] ")" parameters; the strings
  // carry no parameters of their own (RFC 9421's ";sf", ";key", ";req" are not used here).
  std::optional<SfInnerList> InnerList() {
    if (!Eat('(')) {
      return std::nullopt;
    }
    SfInnerList list;
    while (true) {
      SkipSp();
      if (Eat(')')) {
        std::optional<std::vector<SfParameter>> params = Parameters();
        if (!params) {
          return std::nullopt;
        }
        list.parameters = std::move(*params);
        return list;
      }
      std::optional<std::string> item = String();
      if (!item || AtEnd() || (Peek() != ' ' && Peek() != ')')) {
        return std::nullopt;
      }
      list.items.push_back(std::move(*item));
    }
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

std::optional<std::vector<SfMember>> ParseSfDictionary(std::string_view field) {
  return SfParser(field).Dictionary();
}

std::string SerializeSfString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
    }
    out += c;
  }
  out += '"';
  return out;
}

std::string SerializeSfInnerList(const SfInnerList& list) {
  std::string out = "(";
  for (std::size_t i = 0; i < list.items.size(); ++i) {
    if (i > 0) {
      out += ' ';
    }
    out += SerializeSfString(list.items[i]);
  }
  out += ')';
  for (const SfParameter& p : list.parameters) {
    out += ';' + p.key + '=';
    if (const auto* n = std::get_if<std::int64_t>(&p.value)) {
      out += std::to_string(*n);
    } else {
      out += SerializeSfString(std::get<std::string>(p.value));
    }
  }
  return out;
}

}  // namespace cqdt::exchange::internal
