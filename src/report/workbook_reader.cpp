#include "report/workbook_reader.hpp"

#include <zip.h>

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include <libxml/xmlreader.h>

namespace cqdt::report {

namespace {

Error Bad() { return Error::Malformed("Tệp Excel (.xlsx) bị hỏng hoặc không đúng định dạng."); }

// The archive, opened over the caller's bytes (not copied).
class Archive {
 public:
  static Result<std::unique_ptr<Archive>> Open(std::string_view bytes) {
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
    if (src == nullptr) {
      return Bad();
    }
    zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
    if (z == nullptr) {
      zip_source_free(src);
      return Bad();
    }
    return std::unique_ptr<Archive>(new Archive(z));
  }
  ~Archive() { zip_discard(zip_); }

  // The part's bytes; nullopt when absent.
  Result<std::optional<std::string>> Read(const std::string& name, std::size_t max_bytes) {
    zip_stat_t st;
    if (zip_stat(zip_, name.c_str(), 0, &st) != 0) {
      return std::optional<std::string>();
    }
    if ((st.valid & ZIP_STAT_SIZE) == 0) {
      return Bad();
    }
    if (st.size > max_bytes) {
      return Error::TooLarge("Một phần của tệp Excel quá lớn để đọc.");
    }
    zip_file_t* f = zip_fopen(zip_, name.c_str(), 0);
    if (f == nullptr) {
      return Bad();
    }
    std::string out(st.size, '\0');
    const zip_int64_t n = zip_fread(f, out.data(), out.size());
    zip_fclose(f);
    if (n < 0 || static_cast<std::uint64_t>(n) != st.size) {
      return Bad();
    }
    return std::optional<std::string>(std::move(out));
  }

 private:
  explicit Archive(zip_t* z) : zip_(z) {}
  zip_t* zip_;
};

// One streaming pass over an XML part: `on_node` sees each node (type, local name, depth);
// attributes are read through the reader. A DOCTYPE is refused.
class Reader {
 public:
  explicit Reader(const std::string& xml)
      : r_(xmlReaderForMemory(xml.data(), static_cast<int>(xml.size()), nullptr, "UTF-8",
                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)) {}
  ~Reader() {
    if (r_ != nullptr) {
      xmlFreeTextReader(r_);
    }
  }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // Returns 1 on a node, 0 at the end, an error for bad XML.
  Result<bool> Next() {
    if (r_ == nullptr) {
      return Bad();
    }
    const int r = xmlTextReaderRead(r_);
    if (r < 0) {
      return Bad();
    }
    if (r == 1 && Type() == XML_READER_TYPE_DOCUMENT_TYPE) {
      return Error::Malformed("Tệp Excel có khai báo DOCTYPE, không được chấp nhận.");
    }
    return r == 1;
  }
  int Type() const { return xmlTextReaderNodeType(r_); }
  std::string_view Local() const {
    const auto* n = reinterpret_cast<const char*>(xmlTextReaderConstLocalName(r_));
    return n != nullptr ? n : "";
  }
  bool IsEmpty() const { return xmlTextReaderIsEmptyElement(r_) != 0; }
  std::string Attribute(const char* name) const {
    xmlChar* v = xmlTextReaderGetAttribute(r_, reinterpret_cast<const xmlChar*>(name));
    if (v == nullptr) {
      return "";
    }
    std::string out(reinterpret_cast<const char*>(v));
    xmlFree(v);
    return out;
  }
  // An attribute in any namespace by local name (r:id).
  std::string AttributeLocal(std::string_view local) const {
    std::string out;
    if (xmlTextReaderMoveToFirstAttribute(r_) == 1) {
      do {
        const auto* n = reinterpret_cast<const char*>(xmlTextReaderConstLocalName(r_));
        if (n != nullptr && local == n) {
          const auto* v = reinterpret_cast<const char*>(xmlTextReaderConstValue(r_));
          out = v != nullptr ? v : "";
        }
      } while (xmlTextReaderMoveToNextAttribute(r_) == 1);
      xmlTextReaderMoveToElement(r_);
    }
    return out;
  }
  std::string_view Value() const {
    const auto* v = reinterpret_cast<const char*>(xmlTextReaderConstValue(r_));
    return v != nullptr ? v : "";
  }

