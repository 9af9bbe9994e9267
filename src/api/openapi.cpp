#include "internal.hpp"

namespace cqdt::api {
namespace {

json Str() { return {{"type", "string"}}; }
json NullableStr() { return {{"type", json::array({"string", "null"})}}; }
json Int() { return {{"type", "integer"}}; }
json NullableInt() { return {{"type", json::array({"integer", "null"})}}; }
json Bool() { return {{"type", "boolean"}}; }
json Ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }
json ArrayOf(json item) { return {{"type", "array"}, {"items", std::move(item)}}; }
json Obj(json props, std::vector<std::string> required = {}) {
  json o = {{"type", "object"}, {"properties", std::move(props)}};
  if (!required.empty()) {
    o["required"] = required;
  }
  return o;
}
json ListOf(const std::string& name) { return Obj({{"items", ArrayOf(Ref(name))}}, {"items"}); }

json Schemas() {
  json role = {
      {"type", "string"},
      {"enum", {"admin", "clerk", "officer", "leader", "counter_officer", "citizen", "system"}}};
  json kind = {{"type", "string"},
               {"enum",
                {"provincial_committee", "department", "commune", "ward", "special_zone",
                 "district", "other"}}};
  json agency_props = {{"code", Str()},
                       {"name", Str()},
                       {"shortName", Str()},
                       {"kind", kind},
                       {"parentCode", Str()},
                       {"parentId", NullableInt()},
                       {"address", Str()},
                       {"phone", Str()},
                       {"email", Str()},
                       {"website", Str()},
                       {"validFrom", Str()},
                       {"validTo", NullableStr()},
                       {"mergedIntoCode", Str()},
                       {"splitFromCode", Str()},
                       {"mergedIntoId", NullableInt()},
                       {"splitFromId", NullableInt()}};
  json s;
  s["Problem"] =
      Obj({{"type", Str()},
           {"title", Str()},
           {"status", Int()},
           {"detail", Str()},
           {"instance", Str()},
           {"requestId", Str()},
           {"errors", ArrayOf(Obj({{"field", Str()}, {"code", Str()}, {"message", Str()}}))}},
          {"type", "title", "status"});
  s["Health"] = Obj({{"status", Str()}});
  s["LoginInput"] = Obj({{"username", Str()},
                         {"password", Str()},
                         {"realm", {{"type", "string"}, {"enum", {"staff", "citizen"}}}}},
                        {"username", "password"});
  s["Me"] = Obj({{"id", Int()},
                 {"realm", Str()},
                 {"username", Str()},
                 {"fullName", Str()},
                 {"agencyId", NullableInt()},
                 {"agencyName", NullableStr()},
                 {"roles", ArrayOf(role)},
                 {"passwordChangeRequired", Bool()},
                 {"hasPassword", Bool()}});
  s["Session"] = Obj(
      {{"user", Ref("Me")}, {"csrfToken", Str()}, {"confidentialFiles", {{"type", "boolean"}}}});
  s["ChangePasswordInput"] =
      Obj({{"currentPassword", Str()}, {"newPassword", Str()}}, {"currentPassword", "newPassword"});
  s["SignUpAccepted"] = Obj({{"message", Str()}}, {"message"});
  s["PasswordCheckInput"] = Obj({{"password", Str()},
                                 {"username", Str()},
                                 {"realm", {{"type", "string"}, {"enum", {"staff", "citizen"}}}}},
                                {"password"});
  s["PasswordCheck"] =
      Obj({{"acceptable", Bool()},
           {"minLength", Int()},
           {"maxLength", Int()},
           {"errors", ArrayOf(Obj({{"field", Str()}, {"code", Str()}, {"message", Str()}}))}},
          {"acceptable", "minLength", "maxLength", "errors"});
  s["CitizenSignUpInput"] =
      Obj({{"fullName", Str()},
           {"citizenIdNumber", {{"type", "string"}, {"pattern", "^[0-9]{12}$"}}},
           {"phone", Str()},
           {"email", Str()},
           {"password", Str()}},
          {"fullName", "citizenIdNumber", "phone", "password"});
  s["AgencyInput"] = Obj(agency_props);
  json agency = agency_props;
  agency.erase("parentCode");
  agency.erase("mergedIntoCode");
  agency.erase("splitFromCode");
  agency["id"] = Int();
  agency["level"] = {{"type", "string"}, {"enum", {"province", "commune", "district", "other"}}};
  agency["mergedIntoId"] = NullableInt();
  agency["splitFromId"] = NullableInt();
  agency["active"] = Bool();
  agency["createdAt"] = Str();
  agency["updatedAt"] = Str();
  // POST and PATCH only: advice for the admin that did not prevent saving.
  agency["warnings"] = ArrayOf(Obj({{"field", Str()}, {"code", Str()}, {"message", Str()}}));
  s["Agency"] = Obj(agency);
  s["AgencyList"] = ListOf("Agency");
  s["AgencyImport"] = {
      {"type", "string"},
      {"description", "CSV (text/csv) with a header row, or JSON {items: AgencyInput[]}"}};
  json field_errors = ArrayOf(Obj({{"field", Str()}, {"code", Str()}, {"message", Str()}}));
  s["ImportReport"] = Obj(
      {{"imported", Int()},
       {"valid", Int()},
       {"created", Int()},
       {"updated", Int()},
       {"unchanged", Int()},
       {"mode", {{"type", "string"}, {"enum", {"create", "upsert"}}}},
       {"dryRun", Bool()},
       {"rows", ArrayOf(Obj({{"row", Int()},
                             {"code", Str()},
                             {"status", {{"type", "string"}, {"enum", {"ok", "rejected"}}}},
                             {"action",
                              {{"type", "string"}, {"enum", {"created", "updated", "unchanged"}}}},
                             {"warnings", field_errors},
                             {"errors", field_errors}}))}});
  s["UnitInput"] = Obj({{"name", Str()}, {"shortName", Str()}, {"code", Str()}}, {"name"});
  s["Unit"] = Obj(
      {{"id", Int()}, {"agencyId", Int()}, {"name", Str()}, {"shortName", Str()}, {"code", Str()}});
  s["UnitList"] = ListOf("Unit");
  json user_props = {{"username", Str()}, {"fullName", Str()},     {"email", Str()},
                     {"phone", Str()},    {"agencyId", Int()},     {"unitId", NullableInt()},
                     {"position", Str()}, {"roles", ArrayOf(role)}};
  json user_input = user_props;
  user_input["password"] = Str();
  s["UserInput"] =
      Obj(user_input, {"username", "fullName", "email", "agencyId", "roles", "password"});
  json patch = user_props;
  patch.erase("username");
  patch["disabled"] = Bool();
  s["UserPatch"] = Obj(patch);
  json user = user_props;
  user["id"] = Int();
  user["agencyName"] = Str();
  user["disabled"] = Bool();
  user["passwordChangeRequired"] = Bool();
  user["createdAt"] = Str();
  s["User"] = Obj(user);
  s["UserList"] = ListOf("User");
  s["PasswordInput"] = Obj({{"password", Str()}}, {"password"});
  s["AuditEntry"] = Obj({{"id", Int()},
                         {"seq", Int()},
                         {"at", Str()},
                         {"actor", Str()},
                         {"actorId", NullableInt()},
                         {"agencyId", NullableInt()},
                         {"action", Str()},
                         {"entity", Str()},
                         {"entityId", Str()},
                         {"entityName", NullableStr()},
                         {"clientAddress", Str()},
                         {"requestId", Str()},
                         {"clientRequestId", NullableStr()},
                         {"summary", Str()},
                         {"hash", Str()},
                         {"prevHash", Str()}});
  s["AuditPage"] = Obj({{"items", ArrayOf(Ref("AuditEntry"))}, {"total", Int()}});
  s["AuditVerify"] =
      Obj({{"ok", Bool()}, {"checked", Int()}, {"firstBrokenId", Int()}, {"reason", Str()}});
  json token = {{"id", Int()},
                {"name", Str()},
                {"scopes", ArrayOf(Str())},
                {"agencyId", Int()},
                {"createdAt", Str()},
                {"revokedAt", NullableStr()},
                {"lastUsedAt", NullableStr()}};
  s["ApiToken"] = Obj(token);
  s["ApiTokenList"] = ListOf("ApiToken");
  json issued = token;
  issued["token"] = Str();
  s["IssuedApiToken"] = Obj(issued);
  s["ApiTokenInput"] = Obj({{"name", Str()}, {"scopes", ArrayOf(Str())}, {"agencyId", Int()}},
                           {"name", "scopes", "agencyId"});
  // Issue 3: calendar and codes.
  json lunar =
      Obj({{"day", Int()}, {"month", Int()}, {"year", Int()}, {"leap", Bool()}, {"text", Str()}});
  s["CalendarDate"] = Obj({{"date", Str()}, {"lunar", lunar}});
  s["HolidayYear"] = Obj(
      {{"year", Int()},
       {"fromNotice", Bool()},
       {"source", Str()},
       {"days",
        ArrayOf(Obj({{"date", Str()}, {"kind", Str()}, {"name", Str()}, {"confidence", Str()}}))}});
  s["WorkingDaysDue"] = Obj({{"start", Str()}, {"days", Int()}, {"due", Str()}});
  s["WorkingDaysCount"] = Obj({{"from", Str()}, {"to", Str()}, {"workingDays", Int()}});
  s["AgencyCodeInfo"] =
      Obj({{"code", Str()},
           {"layout", {{"type", "string"}, {"enum", {"qcvn102", "decision20"}}}},
           {"level", Int()},
           {"parentCode", NullableStr()},
           {"levels", ArrayOf(Str())},
           {"levelOne", Obj({{"code", Str()},
                             {"name", NullableStr()},
                             {"active", {{"type", json::array({"boolean", "null"})}}},
                             {"note", NullableStr()}})}});
  s["DossierCodeInfo"] =
      Obj({{"code", Str()}, {"agencyCode", Str()}, {"receivedDate", Str()}, {"sequence", Int()}});
  s["DocumentNumberInfo"] = Obj({{"value", Str()},
                                 {"display", Str()},
                                 {"number", Int()},
                                 {"year", NullableInt()},
                                 {"typeAbbreviation", NullableStr()},
                                 {"typeName", NullableStr()},
                                 {"typeOrdinal", NullableInt()},
                                 {"issuer", Str()},
                                 {"unit", NullableStr()},
                                 {"notation", Str()}});
  s["DocumentTypeList"] = Obj({{"items", ArrayOf(Obj({{"ordinal", Int()},
                                                      {"name", Str()},
                                                      {"abbreviation", NullableStr()},
                                                      {"edxmlTypeDetail", NullableStr()}}))}});
  // Signatures (issue 4).
  json cert_summary = Obj({{"subject", Str()},
                           {"commonName", Str()},
                           {"organization", Str()},
                           {"issuer", Str()},
                           {"serial", Str()},
                           {"notBefore", Str()},
                           {"notAfter", Str()},
                           {"fingerprintSha256", Str()}});
  s["CertificateSummary"] = cert_summary;
  json indication = {{"type", "string"},
                     {"enum", {"TOTAL_PASSED", "INDETERMINATE", "TOTAL_FAILED"}}};
  s["SignatureReport"] =
      Obj({{"index", Int()},
           {"fieldName", Str()},
           {"format", Str()},
           {"subFilter", NullableStr()},
           {"signer", {{"oneOf", json::array({Ref("CertificateSummary"), {{"type", "null"}}})}}},
           {"claimedTime", NullableStr()},
           {"timestampTime", NullableStr()},
           {"timestampAuthority", NullableStr()},
           {"validationTime", NullableStr()},
           {"validationTimeSource",
            {{"type", json::array({"string", "null"})},
             {"enum", {"timestamp", "claimed", "now", nullptr}}}},
           {"integrity", Obj({{"formatOk", Bool()},
                              {"digestMatches", Bool()},
                              {"signatureValid", Bool()},
                              {"coversWholeDocument", Bool()},
                              {"appendedBytes", Int()}})},
           {"certificationPermissions", NullableInt()},
           {"certificate", Obj({{"status", NullableStr()},
                                {"detail", Str()},
                                {"revocationSource", Str()},
                                {"revokedAt", NullableStr()},
                                {"chain", ArrayOf(Ref("CertificateSummary"))}})},
           {"indication", indication},
           {"subIndication", NullableStr()},
           {"conclusion", Str()},
           {"warnings", ArrayOf(Str())}});
  s["VerificationReport"] = Obj({{"kind", {{"type", "string"}, {"enum", {"pdf", "xml", "cms"}}}},
                                 {"fileName", Str()},
                                 {"fileSha256", Str()},
                                 {"fileSize", Int()},
                                 {"verifiedAt", Str()},
                                 {"indication", indication},
                                 {"conclusion", Str()},
                                 {"warnings", ArrayOf(Str())},
                                 {"unsignedTrailingBytes", Int()},
                                 {"signatures", ArrayOf(Ref("SignatureReport"))}},
                                {"kind", "indication", "signatures"});
  s["SigningKey"] = Obj(
      {{"id", Str()},
       {"kind", {{"type", "string"}, {"enum", {"seal", "personal"}}}},
       {"owner", Str()},
       {"askSecret", Bool()},
       {"hasImage", Bool()},
       {"demo", Bool()},
       {"certificate", {{"oneOf", json::array({Ref("CertificateSummary"), {{"type", "null"}}})}}}});
  s["SigningKeyList"] = ListOf("SigningKey");
  s["SigningAgentInfo"] =
      Obj({{"agentUrl", Str()}, {"installUrl", Str()}, {"preparationTtlSeconds", Int()}});
  s["ExternalPreparation"] =
      Obj({{"id", Str()},
           {"digest", Str()},
           {"digestAlgorithm", Str()},
           {"signatureAlgorithm", {{"type", "string"}, {"enum", {"RSA", "ECDSA"}}}},
           {"expiresAt", Str()},
           {"fileName", Str()},
           {"documentNumber", Str()},
           {"contentSha256", Str()},
           {"certificateSha256", Str()}},
          {"id", "digest"});
  s["ExternalCompletion"] = Obj({{"signature", Str()}, {"cms", Str()}});
  s["CertificateBinding"] =
      Obj({{"id", Int()},
           {"userId", Int()},
           {"username", Str()},
           {"fingerprintSha256", Str()},
           {"subject", Str()},
           {"issuer", Str()},
           {"serial", Str()},
           {"notBefore", Str()},
           {"notAfter", Str()},
           {"status", {{"type", "string"}, {"enum", {"pending", "confirmed"}}}},
           {"hasImage", Bool()},
           {"registeredAt", Str()},
           {"confirmedAt", NullableStr()},
           {"confirmedBy", NullableStr()}});
  s["CertificateBindingList"] = ListOf("CertificateBinding");
  s["CertificateBindingInput"] = Obj({{"certificate", Str()}, {"image", Str()}}, {"certificate"});
  s["TrustAnchor"] = Obj({{"id", Int()},
                          {"purpose", {{"type", "string"}, {"enum", {"document", "timestamp"}}}},
                          {"kind", {{"type", "string"}, {"enum", {"ca", "pinned"}}}},
                          {"usable", Bool()},
                          {"source", {{"type", "string"}, {"enum", {"admin", "bundled"}}}},
                          {"name", Str()},
                          {"subject", Str()},
                          {"issuer", Str()},
                          {"serial", Str()},
                          {"fingerprintSha256", Str()},
                          {"notBefore", Str()},
                          {"notAfter", Str()},
                          {"isRoot", Bool()},
                          {"addedBy", Str()},
                          {"addedAt", Str()}});
  s["TrustAnchorList"] = ListOf("TrustAnchor");
  s["Crl"] = Obj({{"id", Int()},
                  {"issuer", Str()},
                  {"thisUpdate", Str()},
                  {"nextUpdate", NullableStr()},
                  {"source", Str()},
                  {"storedAt", Str()},
                  {"revokedCount", Int()}});
  s["CrlList"] = ListOf("Crl");
  s["Notification"] = Obj({{"id", Int()},
                           {"kind", Str()},
                           {"text", Str()},
                           {"link", NullableStr()},
                           {"entityType", NullableStr()},
                           {"entityId", NullableStr()},
                           {"createdAt", Str()},
                           {"readAt", NullableStr()}},
                          {"id", "kind", "text", "createdAt"});
  // The data of one "notice" event on GET /api/v1/notifications/stream (text/event-stream);
  // the stream starts with a "ready" event whose data is {"unread": n}.
  s["NotificationEvent"] =
      Obj({{"notice", Ref("Notification")}, {"unread", Int()}}, {"notice", "unread"});
  s["NotificationPage"] =
      Obj({{"items", ArrayOf(Ref("Notification"))}, {"total", Int()}, {"unread", Int()}},
          {"items", "total", "unread"});
  s["OutboxPage"] = Obj({{"items", ArrayOf(Obj({{"id", Int()},
                                                {"kind", Str()},
                                                {"text", Str()},
                                                {"link", NullableStr()},
                                                {"createdAt", Str()},
                                                {"readAt", NullableStr()},
                                                {"recipientKind", Str()},
                                                {"recipientId", Int()},
                                                {"emailState", Str()},
                                                {"emailAttempts", Int()},
                                                {"emailLastError", Str()}},
                                               {"id", "kind", "text", "emailState"}))},
                         {"total", Int()}},
                        {"items", "total"});
  s["NotificationReadInput"] = Obj({{"ids", ArrayOf(Int())}, {"all", Bool()}});
  s["NotificationReadResult"] = Obj({{"marked", Int()}, {"unread", Int()}}, {"marked", "unread"});
  AddDocumentRegisterSchemas(s);
  AddDocumentIncomingSchemas(s);
  AddDocumentGrantSchemas(s);
  AddDocumentOutgoingSchemas(s);
  AddDocumentDeliverySchemas(s);
  AddDocumentQueueSchemas(s);
  AddDocumentDelegationSchemas(s);
  AddDocumentSigningSchemas(s);
  AddRecordSchemas(s);
  AddSearchSchemas(s);
  AddExtractionSchemas(s);
  AddDocumentImportSchemas(s);
  AddDocumentReportSchemas(s);
  AddRecordArchiveSchemas(s);
  AddProcedureSchemas(s);
  AddDossierSchemas(s);
  AddPaymentSchemas(s);
  AddExchangeSchemas(s);
  AddMailSchemas(s);
  AddMailIntakeSchemas(s);
  AddIndex766Schemas(s);
  AddIndex766AnalysisSchemas(s);
  AddOidcSchemas(s);
  AddFeedbackSchemas(s);
  AddQueueSchemas(s);
  AddOnestopStatisticsSchemas(s);
  AddPortalOnlineSchemas(s);
  return s;
}

std::string Lower(std::string s) {
  for (auto& c : s) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return s;
}

}  // namespace

