// The catalogue on SQLite and PostgreSQL: versions by effective date, the unchanged publish, the
// used version that never changes, the all-or-nothing import, the public list with its filters.
#include <memory>

#include <gtest/gtest.h>

#include "db/testing.hpp"
#include "identity/identity_service.hpp"
#include "numbering/counter_service.hpp"
#include "onestop/catalogue_service.hpp"
#include "sql_procedure_repository.hpp"
#include "testing_procedures.hpp"

namespace cqdt::onestop {
namespace {

class CatalogueServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    tdb_ = std::make_unique<db::testing::TestDatabase>(GetParam(), 4);
    if (tdb_->skipped()) {
      GTEST_SKIP() << "CQDT_TEST_PG is not set";
    }
    std::vector<db::Migration> all;
    for (auto ms : {numbering::Migrations(), audit::Migrations(), org::Migrations(),
                    identity::Migrations(), Migrations()}) {
      all.insert(all.end(), ms.begin(), ms.end());
    }
    ASSERT_TRUE(db::Migrator(tdb_->db(), all).Apply());
    auto tx = tdb_->db().Begin();
    org::AgencyInput in;
    in.code = "000.00.31.H01";
    in.name = "UBND phuong Rach Gia";
    in.short_name = "RG";
    in.kind = "commune";
    auto a = agencies_.Create(tx, actor_, in);
    ASSERT_TRUE(a) << a.error().message();
    ward_ = a->id;
    ASSERT_TRUE(tx.Commit());
    admin_.realm = identity::Realm::kStaff;
    admin_.subject_id = 1;
    admin_.username = "quantri";
    admin_.roles = {identity::Role::kAdmin};
    clerk_ = admin_;
    clerk_.roles = {identity::Role::kCounterOfficer};
    clerk_.agency_id = ward_;
  }

  static ProcedureContent Birth() { return testing::BirthRegistration(); }

  static ProcedureContent Copy() {
    ProcedureContent c = Birth();
    c.code = c.national_code = "2.000815";
    c.name = "Chứng thực bản sao từ bản chính";
    c.sector_code = "BTP-CT";
    c.sector_name = "Chứng thực";
    c.unconfirmed.clear();
    c.channels = {{Channel::kDirect, {2, DeadlineUnit::kWorkingDays, ""}, {}, ""}};
    return c;
  }

  Result<Published> Publish(const ProcedureContent& c, const std::string& from,
                            const identity::Principal* p = nullptr) {
    auto tx = tdb_->db().Begin();
    auto out = catalogue_.Publish(tx, p ? *p : admin_, actor_, c, from);
    if (out) {
      EXPECT_TRUE(tx.Commit());
    }
    return out;
  }

  std::unique_ptr<db::testing::TestDatabase> tdb_;
  FakeClock clock_{FromUnixSeconds(1764200000)};  // 2025-11-27 06:33 in Vietnam
  audit::AuditLog audit_{clock_};
  org::AgencyService agencies_{audit_, clock_};
  CatalogueService catalogue_{audit_, agencies_, clock_};
  audit::Actor actor_{UserId(1), "quantri", AgencyId(), "", ""};
  identity::Principal admin_, clerk_;
  AgencyId ward_;
};

TEST_P(CatalogueServiceTest, AProcedureReadsBackAsPublished) {
  auto created = Publish(Birth(), "");
  ASSERT_TRUE(created) << created.error().message();
  EXPECT_EQ(created->outcome, PublishOutcome::kCreated);
  EXPECT_EQ(created->version.number, 1);
  EXPECT_EQ(created->version.effective_from, "2025-11-27");  // today in Vietnam
  EXPECT_EQ(created->version.content, Birth());
  auto tx = tdb_->db().BeginRead();
  auto current = catalogue_.Current(tx, "1.001193");
  ASSERT_TRUE(current);
  EXPECT_EQ(current->content, Birth());
  EXPECT_EQ(current->created_by, "quantri");
  EXPECT_EQ(catalogue_.Current(tx, "9.999999").error().code(), ErrorCode::kNotFound);
  // Not in force before its first day.
  EXPECT_EQ(catalogue_.Current(tx, "1.001193", "2025-11-26").error().code(), ErrorCode::kNotFound);
}

