// English renderings: transfer of work records to the archive (issue 11, item 2;
// message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // documents/work_record.cpp
    {"Đã nộp lưu", "Transferred to the archive"},
    // documents/archive_service.cpp
    {"Chỉ văn thư của cơ quan (người giữ con dấu) mới nộp lưu hồ sơ.",
     "Only a clerk of the agency (who keeps the seal) can transfer records to the archive."},
    {"Trường 'recordIds' phải có từ 1 đến 200 mã hồ sơ, không trùng nhau.",
     "The field 'recordIds' must hold 1 to 200 distinct record ids."},
    {"Hồ sơ {} chưa đóng hoặc đã nộp lưu; chỉ hồ sơ đã đóng mới nộp lưu được.",
     "The record {} is not closed or was transferred already; only closed records can be "
     "transferred."},
    {"Chỉ hồ sơ đã đóng mới nộp lưu được.", "Only closed records can be transferred."},
    {"Hồ sơ {} có văn bản bạn không được xem nên bạn không nộp lưu được.",
     "The record {} holds documents you may not see, so you cannot transfer it."},
    {"Trường 'sealKeyId' phải là con dấu số của cơ quan mà bạn được dùng.",
     "The field 'sealKeyId' must be a seal of the agency that you may use."},
    {"Cơ quan chưa có con dấu số (khóa ký của cơ quan) để ký gói nộp lưu.",
     "The agency has no seal (agency signing key) to sign the transfer package with."},
    {"Hồ sơ đã được người khác thay đổi; hãy tải lại.",
     "Someone else changed the record; reload it."},
    {"Chỉ lãnh đạo hoặc văn thư của cơ quan mới xem được các lần nộp lưu.",
     "Only the agency's leaders and clerks can see its transfers to the archive."},
    {"lần nộp lưu", "transfer to the archive"},
    // documents/archive_package.cpp
    {"gói nộp lưu", "archive package"},
    {"Tệp không phải là gói ZIP hợp lệ.", "The file is not a valid ZIP package."},
    {"Không đọc được bảng kê (quá lớn hoặc hỏng).",
     "The manifest cannot be read (too large or damaged)."},
    {"Thiếu bảng kê manifest.txt.", "The manifest manifest.txt is missing."},
    {"Không đọc được chữ ký của bảng kê.", "The manifest's signature cannot be read."},
    {"Thiếu chữ ký số của bảng kê (manifest.p7s).",
     "The manifest's signature (manifest.p7s) is missing."},
    {"Dòng {} của bảng kê không đúng định dạng.", "Line {} of the manifest is malformed."},
    {"Tệp {} không có trong bảng kê.", "The file {} is not in the manifest."},
    {"Tệp {} bị hỏng, không đọc được.", "The file {} is damaged and cannot be read."},
    {"Tệp {} đã bị thay đổi (mã băm SHA-256 không khớp).",
     "The file {} was changed (its SHA-256 digest does not match)."},
    {"Tệp {} không phải XML hợp lệ.", "The file {} is not well-formed XML."},
    {"Thiếu tệp {} có trong bảng kê.", "The file {} listed in the manifest is missing."},
    {"Chữ ký số của bảng kê không đọc được (không phải CMS).",
     "The manifest's signature cannot be read (it is not CMS)."},
    {"Chữ ký số không khớp với bảng kê manifest.txt: bảng kê đã bị thay đổi hoặc chữ ký hỏng.",
     "The signature does not match manifest.txt: the manifest was changed or the signature is "
     "damaged."},
    {"Chữ ký không mang chứng thư số của người ký.",
     "The signature does not carry the signer's certificate."},
    {"Chứng thư số ký bảng kê không tin cậy được: {}",
     "The certificate that signed the manifest is not trusted: {}"},
    // api/record_archive_routes.cpp
    {"Chức năng nộp lưu chưa sẵn sàng.", "Transfer to the archive is not available yet."},
    {"Trường 'recordIds' phải là danh sách mã hồ sơ (số dương).",
     "The field 'recordIds' must be a list of record ids (positive numbers)."},
};

}  // namespace

std::span<const MessageTranslation> EnglishArchiveMessages() { return kMessages; }

}  // namespace cqdt::internal
