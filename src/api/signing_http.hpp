// What the signing routes share (private to api): file names from clients, download headers,
// and the query parameters that describe a PDF signature's appearance.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "crypto/x509.hpp"
#include "http/message.hpp"
#include "signing/signing_service.hpp"

namespace cqdt::api {

http::Response SigningNotReady(const http::Request& req);

// Untrusted input: a file name only for display and Content-Disposition. Keeps letters, digits
// and a few marks; drops paths, quotes and control characters; `fallback` when nothing is left.
std::string SafeUploadName(const std::string& raw, const std::string& fallback);
// `attachment` with an ASCII filename= and the UTF-8 filename*= (RFC 6266).
std::string AttachmentDisposition(const std::string& name);

// The signature request a client describes in the query string: `kind` (pdf|xml|cms; detected
// from `content` when absent), `style`, `page`, `x`, `y`, `width`, `height`, `certify`,
// `reason`, `location`, `documentNumber`, `fileName`. Field errors are appended to `errors`.
struct SignParams {
  signing::SignKind kind = signing::SignKind::kPdf;
  signing::PdfSignOptions pdf;
  std::string file_name;
};
SignParams ParseSignParams(const http::Request& req, const std::string& content,
                           std::vector<FieldError>& errors);

// `X-Signing-Certificate`: the token's certificate, then its issuers, each base64 DER, separated
// by commas (the two-step signing routes). Field errors ("certificate") are appended to `errors`.
std::vector<crypto::Certificate> DeclaredCertificates(const http::Request& req,
                                                      std::vector<FieldError>& errors);

}  // namespace cqdt::api
