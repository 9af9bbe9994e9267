#include "http/message.hpp"

#include <gtest/gtest.h>

namespace cqdt::http {
namespace {

TEST(HeadersTest, GetIsCaseInsensitive) {
  Headers headers;
  headers.Add("Content-Type", "text/plain");
  EXPECT_EQ(headers.Get("content-type"), "text/plain");
  EXPECT_TRUE(headers.Has("CONTENT-TYPE"));
  EXPECT_FALSE(headers.Has("Content-Length"));
}

TEST(HeadersTest, SetReplacesEveryFieldAndAddAppends) {
  Headers headers;
  headers.Add("Set-Cookie", "a=1");
  headers.Add("set-cookie", "b=2");
  EXPECT_EQ(headers.all().size(), 2u);
  EXPECT_EQ(headers.Get("Set-Cookie"), "a=1");
  headers.Set("SET-COOKIE", "c=3");
  ASSERT_EQ(headers.all().size(), 1u);
  EXPECT_EQ(headers.Get("set-cookie"), "c=3");
}

TEST(RequestTest, QueryDecodesValuesAndPlus) {
  Request request;
  request.query_string = "q=Ph%C3%BA+Qu%E1%BB%91c&limit=10&flag&empty=&q=second";
  EXPECT_EQ(request.Query("q"), "Phú Quốc");
  EXPECT_EQ(request.Query("limit"), "10");
  EXPECT_EQ(request.Query("flag"), "");
  EXPECT_EQ(request.Query("empty"), "");
  EXPECT_FALSE(request.Query("missing").has_value());
}

TEST(RequestTest, CookieFindsValueAcrossFields) {
  Request request;
  request.headers.Add("Cookie", "theme=dark; cqdt_session=abc123");
  request.headers.Add("cookie", "other=\"quoted\"");
  EXPECT_EQ(request.Cookie("cqdt_session"), "abc123");
  EXPECT_EQ(request.Cookie("theme"), "dark");
  EXPECT_EQ(request.Cookie("other"), "quoted");
  EXPECT_FALSE(request.Cookie("session").has_value());
}

TEST(RequestTest, ParamIsEmptyWhenAbsent) {
  Request request;
  request.path_params["id"] = "42";
  EXPECT_EQ(request.Param("id"), "42");
  EXPECT_EQ(request.Param("code"), "");
}

TEST(ResponseTest, FactoriesSetStatusAndContentType) {
  const Response json = Response::Json(201, "{}");
  EXPECT_EQ(json.status, 201);
  EXPECT_EQ(json.headers.Get("Content-Type"), "application/json");
  EXPECT_EQ(json.body, "{}");
  const Response text = Response::Text(200, "xin chào");
  EXPECT_EQ(text.headers.Get("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(Response::NoContent().status, 204);
  EXPECT_TRUE(Response::NoContent().body.empty());
}

TEST(PercentDecodeTest, DecodesAndKeepsInvalidEscapes) {
  EXPECT_EQ(PercentDecode("/a%20b/%2e%2E", false), "/a b/..");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("100%", false), "100%");
  EXPECT_EQ(PercentDecode("%zz%4", false), "%zz%4");
  EXPECT_EQ(PercentDecode("%41%4a", false), "AJ");
}

TEST(SplitRequestTargetTest, OriginAndAbsoluteFormsAndRefusals) {
  Request r;
  ASSERT_TRUE(SplitRequestTarget("/api/v1/a%20b?x=1%202", r));
  EXPECT_EQ(r.path, "/api/v1/a b");
  EXPECT_EQ(r.query_string, "x=1%202");
  Request absolute;
  ASSERT_TRUE(SplitRequestTarget("https://host:8443/p?q", absolute));
  EXPECT_EQ(absolute.path, "/p");
  EXPECT_EQ(absolute.query_string, "q");
  Request bare;
  ASSERT_TRUE(SplitRequestTarget("http://host", bare));
  EXPECT_EQ(bare.path, "/");
  Request query_only;
  ASSERT_TRUE(SplitRequestTarget("http://host?x", query_only));
  EXPECT_EQ(query_only.path, "/");
  EXPECT_EQ(query_only.query_string, "x");
  Request refused;
  EXPECT_FALSE(SplitRequestTarget("*", refused));
  EXPECT_FALSE(SplitRequestTarget("", refused));
  EXPECT_FALSE(SplitRequestTarget("api/v1", refused));
}

}  // namespace
}  // namespace cqdt::http
