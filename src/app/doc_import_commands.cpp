// `cqdt doc import DIR|FILE.zip|FILE.csv|FILE.json [--dry-run] [--as USER] [--json]
// [--batch-size N]` (issue 11, item 6): the import of past documents from the operator's
// machine, with the rules of documents::ImportService (checked first, all or nothing, twice is
// harmless, numbers kept as issued). A progress bar on a terminal (stderr), a line per tenth
// otherwise; the per-row report on stdout (a table, or JSON). Exit 2 with one "Vietnamese /
// English" line for input that cannot be read; exit 1 when rows were refused.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "api/api.hpp"
#include "cli.hpp"
#include "commands.hpp"
#include "documents/import_service.hpp"
#include "documents/work_record_service.hpp"
#include "services.hpp"
#include "signing_cli.hpp"

namespace cqdt::app {

namespace {

struct ImportArgs {
  std::string path;
  std::string as;
  int batch_size = 500;
  bool dry_run = false;
  bool json = false;
};

// The bar drawn on a terminal, or a plain line each time a phase passes a tenth.
class ProgressBar {
 public:
  ProgressBar() : tty_(isatty(fileno(stderr)) != 0) {}

  void Show(const std::string& phase, int done, int total) {
    const int percent = total > 0 ? 100 * done / total : 100;
    const char* label = phase == "validate" ? "Kiểm tra / checking" : "Ghi / writing";
    if (tty_) {
      const int filled = percent * 30 / 100;
      std::fprintf(stderr, "\r%-22s [%s%s] %3d%% (%d/%d)", label, std::string(filled, '#').c_str(),
                   std::string(30 - filled, '.').c_str(), percent, done, total);
      if (done == total) {
        std::fprintf(stderr, "\n");
      }
      return;
    }
    if (phase != phase_ || percent / 10 != tenth_ || done == total) {
      if (phase != phase_ || percent / 10 != tenth_) {
        std::fprintf(stderr, "%s: %d%% (%d/%d)\n", label, percent, done, total);
      }
      phase_ = phase;
      tenth_ = percent / 10;
    }
  }

 private:
  bool tty_;
  std::string phase_;
  int tenth_ = -1;
};

nlohmann::json ReportJson(const documents::ImportReport& r) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& row : r.rows) {
    rows.push_back({{"row", row.row},
                    {"status", documents::ImportRowStatusName(row.status)},
                    {"numberText", row.number_text},
                    {"documentId", row.document_id.IsSet() ? nlohmann::json(row.document_id.value())
                                                           : nlohmann::json()}});
  }
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : r.problems) {
    problems.push_back({{"row", p.row}, {"field", p.field}, {"message", p.message}});
  }
  return {{"dryRun", r.dry_run},  {"total", r.total},     {"imported", r.imported},
          {"skipped", r.skipped}, {"invalid", r.invalid}, {"refused", r.refused},
          {"rows", rows},         {"problems", problems}};
}

void PrintReport(const documents::ImportReport& r) {
  for (const auto& row : r.rows) {
    std::printf("%6d  %-18s %-22s %s\n", row.row, documents::ImportRowStatusName(row.status),
                row.number_text.c_str(), documents::ImportRowStatusLabel(row.status));
  }
  for (const auto& p : r.problems) {
    std::printf("dòng / row %d, %s: %s\n", p.row, p.field.c_str(), p.message.c_str());
  }
  std::printf("%s: %d dòng / rows, %d %s, %d bỏ qua / skipped, %d lỗi / with problems\n",
              r.dry_run ? "Chạy thử / dry run" : "Nhập / import", r.total, r.imported,
              r.dry_run ? "sẽ nhập / would be imported" : "đã nhập / imported", r.skipped,
              r.invalid);
  if (r.refused) {
    std::printf("Không ghi gì vì có dòng lỗi / nothing was written: some rows have problems\n");
  }
}

}  // namespace

CommandRunner AddImportDocCommands(CLI::App* doc) {
  auto a = std::make_shared<ImportArgs>();
  auto* import = doc->add_subcommand(
      "import", "Nhập văn bản cũ từ thư mục, ZIP, CSV hoặc JSON / import past documents");
  import->add_option("path", a->path, "Thư mục hoặc tệp / directory or file")->required();
  import->add_flag("--dry-run", a->dry_run, "Chỉ kiểm tra, không ghi / check only, write nothing");
  import->add_option("--as", a->as, "Tài khoản quản trị thực hiện / the admin account acting");
  import->add_option("--batch-size", a->batch_size, "Số dòng mỗi giao dịch / rows per transaction")
      ->check(CLI::Range(1, 10000));
  import->add_flag("--json", a->json, "In JSON / print JSON");

  return [=](const Config& config) -> std::optional<int> {
    if (!import->parsed()) {
      return std::nullopt;
    }
    // Untrusted input: the package is read and its shape checked before anything is opened.
    std::error_code ec;
    Result<api::DocumentImportPackage> package = Error::Internal();
    if (std::filesystem::is_directory(a->path, ec)) {
      package = api::ReadDocumentImportDirectory(a->path);
    } else {
      auto bytes = ReadWholeFile(a->path);
      if (!bytes) {
        return Usage("Không đọc được " + a->path, "cannot read the file");
      }
      package = api::ReadDocumentImport(std::move(*bytes),
                                        std::filesystem::path(a->path).filename().string());
    }
    if (!package) {
      Report(package.error(), kExitUsage);
      return Usage("Gói nhập không đọc được", "the import package cannot be read");
    }
    auto opened = Services::Open(config);
    if (!opened) {
      return ExitFor(opened.error());
    }
    auto& s = **opened;
    audit::Actor actor = CommandLineActor();
    identity::Principal principal;
    principal.realm = identity::Realm::kStaff;
    principal.username = actor.name;
    principal.roles = {identity::Role::kAdmin};
    if (!a->as.empty()) {
      auto tx = s.db->BeginRead();
      auto user = s.identity->GetUserByUsername(tx, a->as);
      if (!user || user->disabled || !user->roles.count(identity::Role::kAdmin)) {
        return Usage("Không có tài khoản quản trị " + a->as + " đang hoạt động",
                     "no active admin account has this username");
      }
      principal = identity::StaffPrincipalOf(*user);
      actor = {user->id, user->username, user->agency_id, "local", "cli"};
    }
    documents::WorkRecordService records(*s.audit, *s.agencies, *s.identity, *s.document_files,
                                         s.clock);
    documents::ImportService imports(*s.audit, *s.agencies, *s.registers, *s.document_files,
                                     records, s.clock);
    ProgressBar bar;
    auto report = imports.Run(
        *s.db, actor, principal, package->rows, package->files.get(),
        {.dry_run = a->dry_run,
         .batch_size = a->batch_size,
         .confidential_files = config.confidential_files},
        [&bar](const std::string& phase, int done, int total) { bar.Show(phase, done, total); });
    if (!report) {
      return ExitFor(report.error());
    }
    if (a->json) {
      PrintJson(ReportJson(*report), 2);
    } else {
      PrintReport(*report);
    }
    return report->refused ? kExitFailure : 0;
  };
}

}  // namespace cqdt::app
