#include "documents/delivery.hpp"

#include <algorithm>
#include <array>

namespace cqdt::documents {
namespace {

using S = DeliveryStatus;

struct Edge {
  S from;
  S to;
};

// The moves of edxml.md §7.3, receiver side, plus the sender's recall (13) and our two statuses
// before arrival for external recipients. Issue 14's transport turns `waiting`/`sent` into 01.
constexpr Edge kEdges[] = {
    {S::kWaitingExchange, S::kSentManually},
    {S::kWaitingExchange, S::kReceived},
    {S::kSentManually, S::kReceived},
    {S::kReceived, S::kRefused},
    {S::kReceived, S::kRegistered},
    {S::kRegistered, S::kAssigned},
    {S::kRegistered, S::kInProgress},
    {S::kRegistered, S::kCompleted},
    {S::kAssigned, S::kInProgress},
    {S::kAssigned, S::kCompleted},
    {S::kInProgress, S::kCompleted},
    // The sender recalls a document the recipient has, or is about to get; a refused one is not
    // the recipient's to give back.
    {S::kWaitingExchange, S::kRecallRequested},
    {S::kSentManually, S::kRecallRequested},
    {S::kReceived, S::kRecallRequested},
    {S::kRegistered, S::kRecallRequested},
    {S::kAssigned, S::kRecallRequested},
    {S::kInProgress, S::kRecallRequested},
    {S::kCompleted, S::kRecallRequested},
    {S::kRecallRequested, S::kRecallAccepted},
    {S::kRecallRequested, S::kRecallRefused},
};

bool HasEdge(S from, S to) {
  return std::any_of(std::begin(kEdges), std::end(kEdges),
                     [&](const Edge& e) { return e.from == from && e.to == to; });
}

// True when `to` can be reached from `from` along the edges (the graph has no cycles).
bool Reachable(S from, S to) {
  if (from == to) {
    return true;
  }
  for (const Edge& e : kEdges) {
    if (e.from == from && Reachable(e.to, to)) {
      return true;
    }
  }
  return false;
}

}  // namespace

const char* DeliveryStatusCode(DeliveryStatus s) {
  static constexpr const char* kCodes[] = {"waiting", "sent", "01", "02", "03", "04",
                                           "05",      "06",   "13", "15", "16"};
  return kCodes[static_cast<int>(s)];
}

std::optional<DeliveryStatus> ParseDeliveryStatus(std::string_view code) {
  for (DeliveryStatus s : AllDeliveryStatuses()) {
    if (code == DeliveryStatusCode(s)) {
      return s;
    }
  }
  return std::nullopt;
}

const char* DeliveryStatusLabel(DeliveryStatus s) {
  static constexpr const char* kLabels[] = {
      "Chờ liên thông",    "Đã gửi ngoài hệ thống", "Đã đến, chờ tiếp nhận",
      "Từ chối tiếp nhận", "Đã tiếp nhận",          "Đã phân công xử lý",
      "Đang xử lý",        "Đã hoàn thành xử lý",   "Bên gửi đề nghị thu hồi",
      "Đồng ý thu hồi",    "Từ chối thu hồi"};
  return kLabels[static_cast<int>(s)];
}

const std::vector<DeliveryStatus>& AllDeliveryStatuses() {
  static const std::vector<DeliveryStatus> kAll = {
      S::kWaitingExchange, S::kSentManually,   S::kReceived,     S::kRefused,
      S::kRegistered,      S::kAssigned,       S::kInProgress,   S::kCompleted,
      S::kRecallRequested, S::kRecallAccepted, S::kRecallRefused};
  return kAll;
}

Result<DeliveryStatus> NextDeliveryStatus(DeliveryStatus current, DeliveryStatus reported) {
  if (HasEdge(current, reported)) {
    return reported;
  }
  // Stale: the same report again, or one the summary has already passed (edxml.md §7.3: kept
  // in history, never a regression).
  if (Reachable(reported, current)) {
    return current;
  }
  return Error::FailedPrecondition(std::string("Không thể chuyển trạng thái gửi nhận từ '") +
                                   DeliveryStatusLabel(current) + "' sang '" +
                                   DeliveryStatusLabel(reported) + "'.");
}

const char* ManualChannelName(ManualChannel c) {
  return c == ManualChannel::kEmail ? "email" : "paper";
}

const char* ManualChannelLabel(ManualChannel c) {
  return c == ManualChannel::kEmail ? "Gửi qua thư điện tử" : "Gửi bản giấy";
}

std::optional<ManualChannel> ParseManualChannel(std::string_view name) {
  if (name == "email") {
    return ManualChannel::kEmail;
  }
  if (name == "paper") {
    return ManualChannel::kPaper;
  }
  return std::nullopt;
}

}  // namespace cqdt::documents
