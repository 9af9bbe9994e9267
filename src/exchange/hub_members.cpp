// The hub's names and labels, and the member operations of hub.hpp (the national axis SDK's
// getReceivedEdocList / getEdoc / updateStatus / getSentEdocList, edxml.md §8).
#include <string>
#include <vector>

#include "exchange/hub.hpp"
#include "hub_rows.hpp"

namespace cqdt::exchange {

const char* PartnerKindName(PartnerKind k) { return k == PartnerKind::kPeer ? "peer" : "member"; }

const char* DeliveryRouteName(DeliveryRoute r) {
  switch (r) {
    case DeliveryRoute::kLocal:
      return "local";
    case DeliveryRoute::kMember:
      return "member";
    case DeliveryRoute::kPeer:
      return "peer";
    case DeliveryRoute::kNone:
      break;
  }
  return "none";
}

const char* TransportStateName(TransportState s) {
  switch (s) {
    case TransportState::kPending:
      return "pending";
    case TransportState::kDelivered:
      return "delivered";
    case TransportState::kAcknowledged:
      return "acknowledged";
    case TransportState::kFailed:
      return "failed";
    case TransportState::kDead:
      break;
  }
  return "dead";
}

std::optional<TransportState> ParseTransportState(std::string_view name) {
  for (TransportState s :
       {TransportState::kPending, TransportState::kDelivered, TransportState::kAcknowledged,
        TransportState::kFailed, TransportState::kDead}) {
    if (name == TransportStateName(s)) {
      return s;
    }
  }
  return std::nullopt;
}

std::string HopResultLabel(std::string_view result) {
  static const std::pair<std::string_view, const char*> kLabels[] = {
      {"received", "Đã nhận"},
      {"refused", "Từ chối"},
      {"duplicate", "Đã nhận trước đó, không lưu lại"},
      {"delivered", "Đã chuyển đến nơi nhận"},
      {"queued", "Xếp hàng chờ chuyển"},
      {"forwarded", "Đã chuyển sang trục khác"},
      {"retry", "Chưa chuyển được, sẽ thử lại"},
      {"dead", "Không chuyển được"},
      {"acknowledged", "Hệ thống nhận đã lấy về"},
      {"failed", "Hệ thống nhận báo lỗi"},
      {"replayed", "Chuyển lại"}};
  for (const auto& [code, label] : kLabels) {
    if (code == result) {
      return label;
    }
  }
  return std::string(result);
}

const char* TransportStateLabel(TransportState s) {
  switch (s) {
    case TransportState::kPending:
      return "Đang chờ chuyển";
    case TransportState::kDelivered:
      return "Đã chuyển";
    case TransportState::kAcknowledged:
      return "Hệ thống nhận đã lấy về";
    case TransportState::kFailed:
      return "Hệ thống nhận báo lỗi";
    case TransportState::kDead:
      break;
  }
  return "Chuyển không được";
}

Result<std::vector<std::pair<Delivery, Message>>> HubService::Inbox(db::Transaction& tx,
                                                                    const Partner& member,
                                                                    int limit) const {
  std::vector<std::pair<Delivery, Message>> out;
  for (Delivery& d : internal::DeliveriesOfPartner(tx, member.id, TransportState::kPending,
                                                   std::clamp(limit, 1, 500))) {
    auto m = internal::MessageById(tx, d.message_id);
    if (m) {
      out.emplace_back(std::move(d), std::move(*m));
    }
  }
  return out;
}

Result<std::string> HubService::Fetch(db::Transaction& tx, const Partner& member,
                                      ExchangeDeliveryId id) const {
  auto d = internal::DeliveryById(tx, id);
  if (!d || d->partner_id != member.id || d->route != DeliveryRoute::kMember) {
    return Error::NotFound("gói tin", std::to_string(id.value()));
  }
  return MessageBytes(tx, d->message_id);
}

Result<Delivery> HubService::Acknowledge(db::Transaction& tx, const audit::Actor& actor,
                                         const Partner& member, ExchangeDeliveryId id, bool done) {
  auto d = internal::DeliveryById(tx, id);
  if (!d || d->partner_id != member.id || d->route != DeliveryRoute::kMember) {
    return Error::NotFound("gói tin", std::to_string(id.value()));
  }
  const TransportState target = done ? TransportState::kAcknowledged : TransportState::kFailed;
  if (d->state == target) {
    return *d;  // the same answer again
  }
  if (d->state != TransportState::kPending) {
    return Error::FailedPrecondition("Gói tin này đã được xác nhận trước đó.");
  }
  d->state = target;
  d->delivered_at = ToUnixSeconds(clock_.Now());
  internal::UpdateDelivery(tx, *d);
  AddHop(tx, d->message_id, d->id, "hub", "member:" + member.code, done ? "acknowledged" : "failed",
         "");
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor,
      {done ? "exchange.acknowledge" : "exchange.fail", "exchange_delivery",
       std::to_string(d->id.value()),
       "Hệ thống " + member.code + (done ? " đã lấy gói tin" : " báo lỗi khi xử lý gói tin")}));
  return *d;
}

Result<std::vector<HubService::Sent>> HubService::SentBy(db::Transaction& tx, const Partner& member,
                                                         int limit,
                                                         std::string_view document_id) const {
  std::vector<Sent> out;
  for (Message& m : internal::MessagesOfPartner(tx, member.id, std::clamp(limit, 1, 200),
                                                std::string(document_id))) {
    Sent s;
    s.deliveries = internal::DeliveriesOfMessage(tx, m.id);
    s.hops = internal::HopsOfMessage(tx, m.id);
    s.message = std::move(m);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace cqdt::exchange
