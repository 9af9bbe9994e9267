#include "sql_procedure_repository.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "db/statement.hpp"
#include "sql_dossier_columns.hpp"
#include "text/search.hpp"

namespace cqdt::onestop {

namespace {

long long ToHundredths(double v) { return std::llround(v * 100); }
double FromHundredths(long long v) { return static_cast<double>(v) / 100.0; }

std::string JoinSubjects(const std::vector<Subject>& subjects) {
  std::string out;
  for (Subject s : subjects) {
    out += (out.empty() ? "" : ",") + std::string(SubjectName(s));
  }
  return out;
}

std::vector<Subject> SplitSubjects(const std::string& joined) {
  std::vector<Subject> out;
  std::size_t start = 0;
  while (start < joined.size()) {
    std::size_t comma = joined.find(',', start);
    if (comma == std::string::npos) {
      comma = joined.size();
    }
    if (auto s = ParseSubject(std::string_view(joined).substr(start, comma - start))) {
      out.push_back(*s);
    }
    start = comma + 1;
  }
  return out;
}

// What the list's search matches: codes, name and sector, folded.
std::string SearchKeyOf(const std::string& code, const ProcedureContent& c) {
  return text::SearchKey(code + " " + c.national_code + " " + c.name + " " + c.sector_name);
}

const char* kPerformerText = "performer";
const char* kLegalBasisText = "legal_basis";
const char* kUnconfirmedText = "unconfirmed";
const char* kSourceText = "source";

}  // namespace

std::optional<ProcedureId> ProcedureRepository::FindProcedure(const std::string& code) {
  long long id = 0;
  auto st = db::Run(tx_, "SELECT id FROM onestop_procedure WHERE code = :c", soci::use(code),
                    soci::into(id));
  if (!st.got_data()) {
    return std::nullopt;
  }
  return ProcedureId(id);
}

ProcedureId ProcedureRepository::InsertProcedure(const std::string& code, std::int64_t now) {
  long long id = 0, at = now;
  db::Run(tx_, "INSERT INTO onestop_procedure (code, created_at) VALUES (:c, :t) RETURNING id",
          soci::use(code), soci::use(at), soci::into(id));
  return ProcedureId(id);
}

std::optional<VersionHead> ProcedureRepository::LatestVersion(ProcedureId id) {
  long long pid = id.value(), vid = 0;
  VersionHead h;
  int used = 0;
  soci::indicator to_ind = soci::i_null;
  auto st =
      db::Run(tx_,
              "SELECT id, number, effective_from, effective_to, used FROM"
              " onestop_procedure_version WHERE procedure_id = :p ORDER BY number DESC"
              " LIMIT 1",
              soci::use(pid), soci::into(vid), soci::into(h.number), soci::into(h.effective_from),
              soci::into(h.effective_to, to_ind), soci::into(used));
  if (!st.got_data()) {
    return std::nullopt;
  }
  h.id = ProcedureVersionId(vid);
  if (to_ind != soci::i_ok) {
    h.effective_to.clear();
  }
  h.used = used != 0;
  return h;
}

std::vector<ProcedureVersionId> ProcedureRepository::VersionIds(ProcedureId id) {
  long long pid = id.value(), vid = 0;
  auto st = db::Prepare(tx_,
                        "SELECT id FROM onestop_procedure_version WHERE procedure_id = :p"
                        " ORDER BY number DESC",
                        soci::use(pid), soci::into(vid));
  st->execute(false);
  std::vector<ProcedureVersionId> out;
  while (st->fetch()) {
    out.emplace_back(vid);
  }
  return out;
}

std::vector<ProcedureVersionId> ProcedureRepository::LatestVersionIds() {
  long long vid = 0;
  auto st = db::Prepare(tx_,
                        "SELECT v.id FROM onestop_procedure p JOIN onestop_procedure_version v"
                        " ON v.procedure_id = p.id AND v.number = (SELECT MAX(number) FROM"
                        " onestop_procedure_version w WHERE w.procedure_id = p.id)"
                        " ORDER BY p.code",
                        soci::into(vid));
  st->execute(false);
  std::vector<ProcedureVersionId> out;
  while (st->fetch()) {
    out.emplace_back(vid);
  }
  return out;
}

ProcedureVersionId ProcedureRepository::InsertVersion(ProcedureId id, int number,
                                                      const std::string& effective_from,
                                                      const ProcedureContent& c, std::int64_t now,
                                                      const std::string& by) {
  long long pid = id.value(), vid = 0, at = now;
  const std::string key = SearchKeyOf(c.code, c);
  const std::string level = LevelName(c.level), subjects = JoinSubjects(c.subjects),
                    online = OnlineLevelName(c.online_level);
  int electronic = c.result_electronic ? 1 : 0, restart = c.restart_on_supplement ? 1 : 0;
  tx_.sql() << "INSERT INTO onestop_procedure_version (procedure_id, number, effective_from,"
               " national_code, name, search_key, published_number, published_date, level,"
               " sector_code, sector_name, subjects, sets, conditions, result_name,"
               " result_electronic, online_level, restart_on_supplement, created_at, created_by)"
               " VALUES (:p, :n, :f, :nc, :name, :k, :pn, :pd, :l, :sc, :sn, :sub, :sets, :cond,"
               " :rn, :re, :ol, :rs, :at, :by) RETURNING id",
      soci::use(pid), soci::use(number), soci::use(effective_from), soci::use(c.national_code),
      soci::use(c.name), soci::use(key), soci::use(c.published_number), soci::use(c.published_date),
      soci::use(level), soci::use(c.sector_code), soci::use(c.sector_name), soci::use(subjects),
      soci::use(c.sets), soci::use(c.conditions), soci::use(c.result_name), soci::use(electronic),
      soci::use(online), soci::use(restart), soci::use(at), soci::use(by), soci::into(vid);
  InsertChildren(ProcedureVersionId(vid), c);
  return ProcedureVersionId(vid);
}

bool ProcedureRepository::ReplaceContent(ProcedureVersionId id, const ProcedureContent& c,
                                         std::int64_t now, const std::string& by) {
  long long vid = id.value(), at = now;
  const std::string key = SearchKeyOf(c.code, c);
  const std::string level = LevelName(c.level), subjects = JoinSubjects(c.subjects),
                    online = OnlineLevelName(c.online_level);
  int electronic = c.result_electronic ? 1 : 0, restart = c.restart_on_supplement ? 1 : 0;
  // `used = 0` is checked on the row as it is when the update gets it (PostgreSQL waits for a
  // receipt that is marking it used, then re-reads): the content of a used version, which
  // VersionContentCache keeps, is never replaced.
  auto st = db::Run(tx_,
                    "UPDATE onestop_procedure_version SET national_code = :nc, name = :name,"
                    " search_key = :k, published_number = :pn, published_date = :pd, level = :l,"
                    " sector_code = :sc, sector_name = :sn, subjects = :sub, sets = :sets,"
                    " conditions = :cond, result_name = :rn, result_electronic = :re,"
                    " online_level = :ol, restart_on_supplement = :rs, created_at = :at,"
                    " created_by = :by WHERE id = :id AND used = 0",
                    soci::use(c.national_code), soci::use(c.name), soci::use(key),
                    soci::use(c.published_number), soci::use(c.published_date), soci::use(level),
                    soci::use(c.sector_code), soci::use(c.sector_name), soci::use(subjects),
                    soci::use(c.sets), soci::use(c.conditions), soci::use(c.result_name),
                    soci::use(electronic), soci::use(online), soci::use(restart), soci::use(at),
                    soci::use(by), soci::use(vid));
  if (st->get_affected_rows() != 1) {
    return false;
  }
  DeleteChildren(id);
  InsertChildren(id, c);
  return true;
}

void ProcedureRepository::EndVersion(ProcedureVersionId id, const std::string& effective_to) {
  long long vid = id.value();
  tx_.sql() << "UPDATE onestop_procedure_version SET effective_to = :t WHERE id = :id",
      soci::use(effective_to), soci::use(vid);
}

bool ProcedureRepository::MarkUsed(ProcedureVersionId id) {
  long long vid = id.value();
  int used = 0;
  // Read first: an UPDATE of a version already used would lock its row until the commit, and
  // every receipt of the procedure would wait for the one before it (PostgreSQL).
  auto read = db::Run(tx_, "SELECT used FROM onestop_procedure_version WHERE id = :id",
                      soci::use(vid), soci::into(used));
  if (!read.got_data()) {
    return false;
  }
  if (used != 0) {
    return true;
  }
  auto st =
      db::Run(tx_, "UPDATE onestop_procedure_version SET used = 1 WHERE id = :id", soci::use(vid));
  return st->get_affected_rows() == 1;
}

void ProcedureRepository::DeleteChildren(ProcedureVersionId id) {
  long long vid = id.value();
  for (const char* table :
       {"onestop_procedure_channel", "onestop_procedure_fee", "onestop_procedure_document",
        "onestop_procedure_text", "onestop_procedure_chain", "onestop_procedure_step"}) {
    tx_.sql() << "DELETE FROM " + std::string(table) + " WHERE version_id = :v", soci::use(vid);
  }
}

void ProcedureRepository::InsertChildren(ProcedureVersionId id, const ProcedureContent& c) {
  long long vid = id.value();
  for (std::size_t i = 0; i < c.channels.size(); ++i) {
    const ChannelOffer& ch = c.channels[i];
    int ordinal = static_cast<int>(i);
    long long amount = ToHundredths(ch.deadline.amount);
    const std::string channel = ChannelName(ch.channel), unit = DeadlineUnitName(ch.deadline.unit);
    db::Run(tx_,
            "INSERT INTO onestop_procedure_channel (version_id, ordinal, channel,"
            " deadline_hundredths, deadline_unit, deadline_note, description) VALUES (:v, :o,"
            " :c, :a, :u, :n, :d)",
            soci::use(vid), soci::use(ordinal), soci::use(channel), soci::use(amount),
            soci::use(unit), soci::use(ch.deadline.note), soci::use(ch.description));
    for (std::size_t j = 0; j < ch.fees.size(); ++j) {
      int fee_ordinal = static_cast<int>(j);
      long long fee = ch.fees[j].amount;
      db::Run(tx_,
              "INSERT INTO onestop_procedure_fee (version_id, channel_ordinal, ordinal, name,"
              " amount, note) VALUES (:v, :c, :o, :n, :a, :t)",
              soci::use(vid), soci::use(ordinal), soci::use(fee_ordinal),
              soci::use(ch.fees[j].name), soci::use(fee), soci::use(ch.fees[j].note));
    }
  }
  for (std::size_t i = 0; i < c.documents.size(); ++i) {
    const RequiredDocument& d = c.documents[i];
    int ordinal = static_cast<int>(i), required = d.required ? 1 : 0,
        replaceable = d.replaceable_by_data ? 1 : 0;
    db::Run(tx_,
            "INSERT INTO onestop_procedure_document (version_id, ordinal, name, originals,"
            " copies, required, replaceable_by_data, template_name, template_sha256) VALUES"
            " (:v, :o, :n, :orig, :cop, :req, :rep, :tn, :ts)",
            soci::use(vid), soci::use(ordinal), soci::use(d.name), soci::use(d.originals),
            soci::use(d.copies), soci::use(required), soci::use(replaceable),
            soci::use(d.template_name), soci::use(d.template_sha256));
  }
  auto texts = [&](const char* kind, const std::vector<std::string>& list) {
    const std::string k = kind;
    for (std::size_t i = 0; i < list.size(); ++i) {
      int ordinal = static_cast<int>(i);
      db::Run(tx_,
              "INSERT INTO onestop_procedure_text (version_id, kind, ordinal, text) VALUES (:v,"
              " :k, :o, :t)",
              soci::use(vid), soci::use(k), soci::use(ordinal), soci::use(list[i]));
    }
  };
  texts(kPerformerText, c.performers);
  texts(kLegalBasisText, c.legal_basis);
  texts(kUnconfirmedText, c.unconfirmed);
  texts(kSourceText, c.sources);
  for (std::size_t i = 0; i < c.chain.size(); ++i) {
    int ordinal = static_cast<int>(i);
    db::Run(tx_,
            "INSERT INTO onestop_procedure_chain (version_id, ordinal, name, agency) VALUES (:v,"
            " :o, :n, :a)",
            soci::use(vid), soci::use(ordinal), soci::use(c.chain[i].name),
            soci::use(c.chain[i].agency));
  }
  for (std::size_t i = 0; i < c.process.size(); ++i) {
    int ordinal = static_cast<int>(i);
    long long hours = ToHundredths(c.process[i].hours);
    const std::string performer = PerformerName(c.process[i].performer);
    db::Run(tx_,
            "INSERT INTO onestop_procedure_step (version_id, ordinal, name, performer,"
            " hours_hundredths) VALUES (:v, :o, :n, :p, :h)",
            soci::use(vid), soci::use(ordinal), soci::use(c.process[i].name), soci::use(performer),
            soci::use(hours));
  }
}

std::optional<ProcedureVersion> ProcedureRepository::Load(ProcedureVersionId id) {
  long long vid = id.value();
  return LoadOne("v.id = :id", [&vid](soci::statement& st) { st.exchange(soci::use(vid)); });
}

std::optional<ProcedureVersion> ProcedureRepository::LoadOn(const std::string& code,
                                                            const std::string& date) {
  // The procedure, its version in force and the version's row in one statement (a receipt
  // starts with it).
  return LoadOne(
      "p.code = :c AND v.effective_from <= :d AND (v.effective_to IS NULL OR"
      " v.effective_to >= :d2) ORDER BY v.number DESC LIMIT 1",
      [&](soci::statement& st) {
        st.exchange(soci::use(code));
        st.exchange(soci::use(date));
        st.exchange(soci::use(date));
      });
}

std::optional<ProcedureVersion> ProcedureRepository::LoadOne(
    const std::string& where, const std::function<void(soci::statement&)>& bind) {
  long long vid = 0, pid = 0, at = 0;
  ProcedureVersion v;
  ProcedureContent& c = v.content;
  std::string level, subjects, online, agencies;
  int electronic = 0, restart = 0, used = 0;
  soci::indicator to_ind = soci::i_null, agencies_ind = soci::i_null;
  db::Statement st = tx_.Prepare(
      "SELECT v.id, v.procedure_id, p.code, v.number, v.effective_from, v.effective_to,"
      " v.national_code, v.name, v.published_number, v.published_date, v.level, v.sector_code,"
      " v.sector_name, v.subjects, v.sets, v.conditions, v.result_name, v.result_electronic,"
      " v.online_level, v.restart_on_supplement, v.created_at, v.created_by, v.used, (SELECT " +
      std::string(tx_.engine() == db::Engine::kPostgres
                      ? "string_agg(CAST(a.agency_id AS TEXT), ',')"
                      : "group_concat(a.agency_id, ',')") +
      " FROM onestop_procedure_agency a WHERE a.procedure_id = v.procedure_id) FROM"
      " onestop_procedure_version v JOIN onestop_procedure p ON p.id = v.procedure_id WHERE " +
      where);
  bind(*st);
  st->exchange(soci::into(vid));
  st->exchange(soci::into(pid));
  st->exchange(soci::into(c.code));
  st->exchange(soci::into(v.number));
  st->exchange(soci::into(v.effective_from));
  st->exchange(soci::into(v.effective_to, to_ind));
  st->exchange(soci::into(c.national_code));
  st->exchange(soci::into(c.name));
  st->exchange(soci::into(c.published_number));
  st->exchange(soci::into(c.published_date));
  st->exchange(soci::into(level));
  st->exchange(soci::into(c.sector_code));
  st->exchange(soci::into(c.sector_name));
  st->exchange(soci::into(subjects));
  st->exchange(soci::into(c.sets));
  st->exchange(soci::into(c.conditions));
  st->exchange(soci::into(c.result_name));
  st->exchange(soci::into(electronic));
  st->exchange(soci::into(online));
  st->exchange(soci::into(restart));
  st->exchange(soci::into(at));
  st->exchange(soci::into(v.created_by));
  st->exchange(soci::into(used));
  st->exchange(soci::into(agencies, agencies_ind));
  st->define_and_bind();
  if (!st->execute(true)) {
    return std::nullopt;
  }
  v.id = ProcedureVersionId(vid);
  v.procedure_id = ProcedureId(pid);
  if (to_ind != soci::i_ok) {
    v.effective_to.clear();
  }
  v.created_at = at;
  c.level = ParseLevel(level).value_or(Level::kCommune);
  c.subjects = SplitSubjects(subjects);
  c.result_electronic = electronic != 0;
  c.online_level = ParseOnlineLevel(online).value_or(OnlineLevel::kPartial);
  c.restart_on_supplement = restart != 0;
  v.used = used != 0;
  if (agencies_ind == soci::i_ok) {
    for (long long id : dossier_sql::IdList(agencies)) {
      v.agencies.emplace_back(id);
    }
    std::sort(v.agencies.begin(), v.agencies.end(),
              [](AgencyId x, AgencyId y) { return x.value() < y.value(); });
  }
  if (v.used && cache_ != nullptr && cache_->Get(vid, c)) {
    return v;
  }
  LoadChildren(vid, c);
  if (v.used && cache_ != nullptr) {
    cache_->Put(vid, c);
  }
  return v;
}

void ProcedureRepository::LoadChildren(long long vid, ProcedureContent& c) {
  {
    int ordinal = 0;
    long long amount = 0;
    std::string channel, unit, note, description;
    auto rows =
        db::Prepare(tx_,
                    "SELECT ordinal, channel, deadline_hundredths, deadline_unit,"
                    " deadline_note, description FROM onestop_procedure_channel WHERE"
                    " version_id = :v ORDER BY ordinal",
                    soci::use(vid), soci::into(ordinal), soci::into(channel), soci::into(amount),
                    soci::into(unit), soci::into(note), soci::into(description));
    rows->execute(false);
    while (rows->fetch()) {
      ChannelOffer ch;
      ch.channel = ParseChannel(channel).value_or(Channel::kDirect);
      ch.deadline.amount = FromHundredths(amount);
      ch.deadline.unit = ParseDeadlineUnit(unit).value_or(DeadlineUnit::kWorkingDays);
      ch.deadline.note = note;
      ch.description = description;
      c.channels.push_back(std::move(ch));
    }
  }
  {
    int channel = 0;
    long long amount = 0;
    std::string name, note;
    auto rows = db::Prepare(tx_,
                            "SELECT channel_ordinal, name, amount, note FROM onestop_procedure_fee"
                            " WHERE version_id = :v ORDER BY channel_ordinal, ordinal",
                            soci::use(vid), soci::into(channel), soci::into(name),
                            soci::into(amount), soci::into(note));
    rows->execute(false);
    while (rows->fetch()) {
      if (channel >= 0 && static_cast<std::size_t>(channel) < c.channels.size()) {
        c.channels[static_cast<std::size_t>(channel)].fees.push_back({name, amount, note});
      }
    }
  }
  {
    RequiredDocument d;
    int required = 0, replaceable = 0;
    auto rows = db::Prepare(tx_,
                            "SELECT name, originals, copies, required, replaceable_by_data,"
                            " template_name, template_sha256 FROM onestop_procedure_document"
                            " WHERE version_id = :v ORDER BY ordinal",
                            soci::use(vid), soci::into(d.name), soci::into(d.originals),
                            soci::into(d.copies), soci::into(required), soci::into(replaceable),
                            soci::into(d.template_name), soci::into(d.template_sha256));
    rows->execute(false);
    while (rows->fetch()) {
      d.required = required != 0;
      d.replaceable_by_data = replaceable != 0;
      c.documents.push_back(d);
    }
  }
  {
    std::string kind, text;
    auto rows = db::Prepare(tx_,
                            "SELECT kind, text FROM onestop_procedure_text WHERE version_id = :v"
                            " ORDER BY kind, ordinal",
                            soci::use(vid), soci::into(kind), soci::into(text));
    rows->execute(false);
    while (rows->fetch()) {
      if (kind == kPerformerText) {
        c.performers.push_back(text);
      } else if (kind == kLegalBasisText) {
        c.legal_basis.push_back(text);
      } else if (kind == kUnconfirmedText) {
        c.unconfirmed.push_back(text);
      } else if (kind == kSourceText) {
        c.sources.push_back(text);
      }
    }
  }
  {
    ChainLink link;
    auto rows = db::Prepare(tx_,
                            "SELECT name, agency FROM onestop_procedure_chain WHERE version_id ="
                            " :v ORDER BY ordinal",
                            soci::use(vid), soci::into(link.name), soci::into(link.agency));
    rows->execute(false);
    while (rows->fetch()) {
      c.chain.push_back(link);
    }
  }
  {
    std::string name, performer;
    long long hours = 0;
    auto rows =
        db::Prepare(tx_,
                    "SELECT name, performer, hours_hundredths FROM onestop_procedure_step"
                    " WHERE version_id = :v ORDER BY ordinal",
                    soci::use(vid), soci::into(name), soci::into(performer), soci::into(hours));
    rows->execute(false);
    while (rows->fetch()) {
      c.process.push_back(
          {name, ParsePerformer(performer).value_or(Performer::kOfficer), FromHundredths(hours)});
    }
  }
}

std::vector<SummaryRow> ProcedureRepository::InForce(const std::string& date) {
  long long pid = 0, vid = 0;
  SummaryRow r;
  std::string level, online;
  int unconfirmed = 0;
  auto rows = db::Prepare(
      tx_,
      "SELECT p.id, p.code, v.id, v.number, v.effective_from, v.national_code, v.name,"
      " v.level, v.sector_code, v.sector_name, v.online_level, v.search_key, (SELECT COUNT(*)"
      " FROM onestop_procedure_text t WHERE t.version_id = v.id AND t.kind = 'unconfirmed')"
      " FROM onestop_procedure p JOIN onestop_procedure_version v ON v.procedure_id = p.id"
      " WHERE v.effective_from <= :d AND (v.effective_to IS NULL OR v.effective_to >= :d2)"
      " ORDER BY p.code",
      soci::use(date), soci::use(date), soci::into(pid), soci::into(r.summary.code),
      soci::into(vid), soci::into(r.summary.version), soci::into(r.summary.effective_from),
      soci::into(r.summary.national_code), soci::into(r.summary.name), soci::into(level),
      soci::into(r.summary.sector_code), soci::into(r.summary.sector_name), soci::into(online),
      soci::into(r.search_key), soci::into(unconfirmed));
  rows->execute(false);
  std::vector<SummaryRow> out;
  while (rows->fetch()) {
    r.summary.id = ProcedureId(pid);
    r.version_id = ProcedureVersionId(vid);
    r.summary.level = ParseLevel(level).value_or(Level::kCommune);
    r.summary.online_level = ParseOnlineLevel(online).value_or(OnlineLevel::kPartial);
    r.summary.has_unconfirmed = unconfirmed > 0;
    out.push_back(r);
  }
  return out;
}

std::vector<std::pair<ProcedureVersionId, Deadline>> ProcedureRepository::Deadlines(
    const std::string& date) {
  long long vid = 0, amount = 0;
  std::string unit;
  auto rows = db::Prepare(tx_,
                          "SELECT c.version_id, c.deadline_hundredths, c.deadline_unit FROM"
                          " onestop_procedure_channel c JOIN onestop_procedure_version v ON"
                          " v.id = c.version_id WHERE v.effective_from <= :d AND"
                          " (v.effective_to IS NULL OR v.effective_to >= :d2)",
                          soci::use(date), soci::use(date), soci::into(vid), soci::into(amount),
                          soci::into(unit));
  rows->execute(false);
  std::vector<std::pair<ProcedureVersionId, Deadline>> out;
  while (rows->fetch()) {
    Deadline d;
    d.amount = FromHundredths(amount);
    d.unit = ParseDeadlineUnit(unit).value_or(DeadlineUnit::kWorkingDays);
    out.emplace_back(ProcedureVersionId(vid), d);
  }
  return out;
}

std::vector<std::pair<ProcedureId, AgencyId>> ProcedureRepository::AgencyPairs() {
  long long pid = 0, aid = 0;
  auto rows = db::Prepare(tx_, "SELECT procedure_id, agency_id FROM onestop_procedure_agency",
                          soci::into(pid), soci::into(aid));
  rows->execute(false);
  std::vector<std::pair<ProcedureId, AgencyId>> out;
  while (rows->fetch()) {
    out.emplace_back(ProcedureId(pid), AgencyId(aid));
  }
  return out;
}

std::vector<ProcedureId> ProcedureRepository::ProceduresOf(AgencyId agency) {
  long long aid = agency.value(), pid = 0;
  auto rows =
      db::Prepare(tx_, "SELECT procedure_id FROM onestop_procedure_agency WHERE agency_id = :a",
                  soci::use(aid), soci::into(pid));
  rows->execute(false);
  std::vector<ProcedureId> out;
  while (rows->fetch()) {
    out.emplace_back(pid);
  }
  return out;
}

std::vector<AgencyId> ProcedureRepository::Agencies(ProcedureId id) {
  long long pid = id.value(), aid = 0;
  auto rows = db::Prepare(tx_,
                          "SELECT agency_id FROM onestop_procedure_agency WHERE procedure_id = :p"
                          " ORDER BY agency_id",
                          soci::use(pid), soci::into(aid));
  rows->execute(false);
  std::vector<AgencyId> out;
  while (rows->fetch()) {
    out.emplace_back(aid);
  }
  return out;
}

void ProcedureRepository::SetAgencies(ProcedureId id, const std::vector<AgencyId>& agencies) {
  long long pid = id.value();
  tx_.sql() << "DELETE FROM onestop_procedure_agency WHERE procedure_id = :p", soci::use(pid);
  for (AgencyId a : agencies) {
    long long aid = a.value();
    db::Run(tx_, "INSERT INTO onestop_procedure_agency (procedure_id, agency_id) VALUES (:p, :a)",
            soci::use(pid), soci::use(aid));
  }
}

}  // namespace cqdt::onestop
