// PDF signatures (PAdES) and simple PDF rendering, over PoDoFo 0.9.8.
//
// SignPdf appends one signature as an incremental update, so signatures made earlier stay valid
// (Decree 30/2020 Appendix I: the competent person signs, then the clerk adds the agency
// signature). The CMS itself is made by the caller (crypto::SignCms) from the bytes this module
// hands over; this module knows nothing of keys.
//
// ReadSignatures lists the signatures of any PDF without trusting it: every offset is checked
// against the file's size before use (untrusted input).
//
// Untrusted files (issue 8): the work on a file we did not write is bounded by the objects really
// in it and by the caller's CPU budget, never by a number the file declares. Pages are the leaves
// of the page tree as walked (a lying /Count is ignored, not refused); PoDoFo's parser is fed
// through a budgeted device, may hold at most 262,144 objects, and decodes no stream beyond
// 32 MB; object and cross-reference streams are checked before PoDoFo parses them; a file has at
// most kMaxSignatures signatures. Past a limit the answer is TooLarge (the budget's message, or
// one naming the limit); a structure we refuse is Malformed.
//
// Thread safety: free functions; PoDoFo objects never leave a call.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"
#include "core/cpu_budget.hpp"
#include "core/result.hpp"

namespace cqdt::pdf {

// A visible signature widget. Coordinates in PDF points (1/72 inch) from the page's bottom-left.
struct SignatureAppearance {
  int page = 1;  // 1-based; 0 = last page
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
  // Optional PNG (transparency kept): the signer's handwritten signature (blue) or the agency
  // seal (red). Drawn scaled to fit the rectangle's upper part (or all of it when there is no
  // text).
  std::string image_png;
  // Text lines drawn under the image (or alone), UTF-8, Times-compatible serif (Liberation Serif,
  // subset-embedded), `font_size` points, colour `text_rgb` (0xRRGGBB).
  std::vector<std::string> lines;
  double font_size = 10;
  std::uint32_t text_rgb = 0x000000;
};

// A rectangle in PDF points from the page's bottom-left.
struct Box {
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
  double top() const { return y + height; }
  double right() const { return x + width; }
  bool empty() const { return width <= 0 || height <= 0; }
};
// True when the two boxes share an area (touching edges do not count).
bool Overlaps(const Box& a, const Box& b);

// Where a visible signature's parts go on the page: the text lines take the bottom of the
// rectangle (lines × font_size × 1.2), the image gets the rest, scaled to fit and centred in it
// (all of the rectangle without text). SignPdf draws exactly this layout, so callers can place
// one signature relative to another (the agency seal next to the signer's caption). Pure.
struct AppearanceLayout {
  Box image_area;  // empty when there is no image
  Box text;        // empty when there are no lines
};
AppearanceLayout LayoutAppearance(const SignatureAppearance& appearance);

struct SignatureRequest {
  std::string field_name;    // unique within the document; generated ("Signature2") when empty
  std::string signer_name;   // /Name
  std::string reason;        // /Reason
  std::string location;      // /Location
  TimePoint signing_time{};  // /M, the claimed signing time
  std::optional<SignatureAppearance> appearance;  // none → invisible signature
  // Certification signature (DocMDP, ISO 32000-1 §12.8.2.2) with permissions P (1, 2 or 3). Only
  // allowed for the first signature of a document.
  std::optional<int> certify_permissions;
  // Bytes reserved for the CMS in /Contents (hex doubles it). 0 → a default that fits a chain of
  // three RSA-4096 certificates and a timestamp token.
  std::size_t contents_reserve = 0;
};

// Given the bytes covered by the signature's ByteRange, returns the DER CMS SignedData.
using CmsMaker = std::function<Result<std::string>(std::string_view signed_bytes)>;

// Signs `pdf` (incremental update; SubFilter ETSI.CAdES.detached, Filter Adobe.PPKLite). The
// input is a byte-identical prefix of the output. An invisible signature has a zero rectangle on
// the first page. The AcroForm gets /SigFlags 3.
// Errors: Malformed for an unreadable PDF; InvalidArgument for a page that does not exist (field
// "appearance.page"), an empty rectangle ("appearance"), an image that is not PNG
// ("appearance.imagePng"), a field name already used ("fieldName") or permissions outside 1-3
// ("certifyPermissions"); FailedPrecondition for certification of an already signed document and
// for any signature on a document certified with P=1; a CmsMaker error as is; TooLarge when the
// CMS does not fit contents_reserve; TooLarge for a spent budget or a limit (see above). The input
// is untrusted like any other (staff upload it): its pages come from the walked page tree.
Result<std::string> SignPdf(std::string_view pdf, const SignatureRequest& request,
                            const CmsMaker& make_cms,
                            const CpuBudget& budget = CpuBudget::Unlimited());

// The completion of two-step signing: `pdf` was made by SignPdf with a CmsMaker that returned a
// stand-in (e.g. crypto::PrepareCms's partial SignedData); its newest signature's /Contents is
// overwritten with `cms` (zero-padded). The signed byte ranges do not change, so a CMS made over
// SignedBytes() of `pdf` verifies in the result. Errors: Malformed when the newest signature is
// not a well-formed placeholder covering the whole file; InvalidArgument ("signature") for an
// empty CMS; TooLarge when it does not fit the reserved space.
Result<std::string> EmbedCms(std::string_view pdf, std::string_view cms);

struct PdfSignatureInfo {
  std::string field_name;
  std::string filter;      // "Adobe.PPKLite"
  std::string sub_filter;  // "ETSI.CAdES.detached", "adbe.pkcs7.detached", "ETSI.RFC3161", ...
  std::vector<std::int64_t> byte_range;  // as written: offset, length, offset, length
  // The CMS (the hex string decoded, cut to the length in its BER header); empty unless
  // byte_range_valid.
  std::string contents;
  std::string signer_name, reason, location;  // at most ~1 KB each (longer ones are cut, "…")
  std::optional<TimePoint> claimed_time;      // /M
  std::optional<int> page;  // page of the widget, 1-based, when visible (non-empty /Rect)
  // ByteRange is well-formed: starts at 0, two ranges, the gap is exactly the /Contents hex
  // string (with its angle brackets; its bytes decode to `contents` plus zero padding),
  // everything within the file. The other offsets below are meaningful only when this is true.
  bool byte_range_valid = false;
  // The signed revision ends at the end of the file (nothing appended afterwards).
  bool covers_whole_document = false;
  // Bytes appended after the signed revision (0 when covers_whole_document).
  std::int64_t appended_bytes = 0;
  std::optional<int> certification_permissions;  // DocMDP P, for a certification signature
};

// At most this many signatures in one file: each one costs a pass over the file (its signed bytes
// are hashed), and real documents carry a handful.
inline constexpr std::size_t kMaxSignatures = 100;

// Lists every signature field with a value, oldest first (ordered by the end of the ByteRange).
// Fields sharing one signature dictionary count once; a second signature whose ByteRange leaves
// the same gap as an earlier one is not well-formed (byte_range_valid false). Nothing is
// verified cryptographically here: check `contents` against SignedBytes() with crypto::VerifyCms.
// Errors: Malformed when the file is not a PDF PoDoFo can read or has a structure we refuse;
// TooLarge when `budget` is spent or a limit is passed (more than kMaxSignatures signatures).
Result<std::vector<PdfSignatureInfo>> ReadSignatures(
    std::string_view pdf, const CpuBudget& budget = CpuBudget::Unlimited());

// The bytes the signature covers (the ByteRange's two ranges concatenated); empty when
// byte_range_valid is false.
std::string SignedBytes(std::string_view pdf, const PdfSignatureInfo& signature);

// A simple A4 portrait document for reports and test fixtures: margins per Decree 30/2020
// Appendix I (top 20, bottom 20, left 30, right 15 mm), Liberation Serif (Times New Roman
// metrics), UTF-8 text wrapped to the width, new pages as needed, page numbers from page 2
// centred in the top margin.
struct TextBlock {
  std::string text;
  double font_size = 13;
  bool bold = false;
  bool italic = false;
  bool centered = false;
  double space_after = 6;  // points
};
struct TextDocument {
  std::string title;   // document info /Title
  std::string author;  // /Author
  std::vector<TextBlock> blocks;
  int minimum_pages = 1;  // pad with page breaks (for benchmarks: a 50-page document)
};
Result<std::string> RenderTextDocument(const TextDocument& document);

// Each page's size in points (width, height, from the inherited MediaBox), one entry per page of
// the walked page tree. Errors as ReadSignatures.
Result<std::vector<std::pair<double, double>>> PageSizes(
    std::string_view pdf, const CpuBudget& budget = CpuBudget::Unlimited());

}  // namespace cqdt::pdf
