#include "onestop/dossier_service.hpp"

#include <algorithm>
#include <map>
#include <vector>

#include "core/text.hpp"
#include "documents/document_files.hpp"
#include "dossier_internal.hpp"
#include "sql_dossier_repository.hpp"
#include "text/normalize.hpp"
#include "text/search.hpp"

namespace cqdt::onestop {

namespace {

using identity::Principal;
using identity::Role;
using namespace internal;

// The row of a scan checked and stored by StageUpload, before its ids and times are known.
DossierFile FileOf(const StagedFile& staged, AgencyId agency, UserId uploader) {
  DossierFile f;
  f.agency_id = agency;
  f.name = staged.name;
  f.content_type = staged.content_type;
  f.size = staged.size;
  f.sha256 = staged.sha256;
  f.uploaded_by = uploader;
  return f;
}

bool CanRead(const Principal& p, const Dossier& d) {
  return IsStaffOf(p, d.receiving_agency) || IsStaffOf(p, d.deciding_agency) ||
         std::any_of(d.steps.begin(), d.steps.end(),
                     [&](const DossierStep& s) { return IsStaffOf(p, s.agency); });
}

std::vector<std::string> PerformersOf(const Principal& p) {
  std::vector<std::string> out;
  if (p.Has(Role::kCounterOfficer)) {
    out.emplace_back(PerformerName(Performer::kCounter));
  }
  if (p.Has(Role::kOfficer) || p.Has(Role::kLeader)) {
    out.emplace_back(PerformerName(Performer::kOfficer));
    out.emplace_back(PerformerName(Performer::kOtherAgency));
  }
  if (p.Has(Role::kLeader)) {
    out.emplace_back(PerformerName(Performer::kUnitHead));
    out.emplace_back(PerformerName(Performer::kLeader));
  }
  return out;  // at most five: DossierRepository::List binds five
}

// The place a form is dated at: the first part of the agency's address without the kind of
// unit ("Đặc khu Phú Quốc, tỉnh An Giang" → "Phú Quốc"), or "" when there is none.
std::string PlaceOf(const std::string& address) {
  std::string first = Trim(address.substr(0, address.find(',')));
  // i18n: Vietnamese only (kinds of administrative unit, matched in an address)
  for (const char* kind : {"Đặc khu ", "Phường ", "Xã ", "Thành phố ", "Tỉnh ", "tỉnh "}) {
    // i18n: end
    if (first.starts_with(kind)) {
      return first.substr(std::string(kind).size());
    }
  }
  return first;
}

std::string Upper(const std::string& name) {
  auto upper = text::ToUpperVietnamese(name);
  return upper ? *upper : name;
}

}  // namespace

Result<StagedFile> DossierService::StageUpload(const Principal& p, const std::string& name,
                                               std::string_view bytes) const {
  if (p.realm != identity::Realm::kStaff || !p.agency_id.IsSet()) {
    return Error::PermissionDenied();
  }
  if (bytes.size() > options_.max_file_bytes) {
    return Error::TooLarge("Tệp vượt quá dung lượng cho phép.");
  }
  std::vector<FieldError> errors;
  StagedFile staged;
  CheckField(name, "name", "Tên tệp", 1, 255, errors, staged.name);
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  // The content is checked while the store copies the bytes into a spare inode; the sync is
  // waited for here, before any transaction.
  CQDT_ASSIGN_OR_RETURN(blob::PendingBlob pending, blobs_.PutAsync(bytes, [&]() -> Status {
    CQDT_ASSIGN_OR_RETURN(documents::DetectedContent content, documents::DetectContent(bytes));
    staged.content_type = content.content_type;
    return Ok();
  }));
  CQDT_RETURN_IF_ERROR(pending.Durable());
  staged.size = static_cast<std::int64_t>(bytes.size());
  staged.sha256 = pending.info().sha256;
  return staged;
}

Result<DossierFile> DossierService::Upload(db::Transaction& tx, const audit::Actor& actor,
                                           const Principal& p, const StagedFile& staged) {
  if (p.realm != identity::Realm::kStaff || !p.agency_id.IsSet() || !actor.user_id.IsSet()) {
    return Error::PermissionDenied();
  }
  DossierFile f = FileOf(staged, p.agency_id, actor.user_id);
  f.uploaded_at = ToUnixSeconds(clock_.Now());
  f.id = DossierRepository(tx).InsertFile(f);
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor, {"dossier.file_upload", "dossier_file", std::to_string(f.id.value()), f.name}));
  return f;
}

