// The exchange hub on SQLite and PostgreSQL (issue 14 items 2-3): receipt, idempotence, routing
// to a local agency (reception + STATUS 01 back), to a member's inbox and to a peer; refusals
// kept with a STATUS 02; the source rules; the member operations.
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "audit/audit_log.hpp"
#include "blob/memory_blob_store.hpp"
#include "core/clock.hpp"
#include "db/migrator.hpp"
#include "db/statement.hpp"
#include "db/testing.hpp"
#include "exchange/build.hpp"
#include "exchange/forwarder.hpp"
#include "exchange/hub.hpp"
#include "exchange/inspect.hpp"
#include "exchange/partners.hpp"

namespace cqdt::exchange {
namespace {

// Tests sign nothing: packages are inspected with no verifier (signature not checked).
class UnsignedSigner final : public PackageSigner {
 public:
  Result<std::string> Sign(const std::string& organ_id, const std::string& xml) override {
    signed_for.push_back(organ_id);
    return xml;
  }
  std::vector<std::string> signed_for;
};

DocumentPackage Letter(const std::string& from, std::vector<std::string> to) {
  DocumentPackage p;
  p.header.from.organ_id = from;
  p.header.from.organ_name = "Văn phòng UBND tỉnh Cà Mau";
  for (const auto& code : to) {
    Organization o;
    o.organ_id = code;
    p.header.to.push_back(o);
  }
  p.header.document_id = from + ",2026/12/01,812/UBND-VP";
  p.header.code_number = "812";
  p.header.code_notation = "UBND-VP";
  p.header.promulgation_date = "2026/12/01";
  p.header.type_name = "Công văn";
  p.header.subject = "V/v phối hợp liên thông văn bản điện tử";
  p.header.position = "Chánh Văn phòng";
  p.header.full_name = "Nguyễn Văn B";
  Attachment a;
  a.name = "812.pdf";
  a.bytes = "%PDF-1.7 test";
  p.attachments.push_back(a);
  return p;
}

class HubTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam(), 4);
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    std::vector<db::Migration> all;
    for (auto ms : {audit::Migrations(), Migrations()}) {
      all.insert(all.end(), ms.begin(), ms.end());
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), all).Apply());
    locals_["000.00.00.H01"] = {AgencyId(1), "000.00.00.H01", "UBND tỉnh An Giang"};
    locals_["000.00.07.H01"] = {AgencyId(2), "000.00.07.H01", "Sở Nội vụ tỉnh An Giang"};
    hub_ = std::make_unique<HubService>(
        audit_, blobs_, partners_, signer_,
        [this](db::Transaction&, const std::string& code) -> std::optional<LocalAgency> {
          auto it = locals_.find(code);
          if (it == locals_.end()) {
            return std::nullopt;
          }
          return it->second;
        },
        clock_, HubOptions{.hub_organ_id = "000.00.00.H01"});
    auto tx = tdb_->db().Begin();
    PartnerInput member;
    member.kind = "member";
    member.code = "vendor-a";
    member.name = "Phần mềm QLVB của nhà cung cấp A";
    member.agencies = {"000.00.12.H01"};
    auto m = partners_.Create(tx, actor_, member);
    ASSERT_TRUE(m) << m.error().message();
    member_ = m->partner;
    secret_ = m->secret;
    ASSERT_TRUE(tx.Commit());
  }

  Inspection Read(const std::string& xml) {
    InspectOptions o;
    return Inspect(xml, o);
  }

  Result<ReceiveOutcome> Receive(const Source& s, const std::string& xml) {
    auto tx = tdb_->db().Begin();
    auto out = hub_->Receive(tx, actor_, s, xml, Read(xml));
    if (out) {
      auto st = tx.Commit();
      if (!st) {
        return st.error();
      }
    }
    return out;
  }

  int Count(const std::string& sql) {
    auto tx = tdb_->db().BeginRead();
    int n = 0;
    db::Run(tx, sql, soci::into(n));
    return n;
  }

  FakeClock clock_{FromUnixSeconds(1796000000)};
  audit::AuditLog audit_{clock_};
  blob::MemoryBlobStore blobs_;
  PartnerService partners_{audit_, clock_};
  UnsignedSigner signer_;
  std::map<std::string, LocalAgency> locals_;
  std::unique_ptr<db::testing::TestDatabase> tdb_;
  std::unique_ptr<HubService> hub_;
  audit::Actor actor_{UserId(), "system", AgencyId(), "", ""};
  Partner member_;
  std::string secret_;
};

