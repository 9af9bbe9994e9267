#include "crypto/trust.hpp"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/pem.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "crypto/pki.hpp"

namespace cqdt::crypto {
namespace {

using std::chrono::days;
using std::chrono::hours;

TimePoint Now() {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

CertificateProfile Profile(CertificateKind kind, std::string common_name) {
  CertificateProfile p;
  p.kind = kind;
  p.common_name = std::move(common_name);
  p.organization = "Kiểm thử cqdt";
  p.algorithm = KeyAlgorithm::kEc;  // fast key generation
  p.not_before = Now() - days(30);
  p.not_after = Now() + days(365);
  return p;
}

SigningKey Issue(const CertificateProfile& profile, const SigningKey* issuer) {
  auto key = IssueCertificate(profile, issuer);
  if (!key) {
    throw std::runtime_error("IssueCertificate: " + key.error().message());
  }
  return *std::move(key);
}

Crl MakeCrl(const SigningKey& issuer, const std::vector<RevokedEntry>& revoked,
            TimePoint this_update = Now() - hours(1)) {
  auto crl = IssueCrl(issuer, revoked, this_update, this_update + days(7));
  if (!crl) {
    throw std::runtime_error("IssueCrl: " + crl.error().message());
  }
  return *std::move(crl);
}

PathValidationOptions NoRevocation() {
  PathValidationOptions o;
  o.check_revocation = false;
  return o;
}

// Root CA -> intermediate CA -> personal certificate.
struct Pki {
  SigningKey root = Issue(Profile(CertificateKind::kRootCa, "Root CA Kiểm thử"), nullptr);
  SigningKey inter =
      Issue(Profile(CertificateKind::kIntermediateCa, "CA Trung gian Kiểm thử"), &root);
  SigningKey leaf = Issue(Profile(CertificateKind::kPersonal, "Nguyễn Văn A"), &inter);

  TrustStore Store() const {
    TrustStore store;
    store.AddAnchor(root.certificate);
    return store;
  }
  // A store whose root CRL (empty) answers for the intermediate.
  TrustStore StoreWithRootCrl() const {
    TrustStore store = Store();
    store.AddCrl(MakeCrl(root, {}));
    return store;
  }
};

// A fake fetcher that records the calls in order and answers from maps.
class FakeFetcher final : public RevocationFetcher {
 public:
  Result<Crl> FetchCrl(const std::string& url) override {
    calls.push_back("crl " + url);
    auto it = crls.find(url);
    if (it == crls.end()) {
      return Error::Unavailable("không tải được");
    }
    return it->second;
  }
  Result<OcspAnswer> QueryOcsp(const Certificate& /*certificate*/, const Certificate& /*issuer*/,
                               const std::string& url) override {
    calls.push_back("ocsp " + url);
    auto it = ocsp.find(url);
    if (it == ocsp.end()) {
      return Error::Unavailable("không truy vấn được");
    }
    return it->second;
  }

  std::vector<std::string> calls;
  std::map<std::string, Crl> crls;
  std::map<std::string, OcspAnswer> ocsp;
};

// ---------------------------------------------------------------------------------------------
// TrustStoreTest

TEST(TrustStoreTest, ValidChainWithIntermediateFromSignature) {
  Pki pki;
  TrustStore store = pki.Store();
  PathValidation v =
      store.Validate(pki.leaf.certificate, {pki.inter.certificate}, Now(), NoRevocation(), nullptr);
  EXPECT_EQ(v.status, CertificateStatus::kValid) << v.detail;
  ASSERT_EQ(v.chain.size(), 3u);
  EXPECT_EQ(v.chain[0], pki.leaf.certificate);
  EXPECT_EQ(v.chain[1], pki.inter.certificate);
  EXPECT_EQ(v.chain[2], pki.root.certificate);
  EXPECT_EQ(v.revocation_source, RevocationSource::kNone);
  EXPECT_EQ(v.detail, "Chứng thư số hợp lệ tại thời điểm ký.");
}

TEST(TrustStoreTest, ValidChainWithIntermediateFromStore) {
  Pki pki;
  TrustStore store = pki.Store();
  store.AddIntermediate(pki.inter.certificate);
  PathValidation v = store.Validate(pki.leaf.certificate, {}, Now(), NoRevocation(), nullptr);
  EXPECT_EQ(v.status, CertificateStatus::kValid) << v.detail;
  EXPECT_EQ(v.chain.size(), 3u);
}

TEST(TrustStoreTest, NonSelfSignedAnchorIsTrustedAsIs) {
  Pki pki;
  TrustStore store;
  store.AddAnchor(pki.inter.certificate);
  PathValidation v = store.Validate(pki.leaf.certificate, {}, Now(), NoRevocation(), nullptr);
  EXPECT_EQ(v.status, CertificateStatus::kValid) << v.detail;
  ASSERT_EQ(v.chain.size(), 2u);
  EXPECT_EQ(v.chain[1], pki.inter.certificate);
}

TEST(TrustStoreTest, UnknownIssuerWhenAnchorIsAnotherCa) {
  Pki pki;
  Pki other;
  TrustStore store = other.Store();
  PathValidation v =
      store.Validate(pki.leaf.certificate, {pki.inter.certificate}, Now(), NoRevocation(), nullptr);
  EXPECT_EQ(v.status, CertificateStatus::kUnknownIssuer);
  EXPECT_EQ(v.detail,
            "Không tìm thấy tổ chức cung cấp dịch vụ chứng thực tin cậy phát hành chứng thư số "
            "này.");
  ASSERT_FALSE(v.chain.empty());
  EXPECT_EQ(v.chain.front(), pki.leaf.certificate);
}

TEST(TrustStoreTest, UnknownIssuerWhenIntermediateIsMissing) {
  Pki pki;
  PathValidation v = pki.Store().Validate(pki.leaf.certificate, {}, Now(), NoRevocation(), nullptr);
  EXPECT_EQ(v.status, CertificateStatus::kUnknownIssuer);
  ASSERT_EQ(v.chain.size(), 1u);
  EXPECT_EQ(v.chain[0], pki.leaf.certificate);
}

TEST(TrustStoreTest, UnknownIssuerForEmptyStoreAndUntrustedRoot) {
  Pki pki;
  TrustStore empty;
  EXPECT_EQ(empty
                .Validate(pki.leaf.certificate, {pki.inter.certificate, pki.root.certificate},
                          Now(), NoRevocation(), nullptr)
                .status,
            CertificateStatus::kUnknownIssuer);
  // A self-signed certificate that is not an anchor.
  Pki other;
  EXPECT_EQ(pki.Store().Validate(other.root.certificate, {}, Now(), NoRevocation(), nullptr).status,
            CertificateStatus::kUnknownIssuer);
}

TEST(TrustStoreTest, ExpiryIsJudgedAtTheValidationTime) {
  Pki pki;
  CertificateProfile p = Profile(CertificateKind::kPersonal, "Hết hạn");
  p.not_before = Now() - days(30);
  p.not_after = Now() - days(10);
  SigningKey expired = Issue(p, &pki.inter);
  TrustStore store = pki.Store();

  PathValidation late =
      store.Validate(expired.certificate, {pki.inter.certificate}, Now(), NoRevocation(), nullptr);
  EXPECT_EQ(late.status, CertificateStatus::kExpired);
  EXPECT_EQ(late.detail, "Chứng thư số đã hết hạn vào " + ToIsoVietnam(p.not_after) + ".");
  EXPECT_EQ(late.chain.size(), 3u);

  // Signed while it was still valid: valid then.
  PathValidation then = store.Validate(expired.certificate, {pki.inter.certificate},
                                       Now() - days(20), NoRevocation(), nullptr);
  EXPECT_EQ(then.status, CertificateStatus::kValid) << then.detail;
}

TEST(TrustStoreTest, ExpiredIntermediateIsNamed) {
  Pki pki;
  CertificateProfile p = Profile(CertificateKind::kIntermediateCa, "CA Hết hạn");
  p.not_before = Now() - days(30);
  p.not_after = Now() - days(1);
  SigningKey inter = Issue(p, &pki.root);
  CertificateProfile lp = Profile(CertificateKind::kPersonal, "Người ký");
  lp.not_before = Now() - days(20);
  lp.not_after = Now() + days(20);
  SigningKey leaf = Issue(lp, &inter);
  PathValidation v =
      pki.Store().Validate(leaf.certificate, {inter.certificate}, Now(), NoRevocation(), nullptr);
  EXPECT_EQ(v.status, CertificateStatus::kExpired);
  EXPECT_NE(v.detail.find("CA Hết hạn"), std::string::npos) << v.detail;
}

TEST(TrustStoreTest, NotYetValid) {
  Pki pki;
  CertificateProfile p = Profile(CertificateKind::kPersonal, "Chưa hiệu lực");
  p.not_before = Now() + days(10);
  p.not_after = Now() + days(40);
  SigningKey future = Issue(p, &pki.inter);
  PathValidation v = pki.Store().Validate(future.certificate, {pki.inter.certificate}, Now(),
                                          NoRevocation(), nullptr);
  EXPECT_EQ(v.status, CertificateStatus::kNotYetValid);
  EXPECT_FALSE(v.detail.empty());
  EXPECT_EQ(pki.Store()
                .Validate(future.certificate, {pki.inter.certificate}, Now() + days(11),
                          NoRevocation(), nullptr)
                .status,
            CertificateStatus::kValid);
}

TEST(TrustStoreTest, TamperedSignatureIsInvalid) {
  Pki pki;
  std::string der = pki.leaf.certificate.Der();
  der[der.size() - 5] ^= 0x01;  // inside the signature value
  auto tampered = Certificate::Parse(der);
  ASSERT_TRUE(tampered) << tampered.error().message();
  PathValidation v =
      pki.Store().Validate(*tampered, {pki.inter.certificate}, Now(), NoRevocation(), nullptr);
  EXPECT_EQ(v.status, CertificateStatus::kInvalid) << v.detail;
}

TEST(TrustStoreTest, PathLengthConstraintIsEnforced) {
  CertificateProfile rp = Profile(CertificateKind::kRootCa, "Root pathlen 0");
  rp.path_length = 0;
  SigningKey root = Issue(rp, nullptr);
  SigningKey inter = Issue(Profile(CertificateKind::kIntermediateCa, "CA dưới"), &root);
  SigningKey leaf = Issue(Profile(CertificateKind::kPersonal, "Người ký"), &inter);
  TrustStore store;
  store.AddAnchor(root.certificate);
  PathValidation v =
      store.Validate(leaf.certificate, {inter.certificate}, Now(), NoRevocation(), nullptr);
  EXPECT_EQ(v.status, CertificateStatus::kInvalid) << v.detail;
}

TEST(TrustStoreTest, KeyPurposeIsChecked) {
  Pki pki;
  TrustStore store = pki.Store();
  // A CA certificate (keyCertSign, cRLSign only) cannot sign documents.
  PathValidation ca = store.Validate(pki.inter.certificate, {}, Now(), NoRevocation(), nullptr);
  EXPECT_EQ(ca.status, CertificateStatus::kInvalid);
  EXPECT_EQ(ca.detail, "Chứng thư số không được phép dùng để ký.");
  // But it is a valid certificate for no particular purpose.
  PathValidationOptions any = NoRevocation();
  any.purpose = KeyPurpose::kAny;
  EXPECT_EQ(store.Validate(pki.inter.certificate, {}, Now(), any, nullptr).status,
            CertificateStatus::kValid);

  // Timestamping needs id-kp-timeStamping.
  PathValidationOptions tsa = NoRevocation();
  tsa.purpose = KeyPurpose::kTimestamping;
  EXPECT_EQ(
      store.Validate(pki.leaf.certificate, {pki.inter.certificate}, Now(), tsa, nullptr).status,
      CertificateStatus::kInvalid);
  SigningKey tsa_key = Issue(Profile(CertificateKind::kTimestamping, "TSA Kiểm thử"), &pki.inter);
  EXPECT_EQ(
      store.Validate(tsa_key.certificate, {pki.inter.certificate}, Now(), tsa, nullptr).status,
      CertificateStatus::kValid);
}

TEST(TrustStoreTest, RevokedBeforeTheValidationTime) {
  Pki pki;
  TrustStore store = pki.StoreWithRootCrl();
  const TimePoint revoked_at = Now() - days(5);
  store.AddCrl(MakeCrl(pki.inter, {{pki.leaf.certificate, revoked_at}}));
  PathValidation v = store.Validate(pki.leaf.certificate, {pki.inter.certificate}, Now(),
                                    PathValidationOptions{}, nullptr);
  EXPECT_EQ(v.status, CertificateStatus::kRevoked);
  ASSERT_TRUE(v.revoked_at.has_value());
  EXPECT_EQ(*v.revoked_at, revoked_at);
  EXPECT_EQ(v.revocation_source, RevocationSource::kCrl);
  EXPECT_EQ(v.detail, "Chứng thư số đã bị thu hồi lúc " + ToIsoVietnam(revoked_at) + ".");
}

TEST(TrustStoreTest, RevokedAfterTheValidationTimeStaysValid) {
  Pki pki;
  TrustStore store = pki.StoreWithRootCrl();
  const TimePoint revoked_at = Now() - days(5);
  store.AddCrl(MakeCrl(pki.inter, {{pki.leaf.certificate, revoked_at}}));
  PathValidation v = store.Validate(pki.leaf.certificate, {pki.inter.certificate}, Now() - days(10),
                                    PathValidationOptions{}, nullptr);
  EXPECT_EQ(v.status, CertificateStatus::kValid) << v.detail;
  ASSERT_TRUE(v.revoked_at.has_value());
  EXPECT_EQ(*v.revoked_at, revoked_at);
  EXPECT_NE(v.detail.find("thu hồi sau đó"), std::string::npos) << v.detail;
}

TEST(TrustStoreTest, RevokedIntermediateRevokesThePath) {
  Pki pki;
  TrustStore store = pki.Store();
  const TimePoint revoked_at = Now() - days(2);
  store.AddCrl(MakeCrl(pki.root, {{pki.inter.certificate, revoked_at}}));
  store.AddCrl(MakeCrl(pki.inter, {}));
  PathValidation v = store.Validate(pki.leaf.certificate, {pki.inter.certificate}, Now(),
                                    PathValidationOptions{}, nullptr);
  EXPECT_EQ(v.status, CertificateStatus::kRevoked);
  EXPECT_NE(v.detail.find("CA Trung gian Kiểm thử"), std::string::npos) << v.detail;
}

TEST(TrustStoreTest, NotListedInCrlsIsValid) {
  Pki pki;
  TrustStore store = pki.StoreWithRootCrl();
  SigningKey other = Issue(Profile(CertificateKind::kPersonal, "Người khác"), &pki.inter);
  store.AddCrl(MakeCrl(pki.inter, {{other.certificate, Now() - days(1)}}));
  PathValidation v = store.Validate(pki.leaf.certificate, {pki.inter.certificate}, Now(),
                                    PathValidationOptions{}, nullptr);
  EXPECT_EQ(v.status, CertificateStatus::kValid) << v.detail;
  EXPECT_EQ(v.revocation_source, RevocationSource::kCrl);
  EXPECT_FALSE(v.revoked_at.has_value());
}

TEST(TrustStoreTest, NoRevocationInformationIsUnknown) {
  Pki pki;
  PathValidation v = pki.StoreWithRootCrl().Validate(pki.leaf.certificate, {pki.inter.certificate},
                                                     Now(), PathValidationOptions{}, nullptr);
  EXPECT_EQ(v.status, CertificateStatus::kRevocationUnknown);
  EXPECT_EQ(v.detail.rfind("Không xác định được tình trạng thu hồi", 0), 0u) << v.detail;
  EXPECT_EQ(v.chain.size(), 3u);
}

TEST(TrustStoreTest, CrlSignedByAnotherCaIsIgnored) {
  Pki pki;
  // A forger's CA with the intermediate's very name lists the leaf as revoked (and would say
  // "good" just as easily): its CRL must not count.
  CertificateProfile fp = Profile(CertificateKind::kRootCa, "CA Trung gian Kiểm thử");
  SigningKey forger = Issue(fp, nullptr);
  Crl forged = MakeCrl(forger, {});
  ASSERT_EQ(forged.IssuerDn(), pki.inter.certificate.SubjectDn());
  TrustStore store = pki.StoreWithRootCrl();
  store.AddCrl(forged);
  PathValidation v = store.Validate(pki.leaf.certificate, {pki.inter.certificate}, Now(),
                                    PathValidationOptions{}, nullptr);
  EXPECT_EQ(v.status, CertificateStatus::kRevocationUnknown) << v.detail;
}

TEST(TrustStoreTest, AnchorIsNotCheckedForRevocation) {
  Pki pki;
  TrustStore store = pki.Store();
  // The root lists itself as revoked: anchors are trusted as they are.
  store.AddCrl(MakeCrl(pki.root, {{pki.root.certificate, Now() - days(1)}}));
  PathValidationOptions o;
  o.purpose = KeyPurpose::kAny;
  PathValidation v = store.Validate(pki.root.certificate, {}, Now(), o, nullptr);
  EXPECT_EQ(v.status, CertificateStatus::kValid) << v.detail;
  EXPECT_EQ(v.chain.size(), 1u);
}

TEST(TrustStoreTest, FetcherPrefersOcspAndKeepsEvidence) {
  Pki pki;
  CertificateProfile p = Profile(CertificateKind::kPersonal, "Có OCSP");
  p.ocsp_urls = {"http://ocsp.test/"};
  p.crl_urls = {"http://crl.test/inter.crl"};
  SigningKey leaf = Issue(p, &pki.inter);
  FakeFetcher fetcher;
  OcspAnswer good;
  good.status = OcspCertStatus::kGood;
  good.der = "ocsp-der";
  fetcher.ocsp.emplace("http://ocsp.test/", good);
  fetcher.crls.emplace("http://crl.test/inter.crl", MakeCrl(pki.inter, {}));

  std::vector<std::string> evidence;
  PathValidation v =
      pki.StoreWithRootCrl().Validate(leaf.certificate, {pki.inter.certificate}, Now(),
                                      PathValidationOptions{}, &fetcher, &evidence);
  EXPECT_EQ(v.status, CertificateStatus::kValid) << v.detail;
  EXPECT_EQ(v.revocation_source, RevocationSource::kOcsp);
  EXPECT_EQ(fetcher.calls, std::vector<std::string>{"ocsp http://ocsp.test/"});
  EXPECT_EQ(evidence, std::vector<std::string>{"ocsp-der"});
}

TEST(TrustStoreTest, FetcherFallsBackToCrlWhenOcspFails) {
  Pki pki;
  CertificateProfile p = Profile(CertificateKind::kPersonal, "OCSP hỏng");
  p.ocsp_urls = {"http://ocsp.test/"};
  p.crl_urls = {"http://crl.test/inter.crl"};
  SigningKey leaf = Issue(p, &pki.inter);
  const TimePoint revoked_at = Now() - days(3);
  Crl crl = MakeCrl(pki.inter, {{leaf.certificate, revoked_at}});
  FakeFetcher fetcher;
  fetcher.crls.emplace("http://crl.test/inter.crl", crl);

  std::vector<std::string> evidence;
  PathValidation v =
      pki.StoreWithRootCrl().Validate(leaf.certificate, {pki.inter.certificate}, Now(),
                                      PathValidationOptions{}, &fetcher, &evidence);
  EXPECT_EQ(v.status, CertificateStatus::kRevoked);
  EXPECT_EQ(v.revoked_at, revoked_at);
  EXPECT_EQ(v.revocation_source, RevocationSource::kCrl);
  EXPECT_EQ(fetcher.calls,
            (std::vector<std::string>{"ocsp http://ocsp.test/", "crl http://crl.test/inter.crl"}));
  EXPECT_EQ(evidence, std::vector<std::string>{crl.Der()});
}

TEST(TrustStoreTest, OcspRevocationAnswer) {
  Pki pki;
  CertificateProfile p = Profile(CertificateKind::kPersonal, "Thu hồi qua OCSP");
  p.ocsp_urls = {"http://ocsp.test/"};
  SigningKey leaf = Issue(p, &pki.inter);
  FakeFetcher fetcher;
  OcspAnswer revoked;
  revoked.status = OcspCertStatus::kRevoked;
  revoked.revoked_at = Now() - days(1);
  fetcher.ocsp.emplace("http://ocsp.test/", revoked);
  TrustStore store = pki.StoreWithRootCrl();
  PathValidation v = store.Validate(leaf.certificate, {pki.inter.certificate}, Now(),
                                    PathValidationOptions{}, &fetcher);
  EXPECT_EQ(v.status, CertificateStatus::kRevoked);
  EXPECT_EQ(v.revocation_source, RevocationSource::kOcsp);
  EXPECT_EQ(store
                .Validate(leaf.certificate, {pki.inter.certificate}, Now() - days(2),
                          PathValidationOptions{}, &fetcher)
                .status,
            CertificateStatus::kValid);
}

TEST(TrustStoreTest, StoreCrlIsUsedBeforeTheFetcher) {
  Pki pki;
  CertificateProfile p = Profile(CertificateKind::kPersonal, "Có CRL trong kho");
  p.ocsp_urls = {"http://ocsp.test/"};
  SigningKey leaf = Issue(p, &pki.inter);
  TrustStore store = pki.StoreWithRootCrl();
  store.AddCrl(MakeCrl(pki.inter, {}));
  FakeFetcher fetcher;
  PathValidation v = store.Validate(leaf.certificate, {pki.inter.certificate}, Now(),
                                    PathValidationOptions{}, &fetcher);
  EXPECT_EQ(v.status, CertificateStatus::kValid) << v.detail;
  EXPECT_TRUE(fetcher.calls.empty());
}

TEST(TrustStoreTest, FetchedCrlFromAnotherCaIsIgnored) {
  Pki pki;
  Pki other;
  CertificateProfile p = Profile(CertificateKind::kPersonal, "CRL giả");
  p.crl_urls = {"http://crl.test/inter.crl"};
  SigningKey leaf = Issue(p, &pki.inter);
  FakeFetcher fetcher;
  fetcher.crls.emplace("http://crl.test/inter.crl", MakeCrl(other.inter, {}));
  std::vector<std::string> evidence;
  PathValidation v =
      pki.StoreWithRootCrl().Validate(leaf.certificate, {pki.inter.certificate}, Now(),
                                      PathValidationOptions{}, &fetcher, &evidence);
  EXPECT_EQ(v.status, CertificateStatus::kRevocationUnknown);
  EXPECT_EQ(fetcher.calls, std::vector<std::string>{"crl http://crl.test/inter.crl"});
  EXPECT_TRUE(evidence.empty());
}

TEST(TrustStoreTest, NoFetchingForAnUntrustedPath) {
  Pki pki;
  Pki other;
  CertificateProfile p = Profile(CertificateKind::kPersonal, "Kẻ tấn công");
  p.ocsp_urls = {"http://attacker.test/"};
  p.crl_urls = {"http://attacker.test/x.crl"};
  SigningKey leaf = Issue(p, &pki.inter);
  FakeFetcher fetcher;
  PathValidation v = other.Store().Validate(leaf.certificate, {pki.inter.certificate}, Now(),
                                            PathValidationOptions{}, &fetcher);
  EXPECT_EQ(v.status, CertificateStatus::kUnknownIssuer);
  EXPECT_TRUE(fetcher.calls.empty());
}

TEST(TrustStoreTest, StatusNamesAreStable) {
  EXPECT_EQ(ToString(CertificateStatus::kValid), "valid");
  EXPECT_EQ(ToString(CertificateStatus::kExpired), "expired");
  EXPECT_EQ(ToString(CertificateStatus::kNotYetValid), "not_yet_valid");
  EXPECT_EQ(ToString(CertificateStatus::kRevoked), "revoked");
  EXPECT_EQ(ToString(CertificateStatus::kUnknownIssuer), "unknown_issuer");
  EXPECT_EQ(ToString(CertificateStatus::kRevocationUnknown), "revocation_unknown");
  EXPECT_EQ(ToString(CertificateStatus::kInvalid), "invalid");
}

// ---------------------------------------------------------------------------------------------
// CrlTest

std::string CrlPem(const Crl& crl) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509_CRL(bio, crl.native());
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return out;
}

TEST(CrlTest, ParsesDerAndPemAndExposesFields) {
  Pki pki;
  const TimePoint this_update = Now() - hours(2);
  const TimePoint revoked_at = Now() - days(1);
  Crl issued = MakeCrl(pki.inter, {{pki.leaf.certificate, revoked_at}}, this_update);

  auto der = Crl::Parse(issued.Der());
  ASSERT_TRUE(der) << der.error().message();
  auto pem = Crl::Parse(CrlPem(issued));
  ASSERT_TRUE(pem) << pem.error().message();
  EXPECT_EQ(pem->Der(), issued.Der());

  EXPECT_EQ(der->IssuerDn(), pki.inter.certificate.SubjectDn());
  EXPECT_EQ(der->ThisUpdate(), this_update);
  EXPECT_EQ(der->NextUpdate(), this_update + days(7));
  EXPECT_TRUE(der->IsSignedBy(pki.inter.certificate));
  EXPECT_FALSE(der->IsSignedBy(pki.root.certificate));
  EXPECT_FALSE(der->IsSignedBy(pki.leaf.certificate));
  EXPECT_EQ(der->RevocationTime(pki.leaf.certificate), revoked_at);
  EXPECT_EQ(der->RevokedCount(), 1u);
  EXPECT_EQ(MakeCrl(pki.inter, {}, this_update).RevokedCount(), 0u);
  SigningKey other = Issue(Profile(CertificateKind::kPersonal, "Không bị thu hồi"), &pki.inter);
  EXPECT_FALSE(der->RevocationTime(other.certificate).has_value());
  // Another CA's certificate with the same serial would not match: different issuer name.
  EXPECT_FALSE(der->RevocationTime(pki.inter.certificate).has_value());
}

TEST(CrlTest, RejectsMalformedInput) {
  EXPECT_EQ(Crl::Parse("not a crl").error().code(), ErrorCode::kMalformed);
  EXPECT_EQ(Crl::Parse("").error().code(), ErrorCode::kMalformed);
  EXPECT_EQ(Crl::Parse("-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n").error().code(),
            ErrorCode::kMalformed);
  Pki pki;
  std::string der = MakeCrl(pki.inter, {}).Der();
  EXPECT_EQ(Crl::Parse(der + "x").error().code(), ErrorCode::kMalformed);
  EXPECT_EQ(Crl::Parse(der.substr(0, der.size() - 1)).error().code(), ErrorCode::kMalformed);
  // A certificate is not a CRL.
  EXPECT_FALSE(Crl::Parse(pki.leaf.certificate.Der()).has_value());
}

// ---------------------------------------------------------------------------------------------
// Loopback servers for the HTTP fetcher.

// A port nothing listens on right now (bound, read, closed).
int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    throw std::runtime_error("bind");
  }
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// How long a test waits for a helper process to say it is ready before failing.
constexpr std::chrono::minutes kProcessStartCeiling{3};

// Reads `fd` until a line starting with `prefix` arrives (true), the writer closes it or
// `ceiling` passes (false). `said` collects what was read, for the failure message. A readiness
// signal, not a guess: a process started under ASan on a loaded machine may take many seconds.
bool WaitForLine(int fd, std::string_view prefix, std::chrono::steady_clock::duration ceiling,
                 std::string& said) {
  const auto deadline = std::chrono::steady_clock::now() + ceiling;
  std::size_t line_start = 0;
  for (;;) {
    for (std::size_t end; (end = said.find('\n', line_start)) != std::string::npos;
         line_start = end + 1) {
      if (std::string_view(said).substr(line_start).starts_with(prefix)) {
        return true;
      }
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return false;
    }
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) {
      continue;
    }
    if (ready <= 0) {
      return false;
    }
    char buf[4096];
    const ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;  // the process ended without saying it was ready
    }
    said.append(buf, static_cast<std::size_t>(n));
  }
}