Result<DossierFile> DossierService::Upload(db::Transaction& tx, const audit::Actor& actor,
                                           const Principal& p, const std::string& name,
                                           std::string_view bytes) {
  if (!actor.user_id.IsSet()) {
    return Error::PermissionDenied();
  }
  CQDT_ASSIGN_OR_RETURN(StagedFile staged, StageUpload(p, name, bytes));
  return Upload(tx, actor, p, staged);
}

Result<Dossier> DossierService::Receive(db::Transaction& tx, const audit::Actor& actor,
                                        const Principal& p, const ReceiveInput& in) {
  if (p.realm != identity::Realm::kStaff || !p.agency_id.IsSet() || !p.Has(Role::kCounterOfficer)) {
    return Error::PermissionDenied("Chỉ cán bộ Bộ phận Một cửa được tiếp nhận hồ sơ.");
  }
  std::vector<FieldError> errors;
  const Applicant a = CheckApplicant(in.applicant, errors);
  std::string note;
  CheckField(in.note, "note", "Ghi chú", 0, 2000, errors, note);
  if (in.fee && (*in.fee < 0 || *in.fee > 1'000'000'000'000)) {
    errors.push_back({"fee", "range", "Trường 'fee' phải từ 0 đến 1000000000000 đồng."});
  }
  auto version = catalogue_.Current(tx, in.procedure_code);
  if (!version) {
    errors.push_back({"procedureCode", "unknown", "Không có thủ tục với mã này đang có hiệu lực."});
    return Error::Invalid(std::move(errors));
  }
  const ProcedureContent& c = version->content;
  AgencyId deciding = in.deciding_agency.IsSet() ? in.deciding_agency : p.agency_id;
  if (in.deciding_agency.IsSet() && !agencies_.Get(tx, deciding)) {
    errors.push_back({"decidingAgencyId", "unknown", "Không có cơ quan giải quyết này."});
  }
  const std::vector<AgencyId>& performers = version->agencies;
  if (!performers.empty() &&
      std::find(performers.begin(), performers.end(), deciding) == performers.end() &&
      std::find(performers.begin(), performers.end(), p.agency_id) == performers.end()) {
    errors.push_back({"procedureCode", "agency",
                      "Cơ quan tiếp nhận và cơ quan giải quyết không thực hiện thủ tục này."});
  }
  const ChannelOffer* offer = OfferOf(c, in.channel);
  if (offer == nullptr) {
    errors.push_back({"channel", "unknown", "Thủ tục không thực hiện qua kênh này."});
  }
  // The checklist as received.
  Dossier d;
  d.checklist = ChecklistOf(c);
  DossierRepository repo(tx);
  std::vector<DossierFile> files;  // as they will be attached
  for (std::size_t i = 0; i < in.documents.size(); ++i) {
    const ChecklistInput& ci = in.documents[i];
    const std::string field = "documents[" + std::to_string(i) + "]";
    if (ci.ordinal < 1 || ci.ordinal > static_cast<int>(d.checklist.size())) {
      errors.push_back({field + ".ordinal", "unknown",
                        "Trường '" + field + ".ordinal' không phải giấy tờ của thủ tục."});
      continue;
    }
    ChecklistItem& item = d.checklist[ci.ordinal - 1];
    item.provided = item.provided || ci.provided || !ci.file_ids.empty() || !ci.staged.empty();
    item.by_data = item.by_data || ci.by_data;
    for (DossierFileId fid : ci.file_ids) {
      auto f = repo.File(fid);
      if (!f || f->dossier_id.IsSet() || f->agency_id != p.agency_id ||
          f->uploaded_by != actor.user_id) {
        errors.push_back({field + ".fileIds", "unknown",
                          "Trường '" + field + ".fileIds' phải là tệp bạn vừa tải lên."});
        continue;
      }
      f->kind = DossierFileKind::kApplication;
      f->document_ordinal = ci.ordinal;
      files.push_back(std::move(*f));
    }
    for (const StagedFile& s : ci.staged) {  // sent with the receipt: inserted with it
      DossierFile f = FileOf(s, p.agency_id, actor.user_id);
      f.document_ordinal = ci.ordinal;
      files.push_back(std::move(f));
    }
  }
  if (!actor.user_id.IsSet() &&
      std::any_of(files.begin(), files.end(), [](const DossierFile& f) { return !f.id.IsSet(); })) {
    return Error::PermissionDenied();  // an upload names its uploader
  }
  std::string missing;
  for (const ChecklistItem& item : d.checklist) {
    if (item.required && !item.provided && !item.by_data) {
      missing += (missing.empty() ? "" : "; ") + item.name;
    }
  }
  // The agencies of the steps of other agencies (liên thông), one for each such step.
  std::map<int, AgencyId> step_agency;
  for (std::size_t i = 0; i < in.step_agencies.size(); ++i) {
    const StepAgencyInput& sa = in.step_agencies[i];
    const std::string field = "stepAgencies[" + std::to_string(i) + "]";
    if (sa.ordinal < 1 || sa.ordinal > static_cast<int>(c.process.size()) ||
        c.process[sa.ordinal - 1].performer != Performer::kOtherAgency) {
      errors.push_back(
          {field + ".ordinal", "unknown",
           "Trường '" + field + ".ordinal' không phải bước do cơ quan khác thực hiện."});
      continue;
    }
    if (!sa.agency.IsSet() || !agencies_.Get(tx, sa.agency)) {
      errors.push_back({field + ".agencyId", "unknown",
                        "Trường '" + field + ".agencyId' không phải cơ quan trong hệ thống."});
      continue;
    }
    step_agency[sa.ordinal] = sa.agency;
  }
  for (std::size_t i = 0; i < c.process.size(); ++i) {
    if (c.process[i].performer == Performer::kOtherAgency &&
        !step_agency.contains(static_cast<int>(i) + 1)) {
      errors.push_back({"stepAgencies", "missing",
                        "Hãy chọn cơ quan thực hiện bước «" + c.process[i].name + "»."});
    }
  }
  if (!missing.empty()) {
    errors.push_back({"documents", "missing",
                      "Hồ sơ còn thiếu giấy tờ bắt buộc (lập phiếu yêu cầu bổ sung): " + missing});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }

  const std::int64_t now = ToUnixSeconds(clock_.Now());
  const LocalDateTime received = Local(now);
  for (DossierFile& f : files) {
    if (!f.id.IsSet()) {
      f.uploaded_at = now;
    }
  }
  CQDT_ASSIGN_OR_RETURN(org::Agency receiving, agencies_.Get(tx, p.agency_id));
  CQDT_ASSIGN_OR_RETURN(LocalDateTime appointment,
                        Appointment(calendar_, offer->deadline, received));
  CQDT_ASSIGN_OR_RETURN(LocalDateTime transfer_due, TransferDue(calendar_, received));

  d.version_id = version->id;
  d.procedure_code = c.code;
  d.procedure_name = c.name;
  d.receiving_agency = p.agency_id;
  d.deciding_agency = deciding;
  d.channel = in.channel;
  d.state = DossierState::kReceived;
  d.resume_to = DossierState::kProcessing;
  d.applicant = a;
  d.sets = c.sets;
  d.submitted_at = now;
  d.received_at = now;
  d.received_by = p.full_name.empty() ? p.username : p.full_name;
  d.deadline = offer->deadline;
  d.restart_on_supplement = c.restart_on_supplement;
  d.transfer_due_at = Unix(transfer_due);
  d.appointment_at = Unix(appointment);
  d.due_at = d.appointment_at;
  d.fee = in.fee.value_or(FeesOf(*offer));
  d.fee_paid = in.fee_paid;
  d.delivery = in.delivery;
  d.note = note;
  d.updated_at = now;
  d.steps = StepsOf(c, *offer);
  bool leading = true;
  for (std::size_t i = 0; i < d.steps.size(); ++i) {
    DossierStep& s = d.steps[i];
    s.agency = s.performer == Performer::kCounter       ? p.agency_id
               : s.performer == Performer::kOtherAgency ? step_agency[s.ordinal]
                                                        : deciding;
    // The receipt itself is the leading counter step(s) of the process.
    if (leading && s.performer == Performer::kCounter && i + 1 < d.steps.size()) {
      CQDT_ASSIGN_OR_RETURN(LocalDateTime end, StepEnd(calendar_, received, s.hours));
      s.assignee = actor.user_id;
      s.assignee_name = d.received_by;
      s.started_at = now;
      s.planned_end = Unix(end);
      s.finished_at = now;
      s.finished_by = d.received_by;
      s.outcome = Timeliness::kOnTime;
    } else {
      leading = false;
    }
  }
  // The code is taken in the statement that inserts the dossier (PostgreSQL; just before it on
  // SQLite), so the desk's counter row is locked from there to the commit: one round trip.
  CQDT_ASSIGN_OR_RETURN(numbering::DossierCodeClause code,
                        counters_.NextDossierCodeClause(tx, receiving.code, received.date));
  switch (repo.InsertNew(d, files,
                         {now, d.received_by, "receive", DossierState::kNew, d.state,
                          "Hẹn trả: " + FormatVietnamLocal(appointment)},
                         &code)) {
    case DossierRepository::InsertOutcome::kInserted:
      break;
    case DossierRepository::InsertOutcome::kFileTaken:
      return Error::InvalidField("documents", "attached", "Tệp đã được gắn vào hồ sơ khác.");
    case DossierRepository::InsertOutcome::kNoCode:
      return numbering::CounterService::DossierCodesExhausted(receiving.code, received.date);
  }
  for (DossierFile& f : files) {
    if (!f.dossier_id.IsSet()) {  // attached; an inserted one was uploaded with the receipt
      f.dossier_id = d.id;
    } else {
      CQDT_RETURN_IF_ERROR(audit_.Record(
          tx, actor,
          {"dossier.file_upload", "dossier_file", std::to_string(f.id.value()), f.name}));
    }
  }
  // The dossier as stored (Load lists its files by id), without reading it back.
  std::sort(files.begin(), files.end(),
            [](const DossierFile& x, const DossierFile& y) { return x.id.value() < y.id.value(); });
  d.files = std::move(files);
  if (!version->used) {  // marked once; then its content is final
    CQDT_RETURN_IF_ERROR(catalogue_.MarkUsed(tx, version->id));
  }
  NameAgencies(tx, agencies_, d, &receiving);
  CQDT_RETURN_IF_ERROR(
      audit_.Record(tx, actor, {"dossier.receive", "dossier", d.code, d.procedure_name}));
  if (d.citizen.IsSet()) {
    CQDT_RETURN_IF_ERROR(outbox_.Enqueue(
        tx,
        {notify::Recipient::Citizen(d.citizen), "onestop.received",
         "Hồ sơ " + d.code + " đã được tiếp nhận, hẹn trả " + FormatVietnamLocal(appointment) + ".",
         "Dossier " + d.code + " was received; result due " + FormatVietnamLocal(appointment) + ".",
         "/portal/ho-so-cua-toi/" + d.code, "onestop.dossier", d.code, ""}));
  }
  return d;
}

