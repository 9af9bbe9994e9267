// The state machines of incoming and outgoing documents, checked for every (state, action, role)
// against the tables in testdata/ (a rule change is a change of those files).
#include "documents/document_state.hpp"

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include <gtest/gtest.h>

namespace cqdt::documents {
namespace {

constexpr RouteRole kRoles[] = {RouteRole::kClerk,   RouteRole::kLeader,   RouteRole::kAssignee,
                                RouteRole::kDrafter, RouteRole::kReviewer, RouteRole::kSigner};

struct Rule {
  std::string next;
  std::set<std::string> roles;
};

// "<state> <action>" -> rule, from a testdata table.
std::map<std::pair<std::string, std::string>, Rule> LoadTable(const std::string& name) {
  std::ifstream in(std::string(CQDT_TESTDATA_DIR) + "/" + name);
  EXPECT_TRUE(in) << name;
  std::map<std::pair<std::string, std::string>, Rule> table;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    std::istringstream fields(line);
    std::string state, action, next, roles;
    fields >> state >> action >> next >> roles;
    Rule rule{next, {}};
    std::istringstream list(roles);
    for (std::string role; std::getline(list, role, ',');) {
      rule.roles.insert(role);
    }
    EXPECT_TRUE(table.emplace(std::make_pair(state, action), rule).second) << line;
  }
  return table;
}

template <typename State, typename Action, typename Next, typename StateName, typename ActionName>
void CheckEveryPair(const std::string& file, const std::vector<State>& states,
                    const std::vector<Action>& actions, Next next, StateName state_name,
                    ActionName action_name) {
  const auto table = LoadTable(file);
  std::size_t allowed = 0;
  for (State s : states) {
    for (Action a : actions) {
      const auto rule = table.find({state_name(s), action_name(a)});
      for (RouteRole role : kRoles) {
        SCOPED_TRACE(std::string(state_name(s)) + " " + action_name(a) + " as " +
                     RouteRoleName(role));
        auto r = next(s, a, role);
        if (rule == table.end()) {
          ASSERT_FALSE(r);
          EXPECT_EQ(r.error().code(), ErrorCode::kFailedPrecondition);
        } else if (rule->second.roles.count(RouteRoleName(role)) > 0) {
          ASSERT_TRUE(r) << r.error().message();
          EXPECT_EQ(state_name(*r), rule->second.next);
          ++allowed;
        } else {
          ASSERT_FALSE(r);
          EXPECT_EQ(r.error().code(), ErrorCode::kPermissionDenied);
        }
      }
    }
  }
  std::size_t expected = 0;
  for (const auto& [key, rule] : table) {
    expected += rule.roles.size();
  }
  EXPECT_EQ(allowed, expected) << "every row of " << file << " names a real state and action";
}

TEST(DocumentStateTest, Decree30Art20To24_IncomingTransitionsForEveryStateActionAndRole) {
  CheckEveryPair("incoming_transitions.txt", AllIncomingStates(), AllIncomingActions(),
                 NextIncomingState, IncomingStateName, IncomingActionName);
}

TEST(DocumentStateTest, Decree30Art10To18_OutgoingTransitionsForEveryStateActionAndRole) {
  CheckEveryPair("outgoing_transitions.txt", AllOutgoingStates(), AllOutgoingActions(),
                 NextOutgoingState, OutgoingStateName, OutgoingActionName);
}

// A number is never taken back: a numbered document cannot return to draft, and a released one
// only leaves "released" by recall or replacement (art. 18.3-18.4).
TEST(DocumentStateTest, NumberedDocumentsAreNeverReturnedToDraft) {
  for (RouteRole role : kRoles) {
    EXPECT_FALSE(NextOutgoingState(OutgoingState::kNumbered, OutgoingAction::kReturn, role));
    EXPECT_FALSE(NextOutgoingState(OutgoingState::kReleased, OutgoingAction::kReturn, role));
  }
}

TEST(DocumentStateTest, RefusalsSayWhatAndInWhichStateInVietnamese) {
  auto r =
      NextIncomingState(IncomingState::kCompleted, IncomingAction::kAssign, RouteRole::kLeader);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message(), "Không thể giao xử lý khi văn bản ở trạng thái 'Đã xử lý xong'.");
}

TEST(DocumentModelTest, EnumCodesRoundTripAndEveryValueHasALabel) {
  for (auto s : AllIncomingStates()) {
    EXPECT_EQ(ParseIncomingState(IncomingStateName(s)), s);
    EXPECT_STRNE(IncomingStateLabel(s), "");
    EXPECT_TRUE(IsStateOf(Direction::kIncoming, IncomingStateName(s)));
  }
  for (auto s : AllOutgoingStates()) {
    EXPECT_EQ(ParseOutgoingState(OutgoingStateName(s)), s);
    EXPECT_STRNE(OutgoingStateLabel(s), "");
    EXPECT_TRUE(IsStateOf(Direction::kOutgoing, OutgoingStateName(s)));
  }
  EXPECT_FALSE(IsStateOf(Direction::kIncoming, "draft"));
  EXPECT_FALSE(IsStateOf(Direction::kOutgoing, "registered"));
  for (auto u : {Urgency::kNormal, Urgency::kUrgent, Urgency::kVeryUrgent, Urgency::kExpress}) {
    EXPECT_EQ(ParseUrgency(UrgencyName(u)), u);
  }
  for (auto c : {Confidentiality::kNone, Confidentiality::kConfidential, Confidentiality::kSecret,
                 Confidentiality::kTopSecret}) {
    EXPECT_EQ(ParseConfidentiality(ConfidentialityName(c)), c);
    EXPECT_EQ(IsConfidential(c), c != Confidentiality::kNone);
  }
  for (auto c : {Channel::kPaper, Channel::kElectronic, Channel::kInternal}) {
    EXPECT_EQ(ParseChannel(ChannelName(c)), c);
  }
  EXPECT_EQ(ParseDirection("outgoing"), Direction::kOutgoing);
  EXPECT_FALSE(ParseUrgency("Khẩn"));  // codes, not labels
  EXPECT_STREQ(UrgencyLabel(Urgency::kExpress), "Hỏa tốc");
  EXPECT_STREQ(ConfidentialityLabel(Confidentiality::kTopSecret), "Tuyệt mật");
}

}  // namespace
}  // namespace cqdt::documents
