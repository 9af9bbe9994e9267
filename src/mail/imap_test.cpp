// The IMAP client: folder names in modified UTF-7 (RFC 3501 §5.1.3 vectors), the response
// parsers, the refusals made before any connection; and, against a real server, everything a
// mail intake does (ImapLive*: run by tests/api/mail-imap-client.test.mjs with Dovecot, skipped
// unless CQDT_TEST_IMAP_URL, _USER, _PASSWORD, _CA and _SAMPLES are set).
#include "mail/imap.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "core/message_catalog.hpp"

namespace cqdt::mail {
namespace {

TEST(ImapMailboxNameTest, Rfc3501Vectors) {
  // RFC 3501 §5.1.3: "~peter/mail/台北/日本語".
  EXPECT_EQ(EncodeMailboxName("~peter/mail/台北/日本語"), "~peter/mail/&U,BTFw-/&ZeVnLIqe-");
  EXPECT_EQ(DecodeMailboxName("~peter/mail/&U,BTFw-/&ZeVnLIqe-"), "~peter/mail/台北/日本語");
  EXPECT_EQ(EncodeMailboxName("INBOX"), "INBOX");
  EXPECT_EQ(EncodeMailboxName("A&B"), "A&-B");
  EXPECT_EQ(DecodeMailboxName("A&-B"), "A&B");
}

TEST(ImapMailboxNameTest, VietnameseNamesRoundTrip) {
  for (const char* name : {"Đã xử lý", "Văn bản đến/2026", "Thư rác 🗑", "ả&ẩ"}) {
    const std::string encoded = EncodeMailboxName(name);
    for (char c : encoded) {
      EXPECT_TRUE(c >= 0x20 && c <= 0x7e) << encoded;
    }
    EXPECT_EQ(DecodeMailboxName(encoded), std::string(name)) << encoded;
  }
  EXPECT_EQ(EncodeMailboxName("Đã xử lý"), "&ARAA4w- x&Hu0- l&AP0-");
}

TEST(ImapMailboxNameTest, MalformedEncodingsAreRefused) {
  EXPECT_FALSE(DecodeMailboxName("&U,BTFw"));      // no closing '-'
  EXPECT_FALSE(DecodeMailboxName("&AGE-"));        // "a" must be itself
  EXPECT_FALSE(DecodeMailboxName("&2D0-"));        // a lone high surrogate
  EXPECT_FALSE(DecodeMailboxName("&U/BTFw-"));     // '/' is not modified base64
  EXPECT_FALSE(DecodeMailboxName("caf\xc3\xa9"));  // 8-bit octets are not mUTF-7
}

TEST(ImapMailboxNameTest, FolderNamesThatCannotBeSentAreRefused) {
  EXPECT_TRUE(CheckFolderName("Đã xử lý"));
  EXPECT_TRUE(CheckFolderName("INBOX/Văn bản"));
  for (const std::string& bad :
       {std::string(), std::string("a\"b"), std::string("a\\b"), std::string("a*"),
        std::string("50%"), std::string("a\r\nb"), std::string(201, 'x'), std::string("\xff")}) {
    auto st = CheckFolderName(bad);
    ASSERT_FALSE(st) << bad;
    EXPECT_EQ(st.error().code(), ErrorCode::kInvalidArgument);
  }
}

TEST(ImapResponseTest, SearchLinesAreReadAndOtherLinesIgnored) {
  auto uids = ParseSearchResponse("* 3 EXISTS\r\n* SEARCH 7 2 19\r\n* 1 RECENT\r\n");
  ASSERT_TRUE(uids);
  EXPECT_EQ(*uids, (std::vector<std::uint32_t>{2, 7, 19}));
  auto none = ParseSearchResponse("* SEARCH\r\n");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  EXPECT_FALSE(ParseSearchResponse("* SEARCH 1 two 3\r\n"));
  EXPECT_FALSE(ParseSearchResponse("* SEARCH 0\r\n"));
  EXPECT_FALSE(ParseSearchResponse("* SEARCH 4294967296\r\n"));
  auto split = ParseSearchResponse("* SEARCH 5\r\n* SEARCH 4 5\r\n");
  EXPECT_EQ(*split, (std::vector<std::uint32_t>{4, 5}));
}

TEST(ImapResponseTest, StatusAndFetchSize) {
  EXPECT_EQ(ParseUidValidity("* STATUS INBOX (UIDNEXT 4 UIDVALIDITY 1796607532)\r\n"), 1796607532u);
  EXPECT_EQ(ParseUidValidity("* STATUS \"Đã\" (MESSAGES 3)\r\n"), std::nullopt);
  EXPECT_EQ(ParseMessageCount("* STATUS INBOX (MESSAGES 12)\r\n"), 12u);
  EXPECT_EQ(ParseFetchSize("* 2 FETCH (UID 5 RFC822.SIZE 70)\r\n", 5), 70u);
  EXPECT_EQ(ParseFetchSize("* 2 FETCH (RFC822.SIZE 70 UID 5)\r\n", 5), 70u);
  EXPECT_EQ(ParseFetchSize("* 2 FETCH (UID 6 RFC822.SIZE 70)\r\n", 5), std::nullopt);
  EXPECT_EQ(ParseFetchSize("", 5), std::nullopt);
}

TEST(ImapSessionTest, PlainTextOnlyToThisMachine) {
  ImapServer server;
  server.host = "mail.angiang.gov.vn";
  server.port = 143;
  server.tls = TlsMode::kNone;
  ImapSession session(server);
  auto uids = session.ListUids("INBOX");
  ASSERT_FALSE(uids);
  EXPECT_EQ(uids.error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(ImapErrorIsTemporary(uids.error()));
}

TEST(ImapSessionTest, NoServerIsTemporary) {
  ImapServer server;
  server.host = "127.0.0.1";
  server.port = 1;  // nothing listens
  server.tls = TlsMode::kImplicit;
  server.timeout = std::chrono::seconds(30);
  ImapSession session(server);
  auto v = session.UidValidity("INBOX");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code(), ErrorCode::kUnavailable) << v.error().message();
  EXPECT_TRUE(ImapErrorIsTemporary(v.error()));
  auto bad = session.Move("INBOX", 1, "a\"b");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
}

TEST(ImapSessionTest, MessagesWithTheServersReplyHaveEnglish) {
  EXPECT_EQ(MessageCatalog::Default().Translate(
                "Máy chủ hộp thư từ chối đăng nhập (kiểm tra tài khoản hộp thư). Máy chủ trả lời: "
                "A002 NO [AUTHENTICATIONFAILED] Authentication failed.",
                Language::kEnglish),
            "The mailbox server refused the login (check the mailbox account). The server "
            "replied: A002 NO [AUTHENTICATIONFAILED] Authentication failed.");
}

// ---------------------------------------------------------------------------------------------
// Against a real server. tests/api/mail-imap-client.test.mjs starts Dovecot, delivers the
// messages of CQDT_TEST_IMAP_SAMPLES (<n>.eml, in delivery order, CRLF) into INBOX of the user,
// runs this binary with --gtest_filter=ImapLive* and checks the mailbox afterwards.

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

class ImapLiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string url = Env("CQDT_TEST_IMAP_URL");
    if (url.empty() || Env("CQDT_TEST_IMAP_SAMPLES").empty()) {
      GTEST_SKIP() << "CQDT_TEST_IMAP_URL / _USER / _PASSWORD / _CA / _SAMPLES are not set";
    }
    // imaps://127.0.0.1:993 (implicit TLS) or imap://127.0.0.1:143 (STARTTLS).
    const std::size_t scheme = url.find("://");
    const std::size_t colon = url.rfind(':');
    ASSERT_NE(scheme, std::string::npos);
    server_.tls = url.starts_with("imaps://") ? TlsMode::kImplicit : TlsMode::kStartTls;
    server_.host = url.substr(scheme + 3, colon - scheme - 3);
    server_.port = std::stoi(url.substr(colon + 1));
    server_.username = Env("CQDT_TEST_IMAP_USER");
    server_.password = Env("CQDT_TEST_IMAP_PASSWORD");
    server_.ca_file = Env("CQDT_TEST_IMAP_CA");
    for (int n = 1;; ++n) {
      std::ifstream in(
          std::filesystem::path(Env("CQDT_TEST_IMAP_SAMPLES")) / (std::to_string(n) + ".eml"),
          std::ios::binary);
      if (!in) {
        break;
      }
      std::stringstream ss;
      ss << in.rdbuf();
      samples_.push_back(ss.str());
    }
    ASSERT_GE(samples_.size(), 4u) << "the Node test delivers four messages";
  }

