// The live feed of notices (issue 13, item 10): pushes each new notice to the open streams of
// its recipient (a page's server-sent events), at once when this process wrote it, and within
// `poll_interval` when another process on the same database did (issue 16 runs several).
//
// The outbox signals the feed after each commit that created a notice (Outbox::SetListener);
// the feed's own thread then reads the recipient's notices above what each of their streams has
// seen and hands them to the streams' sinks. Notices marked read signal it too: the sinks then
// get no notice and the new unread count, so a second tab's bell follows the first (marks made
// by another process show with that recipient's next notice). Every `poll_interval` it also
// re-reads the notices of every recipient who has an open stream (and only those), which is how
// notices from other processes arrive. A subscription starts at `after` (a reconnecting browser's
// Last-Event-ID, else the newest id when it subscribed), so what was missed is replayed
// (at most kMaxListLimit at a time, oldest first), and a notice is delivered at most once per
// subscription: it remembers the ids it delivered, since on PostgreSQL a notice with a lower id
// may commit after one with a higher id.
//
// Requires: the Database and the Outbox outlive the feed. Start() once; Stop() (or the
// destructor) joins the thread. Database faults while reading are logged and retried on the
// next signal or poll.
// Thread safety: every method may be called from any thread; sinks are called on the feed's
// thread only, one at a time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "db/database.hpp"
#include "notify/outbox.hpp"

namespace cqdt::notify {

// Where a subscription's notices go (an open event stream).
class FeedSink {
 public:
  virtual ~FeedSink() = default;
  // False once the stream has ended: the feed then drops the subscription.
  virtual bool IsOpen() const = 0;
  // New notices, oldest first, and the recipient's unread count after them; or no notice and
  // the count, when notices were marked read.
  virtual void Deliver(const std::vector<Message>& notices, std::int64_t unread) = 0;
};

struct LiveFeedOptions {
  std::chrono::milliseconds poll_interval{5'000};
};

class LiveFeed : public NoticeListener {
 public:
  LiveFeed(db::Database& db, const Outbox& outbox, LiveFeedOptions options = {});
  ~LiveFeed() override;
  LiveFeed(const LiveFeed&) = delete;
  LiveFeed& operator=(const LiveFeed&) = delete;

  void Start();
  void Stop();

  // Delivers to `sink` the recipient's notices with an id above `after`, those already written
  // first (the feed checks the recipient at once), then each new one, until the sink closes.
  void Subscribe(const Recipient& recipient, NoticeId after, std::shared_ptr<FeedSink> sink);

  // NoticeListener: wakes the feed for `recipient` (cheap; never blocks on the database).
  void NoticeWritten(const Recipient& recipient) override;
  void NoticesRead(const Recipient& recipient) override;

  // Open subscriptions (a gauge for /metrics and the tests).
  std::size_t subscriptions() const;

 private:
  struct Subscription;
  void Run();
  void Signal(const Recipient& recipient, bool recount);
  // `recount`: notices were marked read, so the unread count goes out even with no new notice.
  void Check(const Recipient& recipient,
             const std::vector<std::shared_ptr<Subscription>>& subscriptions, bool recount);

  db::Database& db_;
  const Outbox& outbox_;
  const LiveFeedOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::shared_ptr<Subscription>> subscriptions_;
  // (kind, id) of recipients to check, and whether to send their unread count regardless.
  std::map<std::pair<int, std::int64_t>, bool> signaled_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace cqdt::notify
