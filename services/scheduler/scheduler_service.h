#pragma once
// SchedulerServiceImpl: the gRPC API of the scheduler (proto/tdkt/v1/scheduler.proto). Every call is
// authenticated from its bearer token (auth::AuthenticatedIdentity) and authorised from the token's grants: a
// caller sees the timers of an organisation when one of its roles is at that organisation or above it. The
// campaign service's account (kCampaignService) may set and mark done campaign deadlines for any organisation.
// Campaign deadlines: Create and MarkDone in scheduler_service_campaigns.cc, List, Update and Cancel in
// scheduler_service_campaign_edits.cc.
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "base/clock.h"
#include "services/auth/token_verifier.h"
#include "services/common/idempotency.h"
#include "services/common/pg_pool.h"
#include "services/scheduler/org_tree.h"
#include "services/scheduler/scheduler_calendar.h"
#include "services/scheduler/timer_store.h"
#include "tdkt/v1/scheduler.grpc.pb.h"

namespace tdkt::scheduler {

// The service account of tdkt-campaign: it may create, change and cancel campaign deadlines of any organisation
// and mark them done for any organisation below, because the campaign service authorised the person first.
inline constexpr char kCampaignService[] = "campaign";
inline bool IsCampaignService(const auth::Identity& caller) { return caller.service_name == kCampaignService; }

class SchedulerServiceImpl final : public tdkt::v1::SchedulerService::Service {
 public:
  // Everything must outlive the service. `late_after` decides Timer.late.
  SchedulerServiceImpl(common::PgPool* pool, const auth::TokenVerifier* verifier, const OrgTree* orgs,
                       const SchedulerCalendar* calendar, const base::Clock* clock, absl::Duration late_after);

  grpc::Status ListDossierTimers(grpc::ServerContext* context, const tdkt::v1::ListDossierTimersRequest* request,
                                 tdkt::v1::ListDossierTimersResponse* response) override;
  grpc::Status ListUpcomingReminders(grpc::ServerContext* context,
                                     const tdkt::v1::ListUpcomingRemindersRequest* request,
                                     tdkt::v1::ListUpcomingRemindersResponse* response) override;
  grpc::Status CreateCampaignDeadline(grpc::ServerContext* context,
                                      const tdkt::v1::CreateCampaignDeadlineRequest* request,
                                      tdkt::v1::CreateCampaignDeadlineResponse* response) override;
  grpc::Status MarkCampaignDeadlineDone(grpc::ServerContext* context,
                                        const tdkt::v1::MarkCampaignDeadlineDoneRequest* request,
                                        tdkt::v1::MarkCampaignDeadlineDoneResponse* response) override;
  grpc::Status ListCampaignDeadlines(grpc::ServerContext* context,
                                     const tdkt::v1::ListCampaignDeadlinesRequest* request,
                                     tdkt::v1::ListCampaignDeadlinesResponse* response) override;
  grpc::Status UpdateCampaignDeadline(grpc::ServerContext* context,
                                      const tdkt::v1::UpdateCampaignDeadlineRequest* request,
                                      tdkt::v1::UpdateCampaignDeadlineResponse* response) override;
  grpc::Status CancelCampaignDeadline(grpc::ServerContext* context,
                                      const tdkt::v1::CancelCampaignDeadlineRequest* request,
                                      tdkt::v1::CancelCampaignDeadlineResponse* response) override;

 private:
  // OK when one of the caller's grants is at `org_id` or at one of its ancestors; PERMISSION_DENIED otherwise.
  absl::Status CheckRoleAtOrAbove(const auth::Identity& caller, const std::string& org_id) const;
  tdkt::v1::Timer ToProto(const TimerRow& row) const;
  // The checked deadline of a CreateCampaignDeadline request, with its defaults; INVALID_ARGUMENT otherwise.
  absl::StatusOr<tdkt::v1::CampaignDeadline> CheckedCampaign(const tdkt::v1::CampaignDeadline& requested) const;
  // PERMISSION_DENIED unless the caller is an admin or appraiser of `org_id` (who may set its deadlines).
  static absl::Status MaySetCampaigns(const auth::Identity& caller, const std::string& org_id);
  // The reminders of `deadline` for every organisation of its subtree (as of today, at its level) but the setter
  // and those in `done`: the organisations and the timers to insert (outside any transaction: it asks the
  // directory).
  struct CampaignPlan {
    absl::CivilDay due;
    std::vector<std::string> orgs;
    std::vector<PlannedTimer> timers;
  };
  absl::StatusOr<CampaignPlan> PlanCampaign(const tdkt::v1::CampaignDeadline& deadline) const;
  // Loads the deadline for a change by an admin or appraiser of its organisation: NOT_FOUND, PERMISSION_DENIED,
  // FAILED_PRECONDITION when cancelled, ABORTED when not at `expected_version`.
  absl::StatusOr<tdkt::v1::CampaignDeadline> LoadForChange(pqxx::work& txn, const auth::Identity& caller,
                                                           const std::string& id, int64_t expected_version) const;

  common::PgPool* pool_;
  const auth::TokenVerifier* verifier_;
  const OrgTree* orgs_;
  const SchedulerCalendar* calendar_;  // plans with its current snapshot
  const base::Clock* clock_;
  const absl::Duration late_after_;
  const common::Idempotency idempotency_{"scheduler"};
};

}  // namespace tdkt::scheduler
