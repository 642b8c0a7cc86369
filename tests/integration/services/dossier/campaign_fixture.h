#pragma once
// CampaignFixture: the award history fixture with the REAL campaign service (CampaignServer, as tdkt-campaign
// builds it) in process on the test's database (schema `campaign`) and clock, reading the same organisation tree
// and trusting the same token key; the dossier service asks it for plan targets as its service account
// ("svc-dossier"). The tree gains a council at U2, so that dossiers from U2 pass its vote too.
//
//   const tdkt::v1::Campaign plan = CreatePlan("C", "C", 2026, {Target("TAP_THE_LDTT", 5)});
//   StartCollective("U", 2026);
//   ToAwaitingDecisionFrom("U");
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "services/campaign/campaign_server.h"
#include "tdkt/v1/campaign.grpc.pb.h"
#include "tests/integration/services/dossier/award_fixture.h"

namespace tdkt::dossier {

class CampaignFixture : public AwardHistoryFixture {
 protected:
  // campaign::OrgLookup over the fixture's in-memory tree (organisation ids are their codes).
  class TreeLookup final : public campaign::OrgLookup {
   public:
    explicit TreeLookup(const InMemoryOrgDirectory& tree) : tree_(tree) {}
    absl::StatusOr<std::vector<std::string>> Ancestors(const std::string& org_id,
                                                       absl::CivilDay as_of) const override {
      return tree_.Ancestors(org_id, as_of);
    }
    absl::StatusOr<std::string> IdOfCode(const std::string& code, absl::CivilDay as_of) const override {
      if (!tree_.LevelOf(code, as_of).ok()) return absl::NotFoundError("no such organisation");
      return code;
    }

   private:
    const InMemoryOrgDirectory& tree_;
  };