// Answers one HTTP request on 127.0.0.1 with a fixed response, then stops.
class OneShotHttpServer {
 public:
  OneShotHttpServer(std::string status, std::string body) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        ::listen(listen_fd_, 1) != 0) {
      throw std::runtime_error("listen");
    }
    socklen_t len = sizeof(addr);
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this, status = std::move(status), body = std::move(body)] {
      int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) {
        return;
      }
      std::string request;
      char buf[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        ssize_t n = ::read(fd, buf, sizeof(buf));
        if (n <= 0) {
          break;
        }
        request.append(buf, static_cast<std::size_t>(n));
      }
      request_line_ = request.substr(0, request.find("\r\n"));
      std::string response = "HTTP/1.0 " + status +
                             "\r\nContent-Type: application/pkix-crl\r\nContent-Length: " +
                             std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
      std::size_t sent = 0;
      while (sent < response.size()) {
        ssize_t n = ::write(fd, response.data() + sent, response.size() - sent);
        if (n <= 0) {
          break;
        }
        sent += static_cast<std::size_t>(n);
      }
      ::close(fd);
    });
  }
  ~OneShotHttpServer() {
    ::shutdown(listen_fd_, SHUT_RDWR);  // unblocks accept() when nobody came
    thread_.join();
    ::close(listen_fd_);
  }
  OneShotHttpServer(const OneShotHttpServer&) = delete;
  OneShotHttpServer& operator=(const OneShotHttpServer&) = delete;

  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  // Valid after the destructor has joined, or once the client got its answer.
  const std::string& request_line() const { return request_line_; }

 private:
  int listen_fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::string request_line_;
};

