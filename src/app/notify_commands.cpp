// `cqdt notify send ...` (issue 10, item 5): an operator puts a notice in a staff user's list of
// notifications (the bell in the web app), e.g. "maintenance tonight at 20:00". The notice goes
// through the same outbox as the domain modules' notices, with the same checks and dedup key.
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "cli.hpp"
#include "commands.hpp"
#include "notify/outbox.hpp"
#include "services.hpp"

namespace cqdt::app {
namespace {

struct SendArgs {
  std::string user;
  std::string kind = "system.message";
  std::string text_vi;
  std::string text_en;
  std::string link;
  std::string entity_type;
  std::string entity_id;
  std::string dedup_key;
};

// The outbox names fields as the API does; the operator typed flags.
Error WithFlagNames(const Error& e) {
  static const std::map<std::string, std::string> kFlags = {
      {"recipient", "--user"},     {"kind", "--kind"},         {"textVi", "--text-vi"},
      {"textEn", "--text-en"},     {"link", "--link"},         {"entityType", "--entity-type"},
      {"entityId", "--entity-id"}, {"dedupKey", "--dedup-key"}};
  std::vector<FieldError> fields = e.fields();
  for (auto& f : fields) {
    if (auto it = kFlags.find(f.field); it != kFlags.end()) {
      f.field = it->second;
    }
  }
  return Error(e.code(), e.message(), std::move(fields));
}

int Send(const Config& config, const SendArgs& a) {
  auto opened = Services::Open(config);
  if (!opened) {
    return ExitFor(opened.error());
  }
  auto& s = **opened;
  auto tx = s.db->Begin();
  auto user = s.identity->GetUserByUsername(tx, a.user);
  if (!user) {
    return ExitFor(user.error());
  }
  notify::Notice n;
  n.recipient = notify::Recipient::User(user->id);
  n.kind = a.kind;
  n.text_vi = a.text_vi;
  n.text_en = a.text_en;
  n.link = a.link;
  n.entity_type = a.entity_type;
  n.entity_id = a.entity_id;
  n.dedup_key = a.dedup_key;
  auto queued = s.outbox->Enqueue(tx, n);
  if (!queued) {
    return ExitFor(WithFlagNames(queued.error()));
  }
  if (queued->created) {
    const char* os_user = std::getenv("USER");
    auto st = s.audit->Record(tx,
                              {UserId(), std::string("cli:") + (os_user ? os_user : "unknown"),
                               AgencyId(), "local", "cli"},
                              {"notify.send", "notice", std::to_string(queued->id.value()),
                               n.kind + " -> " + user->username});
    if (!st) {
      return Report(st.error());
    }
  }
  if (auto st = tx.Commit(); !st) {
    return Report(st.error());
  }
  if (queued->created) {
    std::printf("Đã gửi thông báo / notice sent to %s (id %lld)\n", user->username.c_str(),
                static_cast<long long>(queued->id.value()));
  } else {
    std::printf(
        "Người nhận đã có thông báo này, không gửi lại / %s already has this notice (id %lld, "
        "same dedup key)\n",
        user->username.c_str(), static_cast<long long>(queued->id.value()));
  }
  return 0;
}

}  // namespace

CommandRunner AddNotifyCommands(CLI::App& app) {
  auto args = std::make_shared<SendArgs>();
  auto* notify = app.add_subcommand("notify", "Thông báo cho người dùng / notifications");
  notify->fallthrough();
  notify->require_subcommand(1);
  auto* send = notify->add_subcommand(
      "send", "Gửi một thông báo cho tài khoản cán bộ / send a notice to a staff account");
  send->fallthrough();
  send->add_option("--user", args->user, "Tên đăng nhập người nhận / recipient's username")
      ->required();
  send->add_option("--kind", args->kind, "Loại / kind, [a-z._] (default system.message)");
  send->add_option("--text-vi", args->text_vi, "Nội dung tiếng Việt / text in Vietnamese")
      ->required();
  send->add_option("--text-en", args->text_en, "Nội dung tiếng Anh / text in English")->required();
  send->add_option("--link", args->link,
                   "Đường dẫn trong ứng dụng / path in the web app, e.g. /ky-so");
  send->add_option("--entity-type", args->entity_type, "Loại đối tượng / entity type");
  send->add_option("--entity-id", args->entity_id, "Mã đối tượng / entity id");
  send->add_option("--dedup-key", args->dedup_key,
                   "Khóa chống trùng / dedup key (default: kind + entity + day)");
  return [=](const Config& config) -> std::optional<int> {
    if (!send->parsed()) {
      return std::nullopt;
    }
    return Send(config, *args);
  };
}

}  // namespace cqdt::app
