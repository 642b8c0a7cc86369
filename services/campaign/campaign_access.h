#pragma once
// CampaignAccess: who may do what with campaigns and registrations, from the caller's token only (its grants)
// and the organisation tree on a day. A grant at "*" (the system administrator) is at or above every
// organisation. Service accounts never change anything; they may read (the dossier will check registrations).
//
//   TDKT_RETURN_IF_ERROR(access.MayChange(caller, campaign.issuing_org_id(), day));
//   if (!access.MayRead(caller, stored)) return NotFound();
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/auth/token_verifier.h"
#include "services/campaign/campaign_store.h"
#include "services/campaign/org_lookup.h"

namespace tdkt::campaign {

class CampaignAccess {
 public:
  explicit CampaignAccess(const OrgLookup* orgs) : orgs_(orgs) {}

  // PERMISSION_DENIED for a service account.
  static absl::Status NotAService(const auth::Identity& caller);

  // OK when the caller is an ADMIN or APPRAISER (standing body) of `issuing_org_id` or of one of its ancestors on
  // `day`; PERMISSION_DENIED otherwise.
  absl::Status MayChange(const auth::Identity& caller, const std::string& issuing_org_id, absl::CivilDay day) const;

  // Whether the caller has a role in the covered subtree (on `today`) or at or above its root.
  absl::StatusOr<bool> MayRead(const auth::Identity& caller, const StoredCampaign& stored, absl::CivilDay today) const;

  // OK when the caller is a SUBMITTER, APPRAISER or ADMIN of the organisation `org_path[0]`, or an APPRAISER or
  // ADMIN of one of its ancestors (the rest of `org_path`); PERMISSION_DENIED otherwise.
  static absl::Status MayRegister(const auth::Identity& caller, const std::vector<std::string>& org_path);
  // Whether the caller has any role at the registering organisation or above it (`org_path`).
  static bool MayReadRegistration(const auth::Identity& caller, const std::vector<std::string>& org_path);

  // The organisations of the caller's grants ("*" included when held).
  static std::vector<std::string> GrantOrgs(const auth::Identity& caller);
  // The organisations of the caller's grants and all their ancestors on `today` (grants at organisations that do
  // not exist that day are skipped).
  absl::StatusOr<std::vector<std::string>> GrantOrgsAndAncestors(const auth::Identity& caller,
                                                                 absl::CivilDay today) const;
  // Whether the caller reads everything: a service account or a grant at "*".
  static bool SeesEverything(const auth::Identity& caller);

 private:
  const OrgLookup* orgs_;
};

}  // namespace tdkt::campaign
