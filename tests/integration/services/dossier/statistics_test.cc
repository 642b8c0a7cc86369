// GetDossierStatistics through gRPC on real PostgreSQL: the counts by state and level, the overdue count and list
// and the weekly chart, exactly, for callers at every position of the dossiers' paths — each count checked
// against what the test knows of its dossiers and against what SearchDossiers and GetDossier show the same
// caller (only what the caller may see counts); a dossier whose holder left its stored path (the organisation
// tree changed since it was created) is decided by the rule, as a search decides it; the subtree filter, its
// refusals and the window's checks.
#include <map>
#include <set>
#include <tuple>

#include "absl/strings/str_format.h"
#include "services/common/proto_conversions.h"
#include "tests/integration/services/dossier/journey_fixture.h"
#include "workflow/vietnam_time.h"

namespace tdkt::dossier {
namespace {

namespace v1 = tdkt::v1;

using Tally = std::map<std::pair<v1::DossierState, v1::OrgLevel>, int64_t>;

class DossierStatisticsTest : public DossierJourney {
 protected:
  void SetUp() override {
    DossierJourney::SetUp();
    // A second branch: P → D2 → C2 → U3.
    directory_.AddOrganisation("D2", OrgLevel::kDistrict, "P");
    directory_.AddOrganisation("C2", OrgLevel::kCommune, "D2");
    directory_.AddOrganisation("U3", OrgLevel::kUnit, "C2");
  }

  void At(int month, int day) {
    clock_.Set(absl::FromCivil(absl::CivilSecond(2026, month, day, 9, 0, 0), workflow::VietnamTimeZone()));
  }

  // A dossier at `origin` with its documents, submitted unless `draft`; id_ and version_ follow it.
  std::string NewDossier(const std::string& origin = "U", bool draft = false) {
    const v1::Dossier created = CreateAt(origin);
    id_ = created.id();
    version_ = created.version();
    if (!draft) {
      Do<v1::SubmitDossierRequest, v1::SubmitDossierResponse>(&Stub::SubmitDossier, {}, As(Role::kSubmitter, origin));
    }
    return id_;
  }

  v1::Dossier Decide() {
    v1::DecideDossierRequest request;
    v1::Decision* d = request.mutable_decision();
    d->set_number("17/QĐ-UBND");
    *d->mutable_date() = D(2026, 3, 10);
    d->set_signer_name("Trần Văn Bình");
    d->set_signer_title_vi("Chủ tịch UBND tỉnh");
    return Do<v1::DecideDossierRequest, v1::DecideDossierResponse>(&Stub::DecideDossier, request,
                                                                   As(Role::kDecider, "P"));
  }

  grpc::Status Statistics(std::unique_ptr<grpc::ClientContext> context, const v1::GetDossierStatisticsRequest& request,
                          v1::GetDossierStatisticsResponse* response) {
    return stub_->GetDossierStatistics(context.get(), request, response);
  }

  // The window 2026-03-02 … 2026-03-20: the weeks of 03-02, 03-09 and 03-16.
  static v1::GetDossierStatisticsRequest March(const std::string& org_id = "") {
    v1::GetDossierStatisticsRequest request;
    request.set_org_id(org_id);
    *request.mutable_from_date() = D(2026, 3, 2);
    *request.mutable_to_date() = D(2026, 3, 20);
    return request;
  }

  static Tally TallyOf(const v1::GetDossierStatisticsResponse& response) {
    Tally tally;
    for (const v1::StateLevelCount& c : response.counts()) {
      EXPECT_GT(c.count(), 0) << "non-zero counts only";
      EXPECT_EQ(tally.count({c.state(), c.level()}), 0u) << "one count per state and level";
      tally[{c.state(), c.level()}] = c.count();
    }
    return tally;
  }

