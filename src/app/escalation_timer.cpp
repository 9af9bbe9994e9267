#include "escalation_timer.hpp"

#include <algorithm>
#include <chrono>
#include <string>

#include <spdlog/spdlog.h>

#include "db/claims.hpp"

namespace cqdt::app {

EscalationTimer::EscalationTimer(db::Database& db, const onestop::DossierService& dossiers,
                                 std::chrono::minutes every,
                                 const feedback::PetitionService* petitions)
    : db_(db), dossiers_(dossiers), petitions_(petitions), every_(every) {
  thread_ = std::thread([this] { Loop(); });
}

EscalationTimer::~EscalationTimer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

namespace {

// The sweep period `every` holds now, as fixed-width text (db::TakePeriod compares text): with
// several instances each period's sweep runs once, by the first whose timer fires in it
// (decision 0024).
std::string PeriodOf(std::chrono::minutes every) {
  const std::int64_t now = ToUnixSeconds(SystemClock().Now());
  const std::int64_t length = std::max<std::int64_t>(60, every.count() * 60);
  std::string n = std::to_string(now / length);
  return std::string(n.size() < 12 ? 12 - n.size() : 0, '0') + n;
}

}  // namespace

EscalationSweepOutcome SweepEscalations(db::Database& db, const EscalationSweep& sweep,
                                        const std::string& period, std::int64_t now) {
  try {
    const auto started = std::chrono::steady_clock::now();
    {
      // Most sweeps find nothing new: look in a read transaction first, so that a sweep with
      // nothing to write never holds the write lock (whatever its reads cost: in the soak, pages
      // of the database read from the disk stalled every request for ~100 ms at each sweep).
      auto read = db.BeginRead();
      auto due = sweep.due(read);
      if (due && !*due) {
        return EscalationSweepOutcome::kNothingDue;
      }
    }
    auto tx = db.Begin();
    if (!db::TakePeriod(tx, "onestop.escalation", period, now)) {
      return EscalationSweepOutcome::kTakenElsewhere;
    }
    auto report = sweep.escalate(tx);
    if (!report) {
      spdlog::warn("nhắc hồ sơ quá hạn không chạy được / dossier escalation failed: {}",
                   report.error().message());
      return EscalationSweepOutcome::kFailed;
    }
    if (auto st = tx.Commit(); !st) {
      spdlog::warn("nhắc hồ sơ quá hạn không lưu được / dossier escalation not saved: {}",
                   st.error().message());
      return EscalationSweepOutcome::kFailed;
    }
    if (report->steps + report->dossiers > 0) {
      // The sweep holds the write lock (SQLite) while it runs: its time shows what it costs.
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - started)
                          .count();
      spdlog::info("quá hạn mới / newly late: {} bước / steps, {} hồ sơ / dossiers ({} ms)",
                   report->steps, report->dossiers, ms);
    }
    return EscalationSweepOutcome::kSwept;
  } catch (const std::exception& e) {
    // An infrastructure fault (the database away): log it and try again at the next sweep.
    spdlog::error("nhắc hồ sơ quá hạn lỗi / dossier escalation error: {}", e.what());
    return EscalationSweepOutcome::kFailed;
  }
}

void EscalationTimer::RunOnce() {
  const EscalationSweep sweep{
      .due = [this](db::Transaction& tx) { return dossiers_.EscalationDue(tx); },
      .escalate = [this](db::Transaction& tx) { return dossiers_.Escalate(tx); },
  };
  SweepEscalations(db_, sweep, PeriodOf(every_), ToUnixSeconds(SystemClock().Now()));
}

void EscalationTimer::SweepFeedback() {
  if (petitions_ == nullptr) {
    return;
  }
  try {
    auto tx = db_.Begin();
    if (!db::TakePeriod(tx, "feedback.sweep", PeriodOf(every_),
                        ToUnixSeconds(SystemClock().Now()))) {
      return;
    }
    auto report = petitions_->Sweep(tx);
    if (!report) {
      spdlog::warn("quét phản ánh, kiến nghị không chạy được / feedback sweep failed: {}",
                   report.error().message());
      return;
    }
    if (auto st = tx.Commit(); !st) {
      spdlog::warn("quét phản ánh, kiến nghị không lưu được / feedback sweep not saved: {}",
                   st.error().message());
      return;
    }
    if (report->overdue_notified > 0) {
      spdlog::info("phản ánh, kiến nghị quá hạn / overdue feedback: {}", report->overdue_notified);
    }
  } catch (const std::exception& e) {
    spdlog::error("quét phản ánh, kiến nghị lỗi / feedback sweep error: {}", e.what());
  }
}

void EscalationTimer::Loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    RunOnce();
    SweepFeedback();
    lock.lock();
    if (wake_.wait_for(lock, every_, [this] { return stopping_; })) {
      break;
    }
  }
}

}  // namespace cqdt::app
