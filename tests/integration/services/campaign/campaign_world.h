#pragma once
// The campaign service and the REAL scheduler in one test process, on real PostgreSQL and Redis (tests/support):
// CampaignServer and SchedulerServer exactly as their binaries build them, on one fake clock (January 2024, the
// period of the plans in data/plans), sharing a test signing key for tokens and the demo directory's tree
// (data/demo/organizations.csv, organisation codes as ids, as of any day: Đồng Tân under Thanh Sơn until
// 2025-06-30). The scheduler can be stopped and started again on the same port, to see the handoff wait for it.
// The campaign service calls the scheduler as the service account "campaign", as in production.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "base/clock.h"
#include "base/iso_date.h"
#include "services/auth/access_token.h"
#include "services/auth/signing_key.h"
#include "services/campaign/campaign_server.h"
#include "services/campaign/plan_campaign.h"
#include "services/common/proto_conversions.h"
#include "services/common/redis_streams.h"
#include "services/scheduler/scheduler_server.h"
#include "tdkt/v1/campaign.grpc.pb.h"
#include "tdkt/v1/scheduler.grpc.pb.h"
#include "tests/support/child_process.h"
#include "tests/support/servers_environment.h"
#include "workflow/vietnam_time.h"

namespace tdkt::campaign {

// `hour`:00 Asia/Ho_Chi_Minh on `day`.
inline absl::Time AtLocal(absl::CivilDay day, int hour = 10) {
  return absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), hour, 0, 0),
                         workflow::VietnamTimeZone());
}

// The demo directory's organisations (data/demo/organizations.csv) with their codes as ids, for both services.
class DemoOrgTree final : public OrgLookup, public scheduler::OrgTree {
 public:
  DemoOrgTree() {
    std::ifstream in(std::string(TDKT_SOURCE_DATA_DIR) + "/demo/organizations.csv");
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      const std::vector<std::string> f = absl::StrSplit(line, ',');
      if (f.size() < 6) continue;
      Row row{f[0], f[2], f[3], *base::ParseIsoDate(f[4]), std::nullopt};
      if (!f[5].empty()) row.until = *base::ParseIsoDate(f[5]);
      rows_.push_back(row);
    }
  }

  absl::StatusOr<std::vector<std::string>> Ancestors(const std::string& org, absl::CivilDay day) const override {
    const Row* row = Find(org, day);
    if (row == nullptr) return absl::NotFoundError("no such organisation");
    std::vector<std::string> out;
    for (const Row* up = Find(row->parent, day); up != nullptr; up = Find(up->parent, day)) out.push_back(up->code);
    return out;
  }
  absl::StatusOr<std::string> IdOfCode(const std::string& code, absl::CivilDay day) const override {
    if (Find(code, day) == nullptr) return absl::NotFoundError("no such organisation");
    return code;
  }
  absl::StatusOr<std::vector<std::string>> Subtree(const std::string& root, absl::CivilDay day,
                                                   int level) const override {
    if (Find(root, day) == nullptr) return absl::NotFoundError("no such organisation");
    std::vector<std::string> out;
    for (const Row& row : rows_) {
      if (!row.ValidOn(day)) continue;
      const std::vector<std::string> above = *Ancestors(row.code, day);
      if (row.code != root && std::find(above.begin(), above.end(), root) == above.end()) continue;
      if (level != 0 && LevelOf(row.level) != level) continue;
      out.push_back(row.code);
    }
    return out;
  }

 private:
  struct Row {
    std::string code, level, parent;
    absl::CivilDay from;
    std::optional<absl::CivilDay> until;
    bool ValidOn(absl::CivilDay day) const { return day >= from && (!until || day <= *until); }
  };
  static int LevelOf(const std::string& level) {
    const std::map<std::string, int> levels{{"UNIT", 1}, {"COMMUNE", 2}, {"DISTRICT", 3}, {"PROVINCE", 4}};
    return levels.at(level);
  }
  const Row* Find(const std::string& code, absl::CivilDay day) const {
    for (const Row& row : rows_) {
      if (row.code == code && row.ValidOn(day)) return &row;
    }
    return nullptr;
  }
  std::vector<Row> rows_;
};

class CampaignWorld : public ::testing::Test {
 protected:
  CampaignWorld()
      : clock_(AtLocal(absl::CivilDay(2024, 1, 20))),
        key_(*auth::SigningKey::Generate(clock_.Now() - absl::Hours(24 * 365))) {
    EXPECT_TRUE(keys_.Add(key_.PublicInfo()).ok());
  }

