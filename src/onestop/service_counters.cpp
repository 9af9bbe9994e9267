#include "onestop/service_counters.hpp"

#include <algorithm>
#include <exception>
#include <iterator>
#include <map>
#include <set>
#include <thread>

#include "db/statement.hpp"
#include "sql_procedure_repository.hpp"

namespace cqdt::onestop {

namespace {

// What each dossier is, as bits of one integer: the statement below computes it once per row
// and counts the rows of each procedure and mask, and the counters are added up here.
// Computing eleven sums over two million rows took half as long again as this (each sum tests
// "received in the period" anew).
enum Bit : unsigned {
  kReceived = 1U << 0,      // received in the period (not a new online submission)
  kOnline = 1U << 1,        // submitted online
  kLive = 1U << 2,          // neither refused at receipt nor stopped
  kOnTime = 1U << 3,        // finished by the period's end early or on time, or open, not late
  kFinishedHere = 1U << 4,  // finished in the period
  kLate = 1U << 5,          // finished late
  kResultDocument = 1U << 6,
  kFee = 1U << 7,
  kPaidOnline = 1U << 8,  // paid by a transfer matched from a statement
  kFiles = 1U << 9,
  kByData = 1U << 10,
};

// The bits of one dossier as an SQL expression over onestop_dossier's columns. `from`, `to` and
// `at` are written into the text as integers (never input).
std::string MaskSql(std::int64_t from, std::int64_t to, std::int64_t at) {
  const std::string f = std::to_string(from), t = std::to_string(to), a = std::to_string(at);
  const std::pair<const char*, std::string> bits[] = {
      {"1", "received_at >= " + f + " AND state <> 'new'"},
      {"2", "channel = 2"},
      {"4", "state NOT IN ('rejected', 'stopped')"},
      {"8", "(finished_at > 0 AND finished_at < " + t +
                " AND timeliness IN ('early', 'on_time')) OR ((finished_at = 0 OR finished_at >= " +
                t + ") AND due_at >= " + a + ")"},
      {"16", "finished_at >= " + f + " AND finished_at < " + t},
      {"32", "timeliness = 'late'"},
      {"64", "with_result_document = 1"},
      {"128", "fee > 0"},
      {"256", "fee_paid = 1 AND fee_method = 'transfer'"},
      {"512", "with_files = 1"},
      {"1024", "by_data = 1"},
  };
  std::string mask;
  for (const auto& [value, when] : bits) {
    mask += (mask.empty() ? "" : " + ") + std::string("CASE WHEN ") + when + " THEN " + value +
            " ELSE 0 END";
  }
  return mask;
}

// `head` (a SELECT list and FROM onestop_dossier) over one deciding agency's dossiers still open
// and received in the period, and those finished since it began and received before its end:
// two ranges of the statistics' covering index (migrations 7, 9 and 10), the agency bound as
// :ag1 and :ag2. `tail` follows each half (a GROUP BY).
std::string PeriodSql(const std::string& head, std::int64_t from, std::int64_t to,
                      const std::string& tail) {
  const std::string f = std::to_string(from), t = std::to_string(to);
  return head + " WHERE deciding_agency_id = :ag1 AND finished_at = 0 AND received_at >= " + f +
         " AND received_at < " + t + tail + " UNION ALL " + head +
         " WHERE deciding_agency_id = :ag2 AND finished_at >= " + f + " AND received_at < " + t +
         tail;
}

std::string CountSql(std::int64_t from, std::int64_t to, std::int64_t at) {
  return PeriodSql(
      "SELECT procedure_code, " + MaskSql(from, to, at) + ", COUNT(*) FROM onestop_dossier", from,
      to, " GROUP BY 1, 2");
}

void Add(ProcedureCounters& r, unsigned mask, std::int64_t n) {
  auto all = [mask](unsigned bits) { return (mask & bits) == bits; };
  r.received += all(kReceived) ? n : 0;
  r.received_online += all(kReceived | kOnline) ? n : 0;
  r.progress_total += all(kReceived | kLive) ? n : 0;
  r.progress_on_time += all(kReceived | kLive | kOnTime) ? n : 0;
  r.finished += all(kFinishedHere | kLive) ? n : 0;
  r.finished_late += all(kFinishedHere | kLive | kLate) ? n : 0;
  r.finished_with_result_document += all(kFinishedHere | kLive | kResultDocument) ? n : 0;
  r.fee_bearing += all(kReceived | kFee) ? n : 0;
  r.paid_online += all(kReceived | kFee | kPaidOnline) ? n : 0;
  r.with_files += all(kReceived | kFiles) ? n : 0;
  r.by_data += all(kReceived | kByData) ? n : 0;
}

// The counters of every `step`-th agency from `first` on, each into its own slot (readers on
// several threads write to distinct slots).
void CountDossiers(db::Transaction& tx, const std::vector<AgencyId>& agencies, std::size_t first,
                   std::size_t step, const std::string& sql,
                   std::vector<std::vector<ProcedureCounters>>& slots) {
  soci::statement st(tx.sql());
  std::string code;
  long long mask = 0, n = 0;
  st.exchange(soci::into(code));
  st.exchange(soci::into(mask));
  st.exchange(soci::into(n));
  long long ag = 0;
  st.exchange(soci::use(ag, "ag1"));
  st.exchange(soci::use(ag, "ag2"));
  st.alloc();
  st.prepare(sql);
  st.define_and_bind();
  for (std::size_t i = first; i < agencies.size(); i += step) {
    ag = agencies[i].value();
    std::map<std::string, ProcedureCounters> by_code;
    st.execute(false);
    while (st.fetch()) {
      Add(by_code[code], static_cast<unsigned>(mask), n);
    }
    for (auto& [procedure, r] : by_code) {
      r.agency = agencies[i];
      r.procedure_code = procedure;
      slots[i].push_back(std::move(r));
    }
  }
}

}  // namespace

Result<ServiceCounters> CountService(db::Transaction& tx, const std::vector<AgencyId>& agencies,
                                     std::int64_t from, std::int64_t to, std::int64_t at,
                                     const std::string& last_day, const CountWorkers& workers) {
  ServiceCounters out;
  const std::string sql = CountSql(from, to, at);
  const std::size_t n = workers.db == nullptr
                            ? 1
                            : std::max<std::size_t>(1, std::min(workers.threads, agencies.size()));
  // Agencies dealt round-robin to n readers: the caller's transaction and n - 1 threads, each
  // with a read transaction of its own.
  std::vector<std::vector<ProcedureCounters>> slots(agencies.size());
  std::vector<std::exception_ptr> errors(n);
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < n; ++i) {
    threads.emplace_back([&, i] {
      try {
        db::Transaction read = workers.db->BeginRead();
        CountDossiers(read, agencies, i, n, sql, slots);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    });
  }
  try {
    CountDossiers(tx, agencies, 0, n, sql, slots);
  } catch (...) {
    errors[0] = std::current_exception();
  }
  for (std::thread& t : threads) {
    t.join();
  }
  for (const std::exception_ptr& e : errors) {
    if (e) {
      std::rethrow_exception(e);
    }
  }
  for (auto& slot : slots) {  // in the agencies' order
    std::move(slot.begin(), slot.end(), std::back_inserter(out.dossiers));
  }
  // The catalogue: the versions in force on the last day, with their fees and documents.
  std::set<long long> with_fee, with_data;
  {
    long long v = 0;
    auto st =
        db::Prepare(tx, "SELECT DISTINCT version_id FROM onestop_procedure_fee WHERE amount > 0",
                    soci::into(v));
    st->execute(false);
    while (st->fetch()) {
      with_fee.insert(v);
    }
  }
  {
    long long v = 0;
    auto st = db::Prepare(tx,
                          "SELECT DISTINCT version_id FROM onestop_procedure_document"
                          " WHERE replaceable_by_data = 1",
                          soci::into(v));
    st->execute(false);
    while (st->fetch()) {
      with_data.insert(v);
    }
  }
  ProcedureRepository repo(tx);
  std::map<ProcedureId, std::vector<AgencyId>> agencies_of;
  for (const auto& [pid, aid] : repo.AgencyPairs()) {
    agencies_of[pid].push_back(aid);
  }
  for (auto& row : repo.InForce(last_day)) {
    ProcedureFacts facts;
    facts.code = row.summary.code;
    facts.name = row.summary.name;
    facts.online_level = row.summary.online_level;
    facts.fee_bearing = with_fee.count(row.version_id.value()) > 0;
    facts.replaceable_by_data = with_data.count(row.version_id.value()) > 0;
    if (auto it = agencies_of.find(row.summary.id); it != agencies_of.end()) {
      facts.agencies = it->second;
    }
    out.procedures.push_back(std::move(facts));
  }
  return out;
}

Status VisitPeriodDossiers(db::Transaction& tx, const std::vector<AgencyId>& agencies,
                           std::int64_t from, std::int64_t to, std::int64_t at,
                           const std::function<void(const PeriodDossier&)>& visit) {
  const std::string sql = PeriodSql(
      "SELECT id, code, procedure_code, procedure_name, received_at, due_at, finished_at, " +
          MaskSql(from, to, at) + " FROM onestop_dossier",
      from, to, "");
  PeriodDossier d;
  long long id = 0, received_at = 0, due_at = 0, finished_at = 0, mask = 0, ag = 0;
  // Not a cached statement: the text carries the period and "now".
  soci::statement st(tx.sql());
  st.exchange(soci::into(id));
  st.exchange(soci::into(d.code));
  st.exchange(soci::into(d.procedure_code));
  st.exchange(soci::into(d.procedure_name));
  st.exchange(soci::into(received_at));
  st.exchange(soci::into(due_at));
  st.exchange(soci::into(finished_at));
  st.exchange(soci::into(mask));
  st.exchange(soci::use(ag, "ag1"));
  st.exchange(soci::use(ag, "ag2"));
  st.alloc();
  st.prepare(sql);
  st.define_and_bind();
  for (AgencyId agency : agencies) {
    ag = agency.value();
    st.execute(false);
    while (st.fetch()) {
      auto has = [m = static_cast<unsigned>(mask)](unsigned bit) { return (m & bit) != 0; };
      d.id = id;
      d.agency = agency;
      d.received_at = received_at;
      d.due_at = due_at;
      d.finished_at = finished_at;
      d.received = has(kReceived);
      d.online = has(kOnline);
      d.live = has(kLive);
      d.on_time = has(kOnTime);
      d.finished_here = has(kFinishedHere);
      d.late = has(kLate);
      d.result_document = has(kResultDocument);
      d.fee = has(kFee);
      d.paid_online = has(kPaidOnline);
      d.files = has(kFiles);
      d.by_data = has(kByData);
      visit(d);
    }
  }
  return Ok();
}

std::vector<DossierBrief> DossierBriefs(db::Transaction& tx, const std::vector<std::int64_t>& ids) {
  std::vector<DossierBrief> out;
  DossierBrief b;
  long long id = 0;
  auto st = db::Prepare(tx,
                        "SELECT code, procedure_code, procedure_name FROM onestop_dossier"
                        " WHERE id = :id",
                        soci::use(id), soci::into(b.code), soci::into(b.procedure_code),
                        soci::into(b.procedure_name));
  for (std::int64_t wanted : ids) {
    id = wanted;
    st->execute(false);
    if (st->fetch()) {
      b.id = wanted;
      out.push_back(b);
    }
  }
  return out;
}

}  // namespace cqdt::onestop
