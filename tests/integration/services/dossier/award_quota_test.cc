// The caps on a title as a share of a lower title's holders (CSTĐCS ≤ 15 % of the unit's LĐTT holders,
// data/awards/), enforced in the transition's transaction under the cap's lock row: sixteen concurrent decisions
// against a cap of 5 decide exactly 5, and a dossier sent to council beyond the cap is refused.
#include <atomic>
#include <latch>
#include <thread>
#include <vector>

#include "tests/integration/services/dossier/award_fixture.h"

namespace tdkt::dossier {
namespace {

namespace v1 = tdkt::v1;

class AwardQuota : public AwardHistoryFixture {
 protected:
  AwardQuota() { pool_size_ = 17; }  // sixteen racing decisions, each on a connection of its own
};

TEST_F(AwardQuota, SixteenConcurrentDecisionsAgainstACapOfFiveDecideExactlyFive) {
  // 200 LĐTT holders at U in 2025 while the sixteen dossiers go through the councils (the cap counts the ones in
  // council too when they are sent there), then 34 of them only: 15 % of 34 allows 5.
  ASSERT_TRUE(Import("U", LdttCsv(200, 2025), "ldtt-base").ok());
  struct Racer {
    std::string id;
    int64_t version = 0;
  };
  std::vector<Racer> racers;
  for (int i = 0; i < 16; ++i) {
    StartFor("CSTD_CO_SO", 2025, "racer-" + std::to_string(i));
    ToAwaitingDecision();
    ASSERT_FALSE(HasFatalFailure());
    racers.push_back({id_, version_});
  }
  Exec("UPDATE dossier.award_history SET withdrawn_at = now() WHERE award_code = 'LDTT' AND import_line > 35");
  ASSERT_EQ(Count("award_history", "award_code = 'LDTT' AND withdrawn_at IS NULL"), 34);

  std::vector<std::string> tokens;
  for (int i = 0; i < 16; ++i) tokens.push_back(Token(Person("decider", "C"), {{Role::kDecider, "C"}}));
  // The start barrier: the test holds the cap's lock row, so every decision gets as far as its SELECT … FOR UPDATE
  // on it and waits there (each holding its own dossier's row); all sixteen are released at once.
  Exec("INSERT INTO dossier.award_quota_lock VALUES ('U', 2025, 'CSTD_CO_SO') ON CONFLICT DO NOTHING");
  pqxx::connection blocker(url_);
  pqxx::work hold(blocker);
  hold.exec("SELECT 1 FROM dossier.award_quota_lock WHERE org_id = 'U' AND year = 2025 AND award_code = 'CSTD_CO_SO' "
            "FOR UPDATE");
  std::latch started(16);
  std::atomic<int> decided{0}, refused{0}, other{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 16; ++i) {
    clients.emplace_back([&, i] {
      const Racer& racer = racers[static_cast<size_t>(i)];
      v1::DecideDossierRequest request = Decision(std::to_string(100 + i) + "/QĐ-UBND");
      request.set_request_id("decide-" + std::to_string(i));
      request.set_dossier_id(racer.id);
      request.set_expected_version(racer.version);
      v1::DecideDossierResponse response;
      started.arrive_and_wait();
      const grpc::Status status =
          stub_->DecideDossier(WithToken(tokens[static_cast<size_t>(i)]).get(), request, &response);
      if (status.ok()) {
        ++decided;
      } else if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION) {
        ++refused;
        const std::string& message = status.error_message();
        EXPECT_NE(message.find("«Chiến sĩ thi đua cơ sở» tối đa 15% số «Lao động tiên tiến»"), std::string::npos)
            << "the refusal names the cap: " << message;
        EXPECT_NE(message.find("(34 → tối đa 5); tính cả hồ sơ này là 6"), std::string::npos)
            << "the base, the limit and the count: " << message;
      } else {
        ++other;
        ADD_FAILURE() << status.error_code() << " " << status.error_message();
      }
    });
  }
  const long long waiting = WaitForLockWaiters(16);
  hold.commit();
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(waiting, 16) << "all sixteen decisions waited for the cap's lock row at once";
  EXPECT_EQ(decided.load(), 5);
  EXPECT_EQ(refused.load(), 11);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Count("dossier", "state = 'DECIDED'"), 5);
  EXPECT_EQ(Count("award_history", "award_code = 'CSTD_CO_SO' AND source = 'TDKT' AND withdrawn_at IS NULL"), 5)
      << "one history row per decision, written in its transaction";
  EXPECT_EQ(Count("dossier", "state = 'AWAITING_DECISION'"), 11) << "a refused decision changes nothing";
}

TEST_F(AwardQuota, SendingToCouncilBeyondTheCapIsRefusedAndChangesNothing) {
  ASSERT_TRUE(Import("U", LdttCsv(7, 2025), "ldtt-seven").ok());  // 15 % of 7: one CSTĐCS
  StartFor("CSTD_CO_SO", 2025, "first");
  Submit();
  Accept("U");
  EXPECT_EQ(SendToCouncil("U").state(), v1::DOSSIER_STATE_COUNCIL_VOTING);

  StartFor("CSTD_CO_SO", 2025, "second");
  Submit();
  Accept("U");
  const int64_t before = version_;
  v1::SendToCouncilRequest request;
  request.set_request_id(NextRequestId());
  request.set_dossier_id(id_);
  request.set_expected_version(version_);
  v1::SendToCouncilResponse response;
  const grpc::Status status = stub_->SendToCouncil(As(Role::kAppraiser, "U").get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_NE(status.error_message().find("«Chiến sĩ thi đua cơ sở» tối đa 15% số «Lao động tiên tiến» của đơn vị "
                                        "năm 2025 (7 → tối đa 1); tính cả hồ sơ này là 2"),
            std::string::npos)
      << status.error_message();
  const v1::Dossier after = Get(id_).dossier();
  EXPECT_EQ(after.state(), v1::DOSSIER_STATE_UNDER_REVIEW);
  EXPECT_EQ(after.version(), before);

  // Another year's cap is another count: a 2024 dossier has no LĐTT base at all, so none may go to council.
  StartFor("CSTD_CO_SO", 2024, "third");
  Submit();
  Accept("U");
  Do<v1::SendToCouncilRequest, v1::SendToCouncilResponse>(&Stub::SendToCouncil, {}, As(Role::kAppraiser, "U"),
                                                           grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Get(id_).dossier().state(), v1::DOSSIER_STATE_UNDER_REVIEW);
}

}  // namespace
}  // namespace tdkt::dossier