  // What the same caller is shown by SearchDossiers (every page), tallied as the statistics tally: state × level,
  // the overdue ones (as the deadline says), and per week of March the first submissions and the decisions (the
  // DECIDE entry of GetDossier's history).
  struct Shown {
    Tally tally;
    std::vector<std::string> overdue;  // ids, most overdue first
    std::vector<int64_t> submitted = std::vector<int64_t>(3), decided = std::vector<int64_t>(3);
  };
  Shown ShownBySearch(const std::string& person, const std::vector<workflow::RoleGrant>& grants,
                      const std::string& subtree = "") {
    Shown shown;
    const absl::Time march2 = absl::FromCivil(absl::CivilSecond(2026, 3, 2, 0, 0, 0), workflow::VietnamTimeZone());
    auto week = [&](int64_t seconds) { return (absl::FromUnixSeconds(seconds) - march2) / absl::Hours(24 * 7); };
    std::vector<std::tuple<std::string, std::string>> overdue;  // (due date, id)
    v1::SearchDossiersRequest request;
    request.set_org_subtree_id(subtree);
    request.mutable_page()->set_page_size(2);
    do {
      v1::SearchDossiersResponse response;
      const grpc::Status status = stub_->SearchDossiers(AsPerson(person, grants).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const v1::Dossier& d : response.dossiers()) {
        ++shown.tally[{d.state(), d.current_level()}];
        if (d.deadline().overdue()) {
          const v1::Date& due = d.deadline().due_date();
          overdue.emplace_back(absl::StrFormat("%04d-%02d-%02d", due.year(), due.month(), due.day()), d.id());
        }
        if (d.has_submitted_at()) {
          const int64_t w = week(d.submitted_at().seconds());
          if (w >= 0 && w < 3) ++shown.submitted[w];
        }
        if (d.state() == v1::DOSSIER_STATE_DECIDED || d.state() == v1::DOSSIER_STATE_PUBLISHED) {
          v1::GetDossierRequest get;
          get.set_dossier_id(d.id());
          v1::GetDossierResponse full;
          EXPECT_TRUE(stub_->GetDossier(AsPerson(person, grants).get(), get, &full).ok());
          int64_t decided_at = 0;
          for (const v1::HistoryEntry& e : full.history()) {
            if (e.action() == v1::DOSSIER_ACTION_DECIDE) decided_at = e.occurred_at().seconds();
          }
          const int64_t w = week(decided_at);
          if (w >= 0 && w < 3) ++shown.decided[w];
        }
      }
      request.mutable_page()->set_page_token(response.page().next_page_token());
    } while (!request.page().page_token().empty());
    std::sort(overdue.begin(), overdue.end());
    for (const auto& [due, id] : overdue) shown.overdue.push_back(id);
    return shown;
  }

