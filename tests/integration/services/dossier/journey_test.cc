// Every transition end to end through gRPC: the full journey unit → commune → province → decision →
// publication → complaint, and the reject, withdraw, escalate and external-outcome paths.
#include "workflow/vietnam_time.h"
#include "tests/integration/services/dossier/journey_fixture.h"

namespace tdkt::dossier {
namespace {

namespace v1 = tdkt::v1;

TEST_F(DossierJourney, FromDraftToPublishedThroughThreeLevelsThenAComplaint) {
  Start();
  EXPECT_EQ(Get(id_).dossier().state(), v1::DOSSIER_STATE_DRAFT);
  v1::Dossier d = Submit();
  EXPECT_EQ(d.state(), v1::DOSSIER_STATE_SUBMITTED);
  EXPECT_EQ(d.holding_org_id(), "U");
  // Received Monday 2026-03-02, 10 working days at the unit level: due Monday 2026-03-16.
  EXPECT_EQ(d.deadline().due_date().day(), 16);
  EXPECT_EQ(d.deadline().working_days_allowed(), 10);
  EXPECT_EQ(Accept("U").state(), v1::DOSSIER_STATE_UNDER_REVIEW);

  v1::ReturnForSupplementRequest ret;
  ret.set_reason_vi("Thiếu xác nhận của thủ trưởng");
  d = Do<v1::ReturnForSupplementRequest, v1::ReturnForSupplementResponse>(
      &v1::DossierService::Stub::ReturnForSupplement, ret, As(Role::kAppraiser, "U"));
  EXPECT_EQ(d.state(), v1::DOSSIER_STATE_RETURNED_FOR_SUPPLEMENT);
  EXPECT_EQ(d.state_reason_vi(), "Thiếu xác nhận của thủ trưởng");
  EXPECT_TRUE(d.deadline().paused());
  clock_.Advance(absl::Hours(24 * 2));  // resubmitted on Wednesday: two working days paused
  d = Do<v1::ResubmitDossierRequest, v1::ResubmitDossierResponse>(&v1::DossierService::Stub::ResubmitDossier, {},
                                                                   As(Role::kSubmitter, "U"));
  EXPECT_EQ(d.state(), v1::DOSSIER_STATE_UNDER_REVIEW);
  EXPECT_FALSE(d.deadline().paused());
  EXPECT_EQ(d.deadline().due_date().day(), 18);  // pushed by the two paused working days
  EXPECT_EQ(SendToCouncil("U").state(), v1::DOSSIER_STATE_COUNCIL_VOTING);
  const v1::Dossier opened = OpenVote("U");
  const std::string vote_id = opened.vote().vote_id();
  Cast("chair", "U", vote_id, v1::VOTE_CHOICE_YES);
  Cast("m1", "U", vote_id, v1::VOTE_CHOICE_YES);
  Cast("m1", "U", vote_id, v1::VOTE_CHOICE_NO, grpc::StatusCode::FAILED_PRECONDITION);  // one ballot each
  Cast("outsider", "U", vote_id, v1::VOTE_CHOICE_YES, grpc::StatusCode::PERMISSION_DENIED);
  Cast("m2", "U", "not-the-vote", v1::VOTE_CHOICE_YES, grpc::StatusCode::FAILED_PRECONDITION);
  d = Cast("m2", "U", vote_id, v1::VOTE_CHOICE_ABSTAIN);
  EXPECT_EQ(d.vote().voted_count(), 3);
  EXPECT_EQ(d.vote().yes_count(), 0);  // the totals stay hidden until the vote closes
  // Forward at a level whose council votes is refused.
  Do<v1::ForwardDossierRequest, v1::ForwardDossierResponse>(&v1::DossierService::Stub::ForwardDossier, {},
                                                            As(Role::kAppraiser, "U"),
                                                            grpc::StatusCode::FAILED_PRECONDITION);
  d = CloseVote("U", vote_id);
  EXPECT_EQ(d.state(), v1::DOSSIER_STATE_SUBMITTED);
  EXPECT_EQ(d.holding_org_id(), "C");
  EXPECT_EQ(d.current_level(), v1::ORG_LEVEL_COMMUNE);
  EXPECT_EQ(d.vote().result(), v1::VOTE_RESULT_PASSED);
  EXPECT_EQ(d.vote().yes_count(), 2);

  d = PassLevel("C");
  EXPECT_EQ(d.state(), v1::DOSSIER_STATE_SUBMITTED);
  EXPECT_EQ(d.holding_org_id(), "P");
  d = PassLevel("P");
  EXPECT_EQ(d.state(), v1::DOSSIER_STATE_AWAITING_DECISION);
  EXPECT_FALSE(d.has_deadline());

  v1::DecideDossierRequest decide;
  decide.mutable_decision()->set_number("123/QĐ-UBND");
  *decide.mutable_decision()->mutable_date() = D(2026, 3, 4);
  decide.mutable_decision()->set_signer_name("Trần Văn Bình");
  d = Do<v1::DecideDossierRequest, v1::DecideDossierResponse>(&v1::DossierService::Stub::DecideDossier, decide,
                                                              As(Role::kDecider, "P"));
  EXPECT_EQ(d.state(), v1::DOSSIER_STATE_DECIDED);
  EXPECT_EQ(d.decision().number(), "123/QĐ-UBND");
  v1::PublishDossierRequest publish;
  *publish.mutable_published_on() = D(2026, 3, 4);
  d = Do<v1::PublishDossierRequest, v1::PublishDossierResponse>(&v1::DossierService::Stub::PublishDossier, publish,
                                                                As(Role::kDecider, "P"));
  EXPECT_EQ(d.state(), v1::DOSSIER_STATE_PUBLISHED);
  EXPECT_EQ(d.published_on().day(), 4);
  v1::FileComplaintRequest complaint;
  complaint.set_text_vi("Đề nghị xem xét lại");
  d = Do<v1::FileComplaintRequest, v1::FileComplaintResponse>(&v1::DossierService::Stub::FileComplaint, complaint,
                                                              As(Role::kSubmitter, "U"));
  EXPECT_EQ(d.state(), v1::DOSSIER_STATE_UNDER_REVIEW);

  const v1::GetDossierResponse full = Get(id_);
  EXPECT_EQ(full.history_size(), version_);
  EXPECT_EQ(full.history(0).action(), v1::DOSSIER_ACTION_CREATE);
  EXPECT_EQ(full.history(full.history_size() - 1).action(), v1::DOSSIER_ACTION_FILE_COMPLAINT);
  v1::VerifyHistoryRequest verify;
  verify.set_dossier_id(id_);
  v1::VerifyHistoryResponse verified;
  ASSERT_TRUE(stub_->VerifyHistory(As(Role::kSubmitter, "U").get(), verify, &verified).ok());
  EXPECT_TRUE(verified.intact());
  EXPECT_EQ(verified.entries_checked(), version_);
  // Ballots are secret: no event or outbox row says how anyone voted.
  EXPECT_EQ(AllText("event").find("ABSTAIN"), std::string::npos);
  EXPECT_EQ(Count("outbox", "type = 'EVENT_TYPE_VOTE_CAST'"), 9);
  EXPECT_GE(Count("outbox", "type = 'EVENT_TYPE_DEADLINE_SET'"), 3);
}

TEST_F(DossierJourney, RejectedWithdrawnAndEscalated) {
  Start();
  Submit();
  // On Tuesday 17/3, the first working day after the due date (Monday 16/3), the scheduler escalates the overdue
  // deadline: the history grows, the state does not change.
  clock_.Set(absl::FromCivil(absl::CivilSecond(2026, 3, 17, 8, 0, 0), workflow::VietnamTimeZone()));
  const v1::Dossier before = Get(id_).dossier();
  ASSERT_EQ(before.deadline().due_date().day(), 16);
  v1::EscalateDossierRequest escalate;
  escalate.set_level(v1::ORG_LEVEL_UNIT);
  *escalate.mutable_deadline_due_date() = before.deadline().due_date();
  escalate.set_overdue_working_days(1);
  escalate.set_expected_version(0);
  escalate.set_request_id("timer-1");
  escalate.set_dossier_id(id_);
  v1::EscalateDossierResponse escalated;
  auto scheduler = WithToken(Token("svc-scheduler", {}, std::string(kSchedulerService)));
  grpc::Status status = stub_->EscalateDossier(scheduler.get(), escalate, &escalated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(escalated.dossier().state(), v1::DOSSIER_STATE_SUBMITTED);
  EXPECT_EQ(escalated.dossier().deadline().escalation_count(), 1);
  version_ = escalated.dossier().version();
  // A person cannot escalate; a stale due date is refused.
  escalate.set_request_id("timer-2");
  EXPECT_EQ(stub_->EscalateDossier(As(Role::kAppraiser, "U").get(), escalate, &escalated).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  *escalate.mutable_deadline_due_date() = D(2026, 3, 17);
  escalate.set_request_id("timer-3");
  EXPECT_EQ(stub_->EscalateDossier(WithToken(Token("svc-scheduler", {}, std::string(kSchedulerService))).get(),
                                   escalate, &escalated).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  Accept("U");
  v1::RejectDossierRequest reject;
  reject.set_reason_vi("Không đủ tiêu chuẩn");
  v1::Dossier d = Do<v1::RejectDossierRequest, v1::RejectDossierResponse>(&v1::DossierService::Stub::RejectDossier,
                                                                          reject, As(Role::kAppraiser, "U"));
  EXPECT_EQ(d.state(), v1::DOSSIER_STATE_REJECTED);
  EXPECT_EQ(d.state_reason_vi(), "Không đủ tiêu chuẩn");
  // Withdrawing a rejected dossier is a wrong state, with a Vietnamese reason.
  Do<v1::WithdrawDossierRequest, v1::WithdrawDossierResponse>(&v1::DossierService::Stub::WithdrawDossier, {},
                                                              As(Role::kSubmitter, "U"),
                                                              grpc::StatusCode::FAILED_PRECONDITION);

  Start();
  v1::WithdrawDossierRequest withdraw;
  withdraw.set_reason_vi("Đơn vị rút hồ sơ");
  d = Do<v1::WithdrawDossierRequest, v1::WithdrawDossierResponse>(&v1::DossierService::Stub::WithdrawDossier,
                                                                  withdraw, As(Role::kSubmitter, "U"));
  EXPECT_EQ(d.state(), v1::DOSSIER_STATE_WITHDRAWN);
}

TEST_F(DossierJourney, AwardDecidedAboveTheProvinceLeavesAndComesBack) {
  clock_.Set(absl::FromCivil(absl::CivilSecond(2026, 3, 2, 8, 0, 0), workflow::VietnamTimeZone()));
  Start("BANG_KHEN_THU_TUONG");
  Submit();
  PassLevel("U");
  PassLevel("C");
  v1::Dossier d = PassLevel("P");
  EXPECT_EQ(d.state(), v1::DOSSIER_STATE_FORWARDED_EXTERNAL);
  v1::RecordExternalOutcomeRequest outcome;
  outcome.set_outcome(v1::EXTERNAL_OUTCOME_GRANTED);
  outcome.mutable_decision()->set_number("456/QĐ-TTg");
  *outcome.mutable_decision()->mutable_date() = D(2026, 3, 2);
  outcome.mutable_decision()->set_signer_name("Thủ tướng Chính phủ");
  outcome.mutable_decision()->set_issuing_body_vi("Thủ tướng Chính phủ");
  d = Do<v1::RecordExternalOutcomeRequest, v1::RecordExternalOutcomeResponse>(
      &v1::DossierService::Stub::RecordExternalOutcome, outcome, As(Role::kAppraiser, "P"));
  EXPECT_EQ(d.state(), v1::DOSSIER_STATE_DECIDED);
  EXPECT_EQ(d.decision().issuing_body_vi(), "Thủ tướng Chính phủ");
}

TEST_F(DossierJourney, FailedVoteRejectsAndNoQuorumKeepsVoting) {
  Start();
  Submit();
  Accept("U");
  SendToCouncil("U");
  std::string vote_id = OpenVote("U").vote().vote_id();
  Cast("chair", "U", vote_id, v1::VOTE_CHOICE_YES);
  v1::Dossier d = CloseVote("U", vote_id);  // 1 of 3: no quorum, the ballot is void
  EXPECT_EQ(d.state(), v1::DOSSIER_STATE_COUNCIL_VOTING);
  EXPECT_EQ(d.vote().result(), v1::VOTE_RESULT_NO_QUORUM);
  clock_.Advance(absl::Minutes(1));
  vote_id = OpenVote("U").vote().vote_id();
  for (const char* member : {"chair", "m1", "m2"}) Cast(member, "U", vote_id, v1::VOTE_CHOICE_NO);
  d = CloseVote("U", vote_id);
  EXPECT_EQ(d.state(), v1::DOSSIER_STATE_REJECTED);
  EXPECT_EQ(d.vote().result(), v1::VOTE_RESULT_FAILED);
}

}  // namespace
}  // namespace tdkt::dossier
