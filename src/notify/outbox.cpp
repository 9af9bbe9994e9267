#include "notify/outbox.hpp"

#include <algorithm>

#include <soci/soci.h>

#include "core/text.hpp"
#include "db/statement.hpp"
#include "message_row.hpp"

namespace cqdt::notify {
namespace {

// Lower-case ASCII letters, '.' and '_', starting with a letter: kinds and entity types come
// from code, but a bad one would end up in URLs and logs, so they are checked like input.
bool IsKindText(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max || s.front() < 'a' || s.front() > 'z') {
    return false;
  }
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || c == '.' || c == '_')) {
      return false;
    }
  }
  return true;
}

// Printable ASCII without spaces (entity ids, dedup keys).
bool IsToken(std::string_view s, std::size_t max) {
  if (s.empty() || s.size() > max) {
    return false;
  }
  for (char c : s) {
    if (c <= ' ' || c > '~') {
      return false;
    }
  }
  return true;
}

// The web app follows the link, so it must stay inside the app: a path starting with exactly one
// '/'. "//host" and "/\host" are network-path references to another site in browsers, and
// "javascript:" or "https:" cannot start with '/'. No spaces or controls (printable ASCII only).
bool IsSafeLinkPath(std::string_view s) {
  if (s.empty() || s.size() > kMaxLinkLength || s.front() != '/') {
    return false;
  }
  if (s.size() > 1 && (s[1] == '/' || s[1] == '\\')) {
    return false;
  }
  for (char c : s) {
    if (c <= ' ' || c > '~' || c == '\\') {
      return false;
    }
  }
  return true;
}

const char* KindColumn(RecipientKind kind) { return RecipientKindName(kind); }

Status CheckRecipient(const Recipient& r) {
  if (r.id <= 0) {
    return Error::InvalidField("recipient", "required", "Người nhận thông báo không hợp lệ.");
  }
  return Ok();
}

// Every field of a notice, with the trimmed texts. Field errors accumulate.
Result<Notice> Validate(const Notice& in) {
  std::vector<FieldError> errors;
  if (in.recipient.id <= 0) {
    errors.push_back({"recipient", "required", "Người nhận thông báo không hợp lệ."});
  }
  if (!IsKindText(in.kind, kMaxKindLength)) {
    errors.push_back({"kind", "format",
                      "Loại thông báo phải gồm chữ thường không dấu, dấu chấm hoặc gạch dưới, "
                      "bắt đầu bằng chữ, tối đa 64 ký tự."});
  }
  Notice out = in;
  auto vi =
      CheckText(in.text_vi, "textVi", "Nội dung thông báo tiếng Việt", 1, kMaxTextLength, errors);
  auto en =
      CheckText(in.text_en, "textEn", "Nội dung thông báo tiếng Anh", 1, kMaxTextLength, errors);
  if (vi) {
    out.text_vi = *vi;
  }
  if (en) {
    out.text_en = *en;
  }
  if (!in.link.empty() && !IsSafeLinkPath(in.link)) {
    errors.push_back({"link", "format",
                      "Đường dẫn của thông báo phải là đường dẫn trong ứng dụng, bắt đầu bằng một "
                      "dấu /, không có khoảng trắng, tối đa 500 ký tự."});
  }
  if (in.entity_type.empty() != in.entity_id.empty()) {
    errors.push_back({in.entity_type.empty() ? "entityType" : "entityId", "required",
                      "Loại và mã đối tượng của thông báo phải có cả hai hoặc để trống cả hai."});
  } else if (!in.entity_type.empty()) {
    if (!IsKindText(in.entity_type, kMaxEntityTypeLength)) {
      errors.push_back({"entityType", "format",
                        "Loại đối tượng phải gồm chữ thường không dấu, dấu chấm hoặc gạch dưới, "
                        "tối đa 64 ký tự."});
    }
    if (!IsToken(in.entity_id, kMaxEntityIdLength)) {
      errors.push_back({"entityId", "format",
                        "Mã đối tượng phải là ký tự ASCII in được, không có khoảng trắng, tối đa "
                        "100 ký tự."});
    }
  }
  if (!in.dedup_key.empty() && !IsToken(in.dedup_key, kMaxDedupKeyLength)) {
    errors.push_back({"dedupKey", "format",
                      "Khóa chống trùng phải là ký tự ASCII in được, không có khoảng trắng, tối "
                      "đa 200 ký tự."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors), "Thông báo không hợp lệ.");
  }
  return out;
}

}  // namespace

const char* RecipientKindName(RecipientKind kind) {
  return kind == RecipientKind::kCitizen ? "citizen" : "user";
}

