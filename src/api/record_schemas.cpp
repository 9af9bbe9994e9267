// The OpenAPI schemas of the file plan and work records (record_routes.cpp), as the routes
// write them.
#include "internal.hpp"

namespace cqdt::api {

void AddRecordSchemas(json& s) {
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  const json boolean = {{"type", "boolean"}};
  const json nullable_int = {{"type", json::array({"integer", "null"})}};
  const json nullable_str = {{"type", json::array({"string", "null"})}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  json plan_item = obj({{"id", integer},
                        {"year", integer},
                        {"code", str},
                        {"title", str},
                        {"unitId", nullable_int},
                        {"unitName", str},
                        {"retentionYears", nullable_int},
                        {"retentionLabel", str},
                        {"responsibleUserId", nullable_int},
                        {"responsibleName", str},
                        {"note", str},
                        {"recordId", nullable_int},
                        {"version", integer}},
                       {"id", "year", "code", "title", "retentionLabel", "version"});
  s["PlanItem"] = plan_item;
  s["FilePlan"] = obj({{"year", integer},
                       {"items", {{"type", "array"}, {"items", plan_item}}},
                       {"canEdit", boolean}},
                      {"year", "items", "canEdit"});
  s["PlanItemInput"] = obj({{"year", integer},
                            {"code", str},
                            {"title", str},
                            {"unitId", nullable_int},
                            {"retentionYears", nullable_int},
                            {"responsibleUserId", nullable_int},
                            {"note", str},
                            {"version", integer}},
                           {"code", "title"});
  s["FilePlanCopyInput"] =
      obj({{"fromYear", integer}, {"toYear", integer}}, {"fromYear", "toYear"});
  s["FilePlanCopy"] = obj({{"copied", integer},
                           {"skipped", integer},
                           {"year", integer},
                           {"items", {{"type", "array"}, {"items", plan_item}}}},
                          {"copied", "skipped", "items"});
  json summary_props = {{"id", integer},
                        {"fileCode", str},
                        {"organId", str},
                        {"fileCatalog", integer},
                        {"fileNotation", str},
                        {"title", str},
                        {"state", str},
                        {"stateLabel", str},
                        {"retentionYears", nullable_int},
                        {"retentionLabel", str},
                        {"creatorName", str},
                        {"unitName", str},
                        {"docTotal", integer},
                        {"pageTotal", integer},
                        {"startDate", str},
                        {"endDate", str},
                        {"openedAt", str},
                        {"closedAt", nullable_str},
                        {"appraisalDue", boolean},
                        {"canEdit", boolean}};
  json summary = obj(summary_props, {"id", "fileCode", "title", "state", "stateLabel"});
  s["WorkRecordSummary"] = summary;
  s["WorkRecordList"] = obj({{"items", {{"type", "array"}, {"items", summary}}}}, {"items"});
  json record_props = summary_props;
  record_props["planItemId"] = integer;
  record_props["rights"] = str;
  record_props["rightsLabel"] = str;
  record_props["language"] = str;
  record_props["description"] = str;
  record_props["creatorId"] = integer;
  record_props["version"] = integer;
  record_props["canAppraise"] = boolean;
  record_props["documents"] = {{"type", "array"},
                               {"items", obj({{"documentId", integer},
                                              {"ordinal", integer},
                                              {"direction", str},
                                              {"directionLabel", str},
                                              {"numberText", str},
                                              {"date", str},
                                              {"subject", str},
                                              {"pageCount", integer},
                                              {"hidden", boolean},
                                              {"attachedAt", str},
                                              {"attachedByName", str}},
                                             {"documentId", "ordinal", "direction", "hidden"})}};
  record_props["files"] = {{"type", "array"},
                           {"items", obj({{"fileId", integer},
                                          {"name", str},
                                          {"contentType", str},
                                          {"size", integer},
                                          {"pages", integer},
                                          {"attachedAt", str},
                                          {"attachedByName", str}},
                                         {"fileId", "name"})}};
  record_props["appraisal"] = {{"type", "array"},
                               {"items", obj({{"decision", str},
                                              {"decisionLabel", str},
                                              {"decisionNumber", str},
                                              {"decisionDate", str},
                                              {"reason", str},
                                              {"extendYears", nullable_int},
                                              {"decidedByName", str},
                                              {"decidedAt", str}},
                                             {"decision", "decisionNumber", "decisionDate"})}};
  s["WorkRecord"] =
      obj(record_props, {"id", "fileCode", "title", "state", "documents", "files", "version"});
  s["WorkRecordOpenInput"] = obj({{"planItemId", integer},
                                  {"title", str},
                                  {"description", str},
                                  {"language", str},
                                  {"rights", str}},
                                 {"planItemId"});
  s["WorkRecordDocumentInput"] = obj({{"documentId", integer}}, {"documentId"});
  s["WorkRecordFileInput"] = obj({{"fileId", integer}}, {"fileId"});
  s["WorkRecordCloseInput"] = obj({{"title", str},
                                   {"description", str},
                                   {"language", str},
                                   {"rights", str},
                                   {"version", integer}},
                                  {"title", "language", "rights", "version"});
  s["AppraisalInput"] = obj({{"decision", str},
                             {"decisionNumber", str},
                             {"decisionDate", str},
                             {"reason", str},
                             {"extendYears", nullable_int}},
                            {"decision", "decisionNumber", "decisionDate", "reason"});
}

}  // namespace cqdt::api
