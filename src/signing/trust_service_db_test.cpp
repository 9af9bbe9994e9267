#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "crypto/pki.hpp"
#include "crypto/test_pki.hpp"
#include "db/testing.hpp"
#include "signing/bundled_trust.hpp"
#include "signing/trust_service.hpp"

namespace cqdt::signing {
namespace {

using crypto::CertificateKind;
using crypto::SigningKey;

using crypto::testing::Day;

const TimePoint kNow = FromUnixSeconds(1795745700);  // 2026-11-27T02:15:00Z

SigningKey Issue(CertificateKind kind, const std::string& cn, const SigningKey* issuer) {
  return crypto::testing::IssueTestCertificate(kind, cn, issuer);
}

// root ─ intermediate ─ leaf; a TSA root; a self-signed end-entity certificate (CA:FALSE).
struct Pki {
  SigningKey root = Issue(CertificateKind::kRootCa, "cqdt Test Root CA", nullptr);
  SigningKey inter = Issue(CertificateKind::kIntermediateCa, "cqdt Test Sub CA", &root);
  SigningKey leaf = Issue(CertificateKind::kPersonal, "Nguyễn Văn Á", &inter);
  SigningKey tsa_root = Issue(CertificateKind::kRootCa, "cqdt Test TSA Root", nullptr);
  SigningKey self_signed = Issue(CertificateKind::kSeal, "Đối tác tự ký", nullptr);

  static const Pki& Get() {
    static const Pki* pki = new Pki();
    return *pki;
  }
};

std::string CrlDer(const SigningKey& issuer, TimePoint this_update, TimePoint next_update,
                   const std::vector<crypto::RevokedEntry>& revoked = {}, long number = 1) {
  return crypto::IssueCrl(issuer, revoked, this_update, next_update, number).value().Der();
}

struct PathValidationOptionsForTest {
  crypto::PathValidationOptions value{.purpose = crypto::KeyPurpose::kDocumentSigning,
                                      .check_revocation = false};
};

class TrustServiceTest : public ::testing::TestWithParam<std::string> {
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
  }

  const Pki& pki() { return Pki::Get(); }

  std::multiset<std::string> AuditActions(db::Transaction& tx) {
    audit::Filter f;
    f.limit = 500;
    auto page = audit_.List(tx, f);
    EXPECT_TRUE(page) << page.error().message();
    std::multiset<std::string> out;
    if (page) {
      for (const auto& e : page->items) {
        out.insert(e.action);
      }
    }
    return out;
  }

  // The leaf's path status under the document store LoadStore builds now.
  crypto::CertificateStatus LeafStatus(db::Transaction& tx) {
    auto store = service_.LoadStore(tx, TrustPurpose::kDocument);
    EXPECT_TRUE(store) << store.error().message();
    if (!store) {
      return crypto::CertificateStatus::kInvalid;
    }
    return store
        ->Validate(pki().leaf.certificate, {pki().inter.certificate}, kNow,
                   {.purpose = crypto::KeyPurpose::kDocumentSigning, .check_revocation = true},
                   nullptr)
        .status;
  }

