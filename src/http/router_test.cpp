#include "http/router.hpp"

#include <gtest/gtest.h>

namespace cqdt::http {
namespace {

Handler Named(std::string name) {
  return [name](Request&) { return Response::Text(200, name); };
}

std::string HandlerName(const Router::Match& match) {
  Request request;
  return match.route == nullptr ? "" : match.route->handler(request).body;
}

TEST(RouterTest, MatchesLiteralPath) {
  Router router;
  router.Add("GET", "/healthz", Named("health"));
  const auto match = router.Find("GET", "/healthz");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->pattern, "/healthz");
  EXPECT_FALSE(match.method_not_allowed);
  EXPECT_EQ(router.Find("GET", "/healthz/x").route, nullptr);
  EXPECT_EQ(router.Find("GET", "/").route, nullptr);
}

TEST(RouterTest, ExtractsParameters) {
  Router router;
  router.Add("GET", "/api/v1/agencies/{id}/units/{unit}", Named("unit"));
  const auto match = router.Find("GET", "/api/v1/agencies/17/units/abc");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.params.at("id"), "17");
  EXPECT_EQ(match.params.at("unit"), "abc");
}

TEST(RouterTest, LiteralSegmentsWinOverParameters) {
  Router router;
  router.Add("GET", "/api/v1/users/{id}", Named("by-id"));
  router.Add("GET", "/api/v1/users/me", Named("me"));
  router.Add("GET", "/api/v1/{kind}/export", Named("kind-export"));
  router.Add("GET", "/api/v1/agencies/{what}", Named("agency"));
  EXPECT_EQ(HandlerName(router.Find("GET", "/api/v1/users/me")), "me");
  EXPECT_EQ(HandlerName(router.Find("GET", "/api/v1/users/7")), "by-id");
  // The leftmost literal decides: "agencies" beats "{kind}".
  EXPECT_EQ(HandlerName(router.Find("GET", "/api/v1/agencies/export")), "agency");
  EXPECT_EQ(HandlerName(router.Find("GET", "/api/v1/audit/export")), "kind-export");
}

TEST(RouterTest, ParameterDoesNotMatchEmptySegment) {
  Router router;
  router.Add("GET", "/api/v1/users/{id}", Named("by-id"));
  EXPECT_EQ(router.Find("GET", "/api/v1/users/").route, nullptr);
  EXPECT_EQ(router.Find("GET", "/api/v1/users").route, nullptr);
}

TEST(RouterTest, HeadMatchesGet) {
  Router router;
  router.Add("GET", "/file", Named("get"));
  const auto match = router.Find("HEAD", "/file");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(HandlerName(match), "get");
  router.Add("HEAD", "/file", Named("head"));
  EXPECT_EQ(HandlerName(router.Find("HEAD", "/file")), "head");
}

TEST(RouterTest, ReportsAllowedMethodsWhenMethodDiffers) {
  Router router;
  router.Add("GET", "/api/v1/agencies", Named("list"));
  router.Add("POST", "/api/v1/agencies", Named("create"));
  router.Add("PATCH", "/api/v1/agencies/{id}", Named("update"));
  const auto match = router.Find("DELETE", "/api/v1/agencies");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_TRUE(match.method_not_allowed);
  EXPECT_EQ(match.allowed_methods, (std::vector<std::string>{"GET", "HEAD", "POST"}));
  const auto none = router.Find("DELETE", "/api/v1/nothing");
  EXPECT_FALSE(none.method_not_allowed);
  EXPECT_TRUE(none.allowed_methods.empty());
}

TEST(RouterTest, MethodMatchBeatsMoreSpecificPathOfAnotherMethod) {
  Router router;
  router.Add("GET", "/api/v1/users/me", Named("me"));
  router.Add("POST", "/api/v1/users/{id}", Named("post-user"));
  EXPECT_EQ(HandlerName(router.Find("POST", "/api/v1/users/me")), "post-user");
}

TEST(RouterTest, KeepsRouteOptions) {
  Router router;
  router.Add("POST", "/upload", Named("upload"),
             RouteOptions{.body_limit = 10, .stream_body_to_disk = true, .blocking = false});
  const auto match = router.Find("POST", "/upload");
  ASSERT_NE(match.route, nullptr);
  EXPECT_EQ(match.route->options.body_limit, 10u);
  EXPECT_TRUE(match.route->options.stream_body_to_disk);
  EXPECT_FALSE(match.route->options.blocking);
  EXPECT_EQ(router.routes().size(), 1u);
}

}  // namespace
}  // namespace cqdt::http
