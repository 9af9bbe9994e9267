#include "onestop/counter_queue.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "core/working_calendar.hpp"
#include "db/statement.hpp"

namespace cqdt::onestop {

namespace {

using identity::Principal;
using identity::Role;

constexpr const char* kTicketColumns =
    "t.id, t.agency_id, t.day, t.number, t.service, t.service_name, t.state, t.issued_at,"
    " t.called_at, t.finished_at, t.counter_id, COALESCE(c.name, ''), t.calls";

struct TicketRow {
  long long id = 0, agency = 0, issued = 0, called = 0, finished = 0, counter = 0;
  soci::indicator counter_ind = soci::i_null;
  std::string day, service, service_name, state, counter_name;
  int number = 0, calls = 0;

  Ticket ToTicket() const {
    Ticket t;
    t.id = TicketId(id);
    t.agency = AgencyId(agency);
    t.day = day;
    t.number = number;
    t.service = service;
    t.service_name = service_name;
    t.state = ParseTicketState(state).value_or(TicketState::kWaiting);
    t.issued_at = issued;
    t.called_at = called;
    t.finished_at = finished;
    t.counter = counter_ind == soci::i_ok ? CounterId(counter) : CounterId();
    t.counter_name = counter_name;
    t.calls = calls;
    return t;
  }
};

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    out += (out.empty() ? "" : ",") + s;
  }
  return out;
}

std::vector<std::string> Split(const std::string& joined) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < joined.size()) {
    std::size_t comma = joined.find(',', start);
    if (comma == std::string::npos) {
      comma = joined.size();
    }
    if (comma > start) {
      out.push_back(joined.substr(start, comma - start));
    }
    start = comma + 1;
  }
  return out;
}

std::optional<ServiceCounter> LoadCounter(db::Transaction& tx, CounterId id) {
  long long cid = id.value(), agency = 0;
  ServiceCounter c;
  std::string services;
  int active = 1;
  auto st =
      db::Run(tx, "SELECT agency_id, name, services, active FROM onestop_counter WHERE id = :id",
              soci::use(cid), soci::into(agency), soci::into(c.name), soci::into(services),
              soci::into(active));
  if (!st.got_data()) {
    return std::nullopt;
  }
  c.id = id;
  c.agency = AgencyId(agency);
  c.services = Split(services);
  c.active = active != 0;
  return c;
}

std::optional<Ticket> CurrentAt(db::Transaction& tx, CounterId counter) {
  long long cid = counter.value();
  TicketRow r;
  auto st = db::Run(tx,
                    std::string("SELECT ") + kTicketColumns +
                        " FROM onestop_ticket t LEFT JOIN onestop_counter c ON c.id ="
                        " t.counter_id WHERE t.counter_id = :c AND t.state = 'called'",
                    soci::use(cid), soci::into(r.id), soci::into(r.agency), soci::into(r.day),
                    soci::into(r.number), soci::into(r.service), soci::into(r.service_name),
                    soci::into(r.state), soci::into(r.issued), soci::into(r.called),
                    soci::into(r.finished), soci::into(r.counter, r.counter_ind),
                    soci::into(r.counter_name), soci::into(r.calls));
  if (!st.got_data()) {
    return std::nullopt;
  }
  return r.ToTicket();
}

// The waiting tickets of `agency` today this counter may serve, oldest first (ids only).
std::vector<long long> WaitingFor(db::Transaction& tx, const ServiceCounter& c,
                                  const std::string& day) {
  long long agency = c.agency.value(), id = 0;
  std::string service;
  auto st = db::Prepare(tx,
                        "SELECT id, service FROM onestop_ticket WHERE agency_id = :a AND day = :d"
                        " AND state = 'waiting' ORDER BY number",
                        soci::use(agency), soci::use(day), soci::into(id), soci::into(service));
  st->execute(false);
  std::vector<long long> out;
  while (st->fetch()) {
    if (c.services.empty() || service.empty() ||
        std::find(c.services.begin(), c.services.end(), service) != c.services.end()) {
      out.push_back(id);
    }
  }
  return out;
}

