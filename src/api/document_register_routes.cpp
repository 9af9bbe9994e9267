// Document registers (issue 10, item 1): an agency's registers, their configuration and writers,
// the entries of a year, and the cancellation of a number. Who may do what is the documents
// module's (RegisterService::Can*); this file translates JSON and HTTP. Taking a number happens
// inside the incoming and outgoing use cases, not through a route of its own.
#include <algorithm>

#include "core/document_number.hpp"
#include "documents/register_service.hpp"
#include "internal.hpp"

namespace cqdt::api {
namespace {

using documents::Register;
using documents::RegisterEntry;
using documents::RegisterService;
using documents::RegisterWriter;

std::string Time(std::int64_t seconds) {
  return seconds > 0 ? ToIsoVietnam(FromUnixSeconds(seconds)) : "";
}

json NullableTime(std::int64_t seconds) {
  return seconds > 0 ? json(Time(seconds)) : json(nullptr);
}

json RegisterJson(const Register& r, const http::Request& req) {
  json types = json::array();
  for (int ordinal : r.document_types) {
    const DocumentType* t = FindDocumentTypeByOrdinal(ordinal);
    types.push_back(
        {{"ordinal", ordinal},
         {"name", t ? t->name : ""},
         {"abbreviation", t && !t->abbreviation.empty() ? json(t->abbreviation) : json(nullptr)}});
  }
  return {{"id", r.id.value()},
          {"agencyId", r.agency_id.value()},
          {"direction", documents::DirectionName(r.direction)},
          {"directionLabel", http::Localized(documents::DirectionLabel(r.direction), req)},
          {"kind", documents::RegisterKindName(r.kind)},
          {"kindLabel", http::Localized(documents::RegisterKindLabel(r.kind), req)},
          {"name", r.is_default ? http::Localized(r.name, req) : r.name},
          {"documentTypes", types},
          {"active", r.active},
          {"isDefault", r.is_default},
          {"createdAt", Time(r.created_at)},
          {"updatedAt", Time(r.updated_at)},
          {"version", r.version}};
}

json EntryJson(const RegisterEntry& e, const http::Request& req) {
  return {{"id", e.id.value()},
          {"registerId", e.register_id.value()},
          {"year", e.year},
          {"number", e.number},
          {"documentId", e.document_id.value()},
          {"state", documents::EntryStateName(e.state)},
          {"stateLabel", http::Localized(documents::EntryStateLabel(e.state), req)},
          {"reason", e.reason},
          {"allocatedBy", e.allocated_by_name},
          {"allocatedAt", Time(e.allocated_at)},
          {"cancelledBy", e.cancelled_by_name.empty() ? json(nullptr) : json(e.cancelled_by_name)},
          {"cancelledAt", NullableTime(e.cancelled_at)}};
}

json WriterJson(const RegisterWriter& w) {
  return {{"userId", w.user_id.value()},
          {"username", w.username},
          {"fullName", w.full_name},
          {"addedAt", Time(w.added_at)}};
}

http::Response Unavailable(const http::Request& req) {
  return Fail(Error::Unavailable("Chức năng sổ văn bản chưa sẵn sàng."), req);
}

// The register named by the path, if `p` may see it. Another agency's register is 404 for
// everyone but admins, as another agency's user is: its existence is not the caller's business.
Result<Register> VisibleRegister(ApiContext& ctx, db::Transaction& tx, const http::Request& req,
                                 const identity::Principal& p) {
  CQDT_ASSIGN_OR_RETURN(std::int64_t id, PathId(req));
  auto r = ctx.registers->Get(tx, documents::RegisterId(id));
  if (!r || !RegisterService::CanRead(p, r->agency_id)) {
    return Error::NotFound("sổ văn bản", std::to_string(id));
  }
  return r;
}

// documentTypes: an array of ordinals (untrusted: every element must be an integer).
std::optional<std::vector<int>> ReadTypes(const JsonBody& body, std::vector<FieldError>& errors) {
  if (!body.Has("documentTypes")) {
    return std::nullopt;
  }
  const json& v = body.value()["documentTypes"];
  std::vector<int> out;
  if (v.is_null()) {
    return out;
  }
  if (!v.is_array() || v.size() > 29 || !std::all_of(v.begin(), v.end(), [](const json& e) {
        return e.is_number_integer() && e.get<std::int64_t>() >= 0 && e.get<std::int64_t>() < 100;
      })) {
    errors.push_back(
        {"documentTypes", "type",
         "Trường 'documentTypes' phải là danh sách số thứ tự loại văn bản (1 đến 29)."});
    return std::nullopt;
  }
  for (const auto& e : v) {
    out.push_back(static_cast<int>(e.get<std::int64_t>()));
  }
  return out;
}

// The body of POST and PATCH.
Result<documents::RegisterInput> ReadRegisterInput(const http::Request& req, bool create) {
  CQDT_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(req, {"direction", "kind", "name",
                                                             "documentTypes", "active"}));
  if (create) {
    body.Require({"direction", "kind", "name"});
  }
  documents::RegisterInput in;
  in.direction = body.String("direction");
  in.kind = body.String("kind");
  in.name = body.String("name");
  in.active = body.Bool("active");
  std::vector<FieldError> type_errors;
  in.document_types = ReadTypes(body, type_errors);
  auto st = body.Finish();
  if (!st || !type_errors.empty()) {
    std::vector<FieldError> all = st ? std::vector<FieldError>{} : st.error().fields();
    all.insert(all.end(), type_errors.begin(), type_errors.end());
    return Error::Invalid(std::move(all));
  }
  return in;
}

// ?year=YYYY, default: this year in Vietnam.
Result<int> YearOf(ApiContext& ctx, const http::Request& req) {
  auto text = req.Query("year");
  if (!text || text->empty()) {
    return documents::YearInVietnam(ctx.clock.Now());
  }
  std::vector<FieldError> errors;
  auto year = QueryInt(req, "year", 0, 1900, 2999, errors);
  if (!year || text->size() != 4) {
    return Error::InvalidField("year", "format", "Năm phải có dạng YYYY, từ 1900 đến 2999.");
  }
  return *year;
}

http::Response ListRegisters(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  const AgencyId agency(*id);
  if (!RegisterService::CanRead(p, agency)) {
    return Fail(Error::PermissionDenied(), req);
  }
  auto complete = [](const std::vector<Register>& list) {
    return std::count_if(list.begin(), list.end(),
                         [](const Register& r) { return r.is_default; }) == 4;
  };
  std::vector<Register> list;
  {
    auto tx = ctx.db.BeginRead();
    auto read = ctx.registers->List(tx, agency);
    if (!read) {
      return Fail(read.error(), req);
    }
    list = std::move(*read);
  }
  if (!complete(list)) {
    // The default registers are made on the first visit (decision 0009): one write, once.
    auto tx = ctx.db.Begin();
    auto made = ctx.registers->EnsureDefaults(tx, ActorOf(p, req), agency);
    if (!made) {
      return Fail(made.error(), req);
    }
    auto read = ctx.registers->List(tx, agency);
    if (!read) {
      return Fail(read.error(), req);
    }
    if (auto st = tx.Commit(); !st) {
      return Fail(st.error(), req);
    }
    list = std::move(*read);
  }
  json items = json::array();
  for (const auto& r : list) {
    items.push_back(RegisterJson(r, req));
  }
  return JsonResponse(200, {{"items", items}});
}

http::Response CreateRegister(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  if (!RegisterService::CanManage(p, AgencyId(*id))) {
    return Fail(Error::PermissionDenied(), req);
  }
  auto in = ReadRegisterInput(req, true);
  if (!in) {
    return Fail(in.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto created = ctx.registers->Create(tx, ActorOf(p, req), AgencyId(*id), *in);
  if (!created) {
    return Fail(created.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(201, RegisterJson(*created, req));
}

http::Response UpdateRegister(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto tx = ctx.db.Begin();
  auto r = VisibleRegister(ctx, tx, req, p);
  if (!r) {
    return Fail(r.error(), req);
  }
  if (!RegisterService::CanManage(p, r->agency_id)) {
    return Fail(Error::PermissionDenied(), req);
  }
  auto in = ReadRegisterInput(req, false);
  if (!in) {
    return Fail(in.error(), req);
  }
  auto updated = ctx.registers->Update(tx, ActorOf(p, req), r->id, *in);
  if (!updated) {
    return Fail(updated.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(200, RegisterJson(*updated, req));
}

http::Response AddWriter(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto body = JsonBody::Parse(req, {"userId"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"userId"});
  auto user = body->Int("userId");
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto r = VisibleRegister(ctx, tx, req, p);
  if (!r) {
    return Fail(r.error(), req);
  }
  if (!RegisterService::CanManage(p, r->agency_id)) {
    return Fail(Error::PermissionDenied(), req);
  }
  auto added = ctx.registers->AddWriter(tx, ActorOf(p, req), r->id, UserId(user.value_or(0)));
  if (!added) {
    return Fail(added.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(201, WriterJson(*added));
}

http::Response RemoveWriter(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto user = PathId(req, "userId");
  if (!user) {
    return Fail(user.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto r = VisibleRegister(ctx, tx, req, p);
  if (!r) {
    return Fail(r.error(), req);
  }
  if (!RegisterService::CanManage(p, r->agency_id)) {
    return Fail(Error::PermissionDenied(), req);
  }
  if (auto st = ctx.registers->RemoveWriter(tx, ActorOf(p, req), r->id, UserId(*user)); !st) {
    return Fail(st.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return http::Response::NoContent();
}

http::Response ListEntries(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto year = YearOf(ctx, req);
  if (!year) {
    return Fail(year.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto r = VisibleRegister(ctx, tx, req, p);
  if (!r) {
    return Fail(r.error(), req);
  }
  auto writers = ctx.registers->Writers(tx, r->id);
  if (!writers) {
    return Fail(writers.error(), req);
  }
  if (!RegisterService::CanReadEntries(p, *r, *writers)) {
    return Fail(Error::PermissionDenied(), req);
  }
  auto entries = ctx.registers->Entries(tx, r->id, *year);
  if (!entries) {
    return Fail(entries.error(), req);
  }
  json items = json::array();
  for (const auto& e : *entries) {
    items.push_back(EntryJson(e, req));
  }
  return JsonResponse(200, {{"registerId", r->id.value()}, {"year", *year}, {"items", items}});
}

http::Response CancelEntry(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  auto entry_id = PathId(req, "entryId");
  if (!entry_id) {
    return Fail(entry_id.error(), req);
  }
  auto reason = ReadReason(req, true);
  if (!reason) {
    return Fail(reason.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto r = VisibleRegister(ctx, tx, req, p);
  if (!r) {
    return Fail(r.error(), req);
  }
  auto writers = ctx.registers->Writers(tx, r->id);
  if (!writers) {
    return Fail(writers.error(), req);
  }
  if (!RegisterService::CanWrite(p, *r, *writers)) {
    return Fail(Error::PermissionDenied(), req);
  }
  // The entry must belong to the register of the path (ids are not secret, registers are).
  auto entry = ctx.registers->GetEntry(tx, documents::RegisterEntryId(*entry_id));
  if (!entry || entry->register_id != r->id) {
    return Fail(Error::NotFound("số trong sổ", std::to_string(*entry_id)), req);
  }
  auto cancelled = ctx.registers->Cancel(tx, ActorOf(p, req), entry->id, *reason);
  if (!cancelled) {
    return Fail(cancelled.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(200, EntryJson(*cancelled, req));
}

// Wraps a handler so that it answers 503 while the service is not wired.
template <typename Handler>
http::Handler Guarded(ApiContext& ctx, Handler handler) {
  return Authed(ctx, [&ctx, handler](http::Request& req, const identity::Principal& p) {
    if (ctx.registers == nullptr) {
      return Unavailable(req);
    }
    return handler(ctx, req, p);
  });
}

}  // namespace

void AddDocumentRegisterSchemas(json& s) {
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  const json nullable_str = {{"type", json::array({"string", "null"})}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  const json direction = {{"type", "string"}, {"enum", {"incoming", "outgoing"}}};
  const json kind = {{"type", "string"}, {"enum", {"general", "per_type", "confidential"}}};
  s["DocumentRegisterInput"] = obj({{"direction", direction},
                                    {"kind", kind},
                                    {"name", str},
                                    {"documentTypes", {{"type", "array"}, {"items", integer}}},
                                    {"active", {{"type", "boolean"}}}},
                                   {});
  s["DocumentRegister"] =
      obj({{"id", integer},
           {"agencyId", integer},
           {"direction", direction},
           {"directionLabel", str},
           {"kind", kind},
           {"kindLabel", str},
           {"name", str},
           {"documentTypes",
            {{"type", "array"},
             {"items", obj({{"ordinal", integer}, {"name", str}, {"abbreviation", nullable_str}},
                           {"ordinal", "name", "abbreviation"})}}},
           {"active", {{"type", "boolean"}}},
           {"isDefault", {{"type", "boolean"}}},
           {"createdAt", str},
           {"updatedAt", str},
           {"version", integer}},
          {"id", "agencyId", "direction", "kind", "name", "active", "isDefault", "version"});
  s["DocumentRegisterList"] =
      obj({{"items",
            {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/DocumentRegister"}}}}}},
          {"items"});
  s["DocumentRegisterWriterInput"] = obj({{"userId", integer}}, {"userId"});
  s["DocumentRegisterWriter"] =
      obj({{"userId", integer}, {"username", str}, {"fullName", str}, {"addedAt", str}},
          {"userId", "username", "fullName"});
  s["DocumentRegisterWriterList"] = obj(
      {{"items",
        {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/DocumentRegisterWriter"}}}}}},
      {"items"});
  s["DocumentRegisterEntry"] =
      obj({{"id", integer},
           {"registerId", integer},
           {"year", integer},
           {"number", integer},
           {"documentId", integer},
           {"state", {{"type", "string"}, {"enum", {"allocated", "cancelled"}}}},
           {"stateLabel", str},
           {"reason", str},
           {"allocatedBy", str},
           {"allocatedAt", str},
           {"cancelledBy", nullable_str},
           {"cancelledAt", nullable_str}},
          {"id", "registerId", "year", "number", "documentId", "state"});
  s["DocumentRegisterEntryList"] = obj(
      {{"registerId", integer},
       {"year", integer},
       {"items",
        {{"type", "array"}, {"items", {{"$ref", "#/components/schemas/DocumentRegisterEntry"}}}}}},
      {"registerId", "year", "items"});
  s["DocumentRegisterEntryCancel"] = obj({{"reason", str}}, {"reason"});
}

void RegisterDocumentRegisterRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/agencies/{id}/document-registers", Guarded(ctx, ListRegisters), {},
        {"Sổ văn bản của cơ quan / An agency's document registers", "documents", "",
         "DocumentRegisterList"});
  r.Add("POST", "/api/v1/agencies/{id}/document-registers", Guarded(ctx, CreateRegister), {},
        {"Tạo sổ văn bản / Create a document register",
         "documents",
         "DocumentRegisterInput",
         "DocumentRegister",
         {},
         false,
         "application/json",
         201});
  r.Add("GET", "/api/v1/document-registers/{id}",
        Guarded(ctx,
                [](ApiContext& c, http::Request& req, const identity::Principal& p) {
                  auto tx = c.db.BeginRead();
                  auto reg = VisibleRegister(c, tx, req, p);
                  return reg ? JsonResponse(200, RegisterJson(*reg, req)) : Fail(reg.error(), req);
                }),
        {}, {"Một sổ văn bản / A document register", "documents", "", "DocumentRegister"});
  r.Add("PATCH", "/api/v1/document-registers/{id}", Guarded(ctx, UpdateRegister), {},
        {"Sửa, ngừng dùng sổ văn bản / Update or deactivate a document register", "documents",
         "DocumentRegisterInput", "DocumentRegister"});
  r.Add("GET", "/api/v1/document-registers/{id}/writers",
        Guarded(ctx,
                [](ApiContext& c, http::Request& req, const identity::Principal& p) {
                  auto tx = c.db.BeginRead();
                  auto reg = VisibleRegister(c, tx, req, p);
                  if (!reg) {
                    return Fail(reg.error(), req);
                  }
                  auto writers = c.registers->Writers(tx, reg->id);
                  if (!writers) {
                    return Fail(writers.error(), req);
                  }
                  json items = json::array();
                  for (const auto& w : *writers) {
                    items.push_back(WriterJson(w));
                  }
                  return JsonResponse(200, {{"items", items}});
                }),
        {},
        {"Người được giao ghi sổ / A register's writers", "documents", "",
         "DocumentRegisterWriterList"});
  r.Add("POST", "/api/v1/document-registers/{id}/writers", Guarded(ctx, AddWriter), {},
        {"Giao người ghi sổ / Add a register writer",
         "documents",
         "DocumentRegisterWriterInput",
         "DocumentRegisterWriter",
         {},
         false,
         "application/json",
         201});
  r.Add("DELETE", "/api/v1/document-registers/{id}/writers/{userId}", Guarded(ctx, RemoveWriter),
        {},
        {"Thôi giao người ghi sổ / Remove a register writer",
         "documents",
         "",
         "",
         {},
         false,
         "",
         204});
  r.Add("GET", "/api/v1/document-registers/{id}/entries", Guarded(ctx, ListEntries), {},
        {"Các số đã cấp trong năm / A register's entries of a year",
         "documents",
         "",
         "DocumentRegisterEntryList",
         {"year"}});
  r.Add("POST", "/api/v1/document-registers/{id}/entries/{entryId}/cancel",
        Guarded(ctx, CancelEntry), {},
        {"Hủy một số đã cấp / Cancel a number", "documents", "DocumentRegisterEntryCancel",
         "DocumentRegisterEntry"});
}

}  // namespace cqdt::api
