// The scheduler follows the stored calendar of the real dossier service (real_dossier_fixture.h) without a restart:
// it starts on the dossier's calendar (GetCalendar), and when the system administrator adds a day off, the dossier
// recomputes the deadlines that span it, their DEADLINE_SET events and the CALENDAR_CHANGED event reach the
// running scheduler, which swaps its calendar and re-plans: ListDossierTimers shows the reminders of exactly those
// dossiers at their new instants, and the others' as they were.
#include <map>

#include "absl/strings/str_join.h"
#include "services/auth/directory_client.h"
#include "tdkt/v1/calendar.grpc.pb.h"
#include "tdkt/v1/scheduler.grpc.pb.h"
#include "tests/integration/services/scheduler/real_dossier_fixture.h"

namespace tdkt::scheduler {
namespace {

namespace v1 = tdkt::v1;

std::string DayText(const v1::Date& date) {
  return base::FormatIsoDate(absl::CivilDay(date.year(), date.month(), date.day()));
}

class SchedulerCalendarTest : public RealDossierTest {
 protected:
  // An access token of a demo user (or the system administrator) from the directory.
  std::string TokenOf(const std::string& username) {
    auto directory = v1::DirectoryService::NewStub(grpc::CreateChannel(absl::StrCat("127.0.0.1:", directory_port_),
                                                                       grpc::InsecureChannelCredentials()));
    auth::DirectorySession session(*directory, username, kDemoPassword, clock_);
    absl::StatusOr<std::string> token = session.AccessToken();
    EXPECT_TRUE(token.ok()) << token.status();
    return token.value_or("");
  }
  static std::unique_ptr<grpc::ClientContext> Bearer(const std::string& token) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + token);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    return context;
  }

