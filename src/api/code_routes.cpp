// GET /api/v1/codes/...: parse and explain official identifiers (issue 3) for the UI and scripts.
// Pure functions of the request over compiled-in tables: no database, no session lookup, so the
// routes are public and run on the I/O thread (.blocking = false). The codes and tables they
// explain are public reference data. Their answer shapes are described in api/code_json.hpp and
// docs/api.md; their component schemas are in openapi.cpp.
#include "api/code_json.hpp"
#include "core/level_one_agency.hpp"
#include "internal.hpp"

namespace cqdt::api {
namespace {

json NullIfEmpty(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json AgencyValue(const AgencyCode& code) {
  auto level_one = LevelOneCodeOf(code);
  const auto* entry = FindLevelOneAgency(level_one);
  return {{"code", code.text},
          {"layout", AgencyCodeLayoutName(code.layout)},
          {"level", code.Depth()},
          {"parentCode", NullIfEmpty(code.ParentText())},
          {"levels", code.levels},
          {"levelOne",
           {{"code", level_one},
            {"name", entry ? json(entry->name) : json(nullptr)},
            {"active", entry ? json(entry->active) : json(nullptr)},
            {"note", entry ? NullIfEmpty(entry->note) : json(nullptr)}}}};
}

json DossierValue(const DossierCode& code) {
  return {{"code", code.Text()},
          {"agencyCode", code.agency_code},
          {"receivedDate", FormatIsoDate(code.received)},
          {"sequence", code.sequence}};
}

json DocumentNumberValue(const DocumentNumber& d) {
  const auto* type = d.Type();
  return {{"value", d.Text()},
          {"display", d.Display()},
          {"number", d.number},
          {"year", d.year ? json(*d.year) : json(nullptr)},
          {"typeAbbreviation", NullIfEmpty(d.type_abbreviation)},
          {"typeName", type ? json(type->name) : json(nullptr)},
          {"typeOrdinal", type ? json(type->ordinal) : json(nullptr)},
          {"issuer", d.issuer},
          {"unit", NullIfEmpty(d.unit)},
          {"notation", d.Notation()}};
}

json DocumentTypesValue() {
  json items = json::array();
  for (const auto& t : AdministrativeDocumentTypes()) {
    items.push_back(
        {{"ordinal", t.ordinal},
         {"name", t.name},
         {"abbreviation", NullIfEmpty(t.abbreviation)},
         {"edxmlTypeDetail", t.edxml_type_detail > 0 ? json(t.edxml_type_detail) : json(nullptr)}});
  }
  return {{"items", items}};
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// The one query parameter of a route, required and non-empty (untrusted: the parsers below check
// it fully).
Result<std::string> RequiredQuery(const http::Request& req, const char* name) {
  auto v = req.Query(name);
  if (!v || v->empty()) {
    return Error::InvalidField(name, "required", std::string("Thiếu tham số '") + name + "'.");
  }
  return *v;
}

// Answers 200 with `to_json(parse(value))`, or 422 naming the parameter.
template <typename Parse, typename ToJson>
http::Response Explain(const http::Request& req, const char* param, Parse parse, ToJson to_json) {
  auto value = RequiredQuery(req, param);
  if (!value) {
    return Fail(value.error(), req);
  }
  auto parsed = parse(*value, std::string(param));
  if (!parsed) {
    return Fail(parsed.error(), req);
  }
  return JsonResponse(200, to_json(*parsed));
}

}  // namespace

std::string AgencyCodeJson(const AgencyCode& code) { return Dump(AgencyValue(code)); }
std::string DossierCodeJson(const DossierCode& code) { return Dump(DossierValue(code)); }
std::string DocumentNumberJson(const DocumentNumber& number) {
  return Dump(DocumentNumberValue(number));
}
std::string DocumentTypesJson() { return Dump(DocumentTypesValue()); }

void RegisterCodeRoutes(http::Router& r, ApiContext&) {
  r.Add("GET", "/api/v1/codes/agency",
        [](http::Request& req) {
          // ?layout= reads the code in one layout only (the two overlap: core/agency_code.hpp).
          std::optional<AgencyCodeLayout> layout;
          if (auto name = req.Query("layout")) {
            layout = AgencyCodeLayoutFromName(*name);
            if (!layout) {
              return Fail(Error::InvalidField("layout", "enum",
                                              "Kiểu mã định danh (layout) phải là qcvn102 "
                                              "(QCVN 102:2016) hoặc decision20 (Quyết định "
                                              "20/2020/QĐ-TTg)."),
                          req);
            }
          }
          return Explain(
              req, "code",
              [layout](const std::string& v, const std::string& f) {
                return ParseAgencyCode(v, f, layout);
              },
              AgencyValue);
        },
        {.blocking = false},
        {"Phân tích mã định danh cơ quan / Explain an agency code",
         "codes",
         "",
         "AgencyCodeInfo",
         {"code", "layout"},
         true});

  r.Add("GET", "/api/v1/codes/dossier",
        [](http::Request& req) {
          return Explain(
              req, "code",
              [](const std::string& v, const std::string& f) { return ParseDossierCode(v, f); },
              DossierValue);
        },
        {.blocking = false},
        {"Phân tích mã hồ sơ / Explain a dossier code",
         "codes",
         "",
         "DossierCodeInfo",
         {"code"},
         true});

  r.Add("GET", "/api/v1/codes/document-number",
        [](http::Request& req) {
          return Explain(
              req, "value",
              [](const std::string& v, const std::string& f) { return ParseDocumentNumber(v, f); },
              DocumentNumberValue);
        },
        {.blocking = false},
        {"Phân tích số, ký hiệu văn bản / Explain a document number",
         "codes",
         "",
         "DocumentNumberInfo",
         {"value"},
         true});

  r.Add("GET", "/api/v1/codes/document-types",
        [](http::Request&) {
          auto res = JsonResponse(200, DocumentTypesValue());
          res.headers.Set("Cache-Control", "public, max-age=3600");
          return res;
        },
        {.blocking = false},
        {"Các loại văn bản hành chính (Nghị định 30/2020) / Administrative document types",
         "codes",
         "",
         "DocumentTypeList",
         {},
         true});
}

}  // namespace cqdt::api
