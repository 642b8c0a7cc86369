#include "services/campaign/report_service.h"

#include <algorithm>
#include <optional>

#include <pqxx/pqxx>

#include "base/status_macros.h"
#include "services/auth/grpc_identity.h"
#include "services/campaign/campaign_store.h"
#include "services/campaign/report_csv.h"
#include "services/campaign/report_store.h"
#include "services/common/handler.h"
#include "services/common/proto_conversions.h"
#include "services/common/proto_time.h"
#include "services/common/request_checks.h"
#include "workflow/vietnam_time.h"

namespace tdkt::campaign {
namespace {

namespace v1 = tdkt::v1;

constexpr int kMaxPeriodMonths = 10 * 12;

struct Period {
  absl::CivilDay from, until;
};

absl::StatusOr<Period> PeriodOf(const v1::GetReportRequest& request, const v1::Campaign* campaign) {
  if (!request.has_from() && !request.has_until() && campaign != nullptr) {
    TDKT_ASSIGN_OR_RETURN(const absl::CivilDay from, common::CheckDate("từ ngày (from)", campaign->valid_from()));
    TDKT_ASSIGN_OR_RETURN(const absl::CivilDay until, common::CheckDate("đến ngày (until)", campaign->valid_until()));
    return Period{absl::CivilDay(absl::CivilMonth(from)), absl::CivilDay(absl::CivilMonth(until) + 1) - 1};
  }
  if (!request.has_from() || !request.has_until()) {
    return absl::InvalidArgumentError("Cần kỳ báo cáo: từ ngày (from) và đến ngày (until), hoặc một phong trào");
  }
  TDKT_ASSIGN_OR_RETURN(const absl::CivilDay from, common::CheckDate("từ ngày (from)", request.from()));
  TDKT_ASSIGN_OR_RETURN(const absl::CivilDay until, common::CheckDate("đến ngày (until)", request.until()));
  if (from.day() != 1 || (until + 1).day() != 1) {
    return absl::InvalidArgumentError(
        "Kỳ báo cáo tính theo tháng: từ ngày đầu tháng (from) đến ngày cuối tháng (until)");
  }
  if (until < from) return absl::InvalidArgumentError("Đến ngày (until) phải sau từ ngày (from)");
  if (absl::CivilMonth(until) - absl::CivilMonth(from) >= kMaxPeriodMonths) {
    return absl::InvalidArgumentError("Kỳ báo cáo dài nhất 10 năm");
  }
  return Period{from, until};
}

}  // namespace

absl::Status ReportServiceImpl::MayRead(const auth::Identity& caller, const std::string& org_id,
                                        absl::CivilDay day) const {
  if (CampaignAccess::SeesEverything(caller)) return absl::OkStatus();
  absl::StatusOr<std::vector<std::string>> above = deps_.orgs->Ancestors(org_id, day);
  if (absl::IsNotFound(above.status())) return absl::NotFoundError("Không tìm thấy đơn vị (org_id)");
  TDKT_RETURN_IF_ERROR(above.status());
  above->push_back(org_id);
  for (const std::string& granted : CampaignAccess::GrantOrgs(caller)) {
    if (std::find(above->begin(), above->end(), granted) != above->end()) return absl::OkStatus();
  }
  return absl::PermissionDeniedError("Bạn không được xem báo cáo của đơn vị này (org_id)");
}

absl::StatusOr<v1::Report> ReportServiceImpl::Compute(const grpc::ServerContext& context,
                                                      const v1::GetReportRequest& request) const {
  TDKT_ASSIGN_OR_RETURN(const auth::Identity caller,
                        auth::AuthenticatedIdentity(context, *deps_.verifier, deps_.refresh_keys));
  TDKT_RETURN_IF_ERROR(common::CheckIdentifier("đơn vị (org_id)", request.org_id()));
  TDKT_RETURN_IF_ERROR(
      common::CheckIdentifier("mã phong trào (campaign_id)", request.campaign_id(), common::Presence::kOptional));
  const absl::CivilDay today = workflow::VietnamDate(deps_.clock->Now());
  std::optional<StoredCampaign> campaign;
  if (!request.campaign_id().empty()) {
    TDKT_RETURN_IF_ERROR(deps_.pool->InTransaction([&](pqxx::work& txn) {
      campaign = CampaignStore::Load(txn, request.campaign_id());
      return absl::OkStatus();
    }));
    bool may = false;
    if (campaign) {
      TDKT_ASSIGN_OR_RETURN(may, access_.MayRead(caller, *campaign, today));
    }
    if (!may) return absl::NotFoundError("Không tìm thấy phong trào thi đua, hoặc bạn không được xem (campaign_id)");
  }
  TDKT_ASSIGN_OR_RETURN(const Period period, PeriodOf(request, campaign ? &campaign->campaign : nullptr));
  TDKT_RETURN_IF_ERROR(MayRead(caller, request.org_id(), std::min(today, period.until)));
  ReportCounters counters;
  TDKT_RETURN_IF_ERROR(deps_.pool->InTransaction([&](pqxx::work& txn) {
    counters = ReportStore::Sum(txn, request.org_id(), absl::CivilMonth(period.from), absl::CivilMonth(period.until));
    return absl::OkStatus();
  }));
  v1::Report report;
  report.set_org_id(request.org_id());
  *report.mutable_from() = common::ToProtoDate(period.from);
  *report.mutable_until() = common::ToProtoDate(period.until);
  report.set_campaign_id(request.campaign_id());
  FillFigures(counters, campaign ? &campaign->campaign : nullptr, report);
  *report.mutable_computed_at() = common::ToProtoTime(deps_.clock->Now());
  return report;
}

grpc::Status ReportServiceImpl::GetReport(grpc::ServerContext* context, const v1::GetReportRequest* request,
                                          v1::GetReportResponse* response) {
  return common::Serve("GetReport", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(*response->mutable_report(), Compute(*context, *request));
    return absl::OkStatus();
  });
}

grpc::Status ReportServiceImpl::DownloadReportCsv(grpc::ServerContext* context,
                                                  const v1::DownloadReportCsvRequest* request,
                                                  v1::DownloadReportCsvResponse* response) {
  return common::Serve("DownloadReportCsv", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const v1::Report report, Compute(*context, request->report()));
    response->set_file_name(ReportCsvFileName(report));
    response->set_content(ReportCsv(report));
    return absl::OkStatus();
  });
}

}  // namespace tdkt::campaign
