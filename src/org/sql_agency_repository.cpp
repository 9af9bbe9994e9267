#include <soci/soci.h>

#include "agency_repository.hpp"
#include "db/statement.hpp"

namespace cqdt::org {
namespace {

constexpr const char* kAgencyColumns =
    "id, code, name, short_name, kind, parent_id, address, phone, email, website, valid_from, "
    "valid_to, merged_into_id, split_from_id, created_at, updated_at";

struct AgencyRow {
  long long id = 0, parent = 0, merged = 0, split = 0;
  std::string code, name, short_name, kind, address, phone, email, website, from, to, created,
      updated;
  soci::indicator parent_ind = soci::i_null, merged_ind = soci::i_null, split_ind = soci::i_null,
                  to_ind = soci::i_null;

  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(code));
    st.exchange(soci::into(name));
    st.exchange(soci::into(short_name));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(parent, parent_ind));
    st.exchange(soci::into(address));
    st.exchange(soci::into(phone));
    st.exchange(soci::into(email));
    st.exchange(soci::into(website));
    st.exchange(soci::into(from));
    st.exchange(soci::into(to, to_ind));
    st.exchange(soci::into(merged, merged_ind));
    st.exchange(soci::into(split, split_ind));
    st.exchange(soci::into(created));
    st.exchange(soci::into(updated));
  }
  Agency Get() const {
    Agency a;
    a.id = AgencyId(id);
    a.code = code;
    a.name = name;
    a.short_name = short_name;
    a.kind = ParseKind(kind).value_or(AgencyKind::kOther);
    a.parent_id = AgencyId(parent_ind == soci::i_ok ? parent : 0);
    a.address = address;
    a.phone = phone;
    a.email = email;
    a.website = website;
    a.valid_from = from;
    a.valid_to = to_ind == soci::i_ok ? to : "";
    a.merged_into_id = AgencyId(merged_ind == soci::i_ok ? merged : 0);
    a.split_from_id = AgencyId(split_ind == soci::i_ok ? split : 0);
    a.created_at = created;
    a.updated_at = updated;
    return a;
  }
};

template <typename Arg>
std::vector<Agency> Query(db::Transaction& tx, const std::string& where, const Arg* arg) {
  AgencyRow r;
  auto st = tx.Prepare(std::string("SELECT ") + kAgencyColumns + " FROM org_agency " + where);
  r.Bind(*st);
  if (arg != nullptr) {
    st->exchange(soci::use(*arg));
  }
  st->define_and_bind();
  st->execute(false);
  std::vector<Agency> out;
  while (st->fetch()) {
    out.push_back(r.Get());
  }
  return out;
}

// Binds an optional id / text as NULL when unset.
struct Nullable {
  long long parent, merged, split;
  soci::indicator parent_ind, merged_ind, split_ind, to_ind;
  explicit Nullable(const Agency& a)
      : parent(a.parent_id.value()),
        merged(a.merged_into_id.value()),
        split(a.split_from_id.value()),
        parent_ind(a.parent_id.IsSet() ? soci::i_ok : soci::i_null),
        merged_ind(a.merged_into_id.IsSet() ? soci::i_ok : soci::i_null),
        split_ind(a.split_from_id.IsSet() ? soci::i_ok : soci::i_null),
        to_ind(a.valid_to.empty() ? soci::i_null : soci::i_ok) {}
};

}  // namespace

AgencyId AgencyRepository::Insert(const Agency& a) {
  Nullable n(a);
  std::string kind = KindName(a.kind);
  std::string level = LevelName(a.level());
  tx_.sql() << "INSERT INTO org_agency (code, name, short_name, kind, level, parent_id, address,"
               " phone, email, website, valid_from, valid_to, merged_into_id, split_from_id,"
               " created_at, updated_at) VALUES (:code, :name, :short, :kind, :level, :parent,"
               " :address, :phone, :email, :website, :from, :to, :merged, :split, :created,"
               " :updated)",
      soci::use(a.code), soci::use(a.name), soci::use(a.short_name), soci::use(kind),
      soci::use(level), soci::use(n.parent, n.parent_ind), soci::use(a.address), soci::use(a.phone),
      soci::use(a.email), soci::use(a.website), soci::use(a.valid_from),
      soci::use(a.valid_to, n.to_ind), soci::use(n.merged, n.merged_ind),
      soci::use(n.split, n.split_ind), soci::use(a.created_at), soci::use(a.updated_at);
  return AgencyId(db::LastInsertId(tx_, "org_agency"));
}

