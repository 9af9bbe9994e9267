#include "mailroom/templates.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "core/message_catalog.hpp"
#include "core/text.hpp"
#include "crypto/crypto.hpp"

namespace cqdt::mailroom {
namespace {

namespace fs = std::filesystem;

fs::path ShippedDefaults() {
  return fs::path(CQDT_TESTDATA_DIR).parent_path() / "settings" / "mail-templates.json";
}

const FieldError* FieldNamed(const Error& e, const std::string& field) {
  for (const FieldError& f : e.fields()) {
    if (f.field == field) {
      return &f;
    }
  }
  return nullptr;
}

TemplateInput Good() {
  return {"Hồ sơ {{code}}", "Dossier {{code}}", "Kính gửi {{recipientName}},\n\n{{text}}",
          "Dear {{recipientName}},\n\n{{textEn}}"};
}

// ---------------------------------------------------------------------------------------------
// Validation.

TEST(TemplateValidateTest, AcceptsAGoodTemplate) {
  EXPECT_TRUE(TemplateStore::Validate(Good()));
  TemplateInput spaced = Good();
  spaced.body_vi = "{{ text }} {{#link}}{{ link }}{{/link}} {{#items}}\n{{items}}\n{{/items}}";
  EXPECT_TRUE(TemplateStore::Validate(spaced));
}

TEST(TemplateValidateTest, UnknownPlaceholdersAreRefusedNamingTheField) {
  struct Case {
    const char* field;
    const char* label;
    TemplateInput in;
  };
  TemplateInput subject_vi = Good(), subject_en = Good(), body_vi = Good(), body_en = Good();
  subject_vi.subject_vi = "Hồ sơ {{maHoSo}}";
  subject_en.subject_en = "Dossier {{dossierCode}}";
  body_vi.body_vi = "{{text}} {{#tenCoQuan}}x{{/tenCoQuan}}";
  body_en.body_en = "{{textEn}} {{Text}}";
  for (const Case& c : {Case{"subjectVi", "Tiêu đề thư tiếng Việt", subject_vi},
                        Case{"subjectEn", "Tiêu đề thư tiếng Anh", subject_en},
                        Case{"bodyVi", "Nội dung thư tiếng Việt", body_vi},
                        Case{"bodyEn", "Nội dung thư tiếng Anh", body_en}}) {
    SCOPED_TRACE(c.field);
    const Status st = TemplateStore::Validate(c.in);
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code(), ErrorCode::kInvalidArgument);
    ASSERT_EQ(st.error().fields().size(), 1U);
    const FieldError& f = st.error().fields()[0];
    EXPECT_EQ(f.field, c.field);
    EXPECT_EQ(f.code, "placeholder");
    EXPECT_EQ(
        f.message.rfind(std::string(c.label) + " có trường thay thế không được hỗ trợ: {{", 0), 0U)
        << f.message;
    EXPECT_NE(f.message.find("Các trường được dùng: recipientName, text,"), std::string::npos);
  }
  const Status st = TemplateStore::Validate(subject_vi);
  EXPECT_NE(st.error().fields()[0].message.find("{{maHoSo}}"), std::string::npos);
}

TEST(TemplateValidateTest, EveryBadFieldIsReported) {
  const Status st = TemplateStore::Validate({"{{a}}", "{{b}}", "{{c}}", "{{d}}"});
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().fields().size(), 4U);
  EXPECT_EQ(st.error().message(), "Mẫu thư điện tử không hợp lệ.");
}

TEST(TemplateValidateTest, SectionsMustBeBalanced) {
  for (const char* body : {"{{#link}}x", "x{{/link}}", "{{#link}}{{#code}}x{{/link}}{{/code}}",
                           "{{#link}}x{{/code}}"}) {
    SCOPED_TRACE(body);
    TemplateInput in = Good();
    in.body_en = body;
    const Status st = TemplateStore::Validate(in);
    ASSERT_FALSE(st);
    const FieldError* f = FieldNamed(st.error(), "bodyEn");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->code, "section");
    EXPECT_EQ(f->message.rfind("Nội dung thư tiếng Anh có thẻ mở hoặc đóng đoạn không khớp: {{", 0),
              0U)
        << f->message;
  }
}

