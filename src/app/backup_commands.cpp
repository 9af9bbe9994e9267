// `cqdt backup DEST`, `cqdt backup verify SRC` and `cqdt restore SRC` (issue 16, decision 0022):
// the operator's side of backup/backup.hpp. Neither opens the instance's services: a backup
// runs beside the serving process, and a restore must find the data directory empty.
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "backup/backup.hpp"
#include "backup/manifest.hpp"
#include "cli.hpp"
#include "commands.hpp"
#include "core/clock.hpp"
#include "services.hpp"
#include "signing/key_ring.hpp"

namespace cqdt::app {
namespace {

namespace fs = std::filesystem;

void PrintLine(const std::string& line) { std::printf("%s\n", line.c_str()); }

// The files the configuration names, wherever they are: WriteBackup keeps those outside the data
// directory under external/ (the ones inside are in it already).
std::vector<fs::path> ConfiguredFiles(const Config& config, const std::string& config_file) {
  std::vector<fs::path> files;
  for (const std::string* f :
       {&config_file, &config.signing_keys_file, &config.mail.secret_key_file,
        &config.mail.dkim_key_file, &config.mail.templates_file, &config.mail.ca_file,
        &config.metrics_token_file, &config.oidc_ca_file, &config.index766_rules_file,
        &config.proactive_rules_file, &config.feedback_settings_file}) {
    if (!f->empty()) {
      files.emplace_back(*f);
    }
  }
  // The key ring's PKCS#12 files, their certificates and images (PKCS#11 keys stay on their
  // token).
  if (auto ring = signing::KeyRing::LoadFile(config.SigningKeysFile())) {
    for (const auto& key : (*ring)->entries()) {
      if (key.source.rfind("pkcs11:", 0) != 0) {
        files.emplace_back(key.source);
        files.emplace_back(key.source + ".pem");
      }
      if (!key.image_path.empty()) {
        files.emplace_back(key.image_path);
      }
    }
  }
  return files;
}

int RunBackup(const Config& config, const std::string& config_file, const std::string& dest) {
  backup::Instance instance{config.data_dir, config.DatabaseUrl(),
                            ConfiguredFiles(config, config_file), config.blobs, config.blob_dir};
  SystemClock clock;
  auto manifest =
      backup::WriteBackup(instance, dest, {CQDT_VERSION, ToIsoVietnam(clock.Now()), PrintLine});
  if (!manifest) {
    // One line. Past the checks of DEST, what was written stays there without a manifest.
    const Error& e = manifest.error();
    if (e.code() == ErrorCode::kInvalidArgument) {
      std::fprintf(stderr, "cqdt: %s\n", e.message().c_str());
      return kExitUsage;
    }
    std::fprintf(stderr,
                 "cqdt: %s (bản dở dang trong %s không có manifest.json / the incomplete backup "
                 "has no manifest.json)\n",
                 e.message().c_str(), dest.c_str());
    return kExitFailure;
  }
  std::uint64_t bytes = 0;
  for (const auto& f : manifest->files) {
    bytes += f.size;
  }
  std::printf(
      "Đã sao lưu / backup complete: %s (%zu tệp / files, %.1f MB, %s); kiểm tra / check: cqdt "
      "backup verify %s\n",
      fs::absolute(dest).lexically_normal().c_str(), manifest->files.size(),
      static_cast<double>(bytes) / 1e6, manifest->created_at.c_str(), dest.c_str());
  return 0;
}

int RunVerify(const std::string& src) {
  auto r = backup::VerifyBackup(src);
  if (!r.manifest_error.empty()) {
    std::fprintf(stderr, "cqdt: %s\n", r.manifest_error.c_str());
    return kExitFailure;
  }
  for (const auto& p : r.missing) {
    std::printf("THIẾU / MISSING %s\n", p.c_str());
  }
  for (const auto& p : r.changed) {
    std::printf("ĐÃ ĐỔI / CHANGED %s\n", p.c_str());
  }
  for (const auto& p : r.extra) {
    std::printf("THỪA / EXTRA %s\n", p.c_str());
  }
  for (const auto& p : r.database) {
    std::printf("CSDL HỎNG / DATABASE BROKEN %s\n", p.c_str());
  }
  if (!r.ok()) {
    std::fprintf(stderr,
                 "cqdt: bản sao lưu không toàn vẹn / the backup is not intact: %zu thiếu / "
                 "missing, %zu đã đổi / changed, %zu thừa / extra, %zu lỗi CSDL / database "
                 "problems\n",
                 r.missing.size(), r.changed.size(), r.extra.size(), r.database.size());
    return kExitFailure;
  }
  std::printf(
      "OK: bản sao lưu toàn vẹn / backup intact: %zu tệp / files khớp mã băm SHA-256 / match "
      "their digests, CSDL / database %s đạt kiểm tra / passes its check; cqdt %s, tạo lúc / "
      "created %s\n",
      r.manifest.files.size(), r.manifest.engine.c_str(), r.manifest.cqdt_version.c_str(),
      r.manifest.created_at.c_str());
  return 0;
}

int RunRestore(const Config& config, const std::string& src) {
  // A backup from a newer cqdt holds tables this binary does not know: refused before anything
  // is written (an older backup is fine: `cqdt serve` migrates it on start).
  std::map<std::string, int> known;
  for (const auto& m : AllMigrations()) {
    known[m.module] = std::max(known[m.module], m.version);
  }
  if (auto text = ReadWholeFile((fs::path(src) / backup::kManifestName).string())) {
    if (auto manifest = backup::ParseManifest(*text)) {
      for (const auto& [module, version] : manifest->schema) {
        if (version > known[module]) {
          return Usage("bản sao lưu từ phiên bản cqdt mới hơn (" + module + " v" +
                           std::to_string(version) + " > v" + std::to_string(known[module]) +
                           "), cần cqdt " + manifest->cqdt_version + " trở lên",
                       "the backup comes from a newer cqdt");
        }
      }
    }
  }
  backup::Instance target{config.data_dir, config.DatabaseUrl(), {}, config.blobs, config.blob_dir};
  auto st = backup::RestoreBackup(src, target, PrintLine);
  if (!st) {
    std::fprintf(stderr, "cqdt: %s\n", st.error().message().c_str());
    const auto code = st.error().code();
    return code == ErrorCode::kFailedPrecondition || code == ErrorCode::kInvalidArgument
               ? kExitUsage
               : kExitFailure;
  }
  std::printf(
      "Đã khôi phục / restored into %s; tiếp theo / next: cqdt audit verify, rồi / then cqdt "
      "serve\n",
      fs::absolute(config.data_dir).lexically_normal().c_str());
  return 0;
}

}  // namespace

CommandRunner AddBackupCommands(CLI::App& app) {
  auto dest = std::make_shared<std::string>();
  auto src = std::make_shared<std::string>();
  auto* backup = app.add_subcommand(
      "backup", "Sao lưu trực tuyến khi máy chủ vẫn chạy / online backup while the server runs");
  backup->fallthrough();
  backup->add_option("dest", *dest,
                     "Thư mục sao lưu, trống hoặc chưa có / backup directory, empty or new");
  auto* verify = backup->add_subcommand("verify", "Kiểm tra bản sao lưu / verify a backup");
  verify->fallthrough();
  verify->add_option("src", *src, "Thư mục sao lưu / backup directory")->required();
  auto* restore = app.add_subcommand(
      "restore", "Khôi phục vào thư mục dữ liệu trống / restore into an empty data directory");
  restore->fallthrough();
  restore->add_option("src", *src, "Thư mục sao lưu / backup directory")->required();
  CLI::Option* config_option = app.get_option_no_throw("--config");

  return [=](const Config& config) -> std::optional<int> {
    if (verify->parsed()) {
      return RunVerify(*src);
    }
    if (restore->parsed()) {
      return RunRestore(config, *src);
    }
    if (!backup->parsed()) {
      return std::nullopt;
    }
    if (dest->empty()) {
      return Usage("thiếu thư mục sao lưu: cqdt backup DEST", "missing DEST: cqdt backup DEST");
    }
    std::string config_file = config_option != nullptr && config_option->count() > 0
                                  ? config_option->as<std::string>()
                                  : "";
    if (const char* env = std::getenv("CQDT_CONFIG"); config_file.empty() && env != nullptr) {
      config_file = env;
    }
    return RunBackup(config, config_file, *dest);
  };
}

}  // namespace cqdt::app
