// Signatures (issue 4): public verification, signing with the server's keys, and the trust store.
#include <charconv>
#include <cmath>

#include "api/signing_json.hpp"
#include "internal.hpp"
#include "signing/verify_file.hpp"
#include "signing_http.hpp"

namespace cqdt::api {
namespace {

using identity::Authorizer;
using signing::TrustPurpose;

// Untrusted input: hex digits only, even length.
std::optional<std::string> HexToBytes(const std::string& hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9')
      return c - '0';
    if (c >= 'a' && c <= 'f')
      return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
      return c - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) {
    return std::nullopt;
  }
  std::string out(hex.size() / 2, '\0');
  for (std::size_t i = 0; i < out.size(); ++i) {
    int hi = nibble(hex[2 * i]);
    int lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return std::nullopt;
    }
    out[i] = static_cast<char>(hi * 16 + lo);
  }
  return out;
}

Result<signing::VerificationReport> RunVerify(ApiContext& ctx, const std::string& bytes,
                                              const std::string& name,
                                              std::optional<std::string_view> sha256) {
  return signing::VerifyFile(ctx.db, *ctx.trust, *ctx.verifier,
                             {.bytes = bytes,
                              .file_name = name,
                              .detached_content = std::nullopt,
                              .detached_sha256 = sha256,
                              .extra_anchors = {},
                              .fetcher = ctx.revocation_fetcher});
}

Result<std::string> ReportPdf(ApiContext& ctx, const signing::VerificationReport& report) {
  if (ctx.reports == nullptr) {
    return signing::ReportPdf(report);
  }
  signing::ReportIssuer issuer;
  {
    auto tx = ctx.db.BeginRead();
    auto read = ctx.reports->Issuer(tx);
    if (!read) {
      return read.error();
    }
    issuer = std::move(*read);
  }  // the connection goes back before the report is rendered and sealed
  return ctx.reports->Pdf(report, issuer);
}

json CertificateBrief(const crypto::Certificate& c) {
  return {{"subject", c.SubjectDn()},
          {"commonName", c.SubjectCommonName()},
          {"organization", c.SubjectOrganization()},
          {"issuer", c.IssuerDn()},
          {"serial", c.SerialHex()},
          {"notBefore", ToIsoUtc(c.NotBefore())},
          {"notAfter", ToIsoUtc(c.NotAfter())},
          {"fingerprintSha256", c.FingerprintSha256()}};
}

// The trust-store routes: 503 until the trust service exists; staff may read, admins change.
enum class TrustAccess { kRead, kManage };
http::Handler TrustRoute(ApiContext& ctx, TrustAccess access, AuthedHandler handler) {
  return Authed(ctx, [&ctx, access, handler = std::move(handler)](http::Request& req,
                                                                  const identity::Principal& p) {
    if (ctx.trust == nullptr) {
      return SigningNotReady(req);
    }
    bool allowed =
        access == TrustAccess::kRead ? Authorizer::IsStaff(p) : Authorizer::CanManageTrust(p);
    if (!allowed) {
      return Fail(Error::PermissionDenied(), req);
    }
    return handler(req, p);
  });
}

std::optional<TrustPurpose> PurposeParam(const http::Request& req, bool required,
                                         std::vector<FieldError>& errors) {
  auto v = req.Query("purpose");
  if (!v || v->empty()) {
    if (required) {
      return TrustPurpose::kDocument;
    }
    return std::nullopt;
  }
  auto p = signing::ParseTrustPurpose(*v);
  if (!p) {
    errors.push_back({"purpose", "enum", "Mục đích phải là document hoặc timestamp."});
  }
  return p;
}

constexpr char kVerifyBucket[] = "signatures.verify";

InFlightLimits VerifyLimits(const ApiContext& ctx) {
  return {.per_address = ctx.options.verify_concurrent_per_address,
          .total = ctx.options.verify_concurrent,
          .retry_after_seconds = (ctx.options.verify_cpu_ms + 999) / 1000};
}

