#include "numbering/counter_service.hpp"

#include <soci/soci.h>

#include "db/statement.hpp"

namespace cqdt::numbering {
namespace {

constexpr std::size_t kMaxKeyLength = 200;

// Keys come from other modules, sometimes built from client input (an agency code): check them.
bool IsKeyPart(std::string_view s) {
  if (s.empty() || s.size() > kMaxKeyLength) {
    return false;
  }
  for (char c : s) {
    if (c <= ' ' || c > '~') {
      return false;
    }
  }
  return true;
}

Status CheckKey(const CounterKey& key) {
  if (!IsKeyPart(key.scope) || !IsKeyPart(key.period)) {
    return Error::InvalidField("counter", "format", "Khóa bộ đếm số không hợp lệ.");
  }
  return Ok();
}

// One statement creates or increments the row. PostgreSQL: concurrent upserts of the same key
// wait on the row (or on the speculative insert) until this transaction ends, then see its
// result; SQLite: the connection already holds the write lock (BEGIN IMMEDIATE). The WHERE keeps
// an exhausted counter unchanged, and then no row is returned.
constexpr const char* kUpsert =
    "INSERT INTO numbering_counter (scope, period, last_value) VALUES (:scope, :period, 1) ON"
    " CONFLICT (scope, period) DO UPDATE SET last_value = numbering_counter.last_value + 1 WHERE"
    " numbering_counter.last_value < :bound RETURNING last_value";

}  // namespace

Result<std::int64_t> CounterService::Next(db::Transaction& tx, const CounterKey& key,
                                          std::int64_t max) const {
  CQDT_RETURN_IF_ERROR(CheckKey(key));
  if (max < 1) {
    return Error::InvalidField("counter", "range", "Giới hạn của bộ đếm số phải từ 1.");
  }
  // Every writer of the key queues on its row (kUpsert): the transaction releases it when its
  // commit is decided and waits for the disk after (db::Transaction::CommitBeforeSync).
  tx.CommitBeforeSync();
  long long value = 0;
  long long bound = max;
  soci::indicator ind = soci::i_null;
  const bool got = db::Run(tx, kUpsert, soci::use(key.scope), soci::use(key.period),
                           soci::use(bound), soci::into(value, ind))
                       .got_data();
  if (!got || ind != soci::i_ok) {
    return Error::FailedPrecondition("Đã hết số trong bộ đếm (tối đa " + std::to_string(max) +
                                     ") cho kỳ " + key.period + ".");
  }
  return static_cast<std::int64_t>(value);
}

Result<std::int64_t> CounterService::Last(db::Transaction& tx, const CounterKey& key) const {
  CQDT_RETURN_IF_ERROR(CheckKey(key));
  long long value = 0;
  soci::indicator ind = soci::i_null;
  tx.sql() << "SELECT last_value FROM numbering_counter WHERE scope = :scope AND period = :period",
      soci::use(key.scope), soci::use(key.period), soci::into(value, ind);
  return static_cast<std::int64_t>(tx.sql().got_data() && ind == soci::i_ok ? value : 0);
}

Result<DossierCode> CounterService::NextDossierCode(db::Transaction& tx,
                                                    std::string_view agency_code,
                                                    const Date& received) const {
  // Check the parts before consuming a number (sequence 1 stands for any valid one).
  CQDT_RETURN_IF_ERROR(MakeDossierCode(agency_code, received, 1, "agencyCode"));
  // TT 01/2018/TT-VPCP art. 19: the sequence counts the dossiers of the receiving agency that day.
  CounterKey key{"dossier:" + std::string(agency_code), FormatIsoDate(received)};
  auto next = Next(tx, key, kMaxDossierSequence);
  if (!next) {
    if (next.error().code() == ErrorCode::kFailedPrecondition) {
      return DossierCodesExhausted(agency_code, received);
    }
    return next.error();
  }
  return MakeDossierCode(agency_code, received, static_cast<int>(*next), "agencyCode");
}

Result<DossierCodeClause> CounterService::NextDossierCodeClause(db::Transaction& tx,
                                                                std::string_view agency_code,
                                                                const Date& received) const {
  CQDT_ASSIGN_OR_RETURN(DossierCode any, MakeDossierCode(agency_code, received, 1, "agencyCode"));
  const CounterKey key{"dossier:" + std::string(agency_code), FormatIsoDate(received)};
  CQDT_RETURN_IF_ERROR(CheckKey(key));
  tx.CommitBeforeSync();  // as Next: the row is released when the commit is decided
  const std::string text = any.Text();
  return DossierCodeClause{{kUpsert, key.scope, key.period, kMaxDossierSequence},
                           text.substr(0, text.size() - 4),
                           std::string(agency_code),
                           received};
}

std::string DossierCodeClause::Code(long long value) const {
  // The parts were checked when the clause was made; the value is the counter's, 1..9999.
  return MakeDossierCode(agency_code, received, static_cast<int>(value), "agencyCode")->Text();
}

Error CounterService::DossierCodesExhausted(std::string_view agency_code, const Date& received) {
  return Error::FailedPrecondition("Cơ quan " + std::string(agency_code) +
                                   " đã cấp đủ 9.999 mã hồ sơ trong ngày " +
                                   FormatIsoDate(received) + ".");
}

Result<std::int64_t> CounterService::NextRegisterNumber(db::Transaction& tx,
                                                        std::string_view register_key,
                                                        int year) const {
  // Decree 30/2020 art. 15.1: numbers follow the calendar year, from 01 on 1 January.
  if (year < 1900 || year > 2999) {
    return Error::InvalidField("year", "range", "Năm của sổ văn bản không hợp lệ.");
  }
  return Next(tx, {"register:" + std::string(register_key), std::to_string(year)});
}

std::vector<db::Migration> Migrations() {
  return {{"numbering", 1, "create_numbering_counter",
           "CREATE TABLE numbering_counter ("
           " scope TEXT NOT NULL,"
           " period TEXT NOT NULL,"
           " last_value {{bigint}} NOT NULL,"
           " PRIMARY KEY (scope, period))"}};
}

}  // namespace cqdt::numbering
