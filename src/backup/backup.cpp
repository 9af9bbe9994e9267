#include "backup/backup.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include "blob/durable_file.hpp"
#include "db/backup_support.hpp"
#include "db/database.hpp"
#include "files.hpp"

namespace cqdt::backup {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSqliteCopy = "database/cqdt.db";
constexpr const char* kPostgresDump = "database/cqdt.pgdump";

fs::path Normal(const fs::path& p) { return fs::absolute(p).lexically_normal(); }

bool IsEmptyOrAbsent(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    return true;
  }
  return fs::is_directory(dir, ec) && fs::is_empty(dir, ec) && !ec;
}

void Tell(const Progress& progress, const std::string& line) {
  if (progress) {
    progress(line);
  }
}

std::string Megabytes(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return text;
}

// The database's schema versions, through a connection of its own (PostgreSQL).
Result<std::map<std::string, int>> PostgresSchema(const std::string& url) {
  CQDT_ASSIGN_OR_RETURN(auto db, db::Database::Open({.url = url, .pool_size = 1}));
  auto tx = db->BeginRead();
  return db::SchemaVersions(tx);
}

Status DumpPostgres(const std::string& url, const fs::path& dump) {
  CQDT_ASSIGN_OR_RETURN(auto conn, db::PostgresConnectionOfUrl(url));
  // Custom format: compressed, one consistent snapshot (pg_dump's own transaction), and what
  // pg_restore reads selectively. The password travels in PGPASSWORD, never in argv.
  CQDT_ASSIGN_OR_RETURN(int code, RunTool({"pg_dump", "--format=custom", "--no-password",
                                           "--file=" + dump.string(), "--dbname=" + conn.conninfo},
                                          conn.password, false));
  if (code != 0) {
    return Error::Unavailable("pg_dump không thành công / pg_dump failed, exit code: " +
                              std::to_string(code));
  }
  if (::chmod(dump.c_str(), 0600) != 0) {
    return Error::Unavailable("Không đặt được quyền của tệp / cannot chmod: " + dump.string());
  }
  return Ok();
}

// The name under external/ for `origin`: its file name, numbered when taken.
std::string ExternalName(const fs::path& origin, std::set<std::string>& taken) {
  std::string base = origin.filename().string();
  std::string name = base;
  for (int i = 2; !taken.insert(name).second; ++i) {
    name = std::to_string(i) + "-" + base;
  }
  return "external/" + name;
}

}  // namespace

