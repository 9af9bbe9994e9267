// The JSON of the procedure catalogue (procedure_json.cpp): answers, export and import file share
// one shape (src/app/demo/procedures.json is one). Private to the api module; the CLI's
// `cqdt procedure import|export` reads and writes the same through api/catalogue_file.hpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "internal.hpp"
#include "onestop/catalogue_service.hpp"

namespace cqdt::api {

json ProcedureContentJson(const onestop::ProcedureContent& c, const http::Request& req);
// The content plus version, dates, author and the process's fit against each deadline.
json ProcedureVersionJson(const onestop::ProcedureVersion& v, const http::Request& req);
json ProcedureSummaryJson(const onestop::ProcedureSummary& s, const http::Request& req);
// Reads one procedure of untrusted JSON; problems are appended to `errors` with their paths
// (under `path`, "" at the top).
onestop::ProcedureContent ReadProcedureContent(const json& j, const std::string& path,
                                               std::vector<FieldError>& errors);
// A catalogue file: {"procedures": [...]} or a bare array. kMalformed / kInvalidArgument for a
// file that is not one; each procedure's own problems are in its item.
Result<std::vector<onestop::ImportItem>> ReadCatalogueFile(std::string_view text);
json ImportReportJson(const onestop::ImportReport& report, const http::Request& req);

}  // namespace cqdt::api
