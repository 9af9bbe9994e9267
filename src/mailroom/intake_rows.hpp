// Private: the SQL of the mail intake (mailroom_intake, mailroom_intake_file).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "mailroom/intake.hpp"

namespace cqdt::mailroom::internal {

// A message as Poll read it, ready to store.
struct ReceivedMessage {
  IntakeDetail detail;         // detail.item.id unset
  std::string raw_sha256;      // "" when only the header was read
  std::string content_sha256;  // what a Message-ID duplicate must match
};

// What Load reads beyond the detail.
struct StoredDetail {
  IntakeDetail detail;
  std::string raw_sha256;
};

std::optional<IntakeId> FindByUid(db::Transaction& tx, AgencyId agency, const std::string& mailbox,
                                  std::uint32_t uidvalidity, std::uint32_t uid);

// Items of `agency` with `message_id` (not ""): the first whose content digest is `content`,
// and whether any has another content.
struct MessageIdMatch {
  std::optional<IntakeId> same;
  std::optional<IntakeId> other;
};
MessageIdMatch FindByMessageId(db::Transaction& tx, AgencyId agency, const std::string& message_id,
                               const std::string& content);

// Inserts the item and its files; returns its id.
IntakeId InsertReceived(db::Transaction& tx, const ReceivedMessage& m);

// `state` "" = every state. Newest first.
std::vector<IntakeItem> ListItems(db::Transaction& tx, AgencyId agency, const std::string& state,
                                  int limit, int offset);
std::int64_t CountItems(db::Transaction& tx, AgencyId agency, const std::string& state);

std::optional<StoredDetail> LoadDetail(db::Transaction& tx, IntakeId id);

// Writes the item's state, document, reason and handler when its version is still `expected`
// (then version + 1); false when another change came first.
bool SaveHandled(db::Transaction& tx, const IntakeItem& item, std::int64_t expected);

}  // namespace cqdt::mailroom::internal
