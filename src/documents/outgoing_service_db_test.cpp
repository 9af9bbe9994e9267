// The outgoing flow on SQLite and PostgreSQL: drafts and their files, the review (unit head, then
// the signer), the signer's signature, and the issue (number, date, stamp and seal in one
// transaction) — Decree 30/2020 art. 10-18, decision 0009.
#include <memory>
#include <set>
#include <tuple>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "db/testing_statement_log.hpp"
#include "documents/outgoing_service.hpp"
#include "documents/review_service.hpp"
#include "issue_positions.hpp"
#include "notify/outbox.hpp"
#include "outgoing_repository.hpp"
#include "pdf/pdf.hpp"
#include "pdf/stamp.hpp"
#include "testing_outgoing_fixture.hpp"

namespace cqdt::documents {
namespace {

using testing::BlankDraft;

class OutgoingServiceTest : public testing::OutgoingFixture {
 protected:
  // This instance keeps confidential files (an isolated one): the confidential series is
  // tested end to end; the default refusal has its own test.
  OutgoingOptions Options() const override { return {.confidential_files = true}; }

  // Hides OutgoingFixture::Draft: a draft of confidentiality `c` addressed to `other_agency_`
  // and "Lưu: VT".
  OutgoingDocument Draft(Confidentiality c = Confidentiality::kNone) {
    return OutgoingFixture::Draft([&](DraftInput& in) {
      in.confidentiality = ConfidentialityName(c);
      in.recipients = std::vector<Recipient>{{other_agency_, ""}, {AgencyId(), "Lưu: VT"}};
    });
  }

  // Submitted through the unit head, approved by both, signed by the leader.
  OutgoingDocument Signed(Confidentiality c = Confidentiality::kNone) {
    OutgoingDocument d = Draft(c);
    SubmitInput submit;
    submit.unit_head_id = head_.user_id();
    auto step = [&](auto f) {
      auto r = InTx(f);
      EXPECT_TRUE(r) << r.error().message();
      d = *r;
    };
    step([&](db::Transaction& tx) {
      return reviews_->Submit(tx, drafter_, ActorOf(drafter_), d.document.id, d.document.version,
                              submit);
    });
    step([&](db::Transaction& tx) {
      return reviews_->Approve(tx, head_, ActorOf(head_), d.document.id, d.document.version, "");
    });
    step([&](db::Transaction& tx) {
      return reviews_->Approve(tx, leader_, ActorOf(leader_), d.document.id, d.document.version,
                               "Đồng ý");
    });
    step([&](db::Transaction& tx) {
      return outgoing_->Sign(tx, leader_, ActorOf(leader_), d.document.id, d.document.version,
                             "lanhdao", "");
    });
    return d;
  }

  Result<OutgoingDocument> IssueIt(const OutgoingDocument& d, const std::string& seal = "seal") {
    IssueInput in;
    in.seal_key_id = seal;
    return InTx([&](db::Transaction& tx) {
      return outgoing_->Issue(tx, clerk_, ActorOf(clerk_), d.document.id, d.document.version, in);
    });
  }

