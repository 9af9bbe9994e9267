// English renderings: the number and date positions of the issue step, and confidential
// outgoing documents (issue 10, third round, loose ends) (message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // documents/issue_positions.cpp
    {"Trường '{}' chỉ một trang không có trong bản đã ký.",
     "Field '{}' names a page the signed file does not have."},
    {"Trường '{}' phải là một số hữu hạn.", "Field '{}' must be a finite number."},
    {"Trường '{}' phải từ 20 điểm đến hết chiều rộng của trang.",
     "Field '{}' must be from 20 points up to the page's width."},
    {"Trường '{}' phải từ 8 đến 100 điểm.", "Field '{}' must be from 8 to 100 points."},
    {"Trường '{}' đặt ô ra ngoài trang.", "Field '{}' puts the box outside the page."},
    {"Không tìm thấy dòng “Số:” trên trang đầu của bản đã ký: hãy chọn vị trí ghi số văn bản "
     "(trường 'numberBox').",
     "The \"Số:\" line was not found on the first page of the signed file: choose where the "
     "number goes (field 'numberBox')."},
    {"Không tìm thấy dòng ngày tháng trên trang đầu của bản đã ký: hãy chọn vị trí ghi ngày ban "
     "hành (trường 'dateBox').",
     "The date line was not found on the first page of the signed file: choose where the issue "
     "date goes (field 'dateBox')."},
    // documents/grant_service.cpp
    {"Bạn được cho phép xem một văn bản đi.", "You were granted access to an outgoing document."},
    // api/document_outgoing_routes.cpp: the boxes of the issue body
    {"Trường '{}' phải là một ô gồm page, x, y, width, height.",
     "Field '{}' must be a box of page, x, y, width, height."},
    {"Trường '{}' phải là số.", "Field '{}' must be a number."},
};

}  // namespace

std::span<const MessageTranslation> EnglishLooseEndsMessages() { return kMessages; }

}  // namespace cqdt::internal
