// Reading a mailbox over IMAP (RFC 3501; documents received by e-mail, issue 15 item 3): libcurl's
// IMAP client, over implicit TLS (imaps://, port 993), STARTTLS (imap:// with TLS required) or —
// only to a server on this machine — plain TCP, logged in with the account's user name and
// password (libcurl picks LOGIN or SASL PLAIN as the server offers).
//
// A session keeps one connection open between calls (libcurl reuses it and remembers the
// selected folder), so a poll logs in once. The operations a mail intake needs:
//   UidValidity  STATUS (UIDVALIDITY): UIDs are meaningful only with it (RFC 3501 §2.3.1.1);
//   ListUids     the UIDs of the folder's messages not flagged \Deleted, ascending ("UID SEARCH
//                <window> UNDELETED" over windows of message sequence numbers, so that no
//                response line is longer than libcurl keeps: it clips longer lines silently);
//   Fetch        the whole message (RFC 822 bytes, CRLF), or only its header when the message is
//                above the caller's limit (RFC822.SIZE is asked first; a server that sends more
//                than it announced is cut off);
//   Move         UID MOVE (RFC 6851) when the server has MOVE, else UID COPY + UID STORE
//                +FLAGS.SILENT (\Deleted) + UID EXPUNGE (RFC 4315 UIDPLUS; plain EXPUNGE
//                without it, which also removes other messages already flagged \Deleted); a
//                missing target folder ([TRYCREATE]) is created and the move tried once more;
//   CreateFolder CREATE, "already exists" counted as done.
// Fetching marks the message \Seen (libcurl sends BODY[], not BODY.PEEK[]).
//
// Folder names are UTF-8 here and go to the server in modified UTF-7 (RFC 3501 §5.1.3,
// EncodeMailboxName), so "Đã xử lý" works as well as "INBOX"; names with controls, '"', '\\',
// '*' or '%' are refused (kInvalidArgument "folder"), as are names over 200 bytes.
//
// Errors (the kind says what to do; messages are Vietnamese, with the server's reply line when
// there is one, never the password):
//   kUnavailable        temporary: no connection, timeout, a dropped connection, a NO/BAD
//                       answer the next poll may not get; try again later;
//   kUnauthenticated    the server refused the login (configuration);
//   kFailedPrecondition configuration: the TLS certificate or CA file, a server without
//                       STARTTLS, a plain connection to another machine, a folder that does not
//                       exist (for ListUids, UidValidity, Fetch, Move's source);
//   kInvalidArgument    a folder name that cannot be sent (see above);
//   kNotFound           Fetch: no message with this UID (expunged meanwhile);
//   kMalformed          the server answered something that cannot be read (treated as
//                       temporary by ImapErrorIsTemporary).
// Thread safety: a session belongs to one thread at a time; the free functions are pure.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "mail/smtp.hpp"

namespace cqdt::mail {

namespace internal {
struct ImapCall;  // imap.cpp: one transfer
}

struct ImapServer {
  std::string host;
  int port = 993;
  TlsMode tls = TlsMode::kImplicit;
  std::string username;
  std::string password;
  std::string ca_file;  // PEM bundle to trust instead of the system's ("" = the system's)
  // The connection's and each reply's deadline: a transfer that moves no byte for this long is
  // abandoned (a long download that keeps moving is not).
  std::chrono::seconds timeout{60};
  // false: never UID MOVE, always the COPY + STORE + EXPUNGE fallback (for a server that
  // announces MOVE and mishandles it; the tests use it to exercise the fallback).
  bool use_move = true;
  // Message sequence numbers per UID SEARCH (ListUids). 5000 UIDs of 10 digits stay far below
  // the line length libcurl keeps.
  std::uint32_t search_window = 5000;
};

struct FetchedMessage {
  std::string bytes;         // the message, or only its header (ending with the empty line)
  std::uint64_t size = 0;    // RFC822.SIZE as the server announced it
  bool header_only = false;  // the message was above the limit: `bytes` is its header
};

class ImapSession {
 public:
  explicit ImapSession(ImapServer server);
  ~ImapSession();
  ImapSession(const ImapSession&) = delete;
  ImapSession& operator=(const ImapSession&) = delete;

  Result<std::uint32_t> UidValidity(std::string_view folder);
  Result<std::vector<std::uint32_t>> ListUids(std::string_view folder);
  // The message `uid` of `folder`: whole when RFC822.SIZE <= max_bytes, else its header only
  // (a header above max_header_bytes is cut after its last whole line within them).
  Result<FetchedMessage> Fetch(std::string_view folder, std::uint32_t uid, std::size_t max_bytes,
                               std::size_t max_header_bytes = 256u << 10);
  Status Move(std::string_view folder, std::uint32_t uid, std::string_view target);
  Status CreateFolder(std::string_view name);
  // The server's capabilities after login (upper-case atoms: "MOVE", "UIDPLUS", ...), asked once
  // per session.
  Result<std::set<std::string>> Capabilities();

  const ImapServer& server() const { return server_; }

 private:
  struct Impl;
  std::string BaseUrl() const;
  // A command (CURLOPT_CUSTOMREQUEST) with `folder` selected first ("" = none): its untagged
  // responses.
  Result<std::string> Command(std::string_view folder, const std::string& command);
  Result<std::string> Transfer(internal::ImapCall& call);
  // A NO to STATUS: the folder is missing or closed to this account (configuration), unless the
  // server says the refusal is temporary.
  Error StatusRefused(const Error& error) const;
  Status MoveOnce(std::string_view folder, std::uint32_t uid, const std::string& target);

  ImapServer server_;
  std::unique_ptr<Impl> impl_;
  std::optional<std::set<std::string>> capabilities_;
  std::string last_reply_;  // the last tagged reply line of the last transfer
};

// True for the errors after which the same call may succeed later without a change of
// configuration (kUnavailable, kMalformed).
bool ImapErrorIsTemporary(const Error& error);

// Modified UTF-7 of RFC 3501 §5.1.3: printable ASCII as itself ('&' as "&-"), everything else as
// '&' + modified base64 of UTF-16 + '-'. The input must be valid UTF-8 (ill-formed bytes become
// U+FFFD).
std::string EncodeMailboxName(std::string_view utf8);
// The reverse; nullopt for a malformed name (bad base64, an odd UTF-16 length, a lone
// surrogate, a shift that encodes only ASCII).
std::optional<std::string> DecodeMailboxName(std::string_view mutf7);
// kInvalidArgument "folder" for a name that cannot be sent (see the header comment).
Status CheckFolderName(std::string_view utf8);

// The UIDs of the "* SEARCH ..." lines of a response (other untagged lines ignored); nullopt
// when a SEARCH line holds anything but numbers.
std::optional<std::vector<std::uint32_t>> ParseSearchResponse(std::string_view response);
// UIDVALIDITY of a "* STATUS <folder> (... UIDVALIDITY n ...)" response; nullopt without one.
std::optional<std::uint32_t> ParseUidValidity(std::string_view response);
// The MESSAGES count of a STATUS response; nullopt without one.
std::optional<std::uint32_t> ParseMessageCount(std::string_view response);
// RFC822.SIZE of a "* n FETCH (UID u RFC822.SIZE s)" response for `uid`; nullopt when the
// response has no FETCH for that UID (no such message).
std::optional<std::uint64_t> ParseFetchSize(std::string_view response, std::uint32_t uid);

}  // namespace cqdt::mail
