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

// Whether `route` (of `count` segments) matches the split path. Compared from the last segment:
// routes of one length mostly share their first segments ("api", "v1") and differ at the end.
bool PathMatches(const Route& route, const std::array<std::string_view, kMaxSegments>& parts,
                 std::size_t count) {
  for (std::size_t i = count; i-- > 0;) {
    if ((route.param_mask >> i) & 1U) {
      if (parts[i].empty()) {
        return false;  // "{id}" never matches an empty segment ("/users/")
      }
    } else if (route.segments[i] != parts[i]) {
      return false;
    }
  }
  return true;
}

// Whether a pattern with parameter mask `a` is more specific than one with `b`: literal segments
// win, compared from the left, so the first segment where they differ decides.
bool MoreSpecific(std::uint32_t a, std::uint32_t b) {
  const std::uint32_t differ = a ^ b;
  if (differ == 0) {
    return false;
  }
  const std::uint32_t first = differ & (~differ + 1);  // the lowest differing bit
  return (a & first) == 0;
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
  for (std::size_t i = 0; i < count; ++i) {
    if (IsParam(route.segments[i])) {
      route.param_mask |= 1U << i;
    }
  }
  if (by_length_.size() <= count) {
    by_length_.resize(count + 1);
  }
  by_length_[count].push_back(routes_.size());
  routes_.push_back(std::move(route));
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  Match match;
  std::array<std::string_view, kMaxSegments> parts;
  std::size_t count = 0;
  if (!SplitPath(path, parts, count)) {
    return match;
  }

  if (count >= by_length_.size()) {
    return match;
  }
  const std::vector<std::size_t>& candidates = by_length_[count];
  const Route* best = nullptr;
  bool path_matched = false;
  for (const std::size_t index : candidates) {
    const Route& route = routes_[index];
    if (!PathMatches(route, parts, count)) {
      continue;
    }
    path_matched = true;
    if (!MethodMatches(route.method, method)) {
      continue;
    }
    // Literal segments win, compared from the left; at equal specificity an exact method beats
    // HEAD-served-by-GET; the earlier route wins a tie.
    const bool better =
        best == nullptr || MoreSpecific(route.param_mask, best->param_mask) ||
        (route.param_mask == best->param_mask && best->method != method && route.method == method);
    if (better) {
      best = &route;
    }
  }

  if (best != nullptr) {
    match.route = best;
    for (std::size_t i = 0; i < count; ++i) {
      const std::string& segment = best->segments[i];
      if ((best->param_mask >> i) & 1U) {
        match.params.emplace(segment.substr(1, segment.size() - 2), std::string(parts[i]));
      }
    }
    return match;
  }
  if (!path_matched) {
    return match;
  }

  match.method_not_allowed = true;
  for (const std::size_t index : candidates) {
    const Route& route = routes_[index];
    if (!PathMatches(route, parts, count)) {
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