Result<Dossier> DossierService::Get(db::Transaction& tx, const Principal& p,
                                    const std::string& code) const {
  auto d = DossierRepository(tx).Load(code);
  if (!d || !CanRead(p, *d)) {
    return Error::NotFound("hồ sơ", code);
  }
  NameAgencies(tx, agencies_, *d);
  return *d;
}

Result<std::pair<Dossier, std::vector<DossierEvent>>> DossierService::Lookup(
    db::Transaction& tx, const std::string& code) const {
  DossierRepository repo(tx);
  auto d = repo.Load(code);
  if (!d) {
    return Error::NotFound("hồ sơ", code);
  }
  NameAgencies(tx, agencies_, *d);
  auto events = repo.Events(d->id);
  return std::make_pair(std::move(*d), std::move(events));
}

Result<std::vector<DossierEvent>> DossierService::Timeline(db::Transaction& tx, const Principal& p,
                                                           const std::string& code) const {
  CQDT_ASSIGN_OR_RETURN(Dossier d, Get(tx, p, code));
  return DossierRepository(tx).Events(d.id);
}

Result<std::pair<DossierFile, std::string>> DossierService::FileContent(db::Transaction& tx,
                                                                        const Principal& p,
                                                                        const std::string& code,
                                                                        DossierFileId id) const {
  CQDT_ASSIGN_OR_RETURN(Dossier d, Get(tx, p, code));
  for (const DossierFile& f : d.files) {
    if (f.id == id) {
      CQDT_ASSIGN_OR_RETURN(std::string bytes, FileBytes(f));
      return std::make_pair(f, std::move(bytes));
    }
  }
  return Error::NotFound("tệp", std::to_string(id.value()));
}

