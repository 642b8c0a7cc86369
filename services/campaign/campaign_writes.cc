#include "services/campaign/campaign_writes.h"

#include <algorithm>

#include "base/status_macros.h"
#include "services/campaign/campaign_rules.h"
#include "services/common/proto_time.h"
#include "workflow/vietnam_time.h"

namespace tdkt::campaign {
namespace {

absl::CivilDay DayOf(const tdkt::v1::Date& date) { return absl::CivilDay(date.year(), date.month(), date.day()); }

}  // namespace

absl::CivilDay ReferenceDay(const tdkt::v1::Campaign& campaign, absl::CivilDay today) {
  return std::clamp(today, PeriodStart(campaign), PeriodEnd(campaign));
}

absl::StatusOr<NewCampaign> PrepareNewCampaign(tdkt::v1::Campaign campaign, const OrgLookup& orgs, absl::Time now) {
  const absl::CivilDay today = workflow::VietnamDate(now);
  const absl::CivilDay day = ReferenceDay(campaign, today);
  if (campaign.covers_org_id().empty()) campaign.set_covers_org_id(campaign.issuing_org_id());
  absl::StatusOr<std::vector<std::string>> ancestors = orgs.Ancestors(campaign.covers_org_id(), day);
  if (absl::IsNotFound(ancestors.status())) {
    return absl::InvalidArgumentError(
        "Không tìm thấy đơn vị áp dụng (campaign.covers_org_id) trong thời gian của phong trào");
  }
  TDKT_RETURN_IF_ERROR(ancestors.status());
  if (campaign.covers_org_id() != campaign.issuing_org_id() &&
      std::find(ancestors->begin(), ancestors->end(), campaign.issuing_org_id()) == ancestors->end()) {
    return absl::InvalidArgumentError(
        "Đơn vị áp dụng (campaign.covers_org_id) phải là đơn vị ban hành hoặc một đơn vị cấp dưới của nó");
  }
  NewCampaign prepared;
  prepared.covers_path.push_back(campaign.covers_org_id());
  prepared.covers_path.insert(prepared.covers_path.end(), ancestors->begin(), ancestors->end());
  campaign.set_version(1);
  *campaign.mutable_created_at() = common::ToProtoTime(now);
  *campaign.mutable_updated_at() = campaign.created_at();
  for (tdkt::v1::CampaignDueDate& due : *campaign.mutable_due_dates()) {
    due.set_handoff_state(DayOf(due.due().due_on()) >= today ? tdkt::v1::HANDOFF_STATE_PENDING
                                                              : tdkt::v1::HANDOFF_STATE_NOT_NEEDED);
    due.clear_scheduler_deadline_id();
    due.clear_last_error();
  }
  prepared.campaign = std::move(campaign);
  return prepared;
}

void InsertNewCampaign(pqxx::transaction_base& txn, const NewCampaign& prepared, const std::string& created_by) {
  CampaignStore::Insert(txn, prepared.campaign, prepared.covers_path, created_by);
  for (const tdkt::v1::CampaignDueDate& due : prepared.campaign.due_dates()) {
    if (due.handoff_state() != tdkt::v1::HANDOFF_STATE_PENDING) continue;
    HandoffStore::Enqueue(txn, prepared.campaign.id(), HandoffAction::kCreate, due.due().kind());
  }
}

}  // namespace tdkt::campaign
