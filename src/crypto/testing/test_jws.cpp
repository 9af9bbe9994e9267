#include "crypto/test_jws.hpp"

#include <stdexcept>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "../openssl_util.hpp"

namespace cqdt::crypto::testing {
namespace {

std::string BigNumParam(EVP_PKEY* key, const char* name, int width = 0) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) {
    ossl::ThrowOpenSslError(name);
  }
  ossl::BignumPtr owned(bn);
  std::string out(static_cast<std::size_t>(width > 0 ? width : BN_num_bytes(bn)), '\0');
  if (BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size())) <
      0) {
    ossl::ThrowOpenSslError("BN_bn2binpad");
  }
  return out;
}

}  // namespace

std::string SignJws(const PrivateKey& key, JwsAlgorithm alg, std::string_view signing_input) {
  ossl::EvpMdCtxPtr md(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!md || EVP_DigestSignInit(md.get(), &pctx, EVP_sha256(), nullptr, key.native()) != 1) {
    ossl::ThrowOpenSslError("EVP_DigestSignInit");
  }
  if (alg == JwsAlgorithm::kPs256 &&
      (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
       EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1)) {
    ossl::ThrowOpenSslError("PSS");
  }
  std::size_t size = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(signing_input.data());
  if (EVP_DigestSign(md.get(), nullptr, &size, in, signing_input.size()) != 1) {
    ossl::ThrowOpenSslError("EVP_DigestSign");
  }
  std::string out(size, '\0');
  if (EVP_DigestSign(md.get(), reinterpret_cast<unsigned char*>(out.data()), &size, in,
                     signing_input.size()) != 1) {
    ossl::ThrowOpenSslError("EVP_DigestSign");
  }
  out.resize(size);
  if (alg != JwsAlgorithm::kEs256) {
    return out;
  }
  // DER Ecdsa-Sig-Value -> r || s.
  auto raw = EcdsaToRaw(out, 32);
  if (!raw) {
    throw std::runtime_error("EcdsaToRaw");
  }
  return *raw;
}

std::string PublicJwk(const PrivateKey& key, const std::string& kid, const std::string& alg,
                      const std::string& use) {
  std::string members = "\"kid\":\"" + kid + "\"";
  if (!alg.empty()) {
    members += ",\"alg\":\"" + alg + "\"";
  }
  if (!use.empty()) {
    members += ",\"use\":\"" + use + "\"";
  }
  EVP_PKEY* k = key.native();
  if (key.algorithm() == KeyAlgorithm::kRsa) {
    return "{\"kty\":\"RSA\"," + members + ",\"n\":\"" +
           Base64UrlEncode(BigNumParam(k, OSSL_PKEY_PARAM_RSA_N)) + "\",\"e\":\"" +
           Base64UrlEncode(BigNumParam(k, OSSL_PKEY_PARAM_RSA_E)) + "\"}";
  }
  return "{\"kty\":\"EC\"," + members + ",\"crv\":\"P-256\",\"x\":\"" +
         Base64UrlEncode(BigNumParam(k, OSSL_PKEY_PARAM_EC_PUB_X, 32)) + "\",\"y\":\"" +
         Base64UrlEncode(BigNumParam(k, OSSL_PKEY_PARAM_EC_PUB_Y, 32)) + "\"}";
}

}  // namespace cqdt::crypto::testing