TEST(TemplateValidateTest, MalformedTagsAreRefused) {
  for (const char* body : {"{{text", "{{}}", "{{ }}", "{{{text}}}", "{{te xt}}", "{{#}}",
                           "{{1text}}", "{{text-en}}"}) {
    SCOPED_TRACE(body);
    TemplateInput in = Good();
    in.body_vi = body;
    const Status st = TemplateStore::Validate(in);
    ASSERT_FALSE(st);
    const FieldError* f = FieldNamed(st.error(), "bodyVi");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->code, "placeholder");
    EXPECT_NE(f->message.find("Nội dung thư tiếng Việt có trường thay thế viết sai: {{"),
              std::string::npos)
        << f->message;
  }
  // Single braces are text.
  TemplateInput in = Good();
  in.body_vi = "{text} } { {{text}}";
  EXPECT_TRUE(TemplateStore::Validate(in));
}

TEST(TemplateValidateTest, SubjectsAreOneLineWithoutControls) {
  for (const char* subject : {"Hồ sơ\r\nBcc: a@b.vn", "a\nb", "a\rb", "a\tb",
                              "a\xC2\x85"
                              "b",
                              "a\xE2\x80\xA8"
                              "b",
                              "a\xE2\x80\xA9"
                              "b"}) {
    SCOPED_TRACE(subject);
    TemplateInput in = Good();
    in.subject_vi = subject;
    in.subject_en = subject;
    const Status st = TemplateStore::Validate(in);
    ASSERT_FALSE(st);
    for (const char* field : {"subjectVi", "subjectEn"}) {
      const FieldError* f = FieldNamed(st.error(), field);
      ASSERT_NE(f, nullptr) << field;
      EXPECT_EQ(f->code, "format");
    }
    EXPECT_EQ(FieldNamed(st.error(), "subjectVi")->message,
              "Tiêu đề thư tiếng Việt phải nằm trên một dòng, không có ký tự điều khiển.");
  }
  // Bodies have lines.
  TemplateInput in = Good();
  in.body_vi = "a\r\nb\n\tc";
  EXPECT_TRUE(TemplateStore::Validate(in));
  in.body_vi = "a\x01";
  EXPECT_FALSE(TemplateStore::Validate(in));
}

TEST(TemplateValidateTest, LengthsAreCountedInCodePoints) {
  std::string subject;
  for (int i = 0; i < 200; ++i) {
    subject += "ệ";  // three bytes
  }
  TemplateInput in = Good();
  in.subject_vi = subject;
  EXPECT_TRUE(TemplateStore::Validate(in)) << "200 code points, 600 bytes";
  in.subject_vi = subject + "a";
  Status st = TemplateStore::Validate(in);
  ASSERT_FALSE(st);
  EXPECT_EQ(FieldNamed(st.error(), "subjectVi")->code, "length");
  EXPECT_EQ(FieldNamed(st.error(), "subjectVi")->message,
            "Tiêu đề thư tiếng Việt dài quá 200 ký tự.");

  std::string body;
  for (int i = 0; i < 5000; ++i) {
    body += "ữ";
  }
  in = Good();
  in.body_en = body;
  EXPECT_TRUE(TemplateStore::Validate(in));
  in.body_en = body + "ữ";
  st = TemplateStore::Validate(in);
  ASSERT_FALSE(st);
  EXPECT_EQ(FieldNamed(st.error(), "bodyEn")->code, "length");
}

TEST(TemplateValidateTest, EmptyFieldsAndBadUtf8AreRefused) {
  const Status st = TemplateStore::Validate({"  ", "", "\n", "a\xFF"});
  ASSERT_FALSE(st);
  EXPECT_EQ(FieldNamed(st.error(), "subjectVi")->code, "required");
  EXPECT_EQ(FieldNamed(st.error(), "subjectVi")->message,
            "Tiêu đề thư tiếng Việt không được để trống.");
  EXPECT_EQ(FieldNamed(st.error(), "subjectEn")->code, "required");
  EXPECT_EQ(FieldNamed(st.error(), "bodyVi")->code, "required");
  EXPECT_EQ(FieldNamed(st.error(), "bodyEn")->code, "format");
}

