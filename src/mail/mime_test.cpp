#include "mail/mime.hpp"

#include <chrono>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "mail/mime_parse.hpp"

namespace cqdt::mail {
namespace {

// 2026-03-05 03:00:00 UTC = 10:00 in Vietnam.
const TimePoint kNow = FromUnixSeconds(1772679600);

// Counts up, so that the Message-ID and every boundary are known in advance.
RandomHexSource CountingRandom() {
  auto counter = std::make_shared<int>(0);
  return [counter](std::size_t bytes) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d", ++*counter);
    std::string hex(bytes * 2 - 4, '0');
    return hex + buffer;
  };
}

OutgoingMail SampleMail() {
  OutgoingMail mail;
  mail.from = {"thongbao@angiang.gov.vn", "Sở Nội vụ tỉnh An Giang"};
  mail.to = {{"nguyenvana@example.com", "Nguyễn Văn A"}};
  mail.subject = "Hồ sơ 000.00.30.H01-260305-0001 đã được tiếp nhận";
  mail.text = "Kính gửi ông Nguyễn Văn A,\nHồ sơ của ông đã được tiếp nhận.\n";
  mail.message_id_domain = "angiang.gov.vn";
  return mail;
}

std::string HeaderBlock(const std::string& bytes) {
  return bytes.substr(0, bytes.find("\r\n\r\n"));
}

TEST(MimeBuilderTest, WritesTextOnlyMessageWithCrlfAndEncodedHeaders) {
  FakeClock clock(kNow);
  MimeBuilder builder(clock, CountingRandom());
  auto built = builder.Build(SampleMail());
  ASSERT_TRUE(built) << built.error().message();
  EXPECT_EQ(built->message_id, "00000000000000000000000000000001@angiang.gov.vn");
  const std::string expected =
      "Date: Thu, 05 Mar 2026 10:00:00 +0700\r\n"
      "From: =?UTF-8?B?U+G7nyBO4buZaSB24bulIHThu4luaCBBbiBHaWFuZw==?=\r\n"
      " <thongbao@angiang.gov.vn>\r\n"
      "To: =?UTF-8?B?Tmd1eeG7hW4gVsSDbiBB?= <nguyenvana@example.com>\r\n"
      "Subject: =?UTF-8?B?SOG7kyBzxqEgMDAwLjAwLjMwLkgwMS0yNjAzMDUtMDAwMSDEkcOjIMSR?=\r\n"
      " =?UTF-8?B?xrDhu6NjIHRp4bq/cCBuaOG6rW4=?=\r\n"
      "Message-ID: <00000000000000000000000000000001@angiang.gov.vn>\r\n"
      "MIME-Version: 1.0\r\n"
      "Content-Type: text/plain; charset=utf-8\r\n"
      "Content-Transfer-Encoding: quoted-printable\r\n"
      "\r\n"
      "K=C3=ADnh g=E1=BB=ADi =C3=B4ng Nguy=E1=BB=85n V=C4=83n A,\r\n"
      // GMime's soft break keeps the space at the start of the next line (RFC 2045 §6.7 rule 3).
      "H=E1=BB=93 s=C6=A1 c=E1=BB=A7a =C3=B4ng =C4=91=C3=A3 =C4=91=C6=B0=E1=BB=A3c=\r\n"
      " ti=E1=BA=BFp nh=E1=BA=ADn.\r\n";
  EXPECT_EQ(built->bytes, expected);
}

TEST(MimeBuilderTest, IsReproducibleWithFixedClockAndRandomness) {
  FakeClock clock(kNow);
  OutgoingMail mail = SampleMail();
  mail.html = "<p>Xin chào</p>";
  mail.attachments = {{"Giấy tiếp nhận.pdf", "application/pdf", "%PDF-1.7\n"}};
  auto a = MimeBuilder(clock, CountingRandom()).Build(mail);
  auto b = MimeBuilder(clock, CountingRandom()).Build(mail);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->bytes, b->bytes);
  auto c = MimeBuilder(clock).Build(mail);
  ASSERT_TRUE(c);
  EXPECT_NE(a->message_id, c->message_id);
}

