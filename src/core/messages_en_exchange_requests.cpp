// English renderings: signed requests between exchange hubs (RFC 9421 HTTP Message Signatures,
// decision 0019; message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // exchange/request_signature.cpp
    {"Yêu cầu giữa các trục liên thông thiếu tiêu đề {}.",
     "The request between exchange hubs lacks the {} header."},
    {"Tiêu đề {} của yêu cầu giữa các trục liên thông không đúng cú pháp hoặc không có chữ ký "
     "mang nhãn 'hub'.",
     "The {} header of the request between exchange hubs is malformed or has no signature "
     "labelled 'hub'."},
    {"Chữ ký của yêu cầu không phủ đúng các thành phần bắt buộc (@method, @path, @query, "
     "@authority, content-type, content-digest).",
     "The request's signature does not cover exactly the required components (@method, @path, "
     "@query, @authority, content-type, content-digest)."},
    {"Chữ ký của yêu cầu phải có đúng các tham số created, keyid, nonce và alg.",
     "The request's signature must have exactly the parameters created, keyid, nonce and alg."},
    {"Chữ ký của yêu cầu đã hết hiệu lực: được tạo cách đây hơn {} giây.",
     "The request's signature has expired: it was made more than {} seconds ago."},
    {"Chữ ký của yêu cầu có thời điểm tạo ở tương lai (lệch hơn {} giây; hãy kiểm tra đồng hồ "
     "máy chủ).",
     "The request's signature was made in the future (more than {} seconds ahead; check the "
     "servers' clocks)."},
    {"Yêu cầu có thành phần không ký được (phương thức, đường dẫn, máy chủ hoặc Content-Type "
     "trống hoặc chứa ký tự không hợp lệ).",
     "A part of the request cannot be signed (the method, path, host or Content-Type is empty or "
     "holds an invalid character)."},
    {"Khóa ký của yêu cầu (keyid) không thuộc trục liên thông nào đã đăng ký.",
     "The request's signing key (keyid) belongs to no registered exchange hub."},
    {"Thuật toán ký của yêu cầu (alg) không khớp khóa của trục liên thông đã đăng ký.",
     "The request's signature algorithm (alg) does not match the registered hub's key."},
    {"Chữ ký của yêu cầu không hợp lệ (yêu cầu đã bị sửa hoặc được ký bằng khóa khác).",
     "The request's signature is invalid (the request was altered or signed with another key)."},
    {"Tiêu đề Content-Digest không có mã băm sha-256 hợp lệ.",
     "The Content-Digest header has no valid sha-256 digest."},
    {"Nội dung của yêu cầu không khớp mã băm trong tiêu đề Content-Digest (nội dung đã bị sửa "
     "hoặc bị cắt cụt).",
     "The request's body does not match the digest in the Content-Digest header (it was altered "
     "or truncated)."},
    {"Mã dùng một lần (nonce) của yêu cầu phải gồm 1 đến 128 ký tự ASCII in được, không có "
     "khoảng trắng.",
     "The request's nonce must be 1 to 128 printable ASCII characters, without spaces."},
    {"Khóa ký yêu cầu giữa các trục liên thông phải là RSA (từ 2048 bit) hoặc EC P-256.",
     "The key that signs requests between exchange hubs must be RSA (2048 bits or more) or EC "
     "P-256."},
};

}  // namespace

std::span<const MessageTranslation> EnglishExchangeRequestMessages() { return kMessages; }

}  // namespace cqdt::internal
