// XmlWriter over xmlTextWriter (libxml2) writing to a memory buffer.
#include <stdexcept>

#include <libxml/xmlwriter.h>

#include "xml/writer.hpp"

namespace cqdt::xml {
namespace {

const xmlChar* X(const std::string& s) { return reinterpret_cast<const xmlChar*>(s.c_str()); }

void Check(int rc) {
  // Only an allocation failure makes the writer fail on a memory buffer: an infrastructure
  // fault, not an expected error.
  if (rc < 0) {
    throw std::runtime_error("xmlTextWriter failed");
  }
}

}  // namespace

struct XmlWriter::Impl {
  xmlBufferPtr buffer = nullptr;
  xmlTextWriterPtr writer = nullptr;
  ~Impl() {
    if (writer != nullptr) {
      xmlFreeTextWriter(writer);
    }
    if (buffer != nullptr) {
      xmlBufferFree(buffer);
    }
  }
};

XmlWriter::XmlWriter(std::string_view root) : impl_(std::make_unique<Impl>()) {
  impl_->buffer = xmlBufferCreate();
  if (impl_->buffer == nullptr) {
    throw std::runtime_error("xmlBufferCreate failed");
  }
  impl_->writer = xmlNewTextWriterMemory(impl_->buffer, 0);
  if (impl_->writer == nullptr) {
    throw std::runtime_error("xmlNewTextWriterMemory failed");
  }
  Check(xmlTextWriterSetIndent(impl_->writer, 1));
  Check(xmlTextWriterSetIndentString(impl_->writer, reinterpret_cast<const xmlChar*>("  ")));
  Check(xmlTextWriterStartDocument(impl_->writer, "1.0", "UTF-8", nullptr));
  Start(root);
}

XmlWriter::~XmlWriter() = default;

void XmlWriter::Start(std::string_view name) {
  Check(xmlTextWriterStartElement(impl_->writer, X(std::string(name))));
}

void XmlWriter::Attribute(std::string_view name, std::string_view value) {
  Check(xmlTextWriterWriteAttribute(impl_->writer, X(std::string(name)), X(std::string(value))));
}

void XmlWriter::End() { Check(xmlTextWriterEndElement(impl_->writer)); }

void XmlWriter::Element(std::string_view name, std::string_view text) {
  Check(xmlTextWriterWriteElement(impl_->writer, X(std::string(name)), X(std::string(text))));
}

std::string XmlWriter::Finish() {
  Check(xmlTextWriterEndDocument(impl_->writer));
  xmlFreeTextWriter(impl_->writer);
  impl_->writer = nullptr;
  return std::string(reinterpret_cast<const char*>(xmlBufferContent(impl_->buffer)),
                     static_cast<std::size_t>(xmlBufferLength(impl_->buffer)));
}

}  // namespace cqdt::xml
