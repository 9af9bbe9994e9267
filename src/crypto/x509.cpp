#include "crypto/x509.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "openssl_util.hpp"

namespace cqdt::crypto {
namespace {

using ossl::BioPtr;
using ossl::ClearOpenSslErrors;
using ossl::EvpPkeyPtr;
using ossl::X509Ptr;

Error MalformedCertificate() { return Error::Malformed("Chứng thư số không đúng định dạng."); }

// Reads exactly one DER certificate; trailing bytes are rejected (untrusted input).
X509Ptr ReadDerCertificate(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* end = p + bytes.size();
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(bytes.size())));
  if (!cert || p != end) {
    ClearOpenSslErrors();
    return nullptr;
  }
  return cert;
}

// Every CERTIFICATE block of a PEM text, in order. Stops at the first block that is not a
// certificate or does not parse.
std::vector<X509Ptr> ReadPemCertificates(std::string_view bytes) {
  std::vector<X509Ptr> out;
  BioPtr bio = ossl::MemBio(bytes);
  while (true) {
    X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) {
      break;
    }
    out.push_back(std::move(cert));
  }
  // The loop always ends with PEM_R_NO_START_LINE (or a parse error): expected, drop it.
  ClearOpenSslErrors();
  return out;
}

Certificate Wrap(X509Ptr cert) {
  return Certificate::FromNative(cert.get());  // takes its own reference; `cert` drops ours
}

// The UTF-8 value of the first `nid` attribute of `name`; empty when absent.
std::string NameEntry(const X509_NAME* name, int nid) {
  if (name == nullptr) {
    return {};
  }
  int index = X509_NAME_get_index_by_NID(name, nid, -1);
  if (index < 0) {
    return {};
  }
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  int len = ASN1_STRING_to_UTF8(&utf8, data);
  if (len < 0) {
    ClearOpenSslErrors();
    return {};
  }
  std::string out(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(len));
  OPENSSL_free(utf8);
  return out;
}

KeyAlgorithm AlgorithmOf(const EVP_PKEY* key) {
  if (key == nullptr) {
    return KeyAlgorithm::kOther;
  }
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
    case EVP_PKEY_RSA_PSS:
      return KeyAlgorithm::kRsa;
    case EVP_PKEY_EC:
      return KeyAlgorithm::kEc;
    default:
      return KeyAlgorithm::kOther;
  }
}

// PEM pass phrase callback that never prompts on a terminal: it hands over `u` (a std::string*),
// which may be empty.
int PasswordCallback(char* buf, int size, int /*rwflag*/, void* u) {
  const auto* password = static_cast<const std::string*>(u);
  if (password == nullptr) {
    return 0;
  }
  auto len = std::min(static_cast<int>(password->size()), size);
  std::copy_n(password->data(), len, buf);
  return len;
}

// Orders `certs` as the chain above `leaf`: the leaf's issuer first, then its issuer, and so on;
// certificates that do not belong to the path follow in their original order.
std::vector<Certificate> OrderChain(const Certificate& leaf, std::vector<Certificate> certs) {
  std::vector<Certificate> ordered;
  const Certificate* current = &leaf;
  while (!certs.empty()) {
    auto it = std::find_if(certs.begin(), certs.end(), [&](const Certificate& c) {
      return !(c == *current) && current->IsIssuedBy(c);
    });
    if (it == certs.end()) {
      break;
    }
    ordered.push_back(*it);
    certs.erase(it);
    current = &ordered.back();
  }
  std::move(certs.begin(), certs.end(), std::back_inserter(ordered));
  return ordered;
}

// Reads a whole file; nullopt when it cannot be opened.
std::optional<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::nullopt;
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Certificate

namespace {

// Parsed certificates by their encoding: the same few (a peer hub's, a seal's, a signer's in every
// package's KeyInfo) come back with every request, and OpenSSL 3 decodes a certificate's public
// key through its provider machinery, which costs more than the rest of a package's checks. A
// Certificate is immutable and shares its X509, so a parse is kept and handed out again. Bounded:
// inputs up to 64 KB, at most 256 of them (cleared when full). Thread-safe.
class ParseCache {
 public:
  static constexpr std::size_t kMaxInput = 64 * 1024;
  static constexpr std::size_t kMaxEntries = 256;

