// The short fuzzing smoke of CI (issue 14): every package of tests/edxml/ mutated many ways —
// bytes flipped, cut short, a slice repeated, a slice dropped, an element renamed, a number made
// huge — and read by Inspect, which must answer every one without crashing (the sanitizer build
// runs this too) and either accept it or refuse it with a reason code and a message. The long
// campaign is the libFuzzer target tests/fuzz/edxml_fuzzer.cpp (tests/fuzz/run-edxml.sh).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "exchange/build.hpp"
#include "exchange/inspect.hpp"

namespace cqdt::exchange {
namespace {

namespace fs = std::filesystem;

fs::path CorpusDir() {
  return fs::path(CQDT_TESTDATA_DIR).parent_path().parent_path().parent_path() / "tests" / "edxml";
}

std::vector<std::string> Seeds() {
  std::vector<fs::path> files;
  for (const char* dir : {"accept", "refuse"}) {
    for (const auto& e : fs::directory_iterator(CorpusDir() / dir)) {
      if (e.is_regular_file()) {
        files.push_back(e.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    out.push_back(s.str());
  }
  return out;
}

std::string Mutate(const std::string& seed, std::mt19937& rng) {
  std::string s = seed;
  if (s.empty()) {
    return s;
  }
  auto pick = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n == 0 ? 0 : n - 1)(rng);
  };
  const int kind = static_cast<int>(pick(7));
  const std::size_t at = pick(s.size());
  switch (kind) {
    case 0:  // flip a few bytes
      for (int i = 0; i < 4; ++i) {
        s[pick(s.size())] ^= static_cast<char>(1 + pick(255));
      }
      break;
    case 1:  // cut short
      s.resize(at);
      break;
    case 2:  // repeat a slice (nesting, duplicate elements)
      s.insert(at, s.substr(at, std::min<std::size_t>(pick(400) + 1, s.size() - at)));
      break;
    case 3:  // drop a slice
      s.erase(at, std::min<std::size_t>(pick(200) + 1, s.size() - at));
      break;
    case 4: {  // rename the element at a '<'
      const auto lt = s.find('<', at);
      if (lt != std::string::npos && lt + 2 < s.size()) {
        s[lt + 1] = static_cast<char>('A' + pick(26));
      }
      break;
    }
    case 5: {  // a number made huge
      const auto digit = s.find_first_of("0123456789", at);
      if (digit != std::string::npos) {
        s.insert(digit, "99999999999999999999");
      }
      break;
    }
    default:  // text where markup was
      s.insert(at, "]]>&#0;&amp;<![CDATA[\xc3\x28");
      break;
  }
  return s;
}

TEST(InspectMutationTest, EveryMutatedPackageIsAnsweredWithAVerdict) {
  const std::vector<std::string> seeds = Seeds();
  ASSERT_GE(seeds.size(), 50U) << CorpusDir();
  std::mt19937 rng(20261206);  // fixed: a failure replays
  InspectOptions options;
  options.signature = SignaturePolicy::kWarn;  // reach past the signature into the body
  int accepted = 0, refused = 0;
  for (int round = 0; round < 40; ++round) {
    for (const std::string& seed : seeds) {
      const std::string input = Mutate(seed, rng);
      const Inspection in = Inspect(input, options);
      if (in.accepted) {
        ++accepted;
        EXPECT_FALSE(in.refusal.has_value());
      } else {
        ++refused;
        ASSERT_TRUE(in.refusal.has_value());
        EXPECT_FALSE(in.refusal->message.empty());
        EXPECT_STRNE(RefusalReasonCode(in.refusal->reason), "");
      }
    }
  }
  EXPECT_GT(refused, 0);
  EXPECT_GT(accepted + refused, 2000);
}

// The libFuzzer campaign's findings (tests/fuzz/edxml-regressions/, README there): each answered
// with a verdict, and each accepted one rebuilt strictly and read back with the same files.
TEST(InspectMutationTest, TheFuzzersFindingsStayFixed) {
  const fs::path dir = CorpusDir().parent_path() / "fuzz" / "edxml-regressions";
  int seen = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    SCOPED_TRACE(e.path().filename().string());
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    ++seen;
    InspectOptions options;
    options.signature = SignaturePolicy::kWarn;
    const Inspection first = Inspect(s.str(), options);
    if (!first.accepted) {
      ASSERT_TRUE(first.refusal.has_value());
      continue;
    }
    if (first.kind != PackageKind::kDocument) {
      continue;
    }
    auto rebuilt = BuildDocumentPackage(first.document);
    if (!rebuilt) {
      continue;  // the strict builder may refuse what the lenient reader took
    }
    const Inspection again = Inspect(*rebuilt, options);
    ASSERT_TRUE(again.accepted) << (again.refusal ? again.refusal->message : "");
    ASSERT_EQ(again.document.attachments.size(), first.document.attachments.size());
    for (std::size_t i = 0; i < first.document.attachments.size(); ++i) {
      EXPECT_EQ(again.document.attachments[i].name, first.document.attachments[i].name);
      EXPECT_EQ(again.document.attachments[i].bytes, first.document.attachments[i].bytes);
    }
  }
  EXPECT_GE(seen, 4);
}

}  // namespace
}  // namespace cqdt::exchange
