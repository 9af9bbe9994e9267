// Delivery, recipient side: the reception queue of an agency (chờ tiếp nhận), registration of a
// delivery as an incoming document, refusal, the answer to a recall, and the statuses that follow
// the incoming document (Decree 30/2020 art. 21-22; edxml.md §7.3). Sender side:
// delivery_service.cpp.
#include <soci/soci.h>

#include "core/message_catalog.hpp"
#include "core/text.hpp"
#include "delivery_internal.hpp"
#include "document_repository.hpp"
#include "documents/delivery_service.hpp"
#include "outgoing_internal.hpp"

namespace cqdt::documents {

namespace oi = outgoing_internal;
namespace di = delivery_internal;
using identity::Principal;
using identity::Role;

namespace {

// Who reads an agency's reception queue: its clerks (who act on it) and its leaders.
bool IsReceptionReader(const Principal& p, AgencyId agency) {
  return di::IsStaffOf(p, agency) && (p.Has(Role::kClerk) || p.Has(Role::kLeader));
}

// The released document that replaces `id`, if any (unset id otherwise).
Document ReplacementOf(db::Transaction& tx, DocumentId id) {
  long long key = id.value(), found = 0;
  tx.sql() << "SELECT id FROM documents_document WHERE replaces_id = :d AND direction = 'outgoing'"
              " AND state IN ('released', 'replaced', 'recalled') ORDER BY id DESC LIMIT 1",
      soci::use(key), soci::into(found);
  if (!tx.sql().got_data()) {
    return {};
  }
  auto d = DocumentRepository(tx).Get(DocumentId(found));
  return d ? *d : Document{};
}

std::string Quoted(const Document& d) {
  return "“" + d.subject + "”" + (d.number_text.empty() ? "" : " (" + d.number_text + ")");
}

}  // namespace

Result<Reception> DeliveryService::LoadReception(db::Transaction& tx, const Principal& p,
                                                 DeliveryId id) const {
  const std::string key = std::to_string(id.value());
  auto d = DeliveryRepository(tx).Get(id);
  // Another agency's delivery (or a recipient outside the instance) is not revealed.
  if (!d || !d->IsInternal() || !IsReceptionReader(p, d->recipient_agency_id)) {
    return Error::NotFound("văn bản", key);
  }
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, oi::Load(tx, identity_, agencies_, d->document_id));
  Reception r;
  r.delivery = *d;
  r.document = od.document;
  if (auto a = agencies_.Get(tx, od.document.agency_id)) {
    r.sender_agency_name = a->name;
  }
  if (const OutgoingFile* f = od.Latest(OutgoingFileRole::kIssued)) {
    r.issued_file = *f;
  }
  if (od.document.replaces_id.IsSet()) {
    if (auto old = DocumentRepository(tx).Get(od.document.replaces_id)) {
      r.replaces = *old;
    }
  }
  r.replaced_by = ReplacementOf(tx, od.document.id);
  r.stands = od.document.state == OutgoingStateName(OutgoingState::kReleased);
  r.history = DeliveryRepository(tx).Events(id);
  return r;
}

Result<std::vector<Reception>> DeliveryService::ReceptionQueue(
    db::Transaction& tx, const Principal& p, const ReceptionFilter& filter) const {
  std::vector<std::string> statuses;
  if (filter.status == "pending") {
    statuses = {DeliveryStatusCode(DeliveryStatus::kReceived),
                DeliveryStatusCode(DeliveryStatus::kRecallRequested)};
  } else if (filter.status != "all") {
    // Untrusted query parameter: one of our codes, or refused.
    auto s = ParseDeliveryStatus(filter.status);
    if (!s) {
      return Error::InvalidField("status", "enum",
                                 "Trường 'status' phải là pending, all hoặc một mã trạng thái "
                                 "gửi nhận (01, 02, 03, 04, 05, 06, 13, 15, 16).");
    }
    statuses = {DeliveryStatusCode(*s)};
  }
  if (filter.limit < 1 || filter.limit > 200 || filter.offset < 0) {
    return Error::InvalidField("limit", "range", "Trường 'limit' phải từ 1 đến 200.");
  }
  std::vector<Reception> out;
  if (!IsReceptionReader(p, p.agency_id)) {
    return out;
  }
  for (const Delivery& d :
       DeliveryRepository(tx).ToAgency(p.agency_id, statuses, filter.limit, filter.offset)) {
    CQDT_ASSIGN_OR_RETURN(Reception r, LoadReception(tx, p, d.id));
    out.push_back(std::move(r));
  }
  return out;
}

Result<ReceptionCounts> DeliveryService::CountReceptions(db::Transaction& tx,
                                                         const Principal& p) const {
  ReceptionCounts c;
  if (!IsReceptionReader(p, p.agency_id)) {
    return c;
  }
  DeliveryRepository repo(tx);
  c.received = repo.CountToAgency(p.agency_id, DeliveryStatusCode(DeliveryStatus::kReceived));
  c.recall_requested =
      repo.CountToAgency(p.agency_id, DeliveryStatusCode(DeliveryStatus::kRecallRequested));
  return c;
}

