#include "mailroom/accounts.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <arpa/inet.h>
#include <soci/soci.h>
#include <sys/stat.h>

#include "core/text.hpp"
#include "db/statement.hpp"
#include "mail/address.hpp"
#include "mail/imap.hpp"

namespace cqdt::mailroom {
namespace {

std::string ToBase64(const std::string& raw) {
  std::string out(sodium_base64_ENCODED_LEN(raw.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                    raw.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<std::string> FromBase64(const std::string& text) {
  std::string out(text.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), " \r\n", &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

std::optional<std::string> FromHex(const std::string& text) {
  std::string out(text.size() / 2 + 1, '\0');
  std::size_t len = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                     text.size(), " \r\n", &len, nullptr) != 0) {
    return std::nullopt;
  }
  out.resize(len);
  return out;
}

// Host names for servers: an LDH domain, or an IPv4 / bracket-less IPv6 literal.
// A host name, or an IPv4 or IPv6 address literal.
bool IsHost(const std::string& h) {
  if (h.empty() || h.size() > 253) {
    return false;
  }
  unsigned char addr[sizeof(in6_addr)];
  // A name's last label is never all digits (RFC 3696 §2): "1.2.3.4.5" is neither a name nor
  // an address.
  const std::string last = h.substr(h.rfind('.') + 1);
  const bool numeric_tld = !last.empty() && std::all_of(last.begin(), last.end(), [](char c) {
    return c >= '0' && c <= '9';
  });
  if (!numeric_tld && mail::IsValidDomain(h)) {
    return true;
  }
  return inet_pton(AF_INET, h.c_str(), addr) == 1 || inet_pton(AF_INET6, h.c_str(), addr) == 1;
}

// A folder name IMAP can be sent (mail::CheckFolderName: no controls, C1 included, no quotes,
// backslashes or wildcards), at most 100 bytes.
bool IsFolder(const std::string& f) {
  return f.size() <= 100 && mail::CheckFolderName(f).has_value();
}

bool HasControl(const std::string& s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) {
      return true;
    }
  }
  return false;
}

constexpr const char* kColumns =
    "id, agency_id, from_address, from_name, smtp_host, smtp_port, smtp_tls, smtp_username, "
    "smtp_password_sealed, imap_host, imap_port, imap_tls, imap_username, imap_password_sealed, "
    "imap_folder, imap_done_folder, enabled, updated_by, updated_at";

struct Row {
  long long id = 0, agency = 0, updated_at = 0;
  int smtp_port = 0, imap_port = 0, enabled = 0;
  std::string from_address, from_name, smtp_host, smtp_tls, smtp_user, smtp_sealed, imap_host,
      imap_tls, imap_user, imap_sealed, imap_folder, imap_done, updated_by;
  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(agency));
    st.exchange(soci::into(from_address));
    st.exchange(soci::into(from_name));
    st.exchange(soci::into(smtp_host));
    st.exchange(soci::into(smtp_port));
    st.exchange(soci::into(smtp_tls));
    st.exchange(soci::into(smtp_user));
    st.exchange(soci::into(smtp_sealed));
    st.exchange(soci::into(imap_host));
    st.exchange(soci::into(imap_port));
    st.exchange(soci::into(imap_tls));
    st.exchange(soci::into(imap_user));
    st.exchange(soci::into(imap_sealed));
    st.exchange(soci::into(imap_folder));
    st.exchange(soci::into(imap_done));
    st.exchange(soci::into(enabled));
    st.exchange(soci::into(updated_by));
    st.exchange(soci::into(updated_at));
  }
  MailAccount Get() const {
    MailAccount a;
    a.id = id;
    a.agency_id = AgencyId(agency);
    a.from_address = from_address;
    a.from_name = from_name;
    a.smtp_host = smtp_host;
    a.smtp_port = smtp_port;
    mail::ParseTlsMode(smtp_tls, a.smtp_tls);
    a.smtp_username = smtp_user;
    a.smtp_has_password = !smtp_sealed.empty();
    a.imap_host = imap_host;
    a.imap_port = imap_port;
    mail::ParseTlsMode(imap_tls, a.imap_tls);
    a.imap_username = imap_user;
    a.imap_has_password = !imap_sealed.empty();
    a.imap_folder = imap_folder;
    a.imap_done_folder = imap_done;
    a.enabled = enabled != 0;
    a.updated_by = updated_by;
    a.updated_at = updated_at;
    return a;
  }
};

