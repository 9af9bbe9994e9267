// The one-stop desk's escalation sweep (issue 12, item 2): a thread that runs
// onestop::DossierService::Escalate every few minutes, so that a step past its planned end (a
// deadline in working hours) flags its dossier and reaches the leaders within minutes, not at
// the next daily reminder. The notices are deduplicated per step and per dossier, so a restart
// or two servers sweeping never notify twice. The same sweep runs feedback's (issue 13, item 7):
// the finish of dossiers rated or complained about, and PAKN newly overdue. Stopped and joined by
// the destructor. Thread safety: constructed and destroyed by one thread; the work runs on its own
// thread with its own transactions.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "db/database.hpp"
#include "feedback/petition_service.hpp"
#include "onestop/dossier_service.hpp"

namespace cqdt::app {

// One escalation sweep as the timer runs it, apart from its thread (so that a test runs it):
// `due` is asked in a read transaction, and only when it answers yes (or cannot answer) is
// `period` of the job "onestop.escalation" taken and `escalate` run in a write transaction, so
// that a sweep with nothing to write never holds the write lock. Logs what it did; an
// infrastructure fault (the database away) is logged and left to the next sweep.
struct EscalationSweep {
  std::function<Result<bool>(db::Transaction&)> due;
  std::function<Result<onestop::EscalationReport>(db::Transaction&)> escalate;
};
enum class EscalationSweepOutcome {
  kNothingDue,      // `due` said no: no write transaction was begun
  kTakenElsewhere,  // the period was taken already (a second instance, an earlier sweep)
  kSwept,           // `escalate` ran and committed
  kFailed,          // `escalate` or the commit failed, or an exception (logged)
};
EscalationSweepOutcome SweepEscalations(db::Database& db, const EscalationSweep& sweep,
                                        const std::string& period, std::int64_t now);

class EscalationTimer {
 public:
  // The collaborators must outlive the timer.
  // `petitions` may be null (no feedback sweep).
  EscalationTimer(db::Database& db, const onestop::DossierService& dossiers,
                  std::chrono::minutes every, const feedback::PetitionService* petitions = nullptr);
  ~EscalationTimer();
  EscalationTimer(const EscalationTimer&) = delete;
  EscalationTimer& operator=(const EscalationTimer&) = delete;

 private:
  void Loop();
  void RunOnce();
  void SweepFeedback();

  db::Database& db_;
  const onestop::DossierService& dossiers_;
  const feedback::PetitionService* petitions_;
  const std::chrono::minutes every_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace cqdt::app