  FakeClock clock_{kNow};
  audit::AuditLog audit_{clock_};
  TrustService service_{audit_, clock_};
  audit::Actor actor_{UserId(1), "admin", AgencyId(), "127.0.0.1", "req-1"};
  std::unique_ptr<db::testing::TestDatabase> tdb_;
};

TEST_P(TrustServiceTest, AddsAnchorsFromPemDerAndBundles) {
  auto tx = tdb_->db().Begin();
  auto pem = service_.AddAnchors(tx, actor_, TrustPurpose::kDocument, pki().root.certificate.Pem(),
                                 "Ban Cơ yếu - Root CA");
  ASSERT_TRUE(pem) << pem.error().message();
  ASSERT_EQ(pem->size(), 1u);
  const TrustAnchor& a = pem->front();
  EXPECT_GT(a.id, 0);
  EXPECT_EQ(a.purpose, TrustPurpose::kDocument);
  EXPECT_EQ(a.name, "Ban Cơ yếu - Root CA");
  EXPECT_EQ(a.subject, pki().root.certificate.SubjectDn());
  EXPECT_EQ(a.issuer, pki().root.certificate.IssuerDn());
  EXPECT_EQ(a.serial, pki().root.certificate.SerialHex());
  EXPECT_EQ(a.fingerprint_sha256, pki().root.certificate.FingerprintSha256());
  EXPECT_EQ(a.not_after, pki().root.certificate.NotAfter());
  EXPECT_TRUE(a.is_root);
  EXPECT_EQ(a.added_by, "admin");
  EXPECT_EQ(a.added_at, ToIsoUtc(kNow));
  EXPECT_EQ(a.der, pki().root.certificate.Der());

  auto der =
      service_.AddAnchors(tx, actor_, TrustPurpose::kDocument, pki().inter.certificate.Der(), "");
  ASSERT_TRUE(der) << der.error().message();
  ASSERT_EQ(der->size(), 1u);
  EXPECT_EQ(der->front().name, "cqdt Test Sub CA");  // the CN when no name is given
  EXPECT_FALSE(der->front().is_root);

  auto bundle = service_.AddAnchors(tx, actor_, TrustPurpose::kTimestamp,
                                    pki().tsa_root.certificate.Pem() + pki().root.certificate.Pem(),
                                    "ignored for bundles");
  ASSERT_TRUE(bundle) << bundle.error().message();
  ASSERT_EQ(bundle->size(), 2u);
  EXPECT_EQ((*bundle)[0].name, "cqdt Test TSA Root");
  EXPECT_EQ((*bundle)[1].name, "cqdt Test Root CA");
  EXPECT_EQ((*bundle)[1].purpose, TrustPurpose::kTimestamp);
  ASSERT_TRUE(tx.Commit());

  auto read = tdb_->db().BeginRead();
  auto listed = service_.ListAnchors(read, std::nullopt);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 4u);
  EXPECT_EQ((*listed)[0].der, pki().root.certificate.Der());
  EXPECT_EQ((*listed)[0].not_before, pki().root.certificate.NotBefore());
  EXPECT_EQ((*listed)[0].added_at, ToIsoUtc(kNow));
}

TEST_P(TrustServiceTest, RejectsNonCaCertificatesAndGarbage) {
  auto tx = tdb_->db().Begin();
  for (const std::string& bytes :
       {pki().leaf.certificate.Pem(), std::string("khong phai chung thu so"),
        pki().root.certificate.Pem() + pki().leaf.certificate.Pem()}) {
    auto r = service_.AddAnchors(tx, actor_, TrustPurpose::kDocument, bytes, "");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
    ASSERT_EQ(r.error().fields().size(), 1u);
    EXPECT_EQ(r.error().fields()[0].field, "certificate");
  }
}

// Issue 8, item 15: a self-signed certificate with CA:FALSE was accepted as a trusted root.
TEST_P(TrustServiceTest, ASelfSignedEndEntityCertificateIsNoCa) {
  ASSERT_FALSE(pki().self_signed.certificate.IsCa());
  ASSERT_TRUE(pki().self_signed.certificate.IsSelfIssued());
  auto tx = tdb_->db().Begin();
  auto r = service_.AddAnchors(tx, actor_, TrustPurpose::kDocument,
                               pki().self_signed.certificate.Pem(), "Đối tác");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  ASSERT_EQ(r.error().fields().size(), 1u);
  EXPECT_EQ(r.error().fields()[0].code, "not_ca");
  EXPECT_NE(r.error().fields()[0].message.find("Ghim"), std::string::npos);
}

