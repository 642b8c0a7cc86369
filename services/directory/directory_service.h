#pragma once
// DirectoryServiceImpl: the DirectoryService RPCs — organisations (organisation_rpcs.cc), people
// (person_rpcs.cc), role assignments (role_rpcs.cc), councils (council_rpcs.cc), CSV import (import_rpc.cc)
// and login with signed tokens (auth_rpcs.cc). DirectoryServer (directory_server.h) builds it.
//
// Every handler is `return common::Serve("<Method>", [&]() -> absl::Status { … })`. Every call but Login,
// Refresh and GetPublicKeys: the caller from the bearer access token (SigningKeys::Authenticate), rules from
// the Authorizer, input from the kit's request checks and request_rules.h, SQL through the stores in one
// transaction. Mutations are idempotent by request_id (common::Idempotency over directory.idempotency, claimed
// and recorded inside that transaction) and check expected_version; lists are keyset pages
// (common::DecodePage) bound to their filter. Logs carry ids only, never names, ID numbers, passwords or
// tokens.
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "base/clock.h"
#include "services/common/idempotency.h"
#include "services/directory/identity.h"
#include "services/directory/login_throttle.h"
#include "tdkt/v1/directory.grpc.pb.h"

namespace tdkt::directory {

class Authorizer;
struct DirectoryStores;
class PasswordChecks;
class SigningKeys;

struct ServiceSettings {
  const base::Clock* clock = nullptr;  // required: token times, throttling and today's business date
  // Null (no --pii-key): no tokens are issued or accepted; every RPC but GetPublicKeys is refused.
  SigningKeys* keys = nullptr;
  PasswordChecks* password_checks = nullptr;  // required: every argon2id verification goes through it
  // The key of the request fingerprints (common::RequestFingerprint): derived from the PII key, "" without.
  std::string fingerprint_key;
  ThrottlePolicy throttle{};
  absl::Duration refresh_token_lifetime = absl::Hours(24 * 30);
};

class DirectoryServiceImpl final : public tdkt::v1::DirectoryService::Service {
 public:
  DirectoryServiceImpl(const DirectoryStores* stores, const Authorizer* authorizer, ServiceSettings settings);

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
  grpc::Status SetPersonPassword(grpc::ServerContext* context, const tdkt::v1::SetPersonPasswordRequest* request,
                                 tdkt::v1::SetPersonPasswordResponse* response) override;

  grpc::Status ListRoleAssignments(grpc::ServerContext* context, const tdkt::v1::ListRoleAssignmentsRequest* request,
                                   tdkt::v1::ListRoleAssignmentsResponse* response) override;
  grpc::Status CreateRoleAssignment(grpc::ServerContext* context, const tdkt::v1::CreateRoleAssignmentRequest* request,
                                    tdkt::v1::CreateRoleAssignmentResponse* response) override;
  grpc::Status UpdateRoleAssignment(grpc::ServerContext* context, const tdkt::v1::UpdateRoleAssignmentRequest* request,
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
  // Today's business date in Vietnam, from the settings' clock.
  absl::CivilDay Today() const;
  // The fingerprint of a mutating request for the idempotency claim: common::RequestFingerprint under the
  // settings' key, of the method, the caller and the request bytes.
  std::string FingerprintOf(std::string_view method, const Identity& caller,
                            const google::protobuf::Message& request) const;

  const DirectoryStores* stores_;
  const Authorizer* authorizer_;
  const ServiceSettings settings_;
  const common::Idempotency idempotency_{"directory"};
};

}  // namespace tdkt::directory
