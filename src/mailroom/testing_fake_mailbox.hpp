// A mailbox in memory for the mail intake's tests: folders of messages by UID, one UIDVALIDITY,
// counters of what the intake asked, and failures on demand.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mailroom/mailbox_client.hpp"

namespace cqdt::mailroom::testing {

struct FakeMailbox {
  std::uint32_t validity = 7;
  std::uint32_t next_uid = 1;
  std::map<std::string, std::map<std::uint32_t, std::string>> folders;
  int fetches = 0;
  bool fail_moves = false;
  std::optional<Error> list_error;
  std::map<std::uint32_t, Error> fetch_errors;  // by UID
  std::function<void(std::uint32_t)> before_move;

  std::uint32_t Deliver(std::string bytes, const std::string& folder = "INBOX") {
    folders[folder][next_uid] = std::move(bytes);
    return next_uid++;
  }
};

class FakeMailboxClient : public MailboxClient {
 public:
  explicit FakeMailboxClient(FakeMailbox& box) : box_(box) {}

  Result<std::uint32_t> UidValidity(const std::string& folder) override {
    if (box_.list_error) {
      return *box_.list_error;
    }
    if (folder != "INBOX" && box_.folders.count(folder) == 0) {
      return Error::FailedPrecondition("no folder");
    }
    return box_.validity;
  }
  Result<std::vector<std::uint32_t>> ListUids(const std::string& folder) override {
    if (box_.list_error) {
      return *box_.list_error;
    }
    std::vector<std::uint32_t> out;
    for (const auto& [uid, bytes] : box_.folders[folder]) {
      out.push_back(uid);
    }
    return out;
  }
  Result<mail::FetchedMessage> Fetch(const std::string& folder, std::uint32_t uid,
                                     std::size_t max_bytes) override {
    if (auto e = box_.fetch_errors.find(uid); e != box_.fetch_errors.end()) {
      return e->second;
    }
    auto& f = box_.folders[folder];
    auto it = f.find(uid);
    if (it == f.end()) {
      return Error::NotFound("thư trong hộp thư", std::to_string(uid));
    }
    ++box_.fetches;
    mail::FetchedMessage m;
    m.size = it->second.size();
    if (it->second.size() <= max_bytes) {
      m.bytes = it->second;
      return m;
    }
    const std::size_t end = it->second.find("\r\n\r\n");
    m.bytes = it->second.substr(0, end == std::string::npos ? it->second.size() : end + 4);
    m.header_only = true;
    return m;
  }
  Status Move(const std::string& folder, std::uint32_t uid, const std::string& target) override {
    if (box_.before_move) {
      box_.before_move(uid);
    }
    if (box_.fail_moves) {
      return Error::Unavailable("move refused");
    }
    auto& from = box_.folders[folder];
    auto it = from.find(uid);
    if (it == from.end()) {
      return Error::NotFound("thư trong hộp thư", std::to_string(uid));
    }
    box_.folders[target][box_.next_uid++] = std::move(it->second);
    from.erase(it);
    return Ok();
  }
  Status CreateFolder(const std::string& name) override {
    box_.folders[name];
    return Ok();
  }

 private:
  FakeMailbox& box_;
};

class FakeConnector : public MailboxConnector {
 public:
  explicit FakeConnector(FakeMailbox& box) : box_(box) {}
  std::unique_ptr<MailboxClient> Connect(const MailAccounts::ImapLogin& login) override {
    last = login;
    return std::make_unique<FakeMailboxClient>(box_);
  }
  MailAccounts::ImapLogin last;

 private:
  FakeMailbox& box_;
};

}  // namespace cqdt::mailroom::testing
