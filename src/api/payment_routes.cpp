// Fee payment for the public portal (issue 13, item 4): the bank account each agency collects
// fees on (administrators set it; staff read it), and the transfer a fee-bearing dossier's
// tracking view offers: the agency's VietQR code for the amount with the dossier code as the
// transfer's purpose. The rules are payment::PaymentAccountService's and payment/vietqr.hpp's.
#include "crypto/crypto.hpp"
#include "internal.hpp"
#include "payment/reconciliation.hpp"
#include "payment/vietqr.hpp"
#include "report/workbook.hpp"
#include "text/amount_in_words.hpp"

namespace cqdt::api {

namespace {

std::optional<http::Response> Unready(ApiContext& ctx, const http::Request& req) {
  if (ctx.payment_accounts == nullptr) {
    return Fail(Error::Unavailable("Dịch vụ thanh toán phí chưa sẵn sàng."), req);
  }
  return std::nullopt;
}

json AccountJson(const payment::PaymentAccount& a) {
  return {
      {"agencyId", a.agency.value()},  {"bin", a.bin},
      {"bankName", a.bank_name},       {"account", a.account},
      {"accountName", a.account_name}, {"updatedAt", ToIsoVietnam(FromUnixSeconds(a.updated_at))},
      {"updatedBy", a.updated_by}};
}

http::Response GetAccount(ApiContext& ctx, http::Request& req) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto tx = ctx.db.BeginRead();
  auto account = ctx.payment_accounts->Get(tx, AgencyId(*id));
  if (!account) {
    return Fail(account.error(), req);
  }
  if (!*account) {
    return Fail(Error::NotFound("tài khoản nhận phí của cơ quan", std::to_string(*id)), req);
  }
  return JsonResponse(200, AccountJson(**account));
}

http::Response SetAccount(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (auto u = Unready(ctx, req)) {
    return *u;
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto body = JsonBody::Parse(req, {"bin", "bankName", "account", "accountName"});
  if (!body) {
    return Fail(body.error(), req);
  }
  body->Require({"bin", "bankName", "account", "accountName"});
  payment::PaymentAccount in;
  in.agency = AgencyId(*id);
  in.bin = body->String("bin").value_or("");
  in.bank_name = body->String("bankName").value_or("");
  in.account = body->String("account").value_or("");
  in.account_name = body->String("accountName").value_or("");
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  auto tx = ctx.db.Begin();
  auto saved = ctx.payment_accounts->Set(tx, p, ActorOf(p, req), std::move(in));
  if (!saved) {
    return Fail(saved.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(200, AccountJson(*saved));
}

constexpr std::uint64_t kMaxStatementBytes = 10 * 1024 * 1024;

http::Response ImportStatement(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (ctx.reconciliation == nullptr) {
    return Fail(Error::Unavailable("Dịch vụ thanh toán phí chưa sẵn sàng."), req);
  }
  auto id = PathId(req);
  if (!id) {
    return Fail(id.error(), req);
  }
  auto type = AsciiLower(req.headers.Get("Content-Type").value_or(""));
  const bool xlsx = type.rfind(report::kXlsxContentType, 0) == 0;
  if (!xlsx && type.rfind("text/csv", 0) != 0) {
    return Fail(Error::Unsupported("Tệp sao kê phải là CSV (text/csv) hoặc Excel (.xlsx)."), req);
  }
  const std::string bytes = ReadUpload(req);
  const bool dry_run = req.Query("dryRun").value_or("") == "true";
  auto tx = ctx.db.Begin();
  auto report =
      ctx.reconciliation->Import(tx, p, ActorOf(p, req), AgencyId(*id), bytes, xlsx, dry_run);
  if (!report) {
    return Fail(report.error(), req);
  }
  json rows = json::array();
  for (const auto& m : report->rows) {
    rows.push_back({{"row", m.line.row},
                    {"date", m.line.date},
                    {"reference", m.line.reference},
                    {"amount", m.line.amount},
                    {"description", m.line.description},
                    {"outcome", payment::MatchOutcomeName(m.outcome)},
                    {"outcomeLabel", http::Localized(payment::MatchOutcomeLabel(m.outcome), req)},
                    {"dossierCode", m.dossier_code},
                    {"expected", m.expected}});
  }
  json body = {{"dryRun", report->dry_run},      {"applied", report->applied},
               {"matched", report->matched},     {"amountDiffers", report->amount_differs},
               {"unmatched", report->unmatched}, {"duplicates", report->duplicates},
               {"rows", std::move(rows)}};
  if (dry_run) {
    return JsonResponse(200, body);  // rolled back with `tx`
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(200, body);
}

}  // namespace

json DossierPaymentJson(ApiContext& ctx, db::Transaction& tx, AgencyId receiving_agency,
                        const std::string& code, std::int64_t fee, bool fee_paid) {
  if (fee <= 0 || fee_paid) {
    return nullptr;
  }
  json out = {{"amount", fee}, {"transfer", nullptr}};
  if (auto words = text::AmountInWords(fee)) {
    out["amountInWords"] = *words;
  }
  if (ctx.payment_accounts == nullptr) {
    return out;
  }
  auto account = ctx.payment_accounts->Get(tx, receiving_agency);
  if (!account || !*account) {
    return out;  // no account: the fee is paid at the desk
  }
  const payment::PaymentAccount& a = **account;
  auto payload = payment::BuildVietQr({a.bin, a.account, false, fee, code});
  if (!payload) {
    return out;  // a code longer than a transfer's purpose: paid at the desk
  }
  auto png =
      ctx.qr_images != nullptr ? ctx.qr_images->Get(*payload, 6) : payment::QrPng(*payload, 6);
  out["transfer"] = {{"bin", a.bin},
                     {"bankName", a.bank_name},
                     {"account", a.account},
                     {"accountName", a.account_name},
                     {"purpose", code},
                     {"payload", *payload},
                     {"qrPng", png ? "data:image/png;base64," + crypto::Base64Encode(*png) : ""}};
  return out;
}

void RegisterPaymentRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/agencies/{id}/payment-account",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal&) { return GetAccount(ctx, req); }),
        {},
        {"Tài khoản nhận phí, lệ phí của cơ quan / The agency's fee account", "payment", "",
         "PaymentAccount"});
  r.Add("PUT", "/api/v1/agencies/{id}/payment-account",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return SetAccount(ctx, req, p); }),
        {},
        {"Khai báo tài khoản nhận phí, lệ phí / Set the agency's fee account", "payment",
         "PaymentAccountInput", "PaymentAccount"});
  r.Add("POST", "/api/v1/agencies/{id}/payment-statements",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return ImportStatement(ctx, req, p); }),
        {.body_limit = kMaxStatementBytes, .stream_body_to_disk = true, .in_memory_up_to = 1 << 20},
        {"Đối chiếu sao kê ngân hàng với phí, lệ phí của hồ sơ / Reconcile a bank statement",
         "payment",
         "",
         "ReconciliationReport",
         {"dryRun"},
         false,
         "text/csv"});
}

