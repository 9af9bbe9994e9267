#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "crypto/pki.hpp"
#include "crypto/test_pki.hpp"
#include "db/testing.hpp"
#include "pdf/pdf.hpp"
#include "signing/signing_service.hpp"
#include "signing/verification.hpp"

namespace cqdt::signing {
namespace {

namespace fs = std::filesystem;
using crypto::CertificateKind;
using crypto::SigningKey;
using identity::Principal;
using identity::Role;

using crypto::testing::Day;

const TimePoint kNow = FromUnixSeconds(1795745700);  // 2026-11-27T09:15:00+07:00
constexpr char kAgencyX[] = "000.00.01.H01";
constexpr char kAgencyY[] = "000.00.02.H01";
constexpr char kPassword[] = "mat-khau-lanh-dao";

SigningKey Issue(CertificateKind kind, const std::string& cn, const std::string& org,
                 const SigningKey* issuer) {
  // EC keys are quick to make; the personal key is RSA so both algorithms are covered.
  return crypto::testing::IssueTestCertificate(
      kind, cn, issuer,
      {.organization = org,
       .algorithm = kind == CertificateKind::kPersonal ? crypto::KeyAlgorithm::kRsa
                                                       : crypto::KeyAlgorithm::kEc,
       .not_before = Day(2020, 1, 1),
       .not_after = kind == CertificateKind::kRootCa ? Day(2045, 1, 1) : Day(2030, 1, 1)});
}

void WriteFile(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// A root issuing the agency X seal and the leader's personal certificate; the key files and
// keys.toml in a temp directory; a trust store with the root and its CRL.
struct Keys {
  SigningKey root = Issue(CertificateKind::kRootCa, "cqdt Test Root CA", "cqdt test", nullptr);
  SigningKey seal = Issue(CertificateKind::kSeal, "Sở Nội vụ", "Sở Nội vụ", &root);
  SigningKey personal = Issue(CertificateKind::kPersonal, "Trần Lãnh Đạo", "Sở Nội vụ", &root);
  fs::path dir;
  crypto::TrustStore store;

  // Made on first use, dropped (with its directory) after the suite.
  static Keys& Get() {
    if (!instance_) {
      instance_.reset(new Keys());
    }
    return *instance_;
  }
  static void Release() { instance_.reset(); }
  ~Keys() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }

 private:
  static std::unique_ptr<Keys> instance_;

  Keys() {
    std::string templ = (fs::temp_directory_path() / "cqdt-signsvc-XXXXXX").string();
    if (mkdtemp(templ.data()) == nullptr) {
      std::abort();
    }
    dir = templ;
    WriteFile(dir / "seal-x.p12", crypto::MakePkcs12(seal, "", "seal").value());
    WriteFile(dir / "lanhdao.p12", crypto::MakePkcs12(personal, kPassword, "lanhdao").value());
    WriteFile(dir / "lanhdao.p12.pem", personal.certificate.Pem());
    WriteFile(dir / "keys.toml", std::string("[[key]]\nid = \"seal-x\"\nkind = \"seal\"\n") +
                                     "owner = \"" + kAgencyX +
                                     "\"\nsource = \"seal-x.p12\"\n\n"
                                     "[[key]]\nid = \"lanhdao\"\nkind = \"personal\"\n"
                                     "owner = \"lanhdao\"\nsource = \"lanhdao.p12\"\n"
                                     "ask_secret = true\n");
    store.AddAnchor(root.certificate);
    store.AddCrl(crypto::IssueCrl(root, {}, Day(2026, 11, 1), Day(2027, 11, 1)).value());
  }
};

std::unique_ptr<Keys> Keys::instance_;

std::string SampleDocument() {
  pdf::TextDocument doc;
  doc.title = "Quyet dinh";
  doc.blocks.push_back({"QUYẾT ĐỊNH", 14, true, false, true, 6});
  doc.blocks.push_back({"Về việc ban hành Quy chế công tác văn thư.", 13, false, false, false, 6});
  return pdf::RenderTextDocument(doc).value();
}

class SigningServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  static void TearDownTestSuite() { Keys::Release(); }
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam());
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    std::vector<db::Migration> all;
    for (auto ms : {audit::Migrations(), org::Migrations()}) {
      all.insert(all.end(), ms.begin(), ms.end());
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), all).Apply());
    auto ring = KeyRing::LoadFile((Keys::Get().dir / "keys.toml").string());
    ASSERT_TRUE(ring) << ring.error().message();
    ring_ = std::move(*ring);
    service_ = std::make_unique<SigningService>(*ring_, agencies_, audit_, clock_, "");
    auto tx = tdb_->db().Begin();
    agency_x_ = MakeAgency(tx, kAgencyX, "Sở Nội vụ");
    agency_y_ = MakeAgency(tx, kAgencyY, "Sở Tư pháp");
    ASSERT_TRUE(tx.Commit());
  }

  AgencyId MakeAgency(db::Transaction& tx, const std::string& code, const std::string& name) {
    org::AgencyInput in;
    in.code = code;
    in.name = name;
    in.short_name = "S";
    in.kind = "department";
    auto a = agencies_.Create(tx, admin_, in);
    EXPECT_TRUE(a) << a.error().message();
    return a ? a->id : AgencyId();
  }

  static Principal Staff(std::int64_t id, const std::string& username, AgencyId agency,
                         std::set<Role> roles) {
    Principal p;
    p.realm = identity::Realm::kStaff;
    p.subject_id = id;
    p.username = username;
    p.full_name = "Cán bộ " + username;
    p.agency_id = agency;
    p.roles = std::move(roles);
    return p;
  }
  Principal Leader() { return Staff(1, "lanhdao", agency_x_, {Role::kLeader}); }
  Principal ClerkX() { return Staff(2, "vanthu", agency_x_, {Role::kClerk}); }
  Principal ClerkY() { return Staff(3, "vanthu-y", agency_y_, {Role::kClerk}); }
  Principal OfficerX() { return Staff(4, "chuyenvien", agency_x_, {Role::kOfficer}); }
  Principal OfficerY() { return Staff(5, "chuyenvien-y", agency_y_, {Role::kOfficer}); }

  static audit::Actor ActorOf(const Principal& p) {
    return {p.user_id(), p.username, p.agency_id, "127.0.0.1", "req-1"};
  }

  static SignRequest PdfRequest(const std::string& key_id, AppearanceStyle style,
                                const std::string& secret = "") {
    SignRequest r;
    r.kind = SignKind::kPdf;
    r.key_id = key_id;
    r.secret = secret;
    r.file_name = "quyet-dinh.pdf";
    r.content = SampleDocument();
    r.pdf.style = style;
    return r;
  }

  Result<SignResult> Sign(db::Transaction& tx, const Principal& who, const SignRequest& r) {
    return service_->Sign(tx, who, ActorOf(who), r);
  }

  VerificationReport Verify(const std::string& bytes,
                            std::optional<std::string_view> content = {}) {
    Verifier verifier(clock_);
    TrustContext trust{.documents = &Keys::Get().store};
    auto report = verifier.Verify(bytes, "signed", trust, content);
    EXPECT_TRUE(report) << report.error().message();
    return report ? *report : VerificationReport{};
  }

  std::vector<std::string> UsableIds(const Principal& who) {
    auto tx = tdb_->db().BeginRead();
    auto keys = service_->UsableKeys(tx, who);
    EXPECT_TRUE(keys) << keys.error().message();
    std::vector<std::string> ids;
    if (keys) {
      for (const auto& k : *keys) {
        ids.push_back(k.id);
      }
    }
    return ids;
  }

  void ExpectError(const Result<SignResult>& r, ErrorCode code, const std::string& field = "") {
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), code) << r.error().message();
    if (!field.empty()) {
      ASSERT_EQ(r.error().fields().size(), 1u);
      EXPECT_EQ(r.error().fields()[0].field, field);
    }
  }

  FakeClock clock_{kNow};
  audit::AuditLog audit_{clock_};
  org::AgencyService agencies_{audit_, clock_};
  audit::Actor admin_{UserId(), "cli", AgencyId(), "", ""};
  std::unique_ptr<KeyRing> ring_;
  std::unique_ptr<SigningService> service_;
  AgencyId agency_x_, agency_y_;
  std::unique_ptr<db::testing::TestDatabase> tdb_;
};

