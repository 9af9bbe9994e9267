#include "http/problem.hpp"

#include <utility>

#include <nlohmann/json.hpp>

#include "http/language.hpp"

namespace cqdt::http {
namespace {

constexpr const char* kTypePrefix = "urn:cqdt:problem:";

const char* TitleFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "Dữ liệu không hợp lệ";
    case ErrorCode::kMalformed:
      return "Yêu cầu không đúng định dạng";
    case ErrorCode::kNotFound:
      return "Không tìm thấy";
    case ErrorCode::kConflict:
      return "Xung đột dữ liệu";
    case ErrorCode::kFailedPrecondition:
      return "Trạng thái không cho phép thao tác";
    case ErrorCode::kUnauthenticated:
      return "Chưa đăng nhập";
    case ErrorCode::kPermissionDenied:
      return "Không có quyền";
    case ErrorCode::kRateLimited:
      return "Quá nhiều yêu cầu";
    case ErrorCode::kTooLarge:
      return "Dữ liệu quá lớn";
    case ErrorCode::kUnsupported:
      return "Định dạng không được hỗ trợ";
    case ErrorCode::kBadSignature:
      return "Chữ ký không hợp lệ";
    case ErrorCode::kUnavailable:
      return "Dịch vụ tạm thời không khả dụng";
    case ErrorCode::kInternal:
      return "Lỗi hệ thống";
  }
  return "Lỗi hệ thống";
}

struct StatusKind {
  std::string name;
  std::string title;
};

// The problem type and title of a status that has no Error behind it.
StatusKind KindForStatus(int status) {
  auto of = [](ErrorCode code) { return StatusKind{ErrorCodeName(code), TitleFor(code)}; };
  switch (status) {
    case 400:
      return of(ErrorCode::kMalformed);
    case 401:
      return of(ErrorCode::kUnauthenticated);
    case 403:
      return of(ErrorCode::kPermissionDenied);
    case 404:
      return of(ErrorCode::kNotFound);
    case 405:
      return {"method-not-allowed", "Phương thức không được hỗ trợ"};
    case 408:
      return {"timeout", "Hết thời gian chờ yêu cầu"};
    case 409:
      return of(ErrorCode::kConflict);
    case 412:
      return {"precondition-failed", "Dữ liệu đã thay đổi"};
    case 413:
      return of(ErrorCode::kTooLarge);
    case 415:
      return of(ErrorCode::kUnsupported);
    case 422:
      return of(ErrorCode::kInvalidArgument);
    case 428:
      return {"precondition-required", "Thiếu tiêu đề If-Match"};
    case 429:
      return of(ErrorCode::kRateLimited);
    case 431:
      return {ErrorCodeName(ErrorCode::kTooLarge), "Tiêu đề yêu cầu quá lớn"};
    case 500:
      return of(ErrorCode::kInternal);
    case 503:
      return of(ErrorCode::kUnavailable);
    default:
      break;
  }
  if (status >= 500) {
    return of(ErrorCode::kInternal);
  }
  return of(ErrorCode::kMalformed);
}

Response MakeProblem(int status, const std::string& name, const std::string& title,
                     const std::string& detail, const Request& request,
                     const std::vector<FieldError>* fields) {
  // The messages follow the client's Accept-Language (Vietnamese unless it prefers English);
  // the type, codes and field names are the same in every language.
  const Language language = LanguageOf(request);
  nlohmann::ordered_json body;
  body["type"] = kTypePrefix + name;
  body["title"] = Localize(title, language);
  body["status"] = status;
  body["detail"] = Localize(detail, language);
  body["instance"] = request.path;
  body["requestId"] = request.request_id;
  if (fields != nullptr && !fields->empty()) {
    nlohmann::ordered_json errors = nlohmann::ordered_json::array();
    for (const FieldError& field : *fields) {
      errors.push_back({{"field", field.field},
                        {"code", field.code},
                        {"message", Localize(field.message, language)}});
    }
    body["errors"] = std::move(errors);
  }
  Response response;
  response.status = status;
  response.headers.Set("Content-Type", "application/problem+json");
  response.headers.Set("Content-Language", language == Language::kEnglish ? "en" : "vi");
  response.headers.Set("Vary", "Accept-Language");
  // The instance is the client's own path and may hold invalid UTF-8: replace, never throw.
  response.body = body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return response;
}

}  // namespace

int StatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 422;
    case ErrorCode::kMalformed:
      return 400;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
    case ErrorCode::kFailedPrecondition:
      return 409;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kRateLimited:
      return 429;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kUnsupported:
      return 415;
    case ErrorCode::kBadSignature:
      return 422;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response Problem(const Error& error, const Request& request) {
  return MakeProblem(StatusFor(error.code()), ErrorCodeName(error.code()), TitleFor(error.code()),
                     error.message(), request, &error.fields());
}

Response Problem(const Error& error, const Request& request, const std::string& type_name,
                 const std::string& title) {
  return MakeProblem(StatusFor(error.code()), type_name, title, error.message(), request,
                     &error.fields());
}

Response Problem(int status, const std::string& detail, const Request& request) {
  const StatusKind kind = KindForStatus(status);
  return MakeProblem(status, kind.name, kind.title, detail, request, nullptr);
}

}  // namespace cqdt::http
