// SchedulerServiceImpl: campaign deadlines — a due date an organisation sets for its subtree, with reminders to
// every organisation below it until that organisation is marked done.
#include <algorithm>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "base/sha256.h"
#include "base/status_macros.h"
#include "services/auth/grpc_identity.h"
#include "services/common/handler.h"
#include "services/common/idempotency.h"
#include "services/common/proto_time.h"
#include "services/common/request_checks.h"
#include "services/scheduler/campaign_store.h"
#include "services/scheduler/scheduler_service.h"
#include "workflow/vietnam_time.h"

namespace tdkt::scheduler {
namespace {

bool IsCode(const std::string& code) {
  return !code.empty() && code.size() <= 64 && std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.';
  });
}

}  // namespace

absl::Status SchedulerServiceImpl::MaySetCampaigns(const auth::Identity& caller, const std::string& org_id) {
  // The campaign service hands over the due dates of campaigns it has authorised itself (its account has no role).
  if (IsCampaignService(caller)) return absl::OkStatus();
  const bool may = std::any_of(caller.grants.begin(), caller.grants.end(), [&](const workflow::RoleGrant& grant) {
    return grant.org_id == org_id && (grant.role == workflow::Role::kAdmin || grant.role == workflow::Role::kAppraiser);
  });
  if (may) return absl::OkStatus();
  return absl::PermissionDeniedError(
      "Chỉ quản trị viên hoặc cán bộ thẩm định của đơn vị mới được đặt hạn cho đơn vị (admin or appraiser only)");
}

absl::StatusOr<SchedulerServiceImpl::CampaignPlan> SchedulerServiceImpl::PlanCampaign(
    const tdkt::v1::CampaignDeadline& deadline) const {
  CampaignPlan plan;
  plan.due = absl::CivilDay(deadline.due_on().year(), deadline.due_on().month(), deadline.due_on().day());
  TDKT_ASSIGN_OR_RETURN(
      plan.orgs, orgs_->Subtree(deadline.org_id(), workflow::VietnamDate(clock_->Now()), deadline.applies_to_level()));
  // The setting organisation sets; it is not reminded.
  plan.orgs.erase(std::remove(plan.orgs.begin(), plan.orgs.end(), deadline.org_id()), plan.orgs.end());
  const std::vector<int> days(deadline.remind_working_days_before().begin(),
                              deadline.remind_working_days_before().end());
  TDKT_ASSIGN_OR_RETURN(plan.timers, calendar_->Planner()->PlanCampaign(plan.due, days, clock_->Now()));
  return plan;
}

absl::StatusOr<tdkt::v1::CampaignDeadline> SchedulerServiceImpl::CheckedCampaign(
    const tdkt::v1::CampaignDeadline& requested) const {
  tdkt::v1::CampaignDeadline d = requested;
  TDKT_RETURN_IF_ERROR(common::CheckIdentifier("đơn vị đặt hạn (deadline.org_id)", d.org_id()));
  TDKT_RETURN_IF_ERROR(common::CheckEnum("loại hạn (deadline.kind)", d.kind(), tdkt::v1::CampaignDeadlineKind_IsValid));
  TDKT_RETURN_IF_ERROR(common::CheckText("tên hạn (deadline.name_vi)", d.name_vi(),
                                         {.max_chars = 200, .presence = common::Presence::kRequired}));
  TDKT_RETURN_IF_ERROR(common::CheckEnum("cấp áp dụng (deadline.applies_to_level)", d.applies_to_level(),
                                         tdkt::v1::OrgLevel_IsValid, common::Presence::kOptional));
  if (d.year() < 2000 || d.year() > 2200) return absl::InvalidArgumentError("Năm (deadline.year) không hợp lệ");
  for (const std::string& code : d.award_codes()) {
    if (!IsCode(code)) return absl::InvalidArgumentError("Mã danh hiệu (deadline.award_codes) không hợp lệ");
  }
  TDKT_ASSIGN_OR_RETURN(const absl::CivilDay due, common::CheckDate("hạn cuối (deadline.due_on)", d.due_on()));
  if (d.has_opens_on()) {
    TDKT_ASSIGN_OR_RETURN(const absl::CivilDay opens, common::CheckDate("ngày mở (deadline.opens_on)", d.opens_on()));
    if (opens > due) return absl::InvalidArgumentError("Ngày mở (opens_on) phải trước hạn cuối (due_on)");
  }
  if (d.remind_working_days_before().empty()) {
    d.add_remind_working_days_before(3);
    d.add_remind_working_days_before(1);
  }
  for (const int days : d.remind_working_days_before()) {
    if (days < 1 || days > 30) {
      return absl::InvalidArgumentError("Số ngày làm việc nhắc trước (remind_working_days_before) phải từ 1 đến 30");
    }
  }
  if (due < workflow::VietnamDate(clock_->Now())) {
    return absl::InvalidArgumentError("Hạn cuối (deadline.due_on) đã qua; không thể đặt hạn trong quá khứ");
  }
  d.set_cancelled(false);
  d.set_version(1);
  *d.mutable_created_at() = common::ToProtoTime(clock_->Now());
  *d.mutable_updated_at() = d.created_at();
  return d;
}

