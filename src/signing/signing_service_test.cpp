// Pure parts of signing_service.hpp: output names and the Appendix I layout.
#include "signing/signing_service.hpp"

#include <algorithm>

#include <gtest/gtest.h>

namespace cqdt::signing {
namespace {

TEST(SignedFileNameTest, AddsTheMarkerBeforeTheExtension) {
  EXPECT_EQ(SignedFileName("quyet-dinh.pdf", SignKind::kPdf), "quyet-dinh.signed.pdf");
  EXPECT_EQ(SignedFileName("goi-tin.xml", SignKind::kXml), "goi-tin.signed.xml");
  EXPECT_EQ(SignedFileName("van-ban", SignKind::kPdf), "van-ban.signed");
  EXPECT_EQ(SignedFileName("bao-cao.pdf", SignKind::kCms), "bao-cao.pdf.p7s");
  EXPECT_EQ(SignedFileName(".pdf", SignKind::kPdf), ".pdf.signed");
}

// Issue 8, item 18: sealing what the leader signed gave "x.signed.signed.pdf".
TEST(SignedFileNameTest, DoesNotStackMarkers) {
  EXPECT_EQ(SignedFileName("qd.signed.pdf", SignKind::kPdf), "qd.signed.pdf");
  EXPECT_EQ(SignedFileName("qd.signed.signed.pdf", SignKind::kPdf), "qd.signed.pdf");
  EXPECT_EQ(SignedFileName("QD.SIGNED.PDF", SignKind::kPdf), "QD.signed.PDF");
  EXPECT_EQ(SignedFileName("qd_signed.pdf", SignKind::kPdf), "qd.signed.pdf");
  EXPECT_EQ(SignedFileName("qd-signed.pdf", SignKind::kPdf), "qd.signed.pdf");
  EXPECT_EQ(SignedFileName("qd-da-ky.pdf", SignKind::kPdf), "qd.signed.pdf");
  EXPECT_EQ(SignedFileName("goi-tin.signed.xml", SignKind::kXml), "goi-tin.signed.xml");
}

TEST(SignedFileNameTest, KeepsWordsThatOnlyLookLikeMarkers) {
  // "định kỳ" (periodic) and a name that is nothing but a marker.
  EXPECT_EQ(SignedFileName("bao-cao-dinh-ky.pdf", SignKind::kPdf), "bao-cao-dinh-ky.signed.pdf");
  EXPECT_EQ(SignedFileName("designed.pdf", SignKind::kPdf), "designed.signed.pdf");
  EXPECT_EQ(SignedFileName("_signed.pdf", SignKind::kPdf), "_signed.signed.pdf");
}

const TimePoint kNow = FromUnixSeconds(1795745700);

pdf::SignatureAppearance Planned(AppearanceStyle style, bool image) {
  PdfSignOptions o;
  o.style = style;
  o.image_png = image ? "png" : "";
  return DefaultAppearance(o, AppearanceLines(style, "Nguyễn Văn Thành", "", kNow));
}

pdf::Box BoxOf(const pdf::SignatureAppearance& a) { return {a.x, a.y, a.width, a.height}; }

// Issue 8, item 18: the clerk's seal covered the leader's "Ký bởi … / Thời gian ký …".
TEST(DefaultAppearanceTest, TheSealLeavesTheSignersCaptionVisible) {
  const auto signer = pdf::LayoutAppearance(Planned(AppearanceStyle::kSigner, true));
  ASSERT_FALSE(signer.text.empty());
  ASSERT_FALSE(signer.image_area.empty());
  for (bool image : {true, false}) {
    const pdf::Box seal = BoxOf(Planned(AppearanceStyle::kSeal, image));
    EXPECT_FALSE(pdf::Overlaps(seal, signer.text))
        << "seal " << seal.x << "," << seal.y << " " << seal.width << "x" << seal.height
        << " caption " << signer.text.x << "," << signer.text.y << " " << signer.text.width << "x"
        << signer.text.height;
  }
}

TEST(DefaultAppearanceTest, TheSealCoversAThirdOfTheSignatureOnItsLeftAtRealSize) {
  const auto signer = pdf::LayoutAppearance(Planned(AppearanceStyle::kSigner, true));
  const auto seal_widget = Planned(AppearanceStyle::kSeal, true);
  const pdf::Box seal = BoxOf(seal_widget);
  EXPECT_TRUE(seal_widget.lines.empty());         // Appendix I: the seal image only
  EXPECT_NEAR(seal.width, 36 * 72 / 25.4, 0.01);  // 36 mm
  EXPECT_NEAR(seal.height, seal.width, 0.01);
  // Its right edge a third of the way into the signature image, from the left.
  EXPECT_NEAR(seal.right() - signer.image_area.x, signer.image_area.width / 3, 0.01);
  EXPECT_LT(seal.x, signer.image_area.x);
  // It overlaps the image area over most of its height.
  const double low = std::max(seal.y, signer.image_area.y);
  const double high = std::min(seal.top(), signer.image_area.top());
  EXPECT_GT(high - low, 0.9 * signer.image_area.height);
  // Its own layout has no text under the image.
  EXPECT_TRUE(pdf::LayoutAppearance(seal_widget).text.empty());
}

TEST(DefaultAppearanceTest, PlacementOverridesTheDefault) {
  PdfSignOptions o;
  o.style = AppearanceStyle::kSeal;
  o.image_png = "png";
  o.placement.x = 40;
  o.placement.y = 50;
  auto a = DefaultAppearance(o, {});
  EXPECT_EQ(a.x, 40);
  EXPECT_EQ(a.y, 50);
}

}  // namespace
}  // namespace cqdt::signing
