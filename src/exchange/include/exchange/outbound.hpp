// Documents of this instance sent to agencies outside it (issue 14 item 2): the documents module
// releases a document and leaves each external recipient that has an OrganId `waiting`; one pass
// here makes one edXML package per document for its external recipients (header from the
// document's Phụ lục VI items, its issued PDF and sealed attachments), signs it with the
// sending agency's seal, hands it to the hub (which routes it to a peer hub or a member system)
// and marks those deliveries taken, all in one transaction. The recipients' STATUS packages come
// back to ApplyStatus, which moves each recipient's delivery status (the sender's status line
// per (DocumentId, recipient), edxml.md §7.3).
// Thread safety: stateless beyond its collaborators; methods run in the caller's transaction.
#pragma once

#include <optional>
#include <string>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/delivery_service.hpp"
#include "exchange/hub.hpp"

namespace cqdt::exchange {

// The package of one released document (pure): DocumentId from the sender's code, the issue
// date and the number; the type's name and table-B code; urgency as Priority.
Result<DocumentPackage> PackageOf(const documents::ExchangeDispatch& d,
                                  const std::vector<std::string>& recipient_codes, TimePoint now);

class OutboundService {
 public:
  OutboundService(HubService& hub, documents::DeliveryService& deliveries, PackageSigner& signer,
                  const Clock& clock)
      : hub_(hub), deliveries_(deliveries), signer_(signer), clock_(clock) {}

  // One pass over at most `limit` waiting deliveries (a released replacement goes as edxml.md
  // §3.4 type 3, naming the document it replaces) and `limit` recalled ones (a revoke package,
  // type 1, without files, to the recipients the document reached); returns how many packages
  // were handed.
  Result<int> RunOnce(db::Transaction& tx, const audit::Actor& actor, int limit = 100);
  // Whether RunOnce would hand anything (a read: the thread opens a write only then).
  Result<bool> HasWork(db::Transaction& tx) const;

  // The transport trace of a document of this instance: the DocumentId it went out under ("" when
  // it never went through the exchange) and every package about it (the document, its revoke,
  // the recipients' STATUS), oldest first, with deliveries and hops.
  struct Trace {
    std::string document_id;
    std::vector<HubService::Sent> items;
  };
  Trace TraceOf(db::Transaction& tx, documents::DocumentId document) const;

  // A STATUS for a document this instance sent (the hub's LocalStatusSink). A status about an
  // unknown document, or one that contradicts what is known, is kept in the hub only.
  Status ApplyStatus(db::Transaction& tx, const Message& message, const StatusPackage& status);

 private:
  // The DocumentId a document of this instance went out under (nullopt: never sent).
  std::optional<std::string> SentAs(db::Transaction& tx, documents::DocumentId document) const;
  // Builds, signs and hands one package to the hub; records it as `kind` ("new", "revoke").
  Status Hand(db::Transaction& tx, const audit::Actor& actor, const DocumentPackage& package,
              documents::DocumentId document, const char* kind);

  HubService& hub_;
  documents::DeliveryService& deliveries_;
  PackageSigner& signer_;
  const Clock& clock_;
};

}  // namespace cqdt::exchange
