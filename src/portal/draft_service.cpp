#include "portal/draft_service.hpp"

#include <algorithm>

#include "db/statement.hpp"
#include "json_text.hpp"

namespace cqdt::portal {

namespace {

bool IsCitizen(const identity::Principal& p) {
  return p.realm == identity::Realm::kCitizen && p.subject_id > 0;
}

struct DraftRow {
  long long id = 0, citizen = 0, agency = 0, form = 0, created = 0, updated = 0;
  soci::indicator agency_ind = soci::i_null, form_ind = soci::i_null;
  std::string code, answers, documents, note;
};

constexpr const char* kColumns =
    "SELECT id, citizen_id, procedure_code, agency_id, form_id, answers, documents, note,"
    " created_at, updated_at FROM portal_draft WHERE citizen_id = :c ";

std::vector<Draft> Load(db::Transaction& tx, long long citizen, std::optional<long long> id) {
  DraftRow r;
  long long key = id.value_or(0);
  db::Statement st = tx.Prepare(std::string(kColumns) +
                                (id ? "AND id = :id" : "ORDER BY updated_at DESC, id DESC"));
  st->exchange(soci::into(r.id));
  st->exchange(soci::into(r.citizen));
  st->exchange(soci::into(r.code));
  st->exchange(soci::into(r.agency, r.agency_ind));
  st->exchange(soci::into(r.form, r.form_ind));
  st->exchange(soci::into(r.answers));
  st->exchange(soci::into(r.documents));
  st->exchange(soci::into(r.note));
  st->exchange(soci::into(r.created));
  st->exchange(soci::into(r.updated));
  st->exchange(soci::use(citizen));
  if (id) {
    st->exchange(soci::use(key));
  }
  st->define_and_bind();
  st->execute(false);
  std::vector<Draft> out;
  while (st->fetch()) {
    Draft d;
    d.id = DraftId(r.id);
    d.citizen = CitizenId(r.citizen);
    d.procedure_code = r.code;
    d.agency = r.agency_ind == soci::i_ok ? AgencyId(r.agency) : AgencyId();
    d.form_id = r.form_ind == soci::i_ok ? FormId(r.form) : FormId();
    d.answers = ParseAnswersText(r.answers);
    d.documents = ParseDocumentsText(r.documents);
    d.note = r.note;
    d.created_at = r.created;
    d.updated_at = r.updated;
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

bool IsStoreFileId(const std::string& id) {
  if (id.size() < 2 || id.size() > 19 || (id[0] != 'u' && id[0] != 's' && id[0] != 'd') ||
      id[1] == '0') {
    return false;
  }
  return std::all_of(id.begin() + 1, id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Result<Draft> DraftService::Check(db::Transaction& tx, const identity::Principal& p,
                                  const DraftInput& in, std::string& answers_text,
                                  std::string& documents_text) const {
  if (!IsCitizen(p)) {
    return Error::PermissionDenied("Chỉ công dân, tổ chức đã đăng nhập mới lưu hồ sơ nháp.");
  }
  auto version = catalogue_.Current(tx, in.procedure_code);
  if (!version) {
    return Error::InvalidField("procedureCode", "unknown",
                               "Không có thủ tục với mã này đang có hiệu lực.");
  }
  const onestop::ProcedureContent& c = version->content;
  std::vector<FieldError> errors;
  if (std::none_of(c.channels.begin(), c.channels.end(), [](const onestop::ChannelOffer& o) {
        return o.channel == onestop::Channel::kOnline;
      })) {
    errors.push_back({"procedureCode", "online", "Thủ tục không nhận hồ sơ trực tuyến."});
  }
  const std::vector<AgencyId>& performers = version->agencies;
  if (in.agency.IsSet() && !performers.empty() &&
      std::find(performers.begin(), performers.end(), in.agency) == performers.end()) {
    errors.push_back({"agencyId", "unknown", "Cơ quan này không tiếp nhận thủ tục."});
  }
  CQDT_ASSIGN_OR_RETURN(StoredForm form, forms_.Current(tx, c.code));
  Draft d;
  d.procedure_code = c.code;
  d.procedure_name = c.name;
  d.agency = in.agency;
  d.form_id = form.id;
  if (auto answers = CheckDraftAnswers(form.definition, in.answers)) {
    d.answers = std::move(*answers);
  } else {
    errors.insert(errors.end(), answers.error().fields().begin(), answers.error().fields().end());
  }
  if (in.documents.size() > c.documents.size()) {
    errors.push_back({"documents", "range", "Danh sách giấy tờ dài hơn danh sách của thủ tục."});
  }
  for (std::size_t i = 0; i < in.documents.size() && i < c.documents.size(); ++i) {
    const DocumentChoice& choice = in.documents[i];
    const std::string at = "documents[" + std::to_string(i) + "]";
    if (choice.ordinal < 1 || choice.ordinal > static_cast<int>(c.documents.size())) {
      errors.push_back({at + ".ordinal", "unknown",
                        "Trường '" + at + ".ordinal' không phải giấy tờ của thủ tục."});
      continue;
    }
    if (choice.by_data && !c.documents[choice.ordinal - 1].replaceable_by_data) {
      errors.push_back({at + ".byData", "data",
                        "Giấy tờ này không thay được bằng dữ liệu sẵn có: hãy tải tệp lên."});
    }
    DocumentChoice kept{choice.ordinal, {}, choice.by_data};
    if (choice.files.size() > kMaxFilesPerDocument) {
      errors.push_back({at + ".files", "range",
                        "Mỗi giấy tờ có tối đa " + std::to_string(kMaxFilesPerDocument) + " tệp."});
    }
    for (const ChosenFile& f : choice.files) {
      std::vector<FieldError> name_errors;
      auto name = CheckText(f.name, (at + ".files").c_str(), "Tên tệp", 0, 255, name_errors);
      if (!IsStoreFileId(f.id) || !name) {
        errors.push_back({at + ".files", "unknown",
                          "Trường '" + at + ".files' phải là tệp trong kho dữ liệu của bạn."});
        break;
      }
      kept.files.push_back({f.id, *name});
    }
    d.documents.push_back(std::move(kept));
  }
  if (auto note = CheckText(in.note, "note", "Ghi chú", 0, 2000, errors)) {
    d.note = *note;
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  answers_text = AnswersText(d.answers);
  documents_text = DocumentsText(d.documents);
  if (answers_text.size() + documents_text.size() + d.note.size() > kMaxDraftBytes) {
    return Error::TooLarge("Hồ sơ nháp vượt quá 64 KB.");
  }
  d.citizen = CitizenId(p.subject_id);
  return d;
}

Result<std::vector<Draft>> DraftService::List(db::Transaction& tx,
                                              const identity::Principal& p) const {
  if (!IsCitizen(p)) {
    return Error::PermissionDenied("Chỉ công dân, tổ chức đã đăng nhập mới lưu hồ sơ nháp.");
  }
  std::vector<Draft> drafts = Load(tx, p.subject_id, std::nullopt);
  for (Draft& d : drafts) {
    if (auto v = catalogue_.Current(tx, d.procedure_code)) {
      d.procedure_name = v->content.name;
    }
  }
  return drafts;
}

Result<Draft> DraftService::Get(db::Transaction& tx, const identity::Principal& p,
                                DraftId id) const {
  std::vector<Draft> found =
      IsCitizen(p) ? Load(tx, p.subject_id, id.value()) : std::vector<Draft>{};
  if (found.empty()) {
    return Error::NotFound("hồ sơ nháp", std::to_string(id.value()));
  }
  if (auto v = catalogue_.Current(tx, found.front().procedure_code)) {
    found.front().procedure_name = v->content.name;
  }
  return std::move(found.front());
}

Result<Draft> DraftService::Create(db::Transaction& tx, const audit::Actor& actor,
                                   const identity::Principal& p, const DraftInput& in) {
  std::string answers, documents;
  CQDT_ASSIGN_OR_RETURN(Draft d, Check(tx, p, in, answers, documents));
  long long citizen = p.subject_id, count = 0;
  db::Run(tx, "SELECT COUNT(*) FROM portal_draft WHERE citizen_id = :c", soci::use(citizen),
          soci::into(count));
  if (count >= kMaxDrafts) {
    return Error::Conflict("Bạn đã có " + std::to_string(kMaxDrafts) +
                           " hồ sơ nháp: hãy nộp hoặc xóa bớt trước khi lưu thêm.");
  }
  long long id = 0, now = ToUnixSeconds(clock_.Now()), agency = d.agency.value(),
            form = d.form_id.value();
  soci::indicator agency_ind = d.agency.IsSet() ? soci::i_ok : soci::i_null;
  soci::indicator form_ind = d.form_id.IsSet() ? soci::i_ok : soci::i_null;
  db::Run(tx,
          "INSERT INTO portal_draft (citizen_id, procedure_code, agency_id, form_id, answers,"
          " documents, note, created_at, updated_at) VALUES (:c, :p, :a, :f, :an, :d, :n, :ca,"
          " :ua) RETURNING id",
          soci::use(citizen), soci::use(d.procedure_code), soci::use(agency, agency_ind),
          soci::use(form, form_ind), soci::use(answers), soci::use(documents), soci::use(d.note),
          soci::use(now), soci::use(now), soci::into(id));
  d.id = DraftId(id);
  d.created_at = d.updated_at = now;
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor, {"portal.draft_create", "portal_draft", std::to_string(id), d.procedure_code}));
  return d;
}

Result<Draft> DraftService::Save(db::Transaction& tx, const audit::Actor& actor,
                                 const identity::Principal& p, DraftId id, const DraftInput& in) {
  CQDT_ASSIGN_OR_RETURN(Draft before, Get(tx, p, id));
  if (in.procedure_code != before.procedure_code) {
    return Error::InvalidField("procedureCode", "changed",
                               "Hồ sơ nháp thuộc thủ tục khác: hãy tạo bản nháp mới.");
  }
  std::string answers, documents;
  CQDT_ASSIGN_OR_RETURN(Draft d, Check(tx, p, in, answers, documents));
  // The save moves updated_at by a second at least, so that the list's order follows the saves.
  long long key = id.value(), citizen = p.subject_id, agency = d.agency.value(),
            form = d.form_id.value(),
            now = std::max<long long>(ToUnixSeconds(clock_.Now()), before.updated_at + 1);
  soci::indicator agency_ind = d.agency.IsSet() ? soci::i_ok : soci::i_null;
  soci::indicator form_ind = d.form_id.IsSet() ? soci::i_ok : soci::i_null;
  db::Run(tx,
          "UPDATE portal_draft SET agency_id = :a, form_id = :f, answers = :an, documents = :d,"
          " note = :n, updated_at = :ua WHERE id = :id AND citizen_id = :c",
          soci::use(agency, agency_ind), soci::use(form, form_ind), soci::use(answers),
          soci::use(documents), soci::use(d.note), soci::use(now), soci::use(key),
          soci::use(citizen));
  d.id = id;
  d.created_at = before.created_at;
  d.updated_at = now;
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor, {"portal.draft_save", "portal_draft", std::to_string(key), d.procedure_code}));
  return d;
}

Status DraftService::Delete(db::Transaction& tx, const audit::Actor& actor,
                            const identity::Principal& p, DraftId id) {
  CQDT_ASSIGN_OR_RETURN(Draft d, Get(tx, p, id));
  long long key = id.value(), citizen = p.subject_id;
  db::Run(tx, "DELETE FROM portal_draft WHERE id = :id AND citizen_id = :c", soci::use(key),
          soci::use(citizen));
  return audit_.Record(
      tx, actor, {"portal.draft_delete", "portal_draft", std::to_string(key), d.procedure_code});
}

}  // namespace cqdt::portal
