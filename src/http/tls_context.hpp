// The server's TLS settings as OpenSSL contexts (Asio's ssl::context), and the slot that hands
// the current one to new connections.
#pragma once

#include <memory>
#include <mutex>

#include <boost/asio/ssl/context.hpp>

#include "core/result.hpp"
#include "http/server.hpp"

namespace cqdt::http {

using TlsContext = boost::asio::ssl::context;

// A server context from `options`: TLS 1.2 and 1.3 only; for TLS 1.2 ECDHE key exchange with
// AES-GCM or ChaCha20-Poly1305 only (no CBC, no RSA key exchange, no SHA-1 MACs); the server's
// cipher order; no compression, no renegotiation. The certificate chain and key come from the
// files, and the key must match the certificate.
// Errors: kInvalidArgument on field "cert_file" or "key_file" with a Vietnamese message naming
// the file; OpenSSL's own reason goes to the log only.
Result<std::shared_ptr<TlsContext>> MakeServerTlsContext(const TlsOptions& options);

// The context new connections start with. Reload() builds a whole new context and swaps it in;
// a connection holds a reference to the one it started with, so nothing open is disturbed.
// Thread safety: every method may be called from any thread.
class TlsContextSlot {
 public:
  explicit TlsContextSlot(TlsOptions options) : options_(std::move(options)) {}

  // Loads the files; on failure the current context (if any) stays and the error is returned.
  Status Reload();
  // The current context; null before the first successful Reload().
  std::shared_ptr<TlsContext> Current() const;

 private:
  const TlsOptions options_;
  mutable std::mutex mutex_;
  std::shared_ptr<TlsContext> current_;
};

}  // namespace cqdt::http
