// Loading a PDF we did not write into PoDoFo 0.9.8 so that the work stays bounded by the file and
// by a CPU budget, not by the numbers the file declares. Private to the pdf module.
//
// PoDoFo parses a whole file inside one call (LoadFromBuffer) and offers no way to interrupt it;
// its cost can grow with declared numbers (docs in stream_checks.hpp). UntrustedPdf keeps it
// bounded from the outside:
// - the bytes reach PoDoFo through an input device that checks the CPU budget every few thousand
//   reads, and fails every read once the budget is spent;
// - every stream PoDoFo creates while loading comes from a factory of ours; when PoDoFo first asks
//   for a stream's data (it does so to decode object streams and cross-reference streams), the
//   stream is decoded with PoDoFo's own filters into a sink that counts: at most
//   kMaxDecodedStreamBytes (a flate bomb of 1 MB expanded to 3 GB before), predictor parameters
//   within bounds, no image codecs, and the content checked by stream_checks.hpp;
// - PdfParser::SetMaxObjectCount(kMaxObjects) bounds the tables PoDoFo sizes from /Size.
// A failure of these checks surfaces as a PdfError inside PoDoFo (the only exception type its code
// cleans up after), and UntrustedPdf remembers the real reason for the caller.
//
// Thread safety: one UntrustedPdf per call, used by one thread (its budget's).
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "core/cpu_budget.hpp"
#include "core/result.hpp"
#include "podofo.hpp"

namespace cqdt::pdf::internal {

// The largest decoded content of one stream PoDoFo decodes while loading. Object streams hold
// non-stream objects (tens to hundreds of KB); a cross-reference stream for kMaxObjects objects
// is a few MB.
inline constexpr std::size_t kMaxDecodedStreamBytes = 32u << 20;

struct LoadGuard;  // untrusted_pdf.cpp

class UntrustedPdf {
 public:
  // `pdf` and `budget` must outlive this object.
  UntrustedPdf(std::string_view pdf, const CpuBudget& budget);
  ~UntrustedPdf();
  UntrustedPdf(const UntrustedPdf&) = delete;
  UntrustedPdf& operator=(const UntrustedPdf&) = delete;

  // Parses the file. Errors: Malformed for anything PoDoFo cannot parse or the checks refuse
  // (with a Vietnamese message naming the structure when it is ours), TooLarge for a spent budget
  // or a limit.
  Status Load(bool for_update);

  PoDoFo::PdfMemDocument& doc() { return *doc_; }
  const CpuBudget& budget() const { return budget_; }

  // Ok unless a check refused part of the file since Load() (a stream read later, lazily, which
  // PoDoFo was then handed as empty) or the budget is spent. Call it before using what was read.
  Status Check() const;

  // The error to report for a PdfError (or other exception) caught while working on the loaded
  // document: the budget or limit that stopped PoDoFo, when one did, else `fallback`.
  Error Failure(Error fallback) const;

 private:
  const CpuBudget& budget_;
  std::unique_ptr<LoadGuard> guard_;  // outlives doc_: doc_'s streams use it
  std::unique_ptr<PoDoFo::PdfMemDocument> doc_;
};

}  // namespace cqdt::pdf::internal
