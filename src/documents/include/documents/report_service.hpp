// Registers printed and leaders' statistics (issue 11, item 5).
//
// Register export (Decree 30/2020 art. 16.2.b, 22; Phụ lục IV): the entries a register gave in a
// period, as the book is printed, in the appendix's columns and order — "Sổ đăng ký văn bản đến"
// (Ngày đến, Số đến, Tác giả, Số ký hiệu, Ngày tháng, Tên loại và trích yếu, Đơn vị hoặc người
// nhận, Ngày chuyển, Ký nhận, Ghi chú) and "Sổ đăng ký văn bản đi" (Số ký hiệu, Ngày tháng, Tên
// loại và trích yếu, Người ký, Nơi nhận, Đơn vị người nhận bản lưu, Số lượng bản, Ngày chuyển, Ký
// nhận, Ghi chú) — under the agency's name, the book's title and the period, as a PDF (A4
// landscape, pdf/table_report.hpp) or an Excel workbook (report/workbook.hpp). An entry belongs
// to the period by the day (in Vietnam) its number was given; a cancelled number is printed with
// "Đã hủy số" and its reason, as the book keeps it. At most kMaxExportRows entries are printed;
// past that the heading says so and `truncated` is set (choose a shorter period).
//
// Statistics: per agency, unit or person, for a period [from, to] (Vietnam days): incoming
// documents received (arrival date in the period), outgoing issued (issue date in the period,
// numbered or later), incoming completed in the period on time (no due date, or completed on or
// before it) or late, and incoming still in process (not completed) received by the period's end,
// on time or overdue — "overdue" as the work queues define it (queue_service.hpp: a due date
// before today). Counted in SQL on both engines; the rows are labelled (agency, unit and user
// names), sorted by label, with a total. A person is the last lead assignee of an incoming
// document and the drafter of an outgoing one; a unit the unit the lead was assigned to, else the
// lead person's unit, and the drafting unit of an outgoing document. Documents with nobody
// (not yet assigned) fall under one row "Chưa giao xử lý".
//
// Access: export — whoever may read the register's entries (RegisterService::CanReadEntries: its
// writers and the agency's clerks; its leaders for non-confidential books); a register of
// another agency or one the caller cannot read is NotFound. Statistics — the agency's leaders and
// clerks for their own agency; admins for any agency, or all agencies when none is named.
// Reading writes nothing (no audit entry: an export is a read, like listing the entries).
//
// Validation (InvalidField naming the query parameter): from/to "YYYY-MM-DD" real dates, to not
// before from; format "pdf" or "xlsx"; groupBy "agency", "unit" or "person".
// Thread safety: stateless beyond its collaborators; safe to share.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/ids.hpp"
#include "core/result.hpp"
#include "db/database.hpp"
#include "documents/register_service.hpp"
#include "identity/identity_service.hpp"
#include "identity/principal.hpp"
#include "org/agency_service.hpp"

namespace cqdt::documents {

inline constexpr std::size_t kMaxExportRows = 5000;

// A period of Vietnam days, "YYYY-MM-DD" both included.
struct Period {
  std::string from;
  std::string to;
};
// Checks ?from= and ?to= (untrusted). Absent ones default to 1 January of `today`'s year and
// `today`.
Result<Period> ParsePeriod(const std::optional<std::string>& from,
                           const std::optional<std::string>& to, const std::string& today);

enum class ExportFormat { kPdf, kXlsx };
Result<ExportFormat> ParseExportFormat(const std::optional<std::string>& format);

// The printed book's rows before formatting: 10 cells each, dates as "YYYY-MM-DD".
struct RegisterSheet {
  Register book;
  std::string agency_name;
  std::string parent_name;  // the agency's parent (the line above it in the heading), or ""
  Period period;
  std::vector<std::vector<std::string>> rows;
  bool truncated = false;
};

struct ExportedFile {
  std::string bytes;
  std::string content_type;
  std::string filename;  // UTF-8, e.g. "Sổ văn bản đến 2026-01-01_2026-12-04.pdf"
  std::size_t rows = 0;
  bool truncated = false;
};

enum class GroupBy { kAgency, kUnit, kPerson };
Result<GroupBy> ParseGroupBy(const std::optional<std::string>& group_by);
const char* GroupByName(GroupBy g);  // "agency", "unit", "person"

struct StatisticsQuery {
  Period period;
  GroupBy group_by = GroupBy::kAgency;
  AgencyId agency;  // unset: the caller's own (admins: every agency)
};

struct StatisticsCounts {
  std::int64_t received = 0;
  std::int64_t issued = 0;
  std::int64_t done_on_time = 0;
  std::int64_t done_late = 0;
  std::int64_t open_on_time = 0;
  std::int64_t open_overdue = 0;
};

struct StatisticsRow {
  std::int64_t id = 0;  // agency, unit or user id; 0 for "Chưa giao xử lý"
  std::string label;
  StatisticsCounts counts;
};

struct Statistics {
  Period period;
  GroupBy group_by = GroupBy::kAgency;
  std::string today;  // the day "overdue" was judged on
  std::vector<AgencyId> agencies;
  std::vector<StatisticsRow> rows;
  StatisticsCounts total;
};

class ReportService {
 public:
  // `tmp_dir`: where Excel workbooks are written before they are read back (<data_dir>/tmp).
  ReportService(const RegisterService& registers, const org::AgencyService& agencies,
                const identity::IdentityService& identity, const Clock& clock,
                std::filesystem::path tmp_dir)
      : registers_(registers),
        agencies_(agencies),
        identity_(identity),
        clock_(clock),
        tmp_dir_(std::move(tmp_dir)) {}

  // Whether `p` may ask for the statistics of `agency` (unset: of every agency).
  static bool CanSeeStatistics(const identity::Principal& p, AgencyId agency);

  // The rows of register `id` for `period`. NotFound for a register `p` may not read (see above).
  Result<RegisterSheet> RegisterRows(db::Transaction& tx, const identity::Principal& p,
                                     RegisterId id, const Period& period) const;
  // RegisterRows rendered as `format`.
  Result<ExportedFile> ExportRegister(db::Transaction& tx, const identity::Principal& p,
                                      RegisterId id, const Period& period,
                                      ExportFormat format) const;

  // PermissionDenied unless CanSeeStatistics; NotFound for an agency that does not exist.
  Result<Statistics> Compute(db::Transaction& tx, const identity::Principal& p,
                             const StatisticsQuery& q) const;
  // The same table as an Excel workbook.
  Result<ExportedFile> StatisticsWorkbook(const Statistics& s) const;

  // Today in Vietnam, "YYYY-MM-DD".
  std::string Today() const;

 private:
  const RegisterService& registers_;
  const org::AgencyService& agencies_;
  const identity::IdentityService& identity_;
  const Clock& clock_;
  std::filesystem::path tmp_dir_;
};

}  // namespace cqdt::documents