TEST_P(TrustServiceTest, PinnedEndEntityVouchesForItselfOnly) {
  auto tx = tdb_->db().Begin();
  auto pinned =
      service_.AddAnchors(tx, actor_, TrustPurpose::kDocument, pki().self_signed.certificate.Pem(),
                          "Đối tác", AnchorKind::kPinned);
  ASSERT_TRUE(pinned) << pinned.error().message();
  ASSERT_EQ(pinned->size(), 1u);
  EXPECT_EQ(pinned->front().kind, AnchorKind::kPinned);
  EXPECT_TRUE(pinned->front().usable);

  auto store = service_.LoadStore(tx, TrustPurpose::kDocument);
  ASSERT_TRUE(store);
  const PathValidationOptionsForTest opts;
  // Its own signatures pass; (OpenSSL refuses a CA:FALSE issuer, so nothing it "issued" could:
  // tests/api/trust-store.test.mjs signs with such a leaf).
  EXPECT_EQ(store->Validate(pki().self_signed.certificate, {}, kNow, opts.value, nullptr).status,
            crypto::CertificateStatus::kValid);
  // Another certificate does not.
  EXPECT_NE(
      store->Validate(pki().leaf.certificate, {pki().inter.certificate}, kNow, opts.value, nullptr)
          .status,
      crypto::CertificateStatus::kValid);

  // A CA is not pinned, and a pin is one certificate.
  auto ca = service_.AddAnchors(tx, actor_, TrustPurpose::kDocument, pki().root.certificate.Pem(),
                                "", AnchorKind::kPinned);
  ASSERT_FALSE(ca);
  EXPECT_EQ(ca.error().fields()[0].code, "is_ca");
  auto two = service_.AddAnchors(tx, actor_, TrustPurpose::kTimestamp,
                                 pki().leaf.certificate.Pem() + pki().self_signed.certificate.Pem(),
                                 "", AnchorKind::kPinned);
  ASSERT_FALSE(two);
  EXPECT_EQ(two.error().fields()[0].code, "count");

  auto listed = service_.ListAnchors(tx, TrustPurpose::kDocument);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().kind, AnchorKind::kPinned);
  EXPECT_EQ(AuditActions(tx).count("trust.pin"), 1u);
}

// A row stored as a CA before the rule, whose certificate is no CA: listed as not usable and left
// out of the store.
TEST_P(TrustServiceTest, LegacyNonCaRowsAreIgnored) {
  auto tx = tdb_->db().Begin();
  auto pinned = service_.AddAnchors(tx, actor_, TrustPurpose::kDocument,
                                    pki().self_signed.certificate.Pem(), "", AnchorKind::kPinned);
  ASSERT_TRUE(pinned);
  tx.sql() << "UPDATE signing_trust_anchor SET kind = 'ca'";
  auto listed = service_.ListAnchors(tx, TrustPurpose::kDocument);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().kind, AnchorKind::kCa);
  EXPECT_FALSE(listed->front().usable);
  auto store = service_.LoadStore(tx, TrustPurpose::kDocument);
  ASSERT_TRUE(store);
  EXPECT_TRUE(store->anchors().empty());
}

// Issue 8, item 18: the national roots are trusted by default; an admin's removal is kept.
TEST_P(TrustServiceTest, ShippedRootsAreTrustedOnceAndStayRemoved) {
  const audit::Actor system{UserId(), "system", AgencyId(), "", ""};
  int shipped = 0;
  for (const auto& c : BundledCertificates()) {
    shipped += c.anchor ? 1 : 0;
  }
  ASSERT_GE(shipped, 2);
  {
    auto tx = tdb_->db().Begin();
    auto seeded = service_.SeedBundledAnchors(tx, system);
    ASSERT_TRUE(seeded) << seeded.error().message();
    EXPECT_EQ(*seeded, shipped);
    ASSERT_TRUE(tx.Commit());
  }
  auto tx = tdb_->db().Begin();
  auto listed = service_.ListAnchors(tx, TrustPurpose::kDocument);
  ASSERT_TRUE(listed);
  ASSERT_EQ(static_cast<int>(listed->size()), shipped);
  for (const auto& a : *listed) {
    EXPECT_EQ(a.source, "bundled");
    EXPECT_EQ(a.kind, AnchorKind::kCa);
    EXPECT_TRUE(a.is_root);
    EXPECT_EQ(a.added_by, "system");
  }
  EXPECT_NE(listed->front().name.find("Vietnam National Root CA"), std::string::npos);
  EXPECT_EQ(AuditActions(tx).count("trust.add"), static_cast<std::size_t>(shipped));

  // A restart seeds nothing new; an admin removes one; later starts (and upgrades, which only
  // add new files) do not bring it back.
  EXPECT_EQ(*service_.SeedBundledAnchors(tx, system), 0);
  ASSERT_TRUE(service_.RemoveAnchor(tx, actor_, listed->front().id));
  EXPECT_EQ(*service_.SeedBundledAnchors(tx, system), 0);
  auto after = service_.ListAnchors(tx, TrustPurpose::kDocument);
  ASSERT_EQ(static_cast<int>(after->size()), shipped - 1);
  // The admin can trust it again by uploading it.
  EXPECT_TRUE(
      service_.AddAnchors(tx, actor_, TrustPurpose::kDocument, BundledCertificates()[0].pem, ""));
}

