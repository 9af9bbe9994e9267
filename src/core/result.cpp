#include "core/result.hpp"

namespace cqdt {

Error Error::Invalid(std::vector<FieldError> fields, std::string message) {
  return Error(ErrorCode::kInvalidArgument, std::move(message), std::move(fields));
}
Error Error::InvalidField(std::string field, std::string code, std::string message) {
  std::string summary = message;
  return Error(ErrorCode::kInvalidArgument, std::move(summary),
               {FieldError{std::move(field), std::move(code), std::move(message)}});
}
Error Error::Malformed(std::string message) {
  return Error(ErrorCode::kMalformed, std::move(message));
}
Error Error::NotFound(const std::string& what, const std::string& key) {
  std::string m = "Không tìm thấy " + what;
  if (!key.empty()) {
    m += " '" + key + "'";
  }
  return Error(ErrorCode::kNotFound, m + ".");
}
Error Error::Conflict(std::string message, std::vector<FieldError> fields) {
  return Error(ErrorCode::kConflict, std::move(message), std::move(fields));
}
Error Error::FailedPrecondition(std::string message) {
  return Error(ErrorCode::kFailedPrecondition, std::move(message));
}
Error Error::Unauthenticated(std::string message) {
  return Error(ErrorCode::kUnauthenticated, std::move(message));
}
Error Error::PermissionDenied(std::string message) {
  return Error(ErrorCode::kPermissionDenied, std::move(message));
}
Error Error::RateLimited(std::string message) {
  return Error(ErrorCode::kRateLimited, std::move(message));
}
Error Error::TooLarge(std::string message) {
  return Error(ErrorCode::kTooLarge, std::move(message));
}
Error Error::Unsupported(std::string message) {
  return Error(ErrorCode::kUnsupported, std::move(message));
}
Error Error::BadSignature(std::string message) {
  return Error(ErrorCode::kBadSignature, std::move(message));
}
Error Error::Unavailable(std::string message) {
  return Error(ErrorCode::kUnavailable, std::move(message));
}
Error Error::Internal() {
  return Error(ErrorCode::kInternal, "Đã xảy ra lỗi hệ thống. Vui lòng thử lại sau.");
}

Error Error::WithFieldPrefix(const std::string& prefix) const {
  std::vector<FieldError> fields = fields_;
  for (auto& f : fields) {
    f.field = prefix + f.field;
  }
  return Error(code_, message_, std::move(fields));
}

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "validation";
    case ErrorCode::kMalformed:
      return "malformed";
    case ErrorCode::kNotFound:
      return "not-found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kFailedPrecondition:
      return "failed-precondition";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kPermissionDenied:
      return "forbidden";
    case ErrorCode::kRateLimited:
      return "rate-limited";
    case ErrorCode::kTooLarge:
      return "too-large";
    case ErrorCode::kUnsupported:
      return "unsupported";
    case ErrorCode::kBadSignature:
      return "bad-signature";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace cqdt
