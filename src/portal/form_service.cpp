#include "portal/form_service.hpp"

#include "core/working_calendar.hpp"
#include "db/statement.hpp"
#include "json_text.hpp"

namespace cqdt::portal {

namespace {

struct FormRow {
  long long id = 0, created_at = 0;
  int number = 0;
  std::string code, definition, created_by;
};

Result<StoredForm> FromRow(const FormRow& row) {
  StoredForm f;
  f.id = FormId(row.id);
  f.procedure_code = row.code;
  f.number = row.number;
  f.created_at = row.created_at;
  f.created_by = row.created_by;
  // Stored by this module in its canonical text: a definition that no longer reads is a fault.
  auto definition = ParseFormDefinition(row.definition);
  if (!definition) {
    return Error::Internal();
  }
  f.definition = std::move(*definition);
  return f;
}

constexpr const char* kColumns =
    "SELECT id, procedure_code, number, definition, created_at, created_by FROM portal_form ";

std::vector<FormRow> Rows(db::Transaction& tx, const std::string& where, const std::string& code,
                          long long id) {
  FormRow r;
  db::Statement st = tx.Prepare(std::string(kColumns) + where);
  st->exchange(soci::into(r.id));
  st->exchange(soci::into(r.code));
  st->exchange(soci::into(r.number));
  st->exchange(soci::into(r.definition));
  st->exchange(soci::into(r.created_at));
  st->exchange(soci::into(r.created_by));
  if (code.empty()) {
    st->exchange(soci::use(id));
  } else {
    st->exchange(soci::use(code));
  }
  st->define_and_bind();
  st->execute(false);
  std::vector<FormRow> out;
  while (st->fetch()) {
    out.push_back(r);
  }
  return out;
}

Result<StoredForm> Insert(db::Transaction& tx, const std::string& code, int number,
                          const FormDefinition& definition, std::int64_t at,
                          const std::string& by) {
  long long id = 0, when = at;
  const std::string text = FormDefinitionText(definition);
  db::Run(tx,
          "INSERT INTO portal_form (procedure_code, number, definition, created_at, created_by)"
          " VALUES (:c, :n, :d, :at, :by) RETURNING id",
          soci::use(code), soci::use(number), soci::use(text), soci::use(when), soci::use(by),
          soci::into(id));
  StoredForm f;
  f.id = FormId(id);
  f.procedure_code = code;
  f.number = number;
  f.definition = definition;
  f.created_at = at;
  f.created_by = by;
  return f;
}

}  // namespace

Date FormService::Today() const { return ToVietnamLocal(clock_.Now()).date; }

Result<StoredForm> FormService::Current(db::Transaction& tx, const std::string& code) const {
  CQDT_ASSIGN_OR_RETURN(onestop::ProcedureVersion version, catalogue_.Current(tx, code));
  auto rows =
      Rows(tx, "WHERE procedure_code = :c ORDER BY number DESC LIMIT 1", version.content.code, 0);
  if (!rows.empty()) {
    return FromRow(rows.front());
  }
  StoredForm f;
  f.procedure_code = version.content.code;
  f.definition = DefaultForm(version.content.name);
  return f;
}

Result<StoredForm> FormService::Get(db::Transaction& tx, FormId id) const {
  auto rows = Rows(tx, "WHERE id = :id", "", id.value());
  if (rows.empty()) {
    return Error::NotFound("tờ khai", std::to_string(id.value()));
  }
  return FromRow(rows.front());
}

Result<std::vector<StoredForm>> FormService::Versions(db::Transaction& tx,
                                                      const std::string& code) const {
  std::vector<StoredForm> out;
  for (const FormRow& r : Rows(tx, "WHERE procedure_code = :c ORDER BY number DESC", code, 0)) {
    CQDT_ASSIGN_OR_RETURN(StoredForm f, FromRow(r));
    out.push_back(std::move(f));
  }
  return out;
}

Result<std::pair<StoredForm, bool>> FormService::Set(db::Transaction& tx,
                                                     const identity::Principal& p,
                                                     const audit::Actor& actor,
                                                     const std::string& code,
                                                     FormDefinition definition) {
  if (!identity::Authorizer::IsAdmin(p)) {
    return Error::PermissionDenied("Chỉ quản trị hệ thống mới đặt tờ khai điện tử của thủ tục.");
  }
  CQDT_ASSIGN_OR_RETURN(onestop::ProcedureVersion version, catalogue_.Current(tx, code));
  std::vector<FieldError> errors;
  for (std::size_t i = 0; i < definition.documents.size(); ++i) {
    if (definition.documents[i] > static_cast<int>(version.content.documents.size())) {
      errors.push_back(
          {"documents[" + std::to_string(i) + "]", "unknown",
           "Thủ tục không có giấy tờ số " + std::to_string(definition.documents[i]) + "."});
    }
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  // The text is canonical: a definition read again from it is equal, so comparing texts is
  // comparing forms.
  auto rows =
      Rows(tx, "WHERE procedure_code = :c ORDER BY number DESC LIMIT 1", version.content.code, 0);
  if (!rows.empty() && rows.front().definition == FormDefinitionText(definition)) {
    CQDT_ASSIGN_OR_RETURN(StoredForm same, FromRow(rows.front()));
    return std::pair{std::move(same), false};
  }
  const int number = rows.empty() ? 1 : rows.front().number + 1;
  CQDT_ASSIGN_OR_RETURN(StoredForm stored, Insert(tx, version.content.code, number, definition,
                                                  ToUnixSeconds(clock_.Now()), actor.name));
  CQDT_RETURN_IF_ERROR(audit_.Record(
      tx, actor,
      {"portal.form_set", "procedure", stored.procedure_code,
       "Tờ khai điện tử phiên bản " + std::to_string(number) + ": " + definition.title}));
  return std::pair{std::move(stored), true};
}

Result<StoredForm> FormService::Ensure(db::Transaction& tx, const StoredForm& form) {
  if (form.id.IsSet()) {
    return form;
  }
  // Two first submissions at once: the second insert of number 1 fails on the unique key and
  // its transaction is retried by nobody, so look first; the loser gets a conflict.
  auto rows =
      Rows(tx, "WHERE procedure_code = :c ORDER BY number DESC LIMIT 1", form.procedure_code, 0);
  if (!rows.empty()) {
    return FromRow(rows.front());
  }
  return Insert(tx, form.procedure_code, 1, form.definition, ToUnixSeconds(clock_.Now()), "system");
}

Result<FormAnswers> FormService::PrefillFor(db::Transaction& tx, const identity::Principal& p,
                                            const StoredForm& form) const {
  if (p.realm != identity::Realm::kCitizen || p.subject_id <= 0) {
    return Error::PermissionDenied("Chỉ công dân, tổ chức đã đăng nhập mới khai tờ khai.");
  }
  PrefillData data;
  CQDT_ASSIGN_OR_RETURN(identity::Citizen citizen,
                        identity_.GetCitizen(tx, CitizenId(p.subject_id)));
  data.full_name = citizen.full_name;
  data.id_number = citizen.citizen_id_number;
  data.phone = citizen.phone;
  data.email = citizen.email;
  long long who = p.subject_id;
  std::string answers, address;
  // The latest dossier of this procedure gives its answers; of any procedure, the address.
  if (db::Run(tx,
              "SELECT answers, applicant_address FROM portal_dossier_form WHERE citizen_id = :c"
              " AND procedure_code = :p ORDER BY submitted_at DESC, dossier_id DESC LIMIT 1",
              soci::use(who), soci::use(form.procedure_code), soci::into(answers),
              soci::into(address))
          .got_data()) {
    data.last_answers = ParseAnswersText(answers);
    data.address = address;
  } else if (db::Run(tx,
                     "SELECT applicant_address FROM portal_dossier_form WHERE citizen_id = :c"
                     " ORDER BY submitted_at DESC, dossier_id DESC LIMIT 1",
                     soci::use(who), soci::into(address))
                 .got_data()) {
    data.address = address;
  }
  return Prefill(form.definition, data);
}

}  // namespace cqdt::portal
