// Fixture of the outgoing flow's database tests: DocumentsFixture plus the notify tables and an
// outbox, the test keys (KeyFiles, made once per suite) loaded in a KeyRing, a SigningService,
// blobs in memory, OutgoingService and ReviewService, and four staff of the agency: a drafter
// (officer), the unit head (officer), the leader who signs and the clerk who issues. Derive, call
// OutgoingFixture::SetUp() first, and add only what the test itself needs; override
// Options() to build OutgoingService with other options:
// `class MyTest : public OutgoingFixture {};`
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "documents/outgoing_service.hpp"
#include "documents/review_service.hpp"
#include "notify/outbox.hpp"
#include "testing_documents_fixture.hpp"
#include "testing_signing_keys.hpp"

namespace cqdt::documents::testing {

class OutgoingFixture : public DocumentsFixture {
 protected:
  static void SetUpTestSuite() { keys_ = new KeyFiles(); }
  static void TearDownTestSuite() {
    delete keys_;
    keys_ = nullptr;
  }
  void SetUp() override {
    DocumentsFixture::SetUp();
    if (IsSkipped()) {
      return;
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), notify::Migrations()).Apply());
    auto ring = signing::KeyRing::LoadFile((keys_->dir / "keys.toml").string());
    ASSERT_TRUE(ring) << ring.error().message();
    ring_ = std::move(*ring);
    signing_ = std::make_unique<signing::SigningService>(*ring_, agencies_, audit_, clock_, "");
    outgoing_ = std::make_unique<OutgoingService>(audit_, agencies_, *identity_, *registers_,
                                                  outbox_, blobs_, *signing_, clock_, Options());
    reviews_ = std::make_unique<ReviewService>(*outgoing_);
    drafter_ = PrincipalOf(MakeUser("chuyenvien", agency_, {"officer"}));
    head_ = PrincipalOf(MakeUser("truongphong", agency_, {"officer"}));
    leader_ = PrincipalOf(MakeUser("lanhdao", agency_, {"leader"}));
    clerk_ = PrincipalOf(MakeUser("vanthu", agency_, {"clerk"}));
  }

  // The options `outgoing_` is built with (the defaults unless a test overrides this).
  virtual OutgoingOptions Options() const { return {}; }

  static audit::Actor ActorOf(const identity::Principal& p) {
    return {p.user_id(), p.username, p.agency_id, "127.0.0.1", "req"};
  }

  // Runs `f` in a write transaction, committing only on success.
  template <typename F>
  Result<OutgoingDocument> InTx(F f) {
    auto tx = tdb_->db().Begin();
    Result<OutgoingDocument> r = f(tx);
    if (r) {
      EXPECT_TRUE(tx.Commit());
    }
    return r;
  }

  // A draft by `drafter_` for `leader_` to sign, a Quyết định (cá biệt) with one draft file
  // (BlankDraft); `adjust` changes the input before it is created.
  OutgoingDocument Draft(const std::function<void(DraftInput&)>& adjust = {}) {
    DraftInput in;
    in.type_ordinal = 2;  // Quyết định (cá biệt)
    in.subject = "Về việc tổ chức hội nghị";
    in.signer_id = leader_.user_id();
    if (adjust) {
      adjust(in);
    }
    auto d = InTx([&](db::Transaction& tx) {
      return outgoing_->CreateDraft(tx, drafter_, ActorOf(drafter_), in);
    });
    EXPECT_TRUE(d) << d.error().message();
    auto f = InTx([&](db::Transaction& tx) {
      return outgoing_->AddDraftFile(tx, drafter_, ActorOf(drafter_), d->document.id,
                                     d->document.version, "qd.pdf", BlankDraft());
    });
    EXPECT_TRUE(f) << f.error().message();
    return *f;
  }

  inline static KeyFiles* keys_ = nullptr;
  std::unique_ptr<signing::KeyRing> ring_;
  std::unique_ptr<signing::SigningService> signing_;
  notify::Outbox outbox_{clock_};
  MemoryBlobs blobs_;
  std::unique_ptr<OutgoingService> outgoing_;
  std::unique_ptr<ReviewService> reviews_;
  identity::Principal drafter_, head_, leader_, clerk_;
};

}  // namespace cqdt::documents::testing
