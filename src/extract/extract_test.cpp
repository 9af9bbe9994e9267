#include "extract/extract.hpp"

#include <pthread.h>
#include <signal.h>
#include <zip.h>

#include <gtest/gtest.h>

#include "extract/testing_scans.hpp"
#include "pdf/pdf.hpp"

namespace cqdt::extract {
namespace {

// The first page of a decision as Decree 30/2020 Appendix I lays it out (one column here).
pdf::TextDocument Decision() {
  pdf::TextDocument d;
  d.title = "Quyết định";
  d.blocks = {
      {"ỦY BAN NHÂN DÂN TỈNH AN GIANG", 13, true, false, false},
      {"Số: 125/QĐ-UBND", 13, false, false, false},
      {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, true, false, true},
      {"Độc lập - Tự do - Hạnh phúc", 14, true, false, true},
      {"An Giang, ngày 05 tháng 3 năm 2026", 14, false, true, true},
      {"QUYẾT ĐỊNH", 14, true, false, true},
      {"Về việc phê duyệt kế hoạch chuyển đổi số năm 2026", 14, true, false, true},
      {"Căn cứ Luật Tổ chức chính quyền địa phương; xét đề nghị của Giám đốc Sở Khoa học và "
       "Công nghệ, Ủy ban nhân dân tỉnh quyết định phê duyệt kế hoạch chuyển đổi số, trong đó "
       "có hệ thống quản lý văn bản và hồ sơ công việc.",
       14, false, false, false},
  };
  return d;
}

std::string TextPdf() {
  auto pdf = pdf::RenderTextDocument(Decision());
  EXPECT_TRUE(pdf.has_value());
  return pdf ? *pdf : std::string();
}

TEST(ExtractPdf, ReadsTheTextLayerOfEveryPage) {
  auto e = ExtractPdf(TextPdf());
  ASSERT_TRUE(e.has_value()) << e.error().message();
  EXPECT_EQ(e->Method(), "pdf");
  EXPECT_EQ(e->OcrPages(), 0);
  EXPECT_NE(e->Text().find("Số: 125/QĐ-UBND"), std::string::npos) << e->Text();
  EXPECT_NE(e->Text().find("chuyển đổi số"), std::string::npos);
}

TEST(ExtractPdf, ReadsAScannedPageWithVietnameseOcr) {
  if (!OcrAvailable()) {
    GTEST_SKIP() << "tesseract-ocr-vie is not installed";
  }
  const std::string scan = testing::ScannedPdf(TextPdf(), 200);
  ASSERT_FALSE(scan.empty());
  Limits limits;
  limits.ocr_dpi = 200;
  auto e = ExtractPdf(scan, limits);
  ASSERT_TRUE(e.has_value()) << e.error().message();
  EXPECT_EQ(e->Method(), "ocr");
  EXPECT_EQ(e->OcrPages(), 1);
  const std::string text = e->Text();
  // The words a clerk would search for, with their marks, as rendered.
  for (const char* word : {"QUYẾT ĐỊNH", "125/QĐ-UBND", "An Giang", "tháng 3 năm 2026",
                           "chuyển đổi số", "Ủy ban nhân dân tỉnh"}) {
    EXPECT_NE(text.find(word), std::string::npos) << word << " not in:\n" << text;
  }
}

TEST(ExtractPdf, StopsReadingScannedPagesAtTheLimit) {
  if (!OcrAvailable()) {
    GTEST_SKIP() << "tesseract-ocr-vie is not installed";
  }
  Limits limits;
  limits.max_ocr_pages = 0;
  auto e = ExtractPdf(testing::ScannedPdf(TextPdf(), 100), limits);
  ASSERT_TRUE(e.has_value());
  EXPECT_TRUE(e->truncated);
  EXPECT_EQ(e->Method(), "none");
}

TEST(ExtractPdf, RefusesAFileThatIsNotAPdf) {
  auto e = ExtractPdf("%PDF-1.7\nthis is not a document");
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().code(), ErrorCode::kMalformed);
  EXPECT_NE(e.error().message().find("hỏng"), std::string::npos);
}

std::string Zip(const std::vector<std::pair<std::string, std::string>>& entries) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(out);
  zip_t* z = zip_open_from_source(out, ZIP_TRUNCATE, &err);
  for (const auto& [name, data] : entries) {
    zip_source_t* s = zip_source_buffer(z, data.data(), data.size(), 0);
    zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE);
  }
  zip_close(z);
  zip_source_open(out);
  zip_source_seek(out, 0, SEEK_END);
  const auto size = zip_source_tell(out);
  zip_source_seek(out, 0, SEEK_SET);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  zip_source_read(out, bytes.data(), static_cast<zip_uint64_t>(size));
  zip_source_close(out);
  zip_source_free(out);
  return bytes;
}

