#include "app/app.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "api/api.hpp"
#include "app/config.hpp"
#include "cli.hpp"
#include "commands.hpp"
#include "core/working_calendar.hpp"
#include "demo_documents.hpp"
#include "extraction_thread.hpp"
#include "org/agency_csv.hpp"
#include "serve.hpp"
#include "services.hpp"
#include "signing/audit_checkpoint.hpp"
#include "signing_cli.hpp"

extern char** environ;

namespace cqdt::app {
namespace {

void SetUpLogging(const Config& c) {
  auto err = spdlog::stderr_logger_mt("cqdt");
  err->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
  spdlog::set_default_logger(err);
  spdlog::set_level(spdlog::level::from_str(c.log_level));
  if (c.access_log) {
    // One JSON object per line on stdout, for log shippers.
    auto access = spdlog::stdout_logger_mt("access");
    access->set_pattern("%v");
    access->set_level(spdlog::level::info);
  }
}

std::map<std::string, std::string> Environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string kv = *e;
    if (kv.rfind("CQDT_", 0) == 0) {
      auto eq = kv.find('=');
      env[kv.substr(0, eq)] = eq == std::string::npos ? "" : kv.substr(eq + 1);
    }
  }
  return env;
}

std::string ReadPassword(const std::string& flag) {
  if (!flag.empty()) {
    return flag;
  }
  if (const char* env = std::getenv("CQDT_PASSWORD"); env != nullptr && *env) {
    return env;
  }
  if (isatty(STDIN_FILENO)) {
    std::fprintf(stderr, "Mật khẩu / Password: ");
  }
  std::string line;
  std::getline(std::cin, line);
  return line;
}

audit::Actor CliActor() {
  const char* user = std::getenv("USER");
  return {UserId(), std::string("cli:") + (user ? user : "unknown"), AgencyId(), "local", "cli"};
}

}  // namespace

