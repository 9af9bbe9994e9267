// The sender's business on a document an agency of this instance received from outside:
// revoke (thu hồi), update (cập nhật) and replace (thay thế), edxml.md §3.4 and §7.2
// (reception.hpp: OnBusiness, AnswerRecall).
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "core/edxml_document_id.hpp"
#include "exchange/reception.hpp"
#include "reception_rows.hpp"

namespace cqdt::exchange {
namespace {

std::string Trimmed(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r')) {
    s.pop_back();
  }
  std::size_t start = 0;
  while (start < s.size() && (s[start] == ' ' || s[start] == '\n')) {
    ++start;
  }
  return s.substr(start);
}

}  // namespace

Status ReceptionService::OnBusiness(db::Transaction& tx, const audit::Actor& actor,
                                    const LocalAgency& agency, const Message& /*message*/,
                                    const Delivery& delivery, const Inspection& in) {
  if (in.kind == PackageKind::kStatus) {
    if (in.status.status_code != "13") {
      return Ok();
    }
    return ApplyRecall(tx, actor, agency, in.status.from, in.status.response_for.document_id,
                       in.status.description);
  }
  const DocumentHeader& h = in.document.header;
  const Business& b = h.business;
  if (b.type == BusinessType::kRevoke) {
    const std::string target =
        !b.document_id.empty() ? b.document_id
        : !h.response_for.empty() && !h.response_for.front().document_id.empty()
            ? h.response_for.front().document_id
            : h.document_id;
    return ApplyRecall(tx, actor, agency, h.from, target, b.reason);
  }
  if (b.type != BusinessType::kUpdate && b.type != BusinessType::kReplace) {
    return Ok();
  }
  auto made = internal::ReceptionByDelivery(tx, delivery.id);
  if (!made) {
    return Ok();
  }
  // What it replaces at this agency: the ReplacementInfo naming this agency (or nobody in
  // particular), else the Bussiness/DocumentId.
  std::vector<std::string> targets;
  std::set<std::string> seen;
  if (b.type == BusinessType::kReplace) {
    for (const ReplacementInfo& ri : b.replacements) {
      const bool here = ri.organ_ids.empty() || std::find(ri.organ_ids.begin(), ri.organ_ids.end(),
                                                          agency.code) != ri.organ_ids.end();
      if (here && !ri.document_id.empty() && seen.insert(ri.document_id).second) {
        targets.push_back(ri.document_id);
      }
    }
  }
  if (targets.empty() && !b.document_id.empty()) {
    targets.push_back(b.document_id);
  }
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  for (const std::string& target : targets) {
    auto old = internal::LatestReception(tx, agency.id, target, made->id);
    internal::InsertReceptionLink(tx, made->id, target, old ? old->id : ReceptionId());
    if (!old) {
      continue;
    }
    ExternalReception o = std::move(*old);
    const std::int64_t version = o.version;
    o.replaced_by = made->id;
    if (o.state == ReceptionState::kReceived) {
      o.state = ReceptionState::kSuperseded;  // the clerk registers the new one instead
    }
    CQDT_RETURN_IF_ERROR(internal::SaveReception(tx, o, version, now));
    CQDT_RETURN_IF_ERROR(audit_.Record(
        tx, actor,
        {"exchange.reception.replaced", "exchange_reception", std::to_string(o.id.value()),
         std::string(b.type == BusinessType::kUpdate ? "Cập nhật" : "Thay thế") +
             " văn bản đến qua trục liên thông " + target.substr(0, 120) + " bởi " +
             h.document_id.substr(0, 120)}));
  }
  return Ok();
}

