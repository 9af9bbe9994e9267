#include "pdf/stamp.hpp"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "pdf/pdf.hpp"
#include "pdf_internal.hpp"
#include "pdf_test_support.hpp"
#include "stamp_font.hpp"

namespace cqdt::pdf {
namespace {

using test_support::OpenSslCms;
using test_support::RunCommand;
using test_support::TempDir;
using test_support::TestPki;

// The throwaway PKI's certificates start now: a signing time before that would make the samples
// kept with CQDT_PDF_KEEP_DIR fail `cqdt verify` (not yet valid); nothing here depends on it.
const TimePoint kSigningTime = std::chrono::floor<std::chrono::seconds>(
    std::chrono::system_clock::now() + std::chrono::minutes(1));

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// An outgoing document as the drafter leaves it for signing: number and date blank.
std::string BlankOutgoingDocument() {
  TextDocument doc;
  doc.title = "Quyet dinh";
  doc.blocks.push_back({"ỦY BAN NHÂN DÂN TỈNH AN GIANG", 13, true, false, true, 2});
  doc.blocks.push_back({"Số: ......../QĐ-UBND", 13, false, false, true, 2});
  doc.blocks.push_back(
      {"An Giang, ngày ....... tháng ....... năm 2026", 14, false, true, true, 12});
  doc.blocks.push_back({"QUYẾT ĐỊNH", 14, true, false, true, 6});
  doc.blocks.push_back({"Về việc ban hành Quy chế công tác văn thư của Ủy ban nhân dân tỉnh.", 14,
                        false, false, false, 6});
  doc.blocks.push_back({"Số lượng bản phát hành: 05.", 14, false, false, false, 6});
  return RenderTextDocument(doc).value();
}

// The Decree 30/2020 Phụ lục I header as Word lays it out: agency on the left, national motto on
// the right, then "Số:      /QĐ-UBND" on the left and the italic date line on the right, on one
// baseline, blanks typed as spaces. Drawn with PoDoFo directly (RenderTextDocument folds spaces).
std::string Decree30Header(const std::string& number_line, const std::string& date_line) {
  using namespace PoDoFo;
  internal::InitPodofo();
  PdfMemDocument doc;
  PdfPage* page = doc.CreatePage(PdfPage::CreateStandardPageSize(ePdfPageSize_A4));
  PdfPainter painter;
  painter.SetPage(page);
  auto draw = [&](double cx, double y, const std::string& text, bool bold, bool italic,
                  double size) {
    PdfFont* font = internal::SerifFont(doc, bold, italic);
    font->SetFontSize(static_cast<float>(size));
    painter.SetFont(font);
    const PdfString s = internal::Utf8String(text);
    painter.DrawText(cx - font->GetFontMetrics()->StringWidth(s) / 2, y, s);
  };
  draw(160, 780, "ỦY BAN NHÂN DÂN", true, false, 13);
  draw(160, 764, "TỈNH AN GIANG", true, false, 13);
  draw(400, 780, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true, false, 12);
  draw(400, 764, "Độc lập - Tự do - Hạnh phúc", true, false, 13);
  draw(160, 735, number_line, false, false, 13);
  draw(400, 735, date_line, false, true, 14);
  draw(297, 690, "QUYẾT ĐỊNH", true, false, 14);
  draw(297, 670, "Về việc ban hành Quy chế công tác văn thư", true, false, 14);
  draw(297, 600, "Số lượng bản phát hành: 05.", false, false, 14);
  painter.FinishPage();
  PdfRefCountedBuffer buffer;
  PdfOutputDevice device(&buffer);
  doc.Write(&device);
  return std::string(buffer.GetBuffer(), device.GetLength());
}

std::string LeaderSigns(const std::string& pdf, std::optional<int> certify = std::nullopt) {
  SignatureRequest r;
  r.signer_name = "Nguyễn Văn Á";
  r.reason = "Phê duyệt";
  r.signing_time = kSigningTime;
  r.certify_permissions = certify;
  r.appearance = SignatureAppearance{};
  r.appearance->x = 340;
  r.appearance->y = 420;
  r.appearance->width = 180;
  r.appearance->height = 90;
  r.appearance->image_png = test_support::Testdata("signature_blue.png");
  r.appearance->lines = {"Nguyễn Văn Á"};
  return SignPdf(pdf, r, OpenSslCms(TestPki::Get().person())).value();
}

SignatureRequest SealRequest() {
  SignatureRequest r;
  r.signer_name = "Ủy ban nhân dân tỉnh An Giang";
  r.reason = "Phát hành";
  r.signing_time = kSigningTime + std::chrono::minutes(30);
  r.appearance = SignatureAppearance{};
  r.appearance->x = 300;
  r.appearance->y = 415;
  r.appearance->width = 100;
  r.appearance->height = 100;
  r.appearance->image_png = test_support::Testdata("seal_red.png");
  return r;
}

std::string AgencySeals(const std::string& pdf) {
  return SignPdf(pdf, SealRequest(), OpenSslCms(TestPki::Get().agency())).value();
}

std::vector<std::string> PdfsigBlocks(const std::string& pdf, std::string* whole) {
  TempDir dir;
  const auto file = dir.path() / "doc.pdf";
  test_support::WriteFile(file, pdf);
  const auto r = RunCommand("pdfsig -nssdir " + TestPki::Get().nss_dir() + " " + file.string());
  *whole = r.output;
  std::vector<std::string> blocks;
  std::size_t pos = r.output.find("Signature #");
  while (pos != std::string::npos) {
    const std::size_t next = r.output.find("Signature #", pos + 1);
    blocks.push_back(r.output.substr(pos, next == std::string::npos ? next : next - pos));
    pos = next;
  }
  return blocks;
}

std::string PdfToText(const std::string& pdf) {
  TempDir dir;
  test_support::WriteFile(dir.path() / "d.pdf", pdf);
  return RunCommand("pdftotext " + (dir.path() / "d.pdf").string() + " -").output;
}

TEST(StampTest, FindsNumberAndDateLinesOfOurOwnDocument) {
  auto found = FindNumberAndDatePositions(BlankOutgoingDocument());
  ASSERT_TRUE(found) << found.error().message();
  ASSERT_TRUE(found->number);
  ASSERT_TRUE(found->date);
  EXPECT_EQ(found->number->text, "Số: ......../QĐ-UBND");
  EXPECT_EQ(found->date->text, "An Giang, ngày ....... tháng ....... năm 2026");
  EXPECT_EQ(found->number->page, 1);
  EXPECT_DOUBLE_EQ(found->number->confidence, 1.0);
  EXPECT_DOUBLE_EQ(found->date->confidence, 1.0);
  EXPECT_NEAR(found->number->font_size, 13, 0.01);
  EXPECT_NEAR(found->date->font_size, 14, 0.01);
  // The number line is above the date line, both in the top of an A4 page.
  EXPECT_GT(found->number->baseline, found->date->baseline);
  EXPECT_GT(found->date->baseline, 842 * 0.6);
}

// Placeholders typed as dots: only the dots are covered, the figures written in their place.
TEST(StampTest, DottedPlaceholdersAreCoveredAndSignaturesStayValid) {
  const std::string signed_pdf = LeaderSigns(BlankOutgoingDocument());
  auto found = FindNumberAndDatePositions(signed_pdf);
  ASSERT_TRUE(found) << found.error().message();
  auto stamped =
      StampNumberAndDate(signed_pdf, *found, "05/QĐ-UBND", "An Giang, ngày 05 tháng 02 năm 2026");
  ASSERT_TRUE(stamped) << stamped.error().message();
  EXPECT_EQ(stamped->substr(0, signed_pdf.size()), signed_pdf);
  const std::string sealed = AgencySeals(*stamped);
  if (const char* keep = std::getenv("CQDT_PDF_KEEP_DIR")) {
    test_support::WriteFile(std::filesystem::path(keep) / "stamped.pdf", *stamped);
    test_support::WriteFile(std::filesystem::path(keep) / "stamped-sealed.pdf", sealed);
  }

  std::string out;
  const auto blocks = PdfsigBlocks(sealed, &out);
  ASSERT_EQ(blocks.size(), 2u) << out;
  for (const auto& b : blocks) {
    EXPECT_TRUE(Contains(b, "Signature Validation: Signature is Valid.")) << out;
    EXPECT_TRUE(Contains(b, "Certificate Validation: Certificate is Trusted.")) << out;
  }
  // Dots are part of the page's text: covered on the page, they stay in its text layer, so
  // text extraction reads the new figures beside them, not in their place.
  const std::string text = PdfToText(sealed);
  EXPECT_TRUE(Contains(text, "05")) << text;
  EXPECT_TRUE(Contains(text, "02 năm 2026")) << text;
}

TEST(StampTest, FindsBothLinesOnOneBaselineInTwoColumns) {
  const std::string pdf =
      Decree30Header("Số:      /QĐ-UBND", "An Giang, ngày        tháng        năm 2026");
  auto found = FindNumberAndDatePositions(pdf);
  ASSERT_TRUE(found) << found.error().message();
  ASSERT_TRUE(found->number);
  ASSERT_TRUE(found->date);
  EXPECT_EQ(found->number->text, "Số:      /QĐ-UBND");
  EXPECT_EQ(found->date->text, "An Giang, ngày        tháng        năm 2026");
  EXPECT_NEAR(found->number->baseline, 735, 0.01);
  EXPECT_NEAR(found->date->baseline, 735, 0.01);
  EXPECT_LT(found->number->box.right(), found->date->box.x);
  EXPECT_DOUBLE_EQ(found->number->confidence, 1.0);
  EXPECT_DOUBLE_EQ(found->date->confidence, 1.0);
}

// Decision 0009, "Numbering and signing": the leader signs with the number and date blank, the
// clerk stamps them, the agency seals; both signatures stay valid (pdfsig) and the page's text
// (pdftotext) reads the number and the date. The blanks are spaces, as Word writes them: only
// "05" and "02" are drawn, into them.
TEST(StampTest, LeaderSignsThenStampThenSealAllValid) {
  const std::string signed_pdf = LeaderSigns(
      Decree30Header("Số:      /QĐ-UBND", "An Giang, ngày        tháng        năm 2026"));
  auto found = FindNumberAndDatePositions(signed_pdf);
  ASSERT_TRUE(found) << found.error().message();
  auto stamped =
      StampNumberAndDate(signed_pdf, *found, "05/QĐ-UBND", "An Giang, ngày 05 tháng 02 năm 2026");
  ASSERT_TRUE(stamped) << stamped.error().message();
  const std::string sealed = AgencySeals(*stamped);
  if (const char* keep = std::getenv("CQDT_PDF_KEEP_DIR")) {
    test_support::WriteFile(std::filesystem::path(keep) / "word-header-sealed.pdf", sealed);
  }
  std::string out;
  const auto blocks = PdfsigBlocks(sealed, &out);
  ASSERT_EQ(blocks.size(), 2u) << out;
  for (const auto& b : blocks) {
    EXPECT_TRUE(Contains(b, "Signature Validation: Signature is Valid.")) << out;
  }
  const std::string text = PdfToText(sealed);
  EXPECT_TRUE(Contains(text, "Số: 05/QĐ-UBND")) << text;
  EXPECT_TRUE(Contains(text, "An Giang, ngày 05 tháng 02 năm 2026")) << text;
}

const char kNumber[] = "05/QĐ-UBND";
const char kDate[] = "An Giang, ngày 05 tháng 02 năm 2026";

std::string WordHeader() {
  return Decree30Header("Số:      /QĐ-UBND", "An Giang, ngày        tháng        năm 2026");
}

// ISO 32000-1 Table 254: P=1 allows no change at all; P=2 allows filling existing fields and
// signing, not adding annotations. The stamp is refused with a sentence the clerk can act on.
TEST(StampTest, RefusedWhenCertifiedWithNoChangesOrFormFillingOnly) {
  for (int p : {1, 2}) {
    const std::string certified = LeaderSigns(WordHeader(), p);
    auto found = FindNumberAndDatePositions(certified);
    ASSERT_TRUE(found) << found.error().message();
    auto stamped = StampNumberAndDate(certified, *found, kNumber, kDate);
    ASSERT_FALSE(stamped) << "P=" << p;
    EXPECT_EQ(stamped.error().code(), ErrorCode::kFailedPrecondition);
    EXPECT_TRUE(Contains(stamped.error().message(), "ký chứng thực")) << stamped.error().message();
  }
}

// P=3 allows annotations: the stamp goes in and the certification stays valid.
TEST(StampTest, AllowedWhenCertifiedWithAnnotationsAllowed) {
  const std::string certified = LeaderSigns(WordHeader(), 3);
  auto found = FindNumberAndDatePositions(certified);
  ASSERT_TRUE(found);
  auto stamped = StampNumberAndDate(certified, *found, kNumber, kDate);
  ASSERT_TRUE(stamped) << stamped.error().message();
  std::string out;
  const auto blocks = PdfsigBlocks(*stamped, &out);
  ASSERT_EQ(blocks.size(), 1u) << out;
  EXPECT_TRUE(Contains(blocks[0], "Signature Validation: Signature is Valid.")) << out;
  EXPECT_TRUE(Contains(blocks[0], "Not total document signed")) << out;
}

// A scan has no text: the user places the lines (no glyphs), the whole line is covered and
// redrawn, and the signature stays valid.
TEST(StampTest, PositionsPlacedByHandAreCoveredAndRedrawn) {
  const std::string signed_pdf = LeaderSigns(WordHeader());
  NumberAndDatePositions by_hand;
  by_hand.number = TextLocation{};
  by_hand.number->box = Box{100, 730, 120, 18};
  by_hand.date = TextLocation{};
  by_hand.date->box = Box{300, 700, 240, 18};
  auto stamped = StampNumberAndDate(signed_pdf, by_hand, kNumber, kDate);
  ASSERT_TRUE(stamped) << stamped.error().message();
  EXPECT_EQ(stamped->substr(0, signed_pdf.size()), signed_pdf);
  std::string out;
  const auto blocks = PdfsigBlocks(*stamped, &out);
  ASSERT_EQ(blocks.size(), 1u) << out;
  EXPECT_TRUE(Contains(blocks[0], "Signature Validation: Signature is Valid.")) << out;
  const std::string text = PdfToText(*stamped);
  // The date was placed where the page has no text: it reads as written.
  EXPECT_TRUE(Contains(text, kDate)) << text;
  EXPECT_TRUE(Contains(text, "05/QĐ-UBND")) << text;
}

// A line whose text differs from the new one (another year) is not a blank to fill: covered and
// redrawn whole, centred on the old line.
TEST(StampTest, DifferentTextFallsBackToTheWholeLine) {
  const std::string signed_pdf = LeaderSigns(
      Decree30Header("Số:      /QĐ-UBND", "An Giang, ngày        tháng        năm 2025"));
  auto found = FindNumberAndDatePositions(signed_pdf);
  ASSERT_TRUE(found);
  auto stamped = StampNumberAndDate(signed_pdf, *found, kNumber, kDate);
  ASSERT_TRUE(stamped) << stamped.error().message();
  std::string out;
  const auto blocks = PdfsigBlocks(*stamped, &out);
  ASSERT_EQ(blocks.size(), 1u) << out;
  EXPECT_TRUE(Contains(blocks[0], "Signature Validation: Signature is Valid.")) << out;
  EXPECT_TRUE(Contains(PdfToText(*stamped), "Số: 05/QĐ-UBND"));
}

TEST(StampTest, PageWithoutTextIsNotFound) {
  TextDocument blank;
  blank.blocks.push_back({"", 13, false, false, false, 0});
  auto found = FindNumberAndDatePositions(RenderTextDocument(blank).value());
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(Contains(found.error().message(), "Hãy chọn vị trí")) << found.error().message();
}

TEST(StampTest, BodyTextAloneIsNotANumberLine) {
  // "Số lượng" without a colon, "ngày" without "tháng … năm": neither line.
  TextDocument doc;
  doc.blocks.push_back({"Số lượng bản: 05. Ngày làm việc thứ hai.", 13, false, false, false, 0});
  auto found = FindNumberAndDatePositions(RenderTextDocument(doc).value());
  ASSERT_FALSE(found);
  EXPECT_EQ(found.error().code(), ErrorCode::kNotFound);
}

TEST(StampTest, RejectsMissingPositionsAndBadTexts) {
  const std::string pdf = WordHeader();
  auto found = FindNumberAndDatePositions(pdf);
  ASSERT_TRUE(found);
  auto field_of = [](const Result<std::string>& r) {
    return r ? std::string("ok") : r.error().fields().empty() ? "" : r.error().fields()[0].field;
  };
  NumberAndDatePositions no_date = *found;
  no_date.date.reset();
  EXPECT_EQ(field_of(StampNumberAndDate(pdf, no_date, kNumber, kDate)), "positions.date");
  NumberAndDatePositions far = *found;
  far.number->page = 2;
  EXPECT_EQ(field_of(StampNumberAndDate(pdf, far, kNumber, kDate)), "positions.number.page");
  EXPECT_EQ(field_of(StampNumberAndDate(pdf, *found, "", kDate)), "numberText");
  EXPECT_EQ(field_of(StampNumberAndDate(pdf, *found, "05/QĐ\n-UBND", kDate)), "numberText");
  EXPECT_EQ(field_of(StampNumberAndDate(pdf, *found, kNumber, std::string(201, 'x'))), "dateLine");
  EXPECT_EQ(field_of(StampNumberAndDate(pdf, *found, kNumber, "\xC3")), "dateLine");
  auto malformed = StampNumberAndDate("not a pdf", *found, kNumber, kDate);
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code(), ErrorCode::kMalformed);
}

}  // namespace
}  // namespace cqdt::pdf