TEST(MimeBuilderTest, NestsAlternativeInMixedWithAttachments) {
  FakeClock clock(kNow);
  OutgoingMail mail = SampleMail();
  mail.html = "<p>Kính gửi ông <b>Nguyễn Văn A</b></p>";
  mail.attachments = {{"Giấy tiếp nhận hồ sơ và hẹn trả kết quả.pdf", "application/pdf",
                       std::string("%PDF-1.7\n\0\x01\xff", 13)},
                      {"data.csv", "text/csv", "a,b\n1,2\n"}};
  mail.headers = {{"List-Unsubscribe",
                   "<https://dichvucong.angiang.gov.vn/huy-dang-ky/"
                   "0123456789abcdef0123456789abcdef>, <mailto:huy@angiang.gov.vn?subject==?x>"},
                  {"List-Unsubscribe-Post", "List-Unsubscribe=One-Click"},
                  {"Auto-Submitted", "auto-generated"}};
  auto built = MimeBuilder(clock, CountingRandom()).Build(mail);
  ASSERT_TRUE(built) << built.error().message();
  const std::string& bytes = built->bytes;
  // Every line ends in CRLF and stays within RFC 5322's 998 octets, and within 78 where the
  // value can be folded (a long URL in angle brackets and GMime's quoted name= parameter cannot).
  std::size_t start = 0;
  while (start < bytes.size()) {
    std::size_t crlf = bytes.find("\r\n", start);
    ASSERT_NE(crlf, std::string::npos) << "no CRLF at the end";
    std::string line = bytes.substr(start, crlf - start);
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_EQ(line.find('\r'), std::string::npos);
    EXPECT_LE(line.size(), 998u);
    if (line.find("<https://") == std::string::npos && line.find("name=\"") == std::string::npos) {
      EXPECT_LE(line.size(), 78u) << line;
    }
    start = crlf + 2;
  }
  std::string headers = HeaderBlock(bytes);
  EXPECT_NE(headers.find(
                "List-Unsubscribe: <https://dichvucong.angiang.gov.vn/huy-dang-ky/"
                "0123456789abcdef0123456789abcdef>,\r\n <mailto:huy@angiang.gov.vn?subject==?x>"),
            std::string::npos)
      << headers;
  EXPECT_NE(headers.find("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"),
            std::string::npos);
  EXPECT_NE(headers.find("Auto-Submitted: auto-generated\r\n"), std::string::npos);
  EXPECT_NE(headers.find("Content-Type: multipart/mixed; boundary=\"=_"), std::string::npos);
  EXPECT_NE(bytes.find("Content-Type: multipart/alternative; boundary=\"=_"), std::string::npos);
  EXPECT_NE(bytes.find("Content-Type: text/html; charset=utf-8\r\n"
                       "Content-Transfer-Encoding: quoted-printable"),
            std::string::npos);
  EXPECT_NE(bytes.find("filename*0*=UTF-8''Gi%E1%BA%A5y%20ti%E1%BA%BFp"), std::string::npos)
      << bytes;
  EXPECT_NE(bytes.find("name=\"=?UTF-8?b?"), std::string::npos) << bytes;
  EXPECT_NE(bytes.find("Content-Transfer-Encoding: base64"), std::string::npos);

  // GMime reads back what was written, field by field.
  auto parsed = ParseMail(bytes);
  ASSERT_TRUE(parsed) << parsed.error().message();
  EXPECT_EQ(parsed->subject, mail.subject);
  ASSERT_TRUE(parsed->from.has_value());
  EXPECT_EQ(*parsed->from, mail.from);
  EXPECT_EQ(parsed->to, mail.to);
  EXPECT_EQ(parsed->message_id, built->message_id);
  ASSERT_TRUE(parsed->date.has_value());
  EXPECT_EQ(*parsed->date, kNow);
  EXPECT_EQ(parsed->text, mail.text);
  EXPECT_EQ(parsed->html, *mail.html);
  ASSERT_EQ(parsed->attachments.size(), 2u);
  EXPECT_EQ(parsed->attachments[0].filename, mail.attachments[0].filename);
  EXPECT_EQ(parsed->attachments[0].content_type, "application/pdf");
  EXPECT_EQ(parsed->attachments[0].bytes, mail.attachments[0].bytes);
  EXPECT_EQ(parsed->attachments[1].filename, "data.csv");
  EXPECT_EQ(parsed->attachments[1].bytes, mail.attachments[1].bytes);
  EXPECT_TRUE(parsed->warnings.empty()) << parsed->warnings[0].code;
}

