#pragma once
// Award loader: a data/awards/*.textproto file (tdkt.v1.AwardFile) into AwardDefinitions added to a
// CatalogBuilder, each tagged "<file>:<line of its `awards {`>". A missing or unknown kind, subject or level
// is refused here with its line; the rules between entries are the builder's.
//
//   TDKT_RETURN_IF_ERROR(AddAwardsFromFile("data/awards/catalogue.textproto", &builder));
#include <string>

#include "absl/status/status.h"
#include "workflow/catalog/catalog_builder.h"

namespace tdkt::workflow::loader {

absl::Status AddAwardsFromFile(const std::string& path, catalog::CatalogBuilder* builder);

// The same for text in memory; `name` stands for the file in error messages.
absl::Status AddAwardsFromText(const std::string& text, const std::string& name,
                               catalog::CatalogBuilder* builder);

}  // namespace tdkt::workflow::loader
