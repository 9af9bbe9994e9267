// `cqdt doc ...` (issue 10): the operator's view of document management. Today: the registers
// of an agency (or of every agency), made with their four defaults when missing, as
// RegisterService::EnsureDefaults does on the first visit of the web page. Bad input exits 2
// with one line "Vietnamese / English" on stderr.
#include <cstdio>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "commands.hpp"
#include "core/agency_code.hpp"
#include "core/message_catalog.hpp"
#include "documents/register_service.hpp"
#include "services.hpp"
#include "signing_cli.hpp"

namespace cqdt::app {
namespace {

struct DocArgs {
  std::string agency;
  bool json = false;
};

nlohmann::json RegisterJson(const documents::Register& r, const org::Agency& a) {
  nlohmann::json types = nlohmann::json::array();
  for (int t : r.document_types) {
    types.push_back(t);
  }
  return {{"id", r.id.value()},
          {"agencyId", a.id.value()},
          {"agencyCode", a.code},
          {"direction", documents::DirectionName(r.direction)},
          {"kind", documents::RegisterKindName(r.kind)},
          {"name", r.name},
          {"documentTypes", types},
          {"active", r.active},
          {"isDefault", r.is_default}};
}

}  // namespace

CommandRunner AddDocCommands(CLI::App& app) {
  auto args = std::make_shared<DocArgs>();
  auto* doc = app.add_subcommand("doc", "Quản lý văn bản / document management");
  doc->fallthrough();
  doc->require_subcommand(1);
  auto* registers = doc->add_subcommand("registers", "Sổ văn bản / document registers");
  registers->fallthrough();
  registers->add_option("--agency", args->agency,
                        "Mã định danh cơ quan / agency code (default: every agency)");
  registers->add_flag("--json", args->json, "In JSON / print JSON");
  CommandRunner incoming = AddIncomingDocCommands(doc);
  CommandRunner queues = AddQueueDocCommands(doc);
  CommandRunner search = AddSearchDocCommands(doc);
  CommandRunner imports = AddImportDocCommands(doc);

  return [=](const Config& config) -> std::optional<int> {
    if (!doc->parsed()) {
      return std::nullopt;
    }
    if (auto done = incoming(config)) {
      return done;
    }
    if (auto done = queues(config)) {
      return done;
    }
    if (auto done = search(config)) {
      return done;
    }
    if (auto done = imports(config)) {
      return done;
    }
    const DocArgs& a = *args;
    // Untrusted input: check the code's shape before opening anything.
    if (!a.agency.empty() && !ParseAgencyCode(a.agency)) {
      return Usage("Mã định danh cơ quan không đúng định dạng (ví dụ 000.00.00.H01): " + a.agency,
                   "the agency code is malformed (e.g. 000.00.00.H01)");
    }
    auto opened = Services::Open(config);
    if (!opened) {
      return ExitFor(opened.error());
    }
    auto& s = **opened;
    std::vector<org::Agency> agencies;
    {
      auto tx = s.db->BeginRead();
      if (!a.agency.empty()) {
        auto agency = s.agencies->GetByCode(tx, a.agency);
        if (!agency) {
          return Usage("Không có cơ quan với mã " + a.agency, "no agency has this code");
        }
        agencies.push_back(*agency);
      } else {
        auto all = s.agencies->List(tx, {});
        if (!all) {
          return ExitFor(all.error());
        }
        agencies = std::move(*all);
      }
    }
    auto tx = s.db->Begin();
    nlohmann::json items = nlohmann::json::array();
    for (const auto& agency : agencies) {
      if (auto made = s.registers->EnsureDefaults(tx, CommandLineActor(), agency.id); !made) {
        return ExitFor(made.error());
      }
      auto list = s.registers->List(tx, agency.id);
      if (!list) {
        return ExitFor(list.error());
      }
      if (a.json) {
        for (const auto& r : *list) {
          items.push_back(RegisterJson(r, agency));
        }
        continue;
      }
      std::printf("%s  %s\n", agency.code.c_str(), agency.name.c_str());
      for (const auto& r : *list) {
        std::string types;
        for (int t : r.document_types) {
          types += ", " + std::to_string(t);
        }
        // The name as officials call it, then the codes scripts and English readers use.
        std::printf("  %-5lld %s  [%s, %s%s]%s\n", static_cast<long long>(r.id.value()),
                    r.name.c_str(), documents::DirectionName(r.direction),
                    documents::RegisterKindName(r.kind), types.c_str(),
                    r.active ? "" : "  (ngừng dùng / inactive)");
      }
    }
    if (auto st = tx.Commit(); !st) {
      return ExitFor(st.error());
    }
    if (a.json) {
      PrintJson({{"items", items}}, 2);
    }
    return 0;
  };
}

}  // namespace cqdt::app
