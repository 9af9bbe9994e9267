// Result<T> and Error: how every cqdt module reports expected failures.
//
// Expected failures (bad input, not found, conflict, wrong workflow state, permission, bad
// signature) are values, never exceptions. Exceptions are reserved for bugs and infrastructure
// faults (a lost database connection, an I/O error), and are caught at the adapter that
// understands them or at the top of an HTTP request.
//
// Result<T> mirrors std::expected's member names (has_value, value, error, operator bool,
// operator*, operator->) so that it can become an alias once the toolchain has <expected>.
//
// Messages inside an Error are safe to show to a client and are in Vietnamese; anything
// internal (SQL text, library error strings) belongs in the log, never in an Error.
//
// Thread safety: plain values; no shared state.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace cqdt {

enum class ErrorCode {
  kInvalidArgument,     // the input breaks a rule; FieldErrors name the fields
  kMalformed,           // the input cannot be parsed at all (bad JSON, bad CSV framing)
  kNotFound,            // no such record (or not visible to the caller)
  kConflict,            // the record exists already, or a concurrent change won
  kFailedPrecondition,  // the record is in the wrong state for the operation
  kUnauthenticated,     // no valid credentials
  kPermissionDenied,    // authenticated, but not allowed
  kRateLimited,         // too many attempts; retry later
  kTooLarge,            // the input exceeds a size limit
  kUnsupported,         // a media type or feature the server does not accept
  kBadSignature,        // a signature or integrity check failed
  kUnavailable,         // a dependency (database, peer) cannot be reached now
  kInternal,            // a bug; details are only in the log
};

// One rejected field: `field` is the client-facing name (camelCase JSON path, or a CSV column),
// `message` a Vietnamese sentence, `code` a stable machine-readable reason ("required",
// "format", "duplicate", ...).
struct FieldError {
  std::string field;
  std::string code;
  std::string message;
};

class Error {
 public:
  Error(ErrorCode code, std::string message, std::vector<FieldError> fields = {})
      : code_(code), message_(std::move(message)), fields_(std::move(fields)) {}

  // Named factories; messages are Vietnamese, shown to the client as the problem's detail.
  static Error Invalid(std::vector<FieldError> fields,
                       std::string message = "Dữ liệu không hợp lệ.");
  static Error InvalidField(std::string field, std::string code, std::string message);
  static Error Malformed(std::string message);
  // `what` is a Vietnamese noun ("cơ quan"), `key` the identifier the caller used.
  static Error NotFound(const std::string& what, const std::string& key);
  static Error Conflict(std::string message, std::vector<FieldError> fields = {});
  static Error FailedPrecondition(std::string message);
  static Error Unauthenticated(std::string message = "Bạn cần đăng nhập.");
  static Error PermissionDenied(std::string message = "Bạn không có quyền thực hiện thao tác này.");
  static Error RateLimited(std::string message);
  static Error TooLarge(std::string message);
  static Error Unsupported(std::string message);
  static Error BadSignature(std::string message);
  static Error Unavailable(std::string message);
  static Error Internal();

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<FieldError>& fields() const { return fields_; }

  // Returns a copy with every field name prefixed ("rows[3]." + field), for nested reports.
  Error WithFieldPrefix(const std::string& prefix) const;

 private:
  ErrorCode code_;
  std::string message_;
  std::vector<FieldError> fields_;
};

// Stable, lower-case name of a code ("not-found"): used in problem type URIs and logs.
const char* ErrorCodeName(ErrorCode code);

struct Unexpected {
  Error error;
};
inline Unexpected Fail(Error e) { return Unexpected{std::move(e)}; }

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}     // NOLINT(google-explicit-constructor)
  Result(Unexpected u) : v_(std::move(u.error)) {}  // NOLINT(google-explicit-constructor)

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(v_));
  }
  const Error& error() const {
    assert(!has_value());
    return std::get<1>(v_);
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}     // NOLINT
  Result(Unexpected u) : error_(std::move(u.error)), ok_(false) {}  // NOLINT

  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  void value() const { assert(ok_); }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_{ErrorCode::kInternal, ""};
  bool ok_ = true;
};

using Status = Result<void>;
inline Status Ok() { return {}; }

}  // namespace cqdt

// Propagates the error of a Result-returning expression; otherwise yields nothing.
#define CQDT_RETURN_IF_ERROR(expr)               \
  do {                                           \
    auto cqdt_status_ = (expr);                  \
    if (!cqdt_status_) {                         \
      return ::cqdt::Fail(cqdt_status_.error()); \
    }                                            \
  } while (false)

#define CQDT_CONCAT_INNER_(a, b) a##b
#define CQDT_CONCAT_(a, b) CQDT_CONCAT_INNER_(a, b)
// `CQDT_ASSIGN_OR_RETURN(auto x, Foo());` binds the value or returns the error.
#define CQDT_ASSIGN_OR_RETURN(lhs, expr) \
  CQDT_ASSIGN_OR_RETURN_IMPL_(CQDT_CONCAT_(cqdt_result_, __LINE__), lhs, expr)
#define CQDT_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp) {                                       \
    return ::cqdt::Fail(tmp.error());               \
  }                                                 \
  lhs = std::move(tmp).value()
