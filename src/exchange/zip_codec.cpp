// Single-file ZIP payloads (zip_codec.hpp) over libzip.
#include "zip_codec.hpp"

#include <zip.h>

#include <memory>
#include <string>
#include <vector>

namespace cqdt::exchange::internal {
namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};
struct SourceFree {
  void operator()(zip_source_t* s) const { zip_source_free(s); }
};

Error NotZip() { return Error::Malformed("Tệp đính kèm nén (ZIP) bị hỏng hoặc không đọc được."); }

}  // namespace

bool IsZipContainerFormat(std::string_view ext) {
  return ext == "docx" || ext == "xlsx" || ext == "pptx" || ext == "odt" || ext == "ods" ||
         ext == "odp" || ext == "odg";
}

bool LooksLikeZip(std::string_view bytes) {
  return bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4);
}

Result<UnzippedFile> UnzipSingle(std::string_view zip, std::uint64_t max_bytes) {
  if (!LooksLikeZip(zip)) {
    return NotZip();
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(zip.data(), zip.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return NotZip();
  }
  std::unique_ptr<zip_t, ZipCloser> archive(zip_open_from_source(source, ZIP_RDONLY, &error));
  zip_error_fini(&error);
  if (!archive) {
    zip_source_free(source);
    return NotZip();
  }
  const zip_int64_t entries = zip_get_num_entries(archive.get(), 0);
  if (entries < 0) {
    return NotZip();
  }
  zip_int64_t file_index = -1;
  std::string name;
  for (zip_int64_t i = 0; i < entries; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0) {
      return NotZip();
    }
    std::string entry = (st.valid & ZIP_STAT_NAME) ? st.name : "";
    if (!entry.empty() && entry.back() == '/') {
      continue;  // a directory
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
      return Error::Malformed("Tệp đính kèm nén (ZIP) được đặt mật khẩu.");
    }
    if (file_index >= 0) {
      return Error::InvalidField(
          "attachment", "entries",
          "Tệp đính kèm nén (ZIP) chứa nhiều tệp trong khi tên tệp không phải .zip: không xác "
          "định được tệp văn bản.");
    }
    file_index = i;
    name = std::move(entry);
  }
  if (file_index < 0) {
    return Error::InvalidField("attachment", "entries",
                               "Tệp đính kèm nén (ZIP) không chứa tệp nào.");
  }
  std::unique_ptr<zip_file_t, ZipFileCloser> file(
      zip_fopen_index(archive.get(), static_cast<zip_uint64_t>(file_index), 0));
  if (!file) {
    return NotZip();
  }
  // Bounded decompression: counted as inflated (a ZIP bomb declares small sizes).
  UnzippedFile out;
  out.name = std::move(name);
  std::vector<char> buffer(64 * 1024);
  while (true) {
    const zip_int64_t n = zip_fread(file.get(), buffer.data(), buffer.size());
    if (n < 0) {
      return NotZip();
    }
    if (n == 0) {
      break;
    }
    if (out.bytes.size() + static_cast<std::uint64_t>(n) > max_bytes) {
      return Error::TooLarge("Tệp đính kèm nén (ZIP) giải nén ra quá giới hạn " +
                             std::to_string(max_bytes / (1024 * 1024)) + " MB.");
    }
    out.bytes.append(buffer.data(), static_cast<std::size_t>(n));
  }
  return out;
}

Result<std::string> ZipSingle(std::string_view name, std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  std::unique_ptr<zip_source_t, SourceFree> target(zip_source_buffer_create(nullptr, 0, 0, &error));
  if (!target) {
    zip_error_fini(&error);
    return Error::Internal();
  }
  zip_source_keep(target.get());  // the archive takes a reference; we read the result after
  std::unique_ptr<zip_t, ZipCloser> archive(
      zip_open_from_source(target.get(), ZIP_TRUNCATE, &error));
  zip_error_fini(&error);
  if (!archive) {
    zip_source_free(target.get());
    return Error::Internal();
  }
  zip_source_t* content = zip_source_buffer(archive.get(), bytes.data(), bytes.size(), 0);
  if (content == nullptr) {
    return Error::Internal();
  }
  const std::string entry(name);
  const zip_int64_t index =
      zip_file_add(archive.get(), entry.c_str(), content, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
  if (index < 0) {
    zip_source_free(content);
    return Error::Internal();
  }
  // 2020-01-01 00:00 (any fixed time): the same file zips to the same bytes.
  zip_file_set_mtime(archive.get(), static_cast<zip_uint64_t>(index), 1577836800, 0);
  zip_t* raw = archive.release();
  if (zip_close(raw) != 0) {
    zip_discard(raw);
    return Error::Internal();
  }
  if (zip_source_open(target.get()) != 0) {
    return Error::Internal();
  }
  std::string out;
  std::vector<char> buffer(64 * 1024);
  while (true) {
    const zip_int64_t n = zip_source_read(target.get(), buffer.data(), buffer.size());
    if (n < 0) {
      zip_source_close(target.get());
      return Error::Internal();
    }
    if (n == 0) {
      break;
    }
    out.append(buffer.data(), static_cast<std::size_t>(n));
  }
  zip_source_close(target.get());
  return out;
}

}  // namespace cqdt::exchange::internal
