#include "sqlite_writer.hpp"

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace cqdt::db {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;

class WalSyncTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "cqdt-walsync-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

// Group commit: one sync covers every commit made before it began; a commit already covered
// waits for nothing and syncs nothing.
TEST_F(WalSyncTest, OneSyncCoversEveryCommitMadeBeforeIt) {
  const fs::path wal = dir_ / "cqdt.db-wal";
  std::ofstream(wal) << "frames";
  WalSync sync;
  sync.SetPath(wal.string());
  const auto first = sync.Committed();
  sync.Committed();
  const auto third = sync.Committed();
  EXPECT_TRUE(sync.Durable(third));
  EXPECT_EQ(sync.syncs(), 1u);
  EXPECT_TRUE(sync.Durable(first));
  EXPECT_EQ(sync.syncs(), 1u);
  EXPECT_TRUE(sync.Durable(sync.Committed()));
  EXPECT_EQ(sync.syncs(), 2u);
}

// The sync is real: a WAL that cannot be synced makes the commit fail, not pass unsynced.
TEST_F(WalSyncTest, AWalThatCannotBeSyncedIsAnError) {
  WalSync sync;
  sync.SetPath((dir_ / "missing.db-wal").string());
  EXPECT_FALSE(sync.Durable(sync.Committed()));
  EXPECT_EQ(sync.syncs(), 0u);
}

// The gate is held until released, by any thread; a writer that cannot get it within its
// timeout is told so (and goes on to SQLite's own wait).
TEST(WriteGateTest, AHeldGateWaitsForItsReleaseFromAnyThread) {
  WriteGate gate;
  ASSERT_TRUE(gate.Acquire(milliseconds(0)));
  EXPECT_FALSE(gate.Acquire(milliseconds(1)));
  std::thread([&gate] { gate.Release(); }).join();
  EXPECT_TRUE(gate.Acquire(milliseconds(60'000)));
  gate.Release();
}

}  // namespace
}  // namespace cqdt::db
