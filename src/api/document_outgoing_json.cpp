// Outgoing documents (văn bản đi): the JSON of a document (schema OutgoingDocument), the draft
// input read from a request body, the ETag / If-Match pair of optimistic concurrency (decision
// 0009) and the OpenAPI schemas. Split from document_outgoing_routes.cpp (the routes); shared
// with the signing and delivery routes through internal.hpp.
#include "core/document_number.hpp"
#include "documents/outgoing_service.hpp"
#include "internal.hpp"

namespace cqdt::api {
namespace {

using documents::DocumentId;
using documents::OutgoingDocument;

std::string Time(std::int64_t seconds) {
  return seconds > 0 ? ToIsoVietnam(FromUnixSeconds(seconds)) : "";
}

json NullableId(std::int64_t id) { return id > 0 ? json(id) : json(nullptr); }

json OutgoingJson(const OutgoingDocument& od, const http::Request& req) {
  const documents::Document& d = od.document;
  const DocumentType* type = FindDocumentTypeByOrdinal(d.type_ordinal);
  const auto state = documents::ParseOutgoingState(d.state);
  json recipients = json::array();
  for (const auto& r : od.recipients) {
    json item = {{"agencyId", NullableId(r.agency_id.value())}, {"name", r.name}};
    if (!r.code.empty()) {
      item["code"] = r.code;
    }
    recipients.push_back(std::move(item));
  }
  json reviews = json::array();
  for (const auto& r : od.reviews) {
    reviews.push_back({{"id", r.id.value()},
                       {"step", documents::ReviewStepName(r.step)},
                       {"stepLabel", http::Localized(documents::ReviewStepLabel(r.step), req)},
                       {"reviewerId", r.reviewer_id.value()},
                       {"reviewerName", r.reviewer_name},
                       {"state", documents::ReviewStateName(r.state)},
                       {"stateLabel", http::Localized(documents::ReviewStateLabel(r.state), req)},
                       {"comment", r.comment},
                       {"createdAt", Time(r.created_at)},
                       {"decidedAt", r.decided_at > 0 ? json(Time(r.decided_at)) : json(nullptr)}});
  }
  json files = json::array();
  for (const auto& f : od.files) {
    files.push_back({{"id", f.id.value()},
                     {"role", documents::OutgoingFileRoleName(f.role)},
                     {"roleLabel", http::Localized(documents::OutgoingFileRoleLabel(f.role), req)},
                     {"version", f.version},
                     {"name", f.name},
                     {"contentType", f.content_type},
                     {"size", f.size},
                     {"pages", f.pages},
                     {"sha256", f.sha256},
                     {"uploadedBy", f.uploaded_by_name},
                     {"uploadedAt", Time(f.uploaded_at)}});
  }
  return {{"id", d.id.value()},
          {"agencyId", d.agency_id.value()},
          {"state", d.state},
          {"stateLabel", state ? http::Localized(documents::OutgoingStateLabel(*state), req) : ""},
          {"typeOrdinal", d.type_ordinal},
          {"typeName", type ? type->name : ""},
          {"subject", d.subject},
          {"description", d.description},
          {"urgency", documents::UrgencyName(d.urgency)},
          {"urgencyLabel", http::Localized(documents::UrgencyLabel(d.urgency), req)},
          {"confidentiality", documents::ConfidentialityName(d.confidentiality)},
          {"confidentialityLabel",
           http::Localized(documents::ConfidentialityLabel(d.confidentiality), req)},
          {"number", d.number > 0 ? json(d.number) : json(nullptr)},
          {"numberText", d.number_text.empty() ? json(nullptr) : json(d.number_text)},
          {"issuedDate", d.issued_date.empty() ? json(nullptr) : json(d.issued_date)},
          {"signerId", NullableId(od.signer_id.value())},
          {"signerName", d.signer_name},
          {"signerPosition", d.signer_position},
          {"draftingUnitId", NullableId(d.drafting_unit_id.value())},
          {"drafterId", NullableId(d.drafter_id.value())},
          {"pageCount", d.page_count},
          {"replacesId", NullableId(d.replaces_id.value())},
          {"replyToId", NullableId(d.reply_to_id.value())},
          {"recallReason", d.recall_reason.empty() ? json(nullptr) : json(d.recall_reason)},
          {"recipients", recipients},
          {"reviews", reviews},
          {"files", files},
          {"createdAt", Time(d.created_at)},
          {"updatedAt", Time(d.updated_at)},
          {"version", d.version}};
}

http::Response DocumentResponse(int status, const OutgoingDocument& od, const http::Request& req) {
  http::Response res = JsonResponse(status, OutgoingJson(od, req));
  res.headers.Set("ETag", DocumentETag(od.document));
  return res;
}

// Untrusted: `recipients` must be an array of objects with either an integer agencyId or a
// string name, nothing else.
std::optional<std::vector<documents::Recipient>> ReadRecipients(const JsonBody& body,
                                                                std::vector<FieldError>& errors) {
  if (!body.Has("recipients")) {
    return std::nullopt;
  }
  const json& v = body.value()["recipients"];
  std::vector<documents::Recipient> out;
  if (v.is_null()) {
    return out;
  }
  auto bad = [&] {
    errors.push_back({"recipients", "type",
                      "Trường 'recipients' phải là danh sách nơi nhận, mỗi nơi nhận có "
                      "'agencyId' (số), 'name' (chuỗi), hoặc 'name' và 'code' (mã định danh của "
                      "cơ quan ngoài hệ thống)."});
    return std::nullopt;
  };
  if (!v.is_array() || v.size() > documents::kMaxRecipients) {
    return bad();
  }
  for (const auto& e : v) {
    if (!e.is_object() || e.empty() || e.size() > 2) {
      return bad();
    }
    // An agency outside this instance, reached through the exchange: its name and OrganId.
    if (e.size() == 2) {
      if (e.contains("name") && e["name"].is_string() && e.contains("code") &&
          e["code"].is_string()) {
        out.push_back({AgencyId(), e["name"].get<std::string>(), e["code"].get<std::string>()});
        continue;
      }
      return bad();
    }
    if (e.contains("agencyId") && e["agencyId"].is_number_integer() &&
        e["agencyId"].get<std::int64_t>() > 0) {
      out.push_back({AgencyId(e["agencyId"].get<std::int64_t>()), ""});
    } else if (e.contains("name") && e["name"].is_string()) {
      out.push_back({AgencyId(), e["name"].get<std::string>()});
    } else {
      return bad();
    }
  }
  return out;
}

}  // namespace

Result<documents::DraftInput> ReadOutgoingDraftInput(const http::Request& req) {
  CQDT_ASSIGN_OR_RETURN(
      JsonBody body,
      JsonBody::Parse(req, {"typeOrdinal", "subject", "urgency", "confidentiality", "description",
                            "signerId", "draftingUnitId", "recipients"}));
  documents::DraftInput in;
  if (auto t = body.Int("typeOrdinal")) {
    // Out-of-int values are refused by the service as an unknown type.
    in.type_ordinal = *t > 0 && *t < 1000 ? static_cast<int>(*t) : 0;
  }
  in.subject = body.String("subject");
  in.urgency = body.String("urgency");
  in.confidentiality = body.String("confidentiality");
  in.description = body.String("description");
  if (auto s = body.Int("signerId")) {
    in.signer_id = UserId(*s);
  }
  if (auto u = body.Int("draftingUnitId")) {
    in.drafting_unit_id = UnitId(*u);
  }
  std::vector<FieldError> errors;
  in.recipients = ReadRecipients(body, errors);
  auto st = body.Finish();
  if (!st || !errors.empty()) {
    std::vector<FieldError> all = st ? std::vector<FieldError>{} : st.error().fields();
    all.insert(all.end(), errors.begin(), errors.end());
    return Error::Invalid(std::move(all));
  }
  return in;
}

json OutgoingDocumentJson(const OutgoingDocument& od, const http::Request& req) {
  return OutgoingJson(od, req);
}

http::Response OutgoingDocumentResponse(int status, const OutgoingDocument& od,
                                        const http::Request& req) {
  return DocumentResponse(status, od, req);
}

std::string OutgoingETag(const documents::Document& d) { return DocumentETag(d); }

std::optional<http::Response> CheckOutgoingIfMatch(const http::Request& req,
                                                   const documents::Document& current) {
  return CheckIfMatch(req, DocumentETag(current));
}

void AddDocumentOutgoingSchemas(json& s) {
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  const json nullable_str = {{"type", json::array({"string", "null"})}};
  const json nullable_int = {{"type", json::array({"integer", "null"})}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  const json recipient = obj({{"agencyId", integer}, {"name", str}}, {});
  s["OutgoingDraftInput"] = obj(
      {{"typeOrdinal", integer},
       {"subject", str},
       {"urgency", {{"type", "string"}, {"enum", {"normal", "urgent", "very_urgent", "express"}}}},
       {"confidentiality",
        {{"type", "string"}, {"enum", {"none", "confidential", "secret", "top_secret"}}}},
       {"description", str},
       {"signerId", integer},
       {"draftingUnitId", integer},
       {"recipients", {{"type", "array"}, {"items", recipient}}}},
      {});
  s["OutgoingDocument"] =
      obj({{"id", integer},
           {"agencyId", integer},
           {"state",
            {{"type", "string"},
             {"enum",
              {"draft", "in_review", "approved", "signed", "numbered", "released", "recalled",
               "replaced"}}}},
           {"stateLabel", str},
           {"typeOrdinal", integer},
           {"typeName", str},
           {"subject", str},
           {"description", str},
           {"urgency", str},
           {"urgencyLabel", str},
           {"confidentiality", str},
           {"confidentialityLabel", str},
           {"number", nullable_int},
           {"numberText", nullable_str},
           {"issuedDate", nullable_str},
           {"signerId", nullable_int},
           {"signerName", str},
           {"signerPosition", str},
           {"draftingUnitId", nullable_int},
           {"drafterId", nullable_int},
           {"pageCount", integer},
           {"replacesId", nullable_int},
           {"replyToId", nullable_int},
           {"recallReason", nullable_str},
           {"recipients",
            {{"type", "array"},
             {"items", obj({{"agencyId", nullable_int}, {"name", str}}, {"agencyId", "name"})}}},
           {"reviews",
            {{"type", "array"},
             {"items",
              obj({{"id", integer},
                   {"step", {{"type", "string"}, {"enum", {"unit_head", "consult", "leader"}}}},
                   {"stepLabel", str},
                   {"reviewerId", integer},
                   {"reviewerName", str},
                   {"state", {{"type", "string"}, {"enum", {"pending", "approved", "returned"}}}},
                   {"stateLabel", str},
                   {"comment", str},
                   {"createdAt", str},
                   {"decidedAt", nullable_str}},
                  {"id", "step", "reviewerId", "state"})}}},
           {"files",
            {{"type", "array"},
             {"items", obj({{"id", integer},
                            {"role", {{"type", "string"}, {"enum", {"draft", "signed", "issued"}}}},
                            {"roleLabel", str},
                            {"version", integer},
                            {"name", str},
                            {"contentType", str},
                            {"size", integer},
                            {"pages", integer},
                            {"sha256", str},
                            {"uploadedBy", str},
                            {"uploadedAt", str}},
                           {"id", "role", "version", "name"})}}},
           {"createdAt", str},
           {"updatedAt", str},
           {"version", integer}},
          {"id", "agencyId", "state", "typeOrdinal", "subject", "recipients", "reviews", "files",
           "version"});
  s["OutgoingTimeline"] =
      obj({{"items",
            {{"type", "array"},
             {"items", obj({{"at", str}, {"actorName", str}, {"action", str}, {"detail", str}},
                           {"at", "action"})}}}},
          {"items"});
  s["OutgoingSubmit"] = obj({{"unitHeadId", integer}, {"comment", str}}, {});
  s["OutgoingDecision"] = obj({{"comment", str}}, {});
  s["OutgoingSign"] = obj({{"keyId", str}, {"secret", str}}, {"keyId"});
  const json number = {{"type", "number"}};
  const json line_box =
      obj({{"page", integer}, {"x", number}, {"y", number}, {"width", number}, {"height", number}},
          {"x", "y", "width", "height"});
  s["LineBox"] = line_box;
  s["OutgoingIssue"] = obj({{"sealKeyId", str},
                            {"secret", str},
                            {"place", str},
                            {"numberBox", line_box},
                            {"dateBox", line_box}},
                           {"sealKeyId"});
  const json nullable_box = {{"oneOf", json::array({line_box, {{"type", "null"}}})}};
  s["IssuePositions"] =
      obj({{"pages",
            {{"type", "array"},
             {"items", obj({{"width", number}, {"height", number}}, {"width", "height"})}}},
           {"numberBox", nullable_box},
           {"dateBox", nullable_box}},
          {"pages", "numberBox", "dateBox"});
}

}  // namespace cqdt::api