  std::int64_t Unread(const identity::Principal& p) {
    auto tx = tdb_->db().BeginRead();
    return outbox_.CountUnread(tx, notify::Recipient::User(p.user_id()));
  }
};

TEST_P(OutgoingServiceTest, DraftKeepsItsItemsRecipientsAndFileVersions) {
  OutgoingDocument d = Draft();
  EXPECT_EQ(d.document.state, "draft");
  EXPECT_EQ(d.document.drafter_id, drafter_.user_id());
  EXPECT_EQ(d.signer_id, leader_.user_id());
  EXPECT_EQ(d.document.signer_name, "Nguyen Van lanhdao");
  ASSERT_EQ(d.recipients.size(), 2u);
  EXPECT_EQ(d.recipients[0].name, "So Tu phap");
  EXPECT_EQ(d.recipients[1].name, "Lưu: VT");
  ASSERT_EQ(d.files.size(), 1u);
  EXPECT_EQ(d.files[0].version, 1);
  EXPECT_EQ(d.files[0].pages, 1);
  // A second upload is version 2; the first stays.
  auto again = InTx([&](db::Transaction& tx) {
    return outgoing_->AddDraftFile(tx, drafter_, ActorOf(drafter_), d.document.id,
                                   d.document.version, "qd-v2.pdf", BlankDraft());
  });
  ASSERT_TRUE(again) << again.error().message();
  ASSERT_EQ(again->files.size(), 2u);
  EXPECT_EQ(again->Latest(OutgoingFileRole::kDraft)->version, 2);
  EXPECT_EQ(again->document.version, d.document.version + 1);
}

TEST_P(OutgoingServiceTest, DraftRefusesBadFieldsAndNonPdfFiles) {
  DraftInput in;
  in.type_ordinal = 30;
  in.subject = "";
  in.signer_id = head_.user_id();  // an officer cannot be the signer
  in.urgency = "soon";
  auto bad = InTx([&](db::Transaction& tx) {
    return outgoing_->CreateDraft(tx, drafter_, ActorOf(drafter_), in);
  });
  ASSERT_FALSE(bad);
  std::set<std::string> fields;
  for (const auto& f : bad.error().fields()) {
    fields.insert(f.field);
  }
  EXPECT_EQ(fields, (std::set<std::string>{"typeOrdinal", "subject", "signerId", "urgency"}));

  OutgoingDocument d = Draft();
  for (const std::string& bytes : {std::string("not a pdf"), std::string("%PDF-1.7\ntruncated")}) {
    auto f = InTx([&](db::Transaction& tx) {
      return outgoing_->AddDraftFile(tx, drafter_, ActorOf(drafter_), d.document.id,
                                     d.document.version, "x.pdf", bytes);
    });
    ASSERT_FALSE(f);
    EXPECT_EQ(f.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(f.error().fields().at(0).field, "file");
  }
}

TEST_P(OutgoingServiceTest, ReviewGoesThroughUnitHeadThenSignerWithNotices) {
  OutgoingDocument d = Draft();
  SubmitInput submit;
  submit.unit_head_id = head_.user_id();
  auto s = InTx([&](db::Transaction& tx) {
    return reviews_->Submit(tx, drafter_, ActorOf(drafter_), d.document.id, d.document.version,
                            submit);
  });
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(s->document.state, "in_review");
  ASSERT_NE(s->PendingReview(), nullptr);
  EXPECT_EQ(s->PendingReview()->step, ReviewStep::kUnitHead);
  EXPECT_EQ(Unread(head_), 1);

  // The signer cannot skip the unit head's turn.
  auto early = InTx([&](db::Transaction& tx) {
    return reviews_->Approve(tx, leader_, ActorOf(leader_), d.document.id, s->document.version, "");
  });
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code(), ErrorCode::kPermissionDenied);

  auto a = InTx([&](db::Transaction& tx) {
    return reviews_->Approve(tx, head_, ActorOf(head_), d.document.id, s->document.version, "");
  });
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(a->document.state, "in_review");
  EXPECT_EQ(a->PendingReview()->step, ReviewStep::kLeader);
  EXPECT_EQ(Unread(leader_), 1);

  // Returning needs a comment; with one, the draft goes back to its drafter.
  auto no_comment = InTx([&](db::Transaction& tx) {
    return reviews_->Return(tx, leader_, ActorOf(leader_), d.document.id, a->document.version, " ");
  });
  ASSERT_FALSE(no_comment);
  EXPECT_EQ(no_comment.error().fields().at(0).field, "comment");
  auto r = InTx([&](db::Transaction& tx) {
    return reviews_->Return(tx, leader_, ActorOf(leader_), d.document.id, a->document.version,
                            "Sửa lại đoạn 2");
  });
  ASSERT_TRUE(r) << r.error().message();
  EXPECT_EQ(r->document.state, "draft");
  EXPECT_EQ(r->reviews.back().state, ReviewState::kReturned);
  EXPECT_EQ(r->reviews.back().comment, "Sửa lại đoạn 2");
  EXPECT_EQ(Unread(drafter_), 1);

  // A stale version is refused and changes nothing.
  auto stale = InTx([&](db::Transaction& tx) {
    return reviews_->Submit(tx, drafter_, ActorOf(drafter_), d.document.id, a->document.version,
                            submit);
  });
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code(), ErrorCode::kConflict);

