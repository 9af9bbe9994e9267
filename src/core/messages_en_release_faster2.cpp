// English renderings: the blob store's read of a stored file (issue 10, fourth round, release
// speed) and the one-step replacement of a released document (message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // blob/file_blob_store.cpp
    {"Không đọc được tệp. Vui lòng thử lại.", "The file cannot be read. Please try again."},
    // documents/draft_file_service.cpp
    {"Chỉ bỏ được phụ lục khi văn bản đang là dự thảo; văn bản này đang ở bước khác.",
     "An attachment can be removed only while the document is a draft; this one is at another "
     "step."},
    {"Chỉ người soạn thảo mới bỏ được phụ lục của dự thảo.",
     "Only the drafter can remove an attachment of the draft."},
    {"Bỏ phụ lục số ", "Removed attachment no. "},
    // api/document_delivery_routes.cpp
    {"Chỉ thay thế được văn bản đã phát hành; văn bản này chưa phát hành.",
     "Only a released document can be replaced; this one has not been released."},
    // blob/file_blob_store.cpp
    {"Không ghi bền được thư mục lưu tệp: {}",
     "The file store folder cannot be written durably: {}"},
    {"Không ghi được nhật ký của giao dịch này.",
     "The audit entries of this transaction could not be written."},
};

}  // namespace

std::span<const MessageTranslation> EnglishReleaseFaster2Messages() { return kMessages; }

}  // namespace cqdt::internal