  std::optional<std::vector<Certificate>> Find(std::string_view bytes) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(std::string(bytes));
    if (it == entries_.end()) {
      return std::nullopt;
    }
    return it->second;
  }
  void Keep(std::string_view bytes, const std::vector<Certificate>& certs) {
    if (bytes.size() > kMaxInput) {
      return;
    }
    std::lock_guard lock(mutex_);
    if (entries_.size() >= kMaxEntries) {
      entries_.clear();
    }
    entries_.emplace(std::string(bytes), certs);
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::vector<Certificate>> entries_;
};

ParseCache& Cache() {
  static ParseCache* cache = new ParseCache();  // never destroyed: used until exit
  return *cache;
}

}  // namespace

Result<Certificate> Certificate::Parse(std::string_view bytes) {
  // Untrusted input: PEM or DER, anything else is Malformed.
  CQDT_ASSIGN_OR_RETURN(std::vector<Certificate> all, ParseAll(bytes));
  return std::move(all.front());
}

Result<std::vector<Certificate>> Certificate::ParseAll(std::string_view bytes) {
  if (bytes.size() <= ParseCache::kMaxInput) {
    if (auto known = Cache().Find(bytes)) {
      return std::move(*known);
    }
  }
  std::vector<Certificate> out;
  if (ossl::LooksLikePem(bytes)) {
    for (auto& cert : ReadPemCertificates(bytes)) {
      out.push_back(Wrap(std::move(cert)));
    }
  } else if (X509Ptr cert = ReadDerCertificate(bytes)) {
    out.push_back(Wrap(std::move(cert)));
  }
  if (out.empty()) {
    return MalformedCertificate();
  }
  Cache().Keep(bytes, out);
  return out;
}

Certificate Certificate::FromNative(x509_st* cert) {
  if (cert == nullptr || X509_up_ref(cert) != 1) {
    throw std::invalid_argument("Certificate::FromNative: null certificate");
  }
  return Certificate(ossl::ShareX509(cert));
}

std::string Certificate::Der() const { return ossl::DerEncode(cert_.get(), i2d_X509); }

std::string Certificate::Pem() const {
  BioPtr bio = ossl::NewMemBio();
  if (PEM_write_bio_X509(bio.get(), cert_.get()) != 1) {
    ossl::ThrowOpenSslError("PEM_write_bio_X509");
  }
  return ossl::BioToString(bio.get());
}

std::string Certificate::SubjectDn() const {
  return ossl::NameToString(X509_get_subject_name(cert_.get()));
}
std::string Certificate::IssuerDn() const {
  return ossl::NameToString(X509_get_issuer_name(cert_.get()));
}
std::string Certificate::SubjectCommonName() const {
  return NameEntry(X509_get_subject_name(cert_.get()), NID_commonName);
}
std::string Certificate::SubjectOrganization() const {
  return NameEntry(X509_get_subject_name(cert_.get()), NID_organizationName);
}
std::string Certificate::IssuerCommonName() const {
  return NameEntry(X509_get_issuer_name(cert_.get()), NID_commonName);
}

std::string Certificate::SerialHex() const {
  return ossl::Asn1IntegerHex(X509_get0_serialNumber(cert_.get()));
}

TimePoint Certificate::NotBefore() const {
  return ossl::FromAsn1Time(X509_get0_notBefore(cert_.get()));
}
TimePoint Certificate::NotAfter() const {
  return ossl::FromAsn1Time(X509_get0_notAfter(cert_.get()));
}

std::string Certificate::FingerprintSha256() const {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (X509_digest(cert_.get(), EVP_sha256(), md, &len) != 1) {
    ossl::ThrowOpenSslError("X509_digest");
  }
  return ossl::HexLower(md, len);
}

bool Certificate::IsCa() const {
  // EXFLAG_CA is set exactly when basicConstraints says cA=TRUE (X509_check_ca would also accept
  // v1 self-signed certificates).
  return (X509_get_extension_flags(cert_.get()) & EXFLAG_CA) != 0;
}

bool Certificate::IsSelfIssued() const {
  return X509_NAME_cmp(X509_get_subject_name(cert_.get()), X509_get_issuer_name(cert_.get())) == 0;
}

