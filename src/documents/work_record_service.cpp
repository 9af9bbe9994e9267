// Work records (hồ sơ công việc; Decree 30/2020 art. 28-31, Phụ lục VI §8.3), issue 11 item 1.
#include "documents/work_record_service.hpp"

#include <algorithm>
#include <tuple>

#include <soci/soci.h>

#include "core/text.hpp"
#include "db/statement.hpp"
#include "document_repository.hpp"
#include "documents/document_access.hpp"
#include "documents/incoming_service.hpp"
#include "outgoing_internal.hpp"
#include "work_record_rules.hpp"

namespace cqdt::documents {
namespace {

using identity::Role;
using namespace work_record_rules;

constexpr const char* kColumns =
    "r.id, r.agency_id, r.plan_item_id, r.organ_id, r.file_catalog, r.notation, r.title,"
    " r.retention_years, r.rights, r.creator_id, r.language, r.start_date, r.end_date,"
    " r.doc_total, r.page_total, r.description, r.state, r.opened_at, r.closed_at, r.version,"
    " p.unit_id, p.responsible_id";
constexpr const char* kFrom =
    " FROM documents_record r JOIN documents_plan_item p ON p.id = r.plan_item_id";

struct Row {
  long long id = 0, agency = 0, plan = 0, creator = 0, opened = 0, closed = 0, version = 0,
            unit = 0, responsible = 0;
  int catalog = 0, retention = 0, doc_total = 0, page_total = 0;
  soci::indicator retention_ind = soci::i_null, closed_ind = soci::i_null, unit_ind = soci::i_null,
                  responsible_ind = soci::i_null;
  std::string organ, notation, title, rights, language, start, end, description, state;
  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(agency));
    st.exchange(soci::into(plan));
    st.exchange(soci::into(organ));
    st.exchange(soci::into(catalog));
    st.exchange(soci::into(notation));
    st.exchange(soci::into(title));
    st.exchange(soci::into(retention, retention_ind));
    st.exchange(soci::into(rights));
    st.exchange(soci::into(creator));
    st.exchange(soci::into(language));
    st.exchange(soci::into(start));
    st.exchange(soci::into(end));
    st.exchange(soci::into(doc_total));
    st.exchange(soci::into(page_total));
    st.exchange(soci::into(description));
    st.exchange(soci::into(state));
    st.exchange(soci::into(opened));
    st.exchange(soci::into(closed, closed_ind));
    st.exchange(soci::into(version));
    st.exchange(soci::into(unit, unit_ind));
    st.exchange(soci::into(responsible, responsible_ind));
  }
  WorkRecord Get(const std::string& today) const {
    WorkRecord r;
    r.id = WorkRecordId(id);
    r.agency_id = AgencyId(agency);
    r.plan_item_id = PlanItemId(plan);
    r.organ_id = organ;
    r.file_catalog = catalog;
    r.notation = notation;
    r.title = title;
    if (retention_ind == soci::i_ok) {
      r.retention_years = retention;
    }
    r.rights = ParseRecordRights(rights).value_or(RecordRights::kPublic);
    r.creator_id = UserId(creator);
    r.language = language;
    r.start_date = start;
    r.end_date = end;
    r.doc_total = doc_total;
    r.page_total = page_total;
    r.description = description;
    r.state = ParseRecordState(state).value_or(RecordState::kOpen);
    r.opened_at = opened;
    r.closed_at = closed_ind == soci::i_ok ? closed : 0;
    r.version = version;
    r.responsible_id = responsible_ind == soci::i_ok ? UserId(responsible) : UserId();
    r.appraisal_due =
        r.state == RecordState::kClosed && IsAppraisalDue(r.end_date, r.retention_years, today);
    // The unit id travels in unit_name's place until Name() resolves it.
    if (unit_ind == soci::i_ok) {
      r.unit_name = std::to_string(unit);
    }
    return r;
  }
};

template <typename BindFn>
std::vector<WorkRecord> Select(db::Transaction& tx, const std::string& where, BindFn bind,
                               const std::string& today) {
  Row row;
  auto st = tx.Prepare(std::string("SELECT ") + kColumns + kFrom + " WHERE " + where +
                       " ORDER BY r.id DESC");
  row.Bind(*st);
  bind(*st);
  st->define_and_bind();
  st->execute(false);
  std::vector<WorkRecord> out;
  while (st->fetch()) {
    out.push_back(row.Get(today));
  }
  return out;
}

