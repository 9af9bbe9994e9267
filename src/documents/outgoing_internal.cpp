#include "outgoing_internal.hpp"

#include <chrono>
#include <map>
#include <string>

#include "core/message_catalog.hpp"
#include "document_repository.hpp"
#include "outgoing_repository.hpp"

namespace cqdt::documents::outgoing_internal {

Result<OutgoingDocument> Load(db::Transaction& tx, const identity::IdentityService& identity,
                              const org::AgencyService& agencies, DocumentId id) {
  CQDT_ASSIGN_OR_RETURN(Document doc, DocumentRepository(tx).Get(id));
  if (doc.direction != Direction::kOutgoing) {
    return Error::NotFound("văn bản đi", std::to_string(id.value()));
  }
  OutgoingRepository repo(tx);
  OutgoingDocument out;
  out.document = std::move(doc);
  out.signer_id = repo.Signer(id);
  out.recipients = repo.Recipients(id);
  for (auto& r : out.recipients) {
    if (r.agency_id.IsSet()) {
      // The directory's snapshot (org::AgencyService::GetCached): a round trip saved per
      // recipient agency, on every load of an outgoing document.
      if (auto a = agencies.GetCached(tx, r.agency_id)) {
        r.name = a->name;
      }
    }
  }
  // Each person's name is looked up once: the signer is usually a reviewer and the uploader of
  // the signed file too (a round trip each on PostgreSQL).
  std::map<long long, std::string> names;
  auto name_of = [&](UserId user) -> const std::string& {
    auto it = names.find(user.value());
    if (it == names.end()) {
      auto u = identity.GetUser(tx, user);
      it = names.emplace(user.value(), u ? u->full_name : std::string()).first;
    }
    return it->second;
  };
  out.reviews = repo.Reviews(id);
  for (auto& r : out.reviews) {
    r.reviewer_name = name_of(r.reviewer_id);
  }
  out.files = repo.Files(id);
  for (auto& f : out.files) {
    f.uploaded_by_name = name_of(f.uploaded_by);
  }
  return out;
}

AccessFacts RouteFacts(db::Transaction& tx, const Document& d) {
  OutgoingDocument od;
  od.document = d;
  OutgoingRepository repo(tx);
  od.signer_id = repo.Signer(d.id);
  od.reviews = repo.Reviews(d.id);
  AccessFacts f = FactsOf(od);
  for (const auto& g : DocumentRepository(tx).Grants(d.id)) {
    f.grants.insert(g.user_id);
  }
  return f;
}

AccessFacts Facts(db::Transaction& tx, const RegisterService& registers,
                  const OutgoingDocument& d) {
  AccessFacts f = FactsOf(d);
  // Those a leader let see it (grant_service.hpp): the only way in to a confidential one
  // besides its route.
  for (const auto& g : DocumentRepository(tx).Grants(d.document.id)) {
    f.grants.insert(g.user_id);
  }
  auto reg = registers.RegisterFor(tx, d.document.agency_id, Direction::kOutgoing,
                                   d.document.type_ordinal, d.document.confidentiality);
  if (reg) {
    if (auto writers = registers.WriterIds(tx, reg->id)) {
      for (const auto& w : *writers) {
        f.register_writers.insert(w.user_id);
      }
    }
  }
  return f;
}

Status CheckVersion(const Document& d, std::int64_t expected_version) {
  if (d.version != expected_version) {
    return Error::Conflict(
        "Văn bản đã được người khác thay đổi. Vui lòng tải lại văn bản rồi thực hiện lại.");
  }
  return Ok();
}

Result<OutgoingDocument> Save(db::Transaction& tx, const identity::IdentityService& identity,
                              const org::AgencyService& agencies, const Document& d,
                              std::int64_t now) {
  CQDT_ASSIGN_OR_RETURN(Document stored, DocumentRepository(tx).Update(d, now));
  return Load(tx, identity, agencies, stored.id);
}

Status Record(db::Transaction& tx, audit::AuditLog& audit, const audit::Actor& actor,
              const Document& d, const std::string& action, const std::string& detail,
              std::int64_t now) {
  DocumentEvent e;
  e.document_id = d.id;
  e.agency_id = d.agency_id;
  e.at = now;
  e.actor_id = actor.user_id;
  e.actor_name = actor.name;
  e.action = action;
  e.detail = detail;
  e.client_address = actor.client_address;
  e.request_id = actor.request_id;
  DocumentRepository(tx).AddEvent(e);
  return audit.Record(tx, actor,
                      {action, "documents.document", std::to_string(d.id.value()), detail});
}

Status Notify(db::Transaction& tx, const notify::Outbox& outbox, UserId user, UserId actor,
              const std::string& kind, const std::string& text_vi, const Document& d) {
  if (!user.IsSet() || user == actor) {
    return Ok();
  }
  notify::Notice n;
  n.recipient = notify::Recipient::User(user);
  n.kind = kind;
  n.text_vi = text_vi;
  n.text_en = Localize(text_vi, Language::kEnglish);
  n.link = "/van-ban/di/" + std::to_string(d.id.value());
  n.entity_type = "documents.document";
  n.entity_id = std::to_string(d.id.value());
  // One notice per event and version: a draft returned and submitted again the same day
  // notifies again.
  n.dedup_key = kind + "|" + n.entity_id + "|v" + std::to_string(d.version);
  auto r = outbox.Enqueue(tx, n);
  if (!r) {
    return r.error();
  }
  return Ok();
}

Date TodayInVietnam(TimePoint t) {
  using namespace std::chrono;
  const year_month_day ymd(floor<days>(t + hours(7)));
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

std::string Title(const Document& d) {
  // Subjects are 1..500 code points; a notice line holds at most 1000, so the subject fits.
  return d.subject;
}

}  // namespace cqdt::documents::outgoing_internal
