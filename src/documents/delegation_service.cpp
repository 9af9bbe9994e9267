// Delegation (ủy quyền; Decree 30/2020 art. 13.1: a head may authorise a deputy to sign in their
// place, "KT." / "TUQ."), decision 0009.
#include "documents/delegation_service.hpp"

#include <soci/soci.h>

#include "core/lunar_calendar.hpp"
#include "core/message_catalog.hpp"
#include "core/text.hpp"
#include "db/statement.hpp"
#include "documents/incoming_service.hpp"

namespace cqdt::documents {
namespace {

using identity::Role;

constexpr DelegatedRight kAllRights[] = {DelegatedRight::kReceive, DelegatedRight::kAssign,
                                         DelegatedRight::kSign};

std::string JoinRights(const std::set<DelegatedRight>& rights) {
  std::string out;
  for (DelegatedRight r : rights) {
    out += (out.empty() ? "" : ",") + std::string(DelegatedRightName(r));
  }
  return out;
}

std::set<DelegatedRight> SplitRights(const std::string& text) {
  std::set<DelegatedRight> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    if (auto r = ParseDelegatedRight(std::string_view(text).substr(start, end - start))) {
      out.insert(*r);
    }
    start = end + 1;
  }
  return out;
}

std::string RightsLabel(const std::set<DelegatedRight>& rights) {
  std::string out;
  for (DelegatedRight r : rights) {
    out += (out.empty() ? "" : ", ") + std::string(DelegatedRightLabel(r));
  }
  return out;
}

constexpr const char* kColumns =
    "id, agency_id, from_user_id, to_user_id, rights, starts_on, ends_on, reason, created_at,"
    " revoked_at, revoke_reason";

struct Row {
  long long id = 0, agency = 0, from = 0, to = 0, created = 0, revoked = 0;
  soci::indicator revoked_ind = soci::i_null;
  std::string rights, starts, ends, reason, revoke_reason;
  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(agency));
    st.exchange(soci::into(from));
    st.exchange(soci::into(to));
    st.exchange(soci::into(rights));
    st.exchange(soci::into(starts));
    st.exchange(soci::into(ends));
    st.exchange(soci::into(reason));
    st.exchange(soci::into(created));
    st.exchange(soci::into(revoked, revoked_ind));
    st.exchange(soci::into(revoke_reason));
  }
  Delegation Get(const std::string& today) const {
    Delegation d;
    d.id = DelegationId(id);
    d.agency_id = AgencyId(agency);
    d.from_user = UserId(from);
    d.to_user = UserId(to);
    d.rights = SplitRights(rights);
    d.starts_on = starts;
    d.ends_on = ends;
    d.reason = reason;
    d.created_at = created;
    d.revoked_at = revoked_ind == soci::i_ok ? revoked : 0;
    d.revoke_reason = revoke_reason;
    d.active = d.revoked_at == 0 && starts <= today && today <= ends;
    return d;
  }
};

// Rows matching `where` (which binds the parameters in `bind`, in order).
template <typename BindFn>
std::vector<Delegation> Select(db::Transaction& tx, const std::string& where, BindFn bind,
                               const std::string& today) {
  Row row;
  auto st =
      tx.Prepare(std::string("SELECT ") + kColumns + " FROM documents_delegation WHERE " + where);
  row.Bind(*st);
  bind(*st);
  st->define_and_bind();
  st->execute(false);
  std::vector<Delegation> out;
  while (st->fetch()) {
    out.push_back(row.Get(today));
  }
  return out;
}

void Name(db::Transaction& tx, const identity::IdentityService& identity, Delegation& d) {
  if (auto u = identity.GetUser(tx, d.from_user)) {
    d.from_name = u->full_name;
    d.from_username = u->username;
  }
  if (auto u = identity.GetUser(tx, d.to_user)) {
    d.to_name = u->full_name;
    d.to_username = u->username;
  }
}

