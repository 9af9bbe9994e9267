#include "daily_jobs.hpp"

#include <spdlog/spdlog.h>

#include "blob/sweeper.hpp"
#include "blob_references.hpp"
#include "db/claims.hpp"
#include "quality/index_snapshots.hpp"

namespace cqdt::app {

std::string VietnamDay(TimePoint t) { return ToIsoVietnam(t).substr(0, 10); }

void RemindDocuments(db::Database& db, const documents::QueueService& queues) {
  auto tx = db.Begin();
  // Several instances (decision 0024): the day's reminders are sent by the first one whose
  // timer fires; the others find the day taken.
  const TimePoint now = SystemClock().Now();
  if (!db::TakePeriod(tx, "documents.remind", VietnamDay(now), ToUnixSeconds(now))) {
    return;
  }
  auto report = queues.Remind(tx);
  if (!report) {
    spdlog::warn("nhắc hạn văn bản không chạy được / document reminders failed: {}",
                 report.error().message());
    return;
  }
  if (auto st = tx.Commit(); !st) {
    spdlog::warn("nhắc hạn văn bản không lưu được / document reminders not saved: {}",
                 st.error().message());
    return;
  }
  spdlog::info(
      "nhắc hạn văn bản / document reminders: {} sắp đến hạn / due soon, {} quá hạn / overdue",
      report->due_tomorrow, report->overdue);
}

void SnapshotIndex766(db::Database& db, const org::AgencyService& agencies,
                      const quality::RuleSet& rules, const Clock& clock) {
  const std::int64_t now = ToUnixSeconds(clock.Now());
  auto rows = [&] {  // read outside the write lock
    auto read = db.BeginRead();
    return quality::ComputeSnapshot(read, agencies, rules, now);
  }();
  if (!rows) {
    spdlog::warn("ảnh chụp chỉ số 766 không chạy được / Decision 766 snapshot failed: {}",
                 rows.error().message());
    return;
  }
  if (rows->empty()) {
    return;  // taken already today
  }
  auto tx = db.Begin();
  // Another instance may have computed and stored the same day's rows meanwhile.
  if (!db::TakePeriod(tx, "quality.index766", VietnamDay(clock.Now()), now)) {
    return;
  }
  auto written = quality::StoreSnapshot(tx, *rows, now);
  if (!written) {
    spdlog::warn("ảnh chụp chỉ số 766 không chạy được / Decision 766 snapshot failed: {}",
                 written.error().message());
    return;
  }
  if (auto st = tx.Commit(); !st) {
    spdlog::warn("ảnh chụp chỉ số 766 không lưu được / Decision 766 snapshot not saved: {}",
                 st.error().message());
    return;
  }
  if (*written > 0) {
    spdlog::info("ảnh chụp chỉ số 766 / Decision 766 snapshot: {} đơn vị / units", *written);
  }
}

void SweepProactive(db::Database& db, proactive::OfferService& offers) {
  auto tx = db.Begin();
  const TimePoint now = SystemClock().Now();
  if (!db::TakePeriod(tx, "proactive.sweep", VietnamDay(now), ToUnixSeconds(now))) {
    return;
  }
  auto report = offers.Sweep(tx, audit::Actor{UserId(), "system", AgencyId(), "", ""});
  if (!report) {
    spdlog::warn("dịch vụ công chủ động không chạy được / proactive sweep failed: {}",
                 report.error().message());
    return;
  }
  if (auto st = tx.Commit(); !st) {
    spdlog::warn("dịch vụ công chủ động không lưu được / proactive sweep not saved: {}",
                 st.error().message());
    return;
  }
  if (report->offers > 0) {
    spdlog::info(
        "dịch vụ công chủ động / proactive sweep: {} đề xuất / offers, {} hồ sơ chuẩn bị "
        "sẵn / drafts",
        report->offers, report->drafts);
  }
}

void SweepBlobs(db::Database& db, blob::BlobStore& store, const Clock& clock) {
  const TimePoint now = clock.Now();
  {
    auto tx = db.Begin();
    if (!db::TakePeriod(tx, "blob.sweep", VietnamDay(now), ToUnixSeconds(now))) {
      return;
    }
    if (auto st = tx.Commit(); !st) {
      spdlog::warn("dọn tệp thừa không chạy được / orphan sweep failed: {}", st.error().message());
      return;
    }
  }
  // blob::Sweep logs what it found and removed.
  auto report = blob::Sweep(db, store, BlobReferenceSources(), blob::SweepOptions{}, now);
  if (!report) {
    spdlog::warn("dọn tệp thừa không chạy được / orphan sweep failed: {}",
                 report.error().message());
  }
}

}  // namespace cqdt::app
