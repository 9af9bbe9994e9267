// English renderings: stamping the number and date into a signed PDF and the "ĐẾN" stamp (issue
// 10, items 2 and 3; pdf/stamp.hpp) (message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // pdf/page_text.cpp
    {"Nội dung trang của tệp PDF lớn hơn {} MB; hệ thống không đọc chữ trên trang này.",
     "The content of the PDF page is larger than {} MB; the system does not read the text on this "
     "page."},
    // pdf/stamp_find.cpp
    {"Không đọc được chữ trên trang 1 của tệp PDF.",
     "The text on page 1 of the PDF cannot be read."},
    {"Không tìm thấy dòng “Số:” và dòng địa danh, ngày tháng năm trên trang 1 của tệp PDF (tệp có "
     "thể là bản quét). Hãy chọn vị trí của hai dòng này trên trang.",
     "Neither the “Số:” (number) line nor the place and date line was found on page 1 of the PDF "
     "(it may be a scan). Choose where these two lines are on the page."},
    // pdf/stamp.cpp
    {"Tài liệu đã được ký chứng thực không cho phép thay đổi, nên không thể ghi số và ngày ban "
     "hành "
     "vào tệp. Hãy đề nghị người ký ký lại mà không chứng thực tài liệu.",
     "The document carries a certification signature that allows no change, so the number and the "
     "issue date cannot be written into it. Ask the signer to sign again without certifying the "
     "document."},
    {"Tài liệu đã được ký chứng thực chỉ cho phép điền biểu mẫu và ký thêm, nên không thể ghi số "
     "và ngày ban hành vào tệp. Hãy đề nghị người ký ký lại mà không chứng thực tài liệu.",
     "The document carries a certification signature that allows only form filling and further "
     "signatures, so the number and the issue date cannot be written into it. Ask the signer to "
     "sign again without certifying the document."},
    {"Chưa có vị trí hợp lệ của dòng “Số:” trên trang.",
     "There is no valid position of the “Số:” (number) line on the page yet."},
    {"Chưa có vị trí hợp lệ của dòng địa danh, ngày tháng năm.",
     "There is no valid position of the place and date line yet."},
    {"Số, ký hiệu văn bản trống, quá dài hoặc có ký tự không hợp lệ.",
     "The document number and notation is empty, too long or has invalid characters."},
    {"Dòng địa danh, ngày tháng năm trống, quá dài hoặc có ký tự không hợp lệ.",
     "The place and date line is empty, too long or has invalid characters."},
    {"Không thể ghi số và ngày vào tệp PDF này: cấu trúc tệp không hợp lệ.",
     "The number and date cannot be written into this PDF: its structure is invalid."},
    // pdf/stamp_arrival.cpp
    {"Số đến phải từ 1 trở lên.", "The arrival number must be 1 or more."},
    {"Ngày đến không phải ngày hợp lệ.", "The arrival date is not a valid date."},
    {"Nội dung dấu “ĐẾN” quá dài (hơn {} byte) hoặc có ký tự không hợp lệ.",
     "A text of the “ĐẾN” (arrival) stamp is too long (more than {} bytes) or has invalid "
     "characters."},
    {"Dấu “ĐẾN” nằm ngoài trang.", "The “ĐẾN” (arrival) stamp lies outside the page."},
    {"Không thể đóng dấu “ĐẾN” vào tệp PDF này: cấu trúc tệp không hợp lệ.",
     "The “ĐẾN” (arrival) stamp cannot be put on this PDF: its structure is invalid."},
};

}  // namespace

std::span<const MessageTranslation> EnglishPdfStampMessages() { return kMessages; }

}  // namespace cqdt::internal
