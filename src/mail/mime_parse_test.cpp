#include "mail/mime_parse.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "crypto/crypto.hpp"
#include "html_text.hpp"

namespace cqdt::mail {
namespace {

std::string Message(const std::string& headers, const std::string& body) {
  return "From: =?utf-8?q?Nguy=E1=BB=85n_V=C4=83n_B?= <b@example.com>\r\n"
         "To: vanthu@angiang.gov.vn\r\n"
         "Subject: Test\r\n"
         "Date: Thu, 05 Mar 2026 08:30:00 +0700\r\n"
         "Message-ID: <m1@example.com>\r\n"
         "MIME-Version: 1.0\r\n" +
         headers + "\r\n" + body;
}

std::string Attachment(const std::string& boundary, const std::string& part_headers,
                       const std::string& content) {
  return "--" + boundary + "\r\n" + part_headers + "Content-Transfer-Encoding: base64\r\n\r\n" +
         crypto::Base64Encode(content) + "\r\n";
}

std::string Mixed(const std::vector<std::string>& parts) {
  std::string body = "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nXin chào\r\n";
  for (const std::string& part : parts) {
    body += part;
  }
  return Message("Content-Type: multipart/mixed; boundary=\"b1\"\r\n", body + "--b1--\r\n");
}

TEST(ParseMailTest, ReadsHeadersBodyAndDate) {
  auto parsed =
      ParseMail(Message("Content-Type: text/plain; charset=utf-8\r\n"
                        "Content-Transfer-Encoding: 8bit\r\n",
                        "Kính gửi Văn thư,\r\nXin gửi công văn.\r\n"));
  ASSERT_TRUE(parsed) << parsed.error().message();
  ASSERT_TRUE(parsed->from);
  EXPECT_EQ(parsed->from->address, "b@example.com");
  EXPECT_EQ(parsed->from->name, "Nguyễn Văn B");
  ASSERT_EQ(parsed->to.size(), 1u);
  EXPECT_EQ(parsed->to[0].address, "vanthu@angiang.gov.vn");
  EXPECT_EQ(parsed->subject, "Test");
  EXPECT_EQ(parsed->message_id, "m1@example.com");
  ASSERT_TRUE(parsed->date);
  EXPECT_EQ(ToIsoUtc(*parsed->date), "2026-03-05T01:30:00Z");
  EXPECT_EQ(parsed->text, "Kính gửi Văn thư,\nXin gửi công văn.\n");
  EXPECT_FALSE(parsed->text_from_html);
  EXPECT_TRUE(parsed->warnings.empty());
}

// Found by fuzzing (tests/fuzz/mime-regressions/date-after-2262.eml): a Date past what a
// TimePoint holds overflowed while being converted; it is now no date at all.
TEST(ParseMailTest, DateOutsideTimePointRangeIsNoDate) {
  auto message = [](const std::string& date) {
    return "From: b@example.com\r\nSubject: t\r\nDate: " + date +
           "\r\nContent-Type: text/plain\r\n\r\nx\r\n";
  };
  auto late = ParseMail(message("Mon, 7 Dec 5026 09:00:00 +0700"));
  ASSERT_TRUE(late) << late.error().message();
  EXPECT_FALSE(late->date);
  auto early = ParseMail(message("Mon, 1 Jan 1600 00:00:00 +0000"));
  ASSERT_TRUE(early) << early.error().message();
  EXPECT_FALSE(early->date);
  auto last = ParseMail(message("Fri, 31 Dec 2260 23:59:59 +0000"));
  ASSERT_TRUE(last) << last.error().message();
  ASSERT_TRUE(last->date);
  EXPECT_EQ(ToIsoUtc(*last->date), "2260-12-31T23:59:59Z");
}

TEST(ParseMailTest, DecodesAttachmentNamesInRfc2231AndRfc2047) {
  std::string message = Mixed({
      Attachment("b1",
                 "Content-Type: application/pdf\r\n"
                 "Content-Disposition: attachment;\r\n"
                 " filename*0*=utf-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh;\r\n"
                 " filename*1*=%20s%E1%BB%91%2012.pdf\r\n",
                 "%PDF-1"),
      // Outlook's way: an RFC 2047 word inside a quoted name= parameter only.
      Attachment("b1",
                 "Content-Type: application/vnd.openxmlformats-officedocument."
                 "wordprocessingml.document;\r\n name=\"=?utf-8?B?Q8O0bmcgdsSDbi5kb2N4?=\"\r\n",
                 "PK\x03\x04"),
  });
  auto parsed = ParseMail(message);
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->attachments.size(), 2u);
  EXPECT_EQ(parsed->attachments[0].filename, "Quyết định số 12.pdf");
  EXPECT_EQ(parsed->attachments[0].content_type, "application/pdf");
  EXPECT_EQ(parsed->attachments[0].bytes, "%PDF-1");
  EXPECT_EQ(parsed->attachments[1].filename, "Công văn.docx");
  EXPECT_EQ(parsed->attachments[1].bytes, std::string("PK\x03\x04"));
  EXPECT_EQ(parsed->text, "Xin chào");  // the CRLF before a boundary belongs to it
  EXPECT_TRUE(parsed->warnings.empty()) << parsed->warnings[0].code;
}

TEST(ParseMailTest, SanitisesDangerousAttachmentNames) {
  std::string message = Mixed({
      Attachment("b1", "Content-Type: application/pdf; name=\"../../etc/passwd\"\r\n", "x"),
      Attachment("b1",
                 "Content-Type: application/pdf\r\n"
                 "Content-Disposition: attachment; filename*=utf-8''a%0D%0Ab%01.pdf\r\n",
                 "x"),
      Attachment("b1",
                 "Content-Type: application/octet-stream\r\n"
                 "Content-Disposition: attachment; filename*=utf-8''hoa-don%E2%80%AEfdp.exe\r\n",
                 "x"),
      Attachment("b1", "Content-Type: application/pdf\r\nContent-Disposition: attachment\r\n", "x"),
      Attachment("b1", "Content-Type: application/pdf; name=\"...\"\r\n", "x"),
      Attachment("b1", "Content-Type: text/plain; name=\"CON.txt\"\r\n", "x"),
      Attachment("b1", "Content-Type: application/pdf; name=\"C:\\\\Windows\\\\a.pdf\"\r\n", "x"),
  });
  auto parsed = ParseMail(message);
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->attachments.size(), 7u);
  EXPECT_EQ(parsed->attachments[0].filename, "_.._etc_passwd");
  EXPECT_EQ(parsed->attachments[0].original_filename, "../../etc/passwd");
  EXPECT_EQ(parsed->attachments[1].filename, "ab.pdf");
  EXPECT_EQ(parsed->attachments[1].original_filename, "a\uFFFD\uFFFDb\uFFFD.pdf");
  EXPECT_EQ(parsed->attachments[2].filename, "hoa-donfdp.exe");
  EXPECT_EQ(parsed->attachments[3].filename, "tep-dinh-kem-4.pdf");
  EXPECT_EQ(parsed->attachments[4].filename, "tep-dinh-kem-5.pdf");
  EXPECT_EQ(parsed->attachments[5].filename, "_CON.txt");
  EXPECT_EQ(parsed->attachments[6].filename, "C__Windows_a.pdf");
  EXPECT_TRUE(parsed->HasWarning("name-sanitised"));
  EXPECT_TRUE(parsed->HasWarning("name-missing"));
  for (const ReceivedAttachment& a : parsed->attachments) {
    EXPECT_EQ(a.filename.find_first_of("/\\\r\n\x01"), std::string::npos) << a.filename;
    EXPECT_NE(a.filename.front(), '.');
  }
}

