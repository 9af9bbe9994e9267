// The delivery status of a recipient (edXML §7.2-7.3), checked for every (current, reported)
// pair against testdata/delivery_transitions.txt (a rule change is a change of that file).
#include "documents/delivery.hpp"

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace cqdt::documents {
namespace {

TEST(DeliveryStatusTest, EveryPairFollowsTheTable) {
  std::ifstream in(std::string(CQDT_TESTDATA_DIR) + "/delivery_transitions.txt");
  ASSERT_TRUE(in);
  std::vector<std::string> columns;
  std::map<std::pair<std::string, std::string>, std::string> expected;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    std::istringstream fields(line);
    std::string head;
    fields >> head;
    if (head == "current") {
      for (std::string c; fields >> c;) {
        columns.push_back(c);
      }
      continue;
    }
    std::size_t i = 0;
    for (std::string cell; fields >> cell; ++i) {
      ASSERT_LT(i, columns.size()) << line;
      expected[{head, columns[i]}] = cell;
    }
    EXPECT_EQ(i, columns.size()) << line;
  }
  const auto& all = AllDeliveryStatuses();
  ASSERT_EQ(columns.size(), all.size());
  ASSERT_EQ(expected.size(), all.size() * all.size());
  for (DeliveryStatus current : all) {
    for (DeliveryStatus reported : all) {
      const std::string from = DeliveryStatusCode(current);
      const std::string to = DeliveryStatusCode(reported);
      SCOPED_TRACE(from + " <- " + to);
      const auto cell = expected.find({from, to});
      ASSERT_NE(cell, expected.end());
      auto next = NextDeliveryStatus(current, reported);
      if (cell->second == "x") {
        ASSERT_FALSE(next);
        EXPECT_EQ(next.error().code(), ErrorCode::kFailedPrecondition);
        EXPECT_NE(next.error().message().find(DeliveryStatusLabel(reported)), std::string::npos);
      } else {
        ASSERT_TRUE(next) << next.error().message();
        EXPECT_EQ(*next, cell->second == ">" ? reported : current);
      }
    }
  }
}

TEST(DeliveryStatusTest, CodesRoundTripAndAreEdxmlCodes) {
  for (DeliveryStatus s : AllDeliveryStatuses()) {
    EXPECT_EQ(ParseDeliveryStatus(DeliveryStatusCode(s)), s);
    EXPECT_STRNE(DeliveryStatusLabel(s), "");
  }
  EXPECT_EQ(std::string(DeliveryStatusCode(DeliveryStatus::kReceived)), "01");
  EXPECT_EQ(std::string(DeliveryStatusCode(DeliveryStatus::kRecallRequested)), "13");
  EXPECT_EQ(std::string(DeliveryStatusCode(DeliveryStatus::kRecallRefused)), "16");
  EXPECT_FALSE(ParseDeliveryStatus("07"));
  EXPECT_FALSE(ParseDeliveryStatus(""));
}

TEST(DeliveryStatusTest, ManualChannels) {
  EXPECT_EQ(ParseManualChannel("email"), ManualChannel::kEmail);
  EXPECT_EQ(ParseManualChannel("paper"), ManualChannel::kPaper);
  EXPECT_FALSE(ParseManualChannel("fax"));
}

}  // namespace
}  // namespace cqdt::documents
