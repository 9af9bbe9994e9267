// The official mailbox as the mail intake sees it (intake.hpp; issue 15 item 3): an interface,
// so that the intake's rules are tested with a fake, and its implementation over IMAP
// (mail/imap.hpp, libcurl).
//
// Errors are mail::ImapSession's: kUnavailable / kMalformed temporary (mail::
// ImapErrorIsTemporary), kUnauthenticated and kFailedPrecondition configuration, kNotFound for
// a message that is gone, kInvalidArgument for a folder name that cannot be sent.
// Thread safety: a client belongs to one thread at a time; the connector may be shared.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "mail/imap.hpp"
#include "mailroom/accounts.hpp"

namespace cqdt::mailroom {

class MailboxClient {
 public:
  virtual ~MailboxClient() = default;
  // UIDVALIDITY of `folder` (the UIDs below are meaningful only with it).
  virtual Result<std::uint32_t> UidValidity(const std::string& folder) = 0;
  // The UIDs of the messages of `folder` not flagged \Deleted, ascending.
  virtual Result<std::vector<std::uint32_t>> ListUids(const std::string& folder) = 0;
  // The whole message when its size is at most `max_bytes`, else only its header
  // (FetchedMessage::header_only).
  virtual Result<mail::FetchedMessage> Fetch(const std::string& folder, std::uint32_t uid,
                                             std::size_t max_bytes) = 0;
  // Moves message `uid` of `folder` into `target` (created when missing).
  virtual Status Move(const std::string& folder, std::uint32_t uid, const std::string& target) = 0;
  // Creates `name`; an existing folder counts as created.
  virtual Status CreateFolder(const std::string& name) = 0;
};

// Opens a client for an account's mailbox (MailAccounts::ImapOf). Nothing is sent until the
// client's first call.
class MailboxConnector {
 public:
  virtual ~MailboxConnector() = default;
  virtual std::unique_ptr<MailboxClient> Connect(const MailAccounts::ImapLogin& login) = 0;
};

// The IMAP implementation: one mail::ImapSession per client (one connection, one login, kept for
// the client's life).
class ImapMailboxConnector : public MailboxConnector {
 public:
  // `ca_file`: the PEM bundle trusted for the mail servers ("" = the system's), as
  // [mail] ca_file; `timeout`: per connection and per silence of the server.
  explicit ImapMailboxConnector(std::string ca_file = "",
                                std::chrono::seconds timeout = std::chrono::seconds(60))
      : ca_file_(std::move(ca_file)), timeout_(timeout) {}
  std::unique_ptr<MailboxClient> Connect(const MailAccounts::ImapLogin& login) override;

 private:
  std::string ca_file_;
  std::chrono::seconds timeout_;
};

}  // namespace cqdt::mailroom