  auto tx = tdb_->db().BeginRead();
  auto timeline = outgoing_->Timeline(tx, drafter_, d.document.id);
  ASSERT_TRUE(timeline);
  std::vector<std::string> actions;
  for (const auto& e : *timeline) {
    actions.push_back(e.action);
  }
  EXPECT_EQ(actions,
            (std::vector<std::string>{"documents.outgoing.drafted", "documents.outgoing.file_added",
                                      "documents.outgoing.submitted", "documents.outgoing.approved",
                                      "documents.outgoing.returned"}));
}

TEST_P(OutgoingServiceTest, OutsidersDoNotSeeTheDraft) {
  OutgoingDocument d = Draft();
  auto stranger = PrincipalOf(MakeUser("nguoingoai", other_agency_, {"leader"}));
  auto tx = tdb_->db().BeginRead();
  auto got = outgoing_->Get(tx, stranger, d.document.id);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(outgoing_->Get(tx, clerk_, d.document.id));
}

TEST_P(OutgoingServiceTest, IssueNumbersStampsAndSealsTheSignedDocument) {
  OutgoingDocument d = Signed();
  EXPECT_EQ(d.document.state, "signed");
  auto issued = IssueIt(d);
  ASSERT_TRUE(issued) << issued.error().message();
  EXPECT_EQ(issued->document.state, "numbered");
  EXPECT_EQ(issued->document.number, 1);
  EXPECT_EQ(issued->document.number_text, "01/QĐ-S");
  EXPECT_EQ(issued->document.issued_date, "2025-11-27");  // 06:33 on the 27th in Vietnam
  const OutgoingFile* file = issued->Latest(OutgoingFileRole::kIssued);
  ASSERT_NE(file, nullptr);
  auto bytes = blobs_.Get(file->sha256);
  ASSERT_TRUE(bytes);
  auto sigs = pdf::ReadSignatures(*bytes);
  ASSERT_TRUE(sigs);
  EXPECT_EQ(sigs->size(), 2u);  // the signer's, then the seal
  // The signed revision is a prefix of the issued file: the signer's signature still covers it.
  auto signed_bytes = blobs_.Get(issued->Latest(OutgoingFileRole::kSigned)->sha256);
  ASSERT_TRUE(signed_bytes);
  EXPECT_EQ(bytes->compare(0, signed_bytes->size(), *signed_bytes), 0);
}

// The number and date lines found when the leader signed are kept with the signed file, and the
// release takes them instead of searching the signed file's text again (issue_positions.hpp).
TEST_P(OutgoingServiceTest, TheReleaseTakesTheLinesKeptWhenTheLeaderSigned) {
  OutgoingDocument d = Signed();
  const std::string sha = d.Latest(OutgoingFileRole::kSigned)->sha256;
  {
    auto signed_bytes = blobs_.Get(sha);
    ASSERT_TRUE(signed_bytes);
    auto found = pdf::FindNumberAndDatePositions(*signed_bytes);
    ASSERT_TRUE(found) << found.error().message();
    auto tx = tdb_->db().BeginRead();
    auto kept = OutgoingRepository(tx).IssueLines(sha);
    ASSERT_TRUE(kept);
    EXPECT_EQ(*kept, EncodeIssueLines(*found));
  }
  auto keep = [&](const std::string& lines) {
    auto tx = tdb_->db().Begin();
    tx.sql() << "UPDATE documents_issue_lines SET lines = :l WHERE sha256 = :s", soci::use(lines),
        soci::use(sha);
    ASSERT_TRUE(tx.Commit());
  };
  // Kept as "nothing found" (a scan): the release asks for the boxes, it does not search.
  keep(EncodeIssueLines({}));
  auto refused = IssueIt(d);
  ASSERT_FALSE(refused);
  std::set<std::string> fields;
  for (const auto& f : refused.error().fields()) {
    fields.insert(f.field);
  }
  EXPECT_EQ(fields, (std::set<std::string>{"numberBox", "dateBox"}));
  // Kept lines it cannot read: it searches the signed file as before.
  keep("not the encoding");
  auto issued = IssueIt(d);
  ASSERT_TRUE(issued) << issued.error().message();
  EXPECT_EQ(issued->document.number, 1);
}

TEST_P(OutgoingServiceTest, IssuesTheDocumentTheRouteLoaded) {
  OutgoingDocument d = Signed();
  IssueInput in;
  in.seal_key_id = "seal";
  auto issued = InTx([&](db::Transaction& tx) -> Result<OutgoingDocument> {
    auto current = outgoing_->Get(tx, clerk_, d.document.id);  // as the route does
    if (!current) {
      return current.error();
    }
    return outgoing_->Issue(tx, clerk_, ActorOf(clerk_), std::move(*current), in);
  });
  ASSERT_TRUE(issued) << issued.error().message();
  EXPECT_EQ(issued->document.state, "numbered");
  EXPECT_EQ(issued->document.number, 1);
  EXPECT_EQ(issued->document.version, d.document.version + 1);
  EXPECT_EQ(issued->signer_id, d.signer_id);
  EXPECT_EQ(issued->reviews.size(), d.reviews.size());
  ASSERT_NE(issued->Latest(OutgoingFileRole::kIssued), nullptr);
  // The answer is built from what the issue read and wrote: it is what a reload reads.
  auto tx = tdb_->db().BeginRead();
  auto stored = outgoing_->Get(tx, clerk_, d.document.id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->document.version, issued->document.version);
  EXPECT_EQ(stored->document.register_entry_id, issued->document.register_entry_id);
  ASSERT_EQ(stored->files.size(), issued->files.size());
  for (std::size_t i = 0; i < stored->files.size(); ++i) {
    const OutgoingFile &a = stored->files[i], &b = issued->files[i];
    EXPECT_EQ(std::tie(a.id, a.role, a.version, a.sha256, a.name, a.uploaded_by_name),
              std::tie(b.id, b.role, b.version, b.sha256, b.name, b.uploaded_by_name));
  }
}

// A release (the route's Get, then Issue) reads nothing twice and runs no statement it can do
// without: on PostgreSQL each is a round trip (the documents benchmark's release target).
TEST_P(OutgoingServiceTest, AReleaseReadsNothingTwice) {
  if (tdb_->db().engine() != db::Engine::kSqlite) {
    GTEST_SKIP() << "counted on SQLite (testing_statement_log.hpp)";
  }
  ASSERT_TRUE(IssueIt(Signed()));  // warms the statement cache and the agency snapshot
  OutgoingDocument d = Signed();
  auto tx = tdb_->db().Begin();
  {
    db::testing::StatementLog log(tx);
    auto current = outgoing_->Get(tx, clerk_, d.document.id);
    ASSERT_TRUE(current);
    IssueInput in;
    in.seal_key_id = "seal";
    ASSERT_TRUE(outgoing_->Issue(tx, clerk_, ActorOf(clerk_), std::move(*current), in));
    EXPECT_EQ(log.RepeatedSelects(), "") << log.All();
    for (const auto& s : log.statements()) {
      EXPECT_EQ(s.find("MAX(version)"), std::string::npos) << s;
      EXPECT_EQ(s.find("last_insert_rowid"), std::string::npos) << s;
      EXPECT_EQ(s.find("FROM org_agency"), std::string::npos) << s;
    }
    // 22 after branch pg-trim; about 36 before it (the statements it removed, added up).
    EXPECT_LE(log.statements().size(), 22u) << log.All();
  }
  ASSERT_TRUE(tx.Commit());
}

TEST_P(OutgoingServiceTest, AnOutsiderWithAStaleVersionLearnsNothing) {
  OutgoingDocument secret = Signed(Confidentiality::kConfidential);
  OutgoingDocument stale = secret;
  stale.document.version -= 1;
  // The access check comes before the version check: NotFound, not Conflict.
  auto refused = IssueIt(stale);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kNotFound);
}

