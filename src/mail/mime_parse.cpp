#include "mail/mime_parse.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string_view>

#include "gmime_util.hpp"
#include "html_text.hpp"
#include "utf8.hpp"

namespace cqdt::mail {
namespace {

using internal::GPtr;

class Warnings {
 public:
  explicit Warnings(std::vector<ParseWarning>& out) : out_(out) {}

  void Add(std::string_view code, std::string message) {
    for (const ParseWarning& w : out_) {
      if (w.code == code) {
        return;
      }
    }
    out_.push_back(ParseWarning{std::string(code), std::move(message)});
  }

  // GMime's parser reports what it had to repair. `item` (a header name, a parameter) comes from
  // the message: it is not copied into the sentence.
  static void FromParser(gint64 /*offset*/, GMimeParserWarning code, const gchar* /*item*/,
                         gpointer self) {
    auto* warnings = static_cast<Warnings*>(self);
    switch (code) {
      case GMIME_WARN_TRUNCATED_MESSAGE:
        warnings->Add("truncated", "Thư bị cắt cụt: cấu trúc thư kết thúc trước khi đủ các phần.");
        break;
      case GMIME_WARN_UNENCODED_8BIT_HEADER:
        warnings->Add("unencoded-header",
                      "Tiêu đề thư chứa ký tự chưa được mã hóa theo chuẩn; đã đọc theo bảng mã "
                      "dự phòng.");
        break;
      case GMIME_WARN_INVALID_RFC2047_HEADER_VALUE:
        warnings->Add("malformed-encoded-word",
                      "Một trường tiêu đề thư được mã hóa sai chuẩn (RFC 2047).");
        break;
      case GMIME_WARN_INVALID_ADDRESS_LIST:
        warnings->Add("invalid-address", "Danh sách địa chỉ thư trong tiêu đề không hợp lệ.");
        break;
      case GMIME_CRIT_INVALID_HEADER_NAME:
      case GMIME_CRIT_CONFLICTING_HEADER:
      case GMIME_WARN_DUPLICATED_HEADER:
        warnings->Add("malformed-header", "Thư có trường tiêu đề sai dạng hoặc lặp lại.");
        break;
      case GMIME_CRIT_NESTING_OVERFLOW:
        warnings->Add("too-deep", "Thư lồng quá nhiều cấp; các phần sâu hơn đã bị bỏ qua.");
        break;
      default:
        warnings->Add("malformed-structure",
                      "Cấu trúc MIME của thư bị lỗi; hệ thống đã đọc phần có thể đọc được.");
        break;
    }
  }

 private:
  std::vector<ParseWarning>& out_;
};

// A header value made safe: valid UTF-8, each control character a space, trimmed.
std::string CleanHeader(const char* value, Warnings& warnings) {
  if (value == nullptr) {
    return {};
  }
  std::string valid = internal::ToValidUtf8(value);
  std::string out;
  out.reserve(valid.size());
  std::size_t pos = 0;
  bool had_control = false;
  while (pos < valid.size()) {
    std::size_t start = pos;
    char32_t cp = 0;
    internal::NextCodePoint(valid, pos, cp);
    if (internal::IsControl(cp)) {
      had_control = true;
      out += ' ';
    } else {
      out.append(valid, start, pos - start);
    }
  }
  if (had_control) {
    warnings.Add("header-control-characters",
                 "Tiêu đề thư chứa ký tự điều khiển; đã được thay bằng dấu cách.");
  }
  std::size_t first = out.find_first_not_of(' ');
  if (first == std::string::npos) {
    return {};
  }
  return out.substr(first, out.find_last_not_of(' ') - first + 1);
}

void AppendMailboxes(InternetAddressList* list, std::vector<Mailbox>& out, Warnings& warnings,
                     int depth = 0) {
  if (list == nullptr || depth > 2) {
    return;
  }
  int count = internet_address_list_length(list);
  for (int i = 0; i < count && out.size() < 1000; ++i) {
    InternetAddress* address = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_GROUP(address)) {
      AppendMailboxes(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(address)), out,
                      warnings, depth + 1);
      continue;
    }
    if (!INTERNET_ADDRESS_IS_MAILBOX(address)) {
      continue;
    }
    Mailbox mailbox;
    mailbox.address =
        CleanHeader(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address)), warnings);
    mailbox.name = CleanHeader(internet_address_get_name(address), warnings);
    if (!internal::IsAscii(mailbox.address) || !IsValidAddress(mailbox.address)) {
      warnings.Add("invalid-address", "Thư có địa chỉ người gửi hoặc người nhận không hợp lệ.");
    }
    out.push_back(std::move(mailbox));
  }
}

