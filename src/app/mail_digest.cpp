// The officials' daily digest (mail_digest.hpp).
#include "mail_digest.hpp"

#include <set>

#include <spdlog/spdlog.h>

#include "daily_jobs.hpp"
#include "db/claims.hpp"

namespace cqdt::app {
namespace {

constexpr std::size_t kMaxLines = 30;

std::string Line(const documents::QueueItem& item) {
  const documents::Document& d = item.document;
  std::string line = item.overdue ? "[Quá hạn] " : item.due_soon ? "[Sắp đến hạn] " : "";
  line += d.number_text.empty() ? "" : d.number_text + ": ";
  line += d.subject;
  if (!d.due_date.empty()) {
    line += " (hạn " + d.due_date + ")";
  }
  return line;
}

// Every queue's items of a user with `flag`, until `out` holds kMaxLines.
void Collect(db::Transaction& tx, const documents::QueueService& queues,
             const identity::Principal& p, const std::string& flag, std::vector<std::string>& out,
             std::set<std::int64_t>& seen) {
  for (documents::Queue q : documents::AllQueues()) {
    if (out.size() >= kMaxLines) {
      return;
    }
    documents::QueueQuery query;
    query.queue = q;
    query.flag = flag;
    query.limit = static_cast<int>(kMaxLines);
    auto page = queues.List(tx, p, query);
    if (!page) {
      continue;  // a queue this person has no access to
    }
    for (const auto& item : page->items) {
      if (out.size() >= kMaxLines) {
        return;
      }
      if (seen.insert(item.document.id.value()).second) {
        out.push_back(Line(item));
      }
    }
  }
}

}  // namespace

std::vector<std::string> QueueDigestSource::Items(db::Transaction& tx, UserId user) {
  auto u = identity_.GetUser(tx, user);
  if (!u) {
    return {};
  }
  const identity::Principal p = identity::StaffPrincipalOf(*u);
  std::vector<std::string> out;
  std::set<std::int64_t> seen;
  for (const char* flag : {"overdue", "due_soon", ""}) {
    Collect(tx, queues_, p, flag, out, seen);
  }
  return out;
}

int WriteDigests(db::Database& db, identity::IdentityService& identity,
                 org::AgencyService& agencies, const documents::QueueService& queues,
                 const notify::Outbox& outbox, const Clock& clock) {
  try {
    auto tx = db.Begin();
    // Several instances (decision 0024): the day's digests are written by one of them (each
    // notice is deduplicated per day besides).
    if (!db::TakePeriod(tx, "mail.digest", VietnamDay(clock.Now()), ToUnixSeconds(clock.Now()))) {
      return 0;
    }
    auto all = agencies.List(tx, org::AgencyQuery{});
    if (!all) {
      spdlog::warn("thư tổng hợp hằng ngày / daily digest: {}", all.error().message());
      return 0;
    }
    const std::string iso = ToIsoVietnam(clock.Now());
    const std::string day = iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
    int written = 0;
    for (const org::Agency& agency : *all) {
      for (const identity::User& u : identity.ListUsers(tx, agency.id, "")) {
        if (u.disabled || u.email.empty()) {
          continue;
        }
        auto counts = queues.Counts(tx, identity::StaffPrincipalOf(u));
        if (!counts) {
          continue;
        }
        std::int64_t open = 0, overdue = 0, due_soon = 0;
        for (const auto& c : *counts) {
          open += c.total;
          overdue += c.overdue;
          due_soon += c.due_soon;
        }
        if (open == 0) {
          continue;
        }
        notify::Notice n;
        n.recipient = notify::Recipient::User(u.id);
        n.kind = "mail.digest";
        n.text_vi = "Tổng hợp công việc ngày " + day + ": " + std::to_string(open) +
                    " việc đang chờ xử lý, " + std::to_string(overdue) + " quá hạn, " +
                    std::to_string(due_soon) + " sắp đến hạn.";
        n.text_en = "Your work on " + day + ": " + std::to_string(open) + " open, " +
                    std::to_string(overdue) + " overdue, " + std::to_string(due_soon) +
                    " due soon.";
        n.link = "/";
        n.dedup_key = "mail.digest|" + iso.substr(0, 10);
        auto e = outbox.Enqueue(tx, n);
        if (!e) {
          spdlog::warn("thư tổng hợp hằng ngày / daily digest: {}", e.error().message());
          continue;
        }
        written += e->created ? 1 : 0;
      }
    }
    if (auto st = tx.Commit(); !st) {
      spdlog::warn("thư tổng hợp hằng ngày / daily digest: {}", st.error().message());
      return 0;
    }
    spdlog::info("thư tổng hợp hằng ngày: {} người / daily digest: {} people", written, written);
    return written;
  } catch (const std::exception& e) {
    spdlog::error("thư tổng hợp hằng ngày / daily digest: {}", e.what());
    return 0;
  }
}

}  // namespace cqdt::app
