#pragma once
// DirectoryServiceImpl: the DirectoryService RPCs for organisations, people, role assignments, councils
// and CSV import (issue 5). Login, Refresh, Logout, ChangePassword, GetCurrentIdentity and GetPublicKeys
// stay UNIMPLEMENTED here (the generated base class): they belong to the token work in services/auth.
//
// Every call: the caller from AuthenticatedIdentity (identity.h), rules from the Authorizer, input from
// request_rules.h, SQL through the DirectoryStore in one transaction, errors through ToGrpcStatus. Mutations
// are idempotent by request_id and check expected_version. Logs carry ids only, never names or ID numbers.
//
//   DirectoryServiceImpl service(&store, &authorizer, cipher, [] { return TodayInVietnam(); });
//   server.AddService(&service);
#include <functional>
#include <string>

#include "absl/time/civil_time.h"
#include "tdkt/v1/directory.grpc.pb.h"

namespace tdkt::directory {

class Authorizer;
class DirectoryStore;
class PiiCipher;
struct Identity;

using TodayFunction = std::function<absl::CivilDay()>;

// Today's business date in Asia/Ho_Chi_Minh (UTC+7, no daylight saving).
absl::CivilDay TodayInVietnam();

class DirectoryServiceImpl final : public tdkt::v1::DirectoryService::Service {
 public:
  // `cipher` may be null (no personal data then); it keys the idempotency fingerprints.
  DirectoryServiceImpl(DirectoryStore* store, const Authorizer* authorizer, const PiiCipher* cipher,
                       TodayFunction today);

  grpc::Status GetOrganization(grpc::ServerContext* context, const tdkt::v1::GetOrganizationRequest* request,
                               tdkt::v1::GetOrganizationResponse* response) override;
  grpc::Status ListChildOrganizations(grpc::ServerContext* context,
                                      const tdkt::v1::ListChildOrganizationsRequest* request,
                                      tdkt::v1::ListChildOrganizationsResponse* response) override;
  grpc::Status ListAncestorOrganizations(grpc::ServerContext* context,
                                         const tdkt::v1::ListAncestorOrganizationsRequest* request,
                                         tdkt::v1::ListAncestorOrganizationsResponse* response) override;
  grpc::Status ListSubtreeOrganizations(grpc::ServerContext* context,
                                        const tdkt::v1::ListSubtreeOrganizationsRequest* request,
                                        tdkt::v1::ListSubtreeOrganizationsResponse* response) override;
  grpc::Status CreateOrganization(grpc::ServerContext* context, const tdkt::v1::CreateOrganizationRequest* request,
                                  tdkt::v1::CreateOrganizationResponse* response) override;
  grpc::Status UpdateOrganization(grpc::ServerContext* context, const tdkt::v1::UpdateOrganizationRequest* request,
                                  tdkt::v1::UpdateOrganizationResponse* response) override;

  grpc::Status GetPerson(grpc::ServerContext* context, const tdkt::v1::GetPersonRequest* request,
                         tdkt::v1::GetPersonResponse* response) override;
  grpc::Status ListPeople(grpc::ServerContext* context, const tdkt::v1::ListPeopleRequest* request,
                          tdkt::v1::ListPeopleResponse* response) override;
  grpc::Status CreatePerson(grpc::ServerContext* context, const tdkt::v1::CreatePersonRequest* request,
                            tdkt::v1::CreatePersonResponse* response) override;
  grpc::Status UpdatePerson(grpc::ServerContext* context, const tdkt::v1::UpdatePersonRequest* request,
                            tdkt::v1::UpdatePersonResponse* response) override;

  grpc::Status ListRoleAssignments(grpc::ServerContext* context, const tdkt::v1::ListRoleAssignmentsRequest* request,
                                   tdkt::v1::ListRoleAssignmentsResponse* response) override;
  grpc::Status CreateRoleAssignment(grpc::ServerContext* context,
                                    const tdkt::v1::CreateRoleAssignmentRequest* request,
                                    tdkt::v1::CreateRoleAssignmentResponse* response) override;
  grpc::Status UpdateRoleAssignment(grpc::ServerContext* context,
                                    const tdkt::v1::UpdateRoleAssignmentRequest* request,
                                    tdkt::v1::UpdateRoleAssignmentResponse* response) override;

  grpc::Status GetCouncil(grpc::ServerContext* context, const tdkt::v1::GetCouncilRequest* request,
                          tdkt::v1::GetCouncilResponse* response) override;
  grpc::Status ListCouncils(grpc::ServerContext* context, const tdkt::v1::ListCouncilsRequest* request,
                            tdkt::v1::ListCouncilsResponse* response) override;
  grpc::Status CreateCouncil(grpc::ServerContext* context, const tdkt::v1::CreateCouncilRequest* request,
                             tdkt::v1::CreateCouncilResponse* response) override;
  grpc::Status UpdateCouncil(grpc::ServerContext* context, const tdkt::v1::UpdateCouncilRequest* request,
                             tdkt::v1::UpdateCouncilResponse* response) override;

  grpc::Status ImportDirectoryCsv(grpc::ServerContext* context, const tdkt::v1::ImportDirectoryCsvRequest* request,
                                  tdkt::v1::ImportDirectoryCsvResponse* response) override;

 private:
  DirectoryStore* store_;
  const Authorizer* authorizer_;
  const PiiCipher* cipher_;
  TodayFunction today_;
};

}  // namespace tdkt::directory
