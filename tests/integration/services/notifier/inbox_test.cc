// In-app delivery on the real binaries: ListNotifications (unread first, pages, unread count), MarkRead (one,
// several, all up to an id; idempotent; only one's own), and WatchNotifications across replicas — a stream on
// replica A receives what replica B wrote, and a client reconnecting with the last id it saw gets exactly what it
// missed.
#include <sys/wait.h>

#include <mutex>
#include <thread>

#include "tests/integration/services/notifier/notifier_world.h"

namespace tdkt::notifier_test {
namespace {

using InboxTest = NotifierWorld;

// A WatchNotifications stream read on its own thread.
class Watcher {
 public:
  Watcher(v1::NotifierService::Stub& stub, const std::string& token, const std::string& after_id) {
    context_.AddMetadata("authorization", "Bearer " + token);
    v1::WatchNotificationsRequest request;
    request.set_after_notification_id(after_id);
    reader_ = stub.WatchNotifications(&context_, request);
    thread_ = std::thread([this] {
      v1::WatchNotificationsResponse response;
      while (reader_->Read(&response)) {
        std::lock_guard lock(mutex_);
        if (response.has_notification()) notifications_.push_back(response.notification());
        if (response.has_heartbeat()) ++heartbeats_;
      }
      std::lock_guard lock(mutex_);
      ended_ = true;
    });
  }
  ~Watcher() { Cancel(); }

  void Cancel() {
    if (!thread_.joinable()) return;
    context_.TryCancel();
    thread_.join();
    reader_->Finish();
  }
  std::vector<v1::Notification> notifications() {
    std::lock_guard lock(mutex_);
    return notifications_;
  }
  int heartbeats() {
    std::lock_guard lock(mutex_);
    return heartbeats_;
  }
  bool ended() {
    std::lock_guard lock(mutex_);
    return ended_;
  }

 private:
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReader<v1::WatchNotificationsResponse>> reader_;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<v1::Notification> notifications_;
  int heartbeats_ = 0;
  bool ended_ = false;
};

std::vector<std::string> DossiersOf(const std::vector<v1::Notification>& notifications) {
  std::vector<std::string> out;
  for (const auto& n : notifications) out.push_back(n.dossier_id());
  return out;
}

TEST_F(InboxTest, ListShowsUnreadFirstInPagesAndMarkReadIsIdempotentAndOwnOnly) {
  NotifierProcess& notifier = StartNotifier("a");
  for (int i = 0; i < 7; ++i) Publish(Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, absl::StrCat("d-", i)));
  ASSERT_TRUE(WaitFor([&] { return NotificationsOf("vp.dongtan") == 7; }, absl::Seconds(30)));
  auto stub = Notifier(notifier);
  const std::string token = Login("vp.dongtan");

  v1::ListNotificationsResponse all;
  {
    v1::ListNotificationsRequest request;
    ASSERT_TRUE(stub->ListNotifications(As(token).get(), request, &all).ok());
  }
  ASSERT_EQ(all.notifications_size(), 7);
  EXPECT_EQ(all.unread_count(), 7);
  EXPECT_EQ(all.notifications(0).dossier_id(), "d-6");  // newest first

  // Mark two read (d-6 and d-2): they go to the end.
  v1::MarkReadRequest mark;
  mark.set_request_id("mark-1");
  mark.add_notification_ids(all.notifications(0).id());
  mark.add_notification_ids(all.notifications(4).id());
  v1::MarkReadResponse marked;
  ASSERT_TRUE(stub->MarkRead(As(token).get(), mark, &marked).ok());
  EXPECT_EQ(marked.marked_count(), 2);
  EXPECT_EQ(marked.unread_count(), 5);
  v1::MarkReadResponse again;
  ASSERT_TRUE(stub->MarkRead(As(token).get(), mark, &again).ok());  // a retry: the first answer
  EXPECT_EQ(again.marked_count(), 2);
  mark.set_request_id("mark-2");
  ASSERT_TRUE(stub->MarkRead(As(token).get(), mark, &again).ok());  // a new request: nothing left to change
  EXPECT_EQ(again.marked_count(), 0);

  // Pages of 3: unread newest first, then read newest first.
  std::vector<std::string> order;
  v1::ListNotificationsRequest paged;
  paged.mutable_page()->set_page_size(3);
  for (int i = 0; i < 5; ++i) {
    v1::ListNotificationsResponse page;
    ASSERT_TRUE(stub->ListNotifications(As(token).get(), paged, &page).ok());
    for (const auto& n : page.notifications()) order.push_back(n.dossier_id());
    if (page.page().next_page_token().empty()) break;
    paged.mutable_page()->set_page_token(page.page().next_page_token());
  }
  EXPECT_EQ(order, (std::vector<std::string>{"d-5", "d-4", "d-3", "d-1", "d-0", "d-6", "d-2"}));

  // Someone else cannot mark them, nor see them.
  const std::string other = Login("vt.dongtan.thdt");
  v1::MarkReadRequest foreign;
  foreign.set_request_id("mark-foreign");
  foreign.add_notification_ids(all.notifications(1).id());
  v1::MarkReadResponse none;
  ASSERT_TRUE(stub->MarkRead(As(other).get(), foreign, &none).ok());
  EXPECT_EQ(none.marked_count(), 0);
  v1::ListNotificationsResponse theirs;
  ASSERT_TRUE(stub->ListNotifications(As(other).get(), v1::ListNotificationsRequest(), &theirs).ok());
  EXPECT_EQ(theirs.notifications_size(), 0);
  // The same request id with another request is refused.
  mark.set_request_id("mark-1");
  mark.clear_notification_ids();
  mark.set_all(true);
  EXPECT_EQ(stub->MarkRead(As(token).get(), mark, &none).error_code(), grpc::StatusCode::ALREADY_EXISTS);

