// Bulk data for the queue-page benchmark (issue 10; bench/queue-bench.sh). NOT for production:
// it writes straight into the tables of identity and documents, bypassing every service, audit
// and rule, so that a million documents load in minutes. Run it only on a throwaway database that
// `cqdt demo` (which migrates first) has just made: the schema is the real one, the rows are
// shaped like those the services write (states, assignments, reviews, signers, due dates).
//
//   cqdt_queue_data --db DATA/cqdt.db [--documents 1000000] [--users 5000]
//                   [--user chuyenvien.snv] [--queue-size 300] [--seed 1]
//
// Spread: the agencies of the demo province, the benchmarked user's agency holding a tenth of
// everything; 60% incoming, 40% outgoing; created over five years up to today; most documents
// finished, the rest open in every state of the flow; open items due from 30 days ago to 30 days
// ahead (so some are overdue), a quarter without a due date. Each incoming document past
// submission has 1-3 assignments (one lead, coordinators, people informed) among its agency's
// users; the benchmarked user leads about --queue-size open items and many finished ones. The
// new users share the benchmarked user's password hash (only the benchmarked user logs in).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "sqlite_bulk.hpp"

namespace {

using cqdt_bench::Die;
using cqdt_bench::Exec;
using cqdt_bench::Stmt;

std::string IsoDate(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

struct Agency {
  long long id = 0;
  std::vector<long long> units;
  std::vector<long long> users, leaders, clerks;
};

}  // namespace

int main(int argc, char** argv) {
  std::string path, username = "chuyenvien.snv";
  long long documents = 1000000, users = 5000, queue_size = 300;
  unsigned seed = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
    if (!v) {
      std::fprintf(stderr, "queue_data: %s needs a value\n", a.c_str());
      return 2;
    }
    ++i;
    if (a == "--db") {
      path = v;
    } else if (a == "--documents") {
      documents = std::atoll(v);
    } else if (a == "--users") {
      users = std::atoll(v);
    } else if (a == "--user") {
      username = v;
    } else if (a == "--queue-size") {
      queue_size = std::atoll(v);
    } else if (a == "--seed") {
      seed = static_cast<unsigned>(std::atoi(v));
    } else {
      std::fprintf(stderr, "queue_data: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  if (path.empty()) {
    std::fprintf(stderr,
                 "usage: cqdt_queue_data --db FILE [--documents N] [--users N] [--user NAME]"
                 " [--queue-size N] [--seed N]\n");
    return 2;
  }
  const auto t0 = std::chrono::steady_clock::now();
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    Die(db, path.c_str());
  }
  sqlite3_busy_timeout(db, 60000);
  // Only for this connection and only during the load: a crash here loses a throwaway database.
  Exec(db, "PRAGMA synchronous = OFF");
  Exec(db, "PRAGMA foreign_keys = OFF");
  Exec(db, "PRAGMA cache_size = -200000");

  // The benchmarked user: agency, password hash, created_at.
  long long me = 0, my_agency = 0;
  std::string hash, created;
  {
    Stmt q(db,
           "SELECT id, agency_id, password_hash, created_at FROM identity_user WHERE username = ?");
    q.Text(1, username);
    if (!q.Row()) {
      std::fprintf(stderr, "queue_data: no user %s (run `cqdt demo` first)\n", username.c_str());
      return 1;
    }
    me = q.ColInt(0);
    my_agency = q.ColInt(1);
    hash = q.ColText(2);
    created = q.ColText(3);
  }
  std::vector<Agency> agencies;
  std::map<long long, size_t> index;
  {
    Stmt q(db, "SELECT id FROM org_agency ORDER BY id");
    while (q.Row()) {
      index[q.ColInt(0)] = agencies.size();
      agencies.push_back({q.ColInt(0), {}, {}, {}, {}});
    }
    Stmt u(db, "SELECT id, agency_id FROM org_unit ORDER BY id");
    while (u.Row()) {
      if (auto it = index.find(u.ColInt(1)); it != index.end()) {
        agencies[it->second].units.push_back(u.ColInt(0));
      }
    }
  }
  const size_t mine = index.at(my_agency);
  std::mt19937_64 rng(seed);
  auto pick = [&](auto& v) -> decltype(auto) {
    return v[std::uniform_int_distribution<size_t>(0, std::size(v) - 1)(rng)];
  };
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  // A tenth of the users and documents in the benchmarked user's agency, the rest spread evenly.
  auto agency_of_next = [&]() -> Agency& { return chance(0.1) ? agencies[mine] : pick(agencies); };

  // --- users ---
  Exec(db, "BEGIN");
  {
    Stmt ins(db,
             "INSERT INTO identity_user (username, full_name, email, agency_id, unit_id, position,"
             " roles, created_at, password_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    long long existing = 0;
    {
      Stmt c(db, "SELECT COUNT(*) FROM identity_user");
      c.Row();
      existing = c.ColInt(0);
    }
    for (long long i = 0; i + existing < users; ++i) {
      Agency& a = agency_of_next();
      const char* role = i % 20 == 0 ? "leader" : i % 20 == 1 ? "clerk" : "officer";
      char name[32];
      std::snprintf(name, sizeof name, "bench.%05lld", i + 1);
      ins.Text(1, name)
          .Text(2, std::string("Cán bộ ") + name)
          .Text(3, std::string(name) + "@bench.invalid");
      ins.Int(4, a.id);
      if (a.units.empty()) {
        ins.Null(5);
      } else {
        ins.Int(5, pick(a.units));
      }
      ins.Text(6, "").Text(7, role).Text(8, created).Text(9, hash);
      ins.Run();
    }
    Stmt all(db, "SELECT id, agency_id, roles FROM identity_user WHERE disabled = 0");
    while (all.Row()) {
      auto it = index.find(all.ColInt(1));
      if (it == index.end()) {
        continue;
      }
      Agency& a = agencies[it->second];
      const std::string roles = all.ColText(2);
      a.users.push_back(all.ColInt(0));
      if (roles.find("leader") != std::string::npos) {
        a.leaders.push_back(all.ColInt(0));
      }
      if (roles.find("clerk") != std::string::npos) {
        a.clerks.push_back(all.ColInt(0));
      }
    }
  }
  Exec(db, "COMMIT");
  // Agencies without staff get no documents (nobody could have written them).
  std::vector<size_t> staffed;
  for (size_t i = 0; i < agencies.size(); ++i) {
    auto& a = agencies[i];
    if (!a.users.empty()) {
      if (a.leaders.empty())
        a.leaders.push_back(a.users.front());
      if (a.clerks.empty())
        a.clerks.push_back(a.users.front());
      staffed.push_back(i);
    }
  }
  const auto t_users = std::chrono::steady_clock::now();

  // --- documents, assignments, signers, reviews ---
  Stmt doc(db,
           "INSERT INTO documents_document (agency_id, direction, state, type_ordinal, number,"
           " notation, number_text, issued_date, sender_name, subject, urgency, confidentiality,"
           " due_date, arrival_date, arrival_number, channel, drafter_id, created_by, created_at,"
           " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Stmt asg(db,
           "INSERT INTO documents_assignment (document_id, agency_id, assignee_user_id, role,"
           " due_date, state, assigned_by, assigned_at, updated_at)"
           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  Stmt out(db,
           "INSERT INTO documents_outgoing (document_id, agency_id, signer_id) VALUES (?, ?, ?)");
  Stmt rev(db,
           "INSERT INTO documents_review (document_id, agency_id, step, reviewer_id, state,"
           " created_at, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
  const std::time_t now = std::time(nullptr);
  const long long span = 5LL * 365 * 86400;
  const char* urgencies[] = {"normal", "normal",      "normal", "normal",
                             "urgent", "very_urgent", "express"};
  const char* in_open[] = {"registered", "returned", "submitted",   "submitted",   "assigned",
                           "assigned",   "assigned", "in_progress", "in_progress", "in_progress"};
  const char* out_open[] = {"draft",    "draft",  "in_review", "in_review",
                            "approved", "signed", "numbered"};
  // The benchmarked user leads this share of their agency's open incoming documents.
  const double my_share_open =
      static_cast<double>(queue_size) / std::max(1.0, documents * 0.1 * 0.6 * 0.15 * 0.6);
  long long n_assign = 0, my_open = 0;
  const long long batch = 50000;
  Exec(db, "BEGIN");
  for (long long i = 0; i < documents; ++i) {
    if (i > 0 && i % batch == 0) {
      Exec(db, "COMMIT");
      Exec(db, "BEGIN");
      std::fprintf(stderr, "\r  %lld documents", i);
    }
    Agency& a = chance(0.1) ? agencies[mine] : agencies[pick(staffed)];
    const bool incoming = chance(0.6);
    // Open work is recent; finished work is spread over five years.
    const bool open = chance(0.15);
    const long long created_at =
        open ? now - std::uniform_int_distribution<long long>(0, 60 * 86400)(rng)
             : now - std::uniform_int_distribution<long long>(0, span)(rng);
    const long long updated_at = std::min<long long>(
        now, created_at + std::uniform_int_distribution<long long>(0, 20 * 86400)(rng));
    std::string state = incoming
                            ? (open ? pick(in_open) : "completed")
                            : (open ? pick(out_open) : (chance(0.98) ? "released" : "recalled"));
    std::string due;
    if (!chance(0.25)) {
      due = open ? IsoDate(now + std::uniform_int_distribution<long long>(-30, 30)(rng) * 86400)
                 : IsoDate(created_at + 15 * 86400);
    }
    const long long clerk = pick(a.clerks);
    const long long drafter =
        incoming ? 0 : (a.id == agencies[mine].id && chance(0.01) ? me : pick(a.users));
    doc.Int(1, a.id).Text(2, incoming ? "incoming" : "outgoing").Text(3, state);
    doc.Int(4, 1 + static_cast<int>(i % 29)).Int(5, 1 + i % 9999);
    doc.Text(6, incoming ? "UBND" : "SNV").Text(7, std::to_string(1 + i % 9999) + "/QĐ-BENCH");
    doc.Text(8, IsoDate(created_at)).Text(9, incoming ? "Ủy ban nhân dân tỉnh An Giang" : "");
    doc.Text(10, "Văn bản thử hiệu năng số " + std::to_string(i + 1));
    doc.Text(11, pick(urgencies)).Text(12, chance(0.02) ? "confidential" : "none");
    doc.Text(13, due)
        .Text(14, incoming ? IsoDate(created_at) : "")
        .Int(15, incoming ? 1 + i % 9999 : 0);
    doc.Text(16, chance(0.5) ? "electronic" : "paper");
    if (drafter) {
      doc.Int(17, drafter);
    } else {
      doc.Null(17);
    }
    doc.Int(18, incoming ? clerk : drafter).Int(19, created_at).Int(20, updated_at);
    doc.Run();
    const long long id = sqlite3_last_insert_rowid(db);
    if (incoming && (state == "assigned" || state == "in_progress" || state == "completed")) {
      const bool done = state == "completed";
      const char* open_states[] = {"assigned", "accepted", "accepted", "extension_requested"};
      const long long leader = pick(a.leaders);
      long long lead = pick(a.users);
      if (&a == &agencies[mine] && chance(open ? my_share_open : 0.02)) {
        lead = me;
      }
      my_open += (lead == me && !done) ? 1 : 0;
      const int extra = std::uniform_int_distribution<int>(0, 2)(rng);
      for (int k = 0; k <= extra; ++k) {
        const long long who = k == 0 ? lead : pick(a.users);
        if (k > 0 && who == lead) {
          continue;
        }
        asg.Int(1, id).Int(2, a.id).Int(3, who).Text(
            4, k == 0 ? "lead" : (k == 1 ? "coordinate" : "info"));
        asg.Text(5, due).Text(6, done ? "completed" : pick(open_states)).Int(7, leader);
        asg.Int(8, created_at).Int(9, updated_at);
        asg.Run();
        ++n_assign;
      }
    }
    if (!incoming) {
      const long long signer = pick(a.leaders);
      out.Int(1, id).Int(2, a.id).Int(3, signer).Run();
      if (state != "draft") {
        const bool pending = state == "in_review";
        rev.Int(1, id).Int(2, a.id).Text(3, "leader").Int(4, signer);
        rev.Text(5, pending ? "pending" : "approved")
            .Int(6, created_at)
            .Int(7, pending ? 0 : updated_at);
        rev.Run();
      }
    }
  }
  Exec(db, "COMMIT");
  std::fprintf(stderr, "\r");
  // No ANALYZE: cqdt never runs it, so the plans measured are those of a real database.
  const auto t_end = std::chrono::steady_clock::now();
  sqlite3_close(db);
  auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  std::printf(
      "Loaded %lld users (total), %lld documents, %lld assignments; %s leads %lld open items.\n"
      "Time: users %.1f s, documents %.1f s, total %.1f s.\n",
      users, documents, n_assign, username.c_str(), my_open, secs(t0, t_users),
      secs(t_users, t_end), secs(t0, t_end));
  return 0;
}
