#include "portal/e_form.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace cqdt::portal {
namespace {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

FormDefinition BirthForm() {
  auto form =
      ParseFormDefinition(ReadFile(std::filesystem::path(CQDT_TESTDATA_DIR) / "birth-form.json"));
  EXPECT_TRUE(form) << form.error().message();
  return form ? *form : FormDefinition{};
}

const Date kToday{2026, 12, 6};

FormAnswers Complete() {
  return {{"requesterName", "Nguyễn Văn An"},
          {"requesterId", "091095000123"},
          {"requesterPhone", "0912 345 678"},
          {"requesterAddress", "Phường Rạch Giá, tỉnh An Giang"},
          {"relationship", "cha"},
          {"childName", "Nguyễn Văn Bình"},
          {"birthDate", "2026-11-30"},
          {"sex", "nam"},
          {"commitment", "true"}};
}

std::vector<std::string> Fields(const Error& e) {
  std::vector<std::string> out;
  for (const FieldError& f : e.fields()) {
    out.push_back(f.field + ":" + f.code);
  }
  return out;
}

TEST(EFormTest, TheDefinitionReadsBackFromItsCanonicalText) {
  const FormDefinition form = BirthForm();
  ASSERT_EQ(form.sections.size(), 3u);
  EXPECT_EQ(form.documents, std::vector<int>{1});
  EXPECT_EQ(FieldsOf(form).size(), 14u);
  auto again = ParseFormDefinition(FormDefinitionText(form));
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_EQ(*again, form);
  EXPECT_EQ(FormDefinitionText(*again), FormDefinitionText(form));
}

TEST(EFormTest, ADefinitionNamesEveryWrongPath) {
  const std::string text = R"({"title": "", "extra": 1, "sections": [{"title": "A", "fields": [
    {"name": "1bad", "label": "X", "type": "text"},
    {"name": "a", "label": "A", "type": "colour"},
    {"name": "b", "label": "B", "type": "select"},
    {"name": "c", "label": "C", "type": "text", "pattern": "([a-z"},
    {"name": "d", "label": "D", "type": "text", "showIf": {"field": "later"}},
    {"name": "a", "label": "A2", "type": "number", "min": 5, "max": 1},
    {"name": "e", "label": "E", "type": "text", "prefill": "profile.shoeSize", "applicant": "name"},
    {"name": "f", "label": "F", "type": "text", "applicant": "name"},
    {"name": "later", "label": "L", "type": "date", "minDate": "yesterday"}]}]})";
  auto form = ParseFormDefinition(text);
  ASSERT_FALSE(form);
  EXPECT_EQ(form.error().code(), ErrorCode::kInvalidArgument);
  const std::vector<std::string> fields = Fields(form.error());
  for (const char* expected :
       {"extra:unknown", "title:required", "sections[0].fields[0].name:format",
        "sections[0].fields[1].type:enum", "sections[0].fields[2].options:range",
        "sections[0].fields[3].pattern:format", "sections[0].fields[4].showIf.field:unknown",
        "sections[0].fields[5].name:duplicate", "sections[0].fields[5].min:range",
        "sections[0].fields[6].prefill:enum", "sections[0].fields[7].applicant:duplicate",
        "sections[0].fields[8].minDate:format"}) {
    EXPECT_NE(std::find(fields.begin(), fields.end(), expected), fields.end()) << expected;
  }
  EXPECT_EQ(ParseFormDefinition("[1, 2]").error().code(), ErrorCode::kMalformed);
  EXPECT_EQ(ParseFormDefinition("{\"title\":").error().code(), ErrorCode::kMalformed);
}

