// The steps every action on an incoming document shares (assignment_service.cpp and
// processing_service.cpp): the length check of a text field, the save with its timeline event,
// audit entry and delivery report, and the notice to one user.
#pragma once

#include <cstdint>
#include <string>

#include "audit/audit_log.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/document.hpp"
#include "notify/outbox.hpp"

namespace cqdt::documents::incoming_steps {

// kValidation naming `field` unless `value` has from `min` to `max` code points.
Status CheckText(const char* field, const std::string& value, std::size_t min, std::size_t max);

// Writes the change (version checked in the UPDATE: kConflict when someone changed it), the
// timeline event, the audit entry, and — for a document registered from a delivery — the
// progress report to the sender (04/05/06).
Result<Document> Save(db::Transaction& tx, audit::AuditLog& audit, const audit::Actor& actor,
                      Document d, std::int64_t now, const std::string& action,
                      const std::string& detail);

// One notice to `to` about `d`, linked to its page; unique to this change.
Status Notify(db::Transaction& tx, const notify::Outbox& outbox, UserId to, const Document& d,
              const std::string& kind, const std::string& text_vi, std::int64_t now);

}  // namespace cqdt::documents::incoming_steps
