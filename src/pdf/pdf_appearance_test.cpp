#include <gtest/gtest.h>

#include "pdf/pdf.hpp"

namespace cqdt::pdf {
namespace {

TEST(LayoutAppearanceTest, TextAtTheBottomImageAbove) {
  SignatureAppearance a;
  a.x = 330;
  a.y = 120;
  a.width = 190;
  a.height = 80;
  a.font_size = 8;
  a.lines = {"Ký bởi: Nguyễn Văn A", "Thời gian ký: 2026-11-27T09:15:00+07:00"};
  a.image_png = "png";
  auto layout = LayoutAppearance(a);
  EXPECT_DOUBLE_EQ(layout.text.y, 120);
  EXPECT_DOUBLE_EQ(layout.text.height, 2 * 8 * 1.2);
  EXPECT_DOUBLE_EQ(layout.image_area.y, layout.text.top());
  EXPECT_DOUBLE_EQ(layout.image_area.top(), 200);
  EXPECT_FALSE(Overlaps(layout.text, layout.image_area));  // they only touch

  a.image_png.clear();
  EXPECT_TRUE(LayoutAppearance(a).image_area.empty());
  a.lines.clear();
  a.image_png = "png";
  layout = LayoutAppearance(a);
  EXPECT_TRUE(layout.text.empty());
  EXPECT_DOUBLE_EQ(layout.image_area.height, 80);
}

TEST(LayoutAppearanceTest, OverlapsNeedsSharedArea) {
  Box a{0, 0, 10, 10};
  EXPECT_TRUE(Overlaps(a, {5, 5, 10, 10}));
  EXPECT_FALSE(Overlaps(a, {10, 0, 5, 5}));
  EXPECT_FALSE(Overlaps(a, {0, 10, 5, 5}));
  EXPECT_FALSE(Overlaps(a, {2, 2, 0, 5}));
}

}  // namespace
}  // namespace cqdt::pdf
