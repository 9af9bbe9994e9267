// The page tree as walked (page_tree.hpp): pages are the leaves reached through /Kids, whatever
// /Count declares (issue 8).
#include "page_tree.hpp"

#include <string>

#include <gtest/gtest.h>

#include "pdf/pdf.hpp"
#include "pdf_test_support.hpp"
#include "untrusted_pdf.hpp"

namespace cqdt::pdf {
namespace {

using test_support::OpenSslCms;
using test_support::TestPki;

std::string Hostile(const std::string& name) { return test_support::Testdata("hostile/" + name); }

// A rendered three-page document whose page tree root declares nine pages.
std::string ThreePagesDeclaringNine() {
  std::string pdf = test_support::SampleDocument(3);
  const auto at = pdf.find("/Count 3");
  EXPECT_NE(at, std::string::npos);
  pdf.replace(at, 8, "/Count 9");
  return pdf;
}

TEST(PageTreeTest, PageSizesCountTheRealPagesNotTheDeclaredCount) {
  auto sizes = PageSizes(ThreePagesDeclaringNine());
  ASSERT_TRUE(sizes) << sizes.error().message();
  ASSERT_EQ(sizes->size(), 3u);
  for (const auto& [w, h] : *sizes) {
    EXPECT_NEAR(w, 595.3, 0.5);  // A4
    EXPECT_NEAR(h, 841.9, 0.5);
  }
  // The reviewer's file declares 20,000,000 pages and has one.
  auto one = PageSizes(Hostile("ok--page-count-lies.pdf"));
  ASSERT_TRUE(one) << one.error().message();
  EXPECT_EQ(one->size(), 1u);
}

TEST(PageTreeTest, SigningTheLastPageMeansTheLastRealPage) {
  SignatureRequest req;
  req.signing_time = FromUnixSeconds(1795745700);
  SignatureAppearance appearance;
  appearance.page = 0;  // the last page
  appearance.x = 300;
  appearance.y = 100;
  appearance.width = 150;
  appearance.height = 60;
  appearance.lines = {"Nguyễn Văn A"};
  req.appearance = appearance;
  auto signed_pdf = SignPdf(ThreePagesDeclaringNine(), req, OpenSslCms(TestPki::Get().agency()));
  ASSERT_TRUE(signed_pdf) << signed_pdf.error().message();
  auto sigs = ReadSignatures(*signed_pdf);
  ASSERT_TRUE(sigs) << sigs.error().message();
  ASSERT_EQ(sigs->size(), 1u);
  EXPECT_EQ(sigs->front().page, 3);
  EXPECT_TRUE(sigs->front().byte_range_valid);

  req.appearance->page = 4;  // declared, but not there
  auto beyond = SignPdf(ThreePagesDeclaringNine(), req, OpenSslCms(TestPki::Get().agency()));
  ASSERT_FALSE(beyond);
  EXPECT_EQ(beyond.error().code(), ErrorCode::kInvalidArgument);
}

TEST(PageTreeTest, CyclesAndRepeatedKidsCountEachPageOnce) {
  // /Kids [3 0 R 2 0 R 3 0 R 6 0 R], and node 6 lists the root and itself.
  auto sizes = PageSizes(Hostile("ok--page-tree-cycle.pdf"));
  ASSERT_TRUE(sizes) << sizes.error().message();
  EXPECT_EQ(sizes->size(), 1u);
}

TEST(PageTreeTest, TooDeepATreeIsMalformed) {
  auto sizes = PageSizes(Hostile("malformed--page-tree-too-deep.pdf"));
  ASSERT_FALSE(sizes);
  EXPECT_EQ(sizes.error().code(), ErrorCode::kMalformed);
  EXPECT_NE(sizes.error().message().find("quá sâu"), std::string::npos);
}

TEST(PageTreeTest, WalksInDocumentOrderWithInheritedAttributes) {
  // Root → [node A → [p1, p2], p3]; MediaBox only on the root, a smaller one on node A.
  const std::string objs[] = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 3 /MediaBox [0 0 595 842] >>",
      "<< /Type /Pages /Parent 2 0 R /Kids [4 0 R 5 0 R] /Count 2 /MediaBox [0 0 420 595] >>",
      "<< /Type /Page /Parent 3 0 R >>",
      "<< /Type /Page /Parent 3 0 R >>",
      "<< /Type /Page /Parent 2 0 R >>",
  };
  std::string pdf = "%PDF-1.7\n%" + std::string(1100, '-') + "\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < std::size(objs); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objs[i] + "\nendobj\n";
  }
  const std::size_t xref = pdf.size();
  pdf += "xref\n0 7\n0000000000 65535 f \n";
  for (std::size_t off : offsets) {
    std::string n = std::to_string(off);
    pdf += std::string(10 - n.size(), '0') + n + " 00000 n \n";
  }
  pdf += "trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";

  internal::UntrustedPdf file(pdf, CpuBudget::Unlimited());
  ASSERT_TRUE(file.Load(false));
  auto tree = internal::PageTree::Walk(file.doc(), CpuBudget::Unlimited());
  ASSERT_TRUE(tree) << tree.error().message();
  ASSERT_EQ(tree->page_count(), 3);
  EXPECT_EQ(tree->page(0)->Reference().ObjectNumber(), 4u);
  EXPECT_EQ(tree->page(1)->Reference().ObjectNumber(), 5u);
  EXPECT_EQ(tree->page(2)->Reference().ObjectNumber(), 6u);
  EXPECT_EQ(tree->PageNumberOf(PoDoFo::PdfReference(6, 0)), 3);
  EXPECT_EQ(tree->Parents(1).size(), 2u);  // root, node A
  EXPECT_EQ(tree->Parents(2).size(), 1u);

  auto sizes = PageSizes(pdf);
  ASSERT_TRUE(sizes) << sizes.error().message();
  ASSERT_EQ(sizes->size(), 3u);
  EXPECT_EQ((*sizes)[0], std::make_pair(420.0, 595.0));
  EXPECT_EQ((*sizes)[1], std::make_pair(420.0, 595.0));
  EXPECT_EQ((*sizes)[2], std::make_pair(595.0, 842.0));
}

TEST(PageTreeTest, ASpentBudgetIsTooLarge) {
  CpuBudget none(std::chrono::milliseconds(0));
  auto sizes = PageSizes(test_support::SampleDocument(2), none);
  ASSERT_FALSE(sizes);
  EXPECT_EQ(sizes.error().code(), ErrorCode::kTooLarge);
  auto sigs = ReadSignatures(test_support::SampleDocument(2), none);
  ASSERT_FALSE(sigs);
  EXPECT_EQ(sigs.error().code(), ErrorCode::kTooLarge);
  EXPECT_NE(sigs.error().message().find("quá phức tạp"), std::string::npos);
}

}  // namespace
}  // namespace cqdt::pdf
