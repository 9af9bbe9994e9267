// Document search (issue 11, item 3): GET /api/v1/search. The rules (folding, visibility in the
// query, facets, snippets) are documents::SearchService's; this file translates.
#include "core/document_number.hpp"
#include "documents/search_service.hpp"
#include "internal.hpp"

namespace cqdt::api {

namespace {

std::string StateLabel(const documents::Document& d) {
  if (d.direction == documents::Direction::kIncoming) {
    auto s = documents::ParseIncomingState(d.state);
    return s ? documents::IncomingStateLabel(*s) : d.state;
  }
  auto s = documents::ParseOutgoingState(d.state);
  return s ? documents::OutgoingStateLabel(*s) : d.state;
}

std::string StateLabelOf(const std::string& state) {
  if (auto s = documents::ParseIncomingState(state)) {
    return documents::IncomingStateLabel(*s);
  }
  if (auto s = documents::ParseOutgoingState(state)) {
    return documents::OutgoingStateLabel(*s);
  }
  return state;
}

std::string TypeLabel(int ordinal) {
  const DocumentType* t = FindDocumentTypeByOrdinal(ordinal);
  return t != nullptr ? t->name : "";
}

json Facets(const std::vector<documents::FacetCount>& facets,
            const std::function<std::string(const std::string&)>& label, const http::Request& req) {
  json out = json::array();
  for (const auto& f : facets) {
    out.push_back(
        {{"value", f.value}, {"label", http::Localized(label(f.value), req)}, {"count", f.count}});
  }
  return out;
}

http::Response Search(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (ctx.search == nullptr) {
    return Fail(Error::Unavailable("Chức năng tìm kiếm chưa sẵn sàng."), req);
  }
  std::vector<FieldError> errors;
  documents::SearchRequest r;
  r.query = req.Query("q").value_or("");
  r.direction = req.Query("direction").value_or("");
  r.type_ordinal = QueryInt(req, "typeOrdinal", 0, 0, 29, errors).value_or(0);
  r.state = req.Query("state").value_or("");
  r.urgency = req.Query("urgency").value_or("");
  r.date_from = req.Query("from").value_or("");
  r.date_to = req.Query("to").value_or("");
  r.register_id = QueryInt(req, "registerId", 0, 0, 1 << 30, errors).value_or(0);
  r.record_id = QueryInt(req, "recordId", 0, 0, 1 << 30, errors).value_or(0);
  r.limit = QueryInt(req, "limit", 20, 1, 100, errors).value_or(20);
  r.offset = QueryInt(req, "offset", 0, 0, documents::kSearchWindow - 1, errors).value_or(0);
  // Every bad parameter at once: the query's own (above) and the filters' (the service's rules).
  if (!errors.empty()) {
    for (auto& e : documents::CheckSearchRequest(r)) {
      errors.push_back(std::move(e));
    }
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.BeginRead();
  auto result = ctx.search->Search(tx, p, r);
  if (!result) {
    return Fail(result.error(), req);
  }
  json items = json::array();
  for (const auto& h : result->hits) {
    const auto& d = h.document;
    json snippet = json::array();
    for (const auto& part : h.snippet) {
      snippet.push_back({{"text", part.text}, {"hit", part.hit}});
    }
    items.push_back(
        {{"id", d.id.value()},
         {"direction", documents::DirectionName(d.direction)},
         {"directionLabel", http::Localized(documents::DirectionLabel(d.direction), req)},
         {"typeOrdinal", d.type_ordinal},
         {"typeLabel", TypeLabel(d.type_ordinal)},
         {"numberText", d.number_text},
         {"subject", d.subject},
         {"senderName", d.sender_name},
         {"signerName", d.signer_name},
         {"issuedDate", d.issued_date},
         {"arrivalDate", d.arrival_date},
         {"arrivalNumber", d.arrival_number},
         {"dueDate", d.due_date},
         {"state", d.state},
         {"stateLabel", http::Localized(StateLabel(d), req)},
         {"urgency", documents::UrgencyName(d.urgency)},
         {"urgencyLabel", http::Localized(documents::UrgencyLabel(d.urgency), req)},
         {"confidentiality", documents::ConfidentialityName(d.confidentiality)},
         {"fileNotation", d.file_notation},
         {"field", h.field},
         {"snippet", std::move(snippet)}});
  }
  auto direction_label = [](const std::string& v) -> std::string {
    auto d = documents::ParseDirection(v);
    return d ? documents::DirectionLabel(*d) : v;
  };
  auto urgency_label = [](const std::string& v) -> std::string {
    auto u = documents::ParseUrgency(v);
    return u ? documents::UrgencyLabel(*u) : v;
  };
  auto type_label = [](const std::string& v) { return TypeLabel(std::atoi(v.c_str())); };
  return JsonResponse(200, {{"items", std::move(items)},
                            {"total", result->total},
                            {"more", result->more},
                            {"facets",
                             {{"direction", Facets(result->directions, direction_label, req)},
                              {"type", Facets(result->types, type_label, req)},
                              {"state", Facets(result->states, StateLabelOf, req)},
                              {"urgency", Facets(result->urgencies, urgency_label, req)}}}});
}

}  // namespace

void AddSearchSchemas(json& s) {
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  json facet = {{"type", "array"},
                {"items", obj({{"value", str}, {"label", str}, {"count", integer}},
                              {"value", "label", "count"})}};
  json hit =
      obj({{"id", integer},
           {"direction", str},
           {"directionLabel", str},
           {"typeOrdinal", integer},
           {"typeLabel", str},
           {"numberText", str},
           {"subject", str},
           {"senderName", str},
           {"signerName", str},
           {"issuedDate", str},
           {"arrivalDate", str},
           {"arrivalNumber", integer},
           {"dueDate", str},
           {"state", str},
           {"stateLabel", str},
           {"urgency", str},
           {"urgencyLabel", str},
           {"confidentiality", str},
           {"fileNotation", str},
           {"field", str},
           {"snippet",
            {{"type", "array"},
             {"items", obj({{"text", str}, {"hit", {{"type", "boolean"}}}}, {"text", "hit"})}}}},
          {"id", "direction", "subject", "snippet"});
  s["SearchResult"] = obj(
      {{"items", {{"type", "array"}, {"items", hit}}},
       {"total", integer},
       {"more", {{"type", "boolean"}}},
       {"facets", obj({{"direction", facet}, {"type", facet}, {"state", facet}, {"urgency", facet}},
                      {"direction", "type", "state", "urgency"})}},
      {"items", "total", "facets"});
}

void RegisterSearchRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/search",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return Search(ctx, req, p); }),
        {},
        {"Tìm văn bản (không dấu, theo số ký hiệu, trích yếu, nơi gửi, người ký, ý kiến) / "
         "Search documents",
         "search",
         "",
         "SearchResult",
         {"q", "direction", "typeOrdinal", "state", "urgency", "from", "to", "registerId",
          "recordId", "limit", "offset"}});
}

}  // namespace cqdt::api
