// The seal on the attachments of an outgoing document at its issue (private to documents; Decree
// 30/2020 Phụ lục I: each attachment file is signed by the agency's seal with the number and
// notation of the document it belongs to). Called by OutgoingService::Issue inside the issue's
// transaction, after the document's own seal.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "blob/blob_store.hpp"
#include "documents/outgoing_service.hpp"

namespace cqdt::documents {

// Seals the newest version of every attachment of `od` with `in.seal_key_id` and stores each as
// an `issued_attachment` file (the attachment's version); returns the files stored (ids and the
// uploader's name, `p`, filled in). Nothing to do without attachments.
// Errors: those of signing::SigningService::Sign (a wrong seal password: the issue rolls back).
Result<std::vector<OutgoingFile>> SealAttachments(
    db::Transaction& tx, blob::BlobStore& blobs, const signing::SigningService& signing,
    const identity::Principal& p, const audit::Actor& actor, const OutgoingDocument& od,
    const std::string& agency_name, const std::string& number_text, const IssueInput& in,
    std::int64_t now);

}  // namespace cqdt::documents
