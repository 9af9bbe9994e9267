// The admin's view of the hub and the forwarding bookkeeping (hub.hpp).
#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "db/statement.hpp"
#include "exchange/hub.hpp"
#include "exchange/partners.hpp"
#include "hub_rows.hpp"
#include "text/normalize.hpp"

namespace cqdt::exchange {

std::vector<Message> HubService::ListMessages(db::Transaction& tx, const std::string& filter,
                                              int limit, int offset) const {
  return internal::ListMessages(tx, filter, std::clamp(limit, 1, 200), std::max(offset, 0));
}

std::vector<Delivery> HubService::ListDeliveries(db::Transaction& tx, TransportState state,
                                                 int limit) const {
  return internal::DeliveriesInState(tx, state, std::clamp(limit, 1, 500));
}

std::vector<HubService::DirectoryEntry> HubService::Directory(db::Transaction& tx,
                                                              const std::string& query,
                                                              int limit) const {
  auto fold = [](const std::string& s) {
    auto f = text::FoldForSearch(s);
    return f ? *f : s;
  };
  const std::string q = fold(query);
  std::map<std::string, DirectoryEntry> by_code;
  std::string code, name;
  {
    auto st = db::Prepare(tx,
                          "SELECT a.pattern, p.name FROM exchange_partner_agency a JOIN "
                          "exchange_partner p ON p.id = a.partner_id WHERE p.kind = 'member' "
                          "AND p.enabled = 1",
                          soci::into(code), soci::into(name));
    st->execute(false);
    while (st->fetch()) {
      by_code[code] = {code, name, "member"};
    }
  }
  {
    // The sender's own name, as its packages gave it (the newest one).
    auto st = db::Prepare(tx,
                          "SELECT sender_organ, sender_name FROM exchange_reception WHERE id IN "
                          "(SELECT MAX(id) FROM exchange_reception GROUP BY sender_organ)",
                          soci::into(code), soci::into(name));
    st->execute(false);
    while (st->fetch()) {
      if (code.empty() || local_agency_(tx, code)) {
        continue;
      }
      auto& e = by_code[code];
      if (e.code.empty()) {
        e = {code, name, "seen"};
      } else if (!name.empty()) {
        e.name = name;  // a member's agency: its own name rather than the system's
      }
    }
  }
  std::vector<DirectoryEntry> out;
  for (auto& [c, e] : by_code) {
    if (static_cast<int>(out.size()) >= std::clamp(limit, 1, 500)) {
      break;
    }
    if (q.empty() || fold(e.code).rfind(q, 0) == 0 || fold(e.name).find(q) != std::string::npos) {
      out.push_back(std::move(e));
    }
  }
  return out;
}

std::pair<std::string, std::string> HubService::RouteOf(db::Transaction& tx,
                                                        const std::string& organ_id) const {
  if (local_agency_(tx, organ_id)) {
    return {"local", ""};
  }
  if (auto p = partners_.RouteFor(tx, organ_id)) {
    return {p->kind == PartnerKind::kMember ? "member" : "peer", p->name};
  }
  return {"none", ""};
}

std::vector<HubService::QueueCount> HubService::Queues(db::Transaction& tx, bool open_only) const {
  std::vector<QueueCount> out;
  std::string route, code, state;
  int count = 0;
  long long oldest = 0;
  soci::indicator code_ind = soci::i_null;
  auto st = db::Prepare(
      tx,
      "SELECT d.route, p.code, d.state, COUNT(*), MIN(d.created_at) FROM exchange_delivery d "
      "LEFT JOIN exchange_partner p ON p.id = d.partner_id " +
          std::string(open_only ? "WHERE d.state IN ('pending', 'dead') " : "") +
          "GROUP BY d.route, p.code, d.state ORDER BY d.route, p.code, d.state",
      soci::into(route), soci::into(code, code_ind), soci::into(state), soci::into(count),
      soci::into(oldest));
  st->execute(false);
  while (st->fetch()) {
    out.push_back({route, code_ind == soci::i_ok ? code : "", state, count, oldest});
  }
  return out;
}

Result<Delivery> HubService::Replay(db::Transaction& tx, const audit::Actor& actor,
                                    ExchangeDeliveryId id) {
  auto d = internal::DeliveryById(tx, id);
  if (!d) {
    return Error::NotFound("lượt chuyển gói tin", std::to_string(id.value()));
  }
  if (d->state != TransportState::kDead && d->state != TransportState::kPending) {
    return Error::FailedPrecondition(
        "Chỉ chuyển lại được gói tin đang chờ hoặc chuyển không được.");
  }
  if (d->route == DeliveryRoute::kNone || d->state == TransportState::kDead) {
    // Routed again: an admin may have added the missing route.
    if (local_agency_(tx, d->recipient)) {
      return Error::FailedPrecondition("Cơ quan nhận nay thuộc trục này: hãy gửi lại văn bản.");
    }
    auto partner = partners_.RouteFor(tx, d->recipient);
    if (!partner) {
      return Error::FailedPrecondition("Vẫn chưa có tuyến liên thông nào đến cơ quan '" +
                                       d->recipient + "'.");
    }
    d->route =
        partner->kind == PartnerKind::kMember ? DeliveryRoute::kMember : DeliveryRoute::kPeer;
    d->partner_id = partner->id;
    internal::UpdateRoute(tx, *d);
  }
  d->state = TransportState::kPending;
  d->attempts = 0;
  d->next_attempt_at = ToUnixSeconds(clock_.Now());
  d->last_error.clear();
  internal::UpdateDelivery(tx, *d);
  AddHop(tx, d->message_id, d->id, "hub",
         std::string(DeliveryRouteName(d->route)) + ":" + d->recipient, "replayed",
         "Quản trị viên cho chuyển lại.");
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor,
                    {"exchange.replay", "exchange_delivery", std::to_string(d->id.value()),
                     "Chuyển lại gói tin đến " + d->recipient}));
  return *d;
}

