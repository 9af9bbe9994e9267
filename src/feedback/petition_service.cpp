// The public's side of petitions (PetitionService, feedback/petition_service.hpp): filing,
// following by code and contact, the filer's verdict, the citizen's list and the published
// answers. The agency's side (queue, assignment, answer, transfer, sweep) is in
// petition_handling.cpp.
#include "feedback/petition_service.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "core/text.hpp"
#include "db/statement.hpp"
#include "dossier_marks.hpp"
#include "feedback/rules.hpp"
#include "petition_repository.hpp"
#include "petition_text.hpp"

namespace cqdt::feedback {

namespace {

using identity::Role;
using internal::DayText;
using internal::IsCodeText;

constexpr int kOwnListLimit = 100;

// "PA-" + the day in Vietnam (YYMMDD) + "-" + the day's number on 4 digits.
std::string PetitionCode(const Date& day, std::int64_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "PA-%02d%02d%02d-%04lld", day.year % 100, day.month, day.day,
                static_cast<long long>(n));
  return buf;
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

}  // namespace cqdt::feedback
