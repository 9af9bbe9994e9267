// English renderings: release and delivery between agencies, recall and replacement (issue 10,
// item 4: documents/delivery*.cpp, api/document_delivery_routes.cpp) (message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // documents/delivery.cpp: the statuses (edXML §7.2) and manual channels
    {"Chờ liên thông", "Waiting for the exchange"},
    {"Đã gửi ngoài hệ thống", "Sent outside the system"},
    {"Đã đến, chờ tiếp nhận", "Arrived, waiting to be received"},
    {"Từ chối tiếp nhận", "Refused"},
    {"Đã tiếp nhận", "Registered by the recipient"},
    {"Đã phân công xử lý", "Assigned"},
    {"Đã hoàn thành xử lý", "Completed"},
    {"Bên gửi đề nghị thu hồi", "Recall requested by the sender"},
    {"Đồng ý thu hồi", "Recall accepted"},
    {"Từ chối thu hồi", "Recall refused"},
    {"Gửi qua thư điện tử", "By e-mail"},
    {"Gửi bản giấy", "On paper"},
    {"Không thể chuyển trạng thái gửi nhận từ '{}' sang '{}'.",
     "The delivery status cannot change from '{}' to '{}'."},
    // documents/sql_delivery_repository.cpp, delivery_reception.cpp
    {"Việc gửi nhận văn bản này vừa được người khác xử lý. Vui lòng tải lại rồi thực hiện lại.",
     "Someone else has just acted on this delivery. Please reload it and try again."},
    // documents/delivery_service.cpp
    {"Lý do", "The reason"},
    {"Văn bản chưa có nơi nhận nên chưa phát hành được.",
     "The document has no recipients, so it cannot be released."},
    {"Văn bản {} của {} đã đến, chờ tiếp nhận.",
     "The document {} from {} has arrived and is waiting to be received."},
    {"Được thay thế bởi văn bản {}.", "Replaced by the document {}."},
    {"Phát hành đến {} nơi nhận ({} trên hệ thống).",
     "Released to {} recipients ({} on this system)."},
    {"Chỉ văn thư của cơ quan gửi mới ghi nhận được việc gửi.",
     "Only a records clerk of the sending agency can record a send."},
    {"Nơi nhận này ở trên hệ thống và đã nhận văn bản điện tử; không cần ghi nhận gửi tay.",
     "This recipient is on the system and has received the electronic document; no manual send "
     "needs recording."},
    {"Trường 'channel' phải là email hoặc paper.", "The field 'channel' must be email or paper."},
    {"Trường 'date' phải là ngày dạng YYYY-MM-DD.",
     "The field 'date' must be a date written YYYY-MM-DD."},
    {"{}, ngày {}: {}", "{}, on {}: {}"},
    {"{}, ngày {}", "{}, on {}"},
    {"Gửi ngoài hệ thống đến {}.", "Sent outside the system to {}."},
    {"Bên gửi đề nghị thu hồi văn bản {}: {}", "The sender asks to recall the document {}: {}"},
    {"Thu hồi văn bản: {}", "Document recalled: {}"},
    {"Trường 'replacesId' phải là một văn bản đi đã phát hành của cơ quan.",
     "The field 'replacesId' must be a released outgoing document of the agency."},
    {"Trường 'replyToId' phải là một văn bản đến của cơ quan mà bạn xem được.",
     "The field 'replyToId' must be an incoming document of the agency that you can see."},
    {"Cập nhật văn bản được thay thế và văn bản được trả lời.",
     "Updated the document replaced and the incoming document answered."},
    // documents/delivery_reception.cpp
    {"Trường 'status' phải là pending, all hoặc một mã trạng thái gửi nhận (01, 02, 03, 04, 05, "
     "06, 13, 15, 16).",
     "The field 'status' must be pending, all or a delivery status code (01, 02, 03, 04, 05, 06, "
     "13, 15, 16)."},
    {"Trường 'limit' phải từ 1 đến 200.", "The field 'limit' must be from 1 to 200."},
    {"Chỉ văn thư của cơ quan nhận mới xử lý được văn bản đến.",
     "Only a records clerk of the receiving agency can act on an arriving document."},
    {"Văn bản không còn chờ tiếp nhận (trạng thái '{}').",
     "The document is no longer waiting to be received (status '{}')."},
    {"Tiếp nhận văn bản điện tử {} của {}.", "Received the electronic document {} from {}."},
    {"{} từ chối tiếp nhận: {}", "{} refused it: {}"},
    {"{} từ chối tiếp nhận văn bản {}: {}", "{} refused the document {}: {}"},
    {"Bên gửi không đề nghị thu hồi văn bản này.",
     "The sender has not asked to recall this document."},
    {"Bên gửi thu hồi văn bản.", "The sender recalled the document."},
    {"Văn bản đã bị bên gửi thu hồi: {}", "The document was recalled by the sender: {}"},
    {"{} đồng ý thu hồi.", "{} accepted the recall."},
    {"{} từ chối thu hồi: {}", "{} refused the recall: {}"},
    {"{} đồng ý thu hồi văn bản {}.", "{} accepted the recall of the document {}."},
    {"{} từ chối thu hồi văn bản {}: {}", "{} refused the recall of the document {}: {}"},
    // api/document_delivery_routes.cpp
    {"Chức năng gửi nhận văn bản chưa sẵn sàng.", "Document delivery is not available yet."},
};

}  // namespace

std::span<const MessageTranslation> EnglishDeliveryMessages() { return kMessages; }

}  // namespace cqdt::internal