TEST_P(OutgoingServiceTest, AFailedIssueLeavesTheNumberUnconsumed) {
  OutgoingDocument d = Signed();
  auto failed = IssueIt(d, "lanhdao");  // a personal key is not a seal the clerk may use
  ASSERT_FALSE(failed);
  {
    auto tx = tdb_->db().BeginRead();
    auto still = outgoing_->Get(tx, clerk_, d.document.id);
    ASSERT_TRUE(still);
    EXPECT_EQ(still->document.state, "signed");
    EXPECT_EQ(still->document.number, 0);
  }
  auto issued = IssueIt(d);
  ASSERT_TRUE(issued) << issued.error().message();
  EXPECT_EQ(issued->document.number, 1);
}

TEST_P(OutgoingServiceTest, ConfidentialDocumentsTakeTheirOwnSeries) {
  OutgoingDocument plain = Signed();
  ASSERT_TRUE(IssueIt(plain));
  OutgoingDocument secret = Signed(Confidentiality::kConfidential);
  // The clerk is not on a confidential document's route: it is not theirs to see...
  auto hidden = IssueIt(secret);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code(), ErrorCode::kNotFound);
  // ...until they write the confidential register.
  {
    auto tx = tdb_->db().Begin();
    auto reg = registers_->RegisterFor(tx, agency_, Direction::kOutgoing, 2,
                                       Confidentiality::kConfidential);
    ASSERT_TRUE(reg);
    ASSERT_TRUE(registers_->AddWriter(tx, actor_, reg->id, clerk_.user_id()));
    ASSERT_TRUE(tx.Commit());
  }
  auto issued = IssueIt(secret);
  ASSERT_TRUE(issued) << issued.error().message();
  EXPECT_EQ(issued->document.number, 1);  // its own series: not 2
}

