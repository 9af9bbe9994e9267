#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <vector>

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include "blob/blob_store.hpp"
#include "crypto/crypto.hpp"
#include "spare_inodes.hpp"

namespace cqdt::blob {
namespace {

bool IsKey(const std::string& s) { return IsBlobKey(s); }

bool FsyncPath(const std::filesystem::path& p, bool directory) {
  int fd = ::open(p.c_str(), (directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) {
    return false;
  }
  bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

bool WriteAll(int fd, std::string_view bytes) {
  for (std::size_t done = 0; done < bytes.size();) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// Writes `bytes` to the new, empty file open as `fd` past the page cache (O_DIRECT), from an
// aligned copy, then cuts the padding of the last block: on this machine's virtual disk, copying
// a scan into fresh page-cache pages cost more CPU than all of a receipt's SQL. Where the
// filesystem refuses O_DIRECT (tmpfs), an ordinary write.
bool WriteDirect(int fd, std::string_view bytes) {
  constexpr std::size_t kBlock = 4096;
  const std::size_t padded = (bytes.size() + kBlock - 1) / kBlock * kBlock;
  const int flags = ::fcntl(fd, F_GETFL);
  if (padded == 0 || flags < 0 || ::fcntl(fd, F_SETFL, flags | O_DIRECT) != 0) {
    return WriteAll(fd, bytes);
  }
  struct Aligned {
    char* data = nullptr;
    std::size_t size = 0;
    ~Aligned() { std::free(data); }
  };
  thread_local Aligned buffer;
  if (buffer.size < padded) {
    std::free(buffer.data);
    buffer.data = nullptr;
    buffer.size = 0;
    void* p = nullptr;
    if (::posix_memalign(&p, kBlock, padded) != 0) {
      ::fcntl(fd, F_SETFL, flags);
      return WriteAll(fd, bytes);
    }
    buffer.data = static_cast<char*>(p);
    buffer.size = padded;
  }
  std::memcpy(buffer.data, bytes.data(), bytes.size());
  std::memset(buffer.data + bytes.size(), 0, padded - bytes.size());
  bool ok = true;
  for (std::size_t done = 0; ok && done < padded;) {
    const ssize_t n = ::pwrite(fd, buffer.data + done, padded - done, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0 || static_cast<std::size_t>(n) % kBlock != 0) {
      ok = false;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  if (!ok && ::fcntl(fd, F_SETFL, flags) == 0 && ::ftruncate(fd, 0) == 0) {
    return WriteAll(fd, bytes);  // e.g. EINVAL: the device wants a larger alignment
  }
  return ok && ::ftruncate(fd, static_cast<off_t>(bytes.size())) == 0;
}

// "ab": the fan-out directory of a blob, relative to the root.
std::string FanKey(const std::string& sha256) { return sha256.substr(0, 2); }

// Unnamed inodes PutAsync keeps ready (spare_inodes.hpp): two writes at once take one each.
constexpr std::size_t kSpareInodes = 2;
// PutAsync writes blobs up to this size on the caller's thread.
constexpr std::size_t kInlineBytes = 256 * 1024;

// `err`: the errno of the failed step, when known. A full disk (or quota) says so: the client
// and the administrator learn that space is needed, not that trying again will help.
Error StorageError(int err = 0) {
  if (err == ENOSPC || err == EDQUOT) {
    return StorageFull();
  }
  return Error::Unavailable("Không lưu được tệp. Vui lòng thử lại.");
}

// Refreshes the mtime of the stored blob `dest` (a Put found the same content there): the
// orphan sweeper spares blobs younger than its grace period, and this blob is about to be named
// by the caller's transaction. 0, or the errno (ENOENT: the sweeper took it away meanwhile).
int Touch(const std::filesystem::path& dest) {
  return ::utimensat(AT_FDCWD, dest.c_str(), nullptr, 0) == 0 ? 0 : errno;
}

// Gives the unnamed inode open as `fd` the name `dest`: 0, or the errno of linkat. EEXIST counts
// as done (the same content, stored by another Put) once the existing blob's time is refreshed;
// if the sweeper removed it between the two, this inode is named after all.
int LinkUnnamed(int fd, const std::filesystem::path& dest) {
  char proc[64];
  std::snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (::linkat(AT_FDCWD, proc, AT_FDCWD, dest.c_str(), AT_SYMLINK_FOLLOW) == 0) {
      return 0;
    }
    if (errno != EEXIST) {
      return errno;
    }
    if (const int touched = Touch(dest); touched != ENOENT) {
      return touched;
    }
  }
  return EEXIST;
}

// What an attempt to store through an unnamed temporary file (O_TMPFILE) came to.
enum class Unnamed { kStored, kUnsupported, kFailed };

// Writes `bytes` into an unnamed inode made in `tmp_dir` (the store's own tmp/, on the same
// filesystem: ext4 allocates the inode near that directory, as it did for the named temporaries;
// in a brand-new directory its inode search measured slower), syncs it, and only then gives
// it its name (linkat; the caller then syncs the directory): no temporary name is created,
// renamed or cleaned up. kUnsupported when the filesystem (or a missing /proc) does not allow
// it, or the fan-out directory vanished: the caller then takes the named-temporary path.
// `err` gets the errno of a kFailed.
Unnamed PutUnnamed(const std::filesystem::path& tmp_dir, const std::filesystem::path& dest,
                   std::string_view bytes, int& err) {
#ifdef O_TMPFILE
  int fd = ::open(tmp_dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0) {
    err = errno;
    // EOPNOTSUPP / EISDIR / EINVAL: no O_TMPFILE here.
    return err == EIO || err == ENOSPC || err == EDQUOT ? Unnamed::kFailed : Unnamed::kUnsupported;
  }
  if (!WriteAll(fd, bytes) || ::fsync(fd) != 0) {
    err = errno;
    ::close(fd);  // the unnamed inode and its blocks go with it: nothing half-written is named
    return Unnamed::kFailed;
  }
  const int link_errno = LinkUnnamed(fd, dest);
  ::close(fd);
  if (link_errno != 0) {
    err = link_errno;
    return link_errno == ENOENT || link_errno == EXDEV || link_errno == EPERM
               ? Unnamed::kUnsupported
               : Unnamed::kFailed;
  }
  return Unnamed::kStored;
#else
  (void)tmp_dir;
  (void)dest;
  (void)bytes;
  (void)err;
  return Unnamed::kUnsupported;
#endif
}

}  // namespace

Result<std::unique_ptr<FileBlobStore>> FileBlobStore::Open(std::filesystem::path root) {
  std::error_code ec;
  std::filesystem::create_directories(root / "tmp", ec);
  if (ec) {
    return Error::Unavailable("Không tạo được thư mục lưu tệp: " + root.string());
  }
  // All 256 fan-out directories are made (or found) here, then root is synced once: a write
  // never makes a directory or syncs root, including in a young store, whose first few hundred
  // writes otherwise each paid a mkdir (an inode allocation) and a second directory sync. A
  // directory found may come from a process that stopped before syncing root: the sync covers it.
  std::unique_ptr<FileBlobStore> store(new FileBlobStore(root));
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 256; ++i) {
    const std::string key{kHex[i >> 4], kHex[i & 15]};
    if (::mkdir((root / key).c_str(), 0777) != 0 && errno != EEXIST) {
      return Error::Unavailable("Không tạo được thư mục lưu tệp: " + (root / key).string());
    }
    store->dirs_.insert(key);
  }
  if (!FsyncPath(root, true)) {
    return Error::Unavailable("Không ghi bền được thư mục lưu tệp: " + root.string());
  }
  return store;
}

std::filesystem::path FileBlobStore::PathOf(const std::string& sha256) const {
  return root_ / FanKey(sha256) / sha256;
}

std::filesystem::path FileBlobStore::LegacyPathOf(const std::string& sha256) const {
  return root_ / FanKey(sha256) / sha256.substr(2, 2) / sha256;
}

bool FileBlobStore::EnsureDirectory(const std::string& sha256) {
  {
    std::lock_guard lock(dirs_mu_);
    if (dirs_.count(FanKey(sha256)) != 0) {
      return true;
    }
  }
  const auto fan = root_ / FanKey(sha256);
  return ::mkdir(fan.c_str(), 0777) == 0 || errno == EEXIST;
}

bool FileBlobStore::SyncDirectory(const std::string& sha256) {
  // The blob's name lives in root/ab: always synced. The entry of root/ab lives in root, synced
  // when the store was opened (Open); only a directory made again after it was removed behind
  // the store's back (ForgetDirectory) syncs root here, once, and is remembered again.
  const std::string fan_key = FanKey(sha256);
  if (!FsyncPath(root_ / fan_key, true)) {
    return false;
  }
  {
    std::lock_guard lock(dirs_mu_);
    if (dirs_.count(fan_key) != 0) {
      return true;
    }
  }
  if (!FsyncPath(root_, true)) {
    return false;
  }
  std::lock_guard lock(dirs_mu_);
  dirs_.insert(fan_key);
  return true;
}

void FileBlobStore::ForgetDirectory(const std::string& sha256) {
  std::lock_guard lock(dirs_mu_);
  dirs_.erase(FanKey(sha256));
}

Result<BlobInfo> FileBlobStore::Commit(const std::filesystem::path& tmp, const std::string& sha256,
                                       std::uint64_t size) {
  const auto dest = PathOf(sha256);
  std::error_code ec;
  bool ok = FsyncPath(tmp, false);
  // Twice at most: a directory removed behind the store's back is made again.
  for (int attempt = 0; ok && attempt < 2; ++attempt) {
    if (!EnsureDirectory(sha256)) {
      ok = false;
      break;
    }
    if (::rename(tmp.c_str(), dest.c_str()) == 0) {
      if (!SyncDirectory(sha256)) {
        return StorageError();
      }
      return BlobInfo{sha256, size};
    }
    ok = errno == ENOENT;
    ForgetDirectory(sha256);
  }
  const int err = errno;
  std::filesystem::remove(tmp, ec);
  return StorageError(err);
}

Result<BlobInfo> FileBlobStore::Put(std::string_view bytes) {
  const std::string sha256 = crypto::Sha256Hex(bytes);
  const auto dest = PathOf(sha256);
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!EnsureDirectory(sha256)) {
      return StorageError(errno);
    }
    int err = 0;
    switch (PutUnnamed(root_ / "tmp", dest, bytes, err)) {
      case Unnamed::kStored:
        unnamed_works_.store(true, std::memory_order_relaxed);
        // Even when the entry was there already: a concurrent Put of the same bytes may have
        // named it and not yet synced the directory; syncing a clean directory is cheap.
        if (!SyncDirectory(sha256)) {
          return StorageError();
        }
        return BlobInfo{sha256, bytes.size()};
      case Unnamed::kFailed:
        if ((err == ENOSPC || err == EDQUOT) && Touch(dest) == 0) {
          return BlobInfo{sha256, bytes.size()};  // a full disk, but these bytes are stored
        }
        return StorageError(err);
      case Unnamed::kUnsupported:
        break;
    }
    if (std::filesystem::is_directory(dest.parent_path())) {
      break;  // the filesystem has no O_TMPFILE: a named temporary file
    }
    ForgetDirectory(sha256);  // the directory was removed behind our back: make it again
  }
  if (std::filesystem::exists(dest) && Touch(dest) == 0) {
    return BlobInfo{sha256, bytes.size()};  // stored already: its time refreshed
  }
  auto tmp = root_ / "tmp" / crypto::RandomHex(16);
  {
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    const bool wrote = fd >= 0 && WriteAll(fd, bytes);
    const int err = errno;
    if (fd >= 0) {
      ::close(fd);
    }
    if (!wrote) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      return StorageError(err);
    }
  }
  return Commit(tmp, sha256, bytes.size());
}

Result<PendingBlob> BlobStore::PutAsync(std::string_view bytes,
                                        const std::function<Status()>& check) {
  if (check) {
    CQDT_RETURN_IF_ERROR(check());
  }
  CQDT_ASSIGN_OR_RETURN(BlobInfo info, Put(bytes));
  std::promise<Status> stored;
  stored.set_value(Ok());
  return PendingBlob(std::move(info), stored.get_future().share());
}

FileBlobStore::FileBlobStore(std::filesystem::path root) : root_(std::move(root)) {}

FileBlobStore::~FileBlobStore() {
  std::lock_guard lock(pending_mu_);
  for (auto& [key, done] : pending_) {
    done.wait();
  }
}

Result<PendingBlob> FileBlobStore::PutAsync(std::string_view bytes,
                                            const std::function<Status()>& check) {
#ifdef O_TMPFILE
  if (!unnamed_works_.load(std::memory_order_relaxed)) {
    return BlobStore::PutAsync(bytes, check);
  }
  std::call_once(spares_once_,
                 [this] { spares_ = std::make_unique<SpareInodes>(root_ / "tmp", kSpareInodes); });
  if (bytes.size() <= kInlineBytes) {
    // A small blob (a scanned page) is written on this thread: a thread of its own cost more
    // CPU to start than the hashing it would overlap with the sync (bench/dossier-bench.sh).
    if (check) {
      CQDT_RETURN_IF_ERROR(check());
    }
    std::string sha256 = crypto::Sha256Hex(bytes);
    if (!EnsureDirectory(sha256)) {
      return StorageError(errno);
    }
    const int fd = spares_->Take();
    const bool ok = fd >= 0 && WriteDirect(fd, bytes) && ::fsync(fd) == 0;
    CQDT_RETURN_IF_ERROR(NameSynced(fd, ok, sha256, ok ? 0 : errno));
    std::promise<Status> stored;
    stored.set_value(Ok());
    return PendingBlob(BlobInfo{std::move(sha256), bytes.size()}, stored.get_future().share());
  }
  // The writer thread takes an unnamed inode and copies the bytes into it while this thread
  // checks and hashes them (for 1 MB each takes about half a millisecond); then it syncs the
  // inode and, once told the key, names it and syncs the directory: the same steps as Put's, in
  // the same order (the inode is durable before it has a name, the name before Durable() says
  // Ok). The bytes are the caller's only until PutAsync returns: it waits for the copy, not the
  // sync.
  std::promise<bool> copied;
  std::future<bool> copy = copied.get_future();
  // The errno of a failed copy, set before `copied` (whose future orders the read after it).
  auto write_errno_box = std::make_shared<int>(0);
  std::promise<std::string> key;  // "" when this thread gives up
  std::shared_future<Status> done =
      std::async(std::launch::async,
                 [this, bytes, copied = std::move(copied), named = key.get_future(),
                  write_errno = write_errno_box]() mutable -> Status {
                   const int fd = spares_->Take();
                   const bool wrote = fd >= 0 && WriteAll(fd, bytes);
                   int err = wrote ? 0 : errno;
                   *write_errno = err;
                   copied.set_value(wrote);
                   bool ok = wrote && ::fsync(fd) == 0;
                   if (wrote && !ok) {
                     err = errno;
                   }
                   std::string sha256;
                   try {
                     sha256 = named.get();
                   } catch (const std::future_error&) {  // the caller's thread threw before telling
                   }
                   ok = ok && !sha256.empty();
                   return NameSynced(fd, ok, sha256, err);
                 })
          .share();
  if (check) {
    if (Status checked = check(); !checked) {
      key.set_value(std::string());  // the writer leaves the inode unnamed
      return checked.error();        // `done` waits here for the writer to give up
    }
  }
  std::string sha256 = crypto::Sha256Hex(bytes);
  const bool directory = EnsureDirectory(sha256);
  key.set_value(directory ? sha256 : std::string());
  if (!copy.get() || !directory) {
    return StorageError(*write_errno_box);  // `done` waits here for the writer to give up
  }
  {
    std::lock_guard lock(pending_mu_);
    // Forget the writes that are done (none of them is this thread's: erasing waits for nothing).
    for (auto it = pending_.begin(); it != pending_.end();) {
      if (it->second.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        it = pending_.erase(it);
      } else {
        ++it;
      }
    }
    pending_.emplace(sha256, done);
  }
  return PendingBlob(BlobInfo{std::move(sha256), bytes.size()}, std::move(done));
#else
  return BlobStore::PutAsync(bytes, check);
#endif
}

Status FileBlobStore::NameSynced(int fd, bool synced, const std::string& sha256, int err) {
  if (!synced && (err == ENOSPC || err == EDQUOT) && !sha256.empty() &&
      Touch(PathOf(sha256)) == 0) {
    // A full disk, but the same bytes are stored already (their time refreshed): done.
    if (fd >= 0) {
      ::close(fd);
    }
    return Ok();
  }
  int link_errno = 0;
  if (synced) {
    const auto dest = PathOf(sha256);
    link_errno = LinkUnnamed(fd, dest);
    if (link_errno == ENOENT) {  // the directory was removed behind our back
      ForgetDirectory(sha256);
      link_errno = EnsureDirectory(sha256) ? LinkUnnamed(fd, dest) : ENOENT;
    }
  }
  if (fd >= 0) {
    ::close(fd);
  }
  if (!synced || link_errno != 0 || !SyncDirectory(sha256)) {
    return StorageError(link_errno != 0 ? link_errno : err);
  }
  return Ok();
}

void FileBlobStore::AwaitPending(const std::string& sha256) const {
  std::vector<std::shared_future<Status>> waits;
  {
    std::lock_guard lock(pending_mu_);
    auto [first, last] = pending_.equal_range(sha256);
    for (auto it = first; it != last; ++it) {
      waits.push_back(it->second);
    }
  }
  for (auto& w : waits) {
    w.wait();
  }
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
      std::filesystem::remove(tmp, ec);  // never leave part of a copy behind
      return StorageError(ec.value());
    }
    std::filesystem::remove(path, ec);
  }
  return Commit(tmp, hash.FinishHex(), size);
}

