// Text extraction and OCR (issue 11, item 4) on SQLite and PostgreSQL: a scanned page becomes
// searchable, a file that cannot be read fails at once and stays visible to the admin while its
// document stays findable, a failure that may pass is retried with backoff, and the registration
// form's proposal reads the first page once.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "documents/extraction_service.hpp"
#include "documents/search_service.hpp"
#include "extract/testing_scans.hpp"
#include "pdf/pdf.hpp"
#include "testing_services_fixture.hpp"

namespace cqdt::documents {
namespace {

std::string DecisionPdf() {
  pdf::TextDocument d;
  d.blocks = {
      {"ỦY BAN NHÂN DÂN TỈNH AN GIANG", 13, true, false, false},
      {"Số: 125/QĐ-UBND", 13, false, false, false},
      {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, true, false, true},
      {"Độc lập - Tự do - Hạnh phúc", 14, true, false, true},
      {"An Giang, ngày 05 tháng 3 năm 2026", 14, false, true, true},
      {"QUYẾT ĐỊNH", 14, true, false, true},
      {"Về việc phê duyệt kế hoạch chuyển đổi số năm 2026", 14, true, false, true},
      {"Giao Sở Khoa học và Công nghệ triển khai hệ thống quản lý văn bản điều hành.", 14},
  };
  auto pdf = pdf::RenderTextDocument(d);
  return pdf ? *pdf : std::string();
}

class ExtractionTest : public testing::ServicesFixture {
 protected:
  void SetUp() override {
    ServicesFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    admin_ = MakeUser("quantri-ocr", agency_, {"admin"});
    service_ = std::make_unique<ExtractionService>(audit_, clock_);
    worker_ = std::make_unique<ExtractionWorker>(
        tdb_->db(), *blobs_,
        [this](std::string_view bytes, std::string_view type) -> Result<extract::Extracted> {
          ++calls_;
          if (fail_with_) {
            return *fail_with_;
          }
          extract::Limits limits;
          limits.ocr_dpi = 200;
          return type == extract::kPdf ? extract::ExtractPdf(bytes, limits)
                                       : extract::ExtractDocx(bytes, limits);
        },
        clock_);
    indexer_ = std::make_unique<SearchIndexer>(tdb_->db());
  }

  FileId Upload(const std::string& bytes, const std::string& name = "cong-van-den.pdf") {
    auto tx = tdb_->db().Begin();
    auto f = files_->Upload(tx, ActorFor(clerk_), agency_, name, bytes, "");
    EXPECT_TRUE(f) << (f ? "" : f.error().message());
    EXPECT_TRUE(tx.Commit());
    return f ? f->id : FileId();
  }

  Document Register(FileId file, const std::string& subject = "Văn bản đến có tệp quét") {
    auto tx = tdb_->db().Begin();
    IncomingInput in = Input("125/QĐ-UBND");
    in.subject = subject;
    in.file_ids = {file};
    auto reg = incoming_->Register(tx, ActorFor(clerk_), PrincipalOf(clerk_), in);
    EXPECT_TRUE(reg && reg->document) << (reg ? "duplicate" : reg.error().message());
    EXPECT_TRUE(tx.Commit());
    return *reg->document;
  }

  void Drain() {
    for (int i = 0; i < 20; ++i) {
      auto ran = worker_->RunOnce();
      ASSERT_TRUE(ran) << ran.error().message();
      if (!*ran) {
        break;
      }
    }
    while (true) {
      auto n = indexer_->RunOnce(50);
      ASSERT_TRUE(n);
      if (*n == 0) {
        return;
      }
    }
  }

  int Hits(const std::string& q) {
    SearchRequest r;
    r.query = q;
    auto tx = tdb_->db().BeginRead();
    auto result = SearchService().Search(tx, PrincipalOf(clerk_), r);
    EXPECT_TRUE(result) << result.error().message();
    return result ? result->total : -1;
  }

  ExtractionJobList Jobs(const std::string& state) {
    auto tx = tdb_->db().BeginRead();
    auto jobs = service_->ListJobs(tx, PrincipalOf(admin_), state);
    EXPECT_TRUE(jobs) << jobs.error().message();
    return jobs ? *jobs : ExtractionJobList{};
  }

