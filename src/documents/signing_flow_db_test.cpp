// Issue 10 item 3 beyond the one-step signature, on SQLite and PostgreSQL: attachments sealed with
// the document's number at the issue (in its transaction), consultation before the signer's turn,
// DOCX drafts (content check, conversion by LibreOffice when installed), and the binding of a
// token preparation to one document (documents_token_signature).
#include <stdlib.h>
#include <zip.h>

#include <map>
#include <memory>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "documents/consultation_service.hpp"
#include "documents/docx.hpp"
#include "documents/draft_file_service.hpp"
#include "documents/outgoing_service.hpp"
#include "documents/review_service.hpp"
#include "documents/token_signing_service.hpp"
#include "notify/outbox.hpp"
#include "pdf/pdf.hpp"
#include "testing_outgoing_fixture.hpp"
#include "token_repository.hpp"

namespace cqdt::documents {
namespace {

using testing::BlankDraft;

// A ZIP made in memory with libzip: `entries` name -> content (deflated).
std::string Zip(const std::map<std::string, std::string>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* z = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  zip_source_keep(buffer);
  for (const auto& [name, content] : entries) {
    auto* copy = static_cast<char*>(malloc(content.size() + 1));
    std::copy(content.begin(), content.end(), copy);
    zip_source_t* src = zip_source_buffer(z, copy, content.size(), 1);
    zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8);
  }
  zip_close(z);
  zip_source_open(buffer);
  zip_source_seek(buffer, 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(buffer);
  zip_source_seek(buffer, 0, SEEK_SET);
  std::string out(static_cast<std::size_t>(size), '\0');
  zip_source_read(buffer, out.data(), static_cast<zip_uint64_t>(size));
  zip_source_close(buffer);
  zip_source_free(buffer);
  zip_error_fini(&error);
  return out;
}

// The smallest DOCX LibreOffice opens: one paragraph.
std::string MinimalDocx(const std::string& text) {
  return Zip(
      {{"[Content_Types].xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" "
        "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
        "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"},
       {"_rels/.rels",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
        "relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>"},
       {"word/document.xml",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
        "<w:body><w:p><w:r><w:t>" +
            text + "</w:t></w:r></w:p></w:body></w:document>"}});
}

// A converter that must not be reached (the content check comes first).
class RefusingConverter final : public DocxConverter {
 public:
  Result<std::string> ToPdf(const std::string&) const override {
    ADD_FAILURE() << "converted a file that the content check should have refused";
    return Error::Internal();
  }
};

TEST(DocxTest, ContentDecidesTheType) {
  EXPECT_TRUE(CheckDocx(MinimalDocx("Quyết định")));
  // Not a ZIP; a ZIP that is not a Word document.
  for (const std::string& bytes : {std::string("%PDF-1.7 ..."), Zip({{"a.txt", "xin chào"}})}) {
    auto st = CheckDocx(bytes);
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(st.error().fields().at(0).field, "file");
  }
}

TEST(DocxTest, DecompressionIsBoundedWhateverTheArchiveDeclares) {
  // 64 MB of zeros deflate to ~64 KB: the ratio bound stops it.
  const std::string bomb =
      Zip({{"word/document.xml", "<w:document/>"}, {"word/media/a.bin", std::string(64 << 20, 0)}});
  ASSERT_LT(bomb.size(), 1u << 20);
  auto st = CheckDocx(bomb);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().code(), ErrorCode::kTooLarge);
  // And the total bound, with a low limit for the test.
  auto total = CheckDocx(MinimalDocx(std::string(4096, 'a')), {.max_uncompressed_bytes = 1000});
  ASSERT_FALSE(total);
  EXPECT_EQ(total.error().code(), ErrorCode::kTooLarge);
}

TEST(DocxTest, LibreOfficeConvertsADocxToPdf) {
  if (!SofficeConverter::Available()) {
    GTEST_SKIP() << "soffice (libreoffice-writer-nogui) is not installed";
  }
  SofficeConverter converter;
  auto pdf = converter.ToPdf(MinimalDocx("Quyết định về việc tổ chức hội nghị"));
  ASSERT_TRUE(pdf) << pdf.error().message();
  EXPECT_EQ(pdf->compare(0, 5, "%PDF-"), 0);
  auto pages = pdf::PageSizes(*pdf);
  ASSERT_TRUE(pages) << pages.error().message();
  EXPECT_EQ(pages->size(), 1u);
  // A file LibreOffice cannot open is a field error, not a crash or a hang.
  auto broken = converter.ToPdf(Zip({{"word/document.xml", "<<<not xml"}}));
  if (!broken) {
    EXPECT_EQ(broken.error().fields().at(0).field, "file");
  }
}

class SigningFlowTest : public testing::OutgoingFixture {
 protected:
  void SetUp() override {
    OutgoingFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    consultations_ = std::make_unique<ConsultationService>(*outgoing_);
    other_head_ = PrincipalOf(MakeUser("truongphong2", agency_, {"officer"}));
  }

