// The life of a dossier (hồ sơ TTHC; ../shared/reference/mot-cua.md §6; decision 0017): its
// states, the actions officers and applicants take, and the one rule table that says which action
// is allowed in which state and where it leads. Pure; thread-safe.
//
// The states are the internal state machine of mot-cua.md §6.3; each maps to exactly one
// synchronisation code of the national portal (§6.2, SyncCode). A pause (waiting for a
// supplement or a payment) and a withdrawal request remember the state they interrupted
// (`resume_to`), and the answer returns there.
//
// Refusals are kConflict with a Vietnamese message naming the action and the state
// ("Không thể chuyển xử lý hồ sơ ở trạng thái «Đã trả kết quả»."), or naming the missing fact
// (a dossier is finished only with a result).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace cqdt::onestop {

// Internal states; the value is the national portal's status code (§6.2).
enum class DossierState {
  kNew = 1,                // Mới đăng ký: submitted online, not yet received
  kReceived = 2,           // Được tiếp nhận: has its code and appointment
  kRejected = 3,           // Không được tiếp nhận
  kProcessing = 4,         // Đang xử lý: in the internal steps
  kWaitSupplement = 5,     // Yêu cầu bổ sung giấy tờ (the clock stops)
  kWaitPayment = 6,        // Yêu cầu thực hiện nghĩa vụ tài chính (the clock stops)
  kWithdrawRequested = 7,  // Công dân yêu cầu rút hồ sơ
  kStopped = 8,            // Dừng xử lý (withdrawn, or refused during processing)
  kDone = 9,               // Đã xử lý xong: the result is ready
  kReturned = 10,          // Đã trả kết quả
};

const char* DossierStateName(DossierState s);  // "new", "received", ..., "returned"
std::optional<DossierState> ParseDossierState(std::string_view name);
std::string DossierStateLabel(DossierState s);  // "Đang xử lý" (Vietnamese)
// The synchronisation code of §6.2 (1..10).
int SyncCode(DossierState s);
// Still to be decided or delivered (not rejected, stopped or returned).
bool IsOpen(DossierState s);
// The agency's clock runs (received or processing; not paused, not finished).
bool ClockRuns(DossierState s);

enum class DossierAction {
  kAccept,             // an online dossier is accepted (gets its code): new → received
  kReject,             // refused at receipt, with reasons (Mẫu 03): new | received → rejected
  kTransfer,           // handed to the processing unit (§6.1 step 3): received → processing
  kCompleteStep,       // one internal step done, handed to the next: processing
  kReassign,           // the current step goes to another person: processing
  kRequestSupplement,  // Mẫu 02, with reasons: new | received | processing → wait_supplement
  kResubmit,           // the applicant supplied it: wait_supplement → resume_to
  kRequestPayment,     // fees or taxes to pay: processing → wait_payment
  kConfirmPayment,     // wait_payment → resume_to
  kApologize,          // Mẫu 04, a new appointment: any state whose clock may still run
  kRequestWithdraw,    // the applicant asks to withdraw: any open state before the result
  kApproveWithdraw,    // withdraw_requested → stopped
  kDeclineWithdraw,    // withdraw_requested → resume_to
  kStop,               // refused during processing, with reasons: received | processing | waits
  kAttachResult,       // the result file or document is recorded: processing
  kFinish,             // the result is ready: processing → done (needs a result)
  kReturn,             // the result is handed over: done → returned
};

const char* DossierActionName(DossierAction a);  // "accept", "complete_step", ...
std::optional<DossierAction> ParseDossierAction(std::string_view name);
std::string DossierActionLabel(DossierAction a);  // "chuyển xử lý" (lower case, for sentences)
// Actions that must say why (a supplement request, a refusal, an apology, a stop): the reason
// field is required (kInvalidArgument "reason" from the service).
bool NeedsReason(DossierAction a);

// What the rules need beyond the state.
struct DossierFacts {
  DossierState resume_to = DossierState::kProcessing;  // where a pause or a withdrawal returns
  bool has_result = false;                             // a result file or document is recorded
  bool steps_left = false;                             // an internal step is still open
};

// Where `action` leads from `state`, or kConflict with the reason.
Result<DossierState> Transition(DossierState state, DossierAction action,
                                const DossierFacts& facts = {});

}  // namespace cqdt::onestop