const char* DeliveryStateName(DeliveryState state) {
  switch (state) {
    case DeliveryState::kPending:
      return "pending";
    case DeliveryState::kSent:
      return "sent";
    case DeliveryState::kFailed:
      return "failed";
    case DeliveryState::kSkipped:
      return "skipped";
  }
  return "pending";
}

std::string DefaultDedupKey(const std::string& kind, const std::string& entity_type,
                            const std::string& entity_id, TimePoint at) {
  // The day as the recipient lives it: Vietnam time (UTC+7).
  return kind + "|" + entity_type + ":" + entity_id + "|" + ToIsoVietnam(at).substr(0, 10);
}

Result<Enqueued> Outbox::Enqueue(db::Transaction& tx, const Notice& notice) const {
  CQDT_ASSIGN_OR_RETURN(Notice n, Validate(notice));
  const TimePoint now = clock_.Now();
  if (n.dedup_key.empty()) {
    // Built from checked fields; it may be longer than a caller's key may be (the column has
    // no limit), and is never cut, or two different notices could share a key.
    n.dedup_key = DefaultDedupKey(n.kind, n.entity_type, n.entity_id, now);
  }
  std::string recipient_kind = KindColumn(n.recipient.kind);
  long long recipient_id = n.recipient.id;
  long long created = ToUnixSeconds(now);
  long long id = 0;
  // One statement: a duplicate key is no error (and, on PostgreSQL, no aborted transaction). A
  // concurrent transaction inserting the same key makes this one wait for it; if it commits, DO
  // NOTHING, and the SELECT below (a new READ COMMITTED snapshot) sees its row. On SQLite the
  // write lock taken at BEGIN IMMEDIATE serialises writers.
  if (db::Run(tx,
              "INSERT INTO notify_message (recipient_kind, recipient_id, kind, text_vi, text_en, "
              "link, entity_type, entity_id, dedup_key, created_at, email_state, "
              "email_attempts, email_last_error, email_next_attempt_at) VALUES (:rk, :rid, :kind, "
              ":vi, :en, :link, :et, :eid, :dk, :at, 'pending', 0, '', :next) "
              "ON CONFLICT (recipient_kind, recipient_id, dedup_key) DO NOTHING RETURNING id",
              soci::use(recipient_kind), soci::use(recipient_id), soci::use(n.kind),
              soci::use(n.text_vi), soci::use(n.text_en), soci::use(n.link),
              soci::use(n.entity_type), soci::use(n.entity_id), soci::use(n.dedup_key),
              soci::use(created), soci::use(created), soci::into(id))
          .got_data()) {
    if (listener_ != nullptr) {
      tx.OnCommit(
          [listener = listener_, recipient = n.recipient] { listener->NoticeWritten(recipient); });
    }
    return Enqueued{NoticeId(id), true};
  }
  // Prepared once per connection, as the INSERT: a sweep that repeats a notice (the first
  // escalation sweep after migration onestop 12 repeats every late step's) runs it for each.
  if (!db::Run(tx,
               "SELECT id FROM notify_message WHERE recipient_kind = :rk AND recipient_id = :rid "
               "AND dedup_key = :dk",
               soci::use(recipient_kind), soci::use(recipient_id), soci::use(n.dedup_key),
               soci::into(id))
           .got_data()) {
    // The conflicting row vanished between the two statements: only a concurrent delete could
    // do that, and nothing deletes notices. Treat it as the bug it would be.
    return Error::Internal();
  }
  return Enqueued{NoticeId(id), false};
}

