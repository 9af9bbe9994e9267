// The mail intake's pass over a mailbox on SQLite and PostgreSQL, with a fake mailbox: a message
// stored in one transaction and only then moved; a crash between the two (the move fails) leaves a
// message the next pass only moves; a Message-ID seen before; an oversized message kept from its
// header; malformed MIME, a zip bomb, unsafe attachment names and header CR/LF tricks shown as what
// they are; DKIM and signed PDFs checked on arrival (a real key, a real signed PDF through
// signing's Verifier); a bounded pass, and mailbox errors.
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "testing_intake_fixture.hpp"

namespace cqdt::mailroom {
namespace {

using testing::Join;
using testing::kNow;
using testing::Message;
using testing::SamplePdf;

class IntakeTest : public testing::IntakeFixture {};

TEST_P(IntakeTest, AMessageWithASignedPdfIsStoredInOneTransactionThenMoved) {
  const std::string pdf = SignedPdf();
  const std::string raw =
      "Authentication-Results: mx.angiang.gov.vn; spf=pass smtp.mailfrom=stp.angiang.gov.vn\r\n" +
      Signed(Message("qd-05@stp.angiang.gov.vn", "Công văn số 12/STP-VP về việc góp ý dự thảo",
                     {{"attachment; filename=\"qd.pdf\"", "application/pdf", pdf}}));
  const std::uint32_t uid = mailbox_.Deliver(raw);
  // When the move is asked for, the item is already committed (read on another connection).
  int rows_at_move = -1;
  mailbox_.before_move = [&](std::uint32_t) {
    rows_at_move = Count("SELECT COUNT(*) FROM mailroom_intake");
  };
  const PollReport report = Poll(agency_);
  EXPECT_EQ(report.listed, 1);
  EXPECT_EQ(report.stored, 1);
  EXPECT_EQ(report.moved, 1);
  EXPECT_TRUE(report.problems.empty());
  EXPECT_EQ(rows_at_move, 1);
  EXPECT_TRUE(mailbox_.folders["INBOX"].empty());
  EXPECT_EQ(mailbox_.folders["Đã xử lý"].size(), 1u);
  EXPECT_EQ(connector_.last.username, "vanthu");
  EXPECT_EQ(connector_.last.password, "Imap!Pass");

  const IntakeDetail d = Only();
  EXPECT_EQ(d.item.uid, uid);
  EXPECT_EQ(d.item.uidvalidity, mailbox_.validity);
  EXPECT_EQ(d.item.mailbox, "vanthu@mail.angiang.gov.vn:993/INBOX");
  EXPECT_EQ(d.item.from_address, "vanthu@stp.angiang.gov.vn");
  EXPECT_EQ(d.item.from_name, "Sở Tư pháp");
  EXPECT_EQ(d.item.subject, "Công văn số 12/STP-VP về việc góp ý dự thảo");
  EXPECT_EQ(d.item.message_id, "qd-05@stp.angiang.gov.vn");
  EXPECT_EQ(d.item.sent_at, 1796605200);  // 08:00 +0700
  EXPECT_EQ(d.item.received_at, ToUnixSeconds(kNow));
  EXPECT_EQ(d.item.dkim_result, "pass") << d.item.dkim_detail;
  EXPECT_EQ(d.item.dkim_reason, "ok");
  EXPECT_EQ(d.item.dkim_domain, "stp.angiang.gov.vn");
  EXPECT_EQ(d.item.spf_result, "pass");
  EXPECT_EQ(d.item.spf_detail, "mx.angiang.gov.vn: smtp.mailfrom=stp.angiang.gov.vn");
  EXPECT_EQ(d.item.state, IntakeState::kReceived);
  EXPECT_EQ(d.body_text, "Kính gửi Sở Nội vụ.\n");
  ASSERT_EQ(d.files.size(), 1u);
  const IntakeFile& f = d.files[0];
  EXPECT_EQ(f.name, "qd.pdf");
  EXPECT_EQ(f.detected_type, "application/pdf");
  EXPECT_TRUE(f.registrable);
  EXPECT_EQ(f.sha256, crypto::Sha256Hex(pdf));
  // Verified on arrival by signing's Verifier: signed, but by nobody this instance trusts.
  EXPECT_EQ(f.signature.indication, "INDETERMINATE") << f.signature.detail;
  EXPECT_EQ(f.signature.signer, "Trần Văn Ký");
  EXPECT_EQ(f.signature.signatures, 1);
  EXPECT_FALSE(f.signature.detail.empty());
  auto tx = tdb_->db().BeginRead();
  auto file = service_->File(tx, PrincipalOf(clerk_), d.item.id, 1);
  ASSERT_TRUE(file);
  EXPECT_EQ(file->bytes, pdf);
  EXPECT_EQ(file->content_type, "application/pdf");
  auto kept = service_->RawMessage(tx, PrincipalOf(clerk_), d.item.id);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->bytes, raw);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_entry WHERE action = 'mailroom.intake.receive'"), 1);
  // The pre-filled registration.
  const RegistrationDraft draft = IntakeService::Draft(d);
  EXPECT_EQ(draft.number_text, "12/STP-VP");
  EXPECT_EQ(draft.type_ordinal, 18);
  EXPECT_EQ(draft.sender_name, "Sở Tư pháp <vanthu@stp.angiang.gov.vn>");
  EXPECT_EQ(draft.issued_date, "2026-12-07");
  EXPECT_EQ(draft.arrival_date, "2026-12-07");
  EXPECT_EQ(draft.file_positions, std::vector<int>{1});
}

TEST_P(IntakeTest, ACrashBetweenTheCommitAndTheMoveIsFinishedByOnlyMoving) {
  mailbox_.Deliver(Message("a1@stp.angiang.gov.vn", "Thư một"));
  mailbox_.fail_moves = true;  // the process stops after the commit, before the move
  PollReport first = Poll(agency_);
  EXPECT_EQ(first.stored, 1);
  EXPECT_EQ(first.moved, 0);
  EXPECT_EQ(first.problems.size(), 1u);
  EXPECT_EQ(mailbox_.folders["INBOX"].size(), 1u);
  mailbox_.fail_moves = false;
  PollReport second = Poll(agency_);
  EXPECT_EQ(second.stored, 0);
  EXPECT_EQ(second.recognised, 1);
  EXPECT_EQ(second.moved, 1);
  EXPECT_EQ(mailbox_.fetches, 1) << "recognised by its UID, not fetched again";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM mailroom_intake"), 1);
  EXPECT_TRUE(mailbox_.folders["INBOX"].empty());
  EXPECT_EQ(mailbox_.folders["Đã xử lý"].size(), 1u);
}

TEST_P(IntakeTest, AMessageIdSeenBeforeIsOnlyMovedUnlessTheContentDiffers) {
  const std::string m = Message("dup@stp.angiang.gov.vn", "Gửi hai lần");
  mailbox_.Deliver("Received: from mx1\r\n" + m);
  mailbox_.Deliver("Received: from mx2\r\n" + m);  // the same message, delivered twice
  mailbox_.Deliver(Message("dup@stp.angiang.gov.vn", "Nội dung khác"));  // a reused Message-ID
  PollReport r = Poll(agency_);
  EXPECT_EQ(r.stored, 2);
  EXPECT_EQ(r.recognised, 1);
  EXPECT_EQ(r.moved, 3);
  auto tx = tdb_->db().BeginRead();
  auto page = service_->List(tx, PrincipalOf(clerk_), {"received", 50, 0});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->total, 2);
  auto newest = service_->Get(tx, PrincipalOf(clerk_), page->items[0].id);
  ASSERT_TRUE(newest);
  EXPECT_EQ(newest->item.subject, "Nội dung khác");
  std::set<std::string> codes;
  for (const auto& w : newest->warnings) {
    codes.insert(w.code);
  }
  EXPECT_TRUE(codes.count("message-id-reused"));
}