namespace cqdt::pdf {
namespace {

std::string RenderPage1(const std::string& pdf) {
  TempDir dir;
  test_support::WriteFile(dir.path() / "d.pdf", pdf);
  const auto r = RunCommand("pdftoppm -r 100 -f 1 -l 1 -gray " + (dir.path() / "d.pdf").string() +
                            " " + (dir.path() / "p").string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  const auto pages = RunCommand("ls " + dir.path().string() + " | grep '^p.*pgm$'").output;
  std::ifstream in(dir.path() / pages.substr(0, pages.find('\n')), std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Releasing stamps every outgoing document (issue 10's release benchmark): the stamp's fonts are
// embedded as a subset built once per set of characters (stamp_font.hpp); a second document with
// the same characters reuses it, and reads and renders exactly as the first.
TEST(StampTest, SecondStampWithTheSameCharactersReusesTheEmbeddedSubset) {
  const std::string blank = BlankOutgoingDocument();
  auto found = FindNumberAndDatePositions(blank);
  ASSERT_TRUE(found) << found.error().message();
  // A place name no other test writes, so the italic subset is built here first.
  const std::string date_line = "Ỹ Quỳnh, ngày 05 tháng 02 năm 2026";
  const internal::StampFontCacheStats s0 = internal::StampFontCacheCounters();
  auto first = StampNumberAndDate(blank, *found, "05/QĐ-UBND", date_line);
  ASSERT_TRUE(first) << first.error().message();
  const internal::StampFontCacheStats s1 = internal::StampFontCacheCounters();
  EXPECT_GE(s1.misses, s0.misses + 1);
  auto second = StampNumberAndDate(blank, *found, "05/QĐ-UBND", date_line);
  ASSERT_TRUE(second) << second.error().message();
  const internal::StampFontCacheStats s2 = internal::StampFontCacheCounters();
  EXPECT_EQ(s2.misses, s1.misses);
  EXPECT_EQ(s2.hits, s1.hits + 2);  // regular (number) and italic (date)

  EXPECT_EQ(RenderPage1(*first), RenderPage1(*second));
  EXPECT_NE(RenderPage1(blank), RenderPage1(*second));
  const std::string text = PdfToText(*second);
  // Another place: the whole line is redrawn over the old one, whose text stays beneath.
  EXPECT_TRUE(Contains(text, "Quỳnh")) << text;
  EXPECT_TRUE(Contains(text, "Ỹ")) << text;
  EXPECT_TRUE(Contains(text, "tháng 02")) << text;
  TempDir dir;
  test_support::WriteFile(dir.path() / "d.pdf", *second);
  const std::string fonts = RunCommand("pdffonts " + (dir.path() / "d.pdf").string()).output;
  // Every font embedded and subset: "CID TrueType  Identity-H  yes yes yes".
  EXPECT_EQ(fonts.find(" no "), std::string::npos) << fonts;
  EXPECT_TRUE(Contains(fonts, "LiberationSerif-Italic")) << fonts;

  // Digits are always in the subset: another number and date with the same letters reuse it too.
  auto third =
      StampNumberAndDate(blank, *found, "17/QĐ-UBND", "Ỹ Quỳnh, ngày 30 tháng 12 năm 2027");
  ASSERT_TRUE(third) << third.error().message();
  const internal::StampFontCacheStats s3 = internal::StampFontCacheCounters();
  EXPECT_EQ(s3.misses, s2.misses);
  const std::string third_text = PdfToText(*third);
  EXPECT_TRUE(Contains(third_text, "17\n")) << third_text;
  EXPECT_TRUE(Contains(third_text, "2027")) << third_text;
}

// The stamp's FreeType metrics are lent between documents (stamp_font.hpp): made once per style,
// not once per document; each document still gets its own subset tag, and the drawing state of
// one document (its font size) does not leak into the next; documents stamped on several threads
// at once come out as when stamped one by one.
TEST(StampTest, StampFontMetricsAreMadeOnceAndLentToOneDocumentAtATime) {
  const std::string blank = BlankOutgoingDocument();
  auto found = FindNumberAndDatePositions(blank);
  ASSERT_TRUE(found) << found.error().message();
  const std::string date_line = "Hà Nội, ngày 05 tháng 02 năm 2026";
  auto first = StampNumberAndDate(blank, *found, "05/QĐ-UBND", date_line);
  ASSERT_TRUE(first) << first.error().message();
  const std::size_t made = internal::StampFontCacheCounters().metrics_made;
  EXPECT_GE(made, 2u);  // regular and italic, by this test or an earlier one

  NumberAndDatePositions larger = *found;
  larger.number->font_size = 14;
  larger.date->font_size = 14;
  auto big = StampNumberAndDate(blank, larger, "05/QĐ-UBND", date_line);
  ASSERT_TRUE(big) << big.error().message();
  auto second = StampNumberAndDate(blank, *found, "05/QĐ-UBND", date_line);
  ASSERT_TRUE(second) << second.error().message();
  EXPECT_EQ(internal::StampFontCacheCounters().metrics_made, made);
  EXPECT_EQ(RenderPage1(*first), RenderPage1(*second));
  EXPECT_NE(RenderPage1(*big), RenderPage1(*second));

  // The subset tag (ABCDEF+) is the document's own, not the one of the document the metrics
  // served before.
  auto tags = [](const std::string& pdf) {
    TempDir dir;
    test_support::WriteFile(dir.path() / "d.pdf", pdf);
    const std::string fonts = RunCommand("pdffonts " + (dir.path() / "d.pdf").string()).output;
    std::set<std::string> out;
    for (std::size_t at = fonts.find("+LiberationSerif"); at != std::string::npos;
         at = fonts.find("+LiberationSerif", at + 1)) {
      if (at >= 6) {
        out.insert(fonts.substr(at - 6, 6));
      }
    }
    return out;
  };
  // The blank document's own fonts aside: the stamp adds a regular and an italic subset.
  const std::set<std::string> blank_tags = tags(blank);
  auto stamp_tags = [&](const std::string& pdf) {
    std::set<std::string> out;
    for (const std::string& t : tags(pdf)) {
      if (blank_tags.count(t) == 0) {
        out.insert(t);
      }
    }
    return out;
  };
  const std::set<std::string> first_tags = stamp_tags(*first);
  const std::set<std::string> second_tags = stamp_tags(*second);
  EXPECT_EQ(first_tags.size(), 2u);
  EXPECT_EQ(second_tags.size(), 2u);
  for (const std::string& t : second_tags) {
    EXPECT_EQ(first_tags.count(t), 0u) << t;
  }

  const std::string expected = PdfToText(*first);
  std::vector<std::string> texts(4);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < texts.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        auto out = StampNumberAndDate(blank, i % 2 == 0 ? *found : larger, "05/QĐ-UBND", date_line);
        if (!out) {
          texts[t] = out.error().message();
          return;
        }
        if (i == 4) {
          texts[t] = PdfToText(*out);
        }
      }
    });
  }
  for (std::thread& th : threads) {
    th.join();
  }
  for (const std::string& text : texts) {
    EXPECT_EQ(text, expected);
  }
}

}  // namespace
}  // namespace cqdt::pdf

namespace cqdt::pdf {
namespace {

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
