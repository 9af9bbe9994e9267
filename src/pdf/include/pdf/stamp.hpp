// Stamping a document: the number and issue date written into a signed outgoing PDF, and the
// "ĐẾN" (arrival) stamp drawn on a copy of an incoming scan (Decree 30/2020 art. 15, 16, 22;
// Phụ lục I and IV; shared reference van-thu.md §2, §6, §7).
//
// The outgoing flow (decision 0009): the competent person signs the PDF with the number and date
// left blank; the clerk then allocates them, StampNumberAndDate writes them at the "Số:" and date
// lines of page 1, and the agency seal signature (SignPdf) follows. The stamp is an incremental
// update that adds one FreeText annotation per line, each with our own appearance (white ground
// covering the blank line, the new line in subset-embedded Liberation Serif, black): the page's
// content streams are never touched. Why an annotation, not page content and not a form field:
// ISO 32000-1 §12.8.2.2 Table 254 lets a signature's revision stay valid under later annotation
// changes when the signature is an approval signature (no DocMDP) or a certification with P=3,
// while a change to the page content is a modification of the signed document (Acrobat reports
// the signature as changed; pdfsig, which checks only the ByteRange, would not notice); a new form
// field is no better under P=2 (it allows filling fields that exist, not adding them), and needs
// the AcroForm's resources and a viewer that does not redraw it (pdf.js renders text fields as
// HTML inputs). So the stamp is refused when a signature certifies the document with P=1 (no
// change at all) or P=2 (form filling and signing only).
//
// Finding the lines uses the page's text (page_text.hpp): upright text shown in the page's own
// content streams, simple or Type0 fonts, characters from /ToUnicode. A scanned page has no text:
// nothing is found and the user places the lines by hand (the positions are plain rectangles).
//
// Thread safety: free functions; PoDoFo objects never leave a call.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/cpu_budget.hpp"
#include "core/result.hpp"
#include "core/text.hpp"
#include "pdf/pdf.hpp"

namespace cqdt::pdf {

// A line of text on a page, as found (FindNumberAndDatePositions) or as placed by the user.
struct TextLocation {
  int page = 1;  // 1-based
  // The line's extent in PDF points from the page's bottom-left: from its first glyph's left edge
  // to its last glyph's right edge, from the descender to the ascender. The stamp covers it.
  Box box;
  double baseline = 0;   // y of the text's baseline; 0 → derived from the box
  double font_size = 0;  // the size of the text found; 0 → 13 pt
  std::string text;      // the text found there (UTF-8); empty when placed by hand
  // The glyphs found on the line, left to right (empty when placed by hand): what lets the stamp
  // write only into the blanks (see StampNumberAndDate).
  struct Glyph {
    std::string text;  // UTF-8, usually one character
    double x = 0;      // left edge, points
    double width = 0;  // advance, points
  };
  std::vector<Glyph> glyphs;
  // 0..1. 1: the Decree 30 form in the header area of page 1 and the only candidate; lower when
  // the form is loose ("Số" without a place name before the date), the line is far down the page,
  // or several candidates were found (the topmost is returned).
  double confidence = 0;
};

struct NumberAndDatePositions {
  std::optional<TextLocation> number;  // the "Số: .../..." line
  std::optional<TextLocation> date;    // "<place>, ngày ... tháng ... năm ..."
};

// Locates on page 1 the number line ("Số:", "Số :", "SỐ:"; a colon is required, "Số" alone is a
// common word) and the date line (a segment of a line holding "ngày", then "tháng", then "năm",
// in that order; placeholders — blanks, dots — anywhere). Lines are grouped by baseline and split
// where a gap wider than three times the font size separates two columns (Decree 30 puts the
// number on the left and the date on the right of the same line).
// Errors: NotFound when neither line is found (a scan, a document without the header: the caller
// asks the user to place them); Malformed / TooLarge as ReadSignatures.
Result<NumberAndDatePositions> FindNumberAndDatePositions(
    std::string_view pdf, const CpuBudget& budget = CpuBudget::Unlimited());

// Writes "Số: <number_text>" at the number line and `date_line` (FormatIssueDateLine) at the
// date line of `pdf`, as an incremental update (the input is a byte-identical prefix of the
// output, so earlier signatures stay valid). 13-14 pt (the size found, kept within Decree 30's
// 13-14 pt), black, on the line's baseline; the date italic (Phụ lục I). The annotations are
// printable, read-only and locked; their /Contents is the whole line.
// Into the blanks: when the location has its glyphs and the new line is the old one with text
// added (compared character by character, spaces aside) and only placeholders removed (dots,
// underscores, ellipses: "Số: ......./QĐ-UBND", "ngày ..... tháng"), only the added text is drawn,
// in the blank where it belongs (against the neighbour it is glued to: "05" just before "/QĐ"),
// and only the placeholders are covered, so the page's text reads "Số: 05/QĐ-UBND" in viewers
// and in text extraction (pdftotext), with no old text hidden under the new. Otherwise (a
// location placed by hand, or a line whose text differs: another year, another place) the whole
// line is covered with a white ground and the new line drawn centred on it; the old text then
// stays in the page's text layer beneath.
// Errors: InvalidArgument for a missing or empty position ("positions.number", "positions.date"),
// a page that does not exist ("positions.number.page"), an empty or over-long text ("numberText",
// "dateLine", at most 100 and 200 bytes, valid UTF-8 without control characters);
// FailedPrecondition when a signature certifies the document with DocMDP P=1 or P=2 (see above);
// Malformed / TooLarge as SignPdf.
Result<std::string> StampNumberAndDate(std::string_view pdf,
                                       const NumberAndDatePositions& positions,
                                       std::string_view number_text, std::string_view date_line,
                                       const CpuBudget& budget = CpuBudget::Unlimited());

// FindNumberAndDatePositions and StampNumberAndDate (or that stamp and a signature) over one parse
// of the file, for a caller that stamps where it finds (releasing an outgoing document: the signed
// file would otherwise be parsed twice). Find and Stamp answer exactly as the two functions do on
// `pdf`, errors included; Stamp may be called once (Internal after that) and needs no Find before
// it. `pdf` and `budget` must outlive the object. Thread safety: one object per call, one thread.
class NumberStamper {
 public:
  NumberStamper(std::string_view pdf, const CpuBudget& budget);
  ~NumberStamper();
  NumberStamper(const NumberStamper&) = delete;
  NumberStamper& operator=(const NumberStamper&) = delete;

