#include "services/notifier/watch_hub.h"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "absl/strings/numbers.h"
#include "services/common/pg_pool.h"
#include "services/common/proto_time.h"

namespace tdkt::notifier {

using Response = tdkt::v1::WatchNotificationsResponse;

// The state of one stream, shared by its reactor (gRPC's callbacks), the fetch threads and the heartbeat. The
// reactor may be gone (OnDone) while a fetch still holds the session: `finished` tells them.
class WatchSession : public std::enable_shared_from_this<WatchSession> {
 public:
  WatchSession(WatchHub& hub, std::string person_id, std::optional<int64_t> after_id, absl::Time expires_at)
      : hub_(hub), person_id_(std::move(person_id)), expires_at_(expires_at) {
    if (after_id) {
      cursor_ = *after_id;
      replaying_unread_ = false;
    }
  }

  const std::string& person_id() const { return person_id_; }
  void Attach(grpc::ServerWriteReactor<Response>* reactor) { reactor_ = reactor; }

  // Something may be new: fetch when idle.
  void Wake() {
    {
      std::lock_guard lock(mutex_);
      dirty_ = true;
    }
    Pump();
  }

  // The heartbeat tick: a heartbeat message when nothing waits, a poll, and the token's end.
  void Tick(absl::Time now) {
    if (now >= expires_at_) {
      Close(grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                         "Phiên đăng nhập đã hết hạn; hãy kết nối lại (token expired: reconnect with the last id)"));
      return;
    }
    {
      std::lock_guard lock(mutex_);
      if (queue_.empty() && !writing_) {
        Response heartbeat;
        *heartbeat.mutable_heartbeat() = common::ToProtoTime(now);
        queue_.push_back(std::move(heartbeat));
      }
      dirty_ = true;
    }
    Pump();
  }

  // Starts the next write, or schedules a fetch, whichever is due.
  void Pump() {
    std::unique_lock lock(mutex_);
    if (closed_ || finished_) return;
    if (!writing_ && !queue_.empty()) {
      current_ = std::move(queue_.front());
      queue_.pop_front();
      writing_ = true;
      lock.unlock();
      reactor_->StartWrite(&current_);  // outside the lock: gRPC may call OnWriteDone inline
      return;
    }
    if (!fetching_ && dirty_ && static_cast<int>(queue_.size()) < hub_.options_.batch) {
      fetching_ = true;
      dirty_ = false;
      lock.unlock();
      hub_.Submit([self = shared_from_this()] { self->Fetch(); });
    }
  }

  void WriteDone(bool ok) {
    std::unique_lock lock(mutex_);
    writing_ = false;
    if (!ok) closed_ = true;  // the client went away
    if (closed_) {
      FinishLocked(lock, close_status_);
      return;
    }
    lock.unlock();
    Pump();
  }

  void Close(grpc::Status status) {
    std::unique_lock lock(mutex_);
    if (closed_) return;
    closed_ = true;
    close_status_ = std::move(status);
    if (!writing_) FinishLocked(lock, close_status_);
  }

  void Done() {
    std::lock_guard lock(mutex_);
    closed_ = finished_ = true;
    reactor_ = nullptr;
  }

 private:
  // Finish exactly once, and only with no write in flight (gRPC's rule).
  void FinishLocked(std::unique_lock<std::mutex>& lock, grpc::Status status) {
    if (finished_) return;
    finished_ = true;
    grpc::ServerWriteReactor<Response>* reactor = reactor_;
    lock.unlock();
    reactor->Finish(std::move(status));
  }

  // On a fetch thread: the next notifications after the cursor, from PostgreSQL.
  void Fetch() {
    int64_t cursor;
    bool replaying;
    std::optional<int64_t> up_to;
    {
      std::lock_guard lock(mutex_);
      if (finished_) return;
      cursor = cursor_;
      replaying = replaying_unread_;
      up_to = unread_up_to_;
    }
    std::vector<tdkt::v1::Notification> rows;
    const int batch = hub_.options_.batch;
    absl::Status status = hub_.pool_.InTransaction([&](pqxx::work& txn) {
      rows.clear();
      if (replaying) {
        if (!up_to) up_to = hub_.store_.LatestId(txn, person_id_);
        rows = hub_.store_.UnreadBetween(txn, person_id_, cursor, *up_to, batch);
      } else {
        rows = hub_.store_.After(txn, person_id_, cursor, batch);
      }
      return absl::OkStatus();
    });
    {
      std::lock_guard lock(mutex_);
      fetching_ = false;
      if (!status.ok()) {
        // PostgreSQL away: the next tick tries again (no spinning here).
        spdlog::warn("notifier: watch fetch failed: {}", std::string(status.message()));
      } else {
        for (tdkt::v1::Notification& row : rows) {
          int64_t id = 0;
          if (absl::SimpleAtoi(row.id(), &id)) cursor_ = std::max(cursor_, id);
          Response response;
          *response.mutable_notification() = std::move(row);
          queue_.push_back(std::move(response));
        }
        if (replaying) {
          unread_up_to_ = up_to;
          if (static_cast<int>(rows.size()) < batch) {
            replaying_unread_ = false;  // the replay is over: follow everything after the latest id then
            cursor_ = std::max(cursor_, *up_to);
          }
          dirty_ = true;
        } else if (static_cast<int>(rows.size()) == batch) {
          dirty_ = true;  // more may wait
        }
      }
    }
    Pump();
  }