// Issue 16 item 4: two instances start at once on a database the shipped roots were not offered
// to yet. The second, in its own transaction (and its own TrustService, as another process),
// seeds while the first has not committed: it must wait for it and then add nothing, not offer
// the same roots again and fail on the unique key (which aborted its start).
TEST_P(TrustServiceTest, TwoInstancesSeedingAtOnceOfferEachShippedRootOnce) {
  if (GetParam() != "postgresql") {
    GTEST_SKIP()
        << "SQLite has one writer at a time: the second cannot begin before the first ends";
  }
  const audit::Actor system{UserId(), "system", AgencyId(), "", ""};
  auto first = tdb_->db().Begin();
  auto seeded = service_.SeedBundledAnchors(first, system);
  ASSERT_TRUE(seeded) << seeded.error().message();
  ASSERT_GT(*seeded, 0);

  TrustService other{audit_, clock_};
  std::atomic<long long> other_pid{0};
  std::optional<Result<int>> second;
  std::string thrown;
  std::thread instance([&] {
    try {
      auto tx = tdb_->db().Begin();
      long long pid = 0;
      tx.sql() << "SELECT pg_backend_pid()", soci::into(pid);
      other_pid = pid;
      auto r = other.SeedBundledAnchors(tx, system);
      if (r) {
        auto committed = tx.Commit();
        if (!committed) {
          thrown = committed.error().message();
        }
      }
      second = std::move(r);
    } catch (const std::exception& e) {
      thrown = e.what();
    }
  });
  // Until the second waits on a lock (the race is real only then), with a generous ceiling.
  bool waiting = false;
  for (int i = 0; i < 6000 && !waiting; ++i) {
    long long pid = other_pid.load();
    if (pid != 0) {
      auto probe = tdb_->db().Begin();
      long long n = 0;
      probe.sql() << "SELECT COUNT(*) FROM pg_locks WHERE pid = :p AND NOT granted", soci::use(pid),
          soci::into(n);
      waiting = n > 0;
    }
    if (!waiting) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  EXPECT_TRUE(waiting) << "the second seeding never waited for the first";
  ASSERT_TRUE(first.Commit());
  instance.join();

  EXPECT_EQ(thrown, "");
  ASSERT_TRUE(second.has_value());
  ASSERT_TRUE(*second) << second->error().message();
  EXPECT_EQ(**second, 0);
  auto tx = tdb_->db().Begin();
  auto listed = service_.ListAnchors(tx, TrustPurpose::kDocument);
  ASSERT_TRUE(listed);
  EXPECT_EQ(static_cast<int>(listed->size()), *seeded);
}

TEST_P(TrustServiceTest, AShippedRootAnAdminTrustedAlreadyIsNotDuplicated) {
  auto tx = tdb_->db().Begin();
  const auto& first = BundledCertificates().front();
  ASSERT_TRUE(first.anchor);
  ASSERT_TRUE(service_.AddAnchors(tx, actor_, TrustPurpose::kDocument, first.pem, "Đã có"));
  auto seeded = service_.SeedBundledAnchors(tx, actor_);
  ASSERT_TRUE(seeded);
  auto listed = service_.ListAnchors(tx, TrustPurpose::kDocument);
  EXPECT_EQ(static_cast<int>(listed->size()), *seeded + 1);
  EXPECT_EQ(listed->front().source, "admin");
}

TEST_P(TrustServiceTest, SameCertificateOncePerPurpose) {
  auto tx = tdb_->db().Begin();
  ASSERT_TRUE(
      service_.AddAnchors(tx, actor_, TrustPurpose::kDocument, pki().root.certificate.Pem(), ""));
  auto again =
      service_.AddAnchors(tx, actor_, TrustPurpose::kDocument, pki().root.certificate.Der(), "");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::kConflict);
  ASSERT_EQ(again.error().fields().size(), 1u);
  EXPECT_EQ(again.error().fields()[0].field, "certificate");
  auto other =
      service_.AddAnchors(tx, actor_, TrustPurpose::kTimestamp, pki().root.certificate.Pem(), "");
  ASSERT_TRUE(other) << other.error().message();

  auto documents = service_.ListAnchors(tx, TrustPurpose::kDocument);
  auto timestamps = service_.ListAnchors(tx, TrustPurpose::kTimestamp);
  auto all = service_.ListAnchors(tx, std::nullopt);
  ASSERT_TRUE(documents && timestamps && all);
  EXPECT_EQ(documents->size(), 1u);
  ASSERT_EQ(timestamps->size(), 1u);
  EXPECT_EQ(timestamps->front().purpose, TrustPurpose::kTimestamp);
  EXPECT_EQ(all->size(), 2u);
}

