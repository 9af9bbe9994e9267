// Gap-free counters: dossier code sequences (mã hồ sơ, per receiving agency and day) and document
// register numbers (số văn bản, per register and year).
//
// Every allocation happens inside the caller's write transaction (db::Database::Begin()): the
// counter row is updated by one UPSERT, which on PostgreSQL holds the row lock until the
// transaction ends and on SQLite runs under the BEGIN IMMEDIATE write lock. So concurrent callers
// queue on the counter, and a value is consumed only if the caller commits; a rolled-back use case
// gives its value back (Decree 30/2020 art. 15 and Phụ lục VI: numbering by the system, without
// gaps or duplicates).
//
// Requires: a transaction from Database::Begin(), not BeginRead() (on PostgreSQL a read
// transaction is REPEATABLE READ and a concurrent allocation would fail to serialise).
// Keep the transaction short after allocating: other callers of the same counter wait for it.
// Errors: kInvalidArgument for a bad key, agency code or date; kFailedPrecondition when a bounded
// counter is exhausted (the 9,999th dossier of a day). Database faults are exceptions.
// Thread safety: stateless; one Transaction belongs to one thread.
//
// Invariants: for every (scope, period), the committed values are exactly 1..last_value.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "core/dossier_code.hpp"
#include "core/result.hpp"
#include "core/text.hpp"
#include "db/database.hpp"
#include "db/migrator.hpp"

namespace cqdt::numbering {

// A counter: what it numbers (`scope`) and the period after which it starts again at 1.
// Both are printable ASCII without spaces, 1-200 characters.
struct CounterKey {
  std::string scope;   // "dossier:000.00.04.H40", "register:outgoing:17"
  std::string period;  // "2023-04-14" for a daily counter, "2025" for a yearly one
};

// A number taken inside the statement of the module that uses it, so that it costs no round trip
// of its own: `sql` is an INSERT … RETURNING last_value with three parameters, bound in order —
// `scope`, `period`, `bound` — that yields one row with the next value, or none when the counter
// is at `bound`. On PostgreSQL it goes in a WITH list (the row stays locked from that statement
// to the commit); on SQLite it runs as a statement of its own. The SQL stays this module's.
struct CounterClause {
  std::string sql;
  std::string scope;
  std::string period;
  long long bound = 0;
};

// The dossier code's counter as a clause: the code is `prefix` ("<agency>-<YYMMDD>-") followed
// by the value on four digits — in SQL kCodeSql over the clause's row (one more parameter, bound
// after the counter's three: `prefix`), in C++ Code(value).
struct DossierCodeClause {
  static constexpr const char* kCodeSql =
      "CAST(:prefix AS TEXT) || lpad(CAST(last_value AS TEXT), 4, '0')";
  CounterClause counter;
  std::string prefix;
  std::string agency_code;
  Date received;

  std::string Code(long long value) const;
};

class CounterService {
 public:
  // The next value of the counter (1 for a new scope or period), at most `max`.
  Result<std::int64_t> Next(db::Transaction& tx, const CounterKey& key,
                            std::int64_t max = std::numeric_limits<std::int64_t>::max()) const;
  // The last value allocated (and visible to `tx`), 0 when none.
  Result<std::int64_t> Last(db::Transaction& tx, const CounterKey& key) const;

  // The next dossier code of the receiving agency (QCVN 102 layout) for the receipt date:
  // `<agency>-<YYMMDD>-<NNNN>`, NNNN restarting at 0001 each day (NĐ 61/2018 art. 26,
  // TT 01/2018/TT-VPCP art. 19). After 9999 in a day: kFailedPrecondition.
  Result<DossierCode> NextDossierCode(db::Transaction& tx, std::string_view agency_code,
                                      const Date& received) const;
  // The same as a clause for the caller's own statement (the checks, and the transaction marked
  // as Next marks it); nothing is allocated until that statement runs. When it yields no row:
  // DossierCodesExhausted.
  Result<DossierCodeClause> NextDossierCodeClause(db::Transaction& tx, std::string_view agency_code,
                                                  const Date& received) const;
  static Error DossierCodesExhausted(std::string_view agency_code, const Date& received);

  // The next number of a document register for the year of the issuing (or receiving) date,
  // restarting at 1 on 1 January (Decree 30/2020 art. 15.1, art. 22.2). `register_key` names the
  // register (sổ); separate series (confidential documents, per-type books) use separate keys.
  Result<std::int64_t> NextRegisterNumber(db::Transaction& tx, std::string_view register_key,
                                          int year) const;
};

// The module's schema (numbering_counter).
std::vector<db::Migration> Migrations();

}  // namespace cqdt::numbering
