// The plans of data/plans as campaigns: document references, the shipped plans passing the campaign rules with
// what the seeds say (Phú Thọ's rounds and review, Đồng Tân's registrations before 15/02/2024).
#include "services/campaign/plan_campaign.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "services/campaign/campaign_rules.h"
#include "workflow/loader/catalog_loader.h"

namespace tdkt::campaign {
namespace {

TEST(PlanCampaignTest, DocumentReferencesSplitIntoNumberAndDate) {
  const DocumentReference phu_tho = ParseDocumentReference("210/KH-UBND ngày 15/01/2024");
  EXPECT_EQ(phu_tho.number, "210/KH-UBND");
  ASSERT_TRUE(phu_tho.date.has_value());
  EXPECT_EQ(*phu_tho.date, absl::CivilDay(2024, 1, 15));
  EXPECT_EQ(ParseDocumentReference("26/KH-UBND ngày 10/3/2021").date, absl::CivilDay(2021, 3, 10));
  for (const char* text : {"Kế hoạch (không ghi số)", "210/KH-UBND ngày 31/02/2024", "210/KH-UBND", ""}) {
    EXPECT_EQ(ParseDocumentReference(text).number, "") << text;
    EXPECT_FALSE(ParseDocumentReference(text).date.has_value()) << text;
  }
  EXPECT_EQ(PlanCampaignId("phu-tho-2024"), PlanCampaignId("phu-tho-2024"));
  EXPECT_NE(PlanCampaignId("phu-tho-2024"), PlanCampaignId("dong-tan-2024"));
}

TEST(PlanCampaignTest, TheShippedPlansAreValidCampaigns) {
  absl::StatusOr<workflow::catalog::Catalog> catalog = workflow::loader::LoadCatalog(TDKT_SOURCE_DATA_DIR);
  ASSERT_TRUE(catalog.ok()) << catalog.status();
  absl::StatusOr<std::vector<tdkt::v1::PlanSpec>> plans = LoadPlanSpecs(TDKT_SOURCE_DATA_DIR);
  ASSERT_TRUE(plans.ok()) << plans.status();
  std::map<std::string, tdkt::v1::Campaign> campaigns;
  for (const tdkt::v1::PlanSpec& plan : *plans) {
    tdkt::v1::Campaign campaign = CampaignFromPlan(plan);
    EXPECT_FALSE(plan.issuer_org_code().empty()) << plan.id();
    campaign.set_issuing_org_id(plan.issuer_org_code());
    EXPECT_TRUE(CheckCampaign(campaign, *catalog).ok()) << plan.id() << ": " << CheckCampaign(campaign, *catalog);
    campaigns[plan.id()] = campaign;
  }
  ASSERT_TRUE(campaigns.contains("phu-tho-2024"));
  const tdkt::v1::Campaign& phu_tho = campaigns["phu-tho-2024"];
  EXPECT_EQ(phu_tho.document_number(), "210/KH-UBND");
  ASSERT_EQ(phu_tho.rounds_size(), 2);
  EXPECT_EQ(PeriodEnd(phu_tho), absl::CivilDay(2024, 12, 31));
  EXPECT_EQ(DueOn(phu_tho, tdkt::v1::PLAN_DUE_KIND_SIX_MONTH_REVIEW), absl::CivilDay(2024, 7, 31));
  ASSERT_TRUE(campaigns.contains("dong-tan-2024"));
  EXPECT_EQ(DueOn(campaigns["dong-tan-2024"], tdkt::v1::PLAN_DUE_KIND_REGISTRATION), absl::CivilDay(2024, 2, 14))
      << "before 15/02/2024";
  EXPECT_TRUE(campaigns["dong-lien-2021"].has_direct_worker_share());
}

}  // namespace
}  // namespace tdkt::campaign