  ImapServer server_;
  std::vector<std::string> samples_;
};

TEST_F(ImapLiveTest, ListsFetchesMovesAndCreatesFolders) {
  ImapSession session(server_);
  auto validity = session.UidValidity("INBOX");
  ASSERT_TRUE(validity) << validity.error().message();
  EXPECT_GT(*validity, 0u);
  auto caps = session.Capabilities();
  ASSERT_TRUE(caps) << caps.error().message();
  EXPECT_TRUE(caps->count("IMAP4REV1"));

  // Windows of two sequence numbers: four messages take three searches, the last open-ended.
  ImapServer windowed = server_;
  windowed.search_window = 2;
  ImapSession small(windowed);
  auto uids = small.ListUids("INBOX");
  ASSERT_TRUE(uids) << uids.error().message();
  ASSERT_EQ(uids->size(), samples_.size());
  auto whole = session.ListUids("INBOX");
  ASSERT_TRUE(whole);
  EXPECT_EQ(*whole, *uids);

  // Every message byte for byte.
  for (std::size_t i = 0; i < samples_.size(); ++i) {
    auto m = session.Fetch("INBOX", (*uids)[i], 30u << 20);
    ASSERT_TRUE(m) << m.error().message();
    EXPECT_FALSE(m->header_only);
    EXPECT_EQ(m->size, samples_[i].size());
    EXPECT_EQ(m->bytes, samples_[i]) << "message " << i + 1;
  }
  // Above the limit: only the header, up to and including the empty line.
  const std::string& big = samples_[1];
  auto header = session.Fetch("INBOX", (*uids)[1], 1000);
  ASSERT_TRUE(header) << header.error().message();
  EXPECT_TRUE(header->header_only);
  EXPECT_EQ(header->size, big.size());
  EXPECT_EQ(header->bytes, big.substr(0, big.find("\r\n\r\n") + 4));
  // A header above its own limit: its whole lines within it.
  auto cut = session.Fetch("INBOX", (*uids)[1], 1000, 100);
  ASSERT_TRUE(cut) << cut.error().message();
  EXPECT_TRUE(cut->header_only);
  EXPECT_LE(cut->bytes.size(), 100u);
  EXPECT_GT(cut->bytes.size(), 0u);
  EXPECT_TRUE(cut->bytes.ends_with("\r\n"));
  EXPECT_TRUE(big.starts_with(cut->bytes));
  // A UID that does not exist.
  auto missing = session.Fetch("INBOX", (*uids).back() + 1000, 30u << 20);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound) << missing.error().message();

  // UID MOVE into a folder that does not exist yet, with a Vietnamese name ([TRYCREATE], then
  // CREATE in modified UTF-7).
  ASSERT_TRUE(session.Move("INBOX", (*uids)[0], "Đã xử lý"));
  auto done = session.ListUids("Đã xử lý");
  ASSERT_TRUE(done) << done.error().message();
  ASSERT_EQ(done->size(), 1u);
  auto moved = session.Fetch("Đã xử lý", done->front(), 30u << 20);
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->bytes, samples_[0]);
  EXPECT_TRUE(session.CreateFolder("Đã xử lý")) << "an existing folder counts as created";

  // The fallback: COPY + STORE \Deleted + UID EXPUNGE, into an existing folder.
  ImapServer no_move = server_;
  no_move.use_move = false;
  ImapSession fallback(no_move);
  ASSERT_TRUE(fallback.Move("INBOX", (*uids)[2], "Đã xử lý"));
  auto left = session.ListUids("INBOX");
  ASSERT_TRUE(left);
  EXPECT_EQ(*left, (std::vector<std::uint32_t>{(*uids)[1], (*uids)[3]}));
  auto done2 = fallback.ListUids("Đã xử lý");
  ASSERT_TRUE(done2);
  EXPECT_EQ(done2->size(), 2u);
  // Into "Processed" (made by the test harness, empty until now), for the Node test to find
  // with its own reader.
  auto empty = session.ListUids("Processed");
  ASSERT_TRUE(empty) << empty.error().message();
  EXPECT_TRUE(empty->empty());
  ASSERT_TRUE(session.Move("INBOX", (*uids)[3], "Processed"));
}

