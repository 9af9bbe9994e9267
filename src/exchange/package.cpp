// Labels and code tables of package.hpp.
#include "exchange/package.hpp"

#include <ctime>

namespace cqdt::exchange {

std::string EdxmlTimestamp(TimePoint t) {
  const std::time_t local = static_cast<std::time_t>(ToUnixSeconds(t) + 7 * 3600);
  std::tm tm{};
  gmtime_r(&local, &tm);
  char out[32];
  std::strftime(out, sizeof out, "%Y/%m/%d %H:%M:%S", &tm);
  return out;
}

std::string EdxmlDate(TimePoint t) { return EdxmlTimestamp(t).substr(0, 10); }

const char* BusinessTypeLabel(BusinessType t) {
  switch (t) {
    case BusinessType::kNew:
      return "Văn bản mới";
    case BusinessType::kRevoke:
      return "Thu hồi văn bản";
    case BusinessType::kUpdate:
      return "Cập nhật văn bản";
    case BusinessType::kReplace:
      return "Thay thế văn bản";
  }
  return "Văn bản mới";
}

const char* BusinessTypeName(BusinessType t) {
  switch (t) {
    case BusinessType::kRevoke:
      return "revoke";
    case BusinessType::kUpdate:
      return "update";
    case BusinessType::kReplace:
      return "replace";
    case BusinessType::kNew:
      break;
  }
  return "new";
}

bool IsKnownStatusCode(std::string_view code) { return StatusCodeLabel(code)[0] != '\0'; }

const char* StatusCodeLabel(std::string_view code) {
  if (code == "01")
    return "Đã đến";
  if (code == "02")
    return "Từ chối tiếp nhận";
  if (code == "03")
    return "Đã tiếp nhận";
  if (code == "04")
    return "Phân công";
  if (code == "05")
    return "Đang xử lý";
  if (code == "06")
    return "Hoàn thành";
  if (code == "13")
    return "Lấy lại / thu hồi";
  if (code == "15")
    return "Đồng ý lấy lại / cập nhật";
  if (code == "16")
    return "Từ chối lấy lại / cập nhật";
  return "";
}

}  // namespace cqdt::exchange
