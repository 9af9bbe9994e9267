#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pdf/pdf.hpp"
#include "pdf/stamp.hpp"
#include "pdf_test_support.hpp"

namespace cqdt::pdf {
namespace {

using test_support::RunCommand;
using test_support::TempDir;

constexpr double kMm = 72.0 / 25.4;

ArrivalStamp Sample() {
  ArrivalStamp s;
  s.agency_name = "SỞ NỘI VỤ TỈNH AN GIANG";
  s.arrival_number = 125;
  s.arrival_date = Date{2026, 2, 5};
  s.forwarded_to = "Phòng Tổ chức, biên chế";
  s.file_notation = "03/VP";
  return s;
}

struct Word {
  std::string text;
  double x_min, y_min, x_max, y_max;  // pdftotext -bbox: from the top-left, points
};

// The words of page 1 with their boxes, as poppler reads them.
std::vector<Word> Words(const std::string& pdf) {
  TempDir dir;
  test_support::WriteFile(dir.path() / "a.pdf", pdf);
  const auto r = RunCommand("pdftotext -bbox -f 1 -l 1 " + (dir.path() / "a.pdf").string() + " -");
  std::vector<Word> words;
  std::size_t pos = 0;
  while ((pos = r.output.find("<word ", pos)) != std::string::npos) {
    Word w{};
    const std::size_t end = r.output.find("</word>", pos);
    const std::string tag = r.output.substr(pos, end - pos);
    std::sscanf(tag.c_str(), "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"", &w.x_min,
                &w.y_min, &w.x_max, &w.y_max);
    w.text = tag.substr(tag.find('>') + 1);
    words.push_back(w);
    pos = end;
  }
  return words;
}

const Word* Find(const std::vector<Word>& words, const std::string& text) {
  for (const Word& w : words) {
    if (w.text == text) {
      return &w;
    }
  }
  return nullptr;
}

// Phụ lục IV: the stamp's six items, printed on page 1 inside the 50 × 35 mm frame placed at the
// default top-left area; the original is a prefix of the copy.
TEST(StampArrivalTest, DrawsTheSixItemsInTheFrame) {
  const std::string scan = test_support::SampleDocument(2);
  auto stamped = StampArrival(scan, Sample());
  ASSERT_TRUE(stamped) << stamped.error().message();
  EXPECT_EQ(stamped->substr(0, scan.size()), scan);
  if (const char* keep = std::getenv("CQDT_PDF_KEEP_DIR")) {
    test_support::WriteFile(std::filesystem::path(keep) / "arrival.pdf", *stamped);
  }
  const std::vector<Word> words = Words(*stamped);
  const Word* den = Find(words, "ĐẾN");
  ASSERT_NE(den, nullptr);
  // Default place: 25 mm from the left, its top 45 mm from the top of the page.
  const double left = 25 * kMm;
  const double top = 45 * kMm;
  for (const char* text : {"ĐẾN", "125", "05/02/2026", "SỞ", "Chuyển:", "03/VP", "HS:"}) {
    const Word* w = Find(words, text);
    ASSERT_NE(w, nullptr) << text;
    EXPECT_GE(w->x_min, left) << text;
    EXPECT_LE(w->x_max, left + 50 * kMm) << text;
    EXPECT_GE(w->y_min, top) << text;
    EXPECT_LE(w->y_max, top + 35 * kMm) << text;
  }
  // Page 2 is untouched.
  TempDir dir;
  test_support::WriteFile(dir.path() / "a.pdf", *stamped);
  const auto page2 = RunCommand("pdftotext -f 2 -l 2 " + (dir.path() / "a.pdf").string() + " -");
  EXPECT_EQ(page2.output.find("ĐẾN"), std::string::npos) << page2.output;
}

// A scanner's content that leaves its graphics state changed (a cm without q/Q) must not move or
// shrink the stamp: the page's own content is wrapped in q ... Q.
TEST(StampArrivalTest, PageContentLeavingTheStateChangedDoesNotMoveTheStamp) {
  const std::string scan = test_support::HandWrittenPdf("0.5 0 0 0.5 0 0 cm\n");
  ArrivalStamp s = Sample();
  s.x = 300;
  s.top = 500;
  auto stamped = StampArrival(scan, s);
  ASSERT_TRUE(stamped) << stamped.error().message();
  const std::vector<Word> words = Words(*stamped);  // Find points into it: keep it alive
  const Word* den = Find(words, "ĐẾN");
  ASSERT_NE(den, nullptr);
  EXPECT_GE(den->x_min, 300);
  EXPECT_LE(den->x_max, 300 + 50 * kMm);
  EXPECT_GE(den->y_min, 842 - 500);
  EXPECT_LE(den->y_max, 842 - 500 + 35 * kMm);
}

TEST(StampArrivalTest, RejectsBadValuesAndPositionsOffThePage) {
  const std::string scan = test_support::SampleDocument();
  auto field_of = [&](const ArrivalStamp& s) {
    auto r = StampArrival(scan, s);
    return r ? std::string("ok") : r.error().fields().empty() ? "" : r.error().fields()[0].field;
  };
  ArrivalStamp s = Sample();
  s.arrival_number = 0;
  EXPECT_EQ(field_of(s), "arrivalNumber");
  s = Sample();
  s.arrival_date = Date{2026, 2, 30};
  EXPECT_EQ(field_of(s), "arrivalDate");
  s = Sample();
  s.forwarded_to = std::string(201, 'x');
  EXPECT_EQ(field_of(s), "forwardedTo");
  s = Sample();
  s.agency_name = "\xC3";
  EXPECT_EQ(field_of(s), "agencyName");
  s = Sample();
  s.x = 500;  // 500 + 142 > 595
  EXPECT_EQ(field_of(s), "x");
  s = Sample();
  s.top = 50;
  EXPECT_EQ(field_of(s), "top");
  // Long texts shrink or are cut to fit; empty ones leave the label alone.
  s = Sample();
  s.forwarded_to = std::string(150, 'W');
  s.file_notation.clear();
  EXPECT_EQ(field_of(s), "ok");
}

}  // namespace
}  // namespace cqdt::pdf
