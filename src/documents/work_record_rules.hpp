// The rules of work records shared by WorkRecordService's files (private to documents): who
// sees and changes a record, the checks of the fields a record's opening and closing share.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "documents/work_record_service.hpp"
#include "identity/principal.hpp"

namespace cqdt::documents::work_record_rules {

// A staff member of an agency (the only ones who keep records).
bool IsAgencyStaff(const identity::Principal& p);
// A leader of an agency: appraises records past their retention.
bool IsLeader(const identity::Principal& p);
// Who sees a record: its creator, the plan item's responsible person, the agency's leaders and
// clerks.
bool SeesRecord(const identity::Principal& p, const WorkRecord& r);
// Who changes it while open: its creator, the responsible person, a clerk (văn thư helps to
// compile records).
bool MayChange(const identity::Principal& p, const WorkRecord& r);
// The title, description, language and rights of a record (Phụ lục VI §8.3 items 4, 11, 10, 8).
Status CheckCommonFields(const std::string& title, const std::string& description,
                         const std::string& language, const std::string& rights);
// The day in Vietnam of a moment, YYYY-MM-DD.
std::string VietnamDateOf(std::int64_t unix_seconds);

}  // namespace cqdt::documents::work_record_rules
