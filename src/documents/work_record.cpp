// The pure values of work records (work_record_service.hpp): state, rights and appraisal
// names and labels, the FileCode, and when a record's retention has passed.
#include <cstdlib>

#include "documents/work_record_service.hpp"

namespace cqdt::documents {

const char* RecordStateName(RecordState s) {
  switch (s) {
    case RecordState::kOpen:
      return "open";
    case RecordState::kClosed:
      return "closed";
    case RecordState::kDestroyed:
      return "destroyed";
    case RecordState::kTransferred:
      return "transferred";
  }
  return "open";
}

std::optional<RecordState> ParseRecordState(std::string_view name) {
  for (auto s : {RecordState::kOpen, RecordState::kClosed, RecordState::kDestroyed,
                 RecordState::kTransferred}) {
    if (name == RecordStateName(s)) {
      return s;
    }
  }
  return std::nullopt;
}

const char* RecordStateLabel(RecordState s) {
  switch (s) {
    case RecordState::kOpen:
      return "Đang lập";
    case RecordState::kClosed:
      return "Đã đóng";
    case RecordState::kDestroyed:
      return "Đã hủy";
    case RecordState::kTransferred:
      return "Đã nộp lưu";
  }
  return "Đang lập";
}

const char* RecordRightsName(RecordRights r) {
  switch (r) {
    case RecordRights::kPublic:
      return "public";
    case RecordRights::kRestricted:
      return "restricted";
    case RecordRights::kConfidential:
      return "confidential";
  }
  return "public";
}

std::optional<RecordRights> ParseRecordRights(std::string_view name) {
  for (auto r : {RecordRights::kPublic, RecordRights::kRestricted, RecordRights::kConfidential}) {
    if (name == RecordRightsName(r)) {
      return r;
    }
  }
  return std::nullopt;
}

const char* RecordRightsLabel(RecordRights r) {
  switch (r) {
    case RecordRights::kPublic:
      return "Công khai";
    case RecordRights::kRestricted:
      return "Hạn chế sử dụng";
    case RecordRights::kConfidential:
      return "Mật";
  }
  return "Công khai";
}

const char* AppraisalDecisionName(AppraisalDecision d) {
  return d == AppraisalDecision::kExtend ? "extend" : "destroy";
}

std::optional<AppraisalDecision> ParseAppraisalDecision(std::string_view name) {
  if (name == "extend") {
    return AppraisalDecision::kExtend;
  }
  if (name == "destroy") {
    return AppraisalDecision::kDestroy;
  }
  return std::nullopt;
}

const char* AppraisalDecisionLabel(AppraisalDecision d) {
  return d == AppraisalDecision::kExtend ? "Kéo dài thời hạn bảo quản" : "Hủy hồ sơ hết giá trị";
}

std::string WorkRecord::FileCode() const {
  return organ_id + "." + std::to_string(file_catalog) + "." + notation;
}

bool IsAppraisalDue(const std::string& end_date, std::optional<int> retention_years,
                    const std::string& today) {
  if (!retention_years || end_date.size() < 4 || today.size() < 4) {
    return false;
  }
  // Retention counts from the 1st of January of the year after the matter ended: a record that
  // ended in 2020 with 5 years is kept through 2025 and due for appraisal from 1 January 2026.
  const int end_year = std::atoi(end_date.substr(0, 4).c_str());
  const int this_year = std::atoi(today.substr(0, 4).c_str());
  return this_year > end_year + *retention_years;
}

}  // namespace cqdt::documents
