#include "services/dossier/grpc_org_directory.h"

#include <grpcpp/grpcpp.h>

#include <chrono>

#include "base/status_macros.h"
#include "services/common/proto_conversions.h"
#include "tdkt/v1/directory.grpc.pb.h"

namespace tdkt::dossier {
namespace {

constexpr auto kCallTimeout = std::chrono::seconds(3);

absl::Status FromGrpc(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) return absl::NotFoundError(status.error_message());
  // Anything else is the directory being unreachable or refusing us: the dossier request cannot proceed.
  return absl::UnavailableError("Không truy vấn được danh mục đơn vị; hãy thử lại sau");
}

}  // namespace

struct GrpcOrgDirectory::Stub {
  std::unique_ptr<tdkt::v1::DirectoryService::Stub> stub;
};

GrpcOrgDirectory::GrpcOrgDirectory(std::shared_ptr<grpc::Channel> channel, TokenSource access_token)
    : stub_(std::make_unique<Stub>(Stub{tdkt::v1::DirectoryService::NewStub(std::move(channel))})),
      access_token_(std::move(access_token)) {}

GrpcOrgDirectory::~GrpcOrgDirectory() = default;

namespace {
absl::StatusOr<std::unique_ptr<grpc::ClientContext>> NewContext(const GrpcOrgDirectory::TokenSource& token) {
  absl::StatusOr<std::string> bearer = token();
  if (!bearer.ok()) return absl::UnavailableError("Không đăng nhập được vào danh mục đơn vị; hãy thử lại sau");
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + kCallTimeout);
  context->AddMetadata("authorization", "Bearer " + *bearer);
  return context;
}
}  // namespace

absl::StatusOr<std::vector<std::string>> GrpcOrgDirectory::Ancestors(const std::string& org_id,
                                                                     absl::CivilDay as_of) const {
  tdkt::v1::ListAncestorOrganizationsRequest request;
  request.set_org_id(org_id);
  *request.mutable_as_of() = common::ToProtoDate(as_of);
  tdkt::v1::ListAncestorOrganizationsResponse response;
  TDKT_ASSIGN_OR_RETURN(auto context, NewContext(access_token_));
  if (absl::Status s = FromGrpc(stub_->stub->ListAncestorOrganizations(context.get(), request, &response)); !s.ok()) {
    return s;
  }
  std::vector<std::string> ids;
  for (const auto& org : response.organizations()) ids.push_back(org.id());
  return ids;
}

absl::StatusOr<tdkt::v1::Organization> GrpcOrgDirectory::Organisation(const std::string& org_id,
                                                                      absl::CivilDay as_of) const {
  tdkt::v1::GetOrganizationRequest request;
  request.set_org_id(org_id);
  *request.mutable_as_of() = common::ToProtoDate(as_of);
  tdkt::v1::GetOrganizationResponse response;
  TDKT_ASSIGN_OR_RETURN(auto context, NewContext(access_token_));
  if (absl::Status s = FromGrpc(stub_->stub->GetOrganization(context.get(), request, &response)); !s.ok()) return s;
  return std::move(*response.mutable_organization());
}

absl::StatusOr<workflow::OrgLevel> GrpcOrgDirectory::LevelOf(const std::string& org_id, absl::CivilDay as_of) const {
  TDKT_ASSIGN_OR_RETURN(const tdkt::v1::Organization org, Organisation(org_id, as_of));
  std::optional<workflow::OrgLevel> level = common::OrgLevelFromProto(org.level());
  if (!level) return absl::NotFoundError("Đơn vị chưa có cấp hành chính");
  return *level;
}

absl::StatusOr<std::string> GrpcOrgDirectory::OrganisationName(const std::string& org_id,
                                                               absl::CivilDay as_of) const {
  TDKT_ASSIGN_OR_RETURN(const tdkt::v1::Organization org, Organisation(org_id, as_of));
  return org.name_vi();
}

absl::StatusOr<std::string> GrpcOrgDirectory::PersonName(const std::string& person_id) const {
  tdkt::v1::GetPersonRequest request;
  request.set_person_id(person_id);
  tdkt::v1::GetPersonResponse response;
  TDKT_ASSIGN_OR_RETURN(auto context, NewContext(access_token_));
  if (absl::Status s = FromGrpc(stub_->stub->GetPerson(context.get(), request, &response)); !s.ok()) return s;
  return response.person().full_name();
}

absl::StatusOr<CouncilRoster> GrpcOrgDirectory::CouncilMembers(const std::string& org_id,
                                                              absl::CivilDay as_of) const {
  tdkt::v1::ListCouncilsRequest request;
  request.set_org_id(org_id);
  *request.mutable_as_of() = common::ToProtoDate(as_of);
  tdkt::v1::ListCouncilsResponse response;
  TDKT_ASSIGN_OR_RETURN(auto context, NewContext(access_token_));
  if (absl::Status s = FromGrpc(stub_->stub->ListCouncils(context.get(), request, &response)); !s.ok()) return s;
  if (response.councils().empty()) return absl::NotFoundError("Đơn vị chưa có hội đồng thi đua – khen thưởng");
  CouncilRoster roster;
  roster.council_id = response.councils(0).id();
  for (const auto& member : response.councils(0).members()) {
    if (member.voting()) roster.voting_members.push_back(CouncilSeat{member.person_id(), member.full_name()});
  }
  return roster;
}

}  // namespace tdkt::dossier