  void SetUp() override {
    url_ = testing::NewDatabase();
    stream_ = absl::StrCat("test:campaign:", ::testing::UnitTest::GetInstance()->current_test_info()->name());
    common::RedisStreams redis(*common::ParseRedisUrl(testing::TestRedis().url()));
    ASSERT_TRUE(redis.Command({"DEL", stream_}).ok());
    scheduler_port_ = testing::FreeLocalPort();
    StartScheduler();
    StartCampaign();
  }
  void TearDown() override {
    campaign_server_.reset();
    scheduler_server_.reset();
  }

  // ---- the two services ----

  void StartScheduler() {
    scheduler::SchedulerConfig config;
    config.listen = absl::StrCat("127.0.0.1:", scheduler_port_);
    config.admin_listen = "";
    config.pg_url = url_;
    config.redis_url = testing::TestRedis().url();
    config.data_dir = TDKT_SOURCE_DATA_DIR;
    config.stream = stream_;
    config.consumer_name = "s1";
    config.escalate = false;
    config.directory_addr = "127.0.0.1:1";  // never called: the tree and the keys are given
    scheduler::SchedulerDeps deps;
    deps.clock = &clock_;
    deps.claim_clock = scheduler::ClaimClock::kInjected;
    deps.max_sleep = absl::Milliseconds(200);
    deps.token_keys = keys_;
    deps.org_tree = &tree_;
    auto server = scheduler::SchedulerServer::Create(config, std::move(deps));
    ASSERT_TRUE(server.ok()) << server.status();
    // The port of a scheduler stopped a moment ago may still be held by the kernel for a short while.
    absl::Status started;
    for (int i = 0; i < 50; ++i) {
      started = (*server)->Start();
      if (started.ok()) break;
      absl::SleepFor(absl::Milliseconds(100));
    }
    ASSERT_TRUE(started.ok()) << started;
    scheduler_server_ = *std::move(server);
    scheduler_ = tdkt::v1::SchedulerService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", scheduler_port_), grpc::InsecureChannelCredentials()));
  }
  void StopScheduler() { scheduler_server_.reset(); }

  CampaignConfig Config() const {
    CampaignConfig config;
    config.admin_listen = "127.0.0.1:0";
    config.pg_url = url_;
    config.data_dir = TDKT_SOURCE_DATA_DIR;
    config.directory_addr = "127.0.0.1:1";  // never called: tree, keys and the scheduler's token are given
    config.scheduler_addr = absl::StrCat("127.0.0.1:", scheduler_port_);
    config.handoff_first_backoff = absl::Milliseconds(100);
    config.handoff_max_backoff = absl::Milliseconds(400);
    return config;
  }
  void StartCampaign() {
    CampaignDeps deps;
    deps.clock = &clock_;
    deps.token_keys = keys_;
    deps.orgs = &tree_;
    deps.scheduler_token = [this]() -> absl::StatusOr<std::string> {
      auto issued = auth::IssueAccessToken({"p-svc-campaign", {}, std::string("campaign")}, key_, clock_);
      if (!issued.ok()) return issued.status();
      return issued->token;
    };
    deps.handoff_poll = absl::Milliseconds(200);
    auto server = CampaignServer::Create(Config(), std::move(deps));
    ASSERT_TRUE(server.ok()) << server.status();
    ASSERT_TRUE((*server)->Start().ok());
    campaign_server_ = *std::move(server);
    campaign_ = tdkt::v1::CampaignService::NewStub(grpc::CreateChannel(
        absl::StrCat("127.0.0.1:", campaign_server_->grpc_port()), grpc::InsecureChannelCredentials()));
  }

  void SetDay(absl::CivilDay day, int hour = 10) { clock_.Set(AtLocal(day, hour)); }

  // ---- callers ----

