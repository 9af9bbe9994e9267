// The personal identification number (số định danh cá nhân), printed on the citizen ID card
// (CCCD): 12 digits (Nghị định 137/2015/NĐ-CP, Điều 13). The first three are the code of the
// province or city where the citizen's birth was registered (the codes listed by the Ministry of
// Public Security, Thông tư 07/2016/TT-BCA, now Thông tư 59/2021/TT-BCA), the fourth the century
// and sex, the next two the year of birth, the last six a random number.
//
// The province codes are the 63 of the provinces before the 2025 merger: numbers already issued
// keep their codes, whatever the province is called today.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include "core/result.hpp"

namespace cqdt::identity {

// Why `s` is not a citizen ID number, as an error on `field`, or nullopt when it is one. Codes:
// "format" (not exactly 12 digits), "province" (no province has the first three digits).
std::optional<FieldError> CheckCitizenIdNumber(const std::string& s,
                                               const std::string& field = "citizenIdNumber");
bool IsValidCitizenIdNumber(const std::string& s);

}  // namespace cqdt::identity
