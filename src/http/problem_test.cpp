#include "http/problem.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace cqdt::http {
namespace {

Request SampleRequest() {
  Request request;
  request.path = "/api/v1/agencies";
  request.request_id = "req-12345678";
  return request;
}

TEST(ProblemTest, MapsEveryCodeToItsStatus) {
  EXPECT_EQ(StatusFor(ErrorCode::kInvalidArgument), 422);
  EXPECT_EQ(StatusFor(ErrorCode::kMalformed), 400);
  EXPECT_EQ(StatusFor(ErrorCode::kNotFound), 404);
  EXPECT_EQ(StatusFor(ErrorCode::kConflict), 409);
  EXPECT_EQ(StatusFor(ErrorCode::kFailedPrecondition), 409);
  EXPECT_EQ(StatusFor(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(StatusFor(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(StatusFor(ErrorCode::kRateLimited), 429);
  EXPECT_EQ(StatusFor(ErrorCode::kTooLarge), 413);
  EXPECT_EQ(StatusFor(ErrorCode::kUnsupported), 415);
  EXPECT_EQ(StatusFor(ErrorCode::kBadSignature), 422);
  EXPECT_EQ(StatusFor(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(StatusFor(ErrorCode::kInternal), 500);
}

TEST(ProblemTest, WritesProblemJsonWithFieldErrors) {
  const Error error = Error::InvalidField("code", "format", "Mã định danh không đúng định dạng");
  const Response response = Problem(error, SampleRequest());
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(response.headers.Get("Content-Type"), "application/problem+json");
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["type"], "urn:cqdt:problem:validation");
  EXPECT_EQ(body["title"], "Dữ liệu không hợp lệ");
  EXPECT_EQ(body["status"], 422);
  EXPECT_EQ(body["detail"], "Mã định danh không đúng định dạng");
  EXPECT_EQ(body["instance"], "/api/v1/agencies");
  EXPECT_EQ(body["requestId"], "req-12345678");
  ASSERT_EQ(body["errors"].size(), 1u);
  EXPECT_EQ(body["errors"][0]["field"], "code");
  EXPECT_EQ(body["errors"][0]["code"], "format");
  EXPECT_EQ(body["errors"][0]["message"], "Mã định danh không đúng định dạng");
  // Members appear in the documented order.
  EXPECT_EQ(response.body.rfind("{\"type\":", 0), 0u);
}

TEST(ProblemTest, FollowsAcceptLanguage) {
  Request request = SampleRequest();
  const Error error = Error::Invalid(
      {{"fullName", "required", "Họ và tên không được để trống."},
       {"parentCode", "not_found", "Cơ quan cấp trên có mã '000.00.99.H01' không tồn tại."}});
  // Vietnamese by default.
  auto body = nlohmann::json::parse(Problem(error, request).body);
  EXPECT_EQ(body["title"], "Dữ liệu không hợp lệ");
  EXPECT_EQ(body["detail"], "Dữ liệu không hợp lệ.");
  EXPECT_EQ(body["errors"][0]["message"], "Họ và tên không được để trống.");

  request.headers.Set("Accept-Language", "en-US,en;q=0.9,vi;q=0.5");
  const Response response = Problem(error, request);
  EXPECT_EQ(response.headers.Get("Content-Language"), "en");
  EXPECT_EQ(response.headers.Get("Vary"), "Accept-Language");
  body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["title"], "Invalid data");
  EXPECT_EQ(body["detail"], "The data is not valid.");
  // Field names and codes do not change; the messages do, values kept.
  EXPECT_EQ(body["errors"][0]["field"], "fullName");
  EXPECT_EQ(body["errors"][0]["code"], "required");
  EXPECT_EQ(body["errors"][0]["message"], "The full name must not be empty.");
  EXPECT_EQ(body["errors"][1]["message"],
            "The parent agency with the code '000.00.99.H01' does not exist.");

  const auto plain =
      nlohmann::json::parse(Problem(404, "Không tìm thấy tài nguyên được yêu cầu.", request).body);
  EXPECT_EQ(plain["title"], "Not found");
  EXPECT_EQ(plain["detail"], "The requested resource was not found.");
}

TEST(ProblemTest, OmitsErrorsWithoutFieldErrors) {
  const Response response = Problem(Error::NotFound("cơ quan", "H01"), SampleRequest());
  EXPECT_EQ(response.status, 404);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["type"], "urn:cqdt:problem:not-found");
  EXPECT_EQ(body["title"], "Không tìm thấy");
  EXPECT_FALSE(body.contains("errors"));
}

TEST(ProblemTest, PermissionDeniedIsForbidden) {
  const Response response = Problem(Error::PermissionDenied(), SampleRequest());
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(nlohmann::json::parse(response.body)["type"], "urn:cqdt:problem:forbidden");
}

TEST(ProblemTest, StatusOverloadPicksNameByStatus) {
  const auto name = [](int status) {
    return nlohmann::json::parse(Problem(status, "x", SampleRequest()).body)["type"]
        .get<std::string>();
  };
  EXPECT_EQ(name(400), "urn:cqdt:problem:malformed");
  EXPECT_EQ(name(401), "urn:cqdt:problem:unauthenticated");
  EXPECT_EQ(name(404), "urn:cqdt:problem:not-found");
  EXPECT_EQ(name(413), "urn:cqdt:problem:too-large");
  EXPECT_EQ(name(429), "urn:cqdt:problem:rate-limited");
  EXPECT_EQ(name(500), "urn:cqdt:problem:internal");
  EXPECT_EQ(name(503), "urn:cqdt:problem:unavailable");
  const Response header_too_large = Problem(431, "chi tiết", SampleRequest());
  EXPECT_EQ(header_too_large.status, 431);
  EXPECT_EQ(nlohmann::json::parse(header_too_large.body)["title"], "Tiêu đề yêu cầu quá lớn");
}

TEST(ProblemTest, InvalidUtf8InPathDoesNotThrow) {
  Request request = SampleRequest();
  request.path = "/bad\xff\xfe";
  Response response;
  EXPECT_NO_THROW(response = Problem(404, "Không tìm thấy.", request));
  EXPECT_TRUE(nlohmann::json::accept(response.body));
}

}  // namespace
}  // namespace cqdt::http