  // The pending timers of a dossier as the scheduler's API lists them: "KIND/step fire_on (due D)".
  std::vector<std::string> PendingTimers(SchedulerServer& scheduler, const std::string& token,
                                         const std::string& dossier_id) {
    // The scheduler checks the directory's tokens by the test's clock: it follows the real time here (nothing is
    // due for days, so nothing fires).
    clock_.Set(absl::Now());
    auto stub = v1::SchedulerService::NewStub(grpc::CreateChannel(absl::StrCat("127.0.0.1:", scheduler.grpc_port()),
                                                                  grpc::InsecureChannelCredentials()));
    v1::ListDossierTimersRequest request;
    request.set_dossier_id(dossier_id);
    v1::ListDossierTimersResponse response;
    const grpc::Status status = stub->ListDossierTimers(Bearer(token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> out;
    for (const v1::Timer& t : response.timers()) {
      if (t.status() != v1::TIMER_STATUS_PENDING) continue;
      const std::string kind =
          t.kind() == v1::TIMER_KIND_ESCALATION ? "ESC" : v1::ReminderKind_Name(t.reminder_kind()).substr(14);
      out.push_back(absl::StrCat(kind, " ", DayText(t.fire_on()), " (due ", DayText(t.due_date()), ")"));
    }
    return out;
  }

  struct RunningDeadline {
    std::string dossier_id;
    absl::CivilDay received, due;
  };
  std::vector<RunningDeadline> Running() {
    pqxx::connection c(url_);
    pqxx::work txn(c);
    std::vector<RunningDeadline> out;
    for (const auto& r : txn.exec("SELECT dossier_id, (received_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date::text, "
                                  "due_date::text FROM dossier.deadline WHERE state = 'RUNNING' ORDER BY dossier_id")) {
      out.push_back({r[0].as<std::string>(), *base::ParseIsoDate(r[1].as<std::string>()),
                     *base::ParseIsoDate(r[2].as<std::string>())});
    }
    return out;
  }
};

TEST_F(SchedulerCalendarTest, ReplansTheRemindersOfTheDossiersAChangeMovesWithoutARestart) {
  clock_.Set(absl::Now());
  StartDossierWithDemoScenario();
  SchedulerServer& scheduler = StartSchedulerOnDossier("s1", /*escalate=*/false);
  EXPECT_EQ(scheduler.calendar()->version(), 1) << "the dossier's stored calendar, not data/holidays (version 0)";
  const long long deadline_events =
      std::stoll(Query1("SELECT count(*) FROM dossier.outbox WHERE type LIKE 'EVENT_TYPE_DEADLINE_%'"));
  ASSERT_EQ(WaitForCount("idempotency", "request_id IN (SELECT event_id FROM dossier.outbox)", deadline_events,
                         absl::Seconds(60)),
            deadline_events);

  // The day off to add: the first working day after the earliest due date, so that it lies inside the running
  // deadline of 25 working days (the province's) and after the due date of those of 10 (the unit's, the commune's).
  const std::vector<RunningDeadline> running = Running();
  ASSERT_GE(running.size(), 2u);
  absl::CivilDay earliest_due = running[0].due;
  for (const RunningDeadline& d : running) earliest_due = std::min(earliest_due, d.due);
  const workflow::calendar::WorkingDayCalendar& before = scheduler.calendar()->calendar();
  const absl::CivilDay day_off = *before.AddWorkingDays(earliest_due, 1);
  std::vector<std::string> moved, kept;
  for (const RunningDeadline& d : running) (d.received < day_off && day_off <= d.due ? moved : kept).push_back(d.dossier_id);
  ASSERT_FALSE(moved.empty());
  ASSERT_FALSE(kept.empty());

  const std::string reader = TokenOf("nv.tinh");  // the province's standing body sees every level's timers
  std::map<std::string, std::vector<std::string>> timers_before;
  for (const RunningDeadline& d : running) timers_before[d.dossier_id] = PendingTimers(scheduler, reader, d.dossier_id);

  // The system administrator adds the day off to its year.
  auto calendar = v1::CalendarService::NewStub(grpc::CreateChannel(absl::StrCat("127.0.0.1:", dossier_port_),
                                                                    grpc::InsecureChannelCredentials()));
  const std::string admin = TokenOf("quantri");
  v1::GetCalendarResponse stored;
  ASSERT_TRUE(calendar->GetCalendar(Bearer(admin).get(), {}, &stored).ok());
  v1::SetCalendarYearRequest change;
  change.set_request_id("scheduler-calendar-test");
  change.set_expected_calendar_version(stored.calendar().version());
  change.mutable_arrangement()->set_year(static_cast<int>(day_off.year()));
  for (const v1::YearArrangement& y : stored.calendar().years()) {
    if (y.year() == day_off.year()) *change.mutable_arrangement() = y;
  }
  v1::DayOffPeriod* extra = change.mutable_arrangement()->add_days_off();
  *extra->mutable_first() = common::ToProtoDate(day_off);
  extra->set_note("nghỉ thêm (thử nghiệm)");
  change.set_reason_vi("thử nghiệm: nghỉ thêm một ngày");
  v1::SetCalendarYearResponse changed;
  const grpc::Status status = calendar->SetCalendarYear(Bearer(admin).get(), change, &changed);
  ASSERT_TRUE(status.ok()) << status.error_message();

  // The running scheduler swaps its calendar and re-plans the moved dossiers for their new due dates.
  for (int i = 0; i < 600 && scheduler.calendar()->version() < 2; ++i) absl::SleepFor(absl::Milliseconds(50));
  ASSERT_EQ(scheduler.calendar()->version(), 2);
  EXPECT_FALSE(*scheduler.calendar()->calendar().IsWorkingDay(day_off));
  for (const std::string& id : moved) {
    const RunningDeadline old = *std::find_if(running.begin(), running.end(),
                                              [&](const RunningDeadline& d) { return d.dossier_id == id; });
    const absl::CivilDay new_due = *scheduler.calendar()->calendar().AddWorkingDays(old.due, 1);
    const std::string wanted = absl::StrCat("DUE_TODAY ", base::FormatIsoDate(new_due), " (due ",
                                            base::FormatIsoDate(new_due), ")");
    std::vector<std::string> now;
    for (int i = 0; i < 600; ++i) {
      now = PendingTimers(scheduler, reader, id);
      if (std::find(now.begin(), now.end(), wanted) != now.end()) break;
      absl::SleepFor(absl::Milliseconds(50));
    }
    EXPECT_THAT(now, ::testing::Contains(wanted)) << id;
    for (const std::string& timer : now) {
      EXPECT_THAT(timer, ::testing::EndsWith(absl::StrCat("(due ", base::FormatIsoDate(new_due), ")"))) << id;
    }
    EXPECT_EQ(Query1(absl::StrCat("SELECT due_date::text FROM dossier.deadline WHERE state = 'RUNNING' AND "
                                  "dossier_id = '", id, "'")),
              base::FormatIsoDate(new_due));
  }
  // The others keep their due date (and their dossier version), but the reminder of their first overdue working
  // day, which was the new day off, moves to the next working day (the CALENDAR_CHANGED re-plan).
  const std::string overdue_before = absl::StrCat("OVERDUE ", base::FormatIsoDate(day_off));
  const std::string overdue_after =
      absl::StrCat("OVERDUE ", base::FormatIsoDate(*scheduler.calendar()->calendar().AddWorkingDays(day_off, 1)));
  for (const std::string& id : kept) {
    const RunningDeadline old = *std::find_if(running.begin(), running.end(),
                                              [&](const RunningDeadline& d) { return d.dossier_id == id; });
    const std::string due = absl::StrCat("(due ", base::FormatIsoDate(old.due), ")");
    EXPECT_THAT(timers_before[id], ::testing::Contains(absl::StrCat(overdue_before, " ", due))) << id;
    std::vector<std::string> now;
    for (int i = 0; i < 600; ++i) {
      now = PendingTimers(scheduler, reader, id);
      if (std::find(now.begin(), now.end(), absl::StrCat(overdue_after, " ", due)) != now.end()) break;
      absl::SleepFor(absl::Milliseconds(50));
    }
    EXPECT_THAT(now, ::testing::Contains(absl::StrCat(overdue_after, " ", due))) << id;
    EXPECT_EQ(now.size(), timers_before[id].size()) << id;
    for (const std::string& timer : now) EXPECT_THAT(timer, ::testing::EndsWith(due)) << id;
  }
  // Of the running deadlines, exactly the moved ones were recalculated (the paused ones of the demo's returned
  // dossiers are recalculated by their own rule, counted by the dossier service's tests).
  std::vector<std::string> running_ids;
  for (const RunningDeadline& d : running) running_ids.push_back("'" + d.dossier_id + "'");
  EXPECT_EQ(std::stoll(Query1(absl::StrCat("SELECT count(*) FROM dossier.event WHERE type = 'RECALCULATE_DEADLINE' "
                                           "AND dossier_id IN (", absl::StrJoin(running_ids, ","), ")"))),
            static_cast<long long>(moved.size()));
}

}  // namespace
}  // namespace tdkt::scheduler
