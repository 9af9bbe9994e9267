// Consultation (góp ý) on an outgoing draft (Decree 30/2020 art. 10.1; decision 0009).
#include "documents/consultation_service.hpp"

#include <set>

#include "core/text.hpp"
#include "outgoing_internal.hpp"
#include "outgoing_repository.hpp"

namespace cqdt::documents {
namespace {

namespace oi = outgoing_internal;
using identity::Principal;

Status CheckInReview(const OutgoingDocument& od) {
  if (od.document.state != OutgoingStateName(OutgoingState::kInReview)) {
    return Error::FailedPrecondition("Chỉ xin ý kiến góp ý được khi dự thảo đang được duyệt.");
  }
  return Ok();
}

// The signer's review, once no consultation and no unit-head review is pending: called when the
// last consultation is answered (the unit head approved already).
Status HandToSignerIfDue(db::Transaction& tx, const notify::Outbox& outbox,
                         const OutgoingDocument& od, UserId actor, std::int64_t now) {
  if (!od.PendingConsultations().empty() || od.PendingReview() != nullptr) {
    return Ok();
  }
  bool unit_head_approved = false;
  for (const auto& r : od.reviews) {
    unit_head_approved |= r.step == ReviewStep::kUnitHead && r.state == ReviewState::kApproved;
  }
  if (!unit_head_approved) {
    return Ok();
  }
  Review r;
  r.document_id = od.document.id;
  r.step = ReviewStep::kLeader;
  r.reviewer_id = od.signer_id;
  r.state = ReviewState::kPending;
  r.created_at = now;
  OutgoingRepository(tx).AddReview(r, od.document.agency_id);
  return oi::Notify(tx, outbox, od.signer_id, actor, "documents.review_requested",
                    "Dự thảo “" + oi::Title(od.document) + "” chờ bạn duyệt.", od.document);
}

}  // namespace

Result<OutgoingDocument> ConsultationService::Request(db::Transaction& tx, const Principal& p,
                                                      const audit::Actor& actor, DocumentId id,
                                                      std::int64_t expected_version,
                                                      const ConsultInput& in) {
  const OutgoingService& o = outgoing_;
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, oi::Load(tx, o.identity_, o.agencies_, id));
  CQDT_RETURN_IF_ERROR(
      CheckVisible(p, oi::Facts(tx, o.registers_, od), std::to_string(id.value())));
  CQDT_RETURN_IF_ERROR(CheckInReview(od));
  const Review* pending = od.PendingReview();
  // Consultation comes before the signer's turn: while the unit head has the draft.
  if (pending == nullptr || pending->step != ReviewStep::kUnitHead) {
    return Error::FailedPrecondition(
        "Chỉ xin ý kiến góp ý được trước khi dự thảo đến lượt người ký duyệt.");
  }
  if (p.user_id() != od.document.drafter_id && p.user_id() != pending->reviewer_id) {
    return Error::PermissionDenied(
        "Chỉ người soạn thảo hoặc lãnh đạo đơn vị soạn thảo mới xin ý kiến góp ý được.");
  }
  CQDT_RETURN_IF_ERROR(oi::CheckVersion(od.document, expected_version));
  std::vector<FieldError> errors;
  auto comment = CheckText(in.comment, "comment", "Nội dung xin ý kiến", 0, 2000, errors);
  // Untrusted ids: each must be an active staff member of the agency, someone other than the
  // drafter and the signer (their opinions have their own steps), not asked already.
  std::set<std::int64_t> asked;
  for (const Review* r : od.PendingConsultations()) {
    asked.insert(r->reviewer_id.value());
  }
  std::vector<UserId> people;
  bool bad = in.reviewer_ids.empty() || in.reviewer_ids.size() > kMaxConsulted;
  for (UserId uid : in.reviewer_ids) {
    auto u = o.identity_.GetUser(tx, uid);
    if (!u || u->disabled || u->agency_id != od.document.agency_id ||
        u->id == od.document.drafter_id || u->id == od.signer_id ||
        !asked.insert(u->id.value()).second) {
      bad = true;
      continue;
    }
    people.push_back(u->id);
  }
  if (bad) {
    errors.push_back({"reviewerIds", "invalid",
                      "Trường 'reviewerIds' phải gồm từ 1 đến 20 cán bộ của cơ quan (không phải "
                      "người soạn thảo, người ký hay người đã được xin ý kiến)."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  const std::int64_t now = ToUnixSeconds(o.clock_.Now());
  OutgoingRepository repo(tx);
  for (UserId uid : people) {
    Review r;
    r.document_id = id;
    r.step = ReviewStep::kConsult;
    r.reviewer_id = uid;
    r.state = ReviewState::kPending;
    r.comment = "";
    r.created_at = now;
    repo.AddReview(r, od.document.agency_id);
  }
  CQDT_RETURN_IF_ERROR(oi::Record(tx, o.audit_, actor, od.document,
                                  "documents.outgoing.consultation_requested",
                                  comment->empty() ? std::string("Xin ý kiến góp ý cho dự thảo.")
                                                   : "Xin ý kiến góp ý cho dự thảo: " + *comment,
                                  now));
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument saved,
                        oi::Save(tx, o.identity_, o.agencies_, od.document, now));
  for (UserId uid : people) {
    CQDT_RETURN_IF_ERROR(oi::Notify(
        tx, o.outbox_, uid, p.user_id(), "documents.consultation_requested",
        "Dự thảo “" + oi::Title(saved.document) + "” xin ý kiến góp ý của bạn.", saved.document));
  }
  return saved;
}

Result<OutgoingDocument> ConsultationService::Answer(db::Transaction& tx, const Principal& p,
                                                     const audit::Actor& actor, DocumentId id,
                                                     std::int64_t expected_version, bool agree,
                                                     const std::string& comment_in) {
  const OutgoingService& o = outgoing_;
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, oi::Load(tx, o.identity_, o.agencies_, id));
  CQDT_RETURN_IF_ERROR(
      CheckVisible(p, oi::Facts(tx, o.registers_, od), std::to_string(id.value())));
  CQDT_RETURN_IF_ERROR(CheckInReview(od));
  const Review* mine = nullptr;
  for (const Review* r : od.PendingConsultations()) {
    if (r->reviewer_id == p.user_id()) {
      mine = r;
    }
  }
  if (mine == nullptr) {
    return Error::PermissionDenied("Dự thảo này không chờ ý kiến góp ý của bạn.");
  }
  CQDT_RETURN_IF_ERROR(oi::CheckVersion(od.document, expected_version));
  std::vector<FieldError> errors;
  auto comment = CheckText(comment_in, "comment", "Ý kiến góp ý", agree ? 0 : 1, 2000, errors);
  if (!comment) {
    return Error::Invalid(std::move(errors));
  }
  const std::int64_t now = ToUnixSeconds(o.clock_.Now());
  if (!OutgoingRepository(tx).DecideReview(
          mine->id, agree ? ReviewState::kApproved : ReviewState::kReturned, *comment, now)) {
    return Error::Conflict(
        "Văn bản đã được người khác thay đổi. Vui lòng tải lại văn bản rồi thực hiện lại.");
  }
  const std::string detail = agree ? (comment->empty() ? std::string("Đồng ý với dự thảo.")
                                                       : "Đồng ý với dự thảo: " + *comment)
                                   : "Góp ý cho dự thảo: " + *comment;
  CQDT_RETURN_IF_ERROR(
      oi::Record(tx, o.audit_, actor, od.document, "documents.outgoing.consulted", detail, now));
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument saved,
                        oi::Save(tx, o.identity_, o.agencies_, od.document, now));
  CQDT_RETURN_IF_ERROR(oi::Notify(
      tx, o.outbox_, saved.document.drafter_id, p.user_id(), "documents.consulted",
      "Dự thảo “" + oi::Title(saved.document) + "” đã có ý kiến góp ý.", saved.document));
  CQDT_RETURN_IF_ERROR(HandToSignerIfDue(tx, o.outbox_, saved, p.user_id(), now));
  return oi::Load(tx, o.identity_, o.agencies_, id);
}

}  // namespace cqdt::documents
