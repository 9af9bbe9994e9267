// Two-step signing with a key the server never holds: bindings, preparation, completion, and
// every refusal the issue names (another preparation, a replay, an expired one, a certificate not
// mapped to the user, a revoked one), on SQLite and PostgreSQL.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "crypto/cms.hpp"
#include "crypto/crypto.hpp"
#include "crypto/pki.hpp"
#include "crypto/test_pki.hpp"
#include "db/testing.hpp"
#include "pdf/pdf.hpp"
#include "signing/external_signing.hpp"
#include "xml/xml.hpp"

namespace cqdt::signing {
namespace {

using crypto::CertificateKind;
using crypto::SigningKey;

const TimePoint kNow = FromUnixSeconds(1795745700);  // 2026-11-27T02:15:00Z

SigningKey Issue(CertificateKind kind, const std::string& cn, const SigningKey* issuer,
                 crypto::KeyAlgorithm algorithm = crypto::KeyAlgorithm::kEc) {
  crypto::testing::TestCertificateOptions options;
  options.algorithm = algorithm;
  return crypto::testing::IssueTestCertificate(kind, cn, issuer, options);
}

struct Pki {
  SigningKey root = Issue(CertificateKind::kRootCa, "cqdt Test Root CA", nullptr);
  SigningKey leader =
      Issue(CertificateKind::kPersonal, "Lê Văn Lãnh Đạo", &root, crypto::KeyAlgorithm::kRsa);
  SigningKey officer = Issue(CertificateKind::kPersonal, "Trần Thị Chuyên Viên", &root);
  SigningKey revoked = Issue(CertificateKind::kPersonal, "Người Bị Thu Hồi", &root);
  SigningKey stranger_root = Issue(CertificateKind::kRootCa, "Untrusted Root", nullptr);
  SigningKey stranger = Issue(CertificateKind::kPersonal, "Người Lạ", &stranger_root);
  std::string pdf = pdf::RenderTextDocument({"Quyết định", "cqdt", {{"QUYẾT ĐỊNH"}}}).value();

  static const Pki& Get() {
    static const Pki* pki = new Pki();
    return *pki;
  }
};

identity::Principal Staff(std::int64_t id, const std::string& username,
                          std::set<identity::Role> roles = {identity::Role::kLeader}) {
  identity::Principal p;
  p.realm = identity::Realm::kStaff;
  p.subject_id = id;
  p.username = username;
  p.full_name = username == "lanhdao" ? "Lê Văn Lãnh Đạo" : username;
  p.agency_id = AgencyId(1);
  p.roles = std::move(roles);
  return p;
}

class ExternalSigningTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam());
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    auto migrations = audit::Migrations();
    for (auto& m : Migrations()) {
      migrations.push_back(m);
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), migrations).Apply());
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(trust_.AddAnchors(tx, Actor(admin_), TrustPurpose::kDocument,
                                  pki().root.certificate.Pem(), "Test root"));
    // The root's CRL lists one certificate as revoked before now.
    auto crl =
        crypto::IssueCrl(pki().root, {{pki().revoked.certificate, kNow - std::chrono::hours(48)}},
                         kNow - std::chrono::hours(24), kNow + std::chrono::hours(24 * 30), 1);
    ASSERT_TRUE(crl);
    ASSERT_TRUE(trust_.AddCrl(tx, Actor(admin_), crl->Der()));
    ASSERT_TRUE(tx.Commit());
    Bind(leader_, pki().leader);
  }

  static const Pki& pki() { return Pki::Get(); }
  static audit::Actor Actor(const identity::Principal& p) {
    return {p.user_id(), p.username, p.agency_id, "127.0.0.1", "req-1"};
  }

  // Registers and confirms `key`'s certificate for `who`.
  void Bind(const identity::Principal& who, const SigningKey& key) {
    auto tx = tdb_->db().Begin();
    auto b = service_.Register(tx, who, Actor(who), key.certificate.Pem(), "");
    ASSERT_TRUE(b) << b.error().message();
    ASSERT_TRUE(service_.Confirm(tx, admin_, Actor(admin_), b->id));
    ASSERT_TRUE(tx.Commit());
  }

  ExternalPrepareRequest PdfRequest(const SigningKey& key) {
    ExternalPrepareRequest r;
    r.kind = SignKind::kPdf;
    r.file_name = "quyet-dinh.pdf";
    r.document_number = "05/QĐ-UBND";
    r.content = pki().pdf;
    r.certificates = {key.certificate, pki().root.certificate};
    r.pdf.style = AppearanceStyle::kSigner;
    return r;
  }

  Result<Preparation> Prepare(const identity::Principal& who, const ExternalPrepareRequest& r) {
    auto tx = tdb_->db().Begin();
    auto p = service_.Prepare(tx, who, Actor(who), r);
    if (p) {
      EXPECT_TRUE(tx.Commit());
    }
    return p;
  }

  Result<SignResult> Complete(const identity::Principal& who, const std::string& id,
                              const std::string& signature, const std::string& cms = "") {
    auto tx = tdb_->db().Begin();
    auto r = service_.Complete(tx, who, Actor(who), {id, signature, cms});
    if (r) {
      EXPECT_TRUE(tx.Commit());
    }
    return r;
  }

  std::string Sign(const SigningKey& key, const Preparation& p) {
    return crypto::SignDigest(key.key, p.digest).value();
  }

  FakeClock clock_{kNow};
  audit::AuditLog audit_{clock_};
  TrustService trust_{audit_, clock_};
  ExternalSigningService service_{trust_, audit_, clock_, nullptr, ExternalSigningOptions{}};
  identity::Principal admin_ = Staff(1, "admin", {identity::Role::kAdmin});
  identity::Principal leader_ = Staff(2, "lanhdao");
  identity::Principal officer_ = Staff(3, "chuyenvien", {identity::Role::kOfficer});
  std::unique_ptr<db::testing::TestDatabase> tdb_;
};