// ---------------------------------------------------------------------------------------------
// The defaults file.

struct TempFile {
  explicit TempFile(const std::string& text)
      : path(fs::temp_directory_path() / ("cqdt-mail-templates-" + crypto::RandomHex(6))) {
    std::ofstream(path, std::ios::binary) << text;
  }
  ~TempFile() { fs::remove(path); }
  fs::path path;
};

const std::string kFallback =
    R"({"kind": "*", "audience": "all", "nameVi": "Khác", "nameEn": "Other",
        "subjectVi": "Thông báo", "subjectEn": "Notice", "bodyVi": "{{text}}",
        "bodyEn": "{{textEn}}"})";

TEST(TemplateDefaultsTest, TheShippedFileLoadsAndEveryTemplateValidates) {
  auto loaded = TemplateStore::LoadDefaults(ShippedDefaults().string());
  ASSERT_TRUE(loaded) << loaded.error().message()
                      << (loaded.error().fields().empty()
                              ? ""
                              : "\n" + loaded.error().fields()[0].field + ": " +
                                    loaded.error().fields()[0].message);
  std::map<std::string, MailTemplate> by_kind;
  for (const MailTemplate& t : *loaded) {
    SCOPED_TRACE(t.kind);
    EXPECT_TRUE(TemplateStore::Validate({t.subject_vi, t.subject_en, t.body_vi, t.body_en}));
    EXPECT_FALSE(t.name_vi.empty());
    EXPECT_FALSE(t.name_en.empty());
    EXPECT_FALSE(t.customised);
    // Every body greets, gives the notice's line, says who sends it and that it is automatic.
    EXPECT_NE(t.body_vi.find("{{recipientName}}"), std::string::npos);
    EXPECT_NE(t.body_en.find("{{recipientName}}"), std::string::npos);
    EXPECT_NE(t.body_vi.find("{{text}}"), std::string::npos);
    EXPECT_NE(t.body_en.find("{{textEn}}"), std::string::npos);
    EXPECT_NE(t.body_vi.find("{{agency}}"), std::string::npos);
    EXPECT_NE(t.body_vi.find("thư tự động"), std::string::npos);
    EXPECT_NE(t.body_vi.find("vui lòng không trả lời"), std::string::npos);
    EXPECT_NE(t.body_en.find("automatic message"), std::string::npos);
    if (t.kind != "mail.test") {
      EXPECT_NE(t.body_vi.find("{{#link}}"), std::string::npos);
      EXPECT_NE(t.body_en.find("{{#link}}"), std::string::npos);
    }
    // Only notices a person may turn off offer the opt-out link.
    const bool unsubscribe = t.body_vi.find("{{unsubscribe}}") != std::string::npos;
    EXPECT_EQ(unsubscribe, t.body_en.find("{{unsubscribe}}") != std::string::npos);
    if (t.required || t.kind == "*" || t.kind == "mail.test") {
      EXPECT_FALSE(unsubscribe);
    } else {
      EXPECT_TRUE(unsubscribe);
    }
    EXPECT_TRUE(by_kind.emplace(t.kind, t).second);
  }
  struct Expected {
    const char* kind;
    const char* audience;
    bool required;
  };
  const Expected expected[] = {{"onestop.received", "citizen", true},
                               {"onestop.supplement", "citizen", true},
                               {"onestop.result_ready", "citizen", true},
                               {"onestop.apology", "citizen", true},
                               {"onestop.fee_paid", "citizen", false},
                               {"feedback.answered", "citizen", false},
                               {"proactive.offer", "citizen", false},
                               {"documents.assigned", "staff", false},
                               {"documents.due_soon", "staff", false},
                               {"documents.overdue", "staff", false},
                               {"documents.review_requested", "staff", false},
                               {"documents.submitted", "staff", false},
                               {"onestop.step_assigned", "staff", false},
                               {"onestop.overdue", "staff", false},
                               {"onestop.online_submitted", "staff", false},
                               {"mail.digest", "staff", false},
                               {"mail.test", "all", false},
                               {"*", "all", false}};
  EXPECT_EQ(by_kind.size(), std::size(expected));
  for (const Expected& e : expected) {
    SCOPED_TRACE(e.kind);
    auto it = by_kind.find(e.kind);
    ASSERT_NE(it, by_kind.end());
    EXPECT_EQ(it->second.audience, e.audience);
    EXPECT_EQ(it->second.required, e.required);
  }
  EXPECT_NE(by_kind["mail.digest"].body_vi.find("{{items}}"), std::string::npos);
}

