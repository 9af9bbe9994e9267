// English renderings: units and forwarding, completion with an answer, extension decisions, the
// "ĐẾN" stamp download, confidential files and grants (issue 10, items 2 and 6)
// (message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // documents/assignment_service.cpp: a unit as assignee
    {"Trường '{}.unitId' phải là đơn vị của cơ quan có lãnh đạo đơn vị.",
     "Field '{}.unitId' must be a unit of the agency that has a unit head."},
    // documents/processing_service.cpp
    {"Chỉ chuyển tiếp được văn bản đang được giao hoặc đang xử lý.",
     "Only a document that is assigned or in progress can be forwarded."},
    {"Trường 'assignmentId' phải là phần việc đang mở của bạn.",
     "Field 'assignmentId' must be an open assignment of yours."},
    {"Bạn không thuộc đơn vị nào nên không chuyển tiếp được văn bản.",
     "You belong to no unit, so you cannot forward the document."},
    {"Trường '{}.role' vượt quá vai trò của phần việc được chuyển tiếp.",
     "Field '{}.role' goes beyond the role of the assignment being forwarded."},
    {"Trường '{}.userId' phải là cán bộ khác trong cùng đơn vị.",
     "Field '{}.userId' must be another staff member of the same unit."},
    {"Trường 'assignees' chỉ được có một người chủ trì (lead).",
     "Field 'assignees' may have only one lead."},
    {"Chuyển tiếp cho {}: {}", "Forwarded to {}: {}"},
    {"Chuyển tiếp cho {}.", "Forwarded to {}."},
    {"Trường 'answerDocumentId' phải là một văn bản đi của cơ quan.",
     "Field 'answerDocumentId' must be an outgoing document of the agency."},
    {"Hoàn thành: {} (văn bản trả lời: {})", "Completed: {} (answering document: {})"},
    {"Hoàn thành (văn bản trả lời: {})", "Completed (answering document: {})"},
    {"Hoàn thành", "Completed"},
    {"Một văn bản đến bạn giao đã được xử lý xong.",
     "An incoming document you assigned has been completed."},
    {"Trường 'assignmentId' không phải phần việc của văn bản này.",
     "Field 'assignmentId' is not an assignment of this document."},
    {"Chỉ người giao việc hoặc lãnh đạo cơ quan mới quyết định việc gia hạn.",
     "Only the person who made the assignment or a leader of the agency decides on an "
     "extension."},
    {"Phần việc này không có đề nghị gia hạn đang chờ.",
     "This assignment has no pending extension request."},
    {"Đồng ý gia hạn đến {}: {}", "Extension approved until {}: {}"},
    {"Đồng ý gia hạn đến {}.", "Extension approved until {}."},
    {"Không đồng ý gia hạn: {}", "Extension refused: {}"},
    {"Đề nghị gia hạn xử lý văn bản đến của bạn được đồng ý.",
     "Your request for more time on an incoming document was approved."},
    {"Đề nghị gia hạn xử lý văn bản đến của bạn không được đồng ý.",
     "Your request for more time on an incoming document was refused."},
    // documents/incoming_service.cpp: confidential files (decision 0009)
    {"Máy chủ này không lưu tệp của văn bản mật: vào sổ văn bản mật không kèm tệp; bản giấy được "
     "quản lý theo chế độ mật.",
     "This server does not keep files of confidential documents: register a confidential "
     "document without files; its paper is kept under the secrecy rules."},
    // documents/arrival_stamp.cpp
    {"Chỉ đóng dấu ĐẾN được lên bản PDF của văn bản đến (bản chính hoặc bản quét).",
     "The arrival stamp can only be put on a PDF of an incoming document (the main file or a "
     "scan)."},
    // documents/grant_service.cpp
    {"Chỉ lãnh đạo cơ quan mới cho phép hoặc thu hồi quyền xem văn bản.",
     "Only a leader of the agency grants or revokes access to a document."},
    {"Trường 'reason' (lý do) phải có từ 1 đến 1000 ký tự.",
     "Field 'reason' (the reason) must have 1 to 1000 characters."},
    {"Cho phép {} xem văn bản: {}", "{} was granted access to the document: {}"},
    {"Trường 'userId' phải là cán bộ của cơ quan.",
     "Field 'userId' must be a staff member of the agency."},
    {"Bạn được cho phép xem một văn bản đến.", "You were granted access to an incoming document."},
    {"quyền xem", "access grant"},
    {"Thu hồi quyền xem văn bản của {}: {}", "Access to the document revoked for {}: {}"},
    // api: the incoming routes
    {"Trường 'assignees' phải là danh sách {userId hoặc unitId, role} (role: lead, coordinate, "
     "info).",
     "Field 'assignees' must be a list of {userId or unitId, role} (role: lead, coordinate, "
     "info)."},
    {"Trường 'stamp' chỉ nhận giá trị arrival.", "Field 'stamp' only takes the value arrival."},
    {"Trường 'decision' phải là approve hoặc refuse.",
     "Field 'decision' must be approve or refuse."},
};

}  // namespace

std::span<const MessageTranslation> EnglishProcessingMessages() { return kMessages; }

}  // namespace cqdt::internal
