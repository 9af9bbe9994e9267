// The fields of a document that search indexes and shows in snippets, shared by the query
// (search_service.cpp) and the indexer (search_indexer.cpp); private to the module.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "documents/document.hpp"

namespace cqdt::documents::internal {

// The text of a document that search finds, field by field (its snippet names the field).
inline std::vector<std::pair<std::string, std::string>> SearchFields(const Document& d) {
  return {{"numberText", d.number_text},
          {"subject", d.subject},
          {"sender", d.sender_name},
          {"signer", d.signer_name},
          {"signerPosition", d.signer_position},
          {"description", d.description},
          {"toPlaces", d.to_places},
          {"fileNotation", d.file_notation}};
}

}  // namespace cqdt::documents::internal