TEST(TemplateDefaultsTest, TheCompiledInDefaultsAreTheShippedFile) {
  auto compiled = TemplateStore::ShippedDefaults();
  ASSERT_TRUE(compiled) << compiled.error().message();
  auto file = TemplateStore::LoadDefaults(ShippedDefaults().string());
  ASSERT_TRUE(file);
  ASSERT_EQ(compiled->size(), file->size());
  for (std::size_t i = 0; i < file->size(); ++i) {
    const MailTemplate& a = (*compiled)[i];
    const MailTemplate& b = (*file)[i];
    EXPECT_EQ(a.kind, b.kind);
    EXPECT_EQ(a.audience, b.audience);
    EXPECT_EQ(a.required, b.required);
    EXPECT_EQ(a.name_vi, b.name_vi);
    EXPECT_EQ(a.name_en, b.name_en);
    EXPECT_EQ(a.subject_vi, b.subject_vi);
    EXPECT_EQ(a.subject_en, b.subject_en);
    EXPECT_EQ(a.body_vi, b.body_vi);
    EXPECT_EQ(a.body_en, b.body_en);
  }
}

TEST(TemplateDefaultsTest, EveryShippedTemplateRendersCleanly) {
  auto loaded = TemplateStore::LoadDefaults(ShippedDefaults().string());
  ASSERT_TRUE(loaded);
  const TemplateValues full{{{"recipientName", "Nguyễn Văn An"},
                             {"text", "Hồ sơ H01-7 đã được tiếp nhận, hẹn trả 10/03/2026."},
                             {"textEn", "Dossier H01-7 was received; result due 10/03/2026."},
                             {"link", "https://dichvucong.example.vn/ho-so/H01-7"},
                             {"code", "H01-7"},
                             {"agency", "UBND xã An Bình"},
                             {"portal", "https://dichvucong.example.vn"},
                             {"date", "02/03/2026"},
                             {"unsubscribe", "https://cqdt.example.vn/huy-nhan?t=abc"}},
                            {"Văn bản 12: quá hạn", "Hồ sơ H01-7: hạn 10/03/2026"}};
  for (const MailTemplate& t : *loaded) {
    SCOPED_TRACE(t.kind);
    for (const TemplateValues& v : {full, TemplateValues{}}) {
      const RenderedMail m = TemplateStore::Render(t, v);
      EXPECT_FALSE(m.subject.empty());
      EXPECT_EQ(m.subject.find("{{"), std::string::npos);
      EXPECT_EQ(m.text.find("{{"), std::string::npos);
      EXPECT_EQ(m.html.find("{{"), std::string::npos);
      EXPECT_EQ(m.text.find("\n\n\n"), std::string::npos) << m.text;
      EXPECT_NE(m.text.find("\n----\n"), std::string::npos);
    }
    const RenderedMail m = TemplateStore::Render(t, full);
    if (t.kind != "mail.test") {
      EXPECT_NE(m.html.find("<a href=\"https://dichvucong.example.vn/ho-so/H01-7\" "
                            "style=\"display:inline-block;"),
                std::string::npos)
          << "the link is a button";
    }
    EXPECT_NE(m.text.find("UBND xã An Bình"), std::string::npos);
  }
}

TEST(TemplateDefaultsTest, AFileWithoutTheFallbackIsRefused) {
  TempFile f("[]");
  auto loaded = TemplateStore::LoadDefaults(f.path.string());
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code(), ErrorCode::kInvalidArgument);
  ASSERT_NE(FieldNamed(loaded.error(), "templates"), nullptr);
  EXPECT_EQ(FieldNamed(loaded.error(), "templates")->code, "required");
}

