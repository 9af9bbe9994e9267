#include "notify/live_feed.hpp"

#include <algorithm>
#include <exception>

#include <spdlog/spdlog.h>

namespace cqdt::notify {
namespace {

// A subscription remembers this many delivered ids above its floor; older ones fold into the
// floor (a notice committing that far behind newer ones of the same person does not happen).
constexpr std::size_t kRememberedIds = 50;

std::pair<int, std::int64_t> KeyOf(const Recipient& r) { return {static_cast<int>(r.kind), r.id}; }

}  // namespace

struct LiveFeed::Subscription {
  Recipient recipient;
  std::int64_t floor = 0;            // every id at or below it counts as delivered
  std::set<std::int64_t> delivered;  // ids above the floor already delivered
  std::int64_t unread_sent = -1;     // the unread count last delivered
  std::shared_ptr<FeedSink> sink;
};

LiveFeed::LiveFeed(db::Database& db, const Outbox& outbox, LiveFeedOptions options)
    : db_(db), outbox_(outbox), options_(options) {}

LiveFeed::~LiveFeed() { Stop(); }

void LiveFeed::Start() {
  std::lock_guard lock(mutex_);
  if (!thread_.joinable() && !stop_) {
    thread_ = std::thread([this] { Run(); });
  }
}

void LiveFeed::Stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) {
    thread_.join();
  }
}

void LiveFeed::Subscribe(const Recipient& recipient, NoticeId after,
                         std::shared_ptr<FeedSink> sink) {
  auto subscription = std::make_shared<Subscription>();
  subscription->recipient = recipient;
  subscription->floor = std::max<std::int64_t>(after.value(), 0);
  subscription->sink = std::move(sink);
  {
    std::lock_guard lock(mutex_);
    subscriptions_.push_back(std::move(subscription));
    signaled_.try_emplace(KeyOf(recipient), false);
  }
  wake_.notify_one();
}

void LiveFeed::NoticeWritten(const Recipient& recipient) { Signal(recipient, false); }

void LiveFeed::NoticesRead(const Recipient& recipient) { Signal(recipient, true); }

void LiveFeed::Signal(const Recipient& recipient, bool recount) {
  {
    std::lock_guard lock(mutex_);
    if (subscriptions_.empty()) {
      return;
    }
    signaled_[KeyOf(recipient)] |= recount;
  }
  wake_.notify_one();
}

std::size_t LiveFeed::subscriptions() const {
  std::lock_guard lock(mutex_);
  return subscriptions_.size();
}

void LiveFeed::Run() {
  auto next_poll = std::chrono::steady_clock::now() + options_.poll_interval;
  for (;;) {
    struct Due {
      std::vector<std::shared_ptr<Subscription>> subscriptions;
      bool recount = false;
    };
    std::map<std::pair<int, std::int64_t>, Due> due;
    {
      std::unique_lock lock(mutex_);
      wake_.wait_until(lock, next_poll, [this] { return stop_ || !signaled_.empty(); });
      if (stop_) {
        return;
      }
      // Streams that ended are dropped here, whatever woke the feed.
      std::erase_if(subscriptions_, [](const auto& s) { return !s->sink->IsOpen(); });
      const bool poll = std::chrono::steady_clock::now() >= next_poll;
      if (poll) {
        next_poll = std::chrono::steady_clock::now() + options_.poll_interval;
      }
      for (const auto& s : subscriptions_) {
        const auto key = KeyOf(s->recipient);
        const auto signal = signaled_.find(key);
        if (poll || signal != signaled_.end()) {
          Due& d = due[key];
          d.subscriptions.push_back(s);
          d.recount = signal != signaled_.end() && signal->second;
        }
      }
      signaled_.clear();
    }
    for (const auto& [key, d] : due) {
      try {
        Check(d.subscriptions.front()->recipient, d.subscriptions, d.recount);
      } catch (const std::exception& e) {
        spdlog::warn("notify: live feed could not read notices: {}", e.what());
      }
    }
  }
}

void LiveFeed::Check(const Recipient& recipient,
                     const std::vector<std::shared_ptr<Subscription>>& subscriptions,
                     bool recount) {
  std::int64_t after = subscriptions.front()->floor;
  for (const auto& s : subscriptions) {
    after = std::min(after, s->floor);
  }
  std::vector<Message> notices;
  std::int64_t unread = 0;
  {
    auto tx = db_.BeginRead();  // released before the sinks run
    auto listed = outbox_.ListAfter(tx, recipient, NoticeId(after), kMaxListLimit);
    if (!listed) {
      spdlog::warn("notify: live feed: {}", listed.error().message());
      return;
    }
    if (listed->empty() && !recount) {
      return;
    }
    notices = std::move(*listed);
    unread = outbox_.CountUnread(tx, recipient);
  }
  for (const auto& s : subscriptions) {
    std::vector<Message> fresh;
    for (const Message& m : notices) {
      if (m.id.value() > s->floor && !s->delivered.contains(m.id.value())) {
        fresh.push_back(m);
        s->delivered.insert(m.id.value());
      }
    }
    while (s->delivered.size() > kRememberedIds) {
      s->floor = *s->delivered.begin();
      s->delivered.erase(s->delivered.begin());
    }
    if ((!fresh.empty() || unread != s->unread_sent) && s->sink->IsOpen()) {
      s->sink->Deliver(fresh, unread);
      s->unread_sent = unread;
    }
  }
}

}  // namespace cqdt::notify
