// Writes JSON text straight into a string, for responses on hot paths: no tree of nlohmann::json
// values to build, copy and free. The output is what nlohmann's dump(-1, ' ', false,
// error_handler_t::replace) writes for the same values, members in the order written.
//
//   std::string body;
//   JsonWriter w(body);
//   w.BeginObject().Key("id").Int(4).Key("name").String(name).EndObject();
//
// The caller keeps the structure balanced (Key only inside an object, a value after each Key).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace cqdt::api {

class JsonWriter {
 public:
  explicit JsonWriter(std::string& out) : out_(out) {}

  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  // `name` is one of our own member names: plain ASCII, written without escaping.
  JsonWriter& Key(std::string_view name);

  // Untrusted text is fine: control characters, quote and backslash are escaped, and bytes that
  // are not valid UTF-8 become U+FFFD, so the output is always valid JSON.
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(std::int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // A value built as a tree elsewhere (for parts that are not on a hot path).
  JsonWriter& Value(const nlohmann::json& value);

 private:
  JsonWriter& Open(char bracket);
  JsonWriter& Close(char bracket);
  void Separate();

  std::string& out_;
  bool need_comma_ = false;  // a value was written at this level: the next one needs a comma
};

}  // namespace cqdt::api