TEST(CrlTest, FetchesOverHttp) {
  Pki pki;
  Crl crl = MakeCrl(pki.inter, {{pki.leaf.certificate, Now() - days(1)}});
  OneShotHttpServer server("200 OK", crl.Der());
  HttpRevocationFetcher fetcher(std::chrono::seconds(5));
  auto fetched = fetcher.FetchCrl(server.Url("/crl/inter.crl"));
  ASSERT_TRUE(fetched) << fetched.error().message();
  EXPECT_EQ(fetched->Der(), crl.Der());
  EXPECT_EQ(server.request_line().rfind("GET /crl/inter.crl HTTP/1.", 0), 0u)
      << server.request_line();
}

TEST(CrlTest, HttpErrorsAreUnavailable) {
  HttpRevocationFetcher fetcher(std::chrono::seconds(1));
  {
    OneShotHttpServer server("404 Not Found", "no such file");
    auto r = fetcher.FetchCrl(server.Url("/missing.crl"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), ErrorCode::kUnavailable);
  }
  {
    OneShotHttpServer server("200 OK", "this is not a CRL");
    auto r = fetcher.FetchCrl(server.Url("/garbage.crl"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), ErrorCode::kUnavailable);
  }
  auto https = fetcher.FetchCrl("https://127.0.0.1/x.crl");
  ASSERT_FALSE(https);
  EXPECT_EQ(https.error().code(), ErrorCode::kUnavailable);
  auto ldap = fetcher.FetchCrl("ldap://ca.test/cn=CA?certificateRevocationList");
  ASSERT_FALSE(ldap);
  EXPECT_EQ(ldap.error().code(), ErrorCode::kUnavailable);

  const auto start = std::chrono::steady_clock::now();
  auto refused = fetcher.FetchCrl("http://127.0.0.1:" + std::to_string(FreePort()) + "/x.crl");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kUnavailable);
  // A guard against hanging, not a speed target.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

