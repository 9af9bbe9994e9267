// The OpenAPI schemas of dossiers (dossier_routes.cpp), as dossier_json.cpp writes them.
#include "internal.hpp"

namespace cqdt::api {

void AddDossierSchemas(json& s) {
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  const json number = {{"type", "number"}};
  const json boolean = {{"type", "boolean"}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  auto array = [](json items) { return json{{"type", "array"}, {"items", std::move(items)}}; };
  auto nullable = [](json schema) {
    return json{{"oneOf", {std::move(schema), {{"type", "null"}}}}};
  };
  const json states = {
      "new",          "received",           "rejected", "processing", "wait_supplement",
      "wait_payment", "withdraw_requested", "stopped",  "done",       "returned"};
  const json actions = {"accept",
                        "reject",
                        "transfer",
                        "complete_step",
                        "reassign",
                        "request_supplement",
                        "resubmit",
                        "request_payment",
                        "confirm_payment",
                        "apologize",
                        "request_withdraw",
                        "approve_withdraw",
                        "decline_withdraw",
                        "stop",
                        "attach_result",
                        "finish",
                        "return"};
  const json state =
      obj({{"name", {{"type", "string"}, {"enum", states}}}, {"label", str}, {"syncCode", integer}},
          {"name", "label", "syncCode"});
  const json timeliness = nullable(
      obj({{"name", {{"type", "string"}, {"enum", {"early", "on_time", "late"}}}}, {"label", str}},
          {"name", "label"}));
  const json file =
      obj({{"id", integer},
           {"kind", {{"type", "string"}, {"enum", {"application", "supplement", "result"}}}},
           {"documentOrdinal", integer},
           {"name", str},
           {"contentType", str},
           {"size", integer},
           {"uploadedAt", str}},
          {"id", "kind", "name", "contentType", "size"});
  s["DossierFile"] = file;
  const json applicant = obj({{"name", str},
                              {"idNumber", str},
                              {"address", str},
                              {"phone", str},
                              {"email", str},
                              {"representative", str}},
                             {"name"});
  s["DossierReceiveInput"] =
      obj({{"procedureCode", str},
           {"channel", {{"type", "string"}, {"enum", {"direct", "online", "postal"}}}},
           {"decidingAgencyId", integer},
           {"applicant", applicant},
           {"documents", array(obj({{"ordinal", integer},
                                    {"provided", boolean},
                                    {"byData", boolean},
                                    {"fileIds", array(integer)}},
                                   {"ordinal"}))},
           {"stepAgencies",
            array(obj({{"ordinal", integer}, {"agencyId", integer}}, {"ordinal", "agencyId"}))},
           {"delivery", {{"type", "string"}, {"enum", {"counter", "postal", "electronic"}}}},
           {"fee", integer},
           {"feePaid", boolean},
           {"note", str}},
          {"procedureCode", "applicant"});
  // multipart/form-data: the JSON above as the part "dossier", and the scans of documents[i] as
  // file parts named "documents[i]" (several parts may share a name).
  s["DossierReceiveWithFiles"] = {
      {"type", "object"},
      {"required", {"dossier"}},
      {"properties",
       {{"dossier",
         {{"type", "string"},
          {"description", "JSON của DossierReceiveInput / the DossierReceiveInput as JSON"}}}}},
      {"additionalProperties",
       {{"type", "string"},
        {"format", "binary"},
        {"description",
         "Tệp 'documents[i]': bản chụp của giấy tờ thứ i trong 'documents' / the file part "
         "'documents[i]': a scan of the i-th entry of 'documents'"}}}};
  s["Dossier"] = obj(
      {{"code", str},
       {"procedure", obj({{"code", str}, {"name", str}, {"versionId", integer}}, {"code", "name"})},
       {"receivingAgencyId", integer},
       {"decidingAgencyId", integer},
       {"channel", str},
       {"channelCode", integer},
       {"channelLabel", str},
       {"state", state},
       {"applicant", applicant},
       {"sets", integer},
       {"receivedAt", str},
       {"receivedBy", str},
       {"deadline", obj({{"amount", number}, {"unit", str}, {"label", str}}, {"amount", "unit"})},
       {"transferDueAt", str},
       {"appointmentAt", str},
       {"dueAt", str},
       {"newAppointmentAt", str},
       {"fee", integer},
       {"feePaid", boolean},
       {"delivery", str},
       {"deliveryLabel", str},
       {"resultNote", str},
       {"finishedAt", str},
       {"returnedAt", str},
       {"returnedTo", str},
       {"timeliness", timeliness},
       {"lateFlag", boolean},
       {"note", str},
       {"updatedAt", integer},
       {"resultDocumentId", nullable(integer)},
       {"resultDocument", nullable(obj({{"id", integer},
                                        {"subject", str},
                                        {"state", str},
                                        {"stateLabel", str},
                                        {"numberText", nullable(str)},
                                        {"issuedDate", nullable(str)}},
                                       {"id", "subject", "state", "stateLabel"}))},
       {"checklist", array(obj({{"ordinal", integer},
                                {"name", str},
                                {"originals", integer},
                                {"copies", integer},
                                {"required", boolean},
                                {"provided", boolean},
                                {"byData", boolean}},
                               {"ordinal", "name"}))},
       {"steps", array(obj({{"ordinal", integer},
                            {"name", str},
                            {"performer", str},
                            {"performerLabel", str},
                            {"hours", number},
                            {"agency", nullable(obj({{"id", integer}, {"name", str}}, {"id"}))},
                            {"assignee", nullable(obj({{"id", integer}, {"name", str}}, {"id"}))},
                            {"startedAt", str},
                            {"plannedEnd", str},
                            {"finishedAt", str},
                            {"finishedBy", str},
                            {"outcome", timeliness},
                            {"note", str}},
                           {"ordinal", "name", "performer", "hours"}))},
       {"files", array(file)},
       {"actions", array(obj({{"name", {{"type", "string"}, {"enum", actions}}},
                              {"label", str},
                              {"needsReason", boolean}},
                             {"name", "label", "needsReason"}))}},
      {"code", "procedure", "state", "applicant", "receivedAt", "appointmentAt", "dueAt", "steps",
       "actions", "updatedAt"});
  s["DossierList"] = obj({{"items", array(obj({{"code", str},
                                               {"procedureCode", str},
                                               {"procedureName", str},
                                               {"applicantName", str},
                                               {"state", state},
                                               {"channel", str},
                                               {"channelLabel", str},
                                               {"receivedAt", str},
                                               {"dueAt", str},
                                               {"newAppointmentAt", str},
                                               {"lateFlag", boolean},
                                               {"currentStep", str},
                                               {"assigneeName", str}},
                                              {"code", "state", "dueAt"}))},
                          {"total", integer}},
                         {"items", "total"});
  s["DossierActionInput"] = obj({{"action", {{"type", "string"}, {"enum", actions}}},
                                 {"reason", str},
                                 {"assigneeId", integer},
                                 {"newAppointment", str},
                                 {"fileIds", array(integer)},
                                 {"resultNote", str},
                                 {"returnedTo", str},
                                 {"expectedUpdatedAt", integer}},
                                {"action"});
  s["DossierResultDraftInput"] = obj({{"typeOrdinal", integer},
                                      {"subject", str},
                                      {"signerId", integer},
                                      {"expectedUpdatedAt", integer}},
                                     {"typeOrdinal"});
  s["DossierResultAttachInput"] = obj({{"expectedUpdatedAt", integer}}, {});
  s["DossierTimeline"] = obj({{"items", array(obj({{"at", str},
                                                   {"actor", str},
                                                   {"action", str},
                                                   {"actionLabel", str},
                                                   {"from", state},
                                                   {"to", state},
                                                   {"note", str}},
                                                  {"at", "action", "to"}))}},
                             {"items"});
  // Public tracking (portal_routes.cpp): no person, contact, note or file of the dossier.
  const json label = obj({{"name", str}, {"label", str}}, {"name", "label"});
  s["TrackedDossier"] = obj(
      {{"code", str},
       {"procedure", obj({{"code", str}, {"name", str}}, {"code", "name"})},
       {"receivingAgencyName", str},
       {"fee", obj({{"amount", integer}, {"paid", boolean}}, {"amount", "paid"})},
       {"payment",
        {{"oneOf", {{{"$ref", "#/components/schemas/DossierPayment"}}, {{"type", "null"}}}}}},
       {"channel", str},
       {"state", state},
       {"receivedAt", str},
       {"appointmentAt", str},
       {"dueAt", str},
       {"newAppointmentAt", str},
       {"finishedAt", str},
       {"returnedAt", str},
       {"timeliness", nullable(label)},
       {"steps", array(obj({{"ordinal", integer},
                            {"name", str},
                            {"agencyName", str},
                            {"startedAt", str},
                            {"finishedAt", str}},
                           {"ordinal", "name"}))},
       {"timeline",
        array(obj(
            {{"at", str}, {"action", str}, {"actionLabel", str}, {"from", state}, {"to", state}},
            {"at", "action", "to"}))}},
      {"code", "procedure", "state", "receivedAt", "appointmentAt", "steps", "timeline"});
}

}  // namespace cqdt::api
