#include <any>
#include <charconv>
#include <map>

#include <soci/soci.h>

#include "db/statement.hpp"
#include "register_repository.hpp"

namespace cqdt::documents {
namespace {

constexpr const char* kRegisterColumns =
    "id, agency_id, direction, kind, name, document_types, active, is_default, created_at, "
    "updated_at, version";

struct RegisterRow {
  long long id = 0, agency = 0, created = 0, updated = 0, version = 0;
  int active = 0, is_default = 0;
  std::string direction, kind, name, types;

  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(agency));
    st.exchange(soci::into(direction));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(name));
    st.exchange(soci::into(types));
    st.exchange(soci::into(active));
    st.exchange(soci::into(is_default));
    st.exchange(soci::into(created));
    st.exchange(soci::into(updated));
    st.exchange(soci::into(version));
  }
  Register Get() const {
    Register r;
    r.id = RegisterId(id);
    r.agency_id = AgencyId(agency);
    r.direction = ParseDirection(direction).value_or(Direction::kIncoming);
    r.kind = ParseRegisterKind(kind).value_or(RegisterKind::kGeneral);
    r.name = name;
    r.document_types = SplitTypes(types);
    r.active = active != 0;
    r.is_default = is_default != 0;
    r.created_at = created;
    r.updated_at = updated;
    r.version = version;
    return r;
  }
};

// What ListByAgency and Writers read in this transaction (register_repository.hpp).
struct Remembered {
  std::map<long long, std::vector<Register>> lists;          // by agency
  std::map<long long, std::vector<RegisterWriter>> writers;  // by register
};
constexpr std::string_view kRemembered = "documents.registers";

Remembered& RememberedIn(db::Transaction& tx) {
  std::any& memo = tx.Local(kRemembered);
  if (!memo.has_value()) {
    memo = Remembered{};
  }
  return std::any_cast<Remembered&>(memo);
}

template <typename Arg>
std::vector<Register> QueryRegisters(db::Transaction& tx, const std::string& where, Arg arg) {
  RegisterRow r;
  auto st =
      tx.Prepare(std::string("SELECT ") + kRegisterColumns + " FROM documents_register " + where);
  r.Bind(*st);
  st->exchange(soci::use(arg));
  st->define_and_bind();
  st->execute(false);
  std::vector<Register> out;
  while (st->fetch()) {
    out.push_back(r.Get());
  }
  return out;
}

constexpr const char* kEntryColumns =
    "id, register_id, year, number, document_id, state, reason, allocated_by, allocated_by_name, "
    "allocated_at, cancelled_by, cancelled_by_name, cancelled_at";

struct EntryRow {
  long long id = 0, register_id = 0, number = 0, document = 0, allocated_by = 0, allocated_at = 0,
            cancelled_by = 0, cancelled_at = 0;
  int year = 0;
  std::string state, reason, allocated_name, cancelled_name;
  soci::indicator allocated_by_ind = soci::i_null, cancelled_by_ind = soci::i_null,
                  cancelled_at_ind = soci::i_null;

  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(register_id));
    st.exchange(soci::into(year));
    st.exchange(soci::into(number));
    st.exchange(soci::into(document));
    st.exchange(soci::into(state));
    st.exchange(soci::into(reason));
    st.exchange(soci::into(allocated_by, allocated_by_ind));
    st.exchange(soci::into(allocated_name));
    st.exchange(soci::into(allocated_at));
    st.exchange(soci::into(cancelled_by, cancelled_by_ind));
    st.exchange(soci::into(cancelled_name));
    st.exchange(soci::into(cancelled_at, cancelled_at_ind));
  }
  RegisterEntry Get() const {
    RegisterEntry e;
    e.id = RegisterEntryId(id);
    e.register_id = RegisterId(register_id);
    e.year = year;
    e.number = number;
    e.document_id = DocumentId(document);
    e.state = state == "cancelled" ? EntryState::kCancelled : EntryState::kAllocated;
    e.reason = reason;
    e.allocated_by = UserId(allocated_by_ind == soci::i_ok ? allocated_by : 0);
    e.allocated_by_name = allocated_name;
    e.allocated_at = allocated_at;
    e.cancelled_by = UserId(cancelled_by_ind == soci::i_ok ? cancelled_by : 0);
    e.cancelled_by_name = cancelled_name;
    e.cancelled_at = cancelled_at_ind == soci::i_ok ? cancelled_at : 0;
    return e;
  }
};

std::vector<RegisterEntry> QueryEntries(db::Transaction& tx, const std::string& where,
                                        std::vector<long long> args) {
  EntryRow r;
  auto st = tx.Prepare(std::string("SELECT ") + kEntryColumns + " FROM documents_register_entry " +
                       where);
  r.Bind(*st);
  for (auto& a : args) {
    st->exchange(soci::use(a));
  }
  st->define_and_bind();
  st->execute(false);
  std::vector<RegisterEntry> out;
  while (st->fetch()) {
    out.push_back(r.Get());
  }
  return out;
}

}  // namespace

