// Personal signatures with the official's own USB token (issue 9): two-step signing and the
// certificate bindings it relies on. The token is reached by the browser through the local signing
// agent; this server never sees the key or the PIN.
#include <string>
#include <vector>

#include "crypto/crypto.hpp"
#include "internal.hpp"
#include "signing/external_signing.hpp"
#include "signing_http.hpp"

namespace cqdt::api {
namespace {

json BindingJson(const signing::CertificateBinding& b) {
  return {{"id", b.id},
          {"userId", b.user_id.value()},
          {"username", b.username},
          {"fingerprintSha256", b.fingerprint_sha256},
          {"subject", b.subject},
          {"issuer", b.issuer},
          {"serial", b.serial},
          {"notBefore", ToIsoUtc(b.not_before)},
          {"notAfter", ToIsoUtc(b.not_after)},
          {"status", std::string(signing::ToString(b.status))},
          {"hasImage", b.has_image},
          {"registeredAt", b.registered_at},
          {"confirmedAt", b.confirmed_at.empty() ? json(nullptr) : json(b.confirmed_at)},
          {"confirmedBy", b.confirmed_by.empty() ? json(nullptr) : json(b.confirmed_by)}};
}

http::Response Prepare(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (ctx.external_signing == nullptr) {
    return SigningNotReady(req);
  }
  std::vector<FieldError> errors;
  signing::ExternalPrepareRequest in;
  in.content = ReadUpload(req);
  if (in.content.empty()) {
    errors.push_back({"file", "required", "Chưa gửi tệp cần ký."});
  }
  SignParams params = ParseSignParams(req, in.content, errors);
  in.kind = params.kind;
  in.pdf = params.pdf;
  in.file_name = params.file_name;
  in.document_number = params.pdf.document_number;
  in.certificates = DeclaredCertificates(req, errors);
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.Begin();
  auto prepared = ctx.external_signing->Prepare(tx, p, ActorOf(p, req), in);
  if (!prepared) {
    return Fail(prepared.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  return JsonResponse(201, {{"id", prepared->id},
                            {"digest", crypto::Base64Encode(prepared->digest)},
                            {"digestAlgorithm", "SHA-256"},
                            {"signatureAlgorithm",
                             prepared->algorithm == crypto::KeyAlgorithm::kRsa ? "RSA" : "ECDSA"},
                            {"expiresAt", ToIsoUtc(prepared->expires_at)},
                            {"fileName", prepared->file_name},
                            {"documentNumber", prepared->document_number},
                            {"contentSha256", prepared->content_sha256},
                            {"certificateSha256", prepared->certificate_sha256}});
}

http::Response Complete(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (ctx.external_signing == nullptr) {
    return SigningNotReady(req);
  }
  auto body = JsonBody::Parse(req, {"signature", "cms"});
  if (!body) {
    return Fail(body.error(), req);
  }
  signing::ExternalCompleteRequest in;
  in.id = req.Param("id");
  std::vector<FieldError> errors;
  for (const char* field : {"signature", "cms"}) {
    auto value = body->String(field);
    if (!value || value->empty()) {
      continue;
    }
    auto bytes = crypto::Base64Decode(*value);
    if (!bytes || bytes->empty()) {
      errors.push_back(
          {field, "format", std::string("Trường '") + field + "' phải là dữ liệu base64."});
      continue;
    }
    (std::string(field) == "signature" ? in.signature : in.cms) = std::move(*bytes);
  }
  if (auto st = body->Finish(); !st) {
    return Fail(st.error(), req);
  }
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.Begin();
  auto done = ctx.external_signing->Complete(tx, p, ActorOf(p, req), in);
  if (!done) {
    return Fail(done.error(), req);
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  std::string name = req.Query("fileName").value_or("");
  const signing::SignKind kind = done->content_type == "application/pdf" ? signing::SignKind::kPdf
                                 : done->content_type == "application/xml"
                                     ? signing::SignKind::kXml
                                     : signing::SignKind::kCms;
  name =
      signing::SignedFileName(SafeUploadName(name, kind == signing::SignKind::kPdf   ? "van-ban.pdf"
                                                   : kind == signing::SignKind::kXml ? "goi-tin.xml"
                                                                                     : "tep"),
                              kind);
  http::Response res;
  res.status = 200;
  res.headers.Set("Content-Type", done->content_type);
  res.headers.Set("Content-Disposition", AttachmentDisposition(name));
  res.headers.Set("Cache-Control", "no-store");
  res.body = std::move(done->content);
  return res;
}

}  // namespace

// Untrusted input: every element must parse (declared in signing_http.hpp).
std::vector<crypto::Certificate> DeclaredCertificates(const http::Request& req,
                                                      std::vector<FieldError>& errors) {
  std::vector<crypto::Certificate> out;
  const std::string header = req.headers.Get("X-Signing-Certificate").value_or("");
  if (header.empty()) {
    errors.push_back({"certificate", "required",
                      "Chưa gửi chứng thư số của thiết bị ký (tiêu đề X-Signing-Certificate)."});
    return out;
  }
  std::size_t start = 0;
  while (start <= header.size() && out.size() < 8) {
    const std::size_t comma = header.find(',', start);
    std::string part = header.substr(start, comma == std::string::npos ? comma : comma - start);
    while (!part.empty() && part.front() == ' ') {
      part.erase(0, 1);
    }
    auto der = crypto::Base64Decode(part);
    auto cert =
        der ? crypto::Certificate::Parse(*der) : Result<crypto::Certificate>(Error::Internal());
    if (!cert) {
      errors.push_back({"certificate", "format", "Chứng thư số gửi lên không đọc được."});
      return {};
    }
    out.push_back(std::move(*cert));
    if (comma == std::string::npos) {
      break;
    }
    start = comma + 1;
  }
  return out;
}

void RegisterExternalSigningRoutes(http::Router& r, ApiContext& ctx) {
  r.Add("GET", "/api/v1/signing/agent",
        Authed(ctx,
               [&ctx](http::Request&, const identity::Principal&) {
                 return JsonResponse(
                     200, {{"agentUrl", ctx.options.agent_url},
                           {"installUrl", ctx.options.agent_install_url},
                           {"preparationTtlSeconds", ctx.options.external_signing_ttl_seconds}});
               }),
        {},
        {"Địa chỉ phần mềm ký số trên máy cán bộ / Where the local signing agent listens",
         "signatures", "", "SigningAgentInfo"});

  r.Add("POST", "/api/v1/signing/external/prepare",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return Prepare(ctx, req, p); }),
        {.body_limit = ctx.options.sign_max_bytes, .stream_body_to_disk = true},
        {"Chuẩn bị ký bằng USB token: trả về mã băm cần ký / Prepare a signature by the user's "
         "token",
         "signatures",
         "",
         "ExternalPreparation",
         {"kind", "style", "page", "x", "y", "width", "height", "reason", "location",
          "documentNumber", "fileName"},
         false,
         "application/pdf",
         201});

  r.Add("POST", "/api/v1/signing/external/{id}/complete",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return Complete(ctx, req, p); }),
        {.body_limit = 1 << 20},
        {"Hoàn tất chữ ký bằng USB token: nhận giá trị chữ ký, trả tệp đã ký / Complete a token "
         "signature",
         "signatures",
         "ExternalCompletion",
         "",
         {"fileName"}});

