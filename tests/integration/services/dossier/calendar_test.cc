// The working-day calendar as operational data, in the dossier service: seeded once from data/holidays/, changed
// only by the system administrator through CalendarService.SetCalendarYear (idempotent, version-checked, refused
// whole when wrong), audited, and followed by the recomputation of exactly the open deadlines the change moves —
// each once, with its history entry and deadline event — and by the other replicas without a restart.
#include <gmock/gmock.h>

#include <map>

#include "services/dossier/calendar_store.h"
#include "tdkt/v1/calendar.grpc.pb.h"
#include "tdkt/v1/events.pb.h"
#include "tests/integration/services/dossier/journey_fixture.h"
#include "workflow/vietnam_time.h"

namespace tdkt::dossier {
namespace {

namespace v1 = tdkt::v1;
using ::testing::HasSubstr;

absl::Time At(absl::CivilDay day, int hour = 8) {
  return absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), hour, 0, 0),
                         workflow::VietnamTimeZone());
}

std::string DayOf(const v1::Date& date) {
  return absl::StrCat(date.year(), "-", date.month() < 10 ? "0" : "", date.month(), "-", date.day() < 10 ? "0" : "",
                      date.day());
}

class CalendarTest : public DossierJourney {
 protected:
  void SetUp() override {
    DossierJourney::SetUp();
    calendar_ = v1::CalendarService::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(server_->bound_port()), grpc::InsecureChannelCredentials()));
  }

  std::unique_ptr<grpc::ClientContext> AsAdmin() { return AsPerson("quantri", {{Role::kAdmin, "*"}}); }

  v1::Calendar Stored() {
    v1::GetCalendarResponse response;
    const grpc::Status status = calendar_->GetCalendar(As(Role::kSubmitter, "U").get(), {}, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.calendar();
  }

  // The stored 2026 with one more period off.
  v1::YearArrangement Year2026With(absl::CivilDay first, absl::CivilDay last, const std::string& note) {
    v1::YearArrangement year;
    const v1::Calendar stored = Stored();
    for (const v1::YearArrangement& y : stored.years()) {
      if (y.year() == 2026) year = y;
    }
    v1::DayOffPeriod* extra = year.add_days_off();
    *extra->mutable_first() = D(static_cast<int>(first.year()), first.month(), first.day());
    *extra->mutable_last() = D(static_cast<int>(last.year()), last.month(), last.day());
    extra->set_note(note);
    return year;
  }

  grpc::Status SetYear(const v1::YearArrangement& year, int64_t expected_version, const std::string& request_id,
                       std::unique_ptr<grpc::ClientContext> context, v1::SetCalendarYearResponse* response) {
    v1::SetCalendarYearRequest request;
    request.set_request_id(request_id);
    request.set_expected_calendar_version(expected_version);
    *request.mutable_arrangement() = year;
    request.set_reason_vi("Thông báo thử nghiệm: nghỉ thêm ngày 27/3/2026");
    return calendar_->SetCalendarYear(context.get(), request, response);
  }

  // Everything a refused change must leave as it was.
  std::string CalendarState() {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    std::string state;
    for (const char* sql : {"SELECT version FROM dossier.calendar_state",
                            "SELECT count(*) FROM dossier.calendar_change",
                            "SELECT string_agg(year || ':' || md5(arrangement), ',' ORDER BY year) FROM dossier.calendar_year",
                            "SELECT count(*) FROM dossier.outbox", "SELECT count(*) FROM dossier.event"}) {
      absl::StrAppend(&state, work.exec1(sql)[0].c_str(), "|");
    }
    return state;
  }

  // The dossier's deadline events written after outbox id `after`, as "TYPE due".
  std::vector<std::string> DeadlineEventsAfter(const std::string& dossier_id, int64_t after) {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    std::vector<std::string> out;
    for (const auto& row : work.exec_params(
             "SELECT envelope FROM dossier.outbox WHERE dossier_id = $1 AND id > $2 ORDER BY id", dossier_id, after)) {
      v1::EventEnvelope envelope;
      EXPECT_TRUE(envelope.ParseFromString(pqxx::binarystring(row[0]).str()));
      const v1::DeadlineChanged& d =
          envelope.type() == v1::EVENT_TYPE_DEADLINE_PAUSED ? envelope.deadline_paused() : envelope.deadline_set();
      out.push_back(absl::StrCat(v1::EventType_Name(envelope.type()).substr(11), " ", DayOf(d.due_date()), " v",
                                 d.calendar_version()));
    }
    return out;
  }

  // The due date of the dossier's live (running or paused) deadline as stored: the API shows none for a paused one.
  std::string LiveDue(const std::string& dossier_id) {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    return work
        .exec_params1("SELECT due_date::text FROM dossier.deadline WHERE dossier_id = $1 AND state IN ('RUNNING', "
                      "'PAUSED')",
                      dossier_id)[0]
        .as<std::string>();
  }

  int64_t LastOutboxId() {
    pqxx::connection connection(url_);
    pqxx::work work(connection);
    return work.exec1("SELECT coalesce(max(id), 0) FROM dossier.outbox")[0].as<int64_t>();
  }

  // A dossier at U submitted on `day` (08:00), its id.
  std::string SubmittedOn(absl::CivilDay day) {
    clock_.Set(At(day));
    Start();
    Submit();
    return id_;
  }

  std::unique_ptr<v1::CalendarService::Stub> calendar_;
};

