#pragma once
// CampaignServiceImpl: the gRPC API of the campaign service (proto/tdkt/v1/campaign.proto). Every call is
// authenticated from its bearer token and authorised by CampaignAccess; every change runs in one transaction
// with its idempotency record and its handoff rows (campaign_writes.h), and wakes the handoff worker after the
// commit. Campaign RPCs are in campaign_service.cc, registrations in campaign_service_registrations.cc.
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "base/clock.h"
#include "services/auth/token_verifier.h"
#include "services/campaign/campaign_access.h"
#include "services/campaign/org_lookup.h"
#include "services/common/idempotency.h"
#include "services/common/pg_pool.h"
#include "tdkt/v1/campaign.grpc.pb.h"
#include "workflow/catalog/catalog.h"

namespace tdkt::campaign {

struct CampaignServiceDeps {
  common::PgPool* pool = nullptr;
  const auth::TokenVerifier* verifier = nullptr;
  std::function<bool()> refresh_keys;  // may be empty: fetches the directory's keys on an unknown key id
  const OrgLookup* orgs = nullptr;
  const workflow::catalog::Catalog* catalog = nullptr;
  const base::Clock* clock = nullptr;      // business dates (late registrations) and timestamps
  std::function<void()> handoffs_queued;   // called after a commit that queued handoffs
};

class CampaignServiceImpl final : public tdkt::v1::CampaignService::Service {
 public:
  explicit CampaignServiceImpl(CampaignServiceDeps deps);

  grpc::Status CreateCampaign(grpc::ServerContext* context, const tdkt::v1::CreateCampaignRequest* request,
                              tdkt::v1::CreateCampaignResponse* response) override;
  grpc::Status GetCampaign(grpc::ServerContext* context, const tdkt::v1::GetCampaignRequest* request,
                           tdkt::v1::GetCampaignResponse* response) override;
  grpc::Status ListCampaigns(grpc::ServerContext* context, const tdkt::v1::ListCampaignsRequest* request,
                             tdkt::v1::ListCampaignsResponse* response) override;
  grpc::Status UpdateCampaign(grpc::ServerContext* context, const tdkt::v1::UpdateCampaignRequest* request,
                              tdkt::v1::UpdateCampaignResponse* response) override;
  grpc::Status Register(grpc::ServerContext* context, const tdkt::v1::RegisterRequest* request,
                        tdkt::v1::RegisterResponse* response) override;
  grpc::Status GetRegistration(grpc::ServerContext* context, const tdkt::v1::GetRegistrationRequest* request,
                               tdkt::v1::GetRegistrationResponse* response) override;
  grpc::Status ListRegistrations(grpc::ServerContext* context, const tdkt::v1::ListRegistrationsRequest* request,
                                 tdkt::v1::ListRegistrationsResponse* response) override;

 private:
  absl::StatusOr<auth::Identity> Caller(const grpc::ServerContext& context) const;
  absl::CivilDay Today() const;
  // The campaign the caller may read; NOT_FOUND both when there is none and when it is not theirs to see.
  absl::StatusOr<StoredCampaign> ReadableCampaign(const auth::Identity& caller, const std::string& id) const;
  // The writable fields of a request's campaign, output fields cleared.
  static tdkt::v1::Campaign Writable(const tdkt::v1::Campaign& requested);

  CampaignServiceDeps deps_;
  CampaignAccess access_;
  const common::Idempotency idempotency_{"campaign"};
};

}  // namespace tdkt::campaign
