// The agency's side of petitions (PetitionService, feedback/petition_service.hpp): the queue,
// assignment, the answer, transfer to another agency, and the sweep that tells leaders of
// overdue ones. Filing, following and the published answers are in petition_service.cpp.
#include "db/statement.hpp"
#include "dossier_marks.hpp"
#include "feedback/petition_service.hpp"
#include "feedback/rules.hpp"
#include "petition_repository.hpp"
#include "petition_text.hpp"

namespace cqdt::feedback {

namespace {

using identity::Authorizer;
using identity::Role;
using internal::DayText;
using internal::IsCodeText;

constexpr int kMaxListLimit = 200;

bool MayAnswer(const identity::Principal& who, const Petition& p) {
  return Authorizer::CanAnswerFeedbackOf(who, p.agency) &&
         (!p.assignee.IsSet() || p.assignee == who.user_id() || who.Has(Role::kLeader));
}

}  // namespace

Result<Page<Petition>> PetitionService::Queue(db::Transaction& tx, const identity::Principal& who,
                                              const PetitionFilter& filter) const {
  const AgencyId agency = filter.agency.IsSet() ? filter.agency : who.agency_id;
  std::vector<FieldError> errors;
  if (!agency.IsSet()) {
    errors.push_back({"agencyId", "required", "Vui lòng chọn cơ quan."});
  }
  if (filter.limit < 1 || filter.limit > kMaxListLimit) {
    errors.push_back({"limit", "range", "Trường 'limit' phải từ 1 đến 200."});
  }
  if (filter.offset < 0) {
    errors.push_back({"offset", "range", "Trường 'offset' không được âm."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  if (!Authorizer::CanReadFeedbackOf(who, agency)) {
    return Error::PermissionDenied(
        "Chỉ cán bộ của cơ quan và quản trị hệ thống mới xem phản ánh, kiến nghị của cơ quan.");
  }
  auto page = internal::ListPetitions(tx, agency, filter.state, filter.overdue_only,
                                      ToUnixSeconds(clock_.Now()), filter.limit, filter.offset);
  for (Petition& p : page.items) {
    Finish(tx, p, false);
  }
  return page;
}

Result<Petition> PetitionService::Visible(db::Transaction& tx, const identity::Principal& who,
                                          const std::string& code) const {
  auto p = IsCodeText(code) ? internal::LoadPetition(tx, code) : std::nullopt;
  if (!p || !Authorizer::CanReadFeedbackOf(who, p->agency)) {
    return Error::NotFound("phản ánh, kiến nghị", code);
  }
  return std::move(*p);
}

Result<Petition> PetitionService::Get(db::Transaction& tx, const identity::Principal& who,
                                      const std::string& code) const {
  CQDT_ASSIGN_OR_RETURN(Petition p, Visible(tx, who, code));
  Finish(tx, p, true);
  return p;
}

Result<Petition> PetitionService::Assign(db::Transaction& tx, const audit::Actor& actor,
                                         const identity::Principal& who, const std::string& code,
                                         UserId assignee) const {
  CQDT_ASSIGN_OR_RETURN(Petition p, Visible(tx, who, code));
  if (!Authorizer::CanDispatchFeedbackOf(who, p.agency)) {
    return Error::PermissionDenied(
        "Chỉ lãnh đạo hoặc cán bộ một cửa của cơ quan mới giao xử lý phản ánh, kiến nghị.");
  }
  if (p.state == PetitionState::kAnswered) {
    return Error::Conflict("Phản ánh, kiến nghị này đã được trả lời.");
  }
  Result<identity::User> user = Error::NotFound("", "");
  if (assignee.IsSet()) {
    user = identity_.GetUser(tx, assignee);
  }
  if (!user || user->disabled || user->agency_id != p.agency ||
      !(user->roles.contains(Role::kLeader) || user->roles.contains(Role::kOfficer) ||
        user->roles.contains(Role::kCounterOfficer))) {
    return Error::InvalidField(
        "assigneeId", "unknown",
        "Người được giao phải là lãnh đạo, chuyên viên hoặc cán bộ một cửa của cơ quan.");
  }
  p.state = PetitionState::kProcessing;
  p.assignee = user->id;
  p.assignee_name = user->full_name;
  long long id = p.id, uid = user->id.value(), at = ToUnixSeconds(clock_.Now());
  db::Run(tx,
          "UPDATE feedback_petition SET state = 'processing', assignee_id = :u, assignee_name = :n,"
          " updated_at = :t WHERE id = :id",
          soci::use(uid), soci::use(p.assignee_name), soci::use(at), soci::use(id));
  AddEvent(tx, p, "assign", actor.name, p.agency, user->full_name);
  Finish(tx, p, true);
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor,
                    {"feedback.petition.assign", "petition", p.code,
                     "Giao " + user->full_name + " xử lý phản ánh, kiến nghị " + p.code + "."}));
  CQDT_RETURN_IF_ERROR(outbox_.Enqueue(
      tx, {notify::Recipient::User(user->id), "feedback.assigned",
           "Bạn được giao xử lý phản ánh, kiến nghị " + p.code + ": " + p.title + ". Hạn trả lời " +
               DayText(p.due_on) + ".",
           "You were asked to handle feedback " + p.code + ": " + p.title + ". Answer due " +
               DayText(p.due_on) + ".",
           "/phan-anh-kien-nghi/" + p.code, "feedback.petition", p.code,
           "feedback.assigned|" + p.code + "|" + std::to_string(uid) + "|" + std::to_string(at)}));
  return p;
}

Result<Petition> PetitionService::Answer(db::Transaction& tx, const audit::Actor& actor,
                                         const identity::Principal& who, const std::string& code,
                                         AnswerInput in) const {
  std::vector<FieldError> errors;
  if (auto v = CheckText(in.answer, "answer", "Nội dung trả lời", 1, 5000, errors)) {
    in.answer = *v;
  }
  if (in.publish) {
    if (auto v = CheckText(in.public_question, "publicQuestion", "Nội dung công khai", 1, 2000,
                           errors)) {
      in.public_question = *v;
    }
  } else {
    in.public_question.clear();
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  CQDT_ASSIGN_OR_RETURN(Petition p, Visible(tx, who, code));
  if (!MayAnswer(who, p)) {
    return Error::PermissionDenied(
        "Chỉ người được giao hoặc lãnh đạo của cơ quan mới trả lời phản ánh, kiến nghị này.");
  }
  if (p.state == PetitionState::kAnswered) {
    return Error::Conflict("Phản ánh, kiến nghị này đã được trả lời.");
  }
  p.state = PetitionState::kAnswered;
  p.answer = in.answer;
  p.answered_at = ToUnixSeconds(clock_.Now());
  p.answered_by = who.full_name.empty() ? actor.name : who.full_name;
  p.published = in.publish;
  p.public_question = in.public_question;
  long long id = p.id, at = p.answered_at;
  int published = p.published ? 1 : 0;
  db::Run(tx,
          "UPDATE feedback_petition SET state = 'answered', answer = :a, answered_at = :t,"
          " answered_by = :b, published = :p, public_question = :q, updated_at = :u"
          " WHERE id = :id AND answered_at = 0",
          soci::use(p.answer), soci::use(at), soci::use(p.answered_by), soci::use(published),
          soci::use(p.public_question), soci::use(at), soci::use(id));
  AddEvent(tx, p, "answer", actor.name, p.agency, "");
  Finish(tx, p, true);
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor,
      {"feedback.petition.answer", "petition", p.code,
       "Trả lời phản ánh, kiến nghị " + p.code + (p.published ? " (công khai)." : ".")}));
  if (p.citizen.IsSet()) {
    CQDT_RETURN_IF_ERROR(outbox_.Enqueue(
        tx, {notify::Recipient::Citizen(p.citizen), "feedback.answered",
             "Phản ánh, kiến nghị " + p.code + " của bạn đã có trả lời.",
             "Your feedback " + p.code + " has been answered.",
             "/portal/phan-anh-kien-nghi/theo-doi?ma=" + p.code, "feedback.petition", p.code, ""}));
  }
  return p;
}

Result<Petition> PetitionService::Transfer(db::Transaction& tx, const audit::Actor& actor,
                                           const identity::Principal& who, const std::string& code,
                                           AgencyId to, const std::string& reason) const {
  std::vector<FieldError> errors;
  if (!to.IsSet()) {
    errors.push_back({"agencyId", "required", "Vui lòng chọn cơ quan có thẩm quyền."});
  }
  auto why = CheckText(reason, "reason", "Lý do chuyển", 1, 1000, errors);
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  CQDT_ASSIGN_OR_RETURN(Petition p, Visible(tx, who, code));
  if (!Authorizer::CanDispatchFeedbackOf(who, p.agency)) {
    return Error::PermissionDenied(
        "Chỉ lãnh đạo hoặc cán bộ một cửa của cơ quan mới chuyển phản ánh, kiến nghị.");
  }
  if (p.state == PetitionState::kAnswered) {
    return Error::Conflict("Phản ánh, kiến nghị này đã được trả lời.");
  }
  if (to == p.agency) {
    return Error::InvalidField("agencyId", "same", "Phản ánh, kiến nghị đang ở cơ quan này.");
  }
  auto target = agencies_.Get(tx, to);
  if (!target) {
    return Error::InvalidField("agencyId", "unknown", "Không tìm thấy cơ quan được chọn.");
  }
  // The competent agency answers within its own time from the day it receives the transfer.
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  CQDT_ASSIGN_OR_RETURN(Due due, PetitionDue(calendar_, now, settings_.answer_working_days));
  const AgencyId from = p.agency;
  p.agency = to;
  p.state = PetitionState::kReceived;
  p.assignee = UserId();
  p.assignee_name.clear();
  p.received_at = now;
  p.due_on = FormatIsoDate(due.on);
  p.due_at = due.at;
  long long id = p.id, a = to.value(), at = now, due_at = due.at;
  db::Run(tx,
          "UPDATE feedback_petition SET agency_id = :a, state = 'received', assignee_id = NULL,"
          " assignee_name = '', received_at = :r, due_on = :don, due_at = :dat,"
          " overdue_notified = 0, updated_at = :u WHERE id = :id",
          soci::use(a), soci::use(at), soci::use(p.due_on), soci::use(due_at), soci::use(at),
          soci::use(id));
  AddEvent(tx, p, "transfer", actor.name, to, *why);
  Finish(tx, p, true);
  std::string from_name;
  if (auto f = agencies_.GetCached(tx, from)) {
    from_name = f->name;
  }
  CQDT_RETURN_IF_ERROR(audit_.Record(tx, actor,
                                     {"feedback.petition.transfer", "petition", p.code,
                                      "Chuyển phản ánh, kiến nghị " + p.code + " từ " + from_name +
                                          " đến " + target->name + ": " + *why}));
  CQDT_RETURN_IF_ERROR(NotifyLeaders(
      tx, to, p, "feedback.transferred",
      "Phản ánh, kiến nghị " + p.code + " được chuyển đến cơ quan của bạn: " + p.title +
          ". Hạn trả lời " + DayText(p.due_on) + ".",
      "Feedback " + p.code + " was transferred to your agency: " + p.title + ". Answer due " +
          DayText(p.due_on) + "."));
  return p;
}

Result<SweepReport> PetitionService::Sweep(db::Transaction& tx, int batch) const {
  SweepReport report;
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  for (const std::string& code : internal::PendingDossierCodes(tx, batch)) {
    auto facts = dossiers_.ByCode(tx, code);
    if (!facts) {
      continue;
    }
    internal::SaveDossier(tx, *facts, now);
    report.dossiers_refreshed += facts->finished || facts->closed ? 1 : 0;
  }
  for (Petition& p : internal::NewlyOverdue(tx, now, batch)) {
    long long id = p.id;
    db::Run(tx, "UPDATE feedback_petition SET overdue_notified = 1 WHERE id = :id", soci::use(id));
    CQDT_RETURN_IF_ERROR(NotifyLeaders(
        tx, p.agency, p, "feedback.overdue",
        "Phản ánh, kiến nghị " + p.code + " đã quá hạn trả lời (hạn " + DayText(p.due_on) + ").",
        "Feedback " + p.code + " is past its answer date (" + DayText(p.due_on) + ")."));
    ++report.overdue_notified;
  }
  return report;
}

}  // namespace cqdt::feedback