void AddPaymentSchemas(json& s) {
  const json str = {{"type", "string"}};
  const json integer = {{"type", "integer"}};
  auto obj = [](json props, std::vector<std::string> required) {
    return json{{"type", "object"}, {"properties", std::move(props)}, {"required", required}};
  };
  s["PaymentAccountInput"] =
      obj({{"bin", str}, {"bankName", str}, {"account", str}, {"accountName", str}},
          {"bin", "bankName", "account", "accountName"});
  s["PaymentAccount"] = obj({{"agencyId", integer},
                             {"bin", str},
                             {"bankName", str},
                             {"account", str},
                             {"accountName", str},
                             {"updatedAt", str},
                             {"updatedBy", str}},
                            {"agencyId", "bin", "bankName", "account", "accountName"});
  s["ReconciliationReport"] =
      obj({{"dryRun", {{"type", "boolean"}}},
           {"applied", {{"type", "boolean"}}},
           {"matched", integer},
           {"amountDiffers", integer},
           {"unmatched", integer},
           {"duplicates", integer},
           {"rows",
            {{"type", "array"},
             {"items", obj({{"row", integer},
                            {"date", str},
                            {"reference", str},
                            {"amount", integer},
                            {"description", str},
                            {"outcome",
                             {{"type", "string"},
                              {"enum",
                               {"matched", "amount_differs", "unmatched", "duplicate_reference",
                                "duplicate_dossier"}}}},
                            {"outcomeLabel", str},
                            {"dossierCode", str},
                            {"expected", integer}},
                           {"row", "amount", "outcome"})}}}},
          {"dryRun", "applied", "matched", "amountDiffers", "unmatched", "duplicates", "rows"});
  s["DossierPayment"] =
      obj({{"amount", integer},
           {"amountInWords", str},
           {"transfer",
            {{"oneOf",
              {obj({{"bin", str},
                    {"bankName", str},
                    {"account", str},
                    {"accountName", str},
                    {"purpose", str},
                    {"payload", str},
                    {"qrPng", str}},
                   {"bin", "bankName", "account", "accountName", "purpose", "payload", "qrPng"}),
               {{"type", "null"}}}}}}},
          {"amount", "transfer"});
}

}  // namespace cqdt::api
