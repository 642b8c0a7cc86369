#pragma once
// The rules of emulation blocs and pledges (khối thi đua, giao ước thi đua), pure: no I/O. Refusals of input are
// INVALID_ARGUMENT with a Vietnamese message naming the field (API path in parentheses).
//
//   TDKT_RETURN_IF_ERROR(CheckBlocFields(request.bloc(), catalog));
//   TDKT_RETURN_IF_ERROR(CheckCriteria(request.criteria()));
//   const std::string head = RotatedHead(last_year, this_year_members);
//   const tdkt::v1::BlocRanking ranking = RankBloc(bloc, scorings);
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "tdkt/v1/bloc.pb.h"
#include "workflow/catalog/catalog.h"

namespace tdkt::campaign {

// The award a bloc's leaders are proposed for when the request names none: the province's Cờ thi đua
// (docs/domain.md §3: "Cờ thi đua cấp tỉnh"; the province's flags go to the bloc leaders).
inline constexpr char kDefaultBlocAward[] = "CO_THI_DUA_TINH";
// How many members of a bloc are proposed when the request does not say. ASSUMPTION: docs/domain.md does not say
// how many flags a bloc gets; one per bloc, a parameter of each bloc.
inline constexpr int kDefaultBlocAwardPlaces = 1;
inline constexpr int kMaxBlocMembers = 100;
inline constexpr int kMaxBlocCriteria = 30;
inline constexpr int kMaxCriterionScore = 1000;

// Fills the defaults (award code and places) and checks the writable fields of a new bloc: the name (NFC,
// required), the managing organisation, the year (2000–2200), the award (a collective award of the catalogue
// valid during the year), 1..50 places, distinct member ids, the head and the previous bloc as identifiers
// when given.
absl::Status CheckBlocFields(tdkt::v1::Bloc& bloc, const workflow::catalog::Catalog& catalog);

// Member ids to add: 1..kMaxBlocMembers distinct identifiers.
absl::Status CheckMemberIds(const google::protobuf::RepeatedPtrField<std::string>& org_ids, const std::string& field);

// The pledge's criteria: 1..kMaxBlocCriteria, distinct codes, a name each, weights 1..100 summing to 100, maximum
// scores 1..kMaxCriterionScore.
absl::Status CheckCriteria(const google::protobuf::RepeatedPtrField<tdkt::v1::BlocCriterion>& criteria);

// The first and last day of the bloc's year.
absl::CivilDay YearStart(int year);
absl::CivilDay YearEnd(int year);

// This year's head when rotating from `previous`: the first member after last year's head in last year's order
// (wrapping around) that is in `members`; the first of `members` when last year had no head or none of last
// year's members stayed; empty when `members` is empty.
std::string RotatedHead(const tdkt::v1::Bloc& previous, const std::vector<std::string>& members);

// A scoring's scores in the pledge's criteria order: exactly one score per criterion, each 0..its max_score.
absl::StatusOr<std::vector<int>> ScoresInPledgeOrder(const tdkt::v1::Bloc& bloc,
                                                     const google::protobuf::RepeatedPtrField<tdkt::v1::CriterionScore>& scores);

// One stored scoring: scores in the pledge's criteria order.
struct ScoringRow {
  std::string scorer_org_id;
  std::string scored_org_id;
  std::vector<int> scores;
};

// The ranking of the bloc's members from `scorings` (BlocRankingRow explains total, ties and proposals). A member
// who received no scoring has total 0 and ranks after every scored member. Rows are by rank, then org id.
tdkt::v1::BlocRanking RankBloc(const tdkt::v1::Bloc& bloc, const std::vector<ScoringRow>& scorings);

}  // namespace tdkt::campaign
