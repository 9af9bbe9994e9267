// The review of outgoing drafts (Decree 30/2020 art. 10-12; decision 0009).
#include "documents/review_service.hpp"

#include "core/text.hpp"
#include "documents/delegation_service.hpp"
#include "documents/incoming_service.hpp"
#include "outgoing_internal.hpp"
#include "outgoing_repository.hpp"

namespace cqdt::documents {
namespace {

namespace oi = outgoing_internal;
using identity::Principal;

// A comment (untrusted): at most 2000 code points; required when returning.
Result<std::string> CheckComment(const std::string& comment, bool required) {
  std::vector<FieldError> errors;
  auto text = CheckText(comment, "comment", "Ý kiến", required ? 1 : 0, 2000, errors);
  if (!text) {
    return Error::Invalid(std::move(errors));
  }
  return *text;
}

// The delegation under which `p` takes the signer's place (sign right), if any; the facts then
// count `p` as the signer and, for the signer's review step, as a reviewer.
std::optional<Delegation> SignerStepDelegation(db::Transaction& tx,
                                               const identity::IdentityService& identity,
                                               const Clock& clock, const Principal& p,
                                               const OutgoingDocument& od, AccessFacts& facts) {
  auto acting = SignerDelegation(tx, identity, p, od.signer_id, od.document.agency_id,
                                 TodayInVietnam(clock.Now()));
  if (acting) {
    facts.signer_deputies.insert(p.user_id());
    facts.reviewers.insert(p.user_id());
  }
  return acting;
}

}  // namespace

Result<OutgoingDocument> ReviewService::Submit(db::Transaction& tx, const Principal& p,
                                               const audit::Actor& actor, DocumentId id,
                                               std::int64_t expected_version,
                                               const SubmitInput& in) {
  const OutgoingService& o = outgoing_;
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, oi::Load(tx, o.identity_, o.agencies_, id));
  const AccessFacts facts = oi::Facts(tx, o.registers_, od);
  auto state = ParseOutgoingState(od.document.state);
  if (!state) {
    return Error::Internal();
  }
  CQDT_ASSIGN_OR_RETURN(
      OutgoingState next,
      CheckOutgoingAction(p, facts, *state, OutgoingAction::kSubmit, std::to_string(id.value())));
  CQDT_RETURN_IF_ERROR(oi::CheckVersion(od.document, expected_version));
  CQDT_ASSIGN_OR_RETURN(std::string comment, CheckComment(in.comment, false));
  std::vector<FieldError> errors;
  if (!od.signer_id.IsSet()) {
    errors.push_back(
        {"signerId", "required", "Dự thảo chưa có người ký: chọn người ký trước khi trình duyệt."});
  }
  if (od.Latest(OutgoingFileRole::kDraft) == nullptr) {
    errors.push_back({"file", "required", "Dự thảo chưa có tệp: thêm tệp trước khi trình duyệt."});
  }
  if (in.unit_head_id) {
    // Untrusted id: the reviewer must be an active staff member of the agency, and not the
    // drafter (nobody reviews their own draft).
    auto u = o.identity_.GetUser(tx, *in.unit_head_id);
    if (!u || u->disabled || u->agency_id != od.document.agency_id || u->id == p.user_id()) {
      errors.push_back({"unitHeadId", "invalid",
                        "Trường 'unitHeadId' phải là lãnh đạo đơn vị trong cơ quan, khác người "
                        "soạn thảo."});
    }
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  const std::int64_t now = ToUnixSeconds(o.clock_.Now());
  Review r;
  r.document_id = id;
  r.step = in.unit_head_id ? ReviewStep::kUnitHead : ReviewStep::kLeader;
  r.reviewer_id = in.unit_head_id.value_or(od.signer_id);
  r.state = ReviewState::kPending;
  r.created_at = now;
  OutgoingRepository(tx).AddReview(r, od.document.agency_id);
  Document d = od.document;
  d.state = OutgoingStateName(next);
  CQDT_RETURN_IF_ERROR(oi::Record(
      tx, o.audit_, actor, d, "documents.outgoing.submitted",
      comment.empty() ? std::string("Trình duyệt dự thảo.") : "Trình duyệt dự thảo: " + comment,
      now));
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument saved, oi::Save(tx, o.identity_, o.agencies_, d, now));
  CQDT_RETURN_IF_ERROR(oi::Notify(tx, o.outbox_, r.reviewer_id, p.user_id(),
                                  "documents.review_requested",
                                  "Dự thảo “" + oi::Title(d) + "” chờ bạn duyệt.", saved.document));
  return saved;
}

