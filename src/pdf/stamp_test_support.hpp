// Helpers shared by the stamp's tests (stamp_test.cpp, stamp_font_test.cpp,
// number_stamper_test.cpp): blank outgoing documents as a drafter leaves them, the leader's
// signature and the agency seal over them with the throwaway PKI, and the poppler tools that read
// the results (pdfsig, pdftotext, pdftoppm). Test-only.
#pragma once

#include <chrono>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "pdf/pdf.hpp"
#include "pdf/stamp.hpp"
#include "pdf_internal.hpp"
#include "pdf_test_support.hpp"

namespace cqdt::pdf::stamp_testing {

using test_support::OpenSslCms;
using test_support::RunCommand;
using test_support::TempDir;
using test_support::TestPki;

// The throwaway PKI's certificates start now: a signing time before that would make the samples
// kept with CQDT_PDF_KEEP_DIR fail `cqdt verify` (not yet valid); nothing here depends on it.
inline const TimePoint kSigningTime = std::chrono::floor<std::chrono::seconds>(
    std::chrono::system_clock::now() + std::chrono::minutes(1));

inline bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// An outgoing document as the drafter leaves it for signing: number and date blank.
inline std::string BlankOutgoingDocument() {
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
inline std::string Decree30Header(const std::string& number_line, const std::string& date_line) {
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

inline std::string LeaderSigns(const std::string& pdf, std::optional<int> certify = std::nullopt) {
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

inline SignatureRequest SealRequest() {
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

inline std::string AgencySeals(const std::string& pdf) {
  return SignPdf(pdf, SealRequest(), OpenSslCms(TestPki::Get().agency())).value();
}

inline std::vector<std::string> PdfsigBlocks(const std::string& pdf, std::string* whole) {
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

inline std::string PdfToText(const std::string& pdf) {
  TempDir dir;
  test_support::WriteFile(dir.path() / "d.pdf", pdf);
  return RunCommand("pdftotext " + (dir.path() / "d.pdf").string() + " -").output;
}

inline constexpr char kNumber[] = "05/QĐ-UBND";
inline constexpr char kDate[] = "An Giang, ngày 05 tháng 02 năm 2026";

inline std::string WordHeader() {
  return Decree30Header("Số:      /QĐ-UBND", "An Giang, ngày        tháng        năm 2026");
}

inline std::string RenderPage1(const std::string& pdf) {
  TempDir dir;
  test_support::WriteFile(dir.path() / "d.pdf", pdf);
  const auto r = RunCommand("pdftoppm -r 100 -f 1 -l 1 -gray " + (dir.path() / "d.pdf").string() +
                            " " + (dir.path() / "p").string());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  const auto pages = RunCommand("ls " + dir.path().string() + " | grep '^p.*pgm$'").output;
  std::ifstream in(dir.path() / pages.substr(0, pages.find('\n')), std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace cqdt::pdf::stamp_testing