KeyUsage Certificate::key_usage() const {
  KeyUsage ku;
  X509* cert = cert_.get();
  if ((X509_get_extension_flags(cert) & EXFLAG_KUSAGE) == 0) {
    return ku;
  }
  std::uint32_t bits = X509_get_key_usage(cert);
  ku.present = true;
  ku.digital_signature = (bits & KU_DIGITAL_SIGNATURE) != 0;
  ku.non_repudiation = (bits & KU_NON_REPUDIATION) != 0;
  ku.key_cert_sign = (bits & KU_KEY_CERT_SIGN) != 0;
  ku.crl_sign = (bits & KU_CRL_SIGN) != 0;
  return ku;
}

std::vector<std::string> Certificate::ExtendedKeyUsages() const {
  std::vector<std::string> out;
  auto* eku = static_cast<EXTENDED_KEY_USAGE*>(
      X509_get_ext_d2i(cert_.get(), NID_ext_key_usage, nullptr, nullptr));
  if (eku == nullptr) {
    ClearOpenSslErrors();
    return out;
  }
  for (int i = 0; i < sk_ASN1_OBJECT_num(eku); ++i) {
    char buf[128];
    int len = OBJ_obj2txt(buf, sizeof(buf), sk_ASN1_OBJECT_value(eku, i), 1);
    if (len > 0 && len < static_cast<int>(sizeof(buf))) {
      out.emplace_back(buf, static_cast<std::size_t>(len));
    }
  }
  EXTENDED_KEY_USAGE_free(eku);
  return out;
}

std::vector<std::string> Certificate::CrlUrls() const {
  std::vector<std::string> out;
  auto* points = static_cast<CRL_DIST_POINTS*>(
      X509_get_ext_d2i(cert_.get(), NID_crl_distribution_points, nullptr, nullptr));
  if (points == nullptr) {
    ClearOpenSslErrors();
    return out;
  }
  for (int i = 0; i < sk_DIST_POINT_num(points); ++i) {
    const DIST_POINT* point = sk_DIST_POINT_value(points, i);
    // Only fullName (type 0) carries URIs; a nameRelativeToCRLIssuer has none.
    if (point->distpoint == nullptr || point->distpoint->type != 0) {
      continue;
    }
    const GENERAL_NAMES* names = point->distpoint->name.fullname;
    for (int j = 0; j < sk_GENERAL_NAME_num(names); ++j) {
      const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, j);
      if (name->type == GEN_URI) {
        const ASN1_IA5STRING* uri = name->d.uniformResourceIdentifier;
        out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(uri)),
                         static_cast<std::size_t>(ASN1_STRING_length(uri)));
      }
    }
  }
  CRL_DIST_POINTS_free(points);
  return out;
}

std::vector<std::string> Certificate::OcspUrls() const {
  std::vector<std::string> out;
  STACK_OF(OPENSSL_STRING)* urls = X509_get1_ocsp(cert_.get());
  if (urls == nullptr) {
    ClearOpenSslErrors();
    return out;
  }
  for (int i = 0; i < sk_OPENSSL_STRING_num(urls); ++i) {
    out.emplace_back(sk_OPENSSL_STRING_value(urls, i));
  }
  X509_email_free(urls);
  return out;
}

KeyAlgorithm Certificate::key_algorithm() const {
  return AlgorithmOf(X509_get0_pubkey(cert_.get()));
}

int Certificate::key_bits() const {
  const EVP_PKEY* key = X509_get0_pubkey(cert_.get());
  return key == nullptr ? 0 : EVP_PKEY_get_bits(key);
}

bool Certificate::IsIssuedBy(const Certificate& issuer) const {
  // Name chaining (and AKI/SKI, issuer keyUsage) first, then the signature itself.
  if (X509_check_issued(issuer.cert_.get(), cert_.get()) != X509_V_OK) {
    ClearOpenSslErrors();
    return false;
  }
  EVP_PKEY* key = X509_get0_pubkey(issuer.cert_.get());
  bool ok = key != nullptr && X509_verify(cert_.get(), key) == 1;
  ClearOpenSslErrors();
  return ok;
}

bool Certificate::operator==(const Certificate& other) const {
  if (cert_ == other.cert_) {
    return true;
  }
  return Der() == other.Der();
}

// ---------------------------------------------------------------------------------------------
// PrivateKey

