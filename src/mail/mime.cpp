#include "mail/mime.hpp"

#include <array>
#include <string_view>

#include "crypto/crypto.hpp"
#include "gmime_util.hpp"
#include "header_format.hpp"
#include "utf8.hpp"

namespace cqdt::mail {
namespace {

using internal::GPtr;

constexpr std::size_t kMaxNameOctets = 200;
constexpr std::size_t kMaxSubjectOctets = 900;
constexpr std::size_t kMaxFilenameOctets = 255;
constexpr std::size_t kMaxHeaderNameOctets = 76;
constexpr std::size_t kMaxHeaderValueOctets = 900;
constexpr std::size_t kMaxContentTypeOctets = 127;

// Fields the builder writes itself, and fields only mail servers add: a caller may not set them.
constexpr std::array<std::string_view, 22> kReservedHeaders = {"date",
                                                               "from",
                                                               "sender",
                                                               "reply-to",
                                                               "to",
                                                               "cc",
                                                               "bcc",
                                                               "subject",
                                                               "message-id",
                                                               "mime-version",
                                                               "dkim-signature",
                                                               "arc-seal",
                                                               "arc-message-signature",
                                                               "arc-authentication-results",
                                                               "authentication-results",
                                                               "received",
                                                               "return-path",
                                                               "received-spf",
                                                               "resent-from",
                                                               "resent-to",
                                                               "resent-date",
                                                               "resent-message-id"};

class Checker {
 public:
  void Add(std::string field, std::string code, std::string message) {
    errors_.push_back(FieldError{std::move(field), std::move(code), std::move(message)});
  }

  // A single-line text a person may have typed: UTF-8, no control character, bounded.
  // Security: this check is what makes header injection impossible (CR/LF never reach a field).
  bool Text(const std::string& field, std::string_view value, std::size_t max_octets) {
    if (!internal::IsValidUtf8(value)) {
      Add(field, "encoding", "Giá trị không phải văn bản UTF-8 hợp lệ.");
      return false;
    }
    if (internal::HasControl(value)) {
      Add(field, "control-characters",
          "Giá trị không được chứa ký tự điều khiển (xuống dòng, tab...).");
      return false;
    }
    if (value.size() > max_octets) {
      Add(field, "too-long", "Giá trị dài quá " + std::to_string(max_octets) + " byte.");
      return false;
    }
    return true;
  }

  void MailboxFields(const std::string& prefix, const Mailbox& mailbox) {
    if (mailbox.address.empty()) {
      Add(prefix + ".address", "required", "Cần nhập địa chỉ thư điện tử.");
    } else if (!internal::IsAscii(mailbox.address) || internal::HasControl(mailbox.address) ||
               !IsValidAddress(mailbox.address)) {
      Add(prefix + ".address", "format", "Địa chỉ thư điện tử không hợp lệ.");
    }
    Text(prefix + ".name", mailbox.name, kMaxNameOctets);
  }

  // The body may span lines but must be UTF-8 without NUL or other controls than TAB, CR, LF.
  void Body(const std::string& field, std::string_view value) {
    if (!internal::IsValidUtf8(value)) {
      Add(field, "encoding", "Nội dung không phải văn bản UTF-8 hợp lệ.");
      return;
    }
    for (char c : value) {
      auto b = static_cast<unsigned char>(c);
      if ((b < 0x20 && c != '\t' && c != '\r' && c != '\n') || b == 0x7F) {
        Add(field, "control-characters", "Nội dung chứa ký tự điều khiển không được phép.");
        return;
      }
    }
  }

  Status Finish() {
    if (errors_.empty()) {
      return Ok();
    }
    return Error::Invalid(std::move(errors_), "Thư điện tử có trường không hợp lệ.");
  }

 private:
  std::vector<FieldError> errors_;
};

bool IsToken(std::string_view s) {
  if (s.empty()) {
    return false;
  }
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view("!#$&-^_.+").find(c) != std::string_view::npos;
    if (!ok) {
      return false;
    }
  }
  return true;
}

bool IsContentType(std::string_view s) {
  std::size_t slash = s.find('/');
  return slash != std::string_view::npos && s.size() <= kMaxContentTypeOctets &&
         IsToken(s.substr(0, slash)) && IsToken(s.substr(slash + 1));
}

bool IsHeaderName(std::string_view s) {
  if (s.empty() || s.size() > kMaxHeaderNameOctets) {
    return false;
  }
  for (char c : s) {
    if (c < 33 || c > 126 || c == ':') {
      return false;
    }
  }
  return true;
}

bool IsReserved(std::string_view name) {
  std::string lower = internal::LowerAscii(name);
  if (lower.starts_with("content-")) {
    return true;
  }
  for (std::string_view reserved : kReservedHeaders) {
    if (lower == reserved) {
      return true;
    }
  }
  return false;
}

// LF or CRLF in, LF out: GMime's DOS newline filter writes every LF as CRLF.
std::string ToLf(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      continue;
    }
    out += text[i] == '\r' ? '\n' : text[i];
  }
  return out;
}

