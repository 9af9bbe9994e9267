#include "mail/dkim.hpp"

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "crypto/crypto.hpp"
#include "dkim_internal.hpp"
#include "mail/address.hpp"
#include "utf8.hpp"

namespace cqdt::mail {
namespace {

// The fields signed when present, in this order (RFC 6376 §5.4.1 recommends these; the List-*
// fields of RFC 8058 must be signed for one-click unsubscribe).
constexpr std::array<std::string_view, 12> kSignedFields = {"from",
                                                            "reply-to",
                                                            "to",
                                                            "cc",
                                                            "subject",
                                                            "date",
                                                            "message-id",
                                                            "mime-version",
                                                            "content-type",
                                                            "list-unsubscribe",
                                                            "list-unsubscribe-post",
                                                            "auto-submitted"};

constexpr int kMinRsaBits = 1024;  // RFC 8301 §3.2
constexpr std::size_t kLineLimit = 78;

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

std::string Sha256(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

bool IsSelector(std::string_view s) {
  // A selector is a sub-domain (RFC 6376 §3.1); the same LDH rule as a domain.
  return IsValidDomain(s);
}

// The DKIM-Signature field, folded: tags separated by "; ", a fold (CRLF + TAB) wherever the next
// piece would pass 78 characters. h= may fold after a ':' and b=/bh= anywhere (FWS is allowed
// there, RFC 6376 §3.5); other tags are kept whole.
class FieldFolder {
 public:
  FieldFolder() : out_("DKIM-Signature:"), line_(out_.size()) {}

  void Tag(std::string_view name, std::string_view value, bool last = false) {
    std::vector<std::string> pieces;
    std::string first = std::string(name) + "=";
    if (name == "h") {
      std::size_t pos = 0;
      while (pos < value.size()) {
        std::size_t colon = value.find(':', pos);
        std::size_t end = colon == std::string_view::npos ? value.size() : colon + 1;
        pieces.emplace_back(value.substr(pos, end - pos));
        pos = end;
      }
    } else if (name == "b" || name == "bh") {
      for (std::size_t pos = 0; pos < value.size(); pos += 64) {
        pieces.emplace_back(value.substr(pos, 64));
      }
    } else {
      pieces.emplace_back(value);
    }
    if (!last) {
      if (pieces.empty()) {
        pieces.emplace_back();
      }
      pieces.back() += ";";
    }
    // The tag name stays on the line of its first piece.
    if (pieces.empty()) {
      Put(" ", first);
    } else {
      Put(" ", first + pieces.front());
      for (std::size_t i = 1; i < pieces.size(); ++i) {
        Put("", pieces[i]);
      }
    }
  }

  // The field so far (without a final CRLF).
  const std::string& text() const { return out_; }

 private:
  void Put(std::string_view separator, const std::string& piece) {
    if (line_ + separator.size() + piece.size() > kLineLimit && line_ > 1) {
      out_ += "\r\n\t";
      line_ = 1;
    } else {
      out_ += separator;
      line_ += separator.size();
    }
    out_ += piece;
    line_ += piece.size();
  }

  std::string out_;
  std::size_t line_;
};

// The hash input of the header (RFC 6376 §3.7): the fields named in h=, each taken from the
// bottom up (a name listed twice takes the last two instances), a name with no instance left
// contributing nothing; then the signature field itself with b= empty and without its CRLF.
std::string HeaderHashInput(const internal::RawMessage& message,
                            const std::vector<std::string>& names, bool relaxed,
                            std::string_view signature_field) {
  std::vector<bool> used(message.fields.size(), false);
  std::string input;
  for (const std::string& name : names) {
    for (std::size_t i = message.fields.size(); i-- > 0;) {
      if (!used[i] && message.fields[i].name == name) {
        used[i] = true;
        input += relaxed ? CanonicalizeHeaderRelaxed(message.fields[i].raw)
                         : CanonicalizeHeaderSimple(message.fields[i].raw);
        break;
      }
    }
  }
  std::string signature = relaxed ? CanonicalizeHeaderRelaxed(signature_field)
                                  : CanonicalizeHeaderSimple(signature_field);
  signature.resize(signature.size() - 2);
  return input + signature;
}

DkimVerification Verdict(DkimStatus status, std::string reason, std::string message) {
  DkimVerification v;
  v.status = status;
  v.reason = std::move(reason);
  v.message = std::move(message);
  return v;
}

DkimVerification FailVerdict(std::string reason, std::string message) {
  return Verdict(DkimStatus::kFail, std::move(reason), std::move(message));
}

// The key from a PEM or a DNS TXT value. On failure returns the verdict to report.
std::variant<PkeyPtr, DkimVerification> ReadPublicKey(std::string_view text) {
  std::string_view trimmed = text;
  while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\n' ||
                              trimmed.front() == '\r' || trimmed.front() == '\t')) {
    trimmed.remove_prefix(1);
  }
  PkeyPtr key;
  if (trimmed.starts_with("-----BEGIN")) {
    BioPtr bio(BIO_new_mem_buf(trimmed.data(), static_cast<int>(trimmed.size())));
    key.reset(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!key) {
      return FailVerdict("key-malformed", "Khóa công khai DKIM không đọc được.");
    }
  } else {
    // A TXT record may come as quoted character strings ("v=DKIM1; k=rsa; " "p=MIIB...").
    std::string record;
    if (trimmed.starts_with("\"")) {
      bool quoted = false;
      for (char c : trimmed) {
        if (c == '"') {
          quoted = !quoted;
        } else if (quoted) {
          record += c;
        }
      }
    } else {
      record = std::string(trimmed);
    }
    auto tags = internal::ParseTagList(record);
    if (!tags) {
      return FailVerdict("key-malformed", "Bản ghi khóa DKIM sai cú pháp.");
    }
    std::string p;
    bool has_p = false;
    for (std::size_t i = 0; i < tags->size(); ++i) {
      const auto& [name, value] = (*tags)[i];
      if (name == "v" && (i != 0 || value != "DKIM1")) {
        return FailVerdict("key-malformed", "Bản ghi khóa DKIM có phiên bản không hợp lệ.");
      }
      if (name == "k" && value != "rsa") {
        return FailVerdict("key-mismatch", "Bản ghi khóa DKIM không phải khóa RSA.");
      }
      if (name == "h" && value.find("sha256") == std::string::npos) {
        return FailVerdict("key-mismatch", "Bản ghi khóa DKIM không cho phép SHA-256.");
      }
      if (name == "p") {
        p = internal::StripWhitespace(value);
        has_p = true;
      }
    }
    if (!has_p) {
      return FailVerdict("key-malformed", "Bản ghi khóa DKIM thiếu khóa công khai (p=).");
    }
    if (p.empty()) {
      return FailVerdict("key-revoked", "Khóa DKIM đã bị thu hồi (p= rỗng).");
    }
    auto der = crypto::Base64Decode(p);
    if (!der) {
      return FailVerdict("key-malformed", "Khóa công khai DKIM không phải base64 hợp lệ.");
    }
    const auto* data = reinterpret_cast<const unsigned char*>(der->data());
    key.reset(d2i_PUBKEY(nullptr, &data, static_cast<long>(der->size())));
    if (!key) {
      // Some publishers put the bare RSAPublicKey (PKCS#1) in p=.
      data = reinterpret_cast<const unsigned char*>(der->data());
      key.reset(d2i_PublicKey(EVP_PKEY_RSA, nullptr, &data, static_cast<long>(der->size())));
    }
    if (!key) {
      return FailVerdict("key-malformed", "Khóa công khai DKIM không đọc được.");
    }
  }
  if (EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) {
    return FailVerdict("key-mismatch", "Khóa công khai DKIM không phải khóa RSA.");
  }
  if (EVP_PKEY_get_bits(key.get()) < kMinRsaBits) {
    return FailVerdict("key-too-small", "Khóa DKIM ngắn hơn 1024 bit, không được chấp nhận.");
  }
  return key;
}

DkimVerification VerifyOne(const internal::RawMessage& message, const internal::RawField& field,
                           EVP_PKEY* key, std::optional<TimePoint> now) {
  std::size_t colon = field.raw.find(':');
  auto tags = internal::ParseTagList(field.raw.substr(colon + 1));
  if (!tags) {
    return FailVerdict("malformed-signature", "Chữ ký DKIM sai cú pháp.");
  }
  auto get = [&](std::string_view name) -> const std::string* {
    for (const auto& tag : *tags) {
      if (tag.first == name) {
        return &tag.second;
      }
    }
    return nullptr;
  };
  DkimVerification v;
  const std::string* d = get("d");
  const std::string* s = get("s");
  if (d != nullptr) {
    v.domain = internal::ToValidUtf8(*d);
  }
  if (s != nullptr) {
    v.selector = internal::ToValidUtf8(*s);
  }
  auto fail = [&](std::string reason, std::string text) {
    DkimVerification out = FailVerdict(std::move(reason), std::move(text));
    out.domain = v.domain;
    out.selector = v.selector;
    return out;
  };
  const std::string* version = get("v");
  const std::string* algorithm = get("a");
  const std::string* b = get("b");
  const std::string* bh = get("bh");
  const std::string* h = get("h");
  if (version == nullptr || algorithm == nullptr || b == nullptr || bh == nullptr || h == nullptr ||
      d == nullptr || s == nullptr) {
    return fail("malformed-signature", "Chữ ký DKIM thiếu thẻ bắt buộc.");
  }
  if (*version != "1") {
    return fail("unsupported-version", "Phiên bản chữ ký DKIM không được hỗ trợ.");
  }
  if (*algorithm != "rsa-sha256") {
    return fail("unsupported-algorithm",
                "Thuật toán chữ ký DKIM không được chấp nhận (chỉ rsa-sha256).");
  }
  if (get("l") != nullptr) {
    return fail("body-length-tag",
                "Chữ ký DKIM chỉ phủ một phần nội dung thư (thẻ l=), không được chấp nhận.");
  }
  bool relaxed_header = false;
  bool relaxed_body = false;
  if (const std::string* c = get("c")) {
    std::string_view value = *c;
    std::size_t slash = value.find('/');
    std::string_view header = value.substr(0, slash);
    std::string_view body = slash == std::string_view::npos ? "simple" : value.substr(slash + 1);
    auto known = [](std::string_view x) { return x == "simple" || x == "relaxed"; };
    if (!known(header) || !known(body)) {
      return fail("malformed-signature", "Cách chuẩn hóa trong chữ ký DKIM không hợp lệ.");
    }
    relaxed_header = header == "relaxed";
    relaxed_body = body == "relaxed";
  }
  if (const std::string* x = get("x"); x != nullptr && now) {
    long long expiry = 0;
    try {
      expiry = std::stoll(*x);
    } catch (...) {
      return fail("malformed-signature", "Thời hạn trong chữ ký DKIM không hợp lệ.");
    }
    if (ToUnixSeconds(*now) > expiry) {
      return fail("expired", "Chữ ký DKIM đã hết hạn.");
    }
  }
  std::vector<std::string> names;
  {
    std::string_view list = *h;
    std::size_t pos = 0;
    while (pos <= list.size()) {
      std::size_t colon_pos = list.find(':', pos);
      std::string name = internal::LowerAscii(internal::StripWhitespace(list.substr(
          pos, colon_pos == std::string_view::npos ? std::string_view::npos : colon_pos - pos)));
      if (!name.empty()) {
        names.push_back(std::move(name));
      }
      if (colon_pos == std::string_view::npos) {
        break;
      }
      pos = colon_pos + 1;
    }
  }
  bool from_signed = false;
  for (const std::string& name : names) {
    from_signed = from_signed || name == "from";
  }
  if (!from_signed) {
    return fail("from-not-signed", "Chữ ký DKIM không phủ trường From.");
  }

  std::string body =
      relaxed_body ? CanonicalizeBodyRelaxed(message.body) : CanonicalizeBodySimple(message.body);
  auto expected_bh = crypto::Base64Decode(internal::StripWhitespace(*bh));
  if (!expected_bh) {
    return fail("malformed-signature", "Giá trị bh= của chữ ký DKIM không hợp lệ.");
  }
  if (!crypto::ConstantTimeEquals(Sha256(body), *expected_bh)) {
    return fail("body-hash-mismatch", "Nội dung thư đã bị thay đổi sau khi ký (sai bh=).");
  }
  auto signature = crypto::Base64Decode(internal::StripWhitespace(*b));
  if (!signature || signature->empty()) {
    return fail("malformed-signature", "Giá trị b= của chữ ký DKIM không hợp lệ.");
  }
  std::string input =
      HeaderHashInput(message, names, relaxed_header, internal::RemoveSignatureValue(field.raw));
  MdCtxPtr ctx(EVP_MD_CTX_new());
  bool ok =
      ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature->data()),
                       signature->size(), reinterpret_cast<const unsigned char*>(input.data()),
                       input.size()) == 1;
  if (!ok) {
    return fail("signature-mismatch",
                "Chữ ký DKIM không khớp: tiêu đề thư đã bị thay đổi hoặc sai khóa.");
  }
  DkimVerification pass = Verdict(DkimStatus::kPass, "ok", "Chữ ký DKIM hợp lệ.");
  pass.domain = v.domain;
  pass.selector = v.selector;
  return pass;
}