http::Response Verify(ApiContext& ctx, http::Request& req) {
  if (ctx.verifier == nullptr || ctx.trust == nullptr) {
    return SigningNotReady(req);
  }
  // Issue 8: anonymous and CPU-bound, so bounded three ways: requests per minute and requests in
  // flight per address, verifications in flight in all (below the worker threads, so logins and
  // /readyz always find a worker), and the verifier's CPU budget for each.
  InFlightSlot slot;
  if (auto refused = AdmitInFlight(req, kVerifyBucket, VerifyLimits(ctx), slot)) {
    return *refused;
  }
  if (auto limited =
          LimitPerAddress(ctx, req, "signatures.verify", ctx.options.verify_requests_per_minute)) {
    return *limited;
  }
  std::vector<FieldError> errors;
  auto format = req.Query("format").value_or("json");
  if (format != "json" && format != "pdf") {
    errors.push_back({"format", "enum", "Định dạng kết quả phải là json hoặc pdf."});
  }
  std::string bytes = ReadUpload(req);
  if (bytes.empty()) {
    errors.push_back({"file", "required", "Chưa chọn tệp cần kiểm tra."});
  }
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  // A detached .p7s is checked against the SHA-256 of its content, which the client computes
  // (the content itself may be large and need not be uploaded).
  std::optional<std::string> sha256;
  if (auto hex = req.Query("contentSha256"); hex && !hex->empty()) {
    sha256 = HexToBytes(*hex);
    if (!sha256 || sha256->size() != 32) {
      return Fail(Error::InvalidField("contentSha256", "format",
                                      "Mã băm SHA-256 của tệp gốc phải gồm 64 chữ số hex."),
                  req);
    }
  }
  std::string name = SafeUploadName(req.Query("fileName").value_or(""), "tep-tai-len");
  auto report =
      RunVerify(ctx, bytes, name, sha256 ? std::optional<std::string_view>(*sha256) : std::nullopt);
  if (!report) {
    const ErrorCode code = report.error().code();
    if (code == ErrorCode::kUnsupported || code == ErrorCode::kMalformed) {
      return Fail(Error::InvalidField("file", "format", report.error().message()), req);
    }
    // The file needs more work than one request may take (the CPU budget, or a limit on pages,
    // objects, signatures): 422, not 413 (the upload was within its size limit) and not 503
    // (trying again gives the same answer). No partial verdict is ever sent.
    if (code == ErrorCode::kTooLarge) {
      return Fail(Error::InvalidField("file", "too_complex", report.error().message()), req);
    }
    return Fail(report.error(), req);
  }
  if (format == "pdf") {
    // Headed with the system's agency and sealed with its seal (signing::ReportWriter).
    auto pdf = ReportPdf(ctx, *report);
    if (!pdf) {
      return Fail(pdf.error(), req);
    }
    http::Response res;
    res.status = 200;
    res.headers.Set("Content-Type", "application/pdf");
    res.headers.Set("Content-Disposition", AttachmentDisposition("ket-qua-kiem-tra-chu-ky.pdf"));
    res.body = std::move(*pdf);
    return res;
  }
  // The report's sentences follow Accept-Language, like problem details.
  auto res = http::Response::Json(200, VerificationReportJson(*report, http::LanguageOf(req)));
  res.headers.Set("Vary", "Accept-Language");
  return res;
}

http::Response Sign(ApiContext& ctx, http::Request& req, const identity::Principal& p) {
  if (ctx.signing == nullptr) {
    return SigningNotReady(req);
  }
  std::vector<FieldError> errors;
  signing::SignRequest in;
  in.key_id = req.Query("key").value_or("");
  if (in.key_id.empty()) {
    errors.push_back({"key", "required", "Chưa chọn khóa ký."});
  }
  in.content = ReadUpload(req);
  if (in.content.empty()) {
    errors.push_back({"file", "required", "Chưa gửi tệp cần ký."});
  }
  SignParams params = ParseSignParams(req, in.content, errors);
  in.kind = params.kind;
  in.pdf = params.pdf;
  in.file_name = params.file_name;
  in.secret = req.headers.Get("X-Signing-Secret").value_or("");
  if (!errors.empty()) {
    return Fail(Error::Invalid(std::move(errors)), req);
  }
  auto tx = ctx.db.Begin();
  auto out = ctx.signing->Sign(tx, p, ActorOf(p, req), in);
  if (!out) {
    const ErrorCode code = out.error().code();
    if (code != ErrorCode::kBadSignature && code != ErrorCode::kRateLimited) {
      return Fail(out.error(), req);
    }
    // A wrong or throttled secret: `tx` holds only its audit entry (SigningService::Sign),
    // which must outlive the refusal.
    if (auto st = tx.Commit(); !st) {
      return Fail(st.error(), req);
    }
    http::Response res = Fail(out.error(), req);
    if (code == ErrorCode::kRateLimited) {
      res.headers.Set("Retry-After",
                      std::to_string(ctx.signing->SecretRetryAfter(p, in.key_id).count()));
    }
    return res;
  }
  if (auto st = tx.Commit(); !st) {
    return Fail(st.error(), req);
  }
  const std::string name = signing::SignedFileName(in.file_name, in.kind);
  http::Response res;
  res.status = 200;
  res.headers.Set("Content-Type", out->content_type);
  res.headers.Set("Content-Disposition", AttachmentDisposition(name));
  res.body = std::move(out->content);
  return res;
}

}  // namespace