GPtr<GMimePart> MakeLeaf(const char* type, const char* subtype, std::string_view content,
                         GMimeContentEncoding encoding) {
  GPtr<GMimePart> part(g_mime_part_new_with_type(type, subtype));
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(content.data(), content.size()));
  GPtr<GMimeDataWrapper> wrapper(
      g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
  g_mime_part_set_content(part.get(), wrapper.get());
  g_mime_part_set_content_encoding(part.get(), encoding);
  return part;
}

// A text part in UTF-8 whatever its characters: GMime's g_mime_text_part_set_text would pick
// ISO-8859-1 for text that fits it.
GPtr<GMimePart> MakeTextPart(const char* subtype, std::string_view text) {
  std::string lf = ToLf(text);
  GPtr<GMimePart> part = MakeLeaf("text", subtype, lf, GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  g_mime_object_set_content_type_parameter(GMIME_OBJECT(part.get()), "charset", "utf-8");
  return part;
}

GPtr<GMimePart> MakeAttachment(const Attachment& attachment) {
  std::string_view type = attachment.content_type;
  std::size_t slash = type.find('/');
  std::string major = internal::LowerAscii(type.substr(0, slash));
  std::string minor = internal::LowerAscii(type.substr(slash + 1));
  GPtr<GMimePart> part =
      MakeLeaf(major.c_str(), minor.c_str(), attachment.bytes, GMIME_CONTENT_ENCODING_BASE64);

  // Content-Type name= in RFC 2047 for readers that predate RFC 2231 (older Outlook), and
  // Content-Disposition filename*= in RFC 2231, which GMime writes by default.
  GPtr<GMimeContentType> content_type(g_mime_content_type_new(major.c_str(), minor.c_str()));
  g_mime_content_type_set_parameter(content_type.get(), "name", attachment.filename.c_str());
  GMimeParam* name = g_mime_param_list_get_parameter(
      g_mime_content_type_get_parameters(content_type.get()), "name");
  if (name != nullptr && !internal::IsAscii(attachment.filename)) {
    g_mime_param_set_encoding_method(name, GMIME_PARAM_ENCODING_METHOD_RFC2047);
  }
  g_mime_object_set_content_type(GMIME_OBJECT(part.get()), content_type.get());

  GPtr<GMimeContentDisposition> disposition(g_mime_content_disposition_new());
  g_mime_content_disposition_set_disposition(disposition.get(), GMIME_DISPOSITION_ATTACHMENT);
  g_mime_content_disposition_set_parameter(disposition.get(), "filename",
                                           attachment.filename.c_str());
  g_mime_object_set_content_disposition(GMIME_OBJECT(part.get()), disposition.get());
  return part;
}

GPtr<GMimeMultipart> MakeMultipart(const char* subtype, const std::string& boundary) {
  GPtr<GMimeMultipart> multipart(g_mime_multipart_new_with_subtype(subtype));
  g_mime_multipart_set_boundary(multipart.get(), boundary.c_str());
  return multipart;
}

}  // namespace

Status ValidateOutgoingMail(const OutgoingMail& mail) {
  Checker check;
  check.MailboxFields("from", mail.from);
  if (mail.to.empty()) {
    check.Add("to", "required", "Cần ít nhất một người nhận.");
  }
  for (std::size_t i = 0; i < mail.to.size(); ++i) {
    check.MailboxFields("to[" + std::to_string(i) + "]", mail.to[i]);
  }
  for (std::size_t i = 0; i < mail.cc.size(); ++i) {
    check.MailboxFields("cc[" + std::to_string(i) + "]", mail.cc[i]);
  }
  if (mail.reply_to) {
    check.MailboxFields("replyTo", *mail.reply_to);
  }
  check.Text("subject", mail.subject, kMaxSubjectOctets);
  check.Body("text", mail.text);
  if (mail.html) {
    check.Body("html", *mail.html);
  }
  for (std::size_t i = 0; i < mail.attachments.size(); ++i) {
    const Attachment& a = mail.attachments[i];
    std::string at = "attachments[" + std::to_string(i) + "]";
    if (a.filename.empty()) {
      check.Add(at + ".filename", "required", "Cần tên tệp đính kèm.");
    } else if (check.Text(at + ".filename", a.filename, kMaxFilenameOctets) &&
               a.filename.find_first_of("/\\") != std::string::npos) {
      check.Add(at + ".filename", "format", "Tên tệp không được chứa dấu / hoặc \\.");
    }
    if (!IsContentType(a.content_type)) {
      check.Add(at + ".contentType", "format",
                "Kiểu nội dung phải có dạng kiểu/kiểu-con, ví dụ application/pdf.");
    }
  }
  for (std::size_t i = 0; i < mail.headers.size(); ++i) {
    const HeaderField& h = mail.headers[i];
    std::string at = "headers[" + std::to_string(i) + "]";
    if (!IsHeaderName(h.name)) {
      check.Add(at + ".name", "format", "Tên trường tiêu đề thư không hợp lệ.");
    } else if (IsReserved(h.name)) {
      check.Add(at + ".name", "reserved", "Trường tiêu đề thư này do hệ thống tự ghi.");
    }
    check.Text(at + ".value", h.value, kMaxHeaderValueOctets);
  }
  if (!IsValidDomain(mail.message_id_domain)) {
    check.Add("messageIdDomain", "format", "Tên miền của Message-ID không hợp lệ.");
  }
  if (!mail.message_id.empty()) {
    // id-left "@" id-right of printable ASCII without brackets, spaces or a second '@'.
    const auto at = mail.message_id.find('@');
    bool ok = at != std::string::npos && at > 0 && at + 1 < mail.message_id.size() &&
              mail.message_id.find('@', at + 1) == std::string::npos &&
              mail.message_id.size() <= 250;
    for (char c : mail.message_id) {
      ok = ok && c > ' ' && c < 0x7f && c != '<' && c != '>' && c != '"' && c != '\\';
    }
    if (!ok) {
      check.Add("messageId", "format", "Message-ID không hợp lệ.");
    }
  }
  return check.Finish();
}

