#include "crypto/jws.hpp"

#include <array>

#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "openssl_util.hpp"

namespace cqdt::crypto {
namespace {

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

using OsslParamBldPtr = ossl::Ptr<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>;
using OsslParamPtr = ossl::Ptr<OSSL_PARAM, OSSL_PARAM_free>;
using EcdsaSigPtr = ossl::Ptr<ECDSA_SIG, ECDSA_SIG_free>;

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// The value of a base64url character, or -1.
int Sextet(char c) {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  if (c == '-') {
    return 62;
  }
  if (c == '_') {
    return 63;
  }
  return -1;
}

// A public key from OSSL_PARAMs (EVP_PKEY_fromdata), or null.
std::shared_ptr<evp_pkey_st> FromData(const char* type, OSSL_PARAM* params) {
  ossl::EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params) != 1) {
    ossl::ClearOpenSslErrors();
    return nullptr;
  }
  return ossl::ShareEvpPkey(key);
}

Error BadKey() { return Error::Malformed("Khóa công khai (JWK) của nhà cung cấp không hợp lệ."); }

}  // namespace

std::optional<JwsAlgorithm> JwsAlgorithmFromName(std::string_view name) {
  if (name == "RS256") {
    return JwsAlgorithm::kRs256;
  }
  if (name == "PS256") {
    return JwsAlgorithm::kPs256;
  }
  if (name == "ES256") {
    return JwsAlgorithm::kEs256;
  }
  return std::nullopt;
}

const char* JwsAlgorithmName(JwsAlgorithm alg) {
  switch (alg) {
    case JwsAlgorithm::kRs256:
      return "RS256";
    case JwsAlgorithm::kPs256:
      return "PS256";
    case JwsAlgorithm::kEs256:
      return "ES256";
  }
  return "";
}

std::string Base64UrlEncode(std::string_view data) {
  std::string out;
  out.reserve((data.size() * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    const auto v = (static_cast<unsigned>(static_cast<unsigned char>(data[i])) << 16) |
                   (static_cast<unsigned>(static_cast<unsigned char>(data[i + 1])) << 8) |
                   static_cast<unsigned char>(data[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  const std::size_t rest = data.size() - i;
  if (rest > 0) {
    unsigned v = static_cast<unsigned>(static_cast<unsigned char>(data[i])) << 16;
    if (rest == 2) {
      v |= static_cast<unsigned>(static_cast<unsigned char>(data[i + 1])) << 8;
    }
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    if (rest == 2) {
      out += kAlphabet[(v >> 6) & 63];
    }
  }
  return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  // Untrusted: every character is checked, and so are the bits a final group leaves unused, so
  // that one byte string has exactly one encoding.
  if (text.size() % 4 == 1) {
    return std::nullopt;
  }
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int v = Sextet(c);
    if (v < 0) {
      return std::nullopt;
    }
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  if ((buffer & ((1U << bits) - 1)) != 0) {
    return std::nullopt;
  }
  return out;
}

std::string Sha256Bytes(std::string_view data) {
  std::array<unsigned char, 32> digest{};
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) {
    ossl::ThrowOpenSslError("EVP_Digest");
  }
  return {reinterpret_cast<const char*>(digest.data()), size};
}

Result<JwkPublicKey> JwkPublicKey::Rsa(std::string_view n, std::string_view e) {
  auto modulus = Base64UrlDecode(n);
  auto exponent = Base64UrlDecode(e);
  // A leading zero byte is not allowed in `n` (RFC 7518 §6.3.1.1) but some issuers write one;
  // it changes nothing. The size limits keep the verification's work bounded.
  if (!modulus || !exponent || exponent->empty() || exponent->size() > 8 || modulus->empty()) {
    return BadKey();
  }
  ossl::BignumPtr bn_n(BN_bin2bn(Bytes(*modulus), static_cast<int>(modulus->size()), nullptr));
  ossl::BignumPtr bn_e(BN_bin2bn(Bytes(*exponent), static_cast<int>(exponent->size()), nullptr));
  if (!bn_n || !bn_e) {
    ossl::ThrowOpenSslError("BN_bin2bn");
  }
  const int bits = BN_num_bits(bn_n.get());
  if (bits < 2048 || bits > 8192 || !BN_is_odd(bn_e.get()) || BN_num_bits(bn_e.get()) < 2) {
    return BadKey();
  }
  OsslParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
    ossl::ThrowOpenSslError("OSSL_PARAM_BLD_push_BN");
  }
  OsslParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  if (!params) {
    ossl::ThrowOpenSslError("OSSL_PARAM_BLD_to_param");
  }
  auto key = FromData("RSA", params.get());
  if (!key) {
    return BadKey();
  }
  return JwkPublicKey(std::move(key), true);
}

Result<JwkPublicKey> JwkPublicKey::EcP256(std::string_view x, std::string_view y) {
  auto xb = Base64UrlDecode(x);
  auto yb = Base64UrlDecode(y);
  if (!xb || !yb || xb->size() != 32 || yb->size() != 32) {
    return BadKey();
  }
  // The uncompressed point (SEC 1 §2.3.3): 0x04 || x || y.
  std::string point = "\x04" + *xb + *yb;
  OsslParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) !=
          1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1) {
    ossl::ThrowOpenSslError("OSSL_PARAM_BLD_push");
  }
  OsslParamPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  if (!params) {
    ossl::ThrowOpenSslError("OSSL_PARAM_BLD_to_param");
  }
  auto key = FromData("EC", params.get());
  if (!key) {
    return BadKey();
  }
  // Untrusted point: it must lie on the curve (an invalid-curve point leaks nothing to a verifier,
  // but such a key is not one any issuer made).
  ossl::EvpPkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  if (!check || EVP_PKEY_public_check(check.get()) != 1) {
    ossl::ClearOpenSslErrors();
    return BadKey();
  }
  return JwkPublicKey(std::move(key), false);
}