std::string UserName(db::Transaction& tx, const identity::IdentityService& identity, UserId id) {
  if (!id.IsSet()) {
    return "";
  }
  auto u = identity.GetUser(tx, id);
  return u ? u->full_name : "";
}

void Name(db::Transaction& tx, const org::AgencyService& agencies,
          const identity::IdentityService& identity, WorkRecord& r) {
  r.creator_name = UserName(tx, identity, r.creator_id);
  if (!r.unit_name.empty()) {
    auto unit = agencies.GetUnit(tx, UnitId(std::stoll(r.unit_name)));
    r.unit_name = unit ? unit->name : "";
  }
}

// Whether `p` may see document `d` (document_access.hpp; grants included).
bool MaySeeDocument(db::Transaction& tx, const identity::Principal& p, const Document& d) {
  const AccessFacts facts = d.direction == Direction::kIncoming
                                ? IncomingService::FactsOf(tx, d)
                                : outgoing_internal::RouteFacts(tx, d);
  return CanSee(p, facts);
}

std::string DateOf(const Document& d) {
  return !d.issued_date.empty() ? d.issued_date : d.arrival_date;
}

// DocTotal and PageTotal from what the record holds: its documents and its other files. Every
// change of its contents goes through here and increments the version, so that the close
// confirms the contents the closer saw.
void StoreTotals(db::Transaction& tx, WorkRecordId id) {
  long long key = id.value();
  int docs = 0, files = 0;
  long long doc_pages = 0, file_pages = 0;
  soci::indicator doc_pages_ind = soci::i_null, file_pages_ind = soci::i_null;
  tx.sql() << "SELECT COUNT(*), SUM(d.page_count) FROM documents_record_document rd"
              " JOIN documents_document d ON d.id = rd.document_id WHERE rd.record_id = :r",
      soci::into(docs), soci::into(doc_pages, doc_pages_ind), soci::use(key);
  tx.sql() << "SELECT COUNT(*), SUM(f.pages) FROM documents_record_file rf"
              " JOIN documents_file f ON f.id = rf.file_id WHERE rf.record_id = :r",
      soci::into(files), soci::into(file_pages, file_pages_ind), soci::use(key);
  int total = docs + files;
  long long pages = (doc_pages_ind == soci::i_ok ? doc_pages : 0) +
                    (file_pages_ind == soci::i_ok ? file_pages : 0);
  int page_total = static_cast<int>(std::min<long long>(pages, 9999));
  tx.sql() << "UPDATE documents_record SET doc_total = :d, page_total = :p, version = version + 1"
              " WHERE id = :r",
      soci::use(total), soci::use(page_total), soci::use(key);
}

// The Phụ lục VI items 1-2 of `d` as filed in `r` at `ordinal` (0: taken out), with a line in
// its timeline.
Status SetFiling(db::Transaction& tx, Document d, const WorkRecord& r, int ordinal,
                 std::int64_t now) {
  const bool filed = ordinal > 0;
  d.file_organ_id = filed ? r.organ_id : "";
  d.file_catalog = filed ? r.file_catalog : 0;
  d.file_notation = filed ? r.notation : "";
  d.doc_ordinal = ordinal;
  auto updated = DocumentRepository(tx).Update(d, now);
  if (!updated) {
    return updated.error();
  }
  return Ok();
}

void Timeline(db::Transaction& tx, const audit::Actor& actor, const Document& d, std::int64_t now,
              const std::string& action, const std::string& detail) {
  DocumentRepository(tx).AddEvent({0, d.id, d.agency_id, now, actor.user_id, actor.name, action,
                                   detail, actor.client_address, actor.request_id});
}

}  // namespace