  // The statistics of `person` with `grants` for March equal what they are shown, and the known tally.
  v1::GetDossierStatisticsResponse ExpectAsShown(const std::string& person, const std::vector<workflow::RoleGrant>& grants,
                                                 const Tally& known, const std::string& subtree = "") {
    v1::GetDossierStatisticsResponse response;
    const grpc::Status status = Statistics(AsPerson(person, grants), March(subtree), &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    const Shown shown = ShownBySearch(person, grants, subtree);
    EXPECT_EQ(TallyOf(response), known) << person;
    EXPECT_EQ(TallyOf(response), shown.tally) << person;
    EXPECT_EQ(response.overdue_count(), static_cast<int64_t>(shown.overdue.size())) << person;
    std::vector<std::string> listed;
    for (const v1::InboxItem& item : response.overdue()) listed.push_back(item.dossier().id());
    EXPECT_EQ(listed, shown.overdue) << person;
    EXPECT_EQ(response.weeks_size(), 3) << person;
    for (int w = 0; w < response.weeks_size() && w < 3; ++w) {
      EXPECT_EQ(response.weeks(w).week_start().SerializeAsString(), D(2026, 3, 2 + 7 * w).SerializeAsString());
      EXPECT_EQ(response.weeks(w).submitted(), shown.submitted[w]) << person << " week " << w;
      EXPECT_EQ(response.weeks(w).decided(), shown.decided[w]) << person << " week " << w;
    }
    return response;
  }

  // The dossiers of the scenario (SetUpDossiers), by what they are.
  std::string draft_, at_unit_, at_commune_, at_province_, decided_, later_at_unit_, other_branch_, off_path_;

  // Monday 2026-03-02: a draft at U; one submitted there (due 03-16); one that passed U's council (SUBMITTED at
  // C, due 03-16); one at the province; one through the province's council. Tuesday 03-10: the last is decided;
  // one more is submitted at U and one at U3 (other branch); one passes U's council and then its stored path loses
  // C (as a dossier created before its unit changed commune). Today is Friday 03-20.
  void SetUpDossiers() {
    At(3, 2);
    draft_ = NewDossier("U", /*draft=*/true);
    at_unit_ = NewDossier();
    at_commune_ = NewDossier();
    PassLevel("U");
    at_province_ = NewDossier();
    PassLevel("U");
    PassLevel("C");
    decided_ = NewDossier();
    PassLevel("U");
    PassLevel("C");
    PassLevel("P");
    At(3, 10);
    Decide();
    later_at_unit_ = NewDossier();
    other_branch_ = NewDossier("U3");
    off_path_ = NewDossier();
    PassLevel("U");
    Exec("UPDATE dossier.dossier SET origin_org_path = ARRAY['U', 'C-truoc-sap-nhap', 'P'] WHERE id = '" +
         off_path_ + "'");
    At(3, 20);
  }
};

constexpr auto kSubmitted = v1::DOSSIER_STATE_SUBMITTED;

TEST_F(DossierStatisticsTest, OnlyWhatTheCallerMaySeeCountsExactlyAsSearchShowsIt) {
  SetUpDossiers();
  // The province's appraiser: every submitted dossier (the draft is the unit's) but the one whose stored path
  // lost its holder: seen from above through that path, SearchDossiers does not show it either.
  const v1::GetDossierStatisticsResponse province = ExpectAsShown(
      Person("appraiser", "P"), {{Role::kAppraiser, "P"}},
      {{{kSubmitted, v1::ORG_LEVEL_UNIT}, 3}, {{kSubmitted, v1::ORG_LEVEL_COMMUNE}, 1},
       {{kSubmitted, v1::ORG_LEVEL_PROVINCE}, 1}, {{v1::DOSSIER_STATE_DECIDED, v1::ORG_LEVEL_PROVINCE}, 1}});
  EXPECT_EQ(province.overdue_count(), 2);
  ASSERT_EQ(province.overdue_size(), 2);
  EXPECT_EQ(std::set<std::string>({province.overdue(0).dossier().id(), province.overdue(1).dossier().id()}),
            std::set<std::string>({at_unit_, at_commune_}));
  EXPECT_TRUE(province.overdue(0).dossier().deadline().overdue());
  EXPECT_EQ(province.weeks(0).submitted(), 4);
  EXPECT_EQ(province.weeks(1).submitted(), 2);
  EXPECT_EQ(province.weeks(2).submitted(), 0);
  EXPECT_EQ(province.weeks(1).decided(), 1);
  EXPECT_EQ(province.weeks(0).decided() + province.weeks(2).decided(), 0);

  // The unit's submitter: everything it originated, its draft and the dossier off its path included (the rule
  // decides that one with the directory's ancestry; the unit sees it as its origin).
  const v1::GetDossierStatisticsResponse unit = ExpectAsShown(
      Person("submitter", "U"), {{Role::kSubmitter, "U"}},
      {{{v1::DOSSIER_STATE_DRAFT, v1::ORG_LEVEL_UNIT}, 1}, {{kSubmitted, v1::ORG_LEVEL_UNIT}, 2},
       {{kSubmitted, v1::ORG_LEVEL_COMMUNE}, 2}, {{kSubmitted, v1::ORG_LEVEL_PROVINCE}, 1},
       {{v1::DOSSIER_STATE_DECIDED, v1::ORG_LEVEL_PROVINCE}, 1}});
  EXPECT_EQ(unit.overdue_count(), 2);

  // A member of the commune's council: what reached the commune, not what waits below it (nor the dossier whose
  // stored path does not name C: SearchDossiers does not show it either).
  const v1::GetDossierStatisticsResponse member = ExpectAsShown(
      Person("m1", "C"), {{Role::kCouncilMember, "C"}},
      {{{kSubmitted, v1::ORG_LEVEL_COMMUNE}, 1}, {{kSubmitted, v1::ORG_LEVEL_PROVINCE}, 1},
       {{v1::DOSSIER_STATE_DECIDED, v1::ORG_LEVEL_PROVINCE}, 1}});
  EXPECT_EQ(member.overdue_count(), 1);
  ASSERT_EQ(member.overdue_size(), 1);
  EXPECT_EQ(member.overdue(0).dossier().id(), at_commune_);

  // The other branch's appraiser sees its one dossier; a person with a role nowhere on a path sees nothing.
  ExpectAsShown(Person("appraiser", "C2"), {{Role::kAppraiser, "C2"}}, {{{kSubmitted, v1::ORG_LEVEL_UNIT}, 1}});
  const v1::GetDossierStatisticsResponse nobody =
      ExpectAsShown(Person("submitter", "U2"), {{Role::kSubmitter, "U2"}}, {});
  EXPECT_EQ(nobody.overdue_count(), 0);
  EXPECT_EQ(nobody.weeks(0).submitted(), 0);

  // The overdue items carry what the caller may do: the unit's appraiser may take up its overdue dossier.
  const v1::GetDossierStatisticsResponse appraiser =
      ExpectAsShown(Person("appraiser", "U"), {{Role::kAppraiser, "U"}},
                    {{{v1::DOSSIER_STATE_DRAFT, v1::ORG_LEVEL_UNIT}, 1}, {{kSubmitted, v1::ORG_LEVEL_UNIT}, 2},
                     {{kSubmitted, v1::ORG_LEVEL_COMMUNE}, 2}, {{kSubmitted, v1::ORG_LEVEL_PROVINCE}, 1},
                     {{v1::DOSSIER_STATE_DECIDED, v1::ORG_LEVEL_PROVINCE}, 1}});
  ASSERT_GE(appraiser.overdue_size(), 1);
  bool may_accept = false;
  for (const v1::InboxItem& item : appraiser.overdue()) {
    if (item.dossier().id() != at_unit_) continue;
    for (int a : item.allowed_actions()) may_accept |= a == v1::DOSSIER_ACTION_ACCEPT;
  }
  EXPECT_TRUE(may_accept);
}

TEST_F(DossierStatisticsTest, TheSubtreeFilterCountsItsDossiersAndRefusesOrganisationsTheCallerHasNoRoleAbove) {
  SetUpDossiers();
  ExpectAsShown(Person("appraiser", "P"), {{Role::kAppraiser, "P"}}, {{{kSubmitted, v1::ORG_LEVEL_UNIT}, 1}}, "C2");
  ExpectAsShown(Person("appraiser", "P"), {{Role::kAppraiser, "P"}},
                {{{kSubmitted, v1::ORG_LEVEL_UNIT}, 2}, {{kSubmitted, v1::ORG_LEVEL_COMMUNE}, 1},
                 {{kSubmitted, v1::ORG_LEVEL_PROVINCE}, 1}, {{v1::DOSSIER_STATE_DECIDED, v1::ORG_LEVEL_PROVINCE}, 1}},
                "U");
  for (const auto& [role, org, asked] : std::vector<std::tuple<Role, std::string, std::string>>{
           {Role::kAppraiser, "C", "C2"}, {Role::kAppraiser, "C", "P"}, {Role::kSubmitter, "U", "C"}}) {
    v1::GetDossierStatisticsResponse response;
    const grpc::Status status = Statistics(As(role, org), March(asked), &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << org << " asking " << asked;
  }
}

TEST_F(DossierStatisticsTest, TheWindowDefaultsToTwelveWeeksBeforeTodayAndIsChecked) {
  At(3, 20);
  NewDossier();
  v1::GetDossierStatisticsResponse response;
  ASSERT_TRUE(Statistics(As(Role::kAppraiser, "P"), {}, &response).ok());
  // 2025-12-26 (84 days before 03-20) is in the week of Monday 2025-12-22; 03-20 in that of 03-16: 13 weeks.
  ASSERT_EQ(response.weeks_size(), 13);
  EXPECT_EQ(response.weeks(0).week_start().SerializeAsString(), D(2025, 12, 22).SerializeAsString());
  EXPECT_EQ(response.weeks(12).week_start().SerializeAsString(), D(2026, 3, 16).SerializeAsString());
  EXPECT_EQ(response.weeks(12).submitted(), 1);
  for (int w = 0; w < 12; ++w) EXPECT_EQ(response.weeks(w).submitted(), 0);
  EXPECT_EQ(TallyOf(response), (Tally{{{kSubmitted, v1::ORG_LEVEL_UNIT}, 1}}));
  EXPECT_EQ(response.overdue_count(), 0);

  v1::GetDossierStatisticsRequest backwards = March();
  std::swap(*backwards.mutable_from_date(), *backwards.mutable_to_date());
  v1::GetDossierStatisticsRequest too_long = March();
  *too_long.mutable_from_date() = D(2024, 1, 1);
  v1::GetDossierStatisticsRequest bad_date = March();
  *bad_date.mutable_to_date() = D(2026, 2, 30);
  v1::GetDossierStatisticsRequest bad_org = March("không phải mã");
  for (const auto& request : {backwards, too_long, bad_date, bad_org}) {
    EXPECT_EQ(Statistics(As(Role::kAppraiser, "P"), request, &response).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT)
        << request.DebugString();
  }
  EXPECT_EQ(Statistics(WithToken(""), March(), &response).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Statistics(WithToken(Token("scheduler", {}, "scheduler")), March(), &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace tdkt::dossier