bool IsAgencyStaff(const identity::Principal& p) {
  return p.realm == identity::Realm::kStaff && p.user_id().IsSet() && p.agency_id.IsSet();
}

}  // namespace

const char* DelegatedRightName(DelegatedRight r) {
  switch (r) {
    case DelegatedRight::kReceive:
      return "receive";
    case DelegatedRight::kAssign:
      return "assign";
    case DelegatedRight::kSign:
      return "sign";
  }
  return "receive";
}

std::optional<DelegatedRight> ParseDelegatedRight(std::string_view name) {
  for (DelegatedRight r : kAllRights) {
    if (name == DelegatedRightName(r)) {
      return r;
    }
  }
  return std::nullopt;
}

const char* DelegatedRightLabel(DelegatedRight r) {
  switch (r) {
    case DelegatedRight::kReceive:
      return "Tiếp nhận văn bản";
    case DelegatedRight::kAssign:
      return "Cho ý kiến chỉ đạo, giao xử lý";
    case DelegatedRight::kSign:
      return "Duyệt và ký văn bản";
  }
  return "";
}

Result<Delegation> DelegationService::Create(db::Transaction& tx, const audit::Actor& actor,
                                             const identity::Principal& p,
                                             const DelegationInput& in) const {
  if (!IsAgencyStaff(p) || !p.Has(Role::kLeader)) {
    return Error::PermissionDenied("Chỉ lãnh đạo cơ quan mới ủy quyền được.");
  }
  const std::string today = TodayInVietnam(clock_.Now());
  std::vector<FieldError> errors;
  // Untrusted id: the deputy must be an active staff member of the same agency, not the caller.
  auto deputy = identity_.GetUser(tx, in.to_user);
  if (!deputy || deputy->disabled || deputy->agency_id != p.agency_id ||
      deputy->id == p.user_id()) {
    errors.push_back(
        {"toUserId", "invalid", "Trường 'toUserId' phải là một cán bộ khác của cùng cơ quan."});
  }
  std::set<DelegatedRight> rights;
  for (const auto& name : in.rights) {
    auto r = ParseDelegatedRight(name);
    if (!r) {
      errors.push_back({"rights", "enum", "Trường 'rights' chỉ gồm receive, assign hoặc sign."});
      break;
    }
    rights.insert(*r);
  }
  if (in.rights.empty()) {
    errors.push_back({"rights", "required", "Trường 'rights' phải có ít nhất một quyền."});
  }
  const std::string starts = in.starts_on.empty() ? today : in.starts_on;
  auto from = ParseIsoDate(starts);
  auto to = ParseIsoDate(in.ends_on);
  if (!from) {
    errors.push_back({"startsOn", "format", "Trường 'startsOn' phải là ngày dạng YYYY-MM-DD."});
  }
  if (!to) {
    errors.push_back({"endsOn", "format", "Trường 'endsOn' phải là ngày dạng YYYY-MM-DD."});
  } else if (in.ends_on < today) {
    errors.push_back({"endsOn", "past", "Trường 'endsOn' không được là ngày đã qua."});
  } else if (from && (*to < *from || ToJulianDay(*to) - ToJulianDay(*from) > 366)) {
    errors.push_back(
        {"endsOn", "range", "Trường 'endsOn' phải từ ngày bắt đầu đến tối đa 366 ngày sau đó."});
  }
  std::size_t reason_length = CodePointCount(in.reason);
  if (reason_length < 1 || reason_length > 1000) {
    errors.push_back({"reason", reason_length == 0 ? "required" : "length",
                      "Trường 'reason' phải có từ 1 đến 1000 ký tự."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  long long agency = p.agency_id.value(), me = p.user_id().value(), to_user = deputy->id.value(),
            at = now, id = 0;
  std::string rights_text = JoinRights(rights);
  tx.sql() << "INSERT INTO documents_delegation (agency_id, from_user_id, to_user_id, rights,"
              " starts_on, ends_on, reason, created_by, created_at) VALUES"
              " (:a, :f, :t, :r, :s, :e, :why, :by, :at)",
      soci::use(agency), soci::use(me), soci::use(to_user), soci::use(rights_text),
      soci::use(starts), soci::use(in.ends_on), soci::use(in.reason), soci::use(me), soci::use(at);
  id = db::LastInsertId(tx, "documents_delegation");
  Delegation d;
  d.id = DelegationId(id);
  d.agency_id = p.agency_id;
  d.from_user = p.user_id();
  d.to_user = deputy->id;
  d.rights = rights;
  d.starts_on = starts;
  d.ends_on = in.ends_on;
  d.reason = in.reason;
  d.created_at = now;
  d.active = starts <= today && today <= in.ends_on;
  Name(tx, identity_, d);
  const std::string detail = "Ủy quyền cho " + deputy->full_name + " (" + RightsLabel(rights) +
                             ") từ " + starts + " đến " + in.ends_on + ": " + in.reason;
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor,
      {"documents.delegation.created", "documents.delegation", std::to_string(id), detail}));
  notify::Notice n;
  n.recipient = notify::Recipient::User(deputy->id);
  n.kind = "documents.delegated";
  n.text_vi = "Bạn được ủy quyền thay lãnh đạo xử lý văn bản.";
  n.text_en = Localize(n.text_vi, Language::kEnglish);
  n.link = "/van-ban/uy-quyen";
  n.entity_type = "documents.delegation";
  n.entity_id = std::to_string(id);
  n.dedup_key = "documents.delegated|" + n.entity_id;
  CQDT_RETURN_IF_ERROR(outbox_.Enqueue(tx, n));
  return d;
}

Result<Delegation> DelegationService::Revoke(db::Transaction& tx, const audit::Actor& actor,
                                             const identity::Principal& p, DelegationId id,
                                             const std::string& reason) const {
  const std::string today = TodayInVietnam(clock_.Now());
  long long key = id.value();
  auto found = Select(
      tx, "id = :id", [&](soci::statement& st) { st.exchange(soci::use(key)); }, today);
  // Another agency's delegation does not exist for the caller.
  if (found.empty() || !IsAgencyStaff(p) || found.front().agency_id != p.agency_id) {
    return Error::NotFound("ủy quyền", std::to_string(key));
  }
  Delegation d = found.front();
  if (d.from_user != p.user_id()) {
    return Error::PermissionDenied("Chỉ người ủy quyền mới thu hồi được ủy quyền.");
  }
  if (d.revoked_at != 0) {
    return Error::FailedPrecondition("Ủy quyền này đã được thu hồi.");
  }
  if (CodePointCount(reason) > 1000) {
    return Error::InvalidField("reason", "length", "Trường 'reason' có tối đa 1000 ký tự.");
  }
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  long long at = now, by = p.user_id().value();
  tx.sql() << "UPDATE documents_delegation SET revoked_at = :at, revoked_by = :by,"
              " revoke_reason = :r WHERE id = :id AND revoked_at IS NULL",
      soci::use(at), soci::use(by), soci::use(reason), soci::use(key);
  d.revoked_at = now;
  d.revoke_reason = reason;
  d.active = false;
  Name(tx, identity_, d);
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor,
      {"documents.delegation.revoked", "documents.delegation", std::to_string(key),
       "Thu hồi ủy quyền cho " + d.to_name + (reason.empty() ? "." : ": " + reason)}));
  notify::Notice n;
  n.recipient = notify::Recipient::User(d.to_user);
  n.kind = "documents.delegation_revoked";
  n.text_vi = "Ủy quyền xử lý văn bản của bạn đã bị thu hồi.";
  n.text_en = Localize(n.text_vi, Language::kEnglish);
  n.link = "/van-ban/uy-quyen";
  n.entity_type = "documents.delegation";
  n.entity_id = std::to_string(key);
  n.dedup_key = "documents.delegation_revoked|" + n.entity_id;
  CQDT_RETURN_IF_ERROR(outbox_.Enqueue(tx, n));
  return d;
}