Result<OutgoingDocument> ReviewService::Approve(db::Transaction& tx, const Principal& p,
                                                const audit::Actor& actor, DocumentId id,
                                                std::int64_t expected_version,
                                                const std::string& comment_in) {
  const OutgoingService& o = outgoing_;
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, oi::Load(tx, o.identity_, o.agencies_, id));
  AccessFacts facts = oi::Facts(tx, o.registers_, od);
  // Ủy quyền: the signer's deputy takes the signer's review step (delegation_service.hpp).
  const std::optional<Delegation> acting =
      SignerStepDelegation(tx, o.identity_, o.clock_, p, od, facts);
  const audit::Actor who = acting ? ActingActor(actor, *acting) : actor;
  auto state = ParseOutgoingState(od.document.state);
  if (!state) {
    return Error::Internal();
  }
  CQDT_ASSIGN_OR_RETURN(
      OutgoingState next,
      CheckOutgoingAction(p, facts, *state, OutgoingAction::kApprove, std::to_string(id.value())));
  const Review* pending = od.PendingReview();
  // The state machine lets reviewers and leaders approve a draft in review; of them, only the
  // one whose turn it is decides (a leader cannot skip the unit head's step, nor approve on the
  // signer's behalf).
  if (pending == nullptr ||
      (pending->reviewer_id != p.user_id() &&
       !(acting && pending->step == ReviewStep::kLeader && pending->reviewer_id == od.signer_id))) {
    return Error::PermissionDenied("Dự thảo này đang chờ người khác duyệt.");
  }
  CQDT_RETURN_IF_ERROR(oi::CheckVersion(od.document, expected_version));
  CQDT_ASSIGN_OR_RETURN(std::string comment, CheckComment(comment_in, false));
  const std::int64_t now = ToUnixSeconds(o.clock_.Now());
  OutgoingRepository repo(tx);
  if (!repo.DecideReview(pending->id, ReviewState::kApproved, comment, now)) {
    return Error::Conflict(
        "Văn bản đã được người khác thay đổi. Vui lòng tải lại văn bản rồi thực hiện lại.");
  }
  Document d = od.document;
  UserId notify_user;
  std::string notice_kind, notice;
  if (pending->step == ReviewStep::kLeader) {
    d.state = OutgoingStateName(next);
    notify_user = d.drafter_id;
    notice_kind = "documents.review_approved";
    notice = "Dự thảo “" + oi::Title(d) + "” đã được lãnh đạo duyệt, chờ ký.";
  } else if (!od.PendingConsultations().empty()) {
    // Consultations are still open (consultation_service.hpp): the signer's turn comes when the
    // last one is answered.
    notify_user = d.drafter_id;
    notice_kind = "documents.review_approved";
    notice = "Dự thảo “" + oi::Title(d) + "” đã được lãnh đạo đơn vị duyệt, chờ ý kiến góp ý.";
  } else {
    // The unit head agrees: the signer reviews next; the document stays in review.
    Review r;
    r.document_id = id;
    r.step = ReviewStep::kLeader;
    r.reviewer_id = od.signer_id;
    r.state = ReviewState::kPending;
    r.created_at = now;
    repo.AddReview(r, d.agency_id);
    notify_user = od.signer_id;
    notice_kind = "documents.review_requested";
    notice = "Dự thảo “" + oi::Title(d) + "” chờ bạn duyệt.";
  }
  const std::string label = ReviewStepLabel(pending->step);
  CQDT_RETURN_IF_ERROR(
      oi::Record(tx, o.audit_, who, d, "documents.outgoing.approved",
                 comment.empty() ? label + " đã duyệt." : label + " đã duyệt: " + comment, now));
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument saved, oi::Save(tx, o.identity_, o.agencies_, d, now));
  CQDT_RETURN_IF_ERROR(
      oi::Notify(tx, o.outbox_, notify_user, p.user_id(), notice_kind, notice, saved.document));
  return saved;
}

