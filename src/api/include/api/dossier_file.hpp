// A dossier as a JSON document (issue 12 item 2) for `cqdt dossier show CODE --json`: the shape
// of GET /api/v1/dossiers/{code} (without the reader's actions) plus its "timeline", labels in
// Vietnamese, pretty-printed. Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "onestop/dossier.hpp"

namespace cqdt::api {

std::string DossierDocumentText(const onestop::Dossier& d,
                                const std::vector<onestop::DossierEvent>& timeline);

}  // namespace cqdt::api
