// Writing edXML packages (issue 14 item 1): strict QCVN 102:2016 output — the standard namespace
// as the default on `edXML` and as the `edXML:` prefix from `edXMLEnvelope` down, the standard's
// element order and spellings (`Bussiness`), dates yyyy/MM/dd, DocumentType from its name's code
// table (edxml.md §3.3), Priority 4 written as 3 (Decree 30/2020), attachments in the manifest
// and in AttachmentEncoded joined by `cid:` ids, formats other than PDF/Word/Excel/ZIP zipped
// under application/zip with their name kept (edxml.md §5 rule 4, vector T7).
//
// The result is unsigned: xml::SignEnveloped (or signing::SigningService) places the signature
// as the last child of edXMLHeader (edxml.md §6).
// Thread safety: free functions.
#pragma once

#include <string>

#include "core/result.hpp"
#include "exchange/package.hpp"

namespace cqdt::exchange {

// Errors: InvalidArgument naming the element (From/OrganId, To, DocumentId, Subject,
// AttachmentName, ...) when a required item is missing; Internal when zipping fails.
Result<std::string> BuildDocumentPackage(const DocumentPackage& package);
// Errors: InvalidArgument for a missing From/OrganId, ResponseFor/DocumentId, an unknown
// StatusCode or a missing Timestamp.
Result<std::string> BuildStatusPackage(const StatusPackage& status);

// The content type cqdt writes for a file name (edxml.md §5 rule 6), and whether the file travels
// zipped.
std::string ContentTypeFor(const std::string& file_name);
bool TravelsZipped(const std::string& file_name);

}  // namespace cqdt::exchange