std::string OpenApiDocument(const http::Router& router, const std::string& version) {
  json paths = json::object();
  for (const auto& route : router.routes()) {
    const auto& d = route.doc;
    json op = {{"summary", d.summary}, {"operationId", route.method + " " + route.pattern}};
    if (!d.tag.empty()) {
      op["tags"] = {d.tag};
    }
    json params = json::array();
    for (const auto& seg : route.segments) {
      if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
        params.push_back({{"name", seg.substr(1, seg.size() - 2)},
                          {"in", "path"},
                          {"required", true},
                          {"schema", Str()}});
      }
    }
    for (const auto& q : d.query) {
      params.push_back({{"name", q}, {"in", "query"}, {"required", false}, {"schema", Str()}});
    }
    if (!params.empty()) {
      op["parameters"] = params;
    }
    if (!d.request_schema.empty()) {
      json content = {{d.request_content_type, {{"schema", Ref(d.request_schema)}}}};
      if (d.request_content_type == "text/csv") {
        content["application/json"] = {{"schema", Ref(d.request_schema)}};
      }
      op["requestBody"] = {{"required", true}, {"content", content}};
    } else if (d.request_content_type != "application/json") {
      // A file upload sent as the raw body.
      op["requestBody"] = {
          {"required", true},
          {"content",
           {{d.request_content_type, {{"schema", {{"type", "string"}, {"format", "binary"}}}}}}}};
    }
    json ok = {{"description", "OK"}};
    if (!d.response_schema.empty()) {
      ok["content"] = {{d.response_content_type, {{"schema", Ref(d.response_schema)}}}};
    }
    op["responses"] = {
        {std::to_string(d.success_status), ok},
        {"default",
         {{"description", "Lỗi / Error (RFC 9457)"},
          {"content", {{"application/problem+json", {{"schema", Ref("Problem")}}}}}}}};
    op["security"] =
        d.public_route
            ? json::array()
            : json::array({{{"sessionCookie", json::array()}}, {{"bearerToken", json::array()}}});
    paths[route.pattern][Lower(route.method)] = op;
  }
  json doc = {
      {"openapi", "3.1.0"},
      {"info",
       {{"title", "cqdt — Chính quyền điện tử / e-government platform API"},
        {"version", version},
        {"description",
         "API của nền tảng chính quyền điện tử cqdt. Lỗi trả về dạng application/problem+json "
         "(RFC 9457). Yêu cầu thay đổi dữ liệu bằng cookie phiên cần tiêu đề X-CSRF-Token."}}},
      {"paths", paths},
      {"components",
       {{"schemas", Schemas()},
        {"securitySchemes",
         {{"sessionCookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", kSessionCookie}}},
          {"bearerToken", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
  return doc.dump(-1, ' ', false, json::error_handler_t::replace);
}

void RegisterRoutes(http::Router& router, ApiContext& ctx) {
  RegisterSystemRoutes(router, ctx);
  RegisterAuthRoutes(router, ctx);
  RegisterAgencyRoutes(router, ctx);
  RegisterUserRoutes(router, ctx);
  RegisterAuditRoutes(router, ctx);
  RegisterCalendarRoutes(router, ctx);
  RegisterCodeRoutes(router, ctx);
  RegisterSigningRoutes(router, ctx);
  RegisterExternalSigningRoutes(router, ctx);
  RegisterNotificationRoutes(router, ctx);
  RegisterDocumentRegisterRoutes(router, ctx);
  RegisterDocumentIncomingRoutes(router, ctx);
  RegisterDocumentGrantRoutes(router, ctx);
  RegisterDocumentOutgoingRoutes(router, ctx);
  RegisterDocumentDeliveryRoutes(router, ctx);
  RegisterDocumentQueueRoutes(router, ctx);
  RegisterDocumentDelegationRoutes(router, ctx);
  RegisterDocumentSigningRoutes(router, ctx);
  RegisterRecordRoutes(router, ctx);
  RegisterSearchRoutes(router, ctx);
  RegisterExtractionRoutes(router, ctx);
  RegisterDocumentImportRoutes(router, ctx);
  RegisterDocumentReportRoutes(router, ctx);
  RegisterRecordArchiveRoutes(router, ctx);
  RegisterProcedureRoutes(router, ctx);
  RegisterDossierRoutes(router, ctx);
  RegisterQueueRoutes(router, ctx);
  RegisterOnestopStatisticsRoutes(router, ctx);
  RegisterPortalRoutes(router, ctx);
  RegisterPaymentRoutes(router, ctx);
  RegisterExchangeRoutes(router, ctx);
  RegisterExchangeAdminRoutes(router, ctx);
  RegisterExchangeReceptionRoutes(router, ctx);
  RegisterExchangeStaffRoutes(router, ctx);
  RegisterMailRoutes(router, ctx);
  RegisterMailIntakeRoutes(router, ctx);
  RegisterIndex766Routes(router, ctx);
  RegisterIndex766AnalysisRoutes(router, ctx);
  RegisterOidcRoutes(router, ctx);
  RegisterFeedbackPortalRoutes(router, ctx);
  RegisterFeedbackStaffRoutes(router, ctx);
  RegisterPortalOnlineRoutes(router, ctx);
}

}  // namespace cqdt::api