Result<WorkRecord> WorkRecordService::Open(db::Transaction& tx, const audit::Actor& actor,
                                           const identity::Principal& p,
                                           const OpenRecordInput& in) const {
  if (!IsAgencyStaff(p)) {
    return Error::PermissionDenied("Chỉ cán bộ của cơ quan mới lập hồ sơ công việc.");
  }
  // Untrusted id: a plan item of the caller's agency.
  long long plan_key = in.plan_item_id.value(), agency = 0, unit = 0, responsible = 0, record = 0;
  int year = 0, retention = 0;
  std::string code, plan_title;
  soci::indicator retention_ind = soci::i_null, record_ind = soci::i_null, unit_ind = soci::i_null,
                  responsible_ind = soci::i_null;
  tx.sql() << "SELECT p.agency_id, p.year, p.code, p.title, p.retention_years, p.unit_id,"
              " p.responsible_id, r.id FROM documents_plan_item p LEFT JOIN documents_record r"
              " ON r.plan_item_id = p.id WHERE p.id = :id",
      soci::into(agency), soci::into(year), soci::into(code), soci::into(plan_title),
      soci::into(retention, retention_ind), soci::into(unit, unit_ind),
      soci::into(responsible, responsible_ind), soci::into(record, record_ind), soci::use(plan_key);
  if (!tx.sql().got_data() || AgencyId(agency) != p.agency_id) {
    return Error::InvalidField("planItemId", "invalid",
                               "Trường 'planItemId' phải là một mục trong danh mục hồ sơ của "
                               "cơ quan.");
  }
  if (record_ind == soci::i_ok) {
    return Error::Conflict(
        "Mục này đã được lập hồ sơ.",
        {{"planItemId", "duplicate", "Trường 'planItemId': mục này đã được lập hồ sơ."}});
  }
  const std::string title = in.title.empty() ? plan_title : in.title;
  const std::string language = in.language.empty() ? "Tiếng Việt" : in.language;
  const std::string rights = in.rights.empty() ? "public" : in.rights;
  CQDT_RETURN_IF_ERROR(CheckCommonFields(title, in.description, language, rights));
  CQDT_ASSIGN_OR_RETURN(org::Agency owner, agencies_.Get(tx, p.agency_id));
  const long long now = ToUnixSeconds(clock_.Now()), creator = p.user_id().value();
  const std::string trimmed = Trim(title);
  const std::string state = RecordStateName(RecordState::kOpen);
  tx.sql() << "INSERT INTO documents_record (agency_id, plan_item_id, organ_id, file_catalog,"
              " notation, title, retention_years, rights, creator_id, language, description,"
              " state, opened_at) VALUES (:a, :p, :o, :y, :n, :t, :r, :ri, :c, :l, :d, :s, :at)",
      soci::use(agency), soci::use(plan_key), soci::use(owner.code), soci::use(year),
      soci::use(code), soci::use(trimmed), soci::use(retention, retention_ind), soci::use(rights),
      soci::use(creator), soci::use(language), soci::use(in.description), soci::use(state),
      soci::use(now);
  const WorkRecordId id(db::LastInsertId(tx, "documents_record"));
  CQDT_ASSIGN_OR_RETURN(WorkRecord r, Get(tx, p, id));
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor,
                    {"documents.record.opened", "documents.record", std::to_string(id.value()),
                     "Lập hồ sơ " + r.FileCode() + ": " + r.title}));
  return r;
}

