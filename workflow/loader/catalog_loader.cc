#include "workflow/loader/catalog_loader.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "workflow/catalog/catalog_builder.h"
#include "workflow/loader/award_loader.h"
#include "workflow/loader/chain_loader.h"

namespace tdkt::workflow::loader {

absl::StatusOr<std::vector<std::string>> TextProtoFilesIn(const std::string& dir) {
  std::error_code error;
  std::filesystem::directory_iterator it(dir, error);
  if (error) {
    return absl::NotFoundError(absl::StrCat(dir, ": cannot list data folder (", error.message(), ")"));
  }
  std::vector<std::string> files;
  for (; it != std::filesystem::directory_iterator(); it.increment(error)) {
    if (error) break;
    if (it->path().extension() == ".textproto" && it->is_regular_file(error)) {
      files.push_back(it->path().string());
    }
  }
  if (error) {
    return absl::NotFoundError(absl::StrCat(dir, ": cannot list data folder (", error.message(), ")"));
  }
  std::sort(files.begin(), files.end());
  return files;
}

absl::StatusOr<catalog::Catalog> LoadCatalog(const std::string& data_dir) {
  catalog::CatalogBuilder builder;
  absl::StatusOr<std::vector<std::string>> chain_files = TextProtoFilesIn(data_dir + "/chains");
  if (!chain_files.ok()) return chain_files.status();
  for (const std::string& path : *chain_files) {
    if (absl::Status status = AddChainsFromFile(path, &builder); !status.ok()) return status;
  }
  absl::StatusOr<std::vector<std::string>> award_files = TextProtoFilesIn(data_dir + "/awards");
  if (!award_files.ok()) return award_files.status();
  for (const std::string& path : *award_files) {
    if (absl::Status status = AddAwardsFromFile(path, &builder); !status.ok()) return status;
  }
  return std::move(builder).Build();
}

}  // namespace tdkt::workflow::loader
