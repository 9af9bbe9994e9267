#include "documents/import_package.hpp"

#include <zip.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/csv.hpp"
#include "core/text.hpp"
#include "text/normalize.hpp"

namespace cqdt::documents {
namespace {

namespace fs = std::filesystem;

// i18n: Vietnamese only — the headers below are data (what legacy spreadsheets call the
// columns), matched after folding (no tones, lower case, letters and digits only).
struct Alias {
  const char* field;
  const char* header;
};
constexpr Alias kAliases[] = {
    {"legacyId", "Mã gốc"},
    {"legacyId", "Mã văn bản gốc"},
    {"legacyId", "legacy_id"},
    {"direction", "Chiều"},
    {"direction", "Chiều văn bản"},
    {"direction", "Đến/Đi"},
    {"agencyCode", "Mã cơ quan"},
    {"agencyCode", "Mã định danh cơ quan"},
    {"register", "Sổ"},
    {"register", "Sổ văn bản"},
    {"numberText", "Số ký hiệu"},
    {"numberText", "Số, ký hiệu"},
    {"numberText", "Số và ký hiệu"},
    {"issuedDate", "Ngày ban hành"},
    {"issuedDate", "Ngày văn bản"},
    {"issuedDate", "Ngày tháng văn bản"},
    {"arrivalDate", "Ngày đến"},
    {"arrivalNumber", "Số đến"},
    {"senderName", "Cơ quan ban hành"},
    {"senderName", "Tên cơ quan ban hành"},
    {"senderName", "Cơ quan gửi"},
    {"senderName", "Nơi gửi"},
    {"type", "Loại văn bản"},
    {"type", "Tên loại"},
    {"subject", "Trích yếu"},
    {"subject", "Trích yếu nội dung"},
    {"signerName", "Người ký"},
    {"signerPosition", "Chức vụ người ký"},
    {"signerPosition", "Chức vụ"},
    {"urgency", "Độ khẩn"},
    {"confidentiality", "Độ mật"},
    {"pageCount", "Số trang"},
    {"pageCount", "Số tờ"},
    {"state", "Trạng thái"},
    {"channel", "Hình thức"},
    {"files", "Tệp"},
    {"files", "Tệp đính kèm"},
    {"files", "Tệp tin"},
    {"recordFileCode", "Mã hồ sơ"},
    {"recordFileCode", "Hồ sơ"},
    {"description", "Ghi chú"},
    {"toPlaces", "Nơi nhận"},
    {"dueDate", "Hạn xử lý"},
    {"dueDate", "Hạn giải quyết"},
};
// i18n: end

// Folded, then letters and digits only: "Số, ký hiệu" -> "sokyhieu".
std::string HeaderKey(std::string_view header) {
  auto folded = text::FoldForSearch(Trim(header));
  std::string out;
  for (char c : folded ? *folded : AsciiLower(header)) {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

Error Unsafe(const std::string& path) {
  return Error::InvalidField(
      "files", "unsafe_path",
      "Đường dẫn tệp '" + path + "' không hợp lệ: chỉ dùng đường dẫn tương đối bên trong gói.");
}

Error TooLarge() {
  return Error::TooLarge("Gói nhập quá lớn hoặc nén bất thường (quá giới hạn kích thước).");
}

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

class ZipFiles final : public ImportFiles {
 public:
  ZipFiles(std::string bytes, ImportLimits limits) : bytes_(std::move(bytes)), limits_(limits) {}

  Status Open() {
    // Untrusted upload: a ZIP starts with a local file header.
    if (bytes_.size() < 22 || bytes_.compare(0, 4, "PK\x03\x04") != 0) {
      return NotZip();
    }
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes_.data(), bytes_.size(), 0, &error);
    if (source == nullptr) {
      zip_error_fini(&error);
      return NotZip();
    }
    archive_.reset(zip_open_from_source(source, ZIP_RDONLY, &error));
    zip_error_fini(&error);
    if (!archive_) {
      zip_source_free(source);
      return NotZip();
    }
    const zip_int64_t entries = zip_get_num_entries(archive_.get(), 0);
    if (entries < 0) {
      return NotZip();
    }
    if (static_cast<std::size_t>(entries) > limits_.max_entries) {
      return TooLarge();
    }
    for (zip_int64_t i = 0; i < entries; ++i) {
      zip_stat_t st;
      zip_stat_init(&st);
      if (zip_stat_index(archive_.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0 ||
          (st.valid & ZIP_STAT_NAME) == 0) {
        return NotZip();
      }
      std::string name = st.name;
      if (name.ends_with("/")) {
        continue;  // a directory entry
      }
      // Zip slip: an entry named "../x" or "/etc/x" is refused, not skipped, so that a crafted
      // package is noticed.
      if (!IsSafeImportPath(name)) {
        return Unsafe(name);
      }
      index_[name] = static_cast<zip_uint64_t>(i);
    }
    return Ok();
  }

  std::vector<std::string> List() const override {
    std::vector<std::string> out;
    for (const auto& [name, i] : index_) {
      out.push_back(name);
    }
    return out;
  }

  Result<std::string> Read(const std::string& path) override {
    if (!IsSafeImportPath(path)) {
      return Unsafe(path);
    }
    auto it = index_.find(path);
    if (it == index_.end()) {
      return Error::NotFound("tệp", path);
    }
    zip_stat_t st;
    zip_stat_init(&st);
    zip_stat_index(archive_.get(), it->second, 0, &st);
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
      return Error::InvalidField("files", "encrypted",
                                 "Tệp '" + path + "' trong gói được đặt mật khẩu.");
    }
    const std::size_t compressed =
        (st.valid & ZIP_STAT_COMP_SIZE) ? static_cast<std::size_t>(st.comp_size) : 0;
    std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen_index(archive_.get(), it->second, 0));
    if (!file) {
      return Error::Malformed("Tệp '" + path + "' trong gói bị hỏng.");
    }
    // Bounded decompression: counted as inflated, whatever sizes the archive declares.
    std::string out;
    std::vector<char> buffer(64 * 1024);
    while (true) {
      const zip_int64_t n = zip_fread(file.get(), buffer.data(), buffer.size());
      if (n < 0) {
        return Error::Malformed("Tệp '" + path + "' trong gói bị hỏng.");
      }
      if (n == 0) {
        break;
      }
      out.append(buffer.data(), static_cast<std::size_t>(n));
      total_ += static_cast<std::size_t>(n);
      if (out.size() > limits_.max_file_bytes || total_ > limits_.max_total_bytes ||
          (out.size() > 1024 * 1024 &&
           out.size() / std::max<std::size_t>(compressed, 1) > limits_.max_ratio)) {
        return TooLarge();
      }
    }
    return out;
  }

 private:
  static Error NotZip() { return Error::Malformed("Tệp tải lên không phải gói ZIP đọc được."); }

  std::string bytes_;
  ImportLimits limits_;
  std::unique_ptr<zip_t, ZipCloser> archive_;
  std::map<std::string, zip_uint64_t> index_;
  std::size_t total_ = 0;
};

class DirectoryFiles final : public ImportFiles {
 public:
  DirectoryFiles(fs::path root, ImportLimits limits) : root_(std::move(root)), limits_(limits) {}

