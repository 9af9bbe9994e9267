// The procedure catalogue as a file (issue 12 item 1), shared by POST /api/v1/procedures/import,
// GET /api/v1/procedures/export and the `cqdt procedure import|export` commands so that all read
// and write one shape: {"procedures": [ProcedureVersion...]} (docs/api.md, "Procedure
// catalogue"; src/app/demo/procedures.json is one). An export imports again unchanged: the labels
// and version fields it adds are ignored on input.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "onestop/catalogue_service.hpp"

namespace cqdt::api {

// Reads a catalogue file ({"procedures": [...]} or a bare array); each procedure's problems are
// in its item, with the JSON path of the field. kMalformed for bad JSON, kInvalidArgument for a
// file that is not a catalogue.
Result<std::vector<onestop::ImportItem>> ReadCatalogue(std::string_view text);
// The file of these versions, labels in Vietnamese, pretty-printed.
std::string WriteCatalogue(const std::vector<onestop::ProcedureVersion>& versions);
// The import report as JSON text (rows with their outcome or errors), in Vietnamese.
std::string ImportReportText(const onestop::ImportReport& report);

}  // namespace cqdt::api
