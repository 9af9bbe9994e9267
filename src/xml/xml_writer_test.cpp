// XmlWriter: UTF-8 text kept, markup escaped, the result well-formed under the hardened parser.
#include <gtest/gtest.h>

#include "xml/writer.hpp"
#include "xml/xml.hpp"

namespace cqdt::xml {
namespace {

TEST(XmlWriterTest, KeepsVietnameseEscapesMarkupAndIsWellFormed) {
  XmlWriter w("Record");
  w.Start("FileCode");
  w.Element("OrganId", "000.00.01.H01");
  w.End();
  w.Element("Title", "Hồ sơ \"hội nghị\" <tổng kết> & khen thưởng");
  w.Start("Files");
  w.Attribute("count", "0");
  const std::string xml = w.Finish();
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", 0), 0U) << xml;
  EXPECT_NE(
      xml.find("<Title>Hồ sơ &quot;hội nghị&quot; &lt;tổng kết&gt; &amp; khen thưởng</Title>"),
      std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<OrganId>000.00.01.H01</OrganId>"), std::string::npos);
  EXPECT_NE(xml.find("<Files count=\"0\"/>"), std::string::npos) << xml;
  EXPECT_TRUE(CheckWellFormed(xml));
}

}  // namespace
}  // namespace cqdt::xml
