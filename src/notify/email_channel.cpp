#include "notify/email_channel.hpp"

#include <algorithm>

#include <soci/soci.h>

#include "db/claims.hpp"
#include "db/statement.hpp"
#include "message_row.hpp"

namespace cqdt::notify {
namespace {

// The notice's own columns, then the e-mail's.
const std::string kColumns = std::string(internal::kMessageColumns) +
                             ", email_next_attempt_at, email_message_id, email_address, "
                             "email_claimed_at, email_sent_at";

struct Row {
  internal::MessageRow message;
  long long next_at = 0, claimed_at = 0, sent_at = 0;
  std::string message_id, address;
  soci::indicator next_ind = soci::i_null, mid_ind = soci::i_null, addr_ind = soci::i_null,
                  claimed_ind = soci::i_null, sent_ind = soci::i_null;

  void Bind(soci::statement& st) {
    message.Bind(st);
    st.exchange(soci::into(next_at, next_ind));
    st.exchange(soci::into(message_id, mid_ind));
    st.exchange(soci::into(address, addr_ind));
    st.exchange(soci::into(claimed_at, claimed_ind));
    st.exchange(soci::into(sent_at, sent_ind));
  }

  EmailItem Get() const {
    EmailItem out;
    out.message = message.Get();
    EmailFacts& e = out.email;
    if (mid_ind == soci::i_ok) {
      e.message_id = message_id;
    }
    if (addr_ind == soci::i_ok) {
      e.address = address;
    }
    if (claimed_ind == soci::i_ok) {
      e.claimed_at = FromUnixSeconds(claimed_at);
    }
    if (sent_ind == soci::i_ok) {
      e.sent_at = FromUnixSeconds(sent_at);
    }
    if (next_ind == soci::i_ok) {
      e.next_attempt_at = FromUnixSeconds(next_at);
    }
    return out;
  }
};

// The longest error kept on a notice (bytes; a server's reply can be long).
constexpr std::size_t kMaxErrorBytes = 1000;

std::string Clip(const std::string& s) {
  if (s.size() <= kMaxErrorBytes) {
    return s;
  }
  std::size_t n = kMaxErrorBytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) {
    --n;  // never cut a UTF-8 sequence
  }
  return s.substr(0, n);
}

}  // namespace

std::vector<EmailItem> EmailChannel::Due(db::Transaction& tx, int limit) const {
  limit = std::clamp(limit, 1, 500);
  long long now = ToUnixSeconds(clock_.Now());
  long long stale = now - claim_lease_.count();
  Row r;
  soci::statement st(tx.sql());
  r.Bind(st);
  st.exchange(soci::use(now, "now"));
  st.exchange(soci::use(stale, "stale"));
  st.alloc();
  st.prepare(std::string("SELECT ") + kColumns +
             " FROM notify_message WHERE email_state = 'pending' AND email_next_attempt_at <= :now"
             " AND (email_claimed_at IS NULL OR email_claimed_at <= :stale)"
             " ORDER BY id LIMIT " +
             std::to_string(limit));
  st.define_and_bind();
  std::vector<EmailItem> out;
  if (st.execute(true)) {
    do {
      out.push_back(r.Get());
    } while (st.fetch());
  }
  return out;
}

std::vector<NoticeId> EmailChannel::Claimable(db::Transaction& tx,
                                              const std::vector<NoticeId>& ids) const {
  std::vector<NoticeId> out;
  if (ids.empty()) {
    return out;
  }
  long long stale = ToUnixSeconds(clock_.Now()) - claim_lease_.count();
  // The ids are numbers of this module's own rows, written into the text (no client input).
  std::string list;
  for (NoticeId id : ids) {
    list += (list.empty() ? "" : ",") + std::to_string(id.value());
  }
  long long id = 0;
  soci::statement st =
      (tx.sql().prepare << "SELECT id FROM notify_message WHERE id IN (" + list +
                               ") AND email_state = 'pending' AND (email_claimed_at IS NULL OR"
                               " email_claimed_at <= :stale) ORDER BY id" +
                               db::SkipLocked(tx.engine()),
       soci::into(id), soci::use(stale));
  st.execute(false);
  while (st.fetch()) {
    out.emplace_back(id);
  }
  return out;
}

Result<EmailItem> EmailChannel::Get(db::Transaction& tx, NoticeId id) const {
  long long key = id.value();
  Row r;
  soci::statement st(tx.sql());
  r.Bind(st);
  st.exchange(soci::use(key, "id"));
  st.alloc();
  st.prepare(std::string("SELECT ") + kColumns + " FROM notify_message WHERE id = :id");
  st.define_and_bind();
  if (!st.execute(true)) {
    return Error::NotFound("thông báo", std::to_string(id.value()));
  }
  return r.Get();
}

