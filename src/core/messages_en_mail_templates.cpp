// English renderings: e-mail templates and the choice of notices received by e-mail (mailroom,
// issue 15 item 2) (message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // mailroom/templates.cpp
    {"Tiêu đề thư tiếng Việt", "The Vietnamese subject"},
    {"Tiêu đề thư tiếng Anh", "The English subject"},
    {"Nội dung thư tiếng Việt", "The Vietnamese body"},
    {"Nội dung thư tiếng Anh", "The English body"},
    {"{} phải nằm trên một dòng, không có ký tự điều khiển.",
     "{} must be a single line without control characters."},
    {"{} có trường thay thế viết sai: {}. Trường thay thế được viết dạng {{tên}}.",
     "{} has a malformed placeholder: {}. Placeholders are written as {{name}}."},
    {"{} có trường thay thế không được hỗ trợ: {}. Các trường được dùng: {}.",
     "{} has a placeholder that is not supported: {}. The placeholders are: {}."},
    {"{} có thẻ mở hoặc đóng đoạn không khớp: {}.", "{} has a section tag without its match: {}."},
    {"Mẫu thư điện tử không hợp lệ.", "The e-mail template is not valid."},
    {"Mỗi mẫu thư phải là một đối tượng JSON.", "Each e-mail template must be a JSON object."},
    {"Khóa này không được hỗ trợ trong mẫu thư.",
     "This key is not supported in an e-mail template."},
    {"{} phải là chuỗi ký tự.", "{} must be a string."},
    {"Loại thông báo của mẫu", "The template's notice kind"},
    {"Loại thông báo của mẫu phải là '*' hoặc gồm chữ thường không dấu, chữ số, dấu chấm, gạch "
     "dưới, bắt đầu bằng chữ, tối đa 64 ký tự.",
     "The template's notice kind must be '*' or consist of lower-case ASCII letters, digits, dots "
     "or underscores, start with a letter and have at most 64 characters."},
    {"Đối tượng nhận", "The audience"},
    {"Đối tượng nhận phải là citizen, staff hoặc all.",
     "The audience must be citizen, staff or all."},
    {"Trường required phải là true hoặc false.", "The field required must be true or false."},
    {"Tên mẫu tiếng Việt", "The Vietnamese template name"},
    {"Tên mẫu tiếng Anh", "The English template name"},
    {"Không đọc được tệp mẫu thư điện tử: {}.", "The e-mail template file could not be read: {}."},
    {"Tệp mẫu thư điện tử phải là một danh sách JSON các mẫu thư: {}.",
     "The e-mail template file must be a JSON list of templates: {}."},
    {"Loại thông báo này đã có ở một mẫu trước.",
     "An earlier template already has this notice kind."},
    {"Mẫu '{}': {}", "Template '{}': {}"},
    {"Tệp mẫu thư điện tử phải có mẫu dự phòng '*' cho các loại thông báo không có mẫu riêng.",
     "The e-mail template file must have the fallback template '*' for the notice kinds without "
     "their own."},
    {"Tệp mẫu thư điện tử không hợp lệ: {}.", "The e-mail template file is not valid: {}."},
    {"mẫu thư điện tử", "e-mail template"},
    // mailroom/preferences.cpp
    {"Liên kết hủy nhận thư không hợp lệ.", "The unsubscribe link is not valid."},
    {"Loại thông báo này không có trong danh sách để lựa chọn.",
     "This kind of notice is not one of those you can choose."},
    {"Đây là thông báo bắt buộc theo quy định, không thể tắt.",
     "This notice is required by law and cannot be turned off."},
};

}  // namespace

std::span<const MessageTranslation> EnglishMailTemplateMessages() { return kMessages; }

}  // namespace cqdt::internal