TEST_F(CalendarTest, IsSeededOnceFromDataHolidays) {
  const v1::Calendar calendar = Stored();
  EXPECT_EQ(calendar.version(), 1);
  ASSERT_EQ(calendar.years_size(), 3);
  EXPECT_EQ(calendar.years(0).year(), 2024);
  EXPECT_EQ(calendar.years(2).year(), 2026);
  EXPECT_EQ(calendar.optional_holidays().holidays_size(), 1);
  EXPECT_EQ(Count("calendar_change", "changed_by = '' AND previous_version = 0 AND version = 1"), 3);
  EXPECT_EQ(server_->calendar()->version(), 1);

  // Seeding again — a second replica starting, or a restart — changes nothing.
  const std::string before = CalendarState();
  EXPECT_FALSE(*CalendarStore(pool_.get()).Seed(*workflow::loader::LoadHolidayFiles(TDKT_SOURCE_DATA_DIR "/holidays"),
                                                clock_.Now()));
  auto replica = DossierServer::Create({.data_dir = TDKT_SOURCE_DATA_DIR, .pii_key = pii_key_},
                                       {.pool = pool_.get(), .clock = &clock_, .verifier = verifier_.get(),
                                        .org_directory = &directory_});
  ASSERT_TRUE(replica.ok()) << replica.status();
  EXPECT_EQ(CalendarState(), before);
}

