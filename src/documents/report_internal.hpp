// Helpers of the report service's two files (register_export.cpp, statistics_service.cpp).
// Private to documents.
#pragma once

#include <string>

namespace cqdt::documents::internal {

// The Unix time of 00:00 in Vietnam (UTC+7) on "YYYY-MM-DD" (0 for a malformed date).
long long DayStart(const std::string& iso);
// The day in Vietnam ("YYYY-MM-DD") of a Unix time; "" for 0.
std::string DayOf(long long unix_seconds);

}  // namespace cqdt::documents::internal