Result<std::vector<Delegation>> DelegationService::List(db::Transaction& tx,
                                                        const identity::Principal& p) const {
  if (!IsAgencyStaff(p)) {
    return std::vector<Delegation>{};
  }
  const std::string today = TodayInVietnam(clock_.Now());
  long long agency = p.agency_id.value(), me = p.user_id().value();
  int leader = p.Has(Role::kLeader) ? 1 : 0;
  auto out = Select(
      tx,
      "agency_id = :a AND (:l = 1 OR from_user_id = :me OR to_user_id = :me2)"
      " ORDER BY id DESC LIMIT 500",
      [&](soci::statement& st) {
        st.exchange(soci::use(agency));
        st.exchange(soci::use(leader));
        st.exchange(soci::use(me));
        st.exchange(soci::use(me));
      },
      today);
  for (auto& d : out) {
    Name(tx, identity_, d);
  }
  return out;
}

namespace {

std::vector<Delegation> ActiveRows(db::Transaction& tx, UserId deputy, UserId from, AgencyId agency,
                                   const std::string& today) {
  long long to = deputy.value(), ag = agency.value(), who = from.value();
  std::string t1 = today, t2 = today;
  return Select(
      tx,
      "to_user_id = :t AND agency_id = :a AND (:f = 0 OR from_user_id = :f2)"
      " AND revoked_at IS NULL AND starts_on <= :d1 AND ends_on >= :d2 ORDER BY id",
      [&](soci::statement& st) {
        st.exchange(soci::use(to));
        st.exchange(soci::use(ag));
        st.exchange(soci::use(who));
        st.exchange(soci::use(who));
        st.exchange(soci::use(t1));
        st.exchange(soci::use(t2));
      },
      today);
}

}  // namespace

