// The provincial exchange hub (trục liên thông tỉnh, issue 14 items 2-4; decision 0019): a
// durable store-and-forward of edXML packages between the agencies of this instance, member
// systems of other vendors, and peer hubs (other provinces, the national axis).
//
// Every package that reaches the hub — from a member, a peer, or this instance's own documents
// module — is inspected (inspect.hpp) before the transaction, then, in one transaction:
//   - kept (exchange_message, the bytes in the blob store), accepted or refused;
//   - when accepted, routed per recipient (exchange_delivery): an agency of this instance gets it
//     in its clerks' reception queue (exchange_reception) and the sender a STATUS 01 at once; a
//     member's agency gets it in the member's inbox until the member acknowledges it; any other
//     agency is forwarded to the peer hub whose route matches its code (longest match; "*" is
//     the default route, e.g. the national axis);
//   - when refused, answered with a STATUS 02 naming the reason, routed back to the sender;
//   - every hop traced (exchange_hop: time, from, to, result), every receipt audited.
// Receipt is idempotent: a package received again for the same recipient (same DocumentId,
// recipient and SHA-256) is stored once; the second receipt answers what the first did.
// Forwarding to peers is at least once: the forwarder (ForwardDue) retries with exponential
// backoff and jitter, and a delivery that fails too long is dead until an admin replays it.
//
// Invariants: a delivery's recipient is routed once, when its message is received (a route added
// later changes nothing for it; replay re-routes a dead one). A member may only send packages
// whose From is one of the agencies it serves; a peer only packages from agencies not served
// here or by members.
// Thread safety: stateless beyond its collaborators; methods run in the caller's transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.hpp"
#include "blob/blob_store.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"
#include "exchange/inspect.hpp"
#include "exchange/package.hpp"

