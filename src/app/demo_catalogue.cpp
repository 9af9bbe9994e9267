// The demo procedure catalogue (src/app/demo/procedures.json, compiled in): imported through the
// catalogue's own import (all or nothing, effective today), then given to the agencies that
// perform it in the demo province: commune-level procedures to every ward, commune and special
// zone; province-level ones to the department the record names as performer, and to the
// province's Public Administration Service Centre, which receives them all (the police's
// procedures have no demo agency of their own: the centre only). The portal's life events
// (src/app/demo/life-events.json) follow, and the fee accounts of the agencies that receive
// dossiers (fictional accounts at Agribank, NAPAS BIN 970405: demo data, not the province's).
#include "demo_catalogue.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "api/catalogue_file.hpp"

namespace cqdt::app {

extern const char* const kDemoProceduresJson;
extern const char* const kDemoLifeEventsJson;

namespace {

// "Sở Tài chính tỉnh An Giang" -> "Sở Tài chính": what a procedure record names.
std::string DepartmentName(const std::string& full) {
  const std::string suffix = " tỉnh An Giang";
  if (full.size() > suffix.size() && full.ends_with(suffix)) {
    return full.substr(0, full.size() - suffix.size());
  }
  return full;
}

}  // namespace

Status LoadDemoCatalogue(Services& s, const audit::Actor& actor) {
  CQDT_ASSIGN_OR_RETURN(auto items, api::ReadCatalogue(kDemoProceduresJson));
  identity::Principal operator_principal;
  operator_principal.realm = identity::Realm::kStaff;
  operator_principal.username = actor.name;
  operator_principal.roles = {identity::Role::kAdmin};
  auto tx = s.db->Begin();
  CQDT_ASSIGN_OR_RETURN(
      auto report, s.catalogue->Import(tx, operator_principal, actor, std::move(items), "", false));
  if (!report.applied) {
    for (const auto& row : report.rows) {
      for (const auto& e : row.errors) {
        std::fprintf(stderr, "demo procedure %d %s: %s\n", row.row, e.field.c_str(),
                     e.message.c_str());
      }
    }
    return Error::Internal();
  }
  CQDT_ASSIGN_OR_RETURN(auto agencies, s.agencies->List(tx, {"", "", false}));
  AgencyId centre;
  std::vector<AgencyId> communes;
  for (const auto& a : agencies) {
    if (a.level() == org::AgencyLevel::kCommune) {
      communes.push_back(a.id);
    }
    if (a.name.starts_with("Trung tâm Phục vụ hành chính công")) {
      centre = a.id;
    }
  }
  CQDT_ASSIGN_OR_RETURN(auto latest, s.catalogue->Latest(tx));
  for (const auto& v : latest) {
    std::vector<AgencyId> performers;
    if (v.content.level == onestop::Level::kCommune) {
      performers = communes;
    } else {
      for (const auto& a : agencies) {
        if (a.kind != org::AgencyKind::kDepartment) {
          continue;
        }
        for (const auto& named : v.content.performers) {
          if (named.find(DepartmentName(a.name)) != std::string::npos) {
            performers.push_back(a.id);
          }
        }
      }
      if (centre.IsSet()) {
        performers.push_back(centre);
      }
    }
    CQDT_RETURN_IF_ERROR(
        s.catalogue->SetAgencies(tx, operator_principal, actor, v.content.code, performers));
  }
  for (const auto& a : agencies) {
    if (a.level() != org::AgencyLevel::kCommune && a.id != centre) {
      continue;
    }
    char account[20];
    std::snprintf(account, sizeof account, "7700201%06lld", static_cast<long long>(a.id.value()));
    CQDT_RETURN_IF_ERROR(s.payment_accounts->Set(
        tx, operator_principal, actor,
        {a.id, "970405", "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam", account, a.name,
         0, ""}));
  }
  std::vector<onestop::LifeEvent> events;
  const auto demo_events = nlohmann::json::parse(kDemoLifeEventsJson);  // outlives the loop
  for (const auto& e : demo_events.at("lifeEvents")) {
    events.push_back({e.at("code").get<std::string>(), e.at("name").get<std::string>(),
                      e.at("nameEn").get<std::string>(),
                      e.at("procedures").get<std::vector<std::string>>()});
  }
  CQDT_RETURN_IF_ERROR(
      s.catalogue->SetLifeEvents(tx, operator_principal, actor, std::move(events)));
  return tx.Commit();
}

}  // namespace cqdt::app
