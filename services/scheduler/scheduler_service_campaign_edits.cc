// SchedulerServiceImpl: listing, changing and cancelling campaign deadlines. A change re-plans the pending
// reminders of every organisation not yet marked done; a cancellation cancels them. Both check the version the
// caller read (ABORTED otherwise) and are idempotent by request id, like every mutating call.
#include <algorithm>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "base/iso_date.h"
#include "base/status_macros.h"
#include "services/auth/grpc_identity.h"
#include "services/common/handler.h"
#include "services/common/paging.h"
#include "services/common/proto_time.h"
#include "services/common/request_checks.h"
#include "services/scheduler/campaign_store.h"
#include "services/scheduler/scheduler_service.h"
#include "workflow/vietnam_time.h"

namespace tdkt::scheduler {

absl::StatusOr<tdkt::v1::CampaignDeadline> SchedulerServiceImpl::LoadForChange(pqxx::work& txn,
                                                                               const auth::Identity& caller,
                                                                               const std::string& id,
                                                                               int64_t expected_version) const {
  std::optional<tdkt::v1::CampaignDeadline> existing = CampaignStore::Load(txn, id, /*for_update=*/true);
  if (!existing) return absl::NotFoundError("Không tìm thấy hạn (campaign deadline not found)");
  TDKT_RETURN_IF_ERROR(MaySetCampaigns(caller, existing->org_id()));
  if (existing->cancelled()) return absl::FailedPreconditionError("Hạn này đã bị hủy (the deadline is cancelled)");
  if (existing->version() != expected_version) {
    return absl::AbortedError(absl::StrCat("Hạn đã được cập nhật (phiên bản ", existing->version(),
                                           ", yêu cầu dựa trên phiên bản ", expected_version,
                                           "); hãy tải lại và thử lại"));
  }
  return *existing;
}

grpc::Status SchedulerServiceImpl::ListCampaignDeadlines(grpc::ServerContext* context,
                                                         const tdkt::v1::ListCampaignDeadlinesRequest* request,
                                                         tdkt::v1::ListCampaignDeadlinesResponse* response) {
  return common::Serve("ListCampaignDeadlines", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, auth::AuthenticatedIdentity(*context, *verifier_));
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("đơn vị (org_id)", request->org_id()));
    if (request->year() != 0 && (request->year() < 2000 || request->year() > 2200)) {
      return absl::InvalidArgumentError("Năm (year) không hợp lệ");
    }
    TDKT_RETURN_IF_ERROR(CheckRoleAtOrAbove(caller, request->org_id()));
    const std::string filter =
        absl::StrCat(request->org_id(), "|", request->year(), "|", request->include_cancelled() ? 1 : 0);
    TDKT_ASSIGN_OR_RETURN(const common::Page page, common::DecodePage(request->page(), "campaigns", filter));
    CampaignStore::ListQuery query;
    TDKT_ASSIGN_OR_RETURN(query.setter_org_ids,
                          orgs_->Ancestors(request->org_id(), workflow::VietnamDate(clock_->Now())));
    query.setter_org_ids.push_back(request->org_id());
    query.year = request->year();
    query.include_cancelled = request->include_cancelled();
    if (page.after) query.after = std::make_pair(page.after->sort_key, page.after->id);
    query.limit = page.size + 1;
    std::vector<tdkt::v1::CampaignDeadline> rows;
    TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& txn) {
      rows = CampaignStore::List(txn, query);
      return absl::OkStatus();
    }));
    const size_t shown = std::min(rows.size(), static_cast<size_t>(page.size));
    for (size_t i = 0; i < shown; ++i) *response->add_deadlines() = rows[i];
    if (rows.size() > shown) {
      const tdkt::v1::CampaignDeadline& last = rows[shown - 1];
      const absl::CivilDay due(last.due_on().year(), last.due_on().month(), last.due_on().day());
      response->mutable_page()->set_next_page_token(
          common::EncodePageToken("campaigns", filter, {base::FormatIsoDate(due), last.id()}));
    }
    return absl::OkStatus();
  });
}