TEST_P(HubTest, AMembersLetterReachesALocalAgencyOnceAndTheSenderHearsStatus01) {
  const std::string xml = *BuildDocumentPackage(Letter("000.00.12.H01", {"000.00.07.H01"}));
  Source s{Source::Kind::kMember, member_};
  auto first = Receive(s, xml);
  ASSERT_TRUE(first) << first.error().message();
  ASSERT_FALSE(first->refusal);
  ASSERT_EQ(first->deliveries.size(), 1u);
  EXPECT_EQ(first->deliveries[0].route, DeliveryRoute::kLocal);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM exchange_reception"), 1);
  // The STATUS 01 went back to the sender's system: in the member's inbox.
  auto tx = tdb_->db().BeginRead();
  auto inbox = hub_->Inbox(tx, member_, 10);
  ASSERT_TRUE(inbox);
  ASSERT_EQ(inbox->size(), 1u);
  EXPECT_EQ(inbox->front().second.kind, PackageKind::kStatus);
  EXPECT_EQ(inbox->front().second.status_code, "01");
  EXPECT_EQ(signer_.signed_for, std::vector<std::string>{"000.00.07.H01"});
  auto bytes = hub_->Fetch(tx, member_, inbox->front().first.id);
  ASSERT_TRUE(bytes);
  EXPECT_EQ(Read(*bytes).status.response_for.document_id, "000.00.12.H01,2026/12/01,812/UBND-VP");
  ASSERT_TRUE(tx.Commit());

  // The same package again: stored once, nothing new routed or answered.
  auto again = Receive(s, xml);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->message.id, first->message.id);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM exchange_reception"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM exchange_message WHERE kind = 'document'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM exchange_message WHERE kind = 'status'"), 1);
}

TEST_P(HubTest, AMemberCannotSpeakForAnotherAgency) {
  const std::string xml = *BuildDocumentPackage(Letter("000.00.99.H01", {"000.00.07.H01"}));
  auto out = Receive({Source::Kind::kMember, member_}, xml);
  ASSERT_TRUE(out);
  ASSERT_TRUE(out->refusal);
  EXPECT_EQ(out->refusal->reason, RefusalReason::kSender);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM exchange_reception"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM exchange_message WHERE accepted = 0"), 1);
  // Its STATUS 02 is addressed to the claimed sender, whom no route reaches: a dead delivery the
  // admin sees.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM exchange_message WHERE status_code = '02'"), 1);
}

TEST_P(HubTest, ARefusedPackageIsKeptOnceAndAnsweredWithStatus02) {
  DocumentPackage p = Letter("000.00.12.H01", {"000.00.07.H01"});
  p.header.priority = 0;
  std::string xml = *BuildDocumentPackage(p);
  const auto at = xml.find("<edXML:Priority>0</edXML:Priority>");
  ASSERT_NE(at, std::string::npos);
  xml.replace(at, 34, "<edXML:Priority>7</edXML:Priority>");
  Source s{Source::Kind::kMember, member_};
  auto out = Receive(s, xml);
  ASSERT_TRUE(out);
  ASSERT_TRUE(out->refusal);
  EXPECT_EQ(out->refusal->reason, RefusalReason::kBadValue);
  auto again = Receive(s, xml);
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM exchange_message WHERE accepted = 0"), 1);
  auto tx = tdb_->db().BeginRead();
  auto inbox = hub_->Inbox(tx, member_, 10);
  ASSERT_TRUE(inbox);
  ASSERT_EQ(inbox->size(), 1u);
  EXPECT_EQ(inbox->front().second.status_code, "02");
}

