#pragma once
// The plans under data/plans/ (tdkt.v1.PlanFile) as the campaigns they describe, for the campaign service's
// --seed-plans step: what the file says, with the organisations still as directory codes (the server resolves
// them on the plan's first day).
//
//   TDKT_ASSIGN_OR_RETURN(std::vector<tdkt::v1::PlanSpec> plans, LoadPlanSpecs(data_dir));
//   tdkt::v1::Campaign campaign = CampaignFromPlan(plans[0]);  // id = PlanCampaignId(plan id)
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "tdkt/v1/campaign.pb.h"
#include "tdkt/v1/plan.pb.h"

namespace tdkt::campaign {

// Every plan of `data_dir`/plans/*.textproto, in file-name order; errors name the file and line.
absl::StatusOr<std::vector<tdkt::v1::PlanSpec>> LoadPlanSpecs(const std::string& data_dir);

// A document reference as plans write it: "210/KH-UBND ngày 15/01/2024" → {"210/KH-UBND", 2024-01-15}. Text in
// another form (an unnumbered plan) gives an empty number and no date.
struct DocumentReference {
  std::string number;
  std::optional<absl::CivilDay> date;
};
DocumentReference ParseDocumentReference(std::string_view text);

// "cp-" and 24 hex digits of SHA-256("plan\n" + plan id): the same plan is the same campaign on every load.
std::string PlanCampaignId(const std::string& plan_id);

// The campaign of `plan`: id, plan_id, document number and date, names, theme, period, rounds, targets, share and
// due dates. issuing_org_id and covers_org_id are left empty (PlanSpec.issuer_org_code and covers_org_code are
// codes, not ids).
tdkt::v1::Campaign CampaignFromPlan(const tdkt::v1::PlanSpec& plan);

}  // namespace tdkt::campaign