TEST_P(TrustServiceTest, RemovesAnchorsById) {
  auto tx = tdb_->db().Begin();
  auto added =
      service_.AddAnchors(tx, actor_, TrustPurpose::kDocument, pki().root.certificate.Pem(), "");
  ASSERT_TRUE(added);
  std::int64_t id = added->front().id;
  ASSERT_TRUE(service_.RemoveAnchor(tx, actor_, id));
  EXPECT_TRUE(service_.ListAnchors(tx, std::nullopt)->empty());
  auto missing = service_.RemoveAnchor(tx, actor_, id);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  // Removed, it can be trusted again.
  EXPECT_TRUE(
      service_.AddAnchors(tx, actor_, TrustPurpose::kDocument, pki().root.certificate.Pem(), ""));
}

TEST_P(TrustServiceTest, StoresUploadedCrlsOnce) {
  auto tx = tdb_->db().Begin();
  std::string der = CrlDer(pki().inter, Day(2026, 11, 1), Day(2026, 12, 1),
                           {{pki().leaf.certificate, Day(2026, 10, 1)}});
  auto stored = service_.AddCrl(tx, actor_, der);
  ASSERT_TRUE(stored) << stored.error().message();
  EXPECT_GT(stored->id, 0);
  EXPECT_EQ(stored->issuer, pki().inter.certificate.SubjectDn());
  EXPECT_EQ(stored->this_update, Day(2026, 11, 1));
  ASSERT_TRUE(stored->next_update);
  EXPECT_EQ(*stored->next_update, Day(2026, 12, 1));
  EXPECT_EQ(stored->source, "upload");
  EXPECT_EQ(stored->stored_at, ToIsoUtc(kNow));
  EXPECT_EQ(stored->der, der);
  EXPECT_EQ(stored->revoked_count, 1);

  auto again = service_.AddCrl(tx, actor_, der);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(again.error().fields().at(0).field, "crl");

  auto garbage = service_.AddCrl(tx, actor_, "khong phai CRL");
  ASSERT_FALSE(garbage);
  EXPECT_EQ(garbage.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(garbage.error().fields().at(0).field, "crl");

  auto listed = service_.ListCrls(tx);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().der, der);
  EXPECT_EQ(listed->front().this_update, Day(2026, 11, 1));
  EXPECT_EQ(listed->front().next_update, Day(2026, 12, 1));
  EXPECT_EQ(listed->front().revoked_count, 1);
}

