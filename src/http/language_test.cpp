#include "http/language.hpp"

#include <gtest/gtest.h>

namespace cqdt::http {
namespace {

TEST(LanguageTest, VietnameseUnlessTheClientPrefersEnglish) {
  EXPECT_EQ(PreferredLanguage(""), Language::kVietnamese);
  EXPECT_EQ(PreferredLanguage("vi"), Language::kVietnamese);
  EXPECT_EQ(PreferredLanguage("vi-VN,vi;q=0.9,en;q=0.8"), Language::kVietnamese);
  EXPECT_EQ(PreferredLanguage("en"), Language::kEnglish);
  EXPECT_EQ(PreferredLanguage("en-US,en;q=0.9"), Language::kEnglish);
  EXPECT_EQ(PreferredLanguage("EN-gb"), Language::kEnglish);
  EXPECT_EQ(PreferredLanguage("fr-FR,fr;q=0.9,en;q=0.5"), Language::kEnglish);
  EXPECT_EQ(PreferredLanguage("vi;q=0.4, en;q=0.6"), Language::kEnglish);
  EXPECT_EQ(PreferredLanguage("en;q=0.5, vi"), Language::kVietnamese);
  // A tie goes to the range listed first; "*" counts as our default, Vietnamese.
  EXPECT_EQ(PreferredLanguage("en, vi"), Language::kEnglish);
  EXPECT_EQ(PreferredLanguage("*, en"), Language::kVietnamese);
  EXPECT_EQ(PreferredLanguage("fr"), Language::kVietnamese);
}

TEST(LanguageTest, RefusedAndMalformedRangesAreIgnored) {
  EXPECT_EQ(PreferredLanguage("en;q=0"), Language::kVietnamese);
  EXPECT_EQ(PreferredLanguage("en;q=abc, vi;q=0.1"), Language::kVietnamese);
  EXPECT_EQ(PreferredLanguage("english"), Language::kVietnamese);
  EXPECT_EQ(PreferredLanguage(",,;;=,en"), Language::kEnglish);
  EXPECT_EQ(PreferredLanguage(std::string(10000, ',') + "en"), Language::kVietnamese);
}

TEST(LanguageTest, ReadsTheRequestHeader) {
  Request request;
  EXPECT_EQ(LanguageOf(request), Language::kVietnamese);
  request.headers.Set("Accept-Language", "en");
  EXPECT_EQ(LanguageOf(request), Language::kEnglish);
  EXPECT_EQ(Localized("Bạn cần đăng nhập.", request), "You need to sign in.");
}

}  // namespace
}  // namespace cqdt::http
