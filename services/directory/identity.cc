#include "services/directory/identity.h"

#include <atomic>

#include <grpcpp/server_context.h>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace tdkt::directory {
namespace {

std::atomic<bool> test_identity_enabled{false};

absl::StatusOr<workflow::Role> ParseRole(std::string_view name) {
  if (name == "SUBMITTER") return workflow::Role::kSubmitter;
  if (name == "APPRAISER") return workflow::Role::kAppraiser;
  if (name == "COUNCIL_MEMBER") return workflow::Role::kCouncilMember;
  if (name == "COUNCIL_CHAIR") return workflow::Role::kCouncilChair;
  if (name == "DECIDER") return workflow::Role::kDecider;
  if (name == "ADMIN") return workflow::Role::kAdmin;
  return absl::InvalidArgumentError("unknown role in test identity");
}

bool IsId(const std::string& text) {
  long long value = 0;
  return absl::SimpleAtoi(text, &value) && value > 0;
}

// abseil in Debian 12 has its own string_view, distinct from std::string_view.
absl::string_view View(std::string_view text) { return absl::string_view(text.data(), text.size()); }

}  // namespace

void SetInsecureTestIdentityEnabled(bool enabled) { test_identity_enabled = enabled; }

absl::StatusOr<Identity> ParseTestIdentity(std::string_view value) {
  std::vector<std::string> parts = absl::StrSplit(View(value), absl::MaxSplits(';', 1));
  Identity identity;
  identity.person_id = std::string(absl::StripAsciiWhitespace(parts[0]));
  if (!IsId(identity.person_id)) return absl::InvalidArgumentError("test identity: bad person id");
  if (parts.size() == 2 && !absl::StripAsciiWhitespace(parts[1]).empty()) {
    for (absl::string_view grant : absl::StrSplit(parts[1], ',')) {
      std::vector<std::string> role_org = absl::StrSplit(absl::StripAsciiWhitespace(grant), '@');
      if (role_org.size() != 2) return absl::InvalidArgumentError("test identity: grant is not ROLE@org");
      auto role = ParseRole(role_org[0]);
      if (!role.ok()) return role.status();
      if (role_org[1] != kEveryOrganisation && !IsId(role_org[1])) {
        return absl::InvalidArgumentError("test identity: bad organisation id");
      }
      identity.grants.push_back({*role, std::string(role_org[1])});
    }
  }
  return identity;
}

absl::StatusOr<Identity> AuthenticatedIdentity(grpc::ServerContext* context) {
  if (!test_identity_enabled) {
    return absl::UnauthenticatedError("chưa xác thực (authentication required)");
  }
  const auto& metadata = context->client_metadata();
  auto found = metadata.find(grpc::string_ref(kTestIdentityHeader.data(), kTestIdentityHeader.size()));
  if (found == metadata.end()) return absl::UnauthenticatedError("chưa xác thực (authentication required)");
  auto identity = ParseTestIdentity(std::string_view(found->second.data(), found->second.size()));
  if (!identity.ok()) return absl::UnauthenticatedError(identity.status().message());
  return identity;
}

}  // namespace tdkt::directory