std::vector<MailAccount> Select(db::Transaction& tx, const std::string& where, long long agency) {
  Row r;
  soci::statement st(tx.sql());
  r.Bind(st);
  if (!where.empty()) {
    st.exchange(soci::use(agency, "a"));
  }
  st.alloc();
  st.prepare(std::string("SELECT ") + kColumns + " FROM mailroom_account" + where +
             " ORDER BY agency_id");
  st.define_and_bind();
  std::vector<MailAccount> out;
  if (st.execute(true)) {
    do {
      out.push_back(r.Get());
    } while (st.fetch());
  }
  return out;
}

}  // namespace

Result<SecretBox> SecretBox::FromKey(std::string key) {
  if (key.size() != crypto_secretbox_KEYBYTES) {
    return Error::InvalidField("secretKey", "length",
                               "Khóa mã hóa mật khẩu thư điện tử phải dài đúng 32 byte.");
  }
  if (sodium_init() < 0) {
    return Error::Unavailable("Không khởi tạo được libsodium.");
  }
  return SecretBox(std::move(key));
}

Result<SecretBox> SecretBox::FromFile(const std::string& path) {
  if (sodium_init() < 0) {
    return Error::Unavailable("Không khởi tạo được libsodium.");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    // A fresh key, written once, readable by this user only.
    std::string key(crypto_secretbox_KEYBYTES, '\0');
    randombytes_buf(key.data(), key.size());
    const std::string hex = [&] {
      std::string h(key.size() * 2 + 1, '\0');
      sodium_bin2hex(h.data(), h.size(), reinterpret_cast<const unsigned char*>(key.data()),
                     key.size());
      h.resize(key.size() * 2);
      return h;
    }();
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      if (errno == EEXIST) {
        return FromFile(path);  // another process wrote it first
      }
      return Error::Unavailable("Không tạo được tệp khóa " + path + ": " + std::strerror(errno));
    }
    const std::string line = hex + "\n";
    const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                    ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) {
      return Error::Unavailable("Không ghi được tệp khóa " + path + ".");
    }
    return FromKey(std::move(key));
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  if (text.size() == crypto_secretbox_KEYBYTES) {
    return FromKey(std::move(text));
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  if (text.size() == 2 * crypto_secretbox_KEYBYTES) {
    if (auto k = FromHex(text)) {
      return FromKey(std::move(*k));
    }
  }
  if (auto k = FromBase64(text); k && k->size() == crypto_secretbox_KEYBYTES) {
    return FromKey(std::move(*k));
  }
  return Error::InvalidField(
      "secretKeyFile", "format",
      "Tệp khóa " + path + " phải chứa 32 byte, 64 chữ số hex hoặc 44 ký tự base64.");
}

std::string SecretBox::Seal(const std::string& plain) const {
  if (plain.empty()) {
    return "";
  }
  std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), nonce,
                        reinterpret_cast<const unsigned char*>(key_.data()));
  return ToBase64(out);
}

Result<std::string> SecretBox::Open(const std::string& sealed) const {
  if (sealed.empty()) {
    return std::string();
  }
  auto raw = FromBase64(sealed);
  if (!raw || raw->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return Error::Unauthenticated("Mật khẩu đã lưu không đọc được.");
  }
  const auto* nonce = reinterpret_cast<const unsigned char*>(raw->data());
  const std::size_t box = raw->size() - crypto_secretbox_NONCEBYTES;
  std::string plain(box - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 nonce + crypto_secretbox_NONCEBYTES, box, nonce,
                                 reinterpret_cast<const unsigned char*>(key_.data())) != 0) {
    return Error::Unauthenticated(
        "Mật khẩu đã lưu không mở được bằng khóa hiện tại (tệp khóa đã thay đổi?); hãy nhập lại "
        "mật khẩu.");
  }
  return plain;
}

std::string SecretBox::DeriveKey(std::string_view label) const {
  std::string out(32, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                     reinterpret_cast<const unsigned char*>(label.data()), label.size(),
                     reinterpret_cast<const unsigned char*>(key_.data()), key_.size());
  return out;
}

std::vector<MailAccount> MailAccounts::List(db::Transaction& tx) const { return Select(tx, "", 0); }

std::optional<MailAccount> MailAccounts::Get(db::Transaction& tx, AgencyId agency) const {
  auto rows = Select(tx, " WHERE agency_id = :a", agency.value());
  if (rows.empty()) {
    return std::nullopt;
  }
  return rows.front();
}

std::optional<MailAccount> MailAccounts::ForSending(db::Transaction& tx, AgencyId agency) const {
  if (agency.value() != 0) {
    if (auto own = Get(tx, agency); own && own->enabled) {
      return own;
    }
  }
  if (auto fallback = Get(tx, AgencyId(0)); fallback && fallback->enabled) {
    return fallback;
  }
  return std::nullopt;
}

