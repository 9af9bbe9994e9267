// Replacing a released outgoing document on SQLite and PostgreSQL (replacement.hpp): the new
// draft copies the released one's items with the new subject and is linked to it, in the
// caller's transaction; a refusal leaves no draft behind once the caller rolls back.
#include <memory>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "documents/outgoing_service.hpp"
#include "documents/replacement.hpp"
#include "signing/key_ring.hpp"
#include "testing_services_fixture.hpp"

namespace cqdt::documents {
namespace {

class ReplacementTest : public testing::ServicesFixture {
 protected:
  void SetUp() override {
    ServicesFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    // Drafts need no key: an empty ring.
    signing_ = std::make_unique<signing::SigningService>(ring_, agencies_, audit_, clock_, "");
    outgoing_ = std::make_unique<OutgoingService>(audit_, agencies_, *identity_, *registers_,
                                                  outbox_, *blobs_, *signing_, clock_);
    officer_ = MakeUser("chuyenvien7", agency_, {"officer"});
    outsider_ = MakeUser("chuyenvien8", other_agency_, {"officer"});
  }

  // Numbered, drafted by officer_, signed by leader_, urgent, with a description.
  Document Numbered() {
    return NumberedOutgoing(officer_.id, leader_.id, "01/QĐ-S", [](Document& d) {
      d.urgency = Urgency::kUrgent;
      d.subject = "Về việc tổ chức hội nghị";
      d.description = "Nội dung cần sửa";
    });
  }

  void Release(const Document& d) {
    auto tx = tdb_->db().Begin();
    auto out = deliveries_->Release(tx, PrincipalOf(clerk_), ActorFor(clerk_), d.id, d.version);
    ASSERT_TRUE(out) << out.error().message();
    ASSERT_TRUE(tx.Commit());
  }

  long long Documents() {
    auto tx = tdb_->db().BeginRead();
    long long n = 0;
    tx.sql() << "SELECT COUNT(*) FROM documents_document", soci::into(n);
    return n;
  }

  signing::KeyRing ring_;
  std::unique_ptr<signing::SigningService> signing_;
  std::unique_ptr<OutgoingService> outgoing_;
  identity::User officer_, outsider_;
};

TEST_P(ReplacementTest, TheDraftCopiesTheReleasedDocumentAndIsLinkedToIt) {
  Document old_doc = Numbered();
  Release(old_doc);
  auto tx = tdb_->db().Begin();
  auto draft =
      CreateReplacement(tx, *outgoing_, *deliveries_, PrincipalOf(officer_), ActorFor(officer_),
                        old_doc.id, "Về việc tổ chức hội nghị (thay thế)");
  ASSERT_TRUE(draft) << draft.error().message();
  ASSERT_TRUE(tx.Commit());
  const Document& d = draft->document;
  EXPECT_NE(d.id, old_doc.id);
  EXPECT_EQ(d.state, "draft");
  EXPECT_EQ(d.subject, "Về việc tổ chức hội nghị (thay thế)");
  EXPECT_EQ(d.type_ordinal, 2);
  EXPECT_EQ(d.urgency, Urgency::kUrgent);
  EXPECT_EQ(d.description, "Nội dung cần sửa");
  EXPECT_EQ(d.drafter_id, officer_.id);
  EXPECT_EQ(d.replaces_id, old_doc.id);
  EXPECT_EQ(draft->signer_id, leader_.id);
  ASSERT_EQ(draft->recipients.size(), 2U);
  EXPECT_EQ(draft->recipients[0].agency_id, other_agency_);
  EXPECT_EQ(draft->recipients[1].name, "Bộ Nội vụ");
}

// Refusals: nothing made, so the caller's rollback leaves the database as it was.
TEST_P(ReplacementTest, ANotReleasedOrUnseenDocumentIsRefusedAndNoDraftIsLeft) {
  Document old_doc = Numbered();  // numbered, not released
  const long long before = Documents();
  {
    auto tx = tdb_->db().Begin();
    auto r = CreateReplacement(tx, *outgoing_, *deliveries_, PrincipalOf(officer_),
                               ActorFor(officer_), old_doc.id, "Thay thế");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), ErrorCode::kFailedPrecondition);
  }
  Release(old_doc);
  {
    auto tx = tdb_->db().Begin();
    auto r = CreateReplacement(tx, *outgoing_, *deliveries_, PrincipalOf(outsider_),
                               ActorFor(outsider_), old_doc.id, "Thay thế");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), ErrorCode::kNotFound);
  }
  {
    // CreateDraft's own check: an empty subject; the transaction is rolled back.
    auto tx = tdb_->db().Begin();
    auto r = CreateReplacement(tx, *outgoing_, *deliveries_, PrincipalOf(officer_),
                               ActorFor(officer_), old_doc.id, "");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  }
  EXPECT_EQ(Documents(), before);
}

INSTANTIATE_TEST_SUITE_P(Engines, ReplacementTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::documents
