#include "documents/document.hpp"

#include <array>
#include <utility>

namespace cqdt::documents {
namespace {

// One table per enumeration: the stable code (database, JSON) and the Vietnamese label.
template <typename E, std::size_t N>
struct Names {
  std::array<std::pair<const char*, const char*>, N> rows;
  const char* Name(E e) const { return rows[static_cast<std::size_t>(e)].first; }
  const char* Label(E e) const { return rows[static_cast<std::size_t>(e)].second; }
  std::optional<E> Parse(std::string_view name) const {
    for (std::size_t i = 0; i < N; ++i) {
      if (name == rows[i].first) {
        return static_cast<E>(i);
      }
    }
    return std::nullopt;
  }
};

constexpr Names<Direction, 2> kDirections{
    {{{"incoming", "Văn bản đến"}, {"outgoing", "Văn bản đi"}}}};
// Decree 30/2020 art. 4 and Phụ lục I: Hỏa tốc > Thượng khẩn > Khẩn; anything else is ordinary.
constexpr Names<Urgency, 4> kUrgencies{{{{"normal", "Thường"},
                                         {"urgent", "Khẩn"},
                                         {"very_urgent", "Thượng khẩn"},
                                         {"express", "Hỏa tốc"}}}};
// Law on Protection of State Secrets 2018: Mật < Tối mật < Tuyệt mật.
constexpr Names<Confidentiality, 4> kConfidentialities{{{{"none", "Không mật"},
                                                         {"confidential", "Mật"},
                                                         {"secret", "Tối mật"},
                                                         {"top_secret", "Tuyệt mật"}}}};
constexpr Names<Channel, 3> kChannels{
    {{{"paper", "Bản giấy"}, {"electronic", "Điện tử"}, {"internal", "Nội bộ"}}}};
constexpr Names<IncomingState, 6> kIncomingStates{{{{"registered", "Đã vào sổ"},
                                                    {"submitted", "Chờ lãnh đạo cho ý kiến"},
                                                    {"assigned", "Đã giao xử lý"},
                                                    {"in_progress", "Đang xử lý"},
                                                    {"completed", "Đã xử lý xong"},
                                                    {"returned", "Bị trả lại văn thư"}}}};
constexpr Names<OutgoingState, 8> kOutgoingStates{{{{"draft", "Dự thảo"},
                                                    {"in_review", "Đang trình duyệt"},
                                                    {"approved", "Đã duyệt, chờ ký"},
                                                    {"signed", "Đã ký, chờ cấp số"},
                                                    {"numbered", "Đã cấp số"},
                                                    {"released", "Đã ban hành"},
                                                    {"recalled", "Đã thu hồi"},
                                                    {"replaced", "Đã bị thay thế"}}}};

}  // namespace

const char* DirectionName(Direction d) { return kDirections.Name(d); }
std::optional<Direction> ParseDirection(std::string_view n) { return kDirections.Parse(n); }
const char* DirectionLabel(Direction d) { return kDirections.Label(d); }

const char* UrgencyName(Urgency u) { return kUrgencies.Name(u); }
std::optional<Urgency> ParseUrgency(std::string_view n) { return kUrgencies.Parse(n); }
const char* UrgencyLabel(Urgency u) { return kUrgencies.Label(u); }

const char* ConfidentialityName(Confidentiality c) { return kConfidentialities.Name(c); }
std::optional<Confidentiality> ParseConfidentiality(std::string_view n) {
  return kConfidentialities.Parse(n);
}
const char* ConfidentialityLabel(Confidentiality c) { return kConfidentialities.Label(c); }

const char* ChannelName(Channel c) { return kChannels.Name(c); }
std::optional<Channel> ParseChannel(std::string_view n) { return kChannels.Parse(n); }
const char* ChannelLabel(Channel c) { return kChannels.Label(c); }

const char* IncomingStateName(IncomingState s) { return kIncomingStates.Name(s); }
std::optional<IncomingState> ParseIncomingState(std::string_view n) {
  return kIncomingStates.Parse(n);
}
const char* IncomingStateLabel(IncomingState s) { return kIncomingStates.Label(s); }

const char* OutgoingStateName(OutgoingState s) { return kOutgoingStates.Name(s); }
std::optional<OutgoingState> ParseOutgoingState(std::string_view n) {
  return kOutgoingStates.Parse(n);
}
const char* OutgoingStateLabel(OutgoingState s) { return kOutgoingStates.Label(s); }

bool IsStateOf(Direction direction, std::string_view name) {
  return direction == Direction::kIncoming ? ParseIncomingState(name).has_value()
                                           : ParseOutgoingState(name).has_value();
}

}  // namespace cqdt::documents
