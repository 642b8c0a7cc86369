// EscalateDossier against the calendar: the scheduler's escalation is recorded only from the first working day
// after the due date (Asia/Ho_Chi_Minh, by the service's clock), for at most the working days actually overdue.
// Weekends and official days off (data/holidays/) do not count.
#include "tests/integration/services/dossier/journey_fixture.h"
#include "workflow/vietnam_time.h"

namespace tdkt::dossier {
namespace {

namespace v1 = tdkt::v1;

class DossierEscalation : public DossierJourney {
 protected:
  // A dossier submitted at U (10 working days) on `received`, 08:00 in Vietnam.
  void SubmitOn(absl::CivilDay received) {
    clock_.Set(At(received));
    Start();
    Submit();
  }

  static absl::Time At(absl::CivilDay day, int hour = 8) {
    return absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), hour, 0, 0),
                           workflow::VietnamTimeZone());
  }

  // The scheduler's call on `day` (at `hour` in Vietnam) for the running deadline's due date.
  grpc::StatusCode EscalateOn(absl::CivilDay day, int overdue_working_days, int hour = 8) {
    clock_.Set(At(day, hour));
    const v1::Dossier before = Get(id_).dossier();
    v1::EscalateDossierRequest request;
    request.set_request_id(NextRequestId());
    request.set_dossier_id(id_);
    request.set_level(v1::ORG_LEVEL_UNIT);
    *request.mutable_deadline_due_date() = before.deadline().due_date();
    request.set_overdue_working_days(overdue_working_days);
    v1::EscalateDossierResponse response;
    grpc::Status status = stub_->EscalateDossier(
        WithToken(Token("svc-scheduler", {}, std::string(kSchedulerService))).get(), request, &response);
    EXPECT_TRUE(status.ok() || status.error_code() == grpc::StatusCode::FAILED_PRECONDITION)
        << status.error_message();
    return status.error_code();
  }

  int Escalations() { return Get(id_).dossier().deadline().escalation_count(); }
};

constexpr grpc::StatusCode kOk = grpc::StatusCode::OK;
constexpr grpc::StatusCode kRefused = grpc::StatusCode::FAILED_PRECONDITION;

TEST_F(DossierEscalation, IsRefusedUntilTheFirstWorkingDayAfterTheDueDate) {
  SubmitOn(absl::CivilDay(2026, 3, 2));  // Monday; due Monday 16/3
  ASSERT_EQ(Get(id_).dossier().deadline().due_date().day(), 16);
  const int64_t version = Get(id_).dossier().version();
  EXPECT_EQ(EscalateOn(absl::CivilDay(2026, 3, 2), 1), kRefused);   // two weeks early
  EXPECT_EQ(EscalateOn(absl::CivilDay(2026, 3, 16), 1, 23), kRefused);  // the due day itself, late evening
  EXPECT_EQ(Get(id_).dossier().version(), version);
  EXPECT_EQ(Count("event", "type = 'ESCALATE'"), 0);
  EXPECT_EQ(EscalateOn(absl::CivilDay(2026, 3, 17), 2), kRefused);  // only one working day overdue
  EXPECT_EQ(EscalateOn(absl::CivilDay(2026, 3, 17), 1), kOk);
  EXPECT_EQ(EscalateOn(absl::CivilDay(2026, 3, 18), 2), kOk);
  EXPECT_EQ(Escalations(), 2);
}

TEST_F(DossierEscalation, AWeekendAfterTheDueDateIsNotOverdue) {
  SubmitOn(absl::CivilDay(2026, 3, 6));  // Friday; due Friday 20/3
  ASSERT_EQ(Get(id_).dossier().deadline().due_date().day(), 20);
  EXPECT_EQ(EscalateOn(absl::CivilDay(2026, 3, 21), 1), kRefused);  // Saturday
  EXPECT_EQ(EscalateOn(absl::CivilDay(2026, 3, 22), 1), kRefused);  // Sunday
  EXPECT_EQ(Escalations(), 0);
  EXPECT_EQ(EscalateOn(absl::CivilDay(2026, 3, 23), 2), kRefused);  // Monday is the first overdue day only
  EXPECT_EQ(EscalateOn(absl::CivilDay(2026, 3, 23), 1), kOk);
  EXPECT_EQ(Escalations(), 1);
}

TEST_F(DossierEscalation, AnOfficialDayOffAfterTheDueDateIsNotOverdue) {
  // Received Friday 10/4/2026, due Friday 24/4. Then the weekend and Monday 27/4, the day off for Giỗ Tổ Hùng
  // Vương (Sunday 26/4): Tuesday 28/4 is the first overdue working day.
  SubmitOn(absl::CivilDay(2026, 4, 10));
  ASSERT_EQ(Get(id_).dossier().deadline().due_date().day(), 24);
  EXPECT_EQ(EscalateOn(absl::CivilDay(2026, 4, 27), 1), kRefused);
  EXPECT_EQ(Escalations(), 0);
  EXPECT_EQ(EscalateOn(absl::CivilDay(2026, 4, 28), 2), kRefused);
  EXPECT_EQ(EscalateOn(absl::CivilDay(2026, 4, 28), 1), kOk);
  // 30/4 and 1/5 are days off too: on Monday 4/5 the deadline is three working days overdue (28/4, 29/4, 4/5).
  EXPECT_EQ(EscalateOn(absl::CivilDay(2026, 5, 4), 4), kRefused);
  EXPECT_EQ(EscalateOn(absl::CivilDay(2026, 5, 4), 3), kOk);
  EXPECT_EQ(Escalations(), 2);
}

}  // namespace
}  // namespace tdkt::dossier
