#include "escalation_timer.hpp"

#include <spdlog/spdlog.h>

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

void EscalationTimer::RunOnce() {
  try {
    auto tx = db_.Begin();
    auto report = dossiers_.Escalate(tx);
    if (!report) {
      spdlog::warn("nhắc hồ sơ quá hạn không chạy được / dossier escalation failed: {}",
                   report.error().message());
      return;
    }
    if (auto st = tx.Commit(); !st) {
      spdlog::warn("nhắc hồ sơ quá hạn không lưu được / dossier escalation not saved: {}",
                   st.error().message());
      return;
    }
    if (report->steps + report->dossiers > 0) {
      spdlog::info("hồ sơ quá hạn / late dossiers: {} bước / steps, {} hồ sơ mới / newly late",
                   report->steps, report->dossiers);
    }
  } catch (const std::exception& e) {
    // An infrastructure fault (the database away): log it and try again at the next sweep.
    spdlog::error("nhắc hồ sơ quá hạn lỗi / dossier escalation error: {}", e.what());
  }
}

void EscalationTimer::SweepFeedback() {
  if (petitions_ == nullptr) {
    return;
  }
  try {
    auto tx = db_.Begin();
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
