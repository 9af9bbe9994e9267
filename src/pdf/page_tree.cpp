#include "page_tree.hpp"

#include <set>

namespace cqdt::pdf::internal {

using namespace PoDoFo;

namespace {

// How often (in kids or annotations looked at) the walk reads the CPU clock.
constexpr std::size_t kStepsPerBudgetCheck = 256;

bool HasType(const PdfObject* dict, const char* type) {
  const PdfObject* t = dict->GetDictionary().GetKey(PdfName("Type"));
  return t != nullptr && t->IsName() && t->GetName() == PdfName(type);
}

}  // namespace

Result<PageTree> PageTree::Walk(PdfMemDocument& doc, const CpuBudget& budget) {
  PageTree tree;
  tree.doc_ = &doc;
  PdfObject* catalog = doc.GetCatalog();
  PdfObject* root = catalog != nullptr && catalog->IsDictionary()
                        ? catalog->GetIndirectKey(PdfName("Pages"))
                        : nullptr;
  if (root == nullptr || !root->IsDictionary()) {
    return Error::Malformed("Tệp PDF không có cây trang (/Pages).");
  }
  // Untrusted input: every object is visited at most once, whatever /Kids arrays repeat or
  // point back to (a cycle), so the walk is linear in the objects of the file.
  std::set<PdfReference> visited;
  if (root->Reference().IsIndirect()) {
    visited.insert(root->Reference());
  }
  tree.nodes_.push_back(root);
  tree.node_parent_.push_back(-1);

  struct Frame {
    int node;
    const PdfArray* kids;
    std::size_t next;
    int depth;
  };
  std::vector<Frame> stack;
  auto kids_of = [](PdfObject* node) -> const PdfArray* {
    PdfObject* kids = node->GetIndirectKey(PdfName("Kids"));
    return kids != nullptr && kids->IsArray() ? &kids->GetArray() : nullptr;
  };
  if (const PdfArray* kids = kids_of(root)) {
    stack.push_back({0, kids, 0, 1});
  }
  std::size_t steps = 0;
  while (!stack.empty()) {
    Frame& frame = stack.back();
    if (frame.next >= frame.kids->size()) {
      stack.pop_back();
      continue;
    }
    const PdfObject& entry = (*frame.kids)[frame.next++];
    const int parent = frame.node;
    const int depth = frame.depth;
    if (++steps % kStepsPerBudgetCheck == 0) {
      CQDT_RETURN_IF_ERROR(budget.Check());
    }
    // ISO 32000-1 Table 29: kids are indirect references; anything else is not a page.
    if (!entry.IsReference() || !visited.insert(entry.GetReference()).second) {
      continue;
    }
    PdfObject* kid = doc.GetObjects().GetObject(entry.GetReference());
    if (kid == nullptr || !kid->IsDictionary()) {
      continue;
    }
    const PdfArray* grandkids = HasType(kid, "Page") ? nullptr : kids_of(kid);
    if (grandkids != nullptr) {
      if (depth + 1 > kMaxPageTreeDepth) {
        return Error::Malformed("Cây trang của tệp PDF lồng quá sâu (hơn " +
                                std::to_string(kMaxPageTreeDepth) + " mức).");
      }
      tree.nodes_.push_back(kid);
      tree.node_parent_.push_back(parent);
      stack.push_back({static_cast<int>(tree.nodes_.size()) - 1, grandkids, 0, depth + 1});
      continue;
    }
    // A leaf: /Type /Page, or no /Type at all (viewers accept pages without it). A /Pages node
    // without kids, or any other dictionary, is not a page.
    const PdfObject* type = kid->GetDictionary().GetKey(PdfName("Type"));
    if (type != nullptr && !HasType(kid, "Page")) {
      continue;
    }
    tree.pages_.push_back(kid);
    tree.page_parent_.push_back(parent);
    tree.page_number_.emplace(entry.GetReference(), static_cast<int>(tree.pages_.size()));
  }
  if (tree.pages_.empty()) {
    return Error::Malformed("Tệp PDF không có trang nào.");
  }
  return tree;
}

std::deque<PdfObject*> PageTree::Parents(int index) const {
  std::deque<PdfObject*> parents;
  for (int n = page_parent_[static_cast<std::size_t>(index)]; n >= 0;
       n = node_parent_[static_cast<std::size_t>(n)]) {
    parents.push_front(nodes_[static_cast<std::size_t>(n)]);
  }
  return parents;
}

PdfObject* PageTree::Inherited(int index, const PdfName& key) const {
  auto own = [&](PdfObject* dict) -> PdfObject* {
    PdfObject* v = dict->GetIndirectKey(key);
    return v != nullptr && !v->IsNull() ? v : nullptr;
  };
  if (PdfObject* v = own(page(index))) {
    return v;
  }
  for (int n = page_parent_[static_cast<std::size_t>(index)]; n >= 0;
       n = node_parent_[static_cast<std::size_t>(n)]) {
    if (PdfObject* v = own(nodes_[static_cast<std::size_t>(n)])) {
      return v;
    }
  }
  return nullptr;
}

std::optional<int> PageTree::PageNumberOf(const PdfReference& ref) const {
  auto it = page_number_.find(ref);
  if (it == page_number_.end()) {
    return std::nullopt;
  }
  return it->second;
}

Result<std::optional<int>> PageTree::PageListingAnnotation(const PdfReference& annotation,
                                                           const CpuBudget& budget) const {
  if (!annotation_page_) {
    std::map<PdfReference, int> index;
    std::size_t steps = 0;
    for (int i = 0; i < page_count(); ++i) {
      PdfObject* annots = page(i)->GetIndirectKey(PdfName("Annots"));
      if (annots == nullptr || !annots->IsArray()) {
        continue;
      }
      for (const PdfObject& a : annots->GetArray()) {
        if (++steps % kStepsPerBudgetCheck == 0) {
          CQDT_RETURN_IF_ERROR(budget.Check());
        }
        if (a.IsReference()) {
          index.emplace(a.GetReference(), i + 1);  // the first page listing it wins
        }
      }
    }
    annotation_page_ = std::move(index);
  }
  auto it = annotation_page_->find(annotation);
  if (it == annotation_page_->end()) {
    return std::optional<int>();
  }
  return std::optional<int>(it->second);
}

}  // namespace cqdt::pdf::internal