Result<PrivateKey> PrivateKey::ParsePem(std::string_view pem, std::string_view password) {
  BioPtr bio = ossl::MemBio(pem);
  std::string pass(password);
  EvpPkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, PasswordCallback, &pass));
  ClearOpenSslErrors();
  if (!key) {
    // Untrusted input. An encrypted PEM that does not open means the password is wrong (a
    // corrupted one is indistinguishable from that).
    if (pem.find("ENCRYPTED") != std::string_view::npos) {
      return Error::BadSignature("Sai mật khẩu khoá bí mật.");
    }
    return Error::Malformed("Khoá bí mật không đúng định dạng PEM.");
  }
  return PrivateKey(ossl::ShareEvpPkey(key.release()));
}

PrivateKey PrivateKey::FromNative(evp_pkey_st* key) {
  if (key == nullptr || EVP_PKEY_up_ref(key) != 1) {
    throw std::invalid_argument("PrivateKey::FromNative: null key");
  }
  return PrivateKey(ossl::ShareEvpPkey(key));
}

PrivateKey PrivateKey::Generate(KeyAlgorithm algorithm, int bits) {
  EVP_PKEY* key = nullptr;
  switch (algorithm) {
    case KeyAlgorithm::kRsa:
      if (bits < 2048) {
        throw std::invalid_argument("PrivateKey::Generate: RSA keys need at least 2048 bits");
      }
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(bits));
      break;
    case KeyAlgorithm::kEc:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
      break;
    case KeyAlgorithm::kOther:
      throw std::invalid_argument("PrivateKey::Generate: unsupported algorithm");
  }
  if (key == nullptr) {
    ossl::ThrowOpenSslError("EVP_PKEY_Q_keygen");
  }
  return PrivateKey(ossl::ShareEvpPkey(key));
}

KeyAlgorithm PrivateKey::algorithm() const { return AlgorithmOf(key_.get()); }

int PrivateKey::bits() const { return EVP_PKEY_get_bits(key_.get()); }

bool PrivateKey::Matches(const Certificate& certificate) const {
  const EVP_PKEY* pub = X509_get0_pubkey(certificate.native());
  bool ok = pub != nullptr && EVP_PKEY_eq(key_.get(), pub) == 1;
  ClearOpenSslErrors();
  return ok;
}

Result<std::string> PrivateKey::Pem() const {
  BioPtr bio = ossl::NewMemBio();
  if (PEM_write_bio_PKCS8PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
      1) {
    // Token-held keys (PKCS#11) have no exportable private part.
    ClearOpenSslErrors();
    return Error::FailedPrecondition("Khoá bí mật này không xuất được (nằm trong thiết bị ký).");
  }
  return ossl::BioToString(bio.get());
}

// ---------------------------------------------------------------------------------------------
// PKCS#12

Result<SigningKey> LoadPkcs12(std::string_view der, std::string_view password) {
  // Untrusted input: the file may be anything.
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  ossl::Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, static_cast<long>(der.size())));
  if (!p12) {
    ClearOpenSslErrors();
    return Error::Malformed("Tệp không phải định dạng PKCS#12.");
  }

  // An empty password has two encodings (an empty BMPString, or none at all): try both.
  std::string pass(password);
  std::vector<const char*> candidates{pass.c_str()};
  if (pass.empty()) {
    candidates.push_back(nullptr);
  }
  bool mac_present = PKCS12_mac_present(p12.get()) == 1;
  const char* chosen = nullptr;
  bool found = false;
  for (const char* candidate : candidates) {
    if (!mac_present) {
      chosen = candidate;
      found = true;
      break;
    }
    int len = candidate == nullptr ? 0 : static_cast<int>(pass.size());
    if (PKCS12_verify_mac(p12.get(), candidate, len) == 1) {
      chosen = candidate;
      found = true;
      break;
    }
  }
  ClearOpenSslErrors();
  if (!found) {
    return Error::BadSignature("Sai mật khẩu của khóa chữ ký số.");
  }

  EVP_PKEY* raw_key = nullptr;
  X509* raw_cert = nullptr;
  STACK_OF(X509)* raw_ca = nullptr;
  int parsed = PKCS12_parse(p12.get(), chosen, &raw_key, &raw_cert, &raw_ca);
  EvpPkeyPtr key(raw_key);
  X509Ptr cert(raw_cert);
  ossl::X509StackPtr ca(raw_ca);
  ClearOpenSslErrors();
  if (parsed != 1) {
    // Without a MAC, a wrong password shows only as undecryptable bags.
    if (!mac_present) {
      return Error::BadSignature("Sai mật khẩu của khóa chữ ký số.");
    }
    return Error::Malformed("Tệp PKCS#12 bị hỏng.");
  }
  if (!key || !cert) {
    return Error::Malformed("Tệp PKCS#12 không có khoá bí mật cùng chứng thư số tương ứng.");
  }
  PrivateKey private_key = PrivateKey::FromNative(key.get());
  Certificate certificate = Certificate::FromNative(cert.get());
  if (!private_key.Matches(certificate)) {
    return Error::Malformed("Tệp PKCS#12 không có khoá bí mật cùng chứng thư số tương ứng.");
  }
  std::vector<Certificate> others;
  for (int i = 0; ca && i < sk_X509_num(ca.get()); ++i) {
    others.push_back(Certificate::FromNative(sk_X509_value(ca.get(), i)));
  }
  return SigningKey{std::move(private_key), certificate,
                    OrderChain(certificate, std::move(others))};
}

