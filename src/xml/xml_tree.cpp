// The read-only element tree (tree.hpp) and the Vietnamese description of a parse error.
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "xml/tree.hpp"
#include "xml_internal.hpp"

namespace cqdt::xml {
namespace internal {

std::string ParseDiagnostics::Describe() const {
  std::string reason;
  switch (error_code) {
    case XML_ERR_TAG_NAME_MISMATCH:
      reason = "thẻ đóng </" + error_str2 + "> không khớp thẻ mở <" + error_str1 + "> ở dòng " +
               std::to_string(error_int1);
      break;
    case XML_ERR_DOCUMENT_EMPTY:
    case XML_ERR_DOCUMENT_START:
      reason = "không bắt đầu bằng một phần tử (có nội dung lạ trước khai báo XML?)";
      break;
    case XML_ERR_DOCUMENT_END:
      reason = "có nội dung sau phần tử gốc";
      break;
    case XML_ERR_TAG_NOT_FINISHED:
    case XML_ERR_LTSLASH_REQUIRED:
    case XML_ERR_GT_REQUIRED:
      reason = "tài liệu bị cắt cụt, thẻ <" + error_str1 + "> chưa được đóng";
      break;
    case XML_ERR_RESERVED_XML_NAME:
      reason = "khai báo XML không nằm ở đầu tài liệu";
      break;
    case XML_ERR_INVALID_CHAR:
    case XML_ERR_INVALID_ENCODING:
      reason = "có ký tự không hợp lệ";
      break;
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
      reason = "dùng thực thể chưa khai báo";
      break;
    default:
      reason = "lỗi cú pháp";
      break;
  }
  return "Tài liệu XML không đúng cú pháp ở dòng " + std::to_string(error_line) + ": " + reason +
         ".";
}

std::string ParseDiagnostics::DescribeNamespace() const {
  if (namespace_error_code == 0) {
    return "";
  }
  if (namespace_error_code == XML_NS_ERR_UNDEFINED_NAMESPACE) {
    return "Tiền tố không gian tên '" + namespace_prefix + "' chưa được khai báo (dòng " +
           std::to_string(namespace_error_line) + ").";
  }
  return "Tài liệu XML sai quy tắc không gian tên ở dòng " + std::to_string(namespace_error_line) +
         ".";
}

}  // namespace internal

namespace {

// Copies one element (and, iteratively, its subtree) out of the libxml2 DOM. The depth is already
// bounded by ParseHardened; the walk keeps an explicit stack anyway.
void Copy(const xmlNode* source, Element& target) {
  struct Frame {
    const xmlNode* node;
    Element* element;
  };
  std::vector<Frame> stack{{source, &target}};
  while (!stack.empty()) {
    Frame f = stack.back();
    stack.pop_back();
    const xmlNode* n = f.node;
    Element& e = *f.element;
    e.local_name = reinterpret_cast<const char*>(n->name);
    if (n->ns != nullptr) {
      if (n->ns->href != nullptr) {
        e.ns = reinterpret_cast<const char*>(n->ns->href);
      }
      if (n->ns->prefix != nullptr) {
        e.prefix = reinterpret_cast<const char*>(n->ns->prefix);
      }
    } else if (const char* colon = std::strchr(e.local_name.c_str(), ':'); colon != nullptr) {
      // An undeclared prefix stays in libxml2's name ("edXML:AttachmentEncoded").
      e.prefix = e.local_name.substr(0, colon - e.local_name.c_str());
      e.local_name = std::string(colon + 1);
    }
    e.line = static_cast<int>(xmlGetLineNo(n));
    for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
      internal::XmlCharPtr value(xmlNodeGetContent(reinterpret_cast<const xmlNode*>(a)));
      std::string name = reinterpret_cast<const char*>(a->name);
      if (auto colon = name.find(':'); colon != std::string::npos) {
        name = name.substr(colon + 1);
      }
      e.attributes.emplace_back(std::move(name),
                                value ? reinterpret_cast<const char*>(value.get()) : "");
    }
    std::size_t count = 0;
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE) {
        ++count;
      } else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
                 c->content != nullptr) {
        e.text.append(reinterpret_cast<const char*>(c->content));
      }
    }
    e.children.resize(count);
    std::size_t i = 0;
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE) {
        stack.push_back({c, &e.children[i++]});
      }
    }
  }
}

}  // namespace

const Element* Element::Child(std::string_view local) const {
  for (const Element& c : children) {
    if (c.local_name == local) {
      return &c;
    }
  }
  return nullptr;
}

std::vector<const Element*> Element::Children(std::string_view local) const {
  std::vector<const Element*> out;
  for (const Element& c : children) {
    if (c.local_name == local) {
      out.push_back(&c);
    }
  }
  return out;
}

std::string Element::ChildText(std::string_view local) const {
  const Element* c = Child(local);
  return c == nullptr ? std::string() : c->text;
}

std::string Element::Attribute(std::string_view local) const {
  for (const auto& [name, value] : attributes) {
    if (name == local) {
      return value;
    }
  }
  return "";
}

Result<Tree> ParseTree(std::string_view xml, const ParseLimits& limits) {
  internal::ParseDiagnostics diagnostics;
  CQDT_ASSIGN_OR_RETURN(internal::DocPtr doc, internal::ParseHardened(xml, limits, &diagnostics));
  Tree tree;
  Copy(xmlDocGetRootElement(doc.get()), tree.root);
  tree.namespace_error = diagnostics.DescribeNamespace();
  return tree;
}

}  // namespace cqdt::xml
