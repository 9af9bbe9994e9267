#include "tls_context.hpp"

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include "testing_temp_dir.hpp"
#include "testing_tls_cert.hpp"

namespace cqdt::http {
namespace {

namespace fs = std::filesystem;
using tls_testing::CertFiles;
using tls_testing::KeyType;
using tls_testing::MakeSelfSignedCert;

using SslPtr = std::unique_ptr<SSL, decltype(&SSL_free)>;
using SslCtxPtr = std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)>;

constexpr const char* kAnyCipher = "ALL:@SECLEVEL=0";

struct Handshake {
  bool ok = false;
  int version = 0;
  std::string cipher;
  std::string peer_subject;
};

// Runs a complete handshake in memory between `server` and a client that offers `version` (0:
// any; else exactly this one, TLS1_1_VERSION, ...) and the TLS 1.2 `ciphers`. The client runs at
// security level 0 and enables every version it is asked for, so that a refusal can only come
// from the server.
Handshake Shake(TlsContext& server, int version = 0, const char* ciphers = kAnyCipher) {
  ERR_clear_error();
  SslCtxPtr client_ctx(SSL_CTX_new(TLS_client_method()), SSL_CTX_free);
  SSL_CTX_set_security_level(client_ctx.get(), 0);
  SSL_CTX_set_min_proto_version(client_ctx.get(), version);
  SSL_CTX_set_max_proto_version(client_ctx.get(), version);
  EXPECT_EQ(SSL_CTX_set_cipher_list(client_ctx.get(), ciphers), 1);
  SslPtr client(SSL_new(client_ctx.get()), SSL_free);
  SslPtr srv(SSL_new(server.native_handle()), SSL_free);
  BIO* client_bio = nullptr;
  BIO* server_bio = nullptr;
  BIO_new_bio_pair(&client_bio, 0, &server_bio, 0);
  SSL_set_bio(client.get(), client_bio, client_bio);
  SSL_set_bio(srv.get(), server_bio, server_bio);
  SSL_set_connect_state(client.get());
  SSL_set_accept_state(srv.get());
  Handshake result;
  bool client_done = false;
  bool server_done = false;
  // Each round moves the handshake one flight on; a handful suffices, 50 bounds a broken one.
  for (int round = 0; round < 50 && !(client_done && server_done); ++round) {
    if (!client_done) {
      const int r = SSL_do_handshake(client.get());
      client_done = r == 1;
      if (r <= 0 && SSL_get_error(client.get(), r) != SSL_ERROR_WANT_READ) {
        return result;
      }
    }
    if (!server_done) {
      const int r = SSL_do_handshake(srv.get());
      server_done = r == 1;
      if (r <= 0 && SSL_get_error(srv.get(), r) != SSL_ERROR_WANT_READ) {
        return result;
      }
    }
  }
  result.ok = client_done && server_done;
  result.version = SSL_version(client.get());
  result.cipher = SSL_get_cipher_name(client.get());
  if (X509* peer = SSL_get0_peer_certificate(client.get())) {
    char subject[256];
    X509_NAME_oneline(X509_get_subject_name(peer), subject, sizeof subject);
    result.peer_subject = subject;
  }
  return result;
}

class TlsContextTest : public ::testing::Test {
 protected:
  TlsOptions Options(const CertFiles& files) const {
    TlsOptions options;
    options.cert_file = files.cert;
    options.key_file = files.key;
    return options;
  }
  std::shared_ptr<TlsContext> Make(const CertFiles& files) const {
    auto context = MakeServerTlsContext(Options(files));
    EXPECT_TRUE(context) << (context ? "" : context.error().message());
    return context ? *context : nullptr;
  }

  TempDir dir_;
};

TEST_F(TlsContextTest, SpeaksTls13AndTls12) {
  auto context = Make(MakeSelfSignedCert(dir_.path(), "server"));
  ASSERT_TRUE(context);
  const Handshake any = Shake(*context);
  EXPECT_TRUE(any.ok);
  EXPECT_EQ(any.version, TLS1_3_VERSION);
  const Handshake tls12 = Shake(*context, TLS1_2_VERSION);
  EXPECT_TRUE(tls12.ok);
  EXPECT_EQ(tls12.version, TLS1_2_VERSION);
  EXPECT_EQ(tls12.cipher, "ECDHE-ECDSA-AES128-GCM-SHA256");
}

TEST_F(TlsContextTest, RefusesProtocolsBelowTls12) {
  auto context = Make(MakeSelfSignedCert(dir_.path(), "server"));
  ASSERT_TRUE(context);
  EXPECT_EQ(SSL_CTX_get_min_proto_version(context->native_handle()), TLS1_2_VERSION);
  EXPECT_FALSE(Shake(*context, TLS1_1_VERSION).ok);
  EXPECT_FALSE(Shake(*context, TLS1_VERSION).ok);

  // The client above is able to speak TLS 1.1: with the floor lowered the same offer succeeds,
  // so the refusals come from the server's floor.
  SSL_CTX_set_security_level(context->native_handle(), 0);
  SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_VERSION);
  SSL_CTX_set_cipher_list(context->native_handle(), "ALL:@SECLEVEL=0");
  EXPECT_TRUE(Shake(*context, TLS1_1_VERSION).ok);
}

