#include "documents/comment_service.hpp"

#include <soci/soci.h>

#include "core/text.hpp"
#include "document_repository.hpp"
#include "documents/document_access.hpp"
#include "documents/incoming_service.hpp"
#include "documents/outgoing.hpp"
#include "outgoing_internal.hpp"

namespace cqdt::documents {
namespace {

// The document and its access facts, or kNotFound when `p` may not see it.
Result<std::pair<Document, AccessFacts>> Visible(db::Transaction& tx, const identity::Principal& p,
                                                 DocumentId id) {
  const std::string key = std::to_string(id.value());
  auto d = DocumentRepository(tx).Get(id);
  if (!d) {
    return Error::NotFound("văn bản", key);
  }
  // Both include the grants: a leader lets someone see a confidential document, comments too.
  const AccessFacts facts = d->direction == Direction::kIncoming
                                ? IncomingService::FactsOf(tx, *d)
                                : outgoing_internal::RouteFacts(tx, *d);
  CQDT_RETURN_IF_ERROR(CheckVisible(p, facts, key));
  return std::make_pair(*d, facts);
}

}  // namespace

Result<DocumentComment> CommentService::Add(db::Transaction& tx, const audit::Actor& actor,
                                            const identity::Principal& p, DocumentId id,
                                            const std::string& text, std::optional<FileId> file) {
  CQDT_ASSIGN_OR_RETURN(auto loaded, Visible(tx, p, id));
  const auto& [d, facts] = loaded;
  if (RolesOf(p, facts).empty()) {
    return Error::PermissionDenied("Bạn không tham gia xử lý văn bản này.");
  }
  const std::size_t n = CodePointCount(text);
  if (n < 1 || n > 2000) {
    return Error::InvalidField("text", n == 0 ? "required" : "length",
                               "Trường 'text' phải có từ 1 đến 2000 ký tự.");
  }
  std::optional<DocumentFile> attached;
  if (file) {
    if (IsConfidential(d.confidentiality)) {
      return Error::InvalidField("fileId", "confidential",
                                 "Văn bản mật không nhận tệp kèm ý kiến.");
    }
    // Untrusted id: only the caller's own unattached upload of the document's agency.
    auto f = files_.Get(tx, *file);
    if (!f || f->document_id.IsSet() || f->uploaded_by != p.user_id() ||
        f->agency_id != d.agency_id) {
      return Error::InvalidField("fileId", "unknown",
                                 "Trường 'fileId' phải là tệp bạn vừa tải lên và chưa dùng.");
    }
    CQDT_RETURN_IF_ERROR(files_.Attach(tx, *file, d, FileRole::kAttachment, p.user_id()));
    CQDT_ASSIGN_OR_RETURN(DocumentFile stored, files_.Get(tx, *file));
    attached = stored;
  }
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  long long doc = id.value(), agency = d.agency_id.value(), author = p.user_id().value(), at = now;
  long long file_id = file ? file->value() : 0;
  soci::indicator file_ind = file ? soci::i_ok : soci::i_null;
  std::string author_name = actor.name;
  if (auto u = identity_.GetUser(tx, p.user_id())) {
    author_name = u->full_name;
  }
  tx.sql() << "INSERT INTO documents_comment (document_id, agency_id, author_id, author_name,"
              " text, file_id, created_at) VALUES (:d, :a, :u, :n, :t, :f, :at)",
      soci::use(doc), soci::use(agency), soci::use(author), soci::use(author_name), soci::use(text),
      soci::use(file_id, file_ind), soci::use(at);
  DocumentComment c;
  c.id = CommentId(db::LastInsertId(tx, "documents_comment"));
  c.document_id = id;
  c.author_id = p.user_id();
  c.author_name = author_name;
  c.text = text;
  c.file = attached;
  c.created_at = now;
  const std::string detail = attached ? text + " (kèm tệp " + attached->name + ")" : text;
  DocumentRepository(tx).AddEvent({0, id, d.agency_id, now, actor.user_id, actor.name,
                                   "documents.commented", detail, actor.client_address,
                                   actor.request_id});
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor,
                    {"documents.commented", "documents.document", std::to_string(id.value()),
                     "comment " + std::to_string(c.id.value())}));
  return c;
}

Result<std::vector<DocumentComment>> CommentService::List(db::Transaction& tx,
                                                          const identity::Principal& p,
                                                          DocumentId id) const {
  CQDT_RETURN_IF_ERROR(Visible(tx, p, id));
  long long doc = id.value(), cid = 0, author = 0, file = 0, at = 0;
  soci::indicator author_ind = soci::i_null, file_ind = soci::i_null;
  std::string name, text;
  soci::statement st =
      (tx.sql().prepare << "SELECT id, author_id, author_name, text, file_id, created_at FROM"
                           " documents_comment WHERE document_id = :d ORDER BY id",
       soci::use(doc), soci::into(cid), soci::into(author, author_ind), soci::into(name),
       soci::into(text), soci::into(file, file_ind), soci::into(at));
  st.execute(false);
  std::vector<DocumentComment> out;
  std::vector<long long> files;
  while (st.fetch()) {
    DocumentComment c;
    c.id = CommentId(cid);
    c.document_id = id;
    c.author_id = UserId(author_ind == soci::i_ok ? author : 0);
    c.author_name = name;
    c.text = text;
    c.created_at = at;
    out.push_back(c);
    files.push_back(file_ind == soci::i_ok ? file : 0);
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (files[i] > 0) {
      if (auto f = files_.Get(tx, FileId(files[i]))) {
        out[i].file = *f;
      }
    }
  }
  return out;
}

Result<std::pair<DocumentFile, std::string>> CommentService::ReadFile(db::Transaction& tx,
                                                                      const identity::Principal& p,
                                                                      DocumentId id,
                                                                      FileId file) const {
  CQDT_ASSIGN_OR_RETURN(auto comments, List(tx, p, id));
  for (const auto& c : comments) {
    if (c.file && c.file->id == file) {
      CQDT_ASSIGN_OR_RETURN(std::string bytes, files_.Content(*c.file));
      return std::make_pair(*c.file, std::move(bytes));
    }
  }
  return Error::NotFound("tệp", std::to_string(file.value()));
}

}  // namespace cqdt::documents