TEST_P(CatalogueServiceTest, TheVersionInForceNamesTheAgenciesAsTheyAreNow) {
  ASSERT_TRUE(Publish(Birth(), ""));
  AgencyId second;
  {
    auto tx = tdb_->db().Begin();
    org::AgencyInput in;
    in.code = "000.00.32.H01";
    in.name = "UBND phuong Vinh Thong";
    in.short_name = "VT";
    in.kind = "commune";
    auto a = agencies_.Create(tx, actor_, in);
    ASSERT_TRUE(a) << a.error().message();
    second = a->id;
    EXPECT_TRUE(catalogue_.Current(tx, "1.001193")->agencies.empty());
    ASSERT_TRUE(catalogue_.SetAgencies(tx, admin_, actor_, "1.001193", {second, ward_}));
    ASSERT_TRUE(tx.Commit());
  }
  for (int read = 0; read < 2; ++read) {  // the second read is served from the version cache
    auto tx = tdb_->db().BeginRead();
    auto current = catalogue_.Current(tx, "1.001193");
    ASSERT_TRUE(current);
    EXPECT_EQ(current->agencies, (std::vector<AgencyId>{ward_, second}));
  }
  auto tx = tdb_->db().Begin();
  ASSERT_TRUE(catalogue_.SetAgencies(tx, admin_, actor_, "1.001193", {second}));
  EXPECT_EQ(catalogue_.Current(tx, "1.001193")->agencies, std::vector<AgencyId>{second});
}

TEST_P(CatalogueServiceTest, OnlyAnAdministratorWritesTheCatalogue) {
  auto refused = Publish(Birth(), "", &clerk_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kPermissionDenied);
  auto tx = tdb_->db().Begin();
  EXPECT_EQ(catalogue_.Import(tx, clerk_, actor_, {}, "", false).error().code(),
            ErrorCode::kPermissionDenied);
}

TEST_P(CatalogueServiceTest, ANewVersionEndsTheOneBeforeAndEachDayHasOne) {
  ASSERT_TRUE(Publish(Birth(), "2025-11-27"));
  ProcedureContent changed = Birth();
  changed.channels[0].deadline.amount = 4;
  auto second = Publish(changed, "2026-01-01");
  ASSERT_TRUE(second) << second.error().message();
  EXPECT_EQ(second->outcome, PublishOutcome::kNewVersion);
  EXPECT_EQ(second->version.number, 2);
  auto tx = tdb_->db().BeginRead();
  auto versions = catalogue_.Versions(tx, "1.001193");
  ASSERT_TRUE(versions);
  ASSERT_EQ(versions->size(), 2U);
  EXPECT_EQ((*versions)[1].effective_to, "2025-12-31");
  EXPECT_EQ((*versions)[0].effective_to, "");
  EXPECT_EQ(catalogue_.Current(tx, "1.001193", "2025-12-31")->number, 1);
  EXPECT_EQ(catalogue_.Current(tx, "1.001193", "2026-01-01")->number, 2);
}

TEST_P(CatalogueServiceTest, PublishingTheSameContentTwiceChangesNothing) {
  ASSERT_TRUE(Publish(Birth(), ""));
  auto again = Publish(Birth(), "2026-02-01");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->outcome, PublishOutcome::kUnchanged);
  EXPECT_EQ(again->version.number, 1);
}

TEST_P(CatalogueServiceTest, AnUnusedVersionIsReplacedAUsedOneNever) {
  auto first = Publish(Birth(), "");
  ASSERT_TRUE(first);
  ProcedureContent changed = Birth();
  changed.name = "Đăng ký khai sinh";
  auto replaced = Publish(changed, "");
  ASSERT_TRUE(replaced) << replaced.error().message();
  EXPECT_EQ(replaced->outcome, PublishOutcome::kReplaced);
  EXPECT_EQ(replaced->version.id, first->version.id);
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(catalogue_.MarkUsed(tx, first->version.id));
    ASSERT_TRUE(tx.Commit());
  }
  changed.name = "Thủ tục đăng ký khai sinh (sửa)";
  auto same_day = Publish(changed, "");
  ASSERT_FALSE(same_day);
  EXPECT_EQ(same_day.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(same_day.error().fields().at(0).field, "effectiveFrom");
  auto back_dated = Publish(changed, "2025-11-20");
  ASSERT_FALSE(back_dated);
  auto tomorrow = Publish(changed, "2025-11-28");
  ASSERT_TRUE(tomorrow) << tomorrow.error().message();
  EXPECT_EQ(tomorrow->outcome, PublishOutcome::kNewVersion);
  auto tx = tdb_->db().BeginRead();
  EXPECT_EQ(catalogue_.Version(tx, first->version.id)->content.name, "Đăng ký khai sinh");
}

