#include "signing_http.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include "core/text.hpp"
#include "internal.hpp"
#include "signing/verify_file.hpp"

namespace cqdt::api {
namespace {

std::optional<double> QueryDouble(const http::Request& req, const char* name, double min,
                                  double max, std::vector<FieldError>& errors) {
  auto v = req.Query(name);
  if (!v || v->empty()) {
    return std::nullopt;
  }
  double d = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), d);
  if (ec != std::errc() || ptr != v->data() + v->size() || !std::isfinite(d) || d < min ||
      d > max) {
    errors.push_back({name, "range",
                      "Giá trị phải là số từ " + std::to_string(static_cast<int>(min)) + " đến " +
                          std::to_string(static_cast<int>(max)) + "."});
    return std::nullopt;
  }
  return d;
}

}  // namespace

http::Response SigningNotReady(const http::Request& req) {
  return Fail(Error::Unavailable("Chức năng chữ ký số chưa sẵn sàng."), req);
}

std::string SafeUploadName(const std::string& raw, const std::string& fallback) {
  const auto slash = raw.find_last_of("/\\");
  const std::string base = raw.substr(slash == std::string::npos ? 0 : slash + 1);
  std::string out;
  for (unsigned char c : base) {
    if (c < 0x20 || c == 0x7f || c == '"' || c == '\\' || c == ';') {
      continue;
    }
    out.push_back(static_cast<char>(c));
  }
  if (out.size() > 200 || out.empty() || out == "." || out == ".." || !IsValidUtf8(out)) {
    return fallback;
  }
  return out;
}

std::string AttachmentDisposition(const std::string& name) {
  std::string ascii;
  std::string encoded;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : name) {
    ascii.push_back(c < 0x80 && c != '%' ? static_cast<char>(c) : '_');
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      encoded.push_back(static_cast<char>(c));
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
}

SignParams ParseSignParams(const http::Request& req, const std::string& content,
                           std::vector<FieldError>& errors) {
  SignParams out;
  auto kind = req.Query("kind").value_or("");
  if (kind.empty()) {
    auto detected = signing::DetectKind(content);
    kind = detected && *detected == signing::FileKind::kPdf   ? "pdf"
           : detected && *detected == signing::FileKind::kXml ? "xml"
                                                              : "cms";
  }
  if (kind == "pdf") {
    out.kind = signing::SignKind::kPdf;
  } else if (kind == "xml") {
    out.kind = signing::SignKind::kXml;
  } else if (kind == "cms") {
    out.kind = signing::SignKind::kCms;
  } else {
    errors.push_back({"kind", "enum", "Loại chữ ký phải là pdf, xml hoặc cms."});
  }
  auto style = signing::ParseAppearanceStyle(req.Query("style").value_or("none"));
  if (!style) {
    errors.push_back(
        {"style", "enum", "Hình thức hiển thị phải là none, signer, seal hoặc attachment."});
  } else {
    out.pdf.style = *style;
  }
  if (auto page = QueryInt(req, "page", 0, 0, 100000, errors)) {
    out.pdf.placement.page = *page;
  }
  out.pdf.placement.x = QueryDouble(req, "x", 0, 14400, errors);
  out.pdf.placement.y = QueryDouble(req, "y", 0, 14400, errors);
  out.pdf.placement.width = QueryDouble(req, "width", 10, 14400, errors);
  out.pdf.placement.height = QueryDouble(req, "height", 10, 14400, errors);
  if (req.Query("certify")) {
    if (auto level = QueryInt(req, "certify", 2, 1, 3, errors)) {
      out.pdf.certify_permissions = *level;
    }
  }
  auto text_param = [&](const char* name, std::size_t max, std::string& value) {
    value = req.Query(name).value_or("");
    if (value.size() > max || !IsValidUtf8(value)) {
      errors.push_back({name, "length", "Tối đa " + std::to_string(max) + " byte UTF-8."});
    }
  };
  text_param("reason", 200, out.pdf.reason);
  text_param("location", 200, out.pdf.location);
  text_param("documentNumber", 100, out.pdf.document_number);
  const std::string fallback = out.kind == signing::SignKind::kPdf   ? "van-ban.pdf"
                               : out.kind == signing::SignKind::kXml ? "goi-tin.xml"
                                                                     : "tep";
  out.file_name = SafeUploadName(req.Query("fileName").value_or(""), fallback);
  return out;
}

}  // namespace cqdt::api
