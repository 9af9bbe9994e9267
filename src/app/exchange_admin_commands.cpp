// `cqdt exchange send|list|show|replay|peers` (issue 14, item 5): the hub for scripts and repair,
// on the configured database, without a running server (the server's forwarder picks up what
// these change).
//   send FILE [--as PARTNER]   receive one package as if a member or peer (or this instance) sent
//                              it: inspected with that source's signature policy and the trust
//                              store, then routed; exit 0 when accepted, 1 when refused
//   list [--filter refused|document|status] [--dead|--pending] [--limit N] [--json]
//   show ID [--json]           one package with its deliveries and hops
//   replay DELIVERY            a dead or pending delivery routed and tried again now
//   peers [--json]             partners, their routes and their open queues
// Times are printed in Vietnam time (UTC+7).
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli.hpp"
#include "commands.hpp"
#include "core/clock.hpp"
#include "exchange_runtime.hpp"
#include "signing_cli.hpp"

namespace cqdt::app {
namespace {

struct AdminArgs {
  std::string file, as, filter;
  bool json = false, dead = false, pending = false;
  int limit = 50;
  std::int64_t id = 0;
};

std::string VietnamTime(std::int64_t unix_seconds) {
  return unix_seconds == 0 ? "" : ToIsoVietnam(FromUnixSeconds(unix_seconds));
}

nlohmann::json MessageJson(const exchange::Message& m) {
  nlohmann::json warnings = nlohmann::json::array();
  for (const auto& w : m.warnings) {
    warnings.push_back({{"code", w.code}, {"message", w.message}});
  }
  return {{"id", m.id.value()},
          {"kind", exchange::PackageKindName(m.kind)},
          {"documentId", m.document_id},
          {"from", m.from_organ},
          {"statusCode", m.status_code},
          {"subject", m.subject},
          {"source", m.source},
          {"size", m.size},
          {"sha256", m.sha256},
          {"accepted", m.accepted},
          {"refusalReason", m.refusal_reason},
          {"refusalMessage", m.refusal_message},
          {"warnings", warnings},
          {"receivedAt", VietnamTime(m.received_at)}};
}

nlohmann::json DeliveryJson(const exchange::Delivery& d) {
  return {{"id", d.id.value()},
          {"messageId", d.message_id.value()},
          {"recipient", d.recipient},
          {"route", exchange::DeliveryRouteName(d.route)},
          {"state", exchange::TransportStateName(d.state)},
          {"attempts", d.attempts},
          {"lastError", d.last_error},
          {"deliveredAt", VietnamTime(d.delivered_at)}};
}

void PrintMessage(const exchange::Message& m) {
  std::printf("#%lld  %s  %s  từ/from %s  %s  %s\n", static_cast<long long>(m.id.value()),
              VietnamTime(m.received_at).c_str(), exchange::PackageKindName(m.kind),
              m.from_organ.c_str(), m.document_id.c_str(),
              m.accepted
                  ? (m.status_code.empty() ? "" : ("trạng thái/status " + m.status_code).c_str())
                  : ("TỪ CHỐI/refused: " + m.refusal_reason).c_str());
}

void PrintDelivery(const exchange::Delivery& d) {
  std::printf("  lượt/delivery %lld  → %s  %s  %s  lần thử/attempts %d%s%s\n",
              static_cast<long long>(d.id.value()), d.recipient.c_str(),
              exchange::DeliveryRouteName(d.route), exchange::TransportStateName(d.state),
              d.attempts, d.last_error.empty() ? "" : "  ", d.last_error.c_str());
}

int Send(Services& s, ExchangeRuntime& rt, const AdminArgs& a) {
  auto bytes = ReadWholeFile(a.file);
  if (!bytes) {
    return Usage("Không đọc được tệp " + a.file, "cannot read the package file");
  }
  exchange::Source source;
  {
    auto tx = s.db->BeginRead();
    if (!a.as.empty()) {
      auto p = rt.partners.ByCode(tx, a.as);
      if (!p) {
        return Usage("Không có hệ thống thành viên hay trục nào mã " + a.as,
                     "no member or peer has this code");
      }
      source.kind = p->kind == exchange::PartnerKind::kMember ? exchange::Source::Kind::kMember
                                                              : exchange::Source::Kind::kPeer;
      source.partner = std::move(*p);
    }
  }
  exchange::InspectOptions options = rt.inspect;
  options.signature =
      source.partner ? source.partner->signature_policy : exchange::SignaturePolicy::kRequire;
  std::shared_ptr<const crypto::TrustStore> documents, timestamps;
  {
    auto read = s.db->BeginRead();
    auto d = s.trust->Store(read, signing::TrustPurpose::kDocument);
    auto t = s.trust->Store(read, signing::TrustPurpose::kTimestamp);
    if (!d || !t) {
      return ExitFor(!d ? d.error() : t.error());
    }
    documents = *d;
    timestamps = *t;
  }
  options.trust.documents = documents.get();
  options.trust.timestamps = timestamps.get();
  const exchange::Inspection in = exchange::Inspect(*bytes, options);
  auto tx = s.db->Begin();
  auto out = rt.hub->Receive(tx, CommandLineActor(), source, *bytes, in);
  if (!out) {
    return ExitFor(out.error());
  }
  if (auto st = tx.Commit(); !st) {
    return ExitFor(st.error());
  }
  if (a.json) {
    nlohmann::json deliveries = nlohmann::json::array();
    for (const auto& d : out->deliveries) {
      deliveries.push_back(DeliveryJson(d));
    }
    PrintJson({{"message", MessageJson(out->message)},
               {"duplicate", out->duplicate},
               {"deliveries", deliveries}},
              2);
  } else {
    PrintMessage(out->message);
    if (out->duplicate) {
      std::printf("  đã nhận trước đó, không lưu lại / a duplicate, stored once\n");
    }
    for (const auto& d : out->deliveries) {
      PrintDelivery(d);
    }
    if (out->refusal) {
      std::printf("  lý do/reason: %s (%s)\n", out->refusal->message.c_str(),
                  out->refusal->field.c_str());
    }
  }
  return out->refusal ? kExitFailure : 0;
}

int List(Services& s, ExchangeRuntime& rt, const AdminArgs& a) {
  auto tx = s.db->BeginRead();
  if (a.dead || a.pending) {
    auto items = rt.hub->ListDeliveries(
        tx, a.dead ? exchange::TransportState::kDead : exchange::TransportState::kPending, a.limit);
    if (a.json) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& d : items) {
        out.push_back(DeliveryJson(d));
      }
      PrintJson({{"items", out}}, 2);
      return 0;
    }
    for (const auto& d : items) {
      PrintDelivery(d);
    }
    if (items.empty()) {
      std::printf("Không có / none\n");
    }
    return 0;
  }
  auto items = rt.hub->ListMessages(tx, a.filter, a.limit, 0);
  if (a.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& m : items) {
      out.push_back(MessageJson(m));
    }
    PrintJson({{"items", out}}, 2);
    return 0;
  }
  for (const auto& m : items) {
    PrintMessage(m);
  }
  if (items.empty()) {
    std::printf("Không có / none\n");
  }
  return 0;
}

