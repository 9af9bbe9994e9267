// The appearance image cache (appearance_image.hpp): a seal's PNG is decoded and encoded once,
// and the next document signed with the same PNG gets the same image — it renders pixel for
// pixel as the first, and both signatures verify.
#include "appearance_image.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pdf/pdf.hpp"
#include "pdf_test_support.hpp"
#include "stamp_test_support.hpp"

namespace cqdt::pdf {
namespace {

using namespace stamp_testing;  // the helpers shared by the stamp tests

TEST(AppearanceImageTest, TheSecondSealWithTheSamePngReusesTheImageAndLooksTheSame) {
  const std::string blank = BlankOutgoingDocument();
  const internal::CacheCounters before = internal::AppearanceImageCounters();
  const std::string first = AgencySeals(blank);
  const internal::CacheCounters after_first = internal::AppearanceImageCounters();
  const std::string second = AgencySeals(blank);
  const internal::CacheCounters after_second = internal::AppearanceImageCounters();
  // The first seal made the image (unless an earlier test in this process did), the second
  // found it.
  EXPECT_EQ(after_first.hits + after_first.misses, before.hits + before.misses + 1);
  EXPECT_EQ(after_second.hits, after_first.hits + 1);
  EXPECT_EQ(after_second.misses, after_first.misses);

  // The same picture: the image (and its transparency) as LoadFromPngData wrote it.
  EXPECT_EQ(RenderPage1(first), RenderPage1(second));
  EXPECT_FALSE(RenderPage1(first).empty());
  for (const std::string* pdf : {&first, &second}) {
    std::string whole;
    const std::vector<std::string> blocks = PdfsigBlocks(*pdf, &whole);
    ASSERT_EQ(blocks.size(), 1U) << whole;
    EXPECT_NE(blocks[0].find("Signature is Valid"), std::string::npos) << whole;
  }
}

TEST(AppearanceImageTest, ADifferentPngIsItsOwnImageAndABadOneIsStillRefused) {
  const std::string blank = BlankOutgoingDocument();
  SignatureRequest seal = SealRequest();
  const std::string with_seal = AgencySeals(blank);
  seal.appearance->image_png = test_support::Testdata("signature_blue.png");
  const internal::CacheCounters before = internal::AppearanceImageCounters();
  auto with_signature =
      SignPdf(blank, seal, test_support::OpenSslCms(test_support::TestPki::Get().agency()));
  ASSERT_TRUE(with_signature) << with_signature.error().message();
  const internal::CacheCounters after = internal::AppearanceImageCounters();
  EXPECT_EQ(after.hits + after.misses, before.hits + before.misses + 1);
  EXPECT_NE(RenderPage1(with_seal), RenderPage1(*with_signature));

  seal.appearance->image_png = "\x89PNG\r\n\x1a\n not really a picture";
  auto bad = SignPdf(blank, seal, test_support::OpenSslCms(test_support::TestPki::Get().agency()));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
  ASSERT_EQ(bad.error().fields().size(), 1U);
  EXPECT_EQ(bad.error().fields()[0].field, "appearance.imagePng");
}

}  // namespace
}  // namespace cqdt::pdf