  std::vector<std::string> List() const override {
    std::vector<std::string> out;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(root_, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec)) {
        out.push_back(fs::relative(it->path(), root_, ec).generic_string());
      }
      if (out.size() > limits_.max_entries) {
        break;
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  Result<std::string> Read(const std::string& path) override {
    if (!IsSafeImportPath(path)) {
      return Unsafe(path);
    }
    std::error_code ec;
    const fs::path full = fs::weakly_canonical(root_ / path, ec);
    if (ec || !fs::is_regular_file(full, ec)) {
      return Error::NotFound("tệp", path);
    }
    // A symbolic link may not lead out of the directory.
    const std::string prefix = root_.generic_string() + "/";
    if (!full.generic_string().starts_with(prefix)) {
      return Unsafe(path);
    }
    const auto size = fs::file_size(full, ec);
    if (ec || size > limits_.max_file_bytes || total_ + size > limits_.max_total_bytes) {
      return TooLarge();
    }
    std::ifstream in(full, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    total_ += size;
    return s.str();
  }

 private:
  fs::path root_;
  ImportLimits limits_;
  std::size_t total_ = 0;
};

}  // namespace

const std::vector<std::string> kImportFields = {
    "legacyId",    "direction",   "agencyCode",     "register",   "numberText",
    "issuedDate",  "arrivalDate", "arrivalNumber",  "senderName", "type",
    "subject",     "signerName",  "signerPosition", "urgency",    "confidentiality",
    "pageCount",   "state",       "channel",        "dueDate",    "toPlaces",
    "description", "files",       "recordFileCode"};

std::string ImportRecord::Get(const std::string& field) const {
  auto it = fields.find(field);
  return it == fields.end() ? std::string() : it->second;
}

std::optional<std::string> CanonicalImportField(std::string_view header) {
  const std::string key = HeaderKey(header);
  if (key.empty()) {
    return std::nullopt;
  }
  for (const auto& f : kImportFields) {
    if (HeaderKey(f) == key) {
      return f;
    }
  }
  for (const auto& a : kAliases) {
    if (HeaderKey(a.header) == key) {
      return std::string(a.field);
    }
  }
  return std::nullopt;
}

Result<std::vector<ImportRecord>> ParseImportCsv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {  // Excel writes a BOM
    text.remove_prefix(3);
  }
  if (!IsValidUtf8(text)) {
    return Error::Malformed("Tệp CSV phải được lưu dạng UTF-8.");
  }
  std::vector<CsvRecord> records;
  if (!ParseCsv(text, records)) {
    return Error::Malformed("Tệp CSV có dấu ngoặc kép chưa đóng.");
  }
  if (records.empty()) {
    return Error::InvalidField("file", "empty", "Tệp nhập không có dòng tiêu đề.");
  }
  std::vector<std::string> columns;
  std::set<std::string> seen;
  for (const auto& header : records.front().fields) {
    auto field = CanonicalImportField(header);
    if (!field) {
      return Error::InvalidField("file", "unknown_column",
                                 "Cột '" + Trim(header) +
                                     "' không phải cột của tệp nhập văn bản (xem "
                                     "docs/import-sample.csv).");
    }
    if (!seen.insert(*field).second) {
      return Error::InvalidField("file", "duplicate_column",
                                 "Cột '" + Trim(header) + "' xuất hiện hai lần.");
    }
    columns.push_back(*field);
  }
  std::vector<ImportRecord> out;
  for (std::size_t i = 1; i < records.size(); ++i) {
    const auto& r = records[i];
    if (r.fields.size() > columns.size()) {
      return Error::Malformed("Dòng " + std::to_string(r.line) + " của tệp CSV có nhiều ô hơn " +
                              "dòng tiêu đề.");
    }
    ImportRecord rec;
    rec.row = r.line;
    for (std::size_t c = 0; c < r.fields.size(); ++c) {
      std::string v = Trim(r.fields[c]);
      if (!v.empty()) {
        rec.fields[columns[c]] = std::move(v);
      }
    }
    if (!rec.fields.empty()) {
      out.push_back(std::move(rec));
    }
  }
  return out;
}

bool IsSafeImportPath(std::string_view path) {
  if (path.empty() || path.size() > 1000 || path.front() == '/' ||
      path.find('\\') != std::string_view::npos || path.find(':') != std::string_view::npos ||
      HasControlChars(path)) {
    return false;
  }
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") {
      return false;
    }
    start = end + 1;
  }
  return true;
}