void Finish(db::Transaction& tx, const Ticket& t, const char* state, std::int64_t now) {
  long long id = t.id.value(), at = now;
  const std::string s = state;
  db::Run(tx,
          "UPDATE onestop_ticket SET state = :s, finished_at = :f WHERE id = :id AND state ="
          " 'called'",
          soci::use(s), soci::use(at), soci::use(id));
}

bool IsCounterOfficerOf(const Principal& p, AgencyId agency) {
  return p.realm == identity::Realm::kStaff && p.agency_id == agency &&
         p.Has(Role::kCounterOfficer);
}

}  // namespace

const char* TicketStateName(TicketState s) {
  switch (s) {
    case TicketState::kWaiting:
      return "waiting";
    case TicketState::kCalled:
      return "called";
    case TicketState::kServed:
      return "served";
    case TicketState::kAbsent:
      return "absent";
  }
  return "waiting";
}

std::optional<TicketState> ParseTicketState(std::string_view name) {
  for (TicketState s :
       {TicketState::kWaiting, TicketState::kCalled, TicketState::kServed, TicketState::kAbsent}) {
    if (name == TicketStateName(s)) {
      return s;
    }
  }
  return std::nullopt;
}

std::string TicketStateLabel(TicketState s) {
  switch (s) {
    case TicketState::kWaiting:
      return "Đang chờ";
    case TicketState::kCalled:
      return "Đang phục vụ";
    case TicketState::kServed:
      return "Đã phục vụ";
    case TicketState::kAbsent:
      return "Vắng mặt";
  }
  return "";
}

std::string CounterQueueService::Today() const {
  return FormatIsoDate(ToVietnamLocal(clock_.Now()).date);
}

Result<std::vector<ServiceCounter>> CounterQueueService::Counters(db::Transaction& tx,
                                                                  const Principal& p,
                                                                  AgencyId agency) const {
  if (p.realm != identity::Realm::kStaff || (p.agency_id != agency && !p.Has(Role::kAdmin))) {
    return Error::PermissionDenied();
  }
  long long a = agency.value(), id = 0;
  ServiceCounter c;
  std::string services;
  int active = 1;
  auto st = db::Prepare(tx,
                        "SELECT id, name, services, active FROM onestop_counter WHERE agency_id ="
                        " :a ORDER BY name",
                        soci::use(a), soci::into(id), soci::into(c.name), soci::into(services),
                        soci::into(active));
  st->execute(false);
  std::vector<ServiceCounter> out;
  while (st->fetch()) {
    ServiceCounter x = c;
    x.id = CounterId(id);
    x.agency = agency;
    x.services = Split(services);
    x.active = active != 0;
    out.push_back(x);
  }
  return out;
}

Result<ServiceCounter> CounterQueueService::SaveCounter(db::Transaction& tx, const Principal& p,
                                                        const audit::Actor& actor,
                                                        ServiceCounter c) {
  if (!c.agency.IsSet()) {
    c.agency = p.agency_id;
  }
  const bool allowed = p.realm == identity::Realm::kStaff &&
                       (p.Has(Role::kAdmin) || (p.agency_id == c.agency && p.Has(Role::kLeader)));
  if (!allowed) {
    return Error::PermissionDenied();
  }
  std::vector<FieldError> errors;
  if (auto name = CheckText(c.name, "name", "Tên quầy", 1, 50, errors)) {
    c.name = *name;
  }
  if (c.services.size() > 20) {
    errors.push_back({"services", "length", "Một quầy phục vụ tối đa 20 lĩnh vực."});
  }
  for (const auto& s : c.services) {
    if (s.empty() || s.size() > 50 || s.find(',') != std::string::npos || HasControlChars(s)) {
      errors.push_back({"services", "format", "Mã lĩnh vực của quầy không hợp lệ."});
      break;
    }
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  CQDT_RETURN_IF_ERROR(agencies_.Get(tx, c.agency));
  long long agency = c.agency.value(), id = c.id.value();
  int active = c.active ? 1 : 0;
  const std::string services = Join(c.services);
  long long clash = 0;
  auto same = db::Run(tx,
                      "SELECT id FROM onestop_counter WHERE agency_id = :a AND name = :n AND id"
                      " <> :id",
                      soci::use(agency), soci::use(c.name), soci::use(id), soci::into(clash));
  if (same.got_data()) {
    return Error::Conflict("Đã có quầy cùng tên.", {{"name", "taken", "Đã có quầy cùng tên."}});
  }
  if (c.id.IsSet()) {
    auto existing = LoadCounter(tx, c.id);
    if (!existing || existing->agency != c.agency) {
      return Error::NotFound("quầy", std::to_string(c.id.value()));
    }
    db::Run(tx, "UPDATE onestop_counter SET name = :n, services = :s, active = :ac WHERE id = :id",
            soci::use(c.name), soci::use(services), soci::use(active), soci::use(id));
  } else {
    db::Run(tx,
            "INSERT INTO onestop_counter (agency_id, name, services, active) VALUES (:a, :n, :s,"
            " :ac) RETURNING id",
            soci::use(agency), soci::use(c.name), soci::use(services), soci::use(active),
            soci::into(id));
    c.id = CounterId(id);
  }
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor, {"onestop.counter_saved", "counter", std::to_string(id), c.name}));
  return c;
}

