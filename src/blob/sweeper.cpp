#include "blob/sweeper.hpp"

#include <spdlog/spdlog.h>

#include "db/rows.hpp"

namespace cqdt::blob {

Status CollectColumn(db::Transaction& tx, const std::string& column, KeySet& keys) {
  const auto dot = column.find('.');
  if (dot == std::string::npos) {
    return Error::Internal();
  }
  const std::string table = column.substr(0, dot);
  const std::string name = column.substr(dot + 1);
  db::ForEachRow(tx,
                 "SELECT DISTINCT " + name + " FROM " + table + " WHERE " + name + " IS NOT NULL",
                 {}, [&](const db::RowView& row) {
                   keys.emplace(row.Text(0));
                   return true;
                 });
  return Ok();
}

Result<SweepReport> Sweep(db::Database& db, BlobStore& store,
                          const std::vector<ReferenceSource>& sources, const SweepOptions& options,
                          std::chrono::system_clock::time_point now) {
  // The cutoff is fixed before the keys are read: a blob stored after it is kept whatever the
  // snapshot says, and one stored before it was named, if ever, by a transaction that began
  // before the snapshot or ran longer than the grace period.
  const auto older_than = now - options.grace;
  KeySet keys;
  try {
    auto tx = db.BeginRead();
    for (const ReferenceSource& source : sources) {
      if (Status collected = source.collect(tx, keys); !collected) {
        spdlog::error("quét tệp thừa: nguồn {} lỗi / blob sweep: source {} failed: {}",
                      source.module, source.module, collected.error().message());
        return collected.error();
      }
    }
  } catch (const std::exception& e) {
    spdlog::error("quét tệp thừa: không đọc được CSDL / blob sweep: reading references failed: {}",
                  e.what());
    return Error::Unavailable("Không đọc được danh sách tệp đang dùng. Vui lòng thử lại.");
  }
  SweepReport report;
  report.referenced = keys.size();
  CQDT_ASSIGN_OR_RETURN(
      report.counts,
      store.RemoveUnreferenced([&](const std::string& key) { return keys.count(key) > 0; },
                               older_than, options.dry_run));
  spdlog::info(
      "quét tệp thừa: {} tệp, {} tệp đang dùng, {} tệp thừa ({} byte), đã xóa {} ({} byte), {} tệp "
      "tạm / blob sweep: {} blobs, {} referenced keys, {} orphans ({} bytes), removed {} ({} "
      "bytes), {} temporaries{}",
      report.counts.scanned, report.referenced, report.counts.orphans, report.counts.orphan_bytes,
      report.counts.removed, report.counts.removed_bytes, report.counts.temporaries,
      report.counts.scanned, report.referenced, report.counts.orphans, report.counts.orphan_bytes,
      report.counts.removed, report.counts.removed_bytes, report.counts.temporaries,
      options.dry_run ? " (dry run)" : "");
  return report;
}

}  // namespace cqdt::blob
