#pragma once
// BlocAccess: who may do what with an emulation bloc, from the caller's token only (its grants) and the
// organisation tree on a day of the bloc's year. Service accounts change nothing; they read everything.
//
//   TDKT_RETURN_IF_ERROR(access.MayManage(caller, bloc.manager_org_id(), day));      // set the bloc up
//   TDKT_RETURN_IF_ERROR(BlocAccess::MayActFor(caller, request.member_org_id()));   // sign, score
//   TDKT_ASSIGN_OR_RETURN(const bool may, access.MayRead(caller, bloc, day));
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/auth/token_verifier.h"
#include "services/campaign/org_lookup.h"
#include "tdkt/v1/bloc.pb.h"

namespace tdkt::campaign {

class BlocAccess {
 public:
  explicit BlocAccess(const OrgLookup* orgs) : orgs_(orgs) {}

  // OK when the caller is an ADMIN or APPRAISER (standing body) of the managing organisation or of one of its
  // ancestors on `day`; INVALID_ARGUMENT for a manager unknown that day; PERMISSION_DENIED otherwise.
  absl::Status MayManage(const auth::Identity& caller, const std::string& manager_org_id, absl::CivilDay day) const;

  // OK when the caller may act for the member `org_id`: its head (DECIDER), an authorised officer (SUBMITTER),
  // its APPRAISER or ADMIN, or the system administrator; PERMISSION_DENIED otherwise. `what_vi` says what in the
  // refusal (e.g. "ký giao ước").
  static absl::Status MayActFor(const auth::Identity& caller, const std::string& org_id, const std::string& what_vi);

  // Whether the caller reads the bloc: a role at a member, at the managing organisation or above it (on `day`),
  // or a reader of everything.
  absl::StatusOr<bool> MayRead(const auth::Identity& caller, const tdkt::v1::Bloc& bloc, absl::CivilDay day) const;

 private:
  const OrgLookup* orgs_;
};

}  // namespace tdkt::campaign
