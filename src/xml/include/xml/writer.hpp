// Writing XML with libxml2's text writer: UTF-8, escaped by the library, indented. For the small
// metadata documents cqdt produces (the archive package's record.xml / document.xml, issue 11);
// nothing here parses.
//
// Usage: XmlWriter w("Record"); w.Element("FileCode", ...); w.Start("To"); ...; w.End();
// std::string xml = w.Finish();  Elements are closed in order; Finish closes those still open.
// Names are the caller's constants (never user input); text is any UTF-8 (invalid sequences are
// the caller's bug: libxml2 escapes markup characters, not encodings).
//
// Thread safety: one writer per thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace cqdt::xml {

class XmlWriter {
 public:
  // Starts a document (XML declaration, UTF-8) whose root element is `root`.
  explicit XmlWriter(std::string_view root);
  ~XmlWriter();
  XmlWriter(const XmlWriter&) = delete;
  XmlWriter& operator=(const XmlWriter&) = delete;

  void Start(std::string_view name);
  void Attribute(std::string_view name, std::string_view value);
  void End();
  // <name>text</name>.
  void Element(std::string_view name, std::string_view text);
  // Closes every open element and returns the document. Call once.
  std::string Finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cqdt::xml
