#include "documents/grant_service.hpp"

#include <soci/soci.h>

#include "core/message_catalog.hpp"
#include "core/text.hpp"
#include "document_repository.hpp"
#include "documents/document_access.hpp"
#include "documents/incoming_service.hpp"
#include "outgoing_internal.hpp"

namespace cqdt::documents {
namespace {

// The document, if `p` may see it and manage its grants: a leader of its agency who sees it.
Result<Document> LoadForLeader(db::Transaction& tx, const identity::Principal& p, DocumentId id) {
  std::string key = std::to_string(id.value());
  auto d = DocumentRepository(tx).Get(id);
  if (!d) {
    return Error::NotFound("văn bản", key);
  }
  CQDT_RETURN_IF_ERROR(CheckVisible(p,
                                    d->direction == Direction::kIncoming
                                        ? IncomingService::FactsOf(tx, *d)
                                        : outgoing_internal::RouteFacts(tx, *d),
                                    key));
  if (!p.Has(identity::Role::kLeader)) {
    return Error::PermissionDenied(
        "Chỉ lãnh đạo cơ quan mới cho phép hoặc thu hồi quyền xem văn bản.");
  }
  return d;
}

Status CheckReason(const std::string& reason) {
  std::size_t n = CodePointCount(reason);
  if (n < 1 || n > 1000) {
    return Error::InvalidField("reason", n == 0 ? "required" : "length",
                               "Trường 'reason' (lý do) phải có từ 1 đến 1000 ký tự.");
  }
  return Ok();
}

void Timeline(db::Transaction& tx, const audit::Actor& actor, const Document& d, std::int64_t now,
              const std::string& action, const std::string& detail) {
  DocumentRepository(tx).AddEvent({0, d.id, d.agency_id, now, actor.user_id, actor.name, action,
                                   detail, actor.client_address, actor.request_id});
}

}  // namespace

Result<std::vector<Grant>> GrantService::List(db::Transaction& tx, const identity::Principal& p,
                                              DocumentId id) const {
  CQDT_RETURN_IF_ERROR(LoadForLeader(tx, p, id));
  std::vector<Grant> out;
  for (const auto& g : DocumentRepository(tx).Grants(id)) {
    Grant v{g.document_id, g.user_id, "", g.granted_by, "", g.granted_at, g.reason};
    // Names through identity's API: its table is its own.
    if (auto u = identity_.GetUser(tx, g.user_id)) {
      v.full_name = u->full_name;
    }
    if (auto u = identity_.GetUser(tx, g.granted_by)) {
      v.granted_by_name = u->full_name;
    }
    out.push_back(std::move(v));
  }
  return out;
}

Result<Grant> GrantService::Give(db::Transaction& tx, const audit::Actor& actor,
                                 const identity::Principal& p, DocumentId id, UserId user,
                                 const std::string& reason) {
  CQDT_ASSIGN_OR_RETURN(Document d, LoadForLeader(tx, p, id));
  // Untrusted id: only active staff of the document's agency can be let in.
  auto u = identity_.GetUser(tx, user);
  if (!u || u->disabled || u->agency_id != d.agency_id) {
    return Error::InvalidField("userId", "unknown", "Trường 'userId' phải là cán bộ của cơ quan.");
  }
  CQDT_RETURN_IF_ERROR(CheckReason(reason));
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  CQDT_RETURN_IF_ERROR(DocumentRepository(tx).AddGrant({id, user, actor.user_id, now, reason}));
  std::string detail = "Cho phép " + u->full_name + " xem văn bản: " + reason;
  Timeline(tx, actor, d, now, "documents.grant_given", detail);
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor, {"documents.grant_given", "document", std::to_string(id.value()), detail}));
  notify::Notice n;
  n.recipient = notify::Recipient::User(user);
  n.kind = "documents.grant_given";
  const bool incoming = d.direction == Direction::kIncoming;
  n.text_vi =
      incoming ? "Bạn được cho phép xem một văn bản đến." : "Bạn được cho phép xem một văn bản đi.";
  n.text_en = Localize(n.text_vi, Language::kEnglish);
  n.link = (incoming ? "/van-ban/den/" : "/van-ban/di/") + std::to_string(id.value());
  n.entity_type = "documents.document";
  n.entity_id = std::to_string(id.value());
  n.dedup_key = n.kind + "|" + n.entity_id + "|" + std::to_string(now);
  CQDT_RETURN_IF_ERROR(outbox_.Enqueue(tx, n));
  return Grant{id, user, u->full_name, actor.user_id, actor.name, now, reason};
}

Status GrantService::Revoke(db::Transaction& tx, const audit::Actor& actor,
                            const identity::Principal& p, DocumentId id, UserId user,
                            const std::string& reason) {
  CQDT_ASSIGN_OR_RETURN(Document d, LoadForLeader(tx, p, id));
  CQDT_RETURN_IF_ERROR(CheckReason(reason));
  long long doc = id.value(), who = user.value();
  soci::statement st = (tx.sql().prepare << "DELETE FROM documents_grant WHERE document_id = :d"
                                            " AND user_id = :u",
                        soci::use(doc), soci::use(who));
  st.execute(true);
  if (st.get_affected_rows() == 0) {
    return Error::NotFound("quyền xem", std::to_string(user.value()));
  }
  auto u = identity_.GetUser(tx, user);
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  std::string detail = "Thu hồi quyền xem văn bản của " +
                       (u ? u->full_name : std::to_string(user.value())) + ": " + reason;
  Timeline(tx, actor, d, now, "documents.grant_revoked", detail);
  return audit_.Record(tx, actor,
                       {"documents.grant_revoked", "document", std::to_string(id.value()), detail});
}

Status GrantService::RecordView(db::Transaction& tx, const audit::Actor& actor, const Document& d,
                                const std::string& what) const {
  if (!IsConfidential(d.confidentiality)) {
    return Ok();
  }
  return audit_.Record(tx, actor,
                       {"documents.confidential.viewed", "document", std::to_string(d.id.value()),
                        what + " (" + ConfidentialityName(d.confidentiality) + ")"});
}

}  // namespace cqdt::documents
