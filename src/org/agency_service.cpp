#include "org/agency_service.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "agency_repository.hpp"
#include "core/text.hpp"
#include "text/search.hpp"

namespace cqdt::org {

const char* KindName(AgencyKind kind) {
  switch (kind) {
    case AgencyKind::kProvincialCommittee:
      return "provincial_committee";
    case AgencyKind::kDepartment:
      return "department";
    case AgencyKind::kCommune:
      return "commune";
    case AgencyKind::kWard:
      return "ward";
    case AgencyKind::kSpecialZone:
      return "special_zone";
    case AgencyKind::kDistrict:
      return "district";
    case AgencyKind::kOther:
      return "other";
  }
  return "other";
}

std::optional<AgencyKind> ParseKind(const std::string& name) {
  for (auto k :
       {AgencyKind::kProvincialCommittee, AgencyKind::kDepartment, AgencyKind::kCommune,
        AgencyKind::kWard, AgencyKind::kSpecialZone, AgencyKind::kDistrict, AgencyKind::kOther}) {
    if (name == KindName(k)) {
      return k;
    }
  }
  return std::nullopt;
}

const char* KindLabel(AgencyKind kind) {
  switch (kind) {
    case AgencyKind::kProvincialCommittee:
      return "UBND tỉnh";
    case AgencyKind::kDepartment:
      return "Sở, ban, ngành";
    case AgencyKind::kCommune:
      return "UBND xã";
    case AgencyKind::kWard:
      return "UBND phường";
    case AgencyKind::kSpecialZone:
      return "UBND đặc khu";
    case AgencyKind::kDistrict:
      return "UBND huyện (trước 01/07/2025)";
    case AgencyKind::kOther:
      return "Khác";
  }
  return "Khác";
}

const char* LevelName(AgencyLevel level) {
  switch (level) {
    case AgencyLevel::kProvince:
      return "province";
    case AgencyLevel::kCommune:
      return "commune";
    case AgencyLevel::kDistrict:
      return "district";
    case AgencyLevel::kOther:
      return "other";
  }
  return "other";
}

AgencyLevel LevelOf(AgencyKind kind) {
  switch (kind) {
    case AgencyKind::kProvincialCommittee:
    case AgencyKind::kDepartment:
      return AgencyLevel::kProvince;
    case AgencyKind::kCommune:
    case AgencyKind::kWard:
    case AgencyKind::kSpecialZone:
      return AgencyLevel::kCommune;
    case AgencyKind::kDistrict:
      return AgencyLevel::kDistrict;
    case AgencyKind::kOther:
      return AgencyLevel::kOther;
  }
  return AgencyLevel::kOther;
}

bool Agency::IsActiveOn(const std::string& date) const {
  return valid_from <= date && (valid_to.empty() || date <= valid_to);
}

std::vector<db::Migration> Migrations() {
  return {{"org", 1, "create_agency_and_unit",
           "CREATE TABLE org_agency ("
           " id {{pk}},"
           " code TEXT NOT NULL,"
           " name TEXT NOT NULL,"
           " short_name TEXT NOT NULL,"
           " kind TEXT NOT NULL,"
           " level TEXT NOT NULL,"
           " parent_id {{bigint}} REFERENCES org_agency (id),"
           " address TEXT NOT NULL DEFAULT '',"
           " phone TEXT NOT NULL DEFAULT '',"
           " email TEXT NOT NULL DEFAULT '',"
           " website TEXT NOT NULL DEFAULT '',"
           " valid_from TEXT NOT NULL,"
           " valid_to TEXT,"
           " merged_into_id {{bigint}} REFERENCES org_agency (id),"
           " split_from_id {{bigint}} REFERENCES org_agency (id),"
           " created_at TEXT NOT NULL,"
           " updated_at TEXT NOT NULL,"
           " UNIQUE (code, valid_from));\n"
           "CREATE INDEX org_agency_parent ON org_agency (parent_id);\n"
           "CREATE TABLE org_unit ("
           " id {{pk}},"
           " agency_id {{bigint}} NOT NULL REFERENCES org_agency (id),"
           " name TEXT NOT NULL,"
           " short_name TEXT NOT NULL DEFAULT '',"
           " code TEXT NOT NULL DEFAULT '',"
           " UNIQUE (agency_id, name))"}};
}

// An agency with the folded forms of its searchable fields (text/search.hpp), computed once per
// snapshot rather than once per query.
struct AgencyService::Indexed {
  Agency agency;
  std::string name_key;
  std::string short_name_key;
  std::string code_key;
};

struct AgencyService::Snapshot {
  std::vector<Indexed> all;  // Vietnamese dictionary order of the names
  std::unordered_map<std::int64_t, std::size_t> by_id;
  std::chrono::steady_clock::time_point loaded_at;
};

std::vector<AgencyService::Indexed> AgencyService::Index(std::vector<Agency> agencies) {
  // Lists read in dictionary order of the name ("Sở Nội vụ" before "Sở Tài chính"), whatever
  // the byte order of the UTF-8; agencies of the same name keep their order (code, validity).
  text::SortVietnamese(agencies, [](const Agency& a) -> const std::string& { return a.name; });
  std::vector<Indexed> out;
  out.reserve(agencies.size());
  for (auto& a : agencies) {
    Indexed i;
    i.name_key = text::SearchKey(a.name);
    i.short_name_key = text::SearchKey(a.short_name);
    i.code_key = text::SearchKey(a.code);
    i.agency = std::move(a);
    out.push_back(std::move(i));
  }
  return out;
}

std::shared_ptr<const AgencyService::Snapshot> AgencyService::FreshSnapshot() const {
  std::lock_guard lock(cache_mu_);
  if (snapshot_ && std::chrono::steady_clock::now() - snapshot_->loaded_at < cache_ttl_) {
    return snapshot_;
  }
  return nullptr;
}

std::shared_ptr<const AgencyService::Snapshot> AgencyService::LoadSnapshot(
    db::Transaction& tx) const {
  if (auto fresh = FreshSnapshot()) {
    return fresh;
  }
  auto snap = std::make_shared<Snapshot>();
  snap->loaded_at = std::chrono::steady_clock::now();
  snap->all = Index(AgencyRepository(tx).ListAll());
  for (std::size_t i = 0; i < snap->all.size(); ++i) {
    snap->by_id[snap->all[i].agency.id.value()] = i;
  }
  std::lock_guard lock(cache_mu_);
  snapshot_ = snap;
  return snap;
}

// Drops the snapshot now and again when `tx` commits (a reader may have reloaded the old rows
// in between).
void AgencyService::ChangedIn(db::Transaction& tx) {
  auto drop = [this] {
    std::lock_guard lock(cache_mu_);
    snapshot_.reset();
  };
  drop();
  tx.OnCommit(drop);
}

Result<Agency> AgencyService::Lookup(db::Transaction& tx, AgencyId id) const {
  auto snap = LoadSnapshot(tx);
  auto it = snap->by_id.find(id.value());
  if (it == snap->by_id.end()) {
    return Error::NotFound("cơ quan", std::to_string(id.value()));
  }
  return snap->all[it->second].agency;
}

Result<Agency> AgencyService::GetCached(db::Transaction& tx, AgencyId id) const {
  auto snap = LoadSnapshot(tx);
  if (auto it = snap->by_id.find(id.value()); it != snap->by_id.end()) {
    return snap->all[it->second].agency;
  }
  return Get(tx, id);
}

std::optional<Agency> AgencyService::TryLookupCached(AgencyId id) const {
  auto snap = FreshSnapshot();
  if (!snap) {
    return std::nullopt;
  }
  auto it = snap->by_id.find(id.value());
  if (it == snap->by_id.end()) {
    return std::nullopt;
  }
  return snap->all[it->second].agency;
}

std::optional<Result<std::vector<Agency>>> AgencyService::TrySearchCached(
    const AgencyQuery& query) const {
  auto snap = FreshSnapshot();
  if (!snap) {
    return std::nullopt;
  }
  return Filter(snap->all, query);
}

Result<std::vector<Agency>> AgencyService::Search(db::Transaction& tx,
                                                  const AgencyQuery& query) const {
  return Filter(LoadSnapshot(tx)->all, query);
}

std::string AgencyService::Today() const { return ToIsoVietnam(clock_.Now()).substr(0, 10); }

Result<Agency> AgencyService::Create(db::Transaction& tx, const audit::Actor& actor,
                                     const AgencyInput& in) {
  CQDT_ASSIGN_OR_RETURN(Agency a, Validate(tx, in, nullptr));
  a.created_at = a.updated_at = ToIsoUtc(clock_.Now());
  a.id = AgencyRepository(tx).Insert(a);
  ChangedIn(tx);
  CQDT_RETURN_IF_ERROR(audit_.Record(tx, actor,
                                     {"agency.create", "agency", std::to_string(a.id.value()),
                                      "Tạo cơ quan " + a.code + " — " + a.name}));
  return a;
}

Result<Agency> AgencyService::Update(db::Transaction& tx, const audit::Actor& actor, AgencyId id,
                                     const AgencyInput& patch) {
  CQDT_ASSIGN_OR_RETURN(Agency before, Get(tx, id));
  CQDT_ASSIGN_OR_RETURN(Agency a, Validate(tx, patch, &before));
  a.updated_at = ToIsoUtc(clock_.Now());
  AgencyRepository(tx).Update(a);
  ChangedIn(tx);
  std::string changed;
  auto note = [&](bool differs, const char* field) {
    if (differs) {
      changed += (changed.empty() ? "" : ", ") + std::string(field);
    }
  };
  note(a.code != before.code, "code");
  note(a.name != before.name, "name");
  note(a.short_name != before.short_name, "shortName");
  note(a.kind != before.kind, "kind");
  note(a.parent_id != before.parent_id, "parent");
  note(a.address != before.address || a.phone != before.phone || a.email != before.email ||
           a.website != before.website,
       "contact");
  note(a.valid_from != before.valid_from || a.valid_to != before.valid_to, "validity");
  note(a.merged_into_id != before.merged_into_id || a.split_from_id != before.split_from_id,
       "lineage");
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor,
      {"agency.update", "agency", std::to_string(a.id.value()),
       "Sửa cơ quan " + a.code + ": " + (changed.empty() ? "không thay đổi" : changed)}));
  return a;
}

