// The mail intake's database tests' fixture: a fresh database (SQLite, and PostgreSQL when
// CQDT_TEST_PG is set) with the tables of documents, signing and mailroom, two agencies with a
// clerk and a leader, an e-mail account, documents' services over a temp blob store, a DKIM key
// published in a static table, signing's Verifier for attachments, and the fake mailbox
// (testing_fake_mailbox.hpp); messages built as a sender would. Derive:
// `class MyTest : public testing::IntakeFixture {};`
#pragma once

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "crypto/cms.hpp"
#include "crypto/crypto.hpp"
#include "crypto/test_pki.hpp"
#include "db/testing.hpp"
#include "documents/register_service.hpp"
#include "identity/identity_service.hpp"
#include "mail/dkim.hpp"
#include "mailroom/intake.hpp"
#include "mailroom/intake_signatures.hpp"
#include "mailroom/schema.hpp"
#include "notify/outbox.hpp"
#include "numbering/counter_service.hpp"
#include "org/agency_service.hpp"
#include "pdf/pdf.hpp"
#include "signing/trust_service.hpp"
#include "testing_fake_mailbox.hpp"

namespace cqdt::mailroom::testing {

// 2026-12-07 09:00 in Vietnam.
inline const TimePoint kNow = FromUnixSeconds(1796608800);

inline std::string Wrap76(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); i += 76) {
    out += s.substr(i, 76) + "\r\n";
  }
  return out;
}

inline std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) {
    out += l + "\r\n";
  }
  return out;
}

inline std::string SamplePdf(const std::string& line = "Quyết định về việc tổ chức hội nghị") {
  pdf::TextDocument d;
  d.blocks = {{"ỦY BAN NHÂN DÂN TỈNH AN GIANG", 13, true}, {line, 14}};
  auto out = pdf::RenderTextDocument(d);
  EXPECT_TRUE(out) << out.error().message();
  return out ? *out : "";
}

// A message from Sở Tư pháp with a text part and `files` (name header value, type, bytes).
struct Part {
  std::string disposition;  // the Content-Disposition value, e.g. attachment; filename="a.pdf"
  std::string type;
  std::string bytes;
};
inline std::string Message(const std::string& message_id, const std::string& subject,
                           const std::vector<Part>& files = {},
                           const std::string& text = "Kính gửi Sở Nội vụ.\r\n",
                           const std::vector<std::string>& extra = {}) {
  std::vector<std::string> h = {
      "From: =?UTF-8?B?" + crypto::Base64Encode("Sở Tư pháp") + "?= <vanthu@stp.angiang.gov.vn>",
      "To: vanthu@snv.angiang.gov.vn", "Subject: =?UTF-8?B?" + crypto::Base64Encode(subject) + "?=",
      "Date: Mon, 07 Dec 2026 08:00:00 +0700", "MIME-Version: 1.0"};
  if (!message_id.empty()) {
    h.push_back("Message-ID: <" + message_id + ">");
  }
  h.insert(h.end(), extra.begin(), extra.end());
  if (files.empty()) {
    h.push_back("Content-Type: text/plain; charset=utf-8");
    h.push_back("Content-Transfer-Encoding: base64");
    return Join(h) + "\r\n" + Wrap76(crypto::Base64Encode(text));
  }
  h.push_back("Content-Type: multipart/mixed; boundary=\"b1\"");
  std::string body =
      "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n" +
      Wrap76(crypto::Base64Encode(text));
  for (const Part& p : files) {
    body += "--b1\r\nContent-Type: " + p.type + "\r\nContent-Disposition: " + p.disposition +
            "\r\nContent-Transfer-Encoding: base64\r\n\r\n" + Wrap76(crypto::Base64Encode(p.bytes));
  }
  return Join(h) + "\r\n" + body + "--b1--\r\n";
}

