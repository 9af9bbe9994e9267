// The durable outbox of notices to people (thông báo): "a document was assigned to you", "due
// tomorrow", "waiting for your signature"; later the one-stop desk's and the portal's notices
// (decision 0009). A domain module writes a notice in its own transaction; the web reads a
// person's unread notices; the e-mail worker of issue 15 delivers them from the same rows.
//
// The outbox knows no domain. A notice is a recipient (a staff user or a citizen), a kind
// ("documents.assigned"), one line in Vietnamese and one in English, already rendered by the
// caller from the message catalog (the outbox never translates), a link path inside the web app,
// the entity it is about, and a dedup key.
//
// Requires: a write transaction from db::Database::Begin() for Enqueue, MarkRead and MarkAllRead
// (on PostgreSQL, Enqueue relies on READ COMMITTED to see a concurrent duplicate once it
// commits); any transaction for the reads.
// Errors: kInvalidArgument with one FieldError per bad field (Vietnamese messages naming the
// field: recipient, kind, textVi, textEn, link, entityType, entityId, dedupKey, ids, limit,
// offset). Database faults are exceptions.
// Thread safety: Outbox is stateless apart from the clock; share it. A Transaction belongs to
// one thread.
//
// Invariants:
// - A notice exists exactly when the caller's transaction commits (written in it, rolled back
//   with it).
// - (recipient, dedup key) is unique: Enqueue of a notice whose key the recipient already has
//   writes nothing and returns the existing notice's id, also when two transactions race (one
//   waits for the other and then sees its row). So a job that runs twice notifies once.
// - A recipient reads and marks only their own notices: every query is filtered by recipient,
//   and ids of other people's notices are ignored, never reported (no existence is revealed).
// - read_at is set once, by the first MarkRead/MarkAllRead that covers the notice.
// - Times are UTC; stored as Unix seconds.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"

namespace cqdt::notify {

using NoticeId = StrongId<struct NoticeIdTag>;

enum class RecipientKind { kUser, kCitizen };

// Who reads a notice: a staff user (UserId value) or a citizen (CitizenId value).
struct Recipient {
  RecipientKind kind = RecipientKind::kUser;
  std::int64_t id = 0;

  static Recipient User(UserId user) { return {RecipientKind::kUser, user.value()}; }
  static Recipient Citizen(CitizenId citizen) { return {RecipientKind::kCitizen, citizen.value()}; }
  friend bool operator==(const Recipient&, const Recipient&) = default;
};

const char* RecipientKindName(RecipientKind kind);  // "user", "citizen"

// The state of a notice on a delivery channel (e-mail, issue 15). A notice starts `pending`;
// the worker sets `sent`, `failed` (after its last attempt) or `skipped` (no address, opted out).
enum class DeliveryState { kPending, kSent, kFailed, kSkipped };
const char* DeliveryStateName(DeliveryState state);  // "pending", "sent", "failed", "skipped"

// Limits of the fields (code points for texts, bytes for ASCII fields).
constexpr std::size_t kMaxTextLength = 1000;
constexpr std::size_t kMaxKindLength = 64;
constexpr std::size_t kMaxLinkLength = 500;
constexpr std::size_t kMaxEntityTypeLength = 64;
constexpr std::size_t kMaxEntityIdLength = 100;
constexpr std::size_t kMaxDedupKeyLength = 200;
constexpr int kMaxListLimit = 100;
constexpr std::size_t kMaxMarkIds = 500;

// A notice to write.
struct Notice {
  Recipient recipient;
  // What happened, lower-case ASCII letters, '.' and '_', starting with a letter:
  // "<module>.<event>" ("documents.assigned"). 1-64 characters.
  std::string kind;
  // The line the recipient reads, in Vietnamese and in English: 1-1000 code points each, no
  // control characters (trimmed).
  std::string text_vi;
  std::string text_en;
  // Where the notice leads in the web app: "" (nowhere), or a path that starts with one '/'
  // ("/van-ban/den/12"), printable ASCII without spaces or '\', at most 500 bytes. Never a URL
  // with a scheme or a host ("//evil.example", "/\evil.example"): the web follows it as a link.
  std::string link;
  // What the notice is about ("documents.document", "42"); both or neither. The type follows the
  // rule of `kind`; the id is printable ASCII without spaces, at most 100 bytes.
  std::string entity_type;
  std::string entity_id;
  // Makes a notice unique per recipient; printable ASCII without spaces, at most 200 bytes.
  // Empty: DefaultDedupKey(kind, entity, today in Vietnam) — the same event about the same thing
  // reaches a person once a day.
  std::string dedup_key;
};

// A stored notice.
struct Message {
  NoticeId id;
  Recipient recipient;
  std::string kind;
  std::string text_vi;
  std::string text_en;
  std::string link;
  std::string entity_type;
  std::string entity_id;
  TimePoint created_at;
  std::optional<TimePoint> read_at;
  DeliveryState email_state = DeliveryState::kPending;  // the e-mail channel (issue 15)
  int email_attempts = 0;
  std::string email_last_error;
};

struct Enqueued {
  NoticeId id;
  bool created = false;  // false: the recipient already had a notice with this dedup key
};

struct MessagePage {
  std::vector<Message> items;  // newest first
  std::int64_t total = 0;      // all that match the filter, beyond this page
};

// "<kind>|<entity_type>:<entity_id>|<YYYY-MM-DD>" (the day in Vietnam time).
std::string DefaultDedupKey(const std::string& kind, const std::string& entity_type,
                            const std::string& entity_id, TimePoint at);

// Told about each new notice once the transaction that wrote it has committed (never after a
// rollback, never for a duplicate), and about notices marked read: the live feed
// (live_feed.hpp) pushes the notice, or the new unread count, to open streams.
// Called on the committing thread; must not block.
class NoticeListener {
 public:
  virtual ~NoticeListener() = default;
  virtual void NoticeWritten(const Recipient& recipient) = 0;
  // MarkRead or MarkAllRead changed at least one notice of `recipient`.
  virtual void NoticesRead(const Recipient& recipient) = 0;
};

class Outbox {
 public:
  explicit Outbox(const Clock& clock) : clock_(clock) {}

