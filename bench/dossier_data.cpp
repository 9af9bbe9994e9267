// Bulk dossiers for the statistics benchmark (issue 12; bench/dossier-bench.sh --statistics).
// NOT for production: it writes straight into the onestop tables, bypassing every service, audit
// and rule, so that two million dossiers load in minutes. Run it only on a throwaway database that
// `cqdt demo` (which migrates and loads the procedure catalogue) has just made.
//
//   cqdt_dossier_data --db DATA/cqdt.db [--dossiers 2000000] [--agency 000.00.41.H01]
//                     [--share 10] [--seed 1] [--years 5]
//
// Spread: five years (--years) of dossiers up to today over the demo province's communes
// (commune-level procedures) and its departments (province-level ones); the benchmarked agency
// (--agency) decides one in --share of them. 94% finished (early / on time / late), 3% open (some
// past due), 3% refused or stopped; 8% paused once for a supplement. Each has three steps (the
// desk's receipt, the officer's check, the leader's signature) with their agency and times.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "sqlite_bulk.hpp"

namespace {

using cqdt_bench::Exec;
using cqdt_bench::Stmt;

struct Version {
  long long id = 0;
  std::string code, name, level;
};

}  // namespace

int main(int argc, char** argv) {
  std::string db_path, agency_code = "000.00.41.H01";
  long long dossiers = 2000000;
  int share = 10;
  int years = 5;
  unsigned seed = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--db") {
      db_path = v;
    } else if (k == "--dossiers") {
      dossiers = std::atoll(v.c_str());
    } else if (k == "--agency") {
      agency_code = v;
    } else if (k == "--share") {
      share = std::atoi(v.c_str());
    } else if (k == "--years") {
      years = std::atoi(v.c_str());
    } else if (k == "--seed") {
      seed = static_cast<unsigned>(std::atoi(v.c_str()));
    } else {
      std::fprintf(stderr, "unknown option %s\n", k.c_str());
      return 2;
    }
  }
  if (db_path.empty() || dossiers <= 0 || share <= 0 || years <= 0 || years > 20) {
    std::fprintf(stderr,
                 "usage: cqdt_dossier_data --db FILE [--dossiers N] [--agency CODE] [--share N]"
                 " [--years N]\n");
    return 2;
  }
  sqlite3* db = nullptr;
  if (sqlite3_open(db_path.c_str(), &db) != SQLITE_OK) {
    cqdt_bench::Die(db, "open");
  }
  Exec(db, "PRAGMA journal_mode=WAL");
  Exec(db, "PRAGMA synchronous=OFF");
  Exec(db, "PRAGMA cache_size=-262144");

  // The procedures (their latest versions) and the agencies that decide them.
  std::vector<Version> commune, province;
  {
    Stmt st(db,
            "SELECT v.id, p.code, v.name, v.level FROM onestop_procedure_version v JOIN"
            " onestop_procedure p ON p.id = v.procedure_id");
    while (st.Row()) {
      Version v{st.ColInt(0), st.ColText(1), st.ColText(2), st.ColText(3)};
      (v.level == "commune" ? commune : province).push_back(v);
    }
  }
  long long target = 0, user = 0;
  std::vector<long long> communes, departments;
  {
    Stmt st(db, "SELECT id, code, kind FROM org_agency WHERE valid_to IS NULL OR valid_to = ''");
    while (st.Row()) {
      const std::string code = st.ColText(1), kind = st.ColText(2);
      if (code == agency_code) {
        target = st.ColInt(0);
      } else if (kind == "ward" || kind == "commune" || kind == "special_zone") {
        communes.push_back(st.ColInt(0));
      } else if (kind == "department") {
        departments.push_back(st.ColInt(0));
      }
    }
    Stmt u(db, "SELECT id FROM identity_user ORDER BY id LIMIT 1");
    if (u.Row()) {
      user = u.ColInt(0);
    }
  }
  if (commune.empty() || province.empty() || target == 0 || communes.empty() ||
      departments.empty()) {
    std::fprintf(stderr, "dossier data: run `cqdt demo` on this database first\n");
    return 1;
  }

  std::mt19937_64 rng(seed);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  const long long now = static_cast<long long>(std::time(nullptr));
  const long long span = static_cast<long long>(years) * 365 * 24 * 3600;
  std::map<std::string, int> day_numbers;

  Stmt dossier(
      db,
      "INSERT INTO onestop_dossier (code, version_id, procedure_code, procedure_name,"
      " receiving_agency_id, deciding_agency_id, channel, state, resume_to, applicant_name,"
      " applicant_id_number, applicant_address, applicant_phone, applicant_email,"
      " applicant_representative, citizen_id, sets, submitted_at, received_at, received_by,"
      " deadline_hundredths, deadline_unit, restart_on_supplement, transfer_due_at,"
      " appointment_at, due_at, new_appointment_at, fee, fee_paid, delivery, result_note,"
      " finished_at, returned_at, returned_to, timeliness, late_flag, current_step, note,"
      " search_key, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'processing', ?, '', '', '', '',"
      " '', NULL, 1, ?, ?, 'Bulk', 500, 'working_days', 0, ?, ?, ?, 0, 0, 1, 'counter', ?, ?, ?,"
      " ?, ?, ?, ?, '', ?, ?)");
  Stmt step(db,
            "INSERT INTO onestop_dossier_step (dossier_id, ordinal, name, performer,"
            " hours_hundredths, assignee_user_id, assignee_name, started_at, planned_end,"
            " finished_at, finished_by, outcome, note, agency_id) VALUES (?, ?, ?, ?, ?, ?, '', ?,"
            " ?, ?, '', ?, '', ?)");
  Stmt pause(db,
             "INSERT INTO onestop_dossier_pause (dossier_id, ordinal, kind, started_at, ended_at)"
             " VALUES (?, 1, 'supplement', ?, ?)");
  const char* step_names[] = {"Tiếp nhận hồ sơ", "Thẩm tra hồ sơ", "Ký duyệt"};
  const char* performers[] = {"counter", "officer", "leader"};

  Exec(db, "BEGIN");
  for (long long i = 0; i < dossiers; ++i) {
    const bool mine = i % share == 0;
    const bool at_commune = mine || pick(10) < 7;
    const Version& v = at_commune ? commune[pick(commune.size())] : province[pick(province.size())];
    const long long agency = mine ? target
                                  : (at_commune ? communes[pick(communes.size())]
                                                : departments[pick(departments.size())]);
    const long long received = now - static_cast<long long>(rng() % span);
    const long long due = received + (3 + static_cast<long long>(pick(12))) * 24 * 3600;
    // The code: the agency and the day, numbered in the order written (unique is what matters).
    char day[16];
    std::time_t t = static_cast<std::time_t>(received + 7 * 3600);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(day, sizeof day, "%y%m%d", &tm);
    const std::string prefix = std::to_string(agency) + "-" + day;
    const int number = ++day_numbers[prefix];
    const std::string code = "B" + prefix + "-" + std::to_string(number);

    const unsigned roll = static_cast<unsigned>(pick(100));
    std::string state = "returned", timeliness;
    long long finished = 0, updated = received;
    if (roll < 3 && received > now - 60LL * 24 * 3600) {
      state = "processing";  // open: recent ones only
    } else if (roll < 6) {
      state = roll % 2 == 0 ? "rejected" : "stopped";
      updated = received + 2 * 24 * 3600;
    } else {
      const unsigned q = static_cast<unsigned>(pick(100));
      finished = q < 40   ? due - static_cast<long long>(pick(3) + 1) * 24 * 3600
                 : q < 92 ? due - static_cast<long long>(pick(3600))
                          : due + static_cast<long long>(pick(5) + 1) * 24 * 3600;
      finished = std::max(finished, received + 3600);
      timeliness = q < 40 ? "early" : q < 92 ? "on_time" : "late";
      updated = finished;
    }
    if (finished > now) {
      state = "processing";
      finished = 0;
      timeliness.clear();
      updated = received;
    }
    dossier.Text(1, code)
        .Int(2, v.id)
        .Text(3, v.code)
        .Text(4, v.name)
        .Int(5, agency)
        .Int(6, agency)
        .Int(7, pick(10) < 3 ? 2 : 1)
        .Text(8, state)
        .Text(9, "Người nộp " + std::to_string(i))
        .Int(10, received)
        .Int(11, received)
        .Int(12, received + 8 * 3600)
        .Int(13, due)
        .Int(14, due)
        .Text(15, finished != 0 ? "Kết quả số " + std::to_string(i) : std::string())
        .Int(16, finished)
        .Int(17, finished)
        .Text(18, finished != 0 ? "Người nộp" : "")
        .Text(19, timeliness)
        .Int(20, state == "processing" && due < now ? 1 : 0)
        .Int(21, state == "processing" ? 2 : 0)
        .Text(22, code + " " + v.code)
        .Int(23, updated);
    dossier.Run();
    const long long id = sqlite3_last_insert_rowid(db);
    long long at = received;
    for (int s = 0; s < 3; ++s) {
      const bool done = finished != 0 || s == 0;
      const long long end = done ? at + static_cast<long long>(pick(8 * 3600) + 600) : 0;
      step.Int(1, id)
          .Int(2, s + 1)
          .Text(3, step_names[s])
          .Text(4, performers[s])
          .Int(5, s == 1 ? 1600 : 400)
          .Int(6, user)
          .Int(7, done || s == 1 ? at : 0)
          .Int(8, at + 8 * 3600)
          .Int(9, end)
          .Text(10, done ? (end - at < 8 * 3600 ? "on_time" : "late") : "")
          .Int(11, agency);
      step.Run();
      at = end != 0 ? end : at;
    }
    if (pick(100) < 8) {
      pause.Int(1, id).Int(2, received + 3600).Int(3, received + 2 * 24 * 3600);
      pause.Run();
    }
    if (i % 200000 == 199999) {
      Exec(db, "COMMIT");
      std::fprintf(stderr, "  %lld dossiers\n", i + 1);
      Exec(db, "BEGIN");
    }
  }
  Exec(db, "COMMIT");
  // Statistics for the tables loaded here only. A bare ANALYZE also recorded every other table as
  // it was at this moment -- the search index's FTS5 shadow table with 2 rows, before bench/soak.sh
  // indexes 100,000 documents -- and with that stale count SQLite scans the whole of
  // documents_search_fts_data for FTS5's "DELETE ... WHERE id>=? AND id<=?" at every segment
  // merge (the soak's 0.4-0.8 s stalls). cqdt itself never runs ANALYZE.
  Exec(db, "ANALYZE onestop_dossier");
  Exec(db, "ANALYZE onestop_dossier_step");
  Exec(db, "ANALYZE onestop_dossier_pause");
  Exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
  sqlite3_close(db);
  std::printf("%lld dossiers, one in %d decided by %s\n", dossiers, share, agency_code.c_str());
  return 0;
}
