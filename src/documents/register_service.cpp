#include "documents/register_service.hpp"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <set>

#include "core/document_number.hpp"
#include "core/text.hpp"
#include "document_repository.hpp"
#include "register_repository.hpp"

namespace cqdt::documents {
namespace {

using identity::Principal;
using identity::Role;

constexpr std::size_t kMaxNameLength = 200;
constexpr std::size_t kMaxReasonLength = 500;

bool IsStaffOf(const Principal& p, AgencyId agency) {
  return p.realm == identity::Realm::kStaff && p.user_id().IsSet() && agency.IsSet() &&
         p.agency_id == agency;
}

bool IsWriter(const Principal& p, const std::vector<RegisterWriter>& writers) {
  return std::any_of(writers.begin(), writers.end(),
                     [&](const RegisterWriter& w) { return w.user_id == p.user_id(); });
}

std::int64_t NowSeconds(const Clock& clock) { return ToUnixSeconds(clock.Now()); }

// The four registers every agency starts with (Decree 30/2020 art. 15.4: confidential documents
// have their own series; art. 22.2: one incoming series for paper and electronic documents).
struct DefaultRegister {
  Direction direction;
  RegisterKind kind;
  const char* name;
};
constexpr DefaultRegister kDefaults[] = {
    {Direction::kIncoming, RegisterKind::kGeneral, "Sổ văn bản đến"},
    {Direction::kOutgoing, RegisterKind::kGeneral, "Sổ văn bản đi"},
    {Direction::kIncoming, RegisterKind::kConfidential, "Sổ văn bản mật đến"},
    {Direction::kOutgoing, RegisterKind::kConfidential, "Sổ văn bản mật đi"},
};

// documentTypes from a client: ordinals of the 29 types, no repeats (untrusted input).
void CheckTypes(const std::vector<int>& types, RegisterKind kind, std::vector<FieldError>& errors) {
  if (kind != RegisterKind::kPerType) {
    if (!types.empty()) {
      errors.push_back(
          {"documentTypes", "not_allowed", "Chỉ sổ theo loại văn bản mới chọn loại văn bản."});
    }
    return;
  }
  if (types.empty()) {
    errors.push_back(
        {"documentTypes", "required", "Sổ theo loại văn bản phải chọn ít nhất một loại văn bản."});
    return;
  }
  std::set<int> seen;
  for (int t : types) {
    if (FindDocumentTypeByOrdinal(t) == nullptr) {
      errors.push_back(
          {"documentTypes", "enum",
           "Loại văn bản phải là một trong 29 loại của Nghị định 30/2020 (1 đến 29)."});
      return;
    }
    if (!seen.insert(t).second) {
      errors.push_back({"documentTypes", "duplicate", "Một loại văn bản được chọn hai lần."});
      return;
    }
  }
}

std::string Summary(const Register& r) {
  return std::string(DirectionName(r.direction)) + " " + RegisterKindName(r.kind) + " " + r.name;
}

bool HasDefault(const std::vector<Register>& existing, const DefaultRegister& d) {
  return std::any_of(existing.begin(), existing.end(), [&](const Register& r) {
    return r.is_default && r.direction == d.direction && r.kind == d.kind;
  });
}

// List's order: incoming before outgoing, defaults first, then by kind and name.
void SortForList(std::vector<Register>& list) {
  std::stable_sort(list.begin(), list.end(), [](const Register& a, const Register& b) {
    if (a.direction != b.direction) {
      return a.direction < b.direction;
    }
    if (a.is_default != b.is_default) {
      return a.is_default;
    }
    if (a.kind != b.kind) {
      return a.kind < b.kind;
    }
    return a.name < b.name;
  });
}

// RegisterFor's choice among `list` (in List's order).
Result<Register> Pick(const std::vector<Register>& list, Direction direction, int type_ordinal,
                      Confidentiality confidentiality) {
  const Register* general = nullptr;
  for (const auto& r : list) {
    if (!r.active || r.direction != direction) {
      continue;
    }
    if (IsConfidential(confidentiality)) {
      if (r.kind == RegisterKind::kConfidential) {
        return r;
      }
      continue;
    }
    if (r.kind == RegisterKind::kPerType &&
        std::find(r.document_types.begin(), r.document_types.end(), type_ordinal) !=
            r.document_types.end()) {
      return r;
    }
    if (r.kind == RegisterKind::kGeneral && (general == nullptr || r.is_default)) {
      general = &r;
    }
  }
  if (general != nullptr) {
    return *general;
  }
  return Error::NotFound("sổ văn bản", DirectionLabel(direction));
}

}  // namespace

const char* RegisterKindName(RegisterKind k) {
  switch (k) {
    case RegisterKind::kGeneral:
      return "general";
    case RegisterKind::kPerType:
      return "per_type";
    case RegisterKind::kConfidential:
      return "confidential";
  }
  return "general";
}

std::optional<RegisterKind> ParseRegisterKind(std::string_view name) {
  for (RegisterKind k :
       {RegisterKind::kGeneral, RegisterKind::kPerType, RegisterKind::kConfidential}) {
    if (name == RegisterKindName(k)) {
      return k;
    }
  }
  return std::nullopt;
}

const char* RegisterKindLabel(RegisterKind k) {
  switch (k) {
    case RegisterKind::kGeneral:
      return "Sổ chung";
    case RegisterKind::kPerType:
      return "Sổ theo loại văn bản";
    case RegisterKind::kConfidential:
      return "Sổ văn bản mật";
  }
  return "Sổ chung";
}

const char* EntryStateName(EntryState s) {
  return s == EntryState::kCancelled ? "cancelled" : "allocated";
}
const char* EntryStateLabel(EntryState s) {
  return s == EntryState::kCancelled ? "Đã hủy số" : "Đã cấp số";
}

std::string Register::CounterKey() const { return "register:" + std::to_string(id.value()); }

int YearInVietnam(TimePoint t) {
  using namespace std::chrono;
  const auto local = floor<days>(t + hours(7));
  return static_cast<int>(year_month_day(local).year());
}

// --- Permissions ---

bool RegisterService::CanManage(const Principal& p, AgencyId agency) {
  return identity::Authorizer::IsAdmin(p) || (IsStaffOf(p, agency) && p.Has(Role::kLeader));
}

bool RegisterService::CanRead(const Principal& p, AgencyId agency) {
  return identity::Authorizer::IsAdmin(p) || IsStaffOf(p, agency);
}

bool RegisterService::CanWrite(const Principal& p, const Register& r,
                               const std::vector<RegisterWriter>& writers) {
  if (!IsStaffOf(p, r.agency_id)) {
    return false;
  }
  if (IsWriter(p, writers)) {
    return true;
  }
  // A confidential register with named writers is theirs alone (the clerk designated for
  // confidential documents); without any, the agency's clerks keep it.
  if (r.kind == RegisterKind::kConfidential && !writers.empty()) {
    return false;
  }
  return p.Has(Role::kClerk);
}

bool RegisterService::CanReadEntries(const Principal& p, const Register& r,
                                     const std::vector<RegisterWriter>& writers) {
  return CanWrite(p, r, writers) || (IsStaffOf(p, r.agency_id) && p.Has(Role::kLeader) &&
                                     r.kind != RegisterKind::kConfidential);
}

// --- Registers ---

Result<int> RegisterService::EnsureDefaults(db::Transaction& tx, const audit::Actor& actor,
                                            AgencyId agency) {
  CQDT_RETURN_IF_ERROR(agencies_.Get(tx, agency));
  return CreateMissingDefaults(tx, actor, agency, RegisterRepository(tx).ListByAgency(agency));
}

Result<int> RegisterService::CreateMissingDefaults(db::Transaction& tx, const audit::Actor& actor,
                                                   AgencyId agency,
                                                   const std::vector<Register>& existing) {
  RegisterRepository repo(tx);
  int created = 0;
  for (const auto& d : kDefaults) {
    if (HasDefault(existing, d)) {
      continue;
    }
    Register r;
    r.agency_id = agency;
    r.direction = d.direction;
    r.kind = d.kind;
    r.name = d.name;
    r.is_default = true;
    r.created_at = r.updated_at = NowSeconds(clock_);
    auto id = repo.Insert(r);
    if (!id) {
      continue;  // a concurrent transaction created it
    }
    r.id = *id;
    CQDT_RETURN_IF_ERROR(audit_.Record(tx, actor,
                                       {"documents.register.create", "document_register",
                                        std::to_string(id->value()), Summary(r)}));
    ++created;
  }
  return created;
}

Result<Register> RegisterService::Create(db::Transaction& tx, const audit::Actor& actor,
                                         AgencyId agency, const RegisterInput& in) {
  std::vector<FieldError> errors;
  std::optional<Direction> direction;
  std::optional<RegisterKind> kind;
  if (!in.direction || in.direction->empty()) {
    errors.push_back({"direction", "required", "Chọn sổ văn bản đến hoặc văn bản đi."});
  } else if (!(direction = ParseDirection(*in.direction))) {
    errors.push_back({"direction", "enum", "Chiều của sổ phải là incoming hoặc outgoing."});
  }
  if (!in.kind || in.kind->empty()) {
    errors.push_back({"kind", "required", "Chọn loại sổ."});
  } else if (!(kind = ParseRegisterKind(*in.kind))) {
    errors.push_back({"kind", "enum", "Loại sổ phải là general, per_type hoặc confidential."});
  }
  auto name = CheckText(in.name, "name", "Tên sổ", 1, kMaxNameLength, errors);
  if (!in.name) {
    errors.push_back({"name", "required", "Tên sổ không được để trống."});
  }
  if (kind) {
    CheckTypes(in.document_types.value_or(std::vector<int>{}), *kind, errors);
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  CQDT_RETURN_IF_ERROR(agencies_.Get(tx, agency));
  Register r;
  r.agency_id = agency;
  r.direction = *direction;
  r.kind = *kind;
  r.name = *name;
  r.document_types = in.document_types.value_or(std::vector<int>{});
  std::sort(r.document_types.begin(), r.document_types.end());
  r.active = in.active.value_or(true);
  r.created_at = r.updated_at = NowSeconds(clock_);
  RegisterRepository repo(tx);
  auto id = repo.Insert(r);
  if (!id) {
    return Error::Internal();  // only defaults can conflict
  }
  r.id = *id;
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor,
      {"documents.register.create", "document_register", std::to_string(id->value()), Summary(r)}));
  return r;
}

