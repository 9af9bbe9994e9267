// The review of an outgoing draft (documents_review; Decree 30/2020 art. 10-12, decision 0009):
// the drafter submits it; the head of the drafting unit approves it or returns it with comments;
// then the competent person who will sign (the draft's signer) approves it or returns it.
// Approval by the signer makes the document `approved` (ready for the signature); a return sends
// it back to `draft` with the comment, and a new submission starts the review again.
//
// As OutgoingService (outgoing_service.hpp): every method runs in the caller's write transaction,
// checks `expected_version`, and writes a timeline event, an audit entry (`documents.outgoing.*`)
// and the notices (notify::Outbox) to the next person: the reviewer whose turn it is, the drafter
// on a return or the final approval.
// Errors: as OutgoingService; and kInvalidArgument "unitHeadId" (not an active staff member of
// the agency, or the drafter), "signerId" (submitting a draft without a signer), "comment"
// (required to return, at most 2000 characters); kPermissionDenied when the caller is not the
// reviewer whose turn it is.
// Thread safety: stateless beyond its collaborators; safe to share.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "audit/audit_log.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/outgoing.hpp"
#include "documents/outgoing_service.hpp"
#include "identity/principal.hpp"

namespace cqdt::documents {

struct SubmitInput {
  // The head of the drafting unit who reviews first; unset: straight to the signer (a leader
  // drafting their own document, a unit without a head).
  std::optional<UserId> unit_head_id;
  std::string comment;
};

class ReviewService {
 public:
  // Shares the collaborators of `outgoing`, which must outlive it.
  explicit ReviewService(const OutgoingService& outgoing) : outgoing_(outgoing) {}

  // draft -> in_review, by the drafter. The draft needs a signer and at least one draft file.
  Result<OutgoingDocument> Submit(db::Transaction& tx, const identity::Principal& p,
                                  const audit::Actor& actor, DocumentId id,
                                  std::int64_t expected_version, const SubmitInput& in);
  // The reviewer whose turn it is approves: the unit head's approval passes the draft to the
  // signer; the signer's makes it `approved`.
  Result<OutgoingDocument> Approve(db::Transaction& tx, const identity::Principal& p,
                                   const audit::Actor& actor, DocumentId id,
                                   std::int64_t expected_version, const std::string& comment);
  // The reviewer whose turn it is (or, once approved, the signer) returns the draft to its
  // drafter with `comment` (1..2000 characters): -> draft.
  Result<OutgoingDocument> Return(db::Transaction& tx, const identity::Principal& p,
                                  const audit::Actor& actor, DocumentId id,
                                  std::int64_t expected_version, const std::string& comment);

 private:
  const OutgoingService& outgoing_;
};

}  // namespace cqdt::documents
