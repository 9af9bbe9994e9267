#include "audit/audit_log.hpp"

#include <algorithm>
#include <any>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "core/lunar_calendar.hpp"
#include "core/text.hpp"
#include "crypto/crypto.hpp"
#include "db/statement.hpp"

namespace cqdt::audit {
namespace {

// The last entry this transaction appended (Transaction::Local).
struct ChainEnd {
  long long seq = 0;
  std::string hash;
};

// Canonical form: every field, length-prefixed so that no two different entries serialise alike.
std::string EntryHash(const Entry& e) {
  std::string canon;
  auto add = [&canon](const std::string& v) {
    canon += std::to_string(v.size());
    canon += ':';
    canon += v;
    canon += ';';
  };
  add(std::to_string(e.seq));
  add(e.at);
  add(std::to_string(e.actor_id.value()));
  add(e.actor);
  add(std::to_string(e.agency_id.value()));
  add(e.action);
  add(e.entity);
  add(e.entity_id);
  add(e.client_address);
  add(e.request_id);
  add(e.summary);
  add(e.prev_hash);
  // Added with migration 2. Only when present: the hash of every older entry stays as it was,
  // and since every field is length-prefixed, 13 fields never read like 12.
  if (!e.client_request_id.empty()) {
    add(e.client_request_id);
  }
  return crypto::Sha256Hex(canon);
}

// The entries this transaction appended and has not written yet (Transaction::Local).
struct PendingEntries {
  std::vector<Entry> entries;
};
constexpr std::string_view kPendingKey = "audit.pending";
constexpr std::string_view kChainEndKey = "audit.chain_end";
// At most this many entries per INSERT: each count is one text in the connection's statement
// cache (db/statement.hpp); a use case appends a few.
constexpr std::size_t kRowsPerInsert = 8;

// The bound values of one row (soci::use binds references: they stay put while it runs).
struct InsertRow {
  long long seq = 0, actor_id = 0, agency_id = 0;
  soci::indicator actor_ind = soci::i_null, agency_ind = soci::i_null;
};

// "INSERT ... VALUES (...), (...)" for `n` rows; row i's values are named :seq<i>, :at<i>, ...
std::string InsertText(std::size_t n) {
  static constexpr const char* kNames[] = {"seq",     "at",     "actor_id",  "actor",  "agency_id",
                                           "action",  "entity", "entity_id", "client", "rid",
                                           "summary", "prev",   "hash",      "crid"};
  std::string sql =
      "INSERT INTO audit_entry (seq, at, actor_id, actor, agency_id, action, entity, entity_id,"
      " client_address, request_id, summary, prev_hash, hash, client_request_id) VALUES ";
  for (std::size_t i = 0; i < n; ++i) {
    sql += i == 0 ? "(" : ", (";
    for (std::size_t c = 0; c < std::size(kNames); ++c) {
      sql += c == 0 ? ":" : ", :";
      sql += kNames[c];
      sql += std::to_string(i);
    }
    sql += ")";
  }
  return sql;
}

void InsertRows(db::Transaction& tx, Entry* entries, std::size_t n) {
  static const std::vector<std::string> texts = [] {  // texts[k]: k + 1 rows
    std::vector<std::string> t;
    for (std::size_t rows = 1; rows <= kRowsPerInsert; ++rows) {
      t.push_back(InsertText(rows));
    }
    return t;
  }();
  std::vector<InsertRow> rows(n);
  db::Statement st = tx.Prepare(texts[n - 1]);
  for (std::size_t i = 0; i < n; ++i) {
    Entry& e = entries[i];
    InsertRow& r = rows[i];
    r.seq = e.seq;
    r.actor_id = e.actor_id.value();
    r.agency_id = e.agency_id.value();
    r.actor_ind = e.actor_id.IsSet() ? soci::i_ok : soci::i_null;
    r.agency_ind = e.agency_id.IsSet() ? soci::i_ok : soci::i_null;
    st->exchange(soci::use(r.seq));
    st->exchange(soci::use(e.at));
    st->exchange(soci::use(r.actor_id, r.actor_ind));
    st->exchange(soci::use(e.actor));
    st->exchange(soci::use(r.agency_id, r.agency_ind));
    st->exchange(soci::use(e.action));
    st->exchange(soci::use(e.entity));
    st->exchange(soci::use(e.entity_id));
    st->exchange(soci::use(e.client_address));
    st->exchange(soci::use(e.request_id));
    st->exchange(soci::use(e.summary));
    st->exchange(soci::use(e.prev_hash));
    st->exchange(soci::use(e.hash));
    st->exchange(soci::use(e.client_request_id));
  }
  st->define_and_bind();
  st->execute(true);
}

constexpr const char* kColumns =
    "id, seq, at, actor_id, actor, agency_id, action, entity, entity_id, client_address, "
    "request_id, summary, prev_hash, hash, client_request_id";

struct RowReader {
  long long id = 0, seq = 0, actor_id = 0, agency_id = 0;
  std::string at, actor, action, entity, entity_id, client, request_id, summary, prev, hash,
      client_request_id;
  soci::indicator actor_ind = soci::i_ok, agency_ind = soci::i_ok;

  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(seq));
    st.exchange(soci::into(at));
    st.exchange(soci::into(actor_id, actor_ind));
    st.exchange(soci::into(actor));
    st.exchange(soci::into(agency_id, agency_ind));
    st.exchange(soci::into(action));
    st.exchange(soci::into(entity));
    st.exchange(soci::into(entity_id));
    st.exchange(soci::into(client));
    st.exchange(soci::into(request_id));
    st.exchange(soci::into(summary));
    st.exchange(soci::into(prev));
    st.exchange(soci::into(hash));
    st.exchange(soci::into(client_request_id));
  }
  Entry Get() const {
    return Entry{AuditEntryId(id),
                 seq,
                 at,
                 UserId(actor_ind == soci::i_ok ? actor_id : 0),
                 actor,
                 AgencyId(agency_ind == soci::i_ok ? agency_id : 0),
                 action,
                 entity,
                 entity_id,
                 client,
                 request_id,
                 summary,
                 prev,
                 hash,
                 client_request_id};
  }
};

}  // namespace

