#include "incoming_steps.hpp"

#include "core/message_catalog.hpp"
#include "core/text.hpp"
#include "document_repository.hpp"
#include "documents/delivery_service.hpp"

namespace cqdt::documents::incoming_steps {

Status CheckText(const char* field, const std::string& value, std::size_t min, std::size_t max) {
  std::size_t n = CodePointCount(value);
  if (n < min || n > max) {
    return Error::InvalidField(field, n == 0 ? "required" : "length",
                               std::string("Trường '") + field + "' phải có từ " +
                                   std::to_string(min) + " đến " + std::to_string(max) + " ký tự.");
  }
  return {};
}

Result<Document> Save(db::Transaction& tx, audit::AuditLog& audit, const audit::Actor& actor,
                      Document d, std::int64_t now, const std::string& action,
                      const std::string& detail) {
  DocumentRepository repo(tx);
  CQDT_ASSIGN_OR_RETURN(Document saved, repo.Update(d, now));
  CQDT_RETURN_IF_ERROR(TrackIncomingProgress(tx, saved, actor, now));
  repo.AddEvent({0, saved.id, saved.agency_id, now, actor.user_id, actor.name, action, detail,
                 actor.client_address, actor.request_id});
  CQDT_RETURN_IF_ERROR(
      audit.Record(tx, actor, {action, "document", std::to_string(saved.id.value()), detail}));
  return saved;
}

Status Notify(db::Transaction& tx, const notify::Outbox& outbox, UserId to, const Document& d,
              const std::string& kind, const std::string& text_vi, std::int64_t now) {
  notify::Notice n;
  n.recipient = notify::Recipient::User(to);
  n.kind = kind;
  n.text_vi = text_vi;
  n.text_en = Localize(text_vi, Language::kEnglish);
  n.link = "/van-ban/den/" + std::to_string(d.id.value());
  n.entity_type = "documents.document";
  n.entity_id = std::to_string(d.id.value());
  // One notice per event: the version makes the key unique to this change.
  n.dedup_key =
      kind + "|" + n.entity_id + "|" + std::to_string(d.version) + "|" + std::to_string(now);
  CQDT_RETURN_IF_ERROR(outbox.Enqueue(tx, n));
  return {};
}

}  // namespace cqdt::documents::incoming_steps
