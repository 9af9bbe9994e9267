#include "mail/address.hpp"

#include <cstring>

namespace cqdt::mail {
namespace {

// RFC 5322 §3.2.3 atext: ALPHA / DIGIT / the listed specials.
bool IsAtext(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
    return true;
  }
  return c != '\0' && std::strchr("!#$%&'*+-/=?^_`{|}~", c) != nullptr;
}

bool IsLdh(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

}  // namespace

bool IsValidDomain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253) {
    return false;
  }
  std::size_t start = 0;
  while (true) {
    std::size_t dot = domain.find('.', start);
    std::string_view label =
        domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!IsLdh(c)) {
        return false;
      }
    }
    if (dot == std::string_view::npos) {
      return true;
    }
    start = dot + 1;
  }
}

bool IsValidAddress(std::string_view address) {
  if (address.size() > 254) {
    return false;
  }
  std::size_t at = address.rfind('@');
  if (at == std::string_view::npos) {
    return false;
  }
  std::string_view local = address.substr(0, at);
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.') {
    return false;
  }
  char previous = '\0';
  for (char c : local) {
    if (c == '.') {
      if (previous == '.') {
        return false;
      }
    } else if (!IsAtext(c)) {
      return false;
    }
    previous = c;
  }
  return IsValidDomain(address.substr(at + 1));
}

}  // namespace cqdt::mail
