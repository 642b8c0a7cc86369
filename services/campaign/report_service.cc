#include "services/campaign/report_service.h"

#include <algorithm>
#include <optional>

#include <pqxx/pqxx>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
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
constexpr size_t kCsvChunkBytes = size_t{1} << 20;

struct Period {
  absl::CivilMonth from, until;
};

absl::CivilDay LastDayOf(absl::CivilMonth month) { return absl::CivilDay(month + 1) - 1; }

// "YYYY-MM" → the month; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<absl::CivilMonth> MonthOf(const std::string& field, const std::string& text) {
  int year = 0, month = 0;
  if (text.size() != 7 || text[4] != '-' || !absl::SimpleAtoi(text.substr(0, 4), &year) ||
      !absl::SimpleAtoi(text.substr(5, 2), &month) || year < 1900 || year > 2200 || month < 1 || month > 12) {
    return absl::InvalidArgumentError(absl::StrCat("Tháng ", field, " phải có dạng NNNN-TT, ví dụ 2024-01"));
  }
  return absl::CivilMonth(year, month);
}

absl::StatusOr<Period> PeriodOf(const v1::GetReportRequest& request, const v1::Campaign* campaign) {
  if (request.from_month().empty() && request.until_month().empty() && campaign != nullptr) {
    TDKT_ASSIGN_OR_RETURN(const absl::CivilDay from, common::CheckDate("từ ngày (from)", campaign->valid_from()));
    TDKT_ASSIGN_OR_RETURN(const absl::CivilDay until, common::CheckDate("đến ngày (until)", campaign->valid_until()));
    return Period{absl::CivilMonth(from), absl::CivilMonth(until)};
  }
  if (request.from_month().empty() || request.until_month().empty()) {
    return absl::InvalidArgumentError(
        "Cần kỳ báo cáo: từ tháng (from_month) và đến tháng (until_month), hoặc một phong trào (campaign_id)");
  }
  TDKT_ASSIGN_OR_RETURN(const absl::CivilMonth from, MonthOf("từ tháng (from_month)", request.from_month()));
  TDKT_ASSIGN_OR_RETURN(const absl::CivilMonth until, MonthOf("đến tháng (until_month)", request.until_month()));
  if (until < from) return absl::InvalidArgumentError("Đến tháng (until_month) không được trước từ tháng (from_month)");
  if (until - from >= kMaxPeriodMonths) return absl::InvalidArgumentError("Kỳ báo cáo dài nhất 10 năm");
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
  TDKT_RETURN_IF_ERROR(MayRead(caller, request.org_id(), std::min(today, LastDayOf(period.until))));
  ReportCounters counters;
  TDKT_RETURN_IF_ERROR(deps_.pool->InTransaction([&](pqxx::work& txn) {
    counters = ReportStore::Sum(txn, request.org_id(), period.from, period.until);
    return absl::OkStatus();
  }));
  v1::Report report;
  report.set_org_id(request.org_id());
  *report.mutable_from() = common::ToProtoDate(absl::CivilDay(period.from));
  *report.mutable_until() = common::ToProtoDate(LastDayOf(period.until));
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
                                                  grpc::ServerWriter<v1::DownloadReportCsvResponse>* writer) {
  return common::Serve("DownloadReportCsv", [&]() -> absl::Status {
    TDKT_ASSIGN_OR_RETURN(const v1::Report report, Compute(*context, request->report()));
    const std::string csv = ReportCsv(report);
    v1::DownloadReportCsvResponse part;
    part.mutable_file()->set_file_name(ReportCsvFileName(report));
    part.mutable_file()->set_content_type("text/csv; charset=utf-8");
    bool open = writer->Write(part);
    for (size_t at = 0; open && at < csv.size(); at += kCsvChunkBytes) {
      part.set_chunk(csv.substr(at, kCsvChunkBytes));
      open = writer->Write(part);
    }
    if (!open) return absl::CancelledError("the client went away");
    return absl::OkStatus();
  });
}

}  // namespace tdkt::campaign