namespace cqdt::exchange {

class PartnerService;  // partners.hpp

using PartnerId = StrongId<struct PartnerIdTag>;
using MessageId = StrongId<struct MessageIdTag>;
using ExchangeDeliveryId = StrongId<struct ExchangeDeliveryIdTag>;

std::vector<db::Migration> Migrations();

enum class PartnerKind { kMember, kPeer };
const char* PartnerKindName(PartnerKind k);  // "member", "peer"

// A member system (another vendor's document system) or a peer hub.
struct Partner {
  PartnerId id;
  PartnerKind kind = PartnerKind::kMember;
  std::string code;  // [a-z0-9._-]{2,64}: the system id a member is known by, a peer's name
  std::string name;
  std::string base_url;     // peer: where packages are forwarded ("" for members)
  std::string certificate;  // peer: its hub certificate (PEM), pinned for signed requests
  SignaturePolicy signature_policy = SignaturePolicy::kRequire;
  bool enabled = true;
  // Members: the OrganIds it serves (exact codes). Peers: route patterns — a level-1 code
  // ("H29"), a longer level path in QĐ 20/2020 order ("H29.12"), an exact code, or "*".
  std::vector<std::string> agencies;
  std::int64_t created_at = 0;
};

struct PartnerInput {
  std::string kind;  // "member" | "peer"
  std::string code, name, base_url, certificate;
  std::string signature_policy = "require";  // "require" | "warn"
  std::vector<std::string> agencies;
  bool enabled = true;
};

// Where a package came from.
struct Source {
  enum class Kind { kLocal, kMember, kPeer } kind = Kind::kLocal;
  std::optional<Partner> partner;  // member or peer
  std::string name() const;        // "local", the partner's code
};

enum class DeliveryRoute { kLocal, kMember, kPeer, kNone };
const char* DeliveryRouteName(DeliveryRoute r);  // "local", "member", "peer", "none"

// A delivery's transport state (not the business STATUS of edxml.md §7).
enum class TransportState {
  kPending,       // peer: waiting to be forwarded; member: in its inbox
  kDelivered,     // handed to the local agency, or accepted by the peer hub
  kAcknowledged,  // the member fetched it and said "done"
  kFailed,        // the member fetched it and said "fail"
  kDead,          // gave up forwarding, or no route: an admin may replay it
};
const char* TransportStateName(TransportState s);
std::optional<TransportState> ParseTransportState(std::string_view name);
const char* TransportStateLabel(TransportState s);  // Vietnamese
// A hop's result ("received", "forwarded", ...) for people, Vietnamese; the code itself when
// unknown.
std::string HopResultLabel(std::string_view result);

struct Message {
  MessageId id;
  std::string sha256;
  std::int64_t size = 0;
  PackageKind kind = PackageKind::kDocument;
  std::string document_id;  // DocumentId (a STATUS: ResponseFor/DocumentId)
  std::string from_organ;
  std::string status_code;  // STATUS only
  std::string subject;      // documents only
  std::string source;       // Source::name()
  bool accepted = false;
  std::string refusal_reason, refusal_message;
  std::vector<Warning> warnings;
  std::int64_t received_at = 0;
};

struct Delivery {
  ExchangeDeliveryId id;
  MessageId message_id;
  std::string recipient;  // OrganId
  DeliveryRoute route = DeliveryRoute::kNone;
  PartnerId partner_id;  // member or peer
  AgencyId agency_id;    // local
  TransportState state = TransportState::kPending;
  int attempts = 0;
  std::int64_t next_attempt_at = 0;
  std::string last_error;
  std::int64_t delivered_at = 0;
  std::int64_t created_at = 0;
};

struct Hop {
  std::int64_t at = 0;
  std::string from, to;  // node names: "local:<OrganId>", "member:<code>", "peer:<code>", "hub"
  std::string result;    // "received", "refused", "duplicate", "delivered", "forwarded",
                         // "retry", "dead", "acknowledged", "failed", "replayed"
  std::string detail;    // Vietnamese, for people
};

// What a receipt did.
struct ReceiveOutcome {
  Message message;
  std::vector<Delivery> deliveries;
  bool duplicate = false;  // every recipient had it already (nothing new stored)
  std::optional<Refusal> refusal;
};

// Signs a package cqdt produces on behalf of one of its agencies (STATUS 01/02 of a reception,
// a STATUS for a refused package): the agency's seal, else the hub's key. Implemented in app
// over the key ring; tests pass their own.
class PackageSigner {
 public:
  virtual ~PackageSigner() = default;
  virtual Result<std::string> Sign(const std::string& organ_id, const std::string& xml) = 0;
};

// An agency of this instance, as routing needs it.
struct LocalAgency {
  AgencyId id;
  std::string code;
  std::string name;
};

struct HubOptions {
  std::string hub_organ_id;  // the OrganId the hub signs and traces as ("" = the first agency)
  int max_attempts = 12;     // forwarding attempts before a delivery is dead
  std::int64_t first_retry_seconds = 5;
  std::int64_t max_retry_seconds = 3600;
};

class HubService {
 public:
  // `local_agency`: the agency of this instance with that OrganId (nullopt when none).
  using LocalLookup =
      std::function<std::optional<LocalAgency>(db::Transaction&, const std::string&)>;
  // What the hub does with a STATUS addressed to an agency of this instance (the documents
  // integration: the sender's status line); by default it is only kept and traced.
  using LocalStatusSink =
      std::function<Status(db::Transaction&, const Message&, const StatusPackage&)>;
  // What the hub does with the sender's business about a document an agency of this instance
  // received (reception.hpp): a revoke package or a STATUS 13 (no reception of its own, no
  // STATUS 01), and an update or replace package after its reception was made (with its 01).
  // `delivery` is the local delivery just made. By default only kept and traced.
  using LocalBusinessSink =
      std::function<Status(db::Transaction&, const audit::Actor&, const LocalAgency&,
                           const Message&, const Delivery&, const Inspection&)>;
  HubService(audit::AuditLog& audit, blob::BlobStore& blobs, const PartnerService& partners,
             PackageSigner& signer, LocalLookup local_agency, const Clock& clock,
             HubOptions options = {})
      : audit_(audit),
        blobs_(blobs),
        partners_(partners),
        signer_(signer),
        local_agency_(std::move(local_agency)),
        clock_(clock),
        options_(std::move(options)) {}

  // Keeps and routes one package (see the header comment). `inspection` is Inspect(bytes, ...)
  // made by the caller before the transaction with the source's signature policy. A package
  // refused by the inspection, or by the source rules (a sender the member does not serve), is
  // kept as refused, answered by a STATUS 02 when its sender and DocumentId could be read, and
  // returned with `refusal` set (not an error). Errors: only infrastructure (kUnavailable).
  Result<ReceiveOutcome> Receive(db::Transaction& tx, const audit::Actor& actor,
                                 const Source& source, std::string_view bytes,
                                 const Inspection& inspection);

  // Builds, signs and receives a STATUS package from `from` (an agency of this instance) about
  // `response_for`, as the receiver of a document (01..06, 15, 16) or its sender (13).
  Result<ReceiveOutcome> SendStatus(db::Transaction& tx, const audit::Actor& actor,
                                    const Organization& from, const ResponseFor& response_for,
                                    const std::string& status_code, const std::string& description);

  // Member operations (the national axis SDK's concepts, edxml.md §8).
  Result<std::vector<std::pair<Delivery, Message>>> Inbox(db::Transaction& tx,
                                                          const Partner& member, int limit) const;
  // The package bytes of a delivery in the member's inbox. kNotFound for another member's.
  Result<std::string> Fetch(db::Transaction& tx, const Partner& member,
                            ExchangeDeliveryId id) const;
  // updateStatus done|fail. Idempotent (the same answer again changes nothing).
  Result<Delivery> Acknowledge(db::Transaction& tx, const audit::Actor& actor,
                               const Partner& member, ExchangeDeliveryId id, bool done);
  // The member's sent packages with their deliveries (the trace), newest first.
  struct Sent {
    Message message;
    std::vector<Delivery> deliveries;
    std::vector<Hop> hops;
  };
  Result<std::vector<Sent>> SentBy(db::Transaction& tx, const Partner& member, int limit,
                                   std::string_view document_id = {}) const;

