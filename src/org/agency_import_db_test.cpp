// AgencyService::Import: row numbers as the file shows them, messages an official can act on,
// and the update mode (upsert by code and validity) that makes re-importing a file a no-op.
#include <gtest/gtest.h>

#include "agency_test_fixture.hpp"
#include "org/agency_csv.hpp"

namespace cqdt::org {
namespace {

class AgencyImportTest : public AgencyServiceFixture {
 protected:
  ImportReport Run(const std::string& csv, ImportMode mode, bool commit) {
    auto rows = ParseAgencyCsv(csv);
    EXPECT_TRUE(rows) << rows.error().message();
    auto tx = tdb_->db().Begin();
    auto report = service_.Import(tx, actor_, *rows, mode);
    if (commit && report.ok) {
      EXPECT_TRUE(tx.Commit());
    }
    return report;
  }
  std::int64_t AuditCount() {
    auto tx = tdb_->db().BeginRead();
    return audit_.List(tx, {})->total;
  }
  static const ImportRow& Rejected(const ImportReport& r) {
    for (const auto& row : r.rows) {
      if (!row.ok) {
        return row;
      }
    }
    ADD_FAILURE() << "no rejected row";
    return r.rows.front();
  }
  const std::string header_ = "code,name,shortName,kind,parentCode,phone,validFrom\r\n";
  const std::string province_ =
      "000.00.00.H01,Ủy ban nhân dân tỉnh An Giang,UBND,provincial_committee,,,2025-07-01\r\n";
};

TEST_P(AgencyImportTest, NumbersRowsAsTheFileShowsThemHeaderBeingLineOne) {
  std::string csv = header_ + province_ +
                    "000.00.01.H01,\"Sở Nội vụ,\r\nkhối tổng hợp\",SNV,department,000.00.00.H01,,"
                    "2025-07-01\r\n"
                    "000.00.02.H01,Sở Tư pháp,STP,ministry,000.00.00.H01,,2025-07-01\r\n";
  auto report = Run(csv, ImportMode::kCreate, false);
  ASSERT_FALSE(report.ok);
  ASSERT_EQ(report.rows.size(), 3u);
  EXPECT_EQ(report.rows[0].row, 2);
  EXPECT_EQ(report.rows[1].row, 3);
  EXPECT_EQ(report.rows[2].row, 5);  // the quoted name spans lines 3 and 4
  EXPECT_EQ(Rejected(report).row, 5);
}

TEST_P(AgencyImportTest, KindMessageUsesVietnameseLabelsAndLabelsAreAccepted) {
  auto report = Run(
      header_ + province_ + "000.00.02.H01,Sở Tư pháp,STP,ministry,000.00.00.H01,,2025-07-01\r\n",
      ImportMode::kCreate, false);
  const auto& row = Rejected(report);
  ASSERT_EQ(row.errors.size(), 1u);
  EXPECT_EQ(row.errors[0].field, "kind");
  EXPECT_NE(row.errors[0].message.find("Sở, ban, ngành (department)"), std::string::npos)
      << row.errors[0].message;
  EXPECT_NE(row.errors[0].message.find("UBND tỉnh (provincial_committee)"), std::string::npos);
  auto ok = Run(header_ + province_ +
                    "000.00.02.H01,Sở Tư pháp,STP,\"Sở, ban, ngành\",000.00.00.H01,,2025-07-01\r\n",
                ImportMode::kCreate, true);
  EXPECT_TRUE(ok.ok) << Rejected(ok).errors.at(0).message;
  auto tx = tdb_->db().BeginRead();
  EXPECT_EQ(service_.GetByCode(tx, "000.00.02.H01")->kind, AgencyKind::kDepartment);
}

TEST_P(AgencyImportTest, AnImpossibleDateIsNotCalledAFormatError) {
  auto report = Run(header_ + "000.00.00.H01,UBND tỉnh,UBND,provincial_committee,,,2025-13-01\r\n",
                    ImportMode::kCreate, false);
  const auto& row = Rejected(report);
  ASSERT_EQ(row.errors.size(), 1u);
  EXPECT_EQ(row.errors[0].field, "validFrom");
  EXPECT_EQ(row.errors[0].code, "date");
  EXPECT_NE(row.errors[0].message.find("ngày không hợp lệ"), std::string::npos);
  EXPECT_EQ(row.errors[0].message.find("YYYY-MM-DD"), std::string::npos);
  auto shape = Run(header_ + "000.00.00.H01,UBND tỉnh,UBND,provincial_committee,,,1/7/2025\r\n",
                   ImportMode::kCreate, false);
  EXPECT_EQ(Rejected(shape).errors.at(0).code, "format");
}

TEST_P(AgencyImportTest, ReimportingTheExportInUpdateModeChangesNothing) {
  std::string csv = header_ + province_ +
                    "000.00.01.H01,Sở Nội vụ,SNV,department,000.00.00.H01,+84 296 3852 000,"
                    "2025-07-01\r\n";
  ASSERT_TRUE(Run(csv, ImportMode::kCreate, true).ok);
  std::string exported;
  {
    auto tx = tdb_->db().BeginRead();
    exported = WriteAgencyCsv(service_.ExportRows(tx));
  }
  // The same file again, in create mode: every row collides.
  EXPECT_FALSE(Run(exported, ImportMode::kCreate, false).ok);
  // In update mode: nothing to do, nothing audited.
  auto audited = AuditCount();
  auto again = Run(exported, ImportMode::kUpsert, true);
  ASSERT_TRUE(again.ok) << Rejected(again).errors.at(0).message;
  EXPECT_EQ(again.unchanged, 2);
  EXPECT_EQ(again.created + again.updated, 0);
  for (const auto& row : again.rows) {
    EXPECT_EQ(row.action, ImportAction::kUnchanged);
  }
  EXPECT_EQ(AuditCount(), audited);
  EXPECT_EQ(Count(), 2);
}

TEST_P(AgencyImportTest, UpdateModeUpdatesMatchesCreatesTheRestAndClearsEmptiedCells) {
  ASSERT_TRUE(Run(header_ + province_ +
                      "000.00.01.H01,Sở Nội vụ,SNV,department,000.00.00.H01,0296 3852 000,"
                      "2025-07-01\r\n",
                  ImportMode::kCreate, true)
                  .ok);
  auto report = Run(header_ + province_ +
                        "000.00.01.H01,Sở Nội vụ tỉnh An Giang,SNV,department,000.00.00.H01,,"
                        "2025-07-01\r\n"
                        "000.00.02.H01,Sở Tư pháp,STP,department,000.00.00.H01,,2025-07-01\r\n",
                    ImportMode::kUpsert, true);
  ASSERT_TRUE(report.ok) << Rejected(report).errors.at(0).message;
  EXPECT_EQ(report.rows[0].action, ImportAction::kUnchanged);
  EXPECT_EQ(report.rows[1].action, ImportAction::kUpdated);
  EXPECT_EQ(report.rows[2].action, ImportAction::kCreated);
  EXPECT_EQ(report.imported, 2);
  auto tx = tdb_->db().BeginRead();
  auto snv = *service_.GetByCode(tx, "000.00.01.H01");
  EXPECT_EQ(snv.name, "Sở Nội vụ tỉnh An Giang");
  EXPECT_EQ(snv.phone, "") << "an emptied cell clears the field";
  EXPECT_EQ(Count(), 3);
}

TEST_P(AgencyImportTest, UpdateModeRefusesTheSameCodeAndDateTwiceInOneFile) {
  auto report =
      Run(header_ + province_ +
              "000.00.01.H01,Sở Nội vụ,SNV,department,000.00.00.H01,,2025-07-01\r\n"
              "000.00.01.H01,Sở Nội vụ (bản 2),SNV,department,000.00.00.H01,,2025-07-01\r\n",
          ImportMode::kUpsert, false);
  ASSERT_FALSE(report.ok);
  const auto& row = Rejected(report);
  EXPECT_EQ(row.row, 4);
  EXPECT_EQ(row.errors.at(0).field, "code");
  EXPECT_NE(row.errors.at(0).message.find("dòng 3"), std::string::npos) << row.errors[0].message;
}

TEST_P(AgencyImportTest, OkRowsCarryTheCodeDescentWarning) {
  auto report =
      Run(header_ + province_ +
              "000.00.05.H10,Chi cục mã tỉnh khác,CCK,other,000.00.00.H01,,2025-07-01\r\n",
          ImportMode::kCreate, false);
  ASSERT_TRUE(report.ok);
  EXPECT_TRUE(report.rows[0].warnings.empty());
  ASSERT_EQ(report.rows[1].warnings.size(), 1u);
  EXPECT_EQ(report.rows[1].warnings[0].code, "not_descendant");
}

INSTANTIATE_TEST_SUITE_P(Engines, AgencyImportTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::org
