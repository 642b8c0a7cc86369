#pragma once
// What the DossierServiceImpl files share (dossier_service.cc, dossier_service_queries.cc,
// dossier_service_documents.cc): the edge checks every command has, the text rules, the chain's levels of a
// dossier, and who may see a dossier and its personal data.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/auth/token_verifier.h"
#include "services/common/request_checks.h"
#include "services/dossier/dossier_store.h"
#include "services/dossier/transition_runner.h"
#include "workflow/actor_context.h"
#include "workflow/catalog/catalog.h"

namespace tdkt::dossier {

inline constexpr std::string_view kDossierIdField = "mã hồ sơ (dossier_id)";

// Notes, reasons and complaints: several lines of up to 2000 characters.
inline constexpr common::TextRule kNoteRule{.max_chars = 2000, .presence = common::Presence::kOptional,
                                            .multiline = true};

// What every command request has: request_id, dossier_id and expected_version (kOptional: 0 means "do not
// check").
absl::Status CheckCommand(std::string_view request_id, std::string_view dossier_id, int64_t expected_version,
                          common::Presence version = common::Presence::kRequired);

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