TEST_F(CalendarTest, ADayOffMovesExactlyTheOpenDeadlinesThatSpanItOnce) {
  // Two deadlines that end before Friday 27/3/2026 …
  const std::string early = SubmittedOn(absl::CivilDay(2026, 3, 2));    // due Monday 16/3
  const std::string early2 = SubmittedOn(absl::CivilDay(2026, 3, 4));   // due Wednesday 18/3
  // … and three that span it: two running, one paused (returned for supplement the next day).
  const std::string running = SubmittedOn(absl::CivilDay(2026, 3, 16));   // due Monday 30/3
  const std::string running2 = SubmittedOn(absl::CivilDay(2026, 3, 16));  // due Monday 30/3
  const std::string paused = SubmittedOn(absl::CivilDay(2026, 3, 16));
  Accept("U");
  clock_.Set(At(absl::CivilDay(2026, 3, 17)));
  v1::ReturnForSupplementRequest back;
  back.set_reason_vi("Thiếu xác nhận của Thủ trưởng đơn vị");
  Do<v1::ReturnForSupplementRequest, v1::ReturnForSupplementResponse>(&Stub::ReturnForSupplement, back,
                                                                      As(Role::kAppraiser, "U"));
  CreateAt("U");  // a draft: no deadline at all
  for (const std::string& id : {running, running2, paused}) ASSERT_EQ(LiveDue(id), "2026-03-30") << id;
  const int64_t before_change = LastOutboxId();
  const long long events_before = Count("event");
  std::map<std::string, int64_t> versions;
  for (const std::string& id : {early, early2, running, running2, paused}) versions[id] = Get(id).dossier().version();

  // The administrator adds Friday 27/3 as a day off.
  v1::SetCalendarYearResponse response;
  ASSERT_TRUE(SetYear(Year2026With(absl::CivilDay(2026, 3, 27), absl::CivilDay(2026, 3, 27), "nghỉ thêm (thử nghiệm)"),
                      1, "calendar-change-1", AsAdmin(), &response)
                  .ok());
  EXPECT_EQ(response.change().version(), 2);
  EXPECT_EQ(server_->calendar()->version(), 2) << "the replica that made the change counts with it at once";
  const absl::StatusOr<RecalculationCounts> first = server_->CatchUpCalendar();
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->recomputed, 3);
  EXPECT_EQ(first->confirmed, 2);
  EXPECT_EQ(first->deferred, 0);

  // The three that span it: due Tuesday 31/3, one transition each with its history entry and deadline event.
  for (const std::string& id : {running, running2, paused}) {
    const v1::GetDossierResponse after = Get(id);
    EXPECT_EQ(LiveDue(id), "2026-03-31") << id;
    EXPECT_EQ(after.dossier().version(), versions[id] + 1) << id;
    const v1::HistoryEntry& last = after.history(after.history_size() - 1);
    EXPECT_EQ(last.action(), v1::DOSSIER_ACTION_RECALCULATE_DEADLINE);
    EXPECT_THAT(last.note_vi(), HasSubstr("hạn xử lý được tính lại do thay đổi lịch nghỉ: 2026-03-30 → 2026-03-31"));
    EXPECT_EQ(last.actor().service(), "calendar");
    v1::VerifyHistoryRequest verify;
    verify.set_dossier_id(id);
    v1::VerifyHistoryResponse verified;
    ASSERT_TRUE(stub_->VerifyHistory(As(Role::kAppraiser, "U").get(), verify, &verified).ok());
    EXPECT_TRUE(verified.intact()) << verified.problem_vi();
  }
  EXPECT_THAT(DeadlineEventsAfter(running, before_change), ::testing::ElementsAre("DEADLINE_SET 2026-03-31 v2"));
  EXPECT_THAT(DeadlineEventsAfter(running2, before_change), ::testing::ElementsAre("DEADLINE_SET 2026-03-31 v2"));
  // A paused clock stays paused: its new due date travels as DEADLINE_PAUSED.
  EXPECT_THAT(DeadlineEventsAfter(paused, before_change), ::testing::ElementsAre("DEADLINE_PAUSED 2026-03-31 v2"));
  // The two that end before it: not touched (same version, no history entry, no event), only confirmed.
  EXPECT_EQ(LiveDue(early), "2026-03-16");
  EXPECT_EQ(LiveDue(early2), "2026-03-18");
  for (const std::string& id : {early, early2}) {
    EXPECT_EQ(Get(id).dossier().version(), versions[id]) << id;
    EXPECT_THAT(DeadlineEventsAfter(id, before_change), ::testing::IsEmpty()) << id;
  }
  EXPECT_EQ(Count("event") - events_before, 3);
  EXPECT_EQ(Count("event", "type = 'RECALCULATE_DEADLINE'"), 3);
  EXPECT_EQ(Count("outbox", absl::StrCat("id > ", before_change, " AND type = 'EVENT_TYPE_CALENDAR_CHANGED'")), 1);
  EXPECT_EQ(Count("deadline", "state IN ('RUNNING', 'PAUSED') AND calendar_version < 2"), 0);

  // Running the recomputation again changes nothing more.
  const absl::StatusOr<RecalculationCounts> second = server_->CatchUpCalendar();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->recomputed + second->confirmed + second->deferred, 0);
  EXPECT_EQ(Count("event") - events_before, 3);
  EXPECT_EQ(LastOutboxId(), before_change + 4);  // CALENDAR_CHANGED and three deadline events
}