Result<Reception> DeliveryService::GetReception(db::Transaction& tx, const Principal& p,
                                                DeliveryId id) const {
  return LoadReception(tx, p, id);
}

Result<std::pair<std::string, std::string>> DeliveryService::ReceptionFile(db::Transaction& tx,
                                                                           const Principal& p,
                                                                           DeliveryId id) const {
  CQDT_ASSIGN_OR_RETURN(Reception r, LoadReception(tx, p, id));
  if (!r.issued_file) {
    return Error::NotFound("tệp", std::to_string(id.value()));
  }
  CQDT_ASSIGN_OR_RETURN(std::string bytes, blobs_.Get(r.issued_file->sha256));
  return std::make_pair(r.issued_file->name, std::move(bytes));
}

namespace {

// The checks every recipient action starts with: a clerk of the recipient agency, acting on the
// version they read.
Status CheckRecipientClerk(const Principal& p, const Reception& r, std::int64_t expected_version) {
  if (!p.Has(Role::kClerk)) {
    return Error::PermissionDenied("Chỉ văn thư của cơ quan nhận mới xử lý được văn bản đến.");
  }
  if (r.delivery.version != expected_version) {
    return Error::Conflict(
        "Việc gửi nhận văn bản này vừa được người khác xử lý. Vui lòng tải lại rồi thực hiện lại.");
  }
  return Ok();
}

}  // namespace

Result<RegisterDeliveryOutcome> DeliveryService::Register(db::Transaction& tx, const Principal& p,
                                                          const audit::Actor& actor, DeliveryId id,
                                                          std::int64_t expected_version,
                                                          const RegisterDeliveryInput& in) {
  CQDT_ASSIGN_OR_RETURN(Reception r, LoadReception(tx, p, id));
  CQDT_RETURN_IF_ERROR(CheckRecipientClerk(p, r, expected_version));
  if (r.delivery.status != DeliveryStatus::kReceived) {
    return Error::FailedPrecondition(std::string("Văn bản không còn chờ tiếp nhận (trạng thái '") +
                                     DeliveryStatusLabel(r.delivery.status) + "').");
  }
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  // Claim the delivery first (version checked in the UPDATE): of two clerks registering it at
  // once, the second stops here before taking an arrival number.
  CQDT_ASSIGN_OR_RETURN(Delivery claimed,
                        di::Report(tx, r.delivery, DeliveryStatus::kRegistered, actor, "", now));
  const Document& out = r.document;
  IncomingInput input;
  input.agency_id = r.delivery.recipient_agency_id;
  input.type_ordinal = out.type_ordinal;
  input.number_text = out.number_text;
  input.issued_date = out.issued_date;
  input.sender_agency_id = out.agency_id;
  input.sender_name = r.sender_agency_name;
  input.subject = out.subject;
  input.signer_name = out.signer_name;
  input.signer_position = out.signer_position;
  input.urgency = UrgencyName(out.urgency);
  input.confidentiality = ConfidentialityName(out.confidentiality);
  input.channel = ChannelName(Channel::kElectronic);
  input.page_count = out.page_count;
  input.arrival_date = in.arrival_date;
  input.due_date = in.due_date;
  input.description = in.description;
  input.confirm_duplicate = in.confirm_duplicate;
  if (r.issued_file) {
    // The issued PDF becomes the incoming document's main file, with the verdict the caller
    // computed on these very bytes.
    CQDT_ASSIGN_OR_RETURN(std::string bytes, blobs_.Get(r.issued_file->sha256));
    CQDT_ASSIGN_OR_RETURN(DocumentFile f,
                          files_.Upload(tx, actor, input.agency_id, r.issued_file->name, bytes,
                                        in.signature_verdict));
    input.file_ids.push_back(f.id);
  }
  CQDT_ASSIGN_OR_RETURN(RegisterOutcome registered, incoming_.Register(tx, actor, p, input));
  RegisterDeliveryOutcome result;
  if (!registered.document) {
    result.duplicates = std::move(registered.duplicates);
    return result;
  }
  claimed.incoming_document_id = registered.document->id;
  CQDT_ASSIGN_OR_RETURN(claimed, DeliveryRepository(tx).Update(claimed));
  CQDT_RETURN_IF_ERROR(oi::Record(
      tx, audit_, actor, *registered.document, "documents.delivery.registered",
      "Tiếp nhận văn bản điện tử " + Quoted(out) + " của " + r.sender_agency_name + ".", now));
  result.delivery = claimed;
  result.incoming = registered.document;
  return result;
}