  // All up to an id.
  v1::MarkReadRequest up_to;
  up_to.set_request_id("mark-3");
  up_to.set_all(true);
  up_to.set_up_to_notification_id(all.notifications(3).id());  // d-3
  ASSERT_TRUE(stub->MarkRead(As(token).get(), up_to, &marked).ok());
  EXPECT_EQ(marked.marked_count(), 3);  // d-0, d-1, d-3
  EXPECT_EQ(marked.unread_count(), 2);  // d-4, d-5
  // Without a token: refused.
  grpc::ClientContext anonymous;
  EXPECT_EQ(stub->ListNotifications(&anonymous, v1::ListNotificationsRequest(), &theirs).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(InboxTest, WatchOnOneReplicaReceivesWhatTheOtherWroteAndResumesWithoutLoss) {
  // A only serves streams; B consumes: what A's stream sends was written by B. A polls only every minute, so
  // what arrives sooner was pushed by B's fan-out.
  NotifierProcess& a = StartNotifier("a", {"--consume=false", "--heartbeat-ms=60000"});
  StartNotifier("b");
  Publish(Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, "old-unread"));
  ASSERT_TRUE(WaitFor([&] { return NotificationsOf("vp.dongtan") == 1; }, absl::Seconds(30)));

  auto stub = Notifier(a);
  const std::string token = Login("vp.dongtan");
  auto watcher = std::make_unique<Watcher>(*stub, token, "");
  // The replay: the unread one.
  ASSERT_TRUE(WaitFor([&] { return watcher->notifications().size() == 1; }, absl::Seconds(10)));
  EXPECT_EQ(watcher->notifications()[0].dossier_id(), "old-unread");

  // Live: each new one, pushed by B's fan-out.
  for (int i = 0; i < 5; ++i) Publish(Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, absl::StrCat("live-", i)));
  ASSERT_TRUE(WaitFor([&] { return watcher->notifications().size() == 6; }, absl::Seconds(20)));
  std::vector<v1::Notification> seen = watcher->notifications();
  EXPECT_EQ(DossiersOf(seen), (std::vector<std::string>{"old-unread", "live-0", "live-1", "live-2", "live-3", "live-4"}));
  EXPECT_EQ(seen.back().title_vi(), "Hồ sơ mới cần thẩm định: Lao động tiên tiến – Phạm Thị Hồng Nhung");
  watcher->Cancel();

  // While disconnected, more arrive; the reconnect with the last id gets exactly those, in order.
  for (int i = 0; i < 4; ++i) Publish(Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, absl::StrCat("missed-", i)));
  ASSERT_TRUE(WaitFor([&] { return NotificationsOf("vp.dongtan") == 10; }, absl::Seconds(30)));
  watcher = std::make_unique<Watcher>(*stub, token, seen.back().id());
  ASSERT_TRUE(WaitFor([&] { return watcher->notifications().size() == 4; }, absl::Seconds(10)));
  Publish(Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, "after-reconnect"));
  ASSERT_TRUE(WaitFor([&] { return watcher->notifications().size() == 5; }, absl::Seconds(20)));
  absl::SleepFor(absl::Milliseconds(500));  // nothing comes twice
  EXPECT_EQ(DossiersOf(watcher->notifications()),
            (std::vector<std::string>{"missed-0", "missed-1", "missed-2", "missed-3", "after-reconnect"}));
  // Someone else's stream on the same replica sees none of it.
  auto other = std::make_unique<Watcher>(*stub, Login("vt.dongtan.thdt"), "");
  absl::SleepFor(absl::Milliseconds(1500));
  EXPECT_TRUE(other->notifications().empty());
  EXPECT_FALSE(other->ended());
}

}  // namespace
}  // namespace tdkt::notifier_test

namespace tdkt::notifier_test {
namespace {

TEST_F(InboxTest, TheBinaryHasHelpRefusesBadFlagsAndStopsPromptlyWithOpenStreams) {
  const std::string help_log = (dir_ / "help.log").string();
  auto help = testing::ChildProcess::Start({TDKT_NOTIFIER_BINARY, "--help"}, help_log);
  ASSERT_TRUE(help.ok());
  EXPECT_EQ(WEXITSTATUS(help->Wait()), 0);
  EXPECT_NE(ReadFile(help_log).find("--webhook-allow-loopback (TDKT_NOTIFIER_WEBHOOK_ALLOW_LOOPBACK)"), std::string::npos);
  const std::string bad_log = (dir_ / "bad.log").string();
  auto bad = testing::ChildProcess::Start({TDKT_NOTIFIER_BINARY, "--digest-hour=24"}, bad_log);
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(WEXITSTATUS(bad->Wait()), 2);
  EXPECT_NE(ReadFile(bad_log).find("--digest-hour / TDKT_NOTIFIER_DIGEST_HOUR"), std::string::npos) << ReadFile(bad_log);

  NotifierProcess& notifier = StartNotifier("a");
  auto stub = Notifier(notifier);
  Watcher watcher(*stub, Login("vp.dongtan"), "");
  ASSERT_TRUE(WaitFor([&] { return watcher.heartbeats() >= 1; }, absl::Seconds(10)));
  const absl::Time asked = absl::Now();
  notifier.process.Stop(SIGTERM, absl::Seconds(10));
  EXPECT_LT(absl::Now() - asked, absl::Seconds(5));  // the open stream does not hold the shutdown up
  EXPECT_TRUE(WaitFor([&] { return watcher.ended(); }, absl::Seconds(5)));
  EXPECT_NE(ReadFile(notifier.log).find("notifier stopped"), std::string::npos);
}

}  // namespace
}  // namespace tdkt::notifier_test
