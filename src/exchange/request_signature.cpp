// Signed requests between hubs (request_signature.hpp): RFC 9421 HTTP Message Signatures over
// RFC 9530 Content-Digest, with the strict subset of RFC 8941 structured fields they need.
#include "exchange/request_signature.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/text.hpp"
#include "crypto/cms.hpp"
#include "crypto/crypto.hpp"
#include "request_signature_internal.hpp"

namespace cqdt::exchange {
namespace internal {
namespace {

bool IsLcAlpha(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// A value that may go into a signature base line: no CR, LF or other control character (HTAB
// is allowed inside a header value).
bool IsBaseSafe(std::string_view v) {
  return std::none_of(v.begin(), v.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7f;
  });
}

// tchar of RFC 9110 §5.6.2: the method is a token.
bool IsToken(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return IsLcAlpha(c) || (c >= 'A' && c <= 'Z') || IsDigit(c) ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

}  // namespace

std::optional<std::string> SignatureBase(const SfInnerList& params,
                                         const std::vector<std::string>& values) {
  if (values.size() != params.items.size()) {
    return std::nullopt;
  }
  std::string base;
  for (std::size_t i = 0; i < values.size(); ++i) {
    // RFC 9421 §2.5: a value spanning lines would let a signer smuggle a line of its own.
    if (!IsBaseSafe(values[i])) {
      return std::nullopt;
    }
    base += SerializeSfString(params.items[i]);
    base += ": ";
    base += values[i];
    base += '\n';
  }
  base += "\"@signature-params\": ";
  base += SerializeSfInnerList(params);
  return base;
}

std::optional<std::string> ComponentValue(const SignedRequestParts& r,
                                          std::string_view content_digest, std::string_view name) {
  std::string value;
  if (name == "@method") {
    if (!IsToken(r.method)) {
      return std::nullopt;
    }
    value = r.method;
  } else if (name == "@path" || name == "@query") {
    // RFC 9421 §2.2.6 / §2.2.7: the path stops at the '?'; the query keeps its '?' and is "?"
    // alone when absent. The request target is used as received (no percent-decoding), as both
    // sides see the same bytes.
    if (!r.path.starts_with('/')) {
      return std::nullopt;
    }
    const std::size_t q = r.path.find('?');
    value = name == "@path" ? r.path.substr(0, q)
                            : (q == std::string::npos ? std::string("?") : r.path.substr(q));
  } else if (name == "@authority") {
    value = AsciiLower(TrimSpaces(r.authority));  // §2.2.3: the host is case-insensitive
  } else if (name == "content-type") {
    value = std::string(TrimSpaces(r.content_type));  // §2.1: outer whitespace is not signed
  } else if (name == "content-digest") {
    value = std::string(TrimSpaces(content_digest));
  } else {
    return std::nullopt;
  }
  if (value.empty() || !IsBaseSafe(value) ||
      (name.starts_with('@') && value.find('\t') != std::string::npos)) {
    return std::nullopt;
  }
  return value;
}

namespace {
constexpr std::string_view kRsaAlgorithm = "rsa-v1_5-sha256";
constexpr std::string_view kEcdsaAlgorithm = "ecdsa-p256-sha256";
constexpr int kP256Half = 32;  // bytes of r and of s
}  // namespace

std::optional<std::string> AlgorithmFor(const crypto::Certificate& certificate) {
  switch (certificate.key_algorithm()) {
    case crypto::KeyAlgorithm::kRsa:
      if (certificate.key_bits() >= 2048) {
        return std::string(kRsaAlgorithm);
      }
      return std::nullopt;
    case crypto::KeyAlgorithm::kEc:
      // The certificate type does not name the curve; a 256-bit curve other than P-256 would
      // fail to verify signatures made by a P-256 signer, so nothing weaker gets through.
      if (certificate.key_bits() == 256) {
        return std::string(kEcdsaAlgorithm);
      }
      return std::nullopt;
    case crypto::KeyAlgorithm::kOther:
      return std::nullopt;
  }
  return std::nullopt;
}

Result<std::string> SignBase(const crypto::PrivateKey& key, std::string_view alg,
                             std::string_view base) {
  CQDT_ASSIGN_OR_RETURN(std::string signature, crypto::SignDigest(key, crypto::Sha256Digest(base)));
  if (alg != kEcdsaAlgorithm) {
    return signature;
  }
  // SignDigest gives ECDSA as DER (a token may give r||s): RFC 9421 §3.3.4 wants r||s.
  std::optional<std::string> der = crypto::EcdsaToDer(signature, kP256Half);
  std::optional<std::string> raw =
      der ? crypto::EcdsaToRaw(*der, kP256Half) : std::optional<std::string>();
  if (!raw) {
    return Error::Internal();
  }
  return std::move(*raw);
}

bool VerifyBase(const crypto::Certificate& certificate, std::string_view alg, std::string_view base,
                std::string_view signature) {
  const std::string digest = crypto::Sha256Digest(base);
  if (alg != kEcdsaAlgorithm) {
    return crypto::VerifyDigestSignature(certificate, digest, signature);
  }
  // Only the raw form (§3.3.4). EcdsaToDer passes a DER value through, so the size is checked
  // first; a 64-byte r||s that happens to read as DER (odds near 2^-40) would fail to verify.
  if (signature.size() != 2 * kP256Half) {
    return false;
  }
  std::optional<std::string> der = crypto::EcdsaToDer(signature, kP256Half);
  return der && crypto::VerifyDigestSignature(certificate, digest, *der);
}

}  // namespace internal

namespace {

using internal::SfInnerList;
using internal::SfMember;
using internal::SfParameter;

constexpr std::string_view kLabel = "hub";
// The covered components (decision 0019 plus "@query"; see the header), in the order cqdt signs
// them. A verifier accepts them in any order, each exactly once.
constexpr std::array<std::string_view, 6> kCovered = {
    "@method", "@path", "@query", "@authority", "content-type", "content-digest"};
constexpr std::size_t kMaxNonce = 128;

// Refusals carry the header at fault and a stable reason code beside the Vietnamese message.
Error Refused(std::string field, std::string code, std::string message) {
  std::vector<FieldError> fields{{std::move(field), std::move(code), message}};
  return Error(ErrorCode::kUnauthenticated, std::move(message), std::move(fields));
}

Error Missing(const std::string& header) {
  return Refused(header, "missing",
                 "Yêu cầu giữa các trục liên thông thiếu tiêu đề " + header + ".");
}

Error Malformed(const std::string& header) {
  return Refused(header, "malformed",
                 "Tiêu đề " + header +
                     " của yêu cầu giữa các trục liên thông không đúng cú pháp hoặc không có "
                     "chữ ký mang nhãn 'hub'.");
}

bool IsNonce(std::string_view nonce) {
  return !nonce.empty() && nonce.size() <= kMaxNonce &&
         std::all_of(nonce.begin(), nonce.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

bool IsFingerprint(std::string_view keyid) {
  return keyid.size() == 64 && std::all_of(keyid.begin(), keyid.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

const SfMember* FindMember(const std::vector<SfMember>& members, std::string_view key) {
  for (const SfMember& m : members) {
    if (m.key == key) {
      return &m;
    }
  }
  return nullptr;
}

template <typename T>
const T* FindParameter(const std::vector<SfParameter>& params, std::string_view key) {
  for (const SfParameter& p : params) {
    if (p.key == key) {
      return std::get_if<T>(&p.value);
    }
  }
  return nullptr;
}

// Each required component exactly once, nothing else.
bool CoversExactly(const std::vector<std::string>& items) {
  if (items.size() != kCovered.size()) {
    return false;
  }
  return std::all_of(kCovered.begin(), kCovered.end(), [&](std::string_view name) {
    return std::count(items.begin(), items.end(), name) == 1;
  });
}

// The values of `params.items` for `r`, or nullopt when one cannot be signed.
std::optional<std::string> BuildBase(const SignedRequestParts& r, std::string_view content_digest,
                                     const SfInnerList& params) {
  std::vector<std::string> values;
  values.reserve(params.items.size());
  for (const std::string& name : params.items) {
    std::optional<std::string> v = internal::ComponentValue(r, content_digest, name);
    if (!v) {
      return std::nullopt;
    }
    values.push_back(std::move(*v));
  }
  return internal::SignatureBase(params, values);
}

// The sha-256 member of a Content-Digest dictionary (RFC 9530 §2); other algorithms are ignored,
// as §2 allows. nullopt when the field is malformed or has no 32-byte sha-256 value.
std::optional<std::string> Sha256FromContentDigest(std::string_view field) {
  std::optional<std::vector<SfMember>> members = internal::ParseSfDictionary(field);
  if (!members) {
    return std::nullopt;
  }
  std::optional<std::string> out;
  for (const SfMember& m : *members) {
    const auto* bytes = std::get_if<internal::SfBytes>(&m.value);
    if (bytes == nullptr) {
      return std::nullopt;  // every digest is a byte sequence
    }
    if (m.key == "sha-256") {
      if (bytes->bytes.size() != 32) {
        return std::nullopt;
      }
      out = bytes->bytes;
    }
  }
  return out;
}

}  // namespace

Result<RequestSignatureHeaders> SignRequest(const SignedRequestParts& r,
                                            const crypto::SigningKey& key, std::int64_t now_unix,
                                            std::string nonce) {
  if (!IsNonce(nonce)) {
    return Error::InvalidField("nonce", "format",
                               "Mã dùng một lần (nonce) của yêu cầu phải gồm 1 đến 128 ký tự "
                               "ASCII in được, không có khoảng trắng.");
  }
  std::optional<std::string> alg = internal::AlgorithmFor(key.certificate);
  if (!alg) {
    return Error::Unsupported(
        "Khóa ký yêu cầu giữa các trục liên thông phải là RSA (từ 2048 bit) hoặc EC P-256.");
  }
  RequestSignatureHeaders out;
  out.content_digest =
      "sha-256=:" + crypto::Base64Encode(crypto::Sha256Digest(r.body)) + ":";  // hashed in place
  SfInnerList params;
  params.items.assign(kCovered.begin(), kCovered.end());
  params.parameters = {{"created", now_unix},
                       {"keyid", key.certificate.FingerprintSha256()},
                       {"nonce", std::move(nonce)},
                       {"alg", *alg}};
  std::optional<std::string> base = BuildBase(r, out.content_digest, params);
  if (!base) {
    return Error::InvalidField(
        "request", "format",
        "Yêu cầu có thành phần không ký được (phương thức, đường dẫn, máy chủ hoặc Content-Type "
        "trống hoặc chứa ký tự không hợp lệ).");
  }
  CQDT_ASSIGN_OR_RETURN(std::string signature, internal::SignBase(key.key, *alg, *base));
  // The Signature-Input value is the very serialisation that ends the signature base (§4.1).
  out.signature_input = std::string(kLabel) + "=" + internal::SerializeSfInnerList(params);
  out.signature = std::string(kLabel) + "=:" + crypto::Base64Encode(signature) + ":";
  return out;
}

Result<VerifiedRequest> VerifyRequest(const SignedRequestParts& r, const RequestSignatureHeaders& h,
                                      const FindRequestKey& find_key, std::int64_t now_unix,
                                      std::int64_t window_seconds) {
  // Untrusted input throughout: every header comes from the calling hub.
  if (TrimSpaces(h.signature_input).empty()) {
    return Missing("Signature-Input");
  }
  if (TrimSpaces(h.signature).empty()) {
    return Missing("Signature");
  }
  if (TrimSpaces(h.content_digest).empty()) {
    return Missing("Content-Digest");
  }
  if (TrimSpaces(r.content_type).empty()) {
    return Missing("Content-Type");
  }
  std::optional<std::vector<SfMember>> inputs = internal::ParseSfDictionary(h.signature_input);
  const SfMember* input = inputs ? FindMember(*inputs, kLabel) : nullptr;
  const auto* params = input != nullptr ? std::get_if<SfInnerList>(&input->value) : nullptr;
  if (params == nullptr) {
    return Malformed("Signature-Input");
  }
  std::optional<std::vector<SfMember>> signatures = internal::ParseSfDictionary(h.signature);
  const SfMember* signature_member = signatures ? FindMember(*signatures, kLabel) : nullptr;
  const auto* signature = signature_member != nullptr
                              ? std::get_if<internal::SfBytes>(&signature_member->value)
                              : nullptr;
  if (signature == nullptr) {
    return Malformed("Signature");
  }
  if (!CoversExactly(params->items)) {
    return Refused("Signature-Input", "components",
                   "Chữ ký của yêu cầu không phủ đúng các thành phần bắt buộc (@method, @path, "
                   "@query, @authority, content-type, content-digest).");
  }
  const auto* created = FindParameter<std::int64_t>(params->parameters, "created");
  const auto* keyid = FindParameter<std::string>(params->parameters, "keyid");
  const auto* nonce = FindParameter<std::string>(params->parameters, "nonce");
  const auto* alg = FindParameter<std::string>(params->parameters, "alg");
  if (params->parameters.size() != 4 || created == nullptr || keyid == nullptr ||
      nonce == nullptr || alg == nullptr || !IsNonce(*nonce)) {
    return Refused("Signature-Input", "parameters",
                   "Chữ ký của yêu cầu phải có đúng các tham số created, keyid, nonce và alg.");
  }
  // |created| < 10^15 (15 digits at most), so neither difference overflows for a sane clock.
  if (now_unix - *created > window_seconds) {
    return Refused("Signature-Input", "expired",
                   "Chữ ký của yêu cầu đã hết hiệu lực: được tạo cách đây hơn " +
                       std::to_string(window_seconds) + " giây.");
  }
  if (*created - now_unix > window_seconds) {
    return Refused("Signature-Input", "not-yet-valid",
                   "Chữ ký của yêu cầu có thời điểm tạo ở tương lai (lệch hơn " +
                       std::to_string(window_seconds) + " giây; hãy kiểm tra đồng hồ máy chủ).");
  }
  std::optional<std::string> base = BuildBase(r, h.content_digest, *params);
  if (!base) {
    return Refused("request", "malformed",
                   "Yêu cầu có thành phần không ký được (phương thức, đường dẫn, máy chủ hoặc "
                   "Content-Type trống hoặc chứa ký tự không hợp lệ).");
  }
  std::optional<crypto::Certificate> certificate;
  if (IsFingerprint(*keyid)) {
    certificate = find_key(*keyid);
  }
  // The registry is asked by keyid; the fingerprint is checked again so that a loose lookup
  // (a prefix, a case-insensitive match) cannot hand over another hub's certificate.
  if (!certificate || certificate->FingerprintSha256() != *keyid) {
    return Refused("Signature-Input", "unknown-key",
                   "Khóa ký của yêu cầu (keyid) không thuộc trục liên thông nào đã đăng ký.");
  }
  // The algorithm comes from the registered key, never from the request alone (RFC 9421 §7.3.6).
  std::optional<std::string> expected_alg = internal::AlgorithmFor(*certificate);
  if (!expected_alg || *expected_alg != *alg) {
    return Refused("Signature-Input", "algorithm",
                   "Thuật toán ký của yêu cầu (alg) không khớp khóa của trục liên thông đã đăng "
                   "ký.");
  }
  if (!internal::VerifyBase(*certificate, *alg, *base, signature->bytes)) {
    return Refused("Signature", "signature",
                   "Chữ ký của yêu cầu không hợp lệ (yêu cầu đã bị sửa hoặc được ký bằng khóa "
                   "khác).");
  }
  // Only now is the body, possibly tens of MB, hashed: an unsigned request costs no hashing.
  std::optional<std::string> digest = Sha256FromContentDigest(h.content_digest);
  if (!digest) {
    return Refused("Content-Digest", "malformed",
                   "Tiêu đề Content-Digest không có mã băm sha-256 hợp lệ.");
  }
  if (!crypto::ConstantTimeEquals(crypto::Sha256Digest(r.body), *digest)) {
    return Refused("Content-Digest", "digest-mismatch",
                   "Nội dung của yêu cầu không khớp mã băm trong tiêu đề Content-Digest (nội dung "
                   "đã bị sửa hoặc bị cắt cụt).");
  }
  return VerifiedRequest{*keyid, *created, *nonce};
}

}  // namespace cqdt::exchange
