// The JSON of an agency, a staff user and the signed-in person (GET /me) (internal.hpp).
#include <string>

#include "internal.hpp"

namespace cqdt::api {

void WriteAgency(JsonWriter& w, const org::Agency& a, const std::string& today) {
  auto id_or_null = [](JsonWriter& after_key, AgencyId id) {
    id.IsSet() ? after_key.Int(id.value()) : after_key.Null();
  };
  w.BeginObject();
  w.Key("id").Int(a.id.value());
  w.Key("code").String(a.code);
  w.Key("name").String(a.name);
  w.Key("shortName").String(a.short_name);
  w.Key("kind").String(org::KindName(a.kind));
  w.Key("level").String(org::LevelName(a.level()));
  id_or_null(w.Key("parentId"), a.parent_id);
  w.Key("address").String(a.address);
  w.Key("phone").String(a.phone);
  w.Key("email").String(a.email);
  w.Key("website").String(a.website);
  w.Key("validFrom").String(a.valid_from);
  if (a.valid_to.empty()) {
    w.Key("validTo").Null();
  } else {
    w.Key("validTo").String(a.valid_to);
  }
  id_or_null(w.Key("mergedIntoId"), a.merged_into_id);
  id_or_null(w.Key("splitFromId"), a.split_from_id);
  w.Key("active").Bool(a.IsActiveOn(today));
  w.Key("createdAt").String(a.created_at);
  w.Key("updatedAt").String(a.updated_at);
  w.EndObject();
}

http::Response AgencyResponse(int status, const org::Agency& a, const std::string& today) {
  std::string body;
  body.reserve(512);
  JsonWriter w(body);
  WriteAgency(w, a, today);
  return http::Response::Json(status, std::move(body));
}

json UserJson(const identity::User& u, const std::string& agency_name) {
  json roles = json::array();
  for (auto r : u.roles) {
    roles.push_back(identity::RoleName(r));
  }
  return {{"id", u.id.value()},
          {"username", u.username},
          {"fullName", u.full_name},
          {"email", u.email},
          {"phone", u.phone},
          {"agencyId", u.agency_id.value()},
          {"agencyName", agency_name},
          {"unitId", u.unit_id.IsSet() ? json(u.unit_id.value()) : json(nullptr)},
          {"position", u.position},
          {"roles", roles},
          {"disabled", u.disabled},
          {"passwordChangeRequired", u.password_change_required},
          {"createdAt", u.created_at}};
}

json MeJson(const identity::Principal& p, const std::string& agency_name) {
  json roles = json::array();
  for (auto r : p.roles) {
    roles.push_back(identity::RoleName(r));
  }
  json me = {{"id", p.subject_id},
             {"realm", identity::RealmName(p.realm)},
             {"username", p.username},
             {"fullName", p.full_name},
             {"roles", roles},
             {"passwordChangeRequired", p.password_change_required},
             {"hasPassword", p.has_password}};
  if (p.agency_id.IsSet()) {
    me["agencyId"] = p.agency_id.value();
    me["agencyName"] = agency_name;
  } else {
    me["agencyId"] = nullptr;
    me["agencyName"] = nullptr;
  }
  return me;
}

}  // namespace cqdt::api
