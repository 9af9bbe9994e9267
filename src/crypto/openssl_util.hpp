// Private helpers shared by the crypto module's .cpp files: RAII owners for OpenSSL objects,
// memory BIOs, OpenSSL error queue handling, and ASN1_TIME <-> TimePoint conversion.
//
// Not part of the public face (it lives beside the sources, not under include/): OpenSSL types
// must not leak into other modules.
//
// Error policy: OpenSSL error strings are never put into an Error shown to a client. The module
// does not link spdlog, so LastOpenSslError() exists for debugging and for exceptions that signal
// bugs; ClearOpenSslErrors() drops the queue after an expected failure so that a stale entry does
// not confuse the next caller on this thread.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/pkcs12.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "core/clock.hpp"

namespace cqdt::crypto::ossl {

// unique_ptr deleter calling an OpenSSL free function: Ptr<X509, X509_free>.
template <auto FreeFn>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    FreeFn(p);
  }
};
template <typename T, auto FreeFn>
using Ptr = std::unique_ptr<T, Deleter<FreeFn>>;

using X509Ptr = Ptr<X509, X509_free>;
using X509CrlPtr = Ptr<X509_CRL, X509_CRL_free>;
using X509NamePtr = Ptr<X509_NAME, X509_NAME_free>;
using X509ExtensionPtr = Ptr<X509_EXTENSION, X509_EXTENSION_free>;
using X509StorePtr = Ptr<X509_STORE, X509_STORE_free>;
using X509StoreCtxPtr = Ptr<X509_STORE_CTX, X509_STORE_CTX_free>;
using X509RevokedPtr = Ptr<X509_REVOKED, X509_REVOKED_free>;
using EvpPkeyPtr = Ptr<EVP_PKEY, EVP_PKEY_free>;
using EvpPkeyCtxPtr = Ptr<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using EvpMdCtxPtr = Ptr<EVP_MD_CTX, EVP_MD_CTX_free>;
using BioPtr = Ptr<BIO, BIO_free_all>;
using BignumPtr = Ptr<BIGNUM, BN_free>;
using Asn1TimePtr = Ptr<ASN1_TIME, ASN1_TIME_free>;
using Asn1IntegerPtr = Ptr<ASN1_INTEGER, ASN1_INTEGER_free>;
using Asn1OctetStringPtr = Ptr<ASN1_OCTET_STRING, ASN1_OCTET_STRING_free>;
using Asn1ObjectPtr = Ptr<ASN1_OBJECT, ASN1_OBJECT_free>;
using Pkcs12Ptr = Ptr<PKCS12, PKCS12_free>;
using CmsPtr = Ptr<CMS_ContentInfo, CMS_ContentInfo_free>;
using OcspRequestPtr = Ptr<OCSP_REQUEST, OCSP_REQUEST_free>;
using OcspResponsePtr = Ptr<OCSP_RESPONSE, OCSP_RESPONSE_free>;
using OcspBasicRespPtr = Ptr<OCSP_BASICRESP, OCSP_BASICRESP_free>;
using OcspCertIdPtr = Ptr<OCSP_CERTID, OCSP_CERTID_free>;
using TsReqPtr = Ptr<TS_REQ, TS_REQ_free>;
using TsRespPtr = Ptr<TS_RESP, TS_RESP_free>;
using TsTstInfoPtr = Ptr<TS_TST_INFO, TS_TST_INFO_free>;
using TsMsgImprintPtr = Ptr<TS_MSG_IMPRINT, TS_MSG_IMPRINT_free>;
using TsVerifyCtxPtr = Ptr<TS_VERIFY_CTX, TS_VERIFY_CTX_free>;
using TsRespCtxPtr = Ptr<TS_RESP_CTX, TS_RESP_CTX_free>;

