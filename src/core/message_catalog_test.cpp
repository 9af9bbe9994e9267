#include "core/message_catalog.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/result.hpp"

namespace cqdt {
namespace {

namespace fs = std::filesystem;

MessageCatalog Sample() {
  return MessageCatalog({
      {"cơ quan", "agency"},
      {"Không tìm thấy {} '{}'.", "No {} '{}' was found."},
      {"Chữ ký không hợp lệ: {}", "The signature is not valid: {}"},
      {"Chữ ký không hợp lệ: nội dung đã bị thay đổi.", "The content was changed."},
      {"Nội dung đã bị thay đổi.", "The content was changed."},
      {"Tệp {}, dòng {}: {}", "File {}, line {}: {}"},
      {"Dòng {} của tệp {}.", "File {1}, line {0}."},
      {"{} không được để trống.", "{} must not be empty."},
      {"Họ và tên", "The full name"},
  });
}

TEST(MessageCatalogTest, VietnameseIsReturnedAsItIs) {
  EXPECT_EQ(Sample().Translate("Không tìm thấy cơ quan 'x'.", Language::kVietnamese),
            "Không tìm thấy cơ quan 'x'.");
}

TEST(MessageCatalogTest, ExactMessagesAndTemplatesWithTranslatedValues) {
  const MessageCatalog c = Sample();
  EXPECT_EQ(c.Translate("cơ quan", Language::kEnglish), "agency");
  // The noun is an entry itself; the code stays as it is.
  EXPECT_EQ(c.Translate("Không tìm thấy cơ quan '000.00.01.H01'.", Language::kEnglish),
            "No agency '000.00.01.H01' was found.");
  EXPECT_EQ(c.Translate("Họ và tên không được để trống.", Language::kEnglish),
            "The full name must not be empty.");
  // A value that is no entry (a Vietnamese name) is kept.
  EXPECT_EQ(c.Translate("Không tìm thấy Sở Nội vụ 'a'.", Language::kEnglish),
            "No Sở Nội vụ 'a' was found.");
}

TEST(MessageCatalogTest, NestedMessagesAndTheMostSpecificTemplate) {
  const MessageCatalog c = Sample();
  EXPECT_EQ(c.Translate("Chữ ký không hợp lệ: nội dung đã bị thay đổi.", Language::kEnglish),
            "The content was changed.");
  EXPECT_EQ(c.Translate("Chữ ký không hợp lệ: Nội dung đã bị thay đổi.", Language::kEnglish),
            "The signature is not valid: The content was changed.");
  EXPECT_EQ(c.Translate("Tệp lich-2027.txt, dòng 4: Nội dung đã bị thay đổi.", Language::kEnglish),
            "File lich-2027.txt, line 4: The content was changed.");
}

TEST(MessageCatalogTest, EnglishMayReorderTheValues) {
  EXPECT_EQ(Sample().Translate("Dòng 7 của tệp a.csv.", Language::kEnglish), "File a.csv, line 7.");
}

TEST(MessageCatalogTest, UnknownMessagesStayVietnamese) {
  EXPECT_EQ(Sample().Translate("Một câu chưa có bản dịch.", Language::kEnglish),
            "Một câu chưa có bản dịch.");
  EXPECT_EQ(Sample().Translate("", Language::kEnglish), "");
}

TEST(MessageCatalogTest, TheDefaultCatalogTranslatesErrorFactories) {
  EXPECT_EQ(Localize(Error::NotFound("cơ quan", "000.00.99.H01").message(), Language::kEnglish),
            "No agency '000.00.99.H01' was found.");
  EXPECT_EQ(Localize(Error::Internal().message(), Language::kEnglish),
            "A system error occurred. Please try again later.");
  EXPECT_EQ(Localize(Error::PermissionDenied().message(), Language::kEnglish),
            "You are not allowed to do this.");
}

// ---------------------------------------------------------------------------------------------
// The catalog's data.

std::size_t CountPlaceholders(std::string_view text) {
  std::size_t n = 0;
  for (std::size_t at = text.find("{}"); at != std::string_view::npos;
       at = text.find("{}", at + 2)) {
    ++n;
  }
  return n;
}

TEST(MessageCatalogTest, EveryEntryIsWellFormed) {
  std::set<std::string_view> seen;
  for (const MessageTranslation& e : MessageCatalog::Default().entries()) {
    SCOPED_TRACE(std::string(e.vi));
    EXPECT_TRUE(seen.insert(e.vi).second) << "listed twice";
    EXPECT_FALSE(e.en.empty());
    EXPECT_EQ(e.vi.find("{}{}"), std::string_view::npos) << "adjacent placeholders";
    EXPECT_NE(e.vi, "{}") << "a template of a value alone would match anything";
    const std::size_t holes = CountPlaceholders(e.vi);
    std::size_t sequential = CountPlaceholders(e.en);
    std::size_t indexed = 0;
    for (std::size_t i = 0; i + 2 < e.en.size(); ++i) {
      if (e.en[i] == '{' && e.en[i + 1] >= '0' && e.en[i + 1] <= '9' && e.en[i + 2] == '}') {
        ++indexed;
        EXPECT_LT(static_cast<std::size_t>(e.en[i + 1] - '0'), holes);
      }
    }
    if (indexed == 0) {
      EXPECT_EQ(sequential, holes) << "the English keeps every value";
    } else {
      EXPECT_EQ(sequential, 0U) << "either {} or {N}, not both";
      EXPECT_EQ(indexed, holes) << "the English keeps every value";
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Every Vietnamese string literal of src/ is part of a catalog entry, so that an English client
// never meets a Vietnamese message a module added later. The sources are read here, as text.

struct Literal {
  std::string file;
  int line = 0;
  std::string text;
};

// The string literals of a C++ source, with adjacent literals joined ("a" "b" -> "ab"), escapes
// undone, comments skipped. Regions between the markers
//   // i18n: Vietnamese only (<why>)   ...   // i18n: end
// are skipped: text that is Vietnamese by design (a PDF report, a visible signature appearance).
std::vector<Literal> StringLiterals(const std::string& file, const std::string& text) {
  std::vector<Literal> out;
  bool joinable = false;  // only whitespace and comments since the last literal
  bool skipping = false;
  int line = 1;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      ++i;
      continue;
    }
    if (text.compare(i, 2, "//") == 0) {
      const std::size_t end = std::min(text.find('\n', i), n);
      const std::string_view comment(text.data() + i, end - i);
      if (comment.find("i18n: Vietnamese only") != std::string_view::npos) {
        skipping = true;
        joinable = false;
      } else if (comment.find("i18n: end") != std::string_view::npos) {
        skipping = false;
        joinable = false;
      }
      i = end;
      continue;
    }
    if (text.compare(i, 2, "/*") == 0) {
      const std::size_t end = text.find("*/", i + 2);
      for (std::size_t k = i; k < end; ++k) {
        line += text[k] == '\n' ? 1 : 0;
      }
      i = end + 2;
      continue;
    }
    if (c == '\'') {
      if (i > 0 && std::isalnum(static_cast<unsigned char>(text[i - 1]))) {
        ++i;  // a digit separator (1'000)
        continue;
      }
      std::size_t j = i + 1;
      while (j < n && text[j] != '\'') {
        j += text[j] == '\\' ? 2 : 1;
      }
      i = j + 1;
      joinable = false;
      continue;
    }
    if (c == '"') {
      const int start_line = line;
      std::string value;
      if (i > 0 && text[i - 1] == 'R') {  // R"delim( ... )delim"
        const std::size_t open = text.find('(', i);
        const std::string close = ")" + text.substr(i + 1, open - i - 1) + "\"";
        const std::size_t end = text.find(close, open);
        value = text.substr(open + 1, end - open - 1);
        for (char ch : value) {
          line += ch == '\n' ? 1 : 0;
        }
        i = end + close.size();
      } else {
        std::size_t j = i + 1;
        while (j < n && text[j] != '"') {
          if (text[j] == '\\' && j + 1 < n) {
            const char e = text[j + 1];
            value += e == 'n' ? '\n' : e == 't' ? '\t' : e;
            j += 2;
          } else {
            value += text[j++];
          }
        }
        i = j + 1;
      }
      if (joinable && !out.empty()) {
        out.back().text += value;
      } else if (!skipping) {
        out.push_back({file, start_line, value});
      }
      joinable = !skipping;
      continue;
    }
    if (!std::isspace(static_cast<unsigned char>(c))) {
      joinable = false;
    }
    ++i;
  }
  return out;
}

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      return false;
    }
  }
  return true;
}

