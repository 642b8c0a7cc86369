#pragma once
// BlocServiceImpl: the gRPC API of emulation blocs and pledges (proto/tdkt/v1/bloc.proto), served by the campaign
// server next to CampaignService. Every call is authenticated from its bearer token and authorised by BlocAccess;
// every change runs in one transaction with its idempotency record and its bloc_event row, on the bloc row locked
// (FOR UPDATE; a scoring takes it FOR SHARE so that scorings run side by side and closing waits for them). Setup
// RPCs are in bloc_service.cc; signing, scoring, closing and the ranking in bloc_service_scoring.cc.
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "base/clock.h"
#include "services/auth/token_verifier.h"
#include "services/campaign/bloc_access.h"
#include "services/campaign/bloc_store.h"
#include "services/campaign/org_lookup.h"
#include "services/common/idempotency.h"
#include "services/common/pg_pool.h"
#include "tdkt/v1/bloc.grpc.pb.h"
#include "workflow/catalog/catalog.h"

namespace tdkt::campaign {

struct BlocServiceDeps {
  common::PgPool* pool = nullptr;
  const auth::TokenVerifier* verifier = nullptr;
  std::function<bool()> refresh_keys;  // may be empty: fetches the directory's keys on an unknown key id
  const OrgLookup* orgs = nullptr;
  const workflow::catalog::Catalog* catalog = nullptr;
  const base::Clock* clock = nullptr;
};

class BlocServiceImpl final : public tdkt::v1::BlocService::Service {
 public:
  explicit BlocServiceImpl(BlocServiceDeps deps);

  grpc::Status CreateBloc(grpc::ServerContext* context, const tdkt::v1::CreateBlocRequest* request,
                          tdkt::v1::CreateBlocResponse* response) override;
  grpc::Status GetBloc(grpc::ServerContext* context, const tdkt::v1::GetBlocRequest* request,
                       tdkt::v1::GetBlocResponse* response) override;
  grpc::Status ListBlocs(grpc::ServerContext* context, const tdkt::v1::ListBlocsRequest* request,
                         tdkt::v1::ListBlocsResponse* response) override;
  grpc::Status AddBlocMembers(grpc::ServerContext* context, const tdkt::v1::AddBlocMembersRequest* request,
                              tdkt::v1::AddBlocMembersResponse* response) override;
  grpc::Status SetBlocHead(grpc::ServerContext* context, const tdkt::v1::SetBlocHeadRequest* request,
                           tdkt::v1::SetBlocHeadResponse* response) override;
  grpc::Status SetBlocPledge(grpc::ServerContext* context, const tdkt::v1::SetBlocPledgeRequest* request,
                             tdkt::v1::SetBlocPledgeResponse* response) override;
  grpc::Status SignBlocPledge(grpc::ServerContext* context, const tdkt::v1::SignBlocPledgeRequest* request,
                              tdkt::v1::SignBlocPledgeResponse* response) override;
  grpc::Status ScoreBlocMember(grpc::ServerContext* context, const tdkt::v1::ScoreBlocMemberRequest* request,
                               tdkt::v1::ScoreBlocMemberResponse* response) override;
  grpc::Status CloseBlocScoring(grpc::ServerContext* context, const tdkt::v1::CloseBlocScoringRequest* request,
                                tdkt::v1::CloseBlocScoringResponse* response) override;
  grpc::Status GetBlocRanking(grpc::ServerContext* context, const tdkt::v1::GetBlocRankingRequest* request,
                              tdkt::v1::GetBlocRankingResponse* response) override;

 private:
  absl::StatusOr<auth::Identity> Caller(const grpc::ServerContext& context) const;
  // Today, moved into the bloc's year: the day its organisations are looked up on.
  absl::CivilDay DayIn(int year) const;
  // The bloc, unlocked, for authorising a call; NOT_FOUND when there is none.
  absl::StatusOr<tdkt::v1::Bloc> Stored(const std::string& bloc_id) const;
  // The bloc the caller may read; NOT_FOUND both when there is none and when it is not theirs to see.
  absl::StatusOr<tdkt::v1::Bloc> Readable(const auth::Identity& caller, const std::string& bloc_id) const;
  // INVALID_ARGUMENT unless every one of `org_ids` is below the bloc's managing organisation on `day`.
  absl::Status CheckBelowManager(const std::vector<std::string>& org_ids, const std::string& manager_org_id,
                                 absl::CivilDay day) const;

  // One change of a stored bloc: authorised by the caller (before), then in one transaction — the request id
  // claimed (a retry answers the first response), the bloc locked FOR UPDATE, `expected_version` checked when
  // not 0, `change` run on it (it writes what it changes and fills `response`).
  absl::Status ChangeBloc(const auth::Identity& caller, std::string_view method, const google::protobuf::Message& request,
                          const std::string& request_id, const std::string& bloc_id, int64_t expected_version,
                          google::protobuf::Message& response,
                          const std::function<absl::Status(pqxx::work&, tdkt::v1::Bloc&)>& change);
  // Bumps the version and updated_at of `bloc` and writes it (BlocStore::Update at its previous version).
  absl::Status Save(pqxx::work& txn, tdkt::v1::Bloc& bloc) const;

  BlocServiceDeps deps_;
  BlocAccess access_;
  const common::Idempotency idempotency_{"campaign"};
};

}  // namespace tdkt::campaign
