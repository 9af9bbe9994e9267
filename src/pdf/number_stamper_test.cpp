// NumberStamper (stamp.hpp): finding, stamping and signing over one parse of the file.
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "pdf/pdf.hpp"
#include "pdf/stamp.hpp"
#include "pdf_internal.hpp"
#include "pdf_test_support.hpp"
#include "stamp_font.hpp"
#include "stamp_test_support.hpp"

namespace cqdt::pdf {
namespace {

using namespace stamp_testing;  // the helpers shared by the stamp tests

// The release finds and stamps over one parse (NumberStamper): the same positions, the same
// stamped file (but for the fonts' random subset tags) and still a valid leader's signature.
TEST(StampTest, NumberStamperFindsAndStampsAsTheTwoFunctions) {
  const std::string signed_pdf = LeaderSigns(BlankOutgoingDocument());
  auto found = FindNumberAndDatePositions(signed_pdf);
  ASSERT_TRUE(found) << found.error().message();
  const std::string date_line = "An Giang, ngày 05 tháng 02 năm 2026";
  auto apart = StampNumberAndDate(signed_pdf, *found, "05/QĐ-UBND", date_line);
  ASSERT_TRUE(apart) << apart.error().message();

  NumberStamper stamper(signed_pdf, CpuBudget::Unlimited());
  auto positions = stamper.Find();
  ASSERT_TRUE(positions) << positions.error().message();
  ASSERT_TRUE(positions->number && positions->date);
  EXPECT_EQ(positions->number->text, found->number->text);
  EXPECT_EQ(positions->date->text, found->date->text);
  EXPECT_DOUBLE_EQ(positions->date->baseline, found->date->baseline);
  auto together = stamper.Stamp(*positions, "05/QĐ-UBND", date_line);
  ASSERT_TRUE(together) << together.error().message();
  EXPECT_EQ(together->substr(0, signed_pdf.size()), signed_pdf);
  // Nothing the find step read is written again: the update is as large as the separate one's.
  EXPECT_EQ(together->size(), apart->size());
  EXPECT_EQ(RenderPage1(*together), RenderPage1(*apart));
  EXPECT_FALSE(stamper.Stamp(*positions, "06/QĐ-UBND", date_line));

  std::string out;
  const auto blocks = PdfsigBlocks(AgencySeals(*together), &out);
  ASSERT_EQ(blocks.size(), 2u) << out;
  for (const auto& b : blocks) {
    EXPECT_TRUE(Contains(b, "Signature Validation: Signature is Valid.")) << out;
  }
  // The errors are the functions' errors.
  const std::string blank = BlankOutgoingDocument();
  NumberStamper blank_page(blank, CpuBudget::Unlimited());
  EXPECT_FALSE(blank_page.Stamp(*positions, "", date_line));
}

// The leader signs over the parse that found the lines (NumberStamper::Sign), so the release can
// keep them: the same file SignPdf writes (but for the CMS), a valid signature, and the lines
// found before signing are the lines of the signed file.
TEST(StampTest, NumberStamperSignsAsSignPdfAfterFindingTheLines) {
  const std::string blank = BlankOutgoingDocument();
  SignatureRequest r;
  r.signer_name = "Nguyễn Văn Á";
  r.reason = "Phê duyệt";
  r.signing_time = kSigningTime;
  r.appearance = SignatureAppearance{};
  r.appearance->x = 340;
  r.appearance->y = 420;
  r.appearance->width = 180;
  r.appearance->height = 90;
  r.appearance->image_png = test_support::Testdata("signature_blue.png");
  r.appearance->lines = {"Nguyễn Văn Á"};
  const CmsMaker cms = OpenSslCms(TestPki::Get().person());
  auto apart = SignPdf(blank, r, cms);
  ASSERT_TRUE(apart) << apart.error().message();

  NumberStamper stamper(blank, CpuBudget::Unlimited());
  auto lines = stamper.Find();
  ASSERT_TRUE(lines) << lines.error().message();
  auto together = stamper.Sign(r, cms);
  ASSERT_TRUE(together) << together.error().message();
  EXPECT_EQ(together->substr(0, blank.size()), blank);
  EXPECT_EQ(together->size(), apart->size());  // nothing the find step read is written again
  EXPECT_EQ(RenderPage1(*together), RenderPage1(*apart));
  std::string out;
  const auto blocks = PdfsigBlocks(*together, &out);
  ASSERT_EQ(blocks.size(), 1u) << out;
  EXPECT_TRUE(Contains(blocks[0], "Signature Validation: Signature is Valid.")) << out;

  auto after = FindNumberAndDatePositions(*together);
  ASSERT_TRUE(after) << after.error().message();
  ASSERT_TRUE(lines->number && lines->date && after->number && after->date);
  for (auto [a, b] :
       {std::pair{&*lines->number, &*after->number}, std::pair{&*lines->date, &*after->date}}) {
    EXPECT_EQ(a->text, b->text);
    EXPECT_EQ(a->box.x, b->box.x);
    EXPECT_EQ(a->box.y, b->box.y);
    EXPECT_EQ(a->box.width, b->box.width);
    EXPECT_EQ(a->baseline, b->baseline);
    EXPECT_EQ(a->font_size, b->font_size);
    EXPECT_EQ(a->confidence, b->confidence);
    EXPECT_EQ(a->glyphs.size(), b->glyphs.size());
  }
  // Once.
  EXPECT_FALSE(stamper.Sign(r, cms));
  EXPECT_FALSE(stamper.Stamp(*lines, "05/QĐ-UBND", "An Giang, ngày 05 tháng 02 năm 2026"));
}

// When the clerk placed the boxes, the release checks them against the page sizes of the same
// parse (NumberStamper::PageSizes): the sizes PageSizes reads, and nothing read is written again.
TEST(StampTest, NumberStamperMeasuresThePagesOfItsOwnParse) {
  const std::string signed_pdf = LeaderSigns(BlankOutgoingDocument());
  auto sizes = PageSizes(signed_pdf);
  ASSERT_TRUE(sizes) << sizes.error().message();
  const std::string date_line = "An Giang, ngày 05 tháng 02 năm 2026";

  NumberStamper plain(signed_pdf, CpuBudget::Unlimited());
  auto found = plain.Find();
  ASSERT_TRUE(found) << found.error().message();
  auto apart = plain.Stamp(*found, "05/QĐ-UBND", date_line);
  ASSERT_TRUE(apart) << apart.error().message();

  NumberStamper stamper(signed_pdf, CpuBudget::Unlimited());
  auto measured = stamper.PageSizes();
  ASSERT_TRUE(measured) << measured.error().message();
  EXPECT_EQ(*measured, *sizes);
  ASSERT_TRUE(stamper.Find());
  auto stamped = stamper.Stamp(*found, "05/QĐ-UBND", date_line);
  ASSERT_TRUE(stamped) << stamped.error().message();
  EXPECT_EQ(stamped->substr(0, signed_pdf.size()), signed_pdf);
  EXPECT_EQ(stamped->size(), apart->size());
  EXPECT_EQ(RenderPage1(*stamped), RenderPage1(*apart));

  // The same errors as PageSizes on a file that is no PDF.
  const std::string junk = "%PDF-1.7\nnot a pdf";
  NumberStamper bad(junk, CpuBudget::Unlimited());
  auto bad_sizes = bad.PageSizes();
  auto expected = PageSizes(junk);
  ASSERT_FALSE(bad_sizes);
  ASSERT_FALSE(expected);
  EXPECT_EQ(bad_sizes.error().code(), expected.error().code());
}

// The release stamps and seals in ONE incremental update (NumberStamper::StampAndSign): one
// revision more than the leader's file, not two; the page looks as after Stamp then SignPdf; both
// signatures are valid (pdfsig) and the text reads the number. A CMS that does not fit the reserve
// is TooLarge, and a second call with a larger reserve writes the same stamp and field anew.
TEST(StampTest, StampAndSealInOneUpdateKeepBothSignaturesValid) {
  const std::string signed_pdf = LeaderSigns(WordHeader());
  const auto revisions = [](const std::string& pdf) {
    std::size_t n = 0;
    for (std::size_t at = pdf.find("%%EOF"); at != std::string::npos;
         at = pdf.find("%%EOF", at + 1)) {
      ++n;
    }
    return n;
  };
  auto apart =
      StampNumberAndDate(signed_pdf, *FindNumberAndDatePositions(signed_pdf), kNumber, kDate);
  ASSERT_TRUE(apart) << apart.error().message();
  const std::string sealed_apart = AgencySeals(*apart);

  NumberStamper stamper(signed_pdf, CpuBudget::Unlimited());
  auto positions = stamper.Find();
  ASSERT_TRUE(positions) << positions.error().message();
  SignatureRequest seal = SealRequest();
  seal.contents_reserve = 64;  // too small for any CMS
  const CmsMaker agency = OpenSslCms(TestPki::Get().agency());
  auto small = stamper.StampAndSign(*positions, kNumber, kDate, seal, agency);
  ASSERT_FALSE(small);
  EXPECT_EQ(small.error().code(), ErrorCode::kTooLarge);
  seal.contents_reserve = 0;  // the default
  auto sealed = stamper.StampAndSign(*positions, kNumber, kDate, seal, agency);
  ASSERT_TRUE(sealed) << sealed.error().message();
  EXPECT_EQ(sealed->substr(0, signed_pdf.size()), signed_pdf);
  EXPECT_EQ(revisions(*sealed), revisions(signed_pdf) + 1);
  EXPECT_EQ(revisions(sealed_apart), revisions(signed_pdf) + 2);
  EXPECT_EQ(RenderPage1(*sealed), RenderPage1(sealed_apart));

  std::string out;
  const auto blocks = PdfsigBlocks(*sealed, &out);
  ASSERT_EQ(blocks.size(), 2u) << out;
  for (const auto& b : blocks) {
    EXPECT_TRUE(Contains(b, "Signature Validation: Signature is Valid.")) << out;
  }
  EXPECT_TRUE(Contains(blocks[0], "Not total document signed")) << out;
  EXPECT_TRUE(Contains(blocks[1], "Total document signed")) << out;
  const std::string text = PdfToText(*sealed);
  EXPECT_TRUE(Contains(text, "Số: 05/QĐ-UBND")) << text;
  EXPECT_TRUE(Contains(text, "An Giang, ngày 05 tháng 02 năm 2026")) << text;

  // Neither a stamp after it nor a stamp then a second StampAndSign.
  EXPECT_FALSE(stamper.Stamp(*positions, kNumber, kDate));
  NumberStamper once(signed_pdf, CpuBudget::Unlimited());
  ASSERT_TRUE(once.Stamp(*positions, kNumber, kDate));
  auto again = once.StampAndSign(*positions, kNumber, kDate, SealRequest(), agency);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::kInternal);
  // Stamp's errors come first, as Stamp's.
  NumberStamper bad(signed_pdf, CpuBudget::Unlimited());
  auto empty = bad.StampAndSign(*positions, "", kDate, SealRequest(), agency);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code(), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace cqdt::pdf
