#include "work_record_rules.hpp"

#include "core/clock.hpp"
#include "core/text.hpp"
#include "documents/incoming_service.hpp"

namespace cqdt::documents::work_record_rules {

using identity::Role;

bool IsAgencyStaff(const identity::Principal& p) {
  return p.realm == identity::Realm::kStaff && p.user_id().IsSet() && p.agency_id.IsSet();
}

bool IsLeader(const identity::Principal& p) { return IsAgencyStaff(p) && p.Has(Role::kLeader); }

bool SeesRecord(const identity::Principal& p, const WorkRecord& r) {
  if (!IsAgencyStaff(p) || p.agency_id != r.agency_id) {
    return false;
  }
  return r.creator_id == p.user_id() || r.responsible_id == p.user_id() || p.Has(Role::kLeader) ||
         p.Has(Role::kClerk);
}

bool MayChange(const identity::Principal& p, const WorkRecord& r) {
  return SeesRecord(p, r) &&
         (r.creator_id == p.user_id() || r.responsible_id == p.user_id() || p.Has(Role::kClerk));
}

Status CheckCommonFields(const std::string& title, const std::string& description,
                         const std::string& language, const std::string& rights) {
  std::vector<FieldError> errors;
  const std::size_t title_length = CodePointCount(Trim(title));
  if (title_length < 1 || CodePointCount(title) > 500) {
    errors.push_back({"title", title_length == 0 ? "required" : "length",
                      "Trường 'title' (tiêu đề hồ sơ) phải có từ 1 đến 500 ký tự."});
  }
  if (CodePointCount(description) > 500) {
    errors.push_back(
        {"description", "length", "Trường 'description' (chú giải) có tối đa 500 ký tự."});
  }
  const std::size_t language_length = CodePointCount(Trim(language));
  if (language_length < 1 || CodePointCount(language) > 50) {
    errors.push_back({"language", language_length == 0 ? "required" : "length",
                      "Trường 'language' (ngôn ngữ) phải có từ 1 đến 50 ký tự."});
  }
  if (!ParseRecordRights(rights)) {
    errors.push_back({"rights", "enum",
                      "Trường 'rights' (chế độ sử dụng) phải là public, restricted hoặc "
                      "confidential."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  return Ok();
}

std::string VietnamDateOf(std::int64_t unix_seconds) {
  return TodayInVietnam(FromUnixSeconds(unix_seconds));
}

}  // namespace cqdt::documents::work_record_rules
