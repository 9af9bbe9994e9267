// Documents of this instance sent through the exchange (outbound.hpp).
#include <map>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/document_number.hpp"
#include "core/edxml_document_id.hpp"
#include "db/statement.hpp"
#include "exchange/build.hpp"
#include "exchange/outbound.hpp"

namespace cqdt::exchange {
namespace {

int PriorityOf(documents::Urgency u) {
  switch (u) {
    case documents::Urgency::kUrgent:
      return 1;
    case documents::Urgency::kVeryUrgent:
      return 2;
    case documents::Urgency::kExpress:
      return 3;
    case documents::Urgency::kNormal:
      break;
  }
  return 0;
}

std::string EdxmlDateOf(const std::string& iso) {
  return iso.size() == 10 ? iso.substr(0, 4) + "/" + iso.substr(5, 2) + "/" + iso.substr(8, 2) : "";
}

std::optional<documents::DeliveryStatus> StatusOf(const std::string& code) {
  using S = documents::DeliveryStatus;
  static const std::map<std::string, S> kCodes = {
      {"01", S::kReceived},       {"02", S::kRefused},      {"03", S::kRegistered},
      {"04", S::kAssigned},       {"05", S::kInProgress},   {"06", S::kCompleted},
      {"15", S::kRecallAccepted}, {"16", S::kRecallRefused}};
  auto it = kCodes.find(code);
  return it == kCodes.end() ? std::nullopt : std::optional<S>(it->second);
}

}  // namespace

Result<DocumentPackage> PackageOf(const documents::ExchangeDispatch& d,
                                  const std::vector<std::string>& recipient_codes, TimePoint now) {
  const documents::Document& doc = d.document;
  DocumentPackage p;
  DocumentHeader& h = p.header;
  h.from.organ_id = d.sender_code;
  h.from.organ_name = d.sender_name;
  for (const documents::Recipient& r : d.recipients) {
    if (!r.code.empty() && std::find(recipient_codes.begin(), recipient_codes.end(), r.code) !=
                               recipient_codes.end()) {
      Organization to;
      to.organ_id = r.code;
      to.organ_name = r.name;
      h.to.push_back(std::move(to));
    }
    if (!r.name.empty()) {
      h.to_places.push_back(r.name);
    }
  }
  const auto slash = doc.number_text.find('/');
  h.code_number = slash == std::string::npos ? doc.number_text : doc.number_text.substr(0, slash);
  h.code_notation = slash == std::string::npos ? "" : doc.number_text.substr(slash + 1);
  h.promulgation_date = EdxmlDateOf(doc.issued_date);
  auto date = ParseIsoDate(doc.issued_date);
  if (!date) {
    return Error::FailedPrecondition("Văn bản chưa có ngày ban hành, chưa gửi liên thông được.");
  }
  CQDT_ASSIGN_OR_RETURN(EdxmlDocumentId id,
                        MakeEdxmlDocumentId(d.sender_code, *date, h.code_number, h.code_notation));
  h.document_id = id.Text();
  if (const DocumentType* t = FindDocumentTypeByOrdinal(doc.type_ordinal)) {
    h.type = 2;
    h.type_name = t->name;
    if (t->edxml_type_detail != 0) {
      h.type_detail = t->edxml_type_detail;
    }
  } else {
    h.type_name = OfficialLetterType().name;
  }
  h.subject = doc.subject;
  h.position = doc.signer_position;
  h.full_name = doc.signer_name;
  h.due_date = EdxmlDateOf(doc.due_date);
  h.priority = PriorityOf(doc.urgency);
  if (doc.page_count > 0) {
    h.page_amount = doc.page_count;
  }
  if (doc.issued_amount > 0) {
    h.promulgation_amount = doc.issued_amount;
  }
  h.traces.push_back({d.sender_code, EdxmlTimestamp(now)});
  h.business.type = BusinessType::kNew;
  h.business.reason = "Văn bản điện tử mới";
  int index = 0;
  for (const auto& [name, bytes] : d.files) {
    Attachment a;
    a.content_id = std::to_string(++index);
    a.name = name;
    a.description = index == 1 ? "Văn bản chính" : "Phụ lục";
    a.bytes = bytes;
    p.attachments.push_back(std::move(a));
  }
  return p;
}

std::optional<std::string> OutboundService::SentAs(db::Transaction& tx,
                                                   documents::DocumentId document) const {
  long long doc = document.value();
  std::string edxml;
  auto st = db::Run(tx,
                    "SELECT edxml_document_id FROM exchange_outbound WHERE document_id = :d AND "
                    "kind = 'new' ORDER BY id LIMIT 1",
                    soci::use(doc), soci::into(edxml));
  if (!st.got_data()) {
    return std::nullopt;
  }
  return edxml;
}

Status OutboundService::Hand(db::Transaction& tx, const audit::Actor& actor,
                             const DocumentPackage& package, documents::DocumentId document,
                             const char* kind) {
  CQDT_ASSIGN_OR_RETURN(std::string xml, BuildDocumentPackage(package));
  CQDT_ASSIGN_OR_RETURN(std::string signed_xml, signer_.Sign(package.header.from.organ_id, xml));
  InspectOptions options;  // our own package: read for routing, not verified again
  options.max_package_bytes = std::max(options.max_package_bytes, signed_xml.size());
  const Inspection in = Inspect(signed_xml, options);
  if (!in.accepted) {
    return Error::Internal();
  }
  CQDT_ASSIGN_OR_RETURN(ReceiveOutcome out, hub_.Receive(tx, actor, Source{}, signed_xml, in));
  const long long doc = document.value(), message = out.message.id.value(),
                  at = ToUnixSeconds(clock_.Now());
  const std::string k = kind;
  db::Run(tx,
          "INSERT INTO exchange_outbound (document_id, edxml_document_id, message_id, "
          "created_at, kind) VALUES (:d, :e, :m, :t, :k)",
          soci::use(doc), soci::use(package.header.document_id), soci::use(message), soci::use(at),
          soci::use(k));
  return Ok();
}

Result<bool> OutboundService::HasWork(db::Transaction& tx) const {
  CQDT_ASSIGN_OR_RETURN(auto waiting, deliveries_.WaitingForExchange(tx, 1));
  if (!waiting.empty()) {
    return true;
  }
  CQDT_ASSIGN_OR_RETURN(auto recalled, deliveries_.RecalledForExchange(tx, 1));
  return !recalled.empty();
}

Result<int> OutboundService::RunOnce(db::Transaction& tx, const audit::Actor& actor, int limit) {
  int handed = 0;
  CQDT_ASSIGN_OR_RETURN(std::vector<documents::ExchangeDispatch> waiting,
                        deliveries_.WaitingForExchange(tx, limit));
  // One package per document, to all its waiting external recipients.
  std::map<std::int64_t, std::vector<const documents::ExchangeDispatch*>> by_document;
  for (const auto& d : waiting) {
    by_document[d.document.id.value()].push_back(&d);
  }
  for (const auto& [document, group] : by_document) {
    std::vector<std::string> codes;
    for (const auto* d : group) {
      codes.push_back(d->delivery.recipient_code);
    }
    CQDT_ASSIGN_OR_RETURN(DocumentPackage package, PackageOf(*group.front(), codes, clock_.Now()));
    const documents::Document& doc = group.front()->document;
    if (doc.replaces_id.IsSet()) {
      // A replacement (edxml.md §3.4, type 3): the replaced document as its recipients know it.
      if (auto replaced = SentAs(tx, doc.replaces_id)) {
        package.header.business.type = BusinessType::kReplace;
        package.header.business.reason = "Văn bản thay thế";
        package.header.business.replacements.push_back({*replaced, codes});
      }
    }
    CQDT_RETURN_IF_ERROR(Hand(tx, actor, package, doc.id, "new"));
    for (const auto* d : group) {
      CQDT_RETURN_IF_ERROR(deliveries_.MarkTakenByExchange(tx, d->delivery.id));
    }
    ++handed;
  }

  // Recalled documents (13): one revoke package per document to the recipients it reached.
  CQDT_ASSIGN_OR_RETURN(std::vector<documents::ExchangeDispatch> recalled,
                        deliveries_.RecalledForExchange(tx, limit));
  by_document.clear();
  for (const auto& d : recalled) {
    by_document[d.document.id.value()].push_back(&d);
  }
  for (const auto& [document, group] : by_document) {
    const documents::Document& doc = group.front()->document;
    if (auto original = SentAs(tx, doc.id)) {
      std::vector<std::string> codes;
      for (const auto* d : group) {
        codes.push_back(d->delivery.recipient_code);
      }
      CQDT_ASSIGN_OR_RETURN(DocumentPackage package,
                            PackageOf(*group.front(), codes, clock_.Now()));
      package.header.document_id = *original;
      package.header.business.type = BusinessType::kRevoke;
      package.header.business.document_id = *original;
      package.header.business.reason =
          doc.recall_reason.empty() ? "Thu hồi văn bản điện tử" : doc.recall_reason;
      package.attachments.clear();
      CQDT_RETURN_IF_ERROR(Hand(tx, actor, package, doc.id, "revoke"));
      ++handed;
    }
    for (const auto* d : group) {
      CQDT_RETURN_IF_ERROR(deliveries_.MarkRecallSentByExchange(tx, d->delivery.id));
    }
  }
  return handed;
}

OutboundService::Trace OutboundService::TraceOf(db::Transaction& tx,
                                                documents::DocumentId document) const {
  Trace t;
  auto id = SentAs(tx, document);
  if (!id) {
    return t;
  }
  t.document_id = *id;
  for (Message& m : hub_.MessagesAbout(tx, *id, 200)) {
    HubService::Sent s;
    s.deliveries = hub_.DeliveriesOf(tx, m.id);
    s.hops = hub_.HopsOf(tx, m.id);
    s.message = std::move(m);
    t.items.push_back(std::move(s));
  }
  return t;
}

Status OutboundService::ApplyStatus(db::Transaction& tx, const Message& /*message*/,
                                    const StatusPackage& status) {
  long long document = 0;
  auto st = db::Run(tx,
                    "SELECT document_id FROM exchange_outbound WHERE edxml_document_id = :e "
                    "ORDER BY id DESC LIMIT 1",
                    soci::use(status.response_for.document_id), soci::into(document));
  if (!st.got_data()) {
    return Ok();  // not a document this instance sent (kept in the hub's store only)
  }
  auto code = StatusOf(status.status_code);
  if (!code) {
    return Ok();
  }
  audit::Actor actor{UserId(),
                     status.from.organ_name.empty() ? status.from.organ_id : status.from.organ_name,
                     AgencyId(), "", ""};
  auto applied = deliveries_.ReportExchangeStatus(tx, actor, documents::DocumentId(document),
                                                  status.from.organ_id, *code, status.description);
  if (!applied && applied.error().code() != ErrorCode::kFailedPrecondition &&
      applied.error().code() != ErrorCode::kNotFound) {
    return applied.error();
  }
  return Ok();  // a contradiction or an unknown recipient changes nothing
}

}  // namespace cqdt::exchange
