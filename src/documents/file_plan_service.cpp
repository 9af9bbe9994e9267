// The file plan (danh mục hồ sơ, Decree 30/2020 art. 28 and Phụ lục V), issue 11 item 1.
#include "documents/file_plan_service.hpp"

#include <set>

#include <soci/soci.h>

#include "core/text.hpp"
#include "db/statement.hpp"
#include "documents/incoming_service.hpp"

namespace cqdt::documents {
namespace {

using identity::Role;

bool IsAgencyStaff(const identity::Principal& p) {
  return p.realm == identity::Realm::kStaff && p.user_id().IsSet() && p.agency_id.IsSet();
}

int CurrentYear(const Clock& clock) { return std::stoi(TodayInVietnam(clock.Now()).substr(0, 4)); }

constexpr const char* kColumns =
    "p.id, p.agency_id, p.year, p.code, p.title, p.unit_id, p.retention_years, p.responsible_id,"
    " p.note, p.version, r.id";

struct Row {
  long long id = 0, agency = 0, unit = 0, responsible = 0, version = 0, record = 0;
  int year = 0, retention = 0;
  soci::indicator unit_ind = soci::i_null, retention_ind = soci::i_null,
                  responsible_ind = soci::i_null, record_ind = soci::i_null;
  std::string code, title, note;
  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(agency));
    st.exchange(soci::into(year));
    st.exchange(soci::into(code));
    st.exchange(soci::into(title));
    st.exchange(soci::into(unit, unit_ind));
    st.exchange(soci::into(retention, retention_ind));
    st.exchange(soci::into(responsible, responsible_ind));
    st.exchange(soci::into(note));
    st.exchange(soci::into(version));
    st.exchange(soci::into(record, record_ind));
  }
  PlanItem Get() const {
    PlanItem item;
    item.id = PlanItemId(id);
    item.agency_id = AgencyId(agency);
    item.year = year;
    item.code = code;
    item.title = title;
    item.unit_id = unit_ind == soci::i_ok ? UnitId(unit) : UnitId();
    if (retention_ind == soci::i_ok) {
      item.retention_years = retention;
    }
    item.responsible_id = responsible_ind == soci::i_ok ? UserId(responsible) : UserId();
    item.note = note;
    item.version = version;
    item.record_id = record_ind == soci::i_ok ? WorkRecordId(record) : WorkRecordId();
    return item;
  }
};

// Items matching `where` (over alias p), ordered by notation.
template <typename BindFn>
std::vector<PlanItem> Select(db::Transaction& tx, const std::string& where, BindFn bind) {
  Row row;
  auto st = tx.Prepare(std::string("SELECT ") + kColumns +
                       " FROM documents_plan_item p LEFT JOIN documents_record r"
                       " ON r.plan_item_id = p.id WHERE " +
                       where + " ORDER BY p.code, p.id");
  row.Bind(*st);
  bind(*st);
  st->define_and_bind();
  st->execute(false);
  std::vector<PlanItem> out;
  while (st->fetch()) {
    out.push_back(row.Get());
  }
  return out;
}

// Names for people: the unit's and the responsible person's.
void Name(db::Transaction& tx, const org::AgencyService& agencies,
          const identity::IdentityService& identity, PlanItem& item) {
  if (item.unit_id.IsSet()) {
    if (auto u = agencies.GetUnit(tx, item.unit_id)) {
      item.unit_name = u->name;
    }
  }
  if (item.responsible_id.IsSet()) {
    if (auto u = identity.GetUser(tx, item.responsible_id)) {
      item.responsible_name = u->full_name;
    }
  }
}

bool HasSpace(const std::string& s) {
  for (unsigned char c : s) {
    if (c <= 0x20 || c == 0x7F) {
      return true;
    }
  }
  return false;
}

std::string Describe(const PlanItem& item) {
  return item.code + " " + item.title + " (" + RetentionLabel(item.retention_years) + ", năm " +
         std::to_string(item.year) + ")";
}

}  // namespace

std::string RetentionLabel(std::optional<int> years) {
  return years ? std::to_string(*years) + " năm" : std::string("Vĩnh viễn");
}

bool FilePlanService::CanEdit(const identity::Principal& p) {
  return IsAgencyStaff(p) && (p.Has(Role::kLeader) || p.Has(Role::kClerk));
}