TEST(EFormTest, ACompleteAnswerIsKeptNormalised) {
  auto kept = CheckAnswers(BirthForm(), Complete(), kToday);
  ASSERT_TRUE(kept) << kept.error().message();
  EXPECT_EQ(kept->at("requesterPhone"), "0912345678");  // separators removed
  EXPECT_EQ(kept->at("commitment"), "true");
  EXPECT_FALSE(kept->contains("relationshipOther"));
  // NFD input comes back in NFC, trimmed.
  FormAnswers a = Complete();
  a["childName"] = "  Nguye\xcc\x82\xcc\x83n Bi\xcc\x80nh ";
  auto nfc = CheckAnswers(BirthForm(), a, kToday);
  ASSERT_TRUE(nfc) << nfc.error().message();
  EXPECT_EQ(nfc->at("childName"), "Nguyễn Bình");
}

TEST(EFormTest, EveryWrongFieldIsNamedWithItsLabel) {
  FormAnswers a = Complete();
  a.erase("requesterName");
  a["requesterId"] = "12345";
  a["requesterPhone"] = "12ab";
  a["requesterEmail"] = "not-an-address";
  a["childName"] = "Bé 2";
  a["birthDate"] = "2027-01-01";
  a["sex"] = "x";
  a["weight"] = "3.5";
  a["commitment"] = "false";
  a["shoeSize"] = "42";
  auto r = CheckAnswers(BirthForm(), a, kToday);
  ASSERT_FALSE(r);
  const std::vector<std::string> expected = {
      "form.shoeSize:unknown",      "form.requesterName:required",
      "form.requesterId:format",    "form.requesterPhone:format",
      "form.requesterEmail:format", "form.childName:pattern",
      "form.birthDate:range",       "form.sex:option",
      "form.weight:type",           "form.commitment:required"};
  EXPECT_EQ(Fields(r.error()), expected);
  EXPECT_EQ(r.error().fields()[1].message, "«Họ, chữ đệm, tên người yêu cầu» là bắt buộc.");
  EXPECT_EQ(r.error().fields()[5].message, "«Họ, chữ đệm, tên»: không được có chữ số.");
  EXPECT_EQ(r.error().fields()[6].message, "«Ngày sinh» không được sau ngày 06/12/2026.");
  EXPECT_EQ(r.error().fields().back().message,
            "Hãy đánh dấu «Tôi cam đoan nội dung khai trên là đúng sự thật.».");
}

TEST(EFormTest, AFieldShowsOnlyWhenItsConditionHolds) {
  const FormDefinition form = BirthForm();
  // "Other" asks for the relationship in words; it is then required.
  FormAnswers a = Complete();
  a["relationship"] = "khac";
  auto missing = CheckAnswers(form, a, kToday);
  ASSERT_FALSE(missing);
  EXPECT_EQ(Fields(missing.error()), std::vector<std::string>{"form.relationshipOther:required"});
  a["relationshipOther"] = "Bà ngoại";
  auto ok = CheckAnswers(form, a, kToday);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->at("relationshipOther"), "Bà ngoại");
  // Hidden again: the answer is dropped, not checked.
  a["relationship"] = "me";
  a["relationshipOther"] = "";
  auto dropped = CheckAnswers(form, a, kToday);
  ASSERT_TRUE(dropped);
  EXPECT_FALSE(dropped->contains("relationshipOther"));
  // A checkbox shows what depends on it only when ticked; a wrong answer hides its dependants.
  a["twins"] = "false";
  a["twinNote"] = "x";
  EXPECT_FALSE(CheckAnswers(form, a, kToday)->contains("twinNote"));
  a["twins"] = "true";
  EXPECT_EQ(CheckAnswers(form, a, kToday)->at("twinNote"), "x");
  a["relationship"] = "bogus";
  a["relationshipOther"] = "Bà ngoại";
  auto wrong = CheckAnswers(form, a, kToday);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(Fields(wrong.error()), std::vector<std::string>{"form.relationship:option"});
  EXPECT_TRUE(IsShown(form, *FindField(form, "relationshipOther"), {{"relationship", "khac"}}));
  EXPECT_FALSE(IsShown(form, *FindField(form, "relationshipOther"), {}));
}

