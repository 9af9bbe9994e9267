#include "blob/durable_file.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <sys/stat.h>

namespace cqdt::blob {
namespace {

namespace fs = std::filesystem;

class DurableFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cqdt-durable-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  fs::path dir_;
};

TEST_F(DurableFileTest, WritesReplacesAndLeavesNoTemporaryFile) {
  auto path = dir_ / "a.txt";
  ASSERT_TRUE(WriteFileAtomically(path, "một"));
  ASSERT_TRUE(WriteFileAtomically(path, std::string("hai\0ba", 6)));
  EXPECT_EQ(Read(path), std::string("hai\0ba", 6));
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) {
    ++files;
  }
  EXPECT_EQ(files, 1);  // the temporary file was renamed, not left beside it
}

TEST_F(DurableFileTest, AppliesTheRequestedMode) {
  auto path = dir_ / "key.p12";
  ASSERT_TRUE(WriteFileAtomically(path, "secret", 0600));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(DurableFileTest, MissingDirectoryIsUnavailable) {
  auto written = WriteFileAtomically(dir_ / "no" / "such" / "file", "x");
  ASSERT_FALSE(written);
  EXPECT_EQ(written.error().code(), ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace cqdt::blob
