// The import of past documents (issue 11, item 6) on SQLite and PostgreSQL: a good batch
// imports with its numbers as issued and its files; running it again adds nothing; one bad row
// writes nothing and the report names its row and field; imported numbers leave this year's
// register counter alone.
#include <zip.h>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "documents/file_plan_service.hpp"
#include "documents/import_jobs.hpp"
#include "documents/import_service.hpp"
#include "documents/work_record_service.hpp"
#include "testing_services_fixture.hpp"

namespace cqdt::documents {
namespace {

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

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + "scan";

// A legacy export with Vietnamese headers (and a BOM, as Excel writes it).
const std::string kCsv =
    "\xEF\xBB\xBF"
    "Chiều,Mã cơ quan,Số ký hiệu,Ngày ban hành,Ngày đến,Số đến,Cơ quan ban hành,Trích yếu,"
    "Người ký,Độ khẩn,Số trang,Tệp\r\n"
    "đến,000.00.01.H01,12/QĐ-UBND,15/03/2024,2024-03-18,45,UBND tỉnh An Giang,"
    "Về việc phê duyệt kế hoạch cải cách hành chính,Nguyễn Văn A,Khẩn,3,scans/12-qd.png\r\n"
    "outgoing,000.00.01.H01,07/KH-S,2024-04-02,,,,Kế hoạch tập huấn văn thư lưu trữ,"
    "Trần Thị B,,2,\r\n";

class ImportServiceTest : public testing::ServicesFixture {
 protected:
  void SetUp() override {
    ServicesFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    records_ = std::make_unique<WorkRecordService>(audit_, agencies_, *identity_, *files_, clock_);
    imports_ =
        std::make_unique<ImportService>(audit_, agencies_, *registers_, *files_, *records_, clock_);
    admin_ = MakeUser("quantri", agency_, {"admin"});
  }

  Result<ImportReport> Run(const std::string& csv, bool dry_run = false, int batch_size = 500,
                           const identity::User* who = nullptr) {
    auto rows = ParseImportCsv(csv);
    EXPECT_TRUE(rows) << (rows ? "" : rows.error().message());
    auto files = OpenImportZip(Zip({{"documents.csv", csv}, {"scans/12-qd.png", kPng}}));
    EXPECT_TRUE(files);
    const identity::User& u = who != nullptr ? *who : admin_;
    return imports_->Run(tdb_->db(), ActorFor(u), PrincipalOf(u), *rows, files->get(),
                         {.dry_run = dry_run, .batch_size = batch_size});
  }

  long long Count(const std::string& table) {
    auto tx = tdb_->db().BeginRead();
    long long n = 0;
    const std::string sql = "SELECT COUNT(*) FROM " + table;
    tx.sql() << sql, soci::into(n);
    return n;
  }

  std::unique_ptr<WorkRecordService> records_;
  std::unique_ptr<ImportService> imports_;
  identity::User admin_;
};

TEST_P(ImportServiceTest, AGoodBatchImportsWithItsNumbersDatesAndFiles) {
  auto report = Run(kCsv);
  ASSERT_TRUE(report) << report.error().message();
  EXPECT_FALSE(report->refused);
  EXPECT_EQ(report->imported, 2);
  ASSERT_EQ(report->rows.size(), 2U);
  EXPECT_EQ(report->rows[0].status, ImportRowStatus::kImported);
  EXPECT_EQ(report->rows[0].row, 2);  // the CSV line

  auto tx = tdb_->db().BeginRead();
  auto in = DocumentRepository(tx).Get(report->rows[0].document_id);
  ASSERT_TRUE(in);
  EXPECT_EQ(in->direction, Direction::kIncoming);
  EXPECT_EQ(in->state, "completed");
  EXPECT_EQ(in->number_text, "12/QĐ-UBND");
  EXPECT_EQ(in->number, 12);
  EXPECT_EQ(in->type_ordinal, 2);  // Quyết định, from the notation
  EXPECT_EQ(in->issued_date, "2024-03-15");
  EXPECT_EQ(in->arrival_date, "2024-03-18");
  EXPECT_EQ(in->arrival_number, 45);
  EXPECT_EQ(in->urgency, Urgency::kUrgent);
  EXPECT_EQ(in->page_count, 3);
  EXPECT_FALSE(in->register_entry_id.IsSet());
  auto attached = files_->OfDocument(tx, in->id);
  ASSERT_EQ(attached.size(), 1U);
  EXPECT_EQ(attached[0].name, "12-qd.png");
  EXPECT_EQ(attached[0].role, FileRole::kScan);
  auto events = DocumentRepository(tx).Events(in->id);
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].action, "documents.imported");

