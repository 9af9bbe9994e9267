// ReportService: the printed registers (Decree 30/2020 Phụ lục IV) and the period they cover.
#include <chrono>
#include <map>
#include <set>

#include <soci/soci.h>

#include "core/document_number.hpp"
#include "core/text.hpp"
#include "documents/incoming_service.hpp"
#include "documents/report_service.hpp"
#include "pdf/table_report.hpp"
#include "report/workbook.hpp"
#include "report_internal.hpp"
#include "text/normalize.hpp"

namespace cqdt::documents {
namespace {

// i18n: Vietnamese only (the printed book of Phụ lục IV)
// Appendix IV, "Sổ đăng ký văn bản đến": the ten columns, in order, with their printed widths.
struct Column {
  const char* header;
  double weight;  // PDF share of the width
  double width;   // Excel characters
  report::CellKind kind;
};
constexpr Column kIncomingColumns[] = {
    {"Ngày đến", 1.4, 12, report::CellKind::kDate},
    {"Số đến", 0.7, 8, report::CellKind::kNumber},
    {"Tác giả", 2.0, 24, report::CellKind::kText},
    {"Số, ký hiệu văn bản", 1.7, 16, report::CellKind::kText},
    {"Ngày tháng văn bản", 1.4, 12, report::CellKind::kDate},
    {"Tên loại và trích yếu nội dung văn bản", 4.0, 48, report::CellKind::kText},
    {"Đơn vị hoặc người nhận", 2.0, 24, report::CellKind::kText},
    {"Ngày chuyển", 1.4, 12, report::CellKind::kDate},
    {"Ký nhận", 0.9, 10, report::CellKind::kText},
    {"Ghi chú", 1.4, 16, report::CellKind::kText},
};
// Appendix IV, "Sổ đăng ký văn bản đi".
constexpr Column kOutgoingColumns[] = {
    {"Số, ký hiệu văn bản", 1.7, 16, report::CellKind::kText},
    {"Ngày tháng văn bản", 1.4, 12, report::CellKind::kDate},
    {"Tên loại và trích yếu nội dung văn bản", 4.0, 48, report::CellKind::kText},
    {"Người ký", 1.5, 18, report::CellKind::kText},
    {"Nơi nhận văn bản", 2.2, 26, report::CellKind::kText},
    {"Đơn vị, người nhận bản lưu", 1.6, 20, report::CellKind::kText},
    {"Số lượng bản", 0.8, 8, report::CellKind::kNumber},
    {"Ngày chuyển", 1.4, 12, report::CellKind::kDate},
    {"Ký nhận", 0.9, 10, report::CellKind::kText},
    {"Ghi chú", 1.4, 16, report::CellKind::kText},
};

std::string Upper(const std::string& s) {
  auto upper = text::ToUpperVietnamese(s);
  return upper ? *upper : s;
}

std::string BookTitle(Direction d) {
  return d == Direction::kIncoming ? "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" : "SỔ ĐĂNG KÝ VĂN BẢN ĐI";
}

// "YYYY-MM-DD" → "dd/mm/yyyy" for print ("" stays "").
std::string Printed(const std::string& iso) {
  if (iso.size() != 10) {
    return iso;
  }
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

std::string PeriodLine(const Period& p) {
  return "Từ ngày " + Printed(p.from) + " đến ngày " + Printed(p.to);
}

std::string TypeAndSubject(int type_ordinal, const std::string& subject) {
  const DocumentType* t = FindDocumentTypeByOrdinal(type_ordinal);
  return t != nullptr ? t->name + " " + subject : subject;
}

// What one entry of the register reads from the document it numbered.
struct EntryFacts {
  long long number = 0, document = 0, allocated_at = 0, type = 0, amount = 0;
  std::string state, reason, arrival_date, sender, number_text, issued_date, subject, signer,
      to_places, urgency, confidentiality;
  long long sender_agency = 0, drafting_unit = 0;
};

// Names looked up once per export.
class Names {
 public:
  Names(db::Transaction& tx, const org::AgencyService& agencies,
        const identity::IdentityService& identity)
      : tx_(tx), agencies_(agencies), identity_(identity) {}
  std::string Agency(long long id) {
    return Cached(agencies_cache_, id, [&] {
      auto a = agencies_.Get(tx_, AgencyId(id));
      return a ? a->name : std::string();
    });
  }
  std::string Unit(long long id) {
    return Cached(units_, id, [&] {
      auto u = agencies_.GetUnit(tx_, UnitId(id));
      return u ? u->name : std::string();
    });
  }
  std::string User(long long id) {
    return Cached(users_, id, [&] {
      auto u = identity_.GetUser(tx_, UserId(id));
      return u ? u->full_name : std::string();
    });
  }

 private:
  template <typename F>
  std::string Cached(std::map<long long, std::string>& cache, long long id, F load) {
    if (id <= 0) {
      return {};
    }
    auto it = cache.find(id);
    if (it == cache.end()) {
      it = cache.emplace(id, load()).first;
    }
    return it->second;
  }
  db::Transaction& tx_;
  const org::AgencyService& agencies_;
  const identity::IdentityService& identity_;
  std::map<long long, std::string> agencies_cache_, units_, users_;
};

std::vector<EntryFacts> ReadEntries(db::Transaction& tx, RegisterId id, const Period& period) {
  long long reg = id.value();
  long long from = internal::DayStart(period.from);
  long long to = internal::DayStart(period.to) + 86400;
  long long limit = static_cast<long long>(kMaxExportRows) + 1;
  EntryFacts f;
  soci::indicator sender_ind = soci::i_ok, unit_ind = soci::i_ok;
  soci::statement st =
      (tx.sql().prepare
           << "SELECT e.number, e.state, e.reason, e.allocated_at, d.id, d.arrival_date,"
              " d.sender_name, d.sender_agency_id, d.number_text, d.issued_date, d.type_ordinal,"
              " d.subject, d.signer_name, d.to_places, d.drafting_unit_id, d.issued_amount,"
              " d.urgency, d.confidentiality FROM documents_register_entry e JOIN"
              " documents_document d ON d.id = e.document_id WHERE e.register_id = :r AND"
              " e.allocated_at >= :f AND e.allocated_at < :t ORDER BY e.year, e.number LIMIT :n",
       soci::into(f.number), soci::into(f.state), soci::into(f.reason), soci::into(f.allocated_at),
       soci::into(f.document), soci::into(f.arrival_date), soci::into(f.sender),
       soci::into(f.sender_agency, sender_ind), soci::into(f.number_text),
       soci::into(f.issued_date), soci::into(f.type), soci::into(f.subject), soci::into(f.signer),
       soci::into(f.to_places), soci::into(f.drafting_unit, unit_ind), soci::into(f.amount),
       soci::into(f.urgency), soci::into(f.confidentiality), soci::use(reg), soci::use(from),
       soci::use(to), soci::use(limit));
  st.execute();
  std::vector<EntryFacts> out;
  while (st.fetch()) {
    EntryFacts copy = f;
    copy.sender_agency = sender_ind == soci::i_ok ? f.sender_agency : 0;
    copy.drafting_unit = unit_ind == soci::i_ok ? f.drafting_unit : 0;
    out.push_back(std::move(copy));
  }
  return out;
}

// The first assignments of each incoming document (those the leader made, not the forwards):
// column 7 names them (the lead first), column 8 is the day of the first.
struct Transfer {
  std::vector<std::string> names;
  long long first_at = 0;
};
std::map<long long, Transfer> ReadTransfers(db::Transaction& tx, RegisterId id,
                                            const Period& period, Names& names) {
  long long reg = id.value();
  long long from = internal::DayStart(period.from);
  long long to = internal::DayStart(period.to) + 86400;
  long long document = 0, user = 0, unit = 0, at = 0;
  std::string role;
  soci::indicator user_ind = soci::i_ok, unit_ind = soci::i_ok;
  soci::statement st =
      (tx.sql().prepare << "SELECT a.document_id, a.assignee_user_id, a.assignee_unit_id, a.role,"
                           " a.assigned_at FROM documents_assignment a WHERE a.parent_id IS NULL"
                           " AND a.state <> 'returned' AND a.document_id IN (SELECT e.document_id"
                           " FROM documents_register_entry e WHERE e.register_id = :r AND"
                           " e.allocated_at >= :f AND e.allocated_at < :t)"
                           " ORDER BY a.document_id, CASE a.role WHEN 'lead' THEN 0 WHEN"
                           " 'coordinate' THEN 1 ELSE 2 END, a.id",
       soci::into(document), soci::into(user, user_ind), soci::into(unit, unit_ind),
       soci::into(role), soci::into(at), soci::use(reg), soci::use(from), soci::use(to));
  st.execute();
  std::map<long long, Transfer> out;
  while (st.fetch()) {
    std::string name = unit_ind == soci::i_ok ? names.Unit(unit) : "";
    if (name.empty() && user_ind == soci::i_ok) {
      name = names.User(user);
    }
    Transfer& t = out[document];
    if (!name.empty()) {
      t.names.push_back(role == "lead" ? name + " (chủ trì)" : name);
    }
    if (t.first_at == 0 || at < t.first_at) {
      t.first_at = at;
    }
  }
  return out;
}

std::string Note(const EntryFacts& f) {
  std::vector<std::string> parts;
  if (f.state == "cancelled") {
    parts.push_back("Đã hủy số" + (f.reason.empty() ? std::string() : ": " + f.reason));
  }
  if (auto u = ParseUrgency(f.urgency); u && *u != Urgency::kNormal) {
    parts.push_back(UrgencyLabel(*u));
  }
  if (auto c = ParseConfidentiality(f.confidentiality); c && IsConfidential(*c)) {
    parts.push_back(ConfidentialityLabel(*c));
  }
  std::string out;
  for (const auto& p : parts) {
    out += (out.empty() ? "" : "; ") + p;
  }
  return out;
}

std::string Joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    out += (out.empty() ? "" : "; ") + p;
  }
  return out;
}

// The file's name: the book and the period ("Sổ văn bản đến 2026-01-01_2026-12-04.pdf").
std::string FileName(const RegisterSheet& s, const char* extension) {
  return s.book.name + " " + s.period.from + "_" + s.period.to + "." + extension;
}

// i18n: end
}  // namespace