void RegisterSigningRoutes(http::Router& r, ApiContext& ctx) {
  // A verification that would be refused for the requests in flight is answered on the I/O thread
  // (the fast path) instead of queueing for a worker.
  r.Add("POST", "/api/v1/signatures/verify",
        [&ctx](http::Request& req) { return Verify(ctx, req); },
        {.body_limit = ctx.options.verify_max_bytes,
         .stream_body_to_disk = true,
         .blocking = true,
         .fast_path = [&ctx](http::Request& req) -> std::optional<http::Response> {
           if (ctx.verifier == nullptr || ctx.trust == nullptr) {
             return std::nullopt;
           }
           return RefuseInFlight(req, kVerifyBucket, VerifyLimits(ctx));
         }},
        {"Kiểm tra chữ ký số trong tệp PDF, XML hoặc CMS / Verify the signatures of a file",
         "signatures",
         "",
         "VerificationReport",
         {"fileName", "format", "contentSha256"},
         true,
         "application/pdf"});
  ctx.metrics.AddGauge("cqdt_verify_in_flight", "Signature verifications running now",
                       [] { return static_cast<double>(InFlightCount(kVerifyBucket)); });

  r.Add("GET", "/api/v1/signing/keys",
        Authed(ctx,
               [&ctx](http::Request& req, const identity::Principal& p) {
                 if (ctx.signing == nullptr) {
                   return SigningNotReady(req);
                 }
                 auto tx = ctx.db.BeginRead();
                 auto keys = ctx.signing->UsableKeys(tx, p);
                 if (!keys) {
                   return Fail(keys.error(), req);
                 }
                 json items = json::array();
                 for (const auto& k : *keys) {
                   items.push_back({{"id", k.id},
                                    {"kind", std::string(signing::ToString(k.kind))},
                                    {"owner", k.owner},
                                    {"askSecret", k.ask_secret},
                                    {"hasImage", k.has_image},
                                    {"demo", k.demo},
                                    {"certificate", k.certificate ? CertificateBrief(*k.certificate)
                                                                  : json(nullptr)}});
                 }
                 return JsonResponse(200, {{"items", items}});
               }),
        {},
        {"Các khóa ký người dùng được dùng / Signing keys the caller may use", "signatures", "",
         "SigningKeyList"});

  r.Add("POST", "/api/v1/signing/sign",
        Authed(ctx, [&ctx](http::Request& req,
                           const identity::Principal& p) { return Sign(ctx, req, p); }),
        {.body_limit = ctx.options.sign_max_bytes, .stream_body_to_disk = true},
        {"Ký số tệp PDF, XML hoặc CMS bằng khóa của máy chủ / Sign a file with a server-held key",
         "signatures",
         "",
         "",
         {"key", "kind", "style", "page", "x", "y", "width", "height", "reason", "location",
          "certify", "documentNumber", "fileName"},
         false,
         "application/pdf"});

  r.Add("GET", "/api/v1/trust/anchors",
        TrustRoute(ctx, TrustAccess::kRead,
                   [&ctx](http::Request& req, const identity::Principal&) {
                     std::vector<FieldError> errors;
                     auto purpose = PurposeParam(req, false, errors);
                     if (!errors.empty()) {
                       return Fail(Error::Invalid(std::move(errors)), req);
                     }
                     auto tx = ctx.db.BeginRead();
                     auto list = ctx.trust->ListAnchors(tx, purpose);
                     if (!list) {
                       return Fail(list.error(), req);
                     }
                     json items = json::array();
                     for (const auto& a : *list) {
                       items.push_back(TrustAnchorJson(a));
                     }
                     return JsonResponse(200, {{"items", items}});
                   }),
        {},
        {"Danh sách tổ chức chứng thực tin cậy / Trusted CAs",
         "trust",
         "",
         "TrustAnchorList",
         {"purpose"}});

  r.Add("POST", "/api/v1/trust/anchors",
        TrustRoute(ctx, TrustAccess::kManage,
                   [&ctx](http::Request& req, const identity::Principal& p) {
                     std::vector<FieldError> errors;
                     auto purpose = PurposeParam(req, true, errors);
                     std::string name = req.Query("name").value_or("");
                     // Untrusted input: exactly "true" or "false" (absent: a CA).
                     auto pin = req.Query("pin").value_or("false");
                     if (pin != "true" && pin != "false") {
                       errors.push_back({"pin", "enum", "Giá trị ghim phải là true hoặc false."});
                     }
                     std::string bytes = ReadUpload(req);
                     if (bytes.empty()) {
                       errors.push_back({"certificate", "required", "Chưa gửi tệp chứng thư số."});
                     }
                     if (!errors.empty()) {
                       return Fail(Error::Invalid(std::move(errors)), req);
                     }
                     auto tx = ctx.db.Begin();
                     auto added = ctx.trust->AddAnchors(
                         tx, ActorOf(p, req), *purpose, bytes, name,
                         pin == "true" ? signing::AnchorKind::kPinned : signing::AnchorKind::kCa);
                     if (!added) {
                       return Fail(added.error(), req);
                     }
                     if (auto st = tx.Commit(); !st) {
                       return Fail(st.error(), req);
                     }
                     json items = json::array();
                     for (const auto& a : *added) {
                       items.push_back(TrustAnchorJson(a));
                     }
                     return JsonResponse(201, {{"items", items}});
                   }),
        {.body_limit = 1024 * 1024},
        {"Thêm CA tin cậy hoặc ghim một chứng thư (PEM/DER) / Trust a CA or pin a certificate",
         "trust",
         "",
         "TrustAnchorList",
         {"purpose", "name", "pin"},
         false,
         "application/x-pem-file",
         201});

  r.Add("DELETE", "/api/v1/trust/anchors/{id}",
        TrustRoute(ctx, TrustAccess::kManage,
                   [&ctx](http::Request& req, const identity::Principal& p) {
                     auto id = PathId(req);
                     if (!id) {
                       return Fail(id.error(), req);
                     }
                     auto tx = ctx.db.Begin();
                     auto st = ctx.trust->RemoveAnchor(tx, ActorOf(p, req), *id);
                     if (st) {
                       st = tx.Commit();
                     }
                     return st ? http::Response::NoContent() : Fail(st.error(), req);
                   }),
        {},
        {"Gỡ tổ chức chứng thực khỏi danh sách tin cậy / Stop trusting a CA",
         "trust",
         "",
         "",
         {},
         false,
         "application/json",
         204});

  r.Add("GET", "/api/v1/trust/crls",
        TrustRoute(ctx, TrustAccess::kRead,
                   [&ctx](http::Request& req, const identity::Principal&) {
                     auto tx = ctx.db.BeginRead();
                     auto list = ctx.trust->ListCrls(tx);
                     if (!list) {
                       return Fail(list.error(), req);
                     }
                     json items = json::array();
                     for (const auto& c : *list) {
                       items.push_back(CrlJson(c));
                     }
                     return JsonResponse(200, {{"items", items}});
                   }),
        {}, {"Danh sách thu hồi đã lưu / Stored CRLs", "trust", "", "CrlList"});

  r.Add("POST", "/api/v1/trust/crls",
        TrustRoute(ctx, TrustAccess::kManage,
                   [&ctx](http::Request& req, const identity::Principal& p) {
                     std::string bytes = ReadUpload(req);
                     if (bytes.empty()) {
                       return Fail(Error::InvalidField("crl", "required", "Chưa gửi tệp CRL."),
                                   req);
                     }
                     auto tx = ctx.db.Begin();
                     auto crl = ctx.trust->AddCrl(tx, ActorOf(p, req), bytes);
                     if (!crl) {
                       return Fail(crl.error(), req);
                     }
                     if (auto st = tx.Commit(); !st) {
                       return Fail(st.error(), req);
                     }
                     return JsonResponse(201, CrlJson(*crl));
                   }),
        {.body_limit = 20 * 1024 * 1024, .stream_body_to_disk = true},
        {"Nạp danh sách chứng thư số bị thu hồi (CRL) / Upload a CRL",
         "trust",
         "",
         "Crl",
         {},
         false,
         "application/pkix-crl",
         201});
}

}  // namespace cqdt::api
