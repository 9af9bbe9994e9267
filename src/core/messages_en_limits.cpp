// English renderings: bounds on untrusted input (issue 8, items 1, 2, 12) — the CPU budget (core),
// CMS, XML and PDF limits, the in-flight caps of public verification, JSON nesting and the access
// to /metrics (api) (message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // core/cpu_budget.cpp
    {"Tệp quá phức tạp: việc kiểm tra cần nhiều hơn {} giây xử lý cho phép với một yêu cầu, nên "
     "hệ thống dừng lại và không đưa ra kết luận cho tệp này.",
     "The file is too complex: checking it needs more than the {} seconds of processing allowed "
     "for one request, so the system stopped and gives no conclusion for this file."},
    // crypto/cms.cpp
    {"Chữ ký CMS kèm hơn {} chứng thư số; hệ thống không kiểm tra tệp này.",
     "The CMS signature carries more than {} certificates; the system does not check this file."},
    {"Chữ ký CMS có hơn {} người ký; hệ thống không kiểm tra tệp này.",
     "The CMS signature has more than {} signers; the system does not check this file."},
    // xml/xml.cpp
    {"Tài liệu XML có hơn {} chữ ký; hệ thống không kiểm tra tài liệu này.",
     "The XML document has more than {} signatures; the system does not check this document."},
    // pdf: page tree, form fields, streams, objects, signatures
    {"Tệp PDF không có cây trang (/Pages).", "The PDF file has no page tree (/Pages)."},
    {"Cây trang của tệp PDF lồng quá sâu (hơn {} mức).",
     "The PDF file's page tree is nested too deeply (more than {} levels)."},
    {"Tệp PDF có tên trường biểu mẫu dài bất thường (hơn {} byte).",
     "The PDF file has an abnormally long form field name (more than {} bytes)."},
    {"Tệp PDF có luồng đối tượng dùng bộ lọc không hợp lệ.",
     "The PDF file has an object stream with an invalid filter."},
    {"Tệp PDF có luồng dữ liệu với tham số giải nén không hợp lệ.",
     "The PDF file has a data stream with invalid decoding parameters."},
    {"Tệp PDF có luồng dữ liệu nén giải nén ra hơn {} MB; hệ thống không xử lý tệp này.",
     "The PDF file has a compressed stream that decompresses to more than {} MB; the system does "
     "not process this file."},
    {"Tệp PDF khai báo hơn {} đối tượng; hệ thống không xử lý tệp này.",
     "The PDF file declares more than {} objects; the system does not process this file."},
    {"Tệp PDF có luồng đối tượng (object stream) chứa hơn {} đối tượng; hệ thống không xử lý tệp "
     "này.",
     "The PDF file has an object stream holding more than {} objects; the system does not "
     "process this file."},
    {"Tệp PDF có luồng đối tượng (object stream) không hợp lệ.",
     "The PDF file has an invalid object stream."},
    {"Tệp PDF có bảng tham chiếu chéo (xref stream) không hợp lệ.",
     "The PDF file has an invalid cross-reference stream."},
    {"Tệp PDF có hơn {} chữ ký; hệ thống chỉ kiểm tra tệp có tối đa {} chữ ký.",
     "The PDF file has more than {} signatures; the system checks files with at most {} "
     "signatures."},
    // api/internal.cpp: in-flight caps of POST /signatures/verify
    {"Địa chỉ của bạn đang có yêu cầu kiểm tra chữ ký chưa xong. Vui lòng chờ kết quả rồi thử "
     "lại.",
     "A signature check from your address is still running. Please wait for its result, then "
     "try again."},
    {"Máy chủ đang kiểm tra nhiều tệp cùng lúc. Vui lòng thử lại sau ít giây.",
     "The server is checking many files at once. Please try again in a few seconds."},
    // api/internal.cpp: ParseJson
    {"Nội dung JSON lồng nhau quá sâu (tối đa {} cấp).",
     "The JSON content is nested too deeply (at most {} levels)."},
    // api/system_routes.cpp: who reads /metrics (issue 8, item 12)
    {"Số liệu vận hành (/metrics) chỉ đọc được từ chính máy chủ, không qua proxy.",
     "The operational metrics (/metrics) can only be read from the server itself, not through a "
     "proxy."},
    {"Cần mã truy cập số liệu hợp lệ (tiêu đề Authorization: Bearer <mã>) để đọc /metrics.",
     "A valid metrics access token (header Authorization: Bearer <token>) is needed to read "
     "/metrics."},
    // http/worker_pool.cpp: the database restarting or down (issue 16, item 4)
    {"Cơ sở dữ liệu tạm thời không truy cập được. Vui lòng thử lại sau ít phút.",
     "The database cannot be reached for the moment. Please try again in a few minutes."},
};

}  // namespace

std::span<const MessageTranslation> EnglishLimitMessages() { return kMessages; }

}  // namespace cqdt::internal
