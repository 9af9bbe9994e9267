// Checks on object streams and cross-reference streams before PoDoFo parses them (issue 8).
#include "stream_checks.hpp"

#include <string>

#include <gtest/gtest.h>

namespace cqdt::pdf::internal {
namespace {

TEST(StreamChecksTest, ScanValueEndLexesLikePoDoFo) {
  EXPECT_EQ(ScanValueEnd("123 456", 0), 3u);
  EXPECT_EQ(ScanValueEnd("  % note\n  12 R", 0), 13u);
  EXPECT_EQ(ScanValueEnd("(a(b)c) x", 0), 7u);
  EXPECT_EQ(ScanValueEnd("(a\\)b) x", 0), 6u);  // an escaped parenthesis does not close
  EXPECT_EQ(ScanValueEnd("(a)b(c)", 0), 3u);
  EXPECT_EQ(ScanValueEnd("<< /A [1 2] /B (x>>) /C <</D 1>> >> rest", 0), 35u);
  EXPECT_EQ(ScanValueEnd("<414243> z", 0), 8u);
  EXPECT_EQ(ScanValueEnd("/Name/Other", 0), 5u);
  EXPECT_EQ(ScanValueEnd("[ [ ] ] ]", 0), 7u);
  // Incomplete values: PoDoFo would read on into what follows.
  EXPECT_FALSE(ScanValueEnd("[ [ ] ", 0));
  EXPECT_FALSE(ScanValueEnd("(no end", 0));
  EXPECT_FALSE(ScanValueEnd("<abc", 0));
  EXPECT_FALSE(ScanValueEnd("<< /A 1 ]", 0));
  EXPECT_FALSE(ScanValueEnd(") x", 0));
  EXPECT_FALSE(ScanValueEnd("   ", 0));
  EXPECT_FALSE(ScanValueEnd(std::string(300, '[') + std::string(300, ']'), 0));
  EXPECT_EQ(ScanValueEnd(std::string(200, '[') + std::string(200, ']'), 0), 400u);
}

TEST(StreamChecksTest, AcceptsAWellFormedObjectStream) {
  // Two objects: "null" at 0 and "<< /A [1 2] >>" at 5, after an 8-byte header.
  const std::string header = "10 0 11 5 ";
  const std::string data = header + "null << /A [1 2] >>";
  EXPECT_TRUE(CheckObjectStream(data, 2, static_cast<std::int64_t>(header.size())));
  EXPECT_TRUE(CheckObjectStream(data, 0, 0));  // PoDoFo reads nothing
}

TEST(StreamChecksTest, RefusesObjectStreamsThatWouldBeParsedOverAndOver) {
  const std::string header = "10 0 11 0 ";
  const std::string data = header + "[1 2 3]";
  auto same = CheckObjectStream(data, 2, static_cast<std::int64_t>(header.size()));
  ASSERT_FALSE(same);
  EXPECT_EQ(same.error().code(), ErrorCode::kMalformed);

  const std::string backwards_header = "10 4 11 0 ";
  auto backwards = CheckObjectStream(backwards_header + "null null", 2,
                                     static_cast<std::int64_t>(backwards_header.size()));
  ASSERT_FALSE(backwards);

  // Object 10 is an array still open where object 11 starts.
  const std::string overlap_header = "10 0 11 2 ";
  auto overlap = CheckObjectStream(overlap_header + "[ [ ] ]", 2,
                                   static_cast<std::int64_t>(overlap_header.size()));
  ASSERT_FALSE(overlap);
  EXPECT_EQ(overlap.error().code(), ErrorCode::kMalformed);
}

TEST(StreamChecksTest, RefusesBrokenHeaders) {
  EXPECT_FALSE(CheckObjectStream("10 0 null", 2, 5));   // one pair for two objects
  EXPECT_FALSE(CheckObjectStream("10 0 null", 1, 50));  // /First past the end
  EXPECT_FALSE(CheckObjectStream("10 0 null", 1, -1));
  EXPECT_FALSE(CheckObjectStream("10 -1 null", 1, 5));  // negative offset
  EXPECT_FALSE(CheckObjectStream("10 99 null", 1, 5));  // offset past the end
  EXPECT_FALSE(CheckObjectStream("<< 0 null", 1, 5));   // not numbers
}

TEST(StreamChecksTest, BoundsTheObjectsOfOneStream) {
  std::string header;
  std::string body;
  for (std::int64_t i = 0; i <= kMaxObjectsPerStream; ++i) {
    header += std::to_string(100 + i) + " " + std::to_string(body.size()) + " ";
    body += "null ";
  }
  auto many = CheckObjectStream(header + body, kMaxObjectsPerStream + 1,
                                static_cast<std::int64_t>(header.size()));
  ASSERT_FALSE(many);
  EXPECT_EQ(many.error().code(), ErrorCode::kTooLarge);
}

std::string Entry(int type, std::uint32_t f1, std::uint16_t f2) {
  std::string e(7, '\0');
  e[0] = static_cast<char>(type);
  for (int i = 0; i < 4; ++i) {
    e[static_cast<std::size_t>(1 + i)] = static_cast<char>((f1 >> (8 * (3 - i))) & 0xFF);
  }
  e[5] = static_cast<char>(f2 >> 8);
  e[6] = static_cast<char>(f2 & 0xFF);
  return e;
}

TEST(StreamChecksTest, XRefStreamsThatNeverAdvanceAreMalformed) {
  XRefStreamCheck check;
  const std::int64_t zero[3] = {0, 0, 0};
  auto st = check.Add(zero, {0, 4'000'000'000'000'000'000}, "x");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kMalformed);
}

// An empty stream of zero-width entries: PoDoFo stops at once (the end of its data), and so does
// the check, whatever the count (the fuzzer's pdf_signatures-regressions/
// xref-stream-empty-zero-widths.pdf looped here for minutes).
TEST(StreamChecksTest, AnEmptyXRefStreamEndsTheCheckAtOnce) {
  XRefStreamCheck check;
  const std::int64_t zero[3] = {0, 0, 0};
  EXPECT_TRUE(check.Add(zero, {0, 4'000'000'000'000'000'000}, ""));
  const std::int64_t w[3] = {1, 4, 2};
  EXPECT_TRUE(check.Add(w, {0, 4'000'000'000'000'000'000}, ""));
}

TEST(StreamChecksTest, TwoObjectsAtOneOffsetAreMalformed) {
  const std::int64_t w[3] = {1, 4, 2};
  XRefStreamCheck ok;
  EXPECT_TRUE(ok.Add(w, {1, 2}, Entry(1, 100, 0) + Entry(1, 200, 0)));
  // The same object at the same offset again (an update re-listing it) is fine...
  EXPECT_TRUE(ok.Add(w, {1, 1}, Entry(1, 100, 0)));
  // ...another object at an offset already taken is not.
  auto shared = ok.Add(w, {5, 1}, Entry(1, 200, 0));
  ASSERT_FALSE(shared);
  EXPECT_EQ(shared.error().code(), ErrorCode::kMalformed);
}

TEST(StreamChecksTest, BoundsTheEntriesNamingOneObjectStream) {
  const std::int64_t w[3] = {1, 4, 2};
  std::string entries;
  for (std::int64_t i = 0; i <= kMaxObjectsPerStream; ++i) {
    entries += Entry(2, 7, static_cast<std::uint16_t>(i));
  }
  XRefStreamCheck check;
  auto st = check.Add(w, {10, kMaxObjectsPerStream + 1}, entries);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kTooLarge);
}

}  // namespace
}  // namespace cqdt::pdf::internal