Result<Manifest> WriteBackup(const Instance& instance, const fs::path& dest_arg,
                             const BackupOptions& options) {
  const fs::path dest = Normal(dest_arg);
  const fs::path data_dir = Normal(instance.data_dir);
  std::error_code ec;
  if (!fs::is_directory(data_dir, ec)) {
    return Error::InvalidField(
        "dataDir", "missing", "Không có thư mục dữ liệu / no data directory: " + data_dir.string());
  }
  if (!IsEmptyOrAbsent(dest)) {
    return Error::InvalidField(
        "dest", "not-empty",
        "Thư mục sao lưu phải trống hoặc chưa có / the backup directory must be "
        "empty or absent: " +
            dest.string());
  }
  if (IsInside(dest, data_dir)) {
    return Error::InvalidField(
        "dest", "inside-data-dir",
        "Thư mục sao lưu không được nằm trong thư mục dữ liệu / the backup must not be inside "
        "the data directory: " +
            dest.string());
  }
  const auto sqlite_file = db::SqliteFileOfUrl(instance.database_url);
  const bool postgres = !sqlite_file;
  if (postgres && instance.database_url.rfind("postgres", 0) != 0) {
    return Error::InvalidField("db", "format",
                               "Không sao lưu được CSDL này / this database cannot be backed up");
  }
  CQDT_RETURN_IF_ERROR(MakePrivateDirs(dest));
  ::chmod(dest.c_str(), 0700);

  Manifest m;
  m.cqdt_version = options.cqdt_version;
  m.created_at = options.created_at;
  m.engine = postgres ? "postgresql" : "sqlite";
  m.blobs = instance.blobs;
  if (m.blobs == "database" && !postgres) {
    return Error::InvalidField("blobs", "config",
                               "Tệp lưu trong CSDL chỉ dùng được với PostgreSQL / blobs = "
                               "\"database\" needs PostgreSQL");
  }
  m.database_file = postgres ? kPostgresDump : kSqliteCopy;
  auto note = [&](const std::string& line) { Tell(options.progress, line); };

  // 1. Audit checkpoints before the snapshot (backup.hpp: they name entries it must hold).
  CQDT_RETURN_IF_ERROR(
      CopyTree(data_dir / "audit", dest / "data" / "audit", "data/audit", {}, m.files, note));

  // 2. The database.
  CQDT_RETURN_IF_ERROR(MakePrivateDirs(dest / "database"));
  const fs::path copy = dest / m.database_file;
  if (postgres) {
    CQDT_ASSIGN_OR_RETURN(m.schema, PostgresSchema(instance.database_url));
    CQDT_RETURN_IF_ERROR(DumpPostgres(instance.database_url, copy));
  } else {
    CQDT_RETURN_IF_ERROR(db::BackupSqliteFile(*sqlite_file, copy));
    ::chmod(copy.c_str(), 0600);
    CQDT_ASSIGN_OR_RETURN(m.schema, db::SqliteSchemaVersions(copy));
  }
  CQDT_ASSIGN_OR_RETURN(auto database, HashFile(copy));
  if (!database) {
    return Error::Unavailable("Không thấy bản sao CSDL / the database copy is missing");
  }
  database->path = m.database_file;
  Tell(options.progress, "Đã sao lưu CSDL / database backed up: " + m.database_file + " (" +
                             Megabytes(database->size) + ")");
  m.files.push_back(*database);

  // 3. The rest of the data directory: blobs (immutable, each durable before a row names it),
  // the key ring and PKI files, secrets, calendars. Not: the live database files, temporaries.
  const fs::path live_db = sqlite_file ? Normal(*sqlite_file) : fs::path();
  auto skip = [&](const std::string& rel) {
    if (rel == "audit" || rel == "tmp" || rel == "blobs/tmp") {
      return true;
    }
    if (!live_db.empty()) {
      const std::string full = (data_dir / rel).lexically_normal().string();
      for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        if (full == live_db.string() + suffix) {
          return true;
        }
      }
    }
    return false;
  };
  // The blobs kept elsewhere (a shared directory) go where the default place would: data/blobs/.
  const fs::path blob_dir = instance.blob_dir.empty() ? fs::path() : Normal(instance.blob_dir);
  const bool external_blobs = !blob_dir.empty() && !IsInside(blob_dir, data_dir);
  auto skip_data = [&](const std::string& rel) {
    return skip(rel) || (external_blobs && rel == "blobs");
  };
  const std::size_t before = m.files.size();
  CQDT_RETURN_IF_ERROR(CopyTree(data_dir, dest / "data", "data", skip_data, m.files, note));
  if (external_blobs && m.blobs == "files") {
    CQDT_RETURN_IF_ERROR(CopyTree(
        blob_dir, dest / "data" / "blobs", "data/blobs",
        [](const std::string& rel) { return rel == "tmp"; }, m.files, note));
  }
  if (m.blobs == "database") {
    Tell(options.progress,
         "Tệp tải lên nằm trong bản kết xuất CSDL (bảng blob_object) / the uploaded files are in "
         "the database dump (table blob_object)");
  }
  std::uint64_t data_bytes = 0;
  for (std::size_t i = before; i < m.files.size(); ++i) {
    data_bytes += m.files[i].size;
  }
  Tell(options.progress, "Đã sao lưu thư mục dữ liệu / data directory backed up: " +
                             std::to_string(m.files.size() - before) + " tệp / files (" +
                             Megabytes(data_bytes) + ")");

  // 4. Files the configuration names outside the data directory.
  std::set<std::string> taken;
  for (const auto& origin : instance.external_files) {
    if (origin.empty() || IsInside(origin, data_dir) || !fs::is_regular_file(origin, ec)) {
      continue;
    }
    const std::string rel = ExternalName(origin, taken);
    CQDT_RETURN_IF_ERROR(MakePrivateDirs(dest / "external"));
    CQDT_ASSIGN_OR_RETURN(auto copied, CopyHashed(origin, dest / rel, rel));
    if (copied) {
      copied->origin = Normal(origin).string();
      Tell(options.progress, "Đã sao lưu / backed up " + copied->origin);
      m.files.push_back(std::move(*copied));
    }
  }

  // 5. Everything on disk, then the manifest: a backup with a manifest is a complete one.
  CQDT_RETURN_IF_ERROR(SyncFilesystem(dest));
  std::sort(m.files.begin(), m.files.end(),
            [](const ManifestFile& a, const ManifestFile& b) { return a.path < b.path; });
  CQDT_RETURN_IF_ERROR(blob::WriteFileAtomically(dest / kManifestName, ManifestToJson(m), 0600));
  return m;
}

