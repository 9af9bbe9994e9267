// The page tree of a PDF we did not write, walked from the catalog's /Pages through /Kids.
// Private to the pdf module.
//
// Untrusted input: the declared /Count of a node is never read (a 791-byte file may declare
// twenty million pages, and PoDoFo's GetPageCount()/GetPage(i) trust it: every page index is a
// walk of the tree). A page is a leaf reached through /Kids; the walk visits each object at most
// once (a cycle or a shared kid cannot repeat work), stops at kMaxPageTreeDepth, and checks the
// CPU budget as it goes, so its cost is bounded by the objects really in the file.
//
// Decision (issue 8): a /Count that disagrees with the leaves is corrected for our purposes, not
// refused. Nothing this module does depends on /Count once the walk exists, a wrong /Count says
// nothing about the signatures' validity, and viewers repair it silently (Acrobat, pdf.js), so
// refusing would only turn a verifiable signed document into an unverifiable one. A tree that
// cannot be walked at all (no /Pages, too deep) is Malformed.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "core/cpu_budget.hpp"
#include "core/result.hpp"
#include "podofo.hpp"

namespace cqdt::pdf::internal {

// Real page trees are a few levels deep (PDF writers balance them); 64 leaves room for any.
inline constexpr int kMaxPageTreeDepth = 64;

class PageTree {
 public:
  // Walks the document's page tree. Errors: Malformed when the catalog has no /Pages dictionary,
  // when the tree is deeper than kMaxPageTreeDepth, or when it has no page at all; TooLarge when
  // the budget runs out.
  static Result<PageTree> Walk(PoDoFo::PdfMemDocument& doc, const CpuBudget& budget);

  // The leaves in document order (page 1 first).
  int page_count() const { return static_cast<int>(pages_.size()); }
  PoDoFo::PdfObject* page(int index) const { return pages_[static_cast<std::size_t>(index)]; }

  // The page tree nodes above a page, root first (what PoDoFo's PdfPage expects for inherited
  // attributes).
  std::deque<PoDoFo::PdfObject*> Parents(int index) const;

  // An inheritable page attribute (MediaBox, CropBox, Rotate, Resources): the page's own, or the
  // nearest ancestor's. nullptr when none has it.
  PoDoFo::PdfObject* Inherited(int index, const PoDoFo::PdfName& key) const;

  // The 1-based page number of a page object, by reference.
  std::optional<int> PageNumberOf(const PoDoFo::PdfReference& ref) const;

  // The 1-based number of the first page whose /Annots lists `annotation`. The /Annots arrays
  // are indexed on first use (once), with budget checks.
  Result<std::optional<int>> PageListingAnnotation(const PoDoFo::PdfReference& annotation,
                                                   const CpuBudget& budget) const;

 private:
  PoDoFo::PdfMemDocument* doc_ = nullptr;
  std::vector<PoDoFo::PdfObject*> pages_;
  std::vector<int> page_parent_;           // index into nodes_ of each page's parent node
  std::vector<PoDoFo::PdfObject*> nodes_;  // intermediate nodes (the root is nodes_[0])
  std::vector<int> node_parent_;           // index into nodes_, -1 for the root
  std::map<PoDoFo::PdfReference, int> page_number_;
  mutable std::optional<std::map<PoDoFo::PdfReference, int>> annotation_page_;
};

}  // namespace cqdt::pdf::internal
