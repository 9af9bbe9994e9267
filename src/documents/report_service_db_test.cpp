// Registers printed and the leaders' statistics (issue 11, item 5) on SQLite and PostgreSQL: the
// rows of a register's export follow Phụ lục IV's columns for the entries of the period and only
// its readers get them; the statistics count known fixtures the same way on both engines.
#include <gtest/gtest.h>
#include <soci/soci.h>

#include "documents/report_service.hpp"
#include "testing_services_fixture.hpp"

namespace cqdt::documents {
namespace {

class ReportServiceTest : public testing::ServicesFixture {
 protected:
  void SetUp() override {
    ServicesFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    tmp_ = std::filesystem::temp_directory_path() / ("cqdt-report-test-" + GetParam());
    reports_ = std::make_unique<ReportService>(*registers_, agencies_, *identity_, clock_, tmp_);
    officer_ = MakeUser("chuyenvien", agency_, {"officer"});
  }
  void TearDown() override {
    std::filesystem::remove_all(tmp_);
    ServicesFixture::TearDown();
  }

  Document Registered(const std::string& number, const std::string& subject) {
    auto tx = tdb_->db().Begin();
    IncomingInput in = Input(number);
    in.subject = subject;
    auto reg = incoming_->Register(tx, ActorFor(clerk_), PrincipalOf(clerk_), in);
    EXPECT_TRUE(reg && reg->document) << (reg ? "duplicate" : reg.error().message());
    EXPECT_TRUE(tx.Commit());
    return *reg->document;
  }

  // An incoming document stored as it is (arrival, due date, state).
  Document Incoming(AgencyId agency, const std::string& arrival, const std::string& due,
                    const std::string& state) {
    Document d;
    d.agency_id = agency;
    d.direction = Direction::kIncoming;
    d.state = state;
    d.type_ordinal = 18;
    d.subject = "Ve viec bao cao";
    d.arrival_date = arrival;
    d.due_date = due;
    d.created_at = d.updated_at = ToUnixSeconds(clock_.Now());
    auto tx = tdb_->db().Begin();
    Document stored = DocumentRepository(tx).Insert(d);
    EXPECT_TRUE(tx.Commit());
    return stored;
  }

  void Lead(const Document& d, const identity::User& who) {
    auto tx = tdb_->db().Begin();
    long long doc = d.id.value(), agency = d.agency_id.value(), user = who.id.value(),
              at = ToUnixSeconds(clock_.Now());
    tx.sql() << "INSERT INTO documents_assignment (document_id, agency_id, assignee_user_id, role,"
                " state, assigned_at, updated_at) VALUES (:d, :a, :u, 'lead', 'accepted', :at,"
                " :at2)",
        soci::use(doc), soci::use(agency), soci::use(user), soci::use(at), soci::use(at);
    EXPECT_TRUE(tx.Commit());
  }

  // Completed at 10:00 in Vietnam on `day` (a "documents.completed" event, as the use case writes).
  void Completed(const Document& d, const std::string& day) {
    auto tx = tdb_->db().Begin();
    const auto date = ParseIsoDate(day);
    using namespace std::chrono;
    const sys_days days =
        year_month_day(year(date->year), month(date->month), std::chrono::day(date->day));
    const long long at = duration_cast<seconds>(days.time_since_epoch()).count() + 3 * 3600;
    DocumentRepository(tx).AddEvent(
        {0, d.id, d.agency_id, at, officer_.id, "officer", "documents.completed", "", "", ""});
    EXPECT_TRUE(tx.Commit());
  }

