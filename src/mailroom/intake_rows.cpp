#include "intake_rows.hpp"

#include <soci/soci.h>

#include "db/statement.hpp"
#include "intake_message.hpp"

namespace cqdt::mailroom::internal {
namespace {

constexpr const char* kItemColumns =
    "id, agency_id, mailbox, uidvalidity, uid, message_id, from_address, from_name, subject, "
    "sent_at, received_at, size, header_only, dkim_result, dkim_domain, dkim_reason, dkim_detail, "
    "spf_result, "
    "spf_detail, warning_count, file_count, state, document_id, discard_reason, handled_by, "
    "handled_at, version";

IntakeState StateOf(const std::string& name) {
  if (name == "registered") {
    return IntakeState::kRegistered;
  }
  if (name == "discarded") {
    return IntakeState::kDiscarded;
  }
  return IntakeState::kReceived;
}

struct ItemRow {
  long long id = 0, agency = 0, uidvalidity = 0, uid = 0, sent_at = 0, received_at = 0, size = 0,
            document = 0, handled_at = 0, version = 0;
  int header_only = 0, warning_count = 0, file_count = 0;
  soci::indicator sent_ind = soci::i_null, document_ind = soci::i_null;
  std::string mailbox, message_id, from_address, from_name, subject, dkim_result, dkim_domain,
      dkim_reason, dkim_detail, spf_result, spf_detail, state, discard_reason, handled_by;

  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(agency));
    st.exchange(soci::into(mailbox));
    st.exchange(soci::into(uidvalidity));
    st.exchange(soci::into(uid));
    st.exchange(soci::into(message_id));
    st.exchange(soci::into(from_address));
    st.exchange(soci::into(from_name));
    st.exchange(soci::into(subject));
    st.exchange(soci::into(sent_at, sent_ind));
    st.exchange(soci::into(received_at));
    st.exchange(soci::into(size));
    st.exchange(soci::into(header_only));
    st.exchange(soci::into(dkim_result));
    st.exchange(soci::into(dkim_domain));
    st.exchange(soci::into(dkim_reason));
    st.exchange(soci::into(dkim_detail));
    st.exchange(soci::into(spf_result));
    st.exchange(soci::into(spf_detail));
    st.exchange(soci::into(warning_count));
    st.exchange(soci::into(file_count));
    st.exchange(soci::into(state));
    st.exchange(soci::into(document, document_ind));
    st.exchange(soci::into(discard_reason));
    st.exchange(soci::into(handled_by));
    st.exchange(soci::into(handled_at));
    st.exchange(soci::into(version));
  }

  IntakeItem Get() const {
    IntakeItem i;
    i.id = IntakeId(id);
    i.agency_id = AgencyId(agency);
    i.mailbox = mailbox;
    i.uidvalidity = static_cast<std::uint32_t>(uidvalidity);
    i.uid = static_cast<std::uint32_t>(uid);
    i.message_id = message_id;
    i.from_address = from_address;
    i.from_name = from_name;
    i.subject = subject;
    if (sent_ind == soci::i_ok) {
      i.sent_at = sent_at;
    }
    i.received_at = received_at;
    i.size = size;
    i.header_only = header_only != 0;
    i.dkim_result = dkim_result;
    i.dkim_domain = dkim_domain;
    i.dkim_reason = dkim_reason;
    i.dkim_detail = dkim_detail;
    i.spf_result = spf_result;
    i.spf_detail = spf_detail;
    i.warning_count = warning_count;
    i.file_count = file_count;
    i.state = StateOf(state);
    if (document_ind == soci::i_ok) {
      i.document_id = documents::DocumentId(document);
    }
    i.discard_reason = discard_reason;
    i.handled_by = handled_by;
    i.handled_at = handled_at;
    i.version = version;
    return i;
  }
};

}  // namespace

std::optional<IntakeId> FindByUid(db::Transaction& tx, AgencyId agency, const std::string& mailbox,
                                  std::uint32_t uidvalidity, std::uint32_t uid) {
  long long a = agency.value(), v = uidvalidity, u = uid, id = 0;
  std::string m = mailbox;
  auto st = db::Run(tx,
                    "SELECT id FROM mailroom_intake WHERE agency_id = :a AND mailbox = :m AND"
                    " uidvalidity = :v AND uid = :u",
                    soci::use(a), soci::use(m), soci::use(v), soci::use(u), soci::into(id));
  if (!st.got_data()) {
    return std::nullopt;
  }
  return IntakeId(id);
}

