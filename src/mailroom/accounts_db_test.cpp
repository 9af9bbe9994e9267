#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "db/testing.hpp"
#include "mailroom/accounts.hpp"
#include "mailroom/schema.hpp"

namespace cqdt::mailroom {
namespace {

SecretBox Box(char fill = 'k') { return *SecretBox::FromKey(std::string(32, fill)); }

TEST(SecretBoxTest, SealsOpensAndRefusesAnotherKey) {
  SecretBox box = Box();
  const std::string sealed = box.Seal("mật khẩu bí mật");
  EXPECT_EQ(sealed.find("mật khẩu"), std::string::npos);
  EXPECT_NE(box.Seal("mật khẩu bí mật"), sealed);  // a fresh nonce each time
  auto opened = box.Open(sealed);
  ASSERT_TRUE(opened);
  EXPECT_EQ(*opened, "mật khẩu bí mật");
  auto other = Box('x').Open(sealed);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code(), ErrorCode::kUnauthenticated);
  EXPECT_FALSE(box.Open("not base64 at all"));
  EXPECT_EQ(box.Seal(""), "");
  EXPECT_FALSE(SecretBox::FromKey("short"));
  EXPECT_NE(box.DeriveKey("a"), box.DeriveKey("b"));
  EXPECT_EQ(box.DeriveKey("a").size(), 32u);
}

TEST(SecretBoxTest, AKeyFileIsMadeOnceWithOwnerOnlyAccess) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("cqdt-mailkey-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto path = (dir / "mail.key").string();
  std::filesystem::remove(path);
  auto first = SecretBox::FromFile(path);
  ASSERT_TRUE(first) << first.error().message();
  EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  auto second = SecretBox::FromFile(path);
  ASSERT_TRUE(second);
  EXPECT_EQ(*second->Open(first->Seal("x")), "x");  // the same key, read back
  {
    std::ofstream bad(path, std::ios::trunc);
    bad << "too short";
  }
  EXPECT_FALSE(SecretBox::FromFile(path));
  std::filesystem::remove_all(dir);
}

class AccountsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam(), 4);
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), Migrations()).Apply());
  }

  static MailAccountInput Input() {
    MailAccountInput in;
    in.from_address = "vanthu@snv.angiang.gov.vn";
    in.from_name = "Sở Nội vụ tỉnh An Giang";
    in.smtp_host = "mail.angiang.gov.vn";
    in.smtp_username = "vanthu";
    in.smtp_password = "S3cret!";
    in.imap_host = "mail.angiang.gov.vn";
    in.imap_username = "vanthu";
    in.imap_password = "Imap!Pass";
    return in;
  }

  Result<MailAccount> Put(AgencyId agency, const MailAccountInput& in) {
    auto tx = tdb_->db().Begin();
    auto r = accounts_.Put(tx, agency, in, "admin", 1000);
    if (r) {
      EXPECT_TRUE(tx.Commit());
    }
    return r;
  }

  SecretBox box_ = Box();
  MailAccounts accounts_{box_};
  std::unique_ptr<db::testing::TestDatabase> tdb_;
};

TEST_P(AccountsTest, PasswordsAreSealedNeverReturnedAndKeptWhenLeftEmpty) {
  auto saved = Put(AgencyId(3), Input());
  ASSERT_TRUE(saved) << saved.error().message();
  EXPECT_TRUE(saved->smtp_has_password);
  EXPECT_TRUE(saved->imap_has_password);
  {
    auto tx = tdb_->db().BeginRead();
    std::string stored;
    tx.sql() << "SELECT smtp_password_sealed FROM mailroom_account", soci::into(stored);
    EXPECT_EQ(stored.find("S3cret"), std::string::npos);
    auto smtp = accounts_.SmtpOf(tx, *saved);
    ASSERT_TRUE(smtp);
    EXPECT_EQ(smtp->password, "S3cret!");
    auto imap = accounts_.ImapOf(tx, *saved);
    ASSERT_TRUE(imap);
    EXPECT_EQ(imap->password, "Imap!Pass");
  }
  MailAccountInput change = Input();
  change.smtp_password.reset();
  change.imap_password = "";
  change.from_name = "Văn thư Sở Nội vụ";
  auto updated = Put(AgencyId(3), change);
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->from_name, "Văn thư Sở Nội vụ");
  auto tx = tdb_->db().BeginRead();
  EXPECT_EQ(accounts_.SmtpOf(tx, *updated)->password, "S3cret!");
  EXPECT_EQ(accounts_.ImapOf(tx, *updated)->password, "Imap!Pass");
}