TEST_P(ExternalSigningTest, PreparedThenCompletedPdfIsAValidPadesSignature) {
  auto p = Prepare(leader_, PdfRequest(pki().leader));
  ASSERT_TRUE(p) << p.error().message();
  EXPECT_EQ(p->digest.size(), 32u);
  EXPECT_EQ(p->id.size(), 32u);
  EXPECT_EQ(p->algorithm, crypto::KeyAlgorithm::kRsa);
  EXPECT_EQ(p->expires_at, kNow + std::chrono::minutes(10));
  EXPECT_EQ(p->certificate_sha256, pki().leader.certificate.FingerprintSha256());

  auto done = Complete(leader_, p->id, Sign(pki().leader, *p));
  ASSERT_TRUE(done) << done.error().message();
  EXPECT_EQ(done->content_type, "application/pdf");
  EXPECT_EQ(done->content.substr(0, pki().pdf.size()), pki().pdf);  // incremental
  auto sigs = pdf::ReadSignatures(done->content);
  ASSERT_TRUE(sigs);
  ASSERT_EQ(sigs->size(), 1u);
  EXPECT_TRUE(sigs->front().byte_range_valid);
  EXPECT_EQ(sigs->front().page, 1);  // visible: the signer appearance
  EXPECT_EQ(sigs->front().sub_filter, "ETSI.CAdES.detached");
  auto report =
      crypto::VerifyCms(sigs->front().contents, pdf::SignedBytes(done->content, sigs->front()));
  ASSERT_TRUE(report);
  ASSERT_EQ(report->signers.size(), 1u);
  EXPECT_TRUE(report->signers[0].signature_valid);
  EXPECT_TRUE(report->signers[0].digest_matches);
  EXPECT_TRUE(report->signers[0].signing_certificate_matches);
  EXPECT_EQ(*report->signers[0].certificate, pki().leader.certificate);

  auto tx = tdb_->db().BeginRead();
  audit::Filter f;
  f.action = "sign.pdf";
  auto page = audit_.List(tx, f);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_NE(page->items[0].summary.find("USB token"), std::string::npos);
}

