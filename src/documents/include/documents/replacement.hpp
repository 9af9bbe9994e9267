// Replacing a released outgoing document by a new one (decision 0009; the recipients see which
// one stands, delivery_service.hpp): one use case over the outgoing and the delivery services,
// so that a replacement is made and linked in ONE transaction.
//
// CreateReplacement makes a new draft from the released document `released` — its type, urgency,
// confidentiality, description, signer and recipients, with the new `subject` — drafted by `p`,
// and links it (DeliveryService::SetLinks, replacesId): releasing the draft later marks the old
// document `replaced` for every recipient. Runs in the caller's write transaction; on any error
// the caller rolls back and no draft is left behind.
// Errors: kNotFound when `p` may not see `released`; kFailedPrecondition when it is not released
// (FailedPrecondition, Vietnamese message); CreateDraft's (kInvalidArgument "subject", …) and
// SetLinks' (kPermissionDenied, …) errors as they are.
// Thread safety: stateless; the services are the caller's.
#pragma once

#include <string>

#include "audit/audit_log.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/delivery_service.hpp"
#include "documents/outgoing_service.hpp"
#include "identity/principal.hpp"

namespace cqdt::documents {

Result<OutgoingDocument> CreateReplacement(db::Transaction& tx, OutgoingService& outgoing,
                                           DeliveryService& deliveries,
                                           const identity::Principal& p, const audit::Actor& actor,
                                           DocumentId released, const std::string& subject);

}  // namespace cqdt::documents