TEST_P(IntakeTest, AnOversizedMessageIsKeptFromItsHeaderWithoutFiles) {
  IntakeOptions small;
  small.max_message_bytes = 4000;
  MakeService(small);
  const std::string big = std::string(20000, 'x');
  mailbox_.Deliver(
      Signed(Message("big@stp.angiang.gov.vn", "Hồ sơ rất lớn",
                     {{"attachment; filename=\"scan.pdf\"", "application/pdf", big}})));
  PollReport r = Poll(agency_);
  EXPECT_EQ(r.stored, 1);
  EXPECT_EQ(r.moved, 1);
  const IntakeDetail d = Only();
  EXPECT_TRUE(d.item.header_only);
  EXPECT_GT(d.item.size, 20000);
  EXPECT_EQ(d.item.subject, "Hồ sơ rất lớn");
  EXPECT_EQ(d.item.from_address, "vanthu@stp.angiang.gov.vn");
  EXPECT_TRUE(d.files.empty());
  EXPECT_EQ(d.item.dkim_result, "none");
  EXPECT_EQ(d.item.dkim_reason, "not-checked");
  EXPECT_FALSE(d.has_raw);
  ASSERT_FALSE(d.warnings.empty());
  EXPECT_EQ(d.warnings[0].code, "message-too-large");
  EXPECT_NE(d.warnings[0].message.find("Đã xử lý"), std::string::npos);
  auto tx = tdb_->db().BeginRead();
  auto raw = service_->RawMessage(tx, PrincipalOf(clerk_), d.item.id);
  ASSERT_FALSE(raw);
  EXPECT_EQ(raw.error().code(), ErrorCode::kNotFound);
}

