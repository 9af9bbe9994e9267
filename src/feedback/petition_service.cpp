#include "feedback/petition_service.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/text.hpp"
#include "db/statement.hpp"
#include "dossier_marks.hpp"
#include "feedback/rules.hpp"
#include "petition_repository.hpp"

namespace cqdt::feedback {

namespace {

using identity::Authorizer;
using identity::Role;

constexpr std::size_t kMaxCodeLength = 64;
constexpr int kMaxListLimit = 200;
constexpr int kOwnListLimit = 100;

// "PA-" + the day in Vietnam (YYMMDD) + "-" + the day's number on 4 digits.
std::string PetitionCode(const Date& day, std::int64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "PA-%02d%02d%02d-%04lld", day.year % 100, day.month, day.day,
                static_cast<long long>(n));
  return buf;
}

// "2026-12-18" -> "18/12/2026" (how a notice writes a day).
std::string DayText(const std::string& iso) {
  if (iso.size() != 10) {
    return iso;
  }
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

// A phone number as people write it: digits with spaces, dots, hyphens, parentheses and a
// leading '+'; 8 to 15 digits.
bool IsPhone(const std::string& s) {
  int digits = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
      ++digits;
    } else if (!(c == ' ' || c == '.' || c == '-' || c == '(' || c == ')' ||
                 (c == '+' && i == 0))) {
      return false;
    }
  }
  return digits >= 8 && digits <= 15;
}

// Untrusted: the code a person typed (letters, digits, '.', '-', '_'; bound as a parameter).
bool IsCodeText(const std::string& s) {
  return !s.empty() && s.size() <= kMaxCodeLength && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_';
  });
}

// One answer for an unknown code and a wrong contact.
Error FollowMiss() {
  return Error(ErrorCode::kNotFound,
               "Không tìm thấy phản ánh, kiến nghị với mã và thông tin liên hệ này. Vui lòng "
               "kiểm tra lại.");
}

// What the filer sees: no officer's name.
Petition FilerView(Petition p) {
  p.assignee = UserId();
  p.assignee_name.clear();
  p.answered_by.clear();
  for (PetitionEvent& e : p.events) {
    e.actor.clear();
    if (e.action == "assign") {
      e.note.clear();
    }
  }
  return p;
}

bool MayAnswer(const identity::Principal& who, const Petition& p) {
  return Authorizer::CanAnswerFeedbackOf(who, p.agency) &&
         (!p.assignee.IsSet() || p.assignee == who.user_id() || who.Has(Role::kLeader));
}

}  // namespace

const char* PetitionStateName(PetitionState s) {
  switch (s) {
    case PetitionState::kProcessing:
      return "processing";
    case PetitionState::kAnswered:
      return "answered";
    case PetitionState::kReceived:
      break;
  }
  return "received";
}

std::optional<PetitionState> ParsePetitionState(std::string_view s) {
  for (PetitionState v :
       {PetitionState::kReceived, PetitionState::kProcessing, PetitionState::kAnswered}) {
    if (s == PetitionStateName(v)) {
      return v;
    }
  }
  return std::nullopt;
}

std::string PetitionStateLabel(PetitionState s) {
  switch (s) {
    case PetitionState::kProcessing:
      return "Đang xử lý";
    case PetitionState::kAnswered:
      return "Đã trả lời";
    case PetitionState::kReceived:
      break;
  }
  return "Mới tiếp nhận";
}

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kSatisfied:
      return "satisfied";
    case Verdict::kUnsatisfied:
      return "unsatisfied";
    case Verdict::kNone:
      break;
  }
  return "";
}

void PetitionService::Finish(db::Transaction& tx, Petition& p, bool with_events) const {
  if (auto a = agencies_.GetCached(tx, p.agency)) {
    p.agency_name = a->name;
  }
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  p.overdue = IsOverdue(p.due_at, p.answered_at, now);
  p.answered_late = AnsweredLate(p.due_at, p.answered_at);
  if (with_events) {
    p.events = internal::LoadEvents(tx, p.id);
    for (PetitionEvent& e : p.events) {
      if (auto a = agencies_.GetCached(tx, e.agency)) {
        e.agency_name = a->name;
      }
    }
  }
}

