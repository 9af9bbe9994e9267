// Signatures over a SHA-256 digest, the unit of work of two-step signing: the server prepares a
// digest, the signer's token signs it (through the local signing agent), the server checks and
// embeds the value.
#include <optional>
#include <string>
#include <string_view>

#include "crypto/x509.hpp"
#include "openssl_util.hpp"

namespace cqdt::crypto {
namespace {

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

using EcdsaSigPtr = ossl::Ptr<ECDSA_SIG, ECDSA_SIG_free>;

// The whole buffer as a DER Ecdsa-Sig-Value, or null (untrusted input: trailing bytes refused).
EcdsaSigPtr ParseEcdsaDer(std::string_view der) {
  const unsigned char* p = Bytes(der);
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig || p != Bytes(der) + der.size()) {
    ossl::ClearOpenSslErrors();
    return nullptr;
  }
  return sig;
}

}  // namespace

Result<std::string> SignDigest(const PrivateKey& key, std::string_view sha256) {
  if (sha256.size() != 32) {
    return Error::InvalidField("digest", "format", "Mã băm SHA-256 phải gồm đúng 32 byte.");
  }
  EVP_PKEY* pkey = key.native();
  ossl::EvpPkeyCtxPtr ctx(pkey == nullptr ? nullptr : EVP_PKEY_CTX_new(pkey, nullptr));
  // RSA: PKCS#1 v1.5 with the SHA-256 DigestInfo (OpenSSL wraps the digest when the signature's
  // digest is set); ECDSA signs the bare digest. EVP_PKEY_sign is the one path that both software
  // keys and libp11's token keys implement.
  const bool rsa = key.algorithm() == KeyAlgorithm::kRsa;
  std::size_t size = 0;
  if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1 ||
      (rsa && EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) != 1) ||
      EVP_PKEY_sign(ctx.get(), nullptr, &size, Bytes(sha256), sha256.size()) != 1) {
    ossl::ClearOpenSslErrors();
    return Error::Unavailable(
        "Khóa không ký được (thiết bị ký từ chối hoặc loại khóa không hỗ trợ).");
  }
  std::string out(size, '\0');
  if (EVP_PKEY_sign(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &size, Bytes(sha256),
                    sha256.size()) != 1) {
    ossl::ClearOpenSslErrors();
    return Error::Unavailable(
        "Khóa không ký được (thiết bị ký từ chối hoặc loại khóa không hỗ trợ).");
  }
  out.resize(size);
  return out;
}

bool VerifyDigestSignature(const Certificate& certificate, std::string_view sha256,
                           std::string_view signature) {
  if (sha256.size() != 32 || signature.empty() || certificate.native() == nullptr) {
    return false;
  }
  EVP_PKEY* pub = X509_get0_pubkey(certificate.native());
  ossl::EvpPkeyCtxPtr ctx(pub == nullptr ? nullptr : EVP_PKEY_CTX_new(pub, nullptr));
  const bool rsa = certificate.key_algorithm() == KeyAlgorithm::kRsa;
  const bool ok = ctx && EVP_PKEY_verify_init(ctx.get()) == 1 &&
                  (!rsa || (EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) == 1 &&
                            EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) == 1)) &&
                  EVP_PKEY_verify(ctx.get(), Bytes(signature), signature.size(), Bytes(sha256),
                                  sha256.size()) == 1;
  ossl::ClearOpenSslErrors();
  return ok;
}

std::optional<std::string> EcdsaToDer(std::string_view signature, int half) {
  if (ParseEcdsaDer(signature)) {
    return std::string(signature);
  }
  if (half <= 0 || signature.size() != static_cast<std::size_t>(2 * half)) {
    return std::nullopt;
  }
  EcdsaSigPtr sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(Bytes(signature), half, nullptr);
  BIGNUM* s = BN_bin2bn(Bytes(signature) + half, half, nullptr);
  if (!sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ossl::ThrowOpenSslError("ECDSA_SIG_set0");
  }
  unsigned char* der = nullptr;
  const int len = i2d_ECDSA_SIG(sig.get(), &der);
  if (len <= 0) {
    ossl::ThrowOpenSslError("i2d_ECDSA_SIG");
  }
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

std::optional<std::string> EcdsaToRaw(std::string_view der, int half) {
  EcdsaSigPtr sig = ParseEcdsaDer(der);
  if (!sig || half <= 0) {
    return std::nullopt;
  }
  std::string raw(static_cast<std::size_t>(2 * half), '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out, half) != half ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out + half, half) != half) {
    return std::nullopt;
  }
  return raw;
}

}  // namespace cqdt::crypto