TEST_P(TrustServiceTest, CacheEvidenceKeepsNewCrlsOnly) {
  auto tx = tdb_->db().Begin();
  std::string uploaded = CrlDer(pki().root, Day(2026, 11, 1), Day(2026, 12, 1));
  ASSERT_TRUE(service_.AddCrl(tx, actor_, uploaded));
  std::string fetched = CrlDer(pki().inter, Day(2026, 11, 2), Day(2026, 12, 2));
  ASSERT_TRUE(service_.CacheEvidence(
      tx, {std::string("\x30\x03\x0a\x01\x00", 5) /* an OCSP response status, not a CRL */, fetched,
           uploaded, fetched}));
  auto listed = service_.ListCrls(tx);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].source, "upload");
  EXPECT_EQ((*listed)[1].source, "fetched");
  EXPECT_EQ((*listed)[1].der, fetched);
  // A cache, not an admin's act: no audit entry.
  EXPECT_EQ(AuditActions(tx), (std::multiset<std::string>{"trust.crl_add"}));
}

TEST_P(TrustServiceTest, LoadStoreHasThePurposesAnchors) {
  auto tx = tdb_->db().Begin();
  ASSERT_TRUE(
      service_.AddAnchors(tx, actor_, TrustPurpose::kDocument, pki().root.certificate.Pem(), ""));
  ASSERT_TRUE(service_.AddAnchors(tx, actor_, TrustPurpose::kTimestamp,
                                  pki().tsa_root.certificate.Pem(), ""));
  auto documents = service_.LoadStore(tx, TrustPurpose::kDocument);
  ASSERT_TRUE(documents);
  ASSERT_EQ(documents->anchors().size(), 1u);
  EXPECT_EQ(documents->anchors()[0], pki().root.certificate);
  auto timestamps = service_.LoadStore(tx, TrustPurpose::kTimestamp);
  ASSERT_TRUE(timestamps);
  ASSERT_EQ(timestamps->anchors().size(), 1u);
  EXPECT_EQ(timestamps->anchors()[0], pki().tsa_root.certificate);
}

TEST_P(TrustServiceTest, LoadStoreUsesEveryCurrentCrlAndLeavesExpiredOnesOut) {
  auto tx = tdb_->db().Begin();
  ASSERT_TRUE(
      service_.AddAnchors(tx, actor_, TrustPurpose::kDocument, pki().root.certificate.Pem(), ""));
  // The root's newest CRL lists nothing.
  ASSERT_TRUE(
      service_.AddCrl(tx, actor_, CrlDer(pki().root, Day(2026, 11, 1), Day(2027, 11, 1), {}, 2)));
  // The intermediate's only CRL expired (nextUpdate before now): the leaf's status is unknown.
  ASSERT_TRUE(service_.AddCrl(tx, actor_, CrlDer(pki().inter, Day(2026, 9, 1), Day(2026, 10, 1))));
  EXPECT_EQ(LeafStatus(tx), crypto::CertificateStatus::kRevocationUnknown);
  // A current one for the intermediate answers.
  ASSERT_TRUE(
      service_.AddCrl(tx, actor_, CrlDer(pki().inter, Day(2026, 11, 20), Day(2026, 12, 20))));
  EXPECT_EQ(LeafStatus(tx), crypto::CertificateStatus::kValid);
  // An older but still current CRL of the root that lists the intermediate is loaded too: a
  // newer CRL cannot undo a revocation, so the path is revoked.
  ASSERT_TRUE(service_.AddCrl(tx, actor_,
                              CrlDer(pki().root, Day(2026, 10, 1), Day(2027, 10, 1),
                                     {{pki().inter.certificate, Day(2026, 9, 15)}}, 1)));
  EXPECT_EQ(service_.ListCrls(tx)->size(), 4u);
  EXPECT_EQ(LeafStatus(tx), crypto::CertificateStatus::kRevoked);
  // Once the clock passes every nextUpdate, nothing answers.
  clock_.Set(Day(2028, 1, 1));
  EXPECT_NE(LeafStatus(tx), crypto::CertificateStatus::kValid);
}

