// What the server's daily timers run (daily_timer.hpp): each job in its own write transaction,
// logging what it did or why it could not.
#pragma once

#include <string>

#include "blob/blob_store.hpp"
#include "core/clock.hpp"
#include "db/database.hpp"
#include "documents/queue_service.hpp"
#include "org/agency_service.hpp"
#include "proactive/offer_service.hpp"
#include "quality/index766.hpp"

namespace cqdt::app {

// "YYYY-MM-DD" of `t` in Vietnam: the period a daily job takes (db::TakePeriod), so that with
// several instances each job runs once a day (decision 0024).
std::string VietnamDay(TimePoint t);

// The day's deadline reminders (issue 10, item 5; deduplicated per day).
void RemindDocuments(db::Database& db, const documents::QueueService& queues);

// The day's Decision 766 snapshot (issue 13, item 9; one row per day and unit).
void SnapshotIndex766(db::Database& db, const org::AgencyService& agencies,
                      const quality::RuleSet& rules, const Clock& clock);

// The day's proactive-service offers (issue 13, item 8; one per rule and source dossier).
void SweepProactive(db::Database& db, proactive::OfferService& offers);

// The day's orphan sweep (issue 16): the blobs no row of any module names, stored or refreshed
// more than 24 hours ago (blob/sweeper.hpp, as `cqdt blob sweep`). Once a day across instances:
// the day is taken before the sweep, so a crash in it leaves the rest to the next day.
void SweepBlobs(db::Database& db, blob::BlobStore& store, const Clock& clock);

}  // namespace cqdt::app
