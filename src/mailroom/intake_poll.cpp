// The mail intake's pass over a mailbox (intake.hpp, "Poll").
#include <algorithm>
#include <string>
#include <vector>

#include "crypto/crypto.hpp"
#include "intake_message.hpp"
#include "intake_rows.hpp"
#include "mail/mime_parse.hpp"
#include "mailroom/intake.hpp"

namespace cqdt::mailroom {
namespace {

using internal::ReceivedMessage;

// How the item names the mailbox it came from: UIDs are meaningful only within it.
std::string MailboxName(const MailAccounts::ImapLogin& login) {
  std::string host = login.host;
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return login.username + "@" + host + ":" + std::to_string(login.port) + "/" + login.folder;
}

IntakeWarning Warn(std::string code, std::string message) {
  return {std::move(code), std::move(message)};
}

// Everything Poll keeps of one fetched message, read outside any transaction: the parse, DKIM,
// SPF, each attachment's type and signatures. The blobs are not written here.
struct ReadResult {
  ReceivedMessage message;
  std::vector<std::string> file_bytes;  // parallel to message.detail.files
};

ReadResult ReadMessage(const mail::FetchedMessage& fetched, const IntakeOptions& options,
                       DkimKeyLookup* dkim_keys, SignatureCheck* signatures, TimePoint now,
                       const std::string& done_folder) {
  ReadResult out;
  IntakeDetail& d = out.message.detail;
  IntakeItem& item = d.item;
  item.size = static_cast<std::int64_t>(fetched.size);
  item.header_only = fetched.header_only;
  mail::ParseLimits limits;
  limits.max_total_bytes = std::max(options.max_message_bytes, fetched.bytes.size());
  limits.max_attachment_bytes = options.max_message_bytes;
  auto parsed = mail::ParseMail(fetched.bytes, limits);
  if (fetched.header_only) {
    d.warnings.push_back(
        Warn("message-too-large",
             "Thư dung lượng " + std::to_string(fetched.size) + " byte vượt giới hạn " +
                 std::to_string(options.max_message_bytes) +
                 " byte: chỉ đọc phần đầu thư, không tải nội dung và tệp đính kèm; thư gốc vẫn "
                 "còn trên máy chủ thư, trong thư mục " +
                 done_folder + "."));
  }
  if (!parsed) {
    // Not a message at all (no header field first): kept as it came, for the clerk to see.
    d.warnings.push_back(Warn(
        "unreadable-message",
        "Không đọc được thư: " + parsed.error().message() + " Thư gốc được lưu nguyên trạng."));
  } else {
    const mail::ParsedMail& m = *parsed;
    if (m.from) {
      item.from_address = m.from->address;
      item.from_name = m.from->name;
    }
    item.subject = internal::CutUtf8(m.subject, 2000);
    item.message_id = internal::CutUtf8(m.message_id, 500);
    if (m.date) {
      item.sent_at = ToUnixSeconds(*m.date);
    }
    for (const mail::ParseWarning& w : m.warnings) {
      if (fetched.header_only && w.code == "no-body") {
        continue;  // the body was not read
      }
      d.warnings.push_back(Warn(w.code, w.message));
    }
    d.body_text = internal::CutUtf8(m.text, options.max_body_bytes);
    d.body_html = internal::CutUtf8(m.html, options.max_body_bytes);
    if (d.body_text.size() < m.text.size() || d.body_html.size() < m.html.size()) {
      d.warnings.push_back(
          Warn("body-truncated", "Nội dung thư dài hơn " + std::to_string(options.max_body_bytes) +
                                     " byte: phần hiển thị đã được cắt bớt; thư gốc được lưu đầy "
                                     "đủ."));
    }
    int position = 0;
    for (const mail::ReceivedAttachment& a : m.attachments) {
      IntakeFile f;
      f.position = ++position;
      f.name = a.filename;
      f.original_name = a.original_filename;
      f.content_type = a.content_type;
      f.size = static_cast<std::int64_t>(a.bytes.size());
      f.sha256 = crypto::Sha256Hex(a.bytes);
      if (!a.original_filename.empty() && a.original_filename != a.filename) {
        f.warnings.push_back(
            Warn("name-sanitised", "Tên tệp gốc đã được đổi để an toàn: " + a.original_filename));
      }
      // Untrusted content: the type is what the bytes are, never the name or the declared type
      // (documents' own check, which loads a PDF within bounds).
      auto detected = documents::DetectContent(a.bytes);
      if (detected) {
        f.detected_type = detected->content_type;
        f.registrable = true;
      } else if (detected.error().code() == ErrorCode::kMalformed) {
        f.warnings.push_back(
            Warn("unreadable-file", "Không đọc được tệp: " + detected.error().message()));
      } else if (internal::IsArchive(a.content_type, a.filename, a.bytes)) {
        // Never inflated here: a zip bomb is only its few bytes.
        f.warnings.push_back(Warn("archive-not-unpacked",
                                  "Tệp nén được lưu nguyên trạng, không được giải nén; sổ văn bản "
                                  "không nhận tệp nén."));
      } else {
        f.warnings.push_back(Warn("not-registrable",
                                  "Sổ văn bản chỉ nhận tệp PDF và ảnh: tệp này được giữ kèm thư, "
                                  "không đính vào văn bản đến."));
      }
      if (signatures != nullptr) {
        if (auto s = signatures->Check(a.filename, a.bytes)) {
          f.signature = std::move(*s);
        }
      } else if (f.detected_type == "application/pdf" &&
                 a.bytes.find("/ByteRange") != std::string::npos) {
        f.warnings.push_back(Warn("signature-not-checked",
                                  "Tệp có chữ ký số nhưng máy chủ chưa được cấu hình để kiểm tra "
                                  "chữ ký."));
      }
      d.files.push_back(std::move(f));
      out.file_bytes.push_back(a.bytes);
    }
  }
  // DKIM needs the whole message (the body hash); SPF is the receiving server's word.
  const auto fields = internal::ReadHeader(fetched.bytes);
  if (fetched.header_only) {
    item.dkim_result = "none";
    item.dkim_reason = "not-checked";
    item.dkim_detail = "Thư quá lớn nên không kiểm tra chữ ký DKIM (cần toàn bộ nội dung thư).";
  } else {
    internal::DkimOutcome dkim = internal::CheckDkim(fetched.bytes, fields, dkim_keys, now);
    item.dkim_result = dkim.result;
    item.dkim_domain = dkim.domain;
    item.dkim_reason = dkim.reason;
    item.dkim_detail = dkim.detail;
  }
  internal::SpfOutcome spf = internal::SpfFromHeader(fields, options.trusted_authserv_id);
  item.spf_result = spf.result;
  item.spf_detail = spf.detail;
  // What a message delivered twice has in common with itself (Received fields differ).
  std::string digest =
      item.from_address + "\n" + item.subject + "\n" +
      (fetched.header_only ? "size:" + std::to_string(fetched.size) : d.body_text) + "\n";
  for (const IntakeFile& f : d.files) {
    digest += f.sha256 + "\n";
  }
  out.message.content_sha256 = crypto::Sha256Hex(digest);
  return out;
}

}  // namespace

IntakeService::IntakeService(db::Database& db, audit::AuditLog& audit, const MailAccounts& accounts,
                             MailboxConnector& connector, blob::BlobStore& blobs,
                             DkimKeyLookup* dkim_keys, SignatureCheck* signatures,
                             documents::IncomingService& incoming, documents::FileService& files,
                             const Clock& clock, IntakeOptions options)
    : db_(db),
      audit_(audit),
      accounts_(accounts),
      connector_(connector),
      blobs_(blobs),
      dkim_keys_(dkim_keys),
      signatures_(signatures),
      incoming_(incoming),
      files_(files),
      clock_(clock),
      options_(std::move(options)) {}

Result<PollReport> IntakeService::Poll(AgencyId agency) {
  MailAccounts::ImapLogin login;
  {
    auto tx = db_.BeginRead();
    // Agency 0's account is the instance's default for sending: its mailbox has no clerk.
    auto account = agency.IsSet() ? accounts_.Get(tx, agency) : std::nullopt;
    if (!account || !account->enabled || account->imap_host.empty()) {
      return Error::FailedPrecondition("Cơ quan chưa có hộp thư điện tử để nhận văn bản (IMAP).");
    }
    CQDT_ASSIGN_OR_RETURN(login, accounts_.ImapOf(tx, *account));
  }
  const std::string mailbox = MailboxName(login);
  const audit::Actor system{UserId(), "system", agency, "", ""};
  std::unique_ptr<MailboxClient> client = connector_.Connect(login);
  CQDT_ASSIGN_OR_RETURN(std::uint32_t validity, client->UidValidity(login.folder));
  CQDT_ASSIGN_OR_RETURN(std::vector<std::uint32_t> uids, client->ListUids(login.folder));
  PollReport report;
  report.listed = static_cast<int>(uids.size());
  if (uids.empty()) {
    return report;
  }
  if (auto made = client->CreateFolder(login.done_folder); !made) {
    report.problems.push_back("Không tạo được thư mục " + login.done_folder +
                              " trên máy chủ thư: " + made.error().message());
  }
  auto move_done = [&](std::uint32_t uid) {
    auto moved = client->Move(login.folder, uid, login.done_folder);
    if (moved) {
      ++report.moved;
    } else {
      report.problems.push_back("Không chuyển được thư UID " + std::to_string(uid) +
                                " sang thư mục " + login.done_folder + ": " +
                                moved.error().message());
    }
  };
  int fetched_count = 0;
  for (std::uint32_t uid : uids) {
    {
      auto tx = db_.BeginRead();
      if (internal::FindByUid(tx, agency, mailbox, validity, uid)) {
        // Stored by an earlier pass that stopped before the move: only the move is left.
        ++report.recognised;
        move_done(uid);
        continue;
      }
    }
    if (fetched_count >= std::max(options_.max_new_per_poll, 1)) {
      ++report.deferred;
      continue;
    }
    auto fetched = client->Fetch(login.folder, uid, options_.max_message_bytes);
    if (!fetched) {
      const ErrorCode code = fetched.error().code();
      if (code == ErrorCode::kNotFound) {
        ++report.vanished;  // expunged by someone else since the listing
        continue;
      }
      if (code == ErrorCode::kUnavailable || code == ErrorCode::kUnauthenticated ||
          code == ErrorCode::kFailedPrecondition) {
        return fetched.error();  // the connection or the account: the pass cannot go on
      }
      // This message only (an answer that cannot be read): it must not hold up the others; it
      // stays in the folder and is tried again next pass.
      report.problems.push_back("Không tải được thư UID " + std::to_string(uid) + ": " +
                                fetched.error().message());
      continue;
    }
    ++fetched_count;
    const TimePoint now = clock_.Now();
    ReadResult read =
        ReadMessage(*fetched, options_, dkim_keys_, signatures_, now, login.done_folder);
    ReceivedMessage& m = read.message;
    m.detail.item.agency_id = agency;
    m.detail.item.mailbox = mailbox;
    m.detail.item.uidvalidity = validity;
    m.detail.item.uid = uid;
    m.detail.item.received_at = ToUnixSeconds(now);
    // The bytes are durable before any row names them.
    if (!fetched->header_only) {
      CQDT_ASSIGN_OR_RETURN(blob::BlobInfo raw, blobs_.Put(fetched->bytes));
      m.raw_sha256 = raw.sha256;
    }
    for (const std::string& bytes : read.file_bytes) {
      CQDT_RETURN_IF_ERROR(blobs_.Put(bytes));
    }
    // One transaction: the item, its files, the audit entry. false: recognised, nothing stored.
    auto store = [&]() -> Result<bool> {
      auto tx = db_.Begin();
      if (internal::FindByUid(tx, agency, mailbox, validity, uid)) {
        return false;  // another poller stored it meanwhile
      }
      const internal::MessageIdMatch seen =
          internal::FindByMessageId(tx, agency, m.detail.item.message_id, m.content_sha256);
      if (seen.same) {
        return false;  // the same message again (delivered twice, or the folder renumbered)
      }
      if (seen.other) {
        m.detail.warnings.push_back(
            Warn("message-id-reused", "Message-ID của thư này trùng với thư đã nhận trước (số " +
                                          std::to_string(seen.other->value()) +
                                          ") nhưng nội dung khác."));
      }
      const IntakeId id = internal::InsertReceived(tx, m);
      const std::string from =
          m.detail.item.from_address.empty() ? std::string("?") : m.detail.item.from_address;
      CQDT_RETURN_IF_ERROR(audit_.Record(
          tx, system,
          {"mailroom.intake.receive", "mailroom_intake", std::to_string(id.value()),
           "Nhận thư điện tử từ " + from + ": " + internal::CutUtf8(m.detail.item.subject, 200)}));
      CQDT_RETURN_IF_ERROR(tx.Commit());
      return true;
    };
    CQDT_ASSIGN_OR_RETURN(bool stored, store());
    if (!stored) {
      ++report.recognised;
      move_done(uid);
      continue;
    }
    ++report.stored;
    // Only now: a crash before this line leaves a message the next pass recognises.
    move_done(uid);
  }
  return report;
}

}  // namespace cqdt::mailroom
