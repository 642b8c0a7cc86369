#include "services/scheduler/scheduler_service.h"

#include <algorithm>
#include <set>

#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "base/iso_date.h"
#include "base/status_macros.h"
#include "services/auth/grpc_identity.h"
#include "services/common/handler.h"
#include "services/common/paging.h"
#include "services/common/proto_conversions.h"
#include "services/common/proto_time.h"
#include "services/common/request_checks.h"
#include "workflow/vietnam_time.h"

namespace tdkt::scheduler {
namespace {

constexpr int kDefaultWindowDays = 30;
constexpr int kMaxWindowDays = 366;

absl::Status NoRight() {
  return absl::PermissionDeniedError(
      "Bạn không có vai trò tại đơn vị này hoặc đơn vị cấp trên của nó (no role at or above the organisation)");
}

}  // namespace

SchedulerServiceImpl::SchedulerServiceImpl(common::PgPool* pool, const auth::TokenVerifier* verifier,
                                           const OrgTree* orgs, const SchedulerCalendar* calendar, const base::Clock* clock,
                                           absl::Duration late_after)
    : pool_(pool), verifier_(verifier), orgs_(orgs), calendar_(calendar), clock_(clock), late_after_(late_after) {}

absl::Status SchedulerServiceImpl::CheckRoleAtOrAbove(const auth::Identity& caller, const std::string& org_id) const {
  std::set<std::string> granted;
  for (const workflow::RoleGrant& grant : caller.grants) granted.insert(grant.org_id);
  if (granted.contains(org_id)) return absl::OkStatus();
  if (granted.empty()) return NoRight();
  TDKT_ASSIGN_OR_RETURN(const std::vector<std::string> ancestors,
                        orgs_->Ancestors(org_id, workflow::VietnamDate(clock_->Now())));
  for (const std::string& ancestor : ancestors) {
    if (granted.contains(ancestor)) return absl::OkStatus();
  }
  return NoRight();
}

tdkt::v1::Timer SchedulerServiceImpl::ToProto(const TimerRow& row) const {
  tdkt::v1::Timer timer;
  timer.set_id(row.id);
  timer.set_kind(static_cast<tdkt::v1::TimerKind>(row.kind));
  timer.set_status(static_cast<tdkt::v1::TimerStatus>(row.status));
  timer.set_dossier_id(row.dossier_id);
  timer.set_deadline_id(row.deadline_id);
  timer.set_campaign_deadline_id(row.campaign_deadline_id);
  timer.set_level(static_cast<tdkt::v1::OrgLevel>(row.level));
  timer.set_org_id(row.org_id);
  timer.set_reminder_kind(static_cast<tdkt::v1::ReminderKind>(row.reminder_kind));
  *timer.mutable_due_date() = common::ToProtoDate(row.due_date);
  if (row.reminder_kind == tdkt::v1::REMINDER_KIND_BEFORE_DUE) timer.set_working_days_before_due(row.step);
  if (row.reminder_kind == tdkt::v1::REMINDER_KIND_OVERDUE || row.kind == tdkt::v1::TIMER_KIND_ESCALATION) {
    timer.set_overdue_working_days(row.step);
  }
  *timer.mutable_fire_on() = common::ToProtoDate(row.fire_on);
  *timer.mutable_fire_at() = common::ToProtoTime(row.fire_at);
  if (row.fired_at) *timer.mutable_fired_at() = common::ToProtoTime(*row.fired_at);
  timer.set_attempts(row.attempts);
  timer.set_last_error(row.last_error);
  timer.set_lateness_ms(row.lateness_ms.value_or(0));
  timer.set_late(absl::Milliseconds(row.lateness_ms.value_or(0)) > late_after_);
  return timer;
}

grpc::Status SchedulerServiceImpl::ListDossierTimers(grpc::ServerContext* context,
                                                     const tdkt::v1::ListDossierTimersRequest* request,
                                                     tdkt::v1::ListDossierTimersResponse* response) {
  return common::Serve("ListDossierTimers", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, auth::AuthenticatedIdentity(*context, *verifier_));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("mã hồ sơ (dossier_id)", request->dossier_id()));
    std::vector<TimerRow> rows;
    TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& txn) {
      rows = TimerStore::DossierTimers(txn, request->dossier_id());
      return absl::OkStatus();
    }));
    // Each level's standing body, and those above it, see the timers of the levels that held the dossier.
    std::set<std::string> orgs;
    for (const TimerRow& row : rows) orgs.insert(row.org_id);
    absl::Status allowed = NoRight();
    for (const std::string& org : orgs) {
      allowed = CheckRoleAtOrAbove(caller, org);
      if (allowed.ok()) break;
    }
    if (rows.empty() || !allowed.ok()) {
      // The same answer for an unknown dossier and one the caller may not see.
      return absl::NotFoundError("Không có hẹn giờ nào của hồ sơ này mà bạn được xem (no visible timers)");
    }
    for (const TimerRow& row : rows) *response->add_timers() = ToProto(row);
    return absl::OkStatus();
  });
}