  // A person's bearer context with one role at one organisation (a demo code).
  std::unique_ptr<grpc::ClientContext> As(const std::string& person, workflow::Role role, const std::string& org) {
    auto issued = auth::IssueAccessToken({person, {{role, org}}, std::nullopt}, key_, clock_);
    EXPECT_TRUE(issued.ok()) << issued.status();
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + issued->token);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    return context;
  }
  auto Province() { return As("p-nv-tinh", workflow::Role::kAppraiser, "PT"); }
  auto DongTanOffice() { return As("p-vp-dongtan", workflow::Role::kAppraiser, "PT-DONGTAN"); }
  auto SchoolSubmitter() { return As("p-vt-thdt", workflow::Role::kSubmitter, "PT-DONGTAN-THDT"); }

  // ---- what the services hold ----

  long long Count(const std::string& table, const std::string& where = "true") {
    pqxx::connection c(url_);
    pqxx::work txn(c);
    return txn.exec1(absl::StrCat("SELECT count(*) FROM ", table, " WHERE ", where))[0].as<long long>();
  }
  std::string Query1(const std::string& sql) {
    pqxx::connection c(url_);
    pqxx::work txn(c);
    const pqxx::row r = txn.exec1(sql);
    return r[0].is_null() ? "" : r[0].as<std::string>();
  }
  void Exec(const std::string& sql) {
    pqxx::connection c(url_);
    pqxx::work txn(c);
    txn.exec(sql);
    txn.commit();
  }
  // Waits up to `timeout` (real time) until `done` holds; its last value.
  template <typename Predicate>
  bool WaitUntil(Predicate done, absl::Duration timeout = absl::Seconds(20)) {
    const absl::Time give_up = absl::Now() + timeout;
    while (absl::Now() < give_up) {
      if (done()) return true;
      absl::SleepFor(absl::Milliseconds(20));
    }
    return done();
  }
  // Waits until no handoff is pending.
  bool HandoffsSettle(absl::Duration timeout = absl::Seconds(20)) {
    return WaitUntil([&] { return Count("campaign.handoff", "state = 1") == 0; }, timeout);
  }

  tdkt::v1::Campaign Get(const std::string& id) {
    tdkt::v1::GetCampaignRequest request;
    request.set_campaign_id(id);
    tdkt::v1::GetCampaignResponse response;
    const grpc::Status status = campaign_->GetCampaign(Province().get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.campaign();
  }
  // A copy: the campaign is often a temporary.
  static std::optional<tdkt::v1::CampaignDueDate> DueOf(const tdkt::v1::Campaign& c, tdkt::v1::PlanDueKind kind) {
    for (const auto& due : c.due_dates()) {
      if (due.due().kind() == kind) return due;
    }
    return std::nullopt;
  }

  // Loads data/plans and waits for the handoffs it queued.
  SeedResult Seed() {
    absl::StatusOr<SeedResult> seeded = campaign_server_->SeedPlans();
    EXPECT_TRUE(seeded.ok()) << seeded.status();
    campaign_server_->handoff_worker().Wake();
    EXPECT_TRUE(HandoffsSettle());
    return seeded.value_or(SeedResult{});
  }
  static std::string DongTan2024() { return PlanCampaignId("dong-tan-2024"); }
  static std::string PhuTho2024() { return PlanCampaignId("phu-tho-2024"); }

  // A registration of `nominee_name` (a collective: the unit itself, or an individual) for `codes`.
  tdkt::v1::RegisterRequest Registration(const std::string& request_id, const std::string& campaign_id,
                                         const std::string& org, const std::string& nominee_name,
                                         std::vector<std::string> codes,
                                         tdkt::v1::NomineeKind kind = tdkt::v1::NOMINEE_KIND_COLLECTIVE) {
    tdkt::v1::RegisterRequest request;
    request.set_request_id(request_id);
    tdkt::v1::Registration* r = request.mutable_registration();
    r->set_campaign_id(campaign_id);
    r->set_org_id(org);
    r->mutable_nominee()->set_kind(kind);
    r->mutable_nominee()->set_name(nominee_name);
    for (const std::string& code : codes) r->add_award_codes(code);
    r->set_pledge_vi("Phấn đấu hoàn thành xuất sắc nhiệm vụ năm 2024");
    return request;
  }

  // The scheduler's pending reminders for the organisations of `subtree` from `from`, 60 days on.
  std::vector<std::string> RemindedOrgs(const std::string& subtree, absl::CivilDay from) {
    tdkt::v1::ListUpcomingRemindersRequest request;
    request.set_org_subtree_id(subtree);
    *request.mutable_from() = common::ToProtoDate(from);
    *request.mutable_until() = common::ToProtoDate(from + 60);
    request.mutable_page()->set_page_size(200);
    tdkt::v1::ListUpcomingRemindersResponse response;
    const grpc::Status status = scheduler_->ListUpcomingReminders(
        As("p-vp-dongtan", workflow::Role::kAppraiser, subtree).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> orgs;
    for (const auto& timer : response.timers()) {
      if (std::find(orgs.begin(), orgs.end(), timer.org_id()) == orgs.end()) orgs.push_back(timer.org_id());
    }
    std::sort(orgs.begin(), orgs.end());
    return orgs;
  }

  base::FakeClock clock_;
  auth::SigningKey key_;
  auth::PublicKeySet keys_;
  DemoOrgTree tree_;
  std::string url_;
  std::string stream_;
  int scheduler_port_ = 0;
  std::unique_ptr<scheduler::SchedulerServer> scheduler_server_;
  std::unique_ptr<CampaignServer> campaign_server_;
  std::unique_ptr<tdkt::v1::SchedulerService::Stub> scheduler_;
  std::unique_ptr<tdkt::v1::CampaignService::Stub> campaign_;
};

}  // namespace tdkt::campaign