void PetitionService::AddEvent(db::Transaction& tx, const Petition& p, const std::string& action,
                               const std::string& actor, AgencyId agency,
                               const std::string& note) const {
  long long id = p.id, at = ToUnixSeconds(clock_.Now()), a = agency.value();
  db::Run(tx,
          "INSERT INTO feedback_petition_event (petition_id, at, action, actor, agency_id, note)"
          " VALUES (:p, :t, :a, :w, :g, :n)",
          soci::use(id), soci::use(at), soci::use(action), soci::use(actor), soci::use(a),
          soci::use(note));
}

Status PetitionService::NotifyLeaders(db::Transaction& tx, AgencyId agency, const Petition& p,
                                      const std::string& kind, const std::string& vi,
                                      const std::string& en) const {
  const std::string now = std::to_string(ToUnixSeconds(clock_.Now()));
  for (const identity::User& u : identity_.ListUsers(tx, agency, "")) {
    if (u.disabled ||
        !(u.roles.contains(Role::kLeader) || u.roles.contains(Role::kCounterOfficer))) {
      continue;
    }
    CQDT_RETURN_IF_ERROR(outbox_.Enqueue(
        tx, {notify::Recipient::User(u.id), kind, vi, en, "/phan-anh-kien-nghi/" + p.code,
             "feedback.petition", p.code,
             kind + "|" + p.code + "|" + std::to_string(agency.value()) + "|" + now}));
  }
  return Ok();
}