Result<MailAccount> MailAccounts::Put(db::Transaction& tx, AgencyId agency,
                                      const MailAccountInput& in, const std::string& updated_by,
                                      std::int64_t now) const {
  std::vector<FieldError> errors;
  if (!mail::IsValidAddress(in.from_address)) {
    errors.push_back({"fromAddress", "format", "Địa chỉ gửi thư không hợp lệ."});
  }
  if (in.from_name.empty() || CodePointCount(in.from_name) > 200 || !IsValidUtf8(in.from_name) ||
      HasControl(in.from_name)) {
    errors.push_back(
        {"fromName", "format", "Tên người gửi phải có 1-200 ký tự, không có ký tự điều khiển."});
  }
  mail::TlsMode smtp_tls{}, imap_tls{};
  if (!IsHost(in.smtp_host)) {
    errors.push_back({"smtpHost", "format", "Tên máy chủ gửi thư (SMTP) không hợp lệ."});
  }
  if (in.smtp_port < 1 || in.smtp_port > 65535) {
    errors.push_back({"smtpPort", "range", "Cổng SMTP phải từ 1 đến 65535."});
  }
  if (!mail::ParseTlsMode(in.smtp_tls, smtp_tls)) {
    errors.push_back({"smtpTls", "enum", "Kiểu mã hóa SMTP phải là starttls, tls hoặc none."});
  } else if (smtp_tls == mail::TlsMode::kNone && !mail::IsLoopbackHost(in.smtp_host)) {
    errors.push_back({"smtpTls", "insecure",
                      "Chỉ được gửi thư không mã hóa tới máy chủ trên chính máy này; hãy dùng "
                      "STARTTLS hoặc TLS."});
  }
  if (in.smtp_username.size() > 200 || HasControl(in.smtp_username)) {
    errors.push_back({"smtpUsername", "format", "Tên đăng nhập SMTP không hợp lệ."});
  }
  if (!in.imap_host.empty()) {
    if (!IsHost(in.imap_host)) {
      errors.push_back({"imapHost", "format", "Tên máy chủ hộp thư (IMAP) không hợp lệ."});
    }
    if (in.imap_port < 1 || in.imap_port > 65535) {
      errors.push_back({"imapPort", "range", "Cổng IMAP phải từ 1 đến 65535."});
    }
    if (!mail::ParseTlsMode(in.imap_tls, imap_tls)) {
      errors.push_back({"imapTls", "enum", "Kiểu mã hóa IMAP phải là starttls, tls hoặc none."});
    } else if (imap_tls == mail::TlsMode::kNone && !mail::IsLoopbackHost(in.imap_host)) {
      errors.push_back({"imapTls", "insecure",
                        "Chỉ được đọc hộp thư không mã hóa trên chính máy này; hãy dùng TLS."});
    }
    if (in.imap_username.empty() || in.imap_username.size() > 200 || HasControl(in.imap_username)) {
      errors.push_back({"imapUsername", "format", "Tên đăng nhập IMAP không hợp lệ."});
    }
    if (!IsFolder(in.imap_folder)) {
      errors.push_back({"imapFolder", "format", "Tên thư mục nhận thư không hợp lệ."});
    }
    if (!IsFolder(in.imap_done_folder) || in.imap_done_folder == in.imap_folder) {
      errors.push_back({"imapDoneFolder", "format",
                        "Thư mục chứa thư đã xử lý phải hợp lệ và khác thư mục nhận thư."});
    }
  } else {
    mail::ParseTlsMode("tls", imap_tls);
  }
  for (const auto* p : {&in.smtp_password, &in.imap_password}) {
    if (*p && ((*p)->size() > 500 || HasControl(**p))) {
      errors.push_back({p == &in.smtp_password ? "smtpPassword" : "imapPassword", "format",
                        "Mật khẩu không hợp lệ."});
    }
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors), "Tài khoản thư điện tử không hợp lệ.");
  }
  const std::optional<MailAccount> old = Get(tx, agency);
  auto sealed = [&](const std::optional<std::string>& given,
                    const char* column) -> Result<std::string> {
    if (given && !given->empty()) {
      return box_.Seal(*given);
    }
    if (!old) {
      return std::string();
    }
    std::string kept;
    long long a = agency.value();
    db::Run(tx, std::string("SELECT ") + column + " FROM mailroom_account WHERE agency_id = :a",
            soci::use(a), soci::into(kept));
    return kept;
  };
  CQDT_ASSIGN_OR_RETURN(std::string smtp_sealed, sealed(in.smtp_password, "smtp_password_sealed"));
  CQDT_ASSIGN_OR_RETURN(std::string imap_sealed, sealed(in.imap_password, "imap_password_sealed"));
  long long a = agency.value(), at = now;
  int smtp_port = in.smtp_port, imap_port = in.imap_port, enabled = in.enabled ? 1 : 0;
  std::string smtp_tls_name = mail::TlsModeName(smtp_tls),
              imap_tls_name = mail::TlsModeName(imap_tls);
  std::string by = updated_by;
  MailAccountInput v = in;
  if (old) {
    db::Run(tx,
            "UPDATE mailroom_account SET from_address = :fa, from_name = :fn, smtp_host = :sh,"
            " smtp_port = :sp, smtp_tls = :st, smtp_username = :su, smtp_password_sealed = :sx,"
            " imap_host = :ih, imap_port = :ip, imap_tls = :it, imap_username = :iu,"
            " imap_password_sealed = :ix, imap_folder = :if, imap_done_folder = :id,"
            " enabled = :en, updated_by = :by, updated_at = :at WHERE agency_id = :a",
            soci::use(v.from_address), soci::use(v.from_name), soci::use(v.smtp_host),
            soci::use(smtp_port), soci::use(smtp_tls_name), soci::use(v.smtp_username),
            soci::use(smtp_sealed), soci::use(v.imap_host), soci::use(imap_port),
            soci::use(imap_tls_name), soci::use(v.imap_username), soci::use(imap_sealed),
            soci::use(v.imap_folder), soci::use(v.imap_done_folder), soci::use(enabled),
            soci::use(by), soci::use(at), soci::use(a));
  } else {
    db::Run(tx,
            "INSERT INTO mailroom_account (agency_id, from_address, from_name, smtp_host,"
            " smtp_port, smtp_tls, smtp_username, smtp_password_sealed, imap_host, imap_port,"
            " imap_tls, imap_username, imap_password_sealed, imap_folder, imap_done_folder,"
            " enabled, updated_by, updated_at) VALUES (:a, :fa, :fn, :sh, :sp, :st, :su, :sx,"
            " :ih, :ip, :it, :iu, :ix, :if, :id, :en, :by, :at)",
            soci::use(a), soci::use(v.from_address), soci::use(v.from_name), soci::use(v.smtp_host),
            soci::use(smtp_port), soci::use(smtp_tls_name), soci::use(v.smtp_username),
            soci::use(smtp_sealed), soci::use(v.imap_host), soci::use(imap_port),
            soci::use(imap_tls_name), soci::use(v.imap_username), soci::use(imap_sealed),
            soci::use(v.imap_folder), soci::use(v.imap_done_folder), soci::use(enabled),
            soci::use(by), soci::use(at));
  }
  auto saved = Get(tx, agency);
  if (!saved) {
    return Error::Internal();
  }
  return *saved;
}