TEST(SanitiseAttachmentNameTest, BoundsLengthKeepingExtensionAndWholeCharacters) {
  std::string long_name;
  for (int i = 0; i < 100; ++i) {
    long_name += "ễ";  // 3 octets each
  }
  SanitisedName cut = SanitiseAttachmentName(long_name + ".pdf", 1, "application/pdf", 150);
  EXPECT_TRUE(cut.changed);
  EXPECT_LE(cut.name.size(), 150u);
  EXPECT_TRUE(cut.name.ends_with("ễ.pdf")) << cut.name;
  SanitisedName nfd = SanitiseAttachmentName("Nguye\xcc\x82\xcc\x83n.pdf", 1, "", 150);
  EXPECT_EQ(nfd.name, "Nguyễn.pdf");
  EXPECT_FALSE(nfd.changed);  // only normalised
  EXPECT_EQ(SanitiseAttachmentName("", 3, "application/x-unknown").name, "tep-dinh-kem-3");
  EXPECT_EQ(SanitiseAttachmentName("  .hidden ", 1, "").name, "hidden");
  EXPECT_EQ(SanitiseAttachmentName("a\xff.pdf", 1, "").name, "a\uFFFD.pdf");
}

TEST(ParseMailTest, NeutralisesControlCharactersInDecodedHeaders) {
  // An encoded word that decodes to CR LF: it must not come back as a line break.
  std::string subject =
      "=?utf-8?b?" + crypto::Base64Encode("Công văn\r\nBcc: x@example.com") + "?=";
  std::string message = "From: a@example.com\r\nTo: b@example.com\r\nSubject: " + subject +
                        "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nbody\r\n";
  auto parsed = ParseMail(message);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->subject.find_first_of("\r\n"), std::string::npos);
  EXPECT_NE(parsed->subject.find("Công văn"), std::string::npos);
  EXPECT_TRUE(parsed->HasWarning("header-control-characters"));
}

