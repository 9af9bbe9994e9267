// AgencyService::Validate: the rules every agency record obeys, for create, update and import.
#include <string_view>

#include "agency_repository.hpp"
#include "core/agency_code.hpp"
#include "core/text.hpp"
#include "org/agency_service.hpp"

namespace cqdt::org {
namespace {

bool LooksLikePhone(const std::string& s) {
  int digits = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (std::string_view(" +().-").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return digits >= 8 && digits <= 15;
}

bool LooksLikeWebsite(const std::string& s) {
  return (s.rfind("https://", 0) == 0 || s.rfind("http://", 0) == 0) && s.size() > 10 &&
         s.find_first_of(" \t\"<>") == std::string::npos;
}

bool Overlaps(const Agency& a, const std::string& from, const std::string& to) {
  std::string a_to = a.valid_to.empty() ? "9999-12-31" : a.valid_to;
  std::string b_to = to.empty() ? "9999-12-31" : to;
  return a.valid_from <= b_to && from <= a_to;
}

}  // namespace

Result<Agency> AgencyService::Validate(db::Transaction& tx, const AgencyInput& in,
                                       const Agency* existing) {
  AgencyRepository repo(tx);
  std::vector<FieldError> errors;
  Agency a = existing ? *existing : Agency{};
  bool creating = existing == nullptr;

  if (creating || in.code) {
    if (!in.code || in.code->empty()) {
      errors.push_back({"code", "required", "Mã định danh không được để trống."});
    } else if (auto parsed = ParseAgencyCode(*in.code); !parsed) {
      errors.push_back(parsed.error().fields().at(0));
    } else {
      a.code = parsed->text;
    }
  }
  if (creating && !in.name) {
    errors.push_back({"name", "required", "Tên cơ quan không được để trống."});
  } else if (auto v = CheckText(in.name, "name", "Tên cơ quan", 1, 300, errors)) {
    a.name = *v;
  }
  if (creating && !in.short_name) {
    errors.push_back({"shortName", "required", "Tên viết tắt không được để trống."});
  } else if (auto v = CheckText(in.short_name, "shortName", "Tên viết tắt", 1, 30, errors)) {
    if (v->find_first_of(" \t") != std::string::npos) {
      errors.push_back({"shortName", "format",
                        "Tên viết tắt dùng trong ký hiệu văn bản (ví dụ UBND, SNV), không có "
                        "dấu cách."});
    } else {
      a.short_name = *v;
    }
  }
  if (creating && !in.kind) {
    errors.push_back({"kind", "required", "Loại cơ quan không được để trống."});
  } else if (in.kind) {
    if (auto k = ParseKind(*in.kind)) {
      a.kind = *k;
    } else {
      errors.push_back({"kind", "enum",
                        "Loại cơ quan '" + *in.kind +
                            "' không hợp lệ: dùng provincial_committee, department, commune, "
                            "ward, special_zone, district hoặc other."});
    }
  }
  if (auto v = CheckText(in.address, "address", "Địa chỉ", 0, 500, errors)) {
    a.address = *v;
  }
  if (auto v = CheckText(in.phone, "phone", "Số điện thoại", 0, 30, errors)) {
    if (!v->empty() && !LooksLikePhone(*v)) {
      errors.push_back({"phone", "format", "Số điện thoại không hợp lệ (8-15 chữ số)."});
    } else {
      a.phone = *v;
    }
  }
  if (auto v = CheckText(in.email, "email", "Thư điện tử", 0, 254, errors)) {
    if (!v->empty() && !IsPlausibleEmail(*v)) {
      errors.push_back({"email", "format", "Địa chỉ thư điện tử không hợp lệ."});
    } else {
      a.email = *v;
    }
  }
  if (auto v = CheckText(in.website, "website", "Trang thông tin", 0, 200, errors)) {
    if (!v->empty() && !LooksLikeWebsite(*v)) {
      errors.push_back(
          {"website", "format", "Địa chỉ trang thông tin phải bắt đầu bằng https://."});
    } else {
      a.website = *v;
    }
  }
  if (in.valid_from) {
    if (!ParseIsoDate(*in.valid_from)) {
      errors.push_back({"validFrom", "format", "Ngày hiệu lực phải có dạng YYYY-MM-DD."});
    } else {
      a.valid_from = *in.valid_from;
    }
  } else if (creating) {
    a.valid_from = Today();
  }
  if (in.valid_to) {
    if (in.valid_to->empty()) {
      a.valid_to.clear();
    } else if (!ParseIsoDate(*in.valid_to)) {
      errors.push_back({"validTo", "format", "Ngày hết hiệu lực phải có dạng YYYY-MM-DD."});
    } else {
      a.valid_to = *in.valid_to;
    }
  }
  if (!a.valid_to.empty() && !a.valid_from.empty() && a.valid_to < a.valid_from) {
    errors.push_back({"validTo", "range", "Ngày hết hiệu lực phải sau ngày hiệu lực."});
  }

  // References: resolve codes to the agency valid on this agency's start date.
  auto resolve = [&](const std::optional<std::string>& code, const char* field,
                     const char* label) -> std::optional<AgencyId> {
    if (!code) {
      return std::nullopt;
    }
    if (code->empty()) {
      return AgencyId();
    }
    auto found = repo.ResolveCode(*code, a.valid_from.empty() ? Today() : a.valid_from);
    if (!found) {
      errors.push_back(
          {field, "not_found", std::string(label) + " có mã '" + *code + "' không tồn tại."});
      return std::nullopt;
    }
    return found->id;
  };
  if (in.parent_id && in.parent_id->IsSet()) {
    if (!repo.FindById(*in.parent_id)) {
      errors.push_back({"parentId", "not_found", "Cơ quan cấp trên không tồn tại."});
    } else {
      a.parent_id = *in.parent_id;
    }
  } else if (in.parent_id) {
    a.parent_id = AgencyId();
  }
  if (auto id = resolve(in.parent_code, "parentCode", "Cơ quan cấp trên")) {
    a.parent_id = *id;
  }
  if (auto id = resolve(in.merged_into_code, "mergedIntoCode", "Cơ quan sáp nhập vào")) {
    a.merged_into_id = *id;
  }
  if (auto id = resolve(in.split_from_code, "splitFromCode", "Cơ quan được chia tách từ")) {
    a.split_from_id = *id;
  }
  // The parent chain may not loop back to this agency.
  if (!creating && a.parent_id.IsSet()) {
    AgencyId cursor = a.parent_id;
    for (int depth = 0; cursor.IsSet() && depth < 64; ++depth) {
      if (cursor == a.id) {
        errors.push_back({"parentId", "cycle",
                          "Không thể đặt cơ quan cấp trên là chính cơ quan này hoặc cơ quan "
                          "cấp dưới của nó."});
        break;
      }
      auto p = repo.FindById(cursor);
      cursor = p ? p->parent_id : AgencyId();
    }
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  // Codes are reused across time (edxml.md §9.3): unique only among overlapping validity.
  for (const auto& other : repo.FindByCode(a.code)) {
    if (other.id != a.id && Overlaps(other, a.valid_from, a.valid_to)) {
      return Error::Conflict("Mã định danh " + a.code + " đã được dùng cho " + other.name + ".",
                             {{"code", "duplicate",
                               "Mã định danh " + a.code +
                                   " đã được dùng cho cơ quan khác trong "
                                   "cùng thời gian hiệu lực."}});
    }
  }
  return a;
}

}  // namespace cqdt::org