Result<Ticket> CounterQueueService::Issue(
    db::Transaction& tx, const std::string& agency_code, const std::string& service,
    const std::vector<std::pair<std::string, std::string>>& services) {
  CQDT_ASSIGN_OR_RETURN(org::Agency agency, agencies_.GetByCode(tx, agency_code));
  std::string service_name;
  if (!service.empty()) {
    auto it = std::find_if(services.begin(), services.end(),
                           [&](const auto& s) { return s.first == service; });
    if (it == services.end()) {
      return Error::InvalidField("service", "unknown", "Bộ phận không tiếp nhận lĩnh vực này.");
    }
    service_name = it->second;
  }
  const std::string day = Today();
  CQDT_ASSIGN_OR_RETURN(
      std::int64_t number,
      counters_.Next(tx, {"ticket:" + std::to_string(agency.id.value()), day}, 99999));
  long long a = agency.id.value(), at = ToUnixSeconds(clock_.Now()), id = 0;
  int n = static_cast<int>(number);
  db::Run(tx,
          "INSERT INTO onestop_ticket (agency_id, day, number, service, service_name, state,"
          " issued_at, called_at, finished_at, calls) VALUES (:a, :d, :n, :s, :sn, 'waiting', :at,"
          " 0, 0, 0) RETURNING id",
          soci::use(a), soci::use(day), soci::use(n), soci::use(service), soci::use(service_name),
          soci::use(at), soci::into(id));
  Ticket t;
  t.id = TicketId(id);
  t.agency = agency.id;
  t.day = day;
  t.number = n;
  t.service = service;
  t.service_name = service_name;
  t.issued_at = at;
  int ahead = 0;
  db::Run(tx,
          "SELECT COUNT(*) FROM onestop_ticket WHERE agency_id = :a AND day = :d AND state ="
          " 'waiting' AND number < :n",
          soci::use(a), soci::use(day), soci::use(n), soci::into(ahead));
  t.waiting_before = ahead;
  return t;
}

Result<Board> CounterQueueService::BoardOf(
    db::Transaction& tx, const std::string& agency_code,
    std::vector<std::pair<std::string, std::string>> services) const {
  CQDT_ASSIGN_OR_RETURN(org::Agency agency, agencies_.GetByCode(tx, agency_code));
  Board b;
  b.agency_name = agency.name;
  b.day = Today();
  b.services = std::move(services);
  long long a = agency.id.value();
  TicketRow r;
  auto st = db::Prepare(
      tx,
      std::string("SELECT ") + kTicketColumns +
          " FROM onestop_ticket t JOIN onestop_counter c ON c.id = t.counter_id WHERE"
          " t.agency_id = :a AND t.day = :d AND t.id = (SELECT u.id FROM onestop_ticket u"
          " WHERE u.counter_id = t.counter_id AND u.day = t.day ORDER BY u.called_at DESC, u.id"
          " DESC LIMIT 1) ORDER BY t.called_at DESC, t.number DESC",
      soci::use(a), soci::use(b.day), soci::into(r.id), soci::into(r.agency), soci::into(r.day),
      soci::into(r.number), soci::into(r.service), soci::into(r.service_name), soci::into(r.state),
      soci::into(r.issued), soci::into(r.called), soci::into(r.finished),
      soci::into(r.counter, r.counter_ind), soci::into(r.counter_name), soci::into(r.calls));
  st->execute(false);
  while (st->fetch()) {
    b.serving.push_back(r.ToTicket());
  }
  db::Run(tx,
          "SELECT COUNT(*) FROM onestop_ticket WHERE agency_id = :a AND day = :d AND state ="
          " 'waiting'",
          soci::use(a), soci::use(b.day), soci::into(b.waiting));
  return b;
}