Result<std::string> MakePkcs12(const SigningKey& key, std::string_view password,
                               std::string_view friendly_name) {
  ossl::X509StackPtr ca(sk_X509_new_null());
  if (!ca) {
    ossl::ThrowOpenSslError("sk_X509_new_null");
  }
  for (const auto& cert : key.chain) {
    if (X509_up_ref(cert.native()) != 1 || sk_X509_push(ca.get(), cert.native()) <= 0) {
      ossl::ThrowOpenSslError("sk_X509_push");
    }
  }
  std::string pass(password);
  std::string name(friendly_name);
  // AES-256-CBC with PBKDF2 (PBES2) for both the key and the certificate bags, and a SHA-256 MAC:
  // what OpenSSL 3's pkcs12 command writes by default. RC2/3DES are obsolete.
  ossl::Pkcs12Ptr p12(PKCS12_create(pass.c_str(), name.empty() ? nullptr : name.c_str(),
                                    key.key.native(), key.certificate.native(), ca.get(),
                                    NID_aes_256_cbc, NID_aes_256_cbc, PKCS12_DEFAULT_ITER,
                                    PKCS12_DEFAULT_ITER, 0));
  if (!p12) {
    // A token-held key cannot be exported.
    ClearOpenSslErrors();
    return Error::FailedPrecondition("Không tạo được tệp PKCS#12 từ khoá này.");
  }
  return ossl::DerEncode(p12.get(), i2d_PKCS12);
}

// ---------------------------------------------------------------------------------------------
// LoadSigningKey

Result<SigningKey> LoadSigningKey(std::string_view spec, std::string_view secret,
                                  std::string_view certificate_path) {
  std::string certificate_pem;
  if (!certificate_path.empty()) {
    auto bytes = ReadFile(std::string(certificate_path));
    if (!bytes) {
      return Error::NotFound("tệp chứng thư số", std::string(certificate_path));
    }
    certificate_pem = std::move(*bytes);
  }
  if (spec.rfind("pkcs11:", 0) == 0) {
    return LoadPkcs11(spec, secret, certificate_pem);
  }

  auto bytes = ReadFile(std::string(spec));
  if (!bytes) {
    return Error::NotFound("tệp khoá", std::string(spec));
  }
  if (!ossl::LooksLikePem(*bytes)) {
    return LoadPkcs12(*bytes, secret);
  }

  CQDT_ASSIGN_OR_RETURN(PrivateKey key, PrivateKey::ParsePem(*bytes, secret));
  // The certificate (and chain) comes from certificate_path, or else from the key file itself
  // when it bundles them.
  std::string_view cert_source =
      certificate_path.empty() ? std::string_view(*bytes) : std::string_view(certificate_pem);
  if (certificate_path.empty() && cert_source.find("CERTIFICATE-----") == std::string_view::npos) {
    return Error::InvalidField("certificatePath", "required",
                               "Cần chỉ ra tệp chứng thư số đi kèm khoá bí mật PEM.");
  }
  CQDT_ASSIGN_OR_RETURN(auto certs, Certificate::ParseAll(cert_source));
  Certificate leaf = certs.front();
  if (!key.Matches(leaf)) {
    return Error::InvalidField("certificatePath", "mismatch",
                               "Chứng thư số không khớp với khoá bí mật.");
  }
  certs.erase(certs.begin());
  return SigningKey{std::move(key), leaf, OrderChain(leaf, std::move(certs))};
}

}  // namespace cqdt::crypto