TEST(ParseMailTest, ConvertsHtmlWhenThereIsNoPlainText) {
  auto parsed = ParseMail(
      Message("Content-Type: text/html; charset=utf-8\r\n",
              "<html><head><title>x</title><style>p{}</style></head><body><p>Kính gửi&nbsp;anh,</p>"
              "<p>Tr&#7847;n <b>Văn</b> C</p><ul><li>một</li><li>hai</li></ul>"
              "<script>alert(1)</script>a &lt; b &amp;&amp; c</body></html>\r\n"));
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->text_from_html);
  EXPECT_EQ(parsed->text, "Kính gửi anh,\n\nTrần Văn C\n\n- một\n- hai\n\na < b && c\n");
  EXPECT_NE(parsed->html.find("<script>"), std::string::npos);
}

TEST(ParseMailTest, ConvertsLegacyCharsetsToUtf8) {
  auto parsed =
      ParseMail(Message("Content-Type: text/plain; charset=iso-8859-1\r\n"
                        "Content-Transfer-Encoding: quoted-printable\r\n",
                        "Caf=E9\r\n"));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->text, "Café\n");
  auto unknown =
      ParseMail(Message("Content-Type: text/plain; charset=x-no-such-charset\r\n", "a\xff\r\n"));
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->text, "a\uFFFD\n");
  EXPECT_TRUE(unknown->HasWarning("unknown-charset"));
}

TEST(ParseMailTest, WalksForwardedMessages) {
  std::string inner =
      "From: c@example.com\r\nSubject: Inner\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=\"in\"\r\n\r\n"
      "--in\r\nContent-Type: text/plain\r\n\r\ninner text\r\n" +
      Attachment("in", "Content-Type: application/pdf; name=\"inner.pdf\"\r\n", "%PDF") +
      "--in--\r\n";
  std::string message = Mixed({"--b1\r\nContent-Type: message/rfc822\r\n\r\n" + inner});
  auto parsed = ParseMail(message);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->text, "Xin chào");  // the CRLF before a boundary belongs to it
  ASSERT_EQ(parsed->attachments.size(), 2u);
  EXPECT_EQ(parsed->attachments[0].content_type, "text/plain");  // the inner body, kept
  EXPECT_EQ(parsed->attachments[1].filename, "inner.pdf");
  EXPECT_EQ(parsed->attachments[1].bytes, "%PDF");
}

TEST(ParseMailTest, ReportsMalformedAndTruncatedStructures) {
  // No closing boundary, and the last part cut in the middle of its base64.
  std::string truncated = Mixed({Attachment("b1", "Content-Type: application/pdf\r\n", "x")});
  truncated = truncated.substr(0, truncated.rfind("--b1--"));
  auto t = ParseMail(truncated);
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->HasWarning("truncated")) << (t->warnings.empty() ? "" : t->warnings[0].code);

  auto no_boundary = ParseMail(Message("Content-Type: multipart/mixed\r\n", "--x\r\n\r\nabc\r\n"));
  ASSERT_TRUE(no_boundary);
  EXPECT_TRUE(no_boundary->HasWarning("malformed-structure"));
}

