#include "http/form_data.hpp"

#include "core/text.hpp"
#include "http/message.hpp"

namespace cqdt::http {

namespace {

constexpr std::string_view kCrlf = "\r\n";

// Each message whole, so that the message catalog can render it in English.
Error Bad(std::string message) { return Error::Malformed(std::move(message)); }

// A header's parameters after its first value: `; key=value; key="quoted \" value"`. Keys are
// lower-cased; a repeated key keeps its first value.
struct Params {
  std::string value;  // the part before the first ';', lower case
  std::vector<std::pair<std::string, std::string>> items;

  const std::string* Find(std::string_view key) const {
    for (const auto& [k, v] : items) {
      if (k == key) {
        return &v;
      }
    }
    return nullptr;
  }
};

Result<Params> ParseParams(std::string_view s) {
  Params out;
  const std::size_t semi = s.find(';');
  out.value = AsciiLower(TrimSpaces(s.substr(0, semi)));
  s = semi == std::string_view::npos ? std::string_view() : s.substr(semi + 1);
  while (!TrimSpaces(s).empty()) {
    s = TrimSpaces(s);
    const std::size_t eq = s.find('=');
    if (eq == std::string_view::npos) {
      return Bad("Nội dung multipart/form-data không hợp lệ: tham số '" +
                 std::string(s.substr(0, 40)) + "' thiếu giá trị.");
    }
    std::string key = AsciiLower(TrimSpaces(s.substr(0, eq)));
    s = TrimSpaces(s.substr(eq + 1));
    std::string value;
    if (!s.empty() && s.front() == '"') {
      std::size_t i = 1;
      for (; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size()) {
          ++i;
        }
        value += s[i];
      }
      if (i >= s.size()) {
        return Bad(
            "Nội dung multipart/form-data không hợp lệ: chuỗi trong ngoặc kép của tham số '" + key +
            "' chưa đóng.");
      }
      s.remove_prefix(i + 1);
      s = TrimSpaces(s);
      if (!s.empty() && s.front() != ';') {
        return Bad("Nội dung multipart/form-data không hợp lệ: sau tham số '" + key +
                   "' phải là dấu ';'.");
      }
    } else {
      const std::size_t end = s.find(';');
      value = std::string(TrimSpaces(s.substr(0, end)));
      s = end == std::string_view::npos ? std::string_view() : s.substr(end);
    }
    if (!s.empty()) {
      s.remove_prefix(1);  // the ';'
    }
    if (out.Find(key) == nullptr) {
      out.items.emplace_back(std::move(key), std::move(value));
    }
  }
  return out;
}

// The headers of one part (the block before its blank line).
Status ParseHeaders(std::string_view block, FormPart& part) {
  bool disposition = false;
  part.content_type = "text/plain";
  while (!block.empty()) {
    const std::size_t eol = block.find(kCrlf);
    std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view() : block.substr(eol + 2);
    if (line.empty()) {
      continue;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      return Bad("Nội dung multipart/form-data không hợp lệ: không hỗ trợ tiêu đề gấp dòng.");
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      return Bad("Nội dung multipart/form-data không hợp lệ: dòng tiêu đề thiếu dấu ':'.");
    }
    const std::string name = AsciiLower(TrimSpaces(line.substr(0, colon)));
    const std::string_view value = TrimSpaces(line.substr(colon + 1));
    if (name == "content-disposition") {
      CQDT_ASSIGN_OR_RETURN(Params p, ParseParams(value));
      if (p.value != "form-data") {
        return Bad(
            "Nội dung multipart/form-data không hợp lệ: mỗi phần phải là Content-Disposition: "
            "form-data.");
      }
      const std::string* field = p.Find("name");
      if (field == nullptr || field->empty()) {
        return Bad("Nội dung multipart/form-data không hợp lệ: một phần thiếu tên trường (name).");
      }
      part.name = *field;
      if (const std::string* ext = p.Find("filename*")) {
        // RFC 8187: charset'language'percent-encoded; only UTF-8 is meaningful here.
        const std::size_t q1 = ext->find('\'');
        const std::size_t q2 = q1 == std::string::npos ? q1 : ext->find('\'', q1 + 1);
        if (q2 == std::string::npos || AsciiLower(ext->substr(0, q1)) != "utf-8") {
          return Bad(
              "Nội dung multipart/form-data không hợp lệ: filename* phải có dạng "
              "UTF-8''tên-đã-mã-hóa.");
        }
        part.file_name = PercentDecode(std::string_view(*ext).substr(q2 + 1), false);
      } else if (const std::string* file = p.Find("filename")) {
        part.file_name = *file;
      }
      disposition = true;
    } else if (name == "content-type" && !value.empty()) {
      // An empty value says nothing: the part keeps RFC 7578's default, text/plain, so every
      // part has a type (tests/fuzz found a part whose type was "").
      part.content_type = AsciiLower(value);
    }
  }
  if (!disposition) {
    return Bad(
        "Nội dung multipart/form-data không hợp lệ: một phần thiếu tiêu đề Content-Disposition.");
  }
  return Ok();
}

}  // namespace

