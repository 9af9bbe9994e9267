// Backup, verify and restore of an instance on SQLite (backup/backup.hpp) and the manifest's
// reading of untrusted input (backup/manifest.hpp). The PostgreSQL path (pg_dump, pg_restore)
// runs in tests/api/backup-restore.test.mjs.
#include "backup/backup.hpp"

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>

#include <gtest/gtest.h>
#include <soci/soci.h>
#include <sys/stat.h>

#include "backup/manifest.hpp"
#include "crypto/crypto.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"
#include "testing_files.hpp"

namespace cqdt::backup {
namespace {

namespace fs = std::filesystem;

using testing::Read;
using testing::Write;

class BackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("cqdt-backup-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    data_ = root_ / "data";
    fs::create_directories(data_);
    auto db = db::Database::Open({.url = Url(data_), .pool_size = 1});
    ASSERT_TRUE(db);
    ASSERT_TRUE(db::Migrator(**db, {{"things", 1, "create_thing",
                                     "CREATE TABLE thing (id {{pk}}, blob TEXT NOT NULL)"}})
                    .Apply());
    blob_ = crypto::Sha256Hex("a scanned page");
    auto tx = (*db)->Begin();
    tx.sql() << "INSERT INTO thing (blob) VALUES (:b)", soci::use(blob_);
    ASSERT_TRUE(tx.Commit());
    Write(data_ / "blobs" / blob_.substr(0, 2) / blob_, "a scanned page");
    Write(data_ / "blobs" / "tmp" / "half-written", "skipped");
    Write(data_ / "tmp" / "upload", "skipped");
    Write(data_ / "pki" / "keys.toml", "[[key]]\nid = \"seal\"\n");
    Write(data_ / "pki" / "seal.p12", std::string("\x30\x82\x01\x00", 4));
    Write(data_ / "audit" / "checkpoints" / "1-20261207T000000Z.txt", "cqdt-audit-checkpoint 1\n");
    Write(data_ / "secrets" / "mail.key", std::string(32, '\x07'));
    config_ = root_ / "etc" / "cqdt.toml";
    Write(config_, "[storage]\ndata_dir = \"x\"\n");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  static std::string Url(const fs::path& dir) { return "sqlite://" + (dir / "cqdt.db").string(); }
  Instance Source() const { return {data_, Url(data_), {config_, root_ / "etc" / "missing"}}; }
  Result<Manifest> Backup(const fs::path& dest) {
    return WriteBackup(Source(), dest, {"0.0.test", "2026-12-07T11:00:00+07:00", {}});
  }

  fs::path root_, data_, config_;
  std::string blob_;
};

TEST_F(BackupTest, WritesEverythingWithAManifestAndVerifies) {
  const fs::path dest = root_ / "backup";
  auto m = Backup(dest);
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_EQ(m->engine, "sqlite");
  EXPECT_EQ(m->schema, (std::map<std::string, int>{{"things", 1}}));
  std::set<std::string> paths;
  for (const auto& f : m->files) {
    paths.insert(f.path);
    struct stat st {};
    ASSERT_EQ(::stat((dest / f.path).c_str(), &st), 0) << f.path;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << f.path;
  }
  struct stat st {};
  ASSERT_EQ(::stat(dest.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  for (const std::string& p : std::vector<std::string>{
           "database/cqdt.db", "data/blobs/" + blob_.substr(0, 2) + "/" + blob_,
           "data/pki/keys.toml", "data/pki/seal.p12",
           "data/audit/checkpoints/1-20261207T000000Z.txt", "data/secrets/mail.key",
           "external/cqdt.toml"}) {
    EXPECT_TRUE(paths.count(p)) << p;
  }
  // Neither the live database nor temporaries.
  for (const std::string p :
       {"data/cqdt.db", "data/cqdt.db-wal", "data/tmp/upload", "data/blobs/tmp/half-written"}) {
    EXPECT_FALSE(paths.count(p)) << p;
  }
  auto parsed = ParseManifest(Read(dest / kManifestName));
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_EQ(parsed->created_at, "2026-12-07T11:00:00+07:00");
  EXPECT_EQ(parsed->files.size(), m->files.size());
  EXPECT_TRUE(VerifyBackup(dest).ok());
}

TEST_F(BackupTest, RefusesATargetThatIsNotEmptyOrInsideTheDataDirectory) {
  Write(root_ / "full" / "x", "x");
  auto full = Backup(root_ / "full");
  ASSERT_FALSE(full);
  EXPECT_NE(full.error().message().find((root_ / "full").string()), std::string::npos);
  EXPECT_FALSE(Backup(data_ / "backups" / "today"));
}

TEST_F(BackupTest, VerifyReportsMissingChangedAndExtraFiles) {
  const fs::path dest = root_ / "backup";
  ASSERT_TRUE(Backup(dest));
  fs::remove(dest / "data" / "pki" / "seal.p12");
  Write(dest / "data" / "pki" / "keys.toml", "[[key]]\nid = \"other\"\n");
  Write(dest / "data" / "planted", "x");
  auto r = VerifyBackup(dest);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.missing, std::vector<std::string>{"data/pki/seal.p12"});
  EXPECT_EQ(r.changed, std::vector<std::string>{"data/pki/keys.toml"});
  EXPECT_EQ(r.extra, std::vector<std::string>{"data/planted"});
  EXPECT_TRUE(r.database.empty());
}

TEST_F(BackupTest, VerifyChecksTheDatabaseCopyAndTheManifest) {
  const fs::path dest = root_ / "backup";
  ASSERT_TRUE(Backup(dest));
  fs::remove(dest / kManifestName);
  auto incomplete = VerifyBackup(dest);
  EXPECT_FALSE(incomplete.ok());
  EXPECT_FALSE(incomplete.has_manifest);
  EXPECT_NE(incomplete.manifest_error.find("manifest.json"), std::string::npos);

  Write(dest / kManifestName, "{\"format\": \"something else\"}");
  auto other = VerifyBackup(dest);
  EXPECT_FALSE(other.ok());
  EXPECT_FALSE(other.manifest_error.empty());
}

TEST_F(BackupTest, RestoresIntoAnEmptyDirectoryOnlyAndTheResultOpens) {
  const fs::path dest = root_ / "backup";
  ASSERT_TRUE(Backup(dest));
  std::vector<std::string> lines;
  auto progress = [&](const std::string& l) { lines.push_back(l); };

  // A data directory with something in it is refused, and named.
  const fs::path busy = root_ / "busy";
  Write(busy / "old", "x");
  auto refused = RestoreBackup(dest, {busy, Url(busy), {}}, progress);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find(busy.string()), std::string::npos);
  EXPECT_EQ(Read(busy / "old"), "x");

  const fs::path target = root_ / "restored";
  auto st = RestoreBackup(dest, {target, Url(target), {}}, progress);
  ASSERT_TRUE(st) << st.error().message();
  EXPECT_EQ(Read(target / "blobs" / blob_.substr(0, 2) / blob_), "a scanned page");
  EXPECT_EQ(Read(target / "secrets" / "mail.key"), std::string(32, '\x07'));
  EXPECT_TRUE(fs::exists(target / "audit" / "checkpoints" / "1-20261207T000000Z.txt"));
  EXPECT_FALSE(fs::exists(target / "tmp"));
  bool told_external = false;
  for (const auto& l : lines) {
    told_external = told_external || l.find(config_.string()) != std::string::npos;
  }
  EXPECT_TRUE(told_external);
  auto db = db::Database::Open({.url = Url(target), .pool_size = 1});
  ASSERT_TRUE(db);
  auto tx = (*db)->BeginRead();
  std::string blob;
  tx.sql() << "SELECT blob FROM thing", soci::into(blob);
  EXPECT_EQ(blob, blob_);

  // A damaged backup restores nothing.
  Write(dest / "data" / "secrets" / "mail.key", "tampered");
  const fs::path again = root_ / "again";
  EXPECT_FALSE(RestoreBackup(dest, {again, Url(again), {}}, progress));
  EXPECT_FALSE(fs::exists(again));
}

TEST(ManifestTest, RefusesPathsThatLeaveTheBackup) {
  EXPECT_TRUE(IsSafeRelativePath("data/blobs/ab/cd"));
  for (const char* bad :
       {"", "/etc/passwd", "../x", "data/../../x", "data//x", "./x", "data/.", "a\\b"}) {
    EXPECT_FALSE(IsSafeRelativePath(bad)) << bad;
  }
  Manifest m;
  m.cqdt_version = "1";
  m.created_at = "2026-12-07T11:00:00+07:00";
  m.engine = "sqlite";
  m.database_file = "database/cqdt.db";
  m.files = {{"database/cqdt.db", 3, std::string(64, 'a'), ""},
             {"external/cqdt.toml", 1, std::string(64, 'b'), "/etc/cqdt/cqdt.toml"}};
  auto back = ParseManifest(ManifestToJson(m));
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(back->files[1].origin, "/etc/cqdt/cqdt.toml");
  m.files.push_back({"../../etc/shadow", 1, std::string(64, 'c'), ""});
  EXPECT_FALSE(ParseManifest(ManifestToJson(m)));
  m.files.back() = {"data/x", 1, "not-a-digest", ""};
  EXPECT_FALSE(ParseManifest(ManifestToJson(m)));
  m.files.back() = {"database/cqdt.db", 1, std::string(64, 'c'), ""};
  EXPECT_FALSE(ParseManifest(ManifestToJson(m)));  // duplicate
  EXPECT_FALSE(ParseManifest("not json"));
}

}  // namespace
}  // namespace cqdt::backup