TEST_P(OutgoingServiceTest, ConfidentialFilesAreRefusedByDefault) {
  OutgoingService plain(audit_, agencies_, *identity_, *registers_, outbox_, blobs_, *signing_,
                        clock_);
  DraftInput in;
  in.type_ordinal = 2;
  in.subject = "Về việc bảo vệ bí mật nhà nước";
  in.confidentiality = "secret";
  auto d = InTx(
      [&](db::Transaction& tx) { return plain.CreateDraft(tx, drafter_, ActorOf(drafter_), in); });
  ASSERT_TRUE(d) << d.error().message();
  auto f = InTx([&](db::Transaction& tx) {
    return plain.AddDraftFile(tx, drafter_, ActorOf(drafter_), d->document.id, d->document.version,
                              "mat.pdf", BlankDraft());
  });
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code(), ErrorCode::kFailedPrecondition);
  // Nor does a draft with files become confidential.
  OutgoingDocument open = Draft();
  DraftInput secret;
  secret.confidentiality = "confidential";
  auto changed = InTx([&](db::Transaction& tx) {
    return plain.UpdateDraft(tx, drafter_, ActorOf(drafter_), open.document.id,
                             open.document.version, secret);
  });
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().fields().at(0).field, "confidentiality");
}

INSTANTIATE_TEST_SUITE_P(Engines, OutgoingServiceTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::documents
