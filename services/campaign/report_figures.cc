#include "services/campaign/report_figures.h"

#include <algorithm>
#include <set>

namespace tdkt::campaign {
namespace {

namespace v1 = tdkt::v1;

constexpr char kWorkerShareLabel[] = "Khen thưởng công nhân, nông dân, người lao động trực tiếp";
constexpr char kWomenShareLabel[] = "Khen thưởng cá nhân là nữ";

void SetShare(int64_t counted, int64_t of, v1::RecipientShare& share) {
  share.set_counted(counted);
  share.set_of(of);
  share.set_share(of == 0 ? 0.0 : static_cast<double>(counted) / static_cast<double>(of));
  if (share.has_rule()) {
    share.set_met(share.strictly_above() ? share.share() > share.min_share() : share.share() >= share.min_share());
  }
}

void FillWorkerShare(const ReportCounters& c, const v1::Campaign* campaign, v1::RecipientShare& share) {
  std::set<std::string> codes;
  share.set_label_vi(kWorkerShareLabel);
  if (campaign != nullptr && campaign->has_direct_worker_share()) {
    const v1::RecipientShareSpec& rule = campaign->direct_worker_share();
    share.set_has_rule(true);
    if (!rule.label_vi().empty()) share.set_label_vi(rule.label_vi());
    share.set_min_share(rule.min_share());
    share.set_strictly_above(rule.strictly_above());
    codes.insert(rule.award_codes().begin(), rule.award_codes().end());
  }
  int64_t counted = 0, of = 0;
  for (const v1::AwardCount& award : c.awards) {
    if (!codes.empty() && !codes.contains(award.award_code())) continue;
    counted += award.to_direct_workers();
    of += award.decided();
  }
  SetShare(counted, of, share);
}

void FillAppraisals(const ReportCounters& c, v1::Report& report) {
  std::map<int, std::vector<const AppraisalBucket*>> by_level;
  for (const AppraisalBucket& bucket : c.appraisals) by_level[bucket.level].push_back(&bucket);
  for (const auto& [level, unused] : c.overdue) by_level[level];
  for (auto& [level, buckets] : by_level) {
    std::sort(buckets.begin(), buckets.end(),
              [](const AppraisalBucket* a, const AppraisalBucket* b) { return a->working_days < b->working_days; });
    int64_t appraisals = 0, days = 0;
    for (const AppraisalBucket* bucket : buckets) {
      appraisals += bucket->appraisals;
      days += bucket->days_sum;
    }
    v1::LevelAppraisal& out = *report.add_appraisals();
    out.set_level(static_cast<v1::OrgLevel>(level));
    out.set_appraisals(appraisals);
    const auto overdue = c.overdue.find(level);
    out.set_overdue(overdue == c.overdue.end() ? 0 : overdue->second);
    if (appraisals == 0) continue;
    out.set_average_working_days(static_cast<double>(days) / static_cast<double>(appraisals));
    const int64_t rank = (appraisals * 9 + 9) / 10;  // ceil(0.9 n): nearest rank
    int64_t seen = 0;
    for (const AppraisalBucket* bucket : buckets) {
      seen += bucket->appraisals;
      if (seen >= rank) {
        out.set_p90_working_days(bucket->working_days);
        break;
      }
    }
  }
}

}  // namespace

void FillFigures(const ReportCounters& c, const v1::Campaign* campaign, v1::Report& report) {
  int64_t total = 0;
  for (const v1::DossierCount& count : c.dossiers) {
    total += count.dossiers();
    *report.add_dossiers() = count;
  }
  report.set_dossiers_total(total);
  int64_t decided = 0, individuals = 0, women = 0;
  std::map<std::string, int64_t> decided_of;
  for (const v1::AwardCount& award : c.awards) {
    decided += award.decided();
    individuals += award.to_individuals();
    women += award.to_women();
    decided_of[award.award_code()] += award.decided();
    *report.add_awards() = award;
  }
  report.set_awards_decided(decided);
  if (campaign != nullptr) {
    for (const v1::AwardTargetSpec& target : campaign->targets()) {
      v1::TargetProgress& progress = *report.add_targets();
      *progress.mutable_target() = target;
      int64_t n = 0;
      for (const std::string& code : target.award_codes()) n += decided_of[code];
      progress.set_decided(n);
      progress.set_reached(n >= target.min());
      progress.set_exceeded(target.has_max() && n > target.max());
    }
  }
  FillWorkerShare(c, campaign, *report.mutable_direct_worker_share());
  report.mutable_women_share()->set_label_vi(kWomenShareLabel);
  SetShare(women, individuals, *report.mutable_women_share());
  FillAppraisals(c, report);
  *report.mutable_complaints() = c.complaints;
}

}  // namespace tdkt::campaign