grpc::Status SchedulerServiceImpl::CreateCampaignDeadline(grpc::ServerContext* context,
                                                          const tdkt::v1::CreateCampaignDeadlineRequest* request,
                                                          tdkt::v1::CreateCampaignDeadlineResponse* response) {
  return common::Serve("CreateCampaignDeadline", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, auth::AuthenticatedIdentity(*context, *verifier_));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_ASSIGN_OR_RETURN(tdkt::v1::CampaignDeadline deadline, CheckedCampaign(request->deadline()));
    TDKT_RETURN_IF_ERROR(MaySetCampaigns(caller, deadline.org_id()));
    deadline.set_id(
        absl::StrCat("cd-", base::Sha256Hex(caller.person_id + "\n" + request->request_id()).substr(0, 24)));
    TDKT_ASSIGN_OR_RETURN(const CampaignPlan plan, PlanCampaign(deadline));
    const std::string fingerprint =
        common::RequestFingerprint("", "CreateCampaignDeadline", caller.person_id, request->SerializeAsString());
    return pool_->InTransaction([&](pqxx::work& txn) -> absl::Status {
      return idempotency_.Run(txn, request->request_id(), fingerprint, *response, [&]() -> absl::Status {
        CampaignStore::Insert(txn, deadline, caller.person_id);
        for (const std::string& org : plan.orgs) {
          TimerStore::InsertCampaignTimers(txn, deadline.id(), org, plan.due, plan.timers);
        }
        *response->mutable_deadline() = deadline;
        return absl::OkStatus();
      });
    });
  });
}

grpc::Status SchedulerServiceImpl::MarkCampaignDeadlineDone(grpc::ServerContext* context,
                                                            const tdkt::v1::MarkCampaignDeadlineDoneRequest* request,
                                                            tdkt::v1::MarkCampaignDeadlineDoneResponse* response) {
  return common::Serve("MarkCampaignDeadlineDone", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, auth::AuthenticatedIdentity(*context, *verifier_));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("mã hạn (campaign_deadline_id)", request->campaign_deadline_id()));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("đơn vị (org_id)", request->org_id()));
    if (!IsCampaignService(caller)) TDKT_RETURN_IF_ERROR(CheckRoleAtOrAbove(caller, request->org_id()));
    std::optional<tdkt::v1::CampaignDeadline> deadline;
    TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& txn) {
      deadline = CampaignStore::Load(txn, request->campaign_deadline_id());
      return absl::OkStatus();
    }));
    if (!deadline) return absl::NotFoundError("Không tìm thấy hạn (campaign deadline not found)");
    TDKT_ASSIGN_OR_RETURN(const std::vector<std::string> above,
                          orgs_->Ancestors(request->org_id(), workflow::VietnamDate(clock_->Now())));
    if (std::find(above.begin(), above.end(), deadline->org_id()) == above.end()) {
      return absl::FailedPreconditionError(
          "Đơn vị không thuộc phạm vi của hạn này (not below the setting organisation)");
    }
    const std::string fingerprint =
        common::RequestFingerprint("", "MarkCampaignDeadlineDone", caller.person_id, request->SerializeAsString());
    return pool_->InTransaction([&](pqxx::work& txn) -> absl::Status {
      return idempotency_.Run(txn, request->request_id(), fingerprint, *response, [&]() -> absl::Status {
        response->set_cancelled_reminders(
            CampaignStore::MarkDone(txn, deadline->id(), request->org_id(), caller.person_id));
        return absl::OkStatus();
      });
    });
  });
}

}  // namespace tdkt::scheduler
