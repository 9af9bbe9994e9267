#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "agency_test_fixture.hpp"
#include "org/agency_csv.hpp"

namespace cqdt::org {
namespace {

class AgencyServiceTest : public AgencyServiceFixture {};

TEST_P(AgencyServiceTest, CreatesWithDerivedLevelAndAuditEntry) {
  auto tx = tdb_->db().Begin();
  auto a = service_.Create(tx, actor_, Province());
  ASSERT_TRUE(a) << a.error().message();
  EXPECT_EQ(a->level(), AgencyLevel::kProvince);
  AgencyInput dept;
  dept.code = "000.00.01.H01";
  dept.name = "Sở Nội vụ";
  dept.short_name = "SNV";
  dept.kind = "department";
  dept.parent_code = "000.00.00.H01";
  auto d = service_.Create(tx, actor_, dept);
  ASSERT_TRUE(d) << d.error().message();
  EXPECT_EQ(d->parent_id, a->id);
  EXPECT_EQ(d->valid_from, "2025-11-27");  // today in Vietnam (UTC+7) by default
  auto page = audit_.List(tx, {});
  EXPECT_EQ(page->total, 2);
  EXPECT_EQ(page->items[0].action, "agency.create");
}

TEST_P(AgencyServiceTest, RejectsBadFieldsNamingEach) {
  auto tx = tdb_->db().Begin();
  AgencyInput in;
  in.code = "000.00.00.h01";
  in.name = "  ";
  in.short_name = "U B";
  in.kind = "ministry";
  in.email = "khong-phai-email";
  in.valid_from = "2025-02-30";
  auto r = service_.Create(tx, actor_, in);
  ASSERT_FALSE(r);
  std::set<std::string> fields;
  for (const auto& f : r.error().fields()) {
    fields.insert(f.field);
  }
  EXPECT_EQ(fields,
            (std::set<std::string>{"code", "name", "shortName", "kind", "email", "validFrom"}));
}

TEST_P(AgencyServiceTest, CodeUniqueOnlyAmongOverlappingValidity) {
  auto tx = tdb_->db().Begin();
  auto old_in = Province();
  old_in.code = "000.00.00.H33";
  old_in.name = "UBND tỉnh Kiên Giang";
  old_in.valid_from = "2000-01-01";
  old_in.valid_to = "2025-06-30";
  ASSERT_TRUE(service_.Create(tx, actor_, old_in));
  auto again = old_in;
  again.valid_from = "2025-07-01";
  again.valid_to = std::nullopt;
  EXPECT_TRUE(service_.Create(tx, actor_, again));  // reuse after the first one ended
  auto clash = again;
  clash.valid_from = "2026-01-01";
  auto r = service_.Create(tx, actor_, clash);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(r.error().fields().at(0).field, "code");
}

TEST_P(AgencyServiceTest, AsOfQueriesFollowEffectiveDates) {
  auto tx = tdb_->db().Begin();
  AgencyInput district = Province();
  district.code = "000.00.20.H33";
  district.name = "UBND huyện Phú Quốc";
  district.kind = "district";
  district.valid_from = "2000-01-01";
  district.valid_to = "2025-06-30";
  ASSERT_TRUE(service_.Create(tx, actor_, district));
  AgencyInput zone = Province();
  zone.code = "000.20.00.H01";
  zone.name = "UBND đặc khu Phú Quốc";
  zone.kind = "special_zone";
  zone.split_from_code = "000.00.20.H33";
  auto z = service_.Create(tx, actor_, zone);
  ASSERT_TRUE(z) << z.error().message();
  EXPECT_TRUE(z->split_from_id.IsSet());
  EXPECT_EQ(service_.List(tx, {"2025-06-30", "", false})->at(0).name, "UBND huyện Phú Quốc");
  EXPECT_EQ(service_.List(tx, {"2025-07-01", "", false})->at(0).name, "UBND đặc khu Phú Quốc");
  EXPECT_EQ(service_.List(tx, {"2025-07-01", "", true})->size(), 2u);
  EXPECT_FALSE(service_.List(tx, {"01/07/2025", "", false}));
}

TEST_P(AgencyServiceTest, RefusesParentCycle) {
  auto tx = tdb_->db().Begin();
  auto a = *service_.Create(tx, actor_, Province());
  AgencyInput child = Province();
  child.code = "000.00.01.H01";
  child.parent_id = a.id;
  auto c = *service_.Create(tx, actor_, child);
  AgencyInput patch;
  patch.parent_id = c.id;
  auto r = service_.Update(tx, actor_, a.id, patch);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().fields().at(0).code, "cycle");
}

TEST_P(AgencyServiceTest, ImportReportsEveryBadRowAndImportsNothing) {
  std::ifstream in(std::string(CQDT_TESTDATA_DIR) + "/import_mixed.csv");
  std::stringstream ss;
  ss << in.rdbuf();
  auto rows = ParseAgencyCsv(ss.str());
  ASSERT_TRUE(rows) << rows.error().message();
  ASSERT_EQ(rows->size(), 5u);
  {
    auto tx = tdb_->db().Begin();
    auto report = service_.Import(tx, actor_, *rows);
    EXPECT_FALSE(report.ok);
    EXPECT_EQ(report.imported, 0);
    std::vector<int> bad;
    for (const auto& r : report.rows) {
      if (!r.ok) {
        bad.push_back(r.row);
      }
    }
    EXPECT_EQ(bad, (std::vector<int>{4, 5, 6}));  // lines of the file; the header is line 1
    EXPECT_EQ(report.rows[3].errors.at(0).field, "kind");
  }  // not committed
  EXPECT_EQ(Count(), 0);
  rows->resize(2);
  auto tx = tdb_->db().Begin();
  auto report = service_.Import(tx, actor_, *rows);
  EXPECT_TRUE(report.ok);
  EXPECT_EQ(report.imported, 2);
  ASSERT_TRUE(tx.Commit());
  EXPECT_EQ(Count(), 2);
}

TEST_P(AgencyServiceTest, ExportRoundTripsThroughCsv) {
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(service_.Create(tx, actor_, Province()));
    AgencyInput d = Province();
    d.code = "000.00.01.H01";
    d.name = "Sở Nội vụ, \"khối\" tổng hợp";
    d.short_name = "SNV";
    d.kind = "department";
    d.parent_code = "000.00.00.H01";
    ASSERT_TRUE(service_.Create(tx, actor_, d));
    ASSERT_TRUE(tx.Commit());
  }
  auto tx = tdb_->db().BeginRead();
  std::string csv = WriteAgencyCsv(service_.ExportRows(tx));
  auto parsed = ParseAgencyCsv(csv);
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ(*parsed->at(1).name, "Sở Nội vụ, \"khối\" tổng hợp");
  EXPECT_EQ(*parsed->at(1).parent_code, "000.00.00.H01");
}

