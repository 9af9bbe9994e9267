// The portal's own stored texts (private): a dossier's or a draft's answers, and a draft's
// documents, as JSON of this module (never parsed from a client: the api reads those).
#pragma once

#include <string>
#include <string_view>

#include "portal/draft_service.hpp"
#include "portal/e_form.hpp"

namespace cqdt::portal {

// {"name": "value", …}
std::string AnswersText(const FormAnswers& answers);
// The answers of AnswersText; empty for a text that is none (a damaged row is not fatal).
FormAnswers ParseAnswersText(std::string_view text);

// [{"ordinal": 1, "files": [{"id": "u12", "name": "…"}], "byData": false}, …]
std::string DocumentsText(const std::vector<DocumentChoice>& documents);
std::vector<DocumentChoice> ParseDocumentsText(std::string_view text);

}  // namespace cqdt::portal
