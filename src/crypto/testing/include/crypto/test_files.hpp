// Scratch files for tests that hand data to command-line tools (openssl, certutil, pdfsig...).
#pragma once

#include <filesystem>
#include <string>

namespace cqdt::crypto::testing {

// A fresh directory under the system temp dir ("<prefix>XXXXXX"), removed with its contents
// when the object goes out of scope.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix = "cqdt-test-");
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  // The path of `name` inside the directory.
  std::string Path(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void WriteFile(const std::string& path, const std::string& bytes);
// The whole file ("" when it cannot be read).
std::string ReadFile(const std::string& path);

}  // namespace cqdt::crypto::testing
