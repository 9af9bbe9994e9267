// Helpers shared by OutgoingService and ReviewService (private to documents): loading an outgoing
// document with its route, the version check, saving, and recording what happened (timeline,
// audit, notices), the day in Vietnam.
#pragma once

#include <string>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "documents/outgoing_service.hpp"

namespace cqdt::documents::outgoing_internal {

// The outgoing document `id` with its signer, recipients, reviews and files (names filled in).
// kNotFound for an id that is not an outgoing document.
Result<OutgoingDocument> Load(db::Transaction& tx, const identity::IdentityService& identity,
                              const org::AgencyService& agencies, DocumentId id);

// The access facts of `d`, with its grants and the writers of the register that numbers it.
AccessFacts Facts(db::Transaction& tx, const RegisterService& registers, const OutgoingDocument& d);
// The access facts of outgoing document `d` from its rows alone (signer, reviewers, grants; not
// the register's writers), for a service without the register service (GrantService).
AccessFacts RouteFacts(db::Transaction& tx, const Document& d);

// kConflict when the client acted on another version than the stored one (optimistic
// concurrency, decision 0009: the api module answers 412 before reaching here).
Status CheckVersion(const Document& d, std::int64_t expected_version);

// Writes `d.document` (version checked and incremented) and reloads it.
Result<OutgoingDocument> Save(db::Transaction& tx, const identity::IdentityService& identity,
                              const org::AgencyService& agencies, const Document& d,
                              std::int64_t now);

// A timeline event and an audit entry `action` about `d`, with `detail` in Vietnamese.
Status Record(db::Transaction& tx, audit::AuditLog& audit, const audit::Actor& actor,
              const Document& d, const std::string& action, const std::string& detail,
              std::int64_t now);

// A notice to `user` about `d` (no notice to the actor themselves, nor to nobody). `text_vi` is a
// message of the catalog; its English rendering is looked up there.
Status Notify(db::Transaction& tx, const notify::Outbox& outbox, UserId user, UserId actor,
              const std::string& kind, const std::string& text_vi, const Document& d);

// Today in Vietnam (UTC+7): the issue date (Decree 30/2020 art. 15.1: the date it is signed and
// issued by the clerk), and the day delegations are checked against.
Date TodayInVietnam(TimePoint t);

// "Văn bản “<subject>”" shortened for a notice.
std::string Title(const Document& d);

}  // namespace cqdt::documents::outgoing_internal
