// English renderings: the blob store's read of a stored file (issue 10, fourth round, release
// speed) (message_catalog.hpp).
#include "messages_en.hpp"

namespace cqdt::internal {
namespace {

constexpr MessageTranslation kMessages[] = {
    // blob/file_blob_store.cpp
    {"Không đọc được tệp. Vui lòng thử lại.", "The file cannot be read. Please try again."},
};

}  // namespace

std::span<const MessageTranslation> EnglishReleaseFaster2Messages() { return kMessages; }

}  // namespace cqdt::internal
