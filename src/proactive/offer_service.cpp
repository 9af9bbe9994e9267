#include "proactive/offer_service.hpp"

#include <algorithm>
#include <optional>

#include "core/lunar_calendar.hpp"
#include "core/working_calendar.hpp"
#include "db/statement.hpp"
#include "onestop/finished_dossiers.hpp"
#include "portal/e_form.hpp"

namespace cqdt::proactive {

struct OfferService::Row {
  long long id = 0;
  std::string rule_code;
  long long source_dossier_id = 0;
  std::string source_code, source_procedure;
  long long citizen = 0, agency = 0;
  std::string procedure_code;
  int level = 1;
  std::string kind, due_date, title, title_en, notice, notice_en, state;
  long long draft = 0;
  long long created_at = 0;
};

namespace {

// The offer's citizen, as the portal's services know a signed-in citizen: the sweep prepares
// their draft from their own dossier, as they would.
identity::Principal CitizenPrincipal(long long citizen) {
  identity::Principal p;
  p.realm = identity::Realm::kCitizen;
  p.subject_id = citizen;
  p.roles = {identity::Role::kCitizen};
  return p;
}

Date DayOf(std::int64_t unix_seconds) { return ToVietnamLocal(FromUnixSeconds(unix_seconds)).date; }

std::int64_t StartOf(const Date& d) {
  return ToUnixSeconds(FromVietnamLocal(LocalDateTime{d, 0, 0}));
}

constexpr const char* kColumns =
    "SELECT id, rule_code, source_dossier_id, source_dossier_code, source_procedure, citizen_id,"
    " agency_id, procedure_code, level, kind, due_date, title, title_en, notice, notice_en, state,"
    " COALESCE(draft_id, 0), created_at FROM proactive_offer ";

template <typename Fn>
void ReadRows(db::Transaction& tx, const std::string& where, long long key, Fn&& each) {
  long long k = key;
  struct {
    long long id, sdi, citizen, agency, draft, created;
    int level;
    std::string rule, scode, sproc, proc, kind, due, title, title_en, notice, notice_en, state;
  } v{};
  auto st = db::Prepare(
      tx, std::string(kColumns) + where, soci::use(k), soci::into(v.id), soci::into(v.rule),
      soci::into(v.sdi), soci::into(v.scode), soci::into(v.sproc), soci::into(v.citizen),
      soci::into(v.agency), soci::into(v.proc), soci::into(v.level), soci::into(v.kind),
      soci::into(v.due), soci::into(v.title), soci::into(v.title_en), soci::into(v.notice),
      soci::into(v.notice_en), soci::into(v.state), soci::into(v.draft), soci::into(v.created));
  st->execute(false);
  while (st->fetch()) {
    each(v.id, v.rule, v.sdi, v.scode, v.sproc, v.citizen, v.agency, v.proc, v.level, v.kind, v.due,
         v.title, v.title_en, v.notice, v.notice_en, v.state, v.draft, v.created);
  }
}

}  // namespace

const char* OfferStateName(OfferState s) {
  switch (s) {
    case OfferState::kOpen:
      return "open";
    case OfferState::kDismissed:
      return "dismissed";
    case OfferState::kSubmitted:
      return "submitted";
  }
  return "open";
}

Result<SweepReport> OfferService::Sweep(db::Transaction& tx, const audit::Actor& actor) {
  SweepReport report;
  const std::int64_t now = ToUnixSeconds(clock_.Now());
  const Date today = DayOf(now);
  for (const Rule& rule : rules_.rules) {
    if (TermFromAnswers(rule)) {
      CQDT_RETURN_IF_ERROR(SweepTerms(tx, actor, rule, now, report));
      continue;
    }
    const auto [first, last] = IssuedRange(rule, today);
    const auto found = onestop::FinishedCitizenDossiers(tx, rule.source_procedure, StartOf(first),
                                                        StartOf(AddDays(last, 1)), kSweepBatch);
    for (const onestop::FinishedDossier& d : found) {
      const Date issued = DayOf(d.finished_at);
      if (OfferDue(rule, issued, today)) {
        CQDT_RETURN_IF_ERROR(MakeOffer(tx, actor, rule, d, DueDate(rule, issued), now, report));
      }
    }
  }
  if (report.offers > 0) {
    CQDT_RETURN_IF_ERROR(
        audit_.Record(tx, actor,
                      {"proactive.sweep", "proactive_offer", "",
                       std::to_string(report.offers) + " / " + std::to_string(report.drafts)}));
  }
  return report;
}

Status OfferService::SweepTerms(db::Transaction& tx, const audit::Actor& actor, const Rule& rule,
                                std::int64_t now, SweepReport& report) {
  const Date today = DayOf(now);
  // The dossiers finished since the last sweep, each read once for its registered term. The read
  // starts an hour before where the last one stopped: on PostgreSQL a dossier finished earlier
  // can commit later; the term's key makes a dossier read twice count once.
  long long scanned = 0;
  auto st = db::Run(tx, "SELECT scanned_to FROM proactive_term_cursor WHERE rule_code = :r",
                    soci::use(rule.code), soci::into(scanned));
  std::int64_t from = st.got_data() ? std::max<std::int64_t>(0, scanned - kLateCommitSeconds) : 0;
  std::int64_t reached = now + 1;
  for (int batch = 0; batch < kTermBatches; ++batch) {
    const auto found =
        onestop::FinishedCitizenDossiers(tx, rule.source_procedure, from, now + 1, kSweepBatch);
    for (const onestop::FinishedDossier& d : found) {
      const Date issued = DayOf(d.finished_at);
      // Only the answers: the dossier's whole view (steps, files) is not needed here.
      const portal::FormAnswers answers = submissions_.AnswersOf(tx, d.id);
      auto answer = [&](const std::string& name) {
        auto it = answers.find(name);
        return it == answers.end() ? std::string() : it->second;
      };
      const Date due =
          TermDue(rule, issued, answer(rule.term_start_field), answer(rule.term_months_field));
      if (AddDays(due, rule.offer_days_after) < today) {
        continue;  // its window has passed: never offered
      }
      long long id = d.id.value(), citizen = d.citizen.value(), agency = d.receiving_agency.value();
      std::string due_text = FormatIsoDate(due);
      db::Run(tx,
              "INSERT INTO proactive_term (rule_code, source_dossier_id, source_dossier_code,"
              " citizen_id, agency_id, due_date) VALUES (:r, :s, :c, :ci, :a, :d)"
              " ON CONFLICT (rule_code, source_dossier_id) DO NOTHING",
              soci::use(rule.code), soci::use(id), soci::use(d.code), soci::use(citizen),
              soci::use(agency), soci::use(due_text));
    }
    if (static_cast<int>(found.size()) < kSweepBatch) {
      reached = now + 1;  // read to the end
      break;
    }
    // A full batch: go on from its last; the next sweep goes on from there if this one stops.
    const std::int64_t last = found.back().finished_at;
    from = last > from ? last : from + 1;
    reached = from;
  }
  long long to = reached;
  db::Run(tx,
          "INSERT INTO proactive_term_cursor (rule_code, scanned_to) VALUES (:r, :t)"
          " ON CONFLICT (rule_code) DO UPDATE SET scanned_to = excluded.scanned_to",
          soci::use(rule.code), soci::use(to));

  // The terms whose window holds today and that have no offer yet.
  std::string lo = FormatIsoDate(AddDays(today, -rule.offer_days_after));
  std::string hi = FormatIsoDate(AddDays(today, rule.lead_days));
  std::vector<std::pair<onestop::FinishedDossier, std::string>> due_now;
  {
    long long sid = 0, citizen = 0, agency = 0;
    std::string code, due;
    auto q = db::Prepare(
        tx,
        "SELECT t.source_dossier_id, t.source_dossier_code, t.citizen_id, t.agency_id, t.due_date"
        " FROM proactive_term t WHERE t.rule_code = :r AND t.due_date >= :lo"
        " AND t.due_date <= :hi AND NOT EXISTS (SELECT 1 FROM proactive_offer o"
        " WHERE o.rule_code = t.rule_code AND o.source_dossier_id = t.source_dossier_id)"
        " ORDER BY t.due_date, t.source_dossier_id LIMIT " +
            std::to_string(kSweepBatch),
        soci::use(rule.code), soci::use(lo), soci::use(hi), soci::into(sid), soci::into(code),
        soci::into(citizen), soci::into(agency), soci::into(due));
    q->execute(false);
    while (q->fetch()) {
      onestop::FinishedDossier d;
      d.id = onestop::DossierId(sid);
      d.code = code;
      d.procedure_code = rule.source_procedure;
      d.citizen = CitizenId(citizen);
      d.receiving_agency = AgencyId(agency);
      due_now.emplace_back(std::move(d), due);
    }
  }
  for (const auto& [d, due] : due_now) {
    CQDT_RETURN_IF_ERROR(MakeOffer(tx, actor, rule, d, *ParseIsoDate(due), now, report));
  }
  return Ok();
}

Status OfferService::MakeOffer(db::Transaction& tx, const audit::Actor& actor, const Rule& rule,
                               const onestop::FinishedDossier& d, const Date& due, std::int64_t now,
                               SweepReport& report) {
  Row row;
  row.rule_code = rule.code;
  row.source_dossier_id = d.id.value();
  row.source_code = d.code;
  row.source_procedure = rule.source_procedure;
  row.citizen = d.citizen.value();
  // The earlier dossier's agency receives the follow-up when it is the same procedure.
  row.agency = rule.offer_procedure == rule.source_procedure ? d.receiving_agency.value() : 0;
  row.procedure_code = rule.offer_procedure;
  row.level = rule.level;
  row.kind = EventKindName(rule.kind);
  row.due_date = FormatIsoDate(due);
  row.title = rule.title;
  row.title_en = rule.title_en;
  row.notice = Fill(rule.notice, d.code, due);
  row.notice_en = Fill(rule.notice_en, d.code, due);
  row.state = OfferStateName(OfferState::kOpen);
  row.created_at = now;
  // Another sweep may have made this offer, or be making it now: then ours writes nothing.
  long long id = 0;
  auto st = db::Run(
      tx,
      "INSERT INTO proactive_offer (rule_code, source_dossier_id, source_dossier_code,"
      " source_procedure, citizen_id, agency_id, procedure_code, level, kind, due_date, title,"
      " title_en, notice, notice_en, state, draft_id, created_at, updated_at) VALUES (:r, :s,"
      " :sc, :sp, :c, :a, :p, :l, :k, :d, :t, :te, :n, :ne, :st, NULL, :at, :at2)"
      " ON CONFLICT (rule_code, source_dossier_id) DO NOTHING RETURNING id",
      soci::use(row.rule_code), soci::use(row.source_dossier_id), soci::use(row.source_code),
      soci::use(row.source_procedure), soci::use(row.citizen), soci::use(row.agency),
      soci::use(row.procedure_code), soci::use(row.level), soci::use(row.kind),
      soci::use(row.due_date), soci::use(row.title), soci::use(row.title_en), soci::use(row.notice),
      soci::use(row.notice_en), soci::use(row.state), soci::use(row.created_at),
      soci::use(row.created_at), soci::into(id));
  if (!st.got_data() || id == 0) {
    return Ok();
  }
  row.id = id;
  ++report.offers;
  std::string link = "/portal/thu-tuc/" + rule.offer_procedure;
  if (rule.level == 2) {
    if (auto draft = BuildDraft(tx, actor, rule, row)) {
      long long draft_id = draft->value();
      db::Run(tx, "UPDATE proactive_offer SET draft_id = :d WHERE id = :i", soci::use(draft_id),
              soci::use(id));
      ++report.drafts;
      link = "/portal/nop-ho-so/" + rule.offer_procedure + "?nhap=" + std::to_string(draft_id);
    } else if (draft.error().code() != ErrorCode::kConflict &&
               draft.error().code() != ErrorCode::kInvalidArgument &&
               draft.error().code() != ErrorCode::kNotFound) {
      return draft.error();
    }
  }
  CQDT_ASSIGN_OR_RETURN(
      notify::Enqueued sent,
      outbox_.Enqueue(tx, {notify::Recipient::Citizen(d.citizen), "proactive.offer",
                           rule.title + ". " + row.notice, rule.title_en + ". " + row.notice_en,
                           link, "proactive.offer", std::to_string(id),
                           "proactive.offer|" + rule.code + "|" + std::to_string(d.id.value())}));
  report.notices += sent.created ? 1 : 0;
  return Ok();
}

Result<portal::DraftId> OfferService::BuildDraft(db::Transaction& tx, const audit::Actor& actor,
                                                 const Rule& rule, const Row& row) {
  const identity::Principal p = CitizenPrincipal(row.citizen);
  CQDT_ASSIGN_OR_RETURN(portal::StoredForm form, forms_.Current(tx, row.procedure_code));
  CQDT_ASSIGN_OR_RETURN(portal::FormAnswers answers, forms_.PrefillFor(tx, p, form));
  // The earlier dossier's answers the rule carries over, where the form still has the field.
  if (auto earlier = submissions_.View(tx, p, row.source_code); earlier && earlier->form) {
    for (const std::string& name : rule.copy_fields) {
      auto it = earlier->form->answers.find(name);
      if (it != earlier->form->answers.end() && portal::FindField(form.definition, name)) {
        answers[name] = it->second;
      }
    }
  }
  portal::DraftInput in;
  in.procedure_code = row.procedure_code;
  in.agency = AgencyId(row.agency);
  in.answers = std::move(answers);
  in.note = "Hồ sơ chuẩn bị sẵn từ hồ sơ " + row.source_code + " (dịch vụ công chủ động).";
  if (rule.reuse_result_as > 0) {
    CQDT_ASSIGN_OR_RETURN(auto files, store_.List(tx, p));
    portal::DocumentChoice choice{rule.reuse_result_as, {}, false};
    for (const portal::CitizenFile& f : files) {
      if (f.source == portal::StoreSource::kResult && f.dossier_code == row.source_code) {
        choice.files.push_back({f.id, f.name});
      }
    }
    if (!choice.files.empty()) {
      in.documents.push_back(std::move(choice));
    }
  }
  CQDT_ASSIGN_OR_RETURN(portal::Draft draft, drafts_.Create(tx, actor, p, in));
  return draft.id;
}

Offer OfferService::ToOffer(const Row& r) const {
  Offer o;
  o.id = OfferId(r.id);
  o.rule_code = r.rule_code;
  o.level = r.level;
  o.kind = r.kind == "obligationDue" ? EventKind::kObligationDue : EventKind::kResultExpires;
  o.title = r.title;
  o.title_en = r.title_en;
  o.notice = r.notice;
  o.notice_en = r.notice_en;
  o.source_dossier_code = r.source_code;
  o.source_procedure = r.source_procedure;
  o.procedure_code = r.procedure_code;
  o.due_date = r.due_date;
  o.state = r.state == "dismissed" ? OfferState::kDismissed : OfferState::kOpen;
  o.draft = r.draft > 0 ? portal::DraftId(r.draft) : portal::DraftId();
  o.created_at = r.created_at;
  return o;
}

Result<std::vector<Offer>> OfferService::Mine(db::Transaction& tx,
                                              const identity::Principal& p) const {
  if (p.realm != identity::Realm::kCitizen) {
    return Error::PermissionDenied("Chỉ công dân đã đăng nhập mới xem được dịch vụ công chủ động.");
  }
  std::vector<Row> rows;
  ReadRows(tx, "WHERE citizen_id = :c ORDER BY created_at DESC, id DESC", p.subject_id,
           [&](auto&&... v) { rows.push_back(Row{v...}); });
  CQDT_ASSIGN_OR_RETURN(auto dossiers, submissions_.Mine(tx, p));
  std::vector<Offer> out;
  for (const Row& r : rows) {
    Offer o = ToOffer(r);
    // A later dossier of the offered procedure answers the offer.
    for (const auto& d : dossiers) {
      if (d.procedure_code == r.procedure_code && d.id.value() > r.source_dossier_id) {
        o.state = OfferState::kSubmitted;
        o.submitted_code = d.code;
        break;
      }
    }
    if (o.draft.IsSet() && !drafts_.Get(tx, p, o.draft)) {
      o.draft = portal::DraftId();  // deleted by its owner, or submitted
    }
    out.push_back(std::move(o));
  }
  return out;
}

Result<OfferService::Row> OfferService::Load(db::Transaction& tx, const identity::Principal& p,
                                             OfferId id) const {
  std::optional<Row> found;
  if (p.realm == identity::Realm::kCitizen) {
    ReadRows(tx, "WHERE id = :i", id.value(), [&](auto&&... v) {
      Row r{v...};
      if (r.citizen == p.subject_id) {
        found = std::move(r);
      }
    });
  }
  if (!found) {
    return Error::NotFound("dịch vụ công chủ động", std::to_string(id.value()));
  }
  return *found;
}

Status OfferService::Dismiss(db::Transaction& tx, const audit::Actor& actor,
                             const identity::Principal& p, OfferId id) {
  CQDT_ASSIGN_OR_RETURN(Row row, Load(tx, p, id));
  long long at = ToUnixSeconds(clock_.Now()), key = row.id;
  db::Run(tx, "UPDATE proactive_offer SET state = 'dismissed', updated_at = :u WHERE id = :i",
          soci::use(at), soci::use(key));
  return audit_.Record(
      tx, actor,
      {"proactive.offer_dismiss", "proactive_offer", std::to_string(key), row.rule_code});
}

Result<Offer> OfferService::Open(db::Transaction& tx, const audit::Actor& actor,
                                 const identity::Principal& p, OfferId id) {
  CQDT_ASSIGN_OR_RETURN(Row row, Load(tx, p, id));
  if (row.level < 2) {
    return Error::Conflict(
        "Dịch vụ này chỉ nhắc hạn, không có hồ sơ chuẩn bị sẵn: hãy nộp hồ sơ từ trang thủ tục.");
  }
  if (row.draft > 0 && drafts_.Get(tx, p, portal::DraftId(row.draft))) {
    return ToOffer(row);
  }
  const Rule* rule = rules_.Find(row.rule_code);
  Rule fallback;  // the rule was removed from the rules file: the form's own pre-filled values
  fallback.level = 2;
  CQDT_ASSIGN_OR_RETURN(portal::DraftId draft, BuildDraft(tx, actor, rule ? *rule : fallback, row));
  row.draft = draft.value();
  row.state = OfferStateName(OfferState::kOpen);
  long long at = ToUnixSeconds(clock_.Now()), key = row.id;
  db::Run(tx,
          "UPDATE proactive_offer SET draft_id = :d, state = 'open', updated_at = :u WHERE id = :i",
          soci::use(row.draft), soci::use(at), soci::use(key));
  return ToOffer(row);
}

}  // namespace cqdt::proactive
