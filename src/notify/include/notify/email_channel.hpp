// The outbox's e-mail channel (issue 15): the delivery state of each notice on e-mail, kept in
// the notice's own row (`notify_message.email_*`), so that the outbox stays the one durable queue
// every module writes to. The mailroom module's worker reads the notices due, marks one before it
// talks to the mail server (the Message-ID it will carry, the address) and after (sent, deferred
// with the next attempt, failed, skipped).
//
// Invariants:
// - A notice's Message-ID is chosen once, by the first MarkSending: a resend after a crash (a
//   notice marked sending but never sent) carries the same Message-ID, so a receiver that saw
//   the first copy recognises the second.
// - Due() returns pending notices whose next attempt has come, oldest first (id order), so
//   notices go out in the order they were written.
// - sent, failed and skipped are final until an administrator's Retry puts a failed (or
//   skipped) notice back to pending.
// - Several instances on one database (decision 0024): MarkSending claims a notice until
//   `claim_lease` has passed since its email_claimed_at; meanwhile Due() leaves it out and no
//   other MarkSending or MarkSkipped takes it, so each notice goes out once. A claim whose
//   instance died runs out and the notice is due again (sent again, with the same Message-ID).
//   Deferred, failed, skipped and Release end the claim.
// Requires: a write transaction for the Mark* calls and Retry; any for the reads.
// Thread safety: stateless apart from the clock; share it.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "notify/outbox.hpp"

namespace cqdt::notify {

// The e-mail facts of a notice beyond Message (outbox.hpp).
struct EmailFacts {
  std::string message_id;  // "" until the first MarkSending
  std::string address;     // where it went (or was going)
  std::optional<TimePoint> claimed_at;
  std::optional<TimePoint> sent_at;
  std::optional<TimePoint> next_attempt_at;
};

struct EmailItem {
  Message message;
  EmailFacts email;
};

struct EmailCounts {
  std::int64_t pending = 0, sent = 0, failed = 0, skipped = 0;
};

class EmailChannel {
 public:
  explicit EmailChannel(const Clock& clock,
                        std::chrono::seconds claim_lease = std::chrono::minutes(10))
      : clock_(clock), claim_lease_(std::max(claim_lease, std::chrono::seconds(1))) {}

  // Pending notices whose next attempt is due now and that no instance holds (never claimed,
  // or its claim ran out), oldest first, at most `limit` (1..500).
  std::vector<EmailItem> Due(db::Transaction& tx, int limit) const;

  // Of `ids`, those still pending and unclaimed, locked for this write transaction, in id
  // order: PostgreSQL passes over the rows another instance's transaction holds (SKIP LOCKED)
  // instead of waiting for them. Mark them (MarkSending, MarkSkipped) in the same transaction.
  std::vector<NoticeId> Claimable(db::Transaction& tx, const std::vector<NoticeId>& ids) const;

  // One notice with its e-mail facts; kNotFound.
  Result<EmailItem> Get(db::Transaction& tx, NoticeId id) const;

  // Marks the notice as being sent to `address` now, keeping the Message-ID it already has or
  // taking `proposed_message_id`; returns the Message-ID to send with, and claims it (see
  // Invariants). kFailedPrecondition when the notice is no longer pending (sent or given up
  // meanwhile) or another instance's claim holds it.
  Result<std::string> MarkSending(db::Transaction& tx, NoticeId id, const std::string& address,
                                  const std::string& proposed_message_id) const;
  // The server took it.
  Status MarkSent(db::Transaction& tx, NoticeId id) const;
  // A temporary failure: pending again, next attempt at `next`, the attempt counted.
  Status MarkDeferred(db::Transaction& tx, NoticeId id, const std::string& error,
                      TimePoint next) const;
  // A permanent failure (5xx, or too many attempts): shown to administrators.
  Status MarkFailed(db::Transaction& tx, NoticeId id, const std::string& error) const;
  // Not sent at all (no address, the recipient opted out, too old): `reason` in Vietnamese.
  // kFailedPrecondition also when another instance's claim holds it.
  Status MarkSkipped(db::Transaction& tx, NoticeId id, const std::string& reason) const;
  // A notice marked sending that was not tried after all (its server went down first): the
  // claim ends, the notice stays pending and due, no attempt is counted.
  Status Release(db::Transaction& tx, NoticeId id) const;
  // An administrator's retry of a failed or skipped notice: pending, due now, attempts from 0.
  // kFailedPrecondition for a pending or sent one.
  Status Retry(db::Transaction& tx, NoticeId id) const;

  EmailCounts Counts(db::Transaction& tx) const;

 private:
  Status Update(db::Transaction& tx, NoticeId id, const std::string& sql_set,
                const std::string& error, std::optional<TimePoint> next, bool count_attempt,
                bool unclaimed_only = false) const;

  const Clock& clock_;
  std::chrono::seconds claim_lease_;
};

}  // namespace cqdt::notify