TEST_P(IntakeTest, MalformedMessagesAreStoredWithWhatWentWrong) {
  // A multipart that never closes, and bytes that are not a message at all.
  mailbox_.Deliver(Join({"From: a@b.vn", "Subject: hỏng", "Message-ID: <m1@b.vn>",
                         "Content-Type: multipart/mixed; boundary=\"zz\"", "", "--zz",
                         "Content-Type: application/pdf; name=\"x.pdf\"",
                         "Content-Transfer-Encoding: base64", "", "JVBERi0x%%%not-base64"}));
  mailbox_.Deliver(std::string("\x01\x02 not a message\r\n\r\n\xff\xfe", 22));
  PollReport r = Poll(agency_);
  EXPECT_EQ(r.stored, 2);
  EXPECT_EQ(r.moved, 2);
  auto tx = tdb_->db().BeginRead();
  auto page = service_->List(tx, PrincipalOf(clerk_), {"all", 50, 0});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 2u);
  std::set<std::string> codes;
  for (const auto& item : page->items) {
    auto d = service_->Get(tx, PrincipalOf(clerk_), item.id);
    ASSERT_TRUE(d);
    EXPECT_TRUE(d->has_raw) << "kept as it came";
    for (const auto& w : d->warnings) {
      codes.insert(w.code);
    }
    for (const auto& f : d->files) {
      EXPECT_FALSE(f.registrable);
    }
  }
  EXPECT_TRUE(codes.count("unreadable-message") > 0);
  EXPECT_TRUE(codes.count("truncated") > 0 || codes.count("malformed-structure") > 0);
}