  void Step(OutgoingDocument& d,
            const std::function<Result<OutgoingDocument>(db::Transaction&)>& f) {
    auto r = InTx(f);
    ASSERT_TRUE(r) << r.error().message();
    d = *r;
  }

  OutgoingDocument Submitted() {
    OutgoingDocument d = Draft();
    SubmitInput submit;
    submit.unit_head_id = head_.user_id();
    Step(d, [&](db::Transaction& tx) {
      return reviews_->Submit(tx, drafter_, ActorOf(drafter_), d.document.id, d.document.version,
                              submit);
    });
    return d;
  }

  Result<OutgoingDocument> Approve(const identity::Principal& p, const OutgoingDocument& d) {
    return InTx([&](db::Transaction& tx) {
      return reviews_->Approve(tx, p, ActorOf(p), d.document.id, d.document.version, "");
    });
  }

  Result<OutgoingDocument> Consult(const identity::Principal& p, const OutgoingDocument& d,
                                   std::vector<UserId> people) {
    return InTx([&](db::Transaction& tx) {
      return consultations_->Request(tx, p, ActorOf(p), d.document.id, d.document.version,
                                     {std::move(people), "Xin ý kiến về phạm vi"});
    });
  }

  Result<OutgoingDocument> Answer(const identity::Principal& p, const OutgoingDocument& d,
                                  bool agree, const std::string& comment) {
    return InTx([&](db::Transaction& tx) {
      return consultations_->Answer(tx, p, ActorOf(p), d.document.id, d.document.version, agree,
                                    comment);
    });
  }

