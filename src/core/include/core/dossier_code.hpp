// Dossier codes (mã hồ sơ) of the one-stop shop: `<agency code>-<YYMMDD>-<NNNN>`, e.g.
// `000.00.04.H40-230414-0002` (NĐ 61/2018/NĐ-CP art. 26; TT 01/2018/TT-VPCP art. 19; shared
// reference mot-cua.md §4.1):
//  - the agency code is the mã định danh of the *receiving* agency in the QCVN 102:2016 layout
//    `DDD.CC.BB.AXX` (the QĐ 20/2020 layout is not allowed here);
//  - YYMMDD is the receipt date (years 2000-2099);
//  - NNNN is the sequence number of the dossier among those the agency received that day, from
//    0001 to 9999, restarting every day.
// This header only parses and formats; allocating the sequence number (unique and gap-free under
// concurrency) is the numbering module's job. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/text.hpp"

namespace cqdt {

inline constexpr int kMaxDossierSequence = 9999;

struct DossierCode {
  std::string agency_code;  // QCVN 102 layout, e.g. "000.00.04.H40"
  Date received;            // receipt date
  int sequence = 0;         // 1..kMaxDossierSequence

  // "000.00.04.H40-230414-0002". Requires a value made by ParseDossierCode/MakeDossierCode.
  std::string Text() const;
};

// Parses untrusted text strictly (upper case, no spaces). Errors: kInvalidArgument with one
// FieldError on `field`, code "format" (shape), "agency" (not a QCVN 102 agency code), "date" (no
// such calendar date) or "sequence" (0000).
Result<DossierCode> ParseDossierCode(std::string_view text, const std::string& field = "code");

// Builds a code from its parts, checking each (same errors as ParseDossierCode, plus "date" for a
// year outside 2000-2099 and "sequence" above 9999).
Result<DossierCode> MakeDossierCode(std::string_view agency_code, const Date& received,
                                    int sequence, const std::string& field = "code");

}  // namespace cqdt