TEST_P(SigningServiceTest, UsableKeysFollowOwnership) {
  EXPECT_EQ(UsableIds(ClerkX()), (std::vector<std::string>{"seal-x"}));
  EXPECT_EQ(UsableIds(Leader()), (std::vector<std::string>{"lanhdao"}));
  EXPECT_TRUE(UsableIds(OfficerY()).empty());
  EXPECT_TRUE(UsableIds(OfficerX()).empty());
  EXPECT_TRUE(UsableIds(ClerkY()).empty());
  Principal citizen = Leader();
  citizen.realm = identity::Realm::kCitizen;
  EXPECT_TRUE(UsableIds(citizen).empty());
  Principal token = ClerkX();
  token.via_api_token = true;
  EXPECT_TRUE(UsableIds(token).empty());

  auto tx = tdb_->db().BeginRead();
  auto keys = service_->UsableKeys(tx, Leader());
  ASSERT_TRUE(keys);
  ASSERT_EQ(keys->size(), 1u);
  const KeyInfo& k = keys->front();
  EXPECT_EQ(k.kind, KeyKind::kPersonal);
  EXPECT_EQ(k.owner, "lanhdao");
  EXPECT_TRUE(k.ask_secret);
  EXPECT_FALSE(k.has_image);
  ASSERT_TRUE(k.certificate);  // from lanhdao.p12.pem
  EXPECT_EQ(k.certificate->SubjectCommonName(), "Trần Lãnh Đạo");
}