std::vector<Delivery> HubService::DueForwards(db::Transaction& tx, int limit) const {
  return internal::DueForwards(tx, ToUnixSeconds(clock_.Now()), std::clamp(limit, 1, 1000));
}

bool HubService::ClaimForward(db::Transaction& tx, ExchangeDeliveryId id,
                              std::int64_t lease_seconds) const {
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  return internal::ClaimForward(tx, id, now, now + std::max<std::int64_t>(1, lease_seconds));
}

int HubService::ReleaseClaims(db::Transaction& tx) const { return internal::ReleaseClaims(tx); }

Status HubService::RecordForward(db::Transaction& tx, ExchangeDeliveryId id, bool ok,
                                 bool retryable, const std::string& detail,
                                 const std::string& peer_code) {
  auto d = internal::DeliveryById(tx, id);
  if (!d || d->state != TransportState::kPending) {
    return Ok();  // another forwarder recorded it first
  }
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  ++d->attempts;
  const std::string to = "peer:" + peer_code;
  if (ok) {
    d->state = TransportState::kDelivered;
    d->delivered_at = now;
    d->last_error = detail;
    internal::UpdateDelivery(tx, *d);
    AddHop(tx, d->message_id, d->id, "hub", to, "forwarded", detail);
    return Ok();
  }
  d->last_error = detail.substr(0, 1000);
  if (!retryable || d->attempts >= options_.max_attempts) {
    d->state = TransportState::kDead;
    internal::UpdateDelivery(tx, *d);
    AddHop(tx, d->message_id, d->id, "hub", to, "dead", d->last_error);
    return Ok();
  }
  // Exponential backoff with jitter (×0.5–1.5): many hubs retrying a peer that comes back do not
  // all knock at once.
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const int exponent = std::min(d->attempts - 1, 30);
  const double base = std::min<double>(
      static_cast<double>(options_.max_retry_seconds),
      static_cast<double>(options_.first_retry_seconds) * static_cast<double>(1LL << exponent));
  const double jitter = std::uniform_real_distribution<double>(0.5, 1.5)(rng);
  d->next_attempt_at = now + std::max<std::int64_t>(1, static_cast<std::int64_t>(base * jitter));
  internal::UpdateDelivery(tx, *d);
  AddHop(tx, d->message_id, d->id, "hub", to, "retry", d->last_error);
  return Ok();
}

}  // namespace cqdt::exchange