TEST_P(HubTest, APeerNeedsACertificateAndRoutesUseTheLevelPath) {
  {
    auto tx = tdb_->db().Begin();
    PartnerInput peer;
    peer.kind = "peer";
    peer.code = "truc-h12";
    peer.name = "Trục liên thông tỉnh Cà Mau";
    peer.base_url = "http://127.0.0.1:9/";
    peer.certificate = "";  // filled below
    peer.agencies = {"H12"};
    // A certificate is required for peers.
    auto refused = partners_.Create(tx, actor_, peer);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().fields().at(0).field, "certificate");
  }
  EXPECT_EQ(RoutePath("000.00.12.H29"), "H29.12");
  EXPECT_EQ(RoutePath("001.05.12.H41"), "H41.12.05.001");
  EXPECT_EQ(RoutePath("vxp.saas.03"), "");
}

TEST_P(HubTest, MembersFetchAndAcknowledgeTheirInbox) {
  // A letter from a local agency to the member's agency goes to the member's inbox.
  const std::string xml = *BuildDocumentPackage(Letter("000.00.07.H01", {"000.00.12.H01"}));
  auto out = Receive(Source{}, xml);
  ASSERT_TRUE(out) << out.error().message();
  ASSERT_EQ(out->deliveries.size(), 1u);
  EXPECT_EQ(out->deliveries[0].route, DeliveryRoute::kMember);
  auto tx = tdb_->db().Begin();
  auto found = partners_.MemberBySecret(tx, secret_);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->code, "vendor-a");
  EXPECT_FALSE(partners_.MemberBySecret(tx, secret_ + "x"));
  auto acked = hub_->Acknowledge(tx, actor_, member_, out->deliveries[0].id, true);
  ASSERT_TRUE(acked) << acked.error().message();
  EXPECT_EQ(acked->state, TransportState::kAcknowledged);
  EXPECT_TRUE(hub_->Acknowledge(tx, actor_, member_, out->deliveries[0].id, true));
  EXPECT_FALSE(hub_->Acknowledge(tx, actor_, member_, out->deliveries[0].id, false));
  ASSERT_TRUE(tx.Commit());
  auto read = tdb_->db().BeginRead();
  auto inbox = hub_->Inbox(read, member_, 10);
  ASSERT_TRUE(inbox);
  EXPECT_TRUE(inbox->empty());
  auto hops = hub_->HopsOf(read, out->message.id);
  ASSERT_GE(hops.size(), 3u);
  EXPECT_EQ(hops.front().result, "received");
  EXPECT_EQ(hops.back().result, "acknowledged");
}

// A peer hub that takes every package (its receipt), counting what it got; safe to call from
// several forwarders' threads at once.
class CountingPeer final : public PeerTransport {
 public:
  Result<PeerReply> Send(const Partner&, const std::string& package) override {
    std::lock_guard lock(mutex);
    got[package] += 1;
    return PeerReply{200, R"({"message": {"id": 1}, "duplicate": false, "deliveries": []})"};
  }
  std::mutex mutex;
  std::map<std::string, int> got;
};

class ForwarderTest : public HubTest {
 protected:
  void SetUp() override {
    HubTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    auto opened = db::Database::Open({tdb_->url(), 4});
    ASSERT_TRUE(opened) << opened.error().message();
    second_ = std::move(opened).value();
  }

  // Peer deliveries of `n` distinct letters: routed to the member's agency, then turned into
  // peer deliveries through the member partner, which the forwarder sends to as to a peer.
  void Letters(int n) {
    for (int i = 1; i <= n; ++i) {
      DocumentPackage p = Letter("000.00.07.H01", {"000.00.12.H01"});
      p.header.code_number = std::to_string(800 + i);
      p.header.document_id = "000.00.07.H01,2026/12/01," + p.header.code_number + "/UBND-VP";
      auto out = Receive(Source{}, *BuildDocumentPackage(p));
      ASSERT_TRUE(out) << out.error().message();
    }
    auto tx = tdb_->db().Begin();
    db::Run(tx, "UPDATE exchange_delivery SET route = 'peer' WHERE route = 'member'");
    ASSERT_TRUE(tx.Commit());
  }

