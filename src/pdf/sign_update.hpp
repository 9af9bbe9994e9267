// A signature added to a document already loaded for update, in two steps, so that other changes
// (the release's number stamp, stamp.hpp) can share the signature's incremental update instead of
// writing their own and having it parsed again. Private to the pdf module; SignPdf is the two
// steps on a freshly loaded file.
//
// Thread safety: one object per document, used by the document's thread.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "pdf/pdf.hpp"
#include "podofo.hpp"
#include "untrusted_pdf.hpp"

namespace cqdt::pdf::internal {

class PendingSignature {
 public:
  PendingSignature();
  ~PendingSignature();
  PendingSignature(const PendingSignature&) = delete;
  PendingSignature& operator=(const PendingSignature&) = delete;

  // Adds the signature field, its widget and appearance to `file`'s document (nothing written).
  // Errors as SignPdf's, except the CMS ones. Call once.
  Status Prepare(UntrustedPdf& file, const SignatureRequest& request);

  // Writes everything the document changed since it was loaded as one incremental update after
  // `original` (the bytes `file` was loaded from), with `reserve` bytes for the CMS (0 → the
  // default), and fills the CMS in. Errors: a CmsMaker error as is; TooLarge when the CMS does
  // not fit `reserve`; Malformed / TooLarge from the file as SignPdf's. Once: PoDoFo 0.9.8 copies
  // the original bytes from its input device, which a second WriteUpdate finds at its end and
  // waits on for ever (Internal on a second call; a caller that retries loads the file anew).
  Result<std::string> Write(UntrustedPdf& file, std::string_view original, std::size_t reserve,
                            const CmsMaker& make_cms);

  bool prepared() const { return field_ != nullptr; }

 private:
  std::unique_ptr<PoDoFo::PdfPage> page_;  // holds the widget until the update is written
  std::unique_ptr<PoDoFo::PdfSignatureField> field_;
  bool written_ = false;
};

}  // namespace cqdt::pdf::internal
