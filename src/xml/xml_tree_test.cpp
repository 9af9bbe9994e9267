#include <gtest/gtest.h>

#include "xml/tree.hpp"

namespace cqdt::xml {
namespace {

TEST(XmlTreeTest, ReadsElementsByLocalNameInEveryNamespace) {
  auto tree = ParseTree(
      "<?xml version=\"1.0\"?>\n<edXML xmlns=\"urn:a\"><e:Header xmlns:e=\"urn:a\" id=\"1\">"
      "<e:From>x<![CDATA[<y>]]></e:From><To>1</To><To>2</To></e:Header></edXML>");
  ASSERT_TRUE(tree.has_value()) << tree.error().message();
  EXPECT_EQ(tree->root.local_name, "edXML");
  EXPECT_EQ(tree->root.ns, "urn:a");
  const Element* header = tree->root.Child("Header");
  ASSERT_NE(header, nullptr);
  EXPECT_EQ(header->prefix, "e");
  EXPECT_EQ(header->Attribute("id"), "1");
  EXPECT_EQ(header->ChildText("From"), "x<y>");
  EXPECT_EQ(header->Children("To").size(), 2u);
  EXPECT_EQ(header->line, 2);
  EXPECT_TRUE(tree->namespace_error.empty());
}

TEST(XmlTreeTest, NamesTheLineAndTagOfAMismatch) {
  auto tree = ParseTree("<a>\n<b>\n<c></b>\n</a>");
  ASSERT_FALSE(tree.has_value());
  EXPECT_EQ(tree.error().message(),
            "Tài liệu XML không đúng cú pháp ở dòng 3: thẻ đóng </b> không khớp thẻ mở <c> ở "
            "dòng 3.");
}

TEST(XmlTreeTest, NamesTextBeforeTheDeclaration) {
  auto tree = ParseTree("1212<?xml version=\"1.0\"?><a/>");
  ASSERT_FALSE(tree.has_value());
  EXPECT_NE(tree.error().message().find("dòng 1: không bắt đầu bằng một phần tử"),
            std::string::npos)
      << tree.error().message();
}

TEST(XmlTreeTest, KeepsAnUndeclaredPrefixAndReportsIt) {
  auto tree = ParseTree("<a xmlns=\"urn:a\">\n<b x:href=\"\"/>\n<edXML:C>t</edXML:C></a>");
  ASSERT_TRUE(tree.has_value()) << tree.error().message();
  EXPECT_EQ(tree->namespace_error, "Tiền tố không gian tên 'x' chưa được khai báo (dòng 2).");
  const Element* c = tree->root.Child("C");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->prefix, "edXML");
  EXPECT_EQ(c->text, "t");
}

TEST(XmlTreeTest, RefusesADoctype) {
  auto tree = ParseTree("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>");
  ASSERT_FALSE(tree.has_value());
  EXPECT_EQ(tree.error().code(), ErrorCode::kMalformed);
}

TEST(XmlTreeTest, RefusesTruncatedInput) {
  auto tree = ParseTree("<a><b>text");
  ASSERT_FALSE(tree.has_value());
  EXPECT_NE(tree.error().message().find("dòng 1"), std::string::npos) << tree.error().message();
}

}  // namespace
}  // namespace cqdt::xml