Result<std::string> PublicDer(EVP_PKEY* key) {
  int length = i2d_PUBKEY(key, nullptr);
  if (length <= 0) {
    return Error::InvalidField("key", "format", "Không lấy được khóa công khai.");
  }
  std::string der(static_cast<std::size_t>(length), '\0');
  auto* p = reinterpret_cast<unsigned char*>(der.data());
  i2d_PUBKEY(key, &p);
  return der;
}

}  // namespace

Result<DkimSigner> DkimSigner::Create(std::string domain, std::string selector,
                                      crypto::PrivateKey key, const Clock& clock) {
  if (!IsValidDomain(domain)) {
    return Error::InvalidField("domain", "format", "Tên miền ký DKIM không hợp lệ.");
  }
  if (!IsSelector(selector)) {
    return Error::InvalidField("selector", "format", "Selector DKIM không hợp lệ.");
  }
  if (key.algorithm() != crypto::KeyAlgorithm::kRsa) {
    return Error::InvalidField("key", "algorithm", "Khóa ký DKIM phải là khóa RSA.");
  }
  if (key.bits() < kMinRsaBits) {
    return Error::InvalidField("key", "too-small", "Khóa ký DKIM phải dài ít nhất 1024 bit.");
  }
  return DkimSigner(internal::LowerAscii(domain), std::move(selector), std::move(key), clock);
}

