#include "http/language.hpp"

#include <cctype>
#include <cstdlib>
#include <string>

#include "core/text.hpp"

namespace cqdt::http {
namespace {

bool PrimaryTagIs(std::string_view range, std::string_view tag) {
  if (range.size() < tag.size()) {
    return false;
  }
  for (std::size_t i = 0; i < tag.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(range[i])) != tag[i]) {
      return false;
    }
  }
  return range.size() == tag.size() || range[tag.size()] == '-';
}

// The q of "en;q=0.8" (1 when absent); -1 when unreadable.
double Weight(std::string_view params) {
  double q = 1.0;
  while (!params.empty()) {
    const std::size_t semi = params.find(';');
    std::string_view param = TrimSpaces(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      const std::string value(param.substr(2));
      char* end = nullptr;
      q = std::strtod(value.c_str(), &end);
      if (end == value.c_str() || *end != '\0' || q < 0 || q > 1) {
        return -1;
      }
    }
  }
  return q;
}

}  // namespace

Language PreferredLanguage(std::string_view accept_language) {
  double best_vi = -1;
  double best_en = -1;
  int order = 0;
  int first_vi = 1 << 30;
  int first_en = 1 << 30;
  // Untrusted: bound the work on an absurd header.
  if (accept_language.size() > 4096) {
    accept_language = accept_language.substr(0, 4096);
  }
  while (!accept_language.empty()) {
    const std::size_t comma = accept_language.find(',');
    std::string_view item = TrimSpaces(accept_language.substr(0, comma));
    accept_language =
        comma == std::string_view::npos ? std::string_view() : accept_language.substr(comma + 1);
    const std::size_t semi = item.find(';');
    const std::string_view range = TrimSpaces(item.substr(0, semi));
    const double q = semi == std::string_view::npos ? 1.0 : Weight(item.substr(semi + 1));
    ++order;
    if (q <= 0) {
      continue;
    }
    if (PrimaryTagIs(range, "en")) {
      if (q > best_en) {
        best_en = q;
        first_en = order;
      }
    } else if (PrimaryTagIs(range, "vi") || range == "*") {
      if (q > best_vi) {
        best_vi = q;
        first_vi = order;
      }
    }
  }
  if (best_en > best_vi || (best_en == best_vi && best_en > 0 && first_en < first_vi)) {
    return Language::kEnglish;
  }
  return Language::kVietnamese;
}

Language LanguageOf(const Request& request) {
  const auto header = request.headers.Get("Accept-Language");
  return header ? PreferredLanguage(*header) : Language::kVietnamese;
}

std::string Localized(std::string_view message, const Request& request) {
  return Localize(message, LanguageOf(request));
}

}  // namespace cqdt::http