TEST(TemplateDefaultsTest, ABadEntryIsNamedWithItsField) {
  TempFile f("[" + kFallback + R"(,
    {"kind": "onestop.received", "audience": "citizen", "required": true,
     "nameVi": "Hồ sơ đã được tiếp nhận", "nameEn": "Dossier received",
     "subjectVi": "Hồ sơ {{code}}", "subjectEn": "Dossier {{code}}",
     "bodyVi": "{{text}}", "bodyEn": "{{textEn}} {{dossierCode}}"}])");
  auto loaded = TemplateStore::LoadDefaults(f.path.string());
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code(), ErrorCode::kInvalidArgument);
  ASSERT_EQ(loaded.error().fields().size(), 1U);
  const FieldError& e = loaded.error().fields()[0];
  EXPECT_EQ(e.field, "templates[1].bodyEn");
  EXPECT_EQ(e.code, "placeholder");
  EXPECT_EQ(e.message.rfind("Mẫu 'onestop.received': Nội dung thư tiếng Anh có trường thay thế "
                            "không được hỗ trợ: {{dossierCode}}.",
                            0),
            0U)
      << e.message;
  EXPECT_NE(loaded.error().message().find(f.path.string()), std::string::npos);
}

TEST(TemplateDefaultsTest, EntryRulesAreChecked) {
  struct Case {
    std::string entry;
    std::string field;
    std::string code;
  };
  const std::string rest =
      R"("nameVi": "A", "nameEn": "A", "subjectVi": "s", "subjectEn": "s", "bodyVi": "b",
         "bodyEn": "b")";
  const Case cases[] = {
      {R"({"kind": "Onestop.X", "audience": "all", )" + rest + "}", "templates[1].kind", "format"},
      {R"({"kind": "*", "audience": "all", )" + rest + "}", "templates[1].kind", "duplicate"},
      {R"({"kind": "a.b", "audience": "everyone", )" + rest + "}", "templates[1].audience",
       "format"},
      {R"({"kind": "a.b", "audience": "all", "required": "yes", )" + rest + "}",
       "templates[1].required", "format"},
      {R"({"kind": "a.b", "audience": "all", "requried": true, )" + rest + "}",
       "templates[1].requried", "unknown"},
      {R"({"kind": "a.b", "audience": "all", "nameVi": "A", "subjectVi": "s", "subjectEn": "s",
          "bodyVi": "b", "bodyEn": "b"})",
       "templates[1].nameEn", "required"},
      {R"({"kind": "a.b", "audience": "all", "nameVi": "A", "nameEn": "A", "subjectVi": 3,
          "subjectEn": "s", "bodyVi": "b", "bodyEn": "b"})",
       "templates[1].subjectVi", "format"},
      {R"(["not", "an", "object"])", "templates[1]", "format"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.entry);
    TempFile f("[" + kFallback + ", " + c.entry + "]");
    auto loaded = TemplateStore::LoadDefaults(f.path.string());
    ASSERT_FALSE(loaded);
    const FieldError* e = FieldNamed(loaded.error(), c.field);
    ASSERT_NE(e, nullptr) << loaded.error().fields()[0].field;
    EXPECT_EQ(e->code, c.code);
    EXPECT_EQ(loaded.error().fields().size(), 1U) << loaded.error().fields()[1].field;
  }
}

TEST(TemplateDefaultsTest, UnreadableOrNonJsonFilesAreRefused) {
  auto missing = TemplateStore::LoadDefaults("/nonexistent/mail-templates.json");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(missing.error().fields()[0].code, "read");
  for (const char* text : {"", "{\"kind\": \"*\"}", "[", "not json"}) {
    TempFile f(text);
    auto loaded = TemplateStore::LoadDefaults(f.path.string());
    ASSERT_FALSE(loaded) << text;
    EXPECT_EQ(loaded.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(loaded.error().fields()[0].field, "file");
  }
}

TEST(TemplateDefaultsTest, BodiesAreStoredWithOneKindOfLineEnd) {
  TempFile f(R"([{"kind": "*", "audience": "all", "nameVi": "K", "nameEn": "O",
    "subjectVi": " Thông báo ", "subjectEn": "Notice", "bodyVi": "a\r\nb\rc", "bodyEn": "e"}])");
  auto loaded = TemplateStore::LoadDefaults(f.path.string());
  ASSERT_TRUE(loaded);
  EXPECT_EQ((*loaded)[0].body_vi, "a\nb\nc");
  EXPECT_EQ((*loaded)[0].subject_vi, "Thông báo");
  EXPECT_FALSE((*loaded)[0].required);
}