TEST_P(SigningServiceTest, OwnerSignsPdfWithPersonalKey) {
  auto tx = tdb_->db().Begin();
  auto r = Sign(tx, Leader(), PdfRequest("lanhdao", AppearanceStyle::kSigner, kPassword));
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->content_type, "application/pdf");
  EXPECT_EQ(r->signer_subject, Keys::Get().personal.certificate.SubjectDn());
  auto report = Verify(r->content);
  ASSERT_EQ(report.signatures.size(), 1u);
  const SignatureReport& s = report.signatures[0];
  EXPECT_EQ(s.indication, Indication::kTotalPassed) << s.conclusion;
  EXPECT_EQ(s.format, "PAdES-BASELINE-B");
  ASSERT_TRUE(s.signer);
  EXPECT_EQ(s.signer->common_name, "Trần Lãnh Đạo");
  ASSERT_TRUE(s.claimed_time);
  EXPECT_EQ(*s.claimed_time, kNow);  // the service's clock, not the caller's
  auto sigs = pdf::ReadSignatures(r->content);
  ASSERT_TRUE(sigs && sigs->size() == 1u);
  EXPECT_TRUE(sigs->front().page);  // visible
}

TEST_P(SigningServiceTest, OnlyTheOwnerMayUseAPersonalKey) {
  auto tx = tdb_->db().Begin();
  ExpectError(Sign(tx, ClerkX(), PdfRequest("lanhdao", AppearanceStyle::kSigner, kPassword)),
              ErrorCode::kPermissionDenied);
  ExpectError(Sign(tx, OfficerY(), PdfRequest("lanhdao", AppearanceStyle::kSigner, kPassword)),
              ErrorCode::kPermissionDenied);
  Principal token = Leader();
  token.via_api_token = true;
  ExpectError(Sign(tx, token, PdfRequest("lanhdao", AppearanceStyle::kSigner, kPassword)),
              ErrorCode::kPermissionDenied);
}

TEST_P(SigningServiceTest, ClerkSealsForOwnAgencyOnly) {
  auto tx = tdb_->db().Begin();
  auto r = Sign(tx, ClerkX(), PdfRequest("seal-x", AppearanceStyle::kSeal));
  ASSERT_TRUE(r) << r.error().message();
  auto report = Verify(r->content);
  ASSERT_EQ(report.signatures.size(), 1u);
  EXPECT_EQ(report.signatures[0].indication, Indication::kTotalPassed)
      << report.signatures[0].conclusion;
  EXPECT_EQ(report.signatures[0].signer->common_name, "Sở Nội vụ");

  ExpectError(Sign(tx, ClerkY(), PdfRequest("seal-x", AppearanceStyle::kSeal)),
              ErrorCode::kPermissionDenied);
  ExpectError(Sign(tx, OfficerX(), PdfRequest("seal-x", AppearanceStyle::kSeal)),
              ErrorCode::kPermissionDenied);
  ExpectError(Sign(tx, Leader(), PdfRequest("seal-x", AppearanceStyle::kSeal)),
              ErrorCode::kPermissionDenied);
}

TEST_P(SigningServiceTest, LeaderSignsThenClerkSealsTheSameDocument) {
  auto tx = tdb_->db().Begin();
  auto signed_pdf = Sign(tx, Leader(), PdfRequest("lanhdao", AppearanceStyle::kSigner, kPassword));
  ASSERT_TRUE(signed_pdf) << signed_pdf.error().message();
  auto seal = PdfRequest("seal-x", AppearanceStyle::kSeal);
  seal.content = signed_pdf->content;
  auto sealed = Sign(tx, ClerkX(), seal);
  ASSERT_TRUE(sealed) << sealed.error().message();
  auto report = Verify(sealed->content);
  ASSERT_EQ(report.signatures.size(), 2u);
  EXPECT_EQ(report.indication, Indication::kTotalPassed) << report.conclusion;
}

