#include "extraction_thread.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace cqdt::app {
namespace {

namespace fs = std::filesystem;

class ChildProgramTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cqdt-child-program-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "bin");
    fs::create_directories(dir_ / "libexec");
  }
  void TearDown() override { fs::remove_all(dir_); }

  static void Executable(const fs::path& p) {
    std::ofstream(p) << "#!/bin/sh\n";
    fs::permissions(p, fs::perms::owner_all);
  }

  fs::path dir_;
};

// The small program beside cqdt first (a build tree), then where the package installs it, then
// cqdt itself with its hidden command; the content type is always the last argument's value.
TEST_F(ChildProgramTest, PrefersTheHelperBesideCqdtThenTheInstalledOne) {
  const fs::path self = dir_ / "bin" / "cqdt";
  const fs::path installed = dir_ / "libexec" / "cqdt-extract";

  auto none = ChildProgram(self, installed);
  EXPECT_EQ(none.program, "/proc/self/exe");
  EXPECT_EQ(none.args, (std::vector<std::string>{"__extract", "--content-type"}));

  Executable(installed);
  auto package = ChildProgram(self, installed);
  EXPECT_EQ(package.program, installed.string());
  EXPECT_EQ(package.args, (std::vector<std::string>{"--content-type"}));

  Executable(dir_ / "bin" / "cqdt-extract");
  EXPECT_EQ(ChildProgram(self, installed).program, (dir_ / "bin" / "cqdt-extract").string());

  // A file that is not executable is not a program.
  fs::permissions(dir_ / "bin" / "cqdt-extract", fs::perms::owner_read);
  EXPECT_EQ(ChildProgram(self, installed).program, installed.string());
}

}  // namespace
}  // namespace cqdt::app