Result<Agency> AgencyService::Get(db::Transaction& tx, AgencyId id) const {
  auto a = AgencyRepository(tx).FindById(id);
  if (!a) {
    return Error::NotFound("cơ quan", std::to_string(id.value()));
  }
  return *a;
}

Result<Agency> AgencyService::GetByCode(db::Transaction& tx, const std::string& code) const {
  AgencyRepository repo(tx);
  auto a = repo.ResolveCode(code, Today());
  if (!a) {
    return Error::NotFound("cơ quan có mã", code);
  }
  return *a;
}

Result<std::vector<Agency>> AgencyService::List(db::Transaction& tx,
                                                const AgencyQuery& query) const {
  return Filter(Index(AgencyRepository(tx).ListAll()), query);
}

Result<std::vector<Agency>> AgencyService::Filter(const std::vector<Indexed>& all,
                                                  const AgencyQuery& query) const {
  std::string as_of = query.as_of.empty() ? Today() : query.as_of;
  if (!ParseIsoDate(as_of)) {
    return Error::InvalidField("asOf", "format", "Ngày tra cứu phải có dạng YYYY-MM-DD.");
  }
  CQDT_ASSIGN_OR_RETURN(auto words, text::SearchQuery::Parse(query.text, "q"));
  std::vector<Agency> out;
  for (const auto& i : all) {
    if (!query.include_inactive && !i.agency.IsActiveOn(as_of)) {
      continue;
    }
    if (!words.MatchesKeys({i.name_key, i.short_name_key, i.code_key})) {
      continue;
    }
    out.push_back(i.agency);
  }
  return out;
}

