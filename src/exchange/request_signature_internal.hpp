// The pieces of request_signature.cpp that tests check against the RFCs' examples: a strict
// subset of RFC 8941 structured fields, the RFC 9421 signature base and the signature algorithms.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.hpp"
#include "crypto/x509.hpp"
#include "exchange/request_signature.hpp"

namespace cqdt::exchange::internal {

// A decoded byte sequence (":base64:").
struct SfBytes {
  std::string bytes;
};

// A parameter: ";key=<integer>" or ";key=\"<string>\"" (booleans, tokens, decimals and byte
// sequences are refused).
struct SfParameter {
  std::string key;
  std::variant<std::int64_t, std::string> value;
};

// An inner list of strings without parameters of their own, with the list's parameters in the
// order they were written.
struct SfInnerList {
  std::vector<std::string> items;
  std::vector<SfParameter> parameters;
};

struct SfMember {
  std::string key;
  std::variant<SfInnerList, SfBytes> value;
};

// Parses an RFC 8941 dictionary whose members are inner lists (as above) or byte sequences
// without parameters. Leading and trailing SP / HTAB are dropped (HTTP's OWS). nullopt for an
// empty field, anything outside the subset, or a key given twice (RFC 8941 keeps the last one;
// refusing removes any doubt about which one a signature meant).
std::optional<std::vector<SfMember>> ParseSfDictionary(std::string_view field);

// RFC 8941 §4.1 serialisations. `s` must be printable ASCII (0x20-0x7E).
std::string SerializeSfString(std::string_view s);
std::string SerializeSfInnerList(const SfInnerList& list);

// The signature base of RFC 9421 §2.5: for each covered component (the strings of `params`)
// the line `"<name>": <value>` + LF, where values[i] belongs to params.items[i], then
// `"@signature-params": <params serialised>` without a final LF. nullopt when the sizes differ or
// a value holds a control character other than HTAB (a newline would forge a line).
std::optional<std::string> SignatureBase(const SfInnerList& params,
                                         const std::vector<std::string>& values);

// The value of one covered component of `r` (RFC 9421 §2.1, §2.2): "@method" as is, "@path" up
// to the '?', "@query" from the '?' ("?" alone when there is none), "@authority" lower-cased,
// "content-type" trimmed, "content-digest" is `content_digest` trimmed. nullopt for another name,
// an empty value, a method that is not an HTTP token, a path not starting with '/', or a control
// character (other than HTAB in a header).
std::optional<std::string> ComponentValue(const SignedRequestParts& r,
                                          std::string_view content_digest, std::string_view name);

// The RFC 9421 algorithm name the certificate's key calls for: "rsa-v1_5-sha256" (RSA of 2048
// bits or more) or "ecdsa-p256-sha256" (a 256-bit EC key); nullopt for anything else.
std::optional<std::string> AlgorithmFor(const crypto::Certificate& certificate);

// Signs `base` with `alg` (from AlgorithmFor): RSASSA-PKCS1-v1_5 / SHA-256 (§3.3.2), or ECDSA
// P-256 / SHA-256 as the 64-byte r||s (§3.3.4). Errors: those of crypto::SignDigest; Internal
// when an ECDSA signature cannot be converted.
Result<std::string> SignBase(const crypto::PrivateKey& key, std::string_view alg,
                             std::string_view base);
// True when `signature` (as SignBase makes it) verifies over `base` with `certificate`'s key.
// For ECDSA only the 64-byte r||s form is accepted (a DER value is refused, as §3.3.4 says).
bool VerifyBase(const crypto::Certificate& certificate, std::string_view alg, std::string_view base,
                std::string_view signature);

}  // namespace cqdt::exchange::internal