TEST(ParseMailTest, BoundsDepthPartsAndSizes) {
  // 60 nested multiparts: the walk stops at max_depth.
  std::string body;
  std::string tail;
  for (int i = 0; i < 60; ++i) {
    body += "--n" + std::to_string(i) + "\r\nContent-Type: multipart/mixed; boundary=\"n" +
            std::to_string(i + 1) + "\"\r\n\r\n";
    tail = "--n" + std::to_string(i) + "--\r\n" + tail;
  }
  body += "--n60\r\nContent-Type: text/plain\r\n\r\ndeep\r\n--n60--\r\n" + tail;
  auto deep = ParseMail(Message("Content-Type: multipart/mixed; boundary=\"n0\"\r\n", body));
  ASSERT_TRUE(deep);
  EXPECT_TRUE(deep->HasWarning("too-deep"));
  EXPECT_EQ(deep->text, "");

  std::vector<std::string> parts;
  for (int i = 0; i < 30; ++i) {
    parts.push_back(Attachment("b1", "Content-Type: application/pdf\r\n", "x"));
  }
  ParseLimits limits;
  limits.max_parts = 10;
  auto many = ParseMail(Mixed(parts), limits);
  ASSERT_TRUE(many);
  EXPECT_TRUE(many->HasWarning("too-many-parts"));
  EXPECT_EQ(many->attachments.size(), 8u);  // 10 entities: the multipart, the text, 8 files

  limits = ParseLimits();
  limits.max_attachment_bytes = 1000;
  auto large = ParseMail(
      Mixed({Attachment("b1", "Content-Type: application/zip\r\n", std::string(5000, 'z')),
             Attachment("b1", "Content-Type: application/pdf\r\n", "small")}),
      limits);
  ASSERT_TRUE(large);
  EXPECT_TRUE(large->HasWarning("part-too-large"));
  ASSERT_EQ(large->attachments.size(), 1u);
  EXPECT_EQ(large->attachments[0].bytes, "small");

  limits = ParseLimits();
  limits.max_total_bytes = 100;
  auto refused = ParseMail(std::string(101, 'a'), limits);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kTooLarge);
  auto not_mail = ParseMail("hello world");
  ASSERT_FALSE(not_mail);
  EXPECT_EQ(not_mail.error().code(), ErrorCode::kMalformed);
  auto empty = ParseMail("");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code(), ErrorCode::kMalformed);
}

// Each header field and part costs GMime a few hundred bytes: these would take gigabytes.
TEST(ParseMailTest, CutsMessagesWithHugeNumbersOfPartsOrHeaders) {
  std::string parts =
      "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=\"z\"\r\n\r\n";
  for (int i = 0; i < 200000; ++i) {
    parts += "--z\r\n\r\nx\r\n";
  }
  auto many = ParseMail(parts);
  ASSERT_TRUE(many);
  EXPECT_TRUE(many->HasWarning("too-many-parts"));
  EXPECT_LE(many->attachments.size(), 200u);

  std::string headers = "From: a@example.com\r\n";
  for (int i = 0; i < 200000; ++i) {
    headers += "X-Filler: y\r\n";
  }
  headers += "Subject: after the filler\r\n\r\nbody\r\n";
  auto filled = ParseMail(headers);
  ASSERT_TRUE(filled);
  EXPECT_TRUE(filled->HasWarning("too-many-headers"));
  EXPECT_EQ(filled->subject, "");
  ASSERT_TRUE(filled->from);
  EXPECT_EQ(filled->from->address, "a@example.com");
}

TEST(ParseMailTest, SurvivesDeepNestingThatGmimeItselfMustRefuse) {
  std::string body;
  for (int i = 0; i < 5000; ++i) {
    body += "--z\r\nContent-Type: multipart/mixed; boundary=\"z\"\r\n\r\n";
  }
  std::string rfc822;
  for (int i = 0; i < 5000; ++i) {
    rfc822 += "Content-Type: message/rfc822\r\n\r\n";
  }
  for (const std::string& message :
       {Message("Content-Type: multipart/mixed; boundary=\"z\"\r\n", body),
        Message("Content-Type: message/rfc822\r\n", rfc822)}) {
    auto parsed = ParseMail(message);
    ASSERT_TRUE(parsed);
    EXPECT_FALSE(parsed->warnings.empty());
  }
}