TEST(CrlTest, ValidateDownloadsTheDistributionPoint) {
  Pki pki;
  // The CRL lists a sibling, so the server's port must be known before the leaf is issued.
  SigningKey sibling = Issue(Profile(CertificateKind::kPersonal, "Anh em"), &pki.inter);
  Crl crl = MakeCrl(pki.inter, {{sibling.certificate, Now() - days(1)}});
  OneShotHttpServer server("200 OK", crl.Der());
  CertificateProfile p = Profile(CertificateKind::kPersonal, "Có CRL DP");
  p.crl_urls = {server.Url("/inter.crl")};
  SigningKey leaf = Issue(p, &pki.inter);
  HttpRevocationFetcher fetcher(std::chrono::seconds(5));
  std::vector<std::string> evidence;
  PathValidation v =
      pki.StoreWithRootCrl().Validate(leaf.certificate, {pki.inter.certificate}, Now(),
                                      PathValidationOptions{}, &fetcher, &evidence);
  EXPECT_EQ(v.status, CertificateStatus::kValid) << v.detail;
  EXPECT_EQ(v.revocation_source, RevocationSource::kCrl);
  EXPECT_EQ(evidence, std::vector<std::string>{crl.Der()});
}

// ---------------------------------------------------------------------------------------------
// OcspTest: a real `openssl ocsp` responder on loopback.

