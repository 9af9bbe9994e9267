// The public certificates cqdt ships so that real Vietnamese signatures verify out of the box:
// the national root of NEAC (Vietnam National Root CA) and the Government Cipher Committee's
// specialised root (Ban Cơ yếu Chính phủ), plus one of its sub-CAs as a path-building aid. The
// files live in src/signing/data/trust/ with a manifest (bundled.tsv: role, SHA-256, name) and
// SOURCES.md (where each was found and which independent sources agree on its fingerprint); CMake
// compiles them into the binary.
//
// TrustService::SeedBundledAnchors offers the anchors to the document trust store once per
// database; TrustService::LoadStore adds the intermediates to every document store.
//
// Thread safety: immutable data, built on first use.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "crypto/x509.hpp"

namespace cqdt::signing {

struct BundledCertificate {
  std::string file;     // "vnrca256.pem"
  bool anchor = false;  // true: trusted for documents (once); false: an intermediate that only
                        // helps build paths to an anchor
  std::string sha256;   // the recorded SHA-256 fingerprint of the DER, lower-case hex
  std::string name;     // display name, e.g. "Vietnam National Root CA (NEAC, SHA-256)"
  std::string pem;      // the file; "" when the manifest names a file that is not there
};

// The manifest's entries, in its order.
const std::vector<BundledCertificate>& BundledCertificates();

// The certificate, only when `entry.pem` parses to exactly one certificate whose SHA-256 is the
// recorded one (a mismatch means the data was altered: it is never trusted).
std::optional<crypto::Certificate> VerifiedCertificate(const BundledCertificate& entry);

}  // namespace cqdt::signing