  // Registers the process's listener (nullptr: none). Call while wiring, before any Enqueue.
  void SetListener(NoticeListener* listener) { listener_ = listener; }

  // Validates `notice` and writes it in `tx` (delivery state pending, due now), unless the
  // recipient already has a notice with the same dedup key: then writes nothing and returns that
  // notice's id with created = false (not an error).
  Result<Enqueued> Enqueue(db::Transaction& tx, const Notice& notice) const;

  // The recipient's notices, newest first; only the unread ones when `unread_only`.
  // limit 1..kMaxListLimit, offset >= 0 (kInvalidArgument otherwise).
  Result<MessagePage> ListForRecipient(db::Transaction& tx, const Recipient& recipient,
                                       bool unread_only, int limit, int offset) const;

  // The administrator's view of the whole outbox (issue 12 item 7): every notice whose kind
  // starts with `kind_prefix` ("" for all, "onestop." for the one-stop desk's), optionally in
  // one delivery state, newest first. The caller checks that the reader is an administrator.
  // kInvalidArgument: kind (lower-case letters, '.', '_'), limit, offset.
  Result<MessagePage> ListAll(db::Transaction& tx, const std::string& kind_prefix,
                              std::optional<DeliveryState> state, int limit, int offset) const;

  std::int64_t CountUnread(db::Transaction& tx, const Recipient& recipient) const;

  // The recipient's notices with an id above `after`, oldest (lowest id) first, at most `limit`
  // (1..kMaxListLimit; kInvalidArgument otherwise): what a live stream has not sent yet.
  Result<std::vector<Message>> ListAfter(db::Transaction& tx, const Recipient& recipient,
                                         NoticeId after, int limit) const;
  // The highest id among the recipient's notices (0 when none).
  NoticeId LastId(db::Transaction& tx, const Recipient& recipient) const;

  // Marks the recipient's notices among `ids` read (now). Ids of notices that are not theirs,
  // or do not exist, or are read already are ignored. Returns how many became read.
  // kInvalidArgument for a non-positive id or more than kMaxMarkIds ids.
  Result<int> MarkRead(db::Transaction& tx, const Recipient& recipient,
                       const std::vector<NoticeId>& ids) const;

  // Marks every unread notice of the recipient read; returns how many.
  Result<int> MarkAllRead(db::Transaction& tx, const Recipient& recipient) const;

 private:
  // Tells the listener, once `tx` commits, that `changed` (> 0) notices became read.
  int Marked(db::Transaction& tx, const Recipient& recipient, int changed) const;

  const Clock& clock_;
  NoticeListener* listener_ = nullptr;
};

// The module's schema (notify_message).
std::vector<db::Migration> Migrations();

}  // namespace cqdt::notify
