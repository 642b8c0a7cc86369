#pragma once
// Identity: who calls the directory, and the one function that establishes it from call metadata.
//
// TEMPORARY: access tokens (JWT Ed25519, services/auth) are not verified yet. Until they are,
// AuthenticatedIdentity reads a TEST-ONLY header, and only when the process enabled it with
// `--insecure-test-identity`; otherwise every call is UNAUTHENTICATED. The real token check must replace the
// body of AuthenticatedIdentity (identity.cc) and nothing else.
//
// Test header:  x-tdkt-test-identity: <person id>;<ROLE>@<org id>,<ROLE>@<org id>…
//   e.g. "12;ADMIN@3,SUBMITTER@7". ROLE is a tdkt.v1.Role name without the prefix. The org id "*" means every
//   organisation (the system administrator, who may create roots and import CSV files).
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "workflow/actor.h"

namespace grpc {
class ServerContext;
}

namespace tdkt::directory {

inline constexpr std::string_view kTestIdentityHeader = "x-tdkt-test-identity";
inline constexpr std::string_view kEveryOrganisation = "*";

struct Identity {
  std::string person_id;
  std::vector<workflow::RoleGrant> grants;
};

// Turns the insecure test header on or off for this process (off unless --insecure-test-identity).
void SetInsecureTestIdentityEnabled(bool enabled);

// The caller, or UNAUTHENTICATED.
absl::StatusOr<Identity> AuthenticatedIdentity(grpc::ServerContext* context);

// Parses the test header's value (exposed for tests); INVALID_ARGUMENT when malformed.
absl::StatusOr<Identity> ParseTestIdentity(std::string_view value);

}  // namespace tdkt::directory