namespace internal {

long long DayStart(const std::string& iso) {
  auto d = ParseIsoDate(iso);
  if (!d) {
    return 0;
  }
  using namespace std::chrono;
  const sys_days day = year_month_day(year(d->year), month(static_cast<unsigned>(d->month)),
                                      std::chrono::day(static_cast<unsigned>(d->day)));
  // Midnight in Vietnam is 17:00 UTC the day before (UTC+7, no daylight saving).
  return duration_cast<seconds>(day.time_since_epoch()).count() - 7 * 3600;
}

std::string DayOf(long long unix_seconds) {
  return unix_seconds > 0 ? TodayInVietnam(FromUnixSeconds(unix_seconds)) : std::string();
}

}  // namespace internal

Result<Period> ParsePeriod(const std::optional<std::string>& from,
                           const std::optional<std::string>& to, const std::string& today) {
  Period p;
  p.from = from && !from->empty() ? *from : today.substr(0, 4) + "-01-01";
  p.to = to && !to->empty() ? *to : today;
  std::vector<FieldError> errors;
  if (!ParseIsoDate(p.from)) {
    errors.push_back(
        {"from", "format", "Ngày bắt đầu phải có dạng YYYY-MM-DD và là ngày có thật."});
  }
  if (!ParseIsoDate(p.to)) {
    errors.push_back({"to", "format", "Ngày kết thúc phải có dạng YYYY-MM-DD và là ngày có thật."});
  }
  if (errors.empty() && p.to < p.from) {
    errors.push_back({"to", "before_from", "Ngày kết thúc không được trước ngày bắt đầu."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  return p;
}

Result<ExportFormat> ParseExportFormat(const std::optional<std::string>& format) {
  if (!format || *format == "pdf") {
    return ExportFormat::kPdf;
  }
  if (*format == "xlsx") {
    return ExportFormat::kXlsx;
  }
  return Error::InvalidField("format", "enum", "Định dạng phải là pdf hoặc xlsx.");
}

std::string ReportService::Today() const { return TodayInVietnam(clock_.Now()); }

Result<RegisterSheet> ReportService::RegisterRows(db::Transaction& tx, const identity::Principal& p,
                                                  RegisterId id, const Period& period) const {
  auto book = registers_.Get(tx, id);
  if (!book) {
    return Error::NotFound("sổ văn bản", std::to_string(id.value()));
  }
  CQDT_ASSIGN_OR_RETURN(auto writers, registers_.WriterIds(tx, id));
  // A book the caller may not read is not theirs to know of (404, as the register routes say).
  if (!RegisterService::CanReadEntries(p, *book, writers)) {
    return Error::NotFound("sổ văn bản", std::to_string(id.value()));
  }
  RegisterSheet s;
  s.book = *book;
  s.period = period;
  Names names(tx, agencies_, identity_);
  if (auto a = agencies_.Get(tx, book->agency_id)) {
    s.agency_name = a->name;
    if (a->parent_id.IsSet()) {
      s.parent_name = names.Agency(a->parent_id.value());
    }
  }
  std::vector<EntryFacts> entries = ReadEntries(tx, id, period);
  if (entries.size() > kMaxExportRows) {
    entries.resize(kMaxExportRows);
    s.truncated = true;
  }
  std::map<long long, Transfer> transfers;
  if (book->direction == Direction::kIncoming) {
    transfers = ReadTransfers(tx, id, period, names);
  }
  for (const EntryFacts& f : entries) {
    const std::string subject = TypeAndSubject(static_cast<int>(f.type), f.subject);
    if (book->direction == Direction::kIncoming) {
      const Transfer& t = transfers[f.document];
      std::string sender = f.sender;
      if (sender.empty()) {
        sender = names.Agency(f.sender_agency);
      }
      s.rows.push_back({f.arrival_date, std::to_string(f.number), sender, f.number_text,
                        f.issued_date, subject, Joined(t.names), internal::DayOf(t.first_at), "",
                        Note(f)});
    } else {
      s.rows.push_back({f.number_text, f.issued_date, subject, f.signer, f.to_places,
                        names.Unit(f.drafting_unit), f.amount > 0 ? std::to_string(f.amount) : "",
                        internal::DayOf(f.allocated_at), "", Note(f)});
    }
  }
  return s;
}

// i18n: Vietnamese only (the printed book of Phụ lục IV)
Result<ExportedFile> ReportService::ExportRegister(db::Transaction& tx,
                                                   const identity::Principal& p, RegisterId id,
                                                   const Period& period,
                                                   ExportFormat format) const {
  CQDT_ASSIGN_OR_RETURN(RegisterSheet s, RegisterRows(tx, p, id, period));
  const Column* columns =
      s.book.direction == Direction::kIncoming ? kIncomingColumns : kOutgoingColumns;
  const std::string title = BookTitle(s.book.direction);
  const std::string note = s.truncated
                               ? "Chỉ in " + std::to_string(kMaxExportRows) +
                                     " số đầu tiên của kỳ; hãy chọn kỳ ngắn hơn để in phần còn lại."
                               : "";
  std::vector<std::string> agency_lines;
  if (!s.parent_name.empty()) {
    agency_lines.push_back(Upper(s.parent_name));
  }
  agency_lines.push_back(Upper(s.agency_name));
  ExportedFile out;
  out.rows = s.rows.size();
  out.truncated = s.truncated;
  if (format == ExportFormat::kPdf) {
    pdf::TableReport r;
    r.title = title + " - " + s.book.name;
    r.author = s.agency_name;
    r.agency_lines = agency_lines;
    r.title_lines = {title, s.book.name, PeriodLine(s.period)};
    r.note = note;
    for (int c = 0; c < 10; ++c) {
      const bool centered = columns[c].kind != report::CellKind::kText;
      r.columns.push_back({columns[c].header, columns[c].weight, centered});
    }
    for (auto row : s.rows) {
      for (int c = 0; c < 10; ++c) {
        if (columns[c].kind == report::CellKind::kDate) {
          row[c] = Printed(row[c]);
        }
      }
      r.rows.push_back(std::move(row));
    }
    CQDT_ASSIGN_OR_RETURN(out.bytes, pdf::RenderTableReport(r));
    out.content_type = "application/pdf";
    out.filename = FileName(s, "pdf");
    return out;
  }
  report::Workbook book;
  book.title = title + " - " + s.book.name;
  book.author = s.agency_name;
  report::Sheet sheet;
  sheet.name = s.book.name;
  std::string agency_line;
  for (const auto& line : agency_lines) {
    agency_line += (agency_line.empty() ? "" : " - ") + line;
  }
  sheet.heading = {title, agency_line, s.book.name, PeriodLine(s.period)};
  if (!note.empty()) {
    sheet.heading.push_back(note);
  }
  for (int c = 0; c < 10; ++c) {
    sheet.columns.push_back({columns[c].header, columns[c].width, columns[c].kind});
  }
  sheet.number_columns = true;
  sheet.rows = std::move(s.rows);
  book.sheets.push_back(std::move(sheet));
  CQDT_ASSIGN_OR_RETURN(out.bytes, report::WriteWorkbook(tmp_dir_, book));
  out.content_type = report::kXlsxContentType;
  out.filename = FileName(s, "xlsx");
  return out;
}

// i18n: end

}  // namespace cqdt::documents