  std::unique_ptr<ConsultationService> consultations_;
  identity::Principal other_head_;
};

// Decision 0009: the drafter removes an attachment added by mistake while the document is a
// draft (the others keep their numbers); nobody else, and nothing once it is submitted.
TEST_P(SigningFlowTest, OnlyTheDrafterRemovesAnAttachmentAndOnlyFromADraft) {
  DraftFileService files(*outgoing_, nullptr);
  OutgoingDocument d = Draft();
  for (const char* name : {"phu-luc-1.pdf", "phu-luc-nham.pdf"}) {
    Step(d, [&](db::Transaction& tx) {
      return files.AddAttachment(tx, drafter_, ActorOf(drafter_), d.document.id, d.document.version,
                                 name, BlankDraft("PHỤ LỤC"));
    });
  }
  auto attachments = [&] {
    std::vector<std::pair<std::string, int>> out;
    for (const auto& f : d.files) {
      if (f.role == OutgoingFileRole::kAttachment) {
        out.emplace_back(f.name, f.version);
      }
    }
    return out;
  };
  OutgoingFileId wrong, kept;
  for (const auto& f : d.files) {
    if (f.role == OutgoingFileRole::kAttachment) {
      (f.name == "phu-luc-nham.pdf" ? wrong : kept) = f.id;
    }
  }
  ASSERT_TRUE(wrong.IsSet() && kept.IsSet());
  auto by_other = InTx([&](db::Transaction& tx) {
    return files.RemoveAttachment(tx, head_, ActorOf(head_), d.document.id, d.document.version,
                                  wrong);
  });
  ASSERT_FALSE(by_other);
  auto not_an_attachment = InTx([&](db::Transaction& tx) {
    return files.RemoveAttachment(tx, drafter_, ActorOf(drafter_), d.document.id,
                                  d.document.version, OutgoingFileId(999999));
  });
  ASSERT_FALSE(not_an_attachment);
  EXPECT_EQ(not_an_attachment.error().code(), ErrorCode::kNotFound);
  auto stale = InTx([&](db::Transaction& tx) {
    return files.RemoveAttachment(tx, drafter_, ActorOf(drafter_), d.document.id,
                                  d.document.version - 1, wrong);
  });
  ASSERT_FALSE(stale);
  // The background extraction has read the file meanwhile (CI failed once on exactly this: the
  // text's foreign key refused the delete on a loaded machine, where the job ran first).
  const long long wrong_id = wrong.value(), doc_id = d.document.id.value();
  {
    auto tx = tdb_->db().Begin();
    tx.sql() << "INSERT INTO documents_text (document_id, file_id, method, text, extracted_at)"
                " VALUES (:d, :f, 'pdf', 'phu luc nham', 1)",
        soci::use(doc_id), soci::use(wrong_id);
    tx.sql() << "DELETE FROM documents_index_job WHERE kind = 'index'";
    ASSERT_TRUE(tx.Commit());
  }
  Step(d, [&](db::Transaction& tx) {
    return files.RemoveAttachment(tx, drafter_, ActorOf(drafter_), d.document.id,
                                  d.document.version, wrong);
  });
  EXPECT_EQ(attachments(), (std::vector<std::pair<std::string, int>>{{"phu-luc-1.pdf", 1}}));
  {
    auto tx = tdb_->db().BeginRead();
    long long texts = -1, file_jobs = -1, index_jobs = -1;
    tx.sql() << "SELECT COUNT(*) FROM documents_text WHERE file_id = :f", soci::into(texts),
        soci::use(wrong_id);
    tx.sql() << "SELECT COUNT(*) FROM documents_index_job WHERE file_id = :f",
        soci::into(file_jobs), soci::use(wrong_id);
    tx.sql() << "SELECT COUNT(*) FROM documents_index_job WHERE kind = 'index' AND"
                " document_id = :d",
        soci::into(index_jobs), soci::use(doc_id);
    EXPECT_EQ(texts, 0);
    EXPECT_EQ(file_jobs, 0);
    EXPECT_GE(index_jobs, 1);
  }

  SubmitInput straight;
  Step(d, [&](db::Transaction& tx) {
    return reviews_->Submit(tx, drafter_, ActorOf(drafter_), d.document.id, d.document.version,
                            straight);
  });
  auto submitted = InTx([&](db::Transaction& tx) {
    return files.RemoveAttachment(tx, drafter_, ActorOf(drafter_), d.document.id,
                                  d.document.version, kept);
  });
  ASSERT_FALSE(submitted);
  EXPECT_EQ(submitted.error().code(), ErrorCode::kFailedPrecondition);
  EXPECT_EQ(attachments().size(), 1u);
}

TEST_P(SigningFlowTest, AttachmentsAreSealedWithTheNumberInTheIssueTransaction) {
  DraftFileService files(*outgoing_, nullptr);
  OutgoingDocument d = Draft();
  for (const char* name : {"phu-luc-1.pdf", "phu-luc-2.pdf"}) {
    Step(d, [&](db::Transaction& tx) {
      return files.AddAttachment(tx, drafter_, ActorOf(drafter_), d.document.id, d.document.version,
                                 name, BlankDraft("PHỤ LỤC"));
    });
  }
  // Not a PDF: refused by content, naming the field.
  auto bad = InTx([&](db::Transaction& tx) {
    return files.AddAttachment(tx, drafter_, ActorOf(drafter_), d.document.id, d.document.version,
                               "x.pdf", "not a pdf");
  });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields().at(0).field, "file");

  SubmitInput straight;  // no unit head: the signer reviews
  Step(d, [&](db::Transaction& tx) {
    return reviews_->Submit(tx, drafter_, ActorOf(drafter_), d.document.id, d.document.version,
                            straight);
  });
  Step(d, [&](db::Transaction& tx) {
    return reviews_->Approve(tx, leader_, ActorOf(leader_), d.document.id, d.document.version, "");
  });
  Step(d, [&](db::Transaction& tx) {
    return outgoing_->Sign(tx, leader_, ActorOf(leader_), d.document.id, d.document.version,
                           "lanhdao", "");
  });

  // A wrong seal password fails the attachments' seal too: nothing is kept, no number used.
  IssueInput wrong;
  wrong.seal_key_id = "seal-pw";
  wrong.secret = "sai-mat-khau";
  auto failed = InTx([&](db::Transaction& tx) {
    return outgoing_->Issue(tx, clerk_, ActorOf(clerk_), d.document.id, d.document.version, wrong);
  });
  ASSERT_FALSE(failed);