Result<WorkRecord> WorkRecordService::Get(db::Transaction& tx, const identity::Principal& p,
                                          WorkRecordId id) const {
  const std::string today = TodayInVietnam(clock_.Now());
  long long key = id.value();
  auto found = Select(
      tx, "r.id = :id", [&](soci::statement& st) { st.exchange(soci::use(key)); }, today);
  if (found.empty() || !SeesRecord(p, found.front())) {
    return Error::NotFound("hồ sơ", std::to_string(key));
  }
  WorkRecord r = std::move(found.front());
  Name(tx, agencies_, identity_, r);
  r.can_edit = r.state == RecordState::kOpen && MayChange(p, r);
  r.can_appraise = IsLeader(p);

  {
    long long document = 0, attached_at = 0, by = 0;
    int ordinal = 0;
    soci::indicator by_ind = soci::i_null;
    soci::statement st = (tx.sql().prepare << "SELECT document_id, ordinal, attached_at,"
                                              " attached_by FROM documents_record_document"
                                              " WHERE record_id = :r ORDER BY ordinal",
                          soci::into(document), soci::into(ordinal), soci::into(attached_at),
                          soci::into(by, by_ind), soci::use(key));
    st.execute(false);
    std::vector<std::tuple<long long, int, long long, UserId>> links;
    while (st.fetch()) {
      links.emplace_back(document, ordinal, attached_at,
                         by_ind == soci::i_ok ? UserId(by) : UserId());
    }
    DocumentRepository documents(tx);
    for (const auto& [doc_id, doc_ordinal, at, who] : links) {
      auto d = documents.Get(DocumentId(doc_id));
      if (!d) {
        continue;
      }
      const bool visible = MaySeeDocument(tx, p, *d);
      RecordDocument item;
      item.document_id = d->id;
      item.ordinal = doc_ordinal;
      item.direction = d->direction;
      item.date = DateOf(*d);
      item.page_count = d->page_count;
      item.hidden = !visible;
      if (visible) {
        item.number_text = d->number_text;
        item.subject = d->subject;
      }
      item.attached_at = at;
      item.attached_by_name = UserName(tx, identity_, who);
      r.documents.push_back(std::move(item));
    }
  }
  {
    long long file = 0, attached_at = 0, by = 0;
    soci::indicator by_ind = soci::i_null;
    soci::statement st =
        (tx.sql().prepare << "SELECT file_id, attached_at, attached_by FROM documents_record_file"
                             " WHERE record_id = :r ORDER BY attached_at, file_id",
         soci::into(file), soci::into(attached_at), soci::into(by, by_ind), soci::use(key));
    st.execute(false);
    std::vector<std::tuple<long long, long long, UserId>> links;
    while (st.fetch()) {
      links.emplace_back(file, attached_at, by_ind == soci::i_ok ? UserId(by) : UserId());
    }
    for (const auto& [file_id, at, who] : links) {
      auto f = files_.Get(tx, FileId(file_id));
      if (!f) {
        continue;
      }
      r.files.push_back(
          {f->id, f->name, f->content_type, f->size, f->pages, at, UserName(tx, identity_, who)});
    }
  }
  {
    std::string decision, number, date, reason;
    int extend = 0;
    long long by = 0, at = 0;
    soci::indicator extend_ind = soci::i_null, by_ind = soci::i_null;
    soci::statement st =
        (tx.sql().prepare << "SELECT decision, decision_number, decision_date, reason,"
                             " extend_years, decided_by, decided_at"
                             " FROM documents_record_appraisal WHERE record_id = :r ORDER BY id",
         soci::into(decision), soci::into(number), soci::into(date), soci::into(reason),
         soci::into(extend, extend_ind), soci::into(by, by_ind), soci::into(at), soci::use(key));
    st.execute(false);
    std::vector<std::pair<Appraisal, UserId>> rows;
    while (st.fetch()) {
      Appraisal a;
      a.decision = ParseAppraisalDecision(decision).value_or(AppraisalDecision::kExtend);
      a.decision_number = number;
      a.decision_date = date;
      a.reason = reason;
      if (extend_ind == soci::i_ok) {
        a.extend_years = extend;
      }
      a.decided_at = at;
      rows.emplace_back(std::move(a), by_ind == soci::i_ok ? UserId(by) : UserId());
    }
    for (auto& [a, who] : rows) {
      a.decided_by_name = UserName(tx, identity_, who);
      r.appraisals.push_back(std::move(a));
    }
  }
  return r;
}

Result<std::vector<WorkRecord>> WorkRecordService::List(db::Transaction& tx,
                                                        const identity::Principal& p,
                                                        const RecordFilter& filter) const {
  if (!IsAgencyStaff(p)) {
    return Error::PermissionDenied("Chỉ cán bộ của cơ quan mới xem được hồ sơ công việc.");
  }
  if (!filter.state.empty() && !ParseRecordState(filter.state)) {
    return Error::InvalidField("state", "enum",
                               "Trường 'state' phải là open, closed, destroyed hoặc transferred.");
  }
  const std::string today = TodayInVietnam(clock_.Now());
  long long agency = p.agency_id.value(), me = p.user_id().value();
  int year = filter.year;
  std::string where = "r.agency_id = :a";
  // The visibility rule of CanSee, inside the query.
  const bool sees_all = p.Has(Role::kLeader) || p.Has(Role::kClerk);
  const bool only_mine = filter.mine || !sees_all;
  if (only_mine) {
    where += " AND (r.creator_id = :me OR p.responsible_id = :me2)";
  }
  if (year > 0) {
    where += " AND r.file_catalog = :y";
  }
  if (!filter.state.empty()) {
    where += " AND r.state = :s";
  }
  auto list = Select(
      tx, where,
      [&](soci::statement& st) {
        st.exchange(soci::use(agency));
        if (only_mine) {
          st.exchange(soci::use(me));
          st.exchange(soci::use(me));
        }
        if (year > 0) {
          st.exchange(soci::use(year));
        }
        if (!filter.state.empty()) {
          st.exchange(soci::use(filter.state));
        }
      },
      today);
  for (auto& r : list) {
    Name(tx, agencies_, identity_, r);
    r.can_edit = r.state == RecordState::kOpen && MayChange(p, r);
  }
  return list;
}

