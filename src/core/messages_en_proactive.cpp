// English renderings: proactive public services (dịch vụ công chủ động) on the portal (issue 13,
// item 8; message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // proactive/rules.cpp
    {"Tệp quy tắc dịch vụ công chủ động không hợp lệ tại '{}'.",
     "The proactive-service rules file is not valid at '{}'."},
    {"Tệp quy tắc dịch vụ công chủ động không phải JSON hợp lệ.",
     "The proactive-service rules file is not valid JSON."},
    // proactive/offer_service.cpp
    {"Hồ sơ chuẩn bị sẵn từ hồ sơ {} (dịch vụ công chủ động).",
     "Dossier prepared from dossier {} (proactive service)."},
    {"Chỉ công dân đã đăng nhập mới xem được dịch vụ công chủ động.",
     "Only a signed-in citizen can see proactive-service offers."},
    {"dịch vụ công chủ động", "proactive-service offer"},
    {"Dịch vụ này chỉ nhắc hạn, không có hồ sơ chuẩn bị sẵn: hãy nộp hồ sơ từ trang thủ tục.",
     "This offer is a reminder only, with no prepared dossier: submit one from the procedure's "
     "page."},
    // api/proactive_routes.cpp
    {"Chức năng dịch vụ công chủ động chưa sẵn sàng.", "Proactive services are not available yet."},
    {"Chỉ quản trị hệ thống mới xem được quy tắc dịch vụ công chủ động.",
     "Only a system administrator can see the proactive-service rules."},
    {"Chỉ quản trị hệ thống mới chạy được việc rà soát dịch vụ công chủ động.",
     "Only a system administrator can run the proactive-service sweep."},
};

}  // namespace

std::span<const MessageTranslation> EnglishProactiveMessages() { return kMessages; }

}  // namespace cqdt::internal
