// Private to the signing module: the pieces of PDF signing that one-step signing
// (SigningService, a key at hand) and two-step signing (ExternalSigningService, a token behind
// the signing agent) share.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "crypto/cms.hpp"
#include "crypto/x509.hpp"
#include "pdf/pdf.hpp"
#include "signing/signing_service.hpp"

namespace cqdt::signing {

// The PDF signature for `certificate` with the appearance of `options` (Decree 30/2020 Appendix
// I) and /Contents sized for its CMS. Errors: InvalidArgument ("documentNumber") for an
// attachment signature without the main document's number.
Result<pdf::SignatureRequest> BuildPdfRequest(const PdfSignOptions& options,
                                              const crypto::Certificate& certificate,
                                              const std::vector<crypto::Certificate>& chain);

// The CMS options of a PAdES signature: signing-certificate-v2, no signingTime, the chain, and a
// timestamp when `timestamp_url` is set.
crypto::CmsSignOptions PadesCmsOptions(const std::string& timestamp_url);

}  // namespace cqdt::signing
