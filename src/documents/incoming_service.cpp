#include "documents/incoming_service.hpp"

#include <chrono>

#include <soci/soci.h>

#include "core/document_number.hpp"
#include "core/text.hpp"
#include "db/statement.hpp"
#include "document_repository.hpp"
#include "documents/arrival_stamp.hpp"
#include "documents/delegation_service.hpp"
#include "outgoing_internal.hpp"
#include "queue_sql.hpp"

namespace cqdt::documents {
namespace oi = outgoing_internal;
namespace {

using identity::Role;

std::int64_t NowSeconds(const Clock& clock) { return ToUnixSeconds(clock.Now()); }

// Length in code points of a UTF-8 string (continuation bytes are not counted).
void CheckText(std::vector<FieldError>& errors, const char* field, const std::string& value,
               std::size_t min, std::size_t max, const char* label) {
  std::size_t n = CodePointCount(value);
  if (n < min || n > max) {
    errors.push_back({field, min > 0 && n == 0 ? "required" : "length",
                      std::string("Trường '") + field + "' (" + label + ") phải có từ " +
                          std::to_string(min) + " đến " + std::to_string(max) + " ký tự."});
  }
}

void CheckDate(std::vector<FieldError>& errors, const char* field, const std::string& value,
               bool required) {
  if (value.empty() ? required : !ParseIsoDate(value)) {
    errors.push_back(
        {field, "format", std::string("Trường '") + field + "' phải là ngày dạng YYYY-MM-DD."});
  }
}

std::vector<Document> LoadAll(db::Transaction& tx, const std::vector<long long>& ids) {
  DocumentRepository repo(tx);
  std::vector<Document> out;
  for (long long id : ids) {
    if (auto d = repo.Get(DocumentId(id))) {
      out.push_back(*d);
    }
  }
  return out;
}

}  // namespace

std::string TodayInVietnam(TimePoint now) {
  using namespace std::chrono;
  auto local = floor<days>(now + hours(7));
  year_month_day ymd{local};
  return FormatIsoDate(Date{static_cast<int>(ymd.year()), static_cast<int>(unsigned(ymd.month())),
                            static_cast<int>(unsigned(ymd.day()))});
}

AccessFacts IncomingService::FactsOf(db::Transaction& tx, const Document& d) {
  AccessFacts f;
  f.agency_id = d.agency_id;
  f.confidentiality = d.confidentiality;
  f.created_by = d.created_by;
  f.drafter = d.drafter_id;
  long long key = d.id.value();
  long long user = 0;
  soci::indicator ind = soci::i_null;
  soci::statement st = (tx.sql().prepare << "SELECT assignee_user_id FROM documents_assignment"
                                            " WHERE document_id = :d",
                        soci::use(key), soci::into(user, ind));
  st.execute(false);
  while (st.fetch()) {
    if (ind == soci::i_ok) {
      f.assignees.insert(UserId(user));
    }
  }
  for (const auto& g : DocumentRepository(tx).Grants(d.id)) {
    f.grants.insert(g.user_id);
  }
  long long leader = 0;
  soci::statement submitted =
      (tx.sql().prepare << "SELECT leader_id FROM documents_submission WHERE document_id = :d",
       soci::use(key), soci::into(leader));
  submitted.execute(false);
  while (submitted.fetch()) {
    f.submitted_to.insert(UserId(leader));
  }
  return f;
}

Result<RegisterOutcome> IncomingService::Register(db::Transaction& tx, const audit::Actor& actor,
                                                  const identity::Principal& p,
                                                  const IncomingInput& in) {
  // Only the staff of the receiving agency register its documents.
  if (!identity::Authorizer::IsStaff(p) || p.agency_id != in.agency_id || !in.agency_id.IsSet()) {
    return Error::PermissionDenied("Chỉ văn thư của cơ quan nhận được vào sổ văn bản đến.");
  }
  std::vector<FieldError> errors;
  Document d;
  d.agency_id = in.agency_id;
  d.direction = Direction::kIncoming;
  d.state = IncomingStateName(IncomingState::kRegistered);
  d.type_ordinal = in.type_ordinal;
  // The number/notation as printed on the document (untrusted text): parsed to check its shape;
  // the text is kept as typed (leading zeros included) for the duplicate check.
  if (!in.number_text.empty()) {
    auto parsed = ParseDocumentNumber(in.number_text, "numberText");
    if (!parsed) {
      auto fields = parsed.error().fields();
      errors.insert(errors.end(), fields.begin(), fields.end());
    } else {
      d.number = parsed->number;
      d.notation = parsed->Notation();
      d.number_text = Trim(in.number_text);
      if (d.type_ordinal == 0 && parsed->Type() != nullptr) {
        d.type_ordinal = parsed->Type()->ordinal;
      }
    }
  }
  if (FindDocumentTypeByOrdinal(d.type_ordinal) == nullptr) {
    errors.push_back({"typeOrdinal", "range",
                      "Trường 'typeOrdinal' (loại văn bản) phải là số thứ tự từ 1 đến 29."});
  }
  CheckDate(errors, "issuedDate", in.issued_date, true);
  CheckDate(errors, "arrivalDate", in.arrival_date, false);
  CheckDate(errors, "dueDate", in.due_date, false);
  CheckText(errors, "subject", in.subject, 1, 500, "trích yếu");
  CheckText(errors, "signerName", in.signer_name, 0, 200, "người ký");
  CheckText(errors, "signerPosition", in.signer_position, 0, 200, "chức vụ người ký");
  CheckText(errors, "description", in.description, 0, 1000, "ghi chú");
  CheckText(errors, "toPlaces", in.to_places, 0, 1000, "nơi nhận");
  if (in.page_count < 0 || in.page_count > 10000) {
    errors.push_back({"pageCount", "range", "Trường 'pageCount' phải từ 0 đến 10000."});
  }
  auto urgency = ParseUrgency(in.urgency);
  auto confidentiality = ParseConfidentiality(in.confidentiality);
  auto channel = ParseChannel(in.channel);
  if (!urgency) {
    errors.push_back(
        {"urgency", "enum", "Trường 'urgency' phải là normal, urgent, very_urgent hoặc express."});
  }
  if (!confidentiality) {
    errors.push_back({"confidentiality", "enum",
                      "Trường 'confidentiality' phải là none, confidential, secret hoặc "
                      "top_secret."});
  }
  if (!channel) {
    errors.push_back(
        {"channel", "enum", "Trường 'channel' phải là paper, electronic hoặc internal."});
  }
  // The sender: an agency of the directory (its name is copied, as printed at the time), or a
  // name typed by the clerk for a sender outside it.
  if (in.sender_agency_id.IsSet()) {
    auto sender = agencies_.Get(tx, in.sender_agency_id);
    if (!sender) {
      errors.push_back({"senderAgencyId", "unknown",
                        "Trường 'senderAgencyId': không có cơ quan này trong danh bạ."});
    } else {
      d.sender_agency_id = sender->id;
      d.sender_name = in.sender_name.empty() ? sender->name : Trim(in.sender_name);
    }
  } else {
    d.sender_name = Trim(in.sender_name);
    CheckText(errors, "senderName", d.sender_name, 1, 300, "cơ quan gửi");
  }
  if (in.file_ids.size() > 20) {
    errors.push_back({"fileIds", "length", "Trường 'fileIds' có tối đa 20 tệp."});
  }
  // Decision 0009: the files of a confidential document are kept only on an instance declared
  // isolated; elsewhere only its register entry and route are.
  if (confidentiality && IsConfidential(*confidentiality) && !in.file_ids.empty() &&
      !options_.confidential_files) {
    errors.push_back({"fileIds", "confidential",
                      "Máy chủ này không lưu tệp của văn bản mật: vào sổ văn bản mật không kèm "
                      "tệp; bản giấy được quản lý theo chế độ mật."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  d.issued_date = in.issued_date;
  d.arrival_date = in.arrival_date.empty() ? TodayInVietnam(clock_.Now()) : in.arrival_date;
  d.due_date = in.due_date;
  d.subject = Trim(in.subject);
  d.signer_name = in.signer_name;
  d.signer_position = in.signer_position;
  d.description = in.description;
  d.to_places = in.to_places;
  d.page_count = in.page_count;
  d.urgency = *urgency;
  d.confidentiality = *confidentiality;
  d.channel = *channel;
  d.created_by = actor.user_id;

  // The register first: whoever may not write it may not learn about duplicates either. An
  // agency that never opened its registers gets its defaults now (idempotent).
  // The agency is read once: it must exist (as EnsureDefaults checks) and its name goes on the
  // arrival stamp below.
  // From the directory's snapshot when it has the agency (org::AgencyService::GetCached).
  CQDT_ASSIGN_OR_RETURN(org::Agency own_agency, agencies_.GetCached(tx, d.agency_id));
  CQDT_ASSIGN_OR_RETURN(documents::Register reg,
                        registers_.EnsureRegisterFor(tx, actor, d.agency_id, Direction::kIncoming,
                                                     d.type_ordinal, d.confidentiality));
  // Read with the register listing above (one statement): no round trip here.
  CQDT_ASSIGN_OR_RETURN(auto writers, registers_.WriterIds(tx, reg.id));
  if (!RegisterService::CanWrite(p, reg, writers)) {
    return Error::PermissionDenied("Bạn không được ghi vào sổ '" + reg.name + "'.");
  }

  // Decree 30/2020 art. 22: one document is registered once. Same sender, same number/notation
  // and same issue date is almost surely the same document (a copy by post after the electronic
  // one): warn before saving anything.
  if (!in.confirm_duplicate && !d.number_text.empty()) {
    long long agency = d.agency_id.value(), sender = d.sender_agency_id.value(), id = 0;
    std::string sender_name = d.sender_name;
    std::vector<long long> ids;
    {
      auto st =
          db::Prepare(tx,
                      "SELECT id FROM documents_document WHERE agency_id = :a"
                      " AND direction = 'incoming' AND number_text = :n"
                      " AND issued_date = :d AND ((:s > 0 AND sender_agency_id = :s2)"
                      " OR sender_name = :sn) ORDER BY id",
                      soci::use(agency), soci::use(d.number_text), soci::use(d.issued_date),
                      soci::use(sender), soci::use(sender), soci::use(sender_name), soci::into(id));
      st->execute(false);
      while (st->fetch()) {
        ids.push_back(id);
      }
    }
    if (!ids.empty()) {
      RegisterOutcome out;
      out.duplicates = LoadAll(tx, ids);
      return out;
    }
  }

  d.created_at = d.updated_at = NowSeconds(clock_);
  DocumentRepository repo(tx);
  Document stored = repo.Insert(d);
  // The arrival number (số đến): the next of the register for the arrival year, in this
  // transaction, so a failure below gives it back (art. 22.2: consecutive, from 1 each year).
  int year = ParseIsoDate(d.arrival_date)->year;
  CQDT_ASSIGN_OR_RETURN(RegisterEntry entry,
                        registers_.AllocateFor(tx, actor, reg, year, stored, true));
  stored.arrival_number = static_cast<int>(entry.number);
  stored.register_entry_id = entry.id;
  CQDT_ASSIGN_OR_RETURN(stored, repo.Update(stored, stored.updated_at));
  for (FileId f : in.file_ids) {
    CQDT_RETURN_IF_ERROR(files_.Attach(
        tx, f, stored, stored.channel == Channel::kPaper ? FileRole::kScan : FileRole::kMain,
        actor.user_id));
  }
  // What the "ĐẾN" stamp says, as it is now (arrival_stamp.hpp).
  RecordArrivalStamp(tx, {stored.id, stored.agency_id, own_agency.name, stored.arrival_number,
                          stored.arrival_date, stored.updated_at, reg.id, reg.name});
  std::string detail = "Vào sổ '" + reg.name + "', số đến " + std::to_string(entry.number) + ".";
  repo.AddEvent({0, stored.id, stored.agency_id, stored.updated_at, actor.user_id, actor.name,
                 "documents.registered", detail, actor.client_address, actor.request_id});
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor,
                    {"documents.incoming.register", "document", std::to_string(stored.id.value()),
                     "arrival " + std::to_string(year) + " #" + std::to_string(entry.number) + " " +
                         stored.number_text}));
  RegisterOutcome out;
  out.document = stored;
  return out;
}

Result<std::string> IncomingService::StateForSystem(db::Transaction& tx, DocumentId id) const {
  auto d = DocumentRepository(tx).Get(id);
  if (!d || d->direction != Direction::kIncoming) {
    return Error::NotFound("văn bản", std::to_string(id.value()));
  }
  return d->state;
}

Result<Document> IncomingService::MarkRecalledBySender(db::Transaction& tx,
                                                       const audit::Actor& actor,
                                                       const identity::Principal& p, DocumentId id,
                                                       const std::string& reason) {
  CQDT_ASSIGN_OR_RETURN(Document d, Get(tx, p, id));
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  d.recall_reason = reason.empty() ? "Bên gửi thu hồi văn bản." : reason.substr(0, 1000);
  DocumentRepository docs(tx);
  CQDT_ASSIGN_OR_RETURN(d, docs.Update(d, now));
  CQDT_RETURN_IF_ERROR(oi::Record(tx, audit_, actor, d, "documents.delivery.recalled",
                                  "Văn bản đã bị bên gửi thu hồi: " + d.recall_reason, now));
  return d;
}

Result<Document> IncomingService::Get(db::Transaction& tx, const identity::Principal& p,
                                      DocumentId id) const {
  auto d = DocumentRepository(tx).Get(id);
  std::string key = std::to_string(id.value());
  if (!d || d->direction != Direction::kIncoming) {
    return Error::NotFound("văn bản", key);
  }
  AccessFacts facts = FactsOf(tx, *d);
  // Ủy quyền: a deputy holding a leader's assign right reads what a leader reads.
  if (!CanSee(p, facts) && HoldsActiveDelegation(tx, p.user_id(), DelegatedRight::kAssign, UserId(),
                                                 d->agency_id, TodayInVietnam(clock_.Now()))) {
    facts.leader_deputies.insert(p.user_id());
  }
  CQDT_RETURN_IF_ERROR(CheckVisible(p, facts, key));
  return d;
}

Result<std::vector<Document>> IncomingService::List(db::Transaction& tx,
                                                    const identity::Principal& p,
                                                    const ListFilter& filter) const {
  if (!filter.state.empty() && !IsStateOf(Direction::kIncoming, filter.state)) {
    return Error::InvalidField("state", "enum",
                               "Trường 'state' không phải trạng thái văn bản đến.");
  }
  if (!identity::Authorizer::IsStaff(p) || !p.agency_id.IsSet()) {
    return std::vector<Document>{};
  }
  // Filtered, sorted and paged in SQL (issue 10, item 5): the visibility rule of
  // document_access as a predicate (queue_sql.hpp), so a confidential document stays hidden from
  // the agency's leaders and clerks off its route.
  SqlBuilder b;
  b.Text("SELECT d.id FROM documents_document d WHERE d.agency_id = ")
      .Int(p.agency_id.value())
      .Text(" AND d.direction = 'incoming'");
  if (!filter.state.empty()) {
    b.Text(" AND d.state = ").Str(filter.state);
  }
  b.Text(" AND ");
  AppendVisible(b, {p.user_id(), p.Has(identity::Role::kLeader) || p.Has(identity::Role::kClerk)});
  b.Text(" ORDER BY d.arrival_date DESC, d.id DESC LIMIT ")
      .Int(filter.limit)
      .Text(" OFFSET ")
      .Int(filter.offset);
  long long id = 0;
  soci::statement st(tx.sql());
  st.exchange(soci::into(id));
  b.Bind(st);
  st.alloc();
  st.prepare(b.text());
  st.define_and_bind();
  st.execute(false);
  std::vector<long long> ids;
  while (st.fetch()) {
    ids.push_back(id);
  }
  return LoadAll(tx, ids);
}

Result<std::vector<DocumentEventView>> IncomingService::Events(db::Transaction& tx,
                                                               const identity::Principal& p,
                                                               DocumentId id) const {
  CQDT_ASSIGN_OR_RETURN(Document seen, Get(tx, p, id));
  return Events(tx, seen);
}

std::vector<DocumentEventView> IncomingService::Events(db::Transaction& tx,
                                                       const Document& seen) const {
  std::vector<DocumentEventView> out;
  for (const auto& e : DocumentRepository(tx).Events(seen.id)) {
    out.push_back({e.at, e.actor_name, e.action, e.detail});
  }
  return out;
}

Result<std::vector<DocumentFile>> IncomingService::Files(db::Transaction& tx,
                                                         const identity::Principal& p,
                                                         DocumentId id) const {
  CQDT_ASSIGN_OR_RETURN(Document seen, Get(tx, p, id));
  return Files(tx, seen);
}

std::vector<DocumentFile> IncomingService::Files(db::Transaction& tx, const Document& seen) const {
  return files_.OfDocument(tx, seen.id);
}

}  // namespace cqdt::documents