// Bytes of a body: valid UTF-8, CRLF (and lone CR) as LF, controls other than TAB and LF
// removed.
std::string CleanBody(std::string_view bytes) {
  std::string valid = internal::ToValidUtf8(bytes);
  std::string out;
  out.reserve(valid.size());
  for (std::size_t i = 0; i < valid.size(); ++i) {
    char c = valid[i];
    auto b = static_cast<unsigned char>(c);
    if (c == '\r') {
      if (i + 1 < valid.size() && valid[i + 1] == '\n') {
        continue;
      }
      out += '\n';
    } else if (b >= 0x20 || c == '\n' || c == '\t') {
      if (b != 0x7F) {
        out += c;
      }
    }
  }
  return out;
}

std::string ContentType(GMimeObject* object) {
  GMimeContentType* type = g_mime_object_get_content_type(object);
  if (type == nullptr) {
    return "application/octet-stream";
  }
  internal::GString mime(g_mime_content_type_get_mime_type(type));
  std::string value = mime ? internal::LowerAscii(mime.get()) : "";
  for (char c : value) {
    if (c <= 0x20 || c >= 0x7F) {
      return "application/octet-stream";
    }
  }
  return value.empty() || value.size() > 127 ? "application/octet-stream" : value;
}

class Walker {
 public:
  Walker(const ParseLimits& limits, ParsedMail& out, Warnings& warnings)
      : limits_(limits), out_(out), warnings_(warnings) {}

  void Walk(GMimeObject* object, int depth) {
    if (object == nullptr || stopped_) {
      return;
    }
    if (depth > limits_.max_depth) {
      warnings_.Add("too-deep", "Thư lồng quá nhiều cấp; các phần sâu hơn đã bị bỏ qua.");
      return;
    }
    if (++parts_ > limits_.max_parts) {
      warnings_.Add("too-many-parts", "Thư có quá nhiều phần; các phần sau đã bị bỏ qua.");
      stopped_ = true;
      return;
    }
    if (GMIME_IS_MULTIPART(object)) {
      GMimeMultipart* multipart = GMIME_MULTIPART(object);
      int count = g_mime_multipart_get_count(multipart);
      if (count == 0) {
        warnings_.Add("malformed-structure",
                      "Cấu trúc MIME của thư bị lỗi; hệ thống đã đọc phần có thể đọc được.");
      }
      for (int i = 0; i < count; ++i) {
        Walk(g_mime_multipart_get_part(multipart, i), depth + 1);
      }
      return;
    }
    if (GMIME_IS_MESSAGE_PART(object)) {
      GMimeMessage* inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
      if (inner != nullptr) {
        Walk(g_mime_message_get_mime_part(inner), depth + 1);
      }
      return;
    }
    if (GMIME_IS_PART(object)) {
      Leaf(GMIME_PART(object));
    }
  }

