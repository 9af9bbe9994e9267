// The JSON form of official identifiers (issue 3), shared by GET /api/v1/codes/... and the
// `cqdt code ... --json` commands so both answer the same shapes (docs/api.md, "Codes"):
//   AgencyCodeInfo     {code, layout: "qcvn102"|"decision20", level, parentCode|null, levels[],
//                       levelOne: {code, name|null, active|null, note|null}}
//   DossierCodeInfo    {code, agencyCode, receivedDate: "YYYY-MM-DD", sequence}
//   DocumentNumberInfo {value, display, number, year|null, typeAbbreviation|null, typeName|null,
//                       typeOrdinal|null, issuer, unit|null, notation}
//   DocumentTypeList   {items: [{ordinal, name, abbreviation|null, edxmlTypeDetail|null}]}
// Each returns compact UTF-8 JSON text. Pure; thread-safe.
#pragma once

#include <string>

#include "core/agency_code.hpp"
#include "core/document_number.hpp"
#include "core/dossier_code.hpp"

namespace cqdt::api {

std::string AgencyCodeJson(const AgencyCode& code);
std::string DossierCodeJson(const DossierCode& code);
std::string DocumentNumberJson(const DocumentNumber& number);
std::string DocumentTypesJson();

}  // namespace cqdt::api
