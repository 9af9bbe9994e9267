#include "tls_context.hpp"

#include <ctime>
#include <memory>
#include <string>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <spdlog/spdlog.h>

namespace cqdt::http {
namespace {

namespace ssl = boost::asio::ssl;

// TLS 1.2: forward secrecy (ECDHE) and AEAD only, the order of Mozilla's "intermediate" profile
// without its finite-field DHE (slow, and weak groups in the wild).
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
constexpr const char* kTls13Suites =
    "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";
constexpr const char* kGroups = "X25519:P-256:P-384";

// OpenSSL's error queue as one line for the log (and emptied, so that it does not leak into the
// next call's reasons).
std::string OpenSslErrors() {
  std::string out;
  while (const unsigned long code = ERR_get_error()) {
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    if (!out.empty()) {
      out += "; ";
    }
    out += text;
  }
  return out;
}

std::string AsnTime(const ASN1_TIME* time) {
  std::tm tm{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) {
    return "?";
  }
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

// What the operator wants to see after a (re)load: which certificate is now served, and a
// warning when clients will refuse it for its dates.
void LogCertificate(SSL_CTX* ctx, const TlsOptions& options) {
  X509* cert = SSL_CTX_get0_certificate(ctx);
  if (cert == nullptr) {
    return;
  }
  char subject[512];
  X509_NAME_oneline(X509_get_subject_name(cert), subject, sizeof subject);
  const std::string not_after = AsnTime(X509_get0_notAfter(cert));
  spdlog::info("http: TLS certificate loaded from {}: {} (valid until {})",
               options.cert_file.string(), subject, not_after);
  if (X509_cmp_current_time(X509_get0_notAfter(cert)) < 0) {
    spdlog::warn("http: chứng thư TLS {} đã hết hạn / the TLS certificate expired on {}",
                 options.cert_file.string(), not_after);
  } else if (X509_cmp_current_time(X509_get0_notBefore(cert)) > 0) {
    spdlog::warn("http: chứng thư TLS {} chưa có hiệu lực / the TLS certificate is not valid yet",
                 options.cert_file.string());
  }
}

// No passphrase: an encrypted key is refused rather than prompted for.
int NoPassword(char*, int, int, void*) { return -1; }

Error FileError(const char* field, const std::string& message, const std::string& detail) {
  spdlog::error("http: {} (OpenSSL: {})", message, detail);
  return Error::InvalidField(field, "tls", message);
}

}  // namespace

Result<std::shared_ptr<TlsContext>> MakeServerTlsContext(const TlsOptions& options) {
  ERR_clear_error();
  auto context = std::make_shared<TlsContext>(ssl::context::tls_server);
  SSL_CTX* ctx = context->native_handle();
  const bool configured = SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) == 1 &&
                          SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION) == 1 &&
                          SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) == 1 &&
                          SSL_CTX_set_ciphersuites(ctx, kTls13Suites) == 1 &&
                          SSL_CTX_set1_groups_list(ctx, kGroups) == 1;
  if (!configured) {
    spdlog::error("http: the TLS context cannot be configured: {}", OpenSslErrors());
    return Error::Unavailable("Không khởi tạo được TLS trên máy chủ này.");
  }
  // Compression invites CRIME; renegotiation (TLS 1.2) is a denial-of-service lever and no
  // client of ours needs it. SSL_OP_NO_SSLv2/3 are implied by the minimum version.
  SSL_CTX_set_options(
      ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  // An idle keep-alive connection gives its 2 x 16 KB record buffers back.
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);

  const std::string cert_file = options.cert_file.string();
  const std::string key_file = options.key_file.string();
  boost::system::error_code ec;
  context->use_certificate_chain_file(cert_file, ec);
  if (ec) {
    // Asio took OpenSSL's reason off the queue into `ec`.
    return FileError("cert_file",
                     "Không đọc được chứng thư TLS từ tệp '" + cert_file +
                         "' (cần tệp PEM: chứng thư của máy chủ, tiếp theo là các chứng thư "
                         "trung gian).",
                     ec.message() + " " + OpenSslErrors());
  }
  // The key is read here rather than by use_private_key_file, which cannot tell an unreadable
  // key from one that does not match, and whose default password callback would prompt on the
  // terminal for an encrypted key: a server must fail at start instead.
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(key_file.c_str(), "r"), BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassword, nullptr) : nullptr,
      EVP_PKEY_free);
  if (!key) {
    return FileError(
        "key_file",
        "Không đọc được khóa riêng TLS từ tệp '" + key_file + "' (cần tệp PEM không đặt mật khẩu).",
        OpenSslErrors());
  }
  if (SSL_CTX_use_PrivateKey(ctx, key.get()) != 1 || SSL_CTX_check_private_key(ctx) != 1) {
    return FileError(
        "key_file",
        "Khóa riêng trong tệp '" + key_file + "' không khớp với chứng thư TLS '" + cert_file + "'.",
        OpenSslErrors());
  }
  LogCertificate(ctx, options);
  return context;
}

Status TlsContextSlot::Reload() {
  auto context = MakeServerTlsContext(options_);
  if (!context) {
    return context.error();
  }
  std::lock_guard lock(mutex_);
  current_ = std::move(*context);
  return Ok();
}

std::shared_ptr<TlsContext> TlsContextSlot::Current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

}  // namespace cqdt::http
