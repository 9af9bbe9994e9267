// Parsing JSON that comes from the network (the provider's documents, the ID token's parts):
// bounded in size and nesting before nlohmann::json builds a tree. Private to oidc.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace cqdt::oidc {

// The JSON value of `text`, or nullopt when it is longer than `max_bytes`, nests arrays and
// objects deeper than `max_depth` (checked by a scan before any tree is built: copying or
// destroying a tree recurses once per level), or is not valid JSON.
inline std::optional<nlohmann::json> ParseBoundedJson(std::string_view text, std::size_t max_bytes,
                                                      int max_depth = 16) {
  if (text.size() > max_bytes) {
    return std::nullopt;
  }
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        return std::nullopt;
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  auto value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace cqdt::oidc