  void StartNeighbours() override {
    for (const char* who : {"chair", "m1", "m2"}) directory_.AddPerson(Person(who, "U2"), FullName(Person(who, "U2")));
    directory_.SetCouncil("U2", {Person("chair", "U2"), Person("m1", "U2"), Person("m2", "U2")});
    campaign::CampaignConfig config;
    config.admin_listen = "";
    config.pg_url = url_;
    config.grpc_threads = 32;  // sixteen racing decisions ask it at once (beyond its threads: RESOURCE_EXHAUSTED)
    config.data_dir = TDKT_SOURCE_DATA_DIR;
    config.directory_addr = "127.0.0.1:1";  // never called: the tree and the keys are given
    config.scheduler_addr = "127.0.0.1:1";  // never called: the plans here have no due dates
    campaign::CampaignDeps deps;
    deps.clock = &clock_;
    auth::PublicKeySet keys;
    ASSERT_TRUE(keys.Add(key_.PublicInfo()).ok());
    deps.token_keys = std::move(keys);
    deps.orgs = &tree_lookup_;
    deps.scheduler_token = []() -> absl::StatusOr<std::string> { return absl::UnavailableError("no scheduler"); };
    auto server = campaign::CampaignServer::Create(config, std::move(deps));
    ASSERT_TRUE(server.ok()) << server.status();
    ASSERT_TRUE((*server)->Start().ok());
    campaign_server_ = *std::move(server);
    campaign_address_ = "127.0.0.1:" + std::to_string(campaign_server_->grpc_port());
    campaigns_ = tdkt::v1::CampaignService::NewStub(
        grpc::CreateChannel(campaign_address_, grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    AwardHistoryFixture::TearDown();
    campaign_server_.reset();
  }
  void StopCampaignService() { campaign_server_.reset(); }

  static tdkt::v1::AwardTargetSpec Target(const std::string& award, int max, const std::string& label) {
    tdkt::v1::AwardTargetSpec target;
    target.set_label_vi(label);
    target.add_award_codes(award);
    target.set_min(0);
    target.set_max(max);
    return target;
  }

  // A plan for `year` issued by `issuer` for the subtree of `covers`, created by an ADMIN of the issuer.
  // With `registration_due`, registrations after it are late.
  tdkt::v1::Campaign CreatePlan(const std::string& issuer, const std::string& covers, int year,
                                const std::vector<tdkt::v1::AwardTargetSpec>& targets,
                                std::optional<tdkt::v1::Date> registration_due = std::nullopt) {
    tdkt::v1::CreateCampaignRequest request;
    request.set_request_id(NextRequestId());
    tdkt::v1::Campaign* c = request.mutable_campaign();
    c->set_name_vi("Kế hoạch thi đua năm " + std::to_string(year) + " của xã Đồng Tân");
    c->set_document_number("15/KH-UBND");
    *c->mutable_document_date() = D(year, 1, 10);
    c->set_issuer_vi("UBND xã Đồng Tân");
    c->set_issuing_org_id(issuer);
    c->set_covers_org_id(covers);
    *c->mutable_valid_from() = D(year, 1, 1);
    *c->mutable_valid_until() = D(year, 12, 31);
    for (const auto& target : targets) *c->add_targets() = target;
    if (registration_due) {
      tdkt::v1::PlanDueDateSpec* due = c->add_due_dates()->mutable_due();
      due->set_kind(tdkt::v1::PLAN_DUE_KIND_REGISTRATION);
      *due->mutable_due_on() = *registration_due;
    }
    tdkt::v1::CreateCampaignResponse response;
    const grpc::Status status = campaigns_->CreateCampaign(As(Role::kAdmin, issuer).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.campaign();
  }

  // The plan's targets replaced (UpdateCampaign at its version, as an ADMIN of its issuer).
  tdkt::v1::Campaign SetTargets(const tdkt::v1::Campaign& plan, const std::vector<tdkt::v1::AwardTargetSpec>& targets) {
    tdkt::v1::UpdateCampaignRequest request;
    request.set_request_id(NextRequestId());
    request.set_expected_version(plan.version());
    *request.mutable_campaign() = plan;
    request.mutable_campaign()->clear_targets();
    for (const auto& target : targets) *request.mutable_campaign()->add_targets() = target;
    tdkt::v1::UpdateCampaignResponse response;
    const grpc::Status status =
        campaigns_->UpdateCampaign(As(Role::kAdmin, plan.issuing_org_id()).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.campaign();
  }

  // A dossier of the collective title TAP_THE_LDTT (no cap, no rule on earlier awards; decided at C) for `year`,
  // proposed by `origin` for itself (nominee.org_id = origin), referring to `registration_id`, its documents
  // attached; id_ and version_ follow it.
  void StartCollective(const std::string& origin, int year, const std::string& award = "TAP_THE_LDTT",
                       const std::string& registration_id = "") {
    tdkt::v1::CreateDossierRequest request;
    request.set_request_id(NextRequestId());
    request.set_registration_id(registration_id);
    request.set_award_code(award);
    request.set_year(year);
    request.set_origin_org_id(origin);
    tdkt::v1::Nominee* nominee = request.mutable_nominee();
    nominee->set_kind(tdkt::v1::NOMINEE_KIND_COLLECTIVE);
    nominee->set_name(origin == "U" ? "Trường Tiểu học Đồng Tân" : "Trường Mầm non Đồng Tân");
    nominee->set_org_id(origin);
    tdkt::v1::CreateDossierResponse response;
    const grpc::Status status = stub_->CreateDossier(As(Role::kSubmitter, origin).get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    AttachRequiredDocuments(response.dossier().id(), award, origin);
    id_ = response.dossier().id();
    version_ = Get(id_, Role::kSubmitter, origin).dossier().version();
  }

  // Submitted by `origin`, through its council and C's: AWAITING_DECISION at C.
  void ToAwaitingDecisionFrom(const std::string& origin) {
    Do<tdkt::v1::SubmitDossierRequest, tdkt::v1::SubmitDossierResponse>(&Stub::SubmitDossier, {},
                                                                         As(Role::kSubmitter, origin));
    PassLevel(origin);
    const tdkt::v1::Dossier d = PassLevel("C");
    ASSERT_EQ(d.state(), tdkt::v1::DOSSIER_STATE_AWAITING_DECISION);
  }

  // `org` registers itself (a collective nominee, org_id = org) for `award` in the plan, as its submitter.
  tdkt::v1::Registration RegisterUnit(const tdkt::v1::Campaign& plan, const std::string& org,
                                      const std::string& award = "TAP_THE_LDTT") {
    tdkt::v1::RegisterRequest request;
    request.set_request_id(NextRequestId());
    tdkt::v1::Registration* r = request.mutable_registration();
    r->set_campaign_id(plan.id());
    r->set_org_id(org);
    r->mutable_nominee()->set_kind(tdkt::v1::NOMINEE_KIND_COLLECTIVE);
    r->mutable_nominee()->set_name(org == "U" ? "Trường Tiểu học Đồng Tân" : "Trường Mầm non Đồng Tân");
    r->mutable_nominee()->set_org_id(org);
    r->add_award_codes(award);
    r->set_pledge_vi("Hoàn thành xuất sắc nhiệm vụ năm học");
    tdkt::v1::RegisterResponse response;
    const grpc::Status status = campaigns_->Register(As(Role::kSubmitter, org).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.registration();
  }

  // DecideDossier on the current dossier by C's decider.
  grpc::Status DecideAtC(const std::string& number) {
    tdkt::v1::DecideDossierRequest request = Decision(number);
    request.set_request_id(NextRequestId());
    request.set_dossier_id(id_);
    request.set_expected_version(version_);
    tdkt::v1::DecideDossierResponse response;
    const grpc::Status status = stub_->DecideDossier(As(Role::kDecider, "C").get(), request, &response);
    if (status.ok()) version_ = response.dossier().version();
    return status;
  }

  TreeLookup tree_lookup_{directory_};
  std::unique_ptr<campaign::CampaignServer> campaign_server_;
  std::unique_ptr<tdkt::v1::CampaignService::Stub> campaigns_;
};

}  // namespace tdkt::dossier
