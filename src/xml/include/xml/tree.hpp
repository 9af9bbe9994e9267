// A read-only element tree of an untrusted XML document, parsed under the hardened rules of
// xml.hpp (no DTD, no entities, no network, bounded size and depth), for modules that read
// structured documents whose producers vary (the edXML packages of issue 14): elements by local
// name and namespace, their text and attributes, in document order.
//
// Unlike CheckWellFormed, a refusal says where and why: "Tài liệu XML không đúng cú pháp ở dòng
// 74: thẻ <From> không được đóng đúng." Namespace errors (an undeclared prefix) do not stop the
// parse: XML 1.0 allows them, the Namespaces recommendation does not, so the tree records the
// first one and the caller decides (an edXML receiver refuses such a package).
//
// Thread safety: free functions; values are plain data.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "xml/xml.hpp"

namespace cqdt::xml {

struct Element {
  std::string local_name;  // "MessageHeader"
  std::string ns;          // namespace URI; "" when none (or its prefix was never declared)
  std::string prefix;      // as written ("edXML"), "" when unprefixed
  std::string text;        // the element's own text and CDATA children, concatenated, unchanged
  std::vector<std::pair<std::string, std::string>> attributes;  // local name, value
  std::vector<Element> children;                                // elements only, in order
  int line = 0;                                                 // where it starts (1-based)

  // The first child with this local name (any namespace), or null.
  const Element* Child(std::string_view local) const;
  // Every child with this local name (any namespace), in order.
  std::vector<const Element*> Children(std::string_view local) const;
  // The first child's text, or "" when there is none.
  std::string ChildText(std::string_view local) const;
  // The attribute's value, or "".
  std::string Attribute(std::string_view local) const;
};

struct Tree {
  Element root;
  // The first namespace error ("" when the document is namespace-well-formed), in Vietnamese with
  // its line: "Tiền tố không gian tên 'xlink' chưa được khai báo (dòng 12)."
  std::string namespace_error;
};

// Errors: Malformed (Vietnamese, with the line and the reason for a syntax error; a DOCTYPE is
// refused as in CheckWellFormed), TooLarge over limits.max_bytes.
Result<Tree> ParseTree(std::string_view xml, const ParseLimits& limits = {});

}  // namespace cqdt::xml
