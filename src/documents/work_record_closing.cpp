// Closing work records and appraising those past their retention (Decree 30/2020 art. 28-31;
// Law on Archives 2011 art. 18, 28), issue 11 item 1.
#include <soci/soci.h>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "documents/incoming_service.hpp"
#include "documents/work_record_service.hpp"
#include "work_record_rules.hpp"

namespace cqdt::documents {

using namespace work_record_rules;

Result<WorkRecord> WorkRecordService::Close(db::Transaction& tx, const audit::Actor& actor,
                                            const identity::Principal& p, WorkRecordId id,
                                            const CloseRecordInput& in) const {
  CQDT_ASSIGN_OR_RETURN(WorkRecord r, Get(tx, p, id));
  if (!MayChange(p, r)) {
    return Error::PermissionDenied("Bạn không phải người lập hoặc phụ trách hồ sơ này.");
  }
  if (r.state != RecordState::kOpen) {
    return Error::FailedPrecondition("Hồ sơ đã đóng.");
  }
  CQDT_RETURN_IF_ERROR(CheckCommonFields(in.title, in.description, in.language, in.rights));
  if (in.version != r.version) {
    return Error::Conflict("Hồ sơ đã được người khác sửa; hãy tải lại.",
                           {{"version", "stale", "Trường 'version' không còn đúng."}});
  }
  if (r.documents.empty() && r.files.empty()) {
    return Error::FailedPrecondition("Hồ sơ chưa có văn bản hay tệp nào nên chưa đóng được.");
  }
  // StartDate and EndDate (Phụ lục VI §8.3): the dates of the earliest and the latest document
  // it holds; other files count by the day they were added.
  std::string start, end;
  auto widen = [&](const std::string& date) {
    if (date.empty()) {
      return;
    }
    if (start.empty() || date < start) {
      start = date;
    }
    if (end.empty() || date > end) {
      end = date;
    }
  };
  for (const auto& d : r.documents) {
    widen(d.date);
  }
  for (const auto& f : r.files) {
    widen(VietnamDateOf(f.attached_at));
  }
  const long long now = ToUnixSeconds(clock_.Now());
  long long key = id.value(), version = in.version;
  const std::string state = RecordStateName(RecordState::kClosed);
  const std::string title = Trim(in.title);
  soci::statement st =
      (tx.sql().prepare << "UPDATE documents_record SET title = :t, description = :d,"
                           " language = :l, rights = :ri, start_date = :s, end_date = :e,"
                           " state = :st, closed_at = :at, version = version + 1"
                           " WHERE id = :id AND version = :v AND state = 'open'",
       soci::use(title), soci::use(in.description), soci::use(in.language), soci::use(in.rights),
       soci::use(start), soci::use(end), soci::use(state), soci::use(now), soci::use(key),
       soci::use(version));
  st.execute(true);
  if (st.get_affected_rows() != 1) {
    return Error::Conflict("Hồ sơ đã được người khác sửa; hãy tải lại.",
                           {{"version", "stale", "Trường 'version' không còn đúng."}});
  }
  CQDT_ASSIGN_OR_RETURN(WorkRecord closed, Get(tx, p, id));
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor,
      {"documents.record.closed", "documents.record", std::to_string(key),
       "Đóng hồ sơ " + closed.FileCode() + " (" + std::to_string(closed.doc_total) + " văn bản, " +
           std::to_string(closed.page_total) + " trang, từ " + start + " đến " + end + ")"}));
  return closed;
}

Result<std::vector<WorkRecord>> WorkRecordService::DueForAppraisal(
    db::Transaction& tx, const identity::Principal& p) const {
  if (!IsLeader(p)) {
    return Error::PermissionDenied("Chỉ lãnh đạo cơ quan mới thẩm định hồ sơ hết hạn bảo quản.");
  }
  CQDT_ASSIGN_OR_RETURN(auto all, List(tx, p, {.year = 0, .state = "closed", .mine = false}));
  std::vector<WorkRecord> due;
  for (auto& r : all) {
    if (r.appraisal_due) {
      due.push_back(std::move(r));
    }
  }
  return due;
}