std::string IndexTime(TimePoint t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%y%m%d%H%M%SZ", &tm);
  return buf;
}

void WriteFile(const std::filesystem::path& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
}

class OcspTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cqdt-ocsp-" + std::to_string(::getpid()) + "-" + std::to_string(FreePort()));
    std::filesystem::create_directories(dir_);
    port_ = FreePort();
    url_ = "http://127.0.0.1:" + std::to_string(port_) + "/";

    SigningKey responder =
        Issue(Profile(CertificateKind::kOcspResponder, "OCSP Kiểm thử"), &pki_.inter);
    CertificateProfile gp = Profile(CertificateKind::kPersonal, "Còn hiệu lực");
    gp.ocsp_urls = {url_};
    good_ = Issue(gp, &pki_.inter);
    CertificateProfile rp = Profile(CertificateKind::kPersonal, "Đã thu hồi");
    rp.ocsp_urls = {url_};
    revoked_ = Issue(rp, &pki_.inter);
    CertificateProfile up = Profile(CertificateKind::kPersonal, "Không có trong sổ");
    up.ocsp_urls = {url_};
    unlisted_ = Issue(up, &pki_.inter);
    revoked_at_ = Now() - days(2);

    WriteFile(dir_ / "inter.pem", pki_.inter.certificate.Pem());
    const std::string exp = IndexTime(Now() + days(365));
    WriteFile(dir_ / "index.txt",
              "V\t" + exp + "\t\t" + good_->certificate.SerialHex() + "\tunknown\t/CN=good\n" +
                  "R\t" + exp + "\t" + IndexTime(revoked_at_) + "\t" +
                  revoked_->certificate.SerialHex() + "\tunknown\t/CN=revoked\n");
    StartResponder(responder, port_);
  }

  // Runs `openssl ocsp` on `port`, signing with `signer`, for the intermediate's certificates.
  void StartResponder(const SigningKey& signer, int port) {
    const std::string tag = std::to_string(port);
    WriteFile(dir_ / ("signer-" + tag + ".pem"), signer.certificate.Pem());
    auto key_pem = signer.key.Pem();
    ASSERT_TRUE(key_pem);
    WriteFile(dir_ / ("signer-" + tag + ".key"), *key_pem);
    const std::string index = (dir_ / "index.txt").string();
    const std::string ca = (dir_ / "inter.pem").string();
    const std::string rsigner = (dir_ / ("signer-" + tag + ".pem")).string();
    const std::string rkey = (dir_ / ("signer-" + tag + ".key")).string();

    // The responder's stdout and stderr come back on a pipe: it prints "ACCEPT <address>" once
    // it listens. (Close-on-exec in this process, so later responders do not inherit it.)
    int out[2];
    ASSERT_EQ(::pipe2(out, O_CLOEXEC), 0);
    pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int devnull = ::open("/dev/null", O_RDONLY);
      ::dup2(devnull, STDIN_FILENO);
      ::dup2(out[1], STDOUT_FILENO);
      ::dup2(out[1], STDERR_FILENO);
      ::execlp("openssl", "openssl", "ocsp", "-index", index.c_str(), "-port", tag.c_str(),
               "-rsigner", rsigner.c_str(), "-rkey", rkey.c_str(), "-CA", ca.c_str(), "-ndays", "1",
               "-nrequest", "100", "-ignore_err", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(out[1]);
    pids_.push_back(pid);
    // Kept open until TearDown: the responder may still write (errors), and a closed pipe
    // would kill it with SIGPIPE.
    outputs_.push_back(out[0]);
    std::string said;
    ASSERT_TRUE(WaitForLine(out[0], "ACCEPT", kProcessStartCeiling, said))
        << "openssl ocsp did not start on port " << port << ": " << said;
  }

  void TearDown() override {
    for (pid_t pid : pids_) {
      ::kill(pid, SIGTERM);
      ::waitpid(pid, nullptr, 0);
    }
    for (int fd : outputs_) {
      ::close(fd);
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  Pki pki_;
  std::optional<SigningKey> good_;
  std::optional<SigningKey> revoked_;
  std::optional<SigningKey> unlisted_;
  TimePoint revoked_at_{};
  std::filesystem::path dir_;
  int port_ = 0;
  std::string url_;
  std::vector<pid_t> pids_;
  std::vector<int> outputs_;
  // A guard against a hung responder, not a speed limit: generous for ASan on a loaded machine.
  HttpRevocationFetcher fetcher_{std::chrono::seconds(120)};
};

TEST_F(OcspTest, GoodAnswer) {
  auto answer = fetcher_.QueryOcsp(good_->certificate, pki_.inter.certificate, url_);
  ASSERT_TRUE(answer) << answer.error().message();
  EXPECT_EQ(answer->status, OcspCertStatus::kGood);
  EXPECT_FALSE(answer->revoked_at.has_value());
  EXPECT_LE(answer->this_update, Now() + std::chrono::minutes(1));
  EXPECT_GE(answer->this_update, Now() - std::chrono::minutes(5));
  ASSERT_TRUE(answer->next_update.has_value());
  EXPECT_GT(*answer->next_update, Now());
  EXPECT_GE(answer->produced_at, Now() - std::chrono::minutes(5));
  EXPECT_FALSE(answer->der.empty());
}

TEST_F(OcspTest, RevokedAnswerCarriesTheTime) {
  auto answer = fetcher_.QueryOcsp(revoked_->certificate, pki_.inter.certificate, url_);
  ASSERT_TRUE(answer) << answer.error().message();
  EXPECT_EQ(answer->status, OcspCertStatus::kRevoked);
  EXPECT_EQ(answer->revoked_at, revoked_at_);
}

TEST_F(OcspTest, UnlistedCertificateIsUnknown) {
  auto answer = fetcher_.QueryOcsp(unlisted_->certificate, pki_.inter.certificate, url_);
  ASSERT_TRUE(answer) << answer.error().message();
  EXPECT_EQ(answer->status, OcspCertStatus::kUnknown);
}

TEST_F(OcspTest, AnswerSignedForAnotherIssuerIsRejected) {
  // We claim the leaf's issuer is another CA: the responder's certificate was not issued by it,
  // so its signature is not trusted.
  Pki other;
  auto answer = fetcher_.QueryOcsp(good_->certificate, other.inter.certificate, url_);
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code(), ErrorCode::kUnavailable);
}

TEST_F(OcspTest, CaMaySignItsOwnAnswers) {
  const int port = FreePort();
  StartResponder(pki_.inter, port);
  auto answer = fetcher_.QueryOcsp(revoked_->certificate, pki_.inter.certificate,
                                   "http://127.0.0.1:" + std::to_string(port) + "/");
  ASSERT_TRUE(answer) << answer.error().message();
  EXPECT_EQ(answer->status, OcspCertStatus::kRevoked);
}

TEST_F(OcspTest, DelegatedResponderNeedsOcspSigning) {
  // Issued by the right CA, but without id-kp-OCSPSigning (RFC 6960 §4.2.2.2).
  SigningKey not_a_responder = Issue(Profile(CertificateKind::kSeal, "Con dấu"), &pki_.inter);
  const int port = FreePort();
  StartResponder(not_a_responder, port);
  auto answer = fetcher_.QueryOcsp(good_->certificate, pki_.inter.certificate,
                                   "http://127.0.0.1:" + std::to_string(port) + "/");
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code(), ErrorCode::kUnavailable);
}