Status FilePlanService::CheckInput(db::Transaction& tx, const identity::Principal& p,
                                   const PlanItemInput& in, bool creating) const {
  std::vector<FieldError> errors;
  const int this_year = CurrentYear(clock_);
  if (creating && (in.year < 2000 || in.year > this_year + 1)) {
    errors.push_back(
        {"year", "range",
         "Trường 'year' phải là năm từ 2000 đến " + std::to_string(this_year + 1) + "."});
  }
  const std::size_t code_length = CodePointCount(in.code);
  if (code_length < 1 || code_length > 20 || HasSpace(in.code)) {
    errors.push_back({"code", code_length == 0 ? "required" : "format",
                      "Trường 'code' (số và ký hiệu hồ sơ) phải có từ 1 đến 20 ký tự, không có "
                      "khoảng trắng."});
  }
  const std::size_t title_length = CodePointCount(Trim(in.title));
  if (title_length < 1 || CodePointCount(in.title) > 500) {
    errors.push_back({"title", title_length == 0 ? "required" : "length",
                      "Trường 'title' phải có từ 1 đến 500 ký tự."});
  }
  if (in.retention_years && (*in.retention_years < 1 || *in.retention_years > 100)) {
    errors.push_back({"retentionYears", "range",
                      "Trường 'retentionYears' phải từ 1 đến 100 năm (bỏ trống: vĩnh viễn)."});
  }
  // Untrusted ids: a unit of the caller's agency, an active staff member of it.
  if (in.unit_id.IsSet()) {
    auto unit = agencies_.GetUnit(tx, in.unit_id);
    if (!unit || unit->agency_id != p.agency_id) {
      errors.push_back({"unitId", "invalid", "Trường 'unitId' phải là một đơn vị của cơ quan."});
    }
  }
  if (in.responsible_id.IsSet()) {
    auto user = identity_.GetUser(tx, in.responsible_id);
    if (!user || user->disabled || user->agency_id != p.agency_id) {
      errors.push_back({"responsibleUserId", "invalid",
                        "Trường 'responsibleUserId' phải là một cán bộ của cơ quan."});
    }
  }
  if (CodePointCount(in.note) > 1000) {
    errors.push_back({"note", "length", "Trường 'note' có tối đa 1000 ký tự."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  return Ok();
}

Result<std::vector<PlanItem>> FilePlanService::List(db::Transaction& tx,
                                                    const identity::Principal& p, int year) const {
  if (!IsAgencyStaff(p)) {
    return Error::PermissionDenied("Chỉ cán bộ của cơ quan mới xem được danh mục hồ sơ.");
  }
  long long agency = p.agency_id.value();
  auto items = Select(tx, "p.agency_id = :a AND p.year = :y", [&](soci::statement& st) {
    st.exchange(soci::use(agency));
    st.exchange(soci::use(year));
  });
  for (auto& item : items) {
    Name(tx, agencies_, identity_, item);
  }
  return items;
}

Result<PlanItem> FilePlanService::Get(db::Transaction& tx, const identity::Principal& p,
                                      PlanItemId id) const {
  long long key = id.value();
  auto found = Select(tx, "p.id = :id", [&](soci::statement& st) { st.exchange(soci::use(key)); });
  // Another agency's plan does not exist for the caller.
  if (found.empty() || !IsAgencyStaff(p) || found.front().agency_id != p.agency_id) {
    return Error::NotFound("mục hồ sơ", std::to_string(key));
  }
  Name(tx, agencies_, identity_, found.front());
  return found.front();
}

Result<PlanItem> FilePlanService::Create(db::Transaction& tx, const audit::Actor& actor,
                                         const identity::Principal& p,
                                         const PlanItemInput& in) const {
  if (!CanEdit(p)) {
    return Error::PermissionDenied("Chỉ lãnh đạo hoặc văn thư của cơ quan mới lập danh mục hồ sơ.");
  }
  CQDT_RETURN_IF_ERROR(CheckInput(tx, p, in, true));
  long long agency = p.agency_id.value(), exists = 0;
  int year = in.year;
  tx.sql() << "SELECT COUNT(*) FROM documents_plan_item WHERE agency_id = :a AND year = :y"
              " AND code = :c",
      soci::into(exists), soci::use(agency), soci::use(year), soci::use(in.code);
  if (exists > 0) {
    return Error::Conflict("Danh mục hồ sơ năm này đã có số và ký hiệu hồ sơ đó.",
                           {{"code", "duplicate", "Trường 'code' đã có trong danh mục năm này."}});
  }
  const long long now = ToUnixSeconds(clock_.Now()), by = p.user_id().value();
  long long unit = in.unit_id.value(), responsible = in.responsible_id.value();
  int retention = in.retention_years.value_or(0);
  soci::indicator unit_ind = in.unit_id.IsSet() ? soci::i_ok : soci::i_null;
  soci::indicator retention_ind = in.retention_years ? soci::i_ok : soci::i_null;
  soci::indicator responsible_ind = in.responsible_id.IsSet() ? soci::i_ok : soci::i_null;
  const std::string title = Trim(in.title);
  tx.sql() << "INSERT INTO documents_plan_item (agency_id, year, code, title, unit_id,"
              " retention_years, responsible_id, note, created_by, created_at, updated_at)"
              " VALUES (:a, :y, :c, :t, :u, :r, :p, :n, :by, :at, :at2)",
      soci::use(agency), soci::use(year), soci::use(in.code), soci::use(title),
      soci::use(unit, unit_ind), soci::use(retention, retention_ind),
      soci::use(responsible, responsible_ind), soci::use(in.note), soci::use(by), soci::use(now),
      soci::use(now);
  const PlanItemId id(db::LastInsertId(tx, "documents_plan_item"));
  CQDT_ASSIGN_OR_RETURN(PlanItem item, Get(tx, p, id));
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor,
                    {"documents.plan.created", "documents.plan_item", std::to_string(id.value()),
                     "Thêm vào danh mục hồ sơ: " + Describe(item)}));
  return item;
}

Result<PlanItem> FilePlanService::Update(db::Transaction& tx, const audit::Actor& actor,
                                         const identity::Principal& p, PlanItemId id,
                                         const PlanItemInput& in) const {
  CQDT_ASSIGN_OR_RETURN(PlanItem old, Get(tx, p, id));
  if (!CanEdit(p)) {
    return Error::PermissionDenied("Chỉ lãnh đạo hoặc văn thư của cơ quan mới sửa danh mục hồ sơ.");
  }
  CQDT_RETURN_IF_ERROR(CheckInput(tx, p, in, false));
  if (in.version != old.version) {
    return Error::Conflict("Mục hồ sơ đã được người khác sửa; hãy tải lại.",
                           {{"version", "stale", "Trường 'version' không còn đúng."}});
  }
  if (in.code != old.code) {
    // The opened record carries the notation as its FileCode, and so do its documents.
    if (old.record_id.IsSet()) {
      return Error::Conflict(
          "Đã lập hồ sơ theo mục này nên không đổi được số và ký hiệu hồ sơ.",
          {{"code", "in_use", "Trường 'code' không đổi được khi đã lập hồ sơ."}});
    }
    long long agency = p.agency_id.value(), exists = 0;
    int year = old.year;
    tx.sql() << "SELECT COUNT(*) FROM documents_plan_item WHERE agency_id = :a AND year = :y"
                " AND code = :c",
        soci::into(exists), soci::use(agency), soci::use(year), soci::use(in.code);
    if (exists > 0) {
      return Error::Conflict(
          "Danh mục hồ sơ năm này đã có số và ký hiệu hồ sơ đó.",
          {{"code", "duplicate", "Trường 'code' đã có trong danh mục năm này."}});
    }
  }
  const long long now = ToUnixSeconds(clock_.Now());
  long long key = id.value(), version = in.version;
  long long unit = in.unit_id.value(), responsible = in.responsible_id.value();
  int retention = in.retention_years.value_or(0);
  soci::indicator unit_ind = in.unit_id.IsSet() ? soci::i_ok : soci::i_null;
  soci::indicator retention_ind = in.retention_years ? soci::i_ok : soci::i_null;
  soci::indicator responsible_ind = in.responsible_id.IsSet() ? soci::i_ok : soci::i_null;
  const std::string title = Trim(in.title);
  soci::statement st =
      (tx.sql().prepare << "UPDATE documents_plan_item SET code = :c, title = :t, unit_id = :u,"
                           " retention_years = :r, responsible_id = :p, note = :n,"
                           " updated_at = :at, version = version + 1"
                           " WHERE id = :id AND version = :v",
       soci::use(in.code), soci::use(title), soci::use(unit, unit_ind),
       soci::use(retention, retention_ind), soci::use(responsible, responsible_ind),
       soci::use(in.note), soci::use(now), soci::use(key), soci::use(version));
  st.execute(true);
  if (st.get_affected_rows() != 1) {
    return Error::Conflict("Mục hồ sơ đã được người khác sửa; hãy tải lại.",
                           {{"version", "stale", "Trường 'version' không còn đúng."}});
  }
  CQDT_ASSIGN_OR_RETURN(PlanItem item, Get(tx, p, id));
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor,
                    {"documents.plan.updated", "documents.plan_item", std::to_string(key),
                     "Sửa mục hồ sơ " + Describe(old) + " thành " + Describe(item)}));
  return item;
}