  auto out = DocumentRepository(tx).Get(report->rows[1].document_id);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->direction, Direction::kOutgoing);
  EXPECT_EQ(out->state, "released");
  EXPECT_EQ(out->number, 7);
  EXPECT_EQ(out->notation, "KH-S");
}

TEST_P(ImportServiceTest, RunningTheSameFileTwiceAddsNothing) {
  ASSERT_TRUE(Run(kCsv));
  const long long documents = Count("documents_document");
  const long long files = Count("documents_file");
  auto again = Run(kCsv);
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_EQ(again->imported, 0);
  EXPECT_EQ(again->skipped, 2);
  EXPECT_EQ(again->rows[0].status, ImportRowStatus::kAlreadyImported);
  EXPECT_TRUE(again->rows[0].document_id.IsSet());
  EXPECT_EQ(Count("documents_document"), documents);
  EXPECT_EQ(Count("documents_file"), files);
  EXPECT_EQ(Count("documents_import"), 2);
}

TEST_P(ImportServiceTest, ARowRepeatedInTheFileIsImportedOnce) {
  std::string csv = kCsv;
  csv += "incoming,000.00.01.H01,12/QĐ-UBND,2024-03-15,,,UBND TỈNH AN GIANG,Bản sao,,,,\r\n";
  auto report = Run(csv);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->imported, 2);
  EXPECT_EQ(report->rows[2].status, ImportRowStatus::kDuplicateInBatch);
  EXPECT_EQ(Count("documents_import"), 2);
}

TEST_P(ImportServiceTest, OneBadRowWritesNothingAndTheReportNamesItsRowAndField) {
  std::string csv = kCsv;
  csv += "incoming,000.00.01.H01,15/CV-UBND,31/02/2024,,,UBND tỉnh,Ngày sai,,,,\r\n";
  csv += "incoming,000.00.99.H01,16/QĐ-UBND,2024-01-02,,,UBND tỉnh,Cơ quan lạ,,,,nope.pdf\r\n";
  const long long audit_before = Count("audit_entry");
  auto report = Run(csv, false, 1);  // batches of one row: still nothing is written
  ASSERT_TRUE(report) << report.error().message();
  EXPECT_TRUE(report->refused);
  EXPECT_EQ(report->imported, 0);
  EXPECT_EQ(report->invalid, 2);
  EXPECT_EQ(report->rows[0].status, ImportRowStatus::kNotWritten);
  EXPECT_EQ(report->rows[2].status, ImportRowStatus::kInvalid);
  std::set<std::pair<int, std::string>> named;
  for (const auto& p : report->problems) {
    named.insert({p.row, p.field});
    EXPECT_FALSE(p.message.empty());
  }
  EXPECT_TRUE(named.count({4, "issuedDate"}));
  EXPECT_TRUE(named.count({5, "agencyCode"}));
  EXPECT_TRUE(named.count({5, "files"}));
  EXPECT_EQ(Count("documents_document"), 0);
  EXPECT_EQ(Count("documents_file"), 0);
  EXPECT_EQ(Count("documents_import"), 0);
  EXPECT_EQ(Count("audit_entry"), audit_before);
}

TEST_P(ImportServiceTest, ADryRunChecksEverythingAndWritesNothing) {
  auto report = Run(kCsv, true);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->dry_run);
  EXPECT_EQ(report->imported, 2);
  EXPECT_EQ(report->rows[0].status, ImportRowStatus::kWouldImport);
  EXPECT_EQ(Count("documents_document"), 0);
  EXPECT_EQ(Count("documents_register"), 0);
}

TEST_P(ImportServiceTest, ImportedNumbersDoNotConsumeThisYearsRegisterCounter) {
  // Arrival number 1 and outgoing number 1 of this very year (the fake clock's 2025), imported.
  const std::string csv =
      "direction,agencyCode,numberText,issuedDate,arrivalNumber,senderName,subject\r\n"
      "incoming,000.00.01.H01,01/QĐ-UBND,2025-01-05,1,UBND tỉnh,Văn bản cũ số đến 1\r\n"
      "outgoing,000.00.01.H01,01/QĐ-S,2025-01-06,,,Văn bản đi cũ số 1\r\n";
  auto report = Run(csv);
  ASSERT_TRUE(report) << report.error().message();
  ASSERT_EQ(report->imported, 2);
  EXPECT_EQ(Count("documents_register_entry"), 0);
  EXPECT_EQ(Count("numbering_counter"), 0);
  // A normal registration this year still gets arrival number 1, and nothing clashes.
  auto tx = tdb_->db().Begin();
  auto registered = incoming_->Register(tx, ActorFor(clerk_), PrincipalOf(clerk_), Input());
  ASSERT_TRUE(registered && registered->document)
      << (registered ? "duplicate" : registered.error().message());
  EXPECT_EQ(registered->document->arrival_number, 1);
  ASSERT_TRUE(tx.Commit());
}

