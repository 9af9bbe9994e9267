// AgencyService::Validate: the rules every agency record obeys, for create, update and import.
#include <algorithm>
#include <set>
#include <string_view>

#include "agency_repository.hpp"
#include "core/agency_code.hpp"
#include "core/text.hpp"
#include "org/agency_service.hpp"
#include "text/search.hpp"

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

// A kind as written in a file or form: its code (KindName) or, since officials copy what the
// screen shows, its label (KindLabel), compared folded ("so, ban, nganh" works).
std::optional<AgencyKind> KindFromText(const std::string& value) {
  if (auto k = ParseKind(value)) {
    return k;
  }
  std::string folded = text::SearchKey(value);
  for (auto k :
       {AgencyKind::kProvincialCommittee, AgencyKind::kDepartment, AgencyKind::kCommune,
        AgencyKind::kWard, AgencyKind::kSpecialZone, AgencyKind::kDistrict, AgencyKind::kOther}) {
    if (!folded.empty() && folded == text::SearchKey(KindLabel(k))) {
      return k;
    }
  }
  return std::nullopt;
}

// "Dùng một trong các loại: UBND tỉnh (provincial_committee); ...": the label an official knows,
// with the code a file may carry.
std::string KindChoices() {
  std::string out = "Dùng một trong các loại: ";
  bool first = true;
  for (auto k :
       {AgencyKind::kProvincialCommittee, AgencyKind::kDepartment, AgencyKind::kCommune,
        AgencyKind::kWard, AgencyKind::kSpecialZone, AgencyKind::kDistrict, AgencyKind::kOther}) {
    out += (first ? "" : "; ") + std::string(KindLabel(k)) + " (" + KindName(k) + ")";
    first = false;
  }
  return out + ".";
}

// A date typed in a file or form. The shape is checked first, then whether the day exists, so
// that "2025-13-01", which has the right shape, is called an impossible date rather than a
// wrong format. Untrusted input: only ASCII digits and dashes reach ParseIsoDate.
bool CheckDate(const std::string& value, const char* field, const char* label,
               std::vector<FieldError>& errors) {
  bool shape = value.size() == 10 && value[4] == '-' && value[7] == '-';
  for (std::size_t i = 0; shape && i < value.size(); ++i) {
    shape = i == 4 || i == 7 || (value[i] >= '0' && value[i] <= '9');
  }
  if (!shape) {
    errors.push_back(
        {field, "format",
         std::string(label) + " phải viết theo dạng năm-tháng-ngày YYYY-MM-DD, ví dụ 2025-07-01."});
    return false;
  }
  if (!ParseIsoDate(value)) {
    errors.push_back({field, "date",
                      std::string(label) + " " + value +
                          " là ngày không hợp lệ (không có ngày này trên lịch, hoặc năm ngoài "
                          "khoảng 1900-2999)."});
    return false;
  }
  return true;
}

// True when `target` lies below `self` in the parent hierarchy (at most 64 levels are walked:
// deeper chains do not exist, and a loop in bad data must not hang the request).
bool IsBelow(AgencyRepository& repo, AgencyId self, AgencyId target) {
  AgencyId cursor = target;
  for (int depth = 0; cursor.IsSet() && depth < 64; ++depth) {
    auto row = repo.FindById(cursor);
    if (!row) {
      return false;
    }
    cursor = row->parent_id;
    if (cursor == self) {
      return true;
    }
  }
  return false;
}

// Lineage runs from predecessor to successor: "A merged into B" is the edge A -> B, "A split
// from C" the edge C -> A. True when `a`, with its new references, would be its own ancestor in
// that graph (the stored graph is acyclic, so any new cycle passes through `a`): a walk from
// a's successors reaches `a`, or reaches the agency `a` now says it split from.
bool ClosesLineageCycle(AgencyRepository& repo, const Agency& a) {
  std::vector<AgencyId> frontier;
  if (a.merged_into_id.IsSet()) {
    frontier.push_back(a.merged_into_id);
  }
  auto push_split_children = [&](AgencyId of) {
    for (AgencyId child : repo.FindSplitFrom(of)) {
      if (child != a.id) {  // a's own split edge is the new one, checked below
        frontier.push_back(child);
      }
    }
  };
  if (a.id.IsSet()) {
    push_split_children(a.id);
  }
  std::set<std::int64_t> seen;
  // Bounded: a province has a few thousand agencies; stop rather than let one request walk more.
  while (!frontier.empty() && seen.size() < 20000) {
    AgencyId x = frontier.back();
    frontier.pop_back();
    if ((a.id.IsSet() && x == a.id) || (a.split_from_id.IsSet() && x == a.split_from_id)) {
      return true;
    }
    if (!seen.insert(x.value()).second) {
      continue;
    }
    if (auto row = repo.FindById(x); row && row->merged_into_id.IsSet()) {
      frontier.push_back(row->merged_into_id);
    }
    push_split_children(x);
  }
  return false;
}

}  // namespace