// A used version's lists are read once and then kept (receipts read one row instead of seven
// lists); what makes that safe is checked where content is replaced: never when used, even by
// a writer that read `used` before a receipt set it.
TEST_P(CatalogueServiceTest, AUsedVersionIsReadFromTheCacheAndNeverReplaced) {
  auto first = Publish(Birth(), "");
  ASSERT_TRUE(first);
  EXPECT_FALSE(first->version.used);
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(catalogue_.MarkUsed(tx, first->version.id));
    ASSERT_TRUE(tx.Commit());
  }
  for (int i = 0; i < 2; ++i) {  // the first read fills the cache, the second is answered by it
    auto tx = tdb_->db().BeginRead();
    auto v = catalogue_.Current(tx, "1.001193");
    ASSERT_TRUE(v);
    EXPECT_TRUE(v->used);
    EXPECT_EQ(v->content, Birth());
  }
  VersionContentCache cache;
  ProcedureContent lists;
  EXPECT_FALSE(cache.Get(first->version.id.value(), lists));
  {
    auto tx = tdb_->db().BeginRead();
    ASSERT_TRUE(ProcedureRepository(tx, &cache).Load(first->version.id));
  }
  ASSERT_TRUE(cache.Get(first->version.id.value(), lists));
  EXPECT_EQ(lists.channels, Birth().channels);
  EXPECT_EQ(lists.process, Birth().process);
  ProcedureContent changed = Birth();
  changed.name = "Đổi sau khi đã dùng";
  changed.process.clear();
  auto tx = tdb_->db().Begin();
  EXPECT_FALSE(ProcedureRepository(tx).ReplaceContent(first->version.id, changed, 1, "x"));
  auto v = ProcedureRepository(tx).Load(first->version.id);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->content, Birth());
}

TEST_P(CatalogueServiceTest, AnImportIsAllOrNothingWithAReportPerRow) {
  ProcedureContent bad = Copy();
  bad.channels[0].deadline.amount = -1;
  std::vector<ImportItem> items = {{1, Birth(), {}},
                                   {2, bad, {}},
                                   {3, Copy(), {{"level", "unknown", "Trường 'level' sai."}}},
                                   {4, Birth(), {}}};
  {
    auto tx = tdb_->db().Begin();
    auto report = catalogue_.Import(tx, admin_, actor_, items, "", false);
    ASSERT_TRUE(report) << report.error().message();
    EXPECT_FALSE(report->applied);
    EXPECT_EQ(report->failed, 3);
    ASSERT_EQ(report->rows.size(), 4U);
    EXPECT_TRUE(report->rows[0].errors.empty());
    EXPECT_EQ(report->rows[1].errors.at(0).field, "channels[0].deadline.amount");
    EXPECT_EQ(report->rows[2].errors.at(0).field, "level");
    EXPECT_EQ(report->rows[3].errors.at(0).code, "duplicate");  // the same code twice
  }
  {
    auto tx = tdb_->db().BeginRead();
    EXPECT_EQ(catalogue_.Current(tx, "1.001193").error().code(), ErrorCode::kNotFound);
  }
  std::vector<ImportItem> good = {{1, Birth(), {}}, {2, Copy(), {}}};
  for (int run = 0; run < 2; ++run) {  // twice: the second run changes nothing
    auto tx = tdb_->db().Begin();
    auto report = catalogue_.Import(tx, admin_, actor_, good, "", false);
    ASSERT_TRUE(report);
    EXPECT_TRUE(report->applied);
    EXPECT_EQ(report->created, run == 0 ? 2 : 0);
    EXPECT_EQ(report->unchanged, run == 0 ? 0 : 2);
    ASSERT_TRUE(tx.Commit());
  }
}

TEST_P(CatalogueServiceTest, TheListFiltersByWordsLevelSectorAndAgency) {
  ASSERT_TRUE(Publish(Birth(), ""));
  ASSERT_TRUE(Publish(Copy(), ""));
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(catalogue_.SetAgencies(tx, admin_, actor_, "2.000815", {ward_, ward_}));
    EXPECT_EQ(
        catalogue_.SetAgencies(tx, admin_, actor_, "2.000815", {AgencyId(999)}).error().code(),
        ErrorCode::kInvalidArgument);
    ASSERT_TRUE(tx.Commit());
  }
  auto tx = tdb_->db().BeginRead();
  CatalogueFilter f;
  auto all = catalogue_.List(tx, f);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->total, 2);
  EXPECT_EQ(all->items[0].code, "1.001193");
  ASSERT_TRUE(all->items[0].shortest);
  EXPECT_DOUBLE_EQ(all->items[0].shortest->amount, 0.5);  // half a day (4 h) beats 8 hours
  EXPECT_TRUE(all->items[0].has_unconfirmed);
  EXPECT_EQ(all->items[1].agency_count, 1);
  EXPECT_EQ(all->sectors.size(), 2U);
  f.query = "khai sinh";  // folded: matches "Thủ tục đăng ký khai sinh"
  EXPECT_EQ(catalogue_.List(tx, f)->total, 1);
  f.query = "CHUNG THUC";
  EXPECT_EQ(catalogue_.List(tx, f)->items.at(0).code, "2.000815");
  f.query.clear();
  f.agency = ward_;
  EXPECT_EQ(catalogue_.List(tx, f)->total, 1);
  f.agency = AgencyId();
  f.sector_code = "BTP-HOTICH";
  auto sector = catalogue_.List(tx, f);
  EXPECT_EQ(sector->total, 1);
  EXPECT_EQ(sector->sectors.size(), 2U);  // the sector counts ignore the sector filter
  f.sector_code.clear();
  f.level = Level::kProvince;
  EXPECT_EQ(catalogue_.List(tx, f)->total, 0);
  f.level.reset();
  f.on_date = "2025-11-26";  // before either took effect
  EXPECT_EQ(catalogue_.List(tx, f)->total, 0);
  f.on_date = "26/11/2025";
  EXPECT_EQ(catalogue_.List(tx, f).error().fields().at(0).field, "date");
}