TEST_F(ImapLiveTest, RefusalsAreClassified) {
  ImapServer wrong = server_;
  wrong.password = "sai-mat-khau";
  ImapSession denied(wrong);
  auto login = denied.ListUids("INBOX");
  ASSERT_FALSE(login);
  EXPECT_EQ(login.error().code(), ErrorCode::kUnauthenticated) << login.error().message();
  EXPECT_EQ(login.error().message().find("sai-mat-khau"), std::string::npos);

  ImapSession session(server_);
  auto folder = session.ListUids("Không có");
  ASSERT_FALSE(folder);
  EXPECT_EQ(folder.error().code(), ErrorCode::kFailedPrecondition) << folder.error().message();
  auto validity = session.UidValidity("Không có");
  ASSERT_FALSE(validity);
  EXPECT_EQ(validity.error().code(), ErrorCode::kFailedPrecondition);
  auto fetch = session.Fetch("Không có", 1, 1000);
  ASSERT_FALSE(fetch);
  EXPECT_EQ(fetch.error().code(), ErrorCode::kFailedPrecondition) << fetch.error().message();

  // A CA that did not issue the server's certificate.
  ImapServer untrusted = server_;
  untrusted.ca_file = "/etc/ssl/certs/ca-certificates.crt";
  ImapSession tls(untrusted);
  auto v = tls.UidValidity("INBOX");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code(), ErrorCode::kFailedPrecondition) << v.error().message();
  EXPECT_FALSE(ImapErrorIsTemporary(v.error()));
}

}  // namespace
}  // namespace cqdt::mail