Result<MessagePage> Outbox::ListForRecipient(db::Transaction& tx, const Recipient& recipient,
                                             bool unread_only, int limit, int offset) const {
  CQDT_RETURN_IF_ERROR(CheckRecipient(recipient));
  std::vector<FieldError> errors;
  if (limit < 1 || limit > kMaxListLimit) {
    errors.push_back({"limit", "range", "Số thông báo mỗi trang phải từ 1 đến 100."});
  }
  if (offset < 0) {
    errors.push_back({"offset", "range", "Vị trí bắt đầu không được âm."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  std::string recipient_kind = KindColumn(recipient.kind);
  long long recipient_id = recipient.id;
  const std::string where = std::string(" WHERE recipient_kind = :rk AND recipient_id = :rid") +
                            (unread_only ? " AND read_at IS NULL" : "");
  MessagePage page;
  long long total = 0;
  tx.sql() << "SELECT COUNT(*) FROM notify_message" + where, soci::use(recipient_kind, "rk"),
      soci::use(recipient_id, "rid"), soci::into(total);
  page.total = total;
  internal::MessageRow r;
  soci::statement st(tx.sql());
  r.Bind(st);
  st.exchange(soci::use(recipient_kind, "rk"));
  st.exchange(soci::use(recipient_id, "rid"));
  st.alloc();
  // limit and offset are integers checked above, not client text.
  st.prepare(std::string("SELECT ") + internal::kMessageColumns + " FROM notify_message" + where +
             " ORDER BY created_at DESC, id DESC LIMIT " + std::to_string(limit) + " OFFSET " +
             std::to_string(offset));
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) {
    page.items.push_back(r.Get());
  }
  return page;
}

Result<MessagePage> Outbox::ListAll(db::Transaction& tx, const std::string& kind_prefix,
                                    std::optional<DeliveryState> state, int limit,
                                    int offset) const {
  std::vector<FieldError> errors;
  if (limit < 1 || limit > kMaxListLimit) {
    errors.push_back({"limit", "range", "Số thông báo mỗi trang phải từ 1 đến 100."});
  }
  if (offset < 0) {
    errors.push_back({"offset", "range", "Vị trí bắt đầu không được âm."});
  }
  if (kind_prefix.size() > kMaxKindLength ||
      !std::all_of(kind_prefix.begin(), kind_prefix.end(),
                   [](char c) { return (c >= 'a' && c <= 'z') || c == '.' || c == '_'; })) {
    errors.push_back({"kind", "format", "Loại thông báo chỉ gồm chữ thường, dấu chấm, gạch dưới."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  // Only constant text and checked integers enter the SQL; the prefix is bound.
  std::string where = " WHERE kind LIKE :k ESCAPE '\\'";
  std::string pattern;
  for (char c : kind_prefix) {
    if (c == '_') {
      pattern += '\\';
    }
    pattern += c;
  }
  pattern += '%';
  std::string state_name = state ? DeliveryStateName(*state) : "";
  if (state) {
    where += " AND email_state = :s";
  }
  MessagePage page;
  long long total = 0;
  {
    soci::statement count(tx.sql());
    count.exchange(soci::into(total));
    count.exchange(soci::use(pattern, "k"));
    if (state) {
      count.exchange(soci::use(state_name, "s"));
    }
    count.alloc();
    count.prepare("SELECT COUNT(*) FROM notify_message" + where);
    count.define_and_bind();
    count.execute(true);
  }
  page.total = total;
  internal::MessageRow r;
  soci::statement st(tx.sql());
  r.Bind(st);
  st.exchange(soci::use(pattern, "k"));
  if (state) {
    st.exchange(soci::use(state_name, "s"));
  }
  st.alloc();
  st.prepare(std::string("SELECT ") + internal::kMessageColumns + " FROM notify_message" + where +
             " ORDER BY created_at DESC, id DESC LIMIT " + std::to_string(limit) + " OFFSET " +
             std::to_string(offset));
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) {
    page.items.push_back(r.Get());
  }
  return page;
}

std::int64_t Outbox::CountUnread(db::Transaction& tx, const Recipient& recipient) const {
  std::string recipient_kind = KindColumn(recipient.kind);
  long long recipient_id = recipient.id;
  long long n = 0;
  tx.sql() << "SELECT COUNT(*) FROM notify_message WHERE recipient_kind = :rk AND "
              "recipient_id = :rid AND read_at IS NULL",
      soci::use(recipient_kind), soci::use(recipient_id), soci::into(n);
  return n;
}

Result<std::vector<Message>> Outbox::ListAfter(db::Transaction& tx, const Recipient& recipient,
                                               NoticeId after, int limit) const {
  CQDT_RETURN_IF_ERROR(CheckRecipient(recipient));
  if (limit < 1 || limit > kMaxListLimit) {
    return Error::InvalidField("limit", "range", "Số thông báo mỗi trang phải từ 1 đến 100.");
  }
  std::string recipient_kind = KindColumn(recipient.kind);
  long long recipient_id = recipient.id;
  long long after_id = after.value();
  std::vector<Message> items;
  internal::MessageRow r;
  soci::statement st(tx.sql());
  r.Bind(st);
  st.exchange(soci::use(recipient_kind, "rk"));
  st.exchange(soci::use(recipient_id, "rid"));
  st.exchange(soci::use(after_id, "after"));
  st.alloc();
  // limit is an integer checked above, not client text.
  st.prepare(std::string("SELECT ") + internal::kMessageColumns +
             " FROM notify_message WHERE recipient_kind = :rk AND recipient_id = :rid AND "
             "id > :after ORDER BY id LIMIT " +
             std::to_string(limit));
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) {
    items.push_back(r.Get());
  }
  return items;
}

NoticeId Outbox::LastId(db::Transaction& tx, const Recipient& recipient) const {
  std::string recipient_kind = KindColumn(recipient.kind);
  long long recipient_id = recipient.id;
  long long id = 0;
  soci::indicator ind = soci::i_ok;
  tx.sql() << "SELECT MAX(id) FROM notify_message WHERE recipient_kind = :rk AND "
              "recipient_id = :rid",
      soci::use(recipient_kind), soci::use(recipient_id), soci::into(id, ind);
  return NoticeId(ind == soci::i_ok ? id : 0);
}

int Outbox::Marked(db::Transaction& tx, const Recipient& recipient, int changed) const {
  if (changed > 0 && listener_ != nullptr) {
    tx.OnCommit([listener = listener_, recipient] { listener->NoticesRead(recipient); });
  }
  return changed;
}

Result<int> Outbox::MarkRead(db::Transaction& tx, const Recipient& recipient,
                             const std::vector<NoticeId>& ids) const {
  CQDT_RETURN_IF_ERROR(CheckRecipient(recipient));
  if (ids.size() > kMaxMarkIds) {
    return Error::InvalidField("ids", "length", "Chỉ đánh dấu được tối đa 500 thông báo mỗi lần.");
  }
  for (const auto& id : ids) {
    if (!id.IsSet()) {
      return Error::InvalidField("ids", "format", "Mã thông báo phải là số nguyên dương.");
    }
  }
  if (ids.empty()) {
    return 0;
  }
  // The ids are integers checked above, not client text, so the IN list is built from them.
  std::string in;
  for (const auto& id : ids) {
    in += (in.empty() ? "" : ",") + std::to_string(id.value());
  }
  std::string recipient_kind = KindColumn(recipient.kind);
  long long recipient_id = recipient.id;
  long long now = ToUnixSeconds(clock_.Now());
  // The recipient filter is what keeps one person from marking another's notices.
  soci::statement st =
      (tx.sql().prepare << "UPDATE notify_message SET read_at = :now WHERE recipient_kind = :rk "
                           "AND recipient_id = :rid AND read_at IS NULL AND id IN (" +
                               in + ")",
       soci::use(now), soci::use(recipient_kind), soci::use(recipient_id));
  st.execute(true);
  return Marked(tx, recipient, static_cast<int>(st.get_affected_rows()));
}

Result<int> Outbox::MarkAllRead(db::Transaction& tx, const Recipient& recipient) const {
  CQDT_RETURN_IF_ERROR(CheckRecipient(recipient));
  std::string recipient_kind = KindColumn(recipient.kind);
  long long recipient_id = recipient.id;
  long long now = ToUnixSeconds(clock_.Now());
  soci::statement st =
      (tx.sql().prepare << "UPDATE notify_message SET read_at = :now WHERE recipient_kind = :rk "
                           "AND recipient_id = :rid AND read_at IS NULL",
       soci::use(now), soci::use(recipient_kind), soci::use(recipient_id));
  st.execute(true);
  return Marked(tx, recipient, static_cast<int>(st.get_affected_rows()));
}

std::vector<db::Migration> Migrations() {
  // Times are Unix seconds (UTC). The email_* columns are the delivery state of the e-mail
  // channel, filled by the worker of issue 15; the outbox only starts them at pending, due now.
  return {{"notify", 1, "create_notify_message",
           "CREATE TABLE notify_message ("
           " id {{pk}},"
           " recipient_kind TEXT NOT NULL CHECK (recipient_kind IN ('user', 'citizen')),"
           " recipient_id {{bigint}} NOT NULL,"
           " kind TEXT NOT NULL,"
           " text_vi TEXT NOT NULL,"
           " text_en TEXT NOT NULL,"
           " link TEXT NOT NULL,"
           " entity_type TEXT NOT NULL,"
           " entity_id TEXT NOT NULL,"
           " dedup_key TEXT NOT NULL,"
           " created_at {{bigint}} NOT NULL,"
           " read_at {{bigint}},"
           " email_state TEXT NOT NULL"
           "  CHECK (email_state IN ('pending', 'sent', 'failed', 'skipped')),"
           " email_attempts INTEGER NOT NULL,"
           " email_last_error TEXT NOT NULL,"
           " email_next_attempt_at {{bigint}},"
           " UNIQUE (recipient_kind, recipient_id, dedup_key));\n"
           "CREATE INDEX notify_message_recipient"
           " ON notify_message (recipient_kind, recipient_id, created_at);\n"
           "CREATE INDEX notify_message_email_due"
           " ON notify_message (email_state, email_next_attempt_at)"},
          // The e-mail channel (email_channel.hpp, issue 15): the Message-ID chosen before the
          // first attempt (a resend carries it again), the address, when the worker last took
          // the notice, when the server accepted it.
          {"notify", 2, "notify_email_facts",
           "ALTER TABLE notify_message ADD COLUMN email_message_id TEXT;\n"
           "ALTER TABLE notify_message ADD COLUMN email_address TEXT;\n"
           "ALTER TABLE notify_message ADD COLUMN email_claimed_at {{bigint}};\n"
           "ALTER TABLE notify_message ADD COLUMN email_sent_at {{bigint}}"}};
}

}  // namespace cqdt::notify