TEST_P(CatalogueServiceTest, LifeEventsFilterTheCatalogueAndEachFacetIgnoresItsOwnFilter) {
  ASSERT_TRUE(Publish(Birth(), ""));
  ASSERT_TRUE(Publish(Copy(), ""));
  {
    auto tx = tdb_->db().Begin();
    ASSERT_TRUE(catalogue_.SetAgencies(tx, admin_, actor_, "1.001193", {ward_}));
    // Named by code; checked field by field, nothing written on an error.
    auto bad = catalogue_.SetLifeEvents(tx, admin_, actor_,
                                        {{"Sinh-Con", "Sinh con", "", {"1.001193"}},
                                         {"ket-hon", " ", "", {"9.999999", "1.001193", "1.001193"}},
                                         {"ket-hon", "Kết hôn", "", {}}});
    ASSERT_FALSE(bad);
    std::vector<std::string> fields;
    for (const auto& e : bad.error().fields()) {
      fields.push_back(e.field);
    }
    EXPECT_EQ(fields, (std::vector<std::string>{
                          "lifeEvents[0].code", "lifeEvents[1].name", "lifeEvents[1].procedures[0]",
                          "lifeEvents[1].procedures[2]", "lifeEvents[2].code"}));
    EXPECT_EQ(catalogue_.SetLifeEvents(tx, clerk_, actor_, {}).error().code(),
              ErrorCode::kPermissionDenied);
    EXPECT_TRUE(catalogue_.LifeEvents(tx)->empty());
    ASSERT_TRUE(catalogue_.SetLifeEvents(
        tx, admin_, actor_,
        {{"sinh-con", " Sinh con ", "Having a child", {"1.001193", "2.000815"}},
         {"ket-hon", "Kết hôn", "", {"2.000815"}}}));
    ASSERT_TRUE(tx.Commit());
  }
  auto tx = tdb_->db().BeginRead();
  auto events = catalogue_.LifeEvents(tx);
  ASSERT_EQ(events->size(), 2U);
  EXPECT_EQ(events->at(0).name, "Sinh con");  // trimmed
  EXPECT_EQ(events->at(0).procedures, (std::vector<std::string>{"1.001193", "2.000815"}));
  EXPECT_EQ(events->at(1).code, "ket-hon");
  CatalogueFilter f;
  f.life_event = "ket-hon";
  auto married = catalogue_.List(tx, f);
  ASSERT_TRUE(married);
  ASSERT_EQ(married->total, 1);
  EXPECT_EQ(married->items.at(0).code, "2.000815");
  // The event counts ignore the event filter; the sector counts and the agency counts follow it.
  ASSERT_EQ(married->life_events.size(), 2U);
  EXPECT_EQ(married->life_events[0].count, 2);
  EXPECT_EQ(married->life_events[1].count, 1);
  EXPECT_EQ(married->life_events[0].name_en, "Having a child");
  ASSERT_EQ(married->sectors.size(), 1U);
  EXPECT_EQ(married->sectors[0].name, "Chứng thực");
  EXPECT_TRUE(married->agencies.empty());  // 2.000815 has no agency
  f.life_event = "sinh-con";
  f.agency = ward_;
  auto born = catalogue_.List(tx, f);
  ASSERT_EQ(born->total, 1);
  EXPECT_EQ(born->items.at(0).code, "1.001193");
  ASSERT_EQ(born->agencies.size(), 1U);
  EXPECT_EQ(born->agencies[0].name, "UBND phuong Rach Gia");
  EXPECT_EQ(born->agencies[0].count, 1);
  EXPECT_EQ(born->life_events[0].count, 1);  // of the ward's procedures
  EXPECT_EQ(born->life_events[1].count, 0);
  f.life_event = "khong-co";
  EXPECT_EQ(catalogue_.List(tx, f).error().fields().at(0).field, "lifeEvent");
}

INSTANTIATE_TEST_SUITE_P(Engines, CatalogueServiceTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::onestop
