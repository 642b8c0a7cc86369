// A plan's targets (AwardTargetSpec.max of a campaign in the campaign service), enforced at SendToCouncil and at
// the decision in the transition's transaction under the target's lock row: sixteen concurrent decisions against
// a target of 5 decide exactly 5; a dossier outside the covered subtree or the plan's years is not counted; the
// campaign service down refuses the transition (fail closed). The campaign service is the real one, in process.
#include <atomic>
#include <latch>
#include <thread>
#include <vector>

#include "tests/integration/services/dossier/campaign_fixture.h"

namespace tdkt::dossier {
namespace {

namespace v1 = tdkt::v1;

constexpr char kLabel[] = "Danh hiệu Tập thể lao động tiên tiến";

class PlanTarget : public CampaignFixture {
 protected:
  PlanTarget() { pool_size_ = 17; }  // sixteen racing decisions, each on a connection of its own
};

TEST_F(PlanTarget, SixteenConcurrentDecisionsAgainstATargetOfFiveDecideExactlyFive) {
  // A max of 20 while the sixteen dossiers go through the councils (SendToCouncil counts those in council too),
  // then 5.
  v1::Campaign plan = CreatePlan("C", "C", 2026, {Target("TAP_THE_LDTT", 20, kLabel)});
  ASSERT_FALSE(plan.id().empty());
  struct Racer {
    std::string id;
    int64_t version = 0;
  };
  std::vector<Racer> racers;
  for (int i = 0; i < 16; ++i) {
    StartCollective(i % 2 == 0 ? "U" : "U2", 2026);
    ToAwaitingDecisionFrom(i % 2 == 0 ? "U" : "U2");
    ASSERT_FALSE(HasFatalFailure());
    racers.push_back({id_, version_});
  }
  plan = SetTargets(plan, {Target("TAP_THE_LDTT", 5, kLabel)});
  ASSERT_EQ(plan.targets(0).max(), 5);

  std::vector<std::string> tokens;
  for (int i = 0; i < 16; ++i) tokens.push_back(Token(Person("decider", "C"), {{Role::kDecider, "C"}}));
  // The start barrier: the test holds the target's lock row, so every decision gets as far as its SELECT … FOR
  // UPDATE on it and waits there (each holding its own dossier's row); all sixteen are released at once.
  Exec("INSERT INTO dossier.plan_target_lock VALUES ('" + plan.id() + "', 'TAP_THE_LDTT') ON CONFLICT DO NOTHING");
  pqxx::connection blocker(url_);
  pqxx::work hold(blocker);
  hold.exec("SELECT 1 FROM dossier.plan_target_lock WHERE campaign_id = '" + plan.id() +
            "' AND award_codes = 'TAP_THE_LDTT' FOR UPDATE");
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
        EXPECT_EQ(status.error_message(),
                  "Vượt chỉ tiêu của kế hoạch «Kế hoạch thi đua năm 2026 của xã Đồng Tân» (15/KH-UBND): «Danh hiệu "
                  "Tập thể lao động tiên tiến» tối đa 5 năm 2026; tính cả hồ sơ «Tập thể lao động tiên tiến» này là 6")
            << "the refusal names the plan, the target, the award, the max and the count";
      } else {
        ++other;
        ADD_FAILURE() << status.error_code() << " " << status.error_message();
      }
    });
  }
  const long long waiting = WaitForLockWaiters(16);
  hold.commit();
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(waiting, 16) << "all sixteen decisions waited for the target's lock row at once";
  EXPECT_EQ(decided.load(), 5);
  EXPECT_EQ(refused.load(), 11);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Count("dossier", "state = 'DECIDED'"), 5);
  EXPECT_EQ(Count("dossier", "state = 'AWAITING_DECISION'"), 11) << "a refused decision changes nothing";
  EXPECT_EQ(Count("award_history", "award_code = 'TAP_THE_LDTT' AND withdrawn_at IS NULL"), 5);
}

