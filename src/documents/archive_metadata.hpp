// The metadata files of an archive package (docs/archive-package.md): the Phụ lục VI items of a
// record (§8.3) and of each document (§8.1 outgoing, §8.2 incoming) as XML (element names as the
// appendix prints them) and as JSON (the same names), and the transfer's own description. Pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "documents/document.hpp"
#include "documents/work_record_service.hpp"

namespace cqdt::documents::archive_internal {

// One file of a document or record in the package.
struct FileRef {
  std::string role;  // FileRoleName, or "record" for a record's other file
  int version = 1;
  std::string name;  // the name it was uploaded with
  std::string content_type;
  std::string sha256;
  std::uint64_t size = 0;
  std::string path;  // in the package
};

// §8.1 item 13 To: one recipient of an outgoing document.
struct RecipientRef {
  std::string organ_id;  // its code (empty for a recipient outside the directory)
  std::string organ_name;
};

// §8.2 item 17 TraceHeaderList: one line of an incoming document's distribution, instructions and
// processing status (its timeline).
struct TraceLine {
  std::string at;      // ISO 8601, Vietnam time
  std::string by;      // the person's name
  std::string code;    // the timeline's action code, "documents.assigned"
  std::string detail;  // as the timeline says it, in Vietnamese
};

// The Vietnamese label of a timeline action ("documents.assigned" -> "Giao xử lý"); "Cập nhật"
// for any other.
const char* TraceActionLabel(std::string_view code);

struct DocumentMeta {
  Document document;
  std::string organ_name;  // item 7 OrganName: the issuer (outgoing: the agency itself)
  std::string type_name;   // item 3 TypeName
  std::vector<RecipientRef> recipients;  // outgoing: §8.1 item 13
  std::vector<TraceLine> trace;          // incoming: §8.2 item 17
  std::vector<FileRef> files;
};

struct TransferMeta {
  std::string organ_id;  // the agency's code
  std::string organ_name;
  std::string created_at;  // ISO 8601, Vietnam time
  std::string created_by;
  std::vector<const WorkRecord*> records;
};

std::string RecordXml(const WorkRecord& r, const std::vector<FileRef>& files);
std::string RecordJson(const WorkRecord& r, const std::vector<FileRef>& files);
std::string DocumentXml(const DocumentMeta& d);
std::string DocumentJson(const DocumentMeta& d);
std::string TransferXml(const TransferMeta& t);
std::string TransferJson(const TransferMeta& t);

// "05/QĐ-UBND" -> {"05", "QĐ-UBND"}: items 4 CodeNumber and 5 CodeNotation as printed.
std::pair<std::string, std::string> SplitNumberText(const std::string& number_text);

}  // namespace cqdt::documents::archive_internal
