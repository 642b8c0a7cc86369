#pragma once
// TDKT_RETURN_IF_ERROR / TDKT_ASSIGN_OR_RETURN: abseil 20220623 (Debian 12) ships neither. The one definition
// for every library of the project.
//
//   absl::StatusOr<Dossier> LoadDossier(...);
//   absl::Status Apply(...) {
//     TDKT_ASSIGN_OR_RETURN(Dossier dossier, LoadDossier(id));
//     TDKT_RETURN_IF_ERROR(Check(dossier));
//     return absl::OkStatus();
//   }
#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define TDKT_STATUS_CONCAT_INNER_(a, b) a##b
#define TDKT_STATUS_CONCAT_(a, b) TDKT_STATUS_CONCAT_INNER_(a, b)

#define TDKT_RETURN_IF_ERROR(expr)                        \
  do {                                                    \
    ::absl::Status tdkt_status_ = (expr);                 \
    if (!tdkt_status_.ok()) return tdkt_status_;          \
  } while (false)

#define TDKT_ASSIGN_OR_RETURN(lhs, expr) \
  TDKT_ASSIGN_OR_RETURN_IMPL_(TDKT_STATUS_CONCAT_(tdkt_statusor_, __LINE__), lhs, expr)

#define TDKT_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = std::move(statusor).value()
