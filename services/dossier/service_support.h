#pragma once
// What the DossierServiceImpl files share (dossier_service.cc, dossier_service_queries.cc,
// dossier_service_documents.cc): the edge checks every command has, the text rules, the chain's levels of a
// dossier, and the refusal of a read the visibility rule does not allow (workflow/visibility.h).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/common/request_checks.h"
#include "services/dossier/dossier_store.h"
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

// PERMISSION_DENIED for a dossier the visibility rule does not show the caller.
absl::Status MayNotSeeDossier();
// PERMISSION_DENIED for the documents of a dossier the caller sees only from above (workflow/visibility.h).
absl::Status MayNotSeeDocuments();

}  // namespace tdkt::dossier
