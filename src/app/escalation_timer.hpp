// The one-stop desk's escalation sweep (issue 12, item 2): a thread that runs
// onestop::DossierService::Escalate every few minutes, so that a step past its planned end (a
// deadline in working hours) flags its dossier and reaches the leaders within minutes, not at
// the next daily reminder. The notices are deduplicated per step and per dossier, so a restart
// or two servers sweeping never notify twice. Stopped and joined by the destructor.
// Thread safety: constructed and destroyed by one thread; the work runs on its own thread with
// its own transactions.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "db/database.hpp"
#include "onestop/dossier_service.hpp"

namespace cqdt::app {

class EscalationTimer {
 public:
  // The collaborators must outlive the timer.
  EscalationTimer(db::Database& db, const onestop::DossierService& dossiers,
                  std::chrono::minutes every);
  ~EscalationTimer();
  EscalationTimer(const EscalationTimer&) = delete;
  EscalationTimer& operator=(const EscalationTimer&) = delete;

 private:
  void Loop();
  void RunOnce();

  db::Database& db_;
  const onestop::DossierService& dossiers_;
  const std::chrono::minutes every_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cqdt::app
