#include "services/dossier/campaign_link.h"

#include <grpcpp/grpcpp.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <tuple>

#include "absl/strings/str_join.h"
#include "base/status_macros.h"
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

absl::Status Unreachable(const char* method, const grpc::Status& status) {
  spdlog::warn("dossier: campaign service {}: {} {}", method, static_cast<int>(status.error_code()),
               status.error_message());
  return Unavailable();
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

absl::StatusOr<std::unique_ptr<grpc::ClientContext>> CampaignLink::NewContext() const {
  absl::StatusOr<std::string> bearer = access_token_();
  if (!bearer.ok()) return Unavailable();
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + kCallTimeout);
  context->AddMetadata("authorization", "Bearer " + *bearer);
  return context;
}

absl::StatusOr<std::vector<PlanTarget>> CampaignLink::TargetsFor(const std::string& org_id, int year,
                                                                 const std::string& award_code) const {
  std::vector<PlanTarget> targets;
  tdkt::v1::ListCampaignsRequest request;
  request.set_org_id(org_id);
  request.set_year(year);
  request.mutable_page()->set_page_size(kPageSize);
  for (int page = 0; page < kMaxPages; ++page) {
    TDKT_ASSIGN_OR_RETURN(std::unique_ptr<grpc::ClientContext> context, NewContext());
    tdkt::v1::ListCampaignsResponse response;
    const grpc::Status status = stub_->stub->ListCampaigns(context.get(), request, &response);
    if (!status.ok()) return Unreachable("ListCampaigns", status);
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

absl::StatusOr<std::optional<RegistrationFact>> CampaignLink::Registration(const std::string& registration_id) const {
  tdkt::v1::GetRegistrationRequest asked;
  asked.set_registration_id(registration_id);
  tdkt::v1::GetRegistrationResponse got;
  {
    TDKT_ASSIGN_OR_RETURN(std::unique_ptr<grpc::ClientContext> context, NewContext());
    const grpc::Status status = stub_->stub->GetRegistration(context.get(), asked, &got);
    if (status.error_code() == grpc::StatusCode::NOT_FOUND) return std::nullopt;
    if (!status.ok()) return Unreachable("GetRegistration", status);
  }
  const tdkt::v1::Registration& r = got.registration();
  tdkt::v1::GetCampaignRequest campaign_asked;
  campaign_asked.set_campaign_id(r.campaign_id());
  tdkt::v1::GetCampaignResponse campaign;
  TDKT_ASSIGN_OR_RETURN(std::unique_ptr<grpc::ClientContext> context, NewContext());
  const grpc::Status status = stub_->stub->GetCampaign(context.get(), campaign_asked, &campaign);
  if (!status.ok()) return Unreachable("GetCampaign", status);
  return RegistrationFact{.id = r.id(),
                          .award_codes = {r.award_codes().begin(), r.award_codes().end()},
                          .nominee_kind = static_cast<int>(r.nominee().kind()),
                          .person_id = r.nominee().person_id(),
                          .org_id = r.nominee().org_id(),
                          .name = r.nominee().name(),
                          .birth_year = r.nominee().birth_year(),
                          .late = r.late(),
                          .campaign_name_vi = campaign.campaign().name_vi(),
                          .first_year = campaign.campaign().valid_from().year(),
                          .last_year = campaign.campaign().valid_until().year()};
}

}  // namespace tdkt::dossier