Result<std::string> DkimSigner::Sign(std::string_view message) const {
  std::string crlf = internal::ToCrlf(message);
  internal::RawMessage raw = internal::SplitMessage(crlf);
  std::vector<std::string> names;
  bool has_from = false;
  for (std::string_view wanted : kSignedFields) {
    for (const internal::RawField& field : raw.fields) {
      if (field.name == wanted) {
        names.emplace_back(wanted);
        has_from = has_from || wanted == "from";
      }
    }
  }
  if (raw.fields.empty() || !has_from) {
    return Error::Malformed("Thư không có tiêu đề hoặc thiếu trường From, không thể ký DKIM.");
  }
  names.emplace_back("from");  // over-signing: a From added later breaks the signature

  std::string h;
  for (const std::string& name : names) {
    h += (h.empty() ? "" : ":") + name;
  }
  std::string bh = crypto::Base64Encode(Sha256(CanonicalizeBodyRelaxed(raw.body)));

  FieldFolder folder;
  folder.Tag("v", "1");
  folder.Tag("a", "rsa-sha256");
  folder.Tag("c", "relaxed/relaxed");
  folder.Tag("d", domain_);
  folder.Tag("s", selector_);
  folder.Tag("t", std::to_string(ToUnixSeconds(clock_->Now())));
  folder.Tag("h", h);
  folder.Tag("bh", bh);
  FieldFolder unsigned_field = folder;
  unsigned_field.Tag("b", "", /*last=*/true);

  std::string input = HeaderHashInput(raw, names, /*relaxed=*/true, unsigned_field.text());
  MdCtxPtr ctx(EVP_MD_CTX_new());
  std::size_t length = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.native()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    return Error::Unavailable("Không ký được DKIM: khóa ký không sẵn sàng.");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    return Error::Unavailable("Không ký được DKIM: khóa ký không sẵn sàng.");
  }
  signature.resize(length);
  folder.Tag("b", crypto::Base64Encode(signature), /*last=*/true);
  return folder.text() + "\r\n" + crlf;
}