class IntakeFixture : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam(), 6);
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    std::vector<db::Migration> all;
    for (auto ms :
         {numbering::Migrations(), audit::Migrations(), org::Migrations(), identity::Migrations(),
          notify::Migrations(), documents::Migrations(), signing::Migrations(), Migrations()}) {
      all.insert(all.end(), ms.begin(), ms.end());
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), all).Apply());
    // A parameterised test's name ends in "/<engine>": one directory, not a parent left behind.
    std::string test_name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(test_name.begin(), test_name.end(), '/', '-');
    blob_dir_ = std::filesystem::temp_directory_path() /
                ("cqdt-intake-" + std::to_string(::getpid()) + "-" + test_name);
    auto blobs = blob::FileBlobStore::Open(blob_dir_);
    ASSERT_TRUE(blobs);
    blobs_ = std::move(*blobs);
    identity_ = std::make_unique<identity::IdentityService>(tdb_->db(), audit_, agencies_, clock_);
    registers_ = std::make_unique<documents::RegisterService>(audit_, agencies_, *identity_,
                                                              counters_, clock_);
    files_ = std::make_unique<documents::FileService>(audit_, *blobs_, clock_);
    incoming_ = std::make_unique<documents::IncomingService>(audit_, agencies_, *registers_,
                                                             *files_, clock_);
    {
      auto tx = tdb_->db().Begin();
      agency_ = MakeAgency(tx, "000.00.01.H01", "Sở Nội vụ");
      other_agency_ = MakeAgency(tx, "000.00.02.H01", "Sở Tư pháp");
      ASSERT_TRUE(tx.Commit());
    }
    clerk_ = MakeUser("vanthu", agency_, {"clerk"});
    leader_ = MakeUser("lanhdao", agency_, {"leader"});
    PutAccount(agency_);
    dkim_key_ = std::make_shared<crypto::PrivateKey>(
        crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kRsa));
    dkim_keys_ = std::make_unique<StaticDkimKeyLookup>(std::map<std::string, std::string>{
        {"cqdt._domainkey.stp.angiang.gov.vn", *mail::DkimDnsRecord(*dkim_key_)}});
    signatures_ = std::make_unique<SigningSignatureCheck>(tdb_->db(), trust_, verifier_);
    MakeService({});
  }

  void TearDown() override {
    service_.reset();
    if (!blob_dir_.empty()) {
      std::filesystem::remove_all(blob_dir_);
    }
  }

  void MakeService(IntakeOptions options) {
    service_ = std::make_unique<IntakeService>(tdb_->db(), audit_, accounts_, connector_, *blobs_,
                                               dkim_keys_.get(), signatures_.get(), *incoming_,
                                               *files_, clock_, options);
  }

  AgencyId MakeAgency(db::Transaction& tx, const std::string& code, const std::string& name) {
    org::AgencyInput in;
    in.code = code;
    in.name = name;
    in.short_name = "S";
    in.kind = "department";
    auto a = agencies_.Create(tx, system_, in);
    EXPECT_TRUE(a) << a.error().message();
    return a ? a->id : AgencyId();
  }

  identity::User MakeUser(const std::string& username, AgencyId agency,
                          std::vector<std::string> roles) {
    identity::UserInput in;
    in.username = username;
    in.full_name = "Nguyễn Văn " + username;
    in.email = username + "@angiang.gov.vn";
    in.agency_id = agency;
    in.roles = std::move(roles);
    in.password = "Anh-Giang-2026";
    auto u = identity_->CreateUser(system_, in);
    EXPECT_TRUE(u) << u.error().message();
    return u ? *u : identity::User{};
  }

  void PutAccount(AgencyId agency) {
    MailAccountInput in;
    in.from_address = "vanthu@snv.angiang.gov.vn";
    in.from_name = "Sở Nội vụ";
    in.smtp_host = "mail.angiang.gov.vn";
    in.imap_host = "mail.angiang.gov.vn";
    in.imap_username = "vanthu";
    in.imap_password = "Imap!Pass";
    in.imap_done_folder = "Đã xử lý";
    auto tx = tdb_->db().Begin();
    auto saved = accounts_.Put(tx, agency, in, "admin", 1000);
    ASSERT_TRUE(saved) << saved.error().message();
    ASSERT_TRUE(tx.Commit());
  }

  static identity::Principal PrincipalOf(const identity::User& u) {
    identity::Principal p;
    p.realm = identity::Realm::kStaff;
    p.subject_id = u.id.value();
    p.username = u.username;
    p.full_name = u.full_name;
    p.agency_id = u.agency_id;
    p.roles = u.roles;
    return p;
  }
  static audit::Actor ActorOf(const identity::User& u) {
    return {u.id, u.username, u.agency_id, "127.0.0.1", "test"};
  }

  std::string Signed(const std::string& message) {
    auto signer = mail::DkimSigner::Create("stp.angiang.gov.vn", "cqdt", *dkim_key_, clock_);
    EXPECT_TRUE(signer);
    auto out = signer->Sign(message);
    EXPECT_TRUE(out) << out.error().message();
    return *out;
  }

  std::string SignedPdf() {
    static const crypto::SigningKey key = crypto::testing::IssueTestCertificate(
        crypto::CertificateKind::kPersonal, "Trần Văn Ký", nullptr);
    pdf::SignatureRequest request;
    request.signer_name = "Trần Văn Ký";
    request.signing_time = kNow - std::chrono::hours(2);
    auto out = pdf::SignPdf(SamplePdf(), request, [&](std::string_view bytes) {
      return crypto::SignCms(bytes, key, crypto::CmsSignOptions{});
    });
    EXPECT_TRUE(out) << out.error().message();
    return out ? *out : "";
  }

  PollReport Poll(AgencyId agency) {
    auto r = service_->Poll(agency);
    EXPECT_TRUE(r) << r.error().message();
    return r ? *r : PollReport{};
  }

  IntakeDetail Only() {
    auto tx = tdb_->db().BeginRead();
    auto page = service_->List(tx, PrincipalOf(clerk_), {"all", 50, 0});
    EXPECT_TRUE(page);
    EXPECT_EQ(page->items.size(), 1u);
    auto d = service_->Get(tx, PrincipalOf(clerk_), page->items.at(0).id);
    EXPECT_TRUE(d);
    return *d;
  }

  int Count(const std::string& sql) {
    auto tx = tdb_->db().BeginRead();
    int n = 0;
    tx.sql() << sql, soci::into(n);
    return n;
  }

  FakeClock clock_{kNow};
  audit::AuditLog audit_{clock_};
  org::AgencyService agencies_{audit_, clock_};
  numbering::CounterService counters_;
  signing::TrustService trust_{audit_, clock_};
  signing::Verifier verifier_{clock_};
  SecretBox box_ = *SecretBox::FromKey(std::string(32, 'k'));
  MailAccounts accounts_{box_};
  FakeMailbox mailbox_;
  FakeConnector connector_{mailbox_};
  audit::Actor system_{UserId(), "cli", AgencyId(), "", ""};
  std::unique_ptr<db::testing::TestDatabase> tdb_;
  std::filesystem::path blob_dir_;
  std::unique_ptr<blob::FileBlobStore> blobs_;
  std::unique_ptr<identity::IdentityService> identity_;
  std::unique_ptr<documents::RegisterService> registers_;
  std::unique_ptr<documents::FileService> files_;
  std::unique_ptr<documents::IncomingService> incoming_;
  std::shared_ptr<crypto::PrivateKey> dkim_key_;
  std::unique_ptr<StaticDkimKeyLookup> dkim_keys_;
  std::unique_ptr<SigningSignatureCheck> signatures_;
  std::unique_ptr<IntakeService> service_;
  AgencyId agency_, other_agency_;
  identity::User clerk_, leader_;
};

}  // namespace cqdt::mailroom::testing
