// The columns of a notice every reader of notify_message takes, and the reader that binds them
// (private to notify: the outbox's lists and the e-mail channel read the same rows).
#pragma once

#include <string>

#include <soci/soci.h>

#include "notify/outbox.hpp"

namespace cqdt::notify::internal {

inline constexpr const char* kMessageColumns =
    "id, recipient_kind, recipient_id, kind, text_vi, text_en, link, entity_type, entity_id, "
    "created_at, read_at, email_state, email_attempts, email_last_error";

// Binds kMessageColumns, in that order, to a statement's into() slots.
struct MessageRow {
  long long id = 0, recipient_id = 0, created_at = 0, read_at = 0;
  std::string recipient_kind, kind, text_vi, text_en, link, entity_type, entity_id, email_state,
      email_last_error;
  int email_attempts = 0;
  soci::indicator read_ind = soci::i_null;

  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(recipient_kind));
    st.exchange(soci::into(recipient_id));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(text_vi));
    st.exchange(soci::into(text_en));
    st.exchange(soci::into(link));
    st.exchange(soci::into(entity_type));
    st.exchange(soci::into(entity_id));
    st.exchange(soci::into(created_at));
    st.exchange(soci::into(read_at, read_ind));
    st.exchange(soci::into(email_state));
    st.exchange(soci::into(email_attempts));
    st.exchange(soci::into(email_last_error));
  }
  Message Get() const {
    Message m;
    m.id = NoticeId(id);
    m.recipient = {recipient_kind == "citizen" ? RecipientKind::kCitizen : RecipientKind::kUser,
                   recipient_id};
    m.kind = kind;
    m.text_vi = text_vi;
    m.text_en = text_en;
    m.link = link;
    m.entity_type = entity_type;
    m.entity_id = entity_id;
    m.created_at = FromUnixSeconds(created_at);
    m.email_state = email_state == "sent"      ? DeliveryState::kSent
                    : email_state == "failed"  ? DeliveryState::kFailed
                    : email_state == "skipped" ? DeliveryState::kSkipped
                                               : DeliveryState::kPending;
    m.email_attempts = email_attempts;
    m.email_last_error = email_last_error;
    if (read_ind == soci::i_ok) {
      m.read_at = FromUnixSeconds(read_at);
    }
    return m;
  }
};

}  // namespace cqdt::notify::internal
