// Forwarding to peer hubs (forwarder.hpp).
#include "exchange/forwarder.hpp"

#include <map>
#include <string>
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

}  // namespace

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
  int attempted = 0;
  for (const Delivery& d : due) {
    auto peer = peers.find(d.partner_id.value());
    bool ok = false, retryable = true;
    std::string detail, code;
    if (peer == peers.end() || !peer->second.enabled) {
      detail = "Trục liên thông nhận đã bị tắt hoặc xóa.";
      retryable = true;  // an admin may enable it again
      code = peer == peers.end() ? "?" : peer->second.code;
    } else {
      code = peer->second.code;
      std::string bytes;
      {
        auto read = db_.BeginRead();
        auto b = hub_.MessageBytes(read, d.message_id);
        if (!b) {
          return b.error();
        }
        bytes = std::move(*b);
      }
      auto reply = transport_.Send(peer->second, bytes);
      if (!reply) {
        detail = "Không kết nối được trục " + code + ": " + reply.error().message();
      } else if (reply->status >= 200 && reply->status < 300 && IsHubReceipt(reply->body)) {
        ok = true;
      } else if (reply->status >= 200 && reply->status < 300) {
        detail = "Trục " + code + " trả lời HTTP " + std::to_string(reply->status) +
                 " nhưng không phải biên nhận của trục liên thông; sẽ gửi lại.";
      } else if (reply->status == 422) {
        ok = true;  // refused there: the peer answers the sender with its STATUS 02
        detail = "Trục " + code + " từ chối gói tin (HTTP 422).";
      } else if (reply->status == 401 || reply->status == 403 || reply->status == 413) {
        retryable = false;
        detail =
            "Trục " + code + " không nhận gói tin (HTTP " + std::to_string(reply->status) + ").";
      } else {
        detail = "Trục " + code + " trả lời lỗi (HTTP " + std::to_string(reply->status) + ").";
      }
    }
    ++attempted;
    {
      std::lock_guard lock(counts_mutex_);
      PeerCounts& c = counts_[code];
      (ok ? (detail.empty() ? c.delivered : c.refused) : c.failed) += 1;
    }
    auto tx = db_.Begin();
    CQDT_RETURN_IF_ERROR(hub_.RecordForward(tx, d.id, ok, retryable, detail, code));
    CQDT_RETURN_IF_ERROR(tx.Commit());
  }
  return attempted;
}

std::map<std::string, Forwarder::PeerCounts> Forwarder::Counts() const {
  std::lock_guard lock(counts_mutex_);
  return counts_;
}

}  // namespace cqdt::exchange
