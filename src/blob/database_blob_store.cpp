#include "blob/database_blob_store.hpp"

#include <fstream>
#include <sstream>

#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include "crypto/crypto.hpp"
#include "db/rows.hpp"

namespace cqdt::blob {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

std::string ToHex(std::string_view bytes) {
  std::string out;
  out.resize(bytes.size() * 2);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    out[2 * i] = kHexDigits[b >> 4];
    out[2 * i + 1] = kHexDigits[b & 15];
  }
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// Hex (either case, PostgreSQL's "\x" prefix allowed) to bytes; nullopt when malformed.
std::optional<std::string> FromHex(std::string_view hex) {
  if (hex.starts_with("\\x")) {
    hex.remove_prefix(2);
  }
  if (hex.size() % 2 != 0) {
    return std::nullopt;
  }
  std::string out(hex.size() / 2, '\0');
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = HexValue(hex[2 * i]);
    const int lo = HexValue(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return std::nullopt;
    }
    out[i] = static_cast<char>((hi << 4) | lo);
  }
  return out;
}

Error StoreError(const std::exception& e) {
  const std::string what = e.what();
  spdlog::error("không lưu được tệp vào CSDL / storing a blob in the database failed: {}", what);
  // PostgreSQL: 53100 disk_full; SQLite: SQLITE_FULL.
  if (what.find("No space left") != std::string::npos ||
      what.find("database or disk is full") != std::string::npos ||
      what.find("disk_full") != std::string::npos || what.find("53100") != std::string::npos) {
    return StorageFull();
  }
  return Error::Unavailable("Không lưu được tệp. Vui lòng thử lại.");
}

}  // namespace

std::vector<db::Migration> Migrations() {
  return {
      {"blob", 1, "blob_object",
       // One row per stored blob (DatabaseBlobStore): the key, the size, the bytes, and when it
       // was first stored and last stored again (the orphan sweeper's grace period counts from
       // touched_at). Empty when the store is kept in files.
       "CREATE TABLE blob_object ("
       " sha256 TEXT PRIMARY KEY,"
       " size {{bigint}} NOT NULL,"
       " bytes {{blob}} NOT NULL,"
       " created_at {{bigint}} NOT NULL,"
       " touched_at {{bigint}} NOT NULL);\n"
       "CREATE INDEX blob_object_touched ON blob_object (touched_at)"},
  };
}

Result<BlobInfo> DatabaseBlobStore::Put(std::string_view bytes) {
  const std::string sha256 = crypto::Sha256Hex(bytes);
  const std::int64_t size = static_cast<std::int64_t>(bytes.size());
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  try {
    auto tx = db_.Begin();
    // The bytes travel as hex, decoded by the database: text parameters cannot carry every byte
    // (PostgreSQL refuses a zero byte in text), and hex holds no quote. SQLite 3.40 has no
    // unhex(): a blob literal there, of hex digits only.
    const std::string hex = ToHex(bytes);
    // Identical content is stored once; a second Put (in any process) only refreshes the time.
    const char* upsert_tail =
        " ON CONFLICT (sha256) DO UPDATE SET touched_at = excluded.touched_at";
    if (tx.engine() == db::Engine::kPostgres) {
      tx.sql() << std::string(
                      "INSERT INTO blob_object (sha256, size, bytes, created_at, "
                      "touched_at) VALUES (:k, :s, decode(:h, 'hex'), :c, :t)") +
                      upsert_tail,
          soci::use(sha256), soci::use(size), soci::use(hex), soci::use(now), soci::use(now);
    } else {
      tx.sql() << "INSERT INTO blob_object (sha256, size, bytes, created_at, touched_at) VALUES "
                  "(:k, :s, X'" +
                      hex + "', :c, :t)" + upsert_tail,
          soci::use(sha256), soci::use(size), soci::use(now), soci::use(now);
    }
    CQDT_RETURN_IF_ERROR(tx.Commit());
  } catch (const std::exception& e) {
    return StoreError(e);
  }
  return BlobInfo{sha256, bytes.size()};
}

Result<BlobInfo> DatabaseBlobStore::PutFile(const std::filesystem::path& path) {
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return Error::NotFound("tệp", path.filename().string());
    }
    std::ostringstream all;
    all << in.rdbuf();
    bytes = std::move(all).str();
  }
  CQDT_ASSIGN_OR_RETURN(BlobInfo info, Put(bytes));
  std::error_code ec;
  std::filesystem::remove(path, ec);
  return info;
}

