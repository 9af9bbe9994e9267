// The formats a template file may have, told by content (procedure_templates.hpp).
#include "onestop/procedure_templates.hpp"

#include <gtest/gtest.h>

namespace cqdt::onestop {
namespace {

TEST(TemplateFormatTest, PdfWordAndOpenDocumentByContent) {
  EXPECT_EQ(TemplateFormat("%PDF-1.7\n...")->first, ".pdf");
  EXPECT_EQ(TemplateFormat(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", 12))->first, ".doc");
  std::string odt = std::string("PK\x03\x04", 4) + std::string(26, '\0') + "mimetype" +
                    "application/vnd.oasis.opendocument.text";
  EXPECT_EQ(TemplateFormat(odt)->first, ".odt");
  std::string docx = std::string("PK\x03\x04", 4) + std::string(26, '\0') + "[Content_Types].xml" +
                     "word/document.xml";
  EXPECT_EQ(TemplateFormat(docx)->first, ".docx");
}

TEST(TemplateFormatTest, AnythingElseIsRefused) {
  EXPECT_FALSE(TemplateFormat(""));
  EXPECT_FALSE(TemplateFormat("\x89PNG\r\n\x1a\n"));
  EXPECT_FALSE(TemplateFormat(std::string("PK\x03\x04", 4) + "xl/workbook.xml"));
}

}  // namespace
}  // namespace cqdt::onestop