TEST(MimeBuilderTest, QuotesAsciiNamesWithSpecialsAndEncodesLookalikeEncodedWords) {
  FakeClock clock(kNow);
  OutgoingMail mail = SampleMail();
  mail.from.name = "Phong \"Mot cua\", UBND";
  mail.to = {{"a@example.com", "=?utf-8?q?Gi=E1=BA=A3_m=E1=BA=A1o?="}, {"b@example.com", ""}};
  mail.subject = "=?utf-8?q?hi?=";
  auto built = MimeBuilder(clock, CountingRandom()).Build(mail);
  ASSERT_TRUE(built);
  std::string headers = HeaderBlock(built->bytes);
  EXPECT_NE(headers.find("From: \"Phong \\\"Mot cua\\\", UBND\" <thongbao@angiang.gov.vn>"),
            std::string::npos)
      << headers;
  EXPECT_NE(headers.find(", b@example.com\r\n"), std::string::npos) << headers;
  EXPECT_EQ(headers.find("Subject: =?utf-8?q?hi?="), std::string::npos) << headers;
  auto parsed = ParseMail(built->bytes);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->subject, "=?utf-8?q?hi?=");
  EXPECT_EQ(parsed->from->name, mail.from.name);
  EXPECT_EQ(parsed->to, mail.to);
}

TEST(MimeBuilderTest, FoldsLongAddressListsAtCommas) {
  FakeClock clock(kNow);
  OutgoingMail mail = SampleMail();
  mail.to.clear();
  for (int i = 0; i < 8; ++i) {
    mail.to.push_back(
        {"can.bo." + std::to_string(i) + "@angiang.gov.vn", "Cán bộ số " + std::to_string(i)});
  }
  auto built = MimeBuilder(clock, CountingRandom()).Build(mail);
  ASSERT_TRUE(built);
  auto parsed = ParseMail(built->bytes);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->to, mail.to);
}

// Header injection: CR, LF and other controls are refused in every field a person may fill,
// and the error names the field.
struct InjectionCase {
  const char* field;
  void (*apply)(OutgoingMail&, const std::string&);
};

TEST(MimeBuilderTest, RefusesControlCharactersInEveryPersonSuppliedField) {
  const InjectionCase cases[] = {
      {"from.name", [](OutgoingMail& m, const std::string& v) { m.from.name = v; }},
      {"to[0].name", [](OutgoingMail& m, const std::string& v) { m.to[0].name = v; }},
      {"cc[0].name",
       [](OutgoingMail& m, const std::string& v) {
         m.cc = {{"c@example.com", v}};
       }},
      {"replyTo.name",
       [](OutgoingMail& m, const std::string& v) {
         m.reply_to = Mailbox{"r@example.com", v};
       }},
      {"subject", [](OutgoingMail& m, const std::string& v) { m.subject = v; }},
      {"attachments[0].filename",
       [](OutgoingMail& m, const std::string& v) {
         m.attachments = {{v, "text/plain", "x"}};
       }},
      {"headers[0].value",
       [](OutgoingMail& m, const std::string& v) {
         m.headers = {{"X-Note", v}};
       }},
  };
  const std::string payloads[] = {
      "Tiêu đề\r\nBcc: victim@example.com",
      "Tiêu đề\nBcc: victim@example.com",
      "Tiêu đề\rBcc: victim@example.com",
      std::string("a\0b", 3),
      "tab\there",
      "del\x7f",
      "c1\xc2\x85next-line",
      "ls\xe2\x80\xa8here",
  };
  FakeClock clock(kNow);
  MimeBuilder builder(clock, CountingRandom());
  for (const InjectionCase& c : cases) {
    for (const std::string& payload : payloads) {
      OutgoingMail mail = SampleMail();
      c.apply(mail, payload);
      auto built = builder.Build(mail);
      ASSERT_FALSE(built) << c.field << " accepted " << payload;
      EXPECT_EQ(built.error().code(), ErrorCode::kInvalidArgument);
      ASSERT_EQ(built.error().fields().size(), 1u) << c.field;
      EXPECT_EQ(built.error().fields()[0].field, c.field);
      EXPECT_EQ(built.error().fields()[0].code, "control-characters");
      EXPECT_FALSE(built.error().fields()[0].message.empty());
    }
  }
}

TEST(MimeBuilderTest, RefusesBadAddressesNamesAndHeaders) {
  FakeClock clock(kNow);
  MimeBuilder builder(clock, CountingRandom());
  OutgoingMail mail = SampleMail();
  mail.from.address = "thongbao@angiang.gov.vn\r\nBcc: x@example.com";
  mail.to = {{"khong-hop-le", ""}, {"a..b@example.com", ""}, {"", "Tên"}};
  mail.subject = std::string("\xff\xfe");
  mail.attachments = {{"../etc/passwd", "application/pdf", "x"}, {"a.pdf", "pdf", "x"}};
  mail.headers = {
      {"Bcc", "x@example.com"}, {"Content-Type", "text/html"}, {"X Bad", "v"}, {"X-Ok", "v"}};
  mail.message_id_domain = "-bad-.example";
  auto built = builder.Build(mail);
  ASSERT_FALSE(built);
  std::vector<std::pair<std::string, std::string>> got;
  for (const FieldError& e : built.error().fields()) {
    got.emplace_back(e.field, e.code);
  }
  std::vector<std::pair<std::string, std::string>> want = {
      {"from.address", "format"},
      {"to[0].address", "format"},
      {"to[1].address", "format"},
      {"to[2].address", "required"},
      {"subject", "encoding"},
      {"attachments[0].filename", "format"},
      {"attachments[1].contentType", "format"},
      {"headers[0].name", "reserved"},
      {"headers[1].name", "reserved"},
      {"headers[2].name", "format"},
      {"messageIdDomain", "format"},
  };
  EXPECT_EQ(got, want);

  OutgoingMail no_recipient = SampleMail();
  no_recipient.to.clear();
  auto refused = builder.Build(no_recipient);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().fields()[0].field, "to");
}