Result<Register> RegisterService::Update(db::Transaction& tx, const audit::Actor& actor,
                                         RegisterId id, const RegisterInput& patch) {
  CQDT_ASSIGN_OR_RETURN(Register r, Get(tx, id));
  std::vector<FieldError> errors;
  // A register's numbers mean "incoming" or "outgoing", "confidential" or not, forever.
  if (patch.direction && *patch.direction != DirectionName(r.direction)) {
    errors.push_back({"direction", "immutable",
                      "Không thể đổi sổ văn bản đến thành sổ văn bản đi và ngược lại."});
  }
  if (patch.kind && *patch.kind != RegisterKindName(r.kind)) {
    errors.push_back({"kind", "immutable", "Không thể đổi loại của sổ đã tạo."});
  }
  if (patch.name) {
    if (auto name = CheckText(patch.name, "name", "Tên sổ", 1, kMaxNameLength, errors)) {
      r.name = *name;
    }
  }
  if (patch.document_types) {
    CheckTypes(*patch.document_types, r.kind, errors);
    r.document_types = *patch.document_types;
    std::sort(r.document_types.begin(), r.document_types.end());
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  if (patch.active) {
    r.active = *patch.active;
  }
  r.updated_at = NowSeconds(clock_);
  RegisterRepository(tx).Update(r);
  ++r.version;
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor,
                    {r.active ? "documents.register.update" : "documents.register.deactivate",
                     "document_register", std::to_string(id.value()), Summary(r)}));
  return r;
}