Result<WorkRecord> WorkRecordService::AttachDocument(db::Transaction& tx, const audit::Actor& actor,
                                                     const identity::Principal& p, WorkRecordId id,
                                                     DocumentId document) const {
  CQDT_ASSIGN_OR_RETURN(WorkRecord r, Get(tx, p, id));
  if (!MayChange(p, r)) {
    return Error::PermissionDenied("Bạn không phải người lập hoặc phụ trách hồ sơ này.");
  }
  if (r.state != RecordState::kOpen) {
    return Error::FailedPrecondition("Hồ sơ đã đóng, không sửa được.");
  }
  // Untrusted id: a document the caller may see (outsiders learn nothing of it).
  const std::string key = std::to_string(document.value());
  auto d = DocumentRepository(tx).Get(document);
  if (!d || !MaySeeDocument(tx, p, *d) || d->agency_id != r.agency_id) {
    return Error::NotFound("văn bản", key);
  }
  long long doc_key = document.value(), in_record = 0;
  soci::indicator in_record_ind = soci::i_null;
  tx.sql() << "SELECT record_id FROM documents_record_document WHERE document_id = :d",
      soci::into(in_record, in_record_ind), soci::use(doc_key);
  if (tx.sql().got_data() && in_record_ind == soci::i_ok) {
    return Error::Conflict(
        "Văn bản đã nằm trong một hồ sơ; mỗi văn bản chỉ thuộc một hồ sơ.",
        {{"documentId", "filed", "Trường 'documentId': văn bản đã thuộc một hồ sơ khác."}});
  }
  long long record_key = id.value();
  int last = 0;
  soci::indicator last_ind = soci::i_null;
  tx.sql() << "SELECT MAX(ordinal) FROM documents_record_document WHERE record_id = :r",
      soci::into(last, last_ind), soci::use(record_key);
  const int ordinal = (last_ind == soci::i_ok ? last : 0) + 1;
  const long long now = ToUnixSeconds(clock_.Now()), by = p.user_id().value();
  tx.sql() << "INSERT INTO documents_record_document (record_id, document_id, ordinal,"
              " attached_by, attached_at) VALUES (:r, :d, :o, :by, :at)",
      soci::use(record_key), soci::use(doc_key), soci::use(ordinal), soci::use(by), soci::use(now);
  CQDT_RETURN_IF_ERROR(SetFiling(tx, *d, r, ordinal, now));
  StoreTotals(tx, id);
  Timeline(tx, actor, *d, now, "documents.filed", "Đưa vào hồ sơ " + r.FileCode());
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor,
      {"documents.record.document_added", "documents.record", std::to_string(record_key),
       "Đưa văn bản " + (d->number_text.empty() ? key : d->number_text) + " vào hồ sơ " +
           r.FileCode() + " (thứ tự " + std::to_string(ordinal) + ")"}));
  return Get(tx, p, id);
}

