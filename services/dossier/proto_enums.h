#pragma once
// The workflow core's enums ↔ the API's (proto value = workflow value + 1, with 0 = UNSPECIFIED, as
// dossier.proto and common.proto document).
#include <optional>

#include "tdkt/v1/common.pb.h"
#include "tdkt/v1/dossier.pb.h"
#include "workflow/actor.h"
#include "workflow/command.h"
#include "workflow/dossier_state.h"

namespace tdkt::dossier {

inline tdkt::v1::DossierState ToProto(workflow::DossierState s) {
  return static_cast<tdkt::v1::DossierState>(static_cast<int>(s) + 1);
}
inline tdkt::v1::OrgLevel ToProto(workflow::OrgLevel l) {
  return static_cast<tdkt::v1::OrgLevel>(static_cast<int>(l) + 1);
}
inline tdkt::v1::DossierAction ToProto(workflow::CommandKind k) {
  return static_cast<tdkt::v1::DossierAction>(static_cast<int>(k) + 1);
}
// nullopt for UNSPECIFIED and values this build does not know.
inline std::optional<workflow::OrgLevel> FromProto(tdkt::v1::OrgLevel l) {
  if (l == tdkt::v1::ORG_LEVEL_UNSPECIFIED || !tdkt::v1::OrgLevel_IsValid(l)) return std::nullopt;
  return static_cast<workflow::OrgLevel>(static_cast<int>(l) - 1);
}

}  // namespace tdkt::dossier
