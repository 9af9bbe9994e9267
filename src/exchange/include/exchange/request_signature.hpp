// Signed requests between exchange hubs (decision 0019: federation authenticates hubs with
// signed requests, not mutual TLS). A request carries
//   Content-Digest: sha-256=:<base64 of the body's SHA-256>:                         (RFC 9530)
//   Signature-Input: hub=("@method" "@path" "@query" "@authority" "content-type"
//                         "content-digest");created=<unix>;keyid="<hex>";nonce="<n>";alg="<alg>"
//                    (one line on the wire)
//   Signature: hub=:<base64 of the signature over the RFC 9421 §2.5 signature base>:
// (RFC 9421 HTTP Message Signatures). `keyid` is the lower-case hex SHA-256 fingerprint of the
// signer's certificate (crypto::Certificate::FingerprintSha256), which the receiving hub has
// pinned when an admin registered the peer. `alg` follows the key: "rsa-v1_5-sha256" for RSA keys
// of 2048 bits or more, "ecdsa-p256-sha256" for EC P-256 keys (the raw r||s form of §3.3.4).
// "@query" is covered beside the five components of the decision because RFC 9421's "@path"
// stops at the '?': without it a query could be changed under a valid signature. `created`
// stands for the Date of the decision (an integer the signature covers, no date parsing).
//
// Pure functions over plain values: the http/api layers fill SignedRequestParts from the message
// they send or received, and the caller keeps the replay record (VerifiedRequest::nonce, unique
// per keyid within the time window) and the peer registry (the `find_key` callback).
// Thread safety: free functions; `find_key` is called at most once per call, on the caller's
// thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "crypto/x509.hpp"

namespace cqdt::exchange {

// What the signer or the verifier knows about one HTTP request.
struct SignedRequestParts {
  std::string method;        // "POST" (case-sensitive, as on the wire)
  std::string path;          // the request target in origin form, query included: "/a/b?x=1"
  std::string authority;     // the Host header: "127.0.0.1:8443" (compared lower-cased)
  std::string content_type;  // the Content-Type header's value
  std::string body;          // hashed once, in place (may be tens of MB)
};

// The three header values a signed request carries (without the header names).
struct RequestSignatureHeaders {
  std::string content_digest;   // Content-Digest
  std::string signature_input;  // Signature-Input
  std::string signature;        // Signature
};

// Signs `r` with `key` (its certificate gives keyid and alg), created at `now_unix` (seconds
// since 1970, UTC). `nonce` must be unique per request; crypto::RandomToken(16) is a good one.
// Errors: InvalidArgument for a nonce that is not 1-128 printable ASCII characters without
// spaces ("nonce") or a
// method, path, authority or content type that cannot be signed (empty, a control character, a
// path not starting with '/'); Unsupported for a key that is neither RSA >= 2048 bits nor EC
// P-256; the errors of crypto::SignDigest (Unavailable when a token refuses).
Result<RequestSignatureHeaders> SignRequest(const SignedRequestParts& r,
                                            const crypto::SigningKey& key, std::int64_t now_unix,
                                            std::string nonce);

// What a verified request proves: which registered key signed it, when, and its nonce (the
// caller refuses a (keyid, nonce) pair it has seen within the window: replay).
struct VerifiedRequest {
  std::string keyid;
  std::int64_t created = 0;
  std::string nonce;
};

// Looks up the certificate registered for a keyid; nullopt when no peer has it.
using FindRequestKey = std::function<std::optional<crypto::Certificate>(const std::string& keyid)>;

// Verifies the signature labelled "hub" of a received request. Refused, in this order, when: a
// header (Signature-Input, Signature, Content-Digest, Content-Type) is missing; Signature-Input or
// Signature is not an RFC 8941 dictionary of the accepted shapes (inner lists of strings with
// integer or string parameters; byte sequences) or has no "hub" member; the covered components
// are not exactly the six above (in any order, each once); the parameters are not exactly
// created, keyid, nonce and alg; `created` lies more than `window_seconds` before or after
// `now_unix`; a covered part of the request holds a control character; `find_key(keyid)` finds
// nothing, or a certificate whose fingerprint is not keyid; alg is not the one the certificate's
// key calls for; the signature does not verify; Content-Digest has no sha-256 digest; the body's
// SHA-256 is not that digest (compared in constant time). The body is hashed only once the
// signature holds.
// Errors: Unauthenticated with a Vietnamese message saying what failed, and one FieldError naming
// the header at fault ("request" for a part of the request line or Host) and a stable reason
// code: missing, malformed, components, parameters, expired, not-yet-valid, unknown-key,
// algorithm, signature, digest-mismatch.
Result<VerifiedRequest> VerifyRequest(const SignedRequestParts& r, const RequestSignatureHeaders& h,
                                      const FindRequestKey& find_key, std::int64_t now_unix,
                                      std::int64_t window_seconds = 300);

}  // namespace cqdt::exchange