Result<OutgoingDocument> ReviewService::Return(db::Transaction& tx, const Principal& p,
                                               const audit::Actor& actor, DocumentId id,
                                               std::int64_t expected_version,
                                               const std::string& comment_in) {
  const OutgoingService& o = outgoing_;
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument od, oi::Load(tx, o.identity_, o.agencies_, id));
  AccessFacts facts = oi::Facts(tx, o.registers_, od);
  const std::optional<Delegation> acting =
      SignerStepDelegation(tx, o.identity_, o.clock_, p, od, facts);
  const audit::Actor who = acting ? ActingActor(actor, *acting) : actor;
  auto state = ParseOutgoingState(od.document.state);
  if (!state) {
    return Error::Internal();
  }
  CQDT_ASSIGN_OR_RETURN(
      OutgoingState next,
      CheckOutgoingAction(p, facts, *state, OutgoingAction::kReturn, std::to_string(id.value())));
  const Review* pending = od.PendingReview();
  if (*state == OutgoingState::kInReview) {
    // In review, only the reviewer whose turn it is returns it.
    if (pending == nullptr ||
        (pending->reviewer_id != p.user_id() && !(acting && pending->step == ReviewStep::kLeader &&
                                                  pending->reviewer_id == od.signer_id))) {
      return Error::PermissionDenied("Dự thảo này đang chờ người khác duyệt.");
    }
  } else if (p.user_id() != od.signer_id && !acting) {
    // Approved or signed: the signer takes it back (a clerk returning a signed document to fix
    // it is allowed by the state machine too).
    if (*state != OutgoingState::kSigned || !RolesOf(p, facts).count(RouteRole::kClerk)) {
      return Error::PermissionDenied("Chỉ người ký mới trả lại được văn bản đã duyệt.");
    }
  }
  CQDT_RETURN_IF_ERROR(oi::CheckVersion(od.document, expected_version));
  CQDT_ASSIGN_OR_RETURN(std::string comment, CheckComment(comment_in, true));
  const std::int64_t now = ToUnixSeconds(o.clock_.Now());
  if (pending != nullptr) {
    OutgoingRepository(tx).DecideReview(pending->id, ReviewState::kReturned, comment, now);
  }
  // Consultations still open end with the return: a new submission starts a new round.
  for (const Review* c : od.PendingConsultations()) {
    OutgoingRepository(tx).DecideReview(c->id, ReviewState::kReturned,
                                        "Dự thảo đã bị trả lại trước khi có ý kiến góp ý.", now);
  }
  Document d = od.document;
  d.state = OutgoingStateName(next);
  CQDT_RETURN_IF_ERROR(oi::Record(tx, o.audit_, who, d, "documents.outgoing.returned",
                                  "Trả lại dự thảo: " + comment, now));
  CQDT_ASSIGN_OR_RETURN(OutgoingDocument saved, oi::Save(tx, o.identity_, o.agencies_, d, now));
  CQDT_RETURN_IF_ERROR(
      oi::Notify(tx, o.outbox_, d.drafter_id, p.user_id(), "documents.review_returned",
                 "Dự thảo “" + oi::Title(d) + "” bị trả lại: " + comment, saved.document));
  return saved;
}

}  // namespace cqdt::documents
