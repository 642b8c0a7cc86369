#pragma once
// Chain loader: a data/chains/*.textproto file (tdkt.v1.ChainFile) into ChainDefinitions added to a
// CatalogBuilder, each tagged "<file>:<line of its `chains {`>" so later cross-file errors name it too.
// Unset optional fields take the ChainLevel defaults (quorum 2/3, threshold 0.5, council votes, appraiser).
//
//   catalog::CatalogBuilder builder;
//   TDKT_RETURN_IF_ERROR(AddChainsFromFile("data/chains/3-level.textproto", &builder));
#include <string>

#include "absl/status/status.h"
#include "workflow/catalog/catalog_builder.h"

namespace tdkt::workflow::loader {

absl::Status AddChainsFromFile(const std::string& path, catalog::CatalogBuilder* builder);

// The same for text in memory; `name` stands for the file in error messages.
absl::Status AddChainsFromText(const std::string& text, const std::string& name,
                               catalog::CatalogBuilder* builder);

}  // namespace tdkt::workflow::loader
