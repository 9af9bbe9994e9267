// What the mail intake reads from a message besides mail::ParseMail: raw header fields, the
// DKIM-Signature tags, the SPF result of the receiving server only, a document number in a
// subject, archives by type, and the key records of DKIM (dkim_keys.hpp).
#include "intake_message.hpp"

#include <arpa/nameser.h>
#include <gtest/gtest.h>

#include "mailroom/dkim_keys.hpp"

namespace cqdt::mailroom::internal {
namespace {

TEST(IntakeHeaderTest, FieldsAreUnfoldedUpToTheEmptyLine) {
  const std::string raw =
      "Received: from a\r\n\tby b\r\nSubject: Về việc\r\n  tổ chức\r\nX-Odd:no-space\r\n"
      "not a field\r\nFrom: x@y.vn\n\r\nBody: not a header\r\n";
  auto fields = ReadHeader(raw);
  ASSERT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields[0].name, "received");
  EXPECT_EQ(fields[0].value, " from a\tby b");
  EXPECT_EQ(fields[1].name, "subject");
  EXPECT_EQ(fields[1].value, " Về việc  tổ chức");
  EXPECT_EQ(fields[2].name, "x-odd");
  EXPECT_EQ(fields[3].name, "from");
  EXPECT_EQ(ReadHeader("Subject: a\r\n", 0).size(), 0u);
}

TEST(IntakeHeaderTest, DkimSignatureTags) {
  auto fields = ReadHeader(
      "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n d=STP.AnGiang.gov.vn; s=cqdt\r\n"
      " 2026; h=from:subject; bh=abc; b=def\r\nDKIM-Signature: v=1; s=k2; d=example.vn\r\n\r\n");
  auto sigs = DkimSignatures(fields);
  ASSERT_EQ(sigs.size(), 2u);
  EXPECT_EQ(sigs[0].domain, "stp.angiang.gov.vn");
  EXPECT_EQ(sigs[0].selector, "cqdt2026");
  EXPECT_EQ(sigs[1].domain, "example.vn");
  EXPECT_EQ(sigs[1].selector, "k2");
}

TEST(IntakeHeaderTest, NoSignatureOrNoLookupIsNone) {
  const std::string unsigned_message = "From: a@b.vn\r\nSubject: x\r\n\r\nbody\r\n";
  auto none = CheckDkim(unsigned_message, ReadHeader(unsigned_message), nullptr, TimePoint{});
  EXPECT_EQ(none.result, "none");
  EXPECT_EQ(none.reason, "no-signature");
  EXPECT_EQ(none.detail, "Thư không có chữ ký DKIM.");
  const std::string signed_message =
      "DKIM-Signature: v=1; a=rsa-sha256; d=b.vn; s=s1; h=from; bh=x; b=y\r\n" + unsigned_message;
  auto unchecked = CheckDkim(signed_message, ReadHeader(signed_message), nullptr, TimePoint{});
  EXPECT_EQ(unchecked.result, "none");
  EXPECT_EQ(unchecked.domain, "b.vn");
  EXPECT_EQ(unchecked.reason, "no-key-lookup");
  StaticDkimKeyLookup empty({});
  auto missing = CheckDkim(signed_message, ReadHeader(signed_message), &empty, TimePoint{});
  EXPECT_EQ(missing.result, "permerror");
  EXPECT_EQ(missing.reason, "no-key");
  EXPECT_EQ(missing.detail, "Tên miền b.vn không công bố khóa DKIM (s=s1).");
}

class UnreachableDns : public DkimKeyLookup {
 public:
  DkimKeyAnswer Find(std::string_view, std::string_view) override {
    return {DkimKeyAnswer::Status::kTempError, "", "SERVFAIL"};
  }
};

TEST(IntakeHeaderTest, DnsFailureIsTemperror) {
  const std::string m =
      "DKIM-Signature: v=1; a=rsa-sha256; d=b.vn; s=s1; h=from; bh=x; b=y\r\nFrom: a@b.vn\r\n\r\n";
  UnreachableDns dns;
  auto outcome = CheckDkim(m, ReadHeader(m), &dns, TimePoint{});
  EXPECT_EQ(outcome.result, "temperror");
  EXPECT_EQ(outcome.reason, "key-unavailable");
}

TEST(IntakeSpfTest, TheReceivingServersReportOnly) {
  // The topmost field is the receiving server's; the lower one came with the message (forged).
  auto fields = ReadHeader(
      "Authentication-Results: mx.angiang.gov.vn;\r\n spf=softfail (sender IP is 203.0.113.9;"
      " not permitted) smtp.mailfrom=stp.angiang.gov.vn; dkim=none\r\n"
      "Authentication-Results: mx.angiang.gov.vn; spf=pass smtp.mailfrom=evil.example\r\n"
      "Authentication-Results: forged.example; spf=pass\r\n\r\n");
  auto spf = SpfFromHeader(fields, "");
  EXPECT_EQ(spf.result, "softfail");
  EXPECT_EQ(spf.detail, "mx.angiang.gov.vn: smtp.mailfrom=stp.angiang.gov.vn");
  // A configured authserv-id: only its fields count, wherever they are.
  EXPECT_EQ(SpfFromHeader(fields, "forged.example").result, "pass");
  EXPECT_EQ(SpfFromHeader(fields, "other.example").result, "");
}

TEST(IntakeSpfTest, ResultsAreNormalisedAndReceivedSpfIsTheFallback) {
  EXPECT_EQ(SpfFromHeader(ReadHeader("Authentication-Results: mx; SPF=PASS\r\n\r\n"), "").result,
            "pass");
  EXPECT_EQ(SpfFromHeader(ReadHeader("Authentication-Results: mx; spf=bogus\r\n\r\n"), "").result,
            "permerror");
  EXPECT_EQ(SpfFromHeader(ReadHeader("Authentication-Results: mx; dkim=pass\r\n\r\n"), "").result,
            "");
  auto received = SpfFromHeader(
      ReadHeader("Received-SPF: Pass (mx: domain of a@b.vn designates 192.0.2.1)\r\n\r\n"), "");
  EXPECT_EQ(received.result, "pass");
  EXPECT_EQ(SpfFromHeader(ReadHeader("Subject: x\r\n\r\n"), "").result, "");
  // Printable ASCII only in the detail.
  auto odd =
      SpfFromHeader(ReadHeader("Authentication-Results: mx; spf=fail x=\xc3\xa9\r\n\r\n"), "");
  EXPECT_EQ(odd.detail, "mx: x=??");
}

TEST(IntakeNumberTest, ANumberInTheSubject) {
  int type = 0;
  EXPECT_EQ(FindDocumentNumber("Công văn số 12/STP-VP về việc góp ý", &type), "12/STP-VP");
  EXPECT_EQ(type, 18);  // công văn
  EXPECT_EQ(FindDocumentNumber("Gửi Quyết định 05/QĐ-UBND.", &type), "05/QĐ-UBND");
  EXPECT_EQ(type, 2);  // quyết định
  EXPECT_EQ(FindDocumentNumber("Họp ngày 07/12/2026 (số:  )", &type), "");
  EXPECT_EQ(type, 0);
  EXPECT_EQ(FindDocumentNumber("", &type), "");
}

TEST(IntakeTextTest, CutsAtCharacterBoundaries) {
  EXPECT_EQ(CutUtf8("Việt", 2), "Vi");
  EXPECT_EQ(CutUtf8("Việt", 3), "Vi");  // "ệ" is three bytes
  EXPECT_EQ(CutUtf8("Việt", 5), "Việ");
  EXPECT_EQ(CutUtf8("ab", 10), "ab");
}

TEST(IntakeTextTest, WarningsRoundTripAsJson) {
  std::vector<IntakeWarning> w = {{"truncated", "Thư bị cắt \"giữa chừng\""}, {"x", ""}};
  auto back = WarningsFromJson(WarningsJson(w));
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].message, w[0].message);
  EXPECT_TRUE(WarningsFromJson("not json").empty());
}

