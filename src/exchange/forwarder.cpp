// Forwarding to peer hubs (forwarder.hpp).
#include "exchange/forwarder.hpp"

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "exchange/partners.hpp"

namespace cqdt::exchange {
namespace {

// A peer hub's receipt (docs/api.md: `{message: {id, ...}, duplicate, deliveries: [...]}`). A
// 2xx whose body is anything else — a proxy's page, a truncated answer — proves nothing was
// stored there: retried.
bool IsHubReceipt(const std::string& body) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  return j.is_object() && j.contains("message") && j["message"].is_object() &&
         j["message"].contains("id") && j["message"]["id"].is_number_integer() &&
         j.contains("deliveries") && j["deliveries"].is_array();
}

// A problem+json refusal of a hub (docs/api.md: `reason` among the refusal codes). Any other 422
// (a proxy's, a firewall's) proves nothing was kept there: retried.
bool IsHubRefusal(const std::string& body) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  return j.is_object() && j.contains("reason") && j["reason"].is_string() &&
         j.contains("messageId") && j["messageId"].is_number_integer();
}

}  // namespace

Forwarder::Outcome Forwarder::Attempt(const Delivery& d, const Partner* peer) {
  Outcome o;
  o.delivery = d.id;
  if (peer == nullptr || !peer->enabled) {
    o.detail = "Trục liên thông nhận đã bị tắt hoặc xóa.";  // retried: it may be enabled again
    o.code = peer == nullptr ? "?" : peer->code;
    return o;
  }
  o.code = peer->code;
  std::string bytes;
  {
    auto read = db_.BeginRead();
    auto b = hub_.MessageBytes(read, d.message_id);
    if (!b) {
      o.detail = "Không đọc được gói tin: " + b.error().message();
      return o;
    }
    bytes = std::move(*b);
  }
  auto reply = transport_.Send(*peer, bytes);
  const std::string& code = o.code;
  if (!reply) {
    o.detail = "Không kết nối được trục " + code + ": " + reply.error().message();
  } else if (reply->status >= 200 && reply->status < 300 && IsHubReceipt(reply->body)) {
    o.ok = true;
  } else if (reply->status >= 200 && reply->status < 300) {
    o.detail = "Trục " + code + " trả lời HTTP " + std::to_string(reply->status) +
               " nhưng không phải biên nhận của trục liên thông; sẽ gửi lại.";
  } else if (reply->status == 422 && IsHubRefusal(reply->body)) {
    o.ok = true;  // refused there: the peer answers the sender with its STATUS 02
    o.refused = true;
    o.detail = "Trục " + code + " từ chối gói tin (HTTP 422).";
  } else if (reply->status == 401 || reply->status == 403 || reply->status == 413) {
    o.retryable = false;
    o.detail = "Trục " + code + " không nhận gói tin (HTTP " + std::to_string(reply->status) + ").";
  } else {
    o.detail = "Trục " + code + " trả lời lỗi (HTTP " + std::to_string(reply->status) + ").";
  }
  return o;
}

Result<int> Forwarder::RunOnce(int batch) {
  std::vector<Delivery> due;
  std::map<std::int64_t, Partner> peers;
  {
    auto read = db_.BeginRead();
    due = hub_.DueForwards(read, batch);
    for (const Delivery& d : due) {
      if (!peers.contains(d.partner_id.value())) {
        if (auto p = partners_.Get(read, d.partner_id)) {
          peers.emplace(d.partner_id.value(), std::move(*p));
        }
      }
    }
  }
  if (due.empty()) {
    return 0;
  }
  // Up to `parallel` sends at once (a peer's latency, not the CPU, bounds one at a time); the
  // outcomes are recorded as they come, several in one short write transaction, so that a slow
  // send holds up no other record.
  std::mutex mutex;
  std::condition_variable ready;
  std::vector<Outcome> finished;
  std::size_t next = 0, done = 0, attempted = 0;
  auto work = [&] {
    for (;;) {
      std::size_t i = 0;
      {
        std::lock_guard lock(mutex);
        if (next == due.size()) {
          return;
        }
        i = next++;
      }
      // Claimed first, in a transaction of its own: another instance's forwarder may have read
      // the same deliveries; the one that claims a delivery sends it, the other passes on.
      bool claimed = false;
      try {
        auto tx = db_.Begin();
        claimed = hub_.ClaimForward(tx, due[i].id, options_.claim_lease_seconds) &&
                  static_cast<bool>(tx.Commit());
      } catch (const std::exception&) {
        claimed = false;  // the database away: the delivery stays due
      }
      std::optional<Outcome> o;
      if (claimed) {
        auto peer = peers.find(due[i].partner_id.value());
        o = Attempt(due[i], peer == peers.end() ? nullptr : &peer->second);
      }
      {
        std::lock_guard lock(mutex);
        if (o) {
          finished.push_back(std::move(*o));
          ++attempted;
        }
        ++done;
      }
      ready.notify_one();
    }
  };
  const std::size_t workers =
      std::min<std::size_t>(due.size(), static_cast<std::size_t>(std::max(1, options_.parallel)));
  std::vector<std::thread> pool;
  for (std::size_t w = 1; w < workers; ++w) {
    pool.emplace_back(work);
  }
  Status recorded = Ok();
  std::size_t taken = 0;
  auto record = [&](std::vector<Outcome> outcomes) {
    if (outcomes.empty() || !recorded) {
      return;
    }
    {
      std::lock_guard lock(counts_mutex_);
      for (const Outcome& o : outcomes) {
        PeerCounts& c = counts_[o.code];
        (o.ok ? (o.refused ? c.refused : c.delivered) : c.failed) += 1;
      }
    }
    auto tx = db_.Begin();
    for (const Outcome& o : outcomes) {
      if (auto st = hub_.RecordForward(tx, o.delivery, o.ok, o.retryable, o.detail, o.code); !st) {
        recorded = st;
        return;
      }
    }
    recorded = tx.Commit();
  };
  if (workers == 1) {
    work();  // one at a time on this thread, each recorded at once
  }
  for (;;) {
    std::vector<Outcome> batch_out;
    {
      std::unique_lock lock(mutex);
      ready.wait(lock, [&] { return finished.size() > 0 || done == due.size(); });
      batch_out.swap(finished);
      taken += batch_out.size();
    }
    record(std::move(batch_out));
    std::lock_guard lock(mutex);
    if (done == due.size() && taken == attempted) {
      break;
    }
  }
  for (std::thread& t : pool) {
    t.join();
  }
  if (!recorded) {
    return recorded.error();
  }
  return static_cast<int>(attempted);
}

std::map<std::string, Forwarder::PeerCounts> Forwarder::Counts() const {
  std::lock_guard lock(counts_mutex_);
  return counts_;
}

}  // namespace cqdt::exchange