TEST_P(ImportServiceTest, OnlySystemAdministratorsImport) {
  auto report = Run(kCsv, true, 500, &clerk_);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code(), ErrorCode::kPermissionDenied);
}

TEST_P(ImportServiceTest, ARowNamingAnOpenWorkRecordIsFiledInIt) {
  FilePlanService plan(audit_, agencies_, *identity_, clock_);
  PlanItemInput item;
  item.year = 2024;
  item.code = "05.VP";
  item.title = "Hồ sơ cải cách hành chính";
  item.retention_years = 10;
  WorkRecord record;
  {
    auto tx = tdb_->db().Begin();
    auto made = plan.Create(tx, ActorFor(clerk_), PrincipalOf(clerk_), item);
    ASSERT_TRUE(made) << made.error().message();
    OpenRecordInput open;
    open.plan_item_id = made->id;
    auto r = records_->Open(tx, ActorFor(clerk_), PrincipalOf(clerk_), open);
    ASSERT_TRUE(r) << r.error().message();
    record = *r;
    ASSERT_TRUE(tx.Commit());
  }
  const std::string csv =
      "direction,agencyCode,numberText,issuedDate,senderName,subject,"
      "recordFileCode\r\nincoming,000.00.01.H01,03/TB-UBND,2024-05-02,"
      "UBND tỉnh,Thông báo kết luận," +
      record.FileCode() + "\r\n";
  auto report = Run(csv);
  ASSERT_TRUE(report) << report.error().message();
  ASSERT_EQ(report->imported, 1);
  auto tx = tdb_->db().BeginRead();
  auto d = DocumentRepository(tx).Get(report->rows[0].document_id);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->file_notation, record.notation);
  EXPECT_EQ(d->doc_ordinal, 1);
}

TEST_P(ImportServiceTest, AFinishedJobKeepsItsReportAndOneLeftRunningBecomesInterrupted) {
  ImportJobs jobs;
  auto report = Run(kCsv + "incoming,000.00.01.H01,,,,,,,,,,\r\n", true);
  ASSERT_TRUE(report);
  ImportJobId done, left;
  {
    auto tx = tdb_->db().Begin();
    done = jobs.Create(tx, ActorFor(admin_), "goi.zip", true, 100).id;
    left = jobs.Create(tx, ActorFor(admin_), "goi-2.zip", false, 100).id;
    jobs.SetState(tx, left, "running", {"write", 3, 10}, 101);
    jobs.Finish(tx, done, *report, 102);
    ASSERT_TRUE(tx.Commit());
  }
  {
    auto tx = tdb_->db().Begin();
    EXPECT_EQ(jobs.MarkInterrupted(tx, 103), 1);
    ASSERT_TRUE(tx.Commit());
  }
  auto tx = tdb_->db().BeginRead();
  auto finished = jobs.Get(tx, done);
  ASSERT_TRUE(finished);
  EXPECT_EQ(finished->state, "done");
  EXPECT_TRUE(finished->refused);
  EXPECT_EQ(finished->invalid, 1);
  ASSERT_EQ(finished->rows.size(), report->rows.size() + report->problems.size());
  EXPECT_EQ(finished->rows[0].status, "not_written");
  EXPECT_EQ(finished->rows.back().status, "problem");
  EXPECT_EQ(finished->rows.back().row, 4);
  EXPECT_FALSE(finished->rows.back().field.empty());
  auto interrupted = jobs.Get(tx, left);
  ASSERT_TRUE(interrupted);
  EXPECT_EQ(interrupted->state, "interrupted");
  EXPECT_EQ(interrupted->done, 3);
  EXPECT_EQ(jobs.List(tx, 10).size(), 2U);
  EXPECT_EQ(jobs.Get(tx, ImportJobId(999)).error().code(), ErrorCode::kNotFound);
}

TEST(ImportZipTest, AnEntryNamedOutsideThePackageIsRefused) {
  for (const char* name : {"../evil.pdf", "a/../../evil.pdf", "/etc/cron.d/evil", "C:/evil"}) {
    auto z = OpenImportZip(Zip({{"documents.csv", "subject\r\nx\r\n"}, {name, kPng}}));
    ASSERT_FALSE(z) << name;
    EXPECT_EQ(z.error().fields().at(0).field, "files") << name;
  }
  auto ok = OpenImportZip(Zip({{"documents.csv", "subject\r\nx\r\n"}, {"scans/a.png", kPng}}));
  ASSERT_TRUE(ok);
  EXPECT_EQ(*FindImportIndex(**ok), "documents.csv");
  EXPECT_EQ((*ok)->Read("scans/a.png").value(), kPng);
  EXPECT_FALSE((*ok)->Read("../scans/a.png"));
}

INSTANTIATE_TEST_SUITE_P(Engines, ImportServiceTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::documents