  std::unique_ptr<db::Database> second_;
};

// Two instances (decision 0024): two forwarders, each on its own database handle, pass over the
// same due deliveries at once; each package is sent once.
TEST_P(ForwarderTest, TwoInstancesSendEachDeliveryOnce) {
  constexpr int kLetters = 12;
  Letters(kLetters);
  ASSERT_EQ(Count("SELECT COUNT(*) FROM exchange_delivery WHERE route = 'peer'"), kLetters);
  CountingPeer peer;
  Forwarder one(tdb_->db(), *hub_, partners_, peer, {.parallel = 2});
  Forwarder two(*second_, *hub_, partners_, peer, {.parallel = 2});
  std::atomic<int> attempted{0};
  auto drain = [&](Forwarder* f) {
    for (int idle = 0; idle < 3;) {
      auto n = f->RunOnce(4);
      ASSERT_TRUE(n) << n.error().message();
      attempted += *n;
      idle = *n == 0 ? idle + 1 : 0;
    }
  };
  std::thread a(drain, &one), b(drain, &two);
  a.join();
  b.join();
  EXPECT_EQ(attempted.load(), kLetters);
  ASSERT_EQ(peer.got.size(), static_cast<std::size_t>(kLetters));
  for (const auto& [package, n] : peer.got) {
    EXPECT_EQ(n, 1);
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM exchange_delivery WHERE route = 'peer' AND state ="
                  " 'delivered'"),
            kLetters);
}

// A forwarder that died mid-send leaves its delivery claimed: another instance's sends it once
// the claim's lease has run out.
TEST_P(ForwarderTest, AClaimOfAForwarderThatDiedIsTakenOverAfterItsLease) {
  Letters(1);
  {
    auto read = tdb_->db().BeginRead();
    auto due = hub_->DueForwards(read, 10);
    ASSERT_EQ(due.size(), 1u);
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(hub_->ClaimForward(tx, due[0].id, 300));
    ASSERT_TRUE(tx.Commit());
  }
  CountingPeer peer;
  Forwarder two(*second_, *hub_, partners_, peer, {.claim_lease_seconds = 300});
  EXPECT_EQ(two.RunOnce().value(), 0);
  EXPECT_TRUE(peer.got.empty());
  clock_.Advance(std::chrono::seconds(300));
  EXPECT_EQ(two.RunOnce().value(), 1);
  EXPECT_EQ(peer.got.size(), 1u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM exchange_delivery WHERE state = 'delivered'"), 1);
}

// The one instance of a SQLite database started again after it stopped mid-send: the claims it
// left are released at start and their deliveries go at once, not after the lease; a delivery
// whose attempt was recorded keeps its backoff.
TEST_P(ForwarderTest, ClaimsReleasedAtStartAreDueAtOnce) {
  Letters(2);
  {
    auto read = tdb_->db().BeginRead();
    auto due = hub_->DueForwards(read, 10);
    ASSERT_EQ(due.size(), 2u);
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(hub_->ClaimForward(tx, due[0].id, 300));
    ASSERT_TRUE(hub_->ClaimForward(tx, due[1].id, 300));
    ASSERT_TRUE(hub_->RecordForward(tx, due[1].id, false, true, "503", "truc-b"));
    ASSERT_TRUE(tx.Commit());
  }
  {
    auto tx = tdb_->db().Begin();
    EXPECT_EQ(hub_->ReleaseClaims(tx), 1);
    EXPECT_EQ(hub_->ReleaseClaims(tx), 0);
    ASSERT_TRUE(tx.Commit());
  }
  CountingPeer peer;
  Forwarder again(tdb_->db(), *hub_, partners_, peer, {.claim_lease_seconds = 300});
  EXPECT_EQ(again.RunOnce().value(), 1);
  EXPECT_EQ(peer.got.size(), 1u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM exchange_delivery WHERE state = 'delivered'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM exchange_delivery WHERE claimed_at IS NOT NULL"), 0);
}

INSTANTIATE_TEST_SUITE_P(Engines, ForwarderTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

INSTANTIATE_TEST_SUITE_P(Engines, HubTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::exchange
