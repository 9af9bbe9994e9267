// Fee payment for the public portal (issue 13, item 4): the bank account each agency collects
// fees on (administrators set it; staff read it), and the transfer a fee-bearing dossier's
// tracking view offers: the agency's VietQR code for the amount with the dossier code as the
// transfer's purpose. The rules are payment::PaymentAccountService's and payment/vietqr.hpp's.
#include "crypto/crypto.hpp"
#include "internal.hpp"
#include "payment/vietqr.hpp"
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

}  // namespace

json DossierPaymentJson(ApiContext& ctx, db::Transaction& tx, const onestop::TrackedDossier& t) {
  if (t.fee <= 0 || t.fee_paid) {
    return nullptr;
  }
  json out = {{"amount", t.fee}, {"transfer", nullptr}};
  if (auto words = text::AmountInWords(t.fee)) {
    out["amountInWords"] = *words;
  }
  if (ctx.payment_accounts == nullptr) {
    return out;
  }
  auto account = ctx.payment_accounts->Get(tx, t.receiving_agency);
  if (!account || !*account) {
    return out;  // no account: the fee is paid at the desk
  }
  const payment::PaymentAccount& a = **account;
  auto payload = payment::BuildVietQr({a.bin, a.account, false, t.fee, t.code});
  if (!payload) {
    return out;  // a code longer than a transfer's purpose: paid at the desk
  }
  auto png = payment::QrPng(*payload, 6);
  out["transfer"] = {{"bin", a.bin},
                     {"bankName", a.bank_name},
                     {"account", a.account},
                     {"accountName", a.account_name},
                     {"purpose", t.code},
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