Result<std::string> DatabaseBlobStore::Get(const std::string& sha256) const {
  if (!IsBlobKey(sha256)) {  // untrusted key
    return Error::InvalidField("sha256", "format", "Mã băm tệp không hợp lệ.");
  }
  std::string hex;
  soci::indicator ind = soci::i_null;
  try {
    auto tx = db_.BeginRead();
    tx.sql() << (tx.engine() == db::Engine::kPostgres
                     ? "SELECT encode(bytes, 'hex') FROM blob_object WHERE sha256 = :k"
                     : "SELECT hex(bytes) FROM blob_object WHERE sha256 = :k"),
        soci::use(sha256), soci::into(hex, ind);
    if (!tx.sql().got_data()) {
      return Error::NotFound("tệp", sha256);
    }
  } catch (const std::exception& e) {
    spdlog::error("không đọc được tệp từ CSDL / reading a blob from the database failed: {}",
                  e.what());
    return Error::Unavailable("Không đọc được tệp. Vui lòng thử lại.");
  }
  auto bytes = FromHex(ind == soci::i_null ? std::string() : hex);
  if (!bytes) {
    return CorruptBlob("có mã băm " + sha256.substr(0, 12));
  }
  CQDT_RETURN_IF_ERROR(CheckBlobBytes(sha256, *bytes));
  return std::move(*bytes);
}

bool DatabaseBlobStore::Exists(const std::string& sha256) const {
  if (!IsBlobKey(sha256)) {
    return false;
  }
  try {
    auto tx = db_.BeginRead();
    int one = 0;
    tx.sql() << "SELECT 1 FROM blob_object WHERE sha256 = :k", soci::use(sha256), soci::into(one);
    return tx.sql().got_data();
  } catch (const std::exception& e) {
    spdlog::error("không đọc được CSDL tệp / reading the blob table failed: {}", e.what());
    return false;
  }
}

Result<SweepCounts> DatabaseBlobStore::RemoveUnreferenced(
    const std::function<bool(const std::string&)>& referenced,
    std::chrono::system_clock::time_point older_than, bool dry_run) {
  SweepCounts counts;
  const std::int64_t cutoff = ToUnixSeconds(older_than);
  struct Candidate {
    std::string sha256;
    std::int64_t size = 0;
  };
  std::vector<Candidate> candidates;
  try {
    auto tx = db_.BeginRead();
    std::int64_t total = 0;
    tx.sql() << "SELECT COUNT(*) FROM blob_object", soci::into(total);
    counts.scanned = static_cast<std::uint64_t>(total);
    db::ForEachRow(tx, "SELECT sha256, size FROM blob_object WHERE touched_at < :p0",
                   {std::int64_t{cutoff}}, [&](const db::RowView& row) {
                     std::string key(row.Text(0));
                     if (!referenced(key)) {
                       candidates.push_back(Candidate{std::move(key), row.Int(1)});
                     }
                     return true;
                   });
  } catch (const std::exception& e) {
    spdlog::error("không đọc được CSDL tệp / reading the blob table failed: {}", e.what());
    return Error::Unavailable("Không đọc được tệp. Vui lòng thử lại.");
  }
  for (const Candidate& c : candidates) {
    ++counts.orphans;
    counts.orphan_bytes += static_cast<std::uint64_t>(c.size);
    if (dry_run) {
      continue;
    }
    try {
      auto tx = db_.Begin();
      // The age is checked again in the DELETE: a Put that refreshed the row keeps it.
      soci::statement del = (tx.sql().prepare << "DELETE FROM blob_object WHERE sha256 = :k AND "
                                                 "touched_at < :t",
                             soci::use(c.sha256), soci::use(cutoff));
      del.execute(true);
      const long long affected = del.get_affected_rows();
      CQDT_RETURN_IF_ERROR(tx.Commit());
      if (affected > 0) {
        ++counts.removed;
        counts.removed_bytes += static_cast<std::uint64_t>(c.size);
      }
    } catch (const std::exception& e) {
      spdlog::error("không xóa được tệp thừa / removing an orphaned blob failed: {}", e.what());
      return Error::Unavailable("Không xóa được tệp thừa. Vui lòng thử lại.");
    }
  }
  return counts;
}

}  // namespace cqdt::blob
