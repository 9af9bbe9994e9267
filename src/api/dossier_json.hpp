// The JSON of dossiers (dossier_json.cpp), private to the api module: a dossier with its
// checklist, steps, files and the actions the caller may take; a queue line; a timeline line.
// Times are ISO 8601 in Vietnam (UTC+7), "" when not yet; labels in the reader's language.
#pragma once

#include <vector>

#include "internal.hpp"
#include "onestop/dossier_service.hpp"

namespace cqdt::api {

json DossierJson(const onestop::Dossier& d, const std::vector<onestop::DossierAction>& actions,
                 const http::Request& req);
json DossierSummaryJson(const onestop::DossierSummary& s, const http::Request& req);
json DossierEventJson(const onestop::DossierEvent& e, const http::Request& req);
json DossierFileJson(const onestop::DossierFile& f);
// What public tracking shows (portal_routes.cpp): no actor or note on the timeline.
json TrackedDossierJson(const onestop::TrackedDossier& t, const http::Request& req);

}  // namespace cqdt::api