TEST(TemplateDefaultsTest, IsRequiredComesFromTheDefaults) {
  auto loaded = TemplateStore::LoadDefaults(ShippedDefaults().string());
  ASSERT_TRUE(loaded);
  const TemplateStore store(*loaded);
  EXPECT_TRUE(store.IsRequired("onestop.received"));
  EXPECT_TRUE(store.IsRequired("onestop.apology"));
  EXPECT_FALSE(store.IsRequired("onestop.fee_paid"));
  EXPECT_FALSE(store.IsRequired("documents.assigned"));
  EXPECT_FALSE(store.IsRequired("documents.commented"));
  EXPECT_FALSE(store.IsRequired("*"));
}

// ---------------------------------------------------------------------------------------------
// Every message above reaches an English client in English (core/messages_en_mail_templates.cpp).

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      return false;
    }
  }
  return true;
}

void ExpectEnglish(const Error& e) {
  const std::string top = Localize(e.message(), Language::kEnglish);
  EXPECT_TRUE(IsAscii(top)) << e.message() << " -> " << top;
  for (const FieldError& f : e.fields()) {
    const std::string en = Localize(f.message, Language::kEnglish);
    EXPECT_TRUE(IsAscii(en)) << f.field << ": " << f.message << " -> " << en;
  }
}

TEST(TemplateMessagesTest, EveryMessageHasAnEnglishRendering) {
  std::string long_subject(201, 'a');
  for (const TemplateInput& in :
       {TemplateInput{"{{bad}}", "a\nb", "{{#link}}", "{{x"}, TemplateInput{"", " ", "\x01", "b"},
        TemplateInput{long_subject, "s", "b", "b"}}) {
    const Status st = TemplateStore::Validate(in);
    ASSERT_FALSE(st);
    ExpectEnglish(st.error());
  }
  EXPECT_EQ(
      Localize(TemplateStore::Validate({"{{bad}}", "s", "b", "b"}).error().fields()[0].message,
               Language::kEnglish),
      "The Vietnamese subject has a placeholder that is not supported: {{bad}}. The "
      "placeholders are: recipientName, text, textEn, link, code, agency, portal, date, "
      "unsubscribe, items.");

  const std::string rest =
      R"("nameVi": "A", "nameEn": "A", "subjectVi": "s", "subjectEn": "s", "bodyVi": "b",
         "bodyEn": "b")";
  TempFile bad("[" + kFallback + R"(, 3, {"kind": "*", "audience": "x", "required": 1, "k": 1,
      "nameVi": 2, "subjectVi": "{{y}}", "subjectEn": "a", "bodyVi": "b", "bodyEn": "{{#a}}"},
      {"kind": "Bad", "audience": "all", )" +
               rest + "}]");
  auto loaded = TemplateStore::LoadDefaults(bad.path.string());
  ASSERT_FALSE(loaded);
  EXPECT_GE(loaded.error().fields().size(), 8U);
  ExpectEnglish(loaded.error());
  TempFile no_fallback("[]");
  ExpectEnglish(TemplateStore::LoadDefaults(no_fallback.path.string()).error());
  TempFile not_json("{");
  ExpectEnglish(TemplateStore::LoadDefaults(not_json.path.string()).error());
  ExpectEnglish(TemplateStore::LoadDefaults("/nonexistent/x.json").error());

  EXPECT_EQ(Localize(Error::NotFound("mẫu thư điện tử", "x.y").message(), Language::kEnglish),
            "No e-mail template 'x.y' was found.");
}

}  // namespace
}  // namespace cqdt::mailroom
