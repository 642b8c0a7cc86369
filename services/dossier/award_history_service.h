#pragma once
// AwardHistoryServiceImpl: the gRPC face of the award history (proto/tdkt/v1/award_history.proto), served by the
// dossier process beside DossierService. Each handler authenticates, authorises by organisation subtree (the
// directory's ancestors of the organisation concerned), checks the request (INVALID_ARGUMENT in Vietnamese,
// nothing written; the CSV through award_history_csv.h) and calls the DossierStore.
#include <functional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "services/auth/token_verifier.h"
#include "services/dossier/dossier_store.h"
#include "services/dossier/org_directory.h"
#include "tdkt/v1/award_history.grpc.pb.h"
#include "workflow/catalog/catalog.h"

namespace tdkt::dossier {

struct AwardHistoryServiceOptions {
  std::function<bool()> refresh_keys;  // as DossierServiceOptions::refresh_keys
  std::string fingerprint_key;         // as TransitionRunnerOptions::fingerprint_key
};

class AwardHistoryServiceImpl final : public tdkt::v1::AwardHistoryService::Service {
 public:
  // Every reference must outlive the service.
  AwardHistoryServiceImpl(const DossierStore& store, const workflow::catalog::Catalog& catalog,
                          const OrgDirectory& directory, const auth::TokenVerifier& verifier,
                          const base::Clock& clock, AwardHistoryServiceOptions options);

  grpc::Status ImportAwardHistory(grpc::ServerContext* context, const tdkt::v1::ImportAwardHistoryRequest* request,
                                  tdkt::v1::ImportAwardHistoryResponse* response) override;
  grpc::Status ListAwardHistory(grpc::ServerContext* context, const tdkt::v1::ListAwardHistoryRequest* request,
                                tdkt::v1::ListAwardHistoryResponse* response) override;

 private:
  // Whether one of the caller's grants (of `roles`; any role when empty) is at `org_id` or one of its ancestors,
  // or the caller is the system administrator.
  absl::StatusOr<bool> Covers(const auth::Identity& caller, const std::string& org_id,
                              const std::vector<workflow::Role>& roles) const;

  const DossierStore& store_;
  const workflow::catalog::Catalog& catalog_;
  const OrgDirectory& directory_;
  const auth::TokenVerifier& verifier_;
  const base::Clock& clock_;
  const AwardHistoryServiceOptions options_;
};

}  // namespace tdkt::dossier
