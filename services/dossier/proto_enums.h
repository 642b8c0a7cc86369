#pragma once
// The workflow core's dossier enums ↔ the API's (proto value = workflow value + 1, with 0 = UNSPECIFIED, as
// dossier.proto documents). Organisation levels and roles are the kit's (services/common/proto_conversions.h),
// brought in here so that one ToProto name serves every enum.
#include "services/common/proto_conversions.h"
#include "services/dossier/history_finding.h"
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

inline tdkt::v1::HistoryProblem ToProto(HistoryProblem p) {
  switch (p) {
    case HistoryProblem::kNone: return tdkt::v1::HISTORY_PROBLEM_UNSPECIFIED;
    case HistoryProblem::kChainBroken: return tdkt::v1::HISTORY_PROBLEM_CHAIN_BROKEN;
    case HistoryProblem::kAnchorForged: return tdkt::v1::HISTORY_PROBLEM_ANCHOR_FORGED;
    case HistoryProblem::kAnchorMismatch: return tdkt::v1::HISTORY_PROBLEM_ANCHOR_MISMATCH;
    case HistoryProblem::kRowMismatch: return tdkt::v1::HISTORY_PROBLEM_ROW_MISMATCH;
  }
  return tdkt::v1::HISTORY_PROBLEM_UNSPECIFIED;
}

}  // namespace tdkt::dossier
