// FillFigures: totals, targets, shares and the appraisal percentiles from summed counters.
#include "services/campaign/report_figures.h"

#include <gtest/gtest.h>

#include "services/campaign/report_csv.h"

namespace tdkt::campaign {
namespace {

namespace v1 = tdkt::v1;

v1::AwardCount Award(const std::string& code, int64_t decided, int64_t individuals, int64_t women, int64_t workers) {
  v1::AwardCount a;
  a.set_award_code(code);
  a.set_decided(decided);
  a.set_to_individuals(individuals);
  a.set_to_women(women);
  a.set_to_direct_workers(workers);
  return a;
}

TEST(ReportFigures, TargetsAndTheStrictlyAboveShareRule) {
  ReportCounters c;
  c.awards = {Award("CSTD_TINH", 3, 3, 2, 1), Award("GIAY_KHEN", 7, 5, 1, 2)};
  v1::Campaign campaign;
  v1::AwardTargetSpec* target = campaign.add_targets();
  target->set_label_vi("CSTĐ tỉnh");
  target->add_award_codes("CSTD_TINH");
  target->set_min(2);
  target->set_max(2);
  v1::RecipientShareSpec* rule = campaign.mutable_direct_worker_share();
  rule->set_min_share(0.3);
  rule->set_strictly_above(true);
  v1::Report report;
  FillFigures(c, &campaign, report);
  EXPECT_EQ(report.awards_decided(), 10);
  ASSERT_EQ(report.targets_size(), 1);
  EXPECT_TRUE(report.targets(0).reached());
  EXPECT_TRUE(report.targets(0).exceeded());
  EXPECT_EQ(report.direct_worker_share().counted(), 3);
  EXPECT_EQ(report.direct_worker_share().of(), 10);
  EXPECT_FALSE(report.direct_worker_share().met());  // exactly 30% is not "trên 30%"
  EXPECT_EQ(report.women_share().counted(), 3);
  EXPECT_EQ(report.women_share().of(), 8);
  rule->add_award_codes("CSTD_TINH");  // the rule counts only its codes
  v1::Report only;
  FillFigures(c, &campaign, only);
  EXPECT_EQ(only.direct_worker_share().of(), 3);
  EXPECT_TRUE(only.direct_worker_share().met());
}

TEST(ReportFigures, NinetiethPercentileIsTheNearestRankOverTheHistogram) {
  ReportCounters c;
  // 10 appraisals at the commune: 8 of 2 days, 1 of 9, 1 of 30 → average 5.5, p90 = the 9th = 9.
  c.appraisals = {{2, 2, 8, 16}, {2, 30, 1, 30}, {2, 9, 1, 9}};
  c.overdue[2] = 1;
  v1::Report report;
  FillFigures(c, nullptr, report);
  ASSERT_EQ(report.appraisals_size(), 1);
  EXPECT_EQ(report.appraisals(0).appraisals(), 10);
  EXPECT_EQ(report.appraisals(0).overdue(), 1);
  EXPECT_DOUBLE_EQ(report.appraisals(0).average_working_days(), 5.5);
  EXPECT_EQ(report.appraisals(0).p90_working_days(), 9);
}

TEST(ReportCsv, ByteOrderMarkCrlfAndQuotedFields) {
  v1::Report report;
  v1::TargetProgress* t = report.add_targets();
  t->mutable_target()->set_label_vi("Tập thể, cá nhân \"tiêu biểu\"");
  t->mutable_target()->add_award_codes("BANG_KHEN_TINH");
  const std::string csv = ReportCsv(report);
  EXPECT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(csv.find("\"Tập thể, cá nhân \"\"tiêu biểu\"\" (đã quyết định)\",0\r\n"), std::string::npos) << csv;
  EXPECT_EQ(csv.find("\n", csv.size() - 1), csv.size() - 1);
  EXPECT_EQ(csv[csv.size() - 2], '\r');
}

}  // namespace
}  // namespace tdkt::campaign