TEST_P(ExternalSigningTest, AWholeCmsFromTheClientIsAcceptedWhenItMatches) {
  auto p = Prepare(leader_, PdfRequest(pki().leader));
  ASSERT_TRUE(p);
  // The client builds its own CMS over the prepared byte ranges (what some agents do): here the
  // server's own partial CMS completed is exactly such a CMS.
  auto tx = tdb_->db().BeginRead();
  std::string partial64;
  tx.sql() << "SELECT partial_cms FROM signing_preparation WHERE id = :id", soci::use(p->id),
      soci::into(partial64);
  auto cms =
      crypto::CompleteCms(crypto::Base64Decode(partial64).value(), Sign(pki().leader, *p), {});
  ASSERT_TRUE(cms);
  auto done = Complete(leader_, p->id, "", *cms);
  ASSERT_TRUE(done) << done.error().message();
  // A CMS by another certificate is refused.
  auto q = Prepare(leader_, PdfRequest(pki().leader));
  ASSERT_TRUE(q);
  auto other = crypto::SignCms("whatever", pki().officer, {});
  ASSERT_TRUE(other);
  auto refused = Complete(leader_, q->id, "", *other);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kBadSignature);
}

TEST_P(ExternalSigningTest, XmlAndCmsSignatures) {
  ExternalPrepareRequest x = PdfRequest(pki().leader);
  x.kind = SignKind::kXml;
  x.content = "<hoSo><ma>000.00.07.H99-250305-0001</ma></hoSo>";
  auto p = Prepare(leader_, x);
  ASSERT_TRUE(p) << p.error().message();
  auto done = Complete(leader_, p->id, Sign(pki().leader, *p));
  ASSERT_TRUE(done) << done.error().message();
  auto reports = xml::VerifySignatures(done->content);
  ASSERT_TRUE(reports);
  ASSERT_EQ(reports->size(), 1u);
  EXPECT_TRUE((*reports)[0].valid) << (*reports)[0].failure;

  ExternalPrepareRequest c = PdfRequest(pki().leader);
  c.kind = SignKind::kCms;
  c.content = "tờ trình, bản gốc";
  auto q = Prepare(leader_, c);
  ASSERT_TRUE(q);
  auto p7s = Complete(leader_, q->id, Sign(pki().leader, *q));
  ASSERT_TRUE(p7s) << p7s.error().message();
  auto report = crypto::VerifyCms(p7s->content, c.content);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->signers[0].signature_valid);
  EXPECT_TRUE(report->signers[0].signing_time.has_value());
}

TEST_P(ExternalSigningTest, RefusesAValueMadeForAnotherPreparationAndKeepsTheFirstUsable) {
  auto a = Prepare(leader_, PdfRequest(pki().leader));
  ExternalPrepareRequest other = PdfRequest(pki().leader);
  other.content = pdf::RenderTextDocument({"Công văn", "cqdt", {{"CÔNG VĂN"}}}).value();
  auto b = Prepare(leader_, other);
  ASSERT_TRUE(a && b);
  ASSERT_NE(a->digest, b->digest);
  auto wrong = Complete(leader_, a->id, Sign(pki().leader, *b));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code(), ErrorCode::kBadSignature);
  // Nothing was stored half-way: the right value still completes it.
  EXPECT_TRUE(Complete(leader_, a->id, Sign(pki().leader, *a)));
}

TEST_P(ExternalSigningTest, RefusesAReplay) {
  auto p = Prepare(leader_, PdfRequest(pki().leader));
  ASSERT_TRUE(p);
  const std::string value = Sign(pki().leader, *p);
  ASSERT_TRUE(Complete(leader_, p->id, value));
  auto again = Complete(leader_, p->id, value);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::kConflict);
}

TEST_P(ExternalSigningTest, RefusesAnExpiredPreparation) {
  auto p = Prepare(leader_, PdfRequest(pki().leader));
  ASSERT_TRUE(p);
  clock_.Advance(std::chrono::minutes(11));
  auto late = Complete(leader_, p->id, Sign(pki().leader, *p));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code(), ErrorCode::kFailedPrecondition);
}

