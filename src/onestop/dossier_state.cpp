#include "onestop/dossier_state.hpp"

#include <initializer_list>

namespace cqdt::onestop {

namespace {

struct StateInfo {
  DossierState state;
  const char* name;
  const char* label;
};

constexpr StateInfo kStates[] = {
    {DossierState::kNew, "new", "Mới đăng ký"},
    {DossierState::kReceived, "received", "Đã tiếp nhận"},
    {DossierState::kRejected, "rejected", "Không được tiếp nhận"},
    {DossierState::kProcessing, "processing", "Đang xử lý"},
    {DossierState::kWaitSupplement, "wait_supplement", "Chờ bổ sung giấy tờ"},
    {DossierState::kWaitPayment, "wait_payment", "Chờ thực hiện nghĩa vụ tài chính"},
    {DossierState::kWithdrawRequested, "withdraw_requested", "Công dân yêu cầu rút hồ sơ"},
    {DossierState::kStopped, "stopped", "Dừng xử lý"},
    {DossierState::kDone, "done", "Đã có kết quả"},
    {DossierState::kReturned, "returned", "Đã trả kết quả"},
};

struct ActionInfo {
  DossierAction action;
  const char* name;
  const char* label;
  bool needs_reason;
};

constexpr ActionInfo kActions[] = {
    {DossierAction::kAccept, "accept", "tiếp nhận", false},
    {DossierAction::kReject, "reject", "từ chối tiếp nhận", true},
    {DossierAction::kTransfer, "transfer", "chuyển xử lý", false},
    {DossierAction::kCompleteStep, "complete_step", "hoàn thành bước xử lý", false},
    {DossierAction::kReassign, "reassign", "chuyển người xử lý", false},
    {DossierAction::kRequestSupplement, "request_supplement", "yêu cầu bổ sung", true},
    {DossierAction::kResubmit, "resubmit", "nhận hồ sơ bổ sung", false},
    {DossierAction::kRequestPayment, "request_payment", "yêu cầu thực hiện nghĩa vụ tài chính",
     false},
    {DossierAction::kConfirmPayment, "confirm_payment", "xác nhận đã nộp phí", false},
    {DossierAction::kApologize, "apologize", "xin lỗi và hẹn lại", true},
    {DossierAction::kRequestWithdraw, "request_withdraw", "nhận yêu cầu rút hồ sơ", false},
    {DossierAction::kApproveWithdraw, "approve_withdraw", "đồng ý rút hồ sơ", false},
    {DossierAction::kDeclineWithdraw, "decline_withdraw", "không đồng ý rút hồ sơ", true},
    {DossierAction::kStop, "stop", "dừng xử lý", true},
    {DossierAction::kAttachResult, "attach_result", "cập nhật kết quả", false},
    {DossierAction::kFinish, "finish", "hoàn thành", false},
    {DossierAction::kReturn, "return", "trả kết quả", false},
};

const StateInfo& InfoOf(DossierState s) {
  for (const auto& i : kStates) {
    if (i.state == s) {
      return i;
    }
  }
  return kStates[0];
}

const ActionInfo& InfoOf(DossierAction a) {
  for (const auto& i : kActions) {
    if (i.action == a) {
      return i;
    }
  }
  return kActions[0];
}

bool In(DossierState s, std::initializer_list<DossierState> set) {
  for (DossierState x : set) {
    if (x == s) {
      return true;
    }
  }
  return false;
}

Error NotFrom(DossierState s, DossierAction a) {
  return Error::Conflict("Không thể " + DossierActionLabel(a) + " hồ sơ ở trạng thái «" +
                         DossierStateLabel(s) + "».");
}

}  // namespace

const char* DossierStateName(DossierState s) { return InfoOf(s).name; }

std::optional<DossierState> ParseDossierState(std::string_view name) {
  for (const auto& i : kStates) {
    if (name == i.name) {
      return i.state;
    }
  }
  return std::nullopt;
}

std::string DossierStateLabel(DossierState s) { return InfoOf(s).label; }

int SyncCode(DossierState s) { return static_cast<int>(s); }

bool IsOpen(DossierState s) {
  return !In(s, {DossierState::kRejected, DossierState::kStopped, DossierState::kReturned});
}

bool ClockRuns(DossierState s) {
  return In(s,
            {DossierState::kReceived, DossierState::kProcessing, DossierState::kWithdrawRequested});
}

const char* DossierActionName(DossierAction a) { return InfoOf(a).name; }

std::optional<DossierAction> ParseDossierAction(std::string_view name) {
  for (const auto& i : kActions) {
    if (name == i.name) {
      return i.action;
    }
  }
  return std::nullopt;
}

std::string DossierActionLabel(DossierAction a) { return InfoOf(a).label; }

bool NeedsReason(DossierAction a) { return InfoOf(a).needs_reason; }

Result<DossierState> Transition(DossierState s, DossierAction a, const DossierFacts& facts) {
  using S = DossierState;
  // The states before the result in which the agency still owes a decision.
  const std::initializer_list<S> before_result = {S::kReceived, S::kProcessing, S::kWaitSupplement,
                                                  S::kWaitPayment};
  switch (a) {
    case DossierAction::kAccept:
      if (s == S::kNew) {
        return S::kReceived;
      }
      break;
    case DossierAction::kReject:
      if (In(s, {S::kNew, S::kReceived})) {
        return S::kRejected;
      }
      break;
    case DossierAction::kTransfer:
      if (s == S::kReceived) {
        return S::kProcessing;
      }
      break;
    case DossierAction::kCompleteStep:
    case DossierAction::kReassign:
      if (s == S::kProcessing) {
        if (!facts.steps_left) {
          return Error::Conflict("Hồ sơ không còn bước xử lý nào đang mở.");
        }
        return s;
      }
      break;
    case DossierAction::kRequestSupplement:
      if (In(s, {S::kNew, S::kReceived, S::kProcessing})) {
        return S::kWaitSupplement;
      }
      break;
    case DossierAction::kResubmit:
      if (s == S::kWaitSupplement) {
        return facts.resume_to;
      }
      break;
    case DossierAction::kRequestPayment:
      if (s == S::kProcessing) {
        return S::kWaitPayment;
      }
      break;
    case DossierAction::kConfirmPayment:
      if (s == S::kWaitPayment) {
        return facts.resume_to;
      }
      break;
    case DossierAction::kApologize:
      if (In(s, before_result) || s == S::kWithdrawRequested) {
        return s;
      }
      break;
    case DossierAction::kRequestWithdraw:
      if (s == S::kNew || In(s, before_result)) {
        return S::kWithdrawRequested;
      }
      break;
    case DossierAction::kApproveWithdraw:
      if (s == S::kWithdrawRequested) {
        return S::kStopped;
      }
      break;
    case DossierAction::kDeclineWithdraw:
      if (s == S::kWithdrawRequested) {
        return facts.resume_to;
      }
      break;
    case DossierAction::kStop:
      if (In(s, before_result)) {
        return S::kStopped;
      }
      break;
    case DossierAction::kAttachResult:
      if (s == S::kProcessing) {
        return s;
      }
      break;
    case DossierAction::kFinish:
      if (s == S::kProcessing) {
        if (!facts.has_result) {
          return Error::Conflict("Hồ sơ chưa có kết quả (tệp kết quả hoặc văn bản).");
        }
        if (facts.steps_left) {
          return Error::Conflict("Hồ sơ còn bước xử lý chưa hoàn thành.");
        }
        return S::kDone;
      }
      break;
    case DossierAction::kReturn:
      if (s == S::kDone) {
        return S::kReturned;
      }
      break;
  }
  return NotFrom(s, a);
}

}  // namespace cqdt::onestop
