// The escalation timer's sweep (escalation_timer.hpp): it asks whether anything is due in a
// read transaction and takes the write lock only when something is, once per period across
// instances.
#include "escalation_timer.hpp"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "db/claims.hpp"
#include "testing_migrated_db.hpp"

namespace cqdt::app {
namespace {

class EscalationSweepTest : public MigratedDatabaseTest {
 protected:
  // What `escalate` did: its calls, each leaving a mark in its transaction (a row of
  // db_job_period) that shows whether the sweep committed it.
  EscalationSweep Sweep(Result<bool> due) {
    return EscalationSweep{
        .due = [due](db::Transaction&) { return due; },
        .escalate = [this](db::Transaction& tx) -> Result<onestop::EscalationReport> {
          ++escalations_;
          db::TakePeriod(tx, "test.escalated", std::to_string(100000 + escalations_), 0);
          return onestop::EscalationReport{.steps = 1, .dossiers = 0};
        },
    };
  }
  // The period recorded for `job`, or "" when none was ever taken.
  std::string PeriodOf(const std::string& job) {
    auto tx = db_->BeginRead();
    std::string period;
    soci::indicator ind = soci::i_null;
    tx.sql() << "SELECT period FROM db_job_period WHERE job = :j", soci::use(job),
        soci::into(period, ind);
    return ind == soci::i_ok ? period : "";
  }

  int escalations_ = 0;
};

TEST_F(EscalationSweepTest, NothingDueTakesNeitherTheWriteLockNorThePeriod) {
  // The check the soak needed: a sweep with nothing new begins no write transaction, so it
  // neither takes this period (a later sweep in it, once something is due, still runs) nor
  // calls the sweep.
  EXPECT_EQ(SweepEscalations(*db_, Sweep(false), "000000000001", 60),
            EscalationSweepOutcome::kNothingDue);
  EXPECT_EQ(escalations_, 0);
  EXPECT_EQ(PeriodOf("onestop.escalation"), "");

  EXPECT_EQ(SweepEscalations(*db_, Sweep(true), "000000000001", 120),
            EscalationSweepOutcome::kSwept);
  EXPECT_EQ(escalations_, 1);
  EXPECT_EQ(PeriodOf("onestop.escalation"), "000000000001");
  EXPECT_EQ(PeriodOf("test.escalated"), "100001") << "the sweep's writes are committed";
}

TEST_F(EscalationSweepTest, SweepsOncePerPeriod) {
  EXPECT_EQ(SweepEscalations(*db_, Sweep(true), "000000000007", 60),
            EscalationSweepOutcome::kSwept);
  // The same period again (a second instance, or the timer woken early): taken, not swept.
  EXPECT_EQ(SweepEscalations(*db_, Sweep(true), "000000000007", 90),
            EscalationSweepOutcome::kTakenElsewhere);
  EXPECT_EQ(escalations_, 1);
  EXPECT_EQ(SweepEscalations(*db_, Sweep(true), "000000000008", 120),
            EscalationSweepOutcome::kSwept);
  EXPECT_EQ(escalations_, 2);
}

TEST_F(EscalationSweepTest, SweepsWhenTheCheckCannotAnswer) {
  // The read-first check is an optimisation: when it fails, the sweep runs as it always did.
  EXPECT_EQ(SweepEscalations(*db_, Sweep(Fail(Error::Unavailable("thử"))), "000000000003", 60),
            EscalationSweepOutcome::kSwept);
  EXPECT_EQ(escalations_, 1);
}

TEST_F(EscalationSweepTest, AFailedSweepLeavesThePeriodForTheNextAttempt) {
  EscalationSweep failing = Sweep(true);
  failing.escalate = [this](db::Transaction& tx) -> Result<onestop::EscalationReport> {
    ++escalations_;
    db::TakePeriod(tx, "test.escalated", "100001", 0);
    return Fail(Error::FailedPrecondition("thử"));
  };
  EXPECT_EQ(SweepEscalations(*db_, failing, "000000000005", 60), EscalationSweepOutcome::kFailed);
  EXPECT_EQ(PeriodOf("onestop.escalation"), "") << "rolled back with the failed sweep";
  EXPECT_EQ(PeriodOf("test.escalated"), "");
  EXPECT_EQ(SweepEscalations(*db_, Sweep(true), "000000000005", 90),
            EscalationSweepOutcome::kSwept);
  EXPECT_EQ(escalations_, 2);
}

}  // namespace
}  // namespace cqdt::app
