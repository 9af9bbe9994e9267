// Receipt, routing and local STATUS replies of the exchange hub (hub.hpp).
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "db/statement.hpp"
#include "exchange/build.hpp"
#include "exchange/hub.hpp"
#include "exchange/partners.hpp"
#include "hub_rows.hpp"

namespace cqdt::exchange {
namespace {

std::string NodeOf(const Source& s, const std::string& organ) {
  switch (s.kind) {
    case Source::Kind::kMember:
      return "member:" + s.name();
    case Source::Kind::kPeer:
      return "peer:" + s.name();
    case Source::Kind::kLocal:
      break;
  }
  return "local:" + organ;
}

std::string FromOrgan(const Inspection& in) {
  return in.kind == PackageKind::kStatus ? in.status.from.organ_id
                                         : in.document.header.from.organ_id;
}

// Who the package is for: a document's recipients, a STATUS's ResponseFor/OrganId (for a 13
// from the original sender, that is the recipient: edxml.md §7.2).
std::vector<std::string> Recipients(const Inspection& in) {
  std::vector<std::string> out;
  if (in.kind == PackageKind::kStatus) {
    if (!in.status.response_for.organ_id.empty()) {
      out.push_back(in.status.response_for.organ_id);
    }
    return out;
  }
  std::set<std::string> seen;
  for (const Organization& to : in.document.header.to) {
    if (!to.organ_id.empty() && seen.insert(to.organ_id).second) {
      out.push_back(to.organ_id);
    }
  }
  return out;
}

std::string Receipt(const Inspection& in, const std::string& recipient) {
  return in.SubjectDocumentId() + "|" + recipient + "|" + in.sha256;
}

}  // namespace

std::string Source::name() const {
  if (partner) {
    return partner->code;
  }
  return "local";
}

Result<ReceiveOutcome> HubService::Receive(db::Transaction& tx, const audit::Actor& actor,
                                           const Source& source, std::string_view bytes,
                                           const Inspection& in) {
  ReceiveOutcome out;
  out.refusal = in.refusal;
  const std::string from = FromOrgan(in);
  // The source rules (decision 0019): a member speaks only for the agencies it serves; a peer
  // never for one served here or by a member.
  if (!out.refusal && source.partner) {
    const Partner& p = *source.partner;
    if (source.kind == Source::Kind::kMember &&
        std::find(p.agencies.begin(), p.agencies.end(), from) == p.agencies.end()) {
      out.refusal =
          Refusal{RefusalReason::kSender, "From/OrganId",
                  "Cơ quan gửi '" + from + "' không thuộc hệ thống thành viên '" + p.code + "'."};
    }
    if (source.kind == Source::Kind::kPeer) {
      auto member = partners_.RouteFor(tx, from);
      if (local_agency_(tx, from) || (member && member->kind == PartnerKind::kMember)) {
        out.refusal = Refusal{
            RefusalReason::kSender, "From/OrganId",
            "Cơ quan gửi '" + from + "' thuộc trục này, không thể đến từ trục '" + p.code + "'."};
      }
    }
  }

  if (out.refusal) {
    // A refused package is kept once per source and bytes.
    if (auto existing = internal::FindRefused(tx, in.sha256, source.name())) {
      out.message = std::move(*existing);
      out.duplicate = true;
      return out;
    }
    CQDT_ASSIGN_OR_RETURN(out.message, Store(tx, source, bytes, in, out.refusal));
    AddHop(tx, out.message.id, ExchangeDeliveryId(), NodeOf(source, from), "hub", "refused",
           out.refusal->message);
    CQDT_RETURN_IF_ERROR(audit_.Record(
        tx, actor,
        {"exchange.refuse", "exchange_message", std::to_string(out.message.id.value()),
         "Từ chối gói tin " + in.SubjectDocumentId().substr(0, 120) + " từ " + from + ": " +
             out.refusal->message}));
    // Decree 30/2020 art. 21.2(b): an invalid package goes back through the system with its
    // reason — a STATUS 02, when the sender and the document can be named (never for a STATUS).
    if (in.kind == PackageKind::kDocument && !from.empty() &&
        !in.document.header.document_id.empty()) {
      const DocumentHeader& h = in.document.header;
      Organization hub;
      hub.organ_id = options_.hub_organ_id;
      hub.organ_name = "Trục liên thông văn bản";
      ResponseFor rf{from, h.code_number + "/" + h.code_notation, h.promulgation_date,
                     h.document_id};
      auto sent = SendStatus(tx, actor, hub, rf, "02", out.refusal->message);
      if (!sent) {
        return sent.error();
      }
    }
    return out;
  }

  // Idempotent receipt: every recipient has it already.
  const std::vector<std::string> recipients = Recipients(in);
  bool all_known = !recipients.empty();
  for (const std::string& r : recipients) {
    all_known = all_known && internal::DeliveryByReceipt(tx, Receipt(in, r)).has_value();
  }
  if (all_known) {
    auto first = internal::DeliveryByReceipt(tx, Receipt(in, recipients.front()));
    CQDT_ASSIGN_OR_RETURN(out.message, GetMessage(tx, first->message_id));
    for (const std::string& r : recipients) {
      out.deliveries.push_back(*internal::DeliveryByReceipt(tx, Receipt(in, r)));
    }
    out.duplicate = true;
    AddHop(tx, out.message.id, ExchangeDeliveryId(), NodeOf(source, from), "hub", "duplicate",
           "Gói tin đã nhận trước đó; không lưu lại.");
    return out;
  }

  CQDT_ASSIGN_OR_RETURN(out.message, Store(tx, source, bytes, in, std::nullopt));
  AddHop(tx, out.message.id, ExchangeDeliveryId(), NodeOf(source, from), "hub", "received", "");
  for (const std::string& r : recipients) {
    CQDT_ASSIGN_OR_RETURN(Delivery d, Route(tx, actor, out.message, in, r));
    out.deliveries.push_back(std::move(d));
  }
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor,
                    {"exchange.receive", "exchange_message", std::to_string(out.message.id.value()),
                     std::string(in.kind == PackageKind::kStatus
                                     ? "Nhận gói tin trạng thái " + in.status.status_code
                                     : "Nhận gói tin văn bản") +
                         " " + in.SubjectDocumentId().substr(0, 120) + " từ " + from}));
  return out;
}

