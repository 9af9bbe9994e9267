#include "queue_sql.hpp"

#include <soci/soci.h>

namespace cqdt::documents {

SqlBuilder& SqlBuilder::Text(std::string_view s) {
  text_ += s;
  return *this;
}

SqlBuilder& SqlBuilder::Int(long long v) {
  text_ += ":p" + std::to_string(order_.size());
  ints_.push_back(v);
  order_.emplace_back(false, ints_.size() - 1);
  return *this;
}

SqlBuilder& SqlBuilder::Str(std::string v) {
  text_ += ":p" + std::to_string(order_.size());
  strs_.push_back(std::move(v));
  order_.emplace_back(true, strs_.size() - 1);
  return *this;
}

void SqlBuilder::Bind(soci::statement& st) {
  for (const auto& [is_str, index] : order_) {
    if (is_str) {
      st.exchange(soci::use(strs_[index]));
    } else {
      st.exchange(soci::use(ints_[index]));
    }
  }
}

void AppendVisible(SqlBuilder& b, const Viewer& v) {
  const long long me = v.user.value();
  b.Text("(");
  if (v.has_rank) {
    b.Text("d.confidentiality = 'none' OR ");
  }
  b.Text("d.created_by = ").Int(me);
  b.Text(" OR d.drafter_id = ").Int(me);
  b.Text(
       " OR EXISTS (SELECT 1 FROM documents_assignment va WHERE va.document_id = d.id"
       " AND va.assignee_user_id = ")
      .Int(me)
      .Text(")");
  b.Text(
       " OR EXISTS (SELECT 1 FROM documents_review vr WHERE vr.document_id = d.id"
       " AND vr.reviewer_id = ")
      .Int(me)
      .Text(")");
  b.Text(
       " OR EXISTS (SELECT 1 FROM documents_outgoing vo WHERE vo.document_id = d.id"
       " AND vo.signer_id = ")
      .Int(me)
      .Text(")");
  if (!v.sign_delegation_today.empty()) {
    b.Text(
         " OR EXISTS (SELECT 1 FROM documents_outgoing vs JOIN documents_delegation vd ON"
         " vd.from_user_id = vs.signer_id WHERE vs.document_id = d.id AND vd.to_user_id = ")
        .Int(me)
        .Text(" AND vd.revoked_at IS NULL AND vd.starts_on <= ")
        .Str(v.sign_delegation_today)
        .Text(" AND vd.ends_on >= ")
        .Str(v.sign_delegation_today)
        .Text(" AND (',' || vd.rights || ',') LIKE '%,sign,%')");
  }
  b.Text(
       " OR EXISTS (SELECT 1 FROM documents_grant vg WHERE vg.document_id = d.id"
       " AND vg.user_id = ")
      .Int(me)
      .Text("))");
}

}  // namespace cqdt::documents
