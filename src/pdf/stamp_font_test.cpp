// The stamp's fonts (stamp_font.hpp): the embedded subset reused for the same characters, the
// FreeType metrics made once and lent to one document at a time.
#include "stamp_font.hpp"

#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "pdf/pdf.hpp"
#include "pdf/stamp.hpp"
#include "pdf_internal.hpp"
#include "pdf_test_support.hpp"
#include "stamp_test_support.hpp"

namespace cqdt::pdf {
namespace {

using namespace stamp_testing;  // the helpers shared by the stamp tests

// Releasing stamps every outgoing document (issue 10's release benchmark): the stamp's fonts are
// embedded as a subset built once per set of characters (stamp_font.hpp); a second document with
// the same characters reuses it, and reads and renders exactly as the first.
TEST(StampTest, SecondStampWithTheSameCharactersReusesTheEmbeddedSubset) {
  const std::string blank = BlankOutgoingDocument();
  auto found = FindNumberAndDatePositions(blank);
  ASSERT_TRUE(found) << found.error().message();
  // A place name no other test writes, so the italic subset is built here first.
  const std::string date_line = "Ỹ Quỳnh, ngày 05 tháng 02 năm 2026";
  const internal::StampFontCacheStats s0 = internal::StampFontCacheCounters();
  auto first = StampNumberAndDate(blank, *found, "05/QĐ-UBND", date_line);
  ASSERT_TRUE(first) << first.error().message();
  const internal::StampFontCacheStats s1 = internal::StampFontCacheCounters();
  EXPECT_GE(s1.misses, s0.misses + 1);
  auto second = StampNumberAndDate(blank, *found, "05/QĐ-UBND", date_line);
  ASSERT_TRUE(second) << second.error().message();
  const internal::StampFontCacheStats s2 = internal::StampFontCacheCounters();
  EXPECT_EQ(s2.misses, s1.misses);
  EXPECT_EQ(s2.hits, s1.hits + 2);  // regular (number) and italic (date)

  EXPECT_EQ(RenderPage1(*first), RenderPage1(*second));
  EXPECT_NE(RenderPage1(blank), RenderPage1(*second));
  const std::string text = PdfToText(*second);
  // Another place: the whole line is redrawn over the old one, whose text stays beneath.
  EXPECT_TRUE(Contains(text, "Quỳnh")) << text;
  EXPECT_TRUE(Contains(text, "Ỹ")) << text;
  EXPECT_TRUE(Contains(text, "tháng 02")) << text;
  TempDir dir;
  test_support::WriteFile(dir.path() / "d.pdf", *second);
  const std::string fonts = RunCommand("pdffonts " + (dir.path() / "d.pdf").string()).output;
  // Every font embedded and subset: "CID TrueType  Identity-H  yes yes yes".
  EXPECT_EQ(fonts.find(" no "), std::string::npos) << fonts;
  EXPECT_TRUE(Contains(fonts, "LiberationSerif-Italic")) << fonts;

  // Digits are always in the subset: another number and date with the same letters reuse it too.
  auto third =
      StampNumberAndDate(blank, *found, "17/QĐ-UBND", "Ỹ Quỳnh, ngày 30 tháng 12 năm 2027");
  ASSERT_TRUE(third) << third.error().message();
  const internal::StampFontCacheStats s3 = internal::StampFontCacheCounters();
  EXPECT_EQ(s3.misses, s2.misses);
  const std::string third_text = PdfToText(*third);
  EXPECT_TRUE(Contains(third_text, "17\n")) << third_text;
  EXPECT_TRUE(Contains(third_text, "2027")) << third_text;
}

// The stamp's FreeType metrics are lent between documents (stamp_font.hpp): made once per style,
// not once per document; each document still gets its own subset tag, and the drawing state of
// one document (its font size) does not leak into the next; documents stamped on several threads
// at once come out as when stamped one by one.
TEST(StampTest, StampFontMetricsAreMadeOnceAndLentToOneDocumentAtATime) {
  const std::string blank = BlankOutgoingDocument();
  auto found = FindNumberAndDatePositions(blank);
  ASSERT_TRUE(found) << found.error().message();
  const std::string date_line = "Hà Nội, ngày 05 tháng 02 năm 2026";
  auto first = StampNumberAndDate(blank, *found, "05/QĐ-UBND", date_line);
  ASSERT_TRUE(first) << first.error().message();
  const std::size_t made = internal::StampFontCacheCounters().metrics_made;
  EXPECT_GE(made, 2u);  // regular and italic, by this test or an earlier one

  NumberAndDatePositions larger = *found;
  larger.number->font_size = 14;
  larger.date->font_size = 14;
  auto big = StampNumberAndDate(blank, larger, "05/QĐ-UBND", date_line);
  ASSERT_TRUE(big) << big.error().message();
  auto second = StampNumberAndDate(blank, *found, "05/QĐ-UBND", date_line);
  ASSERT_TRUE(second) << second.error().message();
  EXPECT_EQ(internal::StampFontCacheCounters().metrics_made, made);
  EXPECT_EQ(RenderPage1(*first), RenderPage1(*second));
  EXPECT_NE(RenderPage1(*big), RenderPage1(*second));

  // The subset tag (ABCDEF+) is the document's own, not the one of the document the metrics
  // served before.
  auto tags = [](const std::string& pdf) {
    TempDir dir;
    test_support::WriteFile(dir.path() / "d.pdf", pdf);
    const std::string fonts = RunCommand("pdffonts " + (dir.path() / "d.pdf").string()).output;
    std::set<std::string> out;
    for (std::size_t at = fonts.find("+LiberationSerif"); at != std::string::npos;
         at = fonts.find("+LiberationSerif", at + 1)) {
      if (at >= 6) {
        out.insert(fonts.substr(at - 6, 6));
      }
    }
    return out;
  };
  // The blank document's own fonts aside: the stamp adds a regular and an italic subset.
  const std::set<std::string> blank_tags = tags(blank);
  auto stamp_tags = [&](const std::string& pdf) {
    std::set<std::string> out;
    for (const std::string& t : tags(pdf)) {
      if (blank_tags.count(t) == 0) {
        out.insert(t);
      }
    }
    return out;
  };
  const std::set<std::string> first_tags = stamp_tags(*first);
  const std::set<std::string> second_tags = stamp_tags(*second);
  EXPECT_EQ(first_tags.size(), 2u);
  EXPECT_EQ(second_tags.size(), 2u);
  for (const std::string& t : second_tags) {
    EXPECT_EQ(first_tags.count(t), 0u) << t;
  }

  const std::string expected = PdfToText(*first);
  std::vector<std::string> texts(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < texts.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        auto out = StampNumberAndDate(blank, i % 2 == 0 ? *found : larger, "05/QĐ-UBND", date_line);
        if (!out) {
          texts[t] = out.error().message();
          return;
        }
        if (i == 4) {
          texts[t] = PdfToText(*out);
        }
      }
    });
  }
  for (std::thread& th : threads) {
    th.join();
  }
  for (const std::string& text : texts) {
    EXPECT_EQ(text, expected);
  }
}

}  // namespace
}  // namespace cqdt::pdf
