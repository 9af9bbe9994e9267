// `cqdt doc remind` (issue 10, item 5): the day's deadline reminders, for cron — a "due
// tomorrow" or "overdue" notice to everyone who holds an item due by the next working day or
// past its due date. Notices are deduplicated per day: running it twice writes them once. The
// server does the same at `[documents] remind_hour` when it is set.
#include <cstdio>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "commands.hpp"
#include "documents/queue_service.hpp"
#include "services.hpp"

namespace cqdt::app {

CommandRunner AddQueueDocCommands(CLI::App* doc) {
  auto json = std::make_shared<bool>(false);
  auto* remind = doc->add_subcommand(
      "remind", "Nhắc hạn xử lý văn bản (chạy hằng ngày) / write the day's deadline reminders");
  remind->add_flag("--json", *json, "In JSON / print JSON");

  return [=](const Config& config) -> std::optional<int> {
    if (!remind->parsed()) {
      return std::nullopt;
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
    documents::QueueService queues(*s.identity, *s.agencies, *s.outbox, **calendar, s.clock);
    auto tx = s.db->Begin();
    auto report = queues.Remind(tx);
    if (!report) {
      return ExitFor(report.error());
    }
    if (auto st = tx.Commit(); !st) {
      return ExitFor(st.error());
    }
    if (*json) {
      std::printf("%s\n",
                  nlohmann::json{{"dueSoon", report->due_tomorrow}, {"overdue", report->overdue}}
                      .dump()
                      .c_str());
    } else {
      std::printf("Đã nhắc / reminded: %d sắp đến hạn / due soon, %d quá hạn / overdue\n",
                  report->due_tomorrow, report->overdue);
    }
    return 0;
  };
}

}  // namespace cqdt::app
