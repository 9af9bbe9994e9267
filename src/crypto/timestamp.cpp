// RFC 3161 timestamps: the client that asks a TSA for a token, and the parser that checks a token
// against the data it stamps (untrusted input).
#include <cstring>
#include <string>
#include <string_view>

#include <openssl/http.h>
#include <openssl/objects.h>
#include <openssl/rand.h>

#include "cms_internal.hpp"
#include "crypto/cms.hpp"
#include "openssl_util.hpp"

namespace cqdt::crypto {

using namespace cms_detail;  // NOLINT(google-build-using-namespace): the module's own helpers

namespace {

constexpr std::size_t kMaxTimestampReplyBytes = 1 << 20;

Error TsaUnavailable() {
  return Error::Unavailable("Không kết nối được máy chủ cấp dấu thời gian.");
}

Error TsaBadReply() {
  return Error::Unavailable("Máy chủ cấp dấu thời gian trả lời không hợp lệ.");
}

// Verifies the token's CMS signature with the certificate it carries, and that its ESS
// signing-certificate attribute names that certificate (RFC 3161 §2.4.1, RFC 5816). Whether the
// TSA is trusted is the TrustStore's question.
bool VerifyTokenSignature(PKCS7* token, X509* tsa_cert) {
  if (PKCS7_verify(token, nullptr, nullptr, nullptr, nullptr, PKCS7_NOVERIFY) != 1) {
    ossl::ClearOpenSslErrors();
    return false;
  }
  STACK_OF(PKCS7_SIGNER_INFO)* infos = PKCS7_get_signer_info(token);
  if (infos == nullptr || sk_PKCS7_SIGNER_INFO_num(infos) != 1) {
    return false;
  }
  PKCS7_SIGNER_INFO* si = sk_PKCS7_SIGNER_INFO_value(infos, 0);
  auto attr_der = [&](int nid) -> std::string_view {
    ASN1_TYPE* t = PKCS7_get_signed_attribute(si, nid);
    if (t == nullptr || t->type != V_ASN1_SEQUENCE) {
      return {};
    }
    return View(t->value.sequence);
  };
  return EssNamesCertificate(attr_der(NID_id_smime_aa_signingCertificate),
                             attr_der(NID_id_smime_aa_signingCertificateV2), tsa_cert);
}

}  // namespace

Result<std::string> RequestTimestamp(std::string_view url, std::string_view data,
                                     std::chrono::milliseconds timeout) {
  const std::string url_str(url);
  if (url_str.rfind("http://", 0) != 0) {
    return Error::InvalidField("timestampUrl", "format",
                               "Địa chỉ máy chủ cấp dấu thời gian phải bắt đầu bằng http://.");
  }
  char* host = nullptr;
  char* port = nullptr;
  char* path = nullptr;
  char* query = nullptr;
  int use_ssl = 0;
  if (OSSL_HTTP_parse_url(url_str.c_str(), &use_ssl, nullptr, &host, &port, nullptr, &path, &query,
                          nullptr) != 1) {
    ossl::ClearOpenSslErrors();
    return Error::InvalidField("timestampUrl", "format",
                               "Địa chỉ máy chủ cấp dấu thời gian không hợp lệ.");
  }
  std::string host_s(host);
  std::string port_s(port);
  std::string path_s(path);
  if (query != nullptr && *query != '\0') {
    path_s += '?';
    path_s += query;
  }
  OPENSSL_free(host);
  OPENSSL_free(port);
  OPENSSL_free(path);
  OPENSSL_free(query);

  // TimeStampReq (RFC 3161 §2.4.1): SHA-256 imprint, a 64-bit random nonce, certReq so that the
  // token carries the TSA certificate needed to verify it later.
  std::string digest = Sha256Digest(data);
  ossl::TsReqPtr req(TS_REQ_new());
  ossl::TsMsgImprintPtr imprint(TS_MSG_IMPRINT_new());
  X509AlgorPtr alg(X509_ALGOR_new());
  unsigned char nonce_bytes[8];
  if (!req || !imprint || !alg || RAND_bytes(nonce_bytes, sizeof(nonce_bytes)) != 1) {
    ossl::ThrowOpenSslError("TS_REQ");
  }
  ossl::BignumPtr nonce_bn(BN_bin2bn(nonce_bytes, sizeof(nonce_bytes), nullptr));
  ossl::Asn1IntegerPtr nonce(nonce_bn ? BN_to_ASN1_INTEGER(nonce_bn.get(), nullptr) : nullptr);
  if (!nonce || X509_ALGOR_set0(alg.get(), OBJ_nid2obj(NID_sha256), V_ASN1_NULL, nullptr) != 1 ||
      TS_MSG_IMPRINT_set_algo(imprint.get(), alg.get()) != 1 ||
      TS_MSG_IMPRINT_set_msg(imprint.get(), reinterpret_cast<unsigned char*>(digest.data()),
                             static_cast<int>(digest.size())) != 1 ||
      TS_REQ_set_version(req.get(), 1) != 1 ||
      TS_REQ_set_msg_imprint(req.get(), imprint.get()) != 1 ||
      TS_REQ_set_nonce(req.get(), nonce.get()) != 1 || TS_REQ_set_cert_req(req.get(), 1) != 1) {
    ossl::ThrowOpenSslError("TS_REQ");
  }
  ossl::BioPtr body = ossl::NewMemBio();
  if (i2d_TS_REQ_bio(body.get(), req.get()) != 1) {
    ossl::ThrowOpenSslError("i2d_TS_REQ_bio");
  }

  const int timeout_s =
      std::max<int>(1, static_cast<int>((timeout.count() + 999) / 1000));  // OpenSSL counts seconds
  ossl::BioPtr reply(OSSL_HTTP_transfer(
      nullptr, host_s.c_str(), port_s.c_str(), path_s.c_str(), /*use_ssl=*/0, /*proxy=*/nullptr,
      /*no_proxy=*/nullptr, nullptr, nullptr, nullptr, nullptr, /*buf_size=*/0,
      /*headers=*/nullptr, "application/timestamp-query", body.get(), "application/timestamp-reply",
      /*expect_asn1=*/1, kMaxTimestampReplyBytes, timeout_s, /*keep_alive=*/0));
  if (!reply) {
    ossl::ClearOpenSslErrors();
    return TsaUnavailable();
  }
  // Untrusted input from the network from here on.
  ossl::TsRespPtr resp(d2i_TS_RESP_bio(reply.get(), nullptr));
  if (!resp) {
    ossl::ClearOpenSslErrors();
    return TsaBadReply();
  }
  long status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(resp.get())));
  if (status != 0 && status != 1) {  // granted, grantedWithMods
    return Error::Unavailable("Máy chủ cấp dấu thời gian từ chối yêu cầu.");
  }
  PKCS7* token = TS_RESP_get_token(resp.get());
  TS_TST_INFO* tst = TS_RESP_get_tst_info(resp.get());
  if (token == nullptr || tst == nullptr) {
    return TsaBadReply();
  }
  // The reply must answer this request: same nonce (no replay) and same imprint.
  const ASN1_INTEGER* got_nonce = TS_TST_INFO_get_nonce(tst);
  TS_MSG_IMPRINT* got_imprint = TS_TST_INFO_get_msg_imprint(tst);
  const ASN1_OBJECT* got_alg = nullptr;
  if (got_imprint != nullptr) {
    X509_ALGOR_get0(&got_alg, nullptr, nullptr, TS_MSG_IMPRINT_get_algo(got_imprint));
  }
  if (got_nonce == nullptr || ASN1_INTEGER_cmp(got_nonce, nonce.get()) != 0 ||
      got_imprint == nullptr || OBJ_obj2nid(got_alg) != NID_sha256 ||
      View(TS_MSG_IMPRINT_get_msg(got_imprint)) != digest) {
    return TsaBadReply();
  }
  return ossl::DerEncode(token, i2d_PKCS7);
}