// STACK_OF(X509) that owns its certificates (sk_X509_pop_free).
struct X509StackDeleter {
  void operator()(STACK_OF(X509) * s) const { sk_X509_pop_free(s, X509_free); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;

// Shared owners for the public handles (Certificate, PrivateKey, Crl): these take over one
// reference the caller already holds (use X509_up_ref first to share).
inline std::shared_ptr<X509> ShareX509(X509* cert) { return {cert, X509_free}; }
inline std::shared_ptr<EVP_PKEY> ShareEvpPkey(EVP_PKEY* key) { return {key, EVP_PKEY_free}; }
inline std::shared_ptr<X509_CRL> ShareX509Crl(X509_CRL* crl) { return {crl, X509_CRL_free}; }

// Every pending OpenSSL error of this thread, one per line, and the queue is emptied. For logs and
// exception texts of bugs only; never put it into an Error.
inline std::string LastOpenSslError() {
  std::string out;
  unsigned long code = 0;
  char buf[256];
  while ((code = ERR_get_error()) != 0) {
    ERR_error_string_n(code, buf, sizeof(buf));
    if (!out.empty()) {
      out += '\n';
    }
    out += buf;
  }
  return out;
}

inline void ClearOpenSslErrors() { ERR_clear_error(); }

// Throws std::runtime_error("<what>: <openssl errors>"): for failures that mean a bug or an
// infrastructure fault (allocation, a call that cannot fail on valid input).
[[noreturn]] inline void ThrowOpenSslError(std::string_view what) {
  std::string msg(what);
  std::string detail = LastOpenSslError();
  if (!detail.empty()) {
    msg += ": ";
    msg += detail;
  }
  throw std::runtime_error(msg);
}

// A read-only memory BIO over `bytes`; `bytes` must outlive the BIO.
inline BioPtr MemBio(std::string_view bytes) {
  BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  if (!bio) {
    ThrowOpenSslError("BIO_new_mem_buf");
  }
  return bio;
}

// An empty, writable memory BIO.
inline BioPtr NewMemBio() {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) {
    ThrowOpenSslError("BIO_new");
  }
  return bio;
}

// Everything written to a memory BIO so far.
inline std::string BioToString(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  if (len <= 0 || data == nullptr) {
    return {};
  }
  return {data, static_cast<std::size_t>(len)};
}

// i2d_* into a std::string: DerEncode(cert.get(), i2d_X509). Throws on failure (a bug).
template <typename T, typename I2d>
std::string DerEncode(T* object, I2d i2d) {
  int len = i2d(object, nullptr);
  if (len <= 0) {
    ThrowOpenSslError("i2d");
  }
  std::string out(static_cast<std::size_t>(len), '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  if (i2d(object, &p) != len) {
    ThrowOpenSslError("i2d");
  }
  return out;
}

// True when `bytes` looks like PEM ("-----BEGIN " somewhere near the start).
inline bool LooksLikePem(std::string_view bytes) {
  return bytes.substr(0, 1024).find("-----BEGIN ") != std::string_view::npos;
}

// ASN1_TIME (UTCTime or GeneralizedTime) to a TimePoint; the epoch for null or invalid input.
// A time outside what a TimePoint holds (int64 nanoseconds since 1970: 1677 to 2262) is clamped
// to the nearer end, so that order is kept: RFC 5280 gives a certificate with no well-defined
// expiry the notAfter 99991231235959Z, which must stay later than any now (not wrap, nor read as
// 1970). Converting such a time overflowed (found by fuzzing, a certificate in a signed edXML).
inline TimePoint FromAsn1Time(const ASN1_TIME* t) {
  if (t == nullptr) {
    return TimePoint{};
  }
  std::tm tm{};
  if (ASN1_TIME_to_tm(t, &tm) != 1) {
    ClearOpenSslErrors();
    return TimePoint{};
  }
  constexpr std::int64_t kMaxSeconds =
      std::chrono::duration_cast<std::chrono::seconds>(TimePoint::duration::max()).count();
  const std::int64_t seconds = std::clamp<std::int64_t>(timegm(&tm), -kMaxSeconds, kMaxSeconds);
  return TimePoint(std::chrono::seconds(seconds));
}

inline std::time_t ToTimeT(TimePoint t) {
  return static_cast<std::time_t>(
      std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count());
}

// A new ASN1_TIME (UTCTime until 2049, GeneralizedTime after, as RFC 5280 requires); whole
// seconds. The caller owns it.
inline Asn1TimePtr ToAsn1Time(TimePoint t) {
  Asn1TimePtr out(ASN1_TIME_set(nullptr, ToTimeT(t)));
  if (!out) {
    ThrowOpenSslError("ASN1_TIME_set");
  }
  return out;
}

// Sets an existing ASN1_TIME field (e.g. X509_getm_notBefore) to `t`.
inline void SetAsn1Time(ASN1_TIME* field, TimePoint t) {
  if (ASN1_TIME_set(field, ToTimeT(t)) == nullptr) {
    ThrowOpenSslError("ASN1_TIME_set");
  }
}

// Upper-case hex of an ASN1_INTEGER (serial numbers), no separators; "0" for zero.
inline std::string Asn1IntegerHex(const ASN1_INTEGER* value) {
  BignumPtr bn(ASN1_INTEGER_to_BN(value, nullptr));
  if (!bn) {
    ClearOpenSslErrors();
    return {};
  }
  char* hex = BN_bn2hex(bn.get());
  if (hex == nullptr) {
    ThrowOpenSslError("BN_bn2hex");
  }
  std::string out(hex);
  OPENSSL_free(hex);
  return out;
}

// Lower-case hex of raw bytes.
inline std::string HexLower(const unsigned char* p, std::size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (std::size_t i = 0; i < n; ++i) {
    out[2 * i] = kDigits[p[i] >> 4];
    out[2 * i + 1] = kDigits[p[i] & 0xF];
  }
  return out;
}

// An X509_NAME in RFC 2253 form with UTF-8 kept readable (no \XX escapes for non-ASCII).
inline std::string NameToString(const X509_NAME* name) {
  if (name == nullptr) {
    return {};
  }
  BioPtr bio = NewMemBio();
  if (X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0) {
    ClearOpenSslErrors();
    return {};
  }
  return BioToString(bio.get());
}

}  // namespace cqdt::crypto::ossl
