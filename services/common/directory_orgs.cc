#include "services/common/directory_orgs.h"

#include <grpcpp/grpcpp.h>

#include "base/status_macros.h"
#include "services/common/proto_conversions.h"
#include "tdkt/v1/directory.grpc.pb.h"

namespace tdkt::common {
namespace {

absl::Status FromGrpc(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    return absl::NotFoundError("Không tìm thấy đơn vị (organisation not found)");
  }
  return absl::UnavailableError("directory: " + status.error_message());
}

}  // namespace

struct DirectoryOrgs::Stub {
  std::unique_ptr<tdkt::v1::DirectoryService::Stub> directory;

  absl::StatusOr<std::unique_ptr<grpc::ClientContext>> Context(const TokenSource& token) const {
    TDKT_ASSIGN_OR_RETURN(const std::string bearer, token());
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    context->AddMetadata("authorization", "Bearer " + bearer);
    return context;
  }
};

DirectoryOrgs::DirectoryOrgs(std::shared_ptr<grpc::Channel> directory, TokenSource access_token)
    : stub_(new Stub{tdkt::v1::DirectoryService::NewStub(std::move(directory))}),
      access_token_(std::move(access_token)) {}

DirectoryOrgs::~DirectoryOrgs() = default;

absl::StatusOr<std::vector<std::string>> DirectoryOrgs::Ancestors(const std::string& org_id,
                                                                  absl::CivilDay as_of) const {
  tdkt::v1::ListAncestorOrganizationsRequest request;
  request.set_org_id(org_id);
  *request.mutable_as_of() = ToProtoDate(as_of);
  tdkt::v1::ListAncestorOrganizationsResponse response;
  TDKT_ASSIGN_OR_RETURN(auto context, stub_->Context(access_token_));
  TDKT_RETURN_IF_ERROR(FromGrpc(stub_->directory->ListAncestorOrganizations(context.get(), request, &response)));
  std::vector<std::string> ids;
  for (const auto& organization : response.organizations()) ids.push_back(organization.id());
  return ids;
}

absl::StatusOr<std::vector<std::string>> DirectoryOrgs::Subtree(const std::string& root_id, absl::CivilDay as_of,
                                                              int level) const {
  tdkt::v1::ListSubtreeOrganizationsRequest request;
  request.set_root_id(root_id);
  request.set_level(static_cast<tdkt::v1::OrgLevel>(level));
  *request.mutable_as_of() = ToProtoDate(as_of);
  request.mutable_page()->set_page_size(200);
  std::vector<std::string> ids;
  while (true) {
    tdkt::v1::ListSubtreeOrganizationsResponse response;
    TDKT_ASSIGN_OR_RETURN(auto context, stub_->Context(access_token_));
    TDKT_RETURN_IF_ERROR(FromGrpc(stub_->directory->ListSubtreeOrganizations(context.get(), request, &response)));
    for (const auto& organization : response.organizations()) ids.push_back(organization.id());
    if (response.page().next_page_token().empty()) return ids;
    request.mutable_page()->set_page_token(response.page().next_page_token());
  }
}

absl::StatusOr<std::string> DirectoryOrgs::IdOfCode(const std::string& code, absl::CivilDay as_of) const {
  tdkt::v1::GetOrganizationRequest request;
  request.set_code(code);
  *request.mutable_as_of() = ToProtoDate(as_of);
  tdkt::v1::GetOrganizationResponse response;
  TDKT_ASSIGN_OR_RETURN(auto context, stub_->Context(access_token_));
  TDKT_RETURN_IF_ERROR(FromGrpc(stub_->directory->GetOrganization(context.get(), request, &response)));
  return response.organization().id();
}

}  // namespace tdkt::common
