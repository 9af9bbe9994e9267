#include "http/static_files.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <string_view>
#include <system_error>
#include <utility>

#include "core/text.hpp"
#include "http/problem.hpp"

namespace cqdt::http {
namespace {

// "app.js", "logo.png", "font.woff2": the last segment ends in the extension of a kind of file a
// web app serves. Anything else is a client route, even with a dot in it: a procedure's code
// ("1.001193"), an agency's code ("000.00.41.H01"), a dossier's code.
bool HasFileExtension(std::string_view name) {
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) {
    return false;
  }
  static constexpr std::string_view kFileExtensions[] = {
      "html", "htm", "js",   "mjs",  "css",   "json", "map", "svg", "png",         "ico", "jpg",
      "jpeg", "gif", "webp", "woff", "woff2", "ttf",  "txt", "xml", "webmanifest", "pdf"};
  const std::string ext = AsciiLower(name.substr(dot + 1));
  return std::find(std::begin(kFileExtensions), std::end(kFileExtensions), ext) !=
         std::end(kFileExtensions);
}

namespace fs = std::filesystem;

constexpr const char* kNotFound = "Không tìm thấy tài nguyên được yêu cầu.";

std::string_view ContentTypeFor(std::string_view extension) {
  struct Entry {
    std::string_view extension;
    std::string_view type;
  };
  static constexpr Entry kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      // ES modules, such as pdf.js's worker: browsers refuse a module script of another type.
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
  };
  for (const Entry& entry : kTypes) {
    if (entry.extension == extension) {
      return entry.type;
    }
  }
  return "application/octet-stream";
}

// Accept-Encoding: "gzip, deflate, br" or "gzip;q=0" (refused). Codings are case-insensitive.
bool AcceptsGzip(const Request& request) {
  const auto header = request.headers.Get("Accept-Encoding");
  if (!header) {
    return false;
  }
  std::string_view rest = *header;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    std::string_view item = TrimSpaces(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    const std::size_t semi = item.find(';');
    std::string coding(TrimSpaces(item.substr(0, semi)));
    std::transform(coding.begin(), coding.end(), coding.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (coding != "gzip") {
      continue;
    }
    if (semi == std::string_view::npos) {
      return true;
    }
    std::string_view param = TrimSpaces(item.substr(semi + 1));
    if (param.starts_with("q=") || param.starts_with("Q=")) {
      param.remove_prefix(2);
      // q=0, q=0.0, q=0.000 mean "not acceptable".
      return param.find_first_not_of("0.") != std::string_view::npos;
    }
    return true;
  }
  return false;
}

// Untrusted input: the decoded path must be absolute and free of "..", "." and hidden segments,
// NUL and backslashes before it is joined to the root.
bool IsSafePath(std::string_view path) {
  if (path.empty() || path.front() != '/') {
    return false;
  }
  if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos) {
    return false;
  }
  std::string_view rest = path.substr(1);
  while (!rest.empty()) {
    const std::size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (!segment.empty() && segment.front() == '.') {
      return false;  // "..", "." and dot files (.env, .git)
    }
    if (slash == std::string_view::npos) {
      break;
    }
    rest.remove_prefix(slash + 1);
  }
  return true;
}

// True when `path` resolves (following symlinks) to a place inside `root` (already canonical).
bool IsConfined(const fs::path& root, const fs::path& path) {
  std::error_code ec;
  const fs::path resolved = fs::weakly_canonical(path, ec);
  if (ec) {
    return false;
  }
  auto root_it = root.begin();
  auto it = resolved.begin();
  for (; root_it != root.end(); ++root_it, ++it) {
    if (root_it->empty() && std::next(root_it) == root.end()) {
      break;  // a trailing separator of the root
    }
    if (it == resolved.end() || *it != *root_it) {
      return false;
    }
  }
  return true;
}

bool IsRegularFile(const fs::path& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

class StaticFileHandler {
 public:
  explicit StaticFileHandler(fs::path root) {
    std::error_code ec;
    root_ = fs::weakly_canonical(root, ec);
    if (ec) {
      root_ = std::move(root);
    }
  }

  Response operator()(Request& request) const {
    const std::string& path = request.path;
    if (path == "/api" || path.starts_with("/api/")) {
      return Problem(404, kNotFound, request);
    }
    if (request.method != "GET" && request.method != "HEAD") {
      Response response =
          Problem(405, "Phương thức này không được hỗ trợ cho đường dẫn này.", request);
      response.headers.Set("Allow", "GET, HEAD");
      return response;
    }
    if (!IsSafePath(path)) {
      return Problem(404, kNotFound, request);
    }

    fs::path candidate = root_ / fs::path(path.substr(1)).relative_path();
    std::error_code ec;
    if (fs::is_directory(candidate, ec)) {
      candidate /= "index.html";
    }
    if (IsRegularFile(candidate) && IsConfined(root_, candidate)) {
      const bool immutable = path.starts_with("/assets/");
      return Serve(candidate, immutable, request);
    }

    // Client-side routes ("/admin/users", "/mot-cua/thu-tuc/1.001193") have no file extension:
    // answer the app's index.html. A missing file ("/assets/gone.js") stays a 404.
    const std::string_view last = std::string_view(path).substr(path.rfind('/') + 1);
    if (!HasFileExtension(last)) {
      const fs::path index = root_ / "index.html";
      if (IsRegularFile(index) && IsConfined(root_, index)) {
        return Serve(index, false, request);
      }
    }
    return Problem(404, kNotFound, request);
  }

 private:
  Response Serve(const fs::path& file, bool immutable, const Request& request) const {
    Response response;
    response.status = 200;
    response.headers.Set("Content-Type", std::string(ContentTypeFor(file.extension().native())));
    response.headers.Set("Cache-Control",
                         immutable ? "public, max-age=31536000, immutable" : "no-cache");
    response.file = file;
    fs::path gz = file;
    gz += ".gz";
    if (IsRegularFile(gz) && IsConfined(root_, gz)) {
      response.headers.Set("Vary", "Accept-Encoding");
      if (AcceptsGzip(request)) {
        response.headers.Set("Content-Encoding", "gzip");
        response.file = std::move(gz);
      }
    }
    return response;
  }

  fs::path root_;
};

}  // namespace

Handler StaticFiles(std::filesystem::path root) { return StaticFileHandler(std::move(root)); }

}  // namespace cqdt::http