std::vector<db::Migration> Migrations() {
  return {{"audit", 1, "create_audit_entry",
           "CREATE TABLE audit_entry ("
           " id {{pk}},"
           " seq {{bigint}} NOT NULL UNIQUE,"
           " at TEXT NOT NULL,"
           " actor_id {{bigint}},"
           " actor TEXT NOT NULL,"
           " agency_id {{bigint}},"
           " action TEXT NOT NULL,"
           " entity TEXT NOT NULL,"
           " entity_id TEXT NOT NULL,"
           " client_address TEXT NOT NULL,"
           " request_id TEXT NOT NULL,"
           " summary TEXT NOT NULL,"
           " prev_hash TEXT NOT NULL,"
           " hash TEXT NOT NULL);\n"
           "CREATE INDEX audit_entry_at ON audit_entry (at);\n"
           "CREATE INDEX audit_entry_entity ON audit_entry (entity, entity_id);\n"
           "CREATE INDEX audit_entry_actor ON audit_entry (actor)"},
          // The id a client sent in X-Request-Id, kept apart from the server's own request_id
          // (which a client could otherwise choose, and repeat).
          {"audit", 2, "add_client_request_id",
           "ALTER TABLE audit_entry ADD COLUMN client_request_id TEXT NOT NULL DEFAULT ''"},
          // PostgreSQL: the chain's append lock and its end in one round trip. A VOLATILE
          // function takes a new snapshot for each of its queries, so the end is read after the
          // lock is held (one statement doing both would read it as of before the wait).
          // Superseded by audit_append (migration 4), which does the whole append.
          {"audit", 3, "chain_end_function",
           "{{postgresql}}CREATE FUNCTION audit_chain_end(OUT seq BIGINT, OUT hash TEXT)"
           " RETURNS SETOF record LANGUAGE plpgsql VOLATILE AS $$ BEGIN"
           " PERFORM pg_advisory_xact_lock(7243101);"
           " RETURN QUERY SELECT e.seq, e.hash FROM audit_entry e ORDER BY e.seq DESC LIMIT 1;"
           " END $$"},
          // PostgreSQL: a transaction's entries join the chain in one statement — the lock, the
          // chain's end, the hashes (EntryHash's canonical form: each field as its length in
          // bytes, ':', the field, ';') and the rows — so that the chain is held for that
          // statement and the commit, not for a round trip to the server and back between them.
          // AuditLog::Verify recomputes every hash in C++.
          {"audit", 4, "append_function",
           "{{postgresql}}CREATE FUNCTION audit_append(entries json, stamp text,"
           " OUT last_seq BIGINT, OUT last_hash TEXT) LANGUAGE plpgsql VOLATILE AS $$"
           " DECLARE e record; canon text; next_hash text;"
           " BEGIN"
           " PERFORM pg_advisory_xact_lock(7243101);"
           " SELECT a.seq, a.hash INTO last_seq, last_hash FROM audit_entry a"
           " ORDER BY a.seq DESC LIMIT 1;"
           " IF NOT FOUND THEN last_seq := 0; last_hash := ''; END IF;"
           " FOR e IN SELECT * FROM json_to_recordset(entries) AS x(actor_id bigint, actor text,"
           " agency_id bigint, action text, entity text, entity_id text, client_address text,"
           " request_id text, summary text, client_request_id text) LOOP"
           " last_seq := last_seq + 1;"
           " SELECT string_agg(octet_length(f)::text || ':' || f || ';', '' ORDER BY n) INTO canon"
           " FROM unnest(ARRAY[last_seq::text, stamp, coalesce(e.actor_id, 0)::text, e.actor,"
           " coalesce(e.agency_id, 0)::text, e.action, e.entity, e.entity_id, e.client_address,"
           " e.request_id, e.summary, last_hash] || CASE WHEN e.client_request_id <> ''"
           " THEN ARRAY[e.client_request_id] ELSE ARRAY[]::text[] END) WITH ORDINALITY AS u(f, n);"
           " next_hash := encode(sha256(convert_to(canon, 'UTF8')), 'hex');"
           " INSERT INTO audit_entry (seq, at, actor_id, actor, agency_id, action, entity,"
           " entity_id, client_address, request_id, summary, prev_hash, hash, client_request_id)"
           " VALUES (last_seq, stamp, e.actor_id, e.actor, e.agency_id, e.action, e.entity,"
           " e.entity_id, e.client_address, e.request_id, e.summary, last_hash, next_hash,"
           " e.client_request_id);"
           " last_hash := next_hash;"
           " END LOOP;"
           " END $$"}};
}

