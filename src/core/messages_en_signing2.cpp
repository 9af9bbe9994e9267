// English renderings: outgoing documents' token and batch signing, DOCX drafts, attachments and
// consultation (issue 10, item 3, second round) (message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // documents/outgoing.cpp: file roles
    {"Dự thảo (tệp Word)", "Draft (Word file)"},
    {"Phụ lục", "Attachment"},
    {"Phụ lục đã đóng dấu", "Sealed attachment"},
    // documents/token_signing_service.cpp
    {"Máy chủ chưa cấu hình ký bằng USB token.",
     "Signing with a USB token is not configured on this server."},
    {"lần chuẩn bị ký", "signature preparation"},
    {"Chữ ký này đã được hoàn tất trước đó.", "This signature was completed already."},
    {"Dự thảo đã thay đổi sau khi chuẩn bị ký; vui lòng ký lại bản mới.",
     "The draft changed after the signature was prepared; please sign the new version."},
    {"Người có thẩm quyền đã ký văn bản bằng chữ ký số cá nhân (USB token).",
     "The competent person signed the document with their personal digital signature (USB "
     "token)."},
    // documents/docx.cpp
    {"Tệp dự thảo phải là tệp PDF hoặc tệp Word (DOCX) hợp lệ.",
     "The draft file must be a valid PDF or Word (DOCX) file."},
    {"Tệp Word (DOCX) giải nén ra quá lớn; hệ thống không xử lý tệp này.",
     "The Word (DOCX) file decompresses to too much data; the system does not process it."},
    {"Tệp Word (DOCX) được đặt mật khẩu; hãy gửi bản không mật khẩu.",
     "The Word (DOCX) file is password-protected; please send it without a password."},
    {"Máy chủ chưa cài LibreOffice nên chưa chuyển được tệp Word sang PDF.",
     "LibreOffice is not installed on the server, so Word files cannot be converted to PDF."},
    {"Máy chủ đang chuyển đổi nhiều tệp Word; vui lòng thử lại sau ít phút.",
     "The server is converting several Word files; please try again in a few minutes."},
    {"Không tạo được tệp tạm để chuyển đổi tệp Word.",
     "A temporary file for converting the Word file could not be created."},
    {"Không chạy được LibreOffice để chuyển đổi tệp Word.",
     "LibreOffice could not be started to convert the Word file."},
    {"Không chuyển được tệp Word sang PDF trong thời gian cho phép.",
     "The Word file could not be converted to PDF within the time allowed."},
    {"Không chuyển được tệp Word sang PDF: tệp có thể bị hỏng.",
     "The Word file could not be converted to PDF: the file may be damaged."},
    // documents/draft_file_service.cpp
    {"{} vượt quá 50 MB.", "{} is larger than 50 MB."},
    {"{} phải là tệp PDF.", "{} must be a PDF file."},
    {"{} không đọc được như một tệp PDF hợp lệ: {}", "{} cannot be read as a valid PDF file: {}"},
    {"Bản PDF chuyển từ tệp Word", "The PDF converted from the Word file"},
    {"Tệp phụ lục", "The attachment file"},
    {"Chỉ thêm được tệp khi văn bản đang là dự thảo; văn bản này đang ở bước khác.",
     "Files can be added only while the document is a draft; this document is at another step."},
    {"Chỉ người soạn thảo mới thêm được tệp của dự thảo.",
     "Only the drafter can add files to the draft."},
    {"Thêm bản dự thảo số {} (tệp Word, đã chuyển sang PDF).",
     "Added draft version {} (a Word file, converted to PDF)."},
    {"Văn bản có tối đa 20 phụ lục.", "A document has at most 20 attachments."},
    {"Thêm phụ lục số {}: {}.", "Added attachment {}: {}."},
    {"Phụ lục kèm theo văn bản {}", "Attachment to document {}"},
    // documents/consultation_service.cpp, review_service.cpp
    {"Chỉ xin ý kiến góp ý được khi dự thảo đang được duyệt.",
     "Comments can be requested only while the draft is in review."},
    {"Chỉ xin ý kiến góp ý được trước khi dự thảo đến lượt người ký duyệt.",
     "Comments can be requested only before the draft reaches the signer."},
    {"Chỉ người soạn thảo hoặc lãnh đạo đơn vị soạn thảo mới xin ý kiến góp ý được.",
     "Only the drafter or the head of the drafting unit can request comments."},
    {"Nội dung xin ý kiến", "The request for comments"},
    {"Trường 'reviewerIds' phải gồm từ 1 đến 20 cán bộ của cơ quan (không phải người soạn thảo, "
     "người ký hay người đã được xin ý kiến).",
     "The field 'reviewerIds' must list 1 to 20 staff members of the agency (not the drafter, the "
     "signer or someone asked already)."},
    {"Xin ý kiến góp ý cho dự thảo.", "Requested comments on the draft."},
    {"Xin ý kiến góp ý cho dự thảo: {}", "Requested comments on the draft: {}"},
    {"Dự thảo “{}” xin ý kiến góp ý của bạn.", "The draft “{}” asks for your comments."},
    {"Dự thảo này không chờ ý kiến góp ý của bạn.", "This draft is not waiting for your comments."},
    {"Ý kiến góp ý", "The comment"},
    {"Đồng ý với dự thảo.", "Agreed with the draft."},
    {"Đồng ý với dự thảo: {}", "Agreed with the draft: {}"},
    {"Góp ý cho dự thảo: {}", "Commented on the draft: {}"},
    {"Dự thảo “{}” đã có ý kiến góp ý.", "The draft “{}” has received comments."},
    {"Dự thảo “{}” đã được lãnh đạo đơn vị duyệt, chờ ý kiến góp ý.",
     "The draft “{}” was approved by the unit head and is waiting for comments."},
    {"Dự thảo đã bị trả lại trước khi có ý kiến góp ý.",
     "The draft was returned before comments were given."},
    // api/document_signing_routes.cpp
    {"Trường '{}' phải là danh sách từ 1 đến 50 văn bản, mỗi văn bản có 'id' và 'version' (số).",
     "The field '{}' must be a list of 1 to 50 documents, each with 'id' and 'version' (numbers)."},
    {"Trường 'preparationId' (mã lần chuẩn bị ký) là bắt buộc.",
     "The field 'preparationId' (the signature preparation's id) is required."},
    {"Trường 'reviewerIds' phải là danh sách từ 1 đến 20 mã cán bộ.",
     "The field 'reviewerIds' must be a list of 1 to 20 staff ids."},
};

}  // namespace

std::span<const MessageTranslation> EnglishSigning2Messages() { return kMessages; }

}  // namespace cqdt::internal