 private:
  void Leaf(GMimePart* part) {
    GMimeObject* object = GMIME_OBJECT(part);
    std::string type = ContentType(object);
    const char* filename = g_mime_part_get_filename(part);
    bool inline_text = (type == "text/plain" || type == "text/html") &&
                       !g_mime_part_is_attachment(part) && filename == nullptr;
    bool want_body = inline_text && (type == "text/plain" ? !have_text_ : !have_html_);

    std::string bytes;
    if (!Decode(part, want_body, bytes)) {
      return;
    }
    if (want_body) {
      if (type == "text/plain") {
        out_.text = CleanBody(bytes);
        have_text_ = true;
      } else {
        out_.html = CleanBody(bytes);
        have_html_ = true;
      }
      return;
    }
    ReceivedAttachment attachment;
    attachment.content_type = type;
    int index = static_cast<int>(out_.attachments.size()) + 1;
    std::string raw = filename != nullptr ? internal::ToValidUtf8(filename) : "";
    SanitisedName clean = SanitiseAttachmentName(raw, index, type, limits_.max_filename_octets);
    attachment.filename = std::move(clean.name);
    for (std::size_t pos = 0; pos < raw.size();) {
      std::size_t start = pos;
      char32_t cp = 0;
      internal::NextCodePoint(raw, pos, cp);
      if (internal::IsControl(cp)) {
        internal::AppendUtf8(attachment.original_filename, 0xFFFD);
      } else {
        attachment.original_filename.append(raw, start, pos - start);
      }
    }
    if (raw.empty()) {
      warnings_.Add("name-missing", "Tệp đính kèm thứ " + std::to_string(index) +
                                        " không có tên; hệ thống đã đặt tên tạm.");
    } else if (clean.changed) {
      warnings_.Add("name-sanitised", "Tên tệp đính kèm thứ " + std::to_string(index) +
                                          " đã được sửa để an toàn khi lưu.");
    }
    attachment.bytes = std::move(bytes);
    out_.attachments.push_back(std::move(attachment));
  }

  // Decodes the content-transfer-encoding and, for a body, converts the charset to UTF-8.
  // False when the part was skipped.
  bool Decode(GMimePart* part, bool text, std::string& out) {
    GMimeDataWrapper* wrapper = g_mime_part_get_content(part);
    if (wrapper == nullptr) {
      return true;  // a part without content: empty
    }
    GPtr<GMimeStream> memory(g_mime_stream_mem_new());
    GPtr<GMimeStream> filtered(g_mime_stream_filter_new(memory.get()));
    if (text) {
      const char* charset = g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset");
      if (charset != nullptr && g_ascii_strcasecmp(charset, "utf-8") != 0 &&
          g_ascii_strcasecmp(charset, "us-ascii") != 0) {
        GPtr<GMimeFilter> convert(g_mime_filter_charset_new(charset, "UTF-8"));
        if (convert) {
          g_mime_stream_filter_add(GMIME_STREAM_FILTER(filtered.get()), convert.get());
        } else {
          warnings_.Add("unknown-charset",
                        "Nội dung thư dùng bảng mã không hỗ trợ; ký tự không đọc được đã được "
                        "thay thế.");
        }
      }
    }
    g_mime_data_wrapper_write_to_stream(wrapper, filtered.get());
    g_mime_stream_flush(filtered.get());
    out = internal::StreamBytes(memory.get());
    if (out.size() > limits_.max_attachment_bytes) {
      warnings_.Add("part-too-large",
                    "Một phần của thư vượt quá dung lượng cho phép và đã bị bỏ qua.");
      out.clear();
      return false;
    }
    if (text && !internal::IsValidUtf8(out)) {
      warnings_.Add("unknown-charset",
                    "Nội dung thư dùng bảng mã không hỗ trợ; ký tự không đọc được đã được "
                    "thay thế.");
    }
    return true;
  }

  const ParseLimits& limits_;
  ParsedMail& out_;
  Warnings& warnings_;
  int parts_ = 0;
  bool stopped_ = false;
  bool have_text_ = false;
  bool have_html_ = false;
};

// GMime keeps every header field and every part as an object of a few hundred bytes: 5 MB of
// "X: y" lines or of empty parts cost it more than 600 MB. So before GMime sees the bytes, they
// are cut at the first line past either bound: lines that look like header fields (a name and a
// colon), and lines that may be boundary delimiters (starting with "--"; every part needs one,
// every multipart one more to close). Returns the length to keep.
constexpr std::size_t kMaxHeaderLines = 20000;

std::size_t BoundedLength(std::string_view bytes, const ParseLimits& limits, Warnings& warnings) {
  std::size_t max_delimiters = 2 * static_cast<std::size_t>(std::max(limits.max_parts, 0)) + 8;
  std::size_t header_lines = 0;
  std::size_t delimiters = 0;
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::size_t end = bytes.find('\n', pos);
    std::string_view line = bytes.substr(pos, end == std::string_view::npos ? end : end - pos);
    if (line.starts_with("--")) {
      if (++delimiters > max_delimiters) {
        warnings.Add("too-many-parts", "Thư có quá nhiều phần; các phần sau đã bị bỏ qua.");
        return pos;
      }
    } else {
      std::size_t name = 0;
      while (name < line.size() && line[name] > ' ' && line[name] < 0x7F && line[name] != ':') {
        ++name;
      }
      if (name > 0 && name < line.size() && line[name] == ':' && ++header_lines > kMaxHeaderLines) {
        warnings.Add("too-many-headers",
                     "Thư có quá nhiều trường tiêu đề; phần sau của thư đã bị bỏ qua.");
        return pos;
      }
    }
    if (end == std::string_view::npos) {
      break;
    }
    pos = end + 1;
  }
  return bytes.size();
}

