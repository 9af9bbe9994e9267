// The blob keys this module's tables name (dossiers' files (scans, results) and the procedures'
// form templates), for the orphan sweeper (blob/sweeper.hpp): a blob no row names is removed after
// the grace period, so a table that keeps a key must be listed here (the application's test fails
// on a `*sha256*` or `*blob*` column no source lists).
#pragma once

#include "blob/sweeper.hpp"

namespace cqdt::onestop {

blob::ReferenceSource BlobReferences();

}  // namespace cqdt::onestop
