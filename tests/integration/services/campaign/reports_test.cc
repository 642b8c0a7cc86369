// The reports end to end: the real dossier service (in process, on a fake clock in March 2024, the 4-level chain
// U → C → D → P) runs dossiers through the chain, its outbox relay publishes their events to the test's own stream
// on the test Redis, and the campaign service (CampaignServer, with the Phú Thọ 2024 plan and the others of
// data/plans seeded) keeps its read model from that stream in the consumer group campaign-reports. Every figure
// of GetReport is checked against what the test computes from the dossiers it created and what it did to them.
#include <map>
#include <set>

#include <gmock/gmock.h>

#include "absl/strings/str_split.h"
#include "services/campaign/campaign_server.h"
#include "services/common/proto_conversions.h"
#include "services/common/redis_streams.h"
#include "tdkt/v1/report.grpc.pb.h"
#include "tests/integration/services/dossier/journey_fixture.h"

namespace tdkt::campaign {
namespace {

namespace v1 = tdkt::v1;
using dossier::DossierJourney;
using workflow::Role;

absl::Time March2024(int day, int hour = 9) {
  return absl::FromCivil(absl::CivilSecond(2024, 3, day, hour, 0, 0), workflow::VietnamTimeZone());
}

// Mon–Fri days d with from < d <= to (March 2024 has no public holiday).
int WorkingDaysAfter(absl::CivilDay from, absl::CivilDay to) {
  int n = 0;
  for (absl::CivilDay d = from + 1; d <= to; ++d) {
    const absl::Weekday w = absl::GetWeekday(d);
    if (w != absl::Weekday::saturday && w != absl::Weekday::sunday) ++n;
  }
  return n;
}

// The dossier fixture's tree as the campaign service sees it, with the plans' directory codes.
class FixtureOrgs final : public OrgLookup {
 public:
  absl::StatusOr<std::vector<std::string>> Ancestors(const std::string& org, absl::CivilDay) const override {
    if (!parent_.contains(org)) return absl::NotFoundError("no such organisation");
    std::vector<std::string> out;
    for (std::string up = parent_.at(org); !up.empty(); up = parent_.at(up)) out.push_back(up);
    return out;
  }
  absl::StatusOr<std::string> IdOfCode(const std::string& code, absl::CivilDay) const override {
    if (code == "PT") return std::string("P");
    if (code == "PT-DONGTAN" || code == "PT-DONGLIEN") return std::string("C");
    return absl::NotFoundError("no such organisation");
  }

 private:
  const std::map<std::string, std::string> parent_{{"P", ""}, {"D", "P"}, {"C", "D"}, {"U", "C"}, {"U2", "C"}};
};

// What the test did to one dossier, from which it computes the expected figures.
struct Made {
  std::string award;
  v1::DossierState state = v1::DOSSIER_STATE_DRAFT;
  v1::OrgLevel level = v1::ORG_LEVEL_UNIT;
  bool individual = true, female = false, direct_worker = false, decided = false;
};
struct Appraisal {
  v1::OrgLevel level;
  int days;
  bool overdue;
};

class ReportsTest : public DossierJourney {
 protected:
  ReportsTest() : DossierJourney(March2024(4)) {  // Monday
    events_stream_ = absl::StrCat("test:reports:", ::testing::UnitTest::GetInstance()->current_test_info()->name(),
                                  ":", getpid());
  }

  void SetUp() override {
    common::RedisStreams redis(*common::ParseRedisUrl(testing::TestRedis().url()));
    ASSERT_TRUE(redis.Command({"DEL", events_stream_}).ok());
    DossierJourney::SetUp();
    for (const char* who : {"chair", "m1", "m2"}) directory_.AddPerson(Person(who, "D"), FullName(Person(who, "D")));
    directory_.SetCouncil("D", {Person("chair", "D"), Person("m1", "D"), Person("m2", "D")});
    StartCampaign();
  }
  void TearDown() override {
    campaign_.reset();
    DossierJourney::TearDown();
  }

