// ProjectEvent: how dossier events move the reports' counters, and why a redelivered event moves nothing.
#include "services/campaign/report_projection.h"

#include <gtest/gtest.h>

#include "services/common/proto_time.h"
#include "tdkt/v1/events.pb.h"
#include "workflow/vietnam_time.h"

namespace tdkt::campaign {
namespace {

namespace v1 = tdkt::v1;

const absl::CivilMonth kMarch(2024, 3);

v1::EventEnvelope Event(v1::EventType type, int64_t version, v1::DossierState state, v1::OrgLevel level,
                        int day = 4) {
  v1::EventEnvelope e;
  e.set_event_id("e-" + std::to_string(version) + "-" + std::to_string(type));
  e.set_type(type);
  e.set_producer("dossier");
  e.set_dossier_id("d1");
  e.set_dossier_version(version);
  e.set_award_code("BANG_KHEN_TINH");
  e.set_state(state);
  e.set_level(level);
  e.set_origin_org_id("U");
  e.add_origin_org_path("U");
  e.add_origin_org_path("C");
  e.add_origin_org_path("P");
  e.set_nominee_kind(v1::NOMINEE_KIND_INDIVIDUAL);
  e.set_nominee_gender(v1::GENDER_FEMALE);
  e.set_nominee_occupation(v1::OCCUPATION_CATEGORY_FARMER);
  *e.mutable_occurred_at() = common::ToProtoTime(
      absl::FromCivil(absl::CivilSecond(2024, 3, day, 9, 0, 0), workflow::VietnamTimeZone()));
  return e;
}

v1::EventEnvelope Cleared(int64_t version, v1::OrgLevel level, int allowed, int remaining, const std::string& id) {
  v1::EventEnvelope e = Event(v1::EVENT_TYPE_DEADLINE_CLEARED, version, v1::DOSSIER_STATE_SUBMITTED,
                              v1::ORG_LEVEL_COMMUNE);
  v1::DeadlineChanged* d = e.mutable_deadline_cleared();
  d->set_deadline_id(id);
  d->set_level(level);
  d->set_working_days_allowed(allowed);
  d->set_working_days_remaining(remaining);
  return e;
}

int64_t Cell(const ReportDeltas& deltas, v1::OrgLevel level, v1::DossierState state) {
  const auto it = deltas.dossiers.find({"U", kMarch, level, "BANG_KHEN_TINH", state});
  return it == deltas.dossiers.end() ? 0 : it->second;
}

TEST(ReportProjection, AFirstEventCountsTheDossierForEachOrganisationOfItsPath) {
  std::optional<ReportDossier> d;
  ReportDeltas deltas;
  EXPECT_EQ(ProjectEvent(Event(v1::EVENT_TYPE_DOSSIER_CREATED, 1, v1::DOSSIER_STATE_DRAFT, v1::ORG_LEVEL_UNIT), d,
                         deltas),
            ProjectOutcome::kApplied);
  ASSERT_TRUE(d);
  EXPECT_EQ(Cell(deltas, v1::ORG_LEVEL_UNIT, v1::DOSSIER_STATE_DRAFT), 1);
  EXPECT_TRUE(d->female && d->individual && d->direct_worker);
  EXPECT_EQ(d->org_path, (std::vector<std::string>{"U", "C", "P"}));
  // Counted for each organisation of the path: a subtree's report reads its root's rows only.
  EXPECT_EQ((deltas.dossiers[{"P", kMarch, v1::ORG_LEVEL_UNIT, "BANG_KHEN_TINH", v1::DOSSIER_STATE_DRAFT}]), 1);
  EXPECT_EQ(deltas.dossiers.size(), 3u);
}

TEST(ReportProjection, AnEventAlreadyAppliedOrOlderChangesNothing) {
  std::optional<ReportDossier> d;
  ReportDeltas deltas;
  ProjectEvent(Event(v1::EVENT_TYPE_DOSSIER_CREATED, 1, v1::DOSSIER_STATE_DRAFT, v1::ORG_LEVEL_UNIT), d, deltas);
  const v1::EventEnvelope submitted =
      Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, 2, v1::DOSSIER_STATE_SUBMITTED, v1::ORG_LEVEL_UNIT);
  EXPECT_EQ(ProjectEvent(submitted, d, deltas), ProjectOutcome::kApplied);
  const ReportDeltas after_once = deltas;
  EXPECT_EQ(ProjectEvent(submitted, d, deltas), ProjectOutcome::kDuplicate);
  EXPECT_EQ(ProjectEvent(Event(v1::EVENT_TYPE_DOSSIER_CREATED, 1, v1::DOSSIER_STATE_DRAFT, v1::ORG_LEVEL_UNIT), d,
                         deltas),
            ProjectOutcome::kStale);
  EXPECT_EQ(deltas.dossiers, after_once.dossiers);
  EXPECT_EQ(Cell(deltas, v1::ORG_LEVEL_UNIT, v1::DOSSIER_STATE_DRAFT), 0);
  EXPECT_EQ(Cell(deltas, v1::ORG_LEVEL_UNIT, v1::DOSSIER_STATE_SUBMITTED), 1);
}

TEST(ReportProjection, EventsOfOneCommandShareAVersionAndEachApplies) {
  std::optional<ReportDossier> d;
  ReportDeltas deltas;
  ProjectEvent(Event(v1::EVENT_TYPE_DOSSIER_SUBMITTED, 5, v1::DOSSIER_STATE_COUNCIL_VOTING, v1::ORG_LEVEL_UNIT), d,
               deltas);
  // CloseVote: VOTE_CLOSED + DOSSIER_FORWARDED + DEADLINE_CLEARED + DEADLINE_SET, all version 6.
  EXPECT_EQ(ProjectEvent(Event(v1::EVENT_TYPE_VOTE_CLOSED, 6, v1::DOSSIER_STATE_SUBMITTED, v1::ORG_LEVEL_COMMUNE), d,
                         deltas),
            ProjectOutcome::kApplied);
  EXPECT_EQ(ProjectEvent(Cleared(6, v1::ORG_LEVEL_UNIT, 10, 7, "d1/1"), d, deltas), ProjectOutcome::kApplied);
  EXPECT_EQ(ProjectEvent(Cleared(6, v1::ORG_LEVEL_UNIT, 10, 7, "d1/1"), d, deltas), ProjectOutcome::kDuplicate);
  const auto it = deltas.appraisals.find({"U", kMarch, v1::ORG_LEVEL_UNIT, 3});
  ASSERT_NE(it, deltas.appraisals.end());
  EXPECT_EQ(it->second.appraisals, 1);
  EXPECT_EQ(it->second.days_sum, 3);
  EXPECT_EQ(Cell(deltas, v1::ORG_LEVEL_COMMUNE, v1::DOSSIER_STATE_SUBMITTED), 1);
  EXPECT_EQ(Cell(deltas, v1::ORG_LEVEL_UNIT, v1::DOSSIER_STATE_COUNCIL_VOTING), 0);
}

TEST(ReportProjection, AnOverdueDeadlineCountsOnceThoughEscalatedAndEndedLate) {
  std::optional<ReportDossier> d;
  ReportDeltas deltas;
  v1::EventEnvelope set = Event(v1::EVENT_TYPE_DEADLINE_SET, 2, v1::DOSSIER_STATE_SUBMITTED, v1::ORG_LEVEL_UNIT);
  set.mutable_deadline_set()->set_deadline_id("d1/1");
  ProjectEvent(set, d, deltas);
  v1::EventEnvelope escalated =
      Event(v1::EVENT_TYPE_DOSSIER_ESCALATED, 3, v1::DOSSIER_STATE_SUBMITTED, v1::ORG_LEVEL_UNIT);
  escalated.mutable_dossier_escalated()->set_overdue_working_days(1);
  ProjectEvent(escalated, d, deltas);
  ProjectEvent(Cleared(4, v1::ORG_LEVEL_UNIT, 10, -5, "d1/1"), d, deltas);
  EXPECT_EQ((deltas.overdue[{"U", kMarch, v1::ORG_LEVEL_UNIT}]), 1);
  // The next level's deadline, ended late too, is another overdue appraisal; 75 days land in the last bucket.
  ProjectEvent(Cleared(5, v1::ORG_LEVEL_COMMUNE, 10, -65, "d1/2"), d, deltas);
  EXPECT_EQ((deltas.overdue[{"U", kMarch, v1::ORG_LEVEL_COMMUNE}]), 1);
  EXPECT_EQ((deltas.appraisals[{"U", kMarch, v1::ORG_LEVEL_COMMUNE, kAppraisalDaysCap}].days_sum), 75);
}

TEST(ReportProjection, ADecidedAwardCountsUntilAComplaintReopensItAndTheComplaintResolvesOnTheNextOutcome) {
  std::optional<ReportDossier> d;
  ReportDeltas deltas;
  ProjectEvent(Event(v1::EVENT_TYPE_DOSSIER_DECIDED, 9, v1::DOSSIER_STATE_DECIDED, v1::ORG_LEVEL_PROVINCE), d,
               deltas);
  AwardDelta& award = deltas.awards[{"U", kMarch, "BANG_KHEN_TINH"}];
  EXPECT_EQ(award.decided, 1);
  EXPECT_EQ(award.to_women, 1);
  EXPECT_EQ(award.to_direct_workers, 1);
  ProjectEvent(Event(v1::EVENT_TYPE_COMPLAINT_FILED, 10, v1::DOSSIER_STATE_UNDER_REVIEW, v1::ORG_LEVEL_PROVINCE, 11),
               d, deltas);
  EXPECT_EQ(award.decided, 0);  // the decision in March no longer stands
  EXPECT_EQ((deltas.complaints[{"U", kMarch}].received), 1);
  EXPECT_EQ((deltas.complaints[{"U", kMarch}].resolved), 0);
  ProjectEvent(Event(v1::EVENT_TYPE_DOSSIER_REJECTED, 11, v1::DOSSIER_STATE_REJECTED, v1::ORG_LEVEL_PROVINCE, 12), d,
               deltas);
  EXPECT_EQ((deltas.complaints[{"U", kMarch}].resolved), 1);
  EXPECT_FALSE(d->complaint_open);
}

TEST(ReportProjection, RemindersAndCalendarChangesAreNotTheReportsBusiness) {
  std::optional<ReportDossier> d;
  ReportDeltas deltas;
  v1::EventEnvelope reminder = Event(v1::EVENT_TYPE_DEADLINE_REMINDER, 3, v1::DOSSIER_STATE_SUBMITTED,
                                     v1::ORG_LEVEL_UNIT);
  reminder.set_producer("scheduler");
  EXPECT_EQ(ProjectEvent(reminder, d, deltas), ProjectOutcome::kIgnored);
  EXPECT_FALSE(d);
  EXPECT_TRUE(deltas.dossiers.empty());
}

}  // namespace
}  // namespace tdkt::campaign