  std::filesystem::path tmp_;
  std::unique_ptr<ReportService> reports_;
  identity::User officer_;
};

const Period kNovember{"2025-11-01", "2025-11-30"};

TEST_P(ReportServiceTest, IncomingRegisterRowsFollowAppendixFourForThePeriod) {
  Registered("12/UBND-VP", "Về việc tăng cường công tác văn thư");
  const Document second = Registered("13/UBND-VP", "Về việc kiểm tra lưu trữ");
  Lead(second, officer_);
  auto tx = tdb_->db().BeginRead();
  auto book =
      registers_->RegisterFor(tx, agency_, Direction::kIncoming, 18, Confidentiality::kNone);
  ASSERT_TRUE(book) << book.error().message();
  auto sheet = reports_->RegisterRows(tx, PrincipalOf(clerk_), book->id, kNovember);
  ASSERT_TRUE(sheet) << sheet.error().message();
  ASSERT_EQ(sheet->rows.size(), 2u);
  const auto& row = sheet->rows[1];
  ASSERT_EQ(row.size(), 10u);
  EXPECT_EQ(row[0], "2025-11-27");  // Ngày đến: the day in Vietnam
  EXPECT_EQ(row[1], "2");           // Số đến
  EXPECT_EQ(row[2], "UBND tỉnh An Giang");
  EXPECT_EQ(row[3], "13/UBND-VP");
  EXPECT_EQ(row[4], "2025-11-20");
  EXPECT_EQ(row[5], "Công văn Về việc kiểm tra lưu trữ");
  EXPECT_EQ(row[6], officer_.full_name + " (chủ trì)");
  EXPECT_EQ(row[7], "2025-11-27");
  EXPECT_FALSE(sheet->truncated);
  // Another period has none of them; the leader reads the general book too.
  auto december =
      reports_->RegisterRows(tx, PrincipalOf(clerk_), book->id, {"2025-12-01", "2025-12-31"});
  ASSERT_TRUE(december);
  EXPECT_TRUE(december->rows.empty());
  EXPECT_TRUE(reports_->RegisterRows(tx, PrincipalOf(leader_), book->id, kNovember));
}

TEST_P(ReportServiceTest, OnlyTheRegistersReadersExportItAndOthersSeeNotFound) {
  Registered("12/UBND-VP", "Về việc tăng cường công tác văn thư");
  auto tx = tdb_->db().BeginRead();
  auto book =
      registers_->RegisterFor(tx, agency_, Direction::kIncoming, 18, Confidentiality::kNone);
  ASSERT_TRUE(book);
  auto officer = reports_->RegisterRows(tx, PrincipalOf(officer_), book->id, kNovember);
  ASSERT_FALSE(officer);
  EXPECT_EQ(officer.error().code(), ErrorCode::kNotFound);
  auto confidential = registers_->RegisterFor(tx, agency_, Direction::kIncoming, 18,
                                              Confidentiality::kConfidential);
  ASSERT_TRUE(confidential);
  // A confidential book is not the leader's to print (RegisterService::CanReadEntries).
  EXPECT_FALSE(reports_->RegisterRows(tx, PrincipalOf(leader_), confidential->id, kNovember));
  EXPECT_TRUE(reports_->RegisterRows(tx, PrincipalOf(clerk_), confidential->id, kNovember));
}

TEST_P(ReportServiceTest, ExportsThePrintedBookAsPdfAndExcel) {
  Registered("12/UBND-VP", "Về việc tăng cường công tác văn thư");
  auto tx = tdb_->db().BeginRead();
  auto book =
      registers_->RegisterFor(tx, agency_, Direction::kIncoming, 18, Confidentiality::kNone);
  ASSERT_TRUE(book);
  auto pdf =
      reports_->ExportRegister(tx, PrincipalOf(clerk_), book->id, kNovember, ExportFormat::kPdf);
  ASSERT_TRUE(pdf) << pdf.error().message();
  EXPECT_EQ(pdf->bytes.substr(0, 5), "%PDF-");
  EXPECT_EQ(pdf->content_type, "application/pdf");
  EXPECT_EQ(pdf->rows, 1u);
  auto xlsx =
      reports_->ExportRegister(tx, PrincipalOf(clerk_), book->id, kNovember, ExportFormat::kXlsx);
  ASSERT_TRUE(xlsx) << xlsx.error().message();
  EXPECT_EQ(xlsx->bytes.substr(0, 2), "PK");
  EXPECT_NE(xlsx->filename.find(".xlsx"), std::string::npos);
  EXPECT_TRUE(std::filesystem::is_empty(tmp_));  // the temp workbook is gone
}

TEST_P(ReportServiceTest, OutgoingRegisterRowsNameSignerRecipientsAndCopies) {
  const Document d = NumberedOutgoing(officer_.id, leader_.id, "01/QĐ-S", [](Document& x) {
    x.to_places = "Như trên; Lưu: VT";
    x.issued_amount = 3;
  });
  auto tx = tdb_->db().Begin();
  auto book = registers_->EnsureRegisterFor(tx, ActorFor(clerk_), agency_, Direction::kOutgoing, 2,
                                            Confidentiality::kNone);
  ASSERT_TRUE(book);
  ASSERT_TRUE(registers_->Allocate(tx, ActorFor(clerk_), book->id, 2025, d.id));
  auto sheet = reports_->RegisterRows(tx, PrincipalOf(clerk_), book->id, kNovember);
  ASSERT_TRUE(sheet) << sheet.error().message();
  ASSERT_EQ(sheet->rows.size(), 1u);
  const auto& row = sheet->rows[0];
  EXPECT_EQ(row[0], "01/QĐ-S");
  EXPECT_EQ(row[1], "2025-11-26");
  EXPECT_EQ(row[2], "Quyết định Ve viec to chuc hoi nghi");
  EXPECT_EQ(row[3], "Tran Lanh Dao");
  EXPECT_EQ(row[4], "Như trên; Lưu: VT");
  EXPECT_EQ(row[6], "3");
}

TEST_P(ReportServiceTest, PeriodAndFormatAreCheckedAndNamed) {
  EXPECT_EQ(ParsePeriod(std::nullopt, std::nullopt, "2025-11-27")->from, "2025-01-01");
  auto bad = ParsePeriod("2025-13-01", "2025-11-01", "2025-11-27");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields().at(0).field, "from");
  auto reversed = ParsePeriod("2025-11-30", "2025-11-01", "2025-11-27");
  ASSERT_FALSE(reversed);
  EXPECT_EQ(reversed.error().fields().at(0).field, "to");
  EXPECT_EQ(ParseExportFormat("docx").error().fields().at(0).field, "format");
  EXPECT_EQ(ParseGroupBy("team").error().fields().at(0).field, "groupBy");
}

TEST_P(ReportServiceTest, StatisticsCountReceivedIssuedAndProcessingOnTimeOrLate) {
  // Today in Vietnam is 2025-11-27 (the fixture's clock).
  const Document on_time = Incoming(agency_, "2025-11-10", "2025-11-20", "completed");
  Completed(on_time, "2025-11-15");
  const Document late = Incoming(agency_, "2025-11-12", "2025-11-20", "completed");
  Completed(late, "2025-11-25");
  const Document overdue = Incoming(agency_, "2025-11-20", "2025-11-25", "in_progress");
  Incoming(agency_, "2025-11-21", "2025-12-10", "assigned");
  Incoming(agency_, "2025-10-01", "", "in_progress");               // received before the period
  Incoming(other_agency_, "2025-11-10", "2025-11-11", "assigned");  // not this agency's
  // Received before the period: completed in it counts, completed before it does not.
  Completed(Incoming(agency_, "2025-10-20", "", "completed"), "2025-11-05");
  Completed(Incoming(agency_, "2025-10-01", "", "completed"), "2025-10-05");
  Lead(on_time, officer_);
  Lead(late, officer_);
  Lead(overdue, leader_);
  NumberedOutgoing(officer_.id, leader_.id);  // issued 2025-11-26
  auto tx = tdb_->db().BeginRead();
  auto s = reports_->Compute(tx, PrincipalOf(leader_), {kNovember, GroupBy::kAgency, {}});
  ASSERT_TRUE(s) << s.error().message();
  EXPECT_EQ(s->today, "2025-11-27");
  ASSERT_EQ(s->rows.size(), 1u);
  EXPECT_EQ(s->rows[0].id, agency_.value());
  const StatisticsCounts& t = s->total;
  EXPECT_EQ(t.received, 4);
  EXPECT_EQ(t.issued, 1);
  EXPECT_EQ(t.done_on_time, 2);
  EXPECT_EQ(t.done_late, 1);
  EXPECT_EQ(t.open_on_time, 2);
  EXPECT_EQ(t.open_overdue, 1);

  auto people = reports_->Compute(tx, PrincipalOf(clerk_), {kNovember, GroupBy::kPerson, {}});
  ASSERT_TRUE(people) << people.error().message();
  ASSERT_EQ(people->rows.size(), 3u);
  std::map<std::string, StatisticsCounts> by;
  for (const auto& r : people->rows) {
    by[r.label] = r.counts;
  }
  EXPECT_EQ(by[officer_.full_name].received, 2);
  EXPECT_EQ(by[officer_.full_name].issued, 1);
  EXPECT_EQ(by[officer_.full_name].done_late, 1);
  EXPECT_EQ(by[leader_.full_name].open_overdue, 1);
  EXPECT_EQ(by["Chưa giao xử lý"].open_on_time, 2);
  EXPECT_EQ(by["Chưa giao xử lý"].done_on_time, 1);
  EXPECT_EQ(people->rows.back().id, 0);  // "not yet assigned" comes last
}

TEST_P(ReportServiceTest, StatisticsAreForTheAgencysLeadersAndClerksOnly) {
  auto tx = tdb_->db().BeginRead();
  auto officer = reports_->Compute(tx, PrincipalOf(officer_), {kNovember, GroupBy::kAgency, {}});
  ASSERT_FALSE(officer);
  EXPECT_EQ(officer.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_FALSE(
      reports_->Compute(tx, PrincipalOf(leader_), {kNovember, GroupBy::kAgency, other_agency_}));
  auto xlsx = reports_->StatisticsWorkbook(
      *reports_->Compute(tx, PrincipalOf(leader_), {kNovember, GroupBy::kUnit, {}}));
  ASSERT_TRUE(xlsx) << xlsx.error().message();
  EXPECT_EQ(xlsx->bytes.substr(0, 2), "PK");
}

INSTANTIATE_TEST_SUITE_P(Engines, ReportServiceTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::documents
