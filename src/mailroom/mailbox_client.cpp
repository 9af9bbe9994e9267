#include "mailroom/mailbox_client.hpp"

namespace cqdt::mailroom {
namespace {

class ImapMailboxClient : public MailboxClient {
 public:
  explicit ImapMailboxClient(mail::ImapServer server) : session_(std::move(server)) {}

  Result<std::uint32_t> UidValidity(const std::string& folder) override {
    return session_.UidValidity(folder);
  }
  Result<std::vector<std::uint32_t>> ListUids(const std::string& folder) override {
    return session_.ListUids(folder);
  }
  Result<mail::FetchedMessage> Fetch(const std::string& folder, std::uint32_t uid,
                                     std::size_t max_bytes) override {
    return session_.Fetch(folder, uid, max_bytes);
  }
  Status Move(const std::string& folder, std::uint32_t uid, const std::string& target) override {
    return session_.Move(folder, uid, target);
  }
  Status CreateFolder(const std::string& name) override { return session_.CreateFolder(name); }

 private:
  mail::ImapSession session_;
};

}  // namespace

std::unique_ptr<MailboxClient> ImapMailboxConnector::Connect(const MailAccounts::ImapLogin& login) {
  mail::ImapServer server;
  server.host = login.host;
  server.port = login.port;
  server.tls = login.tls;
  server.username = login.username;
  server.password = login.password;
  server.ca_file = ca_file_;
  server.timeout = timeout_;
  return std::make_unique<ImapMailboxClient>(std::move(server));
}

}  // namespace cqdt::mailroom