  IssueInput in;
  in.seal_key_id = "seal";
  Step(d, [&](db::Transaction& tx) {
    return outgoing_->Issue(tx, clerk_, ActorOf(clerk_), d.document.id, d.document.version, in);
  });
  EXPECT_EQ(d.document.state, "numbered");
  EXPECT_EQ(d.document.number, 1);
  std::vector<const OutgoingFile*> sealed;
  for (const auto& f : d.files) {
    if (f.role == OutgoingFileRole::kIssuedAttachment) {
      sealed.push_back(&f);
    }
  }
  ASSERT_EQ(sealed.size(), 2u);
  for (const OutgoingFile* f : sealed) {
    auto bytes = blobs_.Get(f->sha256);
    ASSERT_TRUE(bytes);
    auto sigs = pdf::ReadSignatures(*bytes);
    ASSERT_TRUE(sigs) << sigs.error().message();
    ASSERT_EQ(sigs->size(), 1u);
    EXPECT_TRUE((*sigs)[0].covers_whole_document);
    EXPECT_EQ((*sigs)[0].page, 1);  // Phụ lục I: top right of the first page
    EXPECT_NE((*sigs)[0].reason.find(d.document.number_text), std::string::npos)
        << (*sigs)[0].reason;
  }
  EXPECT_EQ(sealed[0]->version, 1);
  EXPECT_EQ(sealed[1]->version, 2);
}

TEST_P(SigningFlowTest, TheSignerReviewsOnlyAfterEveryConsultationIsAnswered) {
  OutgoingDocument d = Submitted();
  // The signer and the drafter are not consulted; nor is anyone twice.
  auto bad = Consult(drafter_, d, {leader_.user_id()});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields().at(0).field, "reviewerIds");
  // Someone not on the draft cannot ask.
  auto stranger = Consult(clerk_, d, {other_head_.user_id()});
  ASSERT_FALSE(stranger);
  EXPECT_EQ(stranger.error().code(), ErrorCode::kPermissionDenied);

  auto asked = Consult(drafter_, d, {other_head_.user_id(), clerk_.user_id()});
  ASSERT_TRUE(asked) << asked.error().message();
  d = *asked;
  EXPECT_EQ(d.PendingConsultations().size(), 2u);
  ASSERT_NE(d.PendingReview(), nullptr);
  EXPECT_EQ(d.PendingReview()->step, ReviewStep::kUnitHead);
  {
    auto read = tdb_->db().BeginRead();
    EXPECT_EQ(outbox_.CountUnread(read, notify::Recipient::User(clerk_.user_id())), 1);
  }

  // The unit head agrees while the consultations are open: no signer's step yet.
  auto head = Approve(head_, d);
  ASSERT_TRUE(head) << head.error().message();
  d = *head;
  EXPECT_EQ(d.PendingReview(), nullptr);
  EXPECT_EQ(d.document.state, "in_review");
  auto early = Approve(leader_, d);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code(), ErrorCode::kPermissionDenied);

  // Objections need a comment; each person answers once.
  auto empty = Answer(other_head_, d, false, "");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().fields().at(0).field, "comment");
  auto first = Answer(other_head_, d, false, "Cần bổ sung căn cứ pháp lý.");
  ASSERT_TRUE(first) << first.error().message();
  d = *first;
  EXPECT_EQ(d.PendingReview(), nullptr);
  auto twice = Answer(other_head_, d, true, "");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code(), ErrorCode::kPermissionDenied);

  // The last answer hands the draft to the signer.
  auto last = Answer(clerk_, d, true, "");
  ASSERT_TRUE(last) << last.error().message();
  d = *last;
  ASSERT_NE(d.PendingReview(), nullptr);
  EXPECT_EQ(d.PendingReview()->step, ReviewStep::kLeader);
  EXPECT_EQ(d.PendingReview()->reviewer_id, leader_.user_id());
  // Too late to consult now.
  auto late = Consult(drafter_, d, {other_head_.user_id()});
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code(), ErrorCode::kFailedPrecondition);
  auto approved = Approve(leader_, d);
  ASSERT_TRUE(approved) << approved.error().message();
  EXPECT_EQ(approved->document.state, "approved");
  int consult = 0;
  for (const auto& r : approved->reviews) {
    if (r.step == ReviewStep::kConsult) {
      ++consult;
      EXPECT_NE(r.state, ReviewState::kPending);
    }
  }
  EXPECT_EQ(consult, 2);
}