 private:
  xmlTextReaderPtr r_;
};

bool IsText(int type) {
  return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
         type == XML_READER_TYPE_CDATA;
}

// "xl/sharedStrings.xml": each <si> is one string, the text of its <t> (plain or in runs <r>).
Result<std::vector<std::string>> SharedStrings(const std::string& xml, const ReadLimits& limits) {
  std::vector<std::string> out;
  Reader r(xml);
  bool in_si = false, in_t = false, in_rph = false;
  std::string current;
  while (true) {
    CQDT_ASSIGN_OR_RETURN(bool more, r.Next());
    if (!more) {
      break;
    }
    const int type = r.Type();
    const std::string_view name = r.Local();
    if (type == XML_READER_TYPE_ELEMENT) {
      if (name == "si") {
        in_si = true;
        current.clear();
        if (r.IsEmpty()) {
          out.emplace_back();
          in_si = false;
        }
      } else if (name == "t" && in_si && !in_rph) {
        in_t = !r.IsEmpty();
      } else if (name == "rPh") {  // phonetic runs are not the text
        in_rph = !r.IsEmpty();
      }
    } else if (type == XML_READER_TYPE_END_ELEMENT) {
      if (name == "si") {
        out.push_back(std::move(current));
        current.clear();
        in_si = false;
        if (out.size() > limits.max_rows * limits.max_columns) {
          return Error::TooLarge("Tệp Excel có quá nhiều chuỗi ký tự.");
        }
      } else if (name == "t") {
        in_t = false;
      } else if (name == "rPh") {
        in_rph = false;
      }
    } else if (IsText(type) && in_t) {
      current += r.Value();
      if (current.size() > limits.max_cell_bytes) {
        return Error::TooLarge("Một ô của tệp Excel quá dài.");
      }
    }
  }
  return out;
}

// "B12" -> column 1 (0-based); nullopt when it is not a cell reference.
std::optional<std::size_t> ColumnOf(std::string_view ref) {
  std::size_t col = 0, i = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') {
    col = col * 26 + static_cast<std::size_t>(ref[i] - 'A' + 1);
    if (col > 16384) {
      return std::nullopt;
    }
    ++i;
  }
  if (i == 0) {
    return std::nullopt;
  }
  return col - 1;
}

std::optional<std::size_t> RowOf(std::string_view ref) {
  std::size_t i = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z') {
    ++i;
  }
  std::size_t row = 0;
  if (i == ref.size()) {
    return std::nullopt;
  }
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9') {
      return std::nullopt;
    }
    row = row * 10 + static_cast<std::size_t>(ref[i] - '0');
    if (row > 1048576) {
      return std::nullopt;
    }
  }
  return row == 0 ? std::nullopt : std::optional<std::size_t>(row - 1);
}

Result<ReadSheet> Sheet(const std::string& name, const std::string& xml,
                        const std::vector<std::string>& shared, const ReadLimits& limits) {
  ReadSheet sheet;
  sheet.name = name;
  Reader r(xml);
  std::size_t row = 0, next_row = 0, col = 0, next_col = 0;
  std::string type, value;
  bool in_cell = false, in_value = false, in_inline = false, in_row = false;
  auto store = [&]() -> Status {
    std::string text;
    if (type == "s") {
      char* end = nullptr;
      const unsigned long long index = std::strtoull(value.c_str(), &end, 10);
      if (value.empty() || end == nullptr || *end != '\0' || index >= shared.size()) {
        return Bad();
      }
      text = shared[index];
    } else {
      text = value;  // n, str, inlineStr, b ("1"/"0"), e (the error's text)
    }
    if (text.empty()) {
      return Ok();
    }
    if (row >= limits.max_rows || col >= limits.max_columns) {
      return Error::TooLarge("Bảng tính có quá nhiều dòng hoặc cột.");
    }
    if (sheet.rows.size() <= row) {
      sheet.rows.resize(row + 1);
    }
    auto& cells = sheet.rows[row];
    if (cells.size() <= col) {
      cells.resize(col + 1);
    }
    cells[col] = std::move(text);
    return Ok();
  };
  while (true) {
    CQDT_ASSIGN_OR_RETURN(bool more, r.Next());
    if (!more) {
      break;
    }
    const int node = r.Type();
    const std::string_view local = r.Local();
    if (node == XML_READER_TYPE_ELEMENT) {
      if (local == "row") {
        const std::string ref = r.Attribute("r");
        row = next_row;
        if (!ref.empty()) {
          char* end = nullptr;
          const unsigned long long n = std::strtoull(ref.c_str(), &end, 10);
          if (n == 0 || end == nullptr || *end != '\0' || n > 1048576) {
            return Bad();
          }
          row = static_cast<std::size_t>(n - 1);
        }
        next_row = row + 1;
        next_col = 0;
        in_row = !r.IsEmpty();
      } else if (local == "c" && in_row) {
        const std::string ref = r.Attribute("r");
        col = next_col;
        if (!ref.empty()) {
          auto c = ColumnOf(ref);
          auto rr = RowOf(ref);
          if (!c || !rr || *rr != row) {
            return Bad();
          }
          col = *c;
        }
        next_col = col + 1;
        type = r.Attribute("t");
        value.clear();
        in_cell = !r.IsEmpty();
      } else if (in_cell && (local == "v" || (local == "t" && in_inline))) {
        in_value = !r.IsEmpty();
      } else if (in_cell && local == "is") {
        in_inline = !r.IsEmpty();
      }
    } else if (node == XML_READER_TYPE_END_ELEMENT) {
      if (local == "c" && in_cell) {
        CQDT_RETURN_IF_ERROR(store());
        in_cell = in_value = in_inline = false;
      } else if (local == "v" || local == "t") {
        in_value = false;
      } else if (local == "is") {
        in_inline = false;
      } else if (local == "row") {
        in_row = false;
      }
    } else if (IsText(node) && in_value) {
      value += r.Value();
      if (value.size() > limits.max_cell_bytes) {
        return Error::TooLarge("Một ô của tệp Excel quá dài.");
      }
    }
  }
  return sheet;
}

