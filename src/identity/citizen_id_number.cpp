#include "identity/citizen_id_number.hpp"

#include <algorithm>
#include <array>

namespace cqdt::identity {
namespace {

// Province codes of the personal identification number (Thông tư 07/2016/TT-BCA, 59/2021/TT-BCA):
// 001 Hà Nội ... 096 Cà Mau. The gaps (003, 005, 007, ...) are codes no province has.
constexpr std::array<int, 63> kProvinceCodes = {
    1,  2,  4,  6,  8,  10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33,
    34, 35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66,
    67, 68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96};

}  // namespace

std::optional<FieldError> CheckCitizenIdNumber(const std::string& s, const std::string& field) {
  // Untrusted input: only digits, exactly 12 of them, before the prefix is read as a number.
  if (s.size() != 12 ||
      !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return FieldError{field, "format", "Số định danh cá nhân (số CCCD) phải gồm đúng 12 chữ số."};
  }
  const int province = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
  if (!std::binary_search(kProvinceCodes.begin(), kProvinceCodes.end(), province)) {
    return FieldError{field, "province",
                      "Mã tỉnh " + s.substr(0, 3) +
                          " trong số định danh cá nhân không tồn tại: ba chữ số đầu là mã tỉnh, "
                          "thành phố nơi đăng ký khai sinh (001 đến 096)."};
  }
  return std::nullopt;
}

bool IsValidCitizenIdNumber(const std::string& s) { return !CheckCitizenIdNumber(s).has_value(); }

}  // namespace cqdt::identity
