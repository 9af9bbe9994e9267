// The signer's signature of an outgoing document with their own USB token (issue 10 item 3;
// decision 0008 for the two steps, decision 0009 for the flow). The number and the date stay
// blank for the clerk, as with a server-held key (OutgoingService::Sign).
//
//   Prepare  — the document's signer, in state `approved`, declares the token's certificate
//              (and chain). signing::ExternalSigningService checks that it is trusted, valid, not
//              revoked and bound to the caller's account (registered, confirmed by an admin), and
//              builds the PAdES incremental update of the newest draft PDF with the signer's
//              visible appearance (Phụ lục I). The preparation is bound here
//              (documents_token_signature) to the document and to that draft version.
//   Complete — the token's value (or CMS) for a preparation of this document. The external
//              service checks it against the declared certificate over the prepared digest and
//              embeds it; only then is the result stored as the `signed` file and the document
//              moved approved -> signed. A completion for another document, by another user, for
//              a draft version that is no longer the newest, twice, or after the document left
//              `approved` is refused and changes nothing.
//
// Every method runs in the caller's write transaction (commit on success, roll back on error),
// checks `expected_version` (the client's If-Match) like OutgoingService, and writes a timeline
// event and an audit entry (`documents.outgoing.*`). Preparing does not change the document (its
// version stays): it records only the binding and the external service's audit entry.
// Errors: kNotFound (not visible; no such preparation for this document), kPermissionDenied (not
// the signer; the certificate is not the caller's), kFailedPrecondition (wrong state, no draft
// PDF, the draft changed since the preparation, an untrusted certificate), kConflict (stale
// version; completed already), kBadSignature (the value does not match), kUnavailable (the
// token service is not configured), and the external service's own errors.
// Thread safety: stateless beyond its collaborators; safe to share.
#pragma once

#include <cstdint>
#include <vector>

#include "crypto/x509.hpp"
#include "documents/outgoing_service.hpp"
#include "signing/external_signing.hpp"

namespace cqdt::documents {

class TokenSigningService {
 public:
  // Shares the collaborators of `outgoing`; both must outlive it. `external` may be null (no
  // token signing on this instance: kUnavailable).
  TokenSigningService(const OutgoingService& outgoing, signing::ExternalSigningService* external)
      : outgoing_(outgoing), external_(external) {}

  Result<signing::Preparation> Prepare(db::Transaction& tx, const identity::Principal& p,
                                       const audit::Actor& actor, DocumentId id,
                                       std::int64_t expected_version,
                                       const std::vector<crypto::Certificate>& certificates);

  // `value.id` is the preparation id Prepare returned.
  Result<OutgoingDocument> Complete(db::Transaction& tx, const identity::Principal& p,
                                    const audit::Actor& actor, DocumentId id,
                                    std::int64_t expected_version,
                                    const signing::ExternalCompleteRequest& value);

 private:
  const OutgoingService& outgoing_;
  signing::ExternalSigningService* external_;
};

}  // namespace cqdt::documents
