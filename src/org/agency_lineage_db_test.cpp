// Lineage (merged into / split from) and parent checks of AgencyService: no agency may be
// recorded as merged into or split from itself, its own descendant, or in a cycle of lineage;
// a child whose code does not descend from its parent's code gets a warning.
#include <gtest/gtest.h>

#include "agency_test_fixture.hpp"

namespace cqdt::org {
namespace {

class AgencyLineageTest : public AgencyServiceFixture {
 protected:
  // The field and code of the only error of a failed result.
  static std::pair<std::string, std::string> Refusal(const Result<Agency>& r) {
    EXPECT_FALSE(r);
    if (r) {
      return {};
    }
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().fields().size(), 1u);
    return {r.error().fields().at(0).field, r.error().fields().at(0).code};
  }
  AgencyInput Patch(std::optional<AgencyId> merged, std::optional<AgencyId> split) {
    AgencyInput p;
    p.merged_into_id = merged;
    p.split_from_id = split;
    return p;
  }
};

TEST_P(AgencyLineageTest, RefusesMergingIntoOrSplittingFromItself) {
  auto tx = tdb_->db().Begin();
  auto a = *service_.Create(tx, actor_, Province());
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(Refusal(service_.Update(tx, actor_, a.id, Patch(a.id, std::nullopt))),
            P("mergedIntoId", "self"));
  EXPECT_EQ(Refusal(service_.Update(tx, actor_, a.id, Patch(std::nullopt, a.id))),
            P("splitFromId", "self"));
  AgencyInput by_code;
  by_code.merged_into_code = "000.00.00.H01";
  EXPECT_EQ(Refusal(service_.Update(tx, actor_, a.id, by_code)), P("mergedIntoCode", "self"));
  EXPECT_FALSE(service_.Get(tx, a.id)->merged_into_id.IsSet());
}

TEST_P(AgencyLineageTest, RefusesMergingIntoOrSplittingFromADescendant) {
  auto tx = tdb_->db().Begin();
  auto province = *service_.Create(tx, actor_, Province());
  auto dept = *service_.Create(tx, actor_, Department(1, "Sở Nội vụ"));
  AgencyInput unit = Department(2, "Trung tâm thuộc Sở");
  unit.code = "000.01.01.H01";
  unit.parent_code = dept.code;
  auto grandchild = *service_.Create(tx, actor_, unit);
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(Refusal(service_.Update(tx, actor_, province.id, Patch(grandchild.id, std::nullopt))),
            P("mergedIntoId", "descendant"));
  EXPECT_EQ(Refusal(service_.Update(tx, actor_, province.id, Patch(std::nullopt, dept.id))),
            P("splitFromId", "descendant"));
  // Merging a department into its own province (an ancestor) is a real 2025 case: allowed.
  EXPECT_TRUE(service_.Update(tx, actor_, dept.id, Patch(province.id, std::nullopt)));
}

TEST_P(AgencyLineageTest, RefusesCyclesOfLineage) {
  auto tx = tdb_->db().Begin();
  auto province = *service_.Create(tx, actor_, Province());
  auto a = *service_.Create(tx, actor_, Department(1, "Sở A"));
  auto b = *service_.Create(tx, actor_, Department(2, "Sở B"));
  auto c = *service_.Create(tx, actor_, Department(3, "Sở C"));
  (void)province;
  using P = std::pair<std::string, std::string>;
  // a -> b (a merged into b), b -> c: then c merged into a closes the loop.
  ASSERT_TRUE(service_.Update(tx, actor_, a.id, Patch(b.id, std::nullopt)));
  ASSERT_TRUE(service_.Update(tx, actor_, b.id, Patch(c.id, std::nullopt)));
  EXPECT_EQ(Refusal(service_.Update(tx, actor_, c.id, Patch(a.id, std::nullopt))),
            P("mergedIntoId", "cycle"));
  // Split edges count too: a split from c means c -> a, which closes a -> b -> c -> a.
  EXPECT_EQ(Refusal(service_.Update(tx, actor_, a.id, Patch(std::nullopt, c.id))),
            P("splitFromId", "cycle"));
  // A longer loop through a split: d -> b (b split from d), b -> c; c merged into d closes it.
  auto d = *service_.Create(tx, actor_, Department(4, "Sở D"));
  ASSERT_TRUE(service_.Update(tx, actor_, b.id, Patch(std::nullopt, d.id)));
  EXPECT_EQ(Refusal(service_.Update(tx, actor_, c.id, Patch(d.id, std::nullopt))),
            P("mergedIntoId", "cycle"));
  // Nothing was changed by the refusals.
  EXPECT_FALSE(service_.Get(tx, c.id)->merged_into_id.IsSet());
  EXPECT_FALSE(service_.Get(tx, a.id)->split_from_id.IsSet());
}

TEST_P(AgencyLineageTest, NewAgencyMayNotMergeIntoWhatItSplitFromsSuccessor) {
  auto tx = tdb_->db().Begin();
  (void)*service_.Create(tx, actor_, Province());
  auto a = *service_.Create(tx, actor_, Department(1, "Sở A"));
  auto b = *service_.Create(tx, actor_, Department(2, "Sở B"));
  ASSERT_TRUE(service_.Update(tx, actor_, a.id, Patch(b.id, std::nullopt)));  // a -> b
  AgencyInput n = Department(3, "Sở mới");
  n.split_from_code = b.code;   // b -> n
  n.merged_into_code = a.code;  // n -> a -> b -> n
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(Refusal(service_.Create(tx, actor_, n)), P("mergedIntoCode", "cycle"));
  EXPECT_EQ(service_.List(tx, {"", "", true})->size(), 3u);
}

TEST_P(AgencyLineageTest, WarnsWhenAChildCodeDoesNotDescendFromItsParentCode) {
  auto tx = tdb_->db().Begin();
  auto province = *service_.Create(tx, actor_, Province());
  auto good = *service_.Create(tx, actor_, Department(5, "Sở Nông nghiệp và Môi trường"));
  EXPECT_TRUE(service_.Warnings(tx, good).empty());
  AgencyInput foreign = Department(5, "Chi cục của tỉnh khác");
  foreign.code = "000.00.05.H10";
  auto odd = service_.Create(tx, actor_, foreign);
  ASSERT_TRUE(odd) << "a warning, not an error: " << odd.error().message();
  auto warnings = service_.Warnings(tx, *odd);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].field, "code");
  EXPECT_EQ(warnings[0].code, "not_descendant");
  EXPECT_NE(warnings[0].message.find("000.00.05.H10"), std::string::npos);
  EXPECT_NE(warnings[0].message.find("000.00.00.H01"), std::string::npos);
  // Same depth as the parent, or no parent: nothing / a warning as appropriate.
  EXPECT_TRUE(service_.Warnings(tx, province).empty());
  AgencyInput sibling = Department(6, "Cùng cấp");
  sibling.code = "000.00.00.H02";
  auto s = *service_.Create(tx, actor_, sibling);
  EXPECT_EQ(service_.Warnings(tx, s).size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, AgencyLineageTest, ::testing::ValuesIn(db::testing::Engines()),
                         db::testing::EngineName);

}  // namespace
}  // namespace cqdt::org