std::string JoinTypes(const std::vector<int>& types) {
  std::string out;
  for (int t : types) {
    out += (out.empty() ? "" : ",") + std::to_string(t);
  }
  return out;
}

std::vector<int> SplitTypes(const std::string& text) {
  std::vector<int> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    int v = 0;
    auto [ptr, ec] = std::from_chars(text.data() + start, text.data() + end, v);
    if (ec == std::errc() && ptr == text.data() + end) {
      out.push_back(v);
    }
    start = end + 1;
  }
  return out;
}

std::optional<RegisterId> RegisterRepository::Insert(const Register& r) {
  Forget();
  long long agency = r.agency_id.value();
  std::string direction = DirectionName(r.direction);
  std::string kind = RegisterKindName(r.kind);
  std::string types = JoinTypes(r.document_types);
  int active = r.active ? 1 : 0;
  int is_default = r.is_default ? 1 : 0;
  long long created = r.created_at;
  long long updated = r.updated_at;
  // A default register that a concurrent transaction created first is skipped, not an error
  // (the partial unique index on defaults; ON CONFLICT DO NOTHING on both engines).
  long long id = 0;
  soci::indicator ind = soci::i_null;
  tx_.sql() << "INSERT INTO documents_register (agency_id, direction, kind, name, document_types,"
               " active, is_default, created_at, updated_at, version) VALUES (:agency, :direction,"
               " :kind, :name, :types, :active, :is_default, :created, :updated, 1)"
               " ON CONFLICT DO NOTHING RETURNING id",
      soci::use(agency), soci::use(direction), soci::use(kind), soci::use(r.name), soci::use(types),
      soci::use(active), soci::use(is_default), soci::use(created), soci::use(updated),
      soci::into(id, ind);
  if (!tx_.sql().got_data() || ind != soci::i_ok) {
    return std::nullopt;
  }
  return RegisterId(id);
}

void RegisterRepository::Update(const Register& r) {
  Forget();
  std::string types = JoinTypes(r.document_types);
  int active = r.active ? 1 : 0;
  long long updated = r.updated_at;
  long long id = r.id.value();
  tx_.sql() << "UPDATE documents_register SET name = :name, document_types = :types,"
               " active = :active, updated_at = :updated, version = version + 1 WHERE id = :id",
      soci::use(r.name), soci::use(types), soci::use(active), soci::use(updated), soci::use(id);
}

std::optional<Register> RegisterRepository::Get(RegisterId id) {
  auto list = QueryRegisters(tx_, "WHERE id = :id", static_cast<long long>(id.value()));
  if (list.empty()) {
    return std::nullopt;
  }
  return list.front();
}

std::vector<Register> RegisterRepository::ListByAgency(AgencyId agency) {
  Remembered& memo = RememberedIn(tx_);
  if (auto it = memo.lists.find(agency.value()); it != memo.lists.end()) {
    return it->second;
  }
  // One statement for the registers and their writers: a register without writers comes once
  // with a NULL writer.
  static const std::string kSelect = [] {
    std::string cols;
    std::string_view all = kRegisterColumns;
    while (!all.empty()) {
      const auto comma = all.find(',');
      cols += (cols.empty() ? "r." : ", r.") + std::string(all.substr(0, comma));
      all = comma == std::string_view::npos ? "" : all.substr(comma + 2);
    }
    return "SELECT " + cols +
           ", w.user_id, w.added_at FROM documents_register r"
           " LEFT JOIN documents_register_writer w ON w.register_id = r.id"
           " WHERE r.agency_id = :agency ORDER BY r.id, w.user_id";
  }();
  RegisterRow r;
  long long agency_id = agency.value();
  long long user = 0, added = 0;
  soci::indicator user_ind = soci::i_null, added_ind = soci::i_null;
  auto st = tx_.Prepare(kSelect);
  r.Bind(*st);
  st->exchange(soci::into(user, user_ind));
  st->exchange(soci::into(added, added_ind));
  st->exchange(soci::use(agency_id));
  st->define_and_bind();
  st->execute(false);
  std::vector<Register> out;
  std::map<long long, std::vector<RegisterWriter>> writers;
  while (st->fetch()) {
    if (out.empty() || out.back().id.value() != r.id) {
      out.push_back(r.Get());
      writers[r.id];  // a register without writers has none, remembered too
    }
    if (user_ind == soci::i_ok) {
      RegisterWriter w;
      w.register_id = RegisterId(r.id);
      w.user_id = UserId(user);
      w.added_at = added_ind == soci::i_ok ? added : 0;
      writers[r.id].push_back(std::move(w));
    }
  }
  for (auto& [id, list] : writers) {
    memo.writers[id] = std::move(list);
  }
  memo.lists[agency.value()] = out;
  return out;
}