Result<WorkRecord> WorkRecordService::Appraise(db::Transaction& tx, const audit::Actor& actor,
                                               const identity::Principal& p, WorkRecordId id,
                                               const AppraisalInput& in) const {
  CQDT_ASSIGN_OR_RETURN(WorkRecord r, Get(tx, p, id));
  if (!IsLeader(p)) {
    return Error::PermissionDenied("Chỉ lãnh đạo cơ quan mới thẩm định hồ sơ hết hạn bảo quản.");
  }
  std::vector<FieldError> errors;
  auto decision = ParseAppraisalDecision(in.decision);
  if (!decision) {
    errors.push_back({"decision", "enum", "Trường 'decision' phải là extend hoặc destroy."});
  }
  const std::size_t number_length = CodePointCount(Trim(in.decision_number));
  if (number_length < 1 || CodePointCount(in.decision_number) > 50) {
    errors.push_back({"decisionNumber", number_length == 0 ? "required" : "length",
                      "Trường 'decisionNumber' (số quyết định) phải có từ 1 đến 50 ký tự."});
  }
  const std::string today = TodayInVietnam(clock_.Now());
  if (!ParseIsoDate(in.decision_date) || in.decision_date > today) {
    errors.push_back({"decisionDate", "format",
                      "Trường 'decisionDate' phải là ngày dạng YYYY-MM-DD, không sau hôm nay."});
  }
  const std::size_t reason_length = CodePointCount(Trim(in.reason));
  if (reason_length < 1 || CodePointCount(in.reason) > 1000) {
    errors.push_back({"reason", reason_length == 0 ? "required" : "length",
                      "Trường 'reason' (lý do) phải có từ 1 đến 1000 ký tự."});
  }
  if (decision == AppraisalDecision::kExtend &&
      (!in.extend_years || *in.extend_years < 1 || *in.extend_years > 100)) {
    errors.push_back({"extendYears", "range", "Trường 'extendYears' phải từ 1 đến 100 năm."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  // Only a closed record past its retention is appraised (Law on Archives 2011, art. 18, 28).
  if (r.state != RecordState::kClosed || !r.appraisal_due) {
    return Error::FailedPrecondition("Hồ sơ chưa hết thời hạn bảo quản nên chưa thẩm định được.");
  }
  const long long now = ToUnixSeconds(clock_.Now()), by = p.user_id().value();
  long long key = id.value(), version = r.version;
  int extend = in.extend_years.value_or(0);
  soci::indicator extend_ind = decision == AppraisalDecision::kExtend ? soci::i_ok : soci::i_null;
  const std::string decision_name = AppraisalDecisionName(*decision);
  const std::string number = Trim(in.decision_number), reason = Trim(in.reason);
  tx.sql() << "INSERT INTO documents_record_appraisal (record_id, decision, decision_number,"
              " decision_date, reason, extend_years, decided_by, decided_at)"
              " VALUES (:r, :d, :n, :dd, :why, :x, :by, :at)",
      soci::use(key), soci::use(decision_name), soci::use(number), soci::use(in.decision_date),
      soci::use(reason), soci::use(extend, extend_ind), soci::use(by), soci::use(now);
  int retention = r.retention_years.value_or(0) + extend;
  const std::string state = decision == AppraisalDecision::kDestroy
                                ? RecordStateName(RecordState::kDestroyed)
                                : RecordStateName(RecordState::kClosed);
  soci::statement st =
      (tx.sql().prepare << "UPDATE documents_record SET retention_years = :r, state = :s,"
                           " version = version + 1 WHERE id = :id AND version = :v",
       soci::use(retention), soci::use(state), soci::use(key), soci::use(version));
  st.execute(true);
  if (st.get_affected_rows() != 1) {
    return Error::Conflict("Hồ sơ đã được người khác sửa; hãy tải lại.");
  }
  std::string detail = std::string(AppraisalDecisionLabel(*decision)) + " hồ sơ " + r.FileCode() +
                       " theo quyết định số " + number + " ngày " + in.decision_date;
  if (decision == AppraisalDecision::kExtend) {
    detail += " (thêm " + std::to_string(extend) + " năm)";
  }
  CQDT_RETURN_IF_ERROR(audit_.Record(tx, actor,
                                     {"documents.record.appraised", "documents.record",
                                      std::to_string(key), detail + ": " + reason}));
  return Get(tx, p, id);
}

}  // namespace cqdt::documents
