// Delivery, sender side: release, the recipients' statuses, the manual record of an external
// recipient, recall and the links of a draft (replaces, reply to). Decree 30/2020 art. 16
// (release the same day it is signed and numbered, or the next working day), art. 18 (recall
// and replacement); decision 0009. The recipient side is delivery_reception.cpp.
#include "documents/delivery_service.hpp"

#include <algorithm>

#include "core/message_catalog.hpp"
#include "core/text.hpp"
#include "delivery_internal.hpp"
#include "document_repository.hpp"
#include "outgoing_internal.hpp"

namespace cqdt::documents {

namespace oi = outgoing_internal;
using identity::Principal;
using identity::Role;

namespace delivery_internal {

bool IsStaffOf(const Principal& p, AgencyId agency) {
  return p.realm == identity::Realm::kStaff && p.user_id().IsSet() && agency.IsSet() &&
         p.agency_id == agency && !p.via_api_token;
}

Result<std::string> CheckReason(const std::string& value, const char* field, bool required) {
  std::vector<FieldError> errors;
  auto text =
      CheckText(value, field, required ? "Lý do" : "Ghi chú", required ? 1 : 0, 1000, errors);
  if (!text) {
    return Error::Invalid(std::move(errors));
  }
  return *text;
}

Result<Delivery> Report(db::Transaction& tx, Delivery d, DeliveryStatus reported,
                        const audit::Actor& actor, const std::string& reason, std::int64_t now) {
  CQDT_ASSIGN_OR_RETURN(DeliveryStatus next, NextDeliveryStatus(d.status, reported));
  DeliveryRepository repo(tx);
  const bool moved = next != d.status;
  if (moved) {
    d.status = next;
    d.status_at = now;
    if (!reason.empty()) {
      d.note = reason;
    }
    CQDT_ASSIGN_OR_RETURN(d, repo.Update(d));
  }
  repo.AddEvent({d.id, reported, now, actor.user_id, actor.name, reason, moved},
                d.sender_agency_id);
  return d;
}

Status NotifyClerks(db::Transaction& tx, const notify::Outbox& outbox,
                    const identity::IdentityService& identity, AgencyId agency, UserId actor,
                    const std::string& kind, const std::string& text_vi, const std::string& link,
                    const std::string& dedup_key) {
  for (const auto& u : identity.ListUsers(tx, agency, "")) {
    if (u.disabled || !u.roles.count(Role::kClerk) || u.id == actor) {
      continue;
    }
    notify::Notice n;
    n.recipient = notify::Recipient::User(u.id);
    n.kind = kind;
    n.text_vi = text_vi;
    n.text_en = Localize(text_vi, Language::kEnglish);
    n.link = link;
    n.entity_type = "documents.delivery";
    n.entity_id = dedup_key.substr(dedup_key.rfind('|') + 1);
    n.dedup_key = dedup_key;
    if (auto r = outbox.Enqueue(tx, n); !r) {
      return r.error();
    }
  }
  return Ok();
}

}  // namespace delivery_internal

namespace di = delivery_internal;

namespace {

Result<OutgoingState> StateOf(const Document& d) {
  auto s = ParseOutgoingState(d.state);
  if (!s) {
    return Error::Internal();
  }
  return *s;
}

std::string Quoted(const Document& d) {
  return "“" + d.subject + "”" + (d.number_text.empty() ? "" : " (" + d.number_text + ")");
}

}  // namespace

Result<OutgoingDocument> DeliveryService::Release(db::Transaction& tx, const Principal& p,
                                                  const audit::Actor& actor, DocumentId id,
                                                  std::int64_t expected_version) {
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, oi::Load(tx, identity_, agencies_, id));
  const AccessFacts facts = oi::Facts(tx, registers_, od);
  const std::string key = std::to_string(id.value());
  CQDT_ASSIGN_OR_RETURN(OutgoingState state, StateOf(od.document));
  CQDT_ASSIGN_OR_RETURN(OutgoingState next,
                        CheckOutgoingAction(p, facts, state, OutgoingAction::kRelease, key));
  CQDT_RETURN_IF_ERROR(oi::CheckVersion(od.document, expected_version));
  DeliveryRepository repo(tx);
  const auto rows = repo.RecipientRows(id);
  if (rows.empty()) {
    return Error::FailedPrecondition("Văn bản chưa có nơi nhận nên chưa phát hành được.");
  }
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  CQDT_ASSIGN_OR_RETURN(org::Agency sender, agencies_.Get(tx, od.document.agency_id));
  int internal = 0;
  for (const RecipientRow& row : rows) {
    Delivery d;
    d.sender_agency_id = od.document.agency_id;
    d.document_id = id;
    d.ordinal = row.ordinal;
    d.recipient_agency_id = row.agency_id;
    d.recipient_name = row.name;
    d.recipient_code = row.code;
    if (row.agency_id.IsSet()) {
      if (auto a = agencies_.Get(tx, row.agency_id)) {
        d.recipient_name = a->name;
      }
    }
    // An agency on this instance has it at once (01); anyone else waits for the exchange
    // (issue 14) or for the clerk to record a send by hand.
    d.status = d.IsInternal() ? DeliveryStatus::kReceived : DeliveryStatus::kWaitingExchange;
    d.status_at = d.created_at = now;
    Delivery stored = repo.Insert(d, row.id);
    repo.AddEvent({stored.id, stored.status, now, actor.user_id, actor.name, "", true},
                  stored.sender_agency_id);
    if (stored.IsInternal()) {
      ++internal;
      CQDT_RETURN_IF_ERROR(di::NotifyClerks(
          tx, outbox_, identity_, stored.recipient_agency_id, p.user_id(),
          "documents.delivery_received",
          "Văn bản " + Quoted(od.document) + " của " + sender.name + " đã đến, chờ tiếp nhận.",
          "/van-ban/tiep-nhan/" + std::to_string(stored.id.value()),
          "documents.delivery_received|" + std::to_string(stored.id.value())));
    }
  }
  // Decree 30/2020 art. 18.4: the replacement is released; the replaced document stops standing.
  if (od.document.replaces_id.IsSet()) {
    DocumentRepository docs(tx);
    auto old = docs.Get(od.document.replaces_id);
    if (old && old->state == OutgoingStateName(OutgoingState::kReleased)) {
      CQDT_ASSIGN_OR_RETURN(
          OutgoingState replaced,
          NextOutgoingState(OutgoingState::kReleased, OutgoingAction::kReplace, RouteRole::kClerk));
      Document o = *old;
      o.state = OutgoingStateName(replaced);
      CQDT_ASSIGN_OR_RETURN(o, docs.Update(o, now));
      CQDT_RETURN_IF_ERROR(oi::Record(tx, audit_, actor, o, "documents.outgoing.replaced",
                                      "Được thay thế bởi văn bản " + od.document.number_text + ".",
                                      now));
    }
  }
  Document d = od.document;
  d.state = OutgoingStateName(next);
  CQDT_RETURN_IF_ERROR(oi::Record(tx, audit_, actor, d, "documents.outgoing.released",
                                  "Phát hành đến " + std::to_string(rows.size()) + " nơi nhận (" +
                                      std::to_string(internal) + " trên hệ thống).",
                                  now));
  return oi::Save(tx, identity_, agencies_, d, now);
}

