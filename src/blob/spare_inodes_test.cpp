#include "spare_inodes.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "crypto/crypto.hpp"

namespace cqdt::blob {
namespace {

// Every Take gives a writable unnamed inode of its own, whether one was ready or made on the
// spot, and the directory stays empty: nothing has a name until its owner gives it one.
TEST(SpareInodesTest, EachTakeIsAFreshUnnamedInode) {
  const auto dir = std::filesystem::temp_directory_path() / ("cqdt-spares-" + crypto::RandomHex(6));
  std::filesystem::create_directories(dir);
  {
    SpareInodes spares(dir, 2);
    std::set<int> fds;
    for (int i = 0; i < 6; ++i) {
      const int fd = spares.Take();
      ASSERT_GE(fd, 0) << errno;
      EXPECT_TRUE(fds.insert(fd).second);
      EXPECT_EQ(::write(fd, "Sổ", 4), 4);
    }
    for (int fd : fds) {
      ::close(fd);
    }
    EXPECT_TRUE(std::filesystem::is_empty(dir));
  }  // closes the inodes made ahead and not taken
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

// Where no inode can be made (the directory is gone), Take says so (-1) and the pool's thread
// does not spin; once it can be made again, Take works again.
TEST(SpareInodesTest, ADirectoryThatCannotHoldInodesGivesMinusOne) {
  const auto dir = std::filesystem::temp_directory_path() / ("cqdt-spares-" + crypto::RandomHex(6));
  SpareInodes spares(dir, 2);
  EXPECT_EQ(spares.Take(), -1);
  EXPECT_EQ(spares.Take(), -1);
  std::filesystem::create_directories(dir);
  const int fd = spares.Take();
  ASSERT_GE(fd, 0);
  ::close(fd);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cqdt::blob