TEST_P(SigningServiceTest, UnknownKeyIsNotFound) {
  auto tx = tdb_->db().Begin();
  ExpectError(Sign(tx, ClerkX(), PdfRequest("khong-co", AppearanceStyle::kSeal)),
              ErrorCode::kNotFound);
}

TEST_P(SigningServiceTest, PersonalKeyNeedsTheRightSecret) {
  auto tx = tdb_->db().Begin();
  ExpectError(Sign(tx, Leader(), PdfRequest("lanhdao", AppearanceStyle::kSigner)),
              ErrorCode::kInvalidArgument, "secret");
  ExpectError(Sign(tx, Leader(), PdfRequest("lanhdao", AppearanceStyle::kSigner, "sai")),
              ErrorCode::kBadSignature);
}

TEST_P(SigningServiceTest, StyleMustSuitTheKind) {
  auto tx = tdb_->db().Begin();
  ExpectError(Sign(tx, Leader(), PdfRequest("lanhdao", AppearanceStyle::kSeal, kPassword)),
              ErrorCode::kInvalidArgument, "style");
  ExpectError(Sign(tx, Leader(), PdfRequest("lanhdao", AppearanceStyle::kAttachment, kPassword)),
              ErrorCode::kInvalidArgument, "style");
  ExpectError(Sign(tx, ClerkX(), PdfRequest("seal-x", AppearanceStyle::kSigner)),
              ErrorCode::kInvalidArgument, "style");
  // An agency seals an attachment with the main document's number.
  auto attachment = PdfRequest("seal-x", AppearanceStyle::kAttachment);
  ExpectError(Sign(tx, ClerkX(), attachment), ErrorCode::kInvalidArgument, "documentNumber");
  attachment.pdf.document_number = "Số: 05/QĐ-SNV";
  EXPECT_TRUE(Sign(tx, ClerkX(), attachment));
}

TEST_P(SigningServiceTest, SignsXml) {
  auto tx = tdb_->db().Begin();
  SignRequest r;
  r.kind = SignKind::kXml;
  r.key_id = "seal-x";
  r.file_name = "goi-tin.xml";
  r.content =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<GoiTin><NoiDung>Văn bản</NoiDung></GoiTin>\n";
  auto out = Sign(tx, ClerkX(), r);
  ASSERT_TRUE(out) << out.error().message();
  EXPECT_EQ(out->content_type, "application/xml");
  auto report = Verify(out->content);
  EXPECT_EQ(report.kind, FileKind::kXml);
  ASSERT_EQ(report.signatures.size(), 1u);
  EXPECT_EQ(report.signatures[0].indication, Indication::kTotalPassed)
      << report.signatures[0].conclusion;
}

TEST_P(SigningServiceTest, SignsDetachedCms) {
  auto tx = tdb_->db().Begin();
  SignRequest r;
  r.kind = SignKind::kCms;
  r.key_id = "lanhdao";
  r.secret = kPassword;
  r.file_name = "phu-luc.docx";
  r.content = "Nội dung phụ lục";
  auto out = Sign(tx, Leader(), r);
  ASSERT_TRUE(out) << out.error().message();
  EXPECT_EQ(out->content_type, "application/pkcs7-signature");
  auto report = Verify(out->content, r.content);
  EXPECT_EQ(report.kind, FileKind::kCms);
  ASSERT_EQ(report.signatures.size(), 1u);
  EXPECT_EQ(report.signatures[0].indication, Indication::kTotalPassed)
      << report.signatures[0].conclusion;
  ASSERT_TRUE(report.signatures[0].claimed_time);
  EXPECT_EQ(*report.signatures[0].claimed_time, kNow);
}

TEST_P(SigningServiceTest, ExpiredKeyIsRefused) {
  clock_.Set(Day(2031, 1, 1));  // after the seal certificate's notAfter (2030-01-01)
  auto tx = tdb_->db().Begin();
  ExpectError(Sign(tx, ClerkX(), PdfRequest("seal-x", AppearanceStyle::kSeal)),
              ErrorCode::kFailedPrecondition);
}

