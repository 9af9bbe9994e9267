// `cqdt procedure import FILE [--dry-run] [--effective-from DATE] [--json]` and
// `cqdt procedure export [FILE]` (issue 12, item 1): the procedure catalogue from and to the file
// shape of the API (api/catalogue_file.hpp), or an Excel workbook
// (onestop/catalogue_workbook.hpp: a FILE ending in .xlsx on export, a ZIP by content on
// import). The import is all or nothing with a per-row report (exit 1 when a row was refused,
// nothing written); running it twice changes nothing.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "api/catalogue_file.hpp"
#include "cli.hpp"
#include "commands.hpp"
#include "onestop/catalogue_workbook.hpp"
#include "services.hpp"
#include "signing_cli.hpp"

namespace cqdt::app {

namespace {

struct ProcedureArgs {
  std::string file;
  std::string out;
  std::string effective_from;
  bool dry_run = false;
  bool json = false;
};

identity::Principal OperatorPrincipal(const audit::Actor& actor) {
  identity::Principal p;
  p.realm = identity::Realm::kStaff;
  p.username = actor.name;
  p.roles = {identity::Role::kAdmin};
  return p;
}

void PrintReport(const onestop::ImportReport& r) {
  for (const auto& row : r.rows) {
    if (row.outcome) {
      std::printf("%5d  %-12s %-12s %s\n", row.row, row.code.c_str(),
                  onestop::PublishOutcomeName(*row.outcome), row.name.c_str());
    }
    for (const auto& e : row.errors) {
      std::printf("%5d  %-12s lỗi / error  %s: %s\n", row.row, row.code.c_str(), e.field.c_str(),
                  e.message.c_str());
    }
  }
  std::printf(
      "%s: %d thêm mới / created, %d phiên bản mới / new versions, %d thay / replaced, "
      "%d không đổi / unchanged, %d lỗi / with errors\n",
      r.dry_run ? "Chạy thử / dry run" : "Nhập / import", r.created, r.new_versions, r.replaced,
      r.unchanged, r.failed);
  if (r.failed > 0) {
    std::printf("Không ghi gì vì có thủ tục lỗi / nothing was written: some rows have errors\n");
  }
}

}  // namespace

CommandRunner AddProcedureCommands(CLI::App& app) {
  auto a = std::make_shared<ProcedureArgs>();
  auto* procedure = app.add_subcommand(
      "procedure", "Danh mục thủ tục hành chính / the administrative procedure catalogue");
  procedure->require_subcommand(1);
  procedure->fallthrough();  // --config, --db, --data-dir after the subcommand (inherited)
  auto* import = procedure->add_subcommand(
      "import",
      "Nhập danh mục từ tệp JSON hoặc Excel, tất cả hoặc không / import a catalogue file");
  import->add_option("file", a->file, "Tệp JSON hoặc .xlsx / JSON or .xlsx file")->required();
  import->add_flag("--dry-run", a->dry_run, "Chỉ kiểm tra, không ghi / check only, write nothing");
  import->add_option(
      "--effective-from", a->effective_from,
      "Ngày hiệu lực YYYY-MM-DD (mặc định hôm nay) / effective date (default today)");
  import->add_flag("--json", a->json, "In báo cáo JSON / print the report as JSON");
  auto* export_cmd = procedure->add_subcommand(
      "export", "Xuất danh mục (phiên bản mới nhất) ra JSON / export the catalogue as JSON");
  export_cmd->add_option("file", a->out,
                         "Tệp ghi ra, .json hoặc .xlsx (mặc định JSON ra stdout) / output file, "
                         ".json or .xlsx (default: JSON on stdout)");

  return [=](const Config& config) -> std::optional<int> {
    if (!import->parsed() && !export_cmd->parsed()) {
      return std::nullopt;
    }
    std::vector<onestop::ImportItem> items;
    if (import->parsed()) {
      // Untrusted input: read and checked before the database is opened.
      auto bytes = ReadWholeFile(a->file);
      if (!bytes) {
        return Usage("Không đọc được " + a->file, "cannot read the file");
      }
      auto read = bytes->starts_with("PK") ? onestop::ReadCatalogueWorkbook(*bytes)
                                           : api::ReadCatalogue(*bytes);
      if (!read) {
        Report(read.error(), kExitUsage);
        return Usage("Tệp danh mục không đọc được", "the catalogue file cannot be read");
      }
      items = std::move(*read);
    }
    auto opened = Services::Open(config);
    if (!opened) {
      return ExitFor(opened.error());
    }
    auto& s = **opened;
    if (export_cmd->parsed()) {
      auto tx = s.db->BeginRead();
      auto latest = s.catalogue->Latest(tx);
      if (!latest) {
        return ExitFor(latest.error());
      }
      std::string text;
      if (a->out.ends_with(".xlsx")) {
        auto book =
            onestop::WriteCatalogueWorkbook(std::filesystem::temp_directory_path(), *latest);
        if (!book) {
          return ExitFor(book.error());
        }
        text = std::move(*book);
      } else {
        text = api::WriteCatalogue(*latest);
      }
      if (a->out.empty()) {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return 0;
      }
      std::ofstream out(a->out, std::ios::binary | std::ios::trunc);
      out << text;
      if (!out.flush()) {
        return Usage("Không ghi được " + a->out, "cannot write the file");
      }
      std::fprintf(stderr, "Đã xuất %zu thủ tục / exported %zu procedures\n", latest->size(),
                   latest->size());
      return 0;
    }
    const audit::Actor actor = CommandLineActor();
    auto tx = s.db->Begin();
    auto report = s.catalogue->Import(tx, OperatorPrincipal(actor), actor, std::move(items),
                                      a->effective_from, a->dry_run);
    if (!report) {
      return ExitFor(report.error());
    }
    if (report->applied) {
      if (auto st = tx.Commit(); !st) {
        return ExitFor(st.error());
      }
    }
    if (a->json) {
      std::fputs(api::ImportReportText(*report).c_str(), stdout);
    } else {
      PrintReport(*report);
    }
    return report->failed > 0 ? kExitFailure : 0;
  };
}

}  // namespace cqdt::app
