#include "http/form_data.hpp"

#include <gtest/gtest.h>

namespace cqdt::http {
namespace {

const std::string kType = "multipart/form-data; boundary=----cqdtB0undary";

TEST(FormDataTest, AFieldAndTwoFilesComeBackAsSentBytesIncluded) {
  // Binary content may hold CR, LF, NUL and dashes: only the whole delimiter ends a part.
  const std::string png("\x89PNG\r\n\x1a\n\0--\r\n------cqdtB0undar", 30);
  const std::string body =
      "------cqdtB0undary\r\n"
      "Content-Disposition: form-data; name=\"dossier\"\r\n"
      "Content-Type: application/json\r\n\r\n"
      "{\"procedureCode\":\"1.001193\"}\r\n"
      "------cqdtB0undary\r\n"
      "content-disposition: form-data; name=\"documents[0]\"; filename=\"to khai.png\"\r\n"
      "CONTENT-TYPE: Image/PNG\r\n\r\n" +
      png +
      "\r\n------cqdtB0undary\r\n"
      "Content-Disposition: form-data; name=\"documents[0]\"; filename=\"empty.pdf\"\r\n\r\n"
      "\r\n------cqdtB0undary--\r\n";
  auto parts = ParseFormData(kType, body);
  ASSERT_TRUE(parts) << parts.error().message();
  ASSERT_EQ(parts->size(), 3U);
  EXPECT_EQ((*parts)[0].name, "dossier");
  EXPECT_EQ((*parts)[0].file_name, "");
  EXPECT_EQ((*parts)[0].content_type, "application/json");
  EXPECT_EQ((*parts)[0].body, "{\"procedureCode\":\"1.001193\"}");
  EXPECT_EQ((*parts)[1].name, "documents[0]");
  EXPECT_EQ((*parts)[1].file_name, "to khai.png");
  EXPECT_EQ((*parts)[1].content_type, "image/png");
  EXPECT_EQ((*parts)[1].body, png);
  EXPECT_EQ((*parts)[2].file_name, "empty.pdf");
  EXPECT_EQ((*parts)[2].content_type, "text/plain");
  EXPECT_EQ((*parts)[2].body, "");
}

TEST(FormDataTest, PreambleEpiloguePaddingQuotedBoundaryAndEscapesAreUnderstood) {
  const std::string body =
      "This is the preamble.\r\n"
      "--a b\t \r\n"
      "Content-Disposition: form-data; name=\"say \\\"hi\\\"\"; filename=\"x.pdf\";"
      " filename*=UTF-8''Gi%E1%BA%A5y%20t%E1%BB%9D.pdf\r\n\r\n"
      "v\r\n--a b--\r\nthe epilogue --a b";
  auto parts = ParseFormData("Multipart/Form-Data; boundary=\"a b\"", body);
  ASSERT_TRUE(parts) << parts.error().message();
  ASSERT_EQ(parts->size(), 1U);
  EXPECT_EQ((*parts)[0].name, "say \"hi\"");
  EXPECT_EQ((*parts)[0].file_name, "Giấy tờ.pdf");  // filename* wins
  EXPECT_EQ((*parts)[0].body, "v");
  auto empty = ParseFormData(kType, "------cqdtB0undary--");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(FormDataTest, AnEmptyContentTypeKeepsTheDefault) {
  const std::string body =
      "------cqdtB0undary\r\n"
      "Content-Disposition: form-data; name=\"files\"; filename=\"don.pdf\"\r\n"
      "Content-Type: \r\n\r\n"
      "%PDF-1.7\r\n"
      "------cqdtB0undary--\r\n";
  auto parts = ParseFormData(kType, body);
  ASSERT_TRUE(parts) << parts.error().message();
  ASSERT_EQ(parts->size(), 1U);
  EXPECT_EQ((*parts)[0].content_type, "text/plain");
}

TEST(FormDataTest, AnotherTypeOrABadBoundaryIsRefused) {
  EXPECT_EQ(FormDataBoundary("application/json").error().code(), ErrorCode::kUnsupported);
  EXPECT_EQ(FormDataBoundary("multipart/mixed; boundary=x").error().code(),
            ErrorCode::kUnsupported);
  EXPECT_EQ(FormDataBoundary("multipart/form-data").error().code(), ErrorCode::kMalformed);
  EXPECT_EQ(
      FormDataBoundary("multipart/form-data; boundary=" + std::string(71, 'b')).error().code(),
      ErrorCode::kMalformed);
  EXPECT_EQ(*FormDataBoundary("multipart/form-data; charset=utf-8; boundary=xyz"), "xyz");
}

TEST(FormDataTest, EveryMalformedShapeIsAClearError) {
  const std::string head = "------cqdtB0undary\r\n";
  const std::string cd = "Content-Disposition: form-data; name=\"f\"\r\n\r\nv";
  for (const std::string& body : {
           std::string("no boundary at all"),
           head + cd,                                                           // never closed
           head + cd + "\r\n------cqdtB0undaryX\r\n",                           // a longer boundary
           head + "Content-Type: text/plain\r\n\r\nv\r\n------cqdtB0undary--",  // no name
           head + "Content-Disposition: attachment; name=\"f\"\r\n\r\nv\r\n------cqdtB0undary--",
           head + "Content-Disposition: form-data; name=\"\"\r\n\r\nv\r\n------cqdtB0undary--",
           head + "Content-Disposition: form-data;\r\n name=\"f\"\r\n\r\nv\r\n------cqdtB0undary--",
           head + "Content-Disposition: form-data; name=\"f\r\n\r\nv\r\n------cqdtB0undary--",
           head + "Content-Disposition: form-data; name\r\n\r\nv\r\n------cqdtB0undary--",
           head + "Content-Disposition: form-data; name=\"f\"; filename*=latin1''x\r\n\r\nv\r\n"
                  "------cqdtB0undary--",
           head + "No-Colon\r\n\r\nv\r\n------cqdtB0undary--",
           "------cqdtB0undaryjunk\r\n" + cd + "\r\n------cqdtB0undary--",
           head + "Content-Disposition: form-data; name=\"f\"",  // headers never end
       }) {
    auto parts = ParseFormData(kType, body);
    ASSERT_FALSE(parts) << body;
    EXPECT_EQ(parts.error().code(), ErrorCode::kMalformed) << body;
    EXPECT_NE(parts.error().message().find("multipart/form-data"), std::string::npos);
  }
}

TEST(FormDataTest, TooManyPartsOrTooLongHeadersAreTooLarge) {
  std::string body;
  for (int i = 0; i < 4; ++i) {
    body += "------cqdtB0undary\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n";
  }
  body += "------cqdtB0undary--";
  EXPECT_EQ(ParseFormData(kType, body, {.max_parts = 3}).error().code(), ErrorCode::kTooLarge);
  EXPECT_EQ(ParseFormData(kType, body, {.max_parts = 4})->size(), 4U);
  const std::string long_header = "------cqdtB0undary\r\nContent-Disposition: form-data; name=\"" +
                                  std::string(9000, 'n') + "\"\r\n\r\nv\r\n------cqdtB0undary--";
  EXPECT_EQ(ParseFormData(kType, long_header).error().code(), ErrorCode::kTooLarge);
}

}  // namespace
}  // namespace cqdt::http
