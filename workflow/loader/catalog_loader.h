#pragma once
// LoadCatalog: every data/chains/*.textproto and data/awards/*.textproto under `data_dir`, in file-name
// order, validated one by one and against each other (catalog_builder.h). Errors name the file and line:
// "data/awards/catalogue.textproto:41: khen thưởng CSTD_CO_SO: cấp quyết định cấp huyện không có trong chuỗi
// 3-level ...". NOT_FOUND when a folder is missing.
//
//   TDKT_ASSIGN_OR_RETURN(catalog::Catalog catalog, LoadCatalog("/usr/share/tdkt/data"));
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "workflow/catalog/catalog.h"

namespace tdkt::workflow::loader {

absl::StatusOr<catalog::Catalog> LoadCatalog(const std::string& data_dir);

// The *.textproto files directly in `dir`, sorted by name; NOT_FOUND when `dir` is not a readable folder.
absl::StatusOr<std::vector<std::string>> TextProtoFilesIn(const std::string& dir);

}  // namespace tdkt::workflow::loader
