// The officials' daily digest (issue 15 item 2; private to app): once a day at [mail]
// digest_hour, every staff user with an address and open work gets one notice "mail.digest"
// (deduplicated per day), and its e-mail lists their overdue, due-soon and other open items, read
// from the documents module's queues when the e-mail is rendered.
#pragma once

#include "core/clock.hpp"
#include "db/database.hpp"
#include "documents/queue_service.hpp"
#include "identity/identity_service.hpp"
#include "mailroom/delivery.hpp"
#include "notify/outbox.hpp"
#include "org/agency_service.hpp"

namespace cqdt::app {

// The lines of a user's digest: overdue first, then due soon, then the rest, at most 30 in all.
class QueueDigestSource final : public mailroom::DigestSource {
 public:
  QueueDigestSource(identity::IdentityService& identity, const documents::QueueService& queues)
      : identity_(identity), queues_(queues) {}
  std::vector<std::string> Items(db::Transaction& tx, UserId user) override;

 private:
  identity::IdentityService& identity_;
  const documents::QueueService& queues_;
};

// Writes today's digest notices; returns how many were written (0 on a second run the same day).
int WriteDigests(db::Database& db, identity::IdentityService& identity,
                 org::AgencyService& agencies, const documents::QueueService& queues,
                 const notify::Outbox& outbox, const Clock& clock);

}  // namespace cqdt::app