Result<std::vector<DeliveryView>> DeliveryService::Deliveries(db::Transaction& tx,
                                                              const Principal& p,
                                                              DocumentId id) const {
  auto od = oi::Load(tx, identity_, agencies_, id);
  if (!od) {
    return Error::NotFound("văn bản", std::to_string(id.value()));
  }
  CQDT_RETURN_IF_ERROR(CheckVisible(p, oi::Facts(tx, registers_, *od), std::to_string(id.value())));
  DeliveryRepository repo(tx);
  std::vector<DeliveryView> out;
  for (Delivery& d : repo.OfDocument(id)) {
    auto events = repo.Events(d.id);
    out.push_back({std::move(d), std::move(events)});
  }
  return out;
}

Result<DeliveryView> DeliveryService::RecordManualSend(db::Transaction& tx, const Principal& p,
                                                       const audit::Actor& actor, DeliveryId id,
                                                       std::int64_t expected_version,
                                                       const ManualSendInput& in) {
  DeliveryRepository repo(tx);
  auto found = repo.Get(id);
  const std::string key = std::to_string(id.value());
  if (!found) {
    return Error::NotFound("văn bản", key);
  }
  Delivery d = *found;
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, oi::Load(tx, identity_, agencies_, d.document_id));
  const AccessFacts facts = oi::Facts(tx, registers_, od);
  CQDT_RETURN_IF_ERROR(CheckVisible(p, facts, key));
  if (!RolesOf(p, facts).count(RouteRole::kClerk)) {
    return Error::PermissionDenied("Chỉ văn thư của cơ quan gửi mới ghi nhận được việc gửi.");
  }
  if (d.IsInternal()) {
    return Error::FailedPrecondition(
        "Nơi nhận này ở trên hệ thống và đã nhận văn bản điện tử; không cần ghi nhận gửi tay.");
  }
  if (d.version != expected_version) {
    return Error::Conflict(
        "Việc gửi nhận văn bản này vừa được người khác xử lý. Vui lòng tải lại rồi thực hiện lại.");
  }
  // Untrusted: the channel, date and note come from the client.
  std::vector<FieldError> errors;
  auto channel = ParseManualChannel(in.channel);
  if (!channel) {
    errors.push_back({"channel", "enum", "Trường 'channel' phải là email hoặc paper."});
  }
  if (!ParseIsoDate(in.date)) {
    errors.push_back({"date", "format", "Trường 'date' phải là ngày dạng YYYY-MM-DD."});
  }
  auto note = CheckText(in.note, "note", "Ghi chú", 0, 1000, errors);
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  d.manual_channel = ManualChannelName(*channel);
  d.manual_date = in.date;
  const std::string line = std::string(ManualChannelLabel(*channel)) + ", ngày " + in.date +
                           (note->empty() ? "" : ": " + *note);
  const std::int64_t read_version = d.version;
  CQDT_ASSIGN_OR_RETURN(d, di::Report(tx, d, DeliveryStatus::kSentManually, actor, line, now));
  if (d.version == read_version) {
    // Sent again (paper after e-mail): the status stays, the last send is kept on the row.
    d.note = line;
    CQDT_ASSIGN_OR_RETURN(d, repo.Update(d));
  }
  CQDT_RETURN_IF_ERROR(oi::Record(tx, audit_, actor, od.document, "documents.delivery.sent",
                                  "Gửi ngoài hệ thống đến " + d.recipient_name + ".", now));
  return DeliveryView{d, repo.Events(d.id)};
}