TEST_P(IntakeTest, AZipBombIsKeptAsItsBytesAndNeverUnpacked) {
  // A ZIP whose entry claims 4 GiB uncompressed (a deflate of zeros, or a lie): only its bytes
  // are stored; nothing reads inside it.
  std::string zip("PK\x03\x04\x14\x00\x00\x00\x08\x00\x00\x00\x00\x00", 14);
  zip += std::string("\x00\x00\x00\x00", 4);               // crc
  zip += std::string("\x10\x00\x00\x00", 4);               // compressed size 16
  zip += std::string("\xff\xff\xff\xff", 4);               // uncompressed size 4 GiB - 1
  zip += std::string("\x08\x00\x00\x00", 4) + "bomb.bin";  // name length 8, no extra
  zip += std::string(16, '\x03');
  mailbox_.Deliver(Message("zip@stp.angiang.gov.vn", "Tệp nén",
                           {{"attachment; filename=\"ho-so.zip\"", "application/zip", zip}}));
  Poll(agency_);
  const IntakeDetail d = Only();
  ASSERT_EQ(d.files.size(), 1u);
  EXPECT_EQ(d.files[0].size, static_cast<std::int64_t>(zip.size()));
  EXPECT_FALSE(d.files[0].registrable);
  ASSERT_EQ(d.files[0].warnings.size(), 1u);
  EXPECT_EQ(d.files[0].warnings[0].code, "archive-not-unpacked");
  auto tx = tdb_->db().BeginRead();
  auto file = service_->File(tx, PrincipalOf(clerk_), d.item.id, 1);
  ASSERT_TRUE(file);
  EXPECT_EQ(file->bytes, zip);
  EXPECT_EQ(file->content_type, "application/octet-stream");
}

TEST_P(IntakeTest, AttachmentNamesWithPathsAndControlsAreSanitised) {
  const std::string pdf = SamplePdf();
  mailbox_.Deliver(Message(
      "names@stp.angiang.gov.vn", "Tên tệp lạ",
      {{"attachment; filename=\"../../etc/passwd.pdf\"", "application/pdf", pdf},
       {"attachment; filename*=UTF-8''..%5C..%5Cb%01%0D%0Aphong.pdf", "application/pdf", pdf},
       {"attachment; filename=\"hoa-don\xe2\x80\xae"
        "fdp.exe\"",
        "application/octet-stream", "MZ"}}));
  Poll(agency_);
  const IntakeDetail d = Only();
  ASSERT_EQ(d.files.size(), 3u);
  for (const IntakeFile& f : d.files) {
    SCOPED_TRACE(f.name);
    EXPECT_EQ(f.name.find('/'), std::string::npos);
    EXPECT_EQ(f.name.find('\\'), std::string::npos);
    EXPECT_FALSE(f.name.starts_with("."));
    for (unsigned char c : f.name) {
      EXPECT_GE(c, 0x20);
    }
    EXPECT_EQ(f.name.find("\xe2\x80\xae"), std::string::npos);
    ASSERT_FALSE(f.warnings.empty());
    EXPECT_EQ(f.warnings[0].code, "name-sanitised");
    EXPECT_FALSE(f.original_name.empty());
  }
  EXPECT_FALSE(d.files[0].name.starts_with("."));
  EXPECT_TRUE(d.files[0].registrable);
  EXPECT_FALSE(d.files[2].registrable);
}

TEST_P(IntakeTest, HeaderLineBreaksCannotReachAnyField) {
  // Encoded CR/LF in the subject and the sender's name, a bare CR, a folded Message-ID.
  mailbox_.Deliver(
      Join({"From: =?UTF-8?B?" + crypto::Base64Encode("Sở Tư pháp\r\nBcc: x@evil.example") +
                "?= <vanthu@stp.angiang.gov.vn>",
            "Subject: =?UTF-8?Q?C=C3=B4ng_v=C4=83n=0D=0AX-Injected:_yes?=\rmore",
            "Message-ID:\r\n <crlf@stp.angiang.gov.vn>", "Date: garbage",
            "Content-Type: text/plain; charset=utf-8", "", "Nội dung"}));
  Poll(agency_);
  const IntakeDetail d = Only();
  for (const std::string* s :
       {&d.item.subject, &d.item.from_name, &d.item.from_address, &d.item.message_id}) {
    SCOPED_TRACE(*s);
    EXPECT_EQ(s->find('\r'), std::string::npos);
    EXPECT_EQ(s->find('\n'), std::string::npos);
  }
  EXPECT_NE(d.item.subject.find("Công văn"), std::string::npos);
  EXPECT_EQ(d.item.from_name.rfind("Sở Tư pháp", 0), 0u) << d.item.from_name;
  EXPECT_EQ(d.item.from_address, "vanthu@stp.angiang.gov.vn");
  EXPECT_EQ(d.item.message_id, "crlf@stp.angiang.gov.vn");
  EXPECT_FALSE(d.item.sent_at);
  const RegistrationDraft draft = IntakeService::Draft(d);
  EXPECT_EQ(draft.sender_name.find('\n'), std::string::npos);
  EXPECT_EQ(draft.issued_date, draft.arrival_date) << "no readable Date: the day received";
}