Result<Register> RegisterService::Get(db::Transaction& tx, RegisterId id) const {
  auto r = RegisterRepository(tx).Get(id);
  if (!r) {
    return Error::NotFound("sổ văn bản", std::to_string(id.value()));
  }
  return *r;
}

Result<std::vector<Register>> RegisterService::List(db::Transaction& tx, AgencyId agency) const {
  auto list = RegisterRepository(tx).ListByAgency(agency);
  SortForList(list);
  return list;
}

Result<Register> RegisterService::RegisterFor(db::Transaction& tx, AgencyId agency,
                                              Direction direction, int type_ordinal,
                                              Confidentiality confidentiality) const {
  CQDT_ASSIGN_OR_RETURN(auto list, List(tx, agency));
  return Pick(list, direction, type_ordinal, confidentiality);
}

Result<Register> RegisterService::EnsureRegisterFor(db::Transaction& tx, const audit::Actor& actor,
                                                    AgencyId agency, Direction direction,
                                                    int type_ordinal,
                                                    Confidentiality confidentiality) {
  RegisterRepository repo(tx);
  auto list = repo.ListByAgency(agency);
  const bool complete = std::all_of(std::begin(kDefaults), std::end(kDefaults),
                                    [&](const DefaultRegister& d) { return HasDefault(list, d); });
  if (!complete) {
    // Read again after creating them: a default that a concurrent transaction created first
    // (and this one skipped) is listed too, as RegisterFor after EnsureDefaults would see it.
    CQDT_RETURN_IF_ERROR(CreateMissingDefaults(tx, actor, agency, list));
    list = repo.ListByAgency(agency);
  }
  SortForList(list);
  return Pick(list, direction, type_ordinal, confidentiality);
}

