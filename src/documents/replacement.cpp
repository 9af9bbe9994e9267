#include "documents/replacement.hpp"

#include "documents/document.hpp"

namespace cqdt::documents {

Result<OutgoingDocument> CreateReplacement(db::Transaction& tx, OutgoingService& outgoing,
                                           DeliveryService& deliveries,
                                           const identity::Principal& p, const audit::Actor& actor,
                                           DocumentId released, const std::string& subject) {
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument old, outgoing.Get(tx, p, released));
  const Document& d = old.document;
  // Checked before the draft is made: SetLinks would refuse it too, but only after the draft
  // existed (the caller's rollback would still remove it; this answers without the work).
  if (d.state != OutgoingStateName(OutgoingState::kReleased)) {
    return Error::FailedPrecondition(
        "Chỉ thay thế được văn bản đã phát hành; văn bản này chưa phát hành.");
  }
  DraftInput in;
  in.type_ordinal = d.type_ordinal;
  in.subject = subject;
  in.urgency = UrgencyName(d.urgency);
  in.confidentiality = ConfidentialityName(d.confidentiality);
  in.description = d.description;
  if (old.signer_id.IsSet()) {
    in.signer_id = old.signer_id;
  }
  in.recipients = old.recipients;
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument draft, outgoing.CreateDraft(tx, p, actor, in));
  DocumentLinks links;
  links.replaces_id = d.id;
  return deliveries.SetLinks(tx, p, actor, draft.document.id, draft.document.version, links);
}

}  // namespace cqdt::documents
