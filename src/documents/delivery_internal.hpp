// Helpers shared by the sender side (delivery_service.cpp) and the recipient side
// (delivery_reception.cpp) of delivery (private to documents).
#pragma once

#include <string>
#include <vector>

#include "delivery_repository.hpp"
#include "documents/delivery_service.hpp"

namespace cqdt::documents::delivery_internal {

// A staff member of `agency` acting in person (not through an API token).
bool IsStaffOf(const identity::Principal& p, AgencyId agency);

// A reason or note given by a person (untrusted): 1..1000 code points when `required`, else
// 0..1000. Returns the trimmed text or the field error.
Result<std::string> CheckReason(const std::string& value, const char* field, bool required);

// Applies `reported` to `d` (NextDeliveryStatus): a move updates the summary (version checked),
// a stale report changes only the history; both add a history line. A contradiction is
// returned as kFailedPrecondition and records nothing.
Result<Delivery> Report(db::Transaction& tx, Delivery d, DeliveryStatus reported,
                        const audit::Actor& actor, const std::string& reason, std::int64_t now);

// A notice to every active clerk of `agency` except `actor`; `text_vi` is a catalog message.
Status NotifyClerks(db::Transaction& tx, const notify::Outbox& outbox,
                    const identity::IdentityService& identity, AgencyId agency, UserId actor,
                    const std::string& kind, const std::string& text_vi, const std::string& link,
                    const std::string& dedup_key);

}  // namespace cqdt::documents::delivery_internal