int Main(int argc, char** argv) {
  // The text extraction child (extraction_thread.hpp), before any configuration or logging.
  if (argc >= 2 && std::string_view(argv[1]) == "__extract") {
    return RunExtractChild(argc, argv);
  }
  auto started = std::chrono::steady_clock::now();
  CLI::App app{"cqdt — nền tảng chính quyền điện tử / e-government platform"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Hiện trợ giúp mọi lệnh / help for every command");
  std::string config_path, db_flag, data_dir_flag;
  app.add_option("--config", config_path, "Tệp cấu hình TOML / TOML config file (or CQDT_CONFIG)");
  app.add_option("--db", db_flag, "CSDL / database URL: sqlite:///path.db | postgresql://...");
  app.add_option("--data-dir", data_dir_flag, "Thư mục dữ liệu / data directory (default ./data)");

  auto sub = [&app](const char* name, const char* help) {
    auto* c = app.add_subcommand(name, help);
    c->fallthrough();
    return c;
  };
  std::string listen_flag, web_root_flag;
  auto* serve = sub("serve", "Chạy máy chủ HTTP / run the HTTP server");
  serve->add_option("--listen", listen_flag, "máy:cổng / host:port (default 127.0.0.1:8080)");
  serve->add_option("--web-root", web_root_flag, "Thư mục giao diện web / built SPA (web/dist)");
  auto* migrate = sub("migrate", "Cập nhật lược đồ CSDL / apply database migrations");
  auto* demo = sub("demo", "Nạp dữ liệu mẫu tỉnh An Giang / load the demo province");
  bool demo_no_pki = false;
  bool demo_no_documents = false;
  demo->add_flag("--no-pki", demo_no_pki, "Không tạo PKI mẫu / skip the demo PKI (keys, CAs)");
  demo->add_flag("--no-documents", demo_no_documents,
                 "Không nạp văn bản mẫu / skip the demo month of documents");
  auto* version = sub("version", "In phiên bản / print the version");

  auto* user = sub("user", "Quản lý tài khoản / manage staff accounts");
  user->require_subcommand(1);
  std::string u_username, u_full_name, u_email, u_agency, u_roles, u_password, u_phone, u_position;
  auto* user_add = user->add_subcommand("add", "Tạo tài khoản / add a staff account");
  user_add->fallthrough();
  user_add->add_option("--username", u_username, "Tên đăng nhập / username")->required();
  user_add->add_option("--full-name", u_full_name, "Họ và tên / full name")->required();
  user_add->add_option("--email", u_email, "Thư điện tử / e-mail")->required();
  user_add->add_option("--agency-code", u_agency, "Mã định danh cơ quan / agency code")->required();
  user_add->add_option("--roles", u_roles, "admin,clerk,officer,leader,counter_officer")
      ->required();
  user_add->add_option("--password", u_password, "Mật khẩu (or CQDT_PASSWORD, or stdin)");
  user_add->add_option("--phone", u_phone, "Số điện thoại / phone");
  user_add->add_option("--position", u_position, "Chức vụ / position");
  auto* user_list = user->add_subcommand("list", "Liệt kê tài khoản / list accounts");
  user_list->fallthrough();
  auto* user_reset = user->add_subcommand("reset-password", "Đặt lại mật khẩu / reset a password");
  user_reset->fallthrough();
  user_reset->add_option("--username", u_username, "Tên đăng nhập / username")->required();
  user_reset->add_option("--password", u_password, "Mật khẩu mới (or CQDT_PASSWORD, or stdin)");
  auto* user_disable =
      user->add_subcommand("disable", "Vô hiệu hóa tài khoản / disable an account");
  user_disable->fallthrough();
  user_disable->add_option("--username", u_username, "Tên đăng nhập / username")->required();

  auto* agency = sub("agency", "Danh bạ cơ quan / agency directory");
  agency->require_subcommand(1);
  std::string a_file, a_format, a_output, a_as_of, a_mode = "create";
  bool a_all = false;
  auto* agency_import = agency->add_subcommand("import", "Nhập từ CSV/JSON / import CSV or JSON");
  agency_import->fallthrough();
  agency_import->add_option("file", a_file, "Tệp / file")->required();
  agency_import->add_option("--format", a_format, "csv | json (default: by extension)");
  agency_import
      ->add_option("--mode", a_mode,
                   "create (chỉ thêm mới / new only) | upsert (thêm mới và cập nhật theo mã, ngày "
                   "hiệu lực / create or update by code and start date)")
      ->check(CLI::IsMember({"create", "upsert"}));
  auto* agency_export = agency->add_subcommand("export", "Xuất CSV/JSON / export");
  agency_export->fallthrough();
  agency_export->add_option("--format", a_format, "csv | json (default csv)");
  agency_export->add_option("--output", a_output, "Tệp đích / output file (default stdout)");
  auto* agency_list = agency->add_subcommand("list", "Liệt kê / list");
  agency_list->fallthrough();
  agency_list->add_option("--as-of", a_as_of, "Ngày tra cứu / as-of date YYYY-MM-DD");
  agency_list->add_flag("--all", a_all, "Cả cơ quan đã giải thể / include inactive");

  auto* audit_cmd = sub("audit", "Nhật ký hệ thống / audit trail");
  audit_cmd->require_subcommand(1);
  auto* audit_verify = audit_cmd->add_subcommand("verify", "Kiểm tra chuỗi băm / verify the chain");
  audit_verify->fallthrough();

  std::vector<CommandRunner> runners = {
      AddCalendarCommands(app), AddCodeCommands(app),      AddSigningCommands(app),
      AddPkiCommands(app),      AddAgentCommand(app),      AddNotifyCommands(app),
      AddDocCommands(app),      AddProcedureCommands(app), AddDossierCommands(app),
      AddExchangeCommands(app), AddMailCommands(app),      AddBackupCommands(app),
      AddBlobCommands(app)};

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {  // --help
      return app.exit(e);
    }
    std::fprintf(stderr, "cqdt: lệnh không hợp lệ / invalid command: %s\n", e.what());
    std::fprintf(stderr, "Xem / see: cqdt --help\n");
    return kExitUsage;
  }

  if (version->parsed()) {
    std::printf("cqdt %s\n", CQDT_VERSION);
    return 0;
  }

  Config config;
  auto env = Environment();
  if (config_path.empty() && env.count("CQDT_CONFIG")) {
    config_path = env["CQDT_CONFIG"];
  }
  if (!config_path.empty()) {
    if (auto st = LoadTomlFile(config_path, config); !st) {
      return Report(st.error(), kExitUsage);
    }
  }
  if (auto st = ApplyEnvironment(env, config); !st) {
    return Report(st.error(), kExitUsage);
  }
  if (!db_flag.empty())
    config.db = db_flag;
  if (!data_dir_flag.empty())
    config.data_dir = data_dir_flag;
  if (!listen_flag.empty())
    config.listen = listen_flag;
  if (!web_root_flag.empty())
    config.web_root = web_root_flag;
  if (auto st = CheckConfig(config); !st) {
    return Report(st.error(), kExitUsage);
  }
  if (!serve->parsed()) {
    config.access_log = false;
    if (!env.count("CQDT_LOG_LEVEL")) {
      config.log_level = "warn";
    }
  }
  SetUpLogging(config);

  for (const auto& run : runners) {
    if (auto code = run(config)) {
      return *code;
    }
  }
  if (serve->parsed()) {
    return Serve(config, started);
  }
  auto opened = Services::Open(config);
  if (!opened) {
    return ExitFor(opened.error());
  }
  auto& s = **opened;

  if (migrate->parsed()) {
    std::printf("Lược đồ CSDL đã cập nhật / schema is up to date (%s)\n",
                s.db->engine() == db::Engine::kSqlite ? "SQLite" : "PostgreSQL");
    return 0;
  }
  if (demo->parsed()) {
    if (auto st = LoadDemo(s, true); !st) {
      return Report(st.error());
    }
    if (!demo_no_pki) {
      // Demo signing keys and CAs (issue 4), the same as `cqdt pki demo-ca` without --force.
      auto pki = CreateDemoPki(s, {UserId(), "demo", AgencyId(), "", "demo"},
                               std::filesystem::path(config.data_dir) / "pki", false);
      if (!pki) {
        return Report(pki.error());
      }
      PrintDemoPki(*pki, config);
    }
    if (demo_no_documents) {
      return 0;
    }
    // Opened again so that the key ring holds the keys the demo PKI just wrote.
    auto reopened = Services::Open(config);
    auto calendar = OpenCalendar(config);
    if (!reopened || !calendar) {
      return Report(!reopened ? reopened.error() : calendar.error());
    }
    if (auto st = LoadDemoDocuments(**reopened, **calendar, !demo_no_pki); !st) {
      return Report(st.error());
    }
    return 0;
  }
  if (user_add->parsed()) {
    identity::UserInput in;
    in.username = u_username;
    in.full_name = u_full_name;
    in.email = u_email;
    if (!u_phone.empty())
      in.phone = u_phone;
    if (!u_position.empty())
      in.position = u_position;
    std::vector<std::string> roles;
    std::stringstream ss(u_roles);
    for (std::string r; std::getline(ss, r, ',');) {
      roles.push_back(r);
    }
    in.roles = roles;
    {
      auto tx = s.db->BeginRead();
      auto a = s.agencies->GetByCode(tx, u_agency);
      if (!a) {
        return ExitFor(a.error());
      }
      in.agency_id = a->id;
    }
    in.password = ReadPassword(u_password);
    auto u = s.identity->CreateUser(CliActor(), in);
    if (!u) {
      return ExitFor(u.error());
    }
    std::printf(
        "Đã tạo tài khoản / created %s (id %lld); người dùng đổi mật khẩu khi đăng nhập "
        "lần đầu / the user chooses a new password at the first sign-in\n",
        u->username.c_str(), static_cast<long long>(u->id.value()));
    return 0;
  }
  if (user_list->parsed()) {
    auto tx = s.db->BeginRead();
    for (const auto& u : s.identity->ListUsers(tx, AgencyId(), "")) {
      std::string roles;
      for (auto r : u.roles) {
        roles += (roles.empty() ? "" : ",") + std::string(identity::RoleName(r));
      }
      auto a = s.agencies->Get(tx, u.agency_id);
      std::printf("%-20s %-28s %-22s %-14s %s\n", u.username.c_str(), u.full_name.c_str(),
                  roles.c_str(), a ? a->code.c_str() : "", u.disabled ? "vô hiệu / disabled" : "");
    }
    return 0;
  }
  if (user_reset->parsed() || user_disable->parsed()) {
    UserId id;
    {
      auto tx = s.db->BeginRead();
      auto u = s.identity->GetUserByUsername(tx, u_username);
      if (!u) {
        return ExitFor(u.error());
      }
      id = u->id;
    }
    if (user_reset->parsed()) {
      auto st = s.identity->ResetPassword(CliActor(), id, ReadPassword(u_password));
      if (!st) {
        return ExitFor(st.error());
      }
      std::printf(
          "Đã đặt lại mật khẩu / password reset for %s; người dùng đổi mật khẩu khi đăng "
          "nhập / the user chooses a new one at the next sign-in\n",
          u_username.c_str());
      return 0;
    }
    auto tx = s.db->Begin();
    identity::UserInput patch;
    patch.disabled = true;
    auto u = s.identity->UpdateUser(tx, CliActor(), id, patch);
    if (!u) {
      return ExitFor(u.error());
    }
    if (auto st = tx.Commit(); !st) {
      return Report(st.error());
    }
    std::printf("Đã vô hiệu hóa / disabled %s\n", u_username.c_str());
    return 0;
  }
  if (agency_import->parsed()) {
    auto read = ReadWholeFile(a_file);
    if (!read) {
      return Report(Error::NotFound("tệp / file", a_file), kExitUsage);
    }
    std::string text = std::move(*read);
    std::string format = a_format;
    if (format.empty()) {
      format = a_file.size() > 5 && a_file.substr(a_file.size() - 5) == ".json" ? "json" : "csv";
    }
    Result<std::vector<org::AgencyInput>> rows =
        format == "json" ? api::ParseAgencyImportJson(text) : org::ParseAgencyCsv(text);
    if (!rows) {
      return ExitFor(rows.error());
    }
    auto tx = s.db->Begin();
    auto report = s.agencies->Import(tx, CliActor(), *rows, *org::ParseImportMode(a_mode));
    if (!report.ok) {
      std::fprintf(stderr,
                   "cqdt: có dòng không hợp lệ, chưa nhập dòng nào / invalid rows, "
                   "nothing imported\n");
      for (const auto& r : report.rows) {
        for (const auto& e : r.errors) {
          std::fprintf(stderr, "  dòng / row %d (%s) %s: %s\n", r.row, r.code.c_str(),
                       e.field.c_str(), e.message.c_str());
        }
      }
      return kExitUsage;
    }
    if (auto st = tx.Commit(); !st) {
      return Report(st.error());
    }
    std::printf(
        "Đã nhập / imported %d (thêm mới / created %d, cập nhật / updated %d, không thay "
        "đổi / unchanged %d)\n",
        report.imported, report.created, report.updated, report.unchanged);
    return 0;
  }
  if (agency_export->parsed()) {
    auto tx = s.db->BeginRead();
    auto rows = s.agencies->ExportRows(tx);
    if (!a_format.empty() && a_format != "csv" && a_format != "json") {
      return Report(Error::InvalidField("format", "enum",
                                        "Định dạng phải là csv hoặc json / "
                                        "--format must be csv or json"),
                    kExitUsage);
    }
    std::string out = a_format == "json" ? api::AgencyExportJson(rows) : org::WriteAgencyCsv(rows);
    if (a_output.empty()) {
      std::fwrite(out.data(), 1, out.size(), stdout);
    } else {
      std::ofstream(a_output, std::ios::binary) << out;
    }
    return 0;
  }
  if (agency_list->parsed()) {
    auto tx = s.db->BeginRead();
    auto list = s.agencies->List(tx, {a_as_of, "", a_all});
    if (!list) {
      return ExitFor(list.error());
    }
    for (const auto& a : *list) {
      std::printf("%-14s %-22s %-10s %s\n", a.code.c_str(), org::KindName(a.kind),
                  a.short_name.c_str(), a.name.c_str());
    }
    return 0;
  }
  if (audit_verify->parsed()) {
    auto tx = s.db->BeginRead();
    auto report = s.audit->Verify(tx);
    if (report.ok) {
      std::printf("OK: chuỗi nhật ký toàn vẹn / audit chain intact (%lld bản ghi / entries)\n",
                  static_cast<long long>(report.checked));
      // Signed checkpoints prove that the newest entries were not cut off the end.
      auto trust = s.trust->LoadStore(tx, signing::TrustPurpose::kDocument);
      auto checkpoints = signing::VerifyAuditCheckpoints(
          tx, *s.audit, AuditCheckpointDir(config), trust && !trust->empty() ? &*trust : nullptr);
      for (const auto& problem : checkpoints.problems) {
        std::printf("HỎNG / BROKEN mốc / checkpoint %s\n", problem.c_str());
      }
      if (!checkpoints.ok) {
        return kExitFailure;
      }
      if (checkpoints.latest) {
        std::printf(
            "OK: %d mốc đã ký khớp; mốc mới nhất ở bản ghi %lld (%s) / %d signed "
            "checkpoints match, the newest at entry %lld\n",
            checkpoints.checked, static_cast<long long>(checkpoints.latest->seq),
            checkpoints.latest->at.c_str(), checkpoints.checked,
            static_cast<long long>(checkpoints.latest->seq));
      } else {
        std::printf(
            "Chưa có mốc nhật ký đã ký / no signed checkpoint yet (cqdt audit checkpoint)\n");
      }
      return 0;
    }
    std::printf("HỎNG / BROKEN tại bản ghi / at entry id %lld: %s\n",
                static_cast<long long>(*report.first_broken_id), report.reason.c_str());
    return kExitFailure;
  }
  return kExitUsage;
}

}  // namespace cqdt::app
