// English renderings: documents received by e-mail (issue 15 item 3) — the IMAP client
// (mail/imap.cpp) and the mail intake (mailroom/intake_*.cpp) (message_catalog.hpp). The
// mailbox server's reply line follows a message as '{} Máy chủ trả lời: {}' (messages_en_mail).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // mail/imap.cpp
    {"Tên thư mục hộp thư không hợp lệ (1-200 byte, không có ký tự điều khiển, dấu nháy kép, dấu "
     "gạch chéo ngược, * hoặc %).",
     "The mailbox folder name is not valid (1-200 bytes, without control characters, double "
     "quotes, backslashes, * or %)."},
    {"Cấu hình hộp thư không an toàn: chỉ được đọc hộp thư không mã hóa trên chính máy này; hãy "
     "dùng TLS hoặc STARTTLS.",
     "The mailbox settings are not safe: a mailbox may be read unencrypted only on this machine; "
     "use TLS or STARTTLS."},
    {"Không khởi tạo được thư viện đọc hộp thư (libcurl).",
     "The mailbox reading library (libcurl) could not be initialised."},
    {"Thư mục không có trên máy chủ hộp thư hoặc không mở được.",
     "The folder does not exist on the mailbox server or cannot be opened."},
    {"Máy chủ hộp thư từ chối đăng nhập (kiểm tra tài khoản hộp thư).",
     "The mailbox server refused the login (check the mailbox account)."},
    {"thư trong hộp thư", "message in the mailbox"},
    {"Máy chủ hộp thư gửi nhiều hơn giới hạn {} byte.",
     "The mailbox server sent more than the limit of {} bytes."},
    {"Không thiết lập được kết nối TLS an toàn tới máy chủ hộp thư {}: {}.",
     "No secure TLS connection could be made to the mailbox server {}: {}."},
    {"Máy chủ hộp thư không thực hiện lệnh {}.", "The mailbox server did not carry out {}."},
    {"Máy chủ hộp thư trả lời không đúng giao thức IMAP.",
     "The mailbox server's answer does not follow the IMAP protocol."},
    {"Không kết nối được tới máy chủ hộp thư {}: {}.",
     "The mailbox server {} could not be reached: {}."},
    {"Máy chủ hộp thư không cho biết UIDVALIDITY của thư mục.",
     "The mailbox server did not give the folder's UIDVALIDITY."},
    {"Máy chủ hộp thư không cho biết số thư trong thư mục.",
     "The mailbox server did not give the number of messages in the folder."},
    {"Máy chủ hộp thư trả lời lệnh tìm thư không đúng giao thức IMAP.",
     "The mailbox server's answer to the search does not follow the IMAP protocol."},
    // mailroom/intake_message.cpp (DKIM as verified on arrival)
    {"Không kiểm tra được chữ ký DKIM: máy chủ không được cấu hình tra cứu khóa (DNS).",
     "The DKIM signature could not be checked: the server is not set up to look up keys (DNS)."},
    {"Không tra cứu được khóa DKIM của {} lúc nhận thư (lỗi DNS tạm thời).",
     "The DKIM key of {} could not be looked up when the message arrived (a temporary DNS "
     "error)."},
    {"Tên miền {} không công bố khóa DKIM (s={}).",
     "The domain {} does not publish the DKIM key (s={})."},
    // mailroom/intake_poll.cpp
    {"Thư dung lượng {} byte vượt giới hạn {} byte: chỉ đọc phần đầu thư, không tải nội dung và "
     "tệp đính kèm; thư gốc vẫn còn trên máy chủ thư, trong thư mục {}.",
     "The message of {} bytes is over the limit of {} bytes: only its header was read, neither "
     "its body nor its attachments; the original stays on the mail server, in the folder {}."},
    {"Không đọc được thư: {} Thư gốc được lưu nguyên trạng.",
     "The message could not be read: {} The original is kept as it came."},
    {"Nội dung thư dài hơn {} byte: phần hiển thị đã được cắt bớt; thư gốc được lưu đầy đủ.",
     "The message body is longer than {} bytes: what is shown was cut; the original is kept "
     "whole."},
    {"Tên tệp gốc đã được đổi để an toàn: {}", "The original file name was changed to be safe: {}"},
    {"Không đọc được tệp: {}", "The file could not be read: {}"},
    {"Tệp nén được lưu nguyên trạng, không được giải nén; sổ văn bản không nhận tệp nén.",
     "The archive is kept as it came and is not unpacked; the register does not take archives."},
    {"Sổ văn bản chỉ nhận tệp PDF và ảnh: tệp này được giữ kèm thư, không đính vào văn bản đến.",
     "The register takes only PDF files and images: this file stays with the e-mail and is not "
     "attached to the incoming document."},
    {"Tệp có chữ ký số nhưng máy chủ chưa được cấu hình để kiểm tra chữ ký.",
     "The file carries a digital signature, but the server is not set up to check signatures."},
    {"Thư quá lớn nên không kiểm tra chữ ký DKIM (cần toàn bộ nội dung thư).",
     "The message is too large, so its DKIM signature was not checked (that needs the whole "
     "message)."},
    {"Cơ quan chưa có hộp thư điện tử để nhận văn bản (IMAP).",
     "The agency has no mailbox (IMAP) to receive documents from."},
    {"Không tạo được thư mục {} trên máy chủ thư: {}",
     "The folder {} could not be created on the mail server: {}"},
    {"Không chuyển được thư UID {} sang thư mục {}: {}",
     "The message with UID {} could not be moved to the folder {}: {}"},
    {"Message-ID của thư này trùng với thư đã nhận trước (số {}) nhưng nội dung khác.",
     "This message's Message-ID is that of a message received earlier (number {}), but the "
     "content differs."},
    {"Không tải được thư UID {}: {}", "The message with UID {} could not be fetched: {}"},
    {"Nhận thư điện tử từ {}: {}", "E-mail received from {}: {}"},
    // mailroom/intake_service.cpp
    {"Đã loại bỏ", "Discarded"},
    {"Trạng thái phải là received, registered, discarded hoặc all.",
     "The state must be received, registered, discarded or all."},
    {"thư điện tử đến", "incoming e-mail"},
    {"thư gốc", "original message"},
    {"Chỉ văn thư của cơ quan mới tiếp nhận văn bản đến.",
     "Only the agency's clerks receive incoming documents."},
    {"Thư vừa được người khác xử lý; hãy tải lại.",
     "Someone else has just handled this e-mail; reload it."},
    {"Thư không còn chờ tiếp nhận.", "The e-mail is no longer waiting to be received."},
    {"Thư không có tệp thứ {}.", "The e-mail has no file number {}."},
    {"Tệp '{}' không phải PDF hay ảnh: sổ văn bản không nhận.",
     "The file '{}' is neither a PDF nor an image: the register does not take it."},
    {"Tệp khác trong thư điện tử: {}.", "Other files in the e-mail: {}."},
    {"Vào sổ văn bản đến nhận qua thư điện tử từ {}, số đến {}",
     "Registered an incoming document received by e-mail from {}, arrival number {}"},
    {"Cần lý do loại bỏ (tối đa 1000 ký tự).",
     "A reason for discarding is needed (at most 1000 characters)."},
    {"Loại bỏ thư điện tử từ {}: {}", "Discarded the e-mail from {}: {}"},
    // mailroom/intake_signatures.cpp
    {"Không kiểm tra được chữ ký số của tệp: {}",
     "The digital signature of the file could not be checked: {}"},
};

}  // namespace

std::span<const MessageTranslation> EnglishMailIntakeMessages() { return kMessages; }

}  // namespace cqdt::internal
