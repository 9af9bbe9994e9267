// DossierService::Act: who may take which action, and what each records (dossier_service.hpp).
#include <algorithm>

#include "core/text.hpp"
#include "dossier_internal.hpp"
#include "onestop/dossier_service.hpp"
#include "sql_dossier_repository.hpp"

namespace cqdt::onestop {

namespace {

using identity::Principal;
using identity::Role;
using namespace internal;

// Who acts: the desk, the deciding agency's staff, the agency performing the open step, leaders.
enum class Who { kCounter, kDecider, kStep, kLeader };

Who WhoActs(DossierAction a, DossierState s) {
  switch (a) {
    case DossierAction::kAccept:
    case DossierAction::kReject:
    case DossierAction::kTransfer:
    case DossierAction::kResubmit:
    case DossierAction::kConfirmPayment:
    case DossierAction::kRequestWithdraw:
    case DossierAction::kReturn:
      return Who::kCounter;
    case DossierAction::kRequestSupplement:
      return s == DossierState::kProcessing ? Who::kDecider : Who::kCounter;
    case DossierAction::kCompleteStep:
    case DossierAction::kReassign:
      return Who::kStep;
    case DossierAction::kRequestPayment:
    case DossierAction::kAttachResult:
    case DossierAction::kFinish:
      return Who::kDecider;
    case DossierAction::kApologize:
    case DossierAction::kStop:
    case DossierAction::kApproveWithdraw:
    case DossierAction::kDeclineWithdraw:
      return Who::kLeader;
  }
  return Who::kLeader;
}

bool MayAct(const Principal& p, const Dossier& d, Who who) {
  switch (who) {
    case Who::kCounter:
      return p.Has(Role::kCounterOfficer) &&
             (IsStaffOf(p, d.receiving_agency) || IsStaffOf(p, d.deciding_agency));
    case Who::kDecider:
      return IsStaffOf(p, d.deciding_agency) && (p.Has(Role::kOfficer) || p.Has(Role::kLeader));
    case Who::kStep: {
      // The agency of the open step (the deciding agency when none is open: the rules refuse).
      AgencyId agency = d.deciding_agency;
      for (const DossierStep& s : d.steps) {
        if (s.started_at != 0 && s.finished_at == 0 && s.agency.IsSet()) {
          agency = s.agency;
          break;
        }
      }
      return IsStaffOf(p, agency) &&
             (p.Has(Role::kOfficer) || p.Has(Role::kLeader) || p.Has(Role::kCounterOfficer));
    }
    case Who::kLeader:
      return IsStaffOf(p, d.deciding_agency) && p.Has(Role::kLeader);
  }
  return false;
}

}  // namespace

Result<Dossier> DossierService::Act(db::Transaction& tx, const audit::Actor& actor,
                                    const Principal& p, const std::string& code,
                                    const ActionInput& in) {
  CQDT_ASSIGN_OR_RETURN(Dossier d, Get(tx, p, code));
  if (in.expected_updated_at && *in.expected_updated_at != d.updated_at) {
    return Error::Conflict("Hồ sơ vừa được người khác cập nhật; hãy tải lại trang.");
  }
  const DossierAction a = in.action;
  if (!MayAct(p, d, WhoActs(a, d.state))) {
    return Error::PermissionDenied("Bạn không có quyền " + DossierActionLabel(a) + " hồ sơ này.");
  }
  std::vector<FieldError> errors;
  std::string reason;
  if (auto r = CheckText(in.reason, "reason", "Lý do", NeedsReason(a) ? 1 : 0, 2000, errors)) {
    reason = *r;
  }
  std::string result_note, returned_to;
  if (a == DossierAction::kAttachResult) {
    if (auto r = CheckText(in.result_note, "resultNote", "Kết quả", 0, 1000, errors)) {
      result_note = *r;
    }
  }
  if (a == DossierAction::kReturn) {
    if (auto r = CheckText(in.returned_to, "returnedTo", "Người nhận kết quả", 1, 300, errors)) {
      returned_to = *r;
    }
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }

  DossierRepository repo(tx);
  DossierStep* open = OpenStep(d);
  DossierFacts facts;
  facts.resume_to = d.resume_to;
  facts.has_result = HasResult(d);
  facts.steps_left = open != nullptr && !IsReturnStep(d, *open);
  if (a == DossierAction::kAttachResult) {
    facts.has_result = true;
  }
  CQDT_ASSIGN_OR_RETURN(DossierState next, Transition(d.state, a, facts));

  const std::int64_t now = ToUnixSeconds(clock_.Now());
  const LocalDateTime local_now = Local(now);
  const DossierState before = d.state;
  std::string note = reason;

  // The person the next step goes to, when the action names one.
  std::optional<identity::User> assignee;
  if (in.assignee.IsSet()) {
    auto u = identity_.GetUser(tx, in.assignee);
    if (!u || u->disabled) {
      return Error::InvalidField("assigneeId", "unknown",
                                 "Trường 'assigneeId' phải là cán bộ của cơ quan thực hiện bước.");
    }
    assignee = *u;
  }
  // The person named must work for the agency that performs the step.
  auto check_assignee = [&](const DossierStep& s) -> Status {
    if (assignee && s.agency.IsSet() && assignee->agency_id != s.agency) {
      return Error::InvalidField(
          "assigneeId", "agency",
          "Trường 'assigneeId' phải là cán bộ của cơ quan thực hiện bước «" + s.name + "».");
    }
    return Ok();
  };
  auto hand_over = [&](DossierStep& s) -> Status {
    CQDT_RETURN_IF_ERROR(check_assignee(s));
    CQDT_ASSIGN_OR_RETURN(LocalDateTime end, StepEnd(calendar_, local_now, s.hours));
    s.started_at = now;
    s.planned_end = Unix(end);
    s.assignee = assignee ? assignee->id : UserId();
    s.assignee_name = assignee ? assignee->full_name : "";
    repo.UpdateStep(d.id, s);
    if (assignee) {
      CQDT_RETURN_IF_ERROR(outbox_.Enqueue(
          tx, {notify::Recipient::User(assignee->id), "onestop.step_assigned",
               "Hồ sơ " + d.code + " (" + d.procedure_name + ") chuyển đến bạn: " + s.name +
                   ", hạn " + FormatVietnamLocal(end) + ".",
               "Dossier " + d.code + " was handed to you: " + s.name + ", due " +
                   FormatVietnamLocal(end) + ".",
               "/mot-cua/ho-so/" + d.code, "onestop.dossier", d.code,
               "onestop.step|" + d.code + "|" + std::to_string(s.ordinal) + "|" +
                   std::to_string(now)}));
    } else if (s.agency.IsSet() && s.agency != p.agency_id) {
      // Handed to another agency with nobody named: its leaders hand it on.
      for (const identity::User& u : identity_.ListUsers(tx, s.agency, "")) {
        if (u.disabled || !u.roles.contains(Role::kLeader)) {
          continue;
        }
        CQDT_RETURN_IF_ERROR(outbox_.Enqueue(
            tx, {notify::Recipient::User(u.id), "onestop.step_assigned",
                 "Hồ sơ liên thông " + d.code + " (" + d.procedure_name +
                     ") chuyển đến cơ quan của bạn: " + s.name + ", hạn " +
                     FormatVietnamLocal(end) + ".",
                 "Inter-agency dossier " + d.code + " was handed to your agency: " + s.name +
                     ", due " + FormatVietnamLocal(end) + ".",
                 "/mot-cua/ho-so/" + d.code, "onestop.dossier", d.code,
                 "onestop.step|" + d.code + "|" + std::to_string(s.ordinal) + "|" +
                     std::to_string(now) + "|" + std::to_string(u.id.value())}));
      }
    }
    return Ok();
  };
  auto finish_step = [&](DossierStep& s) {
    s.finished_at = now;
    s.finished_by = NameOf(p);
    s.outcome = Classify(Local(s.planned_end), local_now, false);
    if (!reason.empty()) {
      s.note = reason;
    }
    repo.UpdateStep(d.id, s);
  };
  auto notify_applicant = [&](const std::string& kind, const std::string& vi,
                              const std::string& en) -> Status {
    if (!d.citizen.IsSet()) {
      return Ok();
    }
    auto sent = outbox_.Enqueue(
        tx, {notify::Recipient::Citizen(d.citizen), kind, vi, en, "/portal/ho-so-cua-toi/" + d.code,
             "onestop.dossier", d.code, kind + "|" + d.code + "|" + std::to_string(now)});
    if (!sent) {
      return sent.error();
    }
    return Ok();
  };
  auto attach = [&](DossierFileKind kind) -> Status {
    for (DossierFileId fid : in.file_ids) {
      auto f = repo.File(fid);
      if (!f || f->dossier_id.IsSet() || f->agency_id != p.agency_id ||
          f->uploaded_by != actor.user_id || !repo.AttachFile(fid, d.id, kind, 0)) {
        return Error::InvalidField("fileIds", "unknown",
                                   "Trường 'fileIds' phải là tệp bạn vừa tải lên.");
      }
    }
    return Ok();
  };

  switch (a) {
    case DossierAction::kTransfer: {
      if (DossierStep* s = NextStep(d)) {
        CQDT_RETURN_IF_ERROR(hand_over(*s));
        note = note.empty() ? s->name : note;
      }
      break;
    }
    case DossierAction::kCompleteStep: {
      const bool mine = open->assignee.IsSet() ? open->assignee == UserId(p.subject_id)
                                               : RoleFits(p, open->performer);
      if (!mine) {
        return Error::PermissionDenied("Bước «" + open->name + "» không do bạn xử lý.");
      }
      finish_step(*open);
      note = open->name + (reason.empty() ? "" : ": " + reason);
      if (DossierStep* s = NextStep(d)) {
        CQDT_RETURN_IF_ERROR(hand_over(*s));
      }
      break;
    }
    case DossierAction::kReassign: {
      if (!assignee) {
        return Error::InvalidField("assigneeId", "required",
                                   "Trường 'assigneeId' là bắt buộc khi chuyển người xử lý.");
      }
      if (!p.Has(Role::kLeader) && open->assignee != UserId(p.subject_id)) {
        return Error::PermissionDenied("Chỉ lãnh đạo hoặc người đang xử lý được chuyển bước này.");
      }
      CQDT_RETURN_IF_ERROR(check_assignee(*open));
      open->assignee = assignee->id;
      open->assignee_name = assignee->full_name;
      repo.UpdateStep(d.id, *open);
      note = open->name + " → " + assignee->full_name;
      break;
    }
    case DossierAction::kRequestSupplement:
      d.resume_to = d.state;
      repo.OpenPause(d.id, "supplement", now);
      CQDT_RETURN_IF_ERROR(
          notify_applicant("onestop.supplement", "Hồ sơ " + d.code + " cần bổ sung: " + reason,
                           "Dossier " + d.code + " needs more documents: " + reason));
      break;
    case DossierAction::kRequestPayment:
      d.resume_to = d.state;
      repo.OpenPause(d.id, "payment", now);
      break;
    case DossierAction::kResubmit:
      repo.ClosePause(d.id, now);
      CQDT_RETURN_IF_ERROR(attach(DossierFileKind::kSupplement));
      break;
    case DossierAction::kConfirmPayment:
      repo.ClosePause(d.id, now);
      d.fee_paid = true;
      repo.SetFeeMethod(d.id, FeeMethod::kCounter);  // RecordFeePaid names a transfer after
      break;
    case DossierAction::kApologize: {
      auto date = ParseIsoDate(in.new_appointment);
      const LocalDateTime due = Local(d.due_at);
      if (!date || !calendar_.IsWorkingDay(*date) || !(*date > due.date)) {
        return Error::InvalidField("newAppointment", "range",
                                   "Trường 'newAppointment' phải là một ngày làm việc sau ngày "
                                   "hẹn trả hiện tại (YYYY-MM-DD).");
      }
      d.new_appointment_at = Unix(
          {*date, calendar_.options().afternoon_end / 60, calendar_.options().afternoon_end % 60});
      d.late_flag = true;
      CQDT_RETURN_IF_ERROR(
          notify_applicant("onestop.apology",
                           "Xin lỗi: hồ sơ " + d.code + " được hẹn lại ngày " +
                               FormatVietnamLocal(Local(d.new_appointment_at)) + ". " + reason,
                           "Apologies: dossier " + d.code + " is now due " +
                               FormatVietnamLocal(Local(d.new_appointment_at)) + ". " + reason));
      break;
    }
    case DossierAction::kRequestWithdraw:
      d.resume_to = d.state;
      break;
    case DossierAction::kAttachResult:
      CQDT_RETURN_IF_ERROR(attach(DossierFileKind::kResult));
      if (!result_note.empty()) {
        d.result_note = result_note;
      }
      if (in.file_ids.empty() && result_note.empty()) {
        return Error::InvalidField("fileIds", "required",
                                   "Cần tệp kết quả hoặc nội dung kết quả (resultNote).");
      }
      note = result_note;
      break;
    case DossierAction::kFinish: {
      d.finished_at = now;
      d.timeliness = Classify(Local(d.due_at), local_now, CountsByDay(d.deadline));
      note = TimelinessLabel(*d.timeliness);
      CQDT_RETURN_IF_ERROR(notify_applicant("onestop.result_ready",
                                            "Hồ sơ " + d.code + " đã có kết quả.",
                                            "The result of dossier " + d.code + " is ready."));
      break;
    }
    case DossierAction::kReturn:
      for (DossierStep& s : d.steps) {
        if (s.finished_at == 0 && IsReturnStep(d, s)) {
          s.started_at = d.finished_at;
          CQDT_ASSIGN_OR_RETURN(LocalDateTime end,
                                StepEnd(calendar_, Local(d.finished_at), s.hours));
          s.planned_end = Unix(end);
          finish_step(s);
        }
      }
      d.returned_at = now;
      d.returned_to = returned_to;
      note = returned_to;
      break;
    case DossierAction::kAccept: {
      // An online dossier is received on its deemed receipt day (M12): its code of that day,
      // its appointment, and the desk's leading step done by the acceptance.
      const LocalDateTime received = DeemedReceipt(calendar_, Local(d.submitted_at));
      CQDT_ASSIGN_OR_RETURN(org::Agency receiving, agencies_.Get(tx, d.receiving_agency));
      CQDT_ASSIGN_OR_RETURN(DossierCode new_code,
                            counters_.NextDossierCode(tx, receiving.code, received.date));
      CQDT_ASSIGN_OR_RETURN(LocalDateTime appointment,
                            Appointment(calendar_, d.deadline, received));
      CQDT_ASSIGN_OR_RETURN(LocalDateTime transfer_due, TransferDue(calendar_, received));
      d.code = new_code.Text();
      d.received_at = Unix(received);
      d.received_by = NameOf(p);
      d.appointment_at = Unix(appointment);
      d.due_at = d.appointment_at;
      d.transfer_due_at = Unix(transfer_due);
      for (std::size_t i = 0; i + 1 < d.steps.size(); ++i) {
        DossierStep& s = d.steps[i];
        if (s.performer != Performer::kCounter) {
          break;
        }
        CQDT_ASSIGN_OR_RETURN(LocalDateTime end, StepEnd(calendar_, received, s.hours));
        s.assignee = UserId(p.subject_id);
        s.assignee_name = NameOf(p);
        s.started_at = d.received_at;
        s.planned_end = Unix(end);
        s.finished_at = now;
        s.finished_by = NameOf(p);
        s.outcome = Classify(Local(s.planned_end), local_now, false);
        repo.UpdateStep(d.id, s);
      }
      repo.SetReceipt(d);
      note = "Mã hồ sơ " + d.code + ", hẹn trả " + FormatVietnamLocal(appointment);
      CQDT_RETURN_IF_ERROR(notify_applicant("onestop.received",
                                            "Hồ sơ " + d.code + " đã được tiếp nhận, hẹn trả " +
                                                FormatVietnamLocal(appointment) + ".",
                                            "Dossier " + d.code + " was received; result due " +
                                                FormatVietnamLocal(appointment) + "."));
      break;
    }
    case DossierAction::kReject:
    case DossierAction::kApproveWithdraw:
    case DossierAction::kDeclineWithdraw:
    case DossierAction::kStop:
      break;
  }
  d.state = next;

  // The due time follows the pauses; the dossier is flagged once it passes it while open.
  if (a == DossierAction::kRequestSupplement || a == DossierAction::kResubmit ||
      a == DossierAction::kRequestPayment || a == DossierAction::kConfirmPayment) {
    std::vector<Pause> pauses;
    for (const StoredPause& sp : repo.Pauses(d.id)) {
      Pause x{Local(sp.started_at), std::nullopt};
      if (sp.ended_at != 0) {
        x.to = Local(sp.ended_at);
      }
      pauses.push_back(x);
    }
    CQDT_ASSIGN_OR_RETURN(LocalDateTime due,
                          DueAfterPauses(calendar_, d.deadline, Local(d.received_at), pauses,
                                         d.restart_on_supplement, local_now));
    d.due_at = Unix(due);
  }
  if (IsOpen(d.state) && d.state != DossierState::kDone && ClockRuns(d.state) && now > d.due_at) {
    d.late_flag = true;
  }
  d.updated_at = std::max(now, d.updated_at + 1);
  if (!repo.Update(d, before)) {
    return Error::Conflict("Hồ sơ vừa được người khác cập nhật; hãy tải lại trang.");
  }
  repo.InsertEvent(d.id, {now, NameOf(p), DossierActionName(a), before, d.state, note});
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor,
                    {std::string("dossier.") + DossierActionName(a), "dossier", d.code,
                     DossierStateLabel(before) + " → " + DossierStateLabel(d.state)}));
  return Get(tx, p, d.code);  // an accepted online dossier has its code now
}