TEST_P(SigningServiceTest, EachSignatureIsAuditedInTheCallersTransaction) {
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(Sign(tx, ClerkX(), PdfRequest("seal-x", AppearanceStyle::kSeal)));
    audit::Filter f;
    f.action = "sign.pdf";
    auto page = audit_.List(tx, f);
    ASSERT_TRUE(page);
    ASSERT_EQ(page->items.size(), 1u);
    const audit::Entry& e = page->items[0];
    EXPECT_EQ(e.entity, "signature");
    EXPECT_EQ(e.entity_id, "seal-x");
    EXPECT_EQ(e.actor, "vanthu");
    EXPECT_NE(e.summary.find("quyet-dinh.pdf"), std::string::npos) << e.summary;
    EXPECT_NE(e.summary.find(Keys::Get().seal.certificate.SerialHex()), std::string::npos)
        << e.summary;
  }  // rolled back: the entry goes with it
  {
    auto tx = tdb_->db().BeginRead();
    audit::Filter f;
    f.action = "sign.";
    EXPECT_EQ(audit_.List(tx, f)->total, 0);
  }
  auto tx = tdb_->db().Begin();
  ASSERT_TRUE(Sign(tx, ClerkX(), PdfRequest("seal-x", AppearanceStyle::kSeal)));
  ExpectError(Sign(tx, ClerkY(), PdfRequest("seal-x", AppearanceStyle::kSeal)),
              ErrorCode::kPermissionDenied);
  ASSERT_TRUE(tx.Commit());
  auto read = tdb_->db().BeginRead();
  audit::Filter f;
  f.action = "sign.";
  auto page = audit_.List(read, f);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->total, 1);  // refusals are not signatures
  EXPECT_EQ(page->items[0].action, "sign.pdf");
}

// Issue 8, item 4: typed key passwords could be guessed without limit or trace.
TEST_P(SigningServiceTest, WrongSecretsAreThrottledPerSignerAndKeyAndAudited) {
  service_ = std::make_unique<SigningService>(*ring_, agencies_, audit_, clock_, "",
                                              SecretThrottleOptions{.max_failures = 3});
  auto tx = tdb_->db().Begin();
  for (int i = 0; i < 3; ++i) {
    ExpectError(Sign(tx, Leader(), PdfRequest("lanhdao", AppearanceStyle::kSigner, "DoanBua-123")),
                ErrorCode::kBadSignature);
  }
  // The limit is reached: even the right password waits now, without being checked.
  for (int i = 0; i < 4; ++i) {
    ExpectError(Sign(tx, Leader(), PdfRequest("lanhdao", AppearanceStyle::kSigner, kPassword)),
                ErrorCode::kRateLimited);
  }
  EXPECT_GT(service_->SecretRetryAfter(Leader(), "lanhdao").count(), 14 * 60);
  ASSERT_TRUE(tx.Commit());

  auto read = tdb_->db().BeginRead();
  audit::Filter f;
  f.action = "sign.secret_failed";
  auto failed = audit_.List(read, f);
  ASSERT_TRUE(failed);
  ASSERT_EQ(failed->total, 3);  // every wrong secret
  for (const auto& e : failed->items) {
    EXPECT_EQ(e.entity_id, "lanhdao");
    EXPECT_EQ(e.actor, "lanhdao");
    EXPECT_EQ(e.summary.find("DoanBua"), std::string::npos) << e.summary;  // never the secret
  }
  EXPECT_NE(failed->items[0].summary.find("3/3"), std::string::npos) << failed->items[0].summary;
  f.action = "sign.secret_locked";
  EXPECT_EQ(audit_.List(read, f)->total, 1);  // the lock-out once, not each refusal
  ASSERT_TRUE(read.Commit());

  // The window passes: the right password signs and clears the count.
  clock_.Advance(std::chrono::minutes(16));
  auto tx2 = tdb_->db().Begin();
  EXPECT_TRUE(Sign(tx2, Leader(), PdfRequest("lanhdao", AppearanceStyle::kSigner, kPassword)));
  EXPECT_EQ(service_->SecretRetryAfter(Leader(), "lanhdao").count(), 0);
}

TEST_P(SigningServiceTest, ServerHeldKeysAreNotThrottled) {
  service_ = std::make_unique<SigningService>(*ring_, agencies_, audit_, clock_, "",
                                              SecretThrottleOptions{.max_failures = 1});
  auto tx = tdb_->db().Begin();
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(Sign(tx, ClerkX(), PdfRequest("seal-x", AppearanceStyle::kSeal)));
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, SigningServiceTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::signing
