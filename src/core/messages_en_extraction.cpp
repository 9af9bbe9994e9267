// English renderings: text extraction, OCR and the registration proposal (issue 11, item 4;
// message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // extract/ocr.cpp
    {"Máy chủ chưa cài thư viện nhận dạng chữ Tesseract (libtesseract5) nên chưa đọc được "
     "trang quét.",
     "The server does not have the Tesseract text recognition library (libtesseract5) "
     "installed, so scanned pages cannot be read yet."},
    {"Máy chủ chưa cài mô hình nhận dạng chữ tiếng Việt (tesseract-ocr-vie) nên chưa đọc được "
     "trang quét.",
     "The server does not have the Vietnamese text recognition model (tesseract-ocr-vie) "
     "installed, so scanned pages cannot be read yet."},
    {"Tệp PDF được bảo vệ bằng mật khẩu nên không đọc được nội dung để tìm kiếm.",
     "The PDF file is password-protected, so its content cannot be read for search."},
    {"Tệp PDF bị hỏng nên không đọc được nội dung để tìm kiếm.",
     "The PDF file is damaged, so its content cannot be read for search."},
    {"Tệp PDF bị hỏng ở trang {} nên không đọc được nội dung.",
     "The PDF file is damaged at page {}, so its content cannot be read."},
    {"Không dựng được hình trang {} của tệp PDF để nhận dạng chữ.",
     "Page {} of the PDF file could not be rendered for text recognition."},
    {"Tệp Word (.docx) bị hỏng nên không đọc được nội dung.",
     "The Word file (.docx) is damaged, so its content cannot be read."},
    {"Nội dung tệp Word quá lớn để đọc.", "The Word file's content is too large to read."},
    // extract/child.cpp
    {"Tiến trình đọc nội dung tệp dừng bất thường (quá thời gian hoặc quá giới hạn bộ nhớ); "
     "hệ thống sẽ thử lại sau.",
     "The process reading the file's content stopped abnormally (time or memory limit); the "
     "system will try again later."},
    {"Tiến trình đọc nội dung tệp trả lời không đúng định dạng.",
     "The process reading the file's content answered in an unexpected format."},
    {"Loại tệp này không đọc được nội dung để tìm kiếm.",
     "The content of this file type cannot be read for search."},
    // documents/extraction_service.cpp
    {"đề xuất của tệp", "file proposal"},
    {"việc đọc nội dung tệp", "text extraction job"},
    {"Chỉ đề xuất được thông tin từ tệp PDF hoặc Word (.docx).",
     "A proposal can only be made from a PDF or Word (.docx) file."},
    {"Chỉ quản trị hệ thống xem được hàng đợi đọc nội dung tệp.",
     "Only system administrators can see the text extraction queue."},
    {"Trường 'state' phải là 'failed' (lỗi) hoặc 'pending' (đang chờ).",
     "The field 'state' must be 'failed' or 'pending'."},
    {"Chỉ quản trị hệ thống cho thử lại việc đọc nội dung tệp.",
     "Only system administrators can retry a text extraction job."},
    {"Cho đọc lại nội dung tệp {}", "Text extraction retried for file {}"},
    {"Tệp không còn trong kho lưu trữ.", "The file is no longer in the store."},
    // api/extraction_routes.cpp
    {"Chức năng đọc nội dung tệp chưa sẵn sàng.", "Text extraction is not available yet."},
    {"Đang đọc nội dung tệp", "Reading the file's content"},
    {"Đã đọc xong", "Read"},
    {"Không đọc được", "Could not be read"},
    {"Lớp chữ của tệp PDF", "The PDF's text layer"},
    {"Nhận dạng chữ (OCR)", "Text recognition (OCR)"},
    {"Lớp chữ PDF và nhận dạng chữ (OCR)", "The PDF's text layer and text recognition (OCR)"},
    {"Nội dung tệp Word", "The Word file's content"},
    {"Không tìm thấy chữ trong tệp", "No text found in the file"},
    {"Đề xuất thông tin khi vào sổ", "Registration proposal"},
    {"Đọc nội dung để tìm kiếm", "Text for search"},
};

}  // namespace

std::span<const MessageTranslation> EnglishExtractionMessages() { return kMessages; }

}  // namespace cqdt::internal