TEST(EFormTest, NumbersAndDatesKeepTheirRanges) {
  FormAnswers a = Complete();
  a["weight"] = "200";
  EXPECT_EQ(Fields(CheckAnswers(BirthForm(), a, kToday).error()),
            std::vector<std::string>{"form.weight:range"});
  a["weight"] = "3200";
  EXPECT_EQ(CheckAnswers(BirthForm(), a, kToday)->at("weight"), "3200");
  a["birthDate"] = "2026-02-30";
  EXPECT_EQ(Fields(CheckAnswers(BirthForm(), a, kToday).error()),
            std::vector<std::string>{"form.birthDate:type"});
  a["birthDate"] = "1949-12-31";
  EXPECT_EQ(Fields(CheckAnswers(BirthForm(), a, kToday).error()),
            std::vector<std::string>{"form.birthDate:range"});
}

TEST(EFormTest, ADraftMayBeIncompleteButNotUnknownOrTooLong) {
  const FormDefinition form = BirthForm();
  auto draft = CheckDraftAnswers(form, {{"childName", "Bé 2"}, {"relationshipOther", "x"}});
  ASSERT_TRUE(draft) << draft.error().message();
  EXPECT_EQ(draft->size(), 2u);  // a wrong or hidden answer may wait in a draft
  auto bad = CheckDraftAnswers(
      form, {{"nope", "1"}, {"childName", std::string(101, 'a')}, {"sex", "\x01"}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(
      Fields(bad.error()),
      (std::vector<std::string>{"form.nope:unknown", "form.childName:length", "form.sex:type"}));
}

TEST(EFormTest, PrefillTakesTheAccountAndTheLastDossier) {
  PrefillData data;
  data.full_name = "Nguyễn Văn An";
  data.id_number = "091095000123";
  data.phone = "0912345678";
  data.address = "Phường Rạch Giá";
  data.last_answers = {{"relationship", "me"}, {"childName", "Bé trước"}};
  const FormAnswers filled = Prefill(BirthForm(), data);
  EXPECT_EQ(filled.at("requesterName"), "Nguyễn Văn An");
  EXPECT_EQ(filled.at("requesterId"), "091095000123");
  EXPECT_EQ(filled.at("requesterAddress"), "Phường Rạch Giá");
  EXPECT_EQ(filled.at("relationship"), "me");
  EXPECT_FALSE(filled.contains("requesterEmail"));  // the account has none
  EXPECT_FALSE(filled.contains("childName"));       // not a field that repeats
  data.last_answers["relationship"] = "removed-option";
  EXPECT_FALSE(Prefill(BirthForm(), data).contains("relationship"));
}

TEST(EFormTest, TheApplicantComesFromTheMappedFields) {
  auto kept = CheckAnswers(BirthForm(), Complete(), kToday);
  ASSERT_TRUE(kept);
  const auto parts = ApplicantParts(BirthForm(), *kept);
  EXPECT_EQ(parts.at(ApplicantPart::kName), "Nguyễn Văn An");
  EXPECT_EQ(parts.at(ApplicantPart::kPhone), "0912345678");
  EXPECT_FALSE(parts.contains(ApplicantPart::kEmail));
}

TEST(EFormTest, TheDefaultFormAndTheDemoFormsAreValid) {
  const FormDefinition fallback = DefaultForm("Thủ tục đăng ký khai sinh");
  auto again = ParseFormDefinition(FormDefinitionText(fallback));
  ASSERT_TRUE(again) << again.error().message();
  EXPECT_EQ(*again, fallback);
  // The demo's forms (src/app/demo/e-forms.json: {"forms": [{"procedure": code, "form": …}]}).
  const std::string demo =
      ReadFile(std::filesystem::path(CQDT_TESTDATA_DIR).parent_path().parent_path() / "app" /
               "demo" / "e-forms.json");
  auto forms = ParseFormList(demo);
  ASSERT_TRUE(forms) << forms.error().message() << " "
                     << (forms.error().fields().empty() ? "" : forms.error().fields()[0].field);
  ASSERT_GE(forms->size(), 5u);
  EXPECT_EQ(forms->front().first, "1.001193");
  EXPECT_EQ(forms->front().second.documents, std::vector<int>{1});
}

}  // namespace
}  // namespace cqdt::portal
