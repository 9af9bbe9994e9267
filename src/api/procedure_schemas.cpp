// The OpenAPI schemas of the procedure catalogue (procedure_routes.cpp), as procedure_json.cpp
// writes them.
#include "internal.hpp"

namespace cqdt::api {

void AddProcedureSchemas(json& s) {
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  const json number = {{"type", "number"}};
  const json boolean = {{"type", "boolean"}};
  const json strings = {{"type", "array"}, {"items", str}};
  const json nullable_str = {{"type", json::array({"string", "null"})}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  auto array = [](json items) { return json{{"type", "array"}, {"items", std::move(items)}}; };
  const json deadline =
      obj({{"amount", number},
           {"unit", {{"type", "string"}, {"enum", {"working_days", "days", "working_hours"}}}},
           {"note", str},
           {"label", str}},
          {"amount", "unit"});
  const json fee = obj({{"name", str}, {"amount", integer}, {"note", str}}, {"name", "amount"});
  const json channel =
      obj({{"channel", {{"type", "string"}, {"enum", {"direct", "online", "postal"}}}},
           {"channelCode", integer},
           {"channelLabel", str},
           {"deadline", deadline},
           {"fees", array(fee)},
           {"description", str}},
          {"channel", "deadline"});
  const json document = obj({{"name", str},
                             {"originals", integer},
                             {"copies", integer},
                             {"required", boolean},
                             {"replaceableByData", boolean},
                             {"template", str},
                             {"hasTemplateFile", boolean}},
                            {"name"});
  const json step =
      obj({{"name", str},
           {"performer",
            {{"type", "string"},
             {"enum", {"counter", "officer", "unit_head", "leader", "other_agency"}}}},
           {"performerLabel", str},
           {"hours", number}},
          {"name", "performer", "hours"});
  json content = {
      {"code", str},
      {"nationalCode", str},
      {"name", str},
      {"publishedBy", obj({{"number", str}, {"date", str}}, {})},
      {"level", {{"type", "string"}, {"enum", {"central", "province", "commune"}}}},
      {"levelLabel", str},
      {"sector", obj({{"code", str}, {"name", str}}, {"name"})},
      {"subjects",
       array({{"type", "string"}, {"enum", {"citizen", "foreigner", "business", "organization"}}})},
      {"subjectLabels", strings},
      {"performers", strings},
      {"channels", array(channel)},
      {"documents", array(document)},
      {"sets", integer},
      {"conditions", str},
      {"result", obj({{"name", str}, {"electronic", boolean}}, {"name"})},
      {"legalBasis", strings},
      {"onlineLevel", {{"type", "string"}, {"enum", {"information", "partial", "full"}}}},
      {"onlineLevelLabel", str},
      {"interAgency", array(obj({{"name", str}, {"agency", str}}, {"name", "agency"}))},
      {"process", array(step)},
      {"restartOnSupplement", boolean},
      {"unconfirmed", strings},
      {"sources", strings}};
  json input = content;
  input["effectiveFrom"] = str;
  s["ProcedureInput"] = obj(input, {"name", "level", "sector", "subjects", "channels", "result"});
  json version = content;
  version["version"] = integer;
  version["versionId"] = integer;
  version["effectiveFrom"] = str;
  version["effectiveTo"] = nullable_str;
  version["createdAt"] = str;
  version["createdBy"] = str;
  version["processHours"] = number;
  version["processFits"] = array(obj({{"channel", str},
                                      {"channelLabel", str},
                                      {"deadlineHours", number},
                                      {"processHours", number},
                                      {"fits", boolean}},
                                     {"channel", "deadlineHours", "processHours", "fits"}));
  const json agency = obj({{"id", integer}, {"name", str}, {"code", str}}, {"id", "name"});
  json procedure = version;
  procedure["agencies"] = array(agency);
  s["Procedure"] =
      obj(procedure, {"code", "name", "level", "channels", "version", "effectiveFrom", "agencies"});
  s["ProcedureVersionList"] = obj(
      {{"items", array(obj(version, {"code", "name", "version", "effectiveFrom"}))}}, {"items"});
  s["ProcedureCatalogue"] = obj({{"procedures", array(obj(version, {"name"}))}}, {"procedures"});
  s["ProcedurePublished"] =
      obj({{"outcome",
            {{"type", "string"}, {"enum", {"created", "new_version", "replaced", "unchanged"}}}},
           {"outcomeLabel", str},
           {"procedure", {{"$ref", "#/components/schemas/Procedure"}}}},
          {"outcome", "procedure"});
  s["ProcedureList"] =
      obj({{"items", array(obj({{"code", str},
                                {"nationalCode", str},
                                {"name", str},
                                {"level", str},
                                {"levelLabel", str},
                                {"sector", obj({{"code", str}, {"name", str}}, {"name"})},
                                {"onlineLevel", str},
                                {"onlineLevelLabel", str},
                                {"version", integer},
                                {"effectiveFrom", str},
                                {"shortestDeadline", {{"oneOf", {deadline, {{"type", "null"}}}}}},
                                {"agencyCount", integer},
                                {"hasUnconfirmed", boolean}},
                               {"code", "name", "level", "version"}))},
           {"total", integer},
           {"sectors",
            array(obj({{"code", str}, {"name", str}, {"count", integer}}, {"name", "count"}))},
           {"agencies",
            array(obj({{"id", integer}, {"name", str}, {"count", integer}}, {"id", "count"}))},
           {"lifeEvents", array(obj({{"code", str}, {"label", str}, {"count", integer}},
                                    {"code", "label", "count"}))}},
          {"items", "total", "sectors", "agencies", "lifeEvents"});
  // The portal's life events (issue 13 item 1).
  const json life_event_input =
      obj({{"code", str}, {"name", str}, {"nameEn", str}, {"procedures", array(str)}},
          {"code", "name"});
  s["LifeEventInput"] = obj({{"lifeEvents", array(life_event_input)}}, {"lifeEvents"});
  s["LifeEventList"] = obj({{"items", array(obj({{"code", str},
                                                 {"name", str},
                                                 {"nameEn", str},
                                                 {"label", str},
                                                 {"procedures", array(str)}},
                                                {"code", "name", "label", "procedures"}))}},
                           {"items"});
  const json field_error =
      obj({{"field", str}, {"code", str}, {"message", str}}, {"field", "message"});
  s["ProcedureImportReport"] = obj({{"dryRun", boolean},
                                    {"applied", boolean},
                                    {"created", integer},
                                    {"newVersions", integer},
                                    {"replaced", integer},
                                    {"unchanged", integer},
                                    {"failed", integer},
                                    {"rows", array(obj({{"row", integer},
                                                        {"code", str},
                                                        {"name", str},
                                                        {"outcome", nullable_str},
                                                        {"outcomeLabel", nullable_str},
                                                        {"errors", array(field_error)}},
                                                       {"row", "errors"}))}},
                                   {"dryRun", "applied", "rows"});
  s["ProcedureAgenciesInput"] = obj({{"agencyIds", array(integer)}}, {"agencyIds"});
  s["ProcedureAgencies"] = obj({{"agencies", array(agency)}}, {"agencies"});
}

}  // namespace cqdt::api