MimeBuilder::MimeBuilder(const Clock& clock, RandomHexSource random)
    : clock_(clock), random_(random ? std::move(random) : RandomHexSource(crypto::RandomHex)) {}

Result<BuiltMail> MimeBuilder::Build(const OutgoingMail& mail) const {
  CQDT_RETURN_IF_ERROR(ValidateOutgoingMail(mail));
  internal::EnsureGmimeInitialised();

  BuiltMail built;
  built.message_id =
      mail.message_id.empty() ? random_(16) + "@" + mail.message_id_domain : mail.message_id;

  std::string& out = built.bytes;
  out += "Date: " + internal::FormatDate(clock_.Now()) + "\r\n";
  out += internal::FoldHeader("From", internal::FormatMailbox(mail.from));
  if (mail.reply_to) {
    out += internal::FoldHeader("Reply-To", internal::FormatMailbox(*mail.reply_to));
  }
  auto address_list = [](const std::vector<Mailbox>& list) {
    std::string value;
    for (const Mailbox& mailbox : list) {
      if (!value.empty()) {
        value += ", ";
      }
      value += internal::FormatMailbox(mailbox);
    }
    return value;
  };
  out += internal::FoldHeader("To", address_list(mail.to));
  if (!mail.cc.empty()) {
    out += internal::FoldHeader("Cc", address_list(mail.cc));
  }
  out += internal::FoldHeader("Subject", internal::EncodeUnstructured(mail.subject));
  out += "Message-ID: <" + built.message_id + ">\r\n";
  for (const HeaderField& header : mail.headers) {
    // Extra fields are mostly structured (List-Unsubscribe's URLs may hold "=?"): an ASCII value
    // is written as given, only a non-ASCII one as encoded words.
    out += internal::FoldHeader(header.name, internal::IsAscii(header.value)
                                                 ? header.value
                                                 : internal::EncodeWords(header.value));
  }
  out += "MIME-Version: 1.0\r\n";

  // The MIME tree. "=_" cannot occur in base64 or quoted-printable text, so a boundary that
  // starts with it never collides with the content (RFC 2045 §6.7, RFC 2046 §5.1.1).
  GPtr<GMimeObject> body(GMIME_OBJECT(MakeTextPart("plain", mail.text).release()));
  if (mail.html) {
    GPtr<GMimeMultipart> alternative = MakeMultipart("alternative", "=_" + random_(12));
    g_mime_multipart_add(alternative.get(), body.get());
    GPtr<GMimePart> html = MakeTextPart("html", *mail.html);
    g_mime_multipart_add(alternative.get(), GMIME_OBJECT(html.get()));
    body.reset(GMIME_OBJECT(alternative.release()));
  }
  if (!mail.attachments.empty()) {
    GPtr<GMimeMultipart> mixed = MakeMultipart("mixed", "=_" + random_(12));
    g_mime_multipart_add(mixed.get(), body.get());
    for (const Attachment& attachment : mail.attachments) {
      GPtr<GMimePart> part = MakeAttachment(attachment);
      g_mime_multipart_add(mixed.get(), GMIME_OBJECT(part.get()));
    }
    body.reset(GMIME_OBJECT(mixed.release()));
  }

  GMimeFormatOptions* format = g_mime_format_options_new();
  g_mime_format_options_set_newline_format(format, GMIME_NEWLINE_FORMAT_DOS);
  GPtr<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_object_write_to_stream(body.get(), format, stream.get());
  g_mime_format_options_free(format);
  out += internal::StreamBytes(stream.get());
  return built;
}

}  // namespace cqdt::mail
