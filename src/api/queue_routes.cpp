// The counter queue (issue 12 item 5): the hall's kiosk issues tickets and its display reads
// the board (public, limited per address), the desk's leaders set up counters, and counter
// officers call the next number. The rules are onestop::CounterQueueService's.
#include "internal.hpp"
#include "onestop/counter_queue.hpp"

namespace cqdt::api {

namespace {

using namespace onestop;

std::optional<http::Response> Unready(ApiContext& ctx, const http::Request& req) {
  if (ctx.counter_queue == nullptr || ctx.catalogue == nullptr) {
    return Fail(Error::Unavailable("Chức năng xếp hàng chưa sẵn sàng."), req);
  }
  return std::nullopt;
}

// The services of a desk: the sectors of the procedures its agency performs.
std::vector<std::pair<std::string, std::string>> ServicesOf(ApiContext& ctx, db::Transaction& tx,
                                                            const std::string& agency_code) {
  std::vector<std::pair<std::string, std::string>> out;
  auto agency = ctx.agencies.GetByCode(tx, agency_code);
  if (!agency) {
    return out;  // the service answers the unknown desk with its 404
  }
  CatalogueFilter f;
  f.agency = agency->id;
  f.limit = 1;
  auto page = ctx.catalogue->List(tx, f);
  if (!page) {
    return out;
  }
  for (const auto& s : page->sectors) {
    if (!s.code.empty()) {
      out.emplace_back(s.code, s.name);
    }
  }
  return out;
}

json TicketJson(const Ticket& t, const http::Request& req) {
  return {{"id", t.id.value()},
          {"day", t.day},
          {"number", t.number},
          {"service", t.service},
          {"serviceName", t.service_name},
          {"state", TicketStateName(t.state)},
          {"stateLabel", http::Localized(TicketStateLabel(t.state), req)},
          {"issuedAt", t.issued_at == 0 ? "" : ToIsoVietnam(FromUnixSeconds(t.issued_at))},
          {"calledAt", t.called_at == 0 ? "" : ToIsoVietnam(FromUnixSeconds(t.called_at))},
          {"counter", t.counter_name},
          {"calls", t.calls},
          {"waitingBefore", t.waiting_before}};
}

json CounterJson(const ServiceCounter& c) {
  return {{"id", c.id.value()}, {"name", c.name}, {"services", c.services}, {"active", c.active}};
}

json DeskJson(const CounterDesk& d, const http::Request& req) {
  return {{"counter", CounterJson(d.counter)},
          {"current", d.current ? TicketJson(*d.current, req) : json(nullptr)},
          {"waiting", d.waiting}};
}

http::Response Board(ApiContext& ctx, http::Request& req) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  if (auto limited = LimitPerAddress(ctx, req, "queue-board", 240)) {
    return *limited;
  }
  auto tx = ctx.db.BeginRead();
  const std::string code = req.Param("agencyCode");
  auto board = ctx.counter_queue->BoardOf(tx, code, ServicesOf(ctx, tx, code));
  if (!board) {
    return Fail(board.error(), req);
  }
  json serving = json::array();
  for (const auto& t : board->serving) {
    serving.push_back(TicketJson(t, req));
  }
  json services = json::array();
  for (const auto& [c, n] : board->services) {
    services.push_back({{"code", c}, {"name", n}});
  }
  http::Response res = JsonResponse(200, {{"agencyName", board->agency_name},
                                          {"day", board->day},
                                          {"serving", std::move(serving)},
                                          {"waiting", board->waiting},
                                          {"services", std::move(services)}});
  res.headers.Set("Cache-Control", "no-store");
  return res;
}

http::Response IssueTicket(ApiContext& ctx, http::Request& req) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  if (auto refused = GuardAnonymous(ctx, req)) {
    return *refused;
  }
  auto body = JsonBody::Parse(req, {"service"});
  if (!body) {
    return Fail(body.error(), req);
  }
  const std::string service = body->String("service").value_or("");
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  auto tx = ctx.db.Begin();
  const std::string code = req.Param("agencyCode");
  auto ticket = ctx.counter_queue->Issue(tx, code, service, ServicesOf(ctx, tx, code));
  if (!ticket) {
    return Fail(ticket.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(201, TicketJson(*ticket, req));
}

Result<ServiceCounter> ReadCounter(const http::Request& req, const identity::Principal& p) {
  CQDT_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(req, {"name", "services", "active"}));
  body.Require({"name"});
  ServiceCounter c;
  c.agency = p.agency_id;
  c.name = body.String("name").value_or("");
  c.services = body.StringArray("services").value_or(std::vector<std::string>{});
  c.active = body.Bool("active").value_or(true);
  CQDT_RETURN_IF_ERROR(body.Finish());
  return c;
}

using StaffHandler =
    std::function<http::Response(ApiContext&, http::Request&, const identity::Principal&)>;

http::Handler Staff(ApiContext& ctx, StaffHandler handler) {
  return Authed(ctx, [&ctx, handler](http::Request& req, const identity::Principal& p) {
    if (auto u = Unready(ctx, req)) {
      return *u;
    }
    return handler(ctx, req, p);
  });
}

http::Response ListCounters(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto tx = ctx.db.BeginRead();
  auto counters = ctx.counter_queue->Counters(tx, p, p.agency_id);
  if (!counters) {
    return Fail(counters.error(), req);
  }
  json items = json::array();
  for (const auto& c : *counters) {
    items.push_back(CounterJson(c));
  }
  auto agency = ctx.agencies.Get(tx, p.agency_id);
  return JsonResponse(200,
                      {{"items", std::move(items)}, {"agencyCode", agency ? agency->code : ""}});
}

http::Response SaveCounter(ApiContext& ctx, http::Request& req, const identity::Principal& p,
                           bool create) {
  auto c = ReadCounter(req, p);
  if (!c) {
    return Fail(c.error(), req);
  }
  if (!create) {
    auto id = PathId(req);
    if (!id) {
      return Fail(id.error(), req);
    }
    c->id = CounterId(*id);
  }
  auto tx = ctx.db.Begin();
  auto saved = ctx.counter_queue->SaveCounter(tx, p, ActorOf(p, req), *c);
  if (!saved) {
    return Fail(saved.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(create ? 201 : 200, CounterJson(*saved));
}

enum class DeskAction { kShow, kCallNext, kRecall, kAbsent };

http::Response OnDesk(ApiContext& ctx, http::Request& req, const identity::Principal& p,
                      DeskAction action) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  const CounterId counter(*id);
  auto tx = ctx.db.Begin();
  Result<CounterDesk> desk = Error::Internal();
  switch (action) {
    case DeskAction::kShow:
      desk = ctx.counter_queue->Desk(tx, p, counter);
      break;
    case DeskAction::kCallNext:
      desk = ctx.counter_queue->CallNext(tx, p, ActorOf(p, req), counter);
      break;
    case DeskAction::kRecall:
      desk = ctx.counter_queue->Recall(tx, p, counter);
      break;
    case DeskAction::kAbsent:
      desk = ctx.counter_queue->MarkAbsent(tx, p, counter);
      break;
  }
  if (!desk) {
    return Fail(desk.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(200, DeskJson(*desk, req));
}

}  // namespace

void RegisterQueueRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/queue/{agencyCode}/board",
        [&ctx](http::Request& req) { return Board(ctx, req); }, {},
        {"Bảng gọi số của Bộ phận Một cửa / The hall's display",
         "queue",
         "",
         "QueueBoard",
         {},
         true});
  r.Add("POST", "/api/v1/queue/{agencyCode}/tickets",
        [&ctx](http::Request& req) { return IssueTicket(ctx, req); }, {},
        {"Lấy số thứ tự (máy kiosk) / Take a ticket at the kiosk",
         "queue",
         "QueueTicketInput",
         "QueueTicket",
         {},
         true,
         "application/json",
         201});
  r.Add("GET", "/api/v1/queue/counters",
        Staff(ctx, [](ApiContext& c, http::Request& req,
                      const identity::Principal& p) { return ListCounters(c, req, p); }),
        {}, {"Các quầy của cơ quan / The agency's counters", "queue", "", "QueueCounterList"});
  r.Add("POST", "/api/v1/queue/counters",
        Staff(ctx, [](ApiContext& c, http::Request& req,
                      const identity::Principal& p) { return SaveCounter(c, req, p, true); }),
        {},
        {"Thêm quầy / Add a counter",
         "queue",
         "QueueCounterInput",
         "QueueCounter",
         {},
         false,
         "application/json",
         201});
  r.Add("PUT", "/api/v1/queue/counters/{id}",
        Staff(ctx, [](ApiContext& c, http::Request& req,
                      const identity::Principal& p) { return SaveCounter(c, req, p, false); }),
        {}, {"Sửa quầy / Edit a counter", "queue", "QueueCounterInput", "QueueCounter"});
  const std::pair<const char*, DeskAction> desk_routes[] = {
      {"/api/v1/queue/counters/{id}/call-next", DeskAction::kCallNext},
      {"/api/v1/queue/counters/{id}/recall", DeskAction::kRecall},
      {"/api/v1/queue/counters/{id}/absent", DeskAction::kAbsent}};
  r.Add(
      "GET", "/api/v1/queue/counters/{id}",
      Staff(ctx, [](ApiContext& c, http::Request& req,
                    const identity::Principal& p) { return OnDesk(c, req, p, DeskAction::kShow); }),
      {}, {"Quầy và số đang phục vụ / A counter and its current ticket", "queue", "", "QueueDesk"});
  for (const auto& [path, action] : desk_routes) {
    const DeskAction a = action;
    r.Add("POST", path,
          Staff(ctx, [a](ApiContext& c, http::Request& req,
                         const identity::Principal& p) { return OnDesk(c, req, p, a); }),
          {},
          {a == DeskAction::kCallNext ? "Gọi số tiếp theo / Call the next number"
           : a == DeskAction::kRecall ? "Gọi lại số đang phục vụ / Call the number again"
                                      : "Người có số vắng mặt / The ticket's holder is absent",
           "queue", "", "QueueDesk"});
  }
}

void AddQueueSchemas(json& s) {
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  const json boolean = {{"type", "boolean"}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  auto array = [](json items) { return json{{"type", "array"}, {"items", std::move(items)}}; };
  const json ticket =
      obj({{"id", integer},
           {"day", str},
           {"number", integer},
           {"service", str},
           {"serviceName", str},
           {"state", {{"type", "string"}, {"enum", {"waiting", "called", "served", "absent"}}}},
           {"stateLabel", str},
           {"issuedAt", str},
           {"calledAt", str},
           {"counter", str},
           {"calls", integer},
           {"waitingBefore", integer}},
          {"number", "state"});
  const json counter =
      obj({{"id", integer}, {"name", str}, {"services", array(str)}, {"active", boolean}},
          {"id", "name"});
  s["QueueTicket"] = ticket;
  s["QueueTicketInput"] = obj({{"service", str}}, {});
  s["QueueBoard"] = obj({{"agencyName", str},
                         {"day", str},
                         {"serving", array(ticket)},
                         {"waiting", integer},
                         {"services", array(obj({{"code", str}, {"name", str}}, {"code"}))}},
                        {"serving", "waiting"});
  s["QueueCounter"] = counter;
  s["QueueCounterInput"] =
      obj({{"name", str}, {"services", array(str)}, {"active", boolean}}, {"name"});
  s["QueueCounterList"] = obj({{"items", array(counter)}, {"agencyCode", str}}, {"items"});
  s["QueueDesk"] = obj({{"counter", counter},
                        {"current", {{"oneOf", {ticket, {{"type", "null"}}}}}},
                        {"waiting", integer}},
                       {"counter", "waiting"});
}

}  // namespace cqdt::api