Result<std::string> EmailChannel::MarkSending(db::Transaction& tx, NoticeId id,
                                              const std::string& address,
                                              const std::string& proposed_message_id) const {
  long long key = id.value();
  long long now = ToUnixSeconds(clock_.Now());
  long long stale = now - claim_lease_.count();
  std::string proposed = proposed_message_id;
  std::string addr = address;
  auto st = db::Run(tx,
                    "UPDATE notify_message SET email_message_id = COALESCE(email_message_id, :mid),"
                    " email_address = :addr, email_claimed_at = :now"
                    " WHERE id = :id AND email_state = 'pending'"
                    " AND (email_claimed_at IS NULL OR email_claimed_at <= :stale)",
                    soci::use(proposed), soci::use(addr), soci::use(now), soci::use(key),
                    soci::use(stale));
  if (st->get_affected_rows() != 1) {
    return Error::FailedPrecondition("Thông báo không còn chờ gửi thư điện tử.");
  }
  std::string mid;
  db::Run(tx, "SELECT email_message_id FROM notify_message WHERE id = :id", soci::use(key),
          soci::into(mid));
  return mid;
}

Status EmailChannel::Update(db::Transaction& tx, NoticeId id, const std::string& sql_set,
                            const std::string& error, std::optional<TimePoint> next,
                            bool count_attempt, bool unclaimed_only) const {
  long long key = id.value();
  long long now = ToUnixSeconds(clock_.Now());
  long long stale = now - claim_lease_.count();
  long long next_at = next ? ToUnixSeconds(*next) : 0;
  soci::indicator next_ind = next ? soci::i_ok : soci::i_null;
  std::string err = Clip(error);
  std::string sql =
      "UPDATE notify_message SET " + sql_set +
      ", email_last_error = :err, email_next_attempt_at = :next"
      ", email_attempts = email_attempts + " +
      (count_attempt ? "1" : "0") + " WHERE id = :id AND email_state = 'pending'" +
      (unclaimed_only ? " AND (email_claimed_at IS NULL OR email_claimed_at <= :stale)" : "");
  soci::statement st(tx.sql());
  if (sql_set.find(":now") != std::string::npos) {
    st.exchange(soci::use(now, "now"));
  }
  st.exchange(soci::use(err, "err"));
  st.exchange(soci::use(next_at, next_ind, "next"));
  st.exchange(soci::use(key, "id"));
  if (unclaimed_only) {
    st.exchange(soci::use(stale, "stale"));
  }
  st.alloc();
  st.prepare(sql);
  st.define_and_bind();
  st.execute(true);
  if (st.get_affected_rows() != 1) {
    return Error::FailedPrecondition("Thông báo không còn chờ gửi thư điện tử.");
  }
  return Ok();
}

Status EmailChannel::MarkSent(db::Transaction& tx, NoticeId id) const {
  return Update(tx, id, "email_state = 'sent', email_sent_at = :now", "", std::nullopt, true);
}

Status EmailChannel::MarkDeferred(db::Transaction& tx, NoticeId id, const std::string& error,
                                  TimePoint next) const {
  return Update(tx, id, "email_state = 'pending', email_claimed_at = NULL", error, next, true);
}

Status EmailChannel::MarkFailed(db::Transaction& tx, NoticeId id, const std::string& error) const {
  return Update(tx, id, "email_state = 'failed', email_claimed_at = NULL", error, std::nullopt,
                true);
}

Status EmailChannel::MarkSkipped(db::Transaction& tx, NoticeId id,
                                 const std::string& reason) const {
  return Update(tx, id, "email_state = 'skipped', email_claimed_at = NULL", reason, std::nullopt,
                false, true);
}

Status EmailChannel::Release(db::Transaction& tx, NoticeId id) const {
  long long key = id.value();
  db::Run(tx,
          "UPDATE notify_message SET email_claimed_at = NULL WHERE id = :id"
          " AND email_state = 'pending'",
          soci::use(key));
  return Ok();
}

Status EmailChannel::Retry(db::Transaction& tx, NoticeId id) const {
  long long key = id.value();
  long long now = ToUnixSeconds(clock_.Now());
  auto st = db::Run(tx,
                    "UPDATE notify_message SET email_state = 'pending', email_attempts = 0,"
                    " email_next_attempt_at = :now, email_claimed_at = NULL"
                    " WHERE id = :id AND email_state IN ('failed', 'skipped')",
                    soci::use(now), soci::use(key));
  if (st->get_affected_rows() != 1) {
    if (auto found = Get(tx, id); !found) {
      return found.error();
    }
    return Error::FailedPrecondition("Chỉ gửi lại được thông báo đã lỗi hoặc đã bỏ qua.");
  }
  return Ok();
}

EmailCounts EmailChannel::Counts(db::Transaction& tx) const {
  EmailCounts c;
  std::string state;
  long long n = 0;
  soci::statement st(tx.sql());
  st.exchange(soci::into(state));
  st.exchange(soci::into(n));
  st.alloc();
  st.prepare("SELECT email_state, COUNT(*) FROM notify_message GROUP BY email_state");
  st.define_and_bind();
  if (st.execute(true)) {
    do {
      if (state == "pending") {
        c.pending = n;
      } else if (state == "sent") {
        c.sent = n;
      } else if (state == "failed") {
        c.failed = n;
      } else if (state == "skipped") {
        c.skipped = n;
      }
    } while (st.fetch());
  }
  return c;
}

}  // namespace cqdt::notify
