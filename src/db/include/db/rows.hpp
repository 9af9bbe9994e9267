// Reading many rows without copying them, for the few queries that read thousands of rows in
// one request and keep little of each (the search window reads 2,001 matches to count facets and
// keep twenty). SOCI copies every column of every row twice (into its row buffer, then into the
// bound variable, a malloc each); here each row's columns are views into the engine's own
// memory, valid during the callback only:
//
//   db::ForEachRow(tx, "SELECT id, meta FROM t WHERE a = :p0 AND b = :p1", {agency, word},
//                  [&](const db::RowView& row) {
//                    ids.push_back(row.Int(0));
//                    return Holds(row.Text(1));  // false stops reading
//                  });
//
// Contract:
// - Parameters are written :p0, :p1, ... in the text and given in that order (a SqlBuilder's
//   placeholders); each is bound as a value, never spliced into the text. The text is the
//   calling code's own (built from constants), never client input.
// - SQLite: the statement is prepared on the transaction's connection and finalized before
//   ForEachRow returns (also when the callback throws). PostgreSQL: one PQexecParams on the
//   transaction's connection, in text format.
// - An engine error is thrown as soci::soci_error, as SOCI throws it for other statements.
// Thread safety: as the Transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "db/database.hpp"

namespace cqdt::db {

using SqlParam = std::variant<std::int64_t, std::string>;

// One row of ForEachRow. Column numbers from 0, in the SELECT's order.
class RowView {
 public:
  virtual ~RowView() = default;
  virtual bool IsNull(int column) const = 0;
  // 0 for NULL.
  virtual std::int64_t Int(int column) const = 0;
  // Empty for NULL. Valid until the callback returns.
  virtual std::string_view Text(int column) const = 0;
};

// Runs `sql` with `params` and calls `row` for each row, until there are no more or it returns
// false.
void ForEachRow(Transaction& tx, const std::string& sql, const std::vector<SqlParam>& params,
                const std::function<bool(const RowView&)>& row);

}  // namespace cqdt::db