Result<std::string> DossierService::FormPdf(db::Transaction& tx, const Principal& p,
                                            const std::string& code, DossierForm form,
                                            const std::string& tracking_base) const {
  // The applicant with a portal account reads their own receipt slip and fee receipt too.
  const bool own = p.realm == identity::Realm::kCitizen &&
                   (form == DossierForm::kReceipt || form == DossierForm::kFeeReceipt);
  Dossier d;
  if (own) {
    auto mine = DossierRepository(tx).Load(code);
    if (!mine || !mine->citizen.IsSet() || mine->citizen.value() != p.subject_id ||
        mine->received_at == 0) {
      return Error::NotFound("hồ sơ", code);
    }
    NameAgencies(tx, agencies_, *mine);
    d = std::move(*mine);
  } else {
    CQDT_ASSIGN_OR_RETURN(d, Get(tx, p, code));
  }
  const AgencyId heading = form == DossierForm::kApology ? d.deciding_agency : d.receiving_agency;
  CQDT_ASSIGN_OR_RETURN(org::Agency agency, agencies_.Get(tx, heading));
  FormContext c;
  if (agency.parent_id.IsSet()) {
    if (auto parent = agencies_.Get(tx, agency.parent_id)) {
      c.agency_lines.push_back(Upper(parent->name));
    }
  }
  c.agency_lines.push_back(Upper(agency.name));
  c.place = PlaceOf(agency.address);
  c.tracking_url = tracking_base + "/tra-cuu-ho-so?ma=" + d.code;
  c.printed_at = ToUnixSeconds(clock_.Now());
  c.fee_method = DossierRepository(tx).FeeMethodOf(d.id);
  return RenderDossierForm(d, DossierRepository(tx).Events(d.id), form, c);
}