Result<std::unique_ptr<ImportFiles>> OpenImportZip(std::string bytes, ImportLimits limits) {
  auto zip = std::make_unique<ZipFiles>(std::move(bytes), limits);
  CQDT_RETURN_IF_ERROR(zip->Open());
  return std::unique_ptr<ImportFiles>(std::move(zip));
}

Result<std::unique_ptr<ImportFiles>> OpenImportDirectory(const std::string& dir,
                                                         ImportLimits limits) {
  std::error_code ec;
  fs::path root = fs::canonical(dir, ec);
  if (ec || !fs::is_directory(root, ec)) {
    return Error::NotFound("thư mục", dir);
  }
  return std::unique_ptr<ImportFiles>(std::make_unique<DirectoryFiles>(root, limits));
}

Result<std::string> FindImportIndex(const ImportFiles& files) {
  std::vector<std::string> candidates;
  for (const auto& name : files.List()) {
    if (name.find('/') != std::string::npos) {
      continue;
    }
    for (const char* preferred :
         {"documents.csv", "documents.json", "van-ban.csv", "van-ban.json"}) {
      if (name == preferred) {
        return name;
      }
    }
    const std::string lower = AsciiLower(name);
    if (lower.ends_with(".csv") || lower.ends_with(".json")) {
      candidates.push_back(name);
    }
  }
  if (candidates.size() == 1) {
    return candidates.front();
  }
  return Error::InvalidField(
      "file", "index",
      candidates.empty()
          ? "Gói nhập không có tệp danh sách văn bản (documents.csv hoặc documents.json)."
          : "Gói nhập có nhiều tệp CSV/JSON; hãy đặt tên tệp danh sách là documents.csv.");
}

}  // namespace cqdt::documents
