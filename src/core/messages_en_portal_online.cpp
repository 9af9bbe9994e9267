// English renderings: online submission on the public portal (issue 13, item 3): e-forms and their
// answers, drafts, the citizen's document store, submission and the supplement answered online
// (message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // portal/e_form.cpp: the definition
    {"Trường '{}' phải là true hoặc false.", "The field '{}' must be true or false."},
    {"Trường '{}' phải là số nguyên từ 0 đến {}.",
     "The field '{}' must be a whole number from 0 to {}."},
    {"Trường '{}' phải là danh sách.", "The field '{}' must be a list."},
    {"Chỉ trường chọn (select, radio) có danh sách lựa chọn.",
     "Only a choice field (select, radio) has options."},
    {"Trường chọn phải có từ 1 đến {} lựa chọn.", "A choice field must have 1 to {} options."},
    {"Mỗi lựa chọn phải là một đối tượng JSON.", "Each option must be a JSON object."},
    {"Giá trị lựa chọn '{}' bị lặp.", "The option value '{}' is repeated."},
    {"Trường '{}showIf' phải là một đối tượng JSON.",
     "The field '{}showIf' must be a JSON object."},
    {"Điều kiện hiển thị phải dựa vào một trường đứng trước: không có trường '{}' trước trường "
     "này.",
     "A condition must depend on an earlier field: there is no field '{}' before this one."},
    {"Mỗi giá trị của điều kiện hiển thị phải là chuỗi từ 1 đến 100 ký tự.",
     "Each value of a condition must be a string of 1 to 100 characters."},
    {"Tên trường gồm chữ cái không dấu, chữ số và '_', bắt đầu bằng chữ cái, tối đa 40 ký tự.",
     "A field name takes letters without accents, digits and '_', starts with a letter and has "
     "at most 40 characters."},
    {"Tên trường '{}' đã có ở trường trước.", "The field name '{}' is used by an earlier field."},
    {"Kiểu trường phải là text, textarea, number, date, select, radio, checkbox, idNumber, phone "
     "hoặc email.",
     "The field type must be text, textarea, number, date, select, radio, checkbox, idNumber, "
     "phone or email."},
    {"Độ dài tối thiểu lớn hơn độ dài tối đa.", "The minimum length is above the maximum."},
    {"Chỉ trường số (number) có giới hạn giá trị.", "Only a number field has value limits."},
    {"Giá trị tối thiểu lớn hơn giá trị tối đa.", "The minimum value is above the maximum."},
    {"Chỉ trường ngày (date) có giới hạn ngày.", "Only a date field has date limits."},
    {"Giới hạn ngày phải là YYYY-MM-DD hoặc today.", "A date limit must be YYYY-MM-DD or today."},
    {"Chỉ trường văn bản (text) có mẫu kiểm tra.", "Only a text field has a pattern."},
    {"Mẫu kiểm tra không phải biểu thức chính quy hợp lệ.",
     "The pattern is not a valid regular expression."},
    {"Nguồn điền sẵn phải là profile.fullName, profile.idNumber, profile.phone, profile.email, "
     "profile.address hoặc lastDossier.",
     "The prefill source must be profile.fullName, profile.idNumber, profile.phone, "
     "profile.email, profile.address or lastDossier."},
    {"Thông tin người nộp '{}' đã được lấy từ một trường trước.",
     "The applicant's '{}' already comes from an earlier field."},
    {"Thông tin người nộp phải là name, idNumber, phone, email, address hoặc representative.",
     "The applicant's detail must be name, idNumber, phone, email, address or representative."},
    {"Tờ khai điện tử phải là một đối tượng JSON.", "An e-form must be a JSON object."},
    {"Mỗi giấy tờ mà tờ khai thay thế là số thứ tự từ 1 đến 100, không lặp.",
     "Each document the e-form stands for is an ordinal from 1 to 100, not repeated."},
    {"Tờ khai phải có từ 1 đến {} phần.", "An e-form must have 1 to {} sections."},
    {"Mỗi phần của tờ khai phải là một đối tượng JSON.",
     "Each section of an e-form must be a JSON object."},
    {"Mỗi phần của tờ khai phải có ít nhất một trường.",
     "Each section of an e-form must have at least one field."},
    {"Tờ khai có tối đa {} trường.", "An e-form has at most {} fields."},
    {"Mỗi trường phải là một đối tượng JSON.", "Each field must be a JSON object."},
    {"Danh sách tờ khai điện tử phải có dạng {\"forms\": [...]}.",
     "A list of e-forms must look like {\"forms\": [...]}."},
    {"Mỗi mục phải có 'procedure' (mã thủ tục) và 'form'.",
     "Each item must have 'procedure' (the procedure code) and 'form'."},
    {"Thủ tục '{}' đã có tờ khai ở mục trước.",
     "The procedure '{}' already has an e-form in an earlier item."},
    // portal/e_form_check.cpp: the answers («label» is the form's own, in Vietnamese)
    {"«{}» phải từ {} đến {} ký tự.", "«{}» must have {} to {} characters."},
    {"«{}» không đúng định dạng.", "«{}» is not in the expected format."},
    {"«{}»: {}", "«{}»: {}"},
    {"«{}» phải là một số.", "«{}» must be a number."},
    {"«{}» phải là số nguyên.", "«{}» must be a whole number."},
    {"«{}» phải từ {} đến {}.", "«{}» must be from {} to {}."},
    {"«{}» không được nhỏ hơn {}.", "«{}» must not be less than {}."},
    {"«{}» không được lớn hơn {}.", "«{}» must not be more than {}."},
    {"«{}» phải là một ngày (YYYY-MM-DD).", "«{}» must be a date (YYYY-MM-DD)."},
    {"«{}» không được trước ngày {}.", "«{}» must not be before {}."},
    {"«{}» không được sau ngày {}.", "«{}» must not be after {}."},
    {"«{}» phải là một trong các lựa chọn của tờ khai.", "«{}» must be one of the form's options."},
    {"«{}» phải là true hoặc false.", "«{}» must be true or false."},
    {"Hãy đánh dấu «{}».", "Please tick «{}»."},
    {"«{}»: ba chữ số đầu không phải mã tỉnh, thành phố nào.",
     "«{}»: the first three digits are no province's code."},
    {"«{}» phải là số định danh cá nhân gồm 12 chữ số.",
     "«{}» must be a personal ID number of 12 digits."},
    {"«{}» phải là số điện thoại Việt Nam (10 hoặc 11 chữ số, bắt đầu bằng 0 hoặc +84).",
     "«{}» must be a Vietnamese phone number (10 or 11 digits, starting with 0 or +84)."},
    {"«{}» phải là địa chỉ thư điện tử.", "«{}» must be an e-mail address."},
    {"Tờ khai không có trường '{}'.", "The e-form has no field '{}'."},
    {"«{}» chứa ký tự không hợp lệ.", "«{}» contains invalid characters."},
    {"«{}» là bắt buộc.", "«{}» is required."},
    {"«{}» dài quá {} ký tự.", "«{}» is longer than {} characters."},
    // portal/form_service.cpp
    {"tờ khai", "e-form"},
    {"Chỉ quản trị hệ thống mới đặt tờ khai điện tử của thủ tục.",
     "Only a system administrator may set a procedure's e-form."},
    {"Thủ tục không có giấy tờ số {}.", "The procedure has no document number {}."},
    {"Tờ khai điện tử phiên bản {}: {}", "E-form version {}: {}"},
    {"Chỉ công dân, tổ chức đã đăng nhập mới khai tờ khai.",
     "Only a signed-in citizen or organisation fills in an e-form."},
    // api/portal_form_routes.cpp
    {"Chức năng nộp hồ sơ trực tuyến chưa sẵn sàng.", "Online submission is not available yet."},
    {"Chức năng này dành cho công dân, tổ chức đã đăng nhập Cổng dịch vụ công.",
     "This is for citizens and organisations signed in to the public service portal."},
    {"Trường '{}' phải là đối tượng: tên trường → giá trị.",
     "The field '{}' must be an object: field name → value."},
    {"Giá trị của '{}' phải là chuỗi, số hoặc true/false.",
     "The value of '{}' must be a string, a number or true/false."},
    {"Trường '{}.byData' phải là true hoặc false.", "The field '{}.byData' must be true or false."},
    {"Trường '{}.files' phải là danh sách tối đa {} tệp.",
     "The field '{}.files' must be a list of at most {} files."},
    {"Trường '{}.files' phải là danh sách mã tệp trong kho dữ liệu.",
     "The field '{}.files' must be a list of ids of files in the document store."},
};

}  // namespace

std::span<const MessageTranslation> EnglishPortalOnlineMessages() { return kMessages; }

}  // namespace cqdt::internal
