// English renderings: which procedures and dossiers cost a unit points in the Decision 766
// index, and why (issue 13, item 9, the staff page; message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // quality/index766_analysis.cpp: the reasons
    {"Giải quyết quá hạn", "Finished late"},
    {"Đang giải quyết quá hạn", "Open past its due time"},
    {"Không nộp trực tuyến", "Not submitted online"},
    {"Phí, lệ phí không thanh toán trực tuyến", "Fee not paid online"},
    {"Thành phần hồ sơ chưa được số hóa", "Documents not digitised"},
    {"Không tái sử dụng dữ liệu đã có", "Data the state holds not reused"},
    {"Kết quả không phải bản điện tử", "Result not electronic"},
    {"Bị đánh giá không hài lòng", "Rated unsatisfied"},
    {"Có phản ánh, kiến nghị", "Feedback or complaint filed"},
    {"Thủ tục chưa cung cấp dịch vụ công trực tuyến", "Procedure not offered online"},
    {"Thủ tục trực tuyến chưa có hồ sơ nộp trực tuyến",
     "Online procedure without an online dossier"},
    {"Thủ tục có phí chưa có hồ sơ thanh toán trực tuyến",
     "Fee-bearing procedure without an online payment"},
    {"Thủ tục có phí chưa phát sinh hồ sơ", "Fee-bearing procedure without a dossier"},
    {"Trường 'indicator' phải là mã một chỉ tiêu tính theo hồ sơ.",
     "The field 'indicator' must be the code of an indicator counted by dossier."},
    // api/index766_analysis_routes.cpp
    {"Tham số 'scope' phải là agency hoặc province.",
     "The parameter 'scope' must be agency or province."},
    {"Không chọn cơ quan khi xem toàn tỉnh (scope=province).",
     "Choose no agency for the whole province (scope=province)."},
};

}  // namespace

std::span<const MessageTranslation> EnglishIndex766AnalysisMessages() { return kMessages; }

}  // namespace cqdt::internal
