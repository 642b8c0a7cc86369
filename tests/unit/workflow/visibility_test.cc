// The visibility rule (workflow/visibility.h) as a matrix: every role × every position an organisation can
// have on a dossier's path × every state, before and after submission; then the SQL form of the rule
// (VisibleFromGrants) against the function over the same matrix, and the cases that were wrong before the rule
// existed, by name.
#include "workflow/visibility.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tdkt::workflow {
namespace {

using P = PathPosition;

constexpr Role kRoles[] = {Role::kSubmitter, Role::kAppraiser, Role::kCouncilMember, Role::kCouncilChair,
                           Role::kDecider, Role::kAdmin};

// A dossier path on which the organisation "X" stands at a given set of positions. U is another unit, Y another
// level, A an ancestor of the holder other than X.
struct Path {
  const char* name;
  PathPositionSet positions;  // of X, as intended (checked against PositionsOf)
  std::string origin, holder;
  std::vector<std::string> held, above;
};

const std::vector<Path>& Paths() {
  static const std::vector<Path> paths = {
      {"origin and holder", {P::kOrigin, P::kHolder}, "X", "X", {"X"}, {"A"}},
      {"origin, moved up", {P::kOrigin, P::kEarlierHolder}, "X", "Y", {"X", "Y"}, {"A"}},
      {"holder", {P::kHolder}, "U", "X", {"U", "X"}, {"A"}},
      {"earlier holder", {P::kEarlierHolder}, "U", "Y", {"U", "X", "Y"}, {"A"}},
      {"above the holder", {P::kAboveHolder}, "U", "Y", {"U", "Y"}, {"X", "A"}},
      {"origin only", {P::kOrigin}, "X", "Y", {"Y"}, {"A"}},
      {"unrelated", {}, "U", "Y", {"U", "Y"}, {"A"}},
  };
  return paths;
}

DossierWhereabouts WhereaboutsOf(const Path& path, DossierState state, bool submitted) {
  return DossierWhereabouts{.origin_org_id = path.origin, .holder_org_id = path.holder, .held_org_ids = path.held,
                            .holder_ancestor_org_ids = path.above, .state = state, .submitted = submitted};
}

// The expected sight, one row per role, one column per path above: '-' nothing, 'd' the dossier, 'D' with its
// documents, 'P' with the ID number too.
struct ExpectedRow {
  Role role;
  const char* before_submission;
  const char* once_submitted;
};
constexpr ExpectedRow kExpected[] = {
    //                          O+H  O+E  H    E    A    O    -
    {Role::kSubmitter,        "PP---P-", "PP---P-"},
    {Role::kAppraiser,        "PPPP---", "PPPPd--"},
    {Role::kCouncilMember,    "DDDD---", "DDDD---"},
    {Role::kCouncilChair,     "PPPP---", "PPPPd--"},
    {Role::kDecider,          "PPPP---", "PPPPd--"},
    {Role::kAdmin,            "-------", "-------"},
};

Visibility FromCode(char code) {
  return Visibility{.dossier = code != '-', .documents = code == 'D' || code == 'P', .personal_data = code == 'P'};
}

TEST(Visibility, PathsPutTheOrganisationWhereTheyClaim) {
  for (const Path& path : Paths()) {
    EXPECT_EQ(PositionsOf("X", WhereaboutsOf(path, DossierState::kSubmitted, true)), path.positions) << path.name;
  }
}

TEST(Visibility, EveryRoleAtEveryPositionInEveryState) {
  int cases = 0;
  for (const ExpectedRow& row : kExpected) {
    for (size_t p = 0; p < Paths().size(); ++p) {
      const Path& path = Paths()[p];
      for (int s = 0; s < kDossierStateCount; ++s) {
        const auto state = static_cast<DossierState>(s);
        for (bool submitted : {false, true}) {
          if (state != DossierState::kDraft && state != DossierState::kWithdrawn && !submitted) continue;
          if (state == DossierState::kDraft && submitted) continue;  // a draft never was
          Visibility expected = FromCode((submitted ? row.once_submitted : row.before_submission)[p]);
          expected.ballot_participation = state == DossierState::kCouncilVoting &&
                                          path.positions.Contains(P::kHolder) &&
                                          (row.role == Role::kCouncilChair || row.role == Role::kAppraiser);
          const RoleGrant grant{row.role, "X"};
          EXPECT_EQ(VisibilityOf({&grant, 1}, WhereaboutsOf(path, state, submitted)), expected)
              << "role " << static_cast<int>(row.role) << " at " << path.name << " in " << DossierStateCode(state)
              << (submitted ? " (submitted)" : " (never submitted)");
          ++cases;
        }
      }
    }
  }
  EXPECT_EQ(cases, 6 * 7 * 12);
}

TEST(Visibility, TheSqlFormSelectsExactlyTheDossiersTheFunctionShows) {
  auto any_in = [](const std::vector<std::string>& ids, const std::vector<std::string>& orgs) {
    for (const std::string& id : ids) {
      for (const std::string& org : orgs) {
        if (id == org) return true;
      }
    }
    return false;
  };
  for (Role role : kRoles) {
    const RoleGrant grant{role, "X"};
    const VisibleFrom from = VisibleFromGrants({&grant, 1});
    for (const Path& path : Paths()) {
      for (bool submitted : {false, true}) {
        const bool selected = any_in({path.origin}, from.as_origin) || any_in(path.held, from.as_receiver) ||
                              (submitted && any_in(path.above, from.above_holder));
        const DossierState state = submitted ? DossierState::kUnderReview : DossierState::kDraft;
        EXPECT_EQ(selected, VisibilityOf({&grant, 1}, WhereaboutsOf(path, state, submitted)).dossier)
            << "role " << static_cast<int>(role) << " at " << path.name << (submitted ? " (submitted)" : "");
      }
    }
  }
}

TEST(Visibility, AGrantThatSeesNothingAddsNothingAndTheBestGrantWins) {
  const Path& held_before = Paths()[3];  // X held it before
  const std::vector<RoleGrant> grants = {{Role::kSubmitter, "X"}, {Role::kCouncilMember, "X"},
                                         {Role::kAppraiser, "elsewhere"}};
  const Visibility v = VisibilityOf(grants, WhereaboutsOf(held_before, DossierState::kSubmitted, true));
  EXPECT_TRUE(v.documents);
  EXPECT_FALSE(v.personal_data);  // a member, and a submitter of another unit's dossier
  EXPECT_EQ(VisibilityOf({}, WhereaboutsOf(held_before, DossierState::kSubmitted, true)), Visibility{});
}

// The cases the rule was written for, on the tree U → C → P.
TEST(Visibility, ALevelThatAppraisedADossierKeepsSeeingItAfterItMovesUp) {
  const std::vector<std::string> held = {"U", "C", "P"}, above = {};
  const DossierWhereabouts at_province{.origin_org_id = "U", .holder_org_id = "P", .held_org_ids = held,
                                       .holder_ancestor_org_ids = above, .state = DossierState::kSubmitted,
                                       .submitted = true};
  for (Role role : {Role::kAppraiser, Role::kCouncilChair}) {
    const RoleGrant commune{role, "C"};
    EXPECT_TRUE(VisibilityOf({&commune, 1}, at_province).personal_data);
  }
}

TEST(Visibility, ALevelAboveSeesWhereASubmittedDossierIsButNotItsIdNumberAndNeverADraft) {
  const std::vector<std::string> held = {"U"}, above = {"C", "P"};
  DossierWhereabouts at_unit{.origin_org_id = "U", .holder_org_id = "U", .held_org_ids = held,
                             .holder_ancestor_org_ids = above, .state = DossierState::kDraft, .submitted = false};
  for (const RoleGrant& above_it : {RoleGrant{Role::kAppraiser, "C"}, RoleGrant{Role::kDecider, "P"}}) {
    EXPECT_EQ(VisibilityOf({&above_it, 1}, at_unit), Visibility{});
  }
  at_unit.state = DossierState::kSubmitted;
  at_unit.submitted = true;
  const RoleGrant province{Role::kAppraiser, "P"};
  EXPECT_EQ(VisibilityOf({&province, 1}, at_unit), Visibility{.dossier = true});
}

TEST(Visibility, ASubmitterNeverSeesWhoHasVotedNotEvenAtTheUnitsOwnCouncil) {
  const std::vector<std::string> held = {"U"}, above = {"C"};
  const DossierWhereabouts voting{.origin_org_id = "U", .holder_org_id = "U", .held_org_ids = held,
                                  .holder_ancestor_org_ids = above, .state = DossierState::kCouncilVoting,
                                  .submitted = true};
  const RoleGrant submitter{Role::kSubmitter, "U"}, chair{Role::kCouncilChair, "U"}, member{Role::kCouncilMember, "U"};
  EXPECT_FALSE(VisibilityOf({&submitter, 1}, voting).ballot_participation);
  EXPECT_FALSE(VisibilityOf({&member, 1}, voting).ballot_participation);
  EXPECT_TRUE(VisibilityOf({&chair, 1}, voting).ballot_participation);
  EXPECT_EQ(SystemVisibility(), Visibility{.dossier = true});
}

}  // namespace
}  // namespace tdkt::workflow
