// Webhooks on the real binaries and a real HTTP server in the test: a target that fails three times then succeeds
// receives the event once with a valid signature and the attempt log shows the backoff; a target that hangs is
// cut off at the timeout, becomes a dead letter after the limit, and RetryDeadLetter delivers it; subscriptions
// reach the organisation's subtree only, and only an ADMIN of the organisation or an ancestor manages them.
#include <httplib.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "services/notifier/webhook_policy.h"
#include "tests/integration/services/notifier/notifier_world.h"

namespace tdkt::notifier_test {
namespace {

struct Received {
  std::string path, body, event_id, timestamp, signature;
  int answered = 0;
};

// A local HTTP server: /flaky fails `flaky_failures` times then answers 200; /hang sleeps past the notifier's
// timeout until `hang` is cleared; /ok always answers 200.
class Target {
 public:
  Target() {
    server_.Post(R"(/(\w+))", [this](const httplib::Request& request, httplib::Response& response) {
      Received r{request.matches[1], request.body, request.get_header_value("X-Tdkt-Event-Id"),
                 request.get_header_value("X-Tdkt-Timestamp"), request.get_header_value("X-Tdkt-Signature")};
      if (r.path == "flaky") r.answered = flaky_failures-- > 0 ? 500 : 200;
      const bool too_late = r.path == "hang" && hang;
      if (r.path == "hang" || r.path == "ok" || r.path == "other") r.answered = too_late ? 0 : 200;
      {
        std::lock_guard lock(mutex_);
        received_.push_back(r);  // on arrival: a hanging call counts before it answers
      }
      if (too_late) std::this_thread::sleep_for(std::chrono::milliseconds(2500));
      response.status = r.answered == 0 ? 200 : r.answered;
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~Target() {
    server_.stop();
    thread_.join();
  }
  std::string Url(const std::string& path) const { return absl::StrCat("http://127.0.0.1:", port_, "/", path); }
  std::vector<Received> To(const std::string& path) {
    std::lock_guard lock(mutex_);
    std::vector<Received> out;
    for (const Received& r : received_) {
      if (r.path == path) out.push_back(r);
    }
    return out;
  }
  int Succeeded(const std::string& path) {
    int n = 0;
    for (const Received& r : To(path)) n += r.answered == 200 ? 1 : 0;
    return n;
  }

  std::atomic<int> flaky_failures{3};
  std::atomic<bool> hang{true};

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<Received> received_;
};

class WebhookTest : public NotifierWorld {
 protected:
  v1::CreateWebhookSubscriptionResponse Subscribe(const std::string& token, const std::string& org_id,
                                                  const std::string& url, grpc::Status* status = nullptr) {
    v1::CreateWebhookSubscriptionRequest request;
    request.set_request_id(absl::StrCat("sub-", ++requests_));
    request.mutable_subscription()->set_org_id(org_id);
    request.mutable_subscription()->set_url(url);
    request.mutable_subscription()->set_active(true);
    request.set_secret(kSecret);
    v1::CreateWebhookSubscriptionResponse response;
    const grpc::Status result = stub_->CreateWebhookSubscription(As(token).get(), request, &response);
    if (status != nullptr) *status = result;
    else EXPECT_TRUE(result.ok()) << result.error_message();
    return response;
  }
  std::string DeliveryOf(const std::string& subscription_id) {
    return Scalar("SELECT id FROM notifier.webhook_delivery WHERE subscription_id = " + subscription_id);
  }

  static constexpr char kSecret[] = "mot-khoa-bi-mat-du-dai-cho-hmac-sha256";
  std::unique_ptr<v1::NotifierService::Stub> stub_;
  int requests_ = 0;
};

TEST_F(WebhookTest, FailingThenSucceedingHangingThenRetriedAndOnlyTheSubtree) {
  Target target;
  NotifierProcess& notifier =
      StartNotifier("a", {"--webhook-allow-loopback=true", "--webhook-first-backoff-ms=300", "--webhook-max-backoff-ms=1200",
                          "--webhook-max-attempts=5", "--webhook-poll-ms=100", "--webhook-timeout-ms=1000"});
  stub_ = Notifier(notifier);
  const std::string admin = Login("qt.dongtan");       // ADMIN of UBND xã Đồng Tân
  const std::string province_admin = Login("qt.tinh");  // ADMIN of UBND tỉnh Phú Thọ, its ancestor
  const std::string dongtan = OrgId("PT-DONGTAN");

  // Who may subscribe, and to what.
  grpc::Status status;
  Subscribe(Login("vp.dongtan"), dongtan, target.Url("ok"), &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  Subscribe(admin, OrgId("PT"), target.Url("ok"), &status);  // an ancestor is not hers
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  for (const std::string& url : {std::string("https://169.254.169.254/latest"), std::string("ftp://example.com/x"),
                                 std::string("https://metadata.google.internal/"), "https://example.com/" + std::string(2100, 'a')}) {
    Subscribe(admin, dongtan, url, &status);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << url;
  }
  const std::string flaky = Subscribe(admin, dongtan, target.Url("flaky")).subscription().id();
  const std::string hanging = Subscribe(province_admin, dongtan, target.Url("hang")).subscription().id();
  const std::string province = Subscribe(province_admin, OrgId("PT"), target.Url("ok")).subscription().id();
  Subscribe(province_admin, OrgId("PT-KIMTHUONG"), target.Url("other"));  // another commune: never told
  ASSERT_FALSE(flaky.empty());
  EXPECT_EQ(Count("SELECT count(*) FROM notifier.webhook_subscription"), 4);

  const v1::EventEnvelope event = Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, "d-hook");
  Publish(event);

  // The flaky target: three 500s, then one success carrying the event, signed.
  ASSERT_TRUE(WaitFor([&] { return target.Succeeded("flaky") == 1; }, absl::Seconds(30)));
  absl::SleepFor(absl::Seconds(1));
  const std::vector<Received> flaky_calls = target.To("flaky");
  ASSERT_EQ(flaky_calls.size(), 4u);
  const Received& delivered = flaky_calls.back();
  EXPECT_EQ(delivered.event_id, event.event_id());
  EXPECT_EQ(delivered.signature, notifier::WebhookSignature(kSecret, std::stoll(delivered.timestamp), delivered.body));
  EXPECT_NE(delivered.body.find("\"eventId\":\"" + event.event_id() + "\""), std::string::npos) << delivered.body;
  EXPECT_NE(delivered.body.find("\"type\":\"EVENT_TYPE_DOSSIER_SUBMITTED\""), std::string::npos) << delivered.body;
  EXPECT_NE(delivered.body.find("\"nomineeName\":\"Phạm Thị Hồng Nhung\""), std::string::npos) << delivered.body;

  // The attempt log: each failure scheduled its retry within the doubling ceiling (300, 600, 1200 ms), and the
  // next attempt did not start before it.
  v1::ListDeliveryAttemptsRequest attempts_request;
  attempts_request.set_delivery_id(DeliveryOf(flaky));
  v1::ListDeliveryAttemptsResponse attempts;
  ASSERT_TRUE(stub_->ListDeliveryAttempts(As(admin).get(), attempts_request, &attempts).ok());
  ASSERT_EQ(attempts.attempts_size(), 4);
  const int64_t ceilings_ms[] = {300, 600, 1200};
  for (int i = 0; i < 3; ++i) {
    const v1::DeliveryAttempt& a = attempts.attempts(i);
    EXPECT_EQ(a.attempt(), i + 1);
    EXPECT_EQ(a.http_status(), 500);
    EXPECT_FALSE(a.delivered());
    ASSERT_TRUE(a.has_next_attempt_at());
    const absl::Duration wait = common::FromProtoTime(a.next_attempt_at()) - common::FromProtoTime(a.started_at());
    EXPECT_GE(wait, absl::ZeroDuration());
    EXPECT_LE(wait, absl::Milliseconds(ceilings_ms[i]) + absl::Milliseconds(a.latency_ms()) + absl::Milliseconds(50));
    EXPECT_GE(common::FromProtoTime(attempts.attempts(i + 1).started_at()),
              common::FromProtoTime(a.next_attempt_at()) - absl::Milliseconds(5));
  }
  EXPECT_TRUE(attempts.attempts(3).delivered());
  EXPECT_EQ(attempts.attempts(3).http_status(), 200);
  EXPECT_FALSE(attempts.attempts(3).has_next_attempt_at());

  // The ancestor's subscription got it once; the other commune's none.
  EXPECT_EQ(target.Succeeded("ok"), 1);
  EXPECT_TRUE(target.To("other").empty());

  // The hanging target: cut off at 1 s each time, a dead letter after 5 attempts.
  v1::ListDeadLettersRequest dead_request;
  dead_request.set_org_id(dongtan);
  v1::ListDeadLettersResponse dead;
  ASSERT_TRUE(WaitFor([&] {
    dead.Clear();
    return stub_->ListDeadLetters(As(admin).get(), dead_request, &dead).ok() && dead.dead_letters_size() == 1;
  }, absl::Seconds(40)));
  EXPECT_EQ(dead.dead_letters(0).subscription_id(), hanging);
  EXPECT_EQ(dead.dead_letters(0).attempts(), 5);
  EXPECT_EQ(dead.dead_letters(0).last_http_status(), 0);
  EXPECT_NE(dead.dead_letters(0).last_error().find("timeout"), std::string::npos) << dead.dead_letters(0).last_error();
  EXPECT_EQ(dead.dead_letters(0).event_id(), event.event_id());
  EXPECT_EQ(target.To("hang").size(), 5u);
  attempts_request.set_delivery_id(DeliveryOf(hanging));
  attempts.Clear();
  ASSERT_TRUE(stub_->ListDeliveryAttempts(As(admin).get(), attempts_request, &attempts).ok());
  ASSERT_EQ(attempts.attempts_size(), 5);
  for (const v1::DeliveryAttempt& a : attempts.attempts()) {
    EXPECT_EQ(a.http_status(), 0);
    EXPECT_NE(a.error().find("timeout after 1s"), std::string::npos) << a.error();
    EXPECT_GE(a.latency_ms(), 950);
    EXPECT_LT(a.latency_ms(), 2000);  // cut off, not waited for (the target answers after 2.5 s)
  }
  EXPECT_FALSE(attempts.attempts(4).has_next_attempt_at());
  // Only an ADMIN sees dead letters.
  EXPECT_EQ(stub_->ListDeadLetters(As(Login("vp.dongtan")).get(), dead_request, &dead).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Retried once the target is fixed: delivered, exactly once more.
  target.hang = false;
  const size_t calls_before = target.To("hang").size();
  v1::RetryDeadLetterRequest retry;
  retry.set_request_id("retry-1");
  retry.set_dead_letter_id(DeliveryOf(hanging));
  v1::RetryDeadLetterResponse retried;
  ASSERT_TRUE(stub_->RetryDeadLetter(As(province_admin).get(), retry, &retried).ok());
  EXPECT_EQ(retried.delivery_id(), DeliveryOf(hanging));
  ASSERT_TRUE(stub_->RetryDeadLetter(As(province_admin).get(), retry, &retried).ok());  // a retry of the request
  ASSERT_TRUE(WaitFor([&] { return target.To("hang").size() == calls_before + 1; }, absl::Seconds(20)));
  absl::SleepFor(absl::Seconds(1));
  EXPECT_EQ(target.To("hang").size(), calls_before + 1);
  EXPECT_EQ(Scalar("SELECT state FROM notifier.webhook_delivery WHERE subscription_id = " + hanging), "delivered");
  dead.Clear();
  ASSERT_TRUE(stub_->ListDeadLetters(As(admin).get(), dead_request, &dead).ok());
  EXPECT_EQ(dead.dead_letters_size(), 0);
  // The secret never comes back.
  v1::GetWebhookSubscriptionRequest get;
  get.set_subscription_id(flaky);
  v1::GetWebhookSubscriptionResponse got;
  ASSERT_TRUE(stub_->GetWebhookSubscription(As(admin).get(), get, &got).ok());
  EXPECT_TRUE(got.subscription().secret_set());
  EXPECT_EQ(got.DebugString().find(kSecret), std::string::npos);
  (void)province;
}

}  // namespace
}  // namespace tdkt::notifier_test