// "worksheets/sheet1.xml" relative to xl/, or "/xl/worksheets/sheet1.xml" absolute.
std::string PartPath(const std::string& target) {
  if (!target.empty() && target.front() == '/') {
    return target.substr(1);
  }
  return "xl/" + target;
}

}  // namespace

Result<std::vector<ReadSheet>> ReadWorkbook(std::string_view xlsx, const ReadLimits& limits) {
  CQDT_ASSIGN_OR_RETURN(auto archive, Archive::Open(xlsx));
  CQDT_ASSIGN_OR_RETURN(auto workbook, archive->Read("xl/workbook.xml", limits.max_part_bytes));
  CQDT_ASSIGN_OR_RETURN(auto rels,
                        archive->Read("xl/_rels/workbook.xml.rels", limits.max_part_bytes));
  if (!workbook || !rels) {
    return Bad();
  }
  // Relationship id -> target part.
  std::map<std::string, std::string> targets;
  {
    Reader r(*rels);
    while (true) {
      CQDT_ASSIGN_OR_RETURN(bool more, r.Next());
      if (!more) {
        break;
      }
      if (r.Type() == XML_READER_TYPE_ELEMENT && r.Local() == "Relationship") {
        targets[r.Attribute("Id")] = r.Attribute("Target");
      }
    }
  }
  std::vector<std::pair<std::string, std::string>> sheets;  // name, part
  {
    Reader r(*workbook);
    while (true) {
      CQDT_ASSIGN_OR_RETURN(bool more, r.Next());
      if (!more) {
        break;
      }
      if (r.Type() == XML_READER_TYPE_ELEMENT && r.Local() == "sheet") {
        auto it = targets.find(r.AttributeLocal("id"));
        if (it == targets.end()) {
          return Bad();
        }
        sheets.emplace_back(r.Attribute("name"), PartPath(it->second));
        if (sheets.size() > limits.max_sheets) {
          return Error::TooLarge("Tệp Excel có quá nhiều trang tính.");
        }
      }
    }
  }
  std::vector<std::string> shared;
  CQDT_ASSIGN_OR_RETURN(auto shared_xml,
                        archive->Read("xl/sharedStrings.xml", limits.max_part_bytes));
  if (shared_xml) {
    CQDT_ASSIGN_OR_RETURN(shared, SharedStrings(*shared_xml, limits));
  }
  std::vector<ReadSheet> out;
  for (const auto& [name, part] : sheets) {
    CQDT_ASSIGN_OR_RETURN(auto xml, archive->Read(part, limits.max_part_bytes));
    if (!xml) {
      return Bad();
    }
    CQDT_ASSIGN_OR_RETURN(ReadSheet sheet, Sheet(name, *xml, shared, limits));
    out.push_back(std::move(sheet));
  }
  return out;
}

}  // namespace cqdt::report
