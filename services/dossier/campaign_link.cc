#include "services/dossier/campaign_link.h"

#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <tuple>

#include "absl/strings/str_join.h"
#include "tdkt/v1/campaign.grpc.pb.h"

namespace tdkt::dossier {
namespace {

constexpr auto kCallTimeout = std::chrono::seconds(3);
constexpr int kPageSize = 200;
constexpr int kMaxPages = 50;  // 10 000 campaigns over one organisation and year: far beyond any real tree

absl::Status Unavailable() {
  return absl::UnavailableError(
      "Không truy vấn được chỉ tiêu của kế hoạch thi đua (dịch vụ phong trào thi đua); hãy thử lại sau");
}

}  // namespace

std::string PlanTarget::LockKey() const { return absl::StrJoin(award_codes, "+"); }

struct CampaignLink::Stub {
  std::unique_ptr<tdkt::v1::CampaignService::Stub> stub;
};

CampaignLink::CampaignLink(std::shared_ptr<grpc::Channel> channel, TokenSource access_token)
    : stub_(std::make_unique<Stub>(Stub{tdkt::v1::CampaignService::NewStub(std::move(channel))})),
      access_token_(std::move(access_token)) {}

CampaignLink::~CampaignLink() = default;

absl::StatusOr<std::vector<PlanTarget>> CampaignLink::TargetsFor(const std::string& org_id, int year,
                                                                 const std::string& award_code) const {
  std::vector<PlanTarget> targets;
  tdkt::v1::ListCampaignsRequest request;
  request.set_org_id(org_id);
  request.set_year(year);
  request.mutable_page()->set_page_size(kPageSize);
  for (int page = 0; page < kMaxPages; ++page) {
    absl::StatusOr<std::string> bearer = access_token_();
    if (!bearer.ok()) return Unavailable();
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + kCallTimeout);
    context.AddMetadata("authorization", "Bearer " + *bearer);
    tdkt::v1::ListCampaignsResponse response;
    const grpc::Status status = stub_->stub->ListCampaigns(&context, request, &response);
    if (!status.ok()) {
      spdlog::warn("dossier: campaign service ListCampaigns: {} {}", static_cast<int>(status.error_code()),
                   status.error_message());
      return Unavailable();
    }
    for (const tdkt::v1::Campaign& campaign : response.campaigns()) {
      for (const tdkt::v1::AwardTargetSpec& spec : campaign.targets()) {
        if (!spec.has_max()) continue;
        if (std::find(spec.award_codes().begin(), spec.award_codes().end(), award_code) == spec.award_codes().end()) {
          continue;
        }
        PlanTarget target{.campaign_id = campaign.id(),
                          .campaign_name_vi = campaign.name_vi(),
                          .document_number = campaign.document_number(),
                          .covers_org_id = campaign.covers_org_id(),
                          .first_year = campaign.valid_from().year(),
                          .last_year = campaign.valid_until().year(),
                          .label_vi = spec.label_vi(),
                          .award_codes = {spec.award_codes().begin(), spec.award_codes().end()},
                          .max = spec.max()};
        std::sort(target.award_codes.begin(), target.award_codes.end());
        targets.push_back(std::move(target));
      }
    }
    if (response.page().next_page_token().empty()) {
      std::sort(targets.begin(), targets.end(), [](const PlanTarget& a, const PlanTarget& b) {
        return std::make_tuple(a.campaign_id, a.LockKey()) < std::make_tuple(b.campaign_id, b.LockKey());
      });
      return targets;
    }
    request.mutable_page()->set_page_token(response.page().next_page_token());
  }
  return Unavailable();
}

}  // namespace tdkt::dossier