Result<Message> HubService::Store(db::Transaction& tx, const Source& source, std::string_view bytes,
                                  const Inspection& in, const std::optional<Refusal>& refusal) {
  CQDT_ASSIGN_OR_RETURN(blob::PendingBlob blob, blobs_.PutAsync(bytes));
  tx.BeforeCommit([blob](db::Transaction&) { return blob.Durable(); },
                  db::Transaction::CommitStep::kAwait);
  Message m;
  m.sha256 = blob.info().sha256;
  m.size = static_cast<std::int64_t>(bytes.size());
  m.kind = in.kind;
  m.document_id = in.SubjectDocumentId().substr(0, 300);
  m.from_organ = FromOrgan(in).substr(0, 64);
  m.status_code = in.kind == PackageKind::kStatus ? in.status.status_code : "";
  m.subject = in.kind == PackageKind::kDocument ? in.document.header.subject.substr(0, 1000) : "";
  m.source = source.name();
  m.accepted = !refusal.has_value();
  if (refusal) {
    m.refusal_reason = RefusalReasonCode(refusal->reason);
    m.refusal_message = refusal->message;
  }
  m.warnings = in.warnings;
  m.received_at = ToUnixSeconds(clock_.Now());
  CQDT_ASSIGN_OR_RETURN(
      m.id, internal::InsertMessage(tx, m, source.partner ? source.partner->id : PartnerId()));
  return m;
}