TEST_P(ExternalSigningTest, AnotherUserCannotCompleteIt) {
  auto p = Prepare(leader_, PdfRequest(pki().leader));
  ASSERT_TRUE(p);
  auto theirs = Complete(officer_, p->id, Sign(pki().leader, *p));
  ASSERT_FALSE(theirs);
  EXPECT_EQ(theirs.error().code(), ErrorCode::kNotFound);
}

TEST_P(ExternalSigningTest, RefusesACertificateNotMappedToTheUser) {
  // Not registered at all.
  auto none = Prepare(officer_, PdfRequest(pki().officer));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code(), ErrorCode::kPermissionDenied);
  // The leader's certificate used by somebody else.
  auto borrowed = Prepare(officer_, PdfRequest(pki().leader));
  ASSERT_FALSE(borrowed);
  EXPECT_EQ(borrowed.error().code(), ErrorCode::kPermissionDenied);
  // Registered, but not yet confirmed by an admin.
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(
        service_.Register(tx, officer_, Actor(officer_), pki().officer.certificate.Pem(), ""));
    ASSERT_TRUE(tx.Commit());
  }
  auto pending = Prepare(officer_, PdfRequest(pki().officer));
  ASSERT_FALSE(pending);
  EXPECT_EQ(pending.error().code(), ErrorCode::kPermissionDenied);
}

TEST_P(ExternalSigningTest, RefusesARevokedOrUntrustedCertificate) {
  Bind(officer_, pki().revoked);
  auto revoked = Prepare(officer_, PdfRequest(pki().revoked));
  ASSERT_FALSE(revoked);
  EXPECT_EQ(revoked.error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_NE(revoked.error().message().find("thu hồi"), std::string::npos);

  Bind(officer_, pki().stranger);
  ExternalPrepareRequest r = PdfRequest(pki().stranger);
  r.certificates = {pki().stranger.certificate, pki().stranger_root.certificate};
  auto untrusted = Prepare(officer_, r);
  ASSERT_FALSE(untrusted);
  EXPECT_EQ(untrusted.error().code(), ErrorCode::kFailedPrecondition);
}

TEST_P(ExternalSigningTest, BindingRules) {
  auto tx = tdb_->db().Begin();
  // One account per certificate.
  auto twice = service_.Register(tx, officer_, Actor(officer_), pki().leader.certificate.Pem(), "");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code(), ErrorCode::kConflict);
  // A CA certificate is not a person's.
  auto ca = service_.Register(tx, officer_, Actor(officer_), pki().root.certificate.Pem(), "");
  ASSERT_FALSE(ca);
  EXPECT_EQ(ca.error().code(), ErrorCode::kInvalidArgument);
  // Only admins confirm or list everyone's; a user sees their own.
  auto b = service_.Register(tx, officer_, Actor(officer_), pki().officer.certificate.Pem(),
                             "not a png");
  ASSERT_FALSE(b);
  b = service_.Register(tx, officer_, Actor(officer_), pki().officer.certificate.Pem(), "");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->status, BindingStatus::kPending);
  EXPECT_FALSE(service_.Confirm(tx, officer_, Actor(officer_), b->id));
  EXPECT_FALSE(service_.ListAll(tx, officer_));
  auto mine = service_.ListMine(tx, officer_);
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->size(), 1u);
  // Somebody else's binding cannot be removed by them.
  auto not_theirs = service_.Remove(tx, leader_, Actor(leader_), b->id);
  ASSERT_FALSE(not_theirs);
  EXPECT_EQ(not_theirs.error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(service_.Remove(tx, officer_, Actor(officer_), b->id));
  // API tokens cannot sign or register.
  identity::Principal token = leader_;
  token.via_api_token = true;
  EXPECT_FALSE(service_.Prepare(tx, token, Actor(token), PdfRequest(pki().leader)));
}

TEST_P(ExternalSigningTest, PersonalSignaturesUseTheSignerStyleOnly) {
  ExternalPrepareRequest r = PdfRequest(pki().leader);
  r.pdf.style = AppearanceStyle::kSeal;
  auto p = Prepare(leader_, r);
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code(), ErrorCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Engines, ExternalSigningTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& param_info) { return param_info.param; });

}  // namespace
}  // namespace cqdt::signing