TEST(MimeBuilderTest, EncodesNonAsciiExtraHeaderValues) {
  FakeClock clock(kNow);
  OutgoingMail mail = SampleMail();
  mail.headers = {{"X-Cqdt-Agency", "Ủy ban nhân dân phường Rạch Giá"}};
  auto built = MimeBuilder(clock, CountingRandom()).Build(mail);
  ASSERT_TRUE(built);
  std::string headers = HeaderBlock(built->bytes);
  EXPECT_NE(headers.find("X-Cqdt-Agency: =?UTF-8?B?"), std::string::npos);
  for (char c : headers) {
    EXPECT_LT(static_cast<unsigned char>(c), 0x80u) << "8-bit octet in the header";
  }
}

TEST(AddressTest, AcceptsDotAtomsAndRefusesTheRest) {
  EXPECT_TRUE(IsValidAddress("nguyen.van.a@angiang.gov.vn"));
  EXPECT_TRUE(IsValidAddress("a+tag@example.com"));
  EXPECT_TRUE(IsValidAddress("postmaster@localhost"));
  EXPECT_TRUE(IsValidAddress("o'brien@example.ie"));
  EXPECT_FALSE(IsValidAddress(""));
  EXPECT_FALSE(IsValidAddress("@example.com"));
  EXPECT_FALSE(IsValidAddress("a@"));
  EXPECT_FALSE(IsValidAddress(".a@example.com"));
  EXPECT_FALSE(IsValidAddress("a.@example.com"));
  EXPECT_FALSE(IsValidAddress("a..b@example.com"));
  EXPECT_FALSE(IsValidAddress("a b@example.com"));
  EXPECT_FALSE(IsValidAddress("\"a b\"@example.com"));
  EXPECT_FALSE(IsValidAddress("a@-example.com"));
  EXPECT_FALSE(IsValidAddress("a@example-.com"));
  EXPECT_FALSE(IsValidAddress("a@exa_mple.com"));
  EXPECT_FALSE(IsValidAddress("a@example..com"));
  EXPECT_FALSE(IsValidAddress("nguyễn@example.com"));
  EXPECT_FALSE(IsValidAddress("a@bücher.de"));
  EXPECT_FALSE(IsValidAddress("a@example.com>"));
  EXPECT_FALSE(IsValidAddress(std::string(65, 'a') + "@example.com"));
  EXPECT_FALSE(IsValidDomain(std::string(64, 'a') + ".com"));
}

}  // namespace
}  // namespace cqdt::mail

namespace cqdt::mail {
namespace {

TEST(MimeBuilderGivenIdTest, KeepsTheCallersMessageIdAndRefusesABadOne) {
  FakeClock clock{FromUnixSeconds(1772679600)};
  MimeBuilder builder(clock);
  OutgoingMail m;
  m.from = {"thongbao@angiang.gov.vn", "UBND tỉnh"};
  m.to = {{"an@example.vn", ""}};
  m.subject = "Thử";
  m.text = "Nội dung";
  m.message_id_domain = "angiang.gov.vn";
  m.message_id = "abc123.cqdt@angiang.gov.vn";
  auto built = builder.Build(m);
  ASSERT_TRUE(built) << built.error().message();
  EXPECT_EQ(built->message_id, "abc123.cqdt@angiang.gov.vn");
  EXPECT_NE(built->bytes.find("Message-ID: <abc123.cqdt@angiang.gov.vn>\r\n"), std::string::npos);
  for (const char* bad : {"no-at", "a@b@c", "a b@c", "<a@b>", "a@b\r\nBcc: x@y"}) {
    m.message_id = bad;
    auto refused = builder.Build(m);
    ASSERT_FALSE(refused) << bad;
    EXPECT_EQ(refused.error().fields().at(0).field, "messageId") << bad;
  }
}

}  // namespace
}  // namespace cqdt::mail