void AgencyRepository::Update(const Agency& a) {
  Nullable n(a);
  std::string kind = KindName(a.kind);
  std::string level = LevelName(a.level());
  long long id = a.id.value();
  tx_.sql() << "UPDATE org_agency SET code = :code, name = :name, short_name = :short,"
               " kind = :kind, level = :level, parent_id = :parent, address = :address,"
               " phone = :phone, email = :email, website = :website, valid_from = :from,"
               " valid_to = :to, merged_into_id = :merged, split_from_id = :split,"
               " updated_at = :updated WHERE id = :id",
      soci::use(a.code), soci::use(a.name), soci::use(a.short_name), soci::use(kind),
      soci::use(level), soci::use(n.parent, n.parent_ind), soci::use(a.address), soci::use(a.phone),
      soci::use(a.email), soci::use(a.website), soci::use(a.valid_from),
      soci::use(a.valid_to, n.to_ind), soci::use(n.merged, n.merged_ind),
      soci::use(n.split, n.split_ind), soci::use(a.updated_at), soci::use(id);
}

std::optional<Agency> AgencyRepository::FindById(AgencyId id) {
  long long key = id.value();
  auto rows = Query(tx_, "WHERE id = :id", &key);
  if (rows.empty()) {
    return std::nullopt;
  }
  return rows.front();
}

std::vector<Agency> AgencyRepository::FindByCode(const std::string& code) {
  return Query(tx_, "WHERE code = :code ORDER BY valid_from DESC", &code);
}

std::vector<Agency> AgencyRepository::ListAll() {
  return Query<long long>(tx_, "ORDER BY code, valid_from", nullptr);
}

std::vector<AgencyId> AgencyRepository::FindSplitFrom(AgencyId id) {
  long long key = id.value();
  long long child = 0;
  soci::statement st = (tx_.sql().prepare << "SELECT id FROM org_agency WHERE split_from_id = :id",
                        soci::into(child), soci::use(key));
  st.execute(false);
  std::vector<AgencyId> out;
  while (st.fetch()) {
    out.push_back(AgencyId(child));
  }
  return out;
}

std::optional<Agency> AgencyRepository::ResolveCode(const std::string& code,
                                                    const std::string& date) {
  auto found = FindByCode(code);
  for (const auto& a : found) {
    if (a.IsActiveOn(date)) {
      return a;
    }
  }
  if (!found.empty()) {
    return found.front();
  }
  return std::nullopt;
}

UnitId AgencyRepository::InsertUnit(const Unit& u) {
  long long agency = u.agency_id.value();
  tx_.sql() << "INSERT INTO org_unit (agency_id, name, short_name, code) VALUES (:a, :n, :s, :c)",
      soci::use(agency), soci::use(u.name), soci::use(u.short_name), soci::use(u.code);
  return UnitId(db::LastInsertId(tx_, "org_unit"));
}

namespace {
std::vector<Unit> QueryUnits(soci::session& sql, const std::string& where, long long arg) {
  long long id = 0, agency = 0;
  std::string name, short_name, code;
  soci::statement st =
      (sql.prepare << "SELECT id, agency_id, name, short_name, code FROM org_unit " << where,
       soci::into(id), soci::into(agency), soci::into(name), soci::into(short_name),
       soci::into(code), soci::use(arg));
  st.execute(false);
  std::vector<Unit> out;
  while (st.fetch()) {
    out.push_back({UnitId(id), AgencyId(agency), name, short_name, code});
  }
  return out;
}
}  // namespace

std::optional<Unit> AgencyRepository::FindUnit(UnitId id) {
  auto rows = QueryUnits(tx_.sql(), "WHERE id = :id", id.value());
  if (rows.empty()) {
    return std::nullopt;
  }
  return rows.front();
}

std::vector<Unit> AgencyRepository::ListUnits(AgencyId agency) {
  return QueryUnits(tx_.sql(), "WHERE agency_id = :a ORDER BY name", agency.value());
}

}  // namespace cqdt::org
