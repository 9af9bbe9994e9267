// Reading a request: its JSON body (bounded in depth, members checked), a reason, query and path
// numbers (internal.hpp).
#include <string>
#include <string_view>

#include "internal.hpp"

namespace cqdt::api {

namespace {

// The deepest nesting of `text`, counting '[' and '{' outside strings, stopping as soon as it
// passes `limit`. Iterative and linear: it never recurses, whatever the input.
int NestingDepth(std::string_view text, int limit) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) {
        break;
      }
    } else if (c == ']' || c == '}') {
      --depth;  // unbalanced input is the parser's to reject
    }
  }
  return deepest;
}

}  // namespace

Result<json> ParseJson(std::string_view text) {
  // Untrusted input: a 120 KB body of 60,000 nested arrays once overflowed the stack of the
  // thread that copied the tree. Refuse it before nlohmann builds anything.
  if (NestingDepth(text, kMaxJsonDepth) > kMaxJsonDepth) {
    return Error::Malformed("Nội dung JSON lồng nhau quá sâu (tối đa " +
                            std::to_string(kMaxJsonDepth) + " cấp).");
  }
  json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    return Error::Malformed("Nội dung JSON không đúng cú pháp.");
  }
  return value;
}

Result<JsonBody> JsonBody::Parse(const http::Request& req, std::set<std::string> allowed) {
  auto type = AsciiLower(req.headers.Get("Content-Type").value_or(""));
  if (type.rfind("application/json", 0) != 0) {
    return Error::Unsupported("Nội dung phải có kiểu application/json.");
  }
  return ParseText(req.body, allowed);
}

Result<JsonBody> JsonBody::ParseText(std::string_view text, const std::set<std::string>& allowed) {
  auto parsed = ParseJson(text);
  if (!parsed) {
    return parsed.error();
  }
  json value = std::move(parsed).value();
  if (!value.is_object()) {
    return Error::Malformed("Nội dung JSON phải là một đối tượng.");
  }
  std::vector<FieldError> unknown;
  for (const auto& [key, _] : value.items()) {
    if (!allowed.count(key)) {
      unknown.push_back({key, "unknown", "Trường '" + key + "' không được hỗ trợ."});
    }
  }
  if (!unknown.empty()) {
    return Error::Invalid(std::move(unknown));
  }
  return JsonBody(std::move(value));
}

std::optional<std::string> JsonBody::String(const char* field) {
  if (!value_.contains(field)) {
    return std::nullopt;
  }
  const auto& v = value_[field];
  if (v.is_null()) {
    return std::string();
  }
  if (!v.is_string()) {
    errors_.push_back({field, "type", std::string("Trường '") + field + "' phải là chuỗi."});
    return std::nullopt;
  }
  return v.get<std::string>();
}

std::optional<std::int64_t> JsonBody::Int(const char* field) {
  if (!value_.contains(field)) {
    return std::nullopt;
  }
  const auto& v = value_[field];
  if (v.is_null()) {
    return 0;
  }
  if (!v.is_number_integer()) {
    errors_.push_back({field, "type", std::string("Trường '") + field + "' phải là số nguyên."});
    return std::nullopt;
  }
  return v.get<std::int64_t>();
}

std::optional<bool> JsonBody::Bool(const char* field) {
  if (!value_.contains(field)) {
    return std::nullopt;
  }
  const auto& v = value_[field];
  if (!v.is_boolean()) {
    errors_.push_back({field, "type", std::string("Trường '") + field + "' phải là true/false."});
    return std::nullopt;
  }
  return v.get<bool>();
}

std::optional<std::vector<std::string>> JsonBody::StringArray(const char* field) {
  if (!value_.contains(field)) {
    return std::nullopt;
  }
  const auto& v = value_[field];
  if (!v.is_array() || v.size() > 100) {
    errors_.push_back(
        {field, "type", std::string("Trường '") + field + "' phải là danh sách chuỗi."});
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : v) {
    if (!item.is_string()) {
      errors_.push_back(
          {field, "type", std::string("Trường '") + field + "' phải là danh sách chuỗi."});
      return std::nullopt;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

void JsonBody::Require(std::initializer_list<const char*> fields) {
  for (const char* f : fields) {
    if (!value_.contains(f) || value_[f].is_null()) {
      errors_.push_back({f, "required", std::string("Thiếu trường bắt buộc '") + f + "'."});
    }
  }
}

Status JsonBody::Finish() {
  if (errors_.empty()) {
    return Ok();
  }
  return Error::Invalid(std::move(errors_));
}

Result<std::string> ReadReason(const http::Request& req, bool required) {
  CQDT_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(req, {"reason"}));
  if (required) {
    body.Require({"reason"});
  }
  std::string reason = body.String("reason").value_or("");
  CQDT_RETURN_IF_ERROR(body.Finish());
  return reason;
}

std::optional<int> QueryInt(const http::Request& req, const char* name, int fallback, int min,
                            int max, std::vector<FieldError>& errors) {
  auto v = req.Query(name);
  if (!v || v->empty()) {
    return fallback;
  }
  try {
    std::size_t used = 0;
    int n = std::stoi(*v, &used);
    if (used == v->size() && n >= min && n <= max) {
      return n;
    }
  } catch (const std::exception&) {
  }
  errors.push_back({name, "range",
                    std::string("Tham số '") + name + "' phải là số nguyên từ " +
                        std::to_string(min) + " đến " + std::to_string(max) + "."});
  return std::nullopt;
}

Result<std::int64_t> PathId(const http::Request& req, const char* name) {
  const std::string v = req.Param(name);
  std::int64_t n = 0;
  if (v.empty() || v.size() > 18) {
    return Error::NotFound("bản ghi", v);
  }
  for (char c : v) {
    if (c < '0' || c > '9') {
      return Error::NotFound("bản ghi", v);
    }
    n = n * 10 + (c - '0');
  }
  if (n <= 0) {
    return Error::NotFound("bản ghi", v);
  }
  return n;
}

}  // namespace cqdt::api