Result<Petition> PetitionService::File(db::Transaction& tx, const audit::Actor& actor,
                                       const identity::Principal* citizen, PetitionInput in) const {
  const bool signed_in =
      citizen != nullptr && citizen->realm == identity::Realm::kCitizen && citizen->subject_id > 0;
  std::vector<FieldError> errors;
  const Category* category = settings_.FindCategory(in.category);
  if (in.category.empty()) {
    errors.push_back({"category", "required", "Vui lòng chọn nhóm nội dung phản ánh, kiến nghị."});
  } else if (category == nullptr) {
    errors.push_back(
        {"category", "unknown", "Nhóm phản ánh, kiến nghị '" + in.category + "' không có."});
  }
  if (auto v = CheckText(in.title, "title", "Tiêu đề", 1, 300, errors)) {
    in.title = *v;
  }
  if (auto v = CheckText(in.content, "content", "Nội dung phản ánh, kiến nghị", 1, 5000, errors)) {
    in.content = *v;
  }
  if (signed_in && Trim(in.name).empty()) {
    in.name = citizen->full_name;
  }
  if (auto v = CheckText(in.name, "name", "Họ và tên", 1, 200, errors)) {
    in.name = *v;
  }
  in.phone = Trim(in.phone);
  in.email = Trim(in.email);
  if (!in.phone.empty() && !IsPhone(in.phone)) {
    errors.push_back({"phone", "format", "Số điện thoại phải gồm 8 đến 15 chữ số."});
  }
  if (!in.email.empty() && !IsPlausibleEmail(in.email)) {
    errors.push_back({"email", "format", "Địa chỉ thư điện tử không hợp lệ."});
  }
  if (!signed_in && in.phone.empty() && in.email.empty()) {
    errors.push_back({"phone", "required",
                      "Vui lòng cho số điện thoại hoặc địa chỉ thư điện tử để theo dõi trả lời."});
  }
  in.dossier_code = Trim(in.dossier_code);
  const bool about_dossier = !in.dossier_code.empty();
  if (about_dossier && in.agency.IsSet()) {
    errors.push_back({"agencyId", "conflict",
                      "Phản ánh về một hồ sơ được gửi đến cơ quan giải quyết hồ sơ đó: không "
                      "chọn thêm cơ quan."});
  } else if (!about_dossier && !in.agency.IsSet()) {
    errors.push_back({"agencyId", "required",
                      "Vui lòng chọn cơ quan được phản ánh, hoặc nhập mã hồ sơ được phản ánh."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  DossierFacts facts;
  AgencyId agency;
  if (about_dossier) {
    Result<DossierFacts> found = Error::NotFound("hồ sơ", in.dossier_code);
    if (signed_in && in.check.empty()) {
      found = dossiers_.ByCode(tx, in.dossier_code);
      // Another person's dossier is not found, as an unknown one.
      if (!found || found->citizen != CitizenId(citizen->subject_id)) {
        return Error::NotFound("hồ sơ", in.dossier_code);
      }
    } else {
      found = dossiers_.ByCheck(tx, in.dossier_code, in.check);
      if (!found) {
        // The directory names the tracking query's fields; this body calls the code dossierCode.
        std::vector<FieldError> named = found.error().fields();
        for (FieldError& e : named) {
          if (e.field == "code") {
            e.field = "dossierCode";
          }
        }
        if (named.empty()) {
          return found.error();
        }
        return Error::Invalid(std::move(named));
      }
    }
    facts = std::move(*found);
    agency = facts.deciding_agency;
    internal::SaveDossier(tx, facts, now);
  } else {
    auto a = agencies_.Get(tx, in.agency);
    if (!a) {
      return Error::InvalidField("agencyId", "unknown", "Không tìm thấy cơ quan được chọn.");
    }
    agency = a->id;
  }
  CQDT_ASSIGN_OR_RETURN(Due due, PetitionDue(calendar_, now, settings_.answer_working_days));
  const Date today = ToVietnamLocal(FromUnixSeconds(now)).date;
  CQDT_ASSIGN_OR_RETURN(std::int64_t n,
                        counters_.Next(tx, {"feedback:petition", FormatIsoDate(today)}, 9999));
  Petition p;
  p.code = PetitionCode(today, n);
  p.agency = agency;
  p.first_agency = agency;
  p.dossier_code = facts.code;
  p.category = in.category;
  p.title = in.title;
  p.content = in.content;
  p.filer_name = in.name;
  p.filer_phone = in.phone;
  p.filer_email = in.email;
  p.citizen = signed_in ? CitizenId(citizen->subject_id) : CitizenId();
  p.state = PetitionState::kReceived;
  p.filed_at = now;
  p.received_at = now;
  p.due_on = FormatIsoDate(due.on);
  p.due_at = due.at;
  internal::InsertPetition(tx, p, facts.id, PetitionClassName(category->index_class), now);
  AddEvent(tx, p, "file", actor.name, agency, "");
  Finish(tx, p, true);
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor,
                    {"feedback.petition.file", "petition", p.code,
                     "Phản ánh, kiến nghị " + p.code + " gửi " + p.agency_name + ": " + p.title}));
  CQDT_RETURN_IF_ERROR(NotifyLeaders(
      tx, agency, p, "feedback.filed",
      "Phản ánh, kiến nghị mới " + p.code + ": " + p.title + ". Hạn trả lời " + DayText(p.due_on) +
          ".",
      "New feedback " + p.code + ": " + p.title + ". Answer due " + DayText(p.due_on) + "."));
  return p;
}

Result<Petition> PetitionService::FollowLoad(db::Transaction& tx, const std::string& code,
                                             const std::string& contact) const {
  std::vector<FieldError> errors;
  if (!IsCodeText(code)) {
    errors.push_back(
        {"code", "format", "Mã phản ánh, kiến nghị không hợp lệ (ví dụ PA-261206-0001)."});
  }
  if (Trim(contact).empty()) {
    errors.push_back({"contact", "required",
                      "Vui lòng nhập số điện thoại hoặc thư điện tử đã cho khi gửi phản ánh."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  auto p = internal::LoadPetition(tx, code);
  if (!p || !ContactMatches(p->filer_phone, p->filer_email, contact)) {
    return FollowMiss();
  }
  return std::move(*p);
}

Result<Petition> PetitionService::Follow(db::Transaction& tx, const std::string& code,
                                         const std::string& contact) const {
  CQDT_ASSIGN_OR_RETURN(Petition p, FollowLoad(tx, code, contact));
  Finish(tx, p, true);
  return FilerView(std::move(p));
}

Result<Petition> PetitionService::SetVerdict(db::Transaction& tx, const audit::Actor& actor,
                                             const std::string& code, const std::string& contact,
                                             std::optional<bool> satisfied,
                                             const std::string& comment) const {
  std::vector<FieldError> errors;
  if (!satisfied) {
    errors.push_back(
        {"satisfied", "required", "Vui lòng cho biết bạn có hài lòng với trả lời hay không."});
  }
  auto text = CheckText(comment, "comment", "Ý kiến về trả lời", 0, kMaxCommentLength, errors);
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  CQDT_ASSIGN_OR_RETURN(Petition p, FollowLoad(tx, code, contact));
  if (p.state != PetitionState::kAnswered) {
    return Error::Conflict("Chỉ cho ý kiến được khi phản ánh, kiến nghị đã có trả lời.");
  }
  if (p.verdict != Verdict::kNone) {
    return Error::Conflict("Bạn đã cho ý kiến về trả lời này.");
  }
  p.verdict = *satisfied ? Verdict::kSatisfied : Verdict::kUnsatisfied;
  p.verdict_comment = text.value_or("");
  p.verdict_at = ToUnixSeconds(clock_.Now());
  long long id = p.id, at = p.verdict_at;
  const std::string verdict = VerdictName(p.verdict);
  db::Run(tx,
          "UPDATE feedback_petition SET verdict = :v, verdict_comment = :c, verdict_at = :t,"
          " updated_at = :u WHERE id = :id",
          soci::use(verdict), soci::use(p.verdict_comment), soci::use(at), soci::use(at),
          soci::use(id));
  AddEvent(tx, p, "verdict", actor.name, p.agency, verdict);
  Finish(tx, p, true);
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor,
                    {"feedback.petition.verdict", "petition", p.code,
                     std::string(*satisfied ? "Người gửi hài lòng" : "Người gửi không hài lòng") +
                         " với trả lời phản ánh, kiến nghị " + p.code + "."}));
  if (!*satisfied) {
    CQDT_RETURN_IF_ERROR(
        NotifyLeaders(tx, p.agency, p, "feedback.unsatisfied",
                      "Người gửi không hài lòng với trả lời phản ánh, kiến nghị " + p.code + ".",
                      "The filer is not satisfied with the answer to feedback " + p.code + "."));
  }
  return FilerView(std::move(p));
}

Result<std::vector<Petition>> PetitionService::ListOwn(db::Transaction& tx,
                                                       const identity::Principal& who) const {
  if (who.realm != identity::Realm::kCitizen || who.subject_id <= 0) {
    return Error::PermissionDenied("Chỉ công dân đăng nhập mới xem phản ánh, kiến nghị của mình.");
  }
  std::vector<Petition> out;
  for (Petition& p : internal::ListByCitizen(tx, CitizenId(who.subject_id), kOwnListLimit)) {
    Finish(tx, p, false);
    out.push_back(FilerView(std::move(p)));
  }
  return out;
}

Result<Page<PublishedPetition>> PetitionService::Published(db::Transaction& tx, AgencyId agency,
                                                           int limit, int offset) const {
  std::vector<FieldError> errors;
  if (limit < 1 || limit > 100) {
    errors.push_back({"limit", "range", "Trường 'limit' phải từ 1 đến 100."});
  }
  if (offset < 0) {
    errors.push_back({"offset", "range", "Trường 'offset' không được âm."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  auto page = internal::ListPublished(tx, agency, limit, offset);
  for (PublishedPetition& p : page.items) {
    if (auto a = agencies_.GetCached(tx, p.agency)) {
      p.agency_name = a->name;
    }
  }
  return page;
}

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