bool HoldsActiveDelegation(db::Transaction& tx, UserId deputy, DelegatedRight right, UserId from,
                           AgencyId agency, const std::string& today) {
  if (!deputy.IsSet() || !agency.IsSet()) {
    return false;
  }
  for (const auto& d : ActiveRows(tx, deputy, from, agency, today)) {
    if (d.rights.count(right) > 0) {
      return true;
    }
  }
  return false;
}

std::optional<Delegation> FindActiveDelegation(db::Transaction& tx,
                                               const identity::IdentityService& identity,
                                               UserId deputy, DelegatedRight right, UserId from,
                                               AgencyId agency, const std::string& today) {
  if (!deputy.IsSet() || !agency.IsSet()) {
    return std::nullopt;
  }
  auto rows = ActiveRows(tx, deputy, from, agency, today);
  for (auto& d : rows) {
    if (d.rights.count(right) == 0) {
      continue;
    }
    // The delegator must still be an active leader: a right cannot outlive the rank it came from.
    auto giver = identity.GetUser(tx, d.from_user);
    if (!giver || giver->disabled || giver->agency_id != agency ||
        giver->roles.count(identity::Role::kLeader) == 0) {
      continue;
    }
    Name(tx, identity, d);
    return d;
  }
  return std::nullopt;
}

std::optional<Delegation> SignerDelegation(db::Transaction& tx,
                                           const identity::IdentityService& identity,
                                           const identity::Principal& p, UserId signer,
                                           AgencyId agency, const std::string& today) {
  if (!signer.IsSet() || p.user_id() == signer || p.agency_id != agency) {
    return std::nullopt;
  }
  return FindActiveDelegation(tx, identity, p.user_id(), DelegatedRight::kSign, signer, agency,
                              today);
}

audit::Actor ActingActor(const audit::Actor& actor, const Delegation& d) {
  audit::Actor acting = actor;
  acting.name = actor.name + ", được ủy quyền bởi " +
                (d.from_username.empty() ? d.from_name : d.from_username);
  return acting;
}

}  // namespace cqdt::documents
