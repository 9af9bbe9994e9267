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

Result<int> OutboundService::RunOnce(db::Transaction& tx, const audit::Actor& actor, int limit) {
  CQDT_ASSIGN_OR_RETURN(std::vector<documents::ExchangeDispatch> waiting,
                        deliveries_.WaitingForExchange(tx, limit));
  // One package per document, to all its waiting external recipients.
  std::map<std::int64_t, std::vector<const documents::ExchangeDispatch*>> by_document;
  for (const auto& d : waiting) {
    by_document[d.document.id.value()].push_back(&d);
  }
  int handed = 0;
  for (const auto& [document, group] : by_document) {
    std::vector<std::string> codes;
    for (const auto* d : group) {
      codes.push_back(d->delivery.recipient_code);
    }
    CQDT_ASSIGN_OR_RETURN(DocumentPackage package, PackageOf(*group.front(), codes, clock_.Now()));
    CQDT_ASSIGN_OR_RETURN(std::string xml, BuildDocumentPackage(package));
    CQDT_ASSIGN_OR_RETURN(std::string signed_xml, signer_.Sign(package.header.from.organ_id, xml));
    InspectOptions options;  // our own package: read for routing, not verified again
    options.max_package_bytes = std::max(options.max_package_bytes, signed_xml.size());
    const Inspection in = Inspect(signed_xml, options);
    if (!in.accepted) {
      return Error::Internal();
    }
    CQDT_ASSIGN_OR_RETURN(ReceiveOutcome out, hub_.Receive(tx, actor, Source{}, signed_xml, in));
    const long long doc = document, message = out.message.id.value(),
                    at = ToUnixSeconds(clock_.Now());
    db::Run(tx,
            "INSERT INTO exchange_outbound (document_id, edxml_document_id, message_id, "
            "created_at) VALUES (:d, :e, :m, :t)",
            soci::use(doc), soci::use(package.header.document_id), soci::use(message),
            soci::use(at));
    for (const auto* d : group) {
      CQDT_RETURN_IF_ERROR(deliveries_.MarkTakenByExchange(tx, d->delivery.id));
    }
    ++handed;
  }
  return handed;
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
