// Every module's blob references, for the orphan sweeper (blob/sweeper.hpp): one source per
// module whose tables keep blob keys. A module that adds such a table adds its source here; the
// test beside this file fails while a `*sha256*` or `*blob*` column is listed by no source.
#pragma once

#include <vector>

#include "blob/sweeper.hpp"

namespace cqdt::app {

std::vector<blob::ReferenceSource> BlobReferenceSources();

}  // namespace cqdt::app
