// `cqdt mail digest` (issue 15): writes today's digest notices now, as the server does at
// [mail] digest_hour — for cron on a server that runs without it, and for the tests. The e-mails
// themselves go out through the serving process's outbox worker.
#include <iostream>

#include "cli.hpp"
#include "commands.hpp"
#include "mail_digest.hpp"
#include "services.hpp"

namespace cqdt::app {

CommandRunner AddMailCommands(CLI::App& app) {
  auto* mail = app.add_subcommand("mail", "Thư điện tử công vụ / official e-mail");
  mail->fallthrough();
  mail->require_subcommand(1);
  auto* digest = mail->add_subcommand(
      "digest", "Ghi thư tổng hợp công việc hôm nay / write today's digest notices");
  digest->fallthrough();
  return [=](const Config& config) -> std::optional<int> {
    if (!digest->parsed()) {
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
    const int written = WriteDigests(*s.db, *s.identity, *s.agencies, queues, *s.outbox, s.clock);
    std::cout << "Đã ghi " << written << " thư tổng hợp / " << written << " digest notices written"
              << std::endl;
    return 0;
  };
}

}  // namespace cqdt::app
