#include "issue_positions.hpp"

#include <cmath>
#include <limits>
#include <set>

#include <gtest/gtest.h>

namespace cqdt::documents {
namespace {

const std::vector<std::pair<double, double>> kA4 = {{595, 842}};

pdf::TextLocation Found(double x, double y, double width, double height, std::string text) {
  pdf::TextLocation l;
  l.page = 1;
  l.box = {x, y, width, height};
  l.text = std::move(text);
  l.glyphs = {{"S", x, 7}};
  l.confidence = 1;
  return l;
}

pdf::NumberAndDatePositions BothFound() {
  pdf::NumberAndDatePositions p;
  p.number = Found(90, 745, 120, 16, "Số: ..../QĐ-SNV");
  p.date = Found(300, 745, 230, 16, "Kiên Giang, ngày ... tháng ... năm 2026");
  return p;
}

std::set<std::string> Fields(const Error& e) {
  std::set<std::string> out;
  for (const auto& f : e.fields()) {
    out.insert(f.field);
  }
  return out;
}

TEST(IssuePositionsTest, WithoutBoxesTheLinesFoundAreUsed) {
  auto chosen = ChooseIssuePositions(BothFound(), {}, std::nullopt, std::nullopt);
  ASSERT_TRUE(chosen) << chosen.error().message();
  EXPECT_EQ(chosen->number->text, "Số: ..../QĐ-SNV");
  EXPECT_FALSE(chosen->number->glyphs.empty());
  EXPECT_EQ(chosen->date->box.x, 300);
}

TEST(IssuePositionsTest, NothingFoundAndNoBoxesNamesBothBoxes) {
  // A scanned page: the search finds no text.
  Result<pdf::NumberAndDatePositions> scan = Error::NotFound("dòng số", "1");
  auto chosen = ChooseIssuePositions(scan, kA4, std::nullopt, std::nullopt);
  ASSERT_FALSE(chosen);
  EXPECT_EQ(chosen.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(Fields(chosen.error()), (std::set<std::string>{"numberBox", "dateBox"}));
  // Only the date missing: only the date box is asked for.
  pdf::NumberAndDatePositions half = BothFound();
  half.date.reset();
  chosen = ChooseIssuePositions(half, kA4, std::nullopt, std::nullopt);
  ASSERT_FALSE(chosen);
  EXPECT_EQ(Fields(chosen.error()), (std::set<std::string>{"dateBox"}));
}

TEST(IssuePositionsTest, BoxesMakeAScanIssuable) {
  Result<pdf::NumberAndDatePositions> scan = Error::NotFound("dòng số", "1");
  auto chosen =
      ChooseIssuePositions(scan, kA4, LineBox{1, 80, 700, 150, 16}, LineBox{1, 300, 700, 230, 16});
  ASSERT_TRUE(chosen) << chosen.error().message();
  EXPECT_EQ(chosen->number->box.x, 80);
  EXPECT_EQ(chosen->number->box.y, 700);
  EXPECT_EQ(chosen->number->box.width, 150);
  EXPECT_TRUE(chosen->number->glyphs.empty());
  EXPECT_TRUE(chosen->number->text.empty());
  EXPECT_EQ(chosen->date->box.width, 230);
}

TEST(IssuePositionsTest, ABoxMostlyOverTheFoundLineMeansThatLine) {
  // Nudged a few points: still the line found, so the stamp writes into its blanks.
  auto chosen = ChooseIssuePositions(BothFound(), kA4, LineBox{1, 95, 742, 120, 16}, std::nullopt);
  ASSERT_TRUE(chosen) << chosen.error().message();
  EXPECT_EQ(chosen->number->box.x, 90);
  EXPECT_FALSE(chosen->number->glyphs.empty());
}

TEST(IssuePositionsTest, ABoxMovedAwayIsPlacedByHand) {
  // Half of the box or less over the line: the clerk means another place.
  auto chosen = ChooseIssuePositions(BothFound(), kA4, LineBox{1, 150, 700, 120, 16},
                                     LineBox{1, 300, 737, 230, 16});
  ASSERT_TRUE(chosen) << chosen.error().message();
  EXPECT_EQ(chosen->number->box.x, 150);
  EXPECT_EQ(chosen->number->box.y, 700);
  EXPECT_TRUE(chosen->number->glyphs.empty());
  // The date box shares exactly half its height with the line: not more than half, by hand.
  EXPECT_EQ(chosen->date->box.y, 737);
  EXPECT_TRUE(chosen->date->text.empty());
}

TEST(IssuePositionsTest, ABoxOnAnotherPageIsPlacedByHand) {
  const std::vector<std::pair<double, double>> two = {{595, 842}, {595, 842}};
  auto chosen = ChooseIssuePositions(BothFound(), two, LineBox{2, 90, 745, 120, 16}, std::nullopt);
  ASSERT_TRUE(chosen) << chosen.error().message();
  EXPECT_EQ(chosen->number->page, 2);
  EXPECT_TRUE(chosen->number->glyphs.empty());
}

TEST(IssuePositionsTest, BadBoxesAreRefusedByField) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  struct Case {
    LineBox box;
    std::string field;
  } cases[] = {
      {{2, 90, 745, 120, 16}, "numberBox.page"},  {{0, 90, 745, 120, 16}, "numberBox.page"},
      {{1, nan, 745, 120, 16}, "numberBox.x"},    {{1, 90, inf, 120, 16}, "numberBox.y"},
      {{1, 90, 745, 5, 16}, "numberBox.width"},   {{1, 90, 745, 600, 16}, "numberBox.width"},
      {{1, 90, 745, 120, 2}, "numberBox.height"}, {{1, 90, 500, 120, 300}, "numberBox.height"},
      {{1, -10, 745, 120, 16}, "numberBox.x"},    {{1, 500, 745, 120, 16}, "numberBox.x"},
      {{1, 90, 835, 120, 16}, "numberBox.y"},     {{1, 90, -1, 120, 16}, "numberBox.y"},
  };
  for (const Case& c : cases) {
    auto chosen = ChooseIssuePositions(BothFound(), kA4, c.box, std::nullopt);
    ASSERT_FALSE(chosen) << c.field;
    EXPECT_EQ(chosen.error().code(), ErrorCode::kInvalidArgument) << c.field;
    EXPECT_EQ(Fields(chosen.error()), (std::set<std::string>{c.field})) << c.field;
  }
  // Both boxes wrong: both reported at once.
  auto chosen = ChooseIssuePositions(BothFound(), kA4, LineBox{1, 90, 745, 5, 16},
                                     LineBox{3, 300, 745, 230, 16});
  ASSERT_FALSE(chosen);
  EXPECT_EQ(Fields(chosen.error()), (std::set<std::string>{"numberBox.width", "dateBox.page"}));
}

// The lines kept from the signature to the release read back exactly as found (every double to
// the bit, texts of any bytes), nothing found included; a text it does not read is nullopt.
TEST(IssuePositionsTest, KeptLinesReadBackExactly) {
  pdf::NumberAndDatePositions found = BothFound();
  found.number->baseline = 749.123456789012345;
  found.number->font_size = 13.000000000000002;
  found.number->confidence = 0.6 * 0.8;
  found.number->glyphs = {{"S", 90.1, 7.3}, {"ố", 97.4, 6.5}, {" ", 103.9, 3.25}, {"", 1e-300, 0}};
  found.date->page = 2;
  found.date->text = "";
  found.date->glyphs.clear();
  for (const pdf::NumberAndDatePositions& p :
       {found, pdf::NumberAndDatePositions{},
        pdf::NumberAndDatePositions{std::nullopt, found.date}}) {
    const auto back = DecodeIssueLines(EncodeIssueLines(p));
    ASSERT_TRUE(back);
    ASSERT_EQ(back->number.has_value(), p.number.has_value());
    ASSERT_EQ(back->date.has_value(), p.date.has_value());
    for (auto [a, b] : {std::pair{&p.number, &back->number}, std::pair{&p.date, &back->date}}) {
      if (!a->has_value()) {
        continue;
      }
      EXPECT_EQ((*a)->page, (*b)->page);
      EXPECT_EQ((*a)->box.x, (*b)->box.x);
      EXPECT_EQ((*a)->box.y, (*b)->box.y);
      EXPECT_EQ((*a)->box.width, (*b)->box.width);
      EXPECT_EQ((*a)->box.height, (*b)->box.height);
      EXPECT_EQ((*a)->baseline, (*b)->baseline);
      EXPECT_EQ((*a)->font_size, (*b)->font_size);
      EXPECT_EQ((*a)->confidence, (*b)->confidence);
      EXPECT_EQ((*a)->text, (*b)->text);
      ASSERT_EQ((*a)->glyphs.size(), (*b)->glyphs.size());
      for (std::size_t i = 0; i < (*a)->glyphs.size(); ++i) {
        EXPECT_EQ((*a)->glyphs[i].text, (*b)->glyphs[i].text);
        EXPECT_EQ((*a)->glyphs[i].x, (*b)->glyphs[i].x);
        EXPECT_EQ((*a)->glyphs[i].width, (*b)->glyphs[i].width);
      }
    }
  }
  const std::string good = EncodeIssueLines(found);
  for (const std::string& bad :
       {std::string(), std::string("cqdt-lines 2"), good.substr(0, good.size() - 3),
        good + "\nN 1 2 3", good + "\nD 1 0 0 1 1 0 0 1 x 0",
        std::string("cqdt-lines 1\nN 0 0 0 1 1 0 0 1 x 0"),
        std::string("cqdt-lines 1\nN 1 0 0 1 1 0 0 1 x6 0"),
        std::string("cqdt-lines 1\nN 1 0 0 1 1 0 0 1 x 1")}) {
    EXPECT_FALSE(DecodeIssueLines(bad)) << bad;
  }
}

}  // namespace
}  // namespace cqdt::documents