Result<CounterDesk> CounterQueueService::Desk(db::Transaction& tx, const Principal& p,
                                              CounterId counter) const {
  auto c = LoadCounter(tx, counter);
  if (!c || p.realm != identity::Realm::kStaff || p.agency_id != c->agency) {
    return Error::NotFound("quầy", std::to_string(counter.value()));
  }
  CounterDesk d;
  d.counter = *c;
  d.current = CurrentAt(tx, counter);
  d.waiting = static_cast<int>(WaitingFor(tx, *c, Today()).size());
  return d;
}

Result<CounterDesk> CounterQueueService::CallNext(db::Transaction& tx, const Principal& p,
                                                  const audit::Actor& actor, CounterId counter) {
  CQDT_ASSIGN_OR_RETURN(CounterDesk d, Desk(tx, p, counter));
  if (!IsCounterOfficerOf(p, d.counter.agency)) {
    return Error::PermissionDenied("Chỉ cán bộ Bộ phận Một cửa được gọi số.");
  }
  if (!d.counter.active) {
    return Error::FailedPrecondition("Quầy đang tạm ngừng phục vụ.");
  }
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  if (d.current) {
    Finish(tx, *d.current, "served", now);
  }
  // Two counters may call at once: the conditional UPDATE lets one of them take a ticket, and
  // the other takes the next one.
  for (long long id : WaitingFor(tx, d.counter, Today())) {
    long long cid = counter.value(), at = now;
    soci::statement st =
        (tx.sql().prepare << "UPDATE onestop_ticket SET state = 'called', counter_id = :c,"
                             " called_at = :at, calls = 1 WHERE id = :id AND state = 'waiting'",
         soci::use(cid), soci::use(at), soci::use(id));
    st.execute(true);
    if (st.get_affected_rows() == 1) {
      CQDT_RETURN_IF_ERROR(audit_.Record(
          tx, actor, {"onestop.ticket_called", "ticket", std::to_string(id), d.counter.name}));
      break;
    }
  }
  return Desk(tx, p, counter);
}

Result<CounterDesk> CounterQueueService::Recall(db::Transaction& tx, const Principal& p,
                                                CounterId counter) {
  CQDT_ASSIGN_OR_RETURN(CounterDesk d, Desk(tx, p, counter));
  if (!IsCounterOfficerOf(p, d.counter.agency)) {
    return Error::PermissionDenied("Chỉ cán bộ Bộ phận Một cửa được gọi số.");
  }
  if (!d.current) {
    return Error::FailedPrecondition("Quầy chưa gọi số nào.");
  }
  long long id = d.current->id.value(), at = ToUnixSeconds(clock_.Now());
  db::Run(tx, "UPDATE onestop_ticket SET called_at = :at, calls = calls + 1 WHERE id = :id",
          soci::use(at), soci::use(id));
  return Desk(tx, p, counter);
}

Result<CounterDesk> CounterQueueService::MarkAbsent(db::Transaction& tx, const Principal& p,
                                                    CounterId counter) {
  CQDT_ASSIGN_OR_RETURN(CounterDesk d, Desk(tx, p, counter));
  if (!IsCounterOfficerOf(p, d.counter.agency)) {
    return Error::PermissionDenied("Chỉ cán bộ Bộ phận Một cửa được gọi số.");
  }
  if (!d.current) {
    return Error::FailedPrecondition("Quầy chưa gọi số nào.");
  }
  Finish(tx, *d.current, "absent", ToUnixSeconds(clock_.Now()));
  return Desk(tx, p, counter);
}

}  // namespace cqdt::onestop