  void StartCampaign() {
    CampaignConfig config;
    config.admin_listen = "";
    config.pg_url = url_;
    config.data_dir = TDKT_SOURCE_DATA_DIR;
    config.directory_addr = "127.0.0.1:1";  // never called: tree and keys are given
    config.scheduler_addr = "127.0.0.1:1";  // the plans' due dates wait for a scheduler that never comes
    config.seed_plans = true;
    config.redis_url = testing::TestRedis().url();
    config.stream = events_stream_;
    config.reports_consumer = "r1";
    CampaignDeps deps;
    deps.clock = &clock_;
    auth::PublicKeySet keys;
    ASSERT_TRUE(keys.Add(key_.PublicInfo()).ok());
    deps.token_keys = std::move(keys);
    deps.orgs = &orgs_;
    deps.scheduler_token = []() -> absl::StatusOr<std::string> { return absl::UnavailableError("no scheduler"); };
    auto server = CampaignServer::Create(config, std::move(deps));
    ASSERT_TRUE(server.ok()) << server.status();
    ASSERT_TRUE((*server)->Start().ok());
    campaign_ = *std::move(server);
    reports_ = v1::ReportService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", campaign_->grpc_port()), grpc::InsecureChannelCredentials()));
  }

  std::string Query1(const std::string& sql) {
    pqxx::connection c(url_);
    pqxx::work txn(c);
    const pqxx::result r = txn.exec(sql);
    return r.empty() || r[0][0].is_null() ? "" : r[0][0].as<std::string>();
  }

  // Waits until the read model has applied every dossier's last version.
  void WaitForReadModel() {
    const std::string behind =
        "SELECT count(*) FROM dossier.dossier d LEFT JOIN campaign.report_dossier r ON r.dossier_id = d.id "
        "WHERE r.applied_version IS DISTINCT FROM d.version";
    for (int i = 0; i < 300 && Query1(behind) != "0"; ++i) absl::SleepFor(absl::Milliseconds(100));
    ASSERT_EQ(Query1(behind), "0") << "the read model did not catch up";
  }

  // ---- the dossiers, and what the test expects of them ----

  absl::CivilDay Today() const { return workflow::VietnamDate(clock_.Now()); }

  // Earlier awards of a directory person, as an import of the award history would record them (the prior-award
  // rules at submit read them).
  void RecordEarlierAwards(const std::string& person_id, const std::string& award, int from_year, int to_year) {
    pqxx::connection c(url_);
    pqxx::work txn(c);
    txn.exec_params(
        "INSERT INTO dossier.award_history (subject_kind, subject_id, org_id, award_code, year, decision_number, "
        "decision_date, issuing_body, source, import_id, import_line, recorded_at, recorded_by) "
        "SELECT 'PERSON', $1, 'U', $2, y, 'QĐ-' || y, make_date(y, 12, 20), 'UBND huyện', 'IMPORT', 'test', "
        "y - $3 + 2, now(), 'test' FROM generate_series($3::int, $4::int) AS y",
        person_id, award, from_year, to_year);
    txn.commit();
  }

