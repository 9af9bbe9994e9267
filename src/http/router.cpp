#include "http/router.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace cqdt::http {
namespace {

// Paths with more segments than this never match (no route is that deep).
constexpr std::size_t kMaxSegments = 32;

bool IsParam(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

// Splits "/a/b/c" into {"a", "b", "c"}; "/" gives no segment. Returns false when too deep.
bool SplitPath(std::string_view path, std::array<std::string_view, kMaxSegments>& out,
               std::size_t& count) {
  count = 0;
  if (!path.empty() && path.front() == '/') {
    path.remove_prefix(1);
  }
  if (path.empty()) {
    return true;
  }
  while (true) {
    if (count == kMaxSegments) {
      return false;
    }
    const std::size_t slash = path.find('/');
    out[count++] = path.substr(0, slash);
    if (slash == std::string_view::npos) {
      return true;
    }
    path.remove_prefix(slash + 1);
  }
}

bool MethodMatches(const std::string& route_method, std::string_view method) {
  return route_method == method || (method == "HEAD" && route_method == "GET");
}

// Matches `route` against the split path. On success fills `score`: one entry per segment, 1 for
// a literal and 0 for a parameter, so that a lexicographically greater score is more specific.
bool PathMatches(const Route& route, const std::array<std::string_view, kMaxSegments>& parts,
                 std::size_t count, std::array<char, kMaxSegments>& score) {
  if (route.segments.size() != count) {
    return false;
  }
  for (std::size_t i = 0; i < count; ++i) {
    const std::string& segment = route.segments[i];
    if (IsParam(segment)) {
      if (parts[i].empty()) {
        return false;  // "{id}" never matches an empty segment ("/users/")
      }
      score[i] = 0;
    } else {
      if (segment != parts[i]) {
        return false;
      }
      score[i] = 1;
    }
  }
  return true;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler, RouteOptions options,
                 RouteDoc doc) {
  Route route;
  route.method = std::move(method);
  route.pattern = std::move(pattern);
  route.handler = std::move(handler);
  route.options = options;
  route.doc = std::move(doc);
  std::array<std::string_view, kMaxSegments> parts;
  std::size_t count = 0;
  SplitPath(route.pattern, parts, count);
  route.segments.assign(parts.begin(), parts.begin() + static_cast<std::ptrdiff_t>(count));
  routes_.push_back(std::move(route));
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  Match match;
  std::array<std::string_view, kMaxSegments> parts;
  std::size_t count = 0;
  if (!SplitPath(path, parts, count)) {
    return match;
  }

  const Route* best = nullptr;
  std::array<char, kMaxSegments> best_score{};
  std::array<char, kMaxSegments> score{};
  bool path_matched = false;
  for (const Route& route : routes_) {
    if (!PathMatches(route, parts, count, score)) {
      continue;
    }
    path_matched = true;
    if (!MethodMatches(route.method, method)) {
      continue;
    }
    // An exact method beats HEAD-served-by-GET at equal specificity; otherwise literal segments
    // win, compared from the left; the earlier route wins a tie.
    const bool better =
        best == nullptr ||
        std::lexicographical_compare(best_score.begin(), best_score.begin() + count, score.begin(),
                                     score.begin() + count) ||
        (std::equal(best_score.begin(), best_score.begin() + count, score.begin()) &&
         best->method != method && route.method == method);
    if (better) {
      best = &route;
      best_score = score;
    }
  }

  if (best != nullptr) {
    match.route = best;
    for (std::size_t i = 0; i < count; ++i) {
      const std::string& segment = best->segments[i];
      if (IsParam(segment)) {
        match.params.emplace(segment.substr(1, segment.size() - 2), std::string(parts[i]));
      }
    }
    return match;
  }
  if (!path_matched) {
    return match;
  }

  match.method_not_allowed = true;
  for (const Route& route : routes_) {
    if (!PathMatches(route, parts, count, score)) {
      continue;
    }
    auto add = [&](const std::string& m) {
      if (std::find(match.allowed_methods.begin(), match.allowed_methods.end(), m) ==
          match.allowed_methods.end()) {
        match.allowed_methods.push_back(m);
      }
    };
    add(route.method);
    if (route.method == "GET") {
      add("HEAD");
    }
  }
  return match;
}

}  // namespace cqdt::http
