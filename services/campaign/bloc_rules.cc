#include "services/campaign/bloc_rules.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "services/common/request_checks.h"

namespace tdkt::campaign {
namespace {

using common::CheckIdentifier;
using common::CheckText;
using common::Presence;

absl::Status Invalid(const std::string& message) { return absl::InvalidArgumentError(message); }

// Totals are sums of a few hundred fractions: values closer than this are equal (a tie), not rounding noise.
constexpr double kTieTolerance = 1e-9;

// <0 when `a` ranks before `b`, 0 when they tie, >0 after.
int Compare(const tdkt::v1::BlocRankingRow& a, const tdkt::v1::BlocRankingRow& b) {
  if ((a.scorings_received() == 0) != (b.scorings_received() == 0)) return a.scorings_received() == 0 ? 1 : -1;
  if (std::fabs(a.total() - b.total()) > kTieTolerance) return a.total() > b.total() ? -1 : 1;
  for (int c = 0; c < a.criterion_averages_size(); ++c) {
    const double x = a.criterion_averages(c), y = b.criterion_averages(c);
    if (std::fabs(x - y) > kTieTolerance) return x > y ? -1 : 1;
  }
  return 0;
}

}  // namespace

absl::Status CheckBlocFields(tdkt::v1::Bloc& bloc, const workflow::catalog::Catalog& catalog) {
  TDKT_RETURN_IF_ERROR(
      CheckText("tên khối thi đua (bloc.name_vi)", bloc.name_vi(), {.max_chars = 200, .presence = Presence::kRequired}));
  TDKT_RETURN_IF_ERROR(CheckIdentifier("đơn vị quản lý khối (bloc.manager_org_id)", bloc.manager_org_id()));
  if (bloc.year() < 2000 || bloc.year() > 2200) return Invalid("Năm của khối thi đua (bloc.year) không hợp lệ");
  if (bloc.award_code().empty()) bloc.set_award_code(kDefaultBlocAward);
  if (bloc.award_places() == 0) bloc.set_award_places(kDefaultBlocAwardPlaces);
  TDKT_RETURN_IF_ERROR(CheckIdentifier("mã khen thưởng của khối (bloc.award_code)", bloc.award_code()));
  const absl::CivilDay from = YearStart(bloc.year()), until = YearEnd(bloc.year());
  const bool collective_award = std::any_of(
      catalog.awards().begin(), catalog.awards().end(), [&](const workflow::AwardDefinition& award) {
        return award.code == bloc.award_code() && award.valid_from <= until &&
               (!award.valid_until || from <= *award.valid_until) &&
               std::find(award.subjects.begin(), award.subjects.end(), workflow::AwardSubject::kCollective) !=
                   award.subjects.end();
      });
  if (!collective_award) {
    return Invalid(
        "Mã khen thưởng của khối (bloc.award_code) không phải một hình thức khen thưởng tập thể trong danh mục của năm");
  }
  if (bloc.award_places() < 1 || bloc.award_places() > 50) {
    return Invalid("Số đơn vị được đề nghị khen thưởng của khối (bloc.award_places) phải từ 1 đến 50");
  }
  TDKT_RETURN_IF_ERROR(CheckIdentifier("khối trưởng (bloc.head_org_id)", bloc.head_org_id(), Presence::kOptional));
  TDKT_RETURN_IF_ERROR(
      CheckIdentifier("khối của năm trước (bloc.previous_bloc_id)", bloc.previous_bloc_id(), Presence::kOptional));
  std::set<std::string> seen;
  for (int i = 0; i < bloc.members_size(); ++i) {
    const std::string& org = bloc.members(i).org_id();
    TDKT_RETURN_IF_ERROR(CheckIdentifier(absl::StrCat("đơn vị thành viên (bloc.members[", i, "].org_id)"), org));
    if (!seen.insert(org).second) {
      return Invalid(absl::StrCat("Đơn vị thành viên (bloc.members[", i, "]) bị lặp lại"));
    }
  }
  if (bloc.members_size() > kMaxBlocMembers) {
    return Invalid(absl::StrCat("Khối thi đua có tối đa ", kMaxBlocMembers, " thành viên (bloc.members)"));
  }
  return absl::OkStatus();
}

absl::Status CheckMemberIds(const google::protobuf::RepeatedPtrField<std::string>& org_ids, const std::string& field) {
  if (org_ids.empty() || org_ids.size() > kMaxBlocMembers) {
    return Invalid(absl::StrCat("Cần từ 1 đến ", kMaxBlocMembers, " đơn vị thành viên (", field, ")"));
  }
  std::set<std::string> seen;
  for (int i = 0; i < org_ids.size(); ++i) {
    TDKT_RETURN_IF_ERROR(CheckIdentifier(absl::StrCat("đơn vị thành viên (", field, "[", i, "])"), org_ids[i]));
    if (!seen.insert(org_ids[i]).second) return Invalid(absl::StrCat("Đơn vị thành viên (", field, "[", i, "]) bị lặp lại"));
  }
  return absl::OkStatus();
}

absl::Status CheckCriteria(const google::protobuf::RepeatedPtrField<tdkt::v1::BlocCriterion>& criteria) {
  if (criteria.empty() || criteria.size() > kMaxBlocCriteria) {
    return Invalid(absl::StrCat("Giao ước cần từ 1 đến ", kMaxBlocCriteria, " tiêu chí (criteria)"));
  }
  std::set<std::string> codes;
  int weights = 0;
  for (int i = 0; i < criteria.size(); ++i) {
    const tdkt::v1::BlocCriterion& c = criteria[i];
    const std::string where = absl::StrCat("criteria[", i, "]");
    TDKT_RETURN_IF_ERROR(CheckIdentifier(absl::StrCat("mã tiêu chí (", where, ".code)"), c.code()));
    if (!codes.insert(c.code()).second) return Invalid(absl::StrCat("Mã tiêu chí (", where, ".code) bị lặp lại"));
    TDKT_RETURN_IF_ERROR(CheckText(absl::StrCat("tên tiêu chí (", where, ".name_vi)"), c.name_vi(),
                                   {.max_chars = 300, .presence = Presence::kRequired}));
    if (c.weight() < 1 || c.weight() > 100) {
      return Invalid(absl::StrCat("Trọng số của tiêu chí (", where, ".weight) phải từ 1 đến 100"));
    }
    if (c.max_score() < 1 || c.max_score() > kMaxCriterionScore) {
      return Invalid(absl::StrCat("Điểm tối đa của tiêu chí (", where, ".max_score) phải từ 1 đến ", kMaxCriterionScore));
    }
    weights += c.weight();
  }
  if (weights != 100) {
    return Invalid(absl::StrCat("Tổng trọng số các tiêu chí của giao ước (criteria.weight) phải bằng 100, hiện là ",
                                weights));
  }
  return absl::OkStatus();
}

absl::CivilDay YearStart(int year) { return absl::CivilDay(year, 1, 1); }
absl::CivilDay YearEnd(int year) { return absl::CivilDay(year, 12, 31); }

std::string RotatedHead(const tdkt::v1::Bloc& previous, const std::vector<std::string>& members) {
  if (members.empty()) return "";
  const auto& last = previous.members();
  const auto head = std::find_if(last.begin(), last.end(), [&](const tdkt::v1::BlocMember& m) {
    return m.org_id() == previous.head_org_id();
  });
  if (head != last.end()) {
    const int from = static_cast<int>(head - last.begin());
    for (int step = 1; step <= last.size(); ++step) {
      const std::string& candidate = last[(from + step) % last.size()].org_id();
      if (std::find(members.begin(), members.end(), candidate) != members.end()) return candidate;
    }
  }
  return members.front();
}

absl::StatusOr<std::vector<int>> ScoresInPledgeOrder(
    const tdkt::v1::Bloc& bloc, const google::protobuf::RepeatedPtrField<tdkt::v1::CriterionScore>& scores) {
  if (scores.size() != bloc.criteria_size()) {
    return Invalid(absl::StrCat("Cần chấm đủ ", bloc.criteria_size(), " tiêu chí của giao ước, mỗi tiêu chí một lần (scores)"));
  }
  std::vector<int> ordered(bloc.criteria_size(), -1);
  for (int i = 0; i < scores.size(); ++i) {
    const tdkt::v1::CriterionScore& s = scores[i];
    const auto criterion = std::find_if(bloc.criteria().begin(), bloc.criteria().end(),
                                        [&](const tdkt::v1::BlocCriterion& c) { return c.code() == s.criterion_code(); });
    if (criterion == bloc.criteria().end()) {
      return Invalid(absl::StrCat("Tiêu chí (scores[", i, "].criterion_code) không có trong giao ước"));
    }
    const int index = static_cast<int>(criterion - bloc.criteria().begin());
    if (ordered[index] != -1) return Invalid(absl::StrCat("Tiêu chí (scores[", i, "].criterion_code) được chấm hai lần"));
    if (s.score() < 0 || s.score() > criterion->max_score()) {
      return Invalid(absl::StrCat("Điểm của tiêu chí (scores[", i, "].score) phải từ 0 đến ", criterion->max_score()));
    }
    ordered[index] = s.score();
  }
  return ordered;
}

tdkt::v1::BlocRanking RankBloc(const tdkt::v1::Bloc& bloc, const std::vector<ScoringRow>& scorings) {
  tdkt::v1::BlocRanking ranking;
  ranking.set_award_code(bloc.award_code());
  ranking.set_award_places(bloc.award_places());
  ranking.set_scorings_expected(bloc.members_size() * (bloc.members_size() - 1));
  ranking.set_scorings_received(static_cast<int>(scorings.size()));
  std::vector<tdkt::v1::BlocRankingRow> rows;
  for (const tdkt::v1::BlocMember& member : bloc.members()) {
    tdkt::v1::BlocRankingRow row;
    row.set_org_id(member.org_id());
    std::vector<double> sums(bloc.criteria_size(), 0.0);
    for (const ScoringRow& scoring : scorings) {
      if (scoring.scored_org_id != member.org_id()) continue;
      row.set_scorings_received(row.scorings_received() + 1);
      for (int c = 0; c < bloc.criteria_size(); ++c) sums[c] += scoring.scores[c];
    }
    double total = 0;
    for (int c = 0; c < bloc.criteria_size(); ++c) {
      const tdkt::v1::BlocCriterion& criterion = bloc.criteria(c);
      const double average = row.scorings_received() == 0 ? 0.0 : sums[c] / row.scorings_received();
      const double weighted = criterion.weight() * average / criterion.max_score();
      row.add_criterion_averages(weighted);
      total += weighted;
    }
    row.set_total(total);
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    const int order = Compare(a, b);
    return order != 0 ? order < 0 : a.org_id() < b.org_id();
  });
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i].set_rank(i > 0 && Compare(rows[i - 1], rows[i]) == 0 ? rows[i - 1].rank() : static_cast<int>(i) + 1);
    rows[i].set_proposed(rows[i].scorings_received() > 0 && rows[i].rank() <= bloc.award_places());
  }
  for (tdkt::v1::BlocRankingRow& row : rows) *ranking.add_rows() = std::move(row);
  return ranking;
}

}  // namespace tdkt::campaign
