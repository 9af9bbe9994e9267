// English renderings: work queues, the leader's view, reminders, delegation and comments of the
// documents module and their api routes (issue 10, item 5) (message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // documents/queue_service.cpp: queue names, the leader's view, reminders
    {"Chờ xử lý (chủ trì)", "To process (lead)"},
    {"Phối hợp xử lý", "To coordinate"},
    {"Để biết", "For information"},
    {"Chờ cho ý kiến chỉ đạo", "Awaiting instructions"},
    {"Dự thảo chờ duyệt", "Drafts to review"},
    {"Chờ ký", "To sign"},
    {"Chờ cấp số, phát hành", "To number and issue"},
    {"Chờ trình, bị trả lại", "To submit, or returned"},
    {"Chưa thuộc đơn vị", "No unit"},
    {"Toàn cơ quan", "Whole agency"},
    {"Chỉ lãnh đạo cơ quan mới xem được tình hình xử lý chung.",
     "Only the agency's leaders can see its overall progress."},
    {"Trường 'flag' phải là due_soon hoặc overdue.", "Field 'flag' must be due_soon or overdue."},
    {"Trường 'sort' phải là due hoặc newest.", "Field 'sort' must be due or newest."},
    {"Trường 'offset' không được âm.", "Field 'offset' must not be negative."},
    {"Văn bản sắp đến hạn xử lý (hạn {}).", "A document is due soon (due {})."},
    {"Văn bản đã quá hạn xử lý (hạn {}).", "A document is overdue (due {})."},
    {"hàng việc", "work queue"},
    {"Chức năng hàng việc văn bản chưa sẵn sàng.", "Document work queues are not available yet."},
    // documents/delegation_service.cpp
    {"Tiếp nhận văn bản", "Receive documents"},
    {"Cho ý kiến chỉ đạo, giao xử lý", "Instruct and assign"},
    {"Duyệt và ký văn bản", "Approve and sign documents"},
    {"Chỉ lãnh đạo cơ quan mới ủy quyền được.", "Only the agency's leaders can delegate."},
    {"Trường 'toUserId' phải là một cán bộ khác của cùng cơ quan.",
     "Field 'toUserId' must be another staff member of the same agency."},
    {"Trường 'rights' chỉ gồm receive, assign hoặc sign.",
     "Field 'rights' may only contain receive, assign or sign."},
    {"Trường 'rights' phải có ít nhất một quyền.", "Field 'rights' must have at least one right."},
    {"Trường 'startsOn' phải là ngày dạng YYYY-MM-DD.",
     "Field 'startsOn' must be a date as YYYY-MM-DD."},
    {"Trường 'endsOn' phải là ngày dạng YYYY-MM-DD.",
     "Field 'endsOn' must be a date as YYYY-MM-DD."},
    {"Trường 'endsOn' không được là ngày đã qua.", "Field 'endsOn' must not be a past date."},
    {"Trường 'endsOn' phải từ ngày bắt đầu đến tối đa 366 ngày sau đó.",
     "Field 'endsOn' must be from the start date to at most 366 days after it."},
    {"Trường 'reason' có tối đa 1000 ký tự.", "Field 'reason' has at most 1000 characters."},
    {"Trường 'reason' phải có từ 1 đến 1000 ký tự.",
     "Field 'reason' must have 1 to 1000 characters."},
    {"Ủy quyền cho {} ({}) từ {} đến {}: {}", "Delegated to {} ({}) from {} to {}: {}"},
    {"Bạn được ủy quyền thay lãnh đạo xử lý văn bản.",
     "You have been delegated to act for a leader on documents."},
    {"Chỉ người ủy quyền mới thu hồi được ủy quyền.",
     "Only the person who delegated can revoke the delegation."},
    {"Ủy quyền này đã được thu hồi.", "This delegation has already been revoked."},
    {"Thu hồi ủy quyền cho {}: {}", "Revoked the delegation to {}: {}"},
    {"Thu hồi ủy quyền cho {}.", "Revoked the delegation to {}."},
    {"Ủy quyền xử lý văn bản của bạn đã bị thu hồi.",
     "Your delegation to act on documents has been revoked."},
    {"{}, được ủy quyền bởi {}", "{}, delegated by {}"},
    {"ủy quyền", "delegation"},
    {"Chức năng ủy quyền chưa sẵn sàng.", "Delegation is not available yet."},
    // documents/comment_service.cpp
    {"Bạn không tham gia xử lý văn bản này.", "You take no part in handling this document."},
    {"Trường 'text' phải có từ 1 đến 2000 ký tự.", "Field 'text' must have 1 to 2000 characters."},
    {"Văn bản mật không nhận tệp kèm ý kiến.",
     "A confidential document takes no file with a comment."},
    {"Trường 'fileId' phải là tệp bạn vừa tải lên và chưa dùng.",
     "Field 'fileId' must be a file you uploaded and have not used yet."},
    {"{} (kèm tệp {})", "{} (with the file {})"},
};

}  // namespace

std::span<const MessageTranslation> EnglishQueueMessages() { return kMessages; }

}  // namespace cqdt::internal
