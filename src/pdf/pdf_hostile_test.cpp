// The hostile corpus of issue 8 (src/pdf/testdata/hostile, written by
// tests/fuzz/make-hostile-pdfs.mjs): small files whose cost for a naive reader grows with a number
// they declare. Each file's name says the outcome the pdf module must give (ok--, malformed--,
// too-large--), within a small CPU budget and a bounded peak memory. A new case is a new file.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/resource.h>

#include "core/cpu_budget.hpp"
#include "pdf/pdf.hpp"
#include "pdf/stamp.hpp"
#include "pdf_test_support.hpp"

namespace cqdt::pdf {
namespace {

// Reading any of these files takes at most a few milliseconds of CPU once bounded (a tenth of
// this); the file that relies on the budget itself (too-large--many-object-streams) needs ten
// times this much.
constexpr std::chrono::milliseconds kBudget{40};

std::filesystem::path CorpusDir() { return std::filesystem::path(CQDT_TESTDATA_DIR) / "hostile"; }

std::vector<std::string> CorpusFiles() {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(CorpusDir())) {
    if (entry.path().extension() == ".pdf") {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(0, info.param.size() - 4);
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) {
      c = '_';
    }
  }
  return name;
}

class HostileCorpusTest : public ::testing::TestWithParam<std::string> {};

TEST_P(HostileCorpusTest, AnswersWithinBounds) {
  const std::string& name = GetParam();
  const std::string pdf = test_support::ReadFile(CorpusDir() / name);
  const std::string expected = name.substr(0, name.find("--"));
  ASSERT_TRUE(expected == "ok" || expected == "malformed" || expected == "too-large") << name;

  CpuBudget budget(kBudget);
  auto signatures = ReadSignatures(pdf, budget);
  CpuBudget sizes_budget(kBudget);
  auto sizes = PageSizes(pdf, sizes_budget);
  if (expected == "ok") {
    ASSERT_TRUE(signatures) << signatures.error().message();
    ASSERT_TRUE(sizes) << sizes.error().message();
    EXPECT_FALSE(sizes->empty());
  } else {
    const ErrorCode code = expected == "malformed" ? ErrorCode::kMalformed : ErrorCode::kTooLarge;
    ASSERT_FALSE(signatures) << "read " << signatures->size() << " signature(s)";
    EXPECT_EQ(signatures.error().code(), code) << signatures.error().message();
    // PageSizes reads no form field: a file refused for its fields may still have pages.
    if (!sizes) {
      EXPECT_EQ(sizes.error().code(), code) << sizes.error().message();
    }
  }

  // Finding the number and date lines reads page 1's content: none of these files has them, and
  // none may cost more than the others (a refused structure may still leave page 1 readable).
  CpuBudget find_budget(kBudget);
  auto found = FindNumberAndDatePositions(pdf, find_budget);
  ASSERT_FALSE(found) << name;
  if (expected == "ok") {
    EXPECT_EQ(found.error().code(), ErrorCode::kNotFound) << found.error().message();
  } else {
    const ErrorCode code = expected == "malformed" ? ErrorCode::kMalformed : ErrorCode::kTooLarge;
    EXPECT_TRUE(found.error().code() == code || found.error().code() == ErrorCode::kNotFound)
        << found.error().message();
  }

#if !defined(__SANITIZE_ADDRESS__)
  // Peak resident memory of this test process (one file per process under ctest), in KB. Before
  // the fixes, one 650-byte file here took 350 MB, another 100 MB at once.
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  EXPECT_LT(usage.ru_maxrss, 96 * 1024);
#endif
}

INSTANTIATE_TEST_SUITE_P(Corpus, HostileCorpusTest, ::testing::ValuesIn(CorpusFiles()), TestName);

}  // namespace
}  // namespace cqdt::pdf
