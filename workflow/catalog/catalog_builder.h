#pragma once
// CatalogBuilder: collects chain and award entries, each with the place it came from, checks each on its
// own (entry_validation.h) as it is added and all of them against each other in Build(). Every error is
// INVALID_ARGUMENT "<origin>: <reason>" so a bad data file is found by file and line.
//
//   CatalogBuilder builder;
//   TDKT_RETURN_IF_ERROR(builder.AddChain(chain, "data/chains/3-level.textproto:5"));
//   TDKT_RETURN_IF_ERROR(builder.AddAward(award, "data/awards/catalogue.textproto:40"));
//   TDKT_ASSIGN_OR_RETURN(Catalog catalog, std::move(builder).Build());
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "workflow/award.h"
#include "workflow/catalog/catalog.h"
#include "workflow/chain.h"

namespace tdkt::workflow::catalog {

class CatalogBuilder {
 public:
  absl::Status AddChain(ChainDefinition chain, std::string origin);
  absl::Status AddAward(AwardDefinition award, std::string origin);

  // Cross-checks, in this order: at least one chain; (id, version) unique; no two versions of a chain id
  // valid on the same day; no two entries of an award code valid on the same day; for every award entry and
  // every chain valid on a common day, the deciding level is a level of that chain unless it is kCentral,
  // and so is every proposing level; a cap's base code exists on a common day.
  absl::StatusOr<Catalog> Build() &&;

 private:
  std::vector<ChainDefinition> chains_;
  std::vector<std::string> chain_origins_;
  std::vector<AwardDefinition> awards_;
  std::vector<std::string> award_origins_;
};

}  // namespace tdkt::workflow::catalog