TEST_P(AgencyServiceTest, UnitsAreUniquePerAgency) {
  auto tx = tdb_->db().Begin();
  auto a = *service_.Create(tx, actor_, Province());
  UnitInput u;
  u.name = "Văn phòng";
  u.short_name = "VP";
  ASSERT_TRUE(service_.CreateUnit(tx, actor_, a.id, u));
  auto dup = service_.CreateUnit(tx, actor_, a.id, u);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(service_.ListUnits(tx, a.id)->size(), 1u);
  EXPECT_EQ(service_.CreateUnit(tx, actor_, AgencyId(999), u).error().code(), ErrorCode::kNotFound);
}

TEST_P(AgencyServiceTest, SnapshotSeesCommittedChangesAtOnce) {
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(service_.Create(tx, actor_, Province()));
    ASSERT_TRUE(tx.Commit());
  }
  AgencyId id;
  {
    auto tx = tdb_->db().BeginRead();
    auto all = service_.Search(tx, {"2025-07-01", "", false});
    ASSERT_EQ(all->size(), 1u);
    id = all->at(0).id;
  }
  EXPECT_EQ(service_.TryLookupCached(id)->name, "Ủy ban nhân dân tỉnh An Giang");
  AgencyInput rename;
  rename.name = "UBND tỉnh An Giang (mới)";
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(service_.Update(tx, actor_, id, rename));
    auto reader = tdb_->db().BeginRead();  // another request reloads before the commit
    (void)service_.Lookup(reader, id);
  }  // rolled back: the old name stays
  {
    auto tx = tdb_->db().BeginRead();
    EXPECT_EQ(service_.Lookup(tx, id)->name, "Ủy ban nhân dân tỉnh An Giang");
  }
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(service_.Update(tx, actor_, id, rename));
    ASSERT_TRUE(tx.Commit());
  }
  EXPECT_FALSE(service_.TryLookupCached(id));  // dropped at commit
  auto tx = tdb_->db().BeginRead();
  EXPECT_EQ(service_.Lookup(tx, id)->name, "UBND tỉnh An Giang (mới)");
}

TEST_P(AgencyServiceTest, SearchFoldsVietnameseAndSortsByDictionaryOrder) {
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(service_.Create(tx, actor_, Province()));
    int n = 1;
    for (const char* name : {"Sở Tư pháp", "Sở Nội vụ", "Đài Phát thanh", "Sở Du lịch"}) {
      AgencyInput d = Province();
      d.code = "000.00.0" + std::to_string(n++) + ".H01";
      d.name = name;
      d.short_name = "S" + std::to_string(n);
      d.kind = "department";
      d.parent_code = "000.00.00.H01";
      ASSERT_TRUE(service_.Create(tx, actor_, d));
    }
    ASSERT_TRUE(tx.Commit());
  }
  auto names = [&](const std::string& q) {
    auto tx = tdb_->db().BeginRead();
    auto list = service_.Search(tx, {"2025-07-01", q, false});
    EXPECT_TRUE(list) << q;
    std::vector<std::string> out;
    for (const auto& a : *list) {
      out.push_back(a.name);
    }
    // The transactional read agrees with the snapshot.
    auto direct = service_.List(tx, {"2025-07-01", q, false});
    EXPECT_EQ(direct->size(), out.size()) << q;
    return out;
  };
  EXPECT_EQ(names("noi vu"), std::vector<std::string>{"Sở Nội vụ"});
  EXPECT_EQ(names("NỘI VỤ"), std::vector<std::string>{"Sở Nội vụ"});
  EXPECT_EQ(names("dai"), std::vector<std::string>{"Đài Phát thanh"});
  EXPECT_EQ(names("h01 so"), (std::vector<std::string>{"Sở Du lịch", "Sở Nội vụ", "Sở Tư pháp"}));
  // Dictionary order: Đ after D, and "Ủy ban" after "Sở" (U after S).
  EXPECT_EQ(names(""), (std::vector<std::string>{"Đài Phát thanh", "Sở Du lịch", "Sở Nội vụ",
                                                 "Sở Tư pháp", "Ủy ban nhân dân tỉnh An Giang"}));
  auto tx = tdb_->db().BeginRead();
  auto bad = service_.Search(tx, {"", "\xC3\x28", false});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().fields().at(0).field, "q");
}

INSTANTIATE_TEST_SUITE_P(Engines, AgencyServiceTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::org