grpc::Status SchedulerServiceImpl::ListUpcomingReminders(grpc::ServerContext* context,
                                                         const tdkt::v1::ListUpcomingRemindersRequest* request,
                                                         tdkt::v1::ListUpcomingRemindersResponse* response) {
  return common::Serve("ListUpcomingReminders", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, auth::AuthenticatedIdentity(*context, *verifier_));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("đơn vị (org_subtree_id)", request->org_subtree_id()));
    const absl::CivilDay today = workflow::VietnamDate(clock_->Now());
    absl::CivilDay from = today;
    if (request->has_from()) {
      TDKT_ASSIGN_OR_RETURN(from, common::CheckDate("từ ngày (from)", request->from()));
    }
    absl::CivilDay until = from + kDefaultWindowDays;
    if (request->has_until()) {
      TDKT_ASSIGN_OR_RETURN(until, common::CheckDate("đến ngày (until)", request->until()));
    }
    if (until < from || until - from > kMaxWindowDays) {
      return absl::InvalidArgumentError(
          "Khoảng ngày (from, until) không hợp lệ: đến ngày phải sau từ ngày, tối đa 366 ngày");
    }
    TDKT_RETURN_IF_ERROR(CheckRoleAtOrAbove(caller, request->org_subtree_id()));
    const std::string filter =
        absl::StrCat(request->org_subtree_id(), "|", base::FormatIsoDate(from), "|", base::FormatIsoDate(until));
    TDKT_ASSIGN_OR_RETURN(const common::Page page, common::DecodePage(request->page(), "upcoming", filter));
    TimerStore::UpcomingQuery query;
    query.from = from;
    query.until = until;
    query.limit = page.size + 1;
    TDKT_ASSIGN_OR_RETURN(query.org_ids, orgs_->Subtree(request->org_subtree_id(), today));
    if (page.after) {
      int64_t micros = 0;
      if (!absl::SimpleAtoi(page.after->sort_key, &micros)) {
        return absl::InvalidArgumentError("Mã trang (page_token) không hợp lệ");
      }
      query.after = std::make_pair(micros, page.after->id);
    }
    std::vector<TimerRow> rows;
    TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& txn) {
      rows = TimerStore::UpcomingTimers(txn, query);
      return absl::OkStatus();
    }));
    const size_t shown = std::min(rows.size(), static_cast<size_t>(page.size));
    for (size_t i = 0; i < shown; ++i) *response->add_timers() = ToProto(rows[i]);
    if (rows.size() > shown) {
      const TimerRow& last = rows[shown - 1];
      response->mutable_page()->set_next_page_token(
          common::EncodePageToken("upcoming", filter, {absl::StrCat(absl::ToUnixMicros(last.fire_at)), last.id}));
    }
    return absl::OkStatus();
  });
}

}  // namespace tdkt::scheduler
