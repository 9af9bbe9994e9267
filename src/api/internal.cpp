#include "internal.hpp"

#include <algorithm>
#include <chrono>
#include <deque>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "core/text.hpp"
#include "crypto/crypto.hpp"

namespace cqdt::api {

http::Response JsonResponse(int status, const json& body) {
  // No Cache-Control here: the server sends no-store on every response that sets none.
  return http::Response::Json(status, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

http::Response Fail(const Error& error, const http::Request& req) {
  return http::Problem(error, req);
}

namespace {

// The deepest nesting of `text`, counting '[' and '{' outside strings, stopping as soon as it
// passes `limit`. Iterative and linear: it never recurses, whatever the input.
int NestingDepth(std::string_view text, int limit) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
      if (deepest > limit) {
        break;
      }
    } else if (c == ']' || c == '}') {
      --depth;  // unbalanced input is the parser's to reject
    }
  }
  return deepest;
}

}  // namespace

Result<json> ParseJson(std::string_view text) {
  // Untrusted input: a 120 KB body of 60,000 nested arrays once overflowed the stack of the
  // thread that copied the tree. Refuse it before nlohmann builds anything.
  if (NestingDepth(text, kMaxJsonDepth) > kMaxJsonDepth) {
    return Error::Malformed("Nội dung JSON lồng nhau quá sâu (tối đa " +
                            std::to_string(kMaxJsonDepth) + " cấp).");
  }
  json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    return Error::Malformed("Nội dung JSON không đúng cú pháp.");
  }
  return value;
}

Result<JsonBody> JsonBody::Parse(const http::Request& req, std::set<std::string> allowed) {
  auto type = AsciiLower(req.headers.Get("Content-Type").value_or(""));
  if (type.rfind("application/json", 0) != 0) {
    return Error::Unsupported("Nội dung phải có kiểu application/json.");
  }
  return ParseText(req.body, allowed);
}

Result<JsonBody> JsonBody::ParseText(std::string_view text, const std::set<std::string>& allowed) {
  auto parsed = ParseJson(text);
  if (!parsed) {
    return parsed.error();
  }
  json value = std::move(parsed).value();
  if (!value.is_object()) {
    return Error::Malformed("Nội dung JSON phải là một đối tượng.");
  }
  std::vector<FieldError> unknown;
  for (const auto& [key, _] : value.items()) {
    if (!allowed.count(key)) {
      unknown.push_back({key, "unknown", "Trường '" + key + "' không được hỗ trợ."});
    }
  }
  if (!unknown.empty()) {
    return Error::Invalid(std::move(unknown));
  }
  return JsonBody(std::move(value));
}

std::optional<std::string> JsonBody::String(const char* field) {
  if (!value_.contains(field)) {
    return std::nullopt;
  }
  const auto& v = value_[field];
  if (v.is_null()) {
    return std::string();
  }
  if (!v.is_string()) {
    errors_.push_back({field, "type", std::string("Trường '") + field + "' phải là chuỗi."});
    return std::nullopt;
  }
  return v.get<std::string>();
}

std::optional<std::int64_t> JsonBody::Int(const char* field) {
  if (!value_.contains(field)) {
    return std::nullopt;
  }
  const auto& v = value_[field];
  if (v.is_null()) {
    return 0;
  }
  if (!v.is_number_integer()) {
    errors_.push_back({field, "type", std::string("Trường '") + field + "' phải là số nguyên."});
    return std::nullopt;
  }
  return v.get<std::int64_t>();
}

std::optional<bool> JsonBody::Bool(const char* field) {
  if (!value_.contains(field)) {
    return std::nullopt;
  }
  const auto& v = value_[field];
  if (!v.is_boolean()) {
    errors_.push_back({field, "type", std::string("Trường '") + field + "' phải là true/false."});
    return std::nullopt;
  }
  return v.get<bool>();
}

