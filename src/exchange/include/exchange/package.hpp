// The edXML package of QCVN 102:2016 (shared reference edxml.md §2, §7): a document package
// (văn bản điện tử with its attachments) or a STATUS package (gói tin trạng thái), as plain values.
// What the parser (inspect.hpp) reads and the builder (build.hpp) writes; element names in
// comments. Texts are UTF-8 as they travel; dates "yyyy/MM/dd" and timestamps
// "yyyy/MM/dd HH:mm:ss" (Vietnam time), as the standard writes them.
// Pure values; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace cqdt::exchange {

// "2025/03/05 14:02:37": an instant in Vietnam time (UTC+7), as edXML writes timestamps.
std::string EdxmlTimestamp(TimePoint t);
// "2025/03/05": its date in Vietnam.
std::string EdxmlDate(TimePoint t);

// The standard namespace: the only one cqdt writes.
inline constexpr std::string_view kQcvnNamespace = "http://www.mic.gov.vn/TBT/QCVN_102_2016";
// Namespaces other systems send, read leniently (edxml.md §1; FINDINGS of the corpus).
inline constexpr std::string_view kEdocNamespace = "http://www.e-doc.vn/Schema/";
inline constexpr std::string_view kGoEdocNamespace = "http://www.go.vn/eDoc";
inline constexpr std::string_view kInetNamespace = "http://www.inetcloud.vn/ns/edxml";

// From / To / a STATUS's From (edxml.md §2.1).
struct Organization {
  std::string organ_id;                // OrganId (mã định danh)
  std::string organization_in_charge;  // OrganizationInCharge
  std::string organ_name;              // OrganName
  std::string organ_add;               // OrganAdd
  std::string email, telephone, fax, website;
};

// ResponseFor: the earlier document this one answers, or a STATUS's subject.
struct ResponseFor {
  std::string organ_id;           // the issuer of that document
  std::string code;               // "số/ký hiệu", e.g. "267/VPCP-TTĐT"
  std::string promulgation_date;  // yyyy/MM/dd
  std::string document_id;        // its DocumentId (edxml.md §4)
};

struct StaffInfo {
  std::string department, staff, email, mobile;
};

// Bussiness/BussinessDocType (edxml.md §3.4).
enum class BusinessType { kNew = 0, kRevoke = 1, kUpdate = 2, kReplace = 3 };
const char* BusinessTypeLabel(BusinessType t);  // "Văn bản mới", "Thu hồi", ...
const char* BusinessTypeName(BusinessType t);   // "new", "revoke", "update", "replace"

struct ReceiverChange {  // ReceiverList/Receiver
  std::string organ_id;
  int receiver_type = 1;  // 0 removed, 1 added
};

struct ReplacementInfo {               // ReplacementInfoList/ReplacementInfo
  std::string document_id;             // the replaced document
  std::vector<std::string> organ_ids;  // at which recipients (OrganIdList/OrganId)
};

struct Business {
  std::string document_id;  // the target of a revoke / update / replace
  BusinessType type = BusinessType::kNew;
  std::string reason;  // BussinessDocReason
  int paper = 0;       // 1: a paper copy is sent too
  std::optional<StaffInfo> staff;
  // BussinessDocumentInfo (update only).
  bool document_info_changed = false;
  bool receivers_changed = false;
  std::vector<ReceiverChange> receivers;
  std::vector<ReplacementInfo> replacements;  // replace only
};

struct TraceHeader {
  std::string organ_id;
  std::string timestamp;  // yyyy/MM/dd HH:mm:ss
};

// One attachment: the manifest Reference and the AttachmentEncoded payload joined by ContentId,
// decoded, and unzipped when the receiver's rule of edxml.md §5 says so.
struct Attachment {
  std::string content_id;    // without "cid:"
  std::string name;          // AttachmentName: the file name with its extension
  std::string description;   // Description
  std::string content_type;  // ContentType as declared (the manifest's when both exist)
  std::string bytes;         // the file itself
  // Reading: true when the payload was a single-entry ZIP taken apart (edxml.md §5 rule 4).
  // Building: ignored (the builder zips what the rule says).
  bool unzipped = false;
  std::uint64_t transfer_size = 0;  // bytes of the decoded payload, before any unzip (reading)
};

// A document package's header (MessageHeader) and trace (TraceHeaderList).
struct DocumentHeader {
  Organization from;
  std::vector<Organization> to;
  std::string document_id;
  std::string code_number, code_notation;
  std::string place;
  std::string promulgation_date;  // yyyy/MM/dd
  int type = 2;                   // DocumentType/Type: 1 VBQPPL, 2 hành chính
  std::optional<int> type_detail;
  std::string type_name;  // "Công văn"
  std::string subject, content;
  std::string competence, position, full_name;  // SignerInfo
  std::string due_date;                         // yyyy/MM/dd or ""
  std::vector<std::string> to_places;           // ToPlaces/Place
  int priority = 0;                             // OtherInfo/Priority 0..4
  std::string sphere_of_promulgation, typer_notation;
  std::optional<int> promulgation_amount, page_amount;
  bool direction = false;
  std::vector<std::string> appendixes;
  std::vector<ResponseFor> response_for;
  int steering_type = 0;
  std::vector<TraceHeader> traces;
  Business business;
};

struct DocumentPackage {
  DocumentHeader header;
  std::vector<Attachment> attachments;
};

// The STATUS codes of edxml.md §7.2 ("01".."06", "13", "15", "16").
bool IsKnownStatusCode(std::string_view code);
// "Đã đến", "Từ chối tiếp nhận", ...; "" for an unknown code.
const char* StatusCodeLabel(std::string_view code);

struct StatusPackage {
  Organization from;
  ResponseFor response_for;
  std::optional<StaffInfo> staff;
  std::string status_code;  // two digits
  std::string description;
  std::string timestamp;  // yyyy/MM/dd HH:mm:ss
};

}  // namespace cqdt::exchange