std::vector<FieldError> AgencyService::Warnings(db::Transaction& tx, const Agency& a) const {
  std::vector<FieldError> warnings;
  if (!a.parent_id.IsSet()) {
    return warnings;
  }
  auto parent = AgencyRepository(tx).FindById(a.parent_id);
  auto child_code = ParseAgencyCode(a.code);
  if (!parent || !child_code) {
    return warnings;
  }
  auto parent_code = ParseAgencyCode(parent->code);
  if (!parent_code) {
    return warnings;
  }
  // QCVN 102 (edxml.md §9.1): a unit's code is its parent's code with one more level filled in,
  // so the parent's levels are a strict prefix of the child's. Some agencies legitimately keep
  // another ministry's or province's code (deconcentrated central agencies), hence a warning
  // for the admin and not a refusal.
  const auto& p = parent_code->levels;
  const auto& c = child_code->levels;
  bool descends = c.size() > p.size() && std::equal(p.begin(), p.end(), c.begin());
  if (!descends) {
    warnings.push_back(
        {"code", "not_descendant",
         "Mã định danh " + a.code + " không thuộc nhánh mã của cơ quan cấp trên " + parent->code +
             " (" + parent->name +
             "): theo QCVN 102:2016, mã của cơ quan cấp dưới được tạo từ mã cơ quan cấp trên. "
             "Vẫn lưu nếu cơ quan này dùng mã của bộ, ngành hoặc tỉnh khác."});
  }
  return warnings;
}

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
  if ((creating && !in.kind) || (in.kind && in.kind->empty())) {
    errors.push_back({"kind", "required", "Loại cơ quan không được để trống."});
  } else if (in.kind) {
    if (auto k = KindFromText(*in.kind)) {
      a.kind = *k;
    } else {
      errors.push_back(
          {"kind", "enum", "Loại cơ quan '" + *in.kind + "' không hợp lệ. " + KindChoices()});
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
  // An empty start date means "not given": today for a new agency, unchanged for an update.
  if (in.valid_from && !in.valid_from->empty()) {
    if (CheckDate(*in.valid_from, "validFrom", "Ngày hiệu lực", errors)) {
      a.valid_from = *in.valid_from;
    }
  } else if (creating) {
    a.valid_from = Today();
  }
  if (in.valid_to) {
    if (in.valid_to->empty()) {
      a.valid_to.clear();
    } else if (CheckDate(*in.valid_to, "validTo", "Ngày hết hiệu lực", errors)) {
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
  // References by id (the admin form) must exist.
  auto by_id = [&](const std::optional<AgencyId>& id, const char* field,
                   const char* message) -> std::optional<AgencyId> {
    if (!id) {
      return std::nullopt;
    }
    if (!id->IsSet()) {
      return AgencyId();
    }
    if (!repo.FindById(*id)) {
      errors.push_back({field, "not_found", message});
      return std::nullopt;
    }
    return *id;
  };
  if (auto id = by_id(in.parent_id, "parentId", "Cơ quan cấp trên không tồn tại.")) {
    a.parent_id = *id;
  }
  if (auto id = resolve(in.parent_code, "parentCode", "Cơ quan cấp trên")) {
    a.parent_id = *id;
  }
  if (auto id = by_id(in.merged_into_id, "mergedIntoId", "Cơ quan sáp nhập vào không tồn tại.")) {
    a.merged_into_id = *id;
  }
  if (auto id = resolve(in.merged_into_code, "mergedIntoCode", "Cơ quan sáp nhập vào")) {
    a.merged_into_id = *id;
  }
  if (auto id = by_id(in.split_from_id, "splitFromId", "Cơ quan được tách từ không tồn tại.")) {
    a.split_from_id = *id;
  }
  if (auto id = resolve(in.split_from_code, "splitFromCode", "Cơ quan được chia tách từ")) {
    a.split_from_id = *id;
  }
  // Lineage (sáp nhập, chia tách) may not point at the agency itself, at an agency below it, or
  // close a loop of predecessors and successors: such a history cannot have happened, and code
  // that follows lineage (the successor of a dissolved agency) would never end. Errors name the
  // field the client sent.
  const char* merged_field = in.merged_into_id ? "mergedIntoId" : "mergedIntoCode";
  const char* split_field = in.split_from_id ? "splitFromId" : "splitFromCode";
  bool merged_given = in.merged_into_id || in.merged_into_code;
  bool split_given = in.split_from_id || in.split_from_code;
  bool lineage_ok = true;
  if (merged_given && a.merged_into_id.IsSet() && !creating) {
    if (a.merged_into_id == a.id) {
      errors.push_back({merged_field, "self", "Cơ quan không thể sáp nhập vào chính nó."});
      lineage_ok = false;
    } else if (IsBelow(repo, a.id, a.merged_into_id)) {
      errors.push_back({merged_field, "descendant",
                        "Không thể sáp nhập vào một cơ quan cấp dưới của chính cơ quan này."});
      lineage_ok = false;
    }
  }
  if (split_given && a.split_from_id.IsSet() && !creating) {
    if (a.split_from_id == a.id) {
      errors.push_back({split_field, "self", "Cơ quan không thể được tách từ chính nó."});
      lineage_ok = false;
    } else if (IsBelow(repo, a.id, a.split_from_id)) {
      errors.push_back({split_field, "descendant",
                        "Không thể ghi cơ quan này được tách từ một cơ quan cấp dưới của nó."});
      lineage_ok = false;
    }
  }
  if (lineage_ok && (merged_given || split_given) && ClosesLineageCycle(repo, a)) {
    errors.push_back({merged_given ? merged_field : split_field, "cycle",
                      "Quan hệ sáp nhập, chia tách này tạo thành vòng lặp: cơ quan sẽ vừa là "
                      "tiền thân vừa là cơ quan kế thừa của chính nó."});
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