TEST_F(TlsContextTest, RefusesWeakTls12CiphersAndPrefersItsOwnOrder) {
  auto context = Make(MakeSelfSignedCert(dir_.path(), "rsa-server", KeyType::kRsa2048));
  ASSERT_TRUE(context);
  // RSA key exchange (no forward secrecy), CBC with SHA-1 or SHA-384: all refused.
  for (const char* weak :
       {"AES128-SHA", "AES256-GCM-SHA384", "ECDHE-RSA-AES128-SHA", "ECDHE-RSA-AES256-SHA384"}) {
    EXPECT_FALSE(Shake(*context, TLS1_2_VERSION, weak).ok) << weak;
  }
  EXPECT_TRUE(Shake(*context, TLS1_2_VERSION, "ECDHE-RSA-AES256-GCM-SHA384").ok);
  // The client lists ChaCha20 first; the server's order puts AES-128-GCM first and wins.
  const Handshake chosen =
      Shake(*context, TLS1_2_VERSION, "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256");
  EXPECT_TRUE(chosen.ok);
  EXPECT_EQ(chosen.cipher, "ECDHE-RSA-AES128-GCM-SHA256");
}

TEST_F(TlsContextTest, TurnsOffCompressionAndRenegotiation) {
  auto context = Make(MakeSelfSignedCert(dir_.path(), "server"));
  ASSERT_TRUE(context);
  const auto options = SSL_CTX_get_options(context->native_handle());
  EXPECT_NE(options & SSL_OP_NO_COMPRESSION, 0U);
  EXPECT_NE(options & SSL_OP_NO_RENEGOTIATION, 0U);
  EXPECT_NE(options & SSL_OP_CIPHER_SERVER_PREFERENCE, 0U);
}

TEST_F(TlsContextTest, NamesTheFileThatCannotBeUsed) {
  const CertFiles good = MakeSelfSignedCert(dir_.path(), "server");
  const CertFiles other = MakeSelfSignedCert(dir_.path(), "other");

  TlsOptions missing = Options(good);
  missing.cert_file = dir_.path() / "missing.pem";
  auto result = MakeServerTlsContext(missing);
  ASSERT_FALSE(result);
  ASSERT_EQ(result.error().fields().size(), 1U);
  EXPECT_EQ(result.error().fields()[0].field, "cert_file");
  EXPECT_NE(result.error().message().find(missing.cert_file.string()), std::string::npos);

  TlsOptions key_as_cert = Options(good);
  key_as_cert.cert_file = good.key;
  result = MakeServerTlsContext(key_as_cert);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().fields()[0].field, "cert_file");

  TlsOptions mismatched = Options(good);
  mismatched.key_file = other.key;
  result = MakeServerTlsContext(mismatched);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().fields()[0].field, "key_file");
  EXPECT_NE(result.error().message().find("không khớp"), std::string::npos);

  // An encrypted key is refused (never prompted for), as an unreadable key.
  const fs::path encrypted = dir_.path() / "encrypted.key";
  {
    BIO* in = BIO_new_file(good.key.c_str(), "r");
    EVP_PKEY* key = PEM_read_bio_PrivateKey(in, nullptr, nullptr, nullptr);
    BIO_free(in);
    FILE* out = std::fopen(encrypted.c_str(), "w");
    ASSERT_NE(out, nullptr);
    static const char kPassphrase[] = "bi-mat";
    PEM_write_PrivateKey(out, key, EVP_aes_256_cbc(),
                         reinterpret_cast<const unsigned char*>(kPassphrase),
                         sizeof kPassphrase - 1, nullptr, nullptr);
    std::fclose(out);
    EVP_PKEY_free(key);
  }
  TlsOptions locked = Options(good);
  locked.key_file = encrypted;
  result = MakeServerTlsContext(locked);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().fields()[0].field, "key_file");
  EXPECT_NE(result.error().message().find("không đặt mật khẩu"), std::string::npos);
}

TEST_F(TlsContextTest, ReloadSwapsInANewCertificateAndKeepsTheOldOneOnFailure) {
  const fs::path cert = dir_.path() / "live.pem";
  const fs::path key = dir_.path() / "live.key";
  const CertFiles first = MakeSelfSignedCert(dir_.path(), "first");
  const CertFiles second = MakeSelfSignedCert(dir_.path(), "second");
  fs::copy_file(first.cert, cert);
  fs::copy_file(first.key, key);
  TlsContextSlot slot(Options({cert, key}));
  EXPECT_EQ(slot.Current(), nullptr);
  ASSERT_TRUE(slot.Reload());
  const std::shared_ptr<TlsContext> before = slot.Current();
  ASSERT_TRUE(before);
  EXPECT_EQ(Shake(*before).peer_subject, "/CN=first");

  // A good new pair: new handshakes see it; the context an open connection holds is unchanged.
  fs::copy_file(second.cert, cert, fs::copy_options::overwrite_existing);
  fs::copy_file(second.key, key, fs::copy_options::overwrite_existing);
  ASSERT_TRUE(slot.Reload());
  EXPECT_NE(slot.Current(), before);
  EXPECT_EQ(Shake(*slot.Current()).peer_subject, "/CN=second");
  EXPECT_EQ(Shake(*before).peer_subject, "/CN=first");

  // A bad certificate: the reload fails, naming the file, and "second" stays in use.
  std::ofstream(cert, std::ios::trunc) << "-----BEGIN CERTIFICATE-----\nnot base64\n";
  const std::shared_ptr<TlsContext> kept = slot.Current();
  const Status failed = slot.Reload();
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().fields()[0].field, "cert_file");
  EXPECT_EQ(slot.Current(), kept);
  EXPECT_EQ(Shake(*slot.Current()).peer_subject, "/CN=second");

  // A certificate whose key was not replaced with it: refused too.
  fs::copy_file(first.cert, cert, fs::copy_options::overwrite_existing);
  EXPECT_FALSE(slot.Reload());
  EXPECT_EQ(slot.Current(), kept);
}

}  // namespace
}  // namespace cqdt::http