Status AuditLog::Record(db::Transaction& tx, const Actor& actor, const Change& change) {
  // Kept in the transaction and written when it commits (Flush), in one statement per
  // kRowsPerInsert entries: a registration appends three entries, on PostgreSQL each statement
  // is a round trip, and the chain's lock is then held only while the transaction commits.
  std::any& memo = tx.Local(kPendingKey);
  auto* pending = std::any_cast<PendingEntries>(&memo);
  if (pending == nullptr) {
    memo = PendingEntries{};
    pending = std::any_cast<PendingEntries>(&memo);
    tx.BeforeCommit([this](db::Transaction& t) { return Flush(t, true); });
  }
  Entry e;
  e.actor_id = actor.user_id;
  e.actor = actor.name;
  e.agency_id = actor.agency_id;
  e.action = change.action;
  e.entity = change.entity;
  e.entity_id = change.entity_id;
  e.client_address = actor.client_address;
  e.request_id = actor.request_id;
  e.client_request_id = actor.client_request_id;
  e.summary = change.summary;
  pending->entries.push_back(std::move(e));
  return Ok();
}

Status AuditLog::Flush(db::Transaction& tx, bool at_commit) const {
  auto* pending = std::any_cast<PendingEntries>(&tx.Local(kPendingKey));
  if (pending == nullptr || pending->entries.empty()) {
    return Ok();
  }
  // The time the entries enter the chain: in the chain's order, as its lock serialises them.
  const std::string at = ToIsoUtc(clock_.Now());
  if (tx.engine() == db::Engine::kPostgres) {
    // One statement (audit_append, migration 4) takes the chain's lock, reads its end, hashes
    // and inserts the entries; the lock is released when the commit is decided, and the commit
    // waits for the disk after (db::Transaction::CommitBeforeSync): the chain is held for one
    // statement and the COMMIT, not through round trips and each transaction's own WAL flush.
    std::vector<Entry> entries = std::move(pending->entries);
    pending->entries.clear();
    nlohmann::json rows = nlohmann::json::array();
    for (const Entry& e : entries) {
      rows.push_back({{"actor_id", e.actor_id.IsSet() ? nlohmann::json(e.actor_id.value())
                                                      : nlohmann::json(nullptr)},
                      {"actor", e.actor},
                      {"agency_id", e.agency_id.IsSet() ? nlohmann::json(e.agency_id.value())
                                                        : nlohmann::json(nullptr)},
                      {"action", e.action},
                      {"entity", e.entity},
                      {"entity_id", e.entity_id},
                      {"client_address", e.client_address},
                      {"request_id", e.request_id},
                      {"summary", e.summary},
                      {"client_request_id", e.client_request_id}});
    }
    const std::string json = rows.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    tx.CommitBeforeSync();
    if (at_commit) {  // the transaction's last write: in the COMMIT's own message
      // Base64 (no quote, no backslash, no colon) and our own timestamp: safe as literals.
      tx.SendWithCommit("SELECT audit_append(CAST(convert_from(decode('" +
                        crypto::Base64Encode(json) + "', 'base64'), 'UTF8') AS json), '" + at +
                        "')");
      return Ok();
    }
    db::Run(tx, "SELECT 1 FROM audit_append(CAST(:e AS json), :at)", soci::use(json),
            soci::use(at));
    return Ok();
  }
  CQDT_RETURN_IF_ERROR(HoldChain(tx));
  const auto& end = std::any_cast<const ChainEnd&>(tx.Local(kChainEndKey));
  long long last_seq = end.seq;
  std::string last_hash = end.hash;
  std::vector<Entry> entries = std::move(pending->entries);
  pending->entries.clear();
  for (auto& e : entries) {
    e.seq = ++last_seq;
    e.at = at;
    e.prev_hash = last_hash;
    e.hash = EntryHash(e);
    last_hash = e.hash;
  }
  for (std::size_t first = 0; first < entries.size(); first += kRowsPerInsert) {
    const std::size_t n = std::min(kRowsPerInsert, entries.size() - first);
    InsertRows(tx, entries.data() + first, n);
  }
  tx.Local(kChainEndKey) = ChainEnd{last_seq, last_hash};
  return Ok();
}

