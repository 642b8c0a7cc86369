#include "services/campaign/plan_seeder.h"

#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/campaign/campaign_rules.h"
#include "services/campaign/campaign_store.h"
#include "services/campaign/campaign_writes.h"
#include "services/campaign/plan_campaign.h"

namespace tdkt::campaign {
namespace {

absl::Status InPlan(const std::string& plan_id, const absl::Status& status) {
  return absl::Status(status.code(), absl::StrCat("kế hoạch ", plan_id, " (data/plans): ", status.message()));
}

absl::StatusOr<std::string> IdOf(const OrgLookup& orgs, const std::string& code, absl::CivilDay day) {
  absl::StatusOr<std::string> id = orgs.IdOfCode(code, day);
  if (absl::IsNotFound(id.status())) {
    return absl::NotFoundError(absl::StrCat("không có đơn vị mã ", code, " trong danh bạ vào ngày đầu kế hoạch"));
  }
  return id;
}

}  // namespace

absl::StatusOr<SeedResult> SeedPlans(common::PgPool& pool, const OrgLookup& orgs,
                                     const workflow::catalog::Catalog& catalog, const base::Clock& clock,
                                     const std::string& data_dir) {
  TDKT_ASSIGN_OR_RETURN(const std::vector<tdkt::v1::PlanSpec> plans, LoadPlanSpecs(data_dir));
  SeedResult result;
  for (const tdkt::v1::PlanSpec& plan : plans) {
    bool loaded = false;
    TDKT_RETURN_IF_ERROR(pool.InTransaction([&](pqxx::work& txn) {
      loaded = CampaignStore::PlanLoaded(txn, plan.id());
      return absl::OkStatus();
    }));
    if (loaded) {
      result.unchanged.push_back(plan.id());
      continue;
    }
    tdkt::v1::Campaign campaign = CampaignFromPlan(plan);
    if (plan.issuer_org_code().empty()) {
      return InPlan(plan.id(), absl::InvalidArgumentError("thiếu mã đơn vị ban hành (issuer_org_code)"));
    }
    const absl::CivilDay first_day = PeriodStart(campaign);
    absl::StatusOr<std::string> issuer = IdOf(orgs, plan.issuer_org_code(), first_day);
    if (!issuer.ok()) return InPlan(plan.id(), issuer.status());
    campaign.set_issuing_org_id(*issuer);
    if (!plan.covers_org_code().empty()) {
      absl::StatusOr<std::string> covers = IdOf(orgs, plan.covers_org_code(), first_day);
      if (!covers.ok()) return InPlan(plan.id(), covers.status());
      campaign.set_covers_org_id(*covers);
    }
    if (absl::Status status = CheckCampaign(campaign, catalog); !status.ok()) return InPlan(plan.id(), status);
    absl::StatusOr<NewCampaign> prepared = PrepareNewCampaign(campaign, orgs, clock.Now());
    if (!prepared.ok()) return InPlan(plan.id(), prepared.status());
    TDKT_RETURN_IF_ERROR(pool.InTransaction([&](pqxx::work& txn) {
      // Another replica seeding at the same time: the plan_id is unique, the second insert waits and then fails;
      // checked again here so that it just finds the plan loaded.
      if (CampaignStore::PlanLoaded(txn, plan.id())) return absl::OkStatus();
      InsertNewCampaign(txn, *prepared, kSeedCreator);
      return absl::OkStatus();
    }));
    result.loaded.push_back(plan.id());
  }
  spdlog::info("campaign: plans loaded as campaigns: {} new, {} already loaded", result.loaded.size(),
               result.unchanged.size());
  return result;
}

}  // namespace tdkt::campaign