// "Đăng nhập / Log in": a literal that carries its own English after " / " (route summaries,
// operator messages) needs no entry.
bool IsBilingual(std::string_view text) {
  const std::size_t slash = text.rfind(" / ");
  return slash != std::string_view::npos && IsAscii(text.substr(slash + 3));
}

fs::path SourceRoot() { return fs::path(CQDT_TESTDATA_DIR).parent_path().parent_path(); }

// Files whose Vietnamese text is not a message to translate, and why.
bool IsExcluded(const fs::path& relative) {
  const std::string s = relative.generic_string();
  return s.starts_with("app/")               // the CLI's operator output and the demo data (names)
         || s == "text/amount_in_words.cpp"  // the Vietnamese words of amounts are the output
         || s == "api/openapi.cpp"           // API documentation, written bilingually
         || s.ends_with("_test.cpp") || s.find("/testing") != std::string::npos ||
         s.find("test_support") != std::string::npos ||
         relative.filename().string().starts_with("testing_") ||
         s.starts_with("core/messages_en");  // the catalog itself
}

// Literals that are data, not messages: the "Số:" prefix that document numbers are read with, and
// the national motto's words that the registration proposal looks for on a first page
// (documents/registration_proposal.cpp).
const std::set<std::string, std::less<>> kNotMessages = {
    "Số:",      "số:",      "SỐ:",      "Số: ",    "CỘNG HÒA",
    "CỘNG HOÀ", "Cộng hòa", "Cộng hoà", "Độc lập", "ĐỘC LẬP"};