Status AuditLog::HoldChain(db::Transaction& tx) const {
  // The transaction's write lock (BEGIN IMMEDIATE) holds the chain until it ends, so the chain's
  // end is what it read first, or the entry it appended last: not read again.
  std::any& memo = tx.Local(kChainEndKey);
  if (memo.has_value()) {
    return Ok();
  }
  long long seq = 0;
  std::string hash;
  soci::indicator ind = soci::i_null;
  if (!db::Run(tx, "SELECT seq, hash FROM audit_entry ORDER BY seq DESC LIMIT 1",
               soci::into(seq, ind), soci::into(hash))
           .got_data()) {
    seq = 0;
    hash.clear();
  }
  memo = ChainEnd{seq, hash};
  return Ok();
}

Result<Page> AuditLog::List(db::Transaction& tx, const Filter& f) const {
  CQDT_RETURN_IF_ERROR(Flush(tx));  // this transaction's own entries are listed too
  std::vector<FieldError> errors;
  if (f.limit < 1 || f.limit > 500) {
    errors.push_back({"limit", "range", "Số bản ghi mỗi trang phải từ 1 đến 500."});
  }
  if (f.offset < 0) {
    errors.push_back({"offset", "range", "Vị trí bắt đầu không được âm."});
  }
  if (!f.from.empty() && !ParseIsoDate(f.from)) {
    errors.push_back({"from", "format", "Ngày bắt đầu phải có dạng YYYY-MM-DD."});
  }
  if (!f.to.empty() && !ParseIsoDate(f.to)) {
    errors.push_back({"to", "format", "Ngày kết thúc phải có dạng YYYY-MM-DD."});
  }
  if (!errors.empty()) {
    return Error::Invalid(std::move(errors));
  }
  // Every filter value is bound, never spliced into the SQL text.
  std::string where = " WHERE 1=1";
  // "agency." is a prefix (every agency action); anything else is one action, compared exactly
  // so that "auth.login" does not also find "auth.login_failed". LIKE wildcards in the value
  // are escaped.
  bool action_prefix = !f.action.empty() && f.action.back() == '.';
  std::string action_value = f.action;
  if (action_prefix) {
    action_value.clear();
    for (char c : f.action) {
      if (c == '%' || c == '_' || c == '!') {
        action_value += '!';
      }
      action_value += c;
    }
    action_value += '%';
  }
  // Days are Vietnam days (UTC+7, as the viewer shows times): the day D runs from
  // (D-1)T17:00:00Z up to, not including, DT17:00:00Z. `at` is ISO 8601 UTC text, so the
  // bounds compare as strings.
  auto vietnam_day_start = [](const std::string& day) {
    return FormatIsoDate(AddDays(*ParseIsoDate(day), -1)) + "T17:00:00Z";
  };
  std::string from = f.from.empty() ? "" : vietnam_day_start(f.from);
  std::string to = f.to.empty() ? "" : f.to + "T17:00:00Z";
  long long agency = f.agency_id.value();
  if (!f.actor.empty())
    where += " AND actor = :actor";
  if (f.agency_id.IsSet())
    where += " AND agency_id = :agency";
  if (!f.action.empty())
    where += action_prefix ? " AND action LIKE :action ESCAPE '!'" : " AND action = :action";
  if (!f.entity.empty())
    where += " AND entity = :entity";
  if (!f.entity_id.empty())
    where += " AND entity_id = :entity_id";
  if (!f.from.empty())
    where += " AND at >= :from";
  if (!f.to.empty())
    where += " AND at < :to";
  auto bind = [&](soci::statement& st) {
    if (!f.actor.empty())
      st.exchange(soci::use(f.actor, "actor"));
    if (f.agency_id.IsSet())
      st.exchange(soci::use(agency, "agency"));
    if (!f.action.empty())
      st.exchange(soci::use(action_value, "action"));
    if (!f.entity.empty())
      st.exchange(soci::use(f.entity, "entity"));
    if (!f.entity_id.empty())
      st.exchange(soci::use(f.entity_id, "entity_id"));
    if (!f.from.empty())
      st.exchange(soci::use(from, "from"));
    if (!f.to.empty())
      st.exchange(soci::use(to, "to"));
  };
  Page page;
  {
    long long total = 0;
    soci::statement st(tx.sql());
    st.exchange(soci::into(total));
    bind(st);
    st.alloc();
    st.prepare("SELECT COUNT(*) FROM audit_entry" + where);
    st.define_and_bind();
    st.execute(true);
    page.total = total;
  }
  RowReader r;
  soci::statement st(tx.sql());
  r.Bind(st);
  bind(st);
  st.alloc();
  st.prepare(std::string("SELECT ") + kColumns + " FROM audit_entry" + where +
             " ORDER BY seq DESC LIMIT " + std::to_string(f.limit) + " OFFSET " +
             std::to_string(f.offset));
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) {
    page.items.push_back(r.Get());
  }
  return page;
}

