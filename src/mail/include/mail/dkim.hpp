// DKIM signatures (RFC 6376) for the messages cqdt sends, and their verification.
//
// Canonicalisation (RFC 6376 §3.4): the four functions below, "simple" and "relaxed" for header
// fields and bodies, exactly as the RFC defines them (the relaxed empty body is the empty string,
// erratum 1384). Their input uses CRLF line ends.
//
// Signing: DkimSigner adds one DKIM-Signature field at the top of a message:
//   v=1; a=rsa-sha256; c=relaxed/relaxed; d=<domain>; s=<selector>; t=<now>;
//   h=<the fields present among from, reply-to, to, cc, subject, date, message-id, mime-version,
//      content-type, list-unsubscribe, list-unsubscribe-post, auto-submitted — each as many
//      times as it occurs — and "from" once more, so that a From field added later breaks the
//      signature (over-signing)>; bh=<SHA-256 of the relaxed body>; b=<RSA PKCS#1 v1.5 signature>
// folded over lines of at most 78 characters. Line ends of the input are normalised to CRLF first
// (a bare LF becomes CRLF), and the returned bytes are the ones that were signed: send them as
// they are (an SMTP client that rewrites line ends or re-encodes parts breaks the signature).
// The key is a crypto::PrivateKey (RSA, 1024 bits at least; 2048 recommended — RFC 8301), from a
// PEM file, PKCS#12 or a PKCS#11 token alike.
//
// Verification: DkimVerify checks the message's DKIM-Signature fields with a public key the
// caller already knows (a PEM "PUBLIC KEY" or the DNS TXT value "v=DKIM1; k=rsa; p=..."): DNS
// lookups and the choice of key by d= and s= are the caller's job (the returned domain and
// selector say which key the signature asked for). Only rsa-sha256 is accepted (rsa-sha1 is
// refused, RFC 8301); a signature with l= (a body length, which lets anyone append content) is
// refused; h= must include from. Several signatures: the first that passes wins, otherwise the
// first one's failure is reported.
//
// Thread safety: pure functions; a DkimSigner is immutable and may be shared between threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "crypto/x509.hpp"

namespace cqdt::mail {

// One header field, as it appears in the message ("Name: value\r\n", continuation lines included;
// the trailing CRLF may be missing). Relaxed: "name:value\r\n" with the name lower-cased, the
// value unfolded, runs of whitespace made one space, whitespace around the colon and at the end
// removed. Simple: the field unchanged (CRLF added when missing).
std::string CanonicalizeHeaderRelaxed(std::string_view field);
std::string CanonicalizeHeaderSimple(std::string_view field);

// The body (everything after the empty line that ends the header). Simple: trailing empty lines
// removed, the last line ended with CRLF; an empty body becomes "\r\n". Relaxed: also whitespace
// at line ends removed and runs of whitespace within lines made one space; an empty body stays
// empty.
std::string CanonicalizeBodySimple(std::string_view body);
std::string CanonicalizeBodyRelaxed(std::string_view body);

class DkimSigner {
 public:
  // `domain` is d= (the signing domain, normally the From address's domain), `selector` s=; both
  // must be dot-separated LDH labels. `clock` (for t=) must outlive the signer.
  // Errors: InvalidArgument ("domain", "selector", "key": not RSA or under 1024 bits).
  static Result<DkimSigner> Create(std::string domain, std::string selector, crypto::PrivateKey key,
                                   const Clock& clock);

  // `message`: the whole message (header, empty line, body). Returns it with the DKIM-Signature
  // field prepended and line ends normalised to CRLF.
  // Errors: Malformed when there is no header or no From field; Unavailable when the key refuses
  // to sign (a token that was removed).
  Result<std::string> Sign(std::string_view message) const;

  const std::string& domain() const { return domain_; }
  const std::string& selector() const { return selector_; }

 private:
  DkimSigner(std::string domain, std::string selector, crypto::PrivateKey key, const Clock& clock)
      : domain_(std::move(domain)),
        selector_(std::move(selector)),
        key_(std::move(key)),
        clock_(&clock) {}

  std::string domain_;
  std::string selector_;
  crypto::PrivateKey key_;
  const Clock* clock_;
};

enum class DkimStatus { kPass, kFail, kNone };

struct DkimVerification {
  DkimStatus status = DkimStatus::kNone;
  // Stable reason: "ok", "no-signature", "malformed-signature", "unsupported-version",
  // "unsupported-algorithm", "from-not-signed", "body-length-tag", "expired", "key-malformed",
  // "key-revoked", "key-too-small", "key-mismatch" (k= or the key type is not RSA),
  // "body-hash-mismatch", "signature-mismatch".
  std::string reason;
  std::string message;   // Vietnamese, for people
  std::string domain;    // d= of the signature reported (empty when there is none)
  std::string selector;  // s=
};

// `public_key`: PEM ("-----BEGIN PUBLIC KEY-----") or a DNS TXT record value (quoted character
// strings, as dig prints them, are joined). `now`, when given, is checked against x=.
DkimVerification DkimVerify(std::string_view message, std::string_view public_key,
                            std::optional<TimePoint> now = std::nullopt);

// The public half of `key`: "-----BEGIN PUBLIC KEY-----" PEM (SubjectPublicKeyInfo).
Result<std::string> DkimPublicKeyPem(const crypto::PrivateKey& key);
// The TXT record to publish at <selector>._domainkey.<domain>: "v=DKIM1; k=rsa; p=<base64 of the
// DER SubjectPublicKeyInfo>". From a private key, or from a public key PEM.
// Errors: InvalidArgument ("key") for anything but an RSA key; Malformed for a PEM that is not a
// public key.
Result<std::string> DkimDnsRecord(const crypto::PrivateKey& key);
Result<std::string> DkimDnsRecord(std::string_view public_key_pem);

}  // namespace cqdt::mail
