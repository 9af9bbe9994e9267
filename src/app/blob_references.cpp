#include "blob_references.hpp"

#include "documents/blob_references.hpp"
#include "exchange/blob_references.hpp"
#include "mailroom/blob_references.hpp"
#include "onestop/blob_references.hpp"
#include "portal/blob_references.hpp"

namespace cqdt::app {

std::vector<blob::ReferenceSource> BlobReferenceSources() {
  return {documents::BlobReferences(), onestop::BlobReferences(), portal::BlobReferences(),
          exchange::BlobReferences(), mailroom::BlobReferences()};
}

}  // namespace cqdt::app