TEST_P(SigningFlowTest, AReturnClosesTheOpenConsultations) {
  OutgoingDocument d = Submitted();
  auto asked = Consult(head_, d, {other_head_.user_id()});  // the unit head may ask too
  ASSERT_TRUE(asked) << asked.error().message();
  d = *asked;
  Step(d, [&](db::Transaction& tx) {
    return reviews_->Return(tx, head_, ActorOf(head_), d.document.id, d.document.version,
                            "Sửa lại trích yếu.");
  });
  EXPECT_EQ(d.document.state, "draft");
  EXPECT_TRUE(d.PendingConsultations().empty());
  auto answer = Answer(other_head_, d, true, "");
  ASSERT_FALSE(answer);
}

TEST_P(SigningFlowTest, ADocxDraftIsKeptWithThePdfMadeFromIt) {
  RefusingConverter refusing;
  DraftFileService checked(*outgoing_, &refusing);
  auto not_docx = checked.Convert("qd.docx", Zip({{"a.txt", "x"}}));
  ASSERT_FALSE(not_docx);
  EXPECT_EQ(not_docx.error().fields().at(0).field, "file");
  if (!SofficeConverter::Available()) {
    GTEST_SKIP() << "soffice (libreoffice-writer-nogui) is not installed";
  }
  SofficeConverter soffice;
  DraftFileService files(*outgoing_, &soffice);
  OutgoingDocument d = Draft();
  auto converted = files.Convert("quyet-dinh.docx", MinimalDocx("Quyết định số"));
  ASSERT_TRUE(converted) << converted.error().message();
  // Only the drafter adds files.
  {
    auto tx = tdb_->db().BeginRead();
    EXPECT_FALSE(files.CheckCanAdd(tx, head_, d.document.id, d.document.version));
  }
  Step(d, [&](db::Transaction& tx) {
    return files.AddConvertedDraft(tx, drafter_, ActorOf(drafter_), d.document.id,
                                   d.document.version, *converted);
  });
  const OutgoingFile* pdf = d.Latest(OutgoingFileRole::kDraft);
  const OutgoingFile* source = d.Latest(OutgoingFileRole::kSource);
  ASSERT_NE(pdf, nullptr);
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(pdf->version, 2);  // after the PDF of Draft()
  EXPECT_EQ(source->version, 2);
  EXPECT_EQ(pdf->name, "quyet-dinh.pdf");
  EXPECT_EQ(pdf->content_type, "application/pdf");
  EXPECT_EQ(source->name, "quyet-dinh.docx");
  EXPECT_EQ(blobs_.Get(pdf->sha256)->compare(0, 5, "%PDF-"), 0);
}

TEST_P(SigningFlowTest, ATokenPreparationCompletesOnce) {
  OutgoingDocument d = Draft();
  {
    auto tx = tdb_->db().Begin();
    TokenSignatureRepository repo(tx);
    repo.Insert({"abc", d.document.id, agency_, d.files[0].id, leader_.user_id(), 1, 0});
    auto row = repo.Find("abc");
    ASSERT_TRUE(row);
    EXPECT_EQ(row->document_id, d.document.id);
    EXPECT_EQ(row->file_id, d.files[0].id);
    EXPECT_FALSE(repo.Find("other"));
    EXPECT_TRUE(repo.MarkCompleted("abc", 5));
    EXPECT_FALSE(repo.MarkCompleted("abc", 6));
    ASSERT_TRUE(tx.Commit());
  }
  // Without a token service, preparing is unavailable, not a crash.
  TokenSigningService none(*outgoing_, nullptr);
  auto tx = tdb_->db().Begin();
  auto prepared =
      none.Prepare(tx, leader_, ActorOf(leader_), d.document.id, d.document.version, {});
  ASSERT_FALSE(prepared);
  EXPECT_EQ(prepared.error().code(), ErrorCode::kUnavailable);
}

INSTANTIATE_TEST_SUITE_P(Engines, SigningFlowTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::documents
