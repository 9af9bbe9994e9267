// `cqdt blob sweep [--dry-run] [--grace-hours N]` (issue 16 item 5): removes the blobs that no
// row of any module names and that are older than the grace period (blob/sweeper.hpp), and
// prints what it found. Safe while servers run: a blob a transaction under way is about to name
// is younger than the grace period (a Put of stored content refreshes its time).
#include <cstdio>
#include <memory>

#include "blob/sweeper.hpp"
#include "blob_references.hpp"
#include "cli.hpp"
#include "commands.hpp"
#include "services.hpp"

namespace cqdt::app {
namespace {

std::string Megabytes(std::uint64_t bytes) {
  char out[32];
  std::snprintf(out, sizeof out, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return out;
}

int RunSweep(const Config& config, bool dry_run, int grace_hours) {
  auto opened = Services::Open(config);
  if (!opened) {
    return Report(opened.error());
  }
  Services& s = **opened;
  blob::SweepOptions options{.grace = std::chrono::hours(grace_hours), .dry_run = dry_run};
  auto report = blob::Sweep(*s.db, *s.blobs, BlobReferenceSources(), options, s.clock.Now());
  if (!report) {
    return Report(report.error());
  }
  const blob::SweepCounts& c = report->counts;
  std::printf("Tệp đã lưu / stored blobs: %llu\n", static_cast<unsigned long long>(c.scanned));
  std::printf("Mã băm được dữ liệu nhắc tới / keys the rows name: %llu\n",
              static_cast<unsigned long long>(report->referenced));
  std::printf("Tệp thừa cũ hơn %d giờ / orphans older than %d hours: %llu (%s)\n", grace_hours,
              grace_hours, static_cast<unsigned long long>(c.orphans),
              Megabytes(c.orphan_bytes).c_str());
  if (dry_run) {
    std::printf("Chạy thử: không xóa gì / dry run: nothing removed\n");
  } else {
    std::printf("Đã xóa / removed: %llu (%s)\n", static_cast<unsigned long long>(c.removed),
                Megabytes(c.removed_bytes).c_str());
    std::printf("Tệp tạm dở dang đã xóa / leftover temporaries removed: %llu\n",
                static_cast<unsigned long long>(c.temporaries));
  }
  return 0;
}

}  // namespace

CommandRunner AddBlobCommands(CLI::App& app) {
  auto* blob = app.add_subcommand("blob", "Kho tệp / the file store");
  blob->require_subcommand(1);
  auto* sweep = blob->add_subcommand(
      "sweep", "Xóa tệp không còn dữ liệu nào dùng / remove files no record names");
  sweep->fallthrough();
  auto dry_run = std::make_shared<bool>(false);
  auto grace = std::make_shared<int>(24);
  sweep->add_flag("--dry-run", *dry_run, "Chỉ đếm, không xóa / count only, remove nothing");
  sweep
      ->add_option("--grace-hours", *grace,
                   "Chỉ xóa tệp cũ hơn số giờ này / only files older than this many hours")
      ->check(CLI::Range(0, 24 * 365));
  return [=](const Config& config) -> std::optional<int> {
    if (!sweep->parsed()) {
      return std::nullopt;
    }
    return RunSweep(config, *dry_run, *grace);
  };
}

}  // namespace cqdt::app
