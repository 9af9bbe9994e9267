// Fees of dossiers (issue 13, item 4): the dossiers whose fee is due, for the reconciliation of
// bank statements (payment module), and recording a fee as paid.
#include "dossier_internal.hpp"
#include "onestop/dossier_service.hpp"
#include "sql_dossier_repository.hpp"

namespace cqdt::onestop {

using namespace internal;
using identity::Principal;
using identity::Role;

namespace {

// The desk's staff of `agency` (or an administrator).
bool TakesFees(const Principal& p, AgencyId agency) {
  if (identity::Authorizer::IsAdmin(p)) {
    return true;
  }
  return (p.Has(Role::kCounterOfficer) || p.Has(Role::kLeader)) && p.agency_id == agency;
}

}  // namespace

Result<std::vector<std::pair<std::string, std::int64_t>>> DossierService::FeesDue(
    db::Transaction& tx, const Principal& p, AgencyId agency) const {
  if (!TakesFees(p, agency)) {
    return Error::PermissionDenied("Chỉ Bộ phận Một cửa của cơ quan mới đối chiếu phí, lệ phí.");
  }
  std::vector<std::string> states;
  for (DossierState s :
       {DossierState::kReceived, DossierState::kProcessing, DossierState::kWaitSupplement,
        DossierState::kWaitPayment, DossierState::kWithdrawRequested, DossierState::kDone,
        DossierState::kReturned}) {
    states.emplace_back(DossierStateName(s));
  }
  return DossierRepository(tx).FeesDue(agency, states);
}

const char* FeeMethodName(FeeMethod m) {
  switch (m) {
    case FeeMethod::kCounter:
      return "counter";
    case FeeMethod::kTransfer:
      return "transfer";
    case FeeMethod::kNone:
      break;
  }
  return "";
}

Result<Dossier> DossierService::RecordFeePaid(db::Transaction& tx, const audit::Actor& actor,
                                              const Principal& p, const std::string& code,
                                              const std::string& note, FeeMethod method) {
  CQDT_ASSIGN_OR_RETURN(Dossier d, Get(tx, p, code));
  if (!TakesFees(p, d.receiving_agency)) {
    return Error::PermissionDenied("Chỉ Bộ phận Một cửa của cơ quan mới đối chiếu phí, lệ phí.");
  }
  if (d.fee <= 0 || d.fee_paid) {
    return Error::Conflict("Hồ sơ " + d.code + " không còn phí, lệ phí phải nộp.");
  }
  // The applicant hears that the fee arrived (issue 15: "payment received"), on the web and by
  // e-mail; once per dossier.
  auto tell_applicant = [&](const Dossier& paid) -> Status {
    if (!paid.citizen.IsSet()) {
      return Ok();
    }
    auto sent = outbox_.Enqueue(tx, {notify::Recipient::Citizen(paid.citizen), "onestop.fee_paid",
                                     "Cơ quan đã nhận phí, lệ phí của hồ sơ " + paid.code + ".",
                                     "The fee for dossier " + paid.code + " was received.",
                                     "/portal/ho-so-cua-toi/" + paid.code, "onestop.dossier",
                                     paid.code, "onestop.fee_paid|" + paid.code});
    if (!sent) {
      return sent.error();
    }
    return Ok();
  };
  if (d.state == DossierState::kWaitPayment) {
    ActionInput in;
    in.action = DossierAction::kConfirmPayment;
    in.reason = note;
    CQDT_ASSIGN_OR_RETURN(Dossier resumed, Act(tx, actor, p, code, in));
    DossierRepository(tx).SetFeeMethod(resumed.id, method);
    CQDT_RETURN_IF_ERROR(tell_applicant(resumed));
    return resumed;
  }
  const DossierState state = d.state;
  d.fee_paid = true;
  d.updated_at = ToUnixSeconds(clock_.Now());
  DossierRepository repo(tx);
  if (!repo.Update(d, state)) {
    return Error::Conflict("Hồ sơ vừa được người khác cập nhật; hãy tải lại trang.");
  }
  repo.InsertEvent(d.id, {d.updated_at, actor.name, "fee_paid", state, state, note});
  repo.SetFeeMethod(d.id, method);
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor, {"onestop.fee_paid", "dossier", d.code, "Ghi nhận đã nộp phí, lệ phí. " + note}));
  CQDT_RETURN_IF_ERROR(tell_applicant(d));
  return d;
}

}  // namespace cqdt::onestop
