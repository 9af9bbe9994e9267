// DOCX drafts: the content check (libzip) and the conversion by LibreOffice (decision 0009).
#include "documents/docx.hpp"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <zip.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>

namespace cqdt::documents {
namespace {

namespace fs = std::filesystem;

Error NotDocx() {
  return Error::InvalidField("file", "type",
                             "Tệp dự thảo phải là tệp PDF hoặc tệp Word (DOCX) hợp lệ.");
}

Error TooBig() {
  return Error::TooLarge("Tệp Word (DOCX) giải nén ra quá lớn; hệ thống không xử lý tệp này.");
}

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

// A bound on the LibreOffice process trees running at once.
class Slots {
 public:
  bool TryAcquire(int max) {
    std::lock_guard lock(mu_);
    if (used_ >= max) {
      return false;
    }
    ++used_;
    return true;
  }
  void Release() {
    std::lock_guard lock(mu_);
    --used_;
  }

 private:
  std::mutex mu_;
  int used_ = 0;
};

Slots& ConversionSlots() {
  static Slots slots;
  return slots;
}

// A private temporary directory, removed with everything in it.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string templ = (fs::temp_directory_path() / "cqdt-docx-XXXXXX").string();
    if (mkdtemp(templ.data()) != nullptr) {
      path = templ;
    }
  }
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) {
      fs::remove_all(path, ec);
    }
  }
};

bool WriteAll(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

}  // namespace

Status CheckDocx(const std::string& bytes, const DocxLimits& limits) {
  // Untrusted upload. A ZIP starts with a local file header; anything else is not a DOCX.
  if (bytes.size() < 22 || bytes.compare(0, 4, "PK\x03\x04") != 0) {
    return NotDocx();
  }
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return NotDocx();
  }
  std::unique_ptr<zip_t, ZipCloser> archive(zip_open_from_source(source, ZIP_RDONLY, &error));
  zip_error_fini(&error);
  if (!archive) {
    zip_source_free(source);
    return NotDocx();
  }
  const zip_int64_t entries = zip_get_num_entries(archive.get(), 0);
  if (entries <= 0) {
    return NotDocx();
  }
  if (static_cast<std::size_t>(entries) > limits.max_entries) {
    return TooBig();
  }
  bool has_document = false;
  std::size_t total = 0;
  std::vector<char> buffer(64 * 1024);
  for (zip_int64_t i = 0; i < entries; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(archive.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0) {
      return NotDocx();
    }
    if ((st.valid & ZIP_STAT_NAME) && std::string_view(st.name) == "word/document.xml") {
      has_document = true;
    }
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
      return Error::InvalidField("file", "encrypted",
                                 "Tệp Word (DOCX) được đặt mật khẩu; hãy gửi bản không mật khẩu.");
    }
    const std::size_t compressed =
        (st.valid & ZIP_STAT_COMP_SIZE) ? static_cast<std::size_t>(st.comp_size) : 0;
    // Bounded decompression: the bytes are inflated and counted here, whatever sizes the
    // archive declares (a ZIP bomb declares small ones).
    std::unique_ptr<zip_file_t, ZipFileCloser> file(
        zip_fopen_index(archive.get(), static_cast<zip_uint64_t>(i), 0));
    if (!file) {
      return NotDocx();
    }
    std::size_t inflated = 0;
    while (true) {
      const zip_int64_t n = zip_fread(file.get(), buffer.data(), buffer.size());
      if (n < 0) {
        return NotDocx();
      }
      if (n == 0) {
        break;
      }
      inflated += static_cast<std::size_t>(n);
      total += static_cast<std::size_t>(n);
      if (total > limits.max_uncompressed_bytes ||
          (inflated > 1024 * 1024 &&
           inflated / std::max<std::size_t>(compressed, 1) > limits.max_ratio)) {
        return TooBig();
      }
    }
  }
  if (!has_document) {
    return NotDocx();
  }
  return Ok();
}

SofficeConverter::SofficeConverter(SofficeOptions options) : options_(std::move(options)) {}

bool SofficeConverter::Available(const std::string& program) {
  if (program.find('/') != std::string::npos) {
    return access(program.c_str(), X_OK) == 0;
  }
  const char* path = getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (!dir.empty() && access((fs::path(dir) / program).c_str(), X_OK) == 0) {
      return true;
    }
  }
  return false;
}

Result<std::string> SofficeConverter::ToPdf(const std::string& docx) const {
  if (!Available(options_.program)) {
    return Error::Unavailable(
        "Máy chủ chưa cài LibreOffice nên chưa chuyển được tệp Word sang PDF.");
  }
  if (!ConversionSlots().TryAcquire(options_.max_concurrent)) {
    return Error::Unavailable(
        "Máy chủ đang chuyển đổi nhiều tệp Word; vui lòng thử lại sau ít phút.");
  }
  struct Release {
    ~Release() { ConversionSlots().Release(); }
  } release;
  TempDir dir;
  if (dir.path.empty() || !WriteAll(dir.path / "du-thao.docx", docx)) {
    return Error::Unavailable("Không tạo được tệp tạm để chuyển đổi tệp Word.");
  }
  const std::string profile = "-env:UserInstallation=file://" + (dir.path / "profile").string();
  const std::string outdir = dir.path.string();
  const std::string input = (dir.path / "du-thao.docx").string();
  std::vector<std::string> args = {options_.program, profile,        "--headless", "--norestore",
                                   "--nolockcheck",  "--convert-to", "pdf",        "--outdir",
                                   outdir,           input};
  std::vector<char*> argv;
  for (auto& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  // The environment is made before fork: the child of a threaded process may only call
  // async-signal-safe functions until exec.
  std::vector<std::string> env_strings = {"HOME=" + outdir};
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    if (std::string_view(*e).substr(0, 5) != "HOME=") {
      env_strings.emplace_back(*e);
    }
  }
  std::vector<char*> envp;
  for (auto& e : env_strings) {
    envp.push_back(e.data());
  }
  envp.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) {
    return Error::Unavailable("Không chạy được LibreOffice để chuyển đổi tệp Word.");
  }
  if (pid == 0) {
    // Child: a process group of its own (killed as a whole on timeout), a CPU limit, no
    // terminal input, output discarded, HOME in the private directory.
    setpgid(0, 0);
    rlimit cpu{static_cast<rlim_t>(options_.cpu_seconds),
               static_cast<rlim_t>(options_.cpu_seconds)};
    setrlimit(RLIMIT_CPU, &cpu);
    const int devnull = open("/dev/null", O_RDWR);
    if (devnull >= 0) {
      dup2(devnull, 0);
      dup2(devnull, 1);
      dup2(devnull, 2);
    }
    execvpe(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  setpgid(pid, pid);
  const auto deadline = std::chrono::steady_clock::now() + options_.timeout;
  int status = 0;
  while (true) {
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid || (r < 0 && errno != EINTR)) {
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
      return Error::InvalidField("file", "conversion",
                                 "Không chuyển được tệp Word sang PDF trong thời gian cho phép.");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  // Whatever LibreOffice left running in its group goes with it.
  kill(-pid, SIGKILL);
  const fs::path pdf = dir.path / "du-thao.pdf";
  std::error_code ec;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !fs::exists(pdf, ec)) {
    return Error::InvalidField("file", "conversion",
                               "Không chuyển được tệp Word sang PDF: tệp có thể bị hỏng.");
  }
  std::ifstream in(pdf, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace cqdt::documents