Status MailAccounts::Remove(db::Transaction& tx, AgencyId agency) const {
  long long a = agency.value();
  auto st = db::Run(tx, "DELETE FROM mailroom_account WHERE agency_id = :a", soci::use(a));
  if (st->get_affected_rows() != 1) {
    return Error::NotFound("tài khoản thư điện tử", std::to_string(a));
  }
  return Ok();
}

Result<std::string> MailAccounts::Password(db::Transaction& tx, AgencyId agency,
                                           const char* column) const {
  long long a = agency.value();
  std::string sealed;
  db::Run(tx, std::string("SELECT ") + column + " FROM mailroom_account WHERE agency_id = :a",
          soci::use(a), soci::into(sealed));
  return box_.Open(sealed);
}

Result<mail::SmtpServer> MailAccounts::SmtpOf(db::Transaction& tx,
                                              const MailAccount& account) const {
  mail::SmtpServer s;
  s.host = account.smtp_host;
  s.port = account.smtp_port;
  s.tls = account.smtp_tls;
  s.username = account.smtp_username;
  CQDT_ASSIGN_OR_RETURN(s.password, Password(tx, account.agency_id, "smtp_password_sealed"));
  return s;
}

Result<MailAccounts::ImapLogin> MailAccounts::ImapOf(db::Transaction& tx,
                                                     const MailAccount& account) const {
  ImapLogin l;
  l.host = account.imap_host;
  l.port = account.imap_port;
  l.tls = account.imap_tls;
  l.username = account.imap_username;
  l.folder = account.imap_folder;
  l.done_folder = account.imap_done_folder;
  CQDT_ASSIGN_OR_RETURN(l.password, Password(tx, account.agency_id, "imap_password_sealed"));
  return l;
}

}  // namespace cqdt::mailroom