grpc::Status SchedulerServiceImpl::UpdateCampaignDeadline(grpc::ServerContext* context,
                                                          const tdkt::v1::UpdateCampaignDeadlineRequest* request,
                                                          tdkt::v1::UpdateCampaignDeadlineResponse* response) {
  return common::Serve("UpdateCampaignDeadline", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, auth::AuthenticatedIdentity(*context, *verifier_));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_RETURN_IF_ERROR(common::CheckExpectedVersion(request->expected_version()));
    const std::string& id = request->deadline().id();
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("mã hạn (deadline.id)", id));
    // The setting organisation is who owns the deadline: it is not a writable field.
    std::optional<tdkt::v1::CampaignDeadline> stored;
    TDKT_RETURN_IF_ERROR(pool_->InTransaction([&](pqxx::work& txn) {
      stored = CampaignStore::Load(txn, id);
      return absl::OkStatus();
    }));
    if (!stored) return absl::NotFoundError("Không tìm thấy hạn (campaign deadline not found)");
    if (!request->deadline().org_id().empty() && request->deadline().org_id() != stored->org_id()) {
      return absl::InvalidArgumentError("Không thể đổi đơn vị đặt hạn (deadline.org_id is not writable)");
    }
    tdkt::v1::CampaignDeadline requested = request->deadline();
    requested.set_org_id(stored->org_id());
    TDKT_ASSIGN_OR_RETURN(tdkt::v1::CampaignDeadline changed, CheckedCampaign(requested));
    TDKT_ASSIGN_OR_RETURN(const CampaignPlan plan, PlanCampaign(changed));
    const std::string fingerprint =
        common::RequestFingerprint("", "UpdateCampaignDeadline", caller.person_id, request->SerializeAsString());
    return pool_->InTransaction([&](pqxx::work& txn) -> absl::Status {
      return idempotency_.Run(txn, request->request_id(), fingerprint, *response, [&]() -> absl::Status {
        TDKT_ASSIGN_OR_RETURN(const tdkt::v1::CampaignDeadline existing,
                              LoadForChange(txn, caller, id, request->expected_version()));
        changed.set_id(id);
        changed.set_version(existing.version() + 1);
        *changed.mutable_created_at() = existing.created_at();
        TDKT_RETURN_IF_ERROR(CampaignStore::Update(txn, changed, existing.version()));
        CampaignStore::CancelPendingReminders(txn, id);
        const std::vector<std::string> done = CampaignStore::DoneOrgs(txn, id);
        for (const std::string& org : plan.orgs) {
          if (std::find(done.begin(), done.end(), org) != done.end()) continue;
          TimerStore::InsertCampaignTimers(txn, id, org, plan.due, plan.timers);
        }
        *response->mutable_deadline() = changed;
        return absl::OkStatus();
      });
    });
  });
}

grpc::Status SchedulerServiceImpl::CancelCampaignDeadline(grpc::ServerContext* context,
                                                          const tdkt::v1::CancelCampaignDeadlineRequest* request,
                                                          tdkt::v1::CancelCampaignDeadlineResponse* response) {
  return common::Serve("CancelCampaignDeadline", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const auth::Identity caller, auth::AuthenticatedIdentity(*context, *verifier_));
    TDKT_RETURN_IF_ERROR(common::CheckRequestId(request->request_id()));
    TDKT_RETURN_IF_ERROR(common::CheckExpectedVersion(request->expected_version()));
    const std::string& id = request->campaign_deadline_id();
    TDKT_RETURN_IF_ERROR(common::CheckIdentifier("mã hạn (campaign_deadline_id)", id));
    const std::string fingerprint =
        common::RequestFingerprint("", "CancelCampaignDeadline", caller.person_id, request->SerializeAsString());
    return pool_->InTransaction([&](pqxx::work& txn) -> absl::Status {
      return idempotency_.Run(txn, request->request_id(), fingerprint, *response, [&]() -> absl::Status {
        TDKT_ASSIGN_OR_RETURN(tdkt::v1::CampaignDeadline deadline,
                              LoadForChange(txn, caller, id, request->expected_version()));
        deadline.set_cancelled(true);
        deadline.set_version(deadline.version() + 1);
        *deadline.mutable_updated_at() = common::ToProtoTime(clock_->Now());
        TDKT_RETURN_IF_ERROR(CampaignStore::Update(txn, deadline, request->expected_version()));
        CampaignStore::CancelPendingReminders(txn, id);
        *response->mutable_deadline() = deadline;
        return absl::OkStatus();
      });
    });
  });
}

}  // namespace tdkt::scheduler