  Result<NumberAndDatePositions> Find();
  // PageSizes (pdf.hpp) of the same parse, answering as PageSizes does on `pdf` (the release
  // checks the clerk's boxes against them). Before or after Find, not after Stamp.
  Result<std::vector<std::pair<double, double>>> PageSizes();
  Result<std::string> Stamp(const NumberAndDatePositions& positions, std::string_view number_text,
                            std::string_view date_line);
  // Stamp, and the signature `request` (as SignPdf signs), in ONE incremental update: the
  // signature covers the stamp, and the stamped file is neither written out on its own nor parsed
  // again to be signed (releasing an outgoing document: the agency seal follows the number; the
  // earlier signatures stay valid as after Stamp then SignPdf). Errors: Stamp's, then SignPdf's.
  // Once, and not after Stamp (Internal); except after TooLarge because the CMS did not fit
  // request.contents_reserve: it may then be called once more with a larger reserve (and the same
  // other arguments), which parses the file anew for that rare case.
  Result<std::string> StampAndSign(const NumberAndDatePositions& positions,
                                   std::string_view number_text, std::string_view date_line,
                                   const SignatureRequest& request, const CmsMaker& make_cms);

  // The signature `request` alone, as SignPdf signs `pdf` (same update, same errors), on the
  // parse Find read: the leader's signature, whose caller keeps the lines Find found for the
  // release (the signature adds an annotation, never page content, so the signed file's lines
  // are the same). Once, and not with Stamp or StampAndSign; the TooLarge retry as StampAndSign.
  Result<std::string> Sign(const SignatureRequest& request, const CmsMaker& make_cms);

 private:
  // StampAndSign (positions given) or Sign (nullptr).
  Result<std::string> SignWith(const NumberAndDatePositions* positions,
                               std::string_view number_text, std::string_view date_line,
                               const SignatureRequest& request, const CmsMaker& make_cms);

  struct State;
  std::unique_ptr<State> state_;
};

// What the "ĐẾN" stamp of Phụ lục IV holds. Texts are UTF-8; empty ones leave the label alone
// (the clerk writes them by hand on paper).
struct ArrivalStamp {
  std::string agency_name;    // TÊN CƠ QUAN, TỔ CHỨC (printed in upper case as given)
  int arrival_number = 0;     // Số (đến), >= 1
  Date arrival_date;          // Ngày (đến), printed dd/mm/yyyy
  std::string forwarded_to;   // Chuyển: the unit or person it goes to
  std::string file_notation;  // Số và ký hiệu HS: the work file it is filed into
  // Where the 50 mm × 35 mm stamp goes on page 1: its top-left corner in points from the page's
  // bottom-left. nullopt → the top-left area (25 mm from the left edge, 45 mm from the top, under
  // the header where the number and notation sit).
  std::optional<double> x, top;
};

// A copy of `pdf` for printing, with the "ĐẾN" stamp (a 50 × 35 mm red frame: agency name, ĐẾN,
// Số, Ngày, Chuyển, Số và ký hiệu HS) drawn on page 1 as added page content. The original bytes
// are a prefix of the result (an incremental update); the caller keeps the original file as it
// was. Errors: InvalidArgument for a number below 1 ("arrivalNumber"), a date that is not a
// calendar date ("arrivalDate"), texts over 200 bytes or not UTF-8 ("agencyName",
// "forwardedTo", "fileNotation"), a position off the page ("x", "top"); Malformed / TooLarge as
// SignPdf.
Result<std::string> StampArrival(std::string_view pdf, const ArrivalStamp& stamp,
                                 const CpuBudget& budget = CpuBudget::Unlimited());

}  // namespace cqdt::pdf