TEST(MessageCatalogTest, EveryVietnameseLiteralInTheSourcesHasAnEnglishEntry) {
  const fs::path root = SourceRoot();
  ASSERT_TRUE(fs::exists(root / "core" / "message_catalog.cpp")) << root;
  const auto& entries = MessageCatalog::Default().entries();
  std::vector<std::string> missing;
  std::size_t checked = 0;
  for (const auto& item : fs::recursive_directory_iterator(root)) {
    const fs::path& path = item.path();
    if (!item.is_regular_file() || (path.extension() != ".cpp" && path.extension() != ".hpp")) {
      continue;
    }
    const fs::path relative = fs::relative(path, root);
    if (IsExcluded(relative)) {
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    for (const Literal& literal : StringLiterals(relative.generic_string(), text.str())) {
      if (IsAscii(literal.text) || IsBilingual(literal.text) ||
          kNotMessages.count(literal.text) > 0) {
        continue;
      }
      ++checked;
      const bool covered = std::any_of(entries.begin(), entries.end(), [&](const auto& e) {
        return e.vi.find(literal.text) != std::string_view::npos;
      });
      if (!covered) {
        missing.push_back(literal.file + ":" + std::to_string(literal.line) + ": \"" +
                          literal.text + "\"");
      }
    }
  }
  EXPECT_GT(checked, 300U) << "the scan found the sources";
  std::string report;
  for (const auto& m : missing) {
    report += "\n  " + m;
  }
  EXPECT_TRUE(missing.empty())
      << "Vietnamese text without an English entry in src/core/messages_en_*.cpp (a message "
         "template with {} for each value; see core/message_catalog.hpp):"
      << report;
}

}  // namespace
}  // namespace cqdt