TEST(ParseMailTest, NeverFailsOnGarbageOrTruncation) {
  std::string valid = Mixed({Attachment("b1",
                                        "Content-Type: application/pdf;\r\n name*=utf-8''"
                                        "%E1%BA%BF.pdf\r\n",
                                        "%PDF-1.7 content")});
  // Every prefix of a valid message.
  for (std::size_t n = 1; n < valid.size(); n += 7) {
    auto parsed = ParseMail(valid.substr(0, n));
    if (parsed) {
      for (const ReceivedAttachment& a : parsed->attachments) {
        EXPECT_FALSE(a.filename.empty());
      }
    }
  }
  // Random bytes and random mutations.
  std::mt19937 random(15);
  for (int round = 0; round < 300; ++round) {
    std::string bytes = valid;
    for (int k = 0; k < 20; ++k) {
      bytes[random() % bytes.size()] = static_cast<char>(random() % 256);
    }
    auto parsed = ParseMail(bytes);
    if (!parsed) {
      EXPECT_EQ(parsed.error().code(), ErrorCode::kMalformed);  // no header field to begin with
    }
    std::string noise(1 + random() % 2000, '\0');
    for (char& c : noise) {
      c = static_cast<char>(random() % 256);
    }
    auto garbage = ParseMail(noise);
    if (!garbage) {
      EXPECT_EQ(garbage.error().code(), ErrorCode::kMalformed);
    }
  }
}

TEST(HtmlToTextTest, IsCrudeButSafe) {
  EXPECT_EQ(internal::HtmlToText(""), "");
  EXPECT_EQ(internal::HtmlToText("a<br>b<br/>c"), "a\nb\nc\n");
  EXPECT_EQ(internal::HtmlToText("<!-- x --><p>a</p>"), "a\n");
  EXPECT_EQ(internal::HtmlToText("<a href=\"x>y\">link</a>"), "link\n");
  EXPECT_EQ(internal::HtmlToText("1 < 2 & 3 &#0; &#x1F600; &#xD800; &bogus;"),
            "1 < 2 & 3 \U0001F600 &bogus;\n");
  EXPECT_EQ(internal::HtmlToText("<SCRIPT>x</script >after"), "after\n");
  EXPECT_EQ(internal::HtmlToText("<style>unterminated"), "");
  EXPECT_EQ(internal::HtmlToText("<table><tr><td>a</td><td>b</td></tr></table>"), "a b\n");
}

// testdata/parse/*.eml: real-world shapes, each with a .expected file of "key: value" lines
// (subject, from, text, attachment = "name | type | size", warning = code).
class ParseSampleTest : public ::testing::TestWithParam<std::string> {};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST_P(ParseSampleTest, MatchesExpected) {
  std::string base = std::string(CQDT_TESTDATA_DIR) + "/parse/" + GetParam();
  auto parsed = ParseMail(ReadFile(base + ".eml"));
  ASSERT_TRUE(parsed) << parsed.error().message();
  std::vector<std::string> attachments;
  for (const ReceivedAttachment& a : parsed->attachments) {
    attachments.push_back(a.filename + " | " + a.content_type + " | " +
                          std::to_string(a.bytes.size()));
  }
  std::vector<std::string> warnings;
  for (const ParseWarning& w : parsed->warnings) {
    warnings.push_back(w.code);
  }
  std::vector<std::string> expected_attachments;
  std::vector<std::string> expected_warnings;
  std::istringstream expected(ReadFile(base + ".expected"));
  std::string line;
  while (std::getline(expected, line)) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    std::size_t colon = line.find(": ");
    ASSERT_NE(colon, std::string::npos) << line;
    std::string key = line.substr(0, colon);
    std::string value = line.substr(colon + 2);
    if (key == "subject") {
      EXPECT_EQ(parsed->subject, value);
    } else if (key == "from") {
      ASSERT_TRUE(parsed->from);
      EXPECT_EQ(parsed->from->name + " <" + parsed->from->address + ">", value);
    } else if (key == "text-starts") {
      EXPECT_TRUE(parsed->text.starts_with(value)) << parsed->text;
    } else if (key == "attachment") {
      expected_attachments.push_back(value);
    } else if (key == "warning") {
      expected_warnings.push_back(value);
    } else {
      ADD_FAILURE() << "unknown key " << key;
    }
  }
  EXPECT_EQ(attachments, expected_attachments);
  EXPECT_EQ(warnings, expected_warnings);
}

std::vector<std::string> Samples() {
  std::vector<std::string> names;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(CQDT_TESTDATA_DIR) + "/parse")) {
    if (entry.path().extension() == ".eml") {
      names.push_back(entry.path().stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string SampleName(const ::testing::TestParamInfo<std::string>& sample) {
  std::string name = sample.param;
  for (char& c : name) {
    c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Testdata, ParseSampleTest, ::testing::ValuesIn(Samples()), SampleName);

}  // namespace
}  // namespace cqdt::mail
