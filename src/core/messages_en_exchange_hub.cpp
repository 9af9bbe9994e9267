// English renderings: the exchange hub — members, peers, receipt and routing (issue 14;
// message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // exchange/hub_members.cpp
    {"Đang chờ chuyển", "Waiting to be forwarded"},
    {"Đã chuyển", "Delivered"},
    {"Hệ thống nhận đã lấy về", "Fetched by the receiving system"},
    {"Hệ thống nhận báo lỗi", "The receiving system reported an error"},
    {"Chuyển không được", "Could not be delivered"},
    {"Gói tin này đã được xác nhận trước đó.", "This package was acknowledged before."},
    {"Hệ thống {} đã lấy gói tin", "System {} fetched the package"},
    {"Hệ thống {} báo lỗi khi xử lý gói tin", "System {} reported an error processing the package"},
    // exchange/partner_service.cpp
    {"Loại đối tác phải là member (hệ thống thành viên) hoặc peer (trục khác).",
     "The partner kind must be member (a member system) or peer (another hub)."},
    {"Mã đối tác gồm 2–64 ký tự a-z, 0-9, '.', '_', '-'.",
     "A partner code has 2–64 characters a-z, 0-9, '.', '_', '-'."},
    {"Cần tên đối tác (tối đa 200 ký tự).", "A partner name is needed (at most 200 characters)."},
    {"Chính sách chữ ký phải là require hoặc warn.",
     "The signature policy must be require or warn."},
    {"Cần địa chỉ của trục liên thông (http:// hoặc https://).",
     "The hub's address is needed (http:// or https://)."},
    {"Cần đúng một chứng thư số PEM của trục liên thông.",
     "Exactly one PEM certificate of the hub is needed."},
    {"Cần ít nhất một mã định danh cơ quan mà hệ thống phục vụ.",
     "At least one agency code the system serves is needed."},
    {"Mã định danh '{}' không hợp lệ.", "The agency code '{}' is not valid."},
    {"Cơ quan '{}' đã do một hệ thống thành viên khác phục vụ.",
     "The agency '{}' is already served by another member system."},
    {"Tuyến '{}' không hợp lệ (mã cấp 1 như H29, đường dẫn như H29.12, một mã đầy đủ, hoặc *).",
     "The route '{}' is not valid (a level-1 code such as H29, a path such as H29.12, a full "
     "code, or *)."},
    {"Mã đối tác đã có.", "The partner code exists already."},
    {"Thêm hệ thống thành viên {}", "Member system {} added"},
    {"Thêm trục liên thông {}", "Peer hub {} added"},
    {"Sửa đối tác {}", "Partner {} changed"},
    {"Chỉ hệ thống thành viên mới có khóa bí mật.", "Only member systems have a secret."},
    {"Cấp lại khóa bí mật cho {}", "New secret issued for {}"},
    {"đối tác liên thông", "exchange partner"},
    // exchange/hub_service.cpp
    {"Cơ quan gửi '{}' không thuộc hệ thống thành viên '{}'.",
     "The sending agency '{}' is not served by the member system '{}'."},
    {"Cơ quan gửi '{}' thuộc trục này, không thể đến từ trục '{}'.",
     "The sending agency '{}' belongs to this hub; it cannot come from the hub '{}'."},
    {"Từ chối gói tin {} từ {}: {}", "Package {} from {} refused: {}"},
    {"Trục liên thông văn bản", "Document exchange hub"},
    {"Gói tin đã nhận trước đó; không lưu lại.",
     "The package was received before; not stored again."},
    {"Nhận gói tin trạng thái {} {} từ {}", "Status package {} {} received from {}"},
    {"Nhận gói tin văn bản {} từ {}", "Document package {} received from {}"},
    {"Không có tuyến liên thông nào đến cơ quan '{}'.",
     "No exchange route reaches the agency '{}'."},
    {"{}: Đã đến - Phần mềm QLVB đã nhận nhưng văn thư chưa xử lý",
     "{}: Arrived - the document system has it, the records clerk has not acted yet"},
    {"gói tin", "package"},
    // api/exchange_routes.cpp, api/exchange_admin_routes.cpp
    {"Trục liên thông văn bản chưa sẵn sàng.", "The document exchange hub is not ready."},
    {"Bộ lọc phải là refused, document hoặc status.",
     "The filter must be refused, document or status."},
    {"Trạng thái phải là pending, delivered, acknowledged, failed hoặc dead.",
     "The state must be pending, delivered, acknowledged, failed or dead."},
    {"Cần khóa bí mật của hệ thống thành viên (Authorization: Bearer ...).",
     "The member system's secret is needed (Authorization: Bearer ...)."},
    {"Trạng thái phải là done hoặc fail.", "The status must be done or fail."},
    {"Gói tin bị từ chối", "Package refused"},
    // exchange/hub_admin.cpp
    {"lượt chuyển gói tin", "package delivery"},
    {"Chỉ chuyển lại được gói tin đang chờ hoặc chuyển không được.",
     "Only a waiting or undeliverable package can be replayed."},
    {"Cơ quan nhận nay thuộc trục này: hãy gửi lại văn bản.",
     "The recipient now belongs to this hub: send the document again."},
    {"Vẫn chưa có tuyến liên thông nào đến cơ quan '{}'.",
     "There is still no exchange route to the agency '{}'."},
    {"Quản trị viên cho chuyển lại.", "Replayed by an administrator."},
    {"Chuyển lại gói tin đến {}", "Package replayed to {}"},
    // exchange/reception_service.cpp, api/exchange_reception_routes.cpp
    {"Yêu cầu đã được gửi trước đó (nonce dùng lại).",
     "The request was sent before (nonce reused)."},
    {"Văn bản vừa được người khác xử lý; hãy tải lại.",
     "Someone else has just acted on this document; reload it."},
    {"Đã từ chối", "Refused"},
    {"Chờ tiếp nhận", "Waiting for registration"},
    {"Trạng thái phải là received, registered, refused hoặc all.",
     "The state must be received, registered, refused or all."},
    {"văn bản đến qua trục liên thông", "document received through the exchange"},
    {"Chỉ văn thư của cơ quan nhận mới tiếp nhận văn bản.",
     "Only a records clerk of the receiving agency registers documents."},
    {"Văn bản không còn chờ tiếp nhận.", "The document is no longer waiting for registration."},
    {"Tệp khác trong gói tin liên thông: {}.", "Other files in the exchange package: {}."},
    {"Văn thư đã tiếp nhận, số đến {}", "Registered by the records clerk, arrival number {}"},
    {"Vào sổ văn bản đến qua trục liên thông {}",
     "Document {} received through the exchange registered"},
    {"Cần lý do từ chối (tối đa 1000 ký tự).",
     "A reason for the refusal is needed (at most 1000 characters)."},
    {"Từ chối văn bản đến qua trục liên thông {}: {}",
     "Document {} received through the exchange refused: {}"},
    {"Lãnh đạo: Phân công xử lý", "Leader: assigned for processing"},
    {"Đang xử lý văn bản đến", "The incoming document is being processed"},
    {"Hoàn thành xử lý", "Processing completed"},
    // exchange/outbound_service.cpp, documents/delivery_service.cpp (the exchange's side)
    {"Văn bản chưa có ngày ban hành, chưa gửi liên thông được.",
     "The document has no issue date yet; it cannot be sent through the exchange."},
    {"Văn bản điện tử mới", "New electronic document"},
    {"Văn bản chính", "Main document"},
    {"{} từ chối tiếp nhận văn bản: {}", "{} refused the document: {}"},
    // exchange/forwarder.cpp
    {"Trục liên thông nhận đã bị tắt hoặc xóa.", "The receiving hub is disabled or removed."},
    {"Không kết nối được trục {}: {}", "Could not reach the hub {}: {}"},
    {"Trục {} từ chối gói tin (HTTP 422).", "The hub {} refused the package (HTTP 422)."},
    {"Trục {} không nhận gói tin (HTTP {}).", "The hub {} does not take the package (HTTP {})."},
    {"Trục {} trả lời lỗi (HTTP {}).", "The hub {} answered with an error (HTTP {})."},
};

}  // namespace

std::span<const MessageTranslation> EnglishExchangeHubMessages() { return kMessages; }

}  // namespace cqdt::internal