  WatchHub& hub_;
  const std::string person_id_;
  const absl::Time expires_at_;
  std::mutex mutex_;
  grpc::ServerWriteReactor<Response>* reactor_ = nullptr;
  int64_t cursor_ = 0;                   // the greatest id queued
  bool replaying_unread_ = true;         // phase 1 without a resume id
  std::optional<int64_t> unread_up_to_;  // the latest id when the unread replay began
  bool dirty_ = true;
  bool fetching_ = false;
  bool writing_ = false;
  bool closed_ = false;
  bool finished_ = false;
  grpc::Status close_status_ = grpc::Status::OK;
  std::deque<Response> queue_;
  Response current_;  // the message being written (gRPC reads it until OnWriteDone)
};

namespace {

class WatchReactor final : public grpc::ServerWriteReactor<Response> {
 public:
  WatchReactor(std::shared_ptr<WatchSession> session, std::function<void(const std::shared_ptr<WatchSession>&)> remove)
      : session_(std::move(session)), remove_(std::move(remove)) {}
  void OnWriteDone(bool ok) override { session_->WriteDone(ok); }
  void OnCancel() override { session_->Close(grpc::Status::CANCELLED); }
  void OnDone() override {
    session_->Done();
    remove_(session_);
    delete this;
  }

 private:
  std::shared_ptr<WatchSession> session_;
  std::function<void(const std::shared_ptr<WatchSession>&)> remove_;
};

}  // namespace

WatchHub::WatchHub(common::PgPool& pool, Metrics& metrics, WatchHubOptions options)
    : pool_(pool), metrics_(metrics), options_(options) {}

WatchHub::~WatchHub() { Stop(); }

void WatchHub::Start() {
  std::lock_guard lock(mutex_);
  if (!threads_.empty()) return;
  stopping_ = false;
  for (int i = 0; i < options_.fetch_threads; ++i) threads_.emplace_back([this] { FetchLoop(); });
  threads_.emplace_back([this] { HeartbeatLoop(); });
}

void WatchHub::Stop() {
  for (const auto& session : Sessions()) {
    session->Close(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                "Máy chủ đang dừng; hãy kết nối lại (server shutting down: reconnect with the last id)"));
  }
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  task_ready_.notify_all();
  stop_.notify_all();
  for (std::thread& thread : threads_) thread.join();
  threads_.clear();
}

grpc::ServerWriteReactor<Response>* WatchHub::Open(const std::string& person_id, std::optional<int64_t> after_id,
                                                   absl::Time expires_at) {
  auto session = std::make_shared<WatchSession>(*this, person_id, after_id, expires_at);
  auto* reactor = new WatchReactor(session, [this](const std::shared_ptr<WatchSession>& s) { Remove(s); });
  session->Attach(reactor);
  {
    std::lock_guard lock(mutex_);
    by_person_.emplace(person_id, session);
  }
  metrics_.AddGauge("tdkt_notifier_watch_streams", 1);
  // Registered before the first fetch: whatever commits from now on wakes it, so the replay and the live part
  // meet without a gap.
  session->Pump();
  return reactor;
}

void WatchHub::Remove(const std::shared_ptr<WatchSession>& session) {
  std::lock_guard lock(mutex_);
  auto range = by_person_.equal_range(session->person_id());
  for (auto it = range.first; it != range.second; ++it) {
    if (it->second == session) {
      by_person_.erase(it);
      metrics_.AddGauge("tdkt_notifier_watch_streams", -1);
      break;
    }
  }
}

std::vector<std::shared_ptr<WatchSession>> WatchHub::Sessions() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<WatchSession>> all;
  for (const auto& [person, session] : by_person_) all.push_back(session);
  return all;
}

void WatchHub::Wake(const std::vector<std::string>& person_ids) {
  std::vector<std::shared_ptr<WatchSession>> woken;
  {
    std::lock_guard lock(mutex_);
    for (const std::string& person : person_ids) {
      auto range = by_person_.equal_range(person);
      for (auto it = range.first; it != range.second; ++it) woken.push_back(it->second);
    }
  }
  for (const auto& session : woken) session->Wake();
}

void WatchHub::WakeAll() {
  for (const auto& session : Sessions()) session->Wake();
}

int WatchHub::open_streams() const {
  std::lock_guard lock(mutex_);
  return static_cast<int>(by_person_.size());
}

void WatchHub::Submit(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    tasks_.push_back(std::move(task));
  }
  task_ready_.notify_one();
}

void WatchHub::FetchLoop() {
  while (true) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      task_ready_.wait(lock, [&] { return stopping_ || !tasks_.empty(); });
      if (stopping_) return;
      task = std::move(tasks_.front());
      tasks_.pop_front();
    }
    task();
  }
}

void WatchHub::HeartbeatLoop() {
  std::unique_lock lock(mutex_);
  while (!stop_.wait_for(lock, absl::ToChronoMilliseconds(options_.heartbeat), [&] { return stopping_; })) {
    lock.unlock();
    const absl::Time now = absl::Now();
    for (const auto& session : Sessions()) session->Tick(now);
    lock.lock();
  }
}

}  // namespace tdkt::notifier