MessageIdMatch FindByMessageId(db::Transaction& tx, AgencyId agency, const std::string& message_id,
                               const std::string& content) {
  MessageIdMatch out;
  if (message_id.empty()) {
    return out;
  }
  long long a = agency.value(), id = 0;
  std::string m = message_id, digest;
  auto st = db::Prepare(tx,
                        "SELECT id, content_sha256 FROM mailroom_intake WHERE agency_id = :a AND"
                        " message_id = :m ORDER BY id",
                        soci::use(a), soci::use(m), soci::into(id), soci::into(digest));
  st->execute(false);
  while (st->fetch()) {
    if (digest == content && !out.same) {
      out.same = IntakeId(id);
    } else if (digest != content && !out.other) {
      out.other = IntakeId(id);
    }
  }
  return out;
}

IntakeId InsertReceived(db::Transaction& tx, const ReceivedMessage& m) {
  const IntakeItem& i = m.detail.item;
  long long agency = i.agency_id.value(), uidvalidity = i.uidvalidity, uid = i.uid,
            sent_at = i.sent_at.value_or(0), received_at = i.received_at, size = i.size,
            handled_at = 0, version = 1;
  soci::indicator sent_ind = i.sent_at ? soci::i_ok : soci::i_null;
  int header_only = i.header_only ? 1 : 0;
  int warning_count = static_cast<int>(m.detail.warnings.size());
  int file_count = static_cast<int>(m.detail.files.size());
  std::string mailbox = i.mailbox, message_id = i.message_id, content = m.content_sha256,
              from_address = i.from_address, from_name = i.from_name, subject = i.subject,
              raw = m.raw_sha256, text = m.detail.body_text, html = m.detail.body_html,
              dkim_result = i.dkim_result, dkim_domain = i.dkim_domain, dkim_reason = i.dkim_reason,
              dkim_detail = i.dkim_detail, spf_result = i.spf_result, spf_detail = i.spf_detail,
              warnings = WarningsJson(m.detail.warnings), state = "received", empty;
  db::Run(tx,
          "INSERT INTO mailroom_intake (agency_id, mailbox, uidvalidity, uid, message_id,"
          " content_sha256, from_address, from_name, subject, sent_at, received_at, size,"
          " header_only, raw_sha256, body_text, body_html, dkim_result, dkim_domain, dkim_reason,"
          " dkim_detail,"
          " spf_result, spf_detail, warnings, warning_count, file_count, state, document_id,"
          " discard_reason, handled_by, handled_at, version) VALUES (:a, :mb, :v, :u, :mid, :c,"
          " :fa, :fn, :s, :sa, :ra, :sz, :ho, :raw, :t, :h, :dr, :dd, :dn, :dt, :sr, :sd, :w,"
          " :wc, :fc, :st, NULL, :dre, :hb, :ha, :ver)",
          soci::use(agency), soci::use(mailbox), soci::use(uidvalidity), soci::use(uid),
          soci::use(message_id), soci::use(content), soci::use(from_address), soci::use(from_name),
          soci::use(subject), soci::use(sent_at, sent_ind), soci::use(received_at), soci::use(size),
          soci::use(header_only), soci::use(raw), soci::use(text), soci::use(html),
          soci::use(dkim_result), soci::use(dkim_domain), soci::use(dkim_reason),
          soci::use(dkim_detail), soci::use(spf_result), soci::use(spf_detail), soci::use(warnings),
          soci::use(warning_count), soci::use(file_count), soci::use(state), soci::use(empty),
          soci::use(empty), soci::use(handled_at), soci::use(version));
  const IntakeId id(db::LastInsertId(tx, "mailroom_intake"));
  for (const IntakeFile& f : m.detail.files) {
    long long intake = id.value(), fsize = f.size;
    int position = f.position, count = f.signature.signatures;
    std::string name = f.name, original = f.original_name, type = f.content_type,
                detected = f.detected_type, sha = f.sha256, indication = f.signature.indication,
                signer = f.signature.signer, detail = f.signature.detail,
                file_warnings = WarningsJson(f.warnings);
    db::Run(tx,
            "INSERT INTO mailroom_intake_file (intake_id, position, name, original_name,"
            " content_type, detected_type, size, sha256, signature_indication,"
            " signature_signer, signature_detail, signature_count, warnings) VALUES (:i, :p, :n,"
            " :o, :t, :d, :s, :h, :si, :ss, :sd, :sc, :w)",
            soci::use(intake), soci::use(position), soci::use(name), soci::use(original),
            soci::use(type), soci::use(detected), soci::use(fsize), soci::use(sha),
            soci::use(indication), soci::use(signer), soci::use(detail), soci::use(count),
            soci::use(file_warnings));
  }
  return id;
}