DkimVerification DkimVerify(std::string_view message, std::string_view public_key,
                            std::optional<TimePoint> now) {
  std::string crlf = internal::ToCrlf(message);
  internal::RawMessage raw = internal::SplitMessage(crlf);
  std::vector<const internal::RawField*> signatures;
  for (const internal::RawField& field : raw.fields) {
    if (field.name == "dkim-signature") {
      signatures.push_back(&field);
    }
  }
  if (signatures.empty()) {
    return Verdict(DkimStatus::kNone, "no-signature", "Thư không có chữ ký DKIM.");
  }
  auto key = ReadPublicKey(public_key);
  if (auto* failed = std::get_if<DkimVerification>(&key)) {
    return *failed;
  }
  EVP_PKEY* pkey = std::get<PkeyPtr>(key).get();
  std::optional<DkimVerification> first;
  for (const internal::RawField* field : signatures) {
    DkimVerification v = VerifyOne(raw, *field, pkey, now);
    if (v.status == DkimStatus::kPass) {
      return v;
    }
    if (!first) {
      first = std::move(v);
    }
  }
  return *first;
}

Result<std::string> DkimPublicKeyPem(const crypto::PrivateKey& key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key.native()) != 1) {
    return Error::InvalidField("key", "format", "Không lấy được khóa công khai.");
  }
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(length));
}

Result<std::string> DkimDnsRecord(const crypto::PrivateKey& key) {
  if (key.algorithm() != crypto::KeyAlgorithm::kRsa) {
    return Error::InvalidField("key", "algorithm", "Khóa DKIM phải là khóa RSA.");
  }
  CQDT_ASSIGN_OR_RETURN(std::string der, PublicDer(key.native()));
  return "v=DKIM1; k=rsa; p=" + crypto::Base64Encode(der);
}

Result<std::string> DkimDnsRecord(std::string_view public_key_pem) {
  BioPtr bio(BIO_new_mem_buf(public_key_pem.data(), static_cast<int>(public_key_pem.size())));
  PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!key) {
    return Error::Malformed("Không đọc được khóa công khai PEM.");
  }
  if (EVP_PKEY_base_id(key.get()) != EVP_PKEY_RSA) {
    return Error::InvalidField("key", "algorithm", "Khóa DKIM phải là khóa RSA.");
  }
  CQDT_ASSIGN_OR_RETURN(std::string der, PublicDer(key.get()));
  return "v=DKIM1; k=rsa; p=" + crypto::Base64Encode(der);
}

}  // namespace cqdt::mail