Result<std::string> FormDataBoundary(std::string_view content_type) {
  auto params = ParseParams(content_type);
  if (!params || params->value != "multipart/form-data") {
    return Error::Unsupported("Nội dung phải có kiểu multipart/form-data.");
  }
  const std::string* boundary = params->Find("boundary");
  if (boundary == nullptr || boundary->empty() || boundary->size() > 70) {
    return Error::Malformed(
        "Tiêu đề Content-Type multipart/form-data phải có boundary dài 1 đến 70 ký tự.");
  }
  return *boundary;
}

Result<std::vector<FormPart>> ParseFormData(std::string_view content_type, std::string_view body,
                                            const FormDataLimits& limits) {
  CQDT_ASSIGN_OR_RETURN(std::string boundary, FormDataBoundary(content_type));
  const std::string dash = "--" + boundary;
  const std::string delimiter = "\r\n" + dash;
  // The first delimiter: at the very start, or after a preamble.
  std::size_t pos = 0;
  if (body.substr(0, dash.size()) == dash) {
    pos = dash.size();
  } else {
    const std::size_t found = body.find(delimiter);
    if (found == std::string_view::npos) {
      return Bad("Nội dung multipart/form-data không hợp lệ: không thấy ranh giới (boundary) nào.");
    }
    pos = found + delimiter.size();
  }
  std::vector<FormPart> parts;
  while (true) {
    if (body.substr(pos, 2) == "--") {
      return parts;  // the closing delimiter; the epilogue is ignored
    }
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) {
      ++pos;  // transport padding
    }
    if (body.substr(pos, 2) != kCrlf) {
      return Bad("Nội dung multipart/form-data không hợp lệ: sau ranh giới phải xuống dòng.");
    }
    pos += 2;
    if (parts.size() == limits.max_parts) {
      return Error::TooLarge("Biểu mẫu có quá " + std::to_string(limits.max_parts) + " phần.");
    }
    FormPart part;
    std::size_t content = 0;
    if (body.substr(pos, 2) == kCrlf) {
      content = pos + 2;  // no headers at all
    } else {
      const std::size_t blank = body.find("\r\n\r\n", pos);
      if (blank == std::string_view::npos || blank - pos > limits.max_header_bytes) {
        return blank == std::string_view::npos
                   ? Bad("Nội dung multipart/form-data không hợp lệ: tiêu đề của một phần không "
                         "kết thúc.")
                   : Error::TooLarge("Tiêu đề của một phần biểu mẫu quá dài.");
      }
      content = blank + 4;
      CQDT_RETURN_IF_ERROR(ParseHeaders(body.substr(pos, blank - pos), part));
    }
    if (part.name.empty()) {
      return Bad(
          "Nội dung multipart/form-data không hợp lệ: một phần thiếu tiêu đề Content-Disposition.");
    }
    const std::size_t end = body.find(delimiter, content);
    if (end == std::string_view::npos) {
      return Bad("Nội dung multipart/form-data không hợp lệ: thiếu ranh giới kết thúc.");
    }
    part.body = body.substr(content, end - content);
    parts.push_back(std::move(part));
    pos = end + delimiter.size();
  }
}

}  // namespace cqdt::http
