// DossierServiceImpl::GetDossierStatistics (dossier.proto): the console's dashboard of an organisation subtree.
//
// Exactly the dossiers SearchDossiers would show the caller count (workflow/visibility.h). The store selects them
// as the search does, with the rule's organisations as SQL can select them (workflow::VisibleFrom, which
// visibility_test checks against the rule), and tallies in SQL the ones whose holder lies on their stored origin
// path: for them that selection is the rule. The few whose holder left it (the organisation tree changed since)
// come back grouped by everything the rule reads, and the rule decides each group with the directory's ancestry,
// as it decides each row of a search. The overdue list is read like a search page, each row decided by the rule.
#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "base/status_macros.h"
#include "services/common/handler.h"
#include "services/common/proto_conversions.h"
#include "services/common/request_checks.h"
#include "services/dossier/dossier_service.h"
#include "services/dossier/proto_enums.h"
#include "workflow/vietnam_time.h"

namespace tdkt::dossier {
namespace {

namespace wf = workflow;
namespace v1 = tdkt::v1;

constexpr int kOverdueShown = 20;
constexpr int kDefaultWindowDays = 12 * 7;
constexpr int kMaxWeeks = 106;  // two years and a little: a year-on-year chart

// The Monday on or before `day`.
absl::CivilDay MondayOf(absl::CivilDay day) {
  return day - ((static_cast<int>(absl::GetWeekday(day)) - static_cast<int>(absl::Weekday::monday) + 7) % 7);
}

struct Window {
  absl::CivilDay first_monday;
  int weeks = 0;
};

absl::StatusOr<Window> WindowOf(const v1::GetDossierStatisticsRequest& request, absl::CivilDay today) {
  absl::CivilDay to = today;
  if (request.has_to_date()) {
    TDKT_ASSIGN_OR_RETURN(to, common::CheckDate("đến ngày (to_date)", request.to_date()));
  }
  absl::CivilDay from = to - kDefaultWindowDays;
  if (request.has_from_date()) {
    TDKT_ASSIGN_OR_RETURN(from, common::CheckDate("từ ngày (from_date)", request.from_date()));
  }
  if (from > to) return absl::InvalidArgumentError("Từ ngày (from_date) phải không sau đến ngày (to_date)");
  Window window{.first_monday = MondayOf(from), .weeks = static_cast<int>((MondayOf(to) - MondayOf(from)) / 7) + 1};
  if (window.weeks > kMaxWeeks) {
    return absl::InvalidArgumentError("Khoảng thời gian thống kê dài quá 106 tuần (from_date … to_date)");
  }
  return window;
}

}  // namespace

grpc::Status DossierServiceImpl::GetDossierStatistics(grpc::ServerContext* context,
                                                      const v1::GetDossierStatisticsRequest* request,
                                                      v1::GetDossierStatisticsResponse* response) {
  return common::Serve("GetDossierStatistics", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(auth::Identity caller, Caller(*context));
    if (caller.service_name.has_value()) {
      return absl::PermissionDeniedError("Tài khoản dịch vụ không xem thống kê hồ sơ");
    }
    TDKT_RETURN_IF_ERROR(
        common::CheckIdentifier("đơn vị (org_id)", request->org_id(), common::Presence::kOptional));
    const absl::Time now = runner_.clock().Now();
    const absl::CivilDay today = wf::VietnamDate(now);
    TDKT_ASSIGN_OR_RETURN(const Window window, WindowOf(*request, today));
    for (int w = 0; w < window.weeks; ++w) {
      v1::WeeklyCount* week = response->add_weeks();
      *week->mutable_week_start() = common::ToProtoDate(window.first_monday + 7 * w);
    }

    // Every dossier the caller sees lies in the subtree of one of its organisations (its origin path holds the
    // origin, every holder and the holder's ancestors), so "the caller's organisation" needs no subtree filter.
    StatisticsQuery query;
    wf::VisibleFrom from = wf::VisibleFromGrants(caller.grants);
    std::set<std::string> seeing(from.as_origin.begin(), from.as_origin.end());
    seeing.insert(from.as_receiver.begin(), from.as_receiver.end());
    seeing.insert(from.above_holder.begin(), from.above_holder.end());
    query.visible_orgs.assign(seeing.begin(), seeing.end());
    query.origin_orgs = std::move(from.as_origin);
    query.receiver_orgs = std::move(from.as_receiver);
    query.above_holder_orgs = std::move(from.above_holder);
    if (!request->org_id().empty()) {
      std::set<std::string> granted;
      for (const wf::RoleGrant& grant : caller.grants) granted.insert(grant.org_id);
      TDKT_RETURN_IF_ERROR(CheckSubtreeVisible(request->org_id(), granted));
      query.subtree_org_id = request->org_id();
    }
    if (query.visible_orgs.empty()) return absl::OkStatus();
    query.today = today;
    query.window_start = absl::FromCivil(absl::CivilSecond(window.first_monday), wf::VietnamTimeZone());
    query.window_end = query.window_start + absl::Hours(24 * 7 * window.weeks);

    TDKT_ASSIGN_OR_RETURN(DossierStatistics statistics, store_.Statistics(query));
    // Dossiers whose holder left their stored path: the rule decides each group, with the directory's ancestry.
    for (const StatisticsGroup& group : statistics.off_path) {
      TDKT_ASSIGN_OR_RETURN(const BoundReader reader, runner_.BindReader(caller, group.row));
      if (!reader.sees.dossier) continue;
      statistics.counts.push_back(group.tally);
      if (group.weeks.submitted_week || group.weeks.decided_week) statistics.weeks.push_back(group.weeks);
    }
    std::map<std::pair<v1::DossierState, v1::OrgLevel>, int64_t> counts;
    int64_t overdue = 0;
    for (const StateLevelTally& tally : statistics.counts) {
      counts[{ToProto(tally.state), common::ToProto(tally.level)}] += tally.count;
      overdue += tally.overdue;
    }
    for (const WeekTally& tally : statistics.weeks) {
      if (tally.submitted_week && *tally.submitted_week >= 0 && *tally.submitted_week < window.weeks) {
        v1::WeeklyCount* week = response->mutable_weeks(*tally.submitted_week);
        week->set_submitted(week->submitted() + tally.count);
      }
      if (tally.decided_week && *tally.decided_week >= 0 && *tally.decided_week < window.weeks) {
        v1::WeeklyCount* week = response->mutable_weeks(*tally.decided_week);
        week->set_decided(week->decided() + tally.count);
      }
    }
    for (const auto& [key, count] : counts) {
      v1::StateLevelCount* c = response->add_counts();
      c->set_state(key.first);
      c->set_level(key.second);
      c->set_count(count);
    }
    response->set_overdue_count(overdue);

    // The most overdue, page by page until 20 are shown: the rule may hide a row the SQL selected (should the
    // organisation tree have changed since the dossier's path was stored).
    std::optional<OverdueKey> after;
    while (overdue > 0 && response->overdue_size() < kOverdueShown) {
      TDKT_ASSIGN_OR_RETURN(const std::vector<OverdueRow> rows, store_.OverduePage(query, after, kOverdueShown));
      for (const OverdueRow& row : rows) {
        if (response->overdue_size() == kOverdueShown) break;
        const LoadedDossier& loaded = row.loaded;
        TDKT_ASSIGN_OR_RETURN(const BoundReader reader, runner_.BindReader(caller, loaded.row));
        if (!reader.sees.dossier) continue;
        v1::InboxItem* item = response->add_overdue();
        *item->mutable_dossier() = ViewFor(reader.sees, loaded);
        for (wf::CommandKind kind : runner_.AllowedActions(reader.actor, loaded.row.snapshot)) {
          item->add_allowed_actions(ToProto(kind));
        }
      }
      if (rows.size() < static_cast<size_t>(kOverdueShown)) break;
      after = rows.back().key;
    }
    return absl::OkStatus();
  });
}

}  // namespace tdkt::dossier