Result<bool> DossierService::EscalationDue(db::Transaction& tx) const {
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  DossierRepository repo(tx);
  return !repo.OverdueSteps(now).empty() || !repo.OverdueDossiers(now).empty();
}

Result<EscalationReport> DossierService::Escalate(db::Transaction& tx) const {
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  DossierRepository repo(tx);
  EscalationReport report;
  // Each agency's leaders, read once per sweep (the sweep holds the write lock; reading an
  // agency's whole staff for each late step cost 231 ms for 452 of them with 1,000 users).
  std::map<AgencyId, std::vector<UserId>> leaders_of;
  auto leaders = [&](AgencyId agency) -> const std::vector<UserId>& {
    auto [it, fresh] = leaders_of.try_emplace(agency);
    if (fresh) {
      for (const identity::User& u : identity_.ListUsers(tx, agency, "")) {
        if (!u.disabled && u.roles.contains(Role::kLeader)) {
          it->second.push_back(u.id);
        }
      }
    }
    return it->second;
  };
  auto notify_leaders = [&](const DossierRepository::Overdue& o, const std::string& vi,
                            const std::string& en, const std::string& key) -> Status {
    for (const UserId leader : leaders(o.agency)) {
      auto sent = outbox_.Enqueue(tx, {notify::Recipient::User(leader), "onestop.overdue", vi, en,
                                       "/mot-cua/ho-so/" + o.code, "onestop.dossier", o.code, key});
      if (!sent) {
        return sent.error();
      }
    }
    return Ok();
  };
  for (const auto& o : repo.OverdueSteps(now)) {
    ++report.steps;
    if (!o.flagged) {
      repo.SetLateFlag(o.id);
    }
    CQDT_RETURN_IF_ERROR(notify_leaders(
        o, "Hồ sơ " + o.code + " (" + o.procedure_name + ") quá hạn ở bước " + o.step_name + ".",
        "Dossier " + o.code + " (" + o.procedure_name + ") is late at the step " + o.step_name +
            ".",
        "onestop.step_overdue|" + o.code + "|" + std::to_string(o.step)));
    repo.SetStepLateNotified(o.id, o.step);
  }
  for (const auto& o : repo.OverdueDossiers(now)) {
    ++report.dossiers;
    repo.SetLateFlag(o.id);
    CQDT_RETURN_IF_ERROR(
        notify_leaders(o, "Hồ sơ " + o.code + " (" + o.procedure_name + ") đã quá hạn trả kết quả.",
                       "Dossier " + o.code + " (" + o.procedure_name + ") is past its due time.",
                       "onestop.overdue|" + o.code));
  }
  return report;
}

Result<DossierPage> DossierService::List(db::Transaction& tx, const Principal& p,
                                         const DossierFilter& filter) const {
  if (p.realm != identity::Realm::kStaff || !p.agency_id.IsSet()) {
    return Error::PermissionDenied();
  }
  if (filter.limit < 1 || filter.limit > 200) {
    return Error::InvalidField("limit", "range", "Trường 'limit' phải từ 1 đến 200.");
  }
  if (filter.offset < 0) {
    return Error::InvalidField("offset", "range", "Trường 'offset' không được âm.");
  }
  CQDT_ASSIGN_OR_RETURN(text::SearchQuery query, text::SearchQuery::Parse(filter.query, "q"));
  ListQuery q;
  q.agency = p.agency_id;
  q.user = UserId(p.subject_id);
  q.performers = PerformersOf(p);
  q.queue = static_cast<int>(filter.queue);
  q.state = filter.state ? DossierStateName(*filter.state) : "";
  q.words = query.words();
  q.now = ToUnixSeconds(clock_.Now());
  q.limit = filter.limit;
  q.offset = filter.offset;
  DossierPage page;
  page.items = DossierRepository(tx).List(q, page.total);
  return page;
}

}  // namespace cqdt::onestop