int Show(Services& s, ExchangeRuntime& rt, const AdminArgs& a) {
  auto tx = s.db->BeginRead();
  auto m = rt.hub->GetMessage(tx, exchange::MessageId(a.id));
  if (!m) {
    return ExitFor(m.error());
  }
  auto deliveries = rt.hub->DeliveriesOf(tx, m->id);
  auto hops = rt.hub->HopsOf(tx, m->id);
  if (a.json) {
    nlohmann::json j = MessageJson(*m);
    j["deliveries"] = nlohmann::json::array();
    for (const auto& d : deliveries) {
      j["deliveries"].push_back(DeliveryJson(d));
    }
    j["trace"] = nlohmann::json::array();
    for (const auto& h : hops) {
      j["trace"].push_back({{"at", VietnamTime(h.at)},
                            {"from", h.from},
                            {"to", h.to},
                            {"result", h.result},
                            {"detail", h.detail}});
    }
    PrintJson(j, 2);
    return 0;
  }
  PrintMessage(*m);
  for (const auto& d : deliveries) {
    PrintDelivery(d);
  }
  std::printf("Hành trình / trace (giờ Việt Nam / Vietnam time):\n");
  for (const auto& h : hops) {
    std::printf("  %s  %s → %s  %s%s%s\n", VietnamTime(h.at).c_str(), h.from.c_str(), h.to.c_str(),
                h.result.c_str(), h.detail.empty() ? "" : "  ", h.detail.c_str());
  }
  return 0;
}

int Replay(Services& s, ExchangeRuntime& rt, const AdminArgs& a) {
  auto tx = s.db->Begin();
  auto d = rt.hub->Replay(tx, CommandLineActor(), exchange::ExchangeDeliveryId(a.id));
  if (!d) {
    return ExitFor(d.error());
  }
  if (auto st = tx.Commit(); !st) {
    return ExitFor(st.error());
  }
  PrintDelivery(*d);
  return 0;
}

