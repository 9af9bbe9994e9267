#include "config_reader.hpp"

#include <utility>

namespace cqdt::app {
namespace {

// The type of a value, as "<Vietnamese>", "<English>" (for "expected X, not Y").
std::pair<const char*, const char*> TypeName(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return {"một chuỗi", "a string"};
    case toml::node_type::integer:
      return {"một số nguyên", "an integer"};
    case toml::node_type::floating_point:
      return {"một số thực", "a float"};
    case toml::node_type::boolean:
      return {"true/false", "a boolean"};
    case toml::node_type::array:
      return {"một danh sách", "an array"};
    case toml::node_type::table:
      return {"một bảng", "a table"};
    default:
      return {"một ngày giờ", "a date or time"};
  }
}

}  // namespace

Error ConfigKeyError(const std::string& file, const std::string& key, const std::string& what) {
  // The key is in the message already: no field list (the console would print it twice).
  return Error(ErrorCode::kInvalidArgument, file + ": " + key + ": " + what);
}

const toml::node* ConfigReader::Node(const char* section, const char* key) const {
  return table_[section][key].node();
}

bool ConfigReader::Has(const char* section, const char* key) const {
  return Node(section, key) != nullptr;
}

void ConfigReader::Fail(const std::string& section, const std::string& key,
                        const std::string& what) {
  if (!error_) {
    error_ = ConfigKeyError(file_, section + "." + key, what);
  }
}

void ConfigReader::WrongType(const char* section, const char* key, Expected expected,
                             const toml::node& node) {
  const auto [vi, en] = TypeName(node);
  Fail(section, key,
       std::string("cần ") + expected.vi + ", không phải " + vi + " / expected " + expected.en +
           ", not " + en);
}

void ConfigReader::Text(const char* section, const char* key, std::string& out) {
  const toml::node* node = Node(section, key);
  if (node == nullptr) {
    return;
  }
  if (auto v = node->value_exact<std::string>()) {
    out = *v;
  } else {
    WrongType(section, key, {"một chuỗi trong ngoặc kép", "a quoted string"}, *node);
  }
}

void ConfigReader::Int(const char* section, const char* key, int& out, int min, int max) {
  const toml::node* node = Node(section, key);
  if (node == nullptr) {
    return;
  }
  auto v = node->value_exact<int64_t>();
  if (!v) {
    WrongType(section, key, {"một số nguyên", "an integer"}, *node);
    return;
  }
  if (*v < min || *v > max) {
    Fail(section, key,
         "phải từ " + std::to_string(min) + " đến " + std::to_string(max) + " / must be from " +
             std::to_string(min) + " to " + std::to_string(max) + " (" + std::to_string(*v) + ")");
    return;
  }
  out = static_cast<int>(*v);
}

void ConfigReader::Flag(const char* section, const char* key, bool& out) {
  const toml::node* node = Node(section, key);
  if (node == nullptr) {
    return;
  }
  if (auto v = node->value_exact<bool>()) {
    out = *v;
  } else {
    WrongType(section, key, {"true hoặc false", "true or false"}, *node);
  }
}

void ConfigReader::TextList(const char* section, const char* key, std::vector<std::string>& out) {
  const toml::node* node = Node(section, key);
  if (node == nullptr) {
    return;
  }
  const toml::array* list = node->as_array();
  if (list == nullptr) {
    WrongType(section, key, {"một danh sách chuỗi", "an array of strings"}, *node);
    return;
  }
  std::vector<std::string> items;
  for (const auto& item : *list) {
    auto v = item.value_exact<std::string>();
    if (!v) {
      WrongType(section, key, {"một danh sách chuỗi", "an array of strings"}, item);
      return;
    }
    items.push_back(*v);
  }
  out = std::move(items);
}

Status ConfigReader::status() const {
  if (error_) {
    return *error_;
  }
  return Ok();
}

}  // namespace cqdt::app