// --- Writers ---

Result<RegisterWriter> RegisterService::AddWriter(db::Transaction& tx, const audit::Actor& actor,
                                                  RegisterId id, UserId user) {
  CQDT_ASSIGN_OR_RETURN(Register r, Get(tx, id));
  auto u = identity_.GetUser(tx, user);
  // The writer must work for the register's agency: a register is the agency's own book.
  if (!u || u->disabled || u->agency_id != r.agency_id) {
    return Error::InvalidField("userId", "not_in_agency",
                               "Người được giao ghi sổ phải là cán bộ đang làm việc của cơ quan "
                               "giữ sổ.");
  }
  const std::int64_t now = NowSeconds(clock_);
  if (!RegisterRepository(tx).AddWriter(id, user, actor.user_id, now)) {
    return Error::Conflict("Người này đã được giao ghi sổ.");
  }
  CQDT_RETURN_IF_ERROR(audit_.Record(tx, actor,
                                     {"documents.register.writer_add", "document_register",
                                      std::to_string(id.value()), u->username}));
  return RegisterWriter{id, user, u->username, u->full_name, now};
}

Status RegisterService::RemoveWriter(db::Transaction& tx, const audit::Actor& actor, RegisterId id,
                                     UserId user) {
  CQDT_RETURN_IF_ERROR(Get(tx, id));
  if (!RegisterRepository(tx).RemoveWriter(id, user)) {
    return Error::NotFound("người ghi sổ", std::to_string(user.value()));
  }
  return audit_.Record(tx, actor,
                       {"documents.register.writer_remove", "document_register",
                        std::to_string(id.value()), std::to_string(user.value())});
}

Result<std::vector<RegisterWriter>> RegisterService::Writers(db::Transaction& tx,
                                                             RegisterId id) const {
  auto writers = RegisterRepository(tx).Writers(id);
  for (auto& w : writers) {
    if (auto u = identity_.GetUser(tx, w.user_id)) {
      w.username = u->username;
      w.full_name = u->full_name;
    }
  }
  return writers;
}

Result<std::vector<RegisterWriter>> RegisterService::WriterIds(db::Transaction& tx,
                                                               RegisterId id) const {
  return RegisterRepository(tx).Writers(id);
}

// --- Entries ---

Result<RegisterEntry> RegisterService::Allocate(db::Transaction& tx, const audit::Actor& actor,
                                                RegisterId register_id, int year,
                                                DocumentId document) {
  CQDT_ASSIGN_OR_RETURN(Register r, Get(tx, register_id));
  CQDT_ASSIGN_OR_RETURN(Document d, DocumentRepository(tx).Get(document));
  return AllocateFor(tx, actor, r, year, d, false);
}

