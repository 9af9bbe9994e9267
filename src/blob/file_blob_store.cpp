#include <fcntl.h>
#include <unistd.h>

#include <fstream>

#include "blob/blob_store.hpp"
#include "crypto/crypto.hpp"

namespace cqdt::blob {
namespace {

bool IsKey(const std::string& s) {
  if (s.size() != 64) {
    return false;
  }
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

bool FsyncPath(const std::filesystem::path& p, bool directory) {
  int fd = ::open(p.c_str(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
  if (fd < 0) {
    return false;
  }
  bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

Error StorageError() { return Error::Unavailable("Không lưu được tệp. Vui lòng thử lại."); }

}  // namespace

Result<std::unique_ptr<FileBlobStore>> FileBlobStore::Open(std::filesystem::path root) {
  std::error_code ec;
  std::filesystem::create_directories(root / "tmp", ec);
  if (ec) {
    return Error::Unavailable("Không tạo được thư mục lưu tệp: " + root.string());
  }
  return std::unique_ptr<FileBlobStore>(new FileBlobStore(std::move(root)));
}

std::filesystem::path FileBlobStore::PathOf(const std::string& sha256) const {
  return root_ / sha256.substr(0, 2) / sha256.substr(2, 2) / sha256;
}

Result<BlobInfo> FileBlobStore::Commit(const std::filesystem::path& tmp, const std::string& sha256,
                                       std::uint64_t size) {
  auto dest = PathOf(sha256);
  const auto leaf = dest.parent_path();  // root/ab/cd
  const auto fan = leaf.parent_path();   // root/ab
  std::error_code ec;
  const bool new_fan = !std::filesystem::exists(fan, ec);
  const bool new_leaf = new_fan || !std::filesystem::exists(leaf, ec);
  std::filesystem::create_directories(leaf, ec);
  if (ec || !FsyncPath(tmp, false)) {
    std::filesystem::remove(tmp, ec);
    return StorageError();
  }
  std::filesystem::rename(tmp, dest, ec);
  // The file's name must survive a crash, and so must a directory made for it: the entry of a
  // new root/ab/cd lives in root/ab, that of a new root/ab in root.
  bool ok = !ec && FsyncPath(leaf, true);
  ok = ok && (!new_leaf || FsyncPath(fan, true));
  ok = ok && (!new_fan || FsyncPath(root_, true));
  if (!ok) {
    std::filesystem::remove(tmp, ec);
    return StorageError();
  }
  return BlobInfo{sha256, size};
}

Result<BlobInfo> FileBlobStore::Put(std::string_view bytes) {
  auto tmp = root_ / "tmp" / crypto::RandomHex(16);
  {
    std::ofstream out(tmp, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      return StorageError();
    }
  }
  return Commit(tmp, crypto::Sha256Hex(bytes), bytes.size());
}

Result<BlobInfo> FileBlobStore::PutFile(const std::filesystem::path& path) {
  crypto::Sha256 hash;
  std::uint64_t size = 0;
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return Error::NotFound("tệp", path.filename().string());
    }
    char buf[64 * 1024];
    while (in.read(buf, sizeof buf) || in.gcount() > 0) {
      hash.Update(std::string_view(buf, static_cast<std::size_t>(in.gcount())));
      size += static_cast<std::uint64_t>(in.gcount());
    }
  }
  auto tmp = root_ / "tmp" / crypto::RandomHex(16);
  std::error_code ec;
  std::filesystem::rename(path, tmp, ec);
  if (ec) {  // another filesystem: copy instead
    std::filesystem::copy_file(path, tmp, ec);
    if (ec) {
      return StorageError();
    }
    std::filesystem::remove(path, ec);
  }
  return Commit(tmp, hash.FinishHex(), size);
}

Result<std::string> FileBlobStore::Get(const std::string& sha256) const {
  if (!IsKey(sha256)) {  // untrusted key: never let it become a path
    return Error::InvalidField("sha256", "format", "Mã băm tệp không hợp lệ.");
  }
  std::ifstream in(PathOf(sha256), std::ios::binary);
  if (!in) {
    return Error::NotFound("tệp", sha256);
  }
  return std::string(std::istreambuf_iterator<char>(in), {});
}

bool FileBlobStore::Exists(const std::string& sha256) const {
  return IsKey(sha256) && std::filesystem::exists(PathOf(sha256));
}

}  // namespace cqdt::blob