Result<OutgoingDocument> DeliveryService::Recall(db::Transaction& tx, const Principal& p,
                                                 const audit::Actor& actor, DocumentId id,
                                                 std::int64_t expected_version,
                                                 const std::string& reason) {
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, oi::Load(tx, identity_, agencies_, id));
  const AccessFacts facts = oi::Facts(tx, registers_, od);
  CQDT_ASSIGN_OR_RETURN(OutgoingState state, StateOf(od.document));
  CQDT_ASSIGN_OR_RETURN(
      OutgoingState next,
      CheckOutgoingAction(p, facts, state, OutgoingAction::kRecall, std::to_string(id.value())));
  CQDT_RETURN_IF_ERROR(oi::CheckVersion(od.document, expected_version));
  CQDT_ASSIGN_OR_RETURN(std::string why, di::CheckReason(reason, "reason", true));
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  for (Delivery& d : DeliveryRepository(tx).OfDocument(id)) {
    // 13 to every recipient that still has it; one who refused it has nothing to give back.
    if (!NextDeliveryStatus(d.status, DeliveryStatus::kRecallRequested)) {
      continue;
    }
    CQDT_ASSIGN_OR_RETURN(Delivery after,
                          di::Report(tx, d, DeliveryStatus::kRecallRequested, actor, why, now));
    if (after.IsInternal()) {
      CQDT_RETURN_IF_ERROR(
          di::NotifyClerks(tx, outbox_, identity_, after.recipient_agency_id, p.user_id(),
                           "documents.delivery_recalled",
                           "Bên gửi đề nghị thu hồi văn bản " + Quoted(od.document) + ": " + why,
                           "/van-ban/tiep-nhan/" + std::to_string(after.id.value()),
                           "documents.delivery_recalled|" + std::to_string(after.id.value())));
    }
  }
  Document d = od.document;
  d.state = OutgoingStateName(next);
  d.recall_reason = why;
  CQDT_RETURN_IF_ERROR(oi::Record(tx, audit_, actor, d, "documents.outgoing.recalled",
                                  "Thu hồi văn bản: " + why, now));
  return oi::Save(tx, identity_, agencies_, d, now);
}