bool JwkPublicKey::Fits(JwsAlgorithm alg) const {
  return rsa_ ? alg == JwsAlgorithm::kRs256 || alg == JwsAlgorithm::kPs256
              : alg == JwsAlgorithm::kEs256;
}

bool JwkPublicKey::Verify(JwsAlgorithm alg, std::string_view signing_input,
                          std::string_view signature) const {
  if (!key_ || !Fits(alg) || signature.empty()) {
    return false;
  }
  std::string der;
  if (alg == JwsAlgorithm::kEs256) {
    // JWS carries r || s (RFC 7518 §3.4); OpenSSL verifies the DER Ecdsa-Sig-Value.
    if (signature.size() != 64) {
      return false;
    }
    EcdsaSigPtr sig(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(Bytes(signature), 32, nullptr);
    BIGNUM* s = BN_bin2bn(Bytes(signature) + 32, 32, nullptr);
    if (!sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
      BN_free(r);
      BN_free(s);
      ossl::ThrowOpenSslError("ECDSA_SIG_set0");
    }
    der = ossl::DerEncode(sig.get(), i2d_ECDSA_SIG);
    signature = der;
  }
  ossl::EvpMdCtxPtr md(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;  // owned by `md`
  bool ok = md && EVP_DigestVerifyInit(md.get(), &pctx, EVP_sha256(), nullptr, key_.get()) == 1;
  if (ok && alg == JwsAlgorithm::kPs256) {
    // RFC 7518 §3.5: MGF1 with SHA-256 and a salt as long as the hash.
    ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1;
  } else if (ok && alg == JwsAlgorithm::kRs256) {
    ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1;
  }
  ok = ok && EVP_DigestVerify(md.get(), Bytes(signature), signature.size(), Bytes(signing_input),
                              signing_input.size()) == 1;
  ossl::ClearOpenSslErrors();
  return ok;
}

}  // namespace cqdt::crypto
