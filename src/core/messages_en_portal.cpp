// English renderings: the public service portal (issue 13): the catalogue's life events and the
// VietQR payment code (message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // onestop/catalogue_service.cpp, catalogue_life_events.cpp
    {"Không có sự kiện đời sống mã '{}'.", "There is no life event with code '{}'."},
    {"Chỉ quản trị hệ thống mới sửa danh sách sự kiện đời sống.",
     "Only a system administrator may change the life events."},
    {"Trường 'lifeEvents' phải có từ 0 đến {} mục.",
     "The field 'lifeEvents' must have 0 to {} items."},
    {"Trường '{}.code' gồm chữ thường không dấu, chữ số và dấu '-', tối đa 40 ký tự (ví dụ "
     "khai-sinh).",
     "The field '{}.code' takes lower-case letters without accents, digits and '-', at most 40 "
     "characters (for example khai-sinh)."},
    {"Mã sự kiện '{}' đã có ở một sự kiện trước.",
     "The life event code '{}' is already used by an earlier event."},
    {"Trường '{}.procedures' phải có từ 0 đến {} mục.",
     "The field '{}.procedures' must have 0 to {} items."},
    {"Thủ tục '{}' đã có trong sự kiện này.", "The procedure '{}' is already in this event."},
    {"Không có thủ tục mã '{}' trong danh mục.",
     "There is no procedure with code '{}' in the catalogue."},
    {"Cập nhật {} sự kiện đời sống.", "Updated {} life events."},
    // api/portal_routes.cpp
    {"Trường '{}' là bắt buộc.", "The field '{}' is required."},
    {"Trường 'lifeEvents' phải là danh sách sự kiện đời sống.",
     "The field 'lifeEvents' must be a list of life events."},
    {"Mỗi sự kiện đời sống phải là một đối tượng JSON.", "Each life event must be a JSON object."},
    {"Trường '{}.procedures' phải là danh sách mã thủ tục.",
     "The field '{}.procedures' must be a list of procedure codes."},
    {"Mỗi mã thủ tục phải là chuỗi.", "Each procedure code must be a string."},
    // payment/vietqr.cpp
    {"Mã VietQR sai cấu trúc tại vị trí {}.", "The VietQR code is malformed at position {}."},
    {"Mã VietQR không kết thúc bằng mã kiểm tra CRC (6304).",
     "The VietQR code does not end with its CRC (6304)."},
    {"Mã kiểm tra CRC của mã VietQR không khớp.", "The VietQR code's CRC does not match."},
    {"Mã ngân hàng (BIN của NAPAS) phải gồm đúng 6 chữ số.",
     "The bank code (NAPAS BIN) must be exactly 6 digits."},
    {"Số tài khoản nhận phải gồm 1 đến 19 chữ số hoặc chữ cái không dấu.",
     "The receiving account number must be 1 to 19 digits or letters without accents."},
    {"Số tiền phải từ 0 đến 9.999.999.999.999 đồng.",
     "The amount must be from 0 to 9,999,999,999,999 dong."},
    {"Nội dung chuyển khoản có tối đa 25 ký tự không dấu.",
     "The transfer's purpose has at most 25 characters without accents."},
    // payment/payment_account.cpp
    {"Chỉ quản trị hệ thống mới khai báo tài khoản nhận phí.",
     "Only a system administrator may set an agency's fee account."},
    {"Tên ngân hàng", "The bank name"},
    {"Tên ngân hàng không được để trống.", "The bank name must not be empty."},
    {"Tên ngân hàng dài quá {} ký tự.", "The bank name is longer than {} characters."},
    {"Tên ngân hàng chứa ký tự không hợp lệ.", "The bank name contains invalid characters."},
    {"Tên chủ tài khoản", "The account holder's name"},
    {"Tên chủ tài khoản không được để trống.", "The account holder's name must not be empty."},
    {"Tên chủ tài khoản dài quá {} ký tự.",
     "The account holder's name is longer than {} characters."},
    {"Tên chủ tài khoản chứa ký tự không hợp lệ.",
     "The account holder's name contains invalid characters."},
    {"Tài khoản nhận phí: {}, số {}.", "Fee account: {}, number {}."},
    // payment/statement.cpp
    {"Khớp hồ sơ", "Matches a dossier"},
    {"Số tiền khác phí phải nộp", "The amount differs from the fee due"},
    {"Không tìm thấy mã hồ sơ đang chờ nộp phí", "No code of a dossier awaiting its fee"},
    {"Giao dịch đã đối chiếu trước đó", "A transaction reconciled before"},
    {"Hồ sơ đã khớp ở dòng trước", "The dossier was matched by an earlier line"},
    {"Tệp sao kê không có trang tính nào.", "The statement file has no sheet."},
    {"Tệp sao kê CSV phải được mã hóa UTF-8.", "The CSV statement must be encoded in UTF-8."},
    {"Tệp sao kê CSV có một dấu ngoặc kép không được đóng.",
     "The CSV statement has an unclosed double quote."},
    {"Không tìm thấy dòng tiêu đề của sao kê: cần các cột ngày giao dịch, số tiền ghi có và nội "
     "dung (số tham chiếu nếu có).",
     "The statement's header row was not found: it needs the transaction date, credit amount "
     "and description columns (and the reference, if any)."},
    {"Dòng {}: số tiền '{}' không đọc được (số nguyên đồng, ví dụ 1.234.000).",
     "Row {}: the amount '{}' cannot be read (whole dong, for example 1,234,000)."},
    // onestop/dossier_fees.cpp, payment/reconciliation.cpp
    {"Chỉ Bộ phận Một cửa của cơ quan mới đối chiếu phí, lệ phí.",
     "Only the agency's one-stop desk reconciles fees."},
    {"Hồ sơ {} không còn phí, lệ phí phải nộp.", "Dossier {} has no fee left to pay."},
    {"Ghi nhận đã nộp phí, lệ phí. {}", "Fee recorded as paid. {}"},
    {"ghi nhận đã nộp phí", "fee recorded as paid"},
    {"Chuyển khoản ngày {}, số tham chiếu {} (đối chiếu sao kê).",
     "Transfer of {}, reference {} (bank statement)."},
    {"Chuyển khoản ngày {} (đối chiếu sao kê).", "Transfer of {} (bank statement)."},
    // api/payment_routes.cpp
    {"Tệp sao kê phải là CSV (text/csv) hoặc Excel (.xlsx).",
     "The statement must be CSV (text/csv) or Excel (.xlsx)."},
    {"Dịch vụ thanh toán phí chưa sẵn sàng.", "Fee payment is not available yet."},
    {"tài khoản nhận phí của cơ quan", "the agency's fee account"},
    // quality/index766.cpp, api/index766_routes.cpp, app/serve.cpp
    {"Tệp quy tắc chỉ số 766 không hợp lệ tại '{}'.",
     "The Decision 766 rules file is not valid at '{}'."},
    {"Tệp quy tắc chỉ số 766 không phải JSON hợp lệ.",
     "The Decision 766 rules file is not valid JSON."},
    {"Không đọc được tệp quy tắc chỉ số 766: {}", "Cannot read the Decision 766 rules file: {}"},
    {"Chỉ số 766 chưa sẵn sàng.", "The Decision 766 index is not available yet."},
};

}  // namespace

std::span<const MessageTranslation> EnglishPortalMessages() { return kMessages; }

}  // namespace cqdt::internal
