#include "services/campaign/scheduler_deadline.h"

#include "absl/strings/str_cat.h"

namespace tdkt::campaign {
namespace {

// The first `max_chars` code points of well-formed UTF-8 `text`.
std::string CutToChars(const std::string& text, int max_chars) {
  int chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool starts_char = (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
    if (starts_char && ++chars > max_chars) return text.substr(0, i);
  }
  return text;
}

tdkt::v1::CampaignDeadlineKind SchedulerKindOf(tdkt::v1::PlanDueKind kind) {
  switch (kind) {
    case tdkt::v1::PLAN_DUE_KIND_REGISTRATION:
      return tdkt::v1::CAMPAIGN_DEADLINE_KIND_REGISTRATION;
    case tdkt::v1::PLAN_DUE_KIND_SIX_MONTH_REVIEW:
    case tdkt::v1::PLAN_DUE_KIND_ANNUAL_REVIEW:
      return tdkt::v1::CAMPAIGN_DEADLINE_KIND_REVIEW_WINDOW;
    default:
      return tdkt::v1::CAMPAIGN_DEADLINE_KIND_UNSPECIFIED;
  }
}

}  // namespace

std::string DueKindNameVi(tdkt::v1::PlanDueKind kind) {
  switch (kind) {
    case tdkt::v1::PLAN_DUE_KIND_REGISTRATION:
      return "Đăng ký thi đua";
    case tdkt::v1::PLAN_DUE_KIND_SIX_MONTH_REVIEW:
      return "Sơ kết 6 tháng";
    case tdkt::v1::PLAN_DUE_KIND_ANNUAL_REVIEW:
      return "Tổng kết năm";
    default:
      return "Hạn";
  }
}

tdkt::v1::CampaignDeadline SchedulerDeadlineFor(const tdkt::v1::Campaign& campaign,
                                                const tdkt::v1::PlanDueDateSpec& due) {
  tdkt::v1::CampaignDeadline deadline;
  deadline.set_org_id(campaign.covers_org_id());
  deadline.set_kind(SchedulerKindOf(due.kind()));
  deadline.set_name_vi(CutToChars(absl::StrCat(DueKindNameVi(due.kind()), ": ", campaign.name_vi()),
                                  kSchedulerNameMaxChars));
  deadline.set_year(campaign.valid_from().year());
  deadline.set_applies_to_level(due.applies_to_level());
  if (due.has_opens_on()) *deadline.mutable_opens_on() = due.opens_on();
  *deadline.mutable_due_on() = due.due_on();
  return deadline;
}

std::string HandoffRequestId(const std::string& campaign_id, int64_t handoff_id) {
  return absl::StrCat("campaign-handoff:", campaign_id, ":", handoff_id);
}

}  // namespace tdkt::campaign
