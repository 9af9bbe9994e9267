// The life events of the portal's catalogue (catalogue_service.hpp): read and replaced as a
// whole list, checked field by field with the JSON paths of PUT /api/v1/procedures/life-events.
#include <set>

#include "core/text.hpp"
#include "onestop/catalogue_service.hpp"
#include "sql_procedure_repository.hpp"

namespace cqdt::onestop {

namespace {

constexpr std::size_t kMaxLifeEvents = 100;
constexpr std::size_t kMaxEventProcedures = 500;

bool IsEventCode(const std::string& code) {
  if (code.empty() || code.size() > 40 || code.front() == '-' || code.back() == '-') {
    return false;
  }
  for (char c : code) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return false;
    }
  }
  return true;
}

void CheckName(std::string& value, const std::string& path, std::size_t min, std::size_t max,
               std::vector<FieldError>& errors) {
  if (!IsValidUtf8(value) || HasControlChars(value)) {
    errors.push_back({path, "format", "Trường '" + path + "' chứa ký tự không hợp lệ."});
    return;
  }
  value = Trim(value);
  const std::size_t n = CodePointCount(value);
  if (n < min || n > max) {
    errors.push_back({path, n < min ? "required" : "length",
                      "Trường '" + path + "' phải có từ " + std::to_string(min) + " đến " +
                          std::to_string(max) + " ký tự."});
  }
}

}  // namespace

Result<std::vector<LifeEvent>> CatalogueService::LifeEvents(db::Transaction& tx) const {
  return LifeEventRepository(tx).All();
}

Status CatalogueService::SetLifeEvents(db::Transaction& tx, const identity::Principal& p,
                                       const audit::Actor& actor, std::vector<LifeEvent> events) {
  if (!identity::Authorizer::IsAdmin(p)) {
    return Error::PermissionDenied("Chỉ quản trị hệ thống mới sửa danh sách sự kiện đời sống.");
  }
  if (events.size() > kMaxLifeEvents) {
    return Error::InvalidField(
        "lifeEvents", "count",
        "Trường 'lifeEvents' phải có từ 0 đến " + std::to_string(kMaxLifeEvents) + " mục.");
  }
  ProcedureRepository repo(tx, cache_.get());
  std::vector<FieldError> errors;
  std::set<std::string> codes;
  std::set<std::string> known;  // procedure codes already found
  for (std::size_t i = 0; i < events.size(); ++i) {
    LifeEvent& e = events[i];
    const std::string at = "lifeEvents[" + std::to_string(i) + "]";
    if (!IsEventCode(e.code)) {
      errors.push_back({at + ".code", "format",
                        "Trường '" + at +
                            ".code' gồm chữ thường không dấu, chữ số và dấu '-', tối đa 40 ký tự "
                            "(ví dụ khai-sinh)."});
    } else if (!codes.insert(e.code).second) {
      errors.push_back(
          {at + ".code", "duplicate", "Mã sự kiện '" + e.code + "' đã có ở một sự kiện trước."});
    }
    CheckName(e.name, at + ".name", 1, 200, errors);
    CheckName(e.name_en, at + ".nameEn", 0, 200, errors);
    if (e.procedures.size() > kMaxEventProcedures) {
      errors.push_back({at + ".procedures", "count",
                        "Trường '" + at + ".procedures' phải có từ 0 đến " +
                            std::to_string(kMaxEventProcedures) + " mục."});
      continue;
    }
    std::set<std::string> seen;
    for (std::size_t j = 0; j < e.procedures.size(); ++j) {
      const std::string& code = e.procedures[j];
      const std::string path = at + ".procedures[" + std::to_string(j) + "]";
      if (!seen.insert(code).second) {
        errors.push_back({path, "duplicate", "Thủ tục '" + code + "' đã có trong sự kiện này."});
      } else if (known.count(code) == 0) {
        if (code.size() > 40 || !repo.FindProcedure(code)) {
          errors.push_back({path, "unknown", "Không có thủ tục mã '" + code + "' trong danh mục."});
        } else {
          known.insert(code);
        }
      }
    }
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  LifeEventRepository(tx).ReplaceAll(events);
  return audit_.Record(tx, actor,
                       {"onestop.life_events", "catalogue", "life-events",
                        "Cập nhật " + std::to_string(events.size()) + " sự kiện đời sống."});
}

}  // namespace cqdt::onestop
