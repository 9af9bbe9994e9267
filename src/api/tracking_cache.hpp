// The public tracking answers, kept a moment (issue 13, item 5). A dossier's tracking view is
// read far more often than it changes (a citizen refreshing, a receipt's QR code scanned by a
// family), and building it costs several statements and a JSON document; a copy is reused
// while this process has committed no write since it was read (db::Database::CommittedWrites)
// and for at most `ttl` (another instance's writes, an hour that turns a dossier late).
//
// Keyed by the code and the answer's language; each entry keeps the check values that open it,
// so a request is answered from the cache only with a right check (a wrong one goes the whole
// way and gets the same answer as without a cache). Misses are never kept. Thread-safe; at most
// `capacity` answers (the oldest goes first).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cqdt::api {

class TrackingCache {
 public:
  using Clock = std::chrono::steady_clock;

  TrackingCache(std::chrono::milliseconds ttl, std::size_t capacity = 10'000)
      : ttl_(ttl), capacity_(capacity == 0 ? 1 : capacity) {}

  bool enabled() const { return ttl_.count() > 0; }

  // The body kept for (code, language) when it was read at `writes` (the current count), is
  // younger than the ttl at `now`, and `check` opens it.
  std::optional<std::string> Find(const std::string& code, const std::string& language,
                                  const std::string& check, std::uint64_t writes,
                                  Clock::time_point now) const;

  // Keeps `body`, read when the count of committed writes was `writes`.
  void Store(const std::string& code, const std::string& language,
             std::vector<std::string> check_values, std::uint64_t writes, Clock::time_point now,
             std::string body);

  std::size_t size() const;

 private:
  struct Entry {
    std::string body;
    std::vector<std::string> check_values;
    std::uint64_t writes = 0;
    Clock::time_point read_at;
  };
  const std::chrono::milliseconds ttl_;
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
  std::deque<std::string> order_;  // keys, oldest first
};

}  // namespace cqdt::api
