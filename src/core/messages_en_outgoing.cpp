// English renderings: outgoing documents (issue 10, item 3) — drafts, file versions, reviews,
// the signature and the issue (documents/outgoing*.cpp, documents/review_service.cpp,
// api/document_outgoing_routes.cpp; message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // documents/outgoing.cpp: labels
    {"Lãnh đạo đơn vị", "Unit head"},
    {"Góp ý", "Consultation"},
    {"Lãnh đạo ký", "Signing leader"},
    {"Chờ duyệt", "Awaiting review"},
    {"Đã duyệt", "Approved"},
    {"Trả lại", "Returned"},
    {"Bản đã ký", "Signed copy"},
    {"Bản phát hành", "Issued copy"},
    // documents/outgoing_service.cpp: draft fields
    {"Trường 'typeOrdinal' (loại văn bản) là bắt buộc.",
     "The field 'typeOrdinal' (document type) is required."},
    {"Trường 'typeOrdinal' phải là số thứ tự loại văn bản (1 đến 29).",
     "The field 'typeOrdinal' must be the number of a document type (1 to 29)."},
    {"Trường 'subject' (trích yếu) là bắt buộc.", "The field 'subject' (summary) is required."},
    {"Trích yếu", "Summary"},
    {"Ghi chú", "Note"},
    {"Tên tệp", "File name"},
    {"Địa danh", "Place name"},
    {"Nơi nhận", "Recipient"},
    {"Ý kiến", "Comment"},
    {"Trường 'urgency' (độ khẩn) phải là normal, urgent, very_urgent hoặc express.",
     "The field 'urgency' must be normal, urgent, very_urgent or express."},
    {"Trường 'confidentiality' (độ mật) phải là none, confidential, secret hoặc top_secret.",
     "The field 'confidentiality' must be none, confidential, secret or top_secret."},
    {"Trường 'draftingUnitId' phải là một đơn vị của cơ quan.",
     "The field 'draftingUnitId' must be a unit of the agency."},
    {"Trường 'signerId' phải là một lãnh đạo của cơ quan (người ký).",
     "The field 'signerId' must be a leader of the agency (the signer)."},
    {"Trường 'recipients' có tối đa 100 nơi nhận.",
     "The field 'recipients' holds at most 100 recipients."},
    {"Trường 'recipients': mỗi nơi nhận phải là một cơ quan trên hệ thống hoặc một tên từ 1 đến "
     "300 ký tự.",
     "The field 'recipients': each recipient must be an agency on this system or a name of 1 to "
     "300 characters."},
    {"Chỉ cán bộ của cơ quan mới soạn được văn bản đi.",
     "Only the agency's staff can draft outgoing documents."},
    {"Tạo dự thảo văn bản đi.", "Outgoing draft created."},
    {"Chỉ sửa được văn bản đang là dự thảo; văn bản này đang ở bước khác.",
     "Only a draft can be edited; this document is at another step."},
    {"Chỉ người soạn thảo mới sửa được dự thảo.", "Only the drafter can edit the draft."},
    {"Sửa dự thảo văn bản đi.", "Outgoing draft edited."},
    {"Chỉ thêm được bản dự thảo khi văn bản đang là dự thảo; văn bản này đang ở bước khác.",
     "A draft version can only be added while the document is a draft; this document is at "
     "another step."},
    {"Chỉ người soạn thảo mới thêm được bản dự thảo.", "Only the drafter can add a draft version."},
    {"Tệp dự thảo vượt quá 50 MB.", "The draft file is larger than 50 MB."},
    {"Tệp dự thảo phải là tệp PDF.", "The draft file must be a PDF file."},
    {"Tệp dự thảo không đọc được như một tệp PDF hợp lệ: {}",
     "The draft file cannot be read as a valid PDF file: {}"},
    {"Thêm bản dự thảo số {}.", "Draft version {} added."},
    {"Máy chủ này không lưu tệp của văn bản mật: dự thảo đã có tệp nên không chuyển thành văn "
     "bản mật được.",
     "This server does not keep files of confidential documents: the draft has files, so it "
     "cannot become confidential."},
    {"Máy chủ này không lưu tệp của văn bản mật; văn bản mật được xử lý bằng bản giấy.",
     "This server does not keep files of confidential documents; confidential documents are "
     "handled on paper."},
    // the signature and the issue
    {"Văn bản chưa có bản dự thảo (PDF) để ký.", "The document has no draft (PDF) to sign yet."},
    {"Ký ban hành", "Signed for issue"},
    {"Người có thẩm quyền đã ký văn bản.", "The competent person signed the document."},
    {"Văn bản “{}” đã được ký, chờ văn thư cấp số.",
     "The document “{}” has been signed and awaits its number from the records clerk."},
    {"Trường 'sealKeyId' (con dấu của cơ quan) là bắt buộc.",
     "The field 'sealKeyId' (the agency's seal) is required."},
    {"Văn bản chưa có bản đã ký để cấp số.", "The document has no signed copy to number yet."},
    {"Không tìm thấy dòng “Số:” và dòng ngày tháng trên trang đầu của bản đã ký để ghi số và "
     "ngày ban hành.",
     "The “Số:” line and the date line were not found on the first page of the signed copy, so "
     "the number and issue date cannot be written."},
    {"Trường 'place' (địa danh ghi trước ngày tháng) là bắt buộc vì bản đã ký không ghi địa danh.",
     "The field 'place' (the place name before the date) is required because the signed copy "
     "does not show one."},
    {"Phát hành {}", "Issued as {}"},
    {"Cấp số {}, ngày ban hành {}, đóng dấu.", "Numbered {}, issued on {}, sealed."},
    {"Văn bản “{}” đã được cấp số {}.", "The document “{}” has been numbered {}."},
    {"Văn bản đã được người khác thay đổi. Vui lòng tải lại văn bản rồi thực hiện lại.",
     "Someone else has changed the document. Please reload it and try again."},
    // documents/review_service.cpp
    {"Dự thảo chưa có người ký: chọn người ký trước khi trình duyệt.",
     "The draft has no signer: choose the signer before submitting it."},
    {"Dự thảo chưa có tệp: thêm tệp trước khi trình duyệt.",
     "The draft has no file: add one before submitting it."},
    {"Trường 'unitHeadId' phải là lãnh đạo đơn vị trong cơ quan, khác người soạn thảo.",
     "The field 'unitHeadId' must be a unit head of the agency other than the drafter."},
    {"Trình duyệt dự thảo.", "Draft submitted for review."},
    {"Trình duyệt dự thảo: {}", "Draft submitted for review: {}"},
    {"Dự thảo “{}” chờ bạn duyệt.", "The draft “{}” awaits your review."},
    {"Dự thảo này đang chờ người khác duyệt.", "This draft awaits someone else's review."},
    {"Dự thảo “{}” đã được lãnh đạo duyệt, chờ ký.",
     "The draft “{}” has been approved by the leader and awaits signature."},
    {"{} đã duyệt.", "{} approved."},
    {"{} đã duyệt: {}", "{} approved: {}"},
    {"Chỉ người ký mới trả lại được văn bản đã duyệt.",
     "Only the signer can return an approved document."},
    {"Trả lại dự thảo: {}", "Draft returned: {}"},
    {"Dự thảo “{}” bị trả lại: {}", "The draft “{}” was returned: {}"},
    // http/problem.cpp: optimistic concurrency (412, 428)
    {"Dữ liệu đã thay đổi", "The data has changed"},
    {"Thiếu tiêu đề If-Match", "The If-Match header is missing"},
    // api/document_outgoing_routes.cpp
    {"Trường 'recipients' phải là danh sách nơi nhận, mỗi nơi nhận có 'agencyId' (số), 'name' "
     "(chuỗi), hoặc 'name' và 'code' (mã định danh của cơ quan ngoài hệ thống).",
     "The field 'recipients' must be a list of recipients, each with 'agencyId' (a number), "
     "'name' (a string), or 'name' and 'code' (the identification code of an agency outside)."},
    {"Cần tiêu đề If-Match với ETag của văn bản (tải lại văn bản để lấy) để tránh ghi đè thay "
     "đổi của người khác.",
     "The If-Match header with the document's ETag (reload the document to get it) is needed so "
     "that nobody else's change is overwritten."},
    {"Văn bản đã được người khác thay đổi kể từ khi bạn mở. Vui lòng tải lại văn bản rồi thực "
     "hiện lại.",
     "Someone else has changed the document since you opened it. Please reload it and try "
     "again."},
    {"Chức năng văn bản đi chưa sẵn sàng.", "Outgoing documents are not available yet."},
};

}  // namespace

std::span<const MessageTranslation> EnglishOutgoingMessages() { return kMessages; }

}  // namespace cqdt::internal