TEST(ExtractDocx, ReadsTheParagraphsOfTheBody) {
  const std::string body =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document "
      "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
      "<w:p><w:r><w:t>Kính gửi:</w:t><w:tab/><w:t xml:space=\"preserve\"> Sở Nội "
      "vụ</w:t></w:r></w:p>"
      "<w:p><w:r><w:t>V/v báo cáo công tác văn thư</w:t></w:r></w:p></w:body></w:document>";
  auto e = ExtractDocx(Zip({{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", body}}));
  ASSERT_TRUE(e.has_value()) << e.error().message();
  EXPECT_EQ(e->Method(), "docx");
  EXPECT_EQ(e->Text(), "Kính gửi:\t Sở Nội vụ\nV/v báo cáo công tác văn thư\n");
}

TEST(ExtractDocx, IgnoresEntitiesItWouldHaveToFetchOrExpand) {
  const std::string body =
      "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
      "<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>a&x;b</w:t></w:r></w:p></w:body>"
      "</w:document>";
  auto e = ExtractDocx(Zip({{"word/document.xml", body}}));
  if (e) {
    EXPECT_EQ(e->Text().find("root:"), std::string::npos);
  }
}

TEST(ExtractDocx, RefusesAZipWithoutABody) {
  auto e = ExtractDocx(Zip({{"word/other.xml", "<a/>"}}));
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().code(), ErrorCode::kMalformed);
}

TEST(ExtractWire, DecodesWhatItEncodes) {
  Extracted e;
  e.page_count = 3;
  e.truncated = true;
  e.pages = {{1, "dòng một\npage 2 0 5\n", false}, {3, "", true}};
  auto d = Decode(Encode(e));
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->page_count, 3);
  EXPECT_TRUE(d->truncated);
  ASSERT_EQ(d->pages.size(), 2u);
  EXPECT_EQ(d->pages[0].text, e.pages[0].text);
  EXPECT_TRUE(d->pages[1].ocr);
}

TEST(ExtractWire, RefusesATruncatedAnswer) {
  Extracted e;
  e.pages = {{1, "văn bản", false}};
  const std::string wire = Encode(e);
  EXPECT_FALSE(Decode(wire.substr(0, wire.size() - 6)).has_value());
  EXPECT_FALSE(Decode("").has_value());
}

TEST(ExtractWire, CarriesTheChildsError) {
  auto d = Decode("error unsupported Tệp PDF được bảo vệ bằng mật khẩu.\n");
  ASSERT_FALSE(d.has_value());
  EXPECT_EQ(d.error().code(), ErrorCode::kUnsupported);
  EXPECT_EQ(d.error().message(), "Tệp PDF được bảo vệ bằng mật khẩu.");
}

TEST(ExtractInChild, ReadsTheAnswerOfTheChild) {
  ChildOptions o;
  o.program = "/bin/sh";
  o.args = {"-c", "cat >/dev/null; printf 'cqdt-extract 1 1 0 0 1\\npage 1 0 3\\nabc\\nend\\n'",
            "sh"};
  auto e = ExtractInChild(std::string(300000, 'x'), "application/pdf", o);
  ASSERT_TRUE(e.has_value()) << e.error().message();
  EXPECT_EQ(e->Text(), "abc");
}

TEST(ExtractInChild, KillsAChildPastItsTimeout) {
  ChildOptions o;
  o.program = "/bin/sh";
  o.args = {"-c", "sleep 600", "sh"};
  o.timeout = std::chrono::seconds(1);
  auto e = ExtractInChild("x", "application/pdf", o);
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().code(), ErrorCode::kUnavailable);
}

TEST(ExtractInChild, ReportsAChildThatDies) {
  ChildOptions o;
  o.program = "/bin/sh";
  o.args = {"-c", "kill -SEGV $$", "sh"};
  auto e = ExtractInChild("x", "application/pdf", o);
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().code(), ErrorCode::kUnavailable);
}

// The child is started alone: its own process group (killed whole at the end), the limits set
// before it reads the file, no signal blocked even when the calling thread blocks some (a server
// thread may), and its stderr on /dev/null.
TEST(ExtractInChild, StartsTheChildInItsOwnGroupWithItsLimits) {
  ChildOptions o;
  o.program = "/bin/sh";
  o.cpu_seconds = 77;
  o.memory_bytes = std::size_t{1} << 30;
  // The page's text: "<CPU seconds> <address space, KiB> <own group: 1> <blocked signals>".
  o.args = {"-c",
            "cat >/dev/null; echo noise >&2; "
            "t=\"$(ulimit -t) $(ulimit -v) $(( $(cut -d' ' -f5 /proc/$$/stat) == $$ )) "
            "$(sed -n 's/^SigBlk:[[:space:]]*//p' /proc/$$/status)\"; "
            "printf 'cqdt-extract 1 1 0 0 1\\npage 1 0 %s\\n%s\\nend\\n' \"${#t}\" \"$t\"",
            "sh"};
  sigset_t blocked, old;
  sigemptyset(&blocked);
  sigaddset(&blocked, SIGTERM);
  sigaddset(&blocked, SIGHUP);
  ASSERT_EQ(pthread_sigmask(SIG_BLOCK, &blocked, &old), 0);
  auto e = ExtractInChild("x", "application/pdf", o);
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  ASSERT_TRUE(e.has_value()) << e.error().message();
#if defined(__SANITIZE_ADDRESS__)
  // A sanitized child gets no address-space limit (extract/child.cpp).
  EXPECT_EQ(e->Text(), "77 unlimited 1 0000000000000000");
#else
  EXPECT_EQ(e->Text(), "77 1048576 1 0000000000000000");
#endif
}

TEST(ExtractInChild, ReportsAProgramThatCannotStart) {
  ChildOptions o;
  o.program = "/nonexistent/cqdt-extract";
  auto e = ExtractInChild("x", "application/pdf", o);
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().code(), ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace cqdt::extract