  void Create(const std::string& award, v1::NomineeKind kind, v1::Gender gender, v1::OccupationCategory occupation,
              const std::string& person_id = "") {
    v1::CreateDossierRequest request;
    request.set_request_id(NextRequestId());
    request.set_award_code(award);
    request.set_year(2024);
    request.set_origin_org_id("U");
    v1::Nominee* nominee = request.mutable_nominee();
    nominee->set_kind(kind);
    nominee->set_name(kind == v1::NOMINEE_KIND_INDIVIDUAL ? "Nguyễn Thị Hoa" : "Tổ Văn phòng");
    if (kind == v1::NOMINEE_KIND_INDIVIDUAL) {
      nominee->set_id_number(dossier::kNomineeIdNumber);
      nominee->set_birth_year(1985);
      nominee->set_gender(gender);
      nominee->set_person_id(person_id);
    } else {
      nominee->set_member_count(12);
    }
    nominee->set_occupation(occupation);
    v1::CreateDossierResponse response;
    const grpc::Status status = stub_->CreateDossier(As(Role::kSubmitter, "U").get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    id_ = response.dossier().id();
    AttachRequiredDocuments(id_, award, "U");
    version_ = Get(id_).dossier().version();
    Made& made = made_[id_];
    made.award = award;
    made.individual = kind == v1::NOMINEE_KIND_INDIVIDUAL;
    made.female = made.individual && gender == v1::GENDER_FEMALE;
    made.direct_worker = occupation == v1::OCCUPATION_CATEGORY_DIRECT_WORKER ||
                         occupation == v1::OCCUPATION_CATEGORY_FARMER ||
                         occupation == v1::OCCUPATION_CATEGORY_DIRECT_PRODUCER;
  }
  void Follow(const v1::Dossier& d) {
    made_[id_].state = d.state();
    made_[id_].level = d.current_level();
  }
  // The level's appraisal ends today: it counts with the working days since its receipt.
  void EndAppraisal(v1::OrgLevel level) {
    const int days = WorkingDaysAfter(received_[id_], Today());
    appraisals_.push_back({level, days, days > (level == v1::ORG_LEVEL_PROVINCE ? 25 : 10)});
  }
  void SubmitHere() {
    Follow(Submit());
    received_[id_] = Today();
  }
  // Accept, council, three yes votes, close: on to the next level (received today) or awaiting the decision.
  void Pass(const std::string& org, v1::OrgLevel level) {
    Follow(PassLevel(org));
    EndAppraisal(level);
    received_[id_] = Today();
  }
  void Decide(const std::string& org) {
    v1::DecideDossierRequest decide;
    decide.mutable_decision()->set_number("15/QĐ-UBND");
    *decide.mutable_decision()->mutable_date() = common::ToProtoDate(Today());
    decide.mutable_decision()->set_signer_name("Trần Văn Bình");
    Follow(Do<v1::DecideDossierRequest, v1::DecideDossierResponse>(&Stub::DecideDossier, decide,
                                                                   As(Role::kDecider, org)));
    ASSERT_EQ(made_[id_].state, v1::DOSSIER_STATE_DECIDED);
    made_[id_].decided = true;
  }

  v1::Report Report(const std::string& org, const std::string& campaign_id, Role role = Role::kAdmin,
                    const std::string& role_org = "P", grpc::StatusCode expected = grpc::StatusCode::OK) {
    v1::GetReportRequest request;
    request.set_org_id(org);
    request.set_campaign_id(campaign_id);
    v1::GetReportResponse response;
    const grpc::Status status = reports_->GetReport(As(role, role_org).get(), request, &response);
    EXPECT_EQ(status.error_code(), expected) << status.error_message();
    return response.report();
  }

  // Every figure of `report` (the province P over the Phú Thọ 2024 plan) against what the test did.
  void ExpectFigures(const v1::Report& report) {
    // Dossiers by state, level and award.
    std::map<std::tuple<int, int, std::string>, int64_t> expected_cells, got_cells;
    for (const auto& [id, m] : made_) expected_cells[{m.state, m.level, m.award}] += 1;
    for (const v1::DossierCount& c : report.dossiers()) got_cells[{c.state(), c.level(), c.award_code()}] = c.dossiers();
    EXPECT_EQ(got_cells, expected_cells);
    EXPECT_EQ(report.dossiers_total(), 8);
    EXPECT_EQ(report.from().month(), 1);
    EXPECT_EQ(report.until().month(), 12);
    EXPECT_EQ(report.until().day(), 31);

    // Awards decided, against the plan's targets.
    std::map<std::string, std::tuple<int64_t, int64_t, int64_t, int64_t>> expected_awards, got_awards;
    int64_t decided = 0, individuals = 0, women = 0, workers = 0;
    for (const auto& [id, m] : made_) {
      if (!m.decided) continue;
      auto& [n, ind, fem, work] = expected_awards[m.award];
      ++n, ++decided;
      ind += m.individual, individuals += m.individual;
      fem += m.female, women += m.female;
      work += m.direct_worker, workers += m.direct_worker;
    }
    for (const v1::AwardCount& a : report.awards()) {
      got_awards[a.award_code()] = {a.decided(), a.to_individuals(), a.to_women(), a.to_direct_workers()};
    }
    EXPECT_EQ(got_awards, expected_awards);
    EXPECT_EQ(report.awards_decided(), decided);
    EXPECT_EQ(decided, 4);  // two Bằng khen tỉnh, two Giấy khen
    ASSERT_EQ(report.targets_size(), 5);  // Phú Thọ 2024: data/plans/2024-phu-tho.textproto
    for (const v1::TargetProgress& t : report.targets()) {
      int64_t n = 0;
      for (const std::string& code : t.target().award_codes()) {
        n += expected_awards.contains(code) ? std::get<0>(expected_awards[code]) : 0;
      }
      EXPECT_EQ(t.decided(), n) << t.target().label_vi();
      EXPECT_EQ(t.reached(), n >= t.target().min()) << t.target().label_vi();
    }
    EXPECT_EQ(report.targets(4).decided(), 2);  // TAP_THE_LDXS + CSTD_TINH + BANG_KHEN_TINH
    EXPECT_FALSE(report.targets(4).reached());  // 1,500 wanted

    // Shares: workers, farmers and producers of every award (the Phú Thọ plan sets no rule); women of individuals.
    EXPECT_EQ(report.direct_worker_share().counted(), workers);
    EXPECT_EQ(report.direct_worker_share().of(), decided);
    EXPECT_DOUBLE_EQ(report.direct_worker_share().share(), static_cast<double>(workers) / decided);
    EXPECT_FALSE(report.direct_worker_share().has_rule());
    EXPECT_EQ(report.women_share().counted(), women);
    EXPECT_EQ(report.women_share().of(), individuals);
    EXPECT_EQ(workers, 3);
    EXPECT_EQ(women, 2);

    // Appraisals per level: count, overdue, average and 90th percentile (nearest rank) of the working days.
    std::map<int, std::vector<int>> days_of;
    std::map<int, int64_t> overdue_of;
    for (const Appraisal& a : appraisals_) {
      days_of[a.level].push_back(a.days);
      overdue_of[a.level] += a.overdue;
    }
    ASSERT_EQ(report.appraisals_size(), static_cast<int>(days_of.size()));
    for (const v1::LevelAppraisal& got : report.appraisals()) {
      std::vector<int> days = days_of[got.level()];
      std::sort(days.begin(), days.end());
      double sum = 0;
      for (int d : days) sum += d;
      const size_t rank = (days.size() * 9 + 9) / 10;
      EXPECT_EQ(got.appraisals(), static_cast<int64_t>(days.size())) << got.level();
      EXPECT_EQ(got.overdue(), overdue_of[got.level()]) << got.level();
      EXPECT_DOUBLE_EQ(got.average_working_days(), sum / days.size()) << got.level();
      EXPECT_EQ(got.p90_working_days(), days[rank - 1]) << got.level();
    }
    EXPECT_EQ(overdue_of[v1::ORG_LEVEL_DISTRICT], 1);
    EXPECT_EQ(days_of[v1::ORG_LEVEL_DISTRICT], (std::vector<int>{0, 0, 15}));

    // Complaints.
    EXPECT_EQ(report.complaints().received(), complaints_received_);
    EXPECT_EQ(report.complaints().resolved(), complaints_resolved_);

  }

  FixtureOrgs orgs_;
  std::unique_ptr<CampaignServer> campaign_;
  std::unique_ptr<v1::ReportService::Stub> reports_;
  std::map<std::string, Made> made_;
  std::map<std::string, absl::CivilDay> received_;
  std::vector<Appraisal> appraisals_;
  int complaints_received_ = 0, complaints_resolved_ = 0;
};

TEST_F(ReportsTest, EveryFigureOfTheProvinceReportMatchesWhatTheTestDid) {
  // 1–3: provincial certificates of merit (Bằng khen tỉnh) through all four levels, decided by the province.
  const std::vector<std::tuple<v1::Gender, v1::OccupationCategory>> nominees{
      {v1::GENDER_FEMALE, v1::OCCUPATION_CATEGORY_FARMER},
      {v1::GENDER_MALE, v1::OCCUPATION_CATEGORY_CIVIL_SERVANT},
      {v1::GENDER_FEMALE, v1::OCCUPATION_CATEGORY_DIRECT_WORKER}};
  std::string late;  // the second one waits at the district past its due date
  for (const auto& [gender, occupation] : nominees) {
    Create("BANG_KHEN_TINH", v1::NOMINEE_KIND_INDIVIDUAL, gender, occupation);
    SubmitHere();
    Pass("U", v1::ORG_LEVEL_UNIT);
    Pass("C", v1::ORG_LEVEL_COMMUNE);
    if (late.empty() && gender == v1::GENDER_MALE) {
      late = id_;
      continue;
    }
    Pass("D", v1::ORG_LEVEL_DISTRICT);
    Pass("P", v1::ORG_LEVEL_PROVINCE);
    ASSERT_EQ(made_[id_].state, v1::DOSSIER_STATE_AWAITING_DECISION);
    Decide("P");
  }
  // 4: a collective Giấy khen decided at the unit.
  Create("GIAY_KHEN", v1::NOMINEE_KIND_COLLECTIVE, v1::GENDER_UNSPECIFIED, v1::OCCUPATION_CATEGORY_UNSPECIFIED);
  SubmitHere();
  Pass("U", v1::ORG_LEVEL_UNIT);
  Decide("U");
  // 5: a farmer's Giấy khen rejected at the unit, a complaint reopens it, then it is decided.
  Create("GIAY_KHEN", v1::NOMINEE_KIND_INDIVIDUAL, v1::GENDER_MALE, v1::OCCUPATION_CATEGORY_FARMER);
  SubmitHere();
  Accept("U");
  v1::RejectDossierRequest reject;
  reject.set_reason_vi("Không đủ tiêu chuẩn");
  Follow(Do<v1::RejectDossierRequest, v1::RejectDossierResponse>(&Stub::RejectDossier, reject,
                                                                 As(Role::kAppraiser, "U")));
  ASSERT_EQ(made_[id_].state, v1::DOSSIER_STATE_REJECTED);
  EndAppraisal(v1::ORG_LEVEL_UNIT);
  clock_.Advance(absl::Hours(24));  // Tuesday
  v1::FileComplaintRequest complaint;
  complaint.set_text_vi("Đề nghị xem xét lại");
  Follow(Do<v1::FileComplaintRequest, v1::FileComplaintResponse>(&Stub::FileComplaint, complaint,
                                                                 As(Role::kSubmitter, "U")));
  ASSERT_EQ(made_[id_].state, v1::DOSSIER_STATE_UNDER_REVIEW);
  ++complaints_received_;
  received_[id_] = Today();
  clock_.Advance(absl::Hours(24));  // Wednesday: the reopened appraisal took a working day
  SendToCouncil("U");
  const v1::Dossier opened = OpenVote("U");
  for (const char* member : {"chair", "m1", "m2"}) Cast(member, "U", opened.vote().vote_id(), v1::VOTE_CHOICE_YES);
  Follow(CloseVote("U", opened.vote().vote_id()));
  EndAppraisal(v1::ORG_LEVEL_UNIT);
  Decide("U");
  ++complaints_resolved_;
  // 6: a woman's provincial emulation fighter title returned for supplement at the district (its clock paused).
  // The title needs the CSTĐCS of the three years before (data/awards/): she holds them.
  RecordEarlierAwards("hoa", "CSTD_CO_SO", 2021, 2023);
  Create("CSTD_TINH", v1::NOMINEE_KIND_INDIVIDUAL, v1::GENDER_FEMALE, v1::OCCUPATION_CATEGORY_CIVIL_SERVANT, "hoa");
  SubmitHere();
  Pass("U", v1::ORG_LEVEL_UNIT);
  Pass("C", v1::ORG_LEVEL_COMMUNE);
  Accept("D");
  v1::ReturnForSupplementRequest ret;
  ret.set_reason_vi("Thiếu báo cáo thành tích");
  Follow(Do<v1::ReturnForSupplementRequest, v1::ReturnForSupplementResponse>(&Stub::ReturnForSupplement, ret,
                                                                             As(Role::kAppraiser, "D")));
  ASSERT_EQ(made_[id_].state, v1::DOSSIER_STATE_RETURNED_FOR_SUPPLEMENT);
  // 7: a collective's excellent-labour title left as a draft; 8: a provincial flag withdrawn after submission.
  Create("TAP_THE_LDXS", v1::NOMINEE_KIND_COLLECTIVE, v1::GENDER_UNSPECIFIED, v1::OCCUPATION_CATEGORY_UNSPECIFIED);
  const std::string draft = id_;
  Create("CO_THI_DUA_TINH", v1::NOMINEE_KIND_COLLECTIVE, v1::GENDER_UNSPECIFIED,
         v1::OCCUPATION_CATEGORY_UNSPECIFIED);
  SubmitHere();
  v1::WithdrawDossierRequest withdraw;
  withdraw.set_reason_vi("Đơn vị rút hồ sơ");
  Follow(Do<v1::WithdrawDossierRequest, v1::WithdrawDossierResponse>(&Stub::WithdrawDossier, withdraw,
                                                                     As(Role::kSubmitter, "U")));
  ASSERT_EQ(made_[id_].state, v1::DOSSIER_STATE_WITHDRAWN);
  EndAppraisal(v1::ORG_LEVEL_UNIT);
  // Back to the late one: the scheduler escalates it the first working day after its due date (Monday 18 March,
  // 10 working days after Monday 4 March), then the district passes it on Monday 25 March — 15 working days, one
  // overdue appraisal (counted once, though both the escalation and the late end say so).
  id_ = late;
  version_ = Get(id_).dossier().version();
  const v1::Dossier waiting = Get(id_).dossier();
  ASSERT_EQ(waiting.deadline().due_date().day(), 18);
  clock_.Set(March2024(19, 8));
  v1::EscalateDossierRequest escalate;
  escalate.set_level(v1::ORG_LEVEL_DISTRICT);
  *escalate.mutable_deadline_due_date() = waiting.deadline().due_date();
  escalate.set_overdue_working_days(1);
  escalate.set_request_id("timer-late-1");
  escalate.set_dossier_id(id_);
  v1::EscalateDossierResponse escalated;
  const grpc::Status status = stub_->EscalateDossier(
      WithToken(Token("svc-scheduler", {}, std::string(dossier::kSchedulerService))).get(), escalate, &escalated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  version_ = escalated.dossier().version();
  clock_.Set(March2024(25));
  Pass("D", v1::ORG_LEVEL_DISTRICT);
  ASSERT_EQ(made_[id_].state, v1::DOSSIER_STATE_SUBMITTED);
  ASSERT_EQ(made_[id_].level, v1::ORG_LEVEL_PROVINCE);

  WaitForReadModel();
  const std::string campaign_id = Query1("SELECT id FROM campaign.campaign WHERE plan_id = 'phu-tho-2024'");
  ASSERT_FALSE(campaign_id.empty());
  const v1::Report report = Report("P", campaign_id);
  ExpectFigures(report);

  // The same events delivered again (a relay that re-published, a consumer that crashed before XACK) change
  // nothing: every entry of the stream is appended once more, then one new event (the draft withdrawn), and once
  // the read model has applied that one it has been through the copies before it.
  common::RedisStreams redis(*common::ParseRedisUrl(testing::TestRedis().url()));
  auto entries = redis.XRevRange(events_stream_, "+", "-", 100000);
  ASSERT_TRUE(entries.ok());
  std::vector<common::StreamFields> again;
  for (auto it = entries->rbegin(); it != entries->rend(); ++it) again.push_back(it->fields);
  ASSERT_TRUE(redis.XAddAll(events_stream_, again).ok());
  id_ = draft;
  version_ = Get(id_).dossier().version();
  Follow(Do<v1::WithdrawDossierRequest, v1::WithdrawDossierResponse>(&Stub::WithdrawDossier, withdraw,
                                                                     As(Role::kSubmitter, "U")));
  ASSERT_EQ(made_[id_].state, v1::DOSSIER_STATE_WITHDRAWN);
  WaitForReadModel();
  ExpectFigures(Report("P", campaign_id));
}

TEST_F(ReportsTest, CallersSeeOnlyTheirSubtreeAndTheCsvOpensInExcel) {
  Create("GIAY_KHEN", v1::NOMINEE_KIND_INDIVIDUAL, v1::GENDER_FEMALE, v1::OCCUPATION_CATEGORY_FARMER);
  SubmitHere();
  Pass("U", v1::ORG_LEVEL_UNIT);
  Decide("U");
  WaitForReadModel();
  const auto ask = [&](const std::string& org, Role role, const std::string& role_org, v1::GetReportResponse* out) {
    v1::GetReportRequest request;
    request.set_org_id(org);
    request.set_from_month("2024-03");
    request.set_until_month("2024-03");
    return reports_->GetReport(As(role, role_org).get(), request, out).error_code();
  };
  v1::GetReportResponse got;
  EXPECT_EQ(ask("U", Role::kSubmitter, "U", &got), grpc::StatusCode::OK);
  EXPECT_EQ(got.report().dossiers_total(), 1);
  EXPECT_EQ(got.report().awards_decided(), 1);
  EXPECT_EQ(ask("C", Role::kAppraiser, "C", &got), grpc::StatusCode::OK);
  EXPECT_EQ(got.report().awards_decided(), 1);
  EXPECT_EQ(ask("U2", Role::kSubmitter, "U2", &got), grpc::StatusCode::OK);  // its own subtree: nothing
  EXPECT_EQ(got.report().dossiers_total(), 0);
  EXPECT_EQ(ask("P", Role::kSubmitter, "U2", &got), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ask("U", Role::kSubmitter, "U2", &got), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ask("NOWHERE", Role::kAdmin, "P", &got), grpc::StatusCode::NOT_FOUND);

  v1::GetReportRequest bad_month;
  bad_month.set_org_id("P");
  bad_month.set_from_month("2024-3");
  bad_month.set_until_month("2024-03");
  grpc::Status status = reports_->GetReport(As(Role::kAdmin, "P").get(), bad_month, &got);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("NNNN-TT"));

  v1::DownloadReportCsvRequest csv_request;
  csv_request.mutable_report()->set_org_id("P");
  csv_request.mutable_report()->set_from_month("2024-01");
  csv_request.mutable_report()->set_until_month("2024-12");
  auto context = As(Role::kAdmin, "P");
  auto reader = reports_->DownloadReportCsv(context.get(), csv_request);
  v1::DownloadReportCsvResponse part;
  ASSERT_TRUE(reader->Read(&part));
  EXPECT_EQ(part.file().file_name(), "bao-cao-P-2024-01-2024-12.csv");
  EXPECT_EQ(part.file().content_type(), "text/csv; charset=utf-8");
  std::string text;
  while (reader->Read(&part)) text += part.chunk();
  status = reader->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(text.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_EQ(text.substr(3, text.find("\r\n") - 3), "Nhóm,Cấp,Trạng thái,Danh hiệu / hình thức,Chỉ tiêu,Giá trị");
  EXPECT_THAT(text, ::testing::HasSubstr("\r\nKhen thưởng đã quyết định,,,GIAY_KHEN,Cho nữ,1\r\n"));
  EXPECT_THAT(text, ::testing::HasSubstr("\r\nHồ sơ,cấp cơ sở,Đã có quyết định,GIAY_KHEN,Số hồ sơ,1\r\n"));
  for (size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1)) {
    ASSERT_EQ(text[at - 1], '\r') << "a line ends without CR at byte " << at;
  }
}

}  // namespace
}  // namespace tdkt::campaign
