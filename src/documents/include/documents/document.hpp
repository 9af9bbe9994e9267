// The document model of QLVB (issue 10, decision 0009): the values every documents use case and
// the api module share. Incoming (văn bản đến) and outgoing (văn bản đi) documents are one
// record, `Document`, with the items of Decree 30/2020 Phụ lục VI §8.1 (outgoing) and §8.2
// (incoming) as fields, plus the route (drafter, drafting unit, creator) and `version`, the
// optimistic-concurrency counter every update checks and increments.
//
// The enumerations carry a stable code (stored in the database and sent in JSON) and a
// Vietnamese label for people (English through the message catalog). Document types are the 29
// administrative types of Decree 30/2020 art. 7, kept as data in core (core/document_number.hpp)
// and referenced by their ordinal (1..29).
// Pure values and functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"

namespace cqdt::documents {

using DocumentId = StrongId<struct DocumentIdTag>;
using RegisterId = StrongId<struct RegisterIdTag>;
using RegisterEntryId = StrongId<struct RegisterEntryIdTag>;

enum class Direction { kIncoming, kOutgoing };
const char* DirectionName(Direction d);  // "incoming", "outgoing"
std::optional<Direction> ParseDirection(std::string_view name);
const char* DirectionLabel(Direction d);  // "Văn bản đến", "Văn bản đi"

// Mức độ khẩn (Decree 30/2020 art. 4, 18, 23; edXML Priority 0..3).
enum class Urgency { kNormal, kUrgent, kVeryUrgent, kExpress };
const char* UrgencyName(Urgency u);  // "normal", "urgent", "very_urgent", "express"
std::optional<Urgency> ParseUrgency(std::string_view name);
const char* UrgencyLabel(Urgency u);  // "Thường", "Khẩn", "Thượng khẩn", "Hỏa tốc"

// Độ mật (Law on Protection of State Secrets 2018). Anything but kNone is confidential: its own
// number series (Decree 30/2020 art. 15.4) and route-only access (document_access.hpp).
enum class Confidentiality { kNone, kConfidential, kSecret, kTopSecret };
const char* ConfidentialityName(Confidentiality c);  // "none", "confidential", "secret", ...
std::optional<Confidentiality> ParseConfidentiality(std::string_view name);
const char* ConfidentialityLabel(Confidentiality c);  // "Không mật", "Mật", "Tối mật", "Tuyệt mật"
inline bool IsConfidential(Confidentiality c) { return c != Confidentiality::kNone; }

// How the document travels: paper, electronic from outside (the exchange hub, e-mail), or
// internal (between agencies on this instance).
enum class Channel { kPaper, kElectronic, kInternal };
const char* ChannelName(Channel c);  // "paper", "electronic", "internal"
std::optional<Channel> ParseChannel(std::string_view name);
const char* ChannelLabel(Channel c);  // "Bản giấy", "Điện tử", "Nội bộ"

// The states of decision 0009; transitions in document_state.hpp.
enum class IncomingState { kRegistered, kSubmitted, kAssigned, kInProgress, kCompleted, kReturned };
const char* IncomingStateName(IncomingState s);  // "registered", ...
std::optional<IncomingState> ParseIncomingState(std::string_view name);
const char* IncomingStateLabel(IncomingState s);  // "Đã vào sổ", ...

enum class OutgoingState {
  kDraft,
  kInReview,
  kApproved,
  kSigned,
  kNumbered,
  kReleased,
  kRecalled,
  kReplaced
};
const char* OutgoingStateName(OutgoingState s);  // "draft", "in_review", ...
std::optional<OutgoingState> ParseOutgoingState(std::string_view name);
const char* OutgoingStateLabel(OutgoingState s);  // "Dự thảo", ...

// The state code of a document of `direction` ("registered", "draft"); false when `name` is not
// a state of that direction.
bool IsStateOf(Direction direction, std::string_view name);

// One document, incoming or outgoing. Dates are "YYYY-MM-DD" ("" when absent); times are Unix
// seconds UTC. Ids that are unset (IsSet() false) are absent.
struct Document {
  DocumentId id;
  AgencyId agency_id;  // the agency that holds the document (the issuer for outgoing)
  Direction direction = Direction::kIncoming;
  std::string state;  // IncomingStateName / OutgoingStateName of `direction`

  // Phụ lục VI §8.1/8.2 items 1-2: the work record (hồ sơ) it is filed in, and its place there
  // (issue 11 fills them).
  std::string file_organ_id;    // 1.1 OrganId (13)
  int file_catalog = 0;         // 1.2 FileCatalog: the year the record was opened; 0 when none
  std::string file_notation;    // 1.3 FileNotation (20)
  int doc_ordinal = 0;          // 2 DocOrdinal; 0 when none
  int type_ordinal = 0;         // 3 TypeName: 1..29 (core AdministrativeDocumentTypes)
  int number = 0;               // 4 CodeNumber; 0 until numbered
  std::string notation;         // 5 CodeNotation: "QĐ-UBND"
  std::string number_text;      // "05/QĐ-UBND" as printed (incoming: as typed, leading zeros kept)
  std::string issued_date;      // 6 IssuedDate
  AgencyId sender_agency_id;    // 7 OrganName of an incoming document from an agency here
  std::string sender_name;      // 7 OrganName as written (any incoming document)
  std::string subject;          // 8 Subject (trích yếu), 1..500
  std::string language = "vi";  // 9 Language
  int page_count = 0;           // 10 PageAmount; 0 when unknown
  std::string description;      // 11 Description (ghi chú)
  std::string signer_position;  // 12.1 / 14.1 Position
  std::string signer_name;      // 12.2 / 14.2 FullName
  Urgency urgency = Urgency::kNormal;                        // 14 / 15 Priority
  Confidentiality confidentiality = Confidentiality::kNone;  // 14 / 15 Priority
  int issued_amount = 0;     // 8.1 item 15 IssuedAmount (copies); 0 when unknown
  std::string due_date;      // 8.1 item 16 / 8.2 item 18 DueDate
  std::string arrival_date;  // 8.2 item 12 ArrivalDate (incoming)
  int arrival_number = 0;    // 8.2 item 13 ArrivalNumber (số đến); 0 until registered
  std::string to_places;     // 8.2 item 16 ToPlaces: the units or people it went to
  Channel channel = Channel::kPaper;

  RegisterEntryId register_entry_id;  // the entry that gave the number (đi) or arrival number
  DocumentId reply_to_id;             // the document this one answers
  DocumentId replaces_id;             // the document this one replaces
  std::string recall_reason;
  UnitId drafting_unit_id;  // outgoing: the unit that drafted it
  UserId drafter_id;        // outgoing: the officer who drafted it
  UserId created_by;        // who created the record (the clerk for incoming)
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::int64_t version = 1;  // incremented by every update (optimistic concurrency)
};

}  // namespace cqdt::documents