Result<Reception> DeliveryService::Refuse(db::Transaction& tx, const Principal& p,
                                          const audit::Actor& actor, DeliveryId id,
                                          std::int64_t expected_version,
                                          const std::string& reason) {
  CQDT_ASSIGN_OR_RETURN(Reception r, LoadReception(tx, p, id));
  CQDT_RETURN_IF_ERROR(CheckRecipientClerk(p, r, expected_version));
  if (r.delivery.status != DeliveryStatus::kReceived) {
    return Error::FailedPrecondition(std::string("Văn bản không còn chờ tiếp nhận (trạng thái '") +
                                     DeliveryStatusLabel(r.delivery.status) + "').");
  }
  // Decree 30/2020 art. 21.2(b): a misaddressed or invalid document is returned with a reason.
  CQDT_ASSIGN_OR_RETURN(std::string why, di::CheckReason(reason, "reason", true));
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  CQDT_RETURN_IF_ERROR(di::Report(tx, r.delivery, DeliveryStatus::kRefused, actor, why, now));
  CQDT_RETURN_IF_ERROR(oi::Record(tx, audit_, actor, r.document, "documents.delivery.refused",
                                  r.delivery.recipient_name + " từ chối tiếp nhận: " + why, now));
  CQDT_RETURN_IF_ERROR(di::NotifyClerks(
      tx, outbox_, identity_, r.document.agency_id, p.user_id(), "documents.delivery_refused",
      r.delivery.recipient_name + " từ chối tiếp nhận văn bản " + Quoted(r.document) + ": " + why,
      "/van-ban/di/" + std::to_string(r.document.id.value()),
      "documents.delivery_refused|" + std::to_string(id.value())));
  return LoadReception(tx, p, id);
}

Result<Reception> DeliveryService::AnswerRecall(db::Transaction& tx, const Principal& p,
                                                const audit::Actor& actor, DeliveryId id,
                                                std::int64_t expected_version, bool accept,
                                                const std::string& reason) {
  CQDT_ASSIGN_OR_RETURN(Reception r, LoadReception(tx, p, id));
  CQDT_RETURN_IF_ERROR(CheckRecipientClerk(p, r, expected_version));
  if (r.delivery.status != DeliveryStatus::kRecallRequested) {
    return Error::FailedPrecondition("Bên gửi không đề nghị thu hồi văn bản này.");
  }
  CQDT_ASSIGN_OR_RETURN(std::string why, di::CheckReason(reason, "reason", !accept));
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  const DeliveryStatus answer =
      accept ? DeliveryStatus::kRecallAccepted : DeliveryStatus::kRecallRefused;
  CQDT_RETURN_IF_ERROR(di::Report(tx, r.delivery, answer, actor, why, now));
  if (accept && r.delivery.incoming_document_id.IsSet()) {
    // The recipient's incoming document stays (its arrival number is never reused) but is marked
    // recalled, with the sender's reason, on its record and its timeline.
    DocumentRepository docs(tx);
    CQDT_ASSIGN_OR_RETURN(Document incoming, docs.Get(r.delivery.incoming_document_id));
    incoming.recall_reason =
        r.document.recall_reason.empty() ? "Bên gửi thu hồi văn bản." : r.document.recall_reason;
    CQDT_ASSIGN_OR_RETURN(incoming, docs.Update(incoming, now));
    CQDT_RETURN_IF_ERROR(oi::Record(tx, audit_, actor, incoming, "documents.delivery.recalled",
                                    "Văn bản đã bị bên gửi thu hồi: " + incoming.recall_reason,
                                    now));
  }
  CQDT_RETURN_IF_ERROR(oi::Record(
      tx, audit_, actor, r.document,
      accept ? "documents.delivery.recall_accepted" : "documents.delivery.recall_refused",
      r.delivery.recipient_name + (accept ? " đồng ý thu hồi." : " từ chối thu hồi: " + why), now));
  CQDT_RETURN_IF_ERROR(di::NotifyClerks(
      tx, outbox_, identity_, r.document.agency_id, p.user_id(),
      accept ? "documents.recall_accepted" : "documents.recall_refused",
      r.delivery.recipient_name +
          (accept ? " đồng ý thu hồi văn bản " + Quoted(r.document) + "."
                  : " từ chối thu hồi văn bản " + Quoted(r.document) + ": " + why),
      "/van-ban/di/" + std::to_string(r.document.id.value()),
      std::string(accept ? "documents.recall_accepted|" : "documents.recall_refused|") +
          std::to_string(id.value())));
  return LoadReception(tx, p, id);
}

Status TrackIncomingProgress(db::Transaction& tx, const Document& incoming,
                             const audit::Actor& actor, std::int64_t now) {
  auto d = DeliveryRepository(tx).ByIncoming(incoming.id);
  if (!d) {
    return Ok();
  }
  std::optional<DeliveryStatus> reported;
  if (incoming.state == IncomingStateName(IncomingState::kAssigned)) {
    reported = DeliveryStatus::kAssigned;
  } else if (incoming.state == IncomingStateName(IncomingState::kInProgress)) {
    reported = DeliveryStatus::kInProgress;
  } else if (incoming.state == IncomingStateName(IncomingState::kCompleted)) {
    reported = DeliveryStatus::kCompleted;
  }
  if (!reported || *reported == d->status) {
    return Ok();
  }
  // A contradiction (progress after a refusal cannot happen: a refused delivery has no incoming
  // document) is not the incoming flow's failure: the status simply stays.
  if (!NextDeliveryStatus(d->status, *reported)) {
    return Ok();
  }
  auto done = di::Report(tx, *d, *reported, actor, "", now);
  if (!done) {
    return done.error();
  }
  return Ok();
}

}  // namespace cqdt::documents
