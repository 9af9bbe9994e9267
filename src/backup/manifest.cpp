#include "backup/manifest.hpp"

#include <set>

#include <nlohmann/json.hpp>

namespace cqdt::backup {
namespace {

// `bilingual` is "Vietnamese / English"; `what` (a path, a value) follows it.
Error Bad(const char* bilingual, const std::string& what = "") {
  return Error::Malformed("Tệp kê khai không hợp lệ / invalid manifest: " + std::string(bilingual) +
                          (what.empty() ? "" : ": " + what));
}

bool IsHexDigest(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

bool IsSafeRelativePath(std::string_view path) {
  if (path.empty() || path.front() == '/' || path.find('\\') != std::string_view::npos ||
      path.find('\0') != std::string_view::npos) {
    return false;
  }
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = path.find('/', start);
    const std::string_view part = path.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part.empty() || part == "." || part == "..") {
      return false;
    }
    if (slash == std::string_view::npos) {
      return true;
    }
    start = slash + 1;
  }
}

std::string ManifestToJson(const Manifest& m) {
  nlohmann::ordered_json j;
  j["format"] = kManifestFormat;
  j["cqdtVersion"] = m.cqdt_version;
  j["createdAt"] = m.created_at;
  j["timeZone"] = "UTC+7 (giờ Việt Nam / Vietnam time)";
  nlohmann::ordered_json schema = nlohmann::ordered_json::object();
  for (const auto& [module, version] : m.schema) {
    schema[module] = version;
  }
  j["database"] = {{"engine", m.engine}, {"file", m.database_file}, {"schema", schema}};
  j["blobs"] = m.blobs;
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  for (const auto& f : m.files) {
    nlohmann::ordered_json e = {{"path", f.path}, {"size", f.size}, {"sha256", f.sha256}};
    if (!f.origin.empty()) {
      e["origin"] = f.origin;
    }
    files.push_back(std::move(e));
  }
  j["files"] = std::move(files);
  return j.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Result<Manifest> ParseManifest(std::string_view text) {
  // Untrusted input: the backup may come from anywhere (a copied disk, a tampered archive).
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return Bad("không phải JSON / not JSON");
  }
  if (j.value("format", "") != kManifestFormat) {
    return Bad("định dạng khác / another format", j.value("format", ""));
  }
  Manifest m;
  try {
    m.cqdt_version = j.at("cqdtVersion").get<std::string>();
    m.created_at = j.at("createdAt").get<std::string>();
    const auto& db = j.at("database");
    m.engine = db.at("engine").get<std::string>();
    m.database_file = db.at("file").get<std::string>();
    m.blobs = j.value("blobs", "files");  // backups before the database blob store: files
    for (const auto& [module, version] : db.at("schema").items()) {
      m.schema[module] = version.get<int>();
    }
    for (const auto& f : j.at("files")) {
      ManifestFile file;
      file.path = f.at("path").get<std::string>();
      file.size = f.at("size").get<std::uint64_t>();
      file.sha256 = f.at("sha256").get<std::string>();
      file.origin = f.value("origin", "");
      m.files.push_back(std::move(file));
    }
  } catch (const nlohmann::json::exception&) {
    return Bad("thiếu hoặc sai kiểu một mục / a member is missing or of the wrong type");
  }
  if (m.engine != "sqlite" && m.engine != "postgresql") {
    return Bad("loại CSDL không rõ / unknown database engine", m.engine);
  }
  if (m.blobs != "files" && m.blobs != "database") {
    return Bad("nơi lưu tệp không rõ / unknown blob store", m.blobs);
  }
  std::set<std::string> seen;
  bool has_database = false;
  for (const auto& f : m.files) {
    if (!IsSafeRelativePath(f.path) || f.path == kManifestName) {
      return Bad("đường dẫn không an toàn / unsafe path", f.path);
    }
    if (!IsHexDigest(f.sha256)) {
      return Bad("mã băm sai dạng / malformed digest", f.path);
    }
    if (!seen.insert(f.path).second) {
      return Bad("tệp trùng / duplicate file", f.path);
    }
    has_database = has_database || f.path == m.database_file;
  }
  if (!has_database) {
    return Bad("không có tệp CSDL / the database file is not listed", m.database_file);
  }
  return m;
}

}  // namespace cqdt::backup