TEST_F(CalendarTest, AnInterruptedRecomputationResumesWithoutDoingAnyDossierTwice) {
  const std::string a = SubmittedOn(absl::CivilDay(2026, 3, 16));
  const std::string b = SubmittedOn(absl::CivilDay(2026, 3, 16));
  v1::SetCalendarYearResponse response;
  ASSERT_TRUE(SetYear(Year2026With(absl::CivilDay(2026, 3, 27), absl::CivilDay(2026, 3, 27), "nghỉ thêm"), 1,
                      "calendar-change-1", AsAdmin(), &response)
                  .ok());
  // A pass that stopped after its first dossier (a crash): that one is done …
  ASSERT_TRUE(server_->runner()
                  .RecalculateDeadline(a, Get(a).dossier().version(), server_->calendar(), "hạn xử lý được tính lại")
                  .ok());
  // … and the same call for the same state again is a replay: nothing more.
  EXPECT_TRUE(server_->runner()
                  .RecalculateDeadline(a, Get(a).dossier().version() - 1, server_->calendar(), "hạn xử lý được tính lại")
                  .ok());
  EXPECT_EQ(Count("event", "type = 'RECALCULATE_DEADLINE'"), 1);
  // The next pass does the rest.
  const absl::StatusOr<RecalculationCounts> resumed = server_->CatchUpCalendar();
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_EQ(resumed->recomputed, 1);
  EXPECT_EQ(Count("event", "type = 'RECALCULATE_DEADLINE'"), 2);
  EXPECT_EQ(Count("event", absl::StrCat("type = 'RECALCULATE_DEADLINE' AND dossier_id = '", a, "'")), 1);
  EXPECT_EQ(Count("event", absl::StrCat("type = 'RECALCULATE_DEADLINE' AND dossier_id = '", b, "'")), 1);
}

