// DirectoryServiceImpl: what every handler uses — the caller, today, request fingerprints. The handlers are in
// the *_rpcs.cc files, one per aggregate.
#include "services/directory/directory_service.h"

#include "services/directory/signing_keys.h"
#include "workflow/vietnam_time.h"

namespace tdkt::directory {

DirectoryServiceImpl::DirectoryServiceImpl(const DirectoryStores* stores, const Authorizer* authorizer,
                                           ServiceSettings settings)
    : stores_(stores), authorizer_(authorizer), settings_(std::move(settings)) {}

absl::StatusOr<Identity> DirectoryServiceImpl::Caller(grpc::ServerContext* context) {
  if (settings_.keys == nullptr) return absl::UnauthenticatedError("Chưa xác thực (authentication required)");
  return settings_.keys->Authenticate(*context);
}

absl::CivilDay DirectoryServiceImpl::Today() const { return workflow::VietnamDate(settings_.clock->Now()); }

std::string DirectoryServiceImpl::FingerprintOf(std::string_view method, const Identity& caller,
                                                const google::protobuf::Message& request) const {
  return common::RequestFingerprint(settings_.fingerprint_key, method, caller.person_id, request.SerializeAsString());
}

}  // namespace tdkt::directory