  // The admin's view: packages newest first (filters: "refused", "document", "status", or ""),
  // deliveries in a state (dead letters), counts per route and partner, replay of a dead one.
  std::vector<Message> ListMessages(db::Transaction& tx, const std::string& filter, int limit,
                                    int offset) const;
  std::vector<Delivery> ListDeliveries(db::Transaction& tx, TransportState state, int limit) const;
  struct QueueCount {
    std::string route;         // "local", "member", "peer", "none"
    std::string partner_code;  // "" for local / none
    std::string state;
    int count = 0;
    std::int64_t oldest = 0;  // created_at of the oldest
  };
  // `open_only`: pending and dead deliveries only (an index scan: what the metrics read).
  std::vector<QueueCount> Queues(db::Transaction& tx, bool open_only = false) const;
  // A dead delivery routed again now (a route added since is used) and retried from the first
  // attempt; a pending one is retried now. kFailedPrecondition for a delivered one.
  Result<Delivery> Replay(db::Transaction& tx, const audit::Actor& actor, ExchangeDeliveryId id);

  // The agencies outside this instance a clerk may address (the draft's external recipients):
  // each member system's agencies and every agency that sent a document here, matched on the
  // code's start or the folded name (`query` "" = all), by code; at most `limit`.
  struct DirectoryEntry {
    std::string code, name;
    std::string via;  // "member", "seen"
  };
  std::vector<DirectoryEntry> Directory(db::Transaction& tx, const std::string& query,
                                        int limit) const;
  // Where a package for `organ_id` would go now: "local", "member", "peer" or "none", and the
  // partner's name for the two in between.
  std::pair<std::string, std::string> RouteOf(db::Transaction& tx,
                                              const std::string& organ_id) const;

  // Forwarding to peers (forwarder.hpp): the deliveries due, and what happened to one.
  std::vector<Delivery> DueForwards(db::Transaction& tx, int limit) const;
  // Claims a due delivery for one attempt (several instances, decision 0024): its next attempt
  // moved `lease_seconds` ahead, so that no other forwarder sends it meanwhile; RecordForward
  // then sets it anew. False when it is no longer due (another forwarder claimed or recorded
  // it). A write transaction; commit it before sending.
  bool ClaimForward(db::Transaction& tx, ExchangeDeliveryId id, std::int64_t lease_seconds) const;
  // Makes every claimed delivery whose attempt was never recorded due at once, and returns how
  // many. Only for the one instance of a database at its start (SQLite: one serving process),
  // when every claim left is a stopped process's: without it, such a delivery waits out its
  // lease (5 minutes) after a crash. Never with other instances running: theirs are live.
  int ReleaseClaims(db::Transaction& tx) const;
  // `ok`: the peer took it (2xx, or 422: the peer refused it and answers the sender itself).
  Status RecordForward(db::Transaction& tx, ExchangeDeliveryId id, bool ok, bool retryable,
                       const std::string& detail, const std::string& peer_code);

  // Reading, for the admin and the clerk.
  Result<Message> GetMessage(db::Transaction& tx, MessageId id) const;
  Result<std::string> MessageBytes(db::Transaction& tx, MessageId id) const;
  std::vector<Delivery> DeliveriesOf(db::Transaction& tx, MessageId id) const;
  std::vector<Hop> HopsOf(db::Transaction& tx, MessageId id) const;
  // Every package about one edXML DocumentId (the document, its revoke or replacement, the
  // STATUS packages), oldest first.
  std::vector<Message> MessagesAbout(db::Transaction& tx, const std::string& document_id,
                                     int limit) const;

  const HubOptions& options() const { return options_; }
  void SetLocalStatusSink(LocalStatusSink sink) { local_status_ = std::move(sink); }
  void SetLocalBusinessSink(LocalBusinessSink sink) { local_business_ = std::move(sink); }

 private:
  Result<Message> Store(db::Transaction& tx, const Source& source, std::string_view bytes,
                        const Inspection& in, const std::optional<Refusal>& refusal);
  Result<Delivery> Route(db::Transaction& tx, const audit::Actor& actor, const Message& message,
                         const Inspection& in, const std::string& recipient);
  void AddHop(db::Transaction& tx, MessageId message, ExchangeDeliveryId delivery,
              const std::string& from, const std::string& to, const std::string& result,
              const std::string& detail);

  audit::AuditLog& audit_;
  blob::BlobStore& blobs_;
  const PartnerService& partners_;
  PackageSigner& signer_;
  LocalStatusSink local_status_;
  LocalBusinessSink local_business_;
  LocalLookup local_agency_;
  const Clock& clock_;
  HubOptions options_;
};

}  // namespace cqdt::exchange