struct ParserOptionsFree {
  void operator()(GMimeParserOptions* options) const { g_mime_parser_options_free(options); }
};

}  // namespace

bool ParsedMail::HasWarning(std::string_view code) const {
  for (const ParseWarning& w : warnings) {
    if (w.code == code) {
      return true;
    }
  }
  return false;
}

Result<ParsedMail> ParseMail(std::string_view bytes, const ParseLimits& limits) {
  // Untrusted input: the size is checked before a byte is parsed.
  if (bytes.size() > limits.max_total_bytes) {
    return Error::TooLarge("Thư vượt quá dung lượng cho phép (" +
                           std::to_string(limits.max_total_bytes >> 20) + " MB).");
  }
  if (bytes.empty()) {
    return Error::Malformed("Thư rỗng.");
  }
  internal::EnsureGmimeInitialised();

  ParsedMail out;
  Warnings warnings(out.warnings);
  std::unique_ptr<GMimeParserOptions, ParserOptionsFree> options(g_mime_parser_options_new());
  // Unencoded 8-bit headers: UTF-8 first, then Vietnamese Windows (CP1258), which every byte
  // decodes in, so nothing fails.
  const char* fallback[] = {"UTF-8", "windows-1258", nullptr};
  g_mime_parser_options_set_fallback_charsets(options.get(), fallback);
  g_mime_parser_options_set_warning_callback(options.get(), &Warnings::FromParser, &warnings);

  std::size_t length = BoundedLength(bytes, limits, warnings);
  GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), length));
  GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MESSAGE);
  GPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), options.get()));
  if (!message) {
    return Error::Malformed("Không đọc được thư: dữ liệu không phải thư điện tử.");
  }

  std::vector<Mailbox> from;
  AppendMailboxes(g_mime_message_get_from(message.get()), from, warnings);
  if (!from.empty()) {
    out.from = std::move(from.front());
  }
  AppendMailboxes(g_mime_message_get_addresses(message.get(), GMIME_ADDRESS_TYPE_TO), out.to,
                  warnings);
  AppendMailboxes(g_mime_message_get_addresses(message.get(), GMIME_ADDRESS_TYPE_CC), out.cc,
                  warnings);
  out.subject = CleanHeader(g_mime_message_get_subject(message.get()), warnings);
  out.message_id = CleanHeader(g_mime_message_get_message_id(message.get()), warnings);
  if (GDateTime* date = g_mime_message_get_date(message.get())) {
    // Untrusted input: GLib reads years 1 to 9999, a TimePoint (int64 nanoseconds since 1970)
    // holds only 1677 to 2262; converting a date outside that overflowed (found by fuzzing). Such
    // a date is treated as no date.
    constexpr std::int64_t kMaxSeconds =
        std::chrono::duration_cast<std::chrono::seconds>(TimePoint::duration::max()).count();
    const std::int64_t seconds = g_date_time_to_unix(date);
    if (seconds > -kMaxSeconds && seconds < kMaxSeconds) {
      out.date = FromUnixSeconds(seconds);
    }
  }

  Walker walker(limits, out, warnings);
  walker.Walk(g_mime_message_get_mime_part(message.get()), 0);

  if (out.text.empty() && !out.html.empty()) {
    out.text = internal::HtmlToText(out.html);
    out.text_from_html = true;
  }
  if (out.text.empty() && out.html.empty() && out.attachments.empty()) {
    warnings.Add("no-body", "Thư không có nội dung.");
  }
  // The parser options (and their warning callback into `warnings`) outlive the message.
  message.reset();
  parser.reset();
  return out;
}

}  // namespace cqdt::mail