Status ReceptionService::ApplyRecall(db::Transaction& tx, const audit::Actor& actor,
                                     const LocalAgency& agency, const Organization& sender,
                                     const std::string& document_id, const std::string& reason) {
  Organization me;
  me.organ_id = agency.code;
  me.organ_name = agency.name;
  auto target = internal::LatestReception(tx, agency.id, document_id, ReceptionId());
  if (!target) {
    // Nothing of that document here: the sender hears so (16), the hub keeps the request.
    ResponseFor rf{sender.organ_id, "", "", document_id};
    if (auto parsed = ParseEdxmlDocumentId(document_id)) {
      rf.code = parsed->code_notation.empty() ? parsed->code_number
                                              : parsed->code_number + "/" + parsed->code_notation;
      rf.promulgation_date = parsed->Text().substr(parsed->organ_id.size() + 1, 10);
    }
    if (rf.organ_id.empty()) {
      return Ok();
    }
    auto sent = hub_.SendStatus(tx, actor, me, rf, "16",
                                agency.name + ": không có văn bản này để thu hồi.");
    if (!sent) {
      return sent.error();
    }
    return Ok();
  }
  ExternalReception r = std::move(*target);
  if (!r.recall_state.empty()) {
    return Ok();  // asked already (a revoke package and a STATUS 13 for one recall)
  }
  const std::int64_t now = ToUnixSeconds(clock_.Now()), version = r.version;
  r.recall_reason =
      Trimmed(reason).empty() ? "Bên gửi thu hồi văn bản." : Trimmed(reason).substr(0, 1000);
  r.recall_at = now;
  if (r.state == ReceptionState::kRegistered) {
    // Registered: the clerk decides (it may have been acted on already).
    r.recall_state = "requested";
    CQDT_RETURN_IF_ERROR(internal::SaveReception(tx, r, version, now));
    return audit_.Record(
        tx, actor,
        {"exchange.reception.recall_requested", "exchange_reception", std::to_string(r.id.value()),
         "Bên gửi đề nghị thu hồi văn bản đến qua trục liên thông " + r.document_id.substr(0, 120) +
             ": " + r.recall_reason});
  }
  // Not registered: nothing to undo here; accepted at once (a refused one was answered 02).
  const bool answer = r.state != ReceptionState::kRefused;
  r.recall_state = "accepted";
  r.recall_answer = "Văn bản chưa vào sổ; tự động đồng ý thu hồi.";
  if (r.state == ReceptionState::kReceived) {
    r.state = ReceptionState::kRevoked;
  }
  if (answer) {
    r.status = "15";
  }
  CQDT_RETURN_IF_ERROR(internal::SaveReception(tx, r, version, now));
  if (answer) {
    CQDT_ASSIGN_OR_RETURN(Inspection pkg, Package(tx, r));
    CQDT_RETURN_IF_ERROR(SendFromAgency(tx, actor, r, pkg.document.header, "15", r.recall_answer));
  }
  return audit_.Record(
      tx, actor,
      {"exchange.reception.revoked", "exchange_reception", std::to_string(r.id.value()),
       "Bên gửi thu hồi văn bản đến qua trục liên thông " + r.document_id.substr(0, 120) + ": " +
           r.recall_reason});
}

Result<ExternalReception> ReceptionService::AnswerRecall(db::Transaction& tx,
                                                         const identity::Principal& p,
                                                         const audit::Actor& actor, ReceptionId id,
                                                         std::int64_t expected_version, bool accept,
                                                         const std::string& reason) {
  CQDT_ASSIGN_OR_RETURN(ExternalReception r, Load(tx, p, id));
  if (!p.Has(identity::Role::kClerk)) {
    return Error::PermissionDenied("Chỉ văn thư của cơ quan nhận mới trả lời đề nghị thu hồi.");
  }
  if (r.version != expected_version) {
    return Error::Conflict("Văn bản vừa được người khác xử lý; hãy tải lại.");
  }
  if (r.recall_state != "requested") {
    return Error::FailedPrecondition("Bên gửi không đề nghị thu hồi văn bản này.");
  }
  const std::string why = Trimmed(reason);
  if (why.size() > 1000 || (!accept && why.empty())) {
    return Error::InvalidField("reason", "required",
                               "Cần lý do từ chối thu hồi (tối đa 1000 ký tự).");
  }
  CQDT_ASSIGN_OR_RETURN(Inspection pkg, Package(tx, r));
  if (accept && r.incoming_document_id.IsSet()) {
    // The incoming document stays (its arrival number is never reused), marked recalled.
    auto marked =
        incoming_.MarkRecalledBySender(tx, actor, p, r.incoming_document_id, r.recall_reason);
    if (!marked) {
      return marked.error();
    }
  }
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  r.recall_state = accept ? "accepted" : "refused";
  r.recall_answer = why.empty() ? "Đồng ý thu hồi văn bản." : why;
  if (accept) {
    r.status = "15";
  }
  CQDT_RETURN_IF_ERROR(internal::SaveReception(tx, r, expected_version, now));
  CQDT_RETURN_IF_ERROR(
      SendFromAgency(tx, actor, r, pkg.document.header, accept ? "15" : "16", r.recall_answer));
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor,
      {accept ? "exchange.reception.recall_accepted" : "exchange.reception.recall_refused",
       "exchange_reception", std::to_string(r.id.value()),
       std::string(accept ? "Đồng ý thu hồi" : "Từ chối thu hồi") +
           " văn bản đến qua trục liên thông " + r.document_id.substr(0, 120) +
           (accept ? "" : ": " + why)}));
  return r;
}

}  // namespace cqdt::exchange
