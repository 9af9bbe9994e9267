#include "signing/key_ring.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <toml++/toml.h>

namespace cqdt::signing {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    return "";
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

std::string Resolve(const fs::path& base, const std::string& value) {
  if (value.empty() || value.rfind("pkcs11:", 0) == 0) {
    return value;
  }
  fs::path p(value);
  return (p.is_absolute() ? p : base / p).lexically_normal().string();
}

}  // namespace

std::string_view ToString(KeyKind k) { return k == KeyKind::kSeal ? "seal" : "personal"; }

Result<std::unique_ptr<KeyRing>> KeyRing::LoadFile(const std::string& path) {
  auto ring = std::make_unique<KeyRing>();
  std::error_code ec;
  if (path.empty() || !fs::exists(path, ec)) {
    return ring;
  }
  toml::table t;
  try {
    t = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << "Tệp khóa ký " << path << " sai cú pháp TOML (dòng " << e.source().begin.line
        << "): " << e.description();
    return Error::Malformed(msg.str());
  }
  fs::path base = fs::path(path).parent_path();
  std::vector<FieldError> errors;
  for (const auto& [k, v] : t) {
    if (k.str() != "key") {
      errors.push_back({std::string(k.str()), "unknown", "Mục không được hỗ trợ."});
    }
  }
  std::set<std::string> ids;
  if (const auto* arr = t["key"].as_array()) {
    int i = 0;
    for (const auto& node : *arr) {
      std::string prefix = "key[" + std::to_string(i++) + "].";
      const auto* kt = node.as_table();
      if (kt == nullptr) {
        errors.push_back({prefix, "type", "Mỗi khóa phải là một bảng [[key]]."});
        continue;
      }
      static const std::set<std::string> kAllowed = {"id",         "kind",       "owner", "source",
                                                     "secret_env", "ask_secret", "image", "demo"};
      for (const auto& [k, v] : *kt) {
        if (!kAllowed.count(std::string(k.str()))) {
          errors.push_back({prefix + std::string(k.str()), "unknown", "Mục không được hỗ trợ."});
        }
      }
      KeyEntry e;
      e.id = kt->get_as<std::string>("id") ? kt->get_as<std::string>("id")->get() : "";
      std::string kind =
          kt->get_as<std::string>("kind") ? kt->get_as<std::string>("kind")->get() : "";
      e.owner = kt->get_as<std::string>("owner") ? kt->get_as<std::string>("owner")->get() : "";
      std::string source =
          kt->get_as<std::string>("source") ? kt->get_as<std::string>("source")->get() : "";
      e.secret_env =
          kt->get_as<std::string>("secret_env") ? kt->get_as<std::string>("secret_env")->get() : "";
      e.ask_secret = kt->get_as<bool>("ask_secret") ? kt->get_as<bool>("ask_secret")->get() : false;
      e.demo = kt->get_as<bool>("demo") ? kt->get_as<bool>("demo")->get() : false;
      std::string image =
          kt->get_as<std::string>("image") ? kt->get_as<std::string>("image")->get() : "";
      if (e.id.empty() || e.id.size() > 64 || !std::all_of(e.id.begin(), e.id.end(), IsIdChar)) {
        errors.push_back(
            {prefix + "id", "format", "Mã khóa gồm 1-64 ký tự a-z, 0-9, '.', '_', '-'."});
      } else if (!ids.insert(e.id).second) {
        errors.push_back({prefix + "id", "duplicate", "Mã khóa bị trùng."});
      }
      if (kind == "seal") {
        e.kind = KeyKind::kSeal;
      } else if (kind == "personal") {
        e.kind = KeyKind::kPersonal;
      } else {
        errors.push_back(
            {prefix + "kind", "enum", "Loại khóa phải là \"seal\" hoặc \"personal\"."});
      }
      if (e.owner.empty()) {
        errors.push_back({prefix + "owner", "required",
                          "Cần mã cơ quan (khóa con dấu) hoặc tên đăng nhập (khóa cá nhân)."});
      }
      if (source.empty()) {
        errors.push_back({prefix + "source", "required",
                          "Cần đường dẫn tệp PKCS#12 hoặc URI PKCS#11 của khóa."});
      }
      if (e.ask_secret && source.rfind("pkcs11:", 0) == 0) {
        // libp11 keeps a token logged in once a PIN was accepted, so a PIN typed per request
        // would not be checked again: token PINs are configuration (secret_env), not per-use.
        errors.push_back({prefix + "ask_secret", "pkcs11",
                          "Khóa trên thiết bị PKCS#11 lấy mã PIN từ secret_env, không hỏi mỗi "
                          "lần ký."});
      }
      e.source = Resolve(base, source);
      e.image_path = Resolve(base, image);
      ring->entries_.push_back(std::move(e));
    }
  } else if (t.contains("key")) {
    errors.push_back({"key", "type", "Mục key phải là mảng bảng [[key]]."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors), "Tệp khóa ký " + path + " không hợp lệ.");
  }
  return ring;
}

const KeyEntry* KeyRing::Find(const std::string& id) const {
  for (const auto& e : entries_) {
    if (e.id == id) {
      return &e;
    }
  }
  return nullptr;
}

std::vector<const KeyEntry*> KeyRing::ForOwner(KeyKind kind, const std::string& owner) const {
  std::vector<const KeyEntry*> out;
  for (const auto& e : entries_) {
    if (e.kind == kind && e.owner == owner) {
      out.push_back(&e);
    }
  }
  return out;
}

Result<crypto::SigningKey> KeyRing::Unlock(const KeyEntry& entry,
                                           const std::string& typed_secret) const {
  if (!entry.ask_secret) {
    std::lock_guard lock(mu_);
    auto it = unlocked_.find(entry.id);
    if (it != unlocked_.end()) {
      return it->second;
    }
  }
  std::string secret;
  if (entry.ask_secret) {
    secret = typed_secret;
  } else if (!entry.secret_env.empty()) {
    const char* v = std::getenv(entry.secret_env.c_str());
    secret = v ? v : "";
  }
  auto key = crypto::LoadSigningKey(entry.source, secret);
  if (!key) {
    return key.error();
  }
  if (!entry.ask_secret) {
    std::lock_guard lock(mu_);
    unlocked_.emplace(entry.id, *key);
  }
  return key;
}

std::optional<crypto::Certificate> KeyRing::CertificateOf(const KeyEntry& entry) const {
  {
    std::lock_guard lock(mu_);
    auto it = unlocked_.find(entry.id);
    if (it != unlocked_.end()) {
      return it->second.certificate;
    }
  }
  if (entry.source.rfind("pkcs11:", 0) != 0) {
    std::string pem = ReadFile(entry.source + ".pem");
    if (!pem.empty()) {
      if (auto c = crypto::Certificate::Parse(pem)) {
        return *c;
      }
    }
  }
  if (!entry.ask_secret) {
    // A server-held key: its secret is configuration, so unlocking (once, then cached) is how
    // its certificate is read.
    if (auto key = Unlock(entry, "")) {
      return key->certificate;
    }
  }
  return std::nullopt;
}

std::string KeyRing::Image(const KeyEntry& entry) const {
  if (entry.image_path.empty()) {
    return "";
  }
  return ReadFile(entry.image_path);
}

}  // namespace cqdt::signing
