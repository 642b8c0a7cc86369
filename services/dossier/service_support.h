#pragma once
// What the DossierServiceImpl files share (dossier_service.cc, dossier_service_queries.cc,
// dossier_service_documents.cc): edge checks of ids and text, the chain's levels of a dossier, and who may see
// a dossier and its personal data.
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/auth/token_verifier.h"
#include "services/dossier/dossier_store.h"
#include "services/dossier/transition_runner.h"
#include "workflow/actor_context.h"
#include "workflow/catalog/catalog.h"

// In a gRPC handler: returns the mapped status when `expr` (an absl::Status) is not OK.
#define TDKT_CHECK_OR_RETURN(expr)                                           \
  do {                                                                       \
    if (absl::Status s_ = (expr); !s_.ok()) return common::ToGrpcStatus(s_); \
  } while (false)

namespace tdkt::dossier {

inline constexpr size_t kMaxIdBytes = 128;
inline constexpr size_t kMaxTextBytes = 2000;

absl::Status Invalid(absl::string_view message);

// Ids: request ids, dossier ids, organisation ids, vote ids, codes.
absl::Status CheckId(const std::string& value, absl::string_view field_vi, bool required);
absl::Status CheckText(const std::string& value, absl::string_view field_vi);
// Every command: request_id, dossier_id, expected_version. `version_optional`: 0 means "do not check".
absl::Status CheckCommon(const std::string& request_id, const std::string& dossier_id, int64_t expected_version,
                         bool version_optional);

// The organisation level of each level of the dossier's pinned chain (empty if the chain is unknown).
std::vector<workflow::OrgLevel> LevelsOf(const workflow::catalog::Catalog& catalog,
                                         const workflow::DossierSnapshot& dossier);

// Who may see the nominee's ID number (dossier.proto, Nominee.id_number): the origin unit's submitters, and
// appraisers, council chairs and deciders of the holding organisation or its ancestors.
bool MaySeePersonalData(const workflow::ActorContext& actor);

// Whether the caller has anything to do with the dossier (holder, ancestor of the holder, origin unit).
bool RelatedToDossier(const workflow::ActorContext& actor);

// The caller bound to a dossier from a query result: the holder's ancestors come from the dossier's stored
// origin path when the holder is on it (always, unless the tree changed), else from the directory.
absl::StatusOr<workflow::ActorContext> ActorForRow(const TransitionRunner& runner, const auth::Identity& caller,
                                                   const DossierRow& row);

}  // namespace tdkt::dossier