  identity::User admin_;
  std::unique_ptr<ExtractionService> service_;
  std::unique_ptr<ExtractionWorker> worker_;
  std::unique_ptr<SearchIndexer> indexer_;
  int calls_ = 0;
  std::optional<Error> fail_with_;
};

TEST_P(ExtractionTest, AWordOnlyOnAScannedPageFindsTheDocument) {
  if (!extract::OcrAvailable()) {
    GTEST_SKIP() << "tesseract-ocr-vie is not installed";
  }
  const Document d = Register(Upload(extract::testing::ScannedPdf(DecisionPdf(), 200)));
  EXPECT_EQ(Hits("quan ly van ban dieu hanh"), 0) << "not read yet";
  Drain();
  EXPECT_EQ(calls_, 1);
  EXPECT_EQ(Hits("quan ly van ban dieu hanh"), 1);
  EXPECT_EQ(Hits("\"ke hoach chuyen doi so\""), 1);
  auto tx = tdb_->db().BeginRead();
  std::string method;
  tx.sql() << "SELECT method FROM documents_text WHERE document_id = :d", soci::into(method),
      soci::use(d.id.value());
  EXPECT_EQ(method, "ocr");
}

TEST_P(ExtractionTest, AFileThatCannotBeReadFailsAtOnceAndItsDocumentStaysFindable) {
  fail_with_ = Error::Unsupported("Tệp PDF được bảo vệ bằng mật khẩu.");
  Register(Upload(DecisionPdf()), "Kế hoạch phòng chống thiên tai");
  Drain();
  EXPECT_EQ(calls_, 1);
  const ExtractionJobList failed = Jobs("failed");
  ASSERT_EQ(failed.items.size(), 1u);
  EXPECT_EQ(failed.failed, 1);
  EXPECT_EQ(failed.items[0].last_error, "Tệp PDF được bảo vệ bằng mật khẩu.");
  EXPECT_EQ(failed.items[0].document_subject, "Kế hoạch phòng chống thiên tai");
  EXPECT_EQ(failed.items[0].document_direction, Direction::kIncoming);
  EXPECT_EQ(failed.items[0].file_name, "cong-van-den.pdf");
  EXPECT_TRUE(failed.items[0].failed_at.has_value());
  EXPECT_EQ(Hits("phong chong thien tai"), 1);
  // Nothing more happens by itself.
  Drain();
  EXPECT_EQ(calls_, 1);
}

TEST_P(ExtractionTest, AFailureThatMayPassIsRetriedWithBackoffThenMarkedFailed) {
  fail_with_ = Error::Unavailable("Tiến trình đọc nội dung tệp dừng bất thường.");
  Register(Upload(DecisionPdf()));
  Drain();
  EXPECT_EQ(calls_, 1);
  ASSERT_EQ(Jobs("pending").items.size(), 1u);
  EXPECT_TRUE(Jobs("pending").items[0].not_before.has_value());
  Drain();
  EXPECT_EQ(calls_, 1) << "not due for 30 s";
  clock_.Set(clock_.Now() + std::chrono::seconds(31));
  Drain();
  EXPECT_EQ(calls_, 2);
  clock_.Set(clock_.Now() + std::chrono::seconds(60));
  Drain();
  EXPECT_EQ(calls_, 2) << "the second wait is 2 minutes";
  for (int i = 0; i < 4; ++i) {
    clock_.Set(clock_.Now() + std::chrono::hours(1));
    Drain();
  }
  EXPECT_EQ(calls_, 5);
  ASSERT_EQ(Jobs("failed").items.size(), 1u);
  EXPECT_EQ(Jobs("failed").items[0].attempts, 5);

  // The admin retries it; an officer may not.
  fail_with_.reset();
  const std::int64_t job = Jobs("failed").items[0].id;
  {
    auto tx = tdb_->db().Begin();
    EXPECT_EQ(service_->Retry(tx, ActorFor(clerk_), PrincipalOf(clerk_), job).error().code(),
              ErrorCode::kPermissionDenied);
    auto retried = service_->Retry(tx, ActorFor(admin_), PrincipalOf(admin_), job);
    ASSERT_TRUE(retried) << retried.error().message();
    EXPECT_EQ(retried->attempts, 0);
    EXPECT_FALSE(retried->failed_at.has_value());
    ASSERT_TRUE(tx.Commit());
  }
  Drain();
  EXPECT_EQ(calls_, 6);
  EXPECT_EQ(Jobs("failed").items.size(), 0u);
  EXPECT_EQ(Jobs("pending").items.size(), 0u);
  EXPECT_EQ(Hits("quan ly van ban dieu hanh"), 1);
}

TEST_P(ExtractionTest, OnlyAnAdminSeesTheQueue) {
  auto tx = tdb_->db().BeginRead();
  EXPECT_EQ(service_->ListJobs(tx, PrincipalOf(clerk_), "failed").error().code(),
            ErrorCode::kPermissionDenied);
  auto bad = service_->ListJobs(tx, PrincipalOf(admin_), "done");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields().at(0).field, "state");
}

TEST_P(ExtractionTest, TheProposalReadsTheFirstPageOnceForTheFormAndTheSearch) {
  const FileId file = Upload(DecisionPdf());
  {
    auto tx = tdb_->db().Begin();
    auto p = service_->RequestProposal(tx, PrincipalOf(clerk_), file);
    ASSERT_TRUE(p) << p.error().message();
    EXPECT_EQ(p->state, "pending");
    // Asking twice is one request.
    ASSERT_TRUE(service_->RequestProposal(tx, PrincipalOf(clerk_), file));
    // Someone else's upload is not found.
    EXPECT_EQ(service_->RequestProposal(tx, PrincipalOf(leader_), file).error().code(),
              ErrorCode::kNotFound);
    ASSERT_TRUE(tx.Commit());
  }
  Drain();
  {
    auto tx = tdb_->db().BeginRead();
    auto p = service_->GetProposal(tx, PrincipalOf(clerk_), file);
    ASSERT_TRUE(p) << p.error().message();
    EXPECT_EQ(p->state, "done");
    EXPECT_EQ(p->method, "pdf");
    EXPECT_EQ(p->proposal.number_text, "125/QĐ-UBND");
    EXPECT_EQ(p->proposal.issued_date, "2026-03-05");
    EXPECT_EQ(p->proposal.sender_name, "ỦY BAN NHÂN DÂN TỈNH AN GIANG");
    EXPECT_EQ(p->proposal.type_ordinal, 2);  // Quyết định
    EXPECT_EQ(p->proposal.subject, "Về việc phê duyệt kế hoạch chuyển đổi số năm 2026");
    EXPECT_EQ(service_->GetProposal(tx, PrincipalOf(leader_), file).error().code(),
              ErrorCode::kNotFound);
  }
  Register(file);
  Drain();
  EXPECT_EQ(calls_, 1) << "the text read for the form serves the search";
  EXPECT_EQ(Hits("quan ly van ban dieu hanh"), 1);
}

INSTANTIATE_TEST_SUITE_P(Engines, ExtractionTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::documents
