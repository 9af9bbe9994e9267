// English renderings: registers printed as PDF and Excel, and the leaders' statistics (issue 11,
// item 5; message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // pdf/table_report.cpp
    {"Bảng phải có từ 1 đến 30 cột.", "A table must have 1 to 30 columns."},
    {"Cỡ chữ của bảng phải từ 6 đến 16.", "The table's font size must be from 6 to 16."},
    {"Bảng có quá nhiều dòng để in.", "The table has too many rows to print."},
    {"Mỗi dòng của bảng phải có đủ các cột.", "Every row of the table must have all the columns."},
    // report/workbook.cpp
    {"Tệp Excel phải có từ 1 đến 16 trang tính.", "An Excel file must have 1 to 16 sheets."},
    {"Trang tính phải có từ 1 đến 60 cột.", "A sheet must have 1 to 60 columns."},
    {"Bảng có quá nhiều dòng để xuất ra Excel.", "The table has too many rows to export to Excel."},
    // documents/register_export.cpp, statistics_service.cpp
    {"Ngày bắt đầu phải có dạng YYYY-MM-DD và là ngày có thật.",
     "The start date must be a real date written YYYY-MM-DD."},
    {"Ngày kết thúc phải có dạng YYYY-MM-DD và là ngày có thật.",
     "The end date must be a real date written YYYY-MM-DD."},
    {"Ngày kết thúc không được trước ngày bắt đầu.",
     "The end date cannot be before the start date."},
    {"Định dạng phải là pdf hoặc xlsx.", "The format must be pdf or xlsx."},
    {"Nhóm theo phải là agency, unit hoặc person.", "Group by must be agency, unit or person."},
    {"Chỉ lãnh đạo và văn thư của cơ quan mới xem được thống kê.",
     "Only the agency's leaders and clerks can see its statistics."},
    {"Chưa giao xử lý", "Not yet assigned"},
    // api/document_report_routes.cpp
    {"Định dạng phải là json hoặc xlsx.", "The format must be json or xlsx."},
    {"Chức năng báo cáo văn bản chưa sẵn sàng.", "Document reports are not available yet."},
};

}  // namespace

std::span<const MessageTranslation> EnglishReportsMessages() { return kMessages; }

}  // namespace cqdt::internal
