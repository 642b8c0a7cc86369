#include "services/campaign/report_projection.h"

#include <algorithm>

#include "services/common/proto_time.h"
#include "tdkt/v1/events.pb.h"
#include "workflow/vietnam_time.h"

namespace tdkt::campaign {
namespace {

namespace v1 = tdkt::v1;

bool Granted(int state) { return state == v1::DOSSIER_STATE_DECIDED || state == v1::DOSSIER_STATE_PUBLISHED; }

// An outcome again after a complaint reopened the dossier.
bool Outcome(int state) {
  return state == v1::DOSSIER_STATE_DECIDED || state == v1::DOSSIER_STATE_PUBLISHED ||
         state == v1::DOSSIER_STATE_REJECTED || state == v1::DOSSIER_STATE_WITHDRAWN ||
         state == v1::DOSSIER_STATE_FORWARDED_EXTERNAL;
}

// Workers, farmers and direct producers (the Đồng Liên rule, docs/domain.md §8).
bool DirectWorker(v1::OccupationCategory occupation) {
  return occupation == v1::OCCUPATION_CATEGORY_DIRECT_WORKER || occupation == v1::OCCUPATION_CATEGORY_FARMER ||
         occupation == v1::OCCUPATION_CATEGORY_DIRECT_PRODUCER;
}

absl::CivilMonth MonthOf(const v1::EventEnvelope& event) {
  return absl::CivilMonth(workflow::VietnamDate(common::FromProtoTime(event.occurred_at())));
}

void SetNomineeFacts(const v1::EventEnvelope& event, ReportDossier& d) {
  if (event.nominee_kind() == v1::NOMINEE_KIND_UNSPECIFIED) return;  // an event from before the facts were sent
  d.individual = event.nominee_kind() == v1::NOMINEE_KIND_INDIVIDUAL;
  d.female = d.individual && event.nominee_gender() == v1::GENDER_FEMALE;
  d.direct_worker = DirectWorker(event.nominee_occupation());
}

// The dossier in its current cell, for each organisation of its path.
void CountDossier(const ReportDossier& d, int sign, ReportDeltas& deltas) {
  for (const std::string& org : d.org_path) {
    deltas.dossiers[{org, d.opened_month, d.level, d.award_code, d.state}] += sign;
  }
}

ReportDossier FirstSeen(const v1::EventEnvelope& event, ReportDeltas& deltas) {
  ReportDossier d;
  d.dossier_id = event.dossier_id();
  d.org_path.push_back(event.origin_org_id());
  for (const std::string& org : event.origin_org_path()) {
    if (org != event.origin_org_id()) d.org_path.push_back(org);
  }
  d.opened_month = MonthOf(event);
  d.award_code = event.award_code();
  d.state = event.state();
  d.level = event.level();
  SetNomineeFacts(event, d);
  CountDossier(d, +1, deltas);
  return d;
}

void AddAward(const ReportDossier& d, absl::CivilMonth month, int sign, ReportDeltas& deltas) {
  for (const std::string& org : d.org_path) {
    AwardDelta& a = deltas.awards[{org, month, d.award_code}];
    a.decided += sign;
    a.to_individuals += d.individual ? sign : 0;
    a.to_women += d.female ? sign : 0;
    a.to_direct_workers += d.direct_worker ? sign : 0;
  }
}

void CountOverdue(ReportDossier& d, const std::string& deadline_id, int level, absl::CivilMonth month,
                  ReportDeltas& deltas) {
  if (deadline_id.empty() || d.overdue_deadline_id == deadline_id) return;
  d.overdue_deadline_id = deadline_id;
  for (const std::string& org : d.org_path) deltas.overdue[{org, month, level}] += 1;
}

}  // namespace

ProjectOutcome ProjectEvent(const v1::EventEnvelope& event, std::optional<ReportDossier>& stored,
                            ReportDeltas& deltas) {
  const int type = event.type();
  if (event.producer() != "dossier" || event.dossier_id().empty() || type <= 0 || type >= 64 ||
      type >= v1::EVENT_TYPE_DEADLINE_REMINDER) {
    return ProjectOutcome::kIgnored;
  }
  const uint64_t bit = uint64_t{1} << type;
  if (stored) {
    if (event.dossier_version() < stored->applied_version) return ProjectOutcome::kStale;
    if (event.dossier_version() == stored->applied_version && (stored->applied_types & bit) != 0) {
      return ProjectOutcome::kDuplicate;
    }
  } else {
    stored = FirstSeen(event, deltas);
  }
  ReportDossier& d = *stored;
  if (event.dossier_version() > d.applied_version) {
    d.applied_version = event.dossier_version();
    d.applied_types = 0;
  }
  d.applied_types |= bit;
  const absl::CivilMonth month = MonthOf(event);

  // The decided award is counted with the facts it was decided with.
  const bool was_granted = d.decided_month.has_value();
  if (was_granted && !Granted(event.state())) {
    AddAward(d, *d.decided_month, -1, deltas);
    d.decided_month.reset();
  }
  if (d.level != event.level() || d.state != event.state() || d.award_code != event.award_code()) {
    CountDossier(d, -1, deltas);
    d.level = event.level();
    d.state = event.state();
    d.award_code = event.award_code();
    CountDossier(d, +1, deltas);
  }
  if (!d.decided_month) SetNomineeFacts(event, d);
  if (!d.decided_month && Granted(d.state)) {
    d.decided_month = month;
    AddAward(d, month, +1, deltas);
  }

  switch (event.type()) {
    case v1::EVENT_TYPE_DEADLINE_SET:
      d.live_deadline_id = event.deadline_set().deadline_id();
      break;
    case v1::EVENT_TYPE_DEADLINE_CLEARED: {
      const v1::DeadlineChanged& cleared = event.deadline_cleared();
      const int used = std::max(0, cleared.working_days_allowed() - cleared.working_days_remaining());
      for (const std::string& org : d.org_path) {
        AppraisalDelta& a = deltas.appraisals[{org, month, cleared.level(), std::min(used, kAppraisalDaysCap)}];
        a.appraisals += 1;
        a.days_sum += used;
      }
      if (cleared.working_days_remaining() < 0) CountOverdue(d, cleared.deadline_id(), cleared.level(), month, deltas);
      break;
    }
    case v1::EVENT_TYPE_DOSSIER_ESCALATED:
      CountOverdue(d, d.live_deadline_id, d.level, month, deltas);
      break;
    case v1::EVENT_TYPE_COMPLAINT_FILED:
      for (const std::string& org : d.org_path) deltas.complaints[{org, month}].received += 1;
      d.complaint_open = true;
      break;
    default:
      break;
  }
  if (d.complaint_open && type != v1::EVENT_TYPE_COMPLAINT_FILED && Outcome(d.state)) {
    for (const std::string& org : d.org_path) deltas.complaints[{org, month}].resolved += 1;
    d.complaint_open = false;
  }
  return ProjectOutcome::kApplied;
}

}  // namespace tdkt::campaign