TEST(IntakeTextTest, ArchivesByTypeNameOrMagicButNotDocx) {
  EXPECT_TRUE(IsArchive("application/zip", "a.bin", ""));
  EXPECT_TRUE(IsArchive("application/octet-stream", "Hồ sơ.ZIP", "PK\x03\x04"));
  EXPECT_TRUE(IsArchive("application/octet-stream", "x", "\x1f\x8b\x08"));
  EXPECT_FALSE(IsArchive("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                         "du-thao.docx", "PK\x03\x04"));
}

// ---------------------------------------------------------------------------------------------
// DKIM key records.

TEST(DkimKeysTest, QueryNamesAreHostNamesOnly) {
  EXPECT_EQ(DkimKeyName("CQDT2026", "AnGiang.gov.vn"), "cqdt2026._domainkey.angiang.gov.vn");
  EXPECT_EQ(DkimKeyName("", "a.vn"), "");
  EXPECT_EQ(DkimKeyName("s", "a.vn\r\nb"), "");
  EXPECT_EQ(DkimKeyName("s", "a.vn."), "");
  EXPECT_EQ(DkimKeyName("s/../x", "a.vn"), "");
}

TEST(DkimKeysTest, TheTableAndItsFallback) {
  auto inner = std::make_shared<StaticDkimKeyLookup>(
      std::map<std::string, std::string>{{"k._domainkey.b.vn", "v=DKIM1; p=BBB"}});
  StaticDkimKeyLookup table({{"s1._domainkey.a.vn", "v=DKIM1; p=AAA"}}, inner);
  EXPECT_EQ(table.Find("S1", "A.vn").record, "v=DKIM1; p=AAA");
  EXPECT_EQ(table.Find("k", "b.vn").record, "v=DKIM1; p=BBB");
  EXPECT_EQ(table.Find("k", "c.vn").status, DkimKeyAnswer::Status::kNotFound);
}

// A DNS response as a resolver returns it: the question and two TXT answers, the first split
// into two character-strings (RFC 6376 §3.6.2.2: joined).
std::vector<unsigned char> TxtResponse(bool truncate_rdata) {
  std::vector<unsigned char> b = {0x12, 0x34, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0};
  for (std::string label : {"s1", "_domainkey", "a", "vn"}) {
    b.push_back(static_cast<unsigned char>(label.size()));
    b.insert(b.end(), label.begin(), label.end());
  }
  b.insert(b.end(), {0, 0, ns_t_txt, 0, ns_c_in});
  auto answer = [&](std::vector<std::string> strings, int claimed_extra) {
    b.insert(b.end(), {0xc0, 0x0c, 0, ns_t_txt, 0, ns_c_in, 0, 0, 1, 0x2c});
    std::vector<unsigned char> rdata;
    for (const std::string& s : strings) {
      rdata.push_back(static_cast<unsigned char>(s.size()));
      rdata.insert(rdata.end(), s.begin(), s.end());
    }
    const std::size_t len = rdata.size() + static_cast<std::size_t>(claimed_extra);
    b.push_back(static_cast<unsigned char>(len >> 8));
    b.push_back(static_cast<unsigned char>(len & 0xff));
    b.insert(b.end(), rdata.begin(), rdata.end());
  };
  answer({"v=DKIM1; k=rsa; ", "p=MIIBIjAN"}, 0);
  answer({"second"}, truncate_rdata ? 40 : 0);
  return b;
}

TEST(DkimKeysTest, TxtAnswersAreJoinedPerRecord) {
  auto b = TxtResponse(false);
  auto records = ParseTxtAnswer(b.data(), static_cast<int>(b.size()));
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0], "v=DKIM1; k=rsa; p=MIIBIjAN");
  EXPECT_EQ(records[1], "second");
  // An answer that claims more data than it holds gives nothing.
  auto bad = TxtResponse(true);
  EXPECT_TRUE(ParseTxtAnswer(bad.data(), static_cast<int>(bad.size())).empty());
  EXPECT_TRUE(ParseTxtAnswer(nullptr, 0).empty());
  EXPECT_TRUE(ParseTxtAnswer(b.data(), 5).empty());
}

TEST(DkimKeysTest, DnsRefusesNamesThatAreNotHostNames) {
  DnsDkimKeyLookup dns(1);
  auto a = dns.Find("s", "a.vn;rm -rf");
  EXPECT_EQ(a.status, DkimKeyAnswer::Status::kNotFound);
}

}  // namespace
}  // namespace cqdt::mailroom::internal