Result<OutgoingDocument> DeliveryService::SetLinks(db::Transaction& tx, const Principal& p,
                                                   const audit::Actor& actor, DocumentId id,
                                                   std::int64_t expected_version,
                                                   const DocumentLinks& links) {
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, oi::Load(tx, identity_, agencies_, id));
  CQDT_RETURN_IF_ERROR(CheckVisible(p, oi::Facts(tx, registers_, od), std::to_string(id.value())));
  if (od.document.state != OutgoingStateName(OutgoingState::kDraft)) {
    return Error::FailedPrecondition(
        "Chỉ sửa được văn bản đang là dự thảo; văn bản này đang ở bước khác.");
  }
  if (od.document.drafter_id != p.user_id()) {
    return Error::PermissionDenied("Chỉ người soạn thảo mới sửa được dự thảo.");
  }
  CQDT_RETURN_IF_ERROR(oi::CheckVersion(od.document, expected_version));
  Document d = od.document;
  DocumentRepository docs(tx);
  std::vector<FieldError> errors;
  // Untrusted ids: each must name a document of the caller's agency of the right kind, one the
  // caller may see (a bad id is answered like an unknown one).
  if (links.replaces_id) {
    if (!links.replaces_id->IsSet()) {
      d.replaces_id = DocumentId();
    } else {
      auto old = docs.Get(*links.replaces_id);
      if (!old || old->direction != Direction::kOutgoing || old->agency_id != d.agency_id ||
          old->id == d.id || old->state != OutgoingStateName(OutgoingState::kReleased)) {
        errors.push_back({"replacesId", "invalid",
                          "Trường 'replacesId' phải là một văn bản đi đã phát hành của cơ quan."});
      } else {
        d.replaces_id = old->id;
      }
    }
  }
  if (links.reply_to_id) {
    if (!links.reply_to_id->IsSet()) {
      d.reply_to_id = DocumentId();
    } else {
      auto answered = docs.Get(*links.reply_to_id);
      if (!answered || answered->direction != Direction::kIncoming ||
          answered->agency_id != d.agency_id ||
          !CanSee(p, IncomingService::FactsOf(tx, *answered))) {
        errors.push_back({"replyToId", "invalid",
                          "Trường 'replyToId' phải là một văn bản đến của cơ quan mà bạn xem "
                          "được."});
      } else {
        d.reply_to_id = answered->id;
      }
    }
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  CQDT_RETURN_IF_ERROR(oi::Record(tx, audit_, actor, d, "documents.outgoing.linked",
                                  "Cập nhật văn bản được thay thế và văn bản được trả lời.", now));
  return oi::Save(tx, identity_, agencies_, d, now);
}

}  // namespace cqdt::documents