Result<RegisterEntry> RegisterService::AllocateFor(db::Transaction& tx, const audit::Actor& actor,
                                                   const Register& r, int year, const Document& d,
                                                   bool known_unnumbered) {
  const RegisterId register_id = r.id;
  const DocumentId document = d.id;
  if (!r.active) {
    return Error::FailedPrecondition("Sổ '" + r.name + "' đã ngừng sử dụng.");
  }
  if (d.agency_id != r.agency_id || d.direction != r.direction) {
    return Error::FailedPrecondition("Văn bản không thuộc sổ '" + r.name + "'.");
  }
  // Decree 30/2020 art. 15.4: confidential documents are numbered in their own series, and
  // only there.
  if (IsConfidential(d.confidentiality) != (r.kind == RegisterKind::kConfidential)) {
    return Error::FailedPrecondition(IsConfidential(d.confidentiality)
                                         ? "Văn bản mật phải vào sổ văn bản mật."
                                         : "Sổ văn bản mật chỉ dành cho văn bản mật.");
  }
  if (r.kind == RegisterKind::kPerType &&
      std::find(r.document_types.begin(), r.document_types.end(), d.type_ordinal) ==
          r.document_types.end()) {
    return Error::FailedPrecondition("Sổ '" + r.name + "' không dùng cho loại văn bản này.");
  }
  RegisterRepository repo(tx);
  if (!known_unnumbered && repo.AllocatedEntryOf(register_id, document)) {
    return Error::Conflict("Văn bản đã được cấp số trong sổ '" + r.name + "'.");
  }
  // The number and its entry are written in the caller's transaction: a use case that fails
  // afterwards rolls both back, and the number is not consumed (Phụ lục VI: no gaps).
  CQDT_ASSIGN_OR_RETURN(std::int64_t number,
                        counters_.NextRegisterNumber(tx, std::to_string(r.id.value()), year));
  RegisterEntry e;
  e.register_id = register_id;
  e.year = year;
  e.number = number;
  e.document_id = document;
  e.state = EntryState::kAllocated;
  e.allocated_by = actor.user_id;
  e.allocated_by_name = actor.name;
  e.allocated_at = NowSeconds(clock_);
  e.id = repo.InsertEntry(e, r.agency_id);
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor,
      {"documents.register.allocate", "document_register_entry", std::to_string(e.id.value()),
       r.name + " " + std::to_string(year) + " #" + std::to_string(number) + " document " +
           std::to_string(document.value())}));
  return e;
}

Result<RegisterEntry> RegisterService::Cancel(db::Transaction& tx, const audit::Actor& actor,
                                              RegisterEntryId entry, const std::string& reason) {
  std::vector<FieldError> errors;
  auto checked = CheckText(reason, "reason", "Lý do hủy số", 1, kMaxReasonLength, errors);
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  CQDT_ASSIGN_OR_RETURN(RegisterEntry e, GetEntry(tx, entry));
  if (e.state == EntryState::kCancelled) {
    return Error::FailedPrecondition("Số " + std::to_string(e.number) + "/" +
                                     std::to_string(e.year) + " đã bị hủy trước đó.");
  }
  e.state = EntryState::kCancelled;
  e.reason = *checked;
  e.cancelled_by = actor.user_id;
  e.cancelled_by_name = actor.name;
  e.cancelled_at = NowSeconds(clock_);
  RegisterRepository(tx).CancelEntry(e);
  CQDT_RETURN_IF_ERROR(audit_.Record(tx, actor,
                                     {"documents.register.cancel", "document_register_entry",
                                      std::to_string(e.id.value()), e.reason}));
  return e;
}

Result<RegisterEntry> RegisterService::GetEntry(db::Transaction& tx, RegisterEntryId entry) const {
  auto e = RegisterRepository(tx).GetEntry(entry);
  if (!e) {
    return Error::NotFound("số trong sổ", std::to_string(entry.value()));
  }
  return *e;
}

Result<std::vector<RegisterEntry>> RegisterService::Entries(db::Transaction& tx, RegisterId id,
                                                            int year) const {
  CQDT_RETURN_IF_ERROR(Get(tx, id));
  return RegisterRepository(tx).Entries(id, year);
}

}  // namespace cqdt::documents