  r.Add("GET", "/api/v1/signing/certificates",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 if (ctx.external_signing == nullptr) {
                   return SigningNotReady(req);
                 }
                 auto tx = ctx.db.BeginRead();
                 const bool all = req.Query("all").value_or("") == "true";
                 auto list = all ? ctx.external_signing->ListAll(tx, p)
                                 : ctx.external_signing->ListMine(tx, p);
                 if (!list) {
                   return Fail(list.error(), req);
                 }
                 json items = json::array();
                 for (const auto& b : *list) {
                   items.push_back(BindingJson(b));
                 }
                 return JsonResponse(200, {{"items", items}});
               }),
        {},
        {"Chứng thư số USB token đã đăng ký (của mình; all=true: mọi người, cho quản trị) / "
         "Registered token certificates",
         "signatures",
         "",
         "CertificateBindingList",
         {"all"}});

  r.Add(
      "POST", "/api/v1/signing/certificates",
      Authed(ctx,
             [&ctx](http::Request& req, const identity::Principal& p) {
               if (ctx.external_signing == nullptr) {
                 return SigningNotReady(req);
               }
               auto body = JsonBody::Parse(req, {"certificate", "image"});
               if (!body) {
                 return Fail(body.error(), req);
               }
               body->Require({"certificate"});
               auto cert64 = body->String("certificate");
               auto image64 = body->String("image");
               if (auto st = body->Finish(); !st) {
                 return Fail(st.error(), req);
               }
               // PEM text as is, or base64 DER.
               std::string certificate = *cert64;
               if (certificate.find("-----BEGIN") == std::string::npos) {
                 certificate = crypto::Base64Decode(certificate).value_or(std::string());
               }
               std::string image;
               if (image64 && !image64->empty()) {
                 auto decoded = crypto::Base64Decode(*image64);
                 if (!decoded) {
                   return Fail(
                       Error::InvalidField("image", "format", "Ảnh chữ ký phải là dữ liệu base64."),
                       req);
                 }
                 image = std::move(*decoded);
               }
               auto tx = ctx.db.Begin();
               auto b = ctx.external_signing->Register(tx, p, ActorOf(p, req), certificate, image);
               if (!b) {
                 return Fail(b.error(), req);
               }
               if (auto st = tx.Commit(); !st) {
                 return Fail(st.error(), req);
               }
               return JsonResponse(201, BindingJson(*b));
             }),
      {.body_limit = 1 << 20},
      {"Đăng ký chứng thư số của USB token cho tài khoản của mình / Register my token "
       "certificate",
       "signatures",
       "CertificateBindingInput",
       "CertificateBinding",
       {},
       false,
       "application/json",
       201});

  r.Add("POST", "/api/v1/signing/certificates/{id}/confirm",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 if (ctx.external_signing == nullptr) {
                   return SigningNotReady(req);
                 }
                 auto id = PathId(req);
                 if (!id) {
                   return Fail(id.error(), req);
                 }
                 auto tx = ctx.db.Begin();
                 auto b = ctx.external_signing->Confirm(tx, p, ActorOf(p, req), *id);
                 if (!b) {
                   return Fail(b.error(), req);
                 }
                 if (auto st = tx.Commit(); !st) {
                   return Fail(st.error(), req);
                 }
                 return JsonResponse(200, BindingJson(*b));
               }),
        {},
        {"Quản trị xác nhận chứng thư số của cán bộ / Confirm a user's token certificate",
         "signatures", "", "CertificateBinding"});

  r.Add("DELETE", "/api/v1/signing/certificates/{id}",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 if (ctx.external_signing == nullptr) {
                   return SigningNotReady(req);
                 }
                 auto id = PathId(req);
                 if (!id) {
                   return Fail(id.error(), req);
                 }
                 auto tx = ctx.db.Begin();
                 auto st = ctx.external_signing->Remove(tx, p, ActorOf(p, req), *id);
                 if (st) {
                   st = tx.Commit();
                 }
                 return st ? http::Response::NoContent() : Fail(st.error(), req);
               }),
        {},
        {"Gỡ chứng thư số USB token / Remove a token certificate",
         "signatures",
         "",
         "",
         {},
         false,
         "application/json",
         204});
}

}  // namespace cqdt::api