Result<WorkRecord> WorkRecordService::RemoveDocument(db::Transaction& tx, const audit::Actor& actor,
                                                     const identity::Principal& p, WorkRecordId id,
                                                     DocumentId document) const {
  CQDT_ASSIGN_OR_RETURN(WorkRecord r, Get(tx, p, id));
  if (!MayChange(p, r)) {
    return Error::PermissionDenied("Bạn không phải người lập hoặc phụ trách hồ sơ này.");
  }
  if (r.state != RecordState::kOpen) {
    return Error::FailedPrecondition("Hồ sơ đã đóng, không sửa được.");
  }
  auto held = std::find_if(r.documents.begin(), r.documents.end(),
                           [&](const RecordDocument& x) { return x.document_id == document; });
  if (held == r.documents.end()) {
    return Error::NotFound("văn bản trong hồ sơ", std::to_string(document.value()));
  }
  const int removed = held->ordinal;
  long long record_key = id.value(), doc_key = document.value();
  tx.sql() << "DELETE FROM documents_record_document WHERE record_id = :r AND document_id = :d",
      soci::use(record_key), soci::use(doc_key);
  tx.sql() << "UPDATE documents_record_document SET ordinal = ordinal - 1"
              " WHERE record_id = :r AND ordinal > :o",
      soci::use(record_key), soci::use(removed);
  const long long now = ToUnixSeconds(clock_.Now());
  DocumentRepository documents(tx);
  CQDT_ASSIGN_OR_RETURN(Document out, documents.Get(document));
  CQDT_RETURN_IF_ERROR(SetFiling(tx, out, r, 0, now));
  Timeline(tx, actor, out, now, "documents.unfiled", "Rút khỏi hồ sơ " + r.FileCode());
  // The later documents move up one place: their DocOrdinal follows.
  for (const auto& later : r.documents) {
    if (later.ordinal > removed) {
      CQDT_ASSIGN_OR_RETURN(Document d, documents.Get(later.document_id));
      CQDT_RETURN_IF_ERROR(SetFiling(tx, d, r, later.ordinal - 1, now));
    }
  }
  StoreTotals(tx, id);
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor,
      {"documents.record.document_removed", "documents.record", std::to_string(record_key),
       "Rút văn bản " + (out.number_text.empty() ? std::to_string(doc_key) : out.number_text) +
           " khỏi hồ sơ " + r.FileCode()}));
  return Get(tx, p, id);
}

Result<WorkRecord> WorkRecordService::AttachFile(db::Transaction& tx, const audit::Actor& actor,
                                                 const identity::Principal& p, WorkRecordId id,
                                                 FileId file) const {
  CQDT_ASSIGN_OR_RETURN(WorkRecord r, Get(tx, p, id));
  if (!MayChange(p, r)) {
    return Error::PermissionDenied("Bạn không phải người lập hoặc phụ trách hồ sơ này.");
  }
  if (r.state != RecordState::kOpen) {
    return Error::FailedPrecondition("Hồ sơ đã đóng, không sửa được.");
  }
  // Untrusted id: the caller's own upload of the agency, attached to nothing yet.
  auto f = files_.Get(tx, file);
  long long file_key = file.value(), used = 0;
  if (f) {
    tx.sql() << "SELECT COUNT(*) FROM documents_record_file WHERE file_id = :f", soci::into(used),
        soci::use(file_key);
  }
  if (!f || f->agency_id != r.agency_id || f->document_id.IsSet() ||
      f->uploaded_by != p.user_id() || used > 0) {
    return Error::InvalidField("fileId", "invalid",
                               "Trường 'fileId' phải là tệp bạn vừa tải lên, chưa gắn vào đâu.");
  }
  long long record_key = id.value();
  const long long now = ToUnixSeconds(clock_.Now()), by = p.user_id().value();
  tx.sql() << "INSERT INTO documents_record_file (record_id, file_id, attached_by, attached_at)"
              " VALUES (:r, :f, :by, :at)",
      soci::use(record_key), soci::use(file_key), soci::use(by), soci::use(now);
  StoreTotals(tx, id);
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor,
                    {"documents.record.file_added", "documents.record", std::to_string(record_key),
                     "Thêm tệp " + f->name + " vào hồ sơ " + r.FileCode()}));
  return Get(tx, p, id);
}

Result<std::pair<RecordFile, std::string>> WorkRecordService::FileContent(
    db::Transaction& tx, const identity::Principal& p, WorkRecordId id, FileId file) const {
  CQDT_ASSIGN_OR_RETURN(WorkRecord r, Get(tx, p, id));
  auto held = std::find_if(r.files.begin(), r.files.end(),
                           [&](const RecordFile& x) { return x.file_id == file; });
  if (held == r.files.end()) {
    return Error::NotFound("tệp", std::to_string(file.value()));
  }
  CQDT_ASSIGN_OR_RETURN(DocumentFile f, files_.Get(tx, file));
  CQDT_ASSIGN_OR_RETURN(std::string bytes, files_.Content(f));
  return std::make_pair(*held, std::move(bytes));
}

}  // namespace cqdt::documents
