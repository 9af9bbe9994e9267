// The blob keys this module's tables name (the files of documents (uploads, drafts, signed and
// issued versions, attachments, comments), the signed files an issue placed its number on, and the
// archive packages), for the orphan sweeper (blob/sweeper.hpp): a blob no row names is removed
// after the grace period, so a table that keeps a key must be listed here (the application's test
// fails on a `*sha256*` or `*blob*` column no source lists).
#pragma once

#include "blob/sweeper.hpp"

namespace cqdt::documents {

blob::ReferenceSource BlobReferences();

}  // namespace cqdt::documents
