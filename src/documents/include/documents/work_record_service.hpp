// Work records (hồ sơ công việc; Decree 30/2020 art. 28-31, Phụ lục VI §8.3; issue 11, item 1).
// A staff member opens the record of a file-plan item (one record per item: its notation is the
// record's FileNotation, the year its FileCatalog, the agency's code its OrganId), attaches the
// incoming and outgoing documents of the matter (each document in at most one record: its
// Phụ lục VI items 1-2 — OrganId, FileCatalog, FileNotation, DocOrdinal — are set on it, and
// cleared when it is taken out) and other files, and closes it with the §8.3 items completed:
// title, retention (from the plan, kept on the record), rights (chế độ sử dụng), creator,
// language, description, and, computed at the close from what it holds, the start and end dates
// (the earliest and latest document date), DocTotal and PageTotal. A closed record is
// read-only (kFailedPrecondition). A closed record whose retention has passed — counted in whole
// years from the 1st of January after its end date (Law on Archives 2011, art. 2) — is listed
// for appraisal; a leader records the decision (extend by N years, or destroy with the decision's
// number and date). Nothing is deleted: a destroyed record keeps its metadata and its decision.
//
// Permissions: staff of the agency open records. A record is seen by its creator, the plan
// item's responsible person, and the agency's leaders and clerks; anyone else gets kNotFound. It
// is changed (attach, remove, close) by its creator, the responsible person or a clerk
// (kPermissionDenied for a leader who only sees it); a document is attached only by someone who
// may see it (kNotFound otherwise). Appraisal is for leaders. The documents of a record the caller
// may not see are listed without their subject (`hidden`).
// Validation errors name the client fields: planItemId, title (1..500), description (..500),
// language (1..50), rights (public, restricted, confidential), documentId (kConflict when already
// in a record), fileId (the caller's own unattached upload of the agency), version, decision
// (extend, destroy), decisionNumber (1..50), decisionDate (YYYY-MM-DD), reason (1..1000),
// extendYears (1..100).
// Every method runs in the caller's transaction (writes: Database::Begin()). Thread safety:
// stateless beyond its collaborators.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_log.hpp"
#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/document.hpp"
#include "documents/document_files.hpp"
#include "documents/file_plan_service.hpp"
#include "identity/identity_service.hpp"
#include "identity/principal.hpp"
#include "org/agency_service.hpp"

namespace cqdt::documents {

// kTransferred: handed to the archive (nộp lưu, archive_service.hpp); read-only like closed.
enum class RecordState { kOpen, kClosed, kDestroyed, kTransferred };
const char* RecordStateName(RecordState s);  // "open", "closed", "destroyed", "transferred"
std::optional<RecordState> ParseRecordState(std::string_view name);
const char* RecordStateLabel(RecordState s);  // "Đang lập", "Đã đóng", "Đã hủy", "Đã nộp lưu"

// Chế độ sử dụng (Phụ lục VI §8.3 Rights).
enum class RecordRights { kPublic, kRestricted, kConfidential };
const char* RecordRightsName(RecordRights r);  // "public", "restricted", "confidential"
std::optional<RecordRights> ParseRecordRights(std::string_view name);
const char* RecordRightsLabel(RecordRights r);  // "Công khai", "Hạn chế sử dụng", "Mật"

enum class AppraisalDecision { kExtend, kDestroy };
const char* AppraisalDecisionName(AppraisalDecision d);  // "extend", "destroy"
std::optional<AppraisalDecision> ParseAppraisalDecision(std::string_view name);
const char* AppraisalDecisionLabel(AppraisalDecision d);  // "Kéo dài thời hạn", "Hủy"

struct RecordDocument {
  DocumentId document_id;
  int ordinal = 0;  // DocOrdinal: its place in the record, from 1
  Direction direction = Direction::kIncoming;
  std::string number_text;
  std::string date;  // the issue date, or the arrival date when none
  std::string subject;
  int page_count = 0;
  bool hidden = false;  // the caller may not see it: subject and number are blank
  std::int64_t attached_at = 0;
  std::string attached_by_name;
};

struct RecordFile {
  FileId file_id;
  std::string name;
  std::string content_type;
  std::int64_t size = 0;
  int pages = 0;
  std::int64_t attached_at = 0;
  std::string attached_by_name;
};

struct Appraisal {
  AppraisalDecision decision = AppraisalDecision::kExtend;
  std::string decision_number;
  std::string decision_date;
  std::string reason;
  std::optional<int> extend_years;
  std::string decided_by_name;
  std::int64_t decided_at = 0;
};

struct WorkRecord {
  WorkRecordId id;
  AgencyId agency_id;
  PlanItemId plan_item_id;
  std::string organ_id;                // §8.3 FileCode.OrganId: the agency's code at opening
  int file_catalog = 0;                // FileCode.FileCatalog: the year
  std::string notation;                // FileCode.FileNotation
  std::string title;                   // Title (500)
  std::optional<int> retention_years;  // Maintenance; empty: permanent
  RecordRights rights = RecordRights::kPublic;
  UserId creator_id;  // Creator
  std::string creator_name;
  std::string language = "Tiếng Việt";
  std::string start_date;  // StartDate, EndDate: set at the close
  std::string end_date;
  int doc_total = 0;  // DocTotal, PageTotal: kept current while open
  int page_total = 0;
  std::string description;
  RecordState state = RecordState::kOpen;
  std::string unit_name;
  UserId responsible_id;
  std::int64_t opened_at = 0;
  std::int64_t closed_at = 0;  // 0 while open
  std::int64_t version = 1;
  bool appraisal_due = false;  // closed, not permanent, and its retention has passed today

