#pragma once
// The workflow core's dossier enums ↔ the API's (proto value = workflow value + 1, with 0 = UNSPECIFIED, as
// dossier.proto documents). Organisation levels and roles are the kit's (services/common/proto_conversions.h),
// brought in here so that one ToProto name serves every enum.
#include "services/common/proto_conversions.h"
#include "tdkt/v1/dossier.pb.h"
#include "workflow/command.h"
#include "workflow/dossier_state.h"

namespace tdkt::dossier {

using common::ToProto;

inline tdkt::v1::DossierState ToProto(workflow::DossierState s) {
  return static_cast<tdkt::v1::DossierState>(static_cast<int>(s) + 1);
}
inline tdkt::v1::DossierAction ToProto(workflow::CommandKind k) {
  return static_cast<tdkt::v1::DossierAction>(static_cast<int>(k) + 1);
}

}  // namespace tdkt::dossier