int Peers(Services& s, ExchangeRuntime& rt, const AdminArgs& a) {
  auto tx = s.db->BeginRead();
  auto partners = rt.partners.List(tx);
  auto queues = rt.hub->Queues(tx, true);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& p : partners) {
    nlohmann::json open = nlohmann::json::object();
    for (const auto& q : queues) {
      if (q.partner_code == p.code) {
        open[q.state] = q.count;
      }
    }
    if (a.json) {
      out.push_back({{"code", p.code},
                     {"name", p.name},
                     {"kind", p.kind == exchange::PartnerKind::kMember ? "member" : "peer"},
                     {"baseUrl", p.base_url},
                     {"enabled", p.enabled},
                     {"agencies", p.agencies},
                     {"open", open}});
      continue;
    }
    std::string routes;
    for (const auto& r : p.agencies) {
      routes += (routes.empty() ? "" : ", ") + r;
    }
    std::printf(
        "%s  %s  %s%s\n  tuyến/routes: %s\n  đang chờ/pending %d, không chuyển được/dead %d\n",
        p.code.c_str(), p.name.c_str(),
        p.kind == exchange::PartnerKind::kMember ? "thành viên/member" : "trục/peer",
        p.enabled ? "" : " (tắt/disabled)", routes.c_str(), open.value("pending", 0),
        open.value("dead", 0));
  }
  if (a.json) {
    PrintJson({{"items", out}}, 2);
  } else if (partners.empty()) {
    std::printf("Chưa có hệ thống thành viên hay trục nào / no partners\n");
  }
  return 0;
}

}  // namespace

CommandRunner AddExchangeAdminCommands(CLI::App* exchange) {
  auto a = std::make_shared<AdminArgs>();
  auto* send = exchange->add_subcommand(
      "send", "Nhận một gói tin vào trục (sửa chữa) / receive one package into the hub (repair)");
  send->add_option("file", a->file, "Tệp gói tin / package file")->required();
  send->add_option("--as", a->as,
                   "Như do hệ thống thành viên hay trục này gửi / as sent by this partner code");
  send->add_flag("--json", a->json, "In JSON / print JSON");
  auto* list = exchange->add_subcommand("list", "Các gói tin / packages, newest first");
  list->add_option("--filter", a->filter, "refused | document | status")
      ->check(CLI::IsMember({"refused", "document", "status"}));
  list->add_flag("--dead", a->dead, "Lượt không chuyển được / dead deliveries");
  list->add_flag("--pending", a->pending, "Lượt đang chờ chuyển / pending deliveries");
  list->add_option("--limit", a->limit, "Tối đa / at most (1-500)")->check(CLI::Range(1, 500));
  list->add_flag("--json", a->json, "In JSON / print JSON");
  auto* show = exchange->add_subcommand("show", "Một gói tin và hành trình / one package, trace");
  show->add_option("id", a->id, "Mã gói tin / message id")->required()->check(CLI::PositiveNumber);
  show->add_flag("--json", a->json, "In JSON / print JSON");
  auto* replay = exchange->add_subcommand(
      "replay", "Chuyển lại một lượt / route and try a dead or pending delivery again");
  replay->add_option("delivery", a->id, "Mã lượt chuyển / delivery id")
      ->required()
      ->check(CLI::PositiveNumber);
  auto* peers = exchange->add_subcommand(
      "peers", "Hệ thống thành viên và trục ngang hàng / member systems and peer hubs");
  peers->add_flag("--json", a->json, "In JSON / print JSON");
  for (CLI::App* leaf : {send, list, show, replay, peers}) {
    leaf->fallthrough();  // --db, --data-dir, --config after the command
  }
  return [=](const Config& config) -> std::optional<int> {
    if (!send->parsed() && !list->parsed() && !show->parsed() && !replay->parsed() &&
        !peers->parsed()) {
      return std::nullopt;
    }
    if (list->parsed() && a->dead && a->pending) {
      return Usage("Chọn --dead hoặc --pending, không cả hai", "--dead or --pending, not both");
    }
    auto opened = Services::Open(config);
    if (!opened) {
      return ExitFor(opened.error());
    }
    Services& s = **opened;
    ExchangeRuntime rt(s, config);
    if (send->parsed()) {
      return Send(s, rt, *a);
    }
    if (list->parsed()) {
      return List(s, rt, *a);
    }
    if (show->parsed()) {
      return Show(s, rt, *a);
    }
    if (replay->parsed()) {
      return Replay(s, rt, *a);
    }
    return Peers(s, rt, *a);
  };
}

}  // namespace cqdt::app
