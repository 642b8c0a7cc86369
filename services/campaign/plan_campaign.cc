#include "services/campaign/plan_campaign.h"

#include <regex>

#include "absl/strings/numbers.h"
#include "base/sha256.h"
#include "base/status_macros.h"
#include "services/common/proto_conversions.h"
#include "workflow/loader/catalog_loader.h"
#include "workflow/loader/text_proto_file.h"

namespace tdkt::campaign {

absl::StatusOr<std::vector<tdkt::v1::PlanSpec>> LoadPlanSpecs(const std::string& data_dir) {
  TDKT_ASSIGN_OR_RETURN(const std::vector<std::string> files, workflow::loader::TextProtoFilesIn(data_dir + "/plans"));
  std::vector<tdkt::v1::PlanSpec> plans;
  for (const std::string& path : files) {
    tdkt::v1::PlanFile file;
    TDKT_RETURN_IF_ERROR(workflow::loader::ParseTextProtoFile(path, &file));
    for (const tdkt::v1::PlanSpec& plan : file.plans()) plans.push_back(plan);
  }
  return plans;
}

DocumentReference ParseDocumentReference(std::string_view text) {
  static const std::regex kReference(R"(^\s*(\S+)\s+ngày\s+(\d{1,2})/(\d{1,2})/(\d{4})\s*$)");
  std::match_results<std::string_view::const_iterator> match;
  DocumentReference reference;
  if (!std::regex_match(text.begin(), text.end(), match, kReference)) return reference;
  int day = 0, month = 0, year = 0;
  if (!absl::SimpleAtoi(match[2].str(), &day) || !absl::SimpleAtoi(match[3].str(), &month) ||
      !absl::SimpleAtoi(match[4].str(), &year)) {
    return reference;
  }
  const absl::CivilDay date(year, month, day);
  if (date.year() != year || date.month() != month || date.day() != day) return reference;  // 31/02 normalises
  reference.number = match[1].str();
  reference.date = date;
  return reference;
}

std::string PlanCampaignId(const std::string& plan_id) {
  return "cp-" + base::Sha256Hex("plan\n" + plan_id).substr(0, 24);
}

tdkt::v1::Campaign CampaignFromPlan(const tdkt::v1::PlanSpec& plan) {
  tdkt::v1::Campaign campaign;
  campaign.set_id(PlanCampaignId(plan.id()));
  campaign.set_plan_id(plan.id());
  const DocumentReference reference = ParseDocumentReference(plan.document_vi());
  campaign.set_document_number(reference.number);
  if (reference.date) *campaign.mutable_document_date() = common::ToProtoDate(*reference.date);
  campaign.set_name_vi(plan.name_vi());
  campaign.set_theme_vi(plan.theme_vi());
  campaign.set_issuer_vi(plan.issuer_vi());
  if (plan.has_valid_from()) *campaign.mutable_valid_from() = plan.valid_from();
  if (plan.has_valid_until()) *campaign.mutable_valid_until() = plan.valid_until();
  *campaign.mutable_rounds() = plan.rounds();
  *campaign.mutable_targets() = plan.targets();
  if (plan.has_direct_worker_share()) *campaign.mutable_direct_worker_share() = plan.direct_worker_share();
  for (const tdkt::v1::PlanDueDateSpec& due : plan.due_dates()) *campaign.add_due_dates()->mutable_due() = due;
  return campaign;
}

}  // namespace tdkt::campaign