Result<TimestampInfo> VerifyTimestampToken(std::string_view token_der,
                                           std::string_view stamped_data) {
  // Untrusted input: a TimeStampToken is a CMS SignedData whose content is a TSTInfo.
  Pkcs7Ptr token(DecodeDer<PKCS7>(token_der, d2i_PKCS7));
  ossl::TsTstInfoPtr tst(
      token && PKCS7_type_is_signed(token.get()) ? PKCS7_to_TS_TST_INFO(token.get()) : nullptr);
  if (!tst) {
    ossl::ClearOpenSslErrors();
    return Error::Malformed("Dấu thời gian không hợp lệ.");
  }
  TimestampInfo info;
  info.time = ossl::FromAsn1Time(TS_TST_INFO_get_time(tst.get()));
  info.policy_oid = ObjectText(TS_TST_INFO_get_policy_id(tst.get()));
  info.serial_hex = ossl::Asn1IntegerHex(TS_TST_INFO_get_serial(tst.get()));

  TS_MSG_IMPRINT* imprint = TS_TST_INFO_get_msg_imprint(tst.get());
  const ASN1_OBJECT* alg = nullptr;
  X509_ALGOR_get0(&alg, nullptr, nullptr, TS_MSG_IMPRINT_get_algo(imprint));
  if (const EVP_MD* md = DigestByNid(OBJ_obj2nid(alg)); md != nullptr) {
    std::string digest = Digest(md, stamped_data);
    std::string_view claimed = View(TS_MSG_IMPRINT_get_msg(imprint));
    info.imprint_matches = claimed.size() == digest.size() &&
                           CRYPTO_memcmp(claimed.data(), digest.data(), digest.size()) == 0;
  }

  STACK_OF(X509)* carried = token->d.sign->cert;
  for (int i = 0; i < sk_X509_num(carried); ++i) {
    info.certificates.push_back(Certificate::FromNative(sk_X509_value(carried, i)));
  }
  X509StackShallowPtr signers(PKCS7_get0_signers(token.get(), nullptr, 0));
  if (signers && sk_X509_num(signers.get()) == 1) {
    X509* tsa_cert = sk_X509_value(signers.get(), 0);
    info.tsa_certificate = Certificate::FromNative(tsa_cert);
    info.signature_valid = VerifyTokenSignature(token.get(), tsa_cert);
  }
  ossl::ClearOpenSslErrors();
  return info;
}

}  // namespace cqdt::crypto
