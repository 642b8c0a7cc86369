#pragma once
// DirectoryServiceImpl: the DirectoryService RPCs for organisations, people, role assignments, councils,
// CSV import (directory_service.cc) and login with signed tokens (auth_rpcs.cc) — issue 5.
//
// Every call but Login, Refresh and GetPublicKeys: the caller from the bearer access token
// (SigningKeys::Authenticate), rules from the Authorizer, input from request_rules.h, SQL through the
// DirectoryStore in one transaction, errors through ToGrpcStatus. Mutations are idempotent by request_id and
// check expected_version. Logs carry ids only, never names, ID numbers, passwords or tokens.
//
//   DirectoryServiceImpl service(&store, &authorizer, cipher, [] { return TodayInVietnam(); },
//                                {.keys = signing_keys.get(), .clock = &clock});
//   server.AddService(&service);
#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/auth/token_verifier.h"
#include "services/directory/login_throttle.h"
#include "tdkt/v1/directory.grpc.pb.h"
#include "base/clock.h"

namespace tdkt::directory {

class Authorizer;
class DirectoryStore;
class PiiCipher;
class SigningKeys;
using Identity = auth::Identity;

using TodayFunction = std::function<absl::CivilDay()>;

// Today's business date in Asia/Ho_Chi_Minh (UTC+7, no daylight saving).
absl::CivilDay TodayInVietnam();

struct AuthSettings {
  // Null (no --pii-key): no tokens are issued or accepted; every RPC but GetPublicKeys is refused.
  SigningKeys* keys = nullptr;
  const base::Clock* clock = nullptr;  // null = the system clock
  ThrottlePolicy throttle{};
  absl::Duration refresh_token_lifetime = absl::Hours(24 * 30);
};

class DirectoryServiceImpl final : public tdkt::v1::DirectoryService::Service {
 public:
  // `cipher` may be null (no personal data then); it keys the idempotency fingerprints.
  DirectoryServiceImpl(DirectoryStore* store, const Authorizer* authorizer, const PiiCipher* cipher,
                       TodayFunction today, AuthSettings auth = {});

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

  grpc::Status Login(grpc::ServerContext* context, const tdkt::v1::LoginRequest* request,
                     tdkt::v1::LoginResponse* response) override;
  grpc::Status Refresh(grpc::ServerContext* context, const tdkt::v1::RefreshRequest* request,
                       tdkt::v1::RefreshResponse* response) override;
  grpc::Status Logout(grpc::ServerContext* context, const tdkt::v1::LogoutRequest* request,
                      tdkt::v1::LogoutResponse* response) override;
  grpc::Status ChangePassword(grpc::ServerContext* context, const tdkt::v1::ChangePasswordRequest* request,
                              tdkt::v1::ChangePasswordResponse* response) override;
  grpc::Status GetCurrentIdentity(grpc::ServerContext* context, const tdkt::v1::GetCurrentIdentityRequest* request,
                                  tdkt::v1::GetCurrentIdentityResponse* response) override;
  grpc::Status GetPublicKeys(grpc::ServerContext* context, const tdkt::v1::GetPublicKeysRequest* request,
                             tdkt::v1::GetPublicKeysResponse* response) override;

 private:
  absl::StatusOr<Identity> Caller(grpc::ServerContext* context);

  DirectoryStore* store_;
  const Authorizer* authorizer_;
  const PiiCipher* cipher_;
  TodayFunction today_;
  AuthSettings auth_;
};

}  // namespace tdkt::directory
