#include "services/common/idempotency.h"

#include <gtest/gtest.h>
#include <pqxx/pqxx>

#include <atomic>
#include <thread>

#include "absl/synchronization/notification.h"
#include "tdkt/v1/common.pb.h"
#include "tests/support/servers_environment.h"

namespace tdkt::common {
namespace {

class IdempotencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = testing::NewDatabase();
    pqxx::connection c(url_);
    pqxx::work w(c);
    w.exec("CREATE SCHEMA svc; CREATE TABLE svc.idempotency (request_id text PRIMARY KEY, fingerprint bytea NOT NULL,"
           " response bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now());"
           "CREATE TABLE svc.effect (n int)");
    w.commit();
  }

  // One request: claims the id, applies the effect (a row) and records `response`; returns what the caller gets.
  std::string Handle(pqxx::connection& c, const std::string& id, const std::string& fingerprint,
                     const std::string& response, absl::Status* status = nullptr) {
    pqxx::work w(c);
    auto earlier = idempotency_.Claim(w, id, fingerprint);
    if (status != nullptr) *status = earlier.status();
    if (!earlier.ok()) return "";
    if (earlier->has_value()) return **earlier;
    w.exec("INSERT INTO svc.effect VALUES (1)");
    idempotency_.Record(w, id, response);
    w.commit();
    return response;
  }

  int Effects() {
    pqxx::connection c(url_);
    pqxx::work w(c);
    return w.exec1("SELECT count(*) FROM svc.effect")[0].as<int>();
  }

  std::string url_;
  const Idempotency idempotency_{"svc"};
};

TEST_F(IdempotencyTest, ARetryGetsTheFirstResponseAndChangesNothing) {
  pqxx::connection c(url_);
  const std::string fp = RequestFingerprint("key", "Accept", "person-1", "bytes");
  EXPECT_EQ(Handle(c, "r1", fp, "first"), "first");
  EXPECT_EQ(Handle(c, "r1", fp, "second"), "first");
  EXPECT_EQ(Effects(), 1);
}

TEST_F(IdempotencyTest, TheSameIdForAnotherRequestIsAlreadyExists) {
  pqxx::connection c(url_);
  Handle(c, "r1", RequestFingerprint("key", "Accept", "person-1", "bytes"), "first");
  absl::Status status;
  Handle(c, "r1", RequestFingerprint("key", "Accept", "person-1", "other bytes"), "x", &status);
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  Handle(c, "r1", RequestFingerprint("key", "Accept", "person-2", "bytes"), "x", &status);
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(Effects(), 1);
}

TEST_F(IdempotencyTest, ARolledBackClaimLeavesTheIdFree) {
  pqxx::connection c(url_);
  const std::string fp = RequestFingerprint("", "Accept", "p", "b");
  {
    pqxx::work w(c);
    ASSERT_FALSE(idempotency_.Claim(w, "r1", fp)->has_value());
  }  // rolled back
  EXPECT_EQ(Handle(c, "r1", fp, "after rollback"), "after rollback");
  EXPECT_EQ(Effects(), 1);
}

// Two transactions claim the same id at once: the second waits on the first's row and, when the first commits,
// answers with the first response; the effect happens once.
TEST_F(IdempotencyTest, AConcurrentDuplicateWaitsAndReplays) {
  const std::string fp = RequestFingerprint("k", "Accept", "p", "b");
  pqxx::connection first_connection(url_), second_connection(url_);
  pqxx::work first(first_connection);
  ASSERT_FALSE(idempotency_.Claim(first, "r1", fp)->has_value());
  first.exec("INSERT INTO svc.effect VALUES (1)");
  std::atomic<bool> second_done{false};
  std::string second_answer;
  std::thread second([&] {
    second_answer = Handle(second_connection, "r1", fp, "second");
    second_done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(second_done.load()) << "the duplicate must wait for the first claim";
  idempotency_.Record(first, "r1", "first");
  first.commit();
  second.join();
  EXPECT_EQ(second_answer, "first");
  EXPECT_EQ(Effects(), 1);
}

// Run: the protobuf handler shape. The effect runs once; a retry gets the first response parsed back.
TEST_F(IdempotencyTest, RunAppliesTheEffectOnceAndReplaysTheResponse) {
  pqxx::connection c(url_);
  const std::string fp = RequestFingerprint("k", "CreateX", "p", "b");
  int effects = 0;
  for (int attempt = 0; attempt < 2; ++attempt) {
    pqxx::work w(c);
    tdkt::v1::Date response;
    ASSERT_TRUE(idempotency_
                    .Run(w, "r1", fp, response,
                         [&]() -> absl::Status {
                           ++effects;
                           response.set_year(2026 + attempt);
                           return absl::OkStatus();
                         })
                    .ok());
    w.commit();
    EXPECT_EQ(response.year(), 2026) << "attempt " << attempt;
  }
  EXPECT_EQ(effects, 1);
}

TEST(RequestFingerprint, DependsOnEveryPartAndTheKey) {
  const std::string base = RequestFingerprint("k", "m", "c", "b");
  EXPECT_EQ(base.size(), 32u);
  EXPECT_EQ(base, RequestFingerprint("k", "m", "c", "b"));
  EXPECT_NE(base, RequestFingerprint("other", "m", "c", "b"));
  EXPECT_NE(base, RequestFingerprint("", "m", "c", "b"));
  EXPECT_NE(base, RequestFingerprint("k", "mc", "", "b"));
  EXPECT_NE(base, RequestFingerprint("k", "m", "c", "b2"));
}

}  // namespace
}  // namespace tdkt::common