std::vector<DossierAction> DossierService::AllowedActions(const Principal& p,
                                                          const Dossier& d) const {
  Dossier copy = d;
  DossierStep* open = OpenStep(copy);
  DossierFacts facts;
  facts.resume_to = d.resume_to;
  facts.has_result = HasResult(d);
  facts.steps_left = open != nullptr && !IsReturnStep(copy, *open);
  std::vector<DossierAction> out;
  for (int i = 0; i <= static_cast<int>(DossierAction::kReturn); ++i) {
    const auto a = static_cast<DossierAction>(i);
    if (!MayAct(p, d, WhoActs(a, d.state))) {
      continue;
    }
    DossierFacts f = facts;
    if (a == DossierAction::kAttachResult) {
      f.has_result = true;
    }
    if (!Transition(d.state, a, f)) {
      continue;
    }
    if (a == DossierAction::kCompleteStep &&
        !(open->assignee.IsSet() ? open->assignee == UserId(p.subject_id)
                                 : RoleFits(p, open->performer))) {
      continue;
    }
    if (a == DossierAction::kReassign && !p.Has(Role::kLeader) &&
        open->assignee != UserId(p.subject_id)) {
      continue;
    }
    out.push_back(a);
  }
  return out;
}

}  // namespace cqdt::onestop
