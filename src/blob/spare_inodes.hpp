// Unnamed inodes (O_TMPFILE) made ahead of need, for FileBlobStore::PutAsync: on ext4 making an
// inode takes its allocator's search (0.4-0.6 ms measured here for each new file, the larger part
// of writing 1 MB into the page cache), so a thread of this pool makes them while no write waits,
// and a write takes one ready-made. An inode never taken is freed when its descriptor closes.
// Thread-safe.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

namespace cqdt::blob {

class SpareInodes {
 public:
  // Keeps up to `count` unnamed inodes made in `dir` (O_TMPFILE | O_WRONLY) ready.
  SpareInodes(std::filesystem::path dir, std::size_t count);
  ~SpareInodes();  // stops the thread and closes the inodes not taken
  SpareInodes(const SpareInodes&) = delete;
  SpareInodes& operator=(const SpareInodes&) = delete;

  // A ready inode's descriptor (the caller's to close), else one made now; -1 with errno set when
  // none can be made.
  int Take();

 private:
  void Refill();
  int Make() const;
  const std::filesystem::path dir_;
  const std::size_t count_;
  std::mutex mu_;
  std::condition_variable wanted_;
  std::vector<int> ready_;
  bool stopping_ = false;
  std::size_t takes_ = 0;  // Take calls so far (after a failure the thread waits for the next)
  std::thread thread_;
};

}  // namespace cqdt::blob
