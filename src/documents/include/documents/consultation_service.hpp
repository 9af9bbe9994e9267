// Consultation (góp ý) on an outgoing draft (issue 10 item 3; Decree 30/2020 art. 10.1: the
// drafting unit seeks the opinions of the units concerned; decision 0009). While the head of the
// drafting unit has the draft (its `unit_head` review is pending), the drafter or that unit head
// asks other people of the agency — the heads of the units concerned — for their opinion: one
// `consult` review each. Each consulted person answers once: agrees (an optional comment) or has
// objections (a comment, required). The signer's turn comes only after every consultation is
// answered: a unit head approving while some are pending hands the draft on when the last one
// answers; a return to the drafter closes those still pending.
//
// As ReviewService: the caller's write transaction, `expected_version` checked, a timeline event,
// an audit entry (`documents.outgoing.consultation_requested` / `.consulted`) and notices (to each
// consulted person; to the drafter on every answer; to the signer when their turn comes).
// Errors: kNotFound (not visible), kFailedPrecondition (not in review, or past the unit head's
// step), kPermissionDenied (not the drafter nor the unit head; no pending consultation of the
// caller), kInvalidArgument "reviewerIds" (1..20 active staff of the agency, not the drafter nor
// the signer, not asked already), "comment" (at most 2000 characters; required with objections),
// kConflict (stale version).
// Thread safety: stateless beyond its collaborators; safe to share.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "documents/outgoing_service.hpp"

namespace cqdt::documents {

constexpr std::size_t kMaxConsulted = 20;

struct ConsultInput {
  std::vector<UserId> reviewer_ids;
  std::string comment;  // what the drafter asks about
};

class ConsultationService {
 public:
  explicit ConsultationService(const OutgoingService& outgoing) : outgoing_(outgoing) {}

  Result<OutgoingDocument> Request(db::Transaction& tx, const identity::Principal& p,
                                   const audit::Actor& actor, DocumentId id,
                                   std::int64_t expected_version, const ConsultInput& in);
  // The caller's pending consultation: `agree`, or objections in `comment`.
  Result<OutgoingDocument> Answer(db::Transaction& tx, const identity::Principal& p,
                                  const audit::Actor& actor, DocumentId id,
                                  std::int64_t expected_version, bool agree,
                                  const std::string& comment);

 private:
  const OutgoingService& outgoing_;
};

}  // namespace cqdt::documents