TEST_P(AccountsTest, AnAgencyWithoutItsOwnSendsWithTheDefault) {
  ASSERT_TRUE(Put(AgencyId(0), Input()));
  MailAccountInput own = Input();
  own.from_address = "motcua@rachgia.angiang.gov.vn";
  own.enabled = false;
  ASSERT_TRUE(Put(AgencyId(5), own));
  auto tx = tdb_->db().BeginRead();
  EXPECT_EQ(accounts_.ForSending(tx, AgencyId(5))->agency_id, AgencyId(0));  // disabled: default
  EXPECT_EQ(accounts_.ForSending(tx, AgencyId(9))->agency_id, AgencyId(0));
  EXPECT_EQ(accounts_.List(tx).size(), 2u);
}

TEST_P(AccountsTest, HostsAreNamesOrAddressLiteralsAndFoldersHaveNoControls) {
  for (const char* host : {"10.1.2.3", "::1", "fd00::25", "mail.angiang.gov.vn"}) {
    MailAccountInput in = Input();
    in.smtp_host = host;
    in.imap_host = host;
    EXPECT_TRUE(Put(AgencyId(3), in)) << host;
  }
  for (const char* host : {"1.2.3.4.5", "::1::2", "fe80::1%eth0", "abc:def", "300.1.1.1"}) {
    MailAccountInput in = Input();
    in.smtp_host = host;
    auto r = Put(AgencyId(3), in);
    ASSERT_FALSE(r) << host;
    EXPECT_EQ(r.error().fields().at(0).field, "smtpHost") << host;
  }
  MailAccountInput c1 = Input();
  c1.imap_folder = "H\xc2\x85p th\xc6\xb0";  // U+0085, a C1 control
  auto r = Put(AgencyId(3), c1);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields().at(0).field, "imapFolder");
  MailAccountInput vietnamese = Input();
  vietnamese.imap_done_folder = "Đã xử lý";
  EXPECT_TRUE(Put(AgencyId(3), vietnamese));
}

TEST_P(AccountsTest, BadFieldsAreNamedAndNothingIsStored) {
  MailAccountInput in = Input();
  in.from_address = "không phải địa chỉ";
  in.from_name = "Tên\r\nBcc: x@y";
  in.smtp_host = "mail example";
  in.smtp_port = 70000;
  in.smtp_tls = "ssl";
  in.imap_folder = "INBOX";
  in.imap_done_folder = "INBOX";
  auto r = Put(AgencyId(3), in);
  ASSERT_FALSE(r);
  std::set<std::string> fields;
  for (const auto& f : r.error().fields()) {
    fields.insert(f.field);
  }
  EXPECT_EQ(fields, (std::set<std::string>{"fromAddress", "fromName", "smtpHost", "smtpPort",
                                           "smtpTls", "imapDoneFolder"}));
  // Plain SMTP only to this machine.
  MailAccountInput plain = Input();
  plain.smtp_tls = "none";
  auto refused = Put(AgencyId(3), plain);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields().at(0).field, "smtpTls");
  plain.smtp_host = "127.0.0.1";
  EXPECT_TRUE(Put(AgencyId(3), plain));
  auto tx = tdb_->db().BeginRead();
  EXPECT_EQ(accounts_.List(tx).size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, AccountsTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::mailroom
