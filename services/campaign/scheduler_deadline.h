#pragma once
// SchedulerDeadlineFor: the scheduler's campaign deadline (proto/tdkt/v1/scheduler.proto) for one due date of
// a campaign — set by the covered root for its subtree, named after the campaign, of the scheduler's kind for
// the due date's kind. Pure; the handoff worker sends it.
//
//   tdkt::v1::CampaignDeadline deadline = SchedulerDeadlineFor(campaign, due);
//   create.set_request_id(HandoffRequestId(campaign.id(), handoff_id));
#include <cstdint>
#include <string>

#include "tdkt/v1/campaign.pb.h"
#include "tdkt/v1/scheduler.pb.h"

namespace tdkt::campaign {

// The scheduler's name_vi is at most 200 characters: longer campaign names are cut on a character boundary.
inline constexpr int kSchedulerNameMaxChars = 200;

tdkt::v1::CampaignDeadline SchedulerDeadlineFor(const tdkt::v1::Campaign& campaign,
                                                const tdkt::v1::PlanDueDateSpec& due);

// The request id of one handoff row: the same row always sends the same id, so a retry after a lost reply
// changes nothing at the scheduler, and rows of different campaigns never collide.
std::string HandoffRequestId(const std::string& campaign_id, int64_t handoff_id);

// "Đăng ký thi đua", "Sơ kết 6 tháng", "Tổng kết năm".
std::string DueKindNameVi(tdkt::v1::PlanDueKind kind);

}  // namespace tdkt::campaign