VerifyReport AuditLog::Verify(db::Transaction& tx) const {
  VerifyReport report;
  if (!Flush(tx)) {
    report.ok = false;
    report.reason = "Không ghi được nhật ký của giao dịch này.";
    return report;
  }
  RowReader r;
  soci::statement st(tx.sql());
  r.Bind(st);
  st.alloc();
  st.prepare(std::string("SELECT ") + kColumns + " FROM audit_entry ORDER BY seq");
  st.define_and_bind();
  st.execute(false);
  std::string prev_hash;
  std::int64_t expected_seq = 1;
  while (st.fetch()) {
    Entry e = r.Get();
    ++report.checked;
    std::string reason;
    if (e.seq != expected_seq) {
      reason = "Thiếu bản ghi nhật ký trước bản ghi này (số thứ tự " + std::to_string(e.seq) +
               ", cần " + std::to_string(expected_seq) + "): có bản ghi đã bị xóa.";
    } else if (e.prev_hash != prev_hash) {
      reason = "Mã băm liên kết không khớp với bản ghi trước: có bản ghi đã bị sửa hoặc xóa.";
    } else if (EntryHash(e) != e.hash) {
      reason = "Nội dung bản ghi không khớp với mã băm: bản ghi đã bị sửa.";
    }
    if (!reason.empty()) {
      report.ok = false;
      report.first_broken_id = e.id.value();
      report.reason = reason;
      return report;
    }
    prev_hash = e.hash;
    ++expected_seq;
    report.head_seq = e.seq;
    report.head_hash = e.hash;
  }
  return report;
}

std::optional<Entry> AuditLog::EntryAt(db::Transaction& tx, std::int64_t seq) const {
  if (!Flush(tx)) {
    return std::nullopt;
  }
  RowReader r;
  soci::statement st(tx.sql());
  r.Bind(st);
  long long key = seq;
  st.exchange(soci::use(key));
  st.alloc();
  st.prepare(std::string("SELECT ") + kColumns + " FROM audit_entry WHERE seq = :seq");
  st.define_and_bind();
  st.execute(false);
  if (st.fetch()) {
    return r.Get();
  }
  return std::nullopt;
}

}  // namespace cqdt::audit