Status FilePlanService::Remove(db::Transaction& tx, const audit::Actor& actor,
                               const identity::Principal& p, PlanItemId id) const {
  CQDT_ASSIGN_OR_RETURN(PlanItem old, Get(tx, p, id));
  if (!CanEdit(p)) {
    return Error::PermissionDenied("Chỉ lãnh đạo hoặc văn thư của cơ quan mới sửa danh mục hồ sơ.");
  }
  if (old.record_id.IsSet()) {
    return Error::Conflict("Đã lập hồ sơ theo mục này nên không xóa được mục.");
  }
  long long key = id.value();
  tx.sql() << "DELETE FROM documents_plan_item WHERE id = :id", soci::use(key);
  return audit_.Record(tx, actor,
                       {"documents.plan.removed", "documents.plan_item", std::to_string(key),
                        "Bỏ khỏi danh mục hồ sơ: " + Describe(old)});
}

Result<CopyOutcome> FilePlanService::CopyForward(db::Transaction& tx, const audit::Actor& actor,
                                                 const identity::Principal& p, int from_year,
                                                 int to_year) const {
  if (!CanEdit(p)) {
    return Error::PermissionDenied("Chỉ lãnh đạo hoặc văn thư của cơ quan mới lập danh mục hồ sơ.");
  }
  const int this_year = CurrentYear(clock_);
  if (to_year < 2001 || to_year > this_year + 1) {
    return Error::InvalidField(
        "toYear", "range",
        "Trường 'toYear' phải là năm từ 2001 đến " + std::to_string(this_year + 1) + ".");
  }
  if (from_year < 2000 || from_year >= to_year) {
    return Error::InvalidField("fromYear", "range",
                               "Trường 'fromYear' phải là một năm trước 'toYear'.");
  }
  CQDT_ASSIGN_OR_RETURN(auto source, List(tx, p, from_year));
  CQDT_ASSIGN_OR_RETURN(auto target, List(tx, p, to_year));
  std::set<std::string> taken;
  for (const auto& item : target) {
    taken.insert(item.code);
  }
  CopyOutcome out;
  const long long now = ToUnixSeconds(clock_.Now()), by = p.user_id().value();
  long long agency = p.agency_id.value();
  for (const auto& item : source) {
    if (taken.count(item.code) > 0) {
      ++out.skipped;
      continue;
    }
    // A responsible person who has left the agency is not carried into the new year.
    UserId responsible = item.responsible_id;
    if (responsible.IsSet()) {
      auto user = identity_.GetUser(tx, responsible);
      if (!user || user->disabled || user->agency_id != p.agency_id) {
        responsible = UserId();
      }
    }
    long long unit = item.unit_id.value(), who = responsible.value();
    int retention = item.retention_years.value_or(0);
    soci::indicator unit_ind = item.unit_id.IsSet() ? soci::i_ok : soci::i_null;
    soci::indicator retention_ind = item.retention_years ? soci::i_ok : soci::i_null;
    soci::indicator responsible_ind = responsible.IsSet() ? soci::i_ok : soci::i_null;
    tx.sql() << "INSERT INTO documents_plan_item (agency_id, year, code, title, unit_id,"
                " retention_years, responsible_id, note, created_by, created_at, updated_at)"
                " VALUES (:a, :y, :c, :t, :u, :r, :p, :n, :by, :at, :at2)",
        soci::use(agency), soci::use(to_year), soci::use(item.code), soci::use(item.title),
        soci::use(unit, unit_ind), soci::use(retention, retention_ind),
        soci::use(who, responsible_ind), soci::use(item.note), soci::use(by), soci::use(now),
        soci::use(now);
    ++out.copied;
  }
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor,
                    {"documents.plan.copied", "documents.plan", std::to_string(to_year),
                     "Sao chép danh mục hồ sơ năm " + std::to_string(from_year) + " sang năm " +
                         std::to_string(to_year) + ": " + std::to_string(out.copied) +
                         " mục, bỏ qua " + std::to_string(out.skipped) + " mục đã có."}));
  return out;
}

}  // namespace cqdt::documents
