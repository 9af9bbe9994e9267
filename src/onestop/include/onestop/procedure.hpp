// The procedure catalogue's model (thủ tục hành chính; ../shared/reference/mot-cua.md §3;
// decision 0017): a procedure, known by its catalogue code, and its versions, each effective
// from a date, holding every field of a published procedure record: the national code, level,
// sector, subjects, the channels each with its own deadline and fees, the required documents,
// conditions, result, legal basis, online level, the inter-agency chain and the internal process
// (quy trình nội bộ: ordered steps, each with its performer and allotted working hours).
//
// Pure: names, Vietnamese labels, validation and the sums the step editor shows. Validation
// errors name the client's JSON paths ("channels[1].deadline.amount") with Vietnamese messages.
// Unconfirmed facts stay in the data: `unconfirmed` lists the field paths a source could not
// confirm (shown as "chưa xác minh"), `sources` what was read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/result.hpp"

namespace cqdt::onestop {

using ProcedureId = StrongId<struct ProcedureIdTag>;
using ProcedureVersionId = StrongId<struct ProcedureVersionIdTag>;

// Cấp thực hiện. No district level after 1 July 2025 (mot-cua.md §3, §10).
enum class Level { kCentral, kProvince, kCommune };
// Cách thức thực hiện; the values are the national portal's channel codes (§6.2).
enum class Channel { kDirect = 1, kOnline = 2, kPostal = 3 };
// The unit of a deadline (§7): working days (most), calendar days, or working hours (short
// procedures; "0,5 ngày" is 4 working hours).
enum class DeadlineUnit { kWorkingDays, kDays, kWorkingHours };
// Mức độ dịch vụ công trực tuyến (§8).
enum class OnlineLevel { kInformation, kPartial, kFull };
enum class Subject { kCitizen, kForeigner, kBusiness, kOrganization };
// Who performs an internal step: the one-stop desk, a processing officer, a unit head, the
// agency's leader, or another agency of the inter-agency chain.
enum class Performer { kCounter, kOfficer, kUnitHead, kLeader, kOtherAgency };

const char* LevelName(Level v);  // "central", "province", "commune"
std::optional<Level> ParseLevel(std::string_view s);
std::string LevelLabel(Level v);  // "Cấp tỉnh" (Vietnamese; the message catalog has the English)
const char* ChannelName(Channel v);  // "direct", "online", "postal"
std::optional<Channel> ParseChannel(std::string_view s);
std::string ChannelLabel(Channel v);
const char* DeadlineUnitName(DeadlineUnit v);  // "working_days", "days", "working_hours"
std::optional<DeadlineUnit> ParseDeadlineUnit(std::string_view s);
std::string DeadlineUnitLabel(DeadlineUnit v);
const char* OnlineLevelName(OnlineLevel v);  // "information", "partial", "full"
std::optional<OnlineLevel> ParseOnlineLevel(std::string_view s);
std::string OnlineLevelLabel(OnlineLevel v);
const char* SubjectName(Subject v);  // "citizen", "foreigner", "business", "organization"
std::optional<Subject> ParseSubject(std::string_view s);
std::string SubjectLabel(Subject v);
const char* PerformerName(Performer v);  // "counter", "officer", "unit_head", "leader", ...
std::optional<Performer> ParsePerformer(std::string_view s);
std::string PerformerLabel(Performer v);

struct Deadline {
  double amount = 0;  // 0.5 working days is allowed; 0 = "ngay trong ngày" is written as 8 hours
  DeadlineUnit unit = DeadlineUnit::kWorkingDays;
  std::string note;
  friend bool operator==(const Deadline&, const Deadline&) = default;
};

struct Fee {
  std::string name;
  std::int64_t amount = 0;  // đồng; 0 with a note when it depends on the case or is set locally
  std::string note;
  friend bool operator==(const Fee&, const Fee&) = default;
};

struct ChannelOffer {
  Channel channel = Channel::kDirect;
  Deadline deadline;
  std::vector<Fee> fees;
  std::string description;
  friend bool operator==(const ChannelOffer&, const ChannelOffer&) = default;
};

struct RequiredDocument {
  std::string name;
  int originals = 0;
  int copies = 0;
  bool required = true;
  bool replaceable_by_data = false;  // can be replaced by data the state holds (CSDL dân cư…)
  std::string template_name;         // the form's name ("Mẫu Tờ khai…"), empty when none
  std::string template_sha256;       // the template file in the blob store, empty when none
  friend bool operator==(const RequiredDocument&, const RequiredDocument&) = default;
};

struct ChainLink {     // one agency of the inter-agency chain (liên thông)
  std::string name;    // what that agency does
  std::string agency;  // who (a kind of agency: "Công an cấp xã")
  friend bool operator==(const ChainLink&, const ChainLink&) = default;
};

struct ProcessStep {
  std::string name;
  Performer performer = Performer::kOfficer;
  double hours = 0;  // allotted working hours
  friend bool operator==(const ProcessStep&, const ProcessStep&) = default;
};

// A procedure version as written by an admin or an import (everything but identity and times).
struct ProcedureContent {
  std::string code;           // the catalogue's key: the national code, or a local code
  std::string national_code;  // mã TTHC "d.dddddd", empty when not known
  std::string name;
  std::string published_number;  // số quyết định công bố
  std::string published_date;    // YYYY-MM-DD, or empty
  Level level = Level::kCommune;
  std::string sector_code;
  std::string sector_name;
  std::vector<Subject> subjects;
  std::vector<std::string> performers;  // cơ quan thực hiện, as published
  std::vector<ChannelOffer> channels;
  std::vector<RequiredDocument> documents;
  int sets = 1;  // số bộ hồ sơ
  std::string conditions;
  std::string result_name;
  bool result_electronic = false;
  std::vector<std::string> legal_basis;
  OnlineLevel online_level = OnlineLevel::kPartial;
  std::vector<ChainLink> chain;
  std::vector<ProcessStep> process;
  // Resubmission after a supplement restarts the full deadline (true) or resumes the clock
  // (false, the common rule); mot-cua.md §6.3 marks it per procedure [L].
  bool restart_on_supplement = false;
  std::vector<std::string> unconfirmed;  // field paths a source could not confirm
  std::vector<std::string> sources;
  friend bool operator==(const ProcedureContent&, const ProcedureContent&) = default;
};

struct ProcedureVersion {
  ProcedureVersionId id;
  ProcedureId procedure_id;
  int number = 0;               // 1, 2, 3… per procedure
  std::string effective_from;   // YYYY-MM-DD
  std::string effective_to;     // YYYY-MM-DD inclusive, empty while current
  std::int64_t created_at = 0;  // Unix seconds
  std::string created_by;
  bool used = false;  // a dossier was received under it: its content no longer changes
  ProcedureContent content;
  // The agencies that perform the procedure (of every version), read with the version, in
  // ascending id order; empty when the procedure names none.
  std::vector<AgencyId> agencies;
};

// One line of the catalogue list: the version in force on the day asked about.
struct ProcedureSummary {
  ProcedureId id;
  std::string code;
  std::string national_code;
  std::string name;
  Level level = Level::kCommune;
  std::string sector_code;
  std::string sector_name;
  OnlineLevel online_level = OnlineLevel::kPartial;
  bool active = true;
  int version = 0;
  std::string effective_from;
  // The shortest deadline among the channels, for the list ("5 ngày làm việc").
  std::optional<Deadline> shortest;
  int agency_count = 0;
  bool has_unconfirmed = false;
};

// Working hours in one working day (the calendar's 08:00-12:00, 13:00-17:00).
inline constexpr double kHoursPerWorkingDay = 8;

// The deadline in working hours, for comparison with the internal process; nullopt for
// calendar days (their working hours depend on the receipt date).
std::optional<double> DeadlineWorkingHours(const Deadline& d);
// The process's allotted hours in all.
double ProcessHours(const std::vector<ProcessStep>& steps);
// "5 ngày làm việc", "0,5 ngày làm việc", "8 giờ làm việc", "30 ngày" (Vietnamese).
std::string DeadlineLabel(const Deadline& d);

// Is `code` a national procedure code "d.dddddd"?
bool IsNationalCode(std::string_view code);

// Checks and normalises (trims) a procedure's content. Paths as in the JSON:
// code (1..40 of letters, digits, '.', '-', '_', with a digit: no route word like "export"),
// nationalCode (d.dddddd or empty), name (1..1000), publishedBy.number (..100), publishedBy.date
// (YYYY-MM-DD or empty), sector.code
// (..50), sector.name (1..300), subjects (1..4, no repeat), performers (..20 of 1..300),
// channels (1..3, no channel twice; deadline.amount > 0 and ≤ 3650 for days, ≤ 2000 working
// hours; deadline.note ..1000; fees ..20 of name 1..500, amount 0..10^12 đồng, note ..1000;
// description ..2000), documents (..100 of name 1..1000, originals and copies 0..100,
// template ..500), sets (1..20), conditions (..10000), result.name (1..1000), legalBasis (..100
// of 1..1000), interAgency (..20 of name 1..500, agency 1..300), process (..50 steps, name
// 1..300, hours > 0 and ≤ 2000), unconfirmed (..200 of 1..200), sources (..100 of 1..1000).
// Returns the errors (empty when valid).
std::vector<FieldError> CheckProcedureContent(ProcedureContent& c);

// The step editor's comparison: the process total against each working-hour deadline.
struct ProcessFit {
  Channel channel = Channel::kDirect;
  double deadline_hours = 0;  // the channel's deadline in working hours
  double process_hours = 0;
  bool fits = true;
};
std::vector<ProcessFit> CheckProcessFits(const ProcedureContent& c);

}  // namespace cqdt::onestop
