// A citizen's dossiers on the portal (issue 13, item 3; portal/submission_service.hpp): the online
// submission, the list, one dossier with each decision and its reason (accepted: the code and the
// appointment; a supplement asked; refused), the supplement answered online; and the desk's view
// of a dossier's e-form.
#include "dossier_json.hpp"
#include "portal_online_http.hpp"
#include "signing_http.hpp"

namespace cqdt::api {

namespace {

using namespace onestop;

std::optional<http::Response> Unready(ApiContext& ctx, const http::Request& req) {
  if (ctx.submissions == nullptr) {
    return Fail(Error::Unavailable("Chức năng nộp hồ sơ trực tuyến chưa sẵn sàng."), req);
  }
  return std::nullopt;
}

std::string Time(std::int64_t seconds) {
  return seconds == 0 ? "" : ToIsoVietnam(FromUnixSeconds(seconds));
}

json FormPart(const std::optional<portal::DossierForm>& form) {
  if (!form) {
    return nullptr;
  }
  return {{"form", EFormJson(form->form)},
          {"answers", AnswersJson(form->answers)},
          {"submittedAt", Time(form->submitted_at)}};
}

// The latest event of `actions` with its reason, or null.
json LastDecision(const std::vector<DossierEvent>& timeline,
                  std::initializer_list<DossierAction> actions) {
  for (auto it = timeline.rbegin(); it != timeline.rend(); ++it) {
    for (DossierAction a : actions) {
      if (it->action == DossierActionName(a)) {
        return {{"reason", it->note}, {"at", Time(it->at)}};
      }
    }
  }
  return nullptr;
}

// The dossier as its citizen reads it: the desk's view without the actions and the internal ids,
// files by their store ids, each decision with its reason, and the e-form.
json CitizenDossierJson(ApiContext& ctx, db::Transaction& tx, const portal::CitizenDossierView& v,
                        const http::Request& req) {
  const Dossier& d = v.dossier.dossier;
  json j = DossierJson(d, {}, req);
  j.erase("actions");
  j.erase("resultDocumentId");
  j.erase("decidingAgencyId");
  const bool provisional = d.state == DossierState::kNew || d.received_at == 0;
  j["provisional"] = provisional;
  j["submittedAt"] = Time(d.submitted_at);
  json agency = {{"id", d.receiving_agency.value()}, {"name", ""}};
  if (auto a = ctx.agencies.Get(tx, d.receiving_agency)) {
    agency["name"] = a->name;
  }
  j["receivingAgency"] = std::move(agency);
  json files = json::array();
  for (const DossierFile& f : d.files) {
    files.push_back({{"id", "d" + std::to_string(f.id.value())},
                     {"kind", DossierFileKindName(f.kind)},
                     {"documentOrdinal", f.document_ordinal},
                     {"name", f.name},
                     {"contentType", f.content_type},
                     {"size", f.size},
                     {"reused", f.reused},
                     {"uploadedAt", Time(f.uploaded_at)},
                     {"url", "/api/v1/portal/store/d" + std::to_string(f.id.value())}});
  }
  j["files"] = std::move(files);
  json timeline = json::array();
  for (const DossierEvent& e : v.dossier.timeline) {
    timeline.push_back(DossierEventJson(e, req));
  }
  j["timeline"] = std::move(timeline);
  const auto& events = v.dossier.timeline;
  j["supplementRequest"] = d.state == DossierState::kWaitSupplement
                               ? LastDecision(events, {DossierAction::kRequestSupplement})
                               : json(nullptr);
  j["refusal"] = d.state == DossierState::kRejected || d.state == DossierState::kStopped
                     ? LastDecision(events, {DossierAction::kReject, DossierAction::kStop})
                     : json(nullptr);
  j["eForm"] = FormPart(v.form);
  // The fee is owed once the desk has accepted the dossier, under its own code (the transfer's
  // purpose); a refused or stopped one owes nothing. As the tracking view shows it.
  const bool owes =
      !provisional && d.state != DossierState::kRejected && d.state != DossierState::kStopped;
  j["payment"] = owes ? DossierPaymentJson(ctx, tx, d.receiving_agency, d.code, d.fee, d.fee_paid)
                      : json(nullptr);
  return j;
}

http::Response ViewAnswer(ApiContext& ctx, const http::Request& req, const identity::Principal& p,
                          const std::string& code, int status) {
  auto tx = ctx.db.BeginRead();
  auto view = ctx.submissions->View(tx, p, code);
  if (!view) {
    return Fail(view.error(), req);
  }
  return JsonResponse(status, CitizenDossierJson(ctx, tx, *view, req));
}

http::Response Submit(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto body = JsonBody::Parse(req, {"procedureCode", "agencyId", "formId", "answers", "documents",
                                    "delivery", "note", "draftId"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"procedureCode", "agencyId"});
  std::vector<FieldError> errors;
  portal::SubmissionInput in;
  in.procedure_code = body->String("procedureCode").value_or("");
  if (auto id = body->Int("agencyId"); id && *id > 0) {
    in.agency = AgencyId(*id);
  }
  if (auto id = body->Int("formId"); id && *id > 0) {
    in.form_id = portal::FormId(*id);
  }
  if (auto id = body->Int("draftId"); id && *id > 0) {
    in.draft = portal::DraftId(*id);
  }
  if (auto dl = body->String("delivery"); dl && !dl->empty()) {
    auto parsed = ParseResultDelivery(*dl);
    if (!parsed) {
      errors.push_back(
          {"delivery", "enum", "Trường 'delivery' phải là counter, postal hoặc electronic."});
    }
    in.delivery = parsed.value_or(ResultDelivery::kElectronic);
  }
  in.note = body->String("note").value_or("");
  in.answers = AnswersFrom(body->value(), "answers", errors);
  in.documents = DocumentsFrom(body->value(), "documents", errors);
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  std::string code;
  {
    auto tx = ctx.db.Begin();
    auto submitted = ctx.submissions->Submit(tx, ActorOf(p, req), p, in);
    if (!submitted) {
      return Fail(submitted.error(), req);
    }
    if (auto st = tx.Commit(); !st) {
      return Fail(st.error(), req);
    }
    code = submitted->dossier.code;
  }
  return ViewAnswer(ctx, req, p, code, 201);
}

http::Response List(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto tx = ctx.db.BeginRead();
  auto mine = ctx.submissions->Mine(tx, p);
  if (!mine) {
    return Fail(mine.error(), req);
  }
  json items = json::array();
  for (const auto& s : *mine) {
    json line = DossierSummaryJson(s, req);
    line.erase("assigneeName");
    line["provisional"] = s.state == DossierState::kNew || s.received_at == 0;
    items.push_back(std::move(line));
  }
  return JsonResponse(200, {{"items", std::move(items)}});
}

http::Response Get(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  return ViewAnswer(ctx, req, p, req.Param("code"), 200);
}

http::Response Supplement(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto body = JsonBody::Parse(req, {"note", "documents", "expectedUpdatedAt"});
  if (!body) {
    return Fail(body.error(), req);
  }
  std::vector<FieldError> errors;
  portal::SupplementInput in;
  in.note = body->String("note").value_or("");
  in.documents = DocumentsFrom(body->value(), "documents", errors);
  if (body->Has("expectedUpdatedAt") && !body->value()["expectedUpdatedAt"].is_null()) {
    in.expected_updated_at = body->Int("expectedUpdatedAt");
  }
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  std::string code;
  {
    auto tx = ctx.db.Begin();
    auto d = ctx.submissions->AnswerSupplement(tx, ActorOf(p, req), p, req.Param("code"), in);
    if (!d) {
      return Fail(d.error(), req);
    }
    if (auto st = tx.Commit(); !st) {
      return Fail(st.error(), req);
    }
    code = d->code;
  }
  return ViewAnswer(ctx, req, p, code, 200);
}

// The citizen's own receipt slip or fee receipt (PDF), once the desk accepted the dossier.
http::Response Paper(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (ctx.dossiers == nullptr) {
    return Fail(Error::Unavailable("Chức năng nộp hồ sơ trực tuyến chưa sẵn sàng."), req);
  }
  const std::string name = req.Param("form");
  if (name != "receipt" && name != "fee-receipt") {
    return Fail(Error::InvalidField("form", "enum", "Biểu mẫu phải là receipt hoặc fee-receipt."),
                req);
  }
  const onestop::DossierForm form =
      name == "receipt" ? onestop::DossierForm::kReceipt : onestop::DossierForm::kFeeReceipt;
  const std::string code = req.Param("code");
  auto tx = ctx.db.BeginRead();
  auto pdf = ctx.dossiers->FormPdf(tx, p, code, form, ctx.options.public_url);
  if (!pdf) {
    return Fail(pdf.error(), req);
  }
  http::Response res = http::Response::Text(200, std::move(*pdf), "application/pdf");
  res.headers.Set("Content-Disposition", AttachmentDisposition(name + "-" + code + ".pdf"));
  res.headers.Set("X-Content-Type-Options", "nosniff");
  return res;
}

// The desk's view of an online dossier's e-form (staff who may read the dossier).
http::Response StaffForm(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto tx = ctx.db.BeginRead();
  auto form = ctx.submissions->FormOf(tx, p, req.Param("code"));
  if (!form) {
    return Fail(form.error(), req);
  }
  return JsonResponse(200, {{"eForm", FormPart(*form)}});
}

}  // namespace

void RegisterPortalDossierRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("POST", "/api/v1/portal/dossiers", CitizenOnly(ctx, Submit), {.body_limit = 256 * 1024},
        {"Nộp hồ sơ trực tuyến / Submit a dossier online",
         "portal",
         "PortalSubmissionInput",
         "CitizenDossier",
         {},
         false,
         "application/json",
         201});
  r.Add("GET", "/api/v1/portal/dossiers", CitizenOnly(ctx, List), {},
        {"Hồ sơ của tôi / The citizen's dossiers", "portal", "", "CitizenDossierList"});
  r.Add("GET", "/api/v1/portal/dossiers/{code}", CitizenOnly(ctx, Get), {},
        {"Một hồ sơ của tôi và các quyết định / One of the citizen's dossiers and its decisions",
         "portal", "", "CitizenDossier"});
  r.Add("GET", "/api/v1/portal/dossiers/{code}/forms/{form}", CitizenOnly(ctx, Paper), {},
        {"Giấy tiếp nhận hoặc biên lai phí, lệ phí của hồ sơ (PDF) / The receipt slip or the fee "
         "receipt of one of the citizen's dossiers (PDF)",
         "portal", "", ""});
  r.Add("POST", "/api/v1/portal/dossiers/{code}/supplement", CitizenOnly(ctx, Supplement),
        {.body_limit = 256 * 1024},
        {"Bổ sung hồ sơ trực tuyến / Answer a supplement request online", "portal",
         "PortalSupplementInput", "CitizenDossier"});
  r.Add("GET", "/api/v1/dossiers/{code}/e-form",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return StaffForm(ctx, req, p); }),
        {},
        {"Tờ khai điện tử của hồ sơ nộp trực tuyến / The e-form of a dossier submitted online",
         "dossiers", "", "DossierEForm"});
}

}  // namespace cqdt::api