bool RegisterRepository::AddWriter(RegisterId id, UserId user, UserId added_by, std::int64_t at) {
  Forget();
  long long rid = id.value();
  long long uid = user.value();
  long long by = added_by.value();
  soci::indicator by_ind = added_by.IsSet() ? soci::i_ok : soci::i_null;
  long long when = at;
  soci::statement st =
      (tx_.sql().prepare << "INSERT INTO documents_register_writer (register_id, user_id,"
                            " added_by, added_at) VALUES (:r, :u, :by, :at)"
                            " ON CONFLICT DO NOTHING",
       soci::use(rid), soci::use(uid), soci::use(by, by_ind), soci::use(when));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

bool RegisterRepository::RemoveWriter(RegisterId id, UserId user) {
  Forget();
  long long rid = id.value();
  long long uid = user.value();
  soci::statement st = (tx_.sql().prepare << "DELETE FROM documents_register_writer"
                                             " WHERE register_id = :r AND user_id = :u",
                        soci::use(rid), soci::use(uid));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::vector<RegisterWriter> RegisterRepository::Writers(RegisterId id) {
  Remembered& memo = RememberedIn(tx_);
  if (auto it = memo.writers.find(id.value()); it != memo.writers.end()) {
    return it->second;
  }
  long long rid = id.value();
  long long user = 0, at = 0;
  auto st = db::Prepare(tx_,
                        "SELECT user_id, added_at FROM"
                        " documents_register_writer WHERE register_id = :r"
                        " ORDER BY user_id",
                        soci::use(rid), soci::into(user), soci::into(at));
  st->execute(false);
  std::vector<RegisterWriter> out;
  while (st->fetch()) {
    RegisterWriter w;
    w.register_id = id;
    w.user_id = UserId(user);
    w.added_at = at;
    out.push_back(w);
  }
  memo.writers[id.value()] = out;
  return out;
}

void RegisterRepository::Forget() { tx_.Local(kRemembered).reset(); }

RegisterEntryId RegisterRepository::InsertEntry(const RegisterEntry& e, AgencyId agency) {
  long long rid = e.register_id.value();
  long long aid = agency.value();
  int year = e.year;
  long long number = e.number;
  long long document = e.document_id.value();
  std::string state = EntryStateName(e.state);
  long long by = e.allocated_by.value();
  soci::indicator by_ind = e.allocated_by.IsSet() ? soci::i_ok : soci::i_null;
  long long at = e.allocated_at;
  long long id = 0;
  db::Run(tx_,
          "INSERT INTO documents_register_entry (register_id, agency_id, year, number,"
          " document_id, state, reason, allocated_by, allocated_by_name, allocated_at)"
          " VALUES (:r, :a, :y, :n, :d, :s, '', :by, :name, :at) RETURNING id",
          soci::use(rid), soci::use(aid), soci::use(year), soci::use(number), soci::use(document),
          soci::use(state), soci::use(by, by_ind), soci::use(e.allocated_by_name), soci::use(at),
          soci::into(id));
  return RegisterEntryId(id);
}

void RegisterRepository::CancelEntry(const RegisterEntry& e) {
  std::string state = EntryStateName(e.state);
  long long by = e.cancelled_by.value();
  soci::indicator by_ind = e.cancelled_by.IsSet() ? soci::i_ok : soci::i_null;
  long long at = e.cancelled_at;
  long long id = e.id.value();
  tx_.sql() << "UPDATE documents_register_entry SET state = :s, reason = :reason,"
               " cancelled_by = :by, cancelled_by_name = :name, cancelled_at = :at"
               " WHERE id = :id",
      soci::use(state), soci::use(e.reason), soci::use(by, by_ind), soci::use(e.cancelled_by_name),
      soci::use(at), soci::use(id);
}

std::optional<RegisterEntry> RegisterRepository::GetEntry(RegisterEntryId id) {
  auto list = QueryEntries(tx_, "WHERE id = :id", {id.value()});
  if (list.empty()) {
    return std::nullopt;
  }
  return list.front();
}

std::vector<RegisterEntry> RegisterRepository::Entries(RegisterId id, int year) {
  return QueryEntries(tx_, "WHERE register_id = :r AND year = :y ORDER BY number",
                      {id.value(), year});
}

std::optional<RegisterEntry> RegisterRepository::AllocatedEntryOf(RegisterId register_id,
                                                                  DocumentId document) {
  auto list =
      QueryEntries(tx_, "WHERE register_id = :r AND document_id = :d AND state = 'allocated'",
                   {register_id.value(), document.value()});
  if (list.empty()) {
    return std::nullopt;
  }
  return list.front();
}

}  // namespace cqdt::documents
