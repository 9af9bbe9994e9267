// English renderings: the notifications outbox (notify, issue 10 item 5) and its routes
// (api/notification_routes.cpp) (message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // notify/outbox.cpp
    {"Người nhận thông báo không hợp lệ.", "The recipient of the notice is not valid."},
    {"Loại thông báo phải gồm chữ thường không dấu, dấu chấm hoặc gạch dưới, bắt đầu bằng chữ, "
     "tối đa 64 ký tự.",
     "The kind of notice must consist of lower-case ASCII letters, dots or underscores, start with "
     "a letter and have at most 64 characters."},
    {"Nội dung thông báo tiếng Việt", "The notice text in Vietnamese"},
    {"Nội dung thông báo tiếng Anh", "The notice text in English"},
    {"Đường dẫn của thông báo phải là đường dẫn trong ứng dụng, bắt đầu bằng một dấu /, không có "
     "khoảng trắng, tối đa 500 ký tự.",
     "The notice's link must be a path inside the application, starting with a single /, without "
     "spaces, at most 500 characters."},
    {"Loại và mã đối tượng của thông báo phải có cả hai hoặc để trống cả hai.",
     "The notice's entity type and entity id must be given together or both left empty."},
    {"Loại đối tượng phải gồm chữ thường không dấu, dấu chấm hoặc gạch dưới, tối đa 64 ký tự.",
     "The entity type must consist of lower-case ASCII letters, dots or underscores, at most 64 "
     "characters."},
    {"Mã đối tượng phải là ký tự ASCII in được, không có khoảng trắng, tối đa 100 ký tự.",
     "The entity id must be printable ASCII characters without spaces, at most 100 characters."},
    {"Khóa chống trùng phải là ký tự ASCII in được, không có khoảng trắng, tối đa 200 ký tự.",
     "The deduplication key must be printable ASCII characters without spaces, at most 200 "
     "characters."},
    {"Thông báo không hợp lệ.", "The notice is not valid."},
    {"Số thông báo mỗi trang phải từ 1 đến 100.",
     "The number of notices per page must be between 1 and 100."},
    {"Chỉ đánh dấu được tối đa 500 thông báo mỗi lần.",
     "At most 500 notices can be marked at a time."},
    {"Mã thông báo phải là số nguyên dương.", "A notice id must be a positive integer."},
    // api/notification_routes.cpp
    {"Chức năng thông báo chưa sẵn sàng.", "Notifications are not available yet."},
    {"Tham số unread phải là true hoặc false.", "The unread parameter must be true or false."},
    {"Trường 'ids' phải là danh sách mã thông báo.",
     "The field 'ids' must be a list of notice ids."},
    {"Gửi danh sách mã thông báo (ids) hoặc all: true, không gửi cả hai.",
     "Send either a list of notice ids (ids) or all: true, not both."},
};

}  // namespace

std::span<const MessageTranslation> EnglishNotifyMessages() { return kMessages; }

}  // namespace cqdt::internal