Result<std::string> FileBlobStore::Get(const std::string& sha256) const {
  if (!IsKey(sha256)) {  // untrusted key: never let it become a path
    return Error::InvalidField("sha256", "format", "Mã băm tệp không hợp lệ.");
  }
  AwaitPending(sha256);
  int fd = ::open(PathOf(sha256).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    fd = ::open(LegacyPathOf(sha256).c_str(), O_RDONLY | O_CLOEXEC);
  }
  if (fd < 0) {
    return Error::NotFound("tệp", sha256);
  }
  // Reads of the known size (a stream iterator copies byte by byte). A blob never changes after
  // it is named, so its size is its length.
  struct stat st {};
  std::string out;
  bool ok = ::fstat(fd, &st) == 0;
  if (ok) {
    out.resize(static_cast<std::size_t>(st.st_size));
  }
  std::size_t done = 0;
  while (ok && done < out.size()) {
    ssize_t n = ::read(fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    ok = n >= 0;
    if (n <= 0) {
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (!ok) {
    return Error::Unavailable("Không đọc được tệp. Vui lòng thử lại.");
  }
  out.resize(done);
  CQDT_RETURN_IF_ERROR(CheckBlobBytes(sha256, out));
  return out;
}

bool FileBlobStore::Exists(const std::string& sha256) const {
  if (IsKey(sha256)) {
    AwaitPending(sha256);
  }
  return IsKey(sha256) &&
         (std::filesystem::exists(PathOf(sha256)) || std::filesystem::exists(LegacyPathOf(sha256)));
}

std::optional<std::filesystem::path> BlobStore::LocalFile(const std::string&) const {
  return std::nullopt;
}

std::optional<std::filesystem::path> FileBlobStore::LocalFile(const std::string& sha256) const {
  if (!IsKey(sha256)) {  // untrusted key: never let it become a path
    return std::nullopt;
  }
  AwaitPending(sha256);
  std::error_code ec;
  for (auto path : {PathOf(sha256), LegacyPathOf(sha256)}) {
    if (std::filesystem::is_regular_file(path, ec)) {
      return path;
    }
  }
  return std::nullopt;
}

}  // namespace cqdt::blob