  // Filled by Get only.
  std::vector<RecordDocument> documents;
  std::vector<RecordFile> files;
  std::vector<Appraisal> appraisals;
  bool can_edit = false;      // open, and the caller may change it
  bool can_appraise = false;  // the caller is a leader of the agency

  // Mã hồ sơ: OrganId "." FileCatalog "." FileNotation.
  std::string FileCode() const;
};

struct OpenRecordInput {
  PlanItemId plan_item_id;
  std::string title;  // "" = the plan item's
  std::string description;
  std::string language;  // "" = "Tiếng Việt"
  std::string rights;    // "" = public
};

struct CloseRecordInput {
  std::string title;
  std::string description;
  std::string language;
  std::string rights;
  std::int64_t version = 0;
};

struct RecordFilter {
  int year = 0;       // 0 = any
  std::string state;  // "" = any
  bool mine = false;  // only records the caller created or is responsible for
};

struct AppraisalInput {
  std::string decision;
  std::string decision_number;
  std::string decision_date;
  std::string reason;
  std::optional<int> extend_years;
};

class WorkRecordService {
 public:
  WorkRecordService(audit::AuditLog& audit, const org::AgencyService& agencies,
                    const identity::IdentityService& identity, const FileService& files,
                    const Clock& clock)
      : audit_(audit), agencies_(agencies), identity_(identity), files_(files), clock_(clock) {}

  Result<WorkRecord> Open(db::Transaction& tx, const audit::Actor& actor,
                          const identity::Principal& p, const OpenRecordInput& in) const;
  // The record with its documents, files and appraisals (kNotFound unless `p` may see it).
  Result<WorkRecord> Get(db::Transaction& tx, const identity::Principal& p, WorkRecordId id) const;
  // The records of p's agency that p may see, newest first (without documents and files).
  Result<std::vector<WorkRecord>> List(db::Transaction& tx, const identity::Principal& p,
                                       const RecordFilter& filter) const;
  Result<WorkRecord> AttachDocument(db::Transaction& tx, const audit::Actor& actor,
                                    const identity::Principal& p, WorkRecordId id,
                                    DocumentId document) const;
  // Takes a document out of an open record; the later documents move up one place.
  Result<WorkRecord> RemoveDocument(db::Transaction& tx, const audit::Actor& actor,
                                    const identity::Principal& p, WorkRecordId id,
                                    DocumentId document) const;
  Result<WorkRecord> AttachFile(db::Transaction& tx, const audit::Actor& actor,
                                const identity::Principal& p, WorkRecordId id, FileId file) const;
  // The file `file` of record `id` and its bytes (kNotFound unless `p` sees the record and the
  // file is in it).
  Result<std::pair<RecordFile, std::string>> FileContent(db::Transaction& tx,
                                                         const identity::Principal& p,
                                                         WorkRecordId id, FileId file) const;
  Result<WorkRecord> Close(db::Transaction& tx, const audit::Actor& actor,
                           const identity::Principal& p, WorkRecordId id,
                           const CloseRecordInput& in) const;
  // Closed records of p's agency whose retention has passed (leaders).
  Result<std::vector<WorkRecord>> DueForAppraisal(db::Transaction& tx,
                                                  const identity::Principal& p) const;
  Result<WorkRecord> Appraise(db::Transaction& tx, const audit::Actor& actor,
                              const identity::Principal& p, WorkRecordId id,
                              const AppraisalInput& in) const;

 private:
  audit::AuditLog& audit_;
  const org::AgencyService& agencies_;
  const identity::IdentityService& identity_;
  const FileService& files_;
  const Clock& clock_;
};

// True when a closed record that ended on `end_date` (YYYY-MM-DD) with `retention_years` is
// due for appraisal on `today`: its retention counts whole years from the 1st of January after
// its end year. A permanent record (empty) never is.
bool IsAppraisalDue(const std::string& end_date, std::optional<int> retention_years,
                    const std::string& today);

}  // namespace cqdt::documents