std::optional<std::vector<std::string>> JsonBody::StringArray(const char* field) {
  if (!value_.contains(field)) {
    return std::nullopt;
  }
  const auto& v = value_[field];
  if (!v.is_array() || v.size() > 100) {
    errors_.push_back(
        {field, "type", std::string("Trường '") + field + "' phải là danh sách chuỗi."});
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : v) {
    if (!item.is_string()) {
      errors_.push_back(
          {field, "type", std::string("Trường '") + field + "' phải là danh sách chuỗi."});
      return std::nullopt;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

void JsonBody::Require(std::initializer_list<const char*> fields) {
  for (const char* f : fields) {
    if (!value_.contains(f) || value_[f].is_null()) {
      errors_.push_back({f, "required", std::string("Thiếu trường bắt buộc '") + f + "'."});
    }
  }
}

Status JsonBody::Finish() {
  if (errors_.empty()) {
    return Ok();
  }
  return Error::Invalid(std::move(errors_));
}

Result<std::string> ReadReason(const http::Request& req, bool required) {
  CQDT_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(req, {"reason"}));
  if (required) {
    body.Require({"reason"});
  }
  std::string reason = body.String("reason").value_or("");
  CQDT_RETURN_IF_ERROR(body.Finish());
  return reason;
}

std::optional<int> QueryInt(const http::Request& req, const char* name, int fallback, int min,
                            int max, std::vector<FieldError>& errors) {
  auto v = req.Query(name);
  if (!v || v->empty()) {
    return fallback;
  }
  try {
    std::size_t used = 0;
    int n = std::stoi(*v, &used);
    if (used == v->size() && n >= min && n <= max) {
      return n;
    }
  } catch (const std::exception&) {
  }
  errors.push_back({name, "range",
                    std::string("Tham số '") + name + "' phải là số nguyên từ " +
                        std::to_string(min) + " đến " + std::to_string(max) + "."});
  return std::nullopt;
}

Result<std::int64_t> PathId(const http::Request& req, const char* name) {
  const std::string v = req.Param(name);
  std::int64_t n = 0;
  if (v.empty() || v.size() > 18) {
    return Error::NotFound("bản ghi", v);
  }
  for (char c : v) {
    if (c < '0' || c > '9') {
      return Error::NotFound("bản ghi", v);
    }
    n = n * 10 + (c - '0');
  }
  if (n <= 0) {
    return Error::NotFound("bản ghi", v);
  }
  return n;
}

audit::Actor ActorOf(const identity::Principal& p, const http::Request& req) {
  return {p.user_id(),        p.username,     p.agency_id,
          req.client_address, req.request_id, req.client_request_id};
}

audit::Actor AnonymousActor(const http::Request& req, const std::string& name) {
  return {UserId(), name, AgencyId(), req.client_address, req.request_id, req.client_request_id};
}

namespace {

bool IsUnsafe(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// At most `per_minute` requests per client address in any 60 seconds (a sliding window). A
// window fixed to the clock's minutes let a client make twice the limit across a minute's end,
// and reset a count in the middle of a burst.
class AddressLimiter {
 public:
  bool Allow(const std::string& address, int per_minute, TimePoint now) {
    std::lock_guard lock(mu_);
    const TimePoint horizon = now - std::chrono::seconds(60);
    // Addresses gone quiet are forgotten now and then, so the map does not grow without end.
    if (++calls_ % 4096 == 0) {
      std::erase_if(recent_, [&](const auto& entry) {
        return entry.second.empty() || entry.second.back() <= horizon;
      });
    }
    std::deque<TimePoint>& times = recent_[address];
    while (!times.empty() && times.front() <= horizon) {
      times.pop_front();
    }
    if (std::cmp_greater_equal(times.size(), per_minute)) {
      return false;
    }
    times.push_back(now);
    return true;
  }

 private:
  std::mutex mu_;
  std::uint64_t calls_ = 0;
  std::unordered_map<std::string, std::deque<TimePoint>> recent_;
};

AddressLimiter& Limiter() {
  static AddressLimiter limiter;
  return limiter;
}

}  // namespace

http::Response PasswordChangeRequired(const http::Request& req) {
  return http::Problem(Error::PermissionDenied("Mật khẩu của bạn do quản trị viên đặt. Vui lòng "
                                               "đổi mật khẩu trước khi tiếp tục."),
                       req, "password-change-required", "Cần đổi mật khẩu");
}

http::Handler Authed(ApiContext& ctx, AuthedHandler handler, AuthedOptions options) {
  return [&ctx, handler = std::move(handler), options](http::Request& req) -> http::Response {
    Result<identity::Principal> principal = Error::Unauthenticated();
    bool via_cookie = false;
    if (auto auth = req.headers.Get("Authorization")) {
      if (auth->rfind("Bearer ", 0) != 0) {
        return Fail(Error::Unauthenticated("Tiêu đề Authorization phải có dạng 'Bearer <mã>'."),
                    req);
      }
      principal = ctx.identity.AuthenticateApiToken(auth->substr(7));
    } else if (auto cookie = req.Cookie(kSessionCookie)) {
      principal = ctx.identity.Authenticate(*cookie);
      via_cookie = true;
    }
    if (!principal) {
      auto r = Fail(principal.error(), req);
      if (via_cookie) {  // the browser should forget a dead session
        r.headers.Add("Set-Cookie",
                      std::string(kSessionCookie) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
      }
      return r;
    }
    // CSRF: a cookie rides along on cross-site requests, a custom header cannot be set by
    // another origin without CORS, which cqdt never grants.
    if (via_cookie && IsUnsafe(req.method)) {
      auto token = req.headers.Get("X-CSRF-Token").value_or("");
      if (token.empty() || !crypto::ConstantTimeEquals(token, principal->csrf_token)) {
        return Fail(Error::PermissionDenied(
                        "Thiếu hoặc sai mã chống giả mạo yêu cầu (X-CSRF-Token). Vui lòng tải lại "
                        "trang."),
                    req);
      }
    }
    // Enforced here, for every route, not only by the web app's redirect: a session opened with
    // a password an administrator chose may not act until its holder has chosen their own.
    if (principal->password_change_required && !options.while_password_change_required) {
      return PasswordChangeRequired(req);
    }
    return handler(req, *principal);
  };
}

http::FastPath AuthedFast(ApiContext& ctx, AuthedFastHandler handler, AuthedOptions options) {
  return [&ctx, handler = std::move(handler),
          options](http::Request& req) -> std::optional<http::Response> {
    if (IsUnsafe(req.method) || req.headers.Has("Authorization")) {
      return std::nullopt;
    }
    auto cookie = req.Cookie(kSessionCookie);
    if (!cookie) {
      return std::nullopt;
    }
    auto principal = ctx.identity.AuthenticateCached(*cookie);
    if (!principal) {
      return std::nullopt;
    }
    if (principal->password_change_required && !options.while_password_change_required) {
      return PasswordChangeRequired(req);
    }
    return handler(req, *principal);
  };
}

std::optional<http::Response> RefuseCrossSite(const http::Request& req) {
  if (auto site = req.headers.Get("Sec-Fetch-Site"); site && *site == "cross-site") {
    return Fail(Error::PermissionDenied("Yêu cầu từ trang web khác bị từ chối."), req);
  }
  // "Origin: null" (sandboxed frames, file: pages) is foreign too.
  if (auto origin = req.headers.Get("Origin")) {
    auto host = req.headers.Get("Host").value_or("");
    std::string expected_http = "http://" + host;
    std::string expected_https = "https://" + host;
    if (*origin != expected_http && *origin != expected_https) {
      return Fail(Error::PermissionDenied("Yêu cầu từ trang web khác bị từ chối."), req);
    }
  }
  return std::nullopt;
}

std::optional<http::Response> GuardAnonymous(ApiContext& ctx, const http::Request& req) {
  if (auto refused = RefuseCrossSite(req)) {
    return refused;
  }
  if (!Limiter().Allow(req.client_address, ctx.options.anonymous_requests_per_minute,
                       ctx.clock.Now())) {
    auto r = Fail(Error::RateLimited("Quá nhiều yêu cầu từ địa chỉ của bạn. Vui lòng thử lại sau "
                                     "một phút."),
                  req);
    r.headers.Set("Retry-After", "60");
    return r;
  }
  return std::nullopt;
}

std::optional<http::Response> LimitPerAddress(ApiContext& ctx, const http::Request& req,
                                              const std::string& bucket, int per_minute) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<AddressLimiter>> limiters;
  AddressLimiter* limiter = nullptr;
  {
    std::lock_guard lock(mu);
    auto& slot = limiters[bucket];
    if (!slot) {
      slot = std::make_unique<AddressLimiter>();
    }
    limiter = slot.get();
  }
  if (limiter->Allow(req.client_address, per_minute, ctx.clock.Now())) {
    return std::nullopt;
  }
  auto r = Fail(Error::RateLimited("Quá nhiều yêu cầu từ địa chỉ của bạn. Vui lòng thử lại sau "
                                   "một phút."),
                req);
  r.headers.Set("Retry-After", "60");
  return r;
}

struct InFlightBucket {
  std::mutex mu;
  int total = 0;
  std::unordered_map<std::string, int> per_address;
};

namespace {

InFlightBucket& Bucket(const std::string& name) {
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<InFlightBucket>> buckets;
  std::lock_guard lock(mu);
  auto& slot = buckets[name];
  if (!slot) {
    slot = std::make_unique<InFlightBucket>();
  }
  return *slot;
}

// Called with the bucket's lock held.
std::optional<http::Response> Refusal(InFlightBucket& b, const http::Request& req,
                                      const InFlightLimits& limits) {
  std::optional<Error> error;
  auto mine = b.per_address.find(req.client_address);
  if (mine != b.per_address.end() && mine->second >= limits.per_address) {
    error = Error::RateLimited(
        "Địa chỉ của bạn đang có yêu cầu kiểm tra chữ ký chưa xong. Vui lòng chờ kết quả rồi thử "
        "lại.");
  } else if (b.total >= limits.total) {
    error = Error::Unavailable(
        "Máy chủ đang kiểm tra nhiều tệp cùng lúc. Vui lòng thử lại sau ít giây.");
  }
  if (!error) {
    return std::nullopt;
  }
  auto r = Fail(*error, req);
  r.headers.Set("Retry-After", std::to_string(std::max(1, limits.retry_after_seconds)));
  return r;
}

}  // namespace

InFlightSlot::InFlightSlot(InFlightSlot&& other) noexcept
    : bucket_(std::exchange(other.bucket_, nullptr)), address_(std::move(other.address_)) {}

InFlightSlot& InFlightSlot::operator=(InFlightSlot&& other) noexcept {
  if (this != &other) {
    Release();
    bucket_ = std::exchange(other.bucket_, nullptr);
    address_ = std::move(other.address_);
  }
  return *this;
}

InFlightSlot::~InFlightSlot() { Release(); }

void InFlightSlot::Release() {
  if (bucket_ == nullptr) {
    return;
  }
  std::lock_guard lock(bucket_->mu);
  --bucket_->total;
  auto it = bucket_->per_address.find(address_);
  if (it != bucket_->per_address.end() && --it->second <= 0) {
    bucket_->per_address.erase(it);
  }
  bucket_ = nullptr;
}

std::optional<http::Response> AdmitInFlight(const http::Request& req, const std::string& bucket,
                                            const InFlightLimits& limits, InFlightSlot& slot) {
  InFlightBucket& b = Bucket(bucket);
  std::lock_guard lock(b.mu);
  if (auto refused = Refusal(b, req, limits)) {
    return refused;
  }
  ++b.total;
  ++b.per_address[req.client_address];
  slot.Release();
  slot.bucket_ = &b;
  slot.address_ = req.client_address;
  return std::nullopt;
}

std::optional<http::Response> RefuseInFlight(const http::Request& req, const std::string& bucket,
                                             const InFlightLimits& limits) {
  InFlightBucket& b = Bucket(bucket);
  std::lock_guard lock(b.mu);
  return Refusal(b, req, limits);
}

int InFlightCount(const std::string& bucket) {
  InFlightBucket& b = Bucket(bucket);
  std::lock_guard lock(b.mu);
  return b.total;
}

std::string ReadUpload(const http::Request& req) {
  if (req.body_file.empty()) {
    return req.body;
  }
  std::ifstream in(req.body_file, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string& Today(ApiContext& ctx) {
  struct Cached {
    const ApiContext* ctx = nullptr;
    std::int64_t minute = -1;
    std::string today;
  };
  thread_local Cached cached;
  const std::int64_t minute = ToUnixSeconds(ctx.clock.Now()) / 60;
  if (cached.ctx != &ctx || cached.minute != minute) {
    cached = {&ctx, minute, ctx.agencies.Today()};
  }
  return cached.today;
}

void WriteAgency(JsonWriter& w, const org::Agency& a, const std::string& today) {
  auto id_or_null = [](JsonWriter& after_key, AgencyId id) {
    id.IsSet() ? after_key.Int(id.value()) : after_key.Null();
  };
  w.BeginObject();
  w.Key("id").Int(a.id.value());
  w.Key("code").String(a.code);
  w.Key("name").String(a.name);
  w.Key("shortName").String(a.short_name);
  w.Key("kind").String(org::KindName(a.kind));
  w.Key("level").String(org::LevelName(a.level()));
  id_or_null(w.Key("parentId"), a.parent_id);
  w.Key("address").String(a.address);
  w.Key("phone").String(a.phone);
  w.Key("email").String(a.email);
  w.Key("website").String(a.website);
  w.Key("validFrom").String(a.valid_from);
  if (a.valid_to.empty()) {
    w.Key("validTo").Null();
  } else {
    w.Key("validTo").String(a.valid_to);
  }
  id_or_null(w.Key("mergedIntoId"), a.merged_into_id);
  id_or_null(w.Key("splitFromId"), a.split_from_id);
  w.Key("active").Bool(a.IsActiveOn(today));
  w.Key("createdAt").String(a.created_at);
  w.Key("updatedAt").String(a.updated_at);
  w.EndObject();
}

http::Response AgencyResponse(int status, const org::Agency& a, const std::string& today) {
  std::string body;
  body.reserve(512);
  JsonWriter w(body);
  WriteAgency(w, a, today);
  return http::Response::Json(status, std::move(body));
}

json UserJson(const identity::User& u, const std::string& agency_name) {
  json roles = json::array();
  for (auto r : u.roles) {
    roles.push_back(identity::RoleName(r));
  }
  return {{"id", u.id.value()},
          {"username", u.username},
          {"fullName", u.full_name},
          {"email", u.email},
          {"phone", u.phone},
          {"agencyId", u.agency_id.value()},
          {"agencyName", agency_name},
          {"unitId", u.unit_id.IsSet() ? json(u.unit_id.value()) : json(nullptr)},
          {"position", u.position},
          {"roles", roles},
          {"disabled", u.disabled},
          {"passwordChangeRequired", u.password_change_required},
          {"createdAt", u.created_at}};
}

json MeJson(const identity::Principal& p, const std::string& agency_name) {
  json roles = json::array();
  for (auto r : p.roles) {
    roles.push_back(identity::RoleName(r));
  }
  json me = {{"id", p.subject_id},
             {"realm", identity::RealmName(p.realm)},
             {"username", p.username},
             {"fullName", p.full_name},
             {"roles", roles},
             {"passwordChangeRequired", p.password_change_required},
             {"hasPassword", p.has_password}};
  if (p.agency_id.IsSet()) {
    me["agencyId"] = p.agency_id.value();
    me["agencyName"] = agency_name;
  } else {
    me["agencyId"] = nullptr;
    me["agencyName"] = nullptr;
  }
  return me;
}

}  // namespace cqdt::api
