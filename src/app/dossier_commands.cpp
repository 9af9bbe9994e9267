// `cqdt dossier show CODE [--json]` (issue 12, item 2): a dossier as the operator reads it from
// the database — its state, clocks, checklist, steps and timeline — in text, or as the JSON
// document of api/dossier_file.hpp.
#include <cstdio>
#include <memory>
#include <string>

#include "api/dossier_file.hpp"
#include "cli.hpp"
#include "commands.hpp"
#include "core/dossier_code.hpp"
#include "onestop/dossier_service.hpp"
#include "services.hpp"

namespace cqdt::app {

namespace {

struct DossierArgs {
  std::string code;
  bool json = false;
};

std::string At(std::int64_t unix) {
  return unix == 0 ? "-" : FormatVietnamLocal(ToVietnamLocal(FromUnixSeconds(unix))) + " (UTC+7)";
}

void PrintDossier(const onestop::Dossier& d, const std::vector<onestop::DossierEvent>& events) {
  using namespace onestop;
  std::printf("Mã hồ sơ / code:            %s\n", d.code.c_str());
  std::printf("Thủ tục / procedure:        %s %s\n", d.procedure_code.c_str(),
              d.procedure_name.c_str());
  std::printf("Trạng thái / state:         %s (%d, %s)\n", DossierStateLabel(d.state).c_str(),
              SyncCode(d.state), DossierStateName(d.state));
  std::printf("Người nộp / applicant:      %s %s\n", d.applicant.name.c_str(),
              d.applicant.id_number.c_str());
  std::printf("Tiếp nhận / received:       %s, %s\n", At(d.received_at).c_str(),
              d.received_by.c_str());
  std::printf("Thời hạn / deadline:        %s\n", DeadlineLabel(d.deadline).c_str());
  std::printf("Hẹn trả / appointment:      %s\n", At(d.appointment_at).c_str());
  std::printf("Hạn tính / due:             %s\n", At(d.due_at).c_str());
  if (d.new_appointment_at != 0) {
    std::printf("Hẹn lại / new appointment:  %s\n", At(d.new_appointment_at).c_str());
  }
  if (d.timeliness) {
    std::printf("Kết quả / result:           %s, %s\n", TimelinessLabel(*d.timeliness).c_str(),
                d.result_note.c_str());
  }
  std::printf("Các bước / steps:\n");
  for (const auto& s : d.steps) {
    std::printf(
        "  %d. %-40s %-24s hạn %-24s xong %s %s\n", s.ordinal, s.name.c_str(),
        s.assignee_name.empty() ? PerformerLabel(s.performer).c_str() : s.assignee_name.c_str(),
        At(s.planned_end).c_str(), At(s.finished_at).c_str(),
        s.outcome ? TimelinessLabel(*s.outcome).c_str() : "");
  }
  std::printf("Diễn biến / timeline:\n");
  for (const auto& e : events) {
    std::printf("  %s  %-24s %-20s → %s  %s\n", At(e.at).c_str(), e.actor_name.c_str(),
                e.action.c_str(), DossierStateLabel(e.to).c_str(), e.note.c_str());
  }
}

}  // namespace

CommandRunner AddDossierCommands(CLI::App& app) {
  auto a = std::make_shared<DossierArgs>();
  auto* dossier = app.add_subcommand("dossier", "Hồ sơ một cửa / one-stop dossiers");
  dossier->require_subcommand(1);
  dossier->fallthrough();
  auto* show = dossier->add_subcommand("show", "Xem một hồ sơ / show a dossier");
  show->add_option("code", a->code, "Mã hồ sơ / dossier code")->required();
  show->add_flag("--json", a->json, "In JSON / print JSON");
  show->fallthrough();
  return [=](const Config& config) -> std::optional<int> {
    if (!show->parsed()) {
      return std::nullopt;
    }
    // Untrusted argument: checked before the database is opened.
    if (auto parsed = ParseDossierCode(a->code); !parsed) {
      return Usage(parsed.error(), "not a dossier code");
    }
    auto opened = Services::Open(config);
    if (!opened) {
      return ExitFor(opened.error());
    }
    auto& s = **opened;
    auto calendar = OpenCalendar(config);
    if (!calendar) {
      return ExitFor(calendar.error());
    }
    onestop::DossierService dossiers(*s.audit, *s.agencies, *s.identity, *s.catalogue, s.counters,
                                     *s.outbox, *s.blobs, **calendar, s.clock);
    auto tx = s.db->BeginRead();
    auto found = dossiers.Lookup(tx, a->code);
    if (!found) {
      return ExitFor(found.error());
    }
    if (a->json) {
      const std::string text = api::DossierDocumentText(found->first, found->second);
      std::fwrite(text.data(), 1, text.size(), stdout);
    } else {
      PrintDossier(found->first, found->second);
    }
    return 0;
  };
}

}  // namespace cqdt::app
