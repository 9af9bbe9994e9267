// The counter queue of a one-stop desk (issue 12 item 5; beyond the commercial suites): a kiosk
// issues numbered tickets by service (the sector of the procedure), the display shows the
// numbers being served at each counter, and a counter officer calls the next number; the
// waiting and serving times go into the statistics.
//
// Rules:
// - Tickets are numbered 1, 2, 3… per desk (agency) and day in Vietnam, without gaps (the
//   `numbering` counter "ticket:<agency id>", in the issuing transaction).
// - A counter serves the services it lists (sector codes), or every service when it lists none;
//   a ticket without a service goes to any counter. "Call next" finishes the counter's current
//   ticket as served and calls the oldest waiting ticket it may serve; "absent" finishes it as
//   absent; "recall" calls the same number again (the display shows it once more).
// - Only tickets of today are waiting: yesterday's unserved tickets are never called.
// Permissions: issuing a ticket and reading the board are public (the kiosk and the display sit
// in the hall); calling is for counter officers of the desk's agency; creating and editing
// counters for its leaders and administrators (kPermissionDenied).
// Errors: kInvalidArgument naming name (1..50), services (..20 codes of 1..50), service (a
// service the desk offers, or empty), counterId; kNotFound for an unknown desk or counter.
// Every method runs in the caller's transaction (writes: Database::Begin()). Thread safety:
// stateless beyond its collaborators.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "identity/principal.hpp"
#include "numbering/counter_service.hpp"
#include "org/agency_service.hpp"

namespace cqdt::onestop {

using CounterId = StrongId<struct CounterIdTag>;
using TicketId = StrongId<struct TicketIdTag>;

enum class TicketState { kWaiting, kCalled, kServed, kAbsent };
const char* TicketStateName(TicketState s);  // "waiting", "called", "served", "absent"
std::optional<TicketState> ParseTicketState(std::string_view name);
std::string TicketStateLabel(TicketState s);

struct ServiceCounter {
  CounterId id;
  AgencyId agency;
  std::string name;                   // "Quầy 1"
  std::vector<std::string> services;  // sector codes; empty: every service
  bool active = true;
};

struct Ticket {
  TicketId id;
  AgencyId agency;
  std::string day;  // YYYY-MM-DD in Vietnam
  int number = 0;
  std::string service;  // sector code, or ""
  std::string service_name;
  TicketState state = TicketState::kWaiting;
  std::int64_t issued_at = 0;
  std::int64_t called_at = 0;
  std::int64_t finished_at = 0;
  CounterId counter;
  std::string counter_name;
  int calls = 0;           // how many times it was called (a recall adds one)
  int waiting_before = 0;  // set by Issue: the tickets waiting ahead of it
};

// What the hall's display shows.
struct Board {
  std::string agency_name;
  std::string day;
  std::vector<Ticket> serving;  // the ticket called last at each counter, newest call first
  int waiting = 0;
  std::vector<std::pair<std::string, std::string>> services;  // (code, name) offered
};

// A counter's own view.
struct CounterDesk {
  ServiceCounter counter;
  std::optional<Ticket> current;
  int waiting = 0;  // tickets this counter may call
};

class CounterQueueService {
 public:
  CounterQueueService(audit::AuditLog& audit, const org::AgencyService& agencies,
                      const numbering::CounterService& counters, const Clock& clock)
      : audit_(audit), agencies_(agencies), counters_(counters), clock_(clock) {}

  // Counters of an agency (its staff read them; everyone reads through the board).
  Result<std::vector<ServiceCounter>> Counters(db::Transaction& tx, const identity::Principal& p,
                                               AgencyId agency) const;
  Result<ServiceCounter> SaveCounter(db::Transaction& tx, const identity::Principal& p,
                                     const audit::Actor& actor, ServiceCounter counter);

  // The services of the desk: the sectors of the procedures the agency performs, passed by the
  // caller (the catalogue knows them) as (code, name).
  Result<Ticket> Issue(db::Transaction& tx, const std::string& agency_code,
                       const std::string& service,
                       const std::vector<std::pair<std::string, std::string>>& services);
  Result<Board> BoardOf(db::Transaction& tx, const std::string& agency_code,
                        std::vector<std::pair<std::string, std::string>> services) const;

  Result<CounterDesk> Desk(db::Transaction& tx, const identity::Principal& p,
                           CounterId counter) const;
  Result<CounterDesk> CallNext(db::Transaction& tx, const identity::Principal& p,
                               const audit::Actor& actor, CounterId counter);
  Result<CounterDesk> Recall(db::Transaction& tx, const identity::Principal& p, CounterId counter);
  Result<CounterDesk> MarkAbsent(db::Transaction& tx, const identity::Principal& p,
                                 CounterId counter);

 private:
  std::string Today() const;
  audit::AuditLog& audit_;
  const org::AgencyService& agencies_;
  const numbering::CounterService& counters_;
  const Clock& clock_;
};

}  // namespace cqdt::onestop
