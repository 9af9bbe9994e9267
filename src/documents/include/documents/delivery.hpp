// Delivery of a released outgoing document to each of its recipients (issue 10 item 4; decision
// 0009 "States"), in the vocabulary of the edXML STATUS message (QCVN 102:2016, edxml.md §7.2),
// so that the exchange transport of issue 14 only has to carry the statuses:
//
//   01 received (đã đến: in the recipient agency's "chờ tiếp nhận" queue) -> 02 refused (with a
//   reason) | 03 registered (an incoming document with an arrival number) -> 04 assigned -> 05 in
//   progress -> 06 completed (04/05 may be skipped); 13 recall requested by the sender, answered
//   by 15 (the recipient accepts it) or 16 (refuses it, with a reason).
//
// Two statuses of our own precede 01 for recipients outside this instance (free text today, an
// exchange code with issue 14): `waiting` (chờ liên thông: waiting for the exchange transport)
// and `sent` (the clerk recorded by hand that it went by e-mail or on paper).
//
// Invariants (edxml.md §7.3): the status is monotonic per recipient. A report is either a move
// along the graph above (the summary becomes it), or stale — the same status again, or one the
// summary has already passed (a 04 arriving after a 05; progress after a recall) — and is then
// kept in the history while the summary stays; anything else contradicts what is known (a
// registration after a refusal, an answer to a recall nobody asked for) and is refused.
// Pure values and functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/result.hpp"
#include "documents/document.hpp"

namespace cqdt::documents {

using DeliveryId = StrongId<struct DeliveryIdTag>;

enum class DeliveryStatus {
  kWaitingExchange,  // "waiting": external, chờ liên thông
  kSentManually,     // "sent": external, sent by e-mail or on paper (recorded by the clerk)
  kReceived,         // "01"
  kRefused,          // "02"
  kRegistered,       // "03"
  kAssigned,         // "04"
  kInProgress,       // "05"
  kCompleted,        // "06"
  kRecallRequested,  // "13"
  kRecallAccepted,   // "15"
  kRecallRefused,    // "16"
};
// The stored and JSON code: the edXML two-digit code ("01") or "waiting" / "sent".
const char* DeliveryStatusCode(DeliveryStatus s);
std::optional<DeliveryStatus> ParseDeliveryStatus(std::string_view code);
// For people (Vietnamese; English through the message catalog): "Đã đến, chờ tiếp nhận", ...
const char* DeliveryStatusLabel(DeliveryStatus s);
const std::vector<DeliveryStatus>& AllDeliveryStatuses();

// The summary status after `reported` arrives for a recipient whose summary is `current`: the
// reported status (a move), `current` (a stale report, kept in history only), or
// kFailedPrecondition naming both statuses (a contradiction; nothing may be recorded).
Result<DeliveryStatus> NextDeliveryStatus(DeliveryStatus current, DeliveryStatus reported);

// How an external recipient was reached by hand.
enum class ManualChannel { kEmail, kPaper };
const char* ManualChannelName(ManualChannel c);  // "email", "paper"
const char* ManualChannelLabel(ManualChannel c);  // "Gửi qua thư điện tử", "Gửi bản giấy"
std::optional<ManualChannel> ParseManualChannel(std::string_view name);

// One recipient's delivery (documents_delivery; one row per documents_recipient row, made when
// the document is released).
struct Delivery {
  DeliveryId id;
  AgencyId sender_agency_id;
  DocumentId document_id;        // the outgoing document
  int ordinal = 0;               // its place in the list of recipients
  AgencyId recipient_agency_id;  // an agency on this instance; unset for an external recipient
  std::string recipient_name;    // the agency's name at release, or the free text
  DeliveryStatus status = DeliveryStatus::kReceived;
  std::int64_t status_at = 0;
  DocumentId incoming_document_id;  // the recipient's incoming document, once registered
  std::string manual_channel;       // ManualChannelName, or "" (external recipients only)
  std::string manual_date;          // "YYYY-MM-DD", or ""
  std::string note;                 // the last reason or note
  std::int64_t created_at = 0;
  std::int64_t version = 1;  // optimistic concurrency of the recipient's actions
  // An external recipient reached through the exchange (issue 14): its OrganId, and when the
  // exchange took the delivery to send (0 until then).
  std::string recipient_code;
  std::int64_t exchange_at = 0;
  bool IsInternal() const { return recipient_agency_id.IsSet(); }
};

// One line of a delivery's history (documents_delivery_event): every report, including the
// stale ones that did not move the summary.
struct DeliveryEvent {
  DeliveryId delivery_id;
  DeliveryStatus status = DeliveryStatus::kReceived;
  std::int64_t at = 0;
  UserId actor_id;
  std::string actor_name;
  std::string reason;
  bool moved = true;  // false: kept in history, the summary did not change
};

}  // namespace cqdt::documents
