// Optimistic concurrency of documents (decision 0009), shared by the document routes.
#include "internal.hpp"

namespace cqdt::api {

std::string DocumentETag(const documents::Document& d) {
  return "\"" + std::to_string(d.id.value()) + "-" + std::to_string(d.version) + "\"";
}

http::Response StaleVersion(const http::Request& req) {
  return http::Problem(412,
                       "Văn bản đã được người khác thay đổi kể từ khi bạn mở. Vui lòng tải lại "
                       "văn bản rồi thực hiện lại.",
                       req);
}

namespace {

// 428: an action without If-Match could overwrite someone else's change unseen.
http::Response MissingIfMatch(const http::Request& req) {
  return http::Problem(428,
                       "Cần tiêu đề If-Match với ETag của văn bản (tải lại văn bản để lấy) "
                       "để tránh ghi đè thay đổi của người khác.",
                       req);
}

}  // namespace

std::optional<http::Response> CheckIfMatch(const http::Request& req, const std::string& current) {
  auto header = req.headers.Get("If-Match");
  if (!header || header->empty()) {
    return MissingIfMatch(req);
  }
  std::string_view tag = *header;
  // A compressing proxy may weaken the ETag it passes on ("W/" prefix); the client then sends
  // that back. Our ETags name a version, so the weak form names the same one.
  if (tag.starts_with("W/")) {
    tag.remove_prefix(2);
  }
  if (tag != current) {
    return StaleVersion(req);
  }
  return std::nullopt;
}

std::optional<http::Response> ReadIfMatchVersion(const http::Request& req,
                                                 const std::string& prefix, std::int64_t& version) {
  version = -1;
  auto header = req.headers.Get("If-Match");
  if (!header || header->empty()) {
    return MissingIfMatch(req);
  }
  std::string_view tag = *header;
  if (tag.starts_with("W/")) {  // as CheckIfMatch: the weak form names the same version
    tag.remove_prefix(2);
  }
  const std::string open = "\"" + prefix;
  // Untrusted header: only "<prefix><digits>" names a version; anything else names none.
  if (tag.size() > open.size() + 1 && tag.starts_with(open) && tag.ends_with('"')) {
    const std::string_view digits = tag.substr(open.size(), tag.size() - open.size() - 1);
    if (digits.size() < 18 && digits.find_first_not_of("0123456789") == std::string_view::npos) {
      version = std::stoll(std::string(digits));
    }
  }
  return std::nullopt;
}

}  // namespace cqdt::api
