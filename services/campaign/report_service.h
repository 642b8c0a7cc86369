#pragma once
// ReportServiceImpl: the gRPC API of the reports (proto/tdkt/v1/report.proto), answered from the read model the
// report consumer keeps (report_applier.h): checks the request, authorises the caller on the subtree's root from
// the bearer token (a role there or above it, on the period's last day or today if earlier; a grant at "*" or a
// service account reads everything), sums the counters in one read-only transaction (ReportStore::Sum) and
// computes the figures (FillFigures), against the campaign's targets when one is named and readable.
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "base/clock.h"
#include "services/auth/token_verifier.h"
#include "services/campaign/campaign_access.h"
#include "services/campaign/org_lookup.h"
#include "services/common/pg_pool.h"
#include "tdkt/v1/report.grpc.pb.h"

namespace tdkt::campaign {

struct ReportServiceDeps {
  common::PgPool* pool = nullptr;
  const auth::TokenVerifier* verifier = nullptr;
  std::function<bool()> refresh_keys;  // may be empty
  const OrgLookup* orgs = nullptr;
  const base::Clock* clock = nullptr;
};

class ReportServiceImpl final : public tdkt::v1::ReportService::Service {
 public:
  explicit ReportServiceImpl(ReportServiceDeps deps) : deps_(std::move(deps)), access_(deps_.orgs) {}

  grpc::Status GetReport(grpc::ServerContext* context, const tdkt::v1::GetReportRequest* request,
                         tdkt::v1::GetReportResponse* response) override;
  grpc::Status DownloadReportCsv(grpc::ServerContext* context, const tdkt::v1::DownloadReportCsvRequest* request,
                                 grpc::ServerWriter<tdkt::v1::DownloadReportCsvResponse>* writer) override;

 private:
  absl::StatusOr<tdkt::v1::Report> Compute(const grpc::ServerContext& context,
                                           const tdkt::v1::GetReportRequest& request) const;
  // OK when the caller may read the reports of `org_id` on `day`.
  absl::Status MayRead(const auth::Identity& caller, const std::string& org_id, absl::CivilDay day) const;

  ReportServiceDeps deps_;
  CampaignAccess access_;
};

}  // namespace tdkt::campaign