TEST_F(PlanTarget, OnlyTheCoveredSubtreeAndThePlansYearsCount) {
  // U's plan for 2026: one TAP_THE_LDTT at most.
  const v1::Campaign plan = CreatePlan("C", "U", 2026, {Target("TAP_THE_LDTT", 1, kLabel)});
  ASSERT_FALSE(plan.id().empty());
  StartCollective("U", 2026);
  ToAwaitingDecisionFrom("U");
  ASSERT_TRUE(DecideAtC("1/QĐ-UBND").ok());

  // U2 is outside the covered subtree, 2025 outside the plan's years: neither is counted nor refused.
  StartCollective("U2", 2026);
  ToAwaitingDecisionFrom("U2");
  const grpc::Status outside = DecideAtC("2/QĐ-UBND");
  EXPECT_TRUE(outside.ok()) << outside.error_message();
  StartCollective("U", 2025);
  ToAwaitingDecisionFrom("U");
  const grpc::Status other_year = DecideAtC("3/QĐ-UBND");
  EXPECT_TRUE(other_year.ok()) << other_year.error_message();

  // A second one of U for 2026 is refused at its unit's SendToCouncil, and nothing changes.
  StartCollective("U", 2026);
  Submit();
  Accept("U");
  const int64_t before = version_;
  const std::string events_before = AllText("event");
  v1::SendToCouncilRequest request;
  request.set_request_id(NextRequestId());
  request.set_dossier_id(id_);
  request.set_expected_version(version_);
  v1::SendToCouncilResponse response;
  const grpc::Status status = stub_->SendToCouncil(As(Role::kAppraiser, "U").get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(status.error_message(),
            "Vượt chỉ tiêu của kế hoạch «Kế hoạch thi đua năm 2026 của xã Đồng Tân» (15/KH-UBND): «Danh hiệu Tập thể "
            "lao động tiên tiến» tối đa 1 năm 2026; tính cả hồ sơ «Tập thể lao động tiên tiến» này là 2");
  const v1::Dossier after = Get(id_).dossier();
  EXPECT_EQ(after.state(), v1::DOSSIER_STATE_UNDER_REVIEW);
  EXPECT_EQ(after.version(), before);
  EXPECT_EQ(AllText("event"), events_before) << "no history entry for the refusal";

  // The same request id once the target allows it: a refusal was not recorded as the request's answer.
  SetTargets(plan, {Target("TAP_THE_LDTT", 2, kLabel)});
  v1::SendToCouncilResponse again;
  const grpc::Status allowed = stub_->SendToCouncil(As(Role::kAppraiser, "U").get(), request, &again);
  EXPECT_TRUE(allowed.ok()) << allowed.error_message();
  EXPECT_EQ(again.dossier().state(), v1::DOSSIER_STATE_COUNCIL_VOTING);
}

TEST_F(PlanTarget, TheCampaignServiceDownRefusesTheTransitionAndChangesNothing) {
  StartCollective("U", 2026);
  Submit();
  Accept("U");
  const int64_t before = version_;
  StopCampaignService();
  v1::SendToCouncilRequest request;
  request.set_request_id(NextRequestId());
  request.set_dossier_id(id_);
  request.set_expected_version(version_);
  v1::SendToCouncilResponse response;
  const grpc::Status status = stub_->SendToCouncil(As(Role::kAppraiser, "U").get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_NE(log_.str().find("Không truy vấn được chỉ tiêu của kế hoạch thi đua"), std::string::npos)
      << "the service says why in its log (the caller gets the generic UNAVAILABLE message)";
  const v1::Dossier after = Get(id_).dossier();
  EXPECT_EQ(after.state(), v1::DOSSIER_STATE_UNDER_REVIEW);
  EXPECT_EQ(after.version(), before);
  // Commands that reach neither COUNCIL_VOTING nor DECIDED do not ask it.
  Do<v1::ReturnForSupplementRequest, v1::ReturnForSupplementResponse>(
      &Stub::ReturnForSupplement, [] {
        v1::ReturnForSupplementRequest r;
        r.set_reason_vi("Bổ sung biên bản");
        return r;
      }(), As(Role::kAppraiser, "U"));
}

}  // namespace
}  // namespace tdkt::dossier