std::vector<AgencyCsvRow> AgencyService::ExportRows(db::Transaction& tx) const {
  auto all = AgencyRepository(tx).ListAll();
  std::map<std::int64_t, std::string> code_of;
  for (const auto& a : all) {
    code_of[a.id.value()] = a.code;
  }
  auto code = [&](AgencyId id) { return id.IsSet() ? code_of[id.value()] : std::string(); };
  std::vector<AgencyCsvRow> rows;
  for (const auto& a : all) {
    rows.push_back({a, code(a.parent_id), code(a.merged_into_id), code(a.split_from_id)});
  }
  return rows;
}

Result<Unit> AgencyService::CreateUnit(db::Transaction& tx, const audit::Actor& actor,
                                       AgencyId agency, const UnitInput& in) {
  CQDT_ASSIGN_OR_RETURN(Agency a, Get(tx, agency));
  std::vector<FieldError> errors;
  Unit u;
  u.agency_id = agency;
  if (!in.name) {
    errors.push_back({"name", "required", "Tên phòng, ban không được để trống."});
  } else if (auto v = CheckText(in.name, "name", "Tên phòng, ban", 1, 200, errors)) {
    u.name = *v;
  }
  if (auto v = CheckText(in.short_name, "shortName", "Tên viết tắt", 0, 30, errors)) {
    u.short_name = *v;
  }
  if (auto v = CheckText(in.code, "code", "Mã phòng, ban", 0, 35, errors)) {
    u.code = *v;
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  AgencyRepository repo(tx);
  for (const auto& other : repo.ListUnits(agency)) {
    if (other.name == u.name) {
      return Error::Conflict("Phòng, ban '" + u.name + "' đã có trong " + a.name + ".",
                             {{"name", "duplicate", "Tên phòng, ban đã tồn tại trong cơ quan."}});
    }
  }
  u.id = repo.InsertUnit(u);
  CQDT_RETURN_IF_ERROR(audit_.Record(tx, actor,
                                     {"unit.create", "unit", std::to_string(u.id.value()),
                                      "Tạo phòng, ban " + u.name + " thuộc " + a.code}));
  return u;
}

Result<std::vector<Unit>> AgencyService::ListUnits(db::Transaction& tx, AgencyId agency) const {
  CQDT_RETURN_IF_ERROR(Get(tx, agency));
  return AgencyRepository(tx).ListUnits(agency);
}

Result<Unit> AgencyService::GetUnit(db::Transaction& tx, UnitId id) const {
  auto u = AgencyRepository(tx).FindUnit(id);
  if (!u) {
    return Error::NotFound("phòng, ban", std::to_string(id.value()));
  }
  return *u;
}

}  // namespace cqdt::org