TEST_P(TrustServiceTest, EveryMutationIsAudited) {
  auto tx = tdb_->db().Begin();
  auto added =
      service_.AddAnchors(tx, actor_, TrustPurpose::kDocument,
                          pki().root.certificate.Pem() + pki().inter.certificate.Pem(), "");
  ASSERT_TRUE(added);
  ASSERT_TRUE(service_.RemoveAnchor(tx, actor_, added->back().id));
  ASSERT_TRUE(service_.AddCrl(tx, actor_, CrlDer(pki().root, Day(2026, 11, 1), Day(2026, 12, 1))));
  ASSERT_TRUE(tx.Commit());

  auto read = tdb_->db().BeginRead();
  EXPECT_EQ(AuditActions(read), (std::multiset<std::string>{"trust.add", "trust.add",
                                                            "trust.remove", "trust.crl_add"}));
  audit::Filter f;
  f.action = "trust.remove";
  auto removed = audit_.List(read, f);
  ASSERT_TRUE(removed);
  ASSERT_EQ(removed->items.size(), 1u);
  EXPECT_EQ(removed->items[0].entity, "trust_anchor");
  EXPECT_EQ(removed->items[0].entity_id, std::to_string(added->back().id));
  EXPECT_EQ(removed->items[0].actor, "admin");
  EXPECT_TRUE(audit_.Verify(read).ok);
}

TEST_P(TrustServiceTest, RolledBackTransactionLeavesNothing) {
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(
        service_.AddAnchors(tx, actor_, TrustPurpose::kDocument, pki().root.certificate.Pem(), ""));
    ASSERT_TRUE(
        service_.AddCrl(tx, actor_, CrlDer(pki().root, Day(2026, 11, 1), Day(2026, 12, 1))));
    ASSERT_TRUE(
        service_.CacheEvidence(tx, {CrlDer(pki().inter, Day(2026, 11, 1), Day(2026, 12, 1))}));
  }  // no Commit: rolled back
  auto read = tdb_->db().BeginRead();
  EXPECT_TRUE(service_.ListAnchors(read, std::nullopt)->empty());
  EXPECT_TRUE(service_.ListCrls(read)->empty());
  EXPECT_TRUE(AuditActions(read).empty());
}

TEST_P(TrustServiceTest, CachedStoreFollowsCommittedChangesOnly) {
  {
    auto tx = tdb_->db().BeginRead();
    auto empty = service_.Store(tx, TrustPurpose::kDocument);
    ASSERT_TRUE(empty);
    EXPECT_TRUE((*empty)->empty());
  }
  {
    // A change that is rolled back leaves the cached store as it was.
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(
        service_.AddAnchors(tx, actor_, TrustPurpose::kDocument, pki().root.certificate.Pem(), ""));
  }
  {
    auto tx = tdb_->db().BeginRead();
    EXPECT_TRUE((*service_.Store(tx, TrustPurpose::kDocument))->empty());
  }
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(
        service_.AddAnchors(tx, actor_, TrustPurpose::kDocument, pki().root.certificate.Pem(), ""));
    ASSERT_TRUE(tx.Commit());
  }
  auto tx = tdb_->db().BeginRead();
  auto store = service_.Store(tx, TrustPurpose::kDocument);
  ASSERT_TRUE(store);
  ASSERT_EQ((*store)->anchors().size(), 1u);
  // Served from memory while fresh: the same object.
  EXPECT_EQ(service_.Store(tx, TrustPurpose::kDocument)->get(), store->get());
  // The other purpose has its own store.
  EXPECT_TRUE((*service_.Store(tx, TrustPurpose::kTimestamp))->empty());
  // After the time-to-live it is read again (a change by another process would show).
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_NE(service_.Store(tx, TrustPurpose::kDocument)->get(), store->get());
}

INSTANTIATE_TEST_SUITE_P(Engines, TrustServiceTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

TEST(TrustPurposeTest, NamesRoundTrip) {
  EXPECT_EQ(ToString(TrustPurpose::kDocument), "document");
  EXPECT_EQ(ToString(TrustPurpose::kTimestamp), "timestamp");
  EXPECT_EQ(ParseTrustPurpose("document"), TrustPurpose::kDocument);
  EXPECT_EQ(ParseTrustPurpose("timestamp"), TrustPurpose::kTimestamp);
  EXPECT_FALSE(ParseTrustPurpose("tsa"));
}

}  // namespace
}  // namespace cqdt::signing