namespace cqdt::documents {

Result<ExchangeDispatch> DeliveryService::DispatchOf(db::Transaction& tx, Delivery d,
                                                     bool with_files) const {
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, oi::Load(tx, identity_, agencies_, d.document_id));
  ExchangeDispatch x;
  x.document = od.document;
  x.recipients = od.recipients;
  if (auto a = agencies_.Get(tx, od.document.agency_id)) {
    x.sender_code = a->code;
    x.sender_name = a->name;
  }
  if (with_files) {
    if (const OutgoingFile* f = od.Latest(OutgoingFileRole::kIssued)) {
      CQDT_ASSIGN_OR_RETURN(std::string bytes, blobs_.Get(f->sha256));
      x.files.emplace_back(f->name, std::move(bytes));
    }
    for (const OutgoingFile& f : od.files) {
      if (f.role == OutgoingFileRole::kIssuedAttachment) {
        CQDT_ASSIGN_OR_RETURN(std::string bytes, blobs_.Get(f.sha256));
        x.files.emplace_back(f.name, std::move(bytes));
      }
    }
  }
  x.delivery = std::move(d);
  return x;
}

Result<std::vector<ExchangeDispatch>> DeliveryService::WaitingForExchange(db::Transaction& tx,
                                                                          int limit) const {
  std::vector<ExchangeDispatch> out;
  for (Delivery& d : DeliveryRepository(tx).WaitingForExchange(std::clamp(limit, 1, 500))) {
    CQDT_ASSIGN_OR_RETURN(ExchangeDispatch x, DispatchOf(tx, std::move(d), true));
    out.push_back(std::move(x));
  }
  return out;
}

Result<std::vector<ExchangeDispatch>> DeliveryService::RecalledForExchange(db::Transaction& tx,
                                                                           int limit) const {
  std::vector<ExchangeDispatch> out;
  for (Delivery& d : DeliveryRepository(tx).RecalledForExchange(std::clamp(limit, 1, 500))) {
    CQDT_ASSIGN_OR_RETURN(ExchangeDispatch x, DispatchOf(tx, std::move(d), false));
    out.push_back(std::move(x));
  }
  return out;
}

Status DeliveryService::MarkRecallSentByExchange(db::Transaction& tx, DeliveryId id) const {
  DeliveryRepository(tx).MarkRecallSentByExchange(id, ToUnixSeconds(clock_.Now()));
  return Ok();
}

Status DeliveryService::MarkTakenByExchange(db::Transaction& tx, DeliveryId id) const {
  DeliveryRepository(tx).MarkTakenByExchange(id, ToUnixSeconds(clock_.Now()));
  return Ok();
}

Result<Delivery> DeliveryService::ReportExchangeStatus(
    db::Transaction& tx, const audit::Actor& actor, DocumentId document,
    const std::string& recipient_code, DeliveryStatus status, const std::string& reason) {
  auto d = DeliveryRepository(tx).ByRecipientCode(document, recipient_code);
  if (!d) {
    return Error::NotFound("văn bản", std::to_string(document.value()));
  }
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  // Any report from outside means the package arrived: a later status (or a refusal without a
  // 01 first, as a hub that refuses a package sends it) moves "waiting" through 01.
  if (d->status == DeliveryStatus::kWaitingExchange && status != DeliveryStatus::kReceived) {
    CQDT_ASSIGN_OR_RETURN(*d, di::Report(tx, *d, DeliveryStatus::kReceived, actor, "", now));
  }
  CQDT_ASSIGN_OR_RETURN(Delivery out,
                        di::Report(tx, *d, status, actor, reason.substr(0, 1000), now));
  if (status == DeliveryStatus::kRefused) {
    CQDT_RETURN_IF_ERROR(di::NotifyClerks(
        tx, outbox_, identity_, out.sender_agency_id, UserId(), "documents.delivery_refused",
        out.recipient_name + " từ chối tiếp nhận văn bản: " + reason,
        "/van-ban/di/" + std::to_string(document.value()),
        "documents.delivery_refused|" + std::to_string(out.id.value())));
  }
  return out;
}

}  // namespace cqdt::documents
