#pragma once
// Catalog: the appraisal chains and the award catalogue in force over time, validated against each other,
// with the queries the workflow needs ("which chain on this date", "which CSTĐCS entry on this date", "where
// is it decided"). Built by CatalogBuilder (catalog_builder.h); workflow/loader/catalog_loader fills one from
// data/. Immutable once built; the pointers it hands out stay valid as long as the Catalog lives (moving the
// Catalog keeps them valid, copying does not carry them over).
//
//   TDKT_ASSIGN_OR_RETURN(const ChainDefinition* chain, catalog.ChainOn(received_on));
//   TDKT_ASSIGN_OR_RETURN(DecisionPoint point,
//                         catalog.DecisionPointOn("CSTD_CO_SO", *chain, received_on, OrgLevel::kUnit));
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "workflow/award.h"
#include "workflow/catalog/decision_point.h"
#include "workflow/chain.h"

namespace tdkt::workflow::catalog {

class Catalog {
 public:
  Catalog() = default;  // empty; use CatalogBuilder for a validated one

  // Sorted by (id, valid_from) and (code, valid_from).
  const std::vector<ChainDefinition>& chains() const { return chains_; }
  const std::vector<AwardDefinition>& awards() const { return awards_; }

  // The only chain valid on `day`. NOT_FOUND when none is; FAILED_PRECONDITION when chains with different
  // ids are valid that day (ask by id then).
  absl::StatusOr<const ChainDefinition*> ChainOn(absl::CivilDay day) const;
  // The version of chain `id` valid on `day`, or NOT_FOUND.
  absl::StatusOr<const ChainDefinition*> ChainOn(const std::string& id, absl::CivilDay day) const;
  // The exact version a dossier pinned when it was opened, or NOT_FOUND.
  absl::StatusOr<const ChainDefinition*> FindChain(const std::string& id, int version) const;

  // The entry of award `code` valid on `day`. NOT_FOUND for an unknown code or a code not valid that day
  // (the message tells which).
  absl::StatusOr<const AwardDefinition*> AwardOn(const std::string& code, absl::CivilDay day) const;
  // Every award entry valid on `day`, in code order.
  std::vector<const AwardDefinition*> AwardsOn(absl::CivilDay day) const;

  // Whether `kind` is a document kind of the catalogue: one that some award entry, of any date, requires. These
  // are the kinds a dossier may carry (docs/domain.md §4); anything else is a typing error.
  bool IsDocumentKind(const std::string& kind) const;

  // Where a dossier for award `code`, received on `day` and opened at `proposing_level`, is decided in
  // `chain`: AwardOn(code, day) then DecisionPointOf (decision_point.h).
  absl::StatusOr<DecisionPoint> DecisionPointOn(const std::string& code, const ChainDefinition& chain,
                                                absl::CivilDay day,
                                                OrgLevel proposing_level = OrgLevel::kUnit) const;

 private:
  friend class CatalogBuilder;
  std::vector<ChainDefinition> chains_;
  std::vector<AwardDefinition> awards_;
};

}  // namespace tdkt::workflow::catalog
