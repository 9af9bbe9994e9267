// The one-stop desk's forms of a dossier as PDF (TT 01/2018/TT-VPCP; mot-cua.md §5): the receipt
// and appointment slip (Mẫu 01, with the dossier code as text and as a QR code pointing to the
// public tracking page), the request for supplement (Mẫu 02), the refusal (Mẫu 03), the apology
// with a new appointment (Mẫu 04) and the process control slip (Mẫu 05/06: every step with its
// planned and actual times and its result). Laid out by pdf::RenderForm. Pure: the caller
// loads the dossier, its timeline and the agency names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "onestop/dossier.hpp"

namespace cqdt::onestop {

// kFeeReceipt: the receipt of a paid fee (biên lai thu phí, lệ phí) the portal gives the citizen
// (issue 13 item 4); not a form of TT 01/2018 (mot-cua.md §5: "a separate finance document").
enum class DossierForm { kReceipt, kSupplement, kRefusal, kApology, kControl, kFeeReceipt };
// "receipt", "supplement", "refusal", "apology", "control", "fee-receipt"
const char* DossierFormName(DossierForm f);
std::optional<DossierForm> ParseDossierForm(std::string_view s);

struct FormContext {
  std::vector<std::string> agency_lines;    // the receiving (or deciding) agency and its parent
  std::string place;                        // "Rạch Giá" for the date line, or empty
  std::string tracking_url;                 // the QR code's link (receipt only)
  std::int64_t printed_at = 0;              // Unix seconds: the date line
  FeeMethod fee_method = FeeMethod::kNone;  // how the fee was paid (fee receipt only)
};

// The PDF of `form` for `d`. kFailedPrecondition when the dossier has no such paper yet (a
// refusal form for a dossier never refused: the reasons come from its timeline; a fee receipt
// for a fee not paid).
Result<std::string> RenderDossierForm(const Dossier& d, const std::vector<DossierEvent>& timeline,
                                      DossierForm form, const FormContext& context);

}  // namespace cqdt::onestop