VerifyReport VerifyBackup(const fs::path& src) {
  VerifyReport r;
  auto text = HashFile(src / kManifestName);  // also checks that it is a regular file
  std::error_code ec;
  if (!fs::is_directory(src, ec) || !text || !*text) {
    r.manifest_error =
        "Không có manifest.json: bản sao lưu chưa hoàn tất hoặc không phải bản "
        "sao lưu của cqdt / no manifest.json: the backup is incomplete or not a "
        "cqdt backup";
    return r;
  }
  std::string json;
  {
    std::ifstream in(src / kManifestName, std::ios::binary);
    json.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  r.has_manifest = true;
  auto manifest = ParseManifest(json);
  if (!manifest) {
    r.manifest_error = manifest.error().message();
    return r;
  }
  r.manifest = std::move(*manifest);

  std::set<std::string> listed;
  for (const auto& f : r.manifest.files) {
    listed.insert(f.path);
    auto found = HashFile(src / f.path);
    if (found && !*found) {
      r.missing.push_back(f.path);
    } else if (!found || (*found)->size != f.size || (*found)->sha256 != f.sha256) {
      r.changed.push_back(f.path);
    }
  }
  fs::recursive_directory_iterator it(src, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string rel = it->path().lexically_relative(src).generic_string();
    const auto status = it->symlink_status(ec);
    if (ec) {
      break;
    }
    if (fs::is_directory(status) || rel == kManifestName) {
      continue;
    }
    if (!fs::is_regular_file(status) || !listed.count(rel)) {
      r.extra.push_back(rel);
    }
  }
  if (ec) {
    r.extra.push_back("(không đọc hết được thư mục / the directory could not be read whole)");
  }

  const bool database_intact =
      std::find(r.missing.begin(), r.missing.end(), r.manifest.database_file) == r.missing.end() &&
      std::find(r.changed.begin(), r.changed.end(), r.manifest.database_file) == r.changed.end();
  if (database_intact) {
    const fs::path copy = src / r.manifest.database_file;
    if (r.manifest.engine == "sqlite") {
      auto problems = db::CheckSqliteIntegrity(copy);
      if (!problems) {
        r.database.push_back(problems.error().message());
      } else {
        for (auto& p : *problems) {
          r.database.push_back("integrity_check: " + p);
        }
      }
    } else {
      auto code = RunTool({"pg_restore", "--list", copy.string()}, "", true);
      if (!code || *code != 0) {
        r.database.push_back(
            "pg_restore không đọc được bản kết xuất / pg_restore cannot read the dump");
      }
    }
  }
  return r;
}

Status RestoreBackup(const fs::path& src, const Instance& target, const Progress& progress) {
  auto report = VerifyBackup(src);
  if (!report.ok()) {
    return Error::FailedPrecondition(
        "Bản sao lưu không đạt kiểm tra, chưa khôi phục gì (xem: cqdt backup verify) / the backup "
        "does not pass its check, nothing restored: " +
        src.string());
  }
  const Manifest& m = report.manifest;
  const fs::path data_dir = Normal(target.data_dir);
  const auto sqlite_file = db::SqliteFileOfUrl(target.database_url);
  const std::string engine = sqlite_file ? "sqlite" : "postgresql";
  if (engine != m.engine) {
    return Error::FailedPrecondition(
        "CSDL của bản sao lưu khác CSDL trong cấu hình / the backup's "
        "database engine differs from the configuration's: " +
        m.engine + " != " + engine);
  }
  if (m.blobs != target.blobs) {
    // Restored the other way, every file would be missing for the server that reads them.
    return Error::FailedPrecondition(
        "Bản sao lưu giữ tệp tải lên theo cách khác cấu hình ([storage] blobs) / the backup keeps "
        "the uploaded files another way than the configuration's [storage] blobs: " +
        m.blobs + " != " + target.blobs);
  }
  if (!IsEmptyOrAbsent(data_dir)) {
    return Error::FailedPrecondition(
        "Thư mục dữ liệu không trống, chỉ khôi phục vào thư mục trống hoặc chưa có / the data "
        "directory is not empty, restore only into an empty or new one: " +
        data_dir.string());
  }
  // Blobs kept outside the data directory go back there (restored from data/blobs/).
  const fs::path blob_dir = target.blob_dir.empty() ? fs::path() : Normal(target.blob_dir);
  const bool external_blobs = !blob_dir.empty() && !IsInside(blob_dir, data_dir);
  if (external_blobs && !IsEmptyOrAbsent(blob_dir)) {
    return Error::FailedPrecondition(
        "Thư mục lưu tệp không trống, chỉ khôi phục vào thư mục trống hoặc chưa có / the blob "
        "directory is not empty, restore only into an empty or new one: " +
        blob_dir.string());
  }
  fs::path db_file;
  std::error_code ec;
  if (sqlite_file) {
    db_file = Normal(*sqlite_file);
    if (fs::exists(db_file, ec)) {
      return Error::FailedPrecondition(
          "Đã có tệp CSDL, không ghi đè / the database file exists, not "
          "overwritten: " +
          db_file.string());
    }
  } else {
    CQDT_ASSIGN_OR_RETURN(auto db,
                          db::Database::Open({.url = target.database_url, .pool_size = 1}));
    auto tx = db->BeginRead();
    CQDT_ASSIGN_OR_RETURN(bool empty, db::PostgresDatabaseIsEmpty(tx));
    if (!empty) {
      return Error::FailedPrecondition(
          "CSDL PostgreSQL đích đã có bảng: chỉ khôi phục vào CSDL trống / the target PostgreSQL "
          "database has tables: restore only into an empty one");
    }
  }

  const bool made_dir = !fs::exists(data_dir, ec);
  // Anything restored so far is removed on failure: the directory was empty (or absent), so
  // nothing of anyone else's is lost, and a half-restored instance is not left to be started.
  auto undo = [&](Error e) {
    std::error_code ignored;
    for (const auto& entry : fs::directory_iterator(data_dir, ignored)) {
      fs::remove_all(entry.path(), ignored);
    }
    if (made_dir) {
      fs::remove(data_dir, ignored);
    }
    if (external_blobs) {
      for (const auto& entry : fs::directory_iterator(blob_dir, ignored)) {
        fs::remove_all(entry.path(), ignored);
      }
    }
    if (!db_file.empty()) {
      fs::remove(db_file, ignored);
    }
    return e;
  };
  if (auto st = MakePrivateDirs(data_dir); !st) {
    return undo(st.error());
  }
  ::chmod(data_dir.c_str(), 0700);
  auto restore_file = [&](const ManifestFile& f, const fs::path& to) -> Status {
    CQDT_RETURN_IF_ERROR(MakePrivateDirs(to.parent_path()));
    CQDT_ASSIGN_OR_RETURN(auto copied, CopyHashed(src / f.path, to, f.path));
    if (!copied || copied->size != f.size || copied->sha256 != f.sha256) {
      return Error::Unavailable("Tệp đã đổi sau khi kiểm tra / the file changed after the check: " +
                                f.path);
    }
    return Ok();
  };
  int restored = 0;
  for (const auto& f : m.files) {
    if (f.path.rfind("data/", 0) == 0) {
      const bool blob = f.path.rfind("data/blobs/", 0) == 0;
      const fs::path to = external_blobs && blob ? blob_dir / fs::path(f.path.substr(11))
                                                 : data_dir / fs::path(f.path.substr(5));
      if (auto st = restore_file(f, to); !st) {
        return undo(st.error());
      }
      ++restored;
    }
  }
  Tell(progress, "Đã khôi phục thư mục dữ liệu / data directory restored: " +
                     std::to_string(restored) + " tệp / files into " + data_dir.string());
  const auto* database = &*std::find_if(m.files.begin(), m.files.end(), [&](const auto& f) {
    return f.path == m.database_file;  // present: ParseManifest checked it
  });
  if (sqlite_file) {
    if (auto st = restore_file(*database, db_file); !st) {
      return undo(st.error());
    }
    if (auto st = SyncFilesystem(db_file.parent_path()); !st) {
      return undo(st.error());
    }
  } else {
    auto conn = db::PostgresConnectionOfUrl(target.database_url);
    if (!conn) {
      return undo(conn.error());
    }
    // One transaction: a failed restore leaves the database as empty as it was.
    auto code = RunTool(
        {"pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
         "--no-password", "--dbname=" + conn->conninfo, (src / database->path).string()},
        conn->password, true);
    if (!code || *code != 0) {
      return undo(
          code ? Error::Unavailable("pg_restore không thành công / pg_restore failed, exit code: " +
                                    std::to_string(*code))
               : code.error());
    }
  }
  Tell(progress, "Đã khôi phục CSDL / database restored (" + m.engine + ")");
  if (auto st = SyncFilesystem(data_dir); !st) {
    return undo(st.error());
  }
  if (external_blobs) {
    if (auto st = SyncFilesystem(blob_dir); !st) {
      return undo(st.error());
    }
  }
  for (const auto& f : m.files) {
    if (!f.origin.empty()) {
      Tell(progress,
           "Chưa đặt lại (ngoài thư mục dữ liệu) / not put back (outside the data "
           "directory): " +
               (src / f.path).string() + " -> " + f.origin);
    }
  }
  return Ok();
}

}  // namespace cqdt::backup
