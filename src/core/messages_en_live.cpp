// English renderings: live notifications over server-sent events (issue 13, item 10): the
// stream caps (http/event_session.cpp) and their configuration (app/config.cpp)
// (message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // http/event_session.cpp
    {"Máy chủ đang có quá nhiều kết nối nhận tin trực tiếp. Vui lòng thử lại sau.",
     "The server has too many live update connections open. Please try again later."},
    {"Bạn đang mở quá nhiều kết nối nhận tin trực tiếp. Hãy đóng bớt các thẻ trình duyệt rồi "
     "thử lại.",
     "You have too many live update connections open. Close some browser tabs and try again."},
    // app/config.cpp
    {"server.event_streams_max và server.event_streams_per_person phải lớn hơn 0",
     "server.event_streams_max and server.event_streams_per_person must be greater than 0"},
};

}  // namespace

std::span<const MessageTranslation> EnglishLiveMessages() { return kMessages; }

}  // namespace cqdt::internal
