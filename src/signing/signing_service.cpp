#include "signing/signing_service.hpp"

#include <algorithm>
#include <cctype>
#include <functional>

#include "crypto/cms.hpp"
#include "crypto/crypto.hpp"
#include "pdf/pdf.hpp"
#include "signing_internal.hpp"
#include "xml/xml.hpp"

namespace cqdt::signing {
namespace {

// A4 portrait in points, and Decree 30/2020 Appendix I margins (top 20 mm, right 15-20 mm).
constexpr double kPageWidth = 595.28;
constexpr double kPageHeight = 841.89;
constexpr double kMm = 72.0 / 25.4;

// Box 7c: the signer's signature sits in the right-hand signature block; without a template the
// default is the lower right of the last page. Its caption ("Ký bởi …", "Thời gian ký …") takes
// the bottom of the box, the handwritten-signature image the rest.
constexpr double kSignerX = 330, kSignerY = 120, kSignerW = 190, kSignerH = 80;
constexpr double kSignerFont = 8;
// Box 8: the seal at its real size of about 36 mm.
constexpr double kSealSize = 36 * kMm;
constexpr double kSealFont = 7;
constexpr double kGap = 2;

// The signer's widget as SignPdf lays it out by default (an image and the two caption lines).
pdf::AppearanceLayout DefaultSignerLayout() {
  pdf::SignatureAppearance signer;
  signer.x = kSignerX;
  signer.y = kSignerY;
  signer.width = kSignerW;
  signer.height = kSignerH;
  signer.font_size = kSignerFont;
  signer.image_png = "png";
  signer.lines.resize(2);
  return pdf::LayoutAppearance(signer);
}

}  // namespace

pdf::SignatureAppearance DefaultAppearance(const PdfSignOptions& o,
                                           std::vector<std::string> lines) {
  pdf::SignatureAppearance a;
  a.page = o.placement.page;
  a.image_png = o.image_png;
  a.lines = std::move(lines);
  switch (o.style) {
    case AppearanceStyle::kSigner:
      a.x = kSignerX;
      a.y = kSignerY;
      a.width = kSignerW;
      a.height = kSignerH;
      a.font_size = kSignerFont;
      break;
    case AppearanceStyle::kSeal: {
      const pdf::AppearanceLayout signer = DefaultSignerLayout();
      a.font_size = kSealFont;
      if (!a.image_png.empty()) {
        // Appendix I box 8: the seal image alone (the appendix prescribes no text for it; who
        // sealed and when are in the signature), at real size, over about a third of the
        // signer's signature image on its left, centred on it vertically, but never lower than
        // the signer's caption: a seal over "Ký bởi … / Thời gian ký …" hid the leader's name
        // and time (issue 8, item 18). Taller than the signer's image area, it reaches up
        // towards the position line as a paper seal does.
        a.lines.clear();
        a.width = kSealSize;
        a.height = kSealSize;
        a.x = signer.image_area.x + signer.image_area.width / 3 - kSealSize;
        a.y = std::max(signer.image_area.y + signer.image_area.height / 2 - kSealSize / 2,
                       signer.text.top() + kGap);
      } else {
        // No seal image: the agency name and time, beside the signer's caption on its left.
        a.width = 150;
        a.height = static_cast<double>(std::max<std::size_t>(a.lines.size(), 1)) * kSealFont * 1.2;
        a.x = signer.text.x - kGap - a.width;
        a.y = signer.text.y;
      }
      break;
    }
    case AppearanceStyle::kAttachment:
      // Top-right corner of the first page; Times New Roman 10 pt, black, no image.
      a.page = 1;
      a.image_png.clear();
      a.width = 200;
      a.height = 28;
      a.x = kPageWidth - 20 * kMm - a.width;
      a.y = kPageHeight - 20 * kMm - a.height;
      a.font_size = 10;
      break;
    case AppearanceStyle::kNone:
      break;
  }
  if (o.placement.x) {
    a.x = *o.placement.x;
  }
  if (o.placement.y) {
    a.y = *o.placement.y;
  }
  if (o.placement.width) {
    a.width = *o.placement.width;
  }
  if (o.placement.height) {
    a.height = *o.placement.height;
  }
  return a;
}

namespace {

const char* KindAction(SignKind k) {
  switch (k) {
    case SignKind::kPdf:
      return "sign.pdf";
    case SignKind::kXml:
      return "sign.xml";
    case SignKind::kCms:
      return "sign.cms";
  }
  return "sign";
}

}  // namespace

std::string_view ToString(AppearanceStyle s) {
  switch (s) {
    case AppearanceStyle::kNone:
      return "none";
    case AppearanceStyle::kSigner:
      return "signer";
    case AppearanceStyle::kSeal:
      return "seal";
    case AppearanceStyle::kAttachment:
      return "attachment";
  }
  return "none";
}

std::optional<AppearanceStyle> ParseAppearanceStyle(std::string_view s) {
  for (auto style : {AppearanceStyle::kNone, AppearanceStyle::kSigner, AppearanceStyle::kSeal,
                     AppearanceStyle::kAttachment}) {
    if (ToString(style) == s) {
      return style;
    }
  }
  return std::nullopt;
}

// i18n: Vietnamese only (the visible appearance is part of a Vietnamese document, Decree 30).
std::vector<std::string> AppearanceLines(AppearanceStyle style, const std::string& display_name,
                                         const std::string& document_number, TimePoint time) {
  // Appendix I writes the signing time as ISO 8601 in the Vietnam time zone.
  std::string when = ToIsoVietnam(time);
  switch (style) {
    case AppearanceStyle::kSigner:
      return {"Ký bởi: " + display_name, "Thời gian ký: " + when};
    case AppearanceStyle::kSeal:
      return {display_name, when};
    case AppearanceStyle::kAttachment:
      return {document_number, when};
    case AppearanceStyle::kNone:
      break;
  }
  return {};
}
// i18n: end

std::string SignedFileName(std::string_view file_name, SignKind kind) {
  std::string name(file_name);
  if (kind == SignKind::kCms) {
    return name + ".p7s";
  }
  const auto dot = name.find_last_of('.');
  const bool has_ext = dot != std::string::npos && dot > 0;
  std::string stem = has_ext ? name.substr(0, dot) : name;
  const std::string ext = has_ext ? name.substr(dot) : "";
  auto lower = [](std::string s) {
    for (auto& c : s) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
  };
  static constexpr std::string_view kMarkers[] = {".signed", "-signed", "_signed", "-da-ky",
                                                  "_da_ky"};
  for (bool stripped = true; stripped;) {
    stripped = false;
    const std::string low = lower(stem);
    for (auto marker : kMarkers) {
      if (low.size() > marker.size() && low.ends_with(marker)) {
        stem.resize(stem.size() - marker.size());
        stripped = true;
        break;
      }
    }
  }
  return stem + ".signed" + ext;
}

Result<pdf::SignatureRequest> BuildPdfRequest(const PdfSignOptions& options,
                                              const crypto::Certificate& certificate,
                                              const std::vector<crypto::Certificate>& chain) {
  pdf::SignatureRequest req;
  req.signer_name = certificate.SubjectCommonName();
  req.reason = options.reason;
  req.location = options.location;
  req.signing_time = options.signing_time;
  req.certify_permissions = options.certify_permissions;
  if (options.style != AppearanceStyle::kNone) {
    std::string name = options.display_name;
    if (name.empty()) {
      name = options.style == AppearanceStyle::kSeal && !certificate.SubjectOrganization().empty()
                 ? certificate.SubjectOrganization()
                 : certificate.SubjectCommonName();
    }
    if (options.style == AppearanceStyle::kAttachment && options.document_number.empty()) {
      return Error::InvalidField("documentNumber", "required",
                                 "Cần số, ký hiệu của văn bản chính để ký tệp đính kèm.");
    }
    req.appearance = DefaultAppearance(
        options,
        AppearanceLines(options.style, name, options.document_number, options.signing_time));
  }
  // /Contents is sized to what this key's CMS needs (its certificates, the signature value, the
  // signed attributes, and a timestamp token when one is requested): every reserved byte is
  // written twice as hex and hashed, so a generous fixed reserve costs time and file size.
  std::size_t reserve = 2048 + certificate.Der().size() + 2 * (certificate.key_bits() / 8 + 16);
  for (const auto& c : chain) {
    reserve += c.Der().size();
  }
  if (!options.timestamp_url.empty()) {
    reserve += 16384;  // a token carries the TSA's chain
  }
  req.contents_reserve = reserve;
  return req;
}

crypto::CmsSignOptions PadesCmsOptions(const std::string& timestamp_url) {
  crypto::CmsSignOptions cms;
  cms.signing_certificate_v2 = true;
  cms.include_signing_time = false;  // PAdES: the claimed time is the PDF's /M
  cms.include_chain = true;
  cms.timestamp_url = timestamp_url;
  return cms;
}

namespace {

using PdfWriter =
    std::function<Result<std::string>(const pdf::SignatureRequest&, const pdf::CmsMaker&)>;

Result<std::string> SignPdfThrough(const PdfWriter& write, const crypto::SigningKey& key,
                                   const PdfSignOptions& options) {
  CQDT_ASSIGN_OR_RETURN(pdf::SignatureRequest req,
                        BuildPdfRequest(options, key.certificate, key.chain));
  const crypto::CmsSignOptions cms = PadesCmsOptions(options.timestamp_url);
  pdf::CmsMaker make_cms = [&](std::string_view bytes) { return crypto::SignCms(bytes, key, cms); };
  auto out = write(req, make_cms);
  if (!out && out.error().code() == ErrorCode::kTooLarge) {
    req.contents_reserve = 2 * req.contents_reserve + 16384;  // an unusually large timestamp token
    out = write(req, make_cms);
  }
  return out;
}

}  // namespace

Result<std::string> SignPdfWithKey(const std::string& pdf, const crypto::SigningKey& key,
                                   const PdfSignOptions& options) {
  return SignPdfThrough(
      [&](const pdf::SignatureRequest& req, const pdf::CmsMaker& make_cms) {
        return pdf::SignPdf(pdf, req, make_cms);
      },
      key, options);
}

Result<std::string> SignPdfWithKey(const SignRequest& request, const crypto::SigningKey& key,
                                   const PdfSignOptions& options) {
  if (!request.pdf_writer) {
    return SignPdfWithKey(request.content, key, options);
  }
  return SignPdfThrough(request.pdf_writer, key, options);
}

Result<std::string> SignXmlWithKey(const std::string& xml, const crypto::SigningKey& key) {
  return xml::SignEnveloped(xml, key);
}

Result<std::string> SignCmsWithKey(const std::string& content, const crypto::SigningKey& key,
                                   const std::string& timestamp_url, TimePoint signing_time) {
  crypto::CmsSignOptions cms;
  cms.signing_certificate_v2 = true;
  cms.include_signing_time = true;
  cms.signing_time = signing_time;
  cms.include_chain = true;
  cms.timestamp_url = timestamp_url;
  return crypto::SignCms(content, key, cms);
}

Status SigningService::CheckMayUse(db::Transaction& tx, const identity::Principal& who,
                                   const KeyEntry& entry) const {
  if (!identity::Authorizer::IsStaff(who) || who.via_api_token) {
    return Error::PermissionDenied("Chỉ cán bộ đăng nhập mới được ký số.");
  }
  if (entry.kind == KeyKind::kPersonal) {
    if (who.username != entry.owner) {
      return Error::PermissionDenied(
          "Chỉ người được cấp chứng thư số cá nhân này mới được dùng nó để ký.");
    }
    return {};
  }
  if (!who.Has(identity::Role::kClerk)) {
    return Error::PermissionDenied("Chỉ văn thư của cơ quan mới được đóng dấu (ký số cơ quan).");
  }
  auto agency = agencies_.Lookup(tx, who.agency_id);
  if (!agency || agency->code != entry.owner) {
    return Error::PermissionDenied("Văn thư chỉ được dùng chứng thư số của cơ quan mình.");
  }
  return {};
}

std::vector<AttemptThrottle::Limit> SigningService::SecretLimits(const identity::Principal& who,
                                                                 const std::string& key_id) const {
  return {{"user:" + who.username, secret_limits_.max_failures},
          {"key:" + key_id, secret_limits_.max_failures}};
}

std::chrono::seconds SigningService::SecretRetryAfter(const identity::Principal& who,
                                                      const std::string& key_id) const {
  return secret_throttle_.RetryAfter(SecretLimits(who, key_id));
}

Result<std::vector<KeyInfo>> SigningService::UsableKeys(db::Transaction& tx,
                                                        const identity::Principal& who) const {
  std::vector<KeyInfo> out;
  for (const auto& e : keys_.entries()) {
    if (!CheckMayUse(tx, who, e)) {
      continue;
    }
    KeyInfo k;
    k.id = e.id;
    k.kind = e.kind;
    k.owner = e.owner;
    k.ask_secret = e.ask_secret;
    k.has_image = !e.image_path.empty();
    k.demo = e.demo;
    k.certificate = keys_.CertificateOf(e);
    out.push_back(std::move(k));
  }
  return out;
}

Result<SignResult> SigningService::Sign(db::Transaction& tx, const identity::Principal& who,
                                        const audit::Actor& actor,
                                        const SignRequest& request) const {
  const KeyEntry* entry = keys_.Find(request.key_id);
  if (entry == nullptr) {
    return Error::NotFound("khóa ký", request.key_id);
  }
  CQDT_RETURN_IF_ERROR(CheckMayUse(tx, who, *entry));
  if (entry->ask_secret && request.secret.empty()) {
    return Error::InvalidField("secret", "required", "Cần nhập mật khẩu hoặc mã PIN của khóa ký.");
  }
  if (request.kind == SignKind::kPdf) {
    auto style = request.pdf.style;
    if (entry->kind == KeyKind::kPersonal &&
        (style == AppearanceStyle::kSeal || style == AppearanceStyle::kAttachment)) {
      return Error::InvalidField("style", "enum",
                                 "Chữ ký cá nhân không dùng hình thức con dấu hoặc tệp đính kèm.");
    }
    if (entry->kind == KeyKind::kSeal && style == AppearanceStyle::kSigner) {
      return Error::InvalidField(
          "style", "enum", "Chữ ký số cơ quan dùng hình thức con dấu (seal) hoặc tệp đính kèm.");
    }
  }
  // Untrusted input: a typed secret may be a guess. Throttled per signer and per key before it
  // is checked (the attempt counts from here), so that ~400 PKCS#12 decryptions a second cannot
  // become a password search.
  std::optional<AttemptThrottle::Attempt> attempt;
  if (entry->ask_secret) {
    attempt.emplace(secret_throttle_.Begin(SecretLimits(who, entry->id)));
    if (!attempt->admitted()) {
      const auto minutes = (attempt->retry_after().count() + 59) / 60;
      if (attempt->first_refusal()) {
        CQDT_RETURN_IF_ERROR(
            audit_.Record(tx, actor,
                          {"sign.secret_locked", "signature", entry->id,
                           "Tạm khóa việc ký bằng khóa " + entry->id + " của " + who.username +
                               " " + std::to_string(minutes) + " phút vì nhập sai mật khẩu quá " +
                               std::to_string(secret_limits_.max_failures) + " lần"}));
      }
      return Error::RateLimited(
          "Bạn đã nhập sai mật khẩu hoặc mã PIN của khóa ký quá nhiều lần. Vui lòng thử lại sau " +
          std::to_string(minutes) + " phút.");
    }
  }
  auto key = keys_.Unlock(*entry, request.secret);
  if (!key) {
    if (attempt && key.error().code() == ErrorCode::kBadSignature) {
      // The attempt stays counted. The audit names the key and the count, never the secret.
      const int count = *std::max_element(attempt->failures().begin(), attempt->failures().end());
      CQDT_RETURN_IF_ERROR(audit_.Record(
          tx, actor,
          {"sign.secret_failed", "signature", entry->id,
           "Nhập sai mật khẩu hoặc mã PIN của khóa ký " + entry->id + " (lần " +
               std::to_string(count) + "/" + std::to_string(secret_limits_.max_failures) +
               " trong " + std::to_string(secret_limits_.window.count() / 60) + " phút)"}));
      return Error::BadSignature("Sai mật khẩu hoặc mã PIN của khóa ký.");
    }
    if (attempt) {
      attempt->Abandoned();  // no verdict on the secret (token unreachable, unreadable file)
    }
    return key.error();
  }
  if (attempt) {
    attempt->Succeeded();
  }
  TimePoint now = clock_.Now();
  if (key->certificate.NotAfter() < now || key->certificate.NotBefore() > now) {
    return Error::FailedPrecondition(
        "Chứng thư số của khóa ký không còn hiệu lực (hết hạn "
        "hoặc chưa đến ngày hiệu lực).");
  }
  SignResult out;
  out.signer_subject = key->certificate.SubjectDn();
  Result<std::string> signed_content = std::string();
  switch (request.kind) {
    case SignKind::kPdf: {
      PdfSignOptions o = request.pdf;
      o.signing_time = now;
      o.timestamp_url = timestamp_url_;
      if (o.style == AppearanceStyle::kSigner || o.style == AppearanceStyle::kSeal) {
        o.image_png = keys_.Image(*entry);
      }
      if (o.display_name.empty()) {
        if (entry->kind == KeyKind::kPersonal) {
          o.display_name = who.full_name;
        } else if (auto agency = agencies_.Lookup(tx, who.agency_id)) {
          o.display_name = agency->name;
        }
      }
      signed_content = SignPdfWithKey(request, *key, o);
      out.content_type = "application/pdf";
      break;
    }
    case SignKind::kXml:
      signed_content = SignXmlWithKey(request.content, *key);
      out.content_type = "application/xml";
      break;
    case SignKind::kCms:
      signed_content = SignCmsWithKey(request.content, *key, timestamp_url_, now);
      out.content_type = "application/pkcs7-signature";
      break;
  }
  if (!signed_content) {
    return signed_content.error();
  }
  out.content = std::move(*signed_content);
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor,
      {KindAction(request.kind), "signature", entry->id,
       "Ký số tệp \"" + request.file_name + "\" (SHA-256 " + crypto::Sha256Hex(request.content) +
           ") bằng khóa " + entry->id + ", chứng thư số " + key->certificate.SerialHex() + " — " +
           key->certificate.SubjectCommonName()}));
  return out;
}

}  // namespace cqdt::signing
