#include "services/notifier/grpc_recipient_directory.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <set>

#include "base/status_macros.h"
#include "services/common/proto_conversions.h"
#include "tdkt/v1/directory.grpc.pb.h"

namespace tdkt::notifier {
namespace {

namespace v1 = tdkt::v1;

constexpr auto kCallTimeout = std::chrono::seconds(3);
constexpr int kMaxPages = 100;  // 20,000 role assignments at one organisation: far above any real one

absl::Status FromGrpc(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::OK:
      return absl::OkStatus();
    case grpc::StatusCode::NOT_FOUND:
      return absl::NotFoundError(status.error_message());
    case grpc::StatusCode::INVALID_ARGUMENT:
      // The question came from the event (an id the directory cannot parse): retrying will not help.
      return absl::InvalidArgumentError("danh mục từ chối câu hỏi (directory refused the request): " +
                                        status.error_message());
    default:
      // Unreachable, or refusing the notifier's account (an operator's fix): the event waits and is retried.
      return absl::UnavailableError("Không truy vấn được danh mục (directory unavailable: " +
                                    status.error_message() + ")");
  }
}

}  // namespace

struct GrpcRecipientDirectory::Stub {
  std::unique_ptr<v1::DirectoryService::Stub> stub;
};

GrpcRecipientDirectory::GrpcRecipientDirectory(std::shared_ptr<grpc::Channel> channel, TokenSource access_token)
    : stub_(std::make_unique<Stub>(Stub{v1::DirectoryService::NewStub(std::move(channel))})),
      access_token_(std::move(access_token)) {}

GrpcRecipientDirectory::~GrpcRecipientDirectory() = default;

namespace {

absl::StatusOr<std::unique_ptr<grpc::ClientContext>> NewContext(const GrpcRecipientDirectory::TokenSource& token) {
  absl::StatusOr<std::string> bearer = token();
  if (!bearer.ok()) {
    return absl::UnavailableError("Không đăng nhập được vào danh mục (directory login failed: " +
                                  std::string(bearer.status().message()) + ")");
  }
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + kCallTimeout);
  context->AddMetadata("authorization", "Bearer " + *bearer);
  return context;
}

}  // namespace

absl::StatusOr<std::vector<std::string>> GrpcRecipientDirectory::PeopleWithRole(const std::string& org_id,
                                                                               v1::Role role,
                                                                               absl::CivilDay as_of) const {
  v1::ListRoleAssignmentsRequest request;
  request.set_org_id(org_id);
  *request.mutable_as_of() = common::ToProtoDate(as_of);
  request.mutable_page()->set_page_size(200);
  std::vector<std::string> people;
  std::set<std::string> seen;
  for (int page = 0; page < kMaxPages; ++page) {
    v1::ListRoleAssignmentsResponse response;
    TDKT_ASSIGN_OR_RETURN(auto context, NewContext(access_token_));
    TDKT_RETURN_IF_ERROR(FromGrpc(stub_->stub->ListRoleAssignments(context.get(), request, &response)));
    for (const v1::RoleAssignment& assignment : response.assignments()) {
      if (assignment.role() == role && assignment.org_id() == org_id && seen.insert(assignment.person_id()).second) {
        people.push_back(assignment.person_id());
      }
    }
    if (response.page().next_page_token().empty()) break;
    request.mutable_page()->set_page_token(response.page().next_page_token());
  }
  return people;
}

absl::StatusOr<CouncilRoster> GrpcRecipientDirectory::Council(const std::string& org_id, absl::CivilDay as_of) const {
  v1::ListCouncilsRequest request;
  request.set_org_id(org_id);
  *request.mutable_as_of() = common::ToProtoDate(as_of);
  v1::ListCouncilsResponse response;
  TDKT_ASSIGN_OR_RETURN(auto context, NewContext(access_token_));
  TDKT_RETURN_IF_ERROR(FromGrpc(stub_->stub->ListCouncils(context.get(), request, &response)));
  if (response.councils().empty()) return absl::NotFoundError("đơn vị không có hội đồng vào ngày này");
  const v1::Council& council = response.councils(0);
  CouncilRoster roster{council.id(), council.chair_person_id(), {}};
  for (const v1::CouncilMember& member : council.members()) {
    if (member.voting()) roster.voting_members.push_back(member.person_id());
  }
  return roster;
}

absl::StatusOr<std::vector<std::string>> GrpcRecipientDirectory::Ancestors(const std::string& org_id,
                                                                          absl::CivilDay as_of) const {
  v1::ListAncestorOrganizationsRequest request;
  request.set_org_id(org_id);
  *request.mutable_as_of() = common::ToProtoDate(as_of);
  v1::ListAncestorOrganizationsResponse response;
  TDKT_ASSIGN_OR_RETURN(auto context, NewContext(access_token_));
  TDKT_RETURN_IF_ERROR(FromGrpc(stub_->stub->ListAncestorOrganizations(context.get(), request, &response)));
  std::vector<std::string> ids;
  for (const v1::Organization& org : response.organizations()) ids.push_back(org.id());
  return ids;
}

absl::StatusOr<std::string> GrpcRecipientDirectory::OrganisationName(const std::string& org_id,
                                                                    absl::CivilDay as_of) const {
  v1::GetOrganizationRequest request;
  request.set_org_id(org_id);
  *request.mutable_as_of() = common::ToProtoDate(as_of);
  v1::GetOrganizationResponse response;
  TDKT_ASSIGN_OR_RETURN(auto context, NewContext(access_token_));
  TDKT_RETURN_IF_ERROR(FromGrpc(stub_->stub->GetOrganization(context.get(), request, &response)));
  return response.organization().name_vi();
}

absl::StatusOr<std::string> GrpcRecipientDirectory::EmailAddress(const std::string& person_id) const {
  v1::GetPersonRequest request;
  request.set_person_id(person_id);
  v1::GetPersonResponse response;
  TDKT_ASSIGN_OR_RETURN(auto context, NewContext(access_token_));
  TDKT_RETURN_IF_ERROR(FromGrpc(stub_->stub->GetPerson(context.get(), request, &response)));
  // The address when the directory shows it (it clears what the caller may not see); none for an inactive person.
  if (!response.person().active()) return std::string();
  return response.person().email();
}

}  // namespace tdkt::notifier