TEST_F(OcspTest, ResponderOfAnotherCaIsRejected) {
  // A responder certificate with OCSPSigning, but issued by another CA.
  Pki other;
  SigningKey foreign = Issue(Profile(CertificateKind::kOcspResponder, "OCSP lạ"), &other.inter);
  const int port = FreePort();
  StartResponder(foreign, port);
  auto answer = fetcher_.QueryOcsp(good_->certificate, pki_.inter.certificate,
                                   "http://127.0.0.1:" + std::to_string(port) + "/");
  ASSERT_FALSE(answer);
  EXPECT_EQ(answer.error().code(), ErrorCode::kUnavailable);
}

TEST_F(OcspTest, ValidateUsesTheResponder) {
  TrustStore store = pki_.StoreWithRootCrl();
  std::vector<std::string> evidence;
  PathValidation good = store.Validate(good_->certificate, {pki_.inter.certificate}, Now(),
                                       PathValidationOptions{}, &fetcher_, &evidence);
  EXPECT_EQ(good.status, CertificateStatus::kValid) << good.detail;
  EXPECT_EQ(good.revocation_source, RevocationSource::kOcsp);
  ASSERT_EQ(evidence.size(), 1u);

  PathValidation revoked = store.Validate(revoked_->certificate, {pki_.inter.certificate}, Now(),
                                          PathValidationOptions{}, &fetcher_);
  EXPECT_EQ(revoked.status, CertificateStatus::kRevoked);
  EXPECT_EQ(revoked.revoked_at, revoked_at_);
  EXPECT_EQ(revoked.revocation_source, RevocationSource::kOcsp);

  PathValidation earlier = store.Validate(revoked_->certificate, {pki_.inter.certificate},
                                          Now() - days(3), PathValidationOptions{}, &fetcher_);
  EXPECT_EQ(earlier.status, CertificateStatus::kValid) << earlier.detail;
  EXPECT_EQ(earlier.revoked_at, revoked_at_);

  PathValidation unlisted = store.Validate(unlisted_->certificate, {pki_.inter.certificate}, Now(),
                                           PathValidationOptions{}, &fetcher_);
  EXPECT_EQ(unlisted.status, CertificateStatus::kRevocationUnknown);
}

TEST_F(OcspTest, UnreachableOrUnsupportedUrlIsUnavailable) {
  HttpRevocationFetcher fetcher(std::chrono::seconds(1));
  const auto start = std::chrono::steady_clock::now();
  auto refused = fetcher.QueryOcsp(good_->certificate, pki_.inter.certificate,
                                   "http://127.0.0.1:" + std::to_string(FreePort()) + "/");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kUnavailable);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));

  auto https = fetcher.QueryOcsp(good_->certificate, pki_.inter.certificate,
                                 "https://127.0.0.1:" + std::to_string(port_) + "/");
  ASSERT_FALSE(https);
  EXPECT_EQ(https.error().code(), ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace cqdt::crypto