TEST_P(IntakeTest, DkimFailsForAChangedBodyAndWithoutAPublishedKey) {
  std::string tampered = Signed(Message("d1@stp.angiang.gov.vn", "Bị sửa"));
  tampered.replace(tampered.rfind("\r\n", tampered.size() - 3), 2, "\r\nAAAA\r\n");
  mailbox_.Deliver(tampered);
  auto other = mail::DkimSigner::Create("stp.angiang.gov.vn", "khac", *dkim_key_, clock_);
  ASSERT_TRUE(other);
  mailbox_.Deliver(*other->Sign(Message("d2@stp.angiang.gov.vn", "Khóa không công bố")));
  Poll(agency_);
  auto tx = tdb_->db().BeginRead();
  auto page = service_->List(tx, PrincipalOf(clerk_), {"all", 50, 0});
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[1].dkim_result, "fail") << page->items[1].dkim_detail;
  EXPECT_EQ(page->items[1].dkim_reason, "body-hash-mismatch");
  EXPECT_EQ(page->items[0].dkim_result, "permerror");
  EXPECT_EQ(page->items[0].dkim_reason, "no-key");
}

TEST_P(IntakeTest, APassTakesABoundedNumberAndMailboxErrorsStopIt) {
  IntakeOptions one;
  one.max_new_per_poll = 1;
  MakeService(one);
  for (int i = 1; i <= 3; ++i) {
    mailbox_.Deliver(Message("n" + std::to_string(i) + "@stp.angiang.gov.vn", "Thư"));
  }
  PollReport first = Poll(agency_);
  EXPECT_EQ(first.stored, 1);
  EXPECT_EQ(first.deferred, 2);
  Poll(agency_);
  Poll(agency_);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM mailroom_intake"), 3);
  EXPECT_TRUE(mailbox_.folders["INBOX"].empty());

  // A message the server cannot serve stays behind without holding up the next one.
  const std::uint32_t odd = mailbox_.Deliver(Message("odd@stp.angiang.gov.vn", "Lạ"));
  mailbox_.Deliver(Message("next@stp.angiang.gov.vn", "Sau"));
  mailbox_.fetch_errors.emplace(odd, Error::Malformed("trả lời lạ"));
  MakeService({});
  PollReport skipped = Poll(agency_);
  EXPECT_EQ(skipped.stored, 1);
  EXPECT_EQ(skipped.problems.size(), 1u);
  EXPECT_EQ(mailbox_.folders["INBOX"].count(odd), 1u);

  mailbox_.list_error = Error::Unavailable("máy chủ thư không trả lời");
  auto down = service_->Poll(agency_);
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().code(), ErrorCode::kUnavailable);
  auto none = service_->Poll(other_agency_);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code(), ErrorCode::kFailedPrecondition);
  PutAccount(AgencyId());  // the default account, for sending: no mailbox of a clerk
  auto fallback = service_->Poll(AgencyId());
  ASSERT_FALSE(fallback);
  EXPECT_EQ(fallback.error().code(), ErrorCode::kFailedPrecondition);
}

INSTANTIATE_TEST_SUITE_P(Engines, IntakeTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::mailroom
