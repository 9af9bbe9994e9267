// The e-forms of online submission (issue 13, item 3; portal/form_service.hpp): a procedure's
// form as anyone reads it (limited per address, like the portal's other public routes), set by an
// administrator, and pre-filled for the signed-in citizen.
#include "portal_online_http.hpp"

namespace cqdt::api {

http::Handler CitizenOnly(ApiContext& ctx, CitizenHandler handler) {
  return Authed(ctx, [&ctx, handler](http::Request& req, const identity::Principal& p) {
    if (ctx.forms == nullptr || ctx.dossiers == nullptr) {
      return Fail(Error::Unavailable("Chức năng nộp hồ sơ trực tuyến chưa sẵn sàng."), req);
    }
    if (p.realm != identity::Realm::kCitizen) {
      return Fail(Error::PermissionDenied("Chức năng này dành cho công dân, tổ chức đã đăng nhập "
                                          "Cổng dịch vụ công."),
                  req);
    }
    return handler(ctx, req, p);
  });
}

json EFormJson(const portal::StoredForm& form) {
  auto parsed = ParseJson(portal::FormDefinitionText(form.definition));
  json j = parsed ? std::move(*parsed) : json::object();
  j["id"] = form.id.IsSet() ? json(form.id.value()) : json(nullptr);
  j["number"] = form.number;
  j["procedureCode"] = form.procedure_code;
  return j;
}

portal::FormAnswers AnswersFrom(const json& body, const char* field,
                                std::vector<FieldError>& errors) {
  portal::FormAnswers out;
  if (!body.contains(field) || body[field].is_null()) {
    return out;
  }
  const json& answers = body[field];
  if (!answers.is_object() || answers.size() > portal::kMaxFields) {
    errors.push_back(
        {field, "type",
         std::string("Trường '") + field + "' phải là đối tượng: tên trường → giá trị."});
    return out;
  }
  for (const auto& [name, value] : answers.items()) {
    const std::string at = "form." + (name.size() > 60 ? name.substr(0, 60) : name);
    if (value.is_string()) {
      out[name] = value.get<std::string>();
    } else if (value.is_boolean()) {
      out[name] = value.get<bool>() ? "true" : "false";
    } else if (value.is_number_integer()) {
      out[name] = value.dump();
    } else if (value.is_number_float()) {
      out[name] = value.dump();
    } else if (!value.is_null()) {
      errors.push_back({at, "type", "Giá trị của '" + at + "' phải là chuỗi, số hoặc true/false."});
    }
  }
  return out;
}

json AnswersJson(const portal::FormAnswers& answers) {
  json out = json::object();
  for (const auto& [name, value] : answers) {
    out[name] = value;
  }
  return out;
}

std::vector<portal::DocumentChoice> DocumentsFrom(const json& body, const char* field,
                                                  std::vector<FieldError>& errors) {
  std::vector<portal::DocumentChoice> out;
  if (!body.contains(field) || body[field].is_null()) {
    return out;
  }
  const json& list = body[field];
  if (!list.is_array() || list.size() > 100) {
    errors.push_back(
        {field, "type", std::string("Trường '") + field + "' phải là danh sách giấy tờ."});
    return out;
  }
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = std::string(field) + "[" + std::to_string(i) + "]";
    const json& d = list[i];
    if (!d.is_object() || !d.contains("ordinal") || !d["ordinal"].is_number_integer()) {
      errors.push_back(
          {at + ".ordinal", "type", "Trường '" + at + ".ordinal' phải là số thứ tự giấy tờ."});
      continue;
    }
    for (const auto& [key, unused] : d.items()) {
      if (key != "ordinal" && key != "files" && key != "byData") {
        errors.push_back(
            {at + "." + key, "unknown", "Trường '" + at + "." + key + "' không được hỗ trợ."});
      }
    }
    portal::DocumentChoice c;
    c.ordinal = static_cast<int>(std::clamp<long long>(d["ordinal"].get<long long>(), -1, 1000));
    if (d.contains("byData") && !d["byData"].is_null()) {
      if (!d["byData"].is_boolean()) {
        errors.push_back(
            {at + ".byData", "type", "Trường '" + at + ".byData' phải là true hoặc false."});
      } else {
        c.by_data = d["byData"].get<bool>();
      }
    }
    if (d.contains("files") && !d["files"].is_null()) {
      const json& files = d["files"];
      if (!files.is_array() || files.size() > portal::kMaxFilesPerDocument) {
        errors.push_back({at + ".files", "type",
                          "Trường '" + at + ".files' phải là danh sách tối đa " +
                              std::to_string(portal::kMaxFilesPerDocument) + " tệp."});
        continue;
      }
      for (const json& f : files) {
        if (f.is_string()) {
          c.files.push_back({f.get<std::string>(), ""});
        } else if (f.is_object() && f.contains("id") && f["id"].is_string()) {
          c.files.push_back({f["id"].get<std::string>(), f.contains("name") && f["name"].is_string()
                                                             ? f["name"].get<std::string>()
                                                             : ""});
        } else {
          errors.push_back(
              {at + ".files", "type",
               "Trường '" + at + ".files' phải là danh sách mã tệp trong kho dữ liệu."});
          break;
        }
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

json DocumentsJson(const std::vector<portal::DocumentChoice>& documents) {
  json out = json::array();
  for (const portal::DocumentChoice& d : documents) {
    json files = json::array();
    for (const portal::ChosenFile& f : d.files) {
      files.push_back({{"id", f.id}, {"name", f.name}});
    }
    out.push_back({{"ordinal", d.ordinal}, {"files", std::move(files)}, {"byData", d.by_data}});
  }
  return out;
}

namespace {

http::Response Read(ApiContext& ctx, http::Request& req) {
  if (ctx.forms == nullptr) {
    return Fail(Error::Unavailable("Chức năng nộp hồ sơ trực tuyến chưa sẵn sàng."), req);
  }
  if (auto limited =
          LimitPerAddress(ctx, req, "portal.e_form", ctx.options.e_form_requests_per_minute)) {
    return *limited;
  }
  auto tx = ctx.db.BeginRead();
  auto form = ctx.forms->Current(tx, req.Param("code"));
  if (!form) {
    return Fail(form.error(), req);
  }
  return JsonResponse(200, EFormJson(*form));
}

http::Response Set(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (ctx.forms == nullptr) {
    return Fail(Error::Unavailable("Chức năng nộp hồ sơ trực tuyến chưa sẵn sàng."), req);
  }
  // The body is the definition itself; JsonBody refuses other members and deep nesting.
  auto body = JsonBody::Parse(req, {"title", "titleEn", "documents", "sections"});
  if (!body) {
    return Fail(body.error(), req);
  }
  auto definition = portal::ParseFormDefinition(body->value().dump());
  if (!definition) {
    return Fail(definition.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto set = ctx.forms->Set(tx, p, ActorOf(p, req), req.Param("code"), std::move(*definition));
  if (!set) {
    return Fail(set.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(set->second ? 201 : 200, EFormJson(set->first));
}

http::Response Prefill(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto tx = ctx.db.BeginRead();
  auto form = ctx.forms->Current(tx, req.Param("code"));
  if (!form) {
    return Fail(form.error(), req);
  }
  auto answers = ctx.forms->PrefillFor(tx, p, *form);
  if (!answers) {
    return Fail(answers.error(), req);
  }
  return JsonResponse(200, {{"formId", form->id.IsSet() ? json(form->id.value()) : json(nullptr)},
                            {"formNumber", form->number},
                            {"answers", AnswersJson(*answers)}});
}

}  // namespace

void RegisterPortalFormRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/portal/procedures/{code}/e-form",
        [&ctx](http::Request& req) { return Read(ctx, req); }, {},
        {"Tờ khai điện tử của thủ tục / A procedure's e-form", "portal", "", "EForm", {}, true});
  r.Add("PUT", "/api/v1/portal/procedures/{code}/e-form",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return Set(ctx, req, p); }),
        {.body_limit = 1 << 20},
        {"Đặt tờ khai điện tử của thủ tục (phiên bản mới) / Set a procedure's e-form (a new "
         "version)",
         "portal", "EFormInput", "EForm"});
  r.Add("GET", "/api/v1/portal/procedures/{code}/e-form/prefill", CitizenOnly(ctx, Prefill), {},
        {"Giá trị điền sẵn của tờ khai cho công dân / The e-form's values pre-filled for the "
         "citizen",
         "portal", "", "EFormPrefill"});
}

void RegisterPortalOnlineRoutes(http::Router& r, ApiContext& ctx) {
  RegisterPortalFormRoutes(r, ctx);
  RegisterPortalDraftRoutes(r, ctx);
  RegisterPortalStoreRoutes(r, ctx);
  RegisterPortalDossierRoutes(r, ctx);
  RegisterProactiveRoutes(r, ctx);
}

void AddPortalOnlineSchemas(json& s) {
  AddProactiveSchemas(s);
  auto Ref = [](const char* name) {
    return json{{"$ref", std::string("#/components/schemas/") + name}};
  };
  json text = {{"type", "string"}};
  json field = {
      {"type", "object"},
      {"properties",
       {{"name", text},
        {"label", text},
        {"labelEn", text},
        {"help", text},
        {"helpEn", text},
        {"type",
         {{"type", "string"},
          {"enum",
           {"text", "textarea", "number", "date", "select", "radio", "checkbox", "idNumber",
            "phone", "email"}}}},
        {"required", {{"type", "boolean"}}},
        {"minLength", {{"type", "integer"}}},
        {"maxLength", {{"type", "integer"}}},
        {"min", {{"type", "number"}}},
        {"max", {{"type", "number"}}},
        {"integer", {{"type", "boolean"}}},
        {"minDate", text},
        {"maxDate", text},
        {"pattern", text},
        {"patternMessage", text},
        {"patternMessageEn", text},
        {"options",
         {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"properties", {{"value", text}, {"label", text}, {"labelEn", text}}}}}}},
        {"showIf",
         {{"type", "object"},
          {"properties", {{"field", text}, {"equals", {{"type", "array"}, {"items", text}}}}}}},
        {"prefill",
         {{"type", "string"},
          {"enum",
           {"profile.fullName", "profile.idNumber", "profile.phone", "profile.email",
            "profile.address", "lastDossier"}}}},
        {"applicant",
         {{"type", "string"},
          {"enum", {"name", "idNumber", "phone", "email", "address", "representative"}}}}}},
      {"required", {"name", "label", "type"}}};
  json input = {{"type", "object"},
                {"properties",
                 {{"title", text},
                  {"titleEn", text},
                  {"documents", {{"type", "array"}, {"items", {{"type", "integer"}}}}},
                  {"sections",
                   {{"type", "array"},
                    {"items",
                     {{"type", "object"},
                      {"properties",
                       {{"title", text},
                        {"titleEn", text},
                        {"fields", {{"type", "array"}, {"items", field}}}}}}}}}}},
                {"required", {"title", "sections"}}};
  s["EFormInput"] = input;
  json form = input;
  form["properties"]["id"] = {{"type", json::array({"integer", "null"})}};
  form["properties"]["number"] = {{"type", "integer"}};
  form["properties"]["procedureCode"] = text;
  s["EForm"] = form;
  json answers = {
      {"type", "object"},
      {"description",
       "Giá trị của từng trường, theo tên trường / each field's value, by field name"},
      {"additionalProperties", {{"type", json::array({"string", "number", "boolean"})}}}};
  s["EFormAnswers"] = answers;
  s["EFormPrefill"] = {{"type", "object"},
                       {"properties",
                        {{"formId", {{"type", json::array({"integer", "null"})}}},
                         {"formNumber", {{"type", "integer"}}},
                         {"answers", answers}}}};
  json documents = {
      {"type", "array"},
      {"items",
       {{"type", "object"},
        {"properties",
         {{"ordinal", {{"type", "integer"}}},
          {"files",
           {{"type", "array"},
            {"description",
             "Mã tệp: u tải lên, s trong kho, d của hồ sơ trước / file ids: u uploaded, s the "
             "store's, d an earlier dossier's"},
            {"items",
             {{"oneOf", json::array({text,
                                     {{"type", "object"},
                                      {"properties", {{"id", text}, {"name", text}}}}})}}}}},
          {"byData", {{"type", "boolean"}}}}}}}};
  s["PortalDraftInput"] = {{"type", "object"},
                           {"properties",
                            {{"procedureCode", text},
                             {"agencyId", {{"type", json::array({"integer", "null"})}}},
                             {"answers", Ref("EFormAnswers")},
                             {"documents", documents},
                             {"note", text}}},
                           {"required", {"procedureCode"}}};
  json draft = s["PortalDraftInput"];
  draft["properties"]["id"] = {{"type", "integer"}};
  draft["properties"]["procedureName"] = text;
  draft["properties"]["formId"] = {{"type", json::array({"integer", "null"})}};
  draft["properties"]["createdAt"] = text;
  draft["properties"]["updatedAt"] = text;
  s["PortalDraft"] = draft;
  s["PortalDraftList"] = {
      {"type", "object"},
      {"properties", {{"items", {{"type", "array"}, {"items", Ref("PortalDraft")}}}}}};
  s["CitizenFile"] = {
      {"type", "object"},
      {"properties",
       {{"id", text},
        {"source", {{"type", "string"}, {"enum", {"upload", "store", "document", "result"}}}},
        {"name", text},
        {"contentType", text},
        {"size", {{"type", "integer"}}},
        {"addedAt", text},
        {"url", text},
        {"dossier",
         {{"type", json::array({"object", "null"})},
          {"properties",
           {{"code", text},
            {"procedureCode", text},
            {"procedureName", text},
            {"documentOrdinal", {{"type", "integer"}}},
            {"documentName", text}}}}}}}};
  s["CitizenFileList"] = {
      {"type", "object"},
      {"properties", {{"items", {{"type", "array"}, {"items", Ref("CitizenFile")}}}}}};
  s["PortalSubmissionInput"] = {
      {"type", "object"},
      {"properties",
       {{"procedureCode", text},
        {"agencyId", {{"type", "integer"}}},
        {"formId", {{"type", json::array({"integer", "null"})}}},
        {"answers", Ref("EFormAnswers")},
        {"documents", documents},
        {"delivery", {{"type", "string"}, {"enum", {"counter", "postal", "electronic"}}}},
        {"note", text},
        {"draftId", {{"type", "integer"}}}}},
      {"required", {"procedureCode", "agencyId"}}};
  s["PortalSupplementInput"] = {
      {"type", "object"},
      {"properties",
       {{"note", text}, {"documents", documents}, {"expectedUpdatedAt", {{"type", "integer"}}}}}};
  json reason = {{"type", json::array({"object", "null"})},
                 {"properties", {{"reason", text}, {"at", text}}}};
  json eform_part = {
      {"type", json::array({"object", "null"})},
      {"properties",
       {{"form", Ref("EForm")}, {"answers", Ref("EFormAnswers")}, {"submittedAt", text}}}};
  s["CitizenDossier"] = {
      {"type", "object"},
      {"description",
       "Hồ sơ như công dân xem (các trường của Dossier trừ thao tác) / the dossier as its citizen "
       "reads it (Dossier's fields but the actions)"},
      {"properties",
       {{"code", text},
        {"provisional", {{"type", "boolean"}}},
        {"submittedAt", text},
        {"receivingAgency",
         {{"type", "object"}, {"properties", {{"id", {{"type", "integer"}}}, {"name", text}}}}},
        {"supplementRequest", reason},
        {"refusal", reason},
        {"eForm", eform_part},
        {"payment", {{"oneOf", {Ref("DossierPayment"), {{"type", "null"}}}}}},
        {"timeline", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};
  s["CitizenDossierList"] = {
      {"type", "object"},
      {"properties", {{"items", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};
  s["DossierEForm"] = {{"type", "object"}, {"properties", {{"eForm", eform_part}}}};
}

}  // namespace cqdt::api
