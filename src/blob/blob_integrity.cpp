// Blob keys, the check of stored bytes against their key, and the errors of damaged blobs and
// of a full disk (blob_store.hpp).
#include <mutex>
#include <string>
#include <unordered_set>

#include <spdlog/spdlog.h>

#include "blob/blob_store.hpp"
#include "crypto/crypto.hpp"

namespace cqdt::blob {
namespace {

constexpr std::string_view kCorruptPrefix = "Tệp ";
constexpr std::string_view kCorruptSuffix = " bị hỏng, không đọc được.";

// Logs a damaged blob once per key and process: a page that lists the file would otherwise log
// it at every request.
void LogCorruptOnce(const std::string& sha256, std::string_view actual) {
  static std::mutex mu;
  static std::unordered_set<std::string> logged;
  {
    std::lock_guard lock(mu);
    if (!logged.insert(sha256).second) {
      return;
    }
  }
  spdlog::error(
      "tệp lưu trữ bị hỏng: nội dung không khớp mã băm {} (mã băm thực {}) / damaged blob: its "
      "bytes do not match the key {} (actual SHA-256 {})",
      sha256, actual, sha256, actual);
}

}  // namespace

bool IsBlobKey(std::string_view key) {
  if (key.size() != 64) {
    return false;
  }
  for (char c : key) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

Error CorruptBlob(std::string_view file_name) {
  std::string message(kCorruptPrefix);
  message += file_name;
  message += kCorruptSuffix;
  return Error(ErrorCode::kInternal, std::move(message));
}

bool IsCorrupt(const Error& error) {
  return error.code() == ErrorCode::kInternal && error.message().starts_with(kCorruptPrefix) &&
         error.message().ends_with(kCorruptSuffix);
}

Result<std::string> NameCorruptFile(Result<std::string> got, std::string_view file_name) {
  if (!got && IsCorrupt(got.error())) {
    return CorruptBlob("\"" + std::string(file_name) + "\"");
  }
  return got;
}

Error StorageFull() {
  return Error::Unavailable(
      "Máy chủ đã hết dung lượng lưu trữ nên chưa lưu được tệp. Vui lòng báo quản trị viên.");
}

Status CheckBlobBytes(const std::string& sha256, std::string_view bytes) {
  if (!IsBlobKey(sha256)) {
    return Error::InvalidField("sha256", "format", "Mã băm tệp không hợp lệ.");
  }
  const std::string actual = crypto::Sha256Hex(bytes);
  if (actual != sha256) {
    LogCorruptOnce(sha256, actual);
    return CorruptBlob("có mã băm " + sha256.substr(0, 12));
  }
  return Ok();
}

}  // namespace cqdt::blob