std::vector<IntakeItem> ListItems(db::Transaction& tx, AgencyId agency, const std::string& state,
                                  int limit, int offset) {
  ItemRow r;
  long long a = agency.value();
  int l = limit, o = offset;
  std::string s = state;
  soci::statement st(tx.sql());
  r.Bind(st);
  st.exchange(soci::use(a, "a"));
  if (!state.empty()) {
    st.exchange(soci::use(s, "s"));
  }
  st.exchange(soci::use(l, "l"));
  st.exchange(soci::use(o, "o"));
  st.alloc();
  st.prepare(std::string("SELECT ") + kItemColumns + " FROM mailroom_intake WHERE agency_id = :a" +
             (state.empty() ? "" : " AND state = :s") + " ORDER BY id DESC LIMIT :l OFFSET :o");
  st.define_and_bind();
  std::vector<IntakeItem> out;
  if (st.execute(true)) {
    do {
      out.push_back(r.Get());
    } while (st.fetch());
  }
  return out;
}

std::int64_t CountItems(db::Transaction& tx, AgencyId agency, const std::string& state) {
  long long a = agency.value(), n = 0;
  std::string s = state;
  if (state.empty()) {
    db::Run(tx, "SELECT COUNT(*) FROM mailroom_intake WHERE agency_id = :a", soci::use(a),
            soci::into(n));
  } else {
    db::Run(tx, "SELECT COUNT(*) FROM mailroom_intake WHERE agency_id = :a AND state = :s",
            soci::use(a), soci::use(s), soci::into(n));
  }
  return n;
}

std::optional<StoredDetail> LoadDetail(db::Transaction& tx, IntakeId id) {
  ItemRow r;
  long long key = id.value();
  StoredDetail out;
  std::string warnings;
  {
    soci::statement st(tx.sql());
    r.Bind(st);
    st.exchange(soci::into(out.detail.body_text));
    st.exchange(soci::into(out.detail.body_html));
    st.exchange(soci::into(warnings));
    st.exchange(soci::into(out.raw_sha256));
    st.exchange(soci::use(key, "id"));
    st.alloc();
    st.prepare(std::string("SELECT ") + kItemColumns +
               ", body_text, body_html, warnings, raw_sha256 FROM mailroom_intake WHERE id = :id");
    st.define_and_bind();
    if (!st.execute(true)) {
      return std::nullopt;
    }
  }
  out.detail.item = r.Get();
  out.detail.warnings = WarningsFromJson(warnings);
  out.detail.has_raw = !out.raw_sha256.empty();
  IntakeFile f;
  long long size = 0;
  std::string file_warnings;
  auto st = db::Prepare(tx,
                        "SELECT position, name, original_name, content_type, detected_type, size,"
                        " sha256, signature_indication, signature_signer, signature_detail,"
                        " signature_count, warnings FROM mailroom_intake_file WHERE intake_id = :i"
                        " ORDER BY position",
                        soci::use(key), soci::into(f.position), soci::into(f.name),
                        soci::into(f.original_name), soci::into(f.content_type),
                        soci::into(f.detected_type), soci::into(size), soci::into(f.sha256),
                        soci::into(f.signature.indication), soci::into(f.signature.signer),
                        soci::into(f.signature.detail), soci::into(f.signature.signatures),
                        soci::into(file_warnings));
  st->execute(false);
  while (st->fetch()) {
    IntakeFile copy = f;
    copy.size = size;
    copy.registrable = !copy.detected_type.empty();
    copy.warnings = WarningsFromJson(file_warnings);
    out.detail.files.push_back(std::move(copy));
  }
  return out;
}

bool SaveHandled(db::Transaction& tx, const IntakeItem& item, std::int64_t expected) {
  long long id = item.id.value(), document = item.document_id.value(), handled_at = item.handled_at,
            version = expected;
  soci::indicator document_ind = item.document_id.IsSet() ? soci::i_ok : soci::i_null;
  std::string state = IntakeStateName(item.state), reason = item.discard_reason,
              by = item.handled_by;
  auto st = db::Run(tx,
                    "UPDATE mailroom_intake SET state = :s, document_id = :d, discard_reason = :r,"
                    " handled_by = :b, handled_at = :h, version = version + 1"
                    " WHERE id = :id AND version = :v",
                    soci::use(state), soci::use(document, document_ind), soci::use(reason),
                    soci::use(by), soci::use(handled_at), soci::use(id), soci::use(version));
  return st->get_affected_rows() == 1;
}

}  // namespace cqdt::mailroom::internal
