#include <map>
#include <string>

#include <gtest/gtest.h>

#include "core/text.hpp"
#include "mailroom/templates.hpp"

namespace cqdt::mailroom {
namespace {

MailTemplate Make(std::string subject_vi, std::string subject_en, std::string body_vi,
                  std::string body_en) {
  MailTemplate t;
  t.kind = "documents.assigned";
  t.audience = "staff";
  t.subject_vi = std::move(subject_vi);
  t.subject_en = std::move(subject_en);
  t.body_vi = std::move(body_vi);
  t.body_en = std::move(body_en);
  return t;
}

TemplateValues Values(std::map<std::string, std::string> values,
                      std::vector<std::string> items = {}) {
  return {std::move(values), std::move(items)};
}

// The text part's Vietnamese half (before the "----" line).
std::string VietnamesePart(const RenderedMail& m) {
  return m.text.substr(0, m.text.find("\n\n----\n\n"));
}

TEST(TemplateRenderTest, FillsPlaceholdersInEveryPart) {
  const auto m = TemplateStore::Render(
      Make("Hồ sơ {{code}}", "Dossier {{code}}", "Kính gửi {{recipientName}},\n{{text}}",
           "Dear {{recipientName}},\n{{textEn}}"),
      Values({{"code", "000.00.01.H01-260302-0001"},
              {"recipientName", "Nguyễn Văn An"},
              {"text", "Hồ sơ đã được tiếp nhận."},
              {"textEn", "The dossier was received."}}));
  EXPECT_EQ(m.subject, "Hồ sơ 000.00.01.H01-260302-0001 / Dossier 000.00.01.H01-260302-0001");
  EXPECT_EQ(m.text,
            "Kính gửi Nguyễn Văn An,\nHồ sơ đã được tiếp nhận.\n\n----\n\n"
            "Dear Nguyễn Văn An,\nThe dossier was received.\n");
  EXPECT_NE(m.html.find("Kính gửi Nguyễn Văn An,"), std::string::npos);
  EXPECT_NE(m.html.find("The dossier was received."), std::string::npos);
  EXPECT_LT(m.html.find("Hồ sơ đã được tiếp nhận."), m.html.find("The dossier was received."))
      << "Vietnamese first";
}

TEST(TemplateRenderTest, SubjectIsOneLanguageWhenBothAreTheSame) {
  const auto m =
      TemplateStore::Render(Make("{{code}}", "{{code}}", "a", "b"), Values({{"code", "H01-1"}}));
  EXPECT_EQ(m.subject, "H01-1");
}

TEST(TemplateRenderTest, MissingValuesAreEmptyAndUnknownValuesIgnored) {
  const auto m = TemplateStore::Render(Make("A{{code}}B", "A{{code}}B", "x{{text}}y", "z"),
                                       Values({{"other", "ignored"}}));
  EXPECT_EQ(m.subject, "AB");
  EXPECT_EQ(VietnamesePart(m), "xy");
}

TEST(TemplateRenderTest, SectionsKeepTheirInsideOnlyForNonEmptyValues) {
  const MailTemplate t = Make("Hồ sơ{{#code}} {{code}}{{/code}} đã có kết quả", "x",
                              "Đầu\n\n{{#link}}\nXem: {{link}}\n\n{{/link}}\nCuối", "y");
  const auto with = TemplateStore::Render(
      t, Values({{"code", "H01-7"}, {"link", "https://dichvucong.example.vn/ho-so/H01-7"}}));
  EXPECT_EQ(with.subject, "Hồ sơ H01-7 đã có kết quả / x");
  EXPECT_EQ(VietnamesePart(with), "Đầu\n\nXem: https://dichvucong.example.vn/ho-so/H01-7\n\nCuối");

  // A dropped section leaves no blank lines behind (its tags stood alone on their lines), and a
  // value of spaces only counts as empty.
  const auto without = TemplateStore::Render(t, Values({{"code", "  "}}));
  EXPECT_EQ(without.subject, "Hồ sơ đã có kết quả / x");
  EXPECT_EQ(VietnamesePart(without), "Đầu\n\nCuối");
  EXPECT_EQ(without.html.find("Xem"), std::string::npos);
}

TEST(TemplateRenderTest, NestedSectionsAndTheItemsList) {
  const MailTemplate t =
      Make("Tổng hợp ngày {{date}}", "Digest {{date}}",
           "{{#items}}\nCác việc:\n{{items}}\n{{#link}}\nMở: {{link}}\n{{/link}}\n{{/items}}\nHết",
           "{{#items}}{{items}}{{/items}}");
  const auto m = TemplateStore::Render(
      t, TemplateValues{{{"date", "02/03/2026"}, {"link", "https://cqdt.example.vn/viec"}},
                        {"Văn bản 12 <quá hạn>", "Hồ sơ H01-7"}});
  EXPECT_EQ(m.subject, "Tổng hợp ngày 02/03/2026 / Digest 02/03/2026");
  EXPECT_EQ(VietnamesePart(m),
            "Các việc:\nVăn bản 12 <quá hạn>\nHồ sơ H01-7\nMở: https://cqdt.example.vn/viec\nHết");
  // A line of items alone is a list in HTML, each item escaped.
  EXPECT_NE(m.html.find("<li style=\"margin:0 0 4px 0;\">Văn bản 12 &lt;quá hạn&gt;</li>"),
            std::string::npos)
      << m.html;
  const auto empty = TemplateStore::Render(t, Values({{"link", "https://cqdt.example.vn/viec"}}));
  EXPECT_EQ(VietnamesePart(empty), "Hết") << "the link section is inside the empty items one";
}

TEST(TemplateRenderTest, EveryValueAndLiteralIsHtmlEscaped) {
  const auto m = TemplateStore::Render(
      Make("{{text}}", "{{textEn}}", "<b>Chú ý</b> & {{text}}", "{{recipientName}}"),
      Values({{"text", "<script>alert('x')</script> \"Sở\" & Co"},
              {"textEn", "x"},
              {"recipientName", "<img src=x onerror=alert(1)>"},
              {"agency", "Sở <Nội vụ>"}}));
  EXPECT_EQ(m.html.find("<script"), std::string::npos);
  EXPECT_EQ(m.html.find("<img"), std::string::npos);
  EXPECT_EQ(m.html.find("<b>"), std::string::npos) << "a template's own markup is text too";
  EXPECT_NE(m.html.find("&lt;b&gt;Chú ý&lt;/b&gt; &amp; &lt;script&gt;alert(&#39;x&#39;)&lt;/"
                        "script&gt; &quot;Sở&quot; &amp; Co"),
            std::string::npos)
      << m.html;
  EXPECT_NE(m.html.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_NE(m.html.find(">Sở &lt;Nội vụ&gt;</td>"), std::string::npos) << "the agency heading";
  EXPECT_NE(m.html.find("<title>&lt;script&gt;"), std::string::npos);
  // The text part is not HTML: the same characters as they are.
  EXPECT_NE(m.text.find("<script>alert('x')</script>"), std::string::npos);
}

TEST(TemplateRenderTest, HtmlIsAFixedSelfContainedLayout) {
  const auto m = TemplateStore::Render(Make("s", "s", "a", "b"), Values({{"agency", "UBND tỉnh"}}));
  EXPECT_EQ(m.html.rfind("<!DOCTYPE html>", 0), 0U);
  EXPECT_NE(m.html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_NE(m.html.find("lang=\"vi\""), std::string::npos);
  EXPECT_NE(m.html.find("lang=\"en\""), std::string::npos);
  for (const char* external : {"<script", "<link", "<img", "<style", "src=", "url(", "@import"}) {
    EXPECT_EQ(m.html.find(external), std::string::npos) << external;
  }
  EXPECT_NE(m.html.find("</html>"), std::string::npos);
}

TEST(TemplateRenderTest, UrlsInTextBecomeLinks) {
  const auto m = TemplateStore::Render(
      Make("s", "s", "{{text}}", "Tra cứu tại {{portal}}/tra-cuu."),
      Values({{"text", "Xem https://dichvucong.example.vn/a?b=1&c=2. Hoặc (http://x.vn/y)"},
              {"portal", "https://dichvucong.example.vn"}}));
  EXPECT_NE(m.html.find("<a href=\"https://dichvucong.example.vn/a?b=1&amp;c=2\""),
            std::string::npos)
      << m.html;
  EXPECT_NE(m.html.find(">https://dichvucong.example.vn/a?b=1&amp;c=2</a>. Hoặc"),
            std::string::npos)
      << "the sentence's full stop is not part of the URL";
  EXPECT_NE(m.html.find("<a href=\"http://x.vn/y\""), std::string::npos) << "nor the parenthesis";
  // A URL made of a placeholder and literal text is one link.
  EXPECT_NE(m.html.find("<a href=\"https://dichvucong.example.vn/tra-cuu\""), std::string::npos);
}

TEST(TemplateRenderTest, OnlyHttpUrlsAreLinked) {
  const auto m = TemplateStore::Render(
      Make("s", "s", "{{text}}", "b"),
      Values({{"text", "javascript:alert(1) data:text/html,x ahttp://x.vn ftp://x.vn"}}));
  EXPECT_EQ(m.html.find("<a "), std::string::npos) << m.html;
}

TEST(TemplateRenderTest, TheLinkIsAButtonLabelledWithItsLine) {
  const MailTemplate t = Make("s", "s", "{{text}}\n\nXem chi tiết: {{link}}",
                              "{{textEn}}\n\n{{#link}}{{link}}{{/link}}");
  const std::string url = "https://cqdt.example.vn/van-ban/den/12?x=1&y=2";
  const auto m = TemplateStore::Render(t, Values({{"text", "a"}, {"textEn", "b"}, {"link", url}}));
  const std::string button =
      "<a href=\"https://cqdt.example.vn/van-ban/den/12?x=1&amp;y=2\" "
      "style=\"display:inline-block;";
  const std::size_t vi = m.html.find(button);
  ASSERT_NE(vi, std::string::npos) << m.html;
  EXPECT_NE(m.html.find(">Xem chi tiết</a>", vi), std::string::npos);
  // Without a label the button shows the URL.
  const std::size_t en = m.html.find(button, vi + 1);
  ASSERT_NE(en, std::string::npos);
  EXPECT_NE(m.html.find(">https://cqdt.example.vn/van-ban/den/12?x=1&amp;y=2</a>", en),
            std::string::npos);
  // The text part has the URL itself.
  EXPECT_NE(m.text.find("Xem chi tiết: " + url), std::string::npos);
}

TEST(TemplateRenderTest, ALinkThatIsNoHttpUrlIsNoButton) {
  const auto m = TemplateStore::Render(Make("s", "s", "Xem: {{link}}", "b"),
                                       Values({{"link", "javascript:alert(document.cookie)"}}));
  EXPECT_EQ(m.html.find("<a "), std::string::npos) << m.html;
  EXPECT_EQ(m.html.find("href"), std::string::npos);
  EXPECT_NE(m.html.find("Xem: javascript:alert(document.cookie)"), std::string::npos);
}

TEST(TemplateRenderTest, TheSubjectNeverHoldsALineBreakOrControl) {
  const std::string tricky =
      "Hồ sơ\r\nBcc: victim@example.vn\rX\nY\tZ\x01\x7f\xC2\x85W\xE2\x80\xA8V\xE2\x80\xA9U";
  // From a value, and from the template's own text (a preview of unsaved input).
  for (const MailTemplate& t :
       {Make("{{text}}", "{{textEn}}", "b", "b"), Make(tricky, "x\r\ny", "b", "b")}) {
    const auto m = TemplateStore::Render(t, Values({{"text", tricky}, {"textEn", "a\nb"}}));
    for (char c : m.subject) {
      EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 || c == 0x7f) << int(c);
    }
    EXPECT_EQ(m.subject.find("\xC2\x85"), std::string::npos);
    EXPECT_EQ(m.subject.find("\xE2\x80\xA8"), std::string::npos);
    EXPECT_EQ(m.subject.find("\xE2\x80\xA9"), std::string::npos);
    EXPECT_NE(m.subject.find("Hồ sơ Bcc: victim@example.vn X Y Z"), std::string::npos) << m.subject;
  }
  const auto items =
      TemplateStore::Render(Make("{{items}}", "", "b", "b"), TemplateValues{{}, {"a\r\nb", "c"}});
  EXPECT_EQ(items.subject, "a b, c");
}

TEST(TemplateRenderTest, ValuesStayOnTheirLineInTheBody) {
  const auto m = TemplateStore::Render(Make("s", "s", "A {{text}} B", "b"),
                                       Values({{"text", "x\r\ny\u2028z"}}));
  EXPECT_EQ(VietnamesePart(m), "A x  y z B");
}

TEST(TemplateRenderTest, BidiControlsAndBadUtf8DoNotReachTheMail) {
  const auto m = TemplateStore::Render(Make("{{text}}", "", "{{text}}", "b"),
                                       Values({{"text", "a\u202Eb\u2066c\xFF"}}));
  EXPECT_EQ(m.subject, "abc\uFFFD");
  EXPECT_TRUE(IsValidUtf8(m.html));
  EXPECT_TRUE(IsValidUtf8(m.text));
}

TEST(TemplateRenderTest, TheTextPartIsVietnameseThenASeparatorThenEnglish) {
  const auto m =
      TemplateStore::Render(Make("s", "s", "  Tiếng Việt  \n\n\n\nhết\n\n", "English"), Values({}));
  EXPECT_EQ(m.text, "  Tiếng Việt\n\nhết\n\n----\n\nEnglish\n");
}

TEST(TemplateRenderTest, AnInvalidTemplateStillRenders) {
  // Only a preview of unsaved input can get here; it must not crash or lose the text.
  const auto m = TemplateStore::Render(
      Make("{{text", "{{/link}}x{{#code}}", "{{{text}}} {{unknown}} {{#link}}a", "{{}}"),
      Values({{"text", "T"}}));
  EXPECT_EQ(m.subject, "{{text / x");
  EXPECT_EQ(VietnamesePart(m), "{{{text}}}");
  EXPECT_NE(m.text.find("{{}}"), std::string::npos);
}

}  // namespace
}  // namespace cqdt::mailroom