Result<Delivery> HubService::Route(db::Transaction& tx, const audit::Actor& actor,
                                   const Message& message, const Inspection& in,
                                   const std::string& recipient) {
  if (auto existing = internal::DeliveryByReceipt(tx, Receipt(in, recipient))) {
    return *existing;  // this recipient had it already
  }
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  Delivery d;
  d.message_id = message.id;
  d.recipient = recipient;
  d.created_at = now;
  d.next_attempt_at = now;
  std::string hop_result = "queued", detail;
  std::optional<LocalAgency> local = local_agency_(tx, recipient);
  if (local) {
    d.route = DeliveryRoute::kLocal;
    d.agency_id = local->id;
    d.state = TransportState::kDelivered;
    d.delivered_at = now;
    hop_result = "delivered";
  } else if (auto partner = partners_.RouteFor(tx, recipient)) {
    d.route = partner->kind == PartnerKind::kMember ? DeliveryRoute::kMember : DeliveryRoute::kPeer;
    d.partner_id = partner->id;
    d.state = TransportState::kPending;
  } else {
    d.route = DeliveryRoute::kNone;
    d.state = TransportState::kDead;
    d.last_error = "Không có tuyến liên thông nào đến cơ quan '" + recipient + "'.";
    hop_result = "dead";
    detail = d.last_error;
  }
  CQDT_ASSIGN_OR_RETURN(d.id, internal::InsertDelivery(tx, d, Receipt(in, recipient)));
  const std::string to = d.route == DeliveryRoute::kLocal ? "local:" + recipient
                         : d.route == DeliveryRoute::kNone
                             ? "none:" + recipient
                             : std::string(DeliveryRouteName(d.route)) + ":" + recipient;
  AddHop(tx, message.id, d.id, "hub", to, hop_result, detail);

  const BusinessType business =
      in.kind == PackageKind::kDocument ? in.document.header.business.type : BusinessType::kNew;
  if (local && in.kind == PackageKind::kDocument && business == BusinessType::kRevoke) {
    // A revoke is the sender's request about a document received earlier: answered 15 / 16,
    // not received as a document of its own.
    if (local_business_) {
      CQDT_RETURN_IF_ERROR(local_business_(tx, actor, *local, message, d, in));
    }
  } else if (local && in.kind == PackageKind::kDocument) {
    // Decree 30/2020 art. 21.2(c): the sender is told the same day that it arrived — at once.
    CQDT_RETURN_IF_ERROR(internal::InsertReception(tx, d, message, in, now));
    const DocumentHeader& h = in.document.header;
    Organization me;
    me.organ_id = local->code;
    me.organ_name = local->name;
    ResponseFor rf{h.from.organ_id, h.code_number + "/" + h.code_notation, h.promulgation_date,
                   h.document_id};
    auto sent =
        SendStatus(tx, actor, me, rf, "01",
                   local->name + ": Đã đến - Phần mềm QLVB đã nhận nhưng văn thư chưa xử lý");
    if (!sent) {
      return sent.error();
    }
    if (business != BusinessType::kNew && local_business_) {
      CQDT_RETURN_IF_ERROR(local_business_(tx, actor, *local, message, d, in));
    }
  } else if (local && in.kind == PackageKind::kStatus && in.status.status_code == "13") {
    // 13 comes from the original sender to the recipient (edxml.md §7.2): a recall request.
    if (local_business_) {
      CQDT_RETURN_IF_ERROR(local_business_(tx, actor, *local, message, d, in));
    }
  } else if (local && in.kind == PackageKind::kStatus && local_status_) {
    CQDT_RETURN_IF_ERROR(local_status_(tx, message, in.status));
  }
  return d;
}

Result<ReceiveOutcome> HubService::SendStatus(db::Transaction& tx, const audit::Actor& actor,
                                              const Organization& from,
                                              const ResponseFor& response_for,
                                              const std::string& status_code,
                                              const std::string& description) {
  StatusPackage s;
  s.from = from;
  s.response_for = response_for;
  s.status_code = status_code;
  s.description = description.substr(0, 1000);
  s.timestamp = EdxmlTimestamp(clock_.Now());
  CQDT_ASSIGN_OR_RETURN(std::string xml, BuildStatusPackage(s));
  CQDT_ASSIGN_OR_RETURN(std::string signed_xml, signer_.Sign(from.organ_id, xml));
  InspectOptions options;  // our own package: read, not verified again
  const Inspection in = Inspect(signed_xml, options);
  if (!in.accepted) {
    return Error::Internal();
  }
  Source local;
  return Receive(tx, actor, local, signed_xml, in);
}

void HubService::AddHop(db::Transaction& tx, MessageId message, ExchangeDeliveryId delivery,
                        const std::string& from, const std::string& to, const std::string& result,
                        const std::string& detail) {
  internal::InsertHop(tx, message, delivery, ToUnixSeconds(clock_.Now()), from, to, result, detail);
}

Result<Message> HubService::GetMessage(db::Transaction& tx, MessageId id) const {
  auto m = internal::MessageById(tx, id);
  if (!m) {
    return Error::NotFound("gói tin", std::to_string(id.value()));
  }
  return std::move(*m);
}

Result<std::string> HubService::MessageBytes(db::Transaction& tx, MessageId id) const {
  CQDT_ASSIGN_OR_RETURN(Message m, GetMessage(tx, id));
  return blobs_.Get(m.sha256);
}

std::vector<Delivery> HubService::DeliveriesOf(db::Transaction& tx, MessageId id) const {
  return internal::DeliveriesOfMessage(tx, id);
}

std::vector<Hop> HubService::HopsOf(db::Transaction& tx, MessageId id) const {
  return internal::HopsOfMessage(tx, id);
}

std::vector<Message> HubService::MessagesAbout(db::Transaction& tx, const std::string& document_id,
                                               int limit) const {
  return internal::MessagesAbout(tx, document_id, std::clamp(limit, 1, 500));
}

}  // namespace cqdt::exchange
