#include "workflow/loader/chain_loader.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "tdkt/v1/chain.pb.h"
#include "workflow/loader/catalog_conversions.h"
#include "workflow/loader/text_proto_file.h"

namespace tdkt::workflow::loader {
namespace {

using google::protobuf::TextFormat;

absl::StatusOr<ChainLevel> ToChainLevel(const tdkt::v1::ChainLevelSpec& spec) {
  ChainLevel level;
  absl::StatusOr<OrgLevel> org_level = ToOrgLevel(spec.org_level(), "cấp (org_level)");
  if (!org_level.ok()) return org_level.status();
  level.org_level = *org_level;
  absl::StatusOr<Role> role = ToRole(spec.appraiser_role(), Role::kAppraiser, "appraiser_role");
  if (!role.ok()) return role.status();
  level.appraiser_role = *role;
  level.standing_body_vi = spec.standing_body_vi();
  if (spec.appraisal_working_days() == 0) {
    return absl::InvalidArgumentError("thiếu thời hạn thẩm định (appraisal_working_days)");
  }
  level.appraisal_working_days = spec.appraisal_working_days();
  if (spec.has_completeness_check_working_days()) {
    level.completeness_check_working_days = spec.completeness_check_working_days();
  }
  if (spec.has_council_votes()) level.council_votes = spec.council_votes();
  if (spec.has_quorum()) level.quorum = spec.quorum();
  if (spec.has_pass_threshold()) level.pass_threshold = spec.pass_threshold();
  return level;
}

}  // namespace

absl::Status AddChainsFromText(const std::string& text, const std::string& name,
                               catalog::CatalogBuilder* builder) {
  tdkt::v1::ChainFile file;
  TextFormat::ParseInfoTree locations;
  if (absl::Status status = ParseTextProtoWithLocations(text, name, &file, &locations); !status.ok()) {
    return status;
  }
  if (file.chains().empty()) return DataError(name, 0, "tệp không có chuỗi nào (chains)");
  for (int i = 0; i < file.chains_size(); ++i) {
    const tdkt::v1::ChainSpec& spec = file.chains(i);
    const int line = LineOf(&locations, file, "chains", i, 0);
    const TextFormat::ParseInfoTree* chain_locations = NestedLocations(&locations, file, "chains", i);

    ChainDefinition chain;
    chain.id = spec.id();
    chain.version = spec.version();
    chain.name_vi = spec.name_vi();
    if (!spec.has_valid_from()) return DataError(name, line, "thiếu ngày bắt đầu hiệu lực (valid_from)");
    absl::StatusOr<absl::CivilDay> from = ToCivilDay(spec.valid_from(), "valid_from");
    if (!from.ok()) {
      return DataError(name, LineOf(chain_locations, spec, "valid_from", -1, line),
                       std::string(from.status().message()));
    }
    chain.valid_from = *from;
    if (spec.has_valid_until()) {
      absl::StatusOr<absl::CivilDay> until = ToCivilDay(spec.valid_until(), "valid_until");
      if (!until.ok()) {
        return DataError(name, LineOf(chain_locations, spec, "valid_until", -1, line),
                         std::string(until.status().message()));
      }
      chain.valid_until = *until;
    }
    for (int j = 0; j < spec.levels_size(); ++j) {
      absl::StatusOr<ChainLevel> level = ToChainLevel(spec.levels(j));
      if (!level.ok()) {
        return DataError(name, LineOf(chain_locations, spec, "levels", j, line),
                         absl::StrCat("chuỗi ", spec.id(), ", cấp thứ ", j + 1, ": ",
                                      level.status().message()));
      }
      chain.levels.push_back(*std::move(level));
    }
    if (absl::Status status = builder->AddChain(std::move(chain), absl::StrCat(name, ":", line));
        !status.ok()) {
      return status;
    }
  }
  return absl::OkStatus();
}

absl::Status AddChainsFromFile(const std::string& path, catalog::CatalogBuilder* builder) {
  absl::StatusOr<std::string> text = ReadDataFile(path);
  if (!text.ok()) return text.status();
  return AddChainsFromText(*text, path, builder);
}

}  // namespace tdkt::workflow::loader