TEST_F(CalendarTest, OnlyTheSystemAdministratorChangesTheCalendarAndBadChangesChangeNothing) {
  const v1::YearArrangement good =
      Year2026With(absl::CivilDay(2026, 3, 27), absl::CivilDay(2026, 3, 27), "nghỉ thêm (thử nghiệm)");
  const std::string before = CalendarState();
  v1::SetCalendarYearResponse response;
  // Not the system administrator: an administrator of the province, a service account holding ADMIN at "*".
  grpc::Status status = SetYear(good, 1, "calendar-change-1", AsPerson("qt.tinh", {{Role::kAdmin, "P"}}), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(status.error_message(), HasSubstr("Chỉ quản trị hệ thống"));
  status = SetYear(good, 1, "calendar-change-1",
                   WithToken(Token("svc-x", {{Role::kAdmin, "*"}}, std::string("svc-x"))), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(SetYear(good, 1, "calendar-change-1", WithToken(""), &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(CalendarState(), before);

  // A stale expected version.
  status = SetYear(good, 7, "calendar-change-2", AsAdmin(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_THAT(status.error_message(), HasSubstr("phiên bản hiện tại 1"));
  EXPECT_EQ(CalendarState(), before);

  // Wrong arrangements, each refused whole with the field and the reason in Vietnamese.
  struct Bad {
    v1::YearArrangement year;
    std::string expected;
  };
  std::vector<Bad> bad;
  bad.push_back({Year2026With(absl::CivilDay(2026, 2, 20), absl::CivilDay(2026, 2, 23), "nghỉ thêm"),
                 "trùng với đợt «Tết Nguyên đán Bính Ngọ» 2026-02-14..2026-02-22 (overlapping periods)"});
  bad.push_back({good, "không phải thứ Bảy hay Chủ nhật"});
  bad.back().year.add_make_up_working_days()->mutable_date()->CopyFrom(D(2026, 3, 26));  // a Thursday
  bad.push_back({Year2026With(absl::CivilDay(2026, 12, 31), absl::CivilDay(2027, 1, 1), "Tết Dương lịch 2027"),
                 "days_off[3].last: ngày 2027-01-01 nằm ngoài năm 2026"});
  bad.push_back({Year2026With(absl::CivilDay(2026, 3, 27), absl::CivilDay(2026, 3, 27), " "),
                 "days_off[3].note: đợt nghỉ 2026-03-27 chưa có tên"});
  for (size_t i = 0; i < bad.size(); ++i) {
    status = SetYear(bad[i].year, 1, absl::StrCat("calendar-bad-", i), AsAdmin(), &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << i;
    EXPECT_THAT(status.error_message(), HasSubstr("Lịch nghỉ năm 2026 không hợp lệ")) << i;
    EXPECT_THAT(status.error_message(), HasSubstr(bad[i].expected)) << i;
  }
  EXPECT_EQ(CalendarState(), before);

  // The change, then its replay: the same response, one change only.
  ASSERT_TRUE(SetYear(good, 1, "calendar-change-3", AsAdmin(), &response).ok());
  const std::string after = CalendarState();
  v1::SetCalendarYearResponse replayed;
  ASSERT_TRUE(SetYear(good, 1, "calendar-change-3", AsAdmin(), &replayed).ok());
  EXPECT_EQ(replayed.SerializeAsString(), response.SerializeAsString());
  EXPECT_EQ(CalendarState(), after);
  EXPECT_EQ(Count("calendar_change", "version = 2"), 1);
  // The same request id for another change is another request.
  EXPECT_EQ(SetYear(Year2026With(absl::CivilDay(2026, 4, 28), absl::CivilDay(2026, 4, 28), "nghỉ thêm"), 2,
                    "calendar-change-3", AsAdmin(), &replayed)
                .error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  // Arranging the year as it already is: nothing to change.
  EXPECT_EQ(SetYear(good, 2, "calendar-change-4", AsAdmin(), &replayed).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(CalendarState(), after);

  // The audit: who, when, the versions, the year, the reason, before and after — newest first, admin only.
  v1::ListCalendarChangesRequest list;
  list.set_year(2026);
  v1::ListCalendarChangesResponse changes;
  EXPECT_EQ(calendar_->ListCalendarChanges(As(Role::kAdmin, "P").get(), list, &changes).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(calendar_->ListCalendarChanges(AsAdmin().get(), list, &changes).ok());
  ASSERT_EQ(changes.changes_size(), 2);  // this change, then the seeding
  const v1::CalendarChange& change = changes.changes(0);
  EXPECT_EQ(change.previous_version(), 1);
  EXPECT_EQ(change.version(), 2);
  EXPECT_EQ(change.year(), 2026);
  EXPECT_EQ(change.changed_by_person_id(), "quantri");
  EXPECT_EQ(change.changed_by_name(), FullName("quantri"));
  EXPECT_EQ(change.reason_vi(), "Thông báo thử nghiệm: nghỉ thêm ngày 27/3/2026");
  EXPECT_TRUE(change.had_previous_arrangement());
  EXPECT_EQ(change.previous_arrangement().days_off_size() + 1, change.arrangement().days_off_size());
  EXPECT_EQ(changes.changes(1).changed_by_person_id(), "");
  // Paged one at a time, the same two.
  list.mutable_page()->set_page_size(1);
  ASSERT_TRUE(calendar_->ListCalendarChanges(AsAdmin().get(), list, &changes).ok());
  ASSERT_EQ(changes.changes_size(), 1);
  list.mutable_page()->set_page_token(changes.page().next_page_token());
  v1::ListCalendarChangesResponse second_page;
  ASSERT_TRUE(calendar_->ListCalendarChanges(AsAdmin().get(), list, &second_page).ok());
  ASSERT_EQ(second_page.changes_size(), 1);
  EXPECT_EQ(second_page.changes(0).version(), 1);
}

TEST_F(CalendarTest, TheCalendarAlarmCountsAgainAfterAChange) {
  clock_.Set(At(absl::CivilDay(2026, 12, 1)));
  auto replica = DossierServer::Create({.data_dir = TDKT_SOURCE_DATA_DIR, .pii_key = pii_key_},
                                       {.pool = pool_.get(), .clock = &clock_, .verifier = verifier_.get(),
                                        .org_directory = &directory_});
  ASSERT_TRUE(replica.ok()) << replica.status();
  ASSERT_TRUE((*replica)->Start().ok());
  EXPECT_EQ((*replica)->calendar_uncovered_days(), 29) << "December 2026 looks into 2027, not yet arranged";
  EXPECT_THAT(log_.str(), HasSubstr("29 of the next 60 days fall in 2027 without an official holiday arrangement"));
  v1::YearArrangement year2027;
  year2027.set_year(2027);
  year2027.set_source("Thông báo thử nghiệm");
  v1::DayOffPeriod* new_year = year2027.add_days_off();
  *new_year->mutable_first() = D(2027, 1, 1);
  new_year->set_note("Tết Dương lịch");
  v1::SetCalendarYearResponse response;
  ASSERT_TRUE(SetYear(year2027, 1, "calendar-2027", AsAdmin(), &response).ok());
  ASSERT_TRUE((*replica)->CatchUpCalendar().ok());
  EXPECT_EQ((*replica)->calendar_uncovered_days(), 0);
  (*replica)->Shutdown();
}

// Two replicas on one database, each with its watcher LISTENing: a change made through one reaches the other
// without a restart.
class CalendarReplicasTest : public CalendarTest {
 protected:
  CalendarReplicasTest() {
    calendar_listens_ = true;
    calendar_poll_interval_ = absl::Minutes(10);  // only the notification can be in time
  }
};

TEST_F(CalendarReplicasTest, ASecondReplicaFollowsAChangeWithoutARestart) {
  auto replica = DossierServer::Create(
      {.data_dir = TDKT_SOURCE_DATA_DIR, .pii_key = pii_key_, .pg_url = url_,
       .calendar_poll_interval = absl::Minutes(10)},
      {.pool = pool_.get(), .clock = &clock_, .verifier = verifier_.get(), .org_directory = &directory_});
  ASSERT_TRUE(replica.ok()) << replica.status();
  ASSERT_TRUE((*replica)->Start().ok());
  const std::string id = SubmittedOn(absl::CivilDay(2026, 3, 16));
  ASSERT_EQ((*replica)->calendar()->version(), 1);
  EXPECT_TRUE(*(*replica)->calendar()->calendar().IsWorkingDay(absl::CivilDay(2026, 3, 27)));

  v1::SetCalendarYearResponse response;
  ASSERT_TRUE(SetYear(Year2026With(absl::CivilDay(2026, 3, 27), absl::CivilDay(2026, 3, 27), "nghỉ thêm"), 1,
                      "calendar-change-1", AsAdmin(), &response)
                  .ok());
  for (int i = 0; i < 200 && (*replica)->calendar()->version() < 2; ++i) absl::SleepFor(absl::Milliseconds(25));
  EXPECT_EQ((*replica)->calendar()->version(), 2);
  EXPECT_FALSE(*(*replica)->calendar()->calendar().IsWorkingDay(absl::CivilDay(2026, 3, 27)));
  // The watchers recompute the dossier too, once between them.
  for (int i = 0; i < 200 && DayOf(Get(id).dossier().deadline().due_date()) != "2026-03-31"; ++i) {
    absl::SleepFor(absl::Milliseconds(25));
  }
  EXPECT_EQ(DayOf(Get(id).dossier().deadline().due_date()), "2026-03-31");
  absl::SleepFor(absl::Milliseconds(300));
  EXPECT_EQ(Count("event", "type = 'RECALCULATE_DEADLINE'"), 1);
  (*replica)->Shutdown();
}

}  // namespace
}  // namespace tdkt::dossier
