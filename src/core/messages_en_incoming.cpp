// English renderings: incoming documents — files, registration, the processing flow and their
// api routes (issue 10, item 2) (message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // documents/document_files.cpp
    {"Trường 'file': tệp PDF bị hỏng, bị mã hóa hoặc không đọc được.",
     "Field 'file': the PDF file is damaged, encrypted or unreadable."},
    {"Trường 'file': tệp PDF không có trang nào.", "Field 'file': the PDF file has no pages."},
    {"Trường 'file': chỉ nhận tệp PDF hoặc ảnh (PNG, JPEG, TIFF).",
     "Field 'file': only PDF files or images (PNG, JPEG, TIFF) are accepted."},
    {"Trường 'file': tệp trống.", "Field 'file': the file is empty."},
    {"Trường 'fileIds': tệp {} không tồn tại hoặc đã được dùng.",
     "Field 'fileIds': file {} does not exist or is already used."},
    // documents/incoming_service.cpp
    {"Trường '{}' ({}) phải có từ {} đến {} ký tự.",
     "Field '{}' ({}) must have {} to {} characters."},
    {"Trường '{}' phải là ngày dạng YYYY-MM-DD.", "Field '{}' must be a date as YYYY-MM-DD."},
    {"Chỉ văn thư của cơ quan nhận được vào sổ văn bản đến.",
     "Only the clerks of the receiving agency may register incoming documents."},
    {"Trường 'typeOrdinal' (loại văn bản) phải là số thứ tự từ 1 đến 29.",
     "Field 'typeOrdinal' (document type) must be an ordinal from 1 to 29."},
    {"trích yếu", "subject"},
    {"người ký", "signer"},
    {"chức vụ người ký", "signer's position"},
    {"ghi chú", "notes"},
    {"nơi nhận", "recipients"},
    {"cơ quan gửi", "sender"},
    {"Trường 'pageCount' phải từ 0 đến 10000.", "Field 'pageCount' must be from 0 to 10000."},
    {"Trường 'urgency' phải là normal, urgent, very_urgent hoặc express.",
     "Field 'urgency' must be normal, urgent, very_urgent or express."},
    {"Trường 'confidentiality' phải là none, confidential, secret hoặc top_secret.",
     "Field 'confidentiality' must be none, confidential, secret or top_secret."},
    {"Trường 'channel' phải là paper, electronic hoặc internal.",
     "Field 'channel' must be paper, electronic or internal."},
    {"Trường 'senderAgencyId': không có cơ quan này trong danh bạ.",
     "Field 'senderAgencyId': there is no such agency in the directory."},
    {"Trường 'fileIds' có tối đa 20 tệp.", "Field 'fileIds' holds at most 20 files."},
    {"Bạn không được ghi vào sổ '{}'.", "You may not write in the register '{}'."},
    {"Vào sổ '{}', số đến {}.", "Registered in '{}', arrival number {}."},
    {"Trường 'state' không phải trạng thái văn bản đến.",
     "Field 'state' is not a state of incoming documents."},
    // documents/assignment_service.cpp
    {"Trường '{}' phải có từ {} đến {} ký tự.", "Field '{}' must have {} to {} characters."},
    {"Văn bản đã được người khác thay đổi; hãy tải lại.",
     "Someone else changed the document; reload it."},
    {"Trường 'leaderId' phải là một lãnh đạo của cơ quan.",
     "Field 'leaderId' must be a leader of the agency."},
    {"Trình lãnh đạo: {}.", "Submitted to the leader: {}."},
    {"Có văn bản đến trình bạn cho ý kiến chỉ đạo.",
     "An incoming document is submitted to you for instructions."},
    {"Trường 'assignees' phải có từ 1 đến 50 người được giao.",
     "Field 'assignees' must have 1 to 50 assignees."},
    {"Trường '{}.role' phải là lead, coordinate hoặc info.",
     "Field '{}.role' must be lead, coordinate or info."},
    {"Trường '{}.userId' phải là cán bộ của cơ quan.",
     "Field '{}.userId' must be a staff member of the agency."},
    {"Trường 'assignees' phải có đúng một người chủ trì (lead).",
     "Field 'assignees' must have exactly one lead."},
    {"Trường 'dueInWorkingDays' phải từ 1 đến 365.",
     "Field 'dueInWorkingDays' must be from 1 to 365."},
    {"Trường 'dueDate' phải là ngày dạng YYYY-MM-DD.",
     "Field 'dueDate' must be a date as YYYY-MM-DD."},
    {"Giao xử lý, hạn {}: {}", "Assigned, due {}: {}"},
    {"Giao xử lý: {}", "Assigned: {}"},
    {"Bạn được giao xử lý một văn bản đến.", "An incoming document is assigned to you."},
    {"Bạn không được giao xử lý văn bản này.", "This document is not assigned to you."},
    {"Nhận xử lý.", "Accepted."},
    {"Xin gia hạn đến {}: {}", "Extension requested until {}: {}"},
    {"Có đề nghị gia hạn xử lý văn bản đến.",
     "An extension is requested for an incoming document."},
    {"Chỉ người chủ trì xử lý mới hoàn thành được văn bản.",
     "Only the lead assignee can complete the document."},
    {"Hoàn thành: {}", "Completed: {}"},
    {"Trả lại văn thư: {}", "Returned to the clerk: {}"},
    {"Một văn bản đến đã được trả lại văn thư.",
     "An incoming document was returned to the clerk."},
    // api/document_incoming_routes.cpp
    {"Chức năng văn bản đến chưa sẵn sàng.", "Incoming documents are not available yet."},
    {"Trường 'fileIds' phải là danh sách mã tệp.", "Field 'fileIds' must be a list of file ids."},
    {"Văn bản này có thể đã được vào sổ: trùng cơ quan gửi, số, ký hiệu và ngày ban hành. Gửi "
     "lại với confirmDuplicate để vẫn vào sổ.",
     "This document may already be registered: same sender, number, notation and issue date. "
     "Send it again with confirmDuplicate to register it anyway."},
    {"Thiếu tiêu đề If-Match: hãy gửi ETag của văn bản đã đọc để tránh ghi đè thay đổi của người "
     "khác.",
     "The If-Match header is missing: send the ETag of the document you read, so that nobody's "
     "change is overwritten."},
    {"Văn bản đã được người khác thay đổi; hãy tải lại rồi thao tác lại.",
     "Someone else changed the document; reload it and try again."},
    {"Trường 'assignees' phải là danh sách {userId, role} (role: lead, coordinate, info).",
     "Field 'assignees' must be a list of {userId, role} (role: lead, coordinate, info)."},
};

}  // namespace

std::span<const MessageTranslation> EnglishIncomingMessages() { return kMessages; }

}  // namespace cqdt::internal
