// DKIM checked against an independent implementation: dkimpy (Debian python3-dkim, installed by
// scripts/install-deps.sh) verifies what cqdt signs, and cqdt verifies what dkimpy signs with each
// canonicalization.
#include <cstdlib>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "crypto/test_files.hpp"
#include "mail/dkim.hpp"
#include "mail/mime.hpp"

namespace cqdt::mail {
namespace {

using crypto::testing::ReadFile;
using crypto::testing::TempDir;
using crypto::testing::WriteFile;

const TimePoint kNow = FromUnixSeconds(1772679600);
const std::string kScript = std::string(CQDT_TESTDATA_DIR) + "/dkimpy.py";

// Runs the helper with /usr/bin/python3 (Debian's, where python3-dkim lives); its exit status.
int Dkimpy(const std::string& arguments, const TempDir& dir) {
  std::string command =
      "/usr/bin/python3 " + kScript + " " + arguments + " >" + dir.Path("dkimpy.log") + " 2>&1";
  int status = std::system(command.c_str());
  return status == -1 || !WIFEXITED(status) ? -1 : WEXITSTATUS(status);
}

const crypto::PrivateKey& Key() {
  static const crypto::PrivateKey key = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kRsa);
  return key;
}

std::string BuiltMessage() {
  FakeClock clock(kNow);
  OutgoingMail mail;
  mail.from = {"thongbao@angiang.gov.vn", "Sở Nội vụ tỉnh An Giang"};
  mail.to = {{"nguyenvana@example.com", "Nguyễn Văn A"}, {"b@example.com", ""}};
  mail.reply_to = Mailbox{"motcua@angiang.gov.vn", "Bộ phận Một cửa"};
  mail.subject = "Hồ sơ 000.00.30.H01-260305-0001: cần bổ sung giấy tờ (thông báo tự động)";
  mail.text = "Kính gửi ông Nguyễn Văn A,\n\nHồ sơ cần bổ sung.   \n\n\n";
  mail.html = "<p>Kính gửi ông <b>Nguyễn Văn A</b>,</p>";
  mail.attachments = {{"Phiếu yêu cầu bổ sung.pdf", "application/pdf", "%PDF-1.7\n%%EOF\n"}};
  mail.headers = {{"List-Unsubscribe", "<https://dichvucong.angiang.gov.vn/huy/abc>"},
                  {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"},
                  {"Auto-Submitted", "auto-generated"}};
  mail.message_id_domain = "angiang.gov.vn";
  auto built = MimeBuilder(clock).Build(mail);
  EXPECT_TRUE(built);
  return built->bytes;
}

TEST(DkimInteropTest, DkimpyVerifiesWhatCqdtSigns) {
  TempDir dir("cqdt-dkim-");
  FakeClock clock(kNow);
  auto signer = DkimSigner::Create("angiang.gov.vn", "cqdt2026", Key(), clock);
  ASSERT_TRUE(signer);
  auto signed_message = signer->Sign(BuiltMessage());
  ASSERT_TRUE(signed_message);
  auto record = DkimDnsRecord(Key());
  ASSERT_TRUE(record);
  WriteFile(dir.Path("record.txt"), *record);
  WriteFile(dir.Path("signed.eml"), *signed_message);
  EXPECT_EQ(Dkimpy("verify " + dir.Path("signed.eml") + " " + dir.Path("record.txt"), dir), 0)
      << ReadFile(dir.Path("dkimpy.log"));

  // The same check fails once a signed header is changed: the verifier is really looking.
  std::string tampered = *signed_message;
  tampered.replace(tampered.find("Reply-To: "), 10, "Reply-To:  x");
  WriteFile(dir.Path("tampered.eml"), tampered);
  EXPECT_EQ(Dkimpy("verify " + dir.Path("tampered.eml") + " " + dir.Path("record.txt"), dir), 1)
      << ReadFile(dir.Path("dkimpy.log"));
}

TEST(DkimInteropTest, CqdtVerifiesWhatDkimpySignsInEveryCanonicalization) {
  TempDir dir("cqdt-dkim-");
  auto pem = Key().Pem();
  ASSERT_TRUE(pem);
  WriteFile(dir.Path("key.pem"), *pem);
  // Whitespace that the canonicalizations treat differently: tabs and runs of spaces in headers,
  // a folded field, trailing whitespace and empty lines at the end of the body.
  std::string message =
      "From: =?UTF-8?B?U+G7nyBO4buZaSB24bul?= <thongbao@angiang.gov.vn>\r\n"
      "To:\tnguyenvana@example.com,\r\n   b@example.com\r\n"
      "Subject:   Thông   báo  \r\n"
      "Date: Thu, 05 Mar 2026 10:00:00 +0700\r\n"
      "Message-ID: <abc@angiang.gov.vn>\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n"
      "\r\n"
      "Dòng một  \t \r\n"
      "  Dòng   hai\r\n"
      "\r\n"
      "\r\n";
  WriteFile(dir.Path("in.eml"), message);
  auto record = DkimDnsRecord(Key());
  ASSERT_TRUE(record);
  for (const std::string canon :
       {"simple/simple", "relaxed/relaxed", "relaxed/simple", "simple/relaxed"}) {
    ASSERT_EQ(Dkimpy("sign " + dir.Path("in.eml") + " " + dir.Path("key.pem") + " " + canon + " " +
                         dir.Path("out.eml"),
                     dir),
              0)
        << ReadFile(dir.Path("dkimpy.log"));
    std::string signed_message = ReadFile(dir.Path("out.eml"));
    ASSERT_NE(signed_message.find("c=" + canon), std::string::npos) << signed_message;
    DkimVerification v = DkimVerify(signed_message, *record);
    EXPECT_EQ(v.status, DkimStatus::kPass) << canon << ": " << v.reason;
    EXPECT_EQ(v.selector, "py");

    // A change every canonicalization notices.
    const std::string line = "Dòng   hai";
    std::string tampered = signed_message;
    tampered.replace(tampered.find(line), line.size(), "Dong   hai");
    EXPECT_EQ(DkimVerify(tampered, *record).reason, "body-hash-mismatch") << canon;
    // A change only "simple" notices: whitespace inside the body's lines.
    std::string spaced = signed_message;
    spaced.replace(spaced.find(line), line.size(), "Dòng hai");
    bool simple_body = canon.ends_with("/simple");
    EXPECT_EQ(DkimVerify(spaced, *record).status,
              simple_body ? DkimStatus::kFail : DkimStatus::kPass)
        << canon;
  }
}

}  // namespace
}  // namespace cqdt::mail
