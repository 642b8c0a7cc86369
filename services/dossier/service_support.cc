#include "base/utf8.h"
#include "services/dossier/service_support.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "workflow/text_checks.h"

namespace tdkt::dossier {

namespace wf = workflow;

absl::Status Invalid(absl::string_view message) { return absl::InvalidArgumentError(message); }

absl::Status CheckId(const std::string& value, absl::string_view field_vi, bool required) {
  if (value.empty()) return required ? Invalid(absl::StrCat("Thiếu ", field_vi)) : absl::OkStatus();
  if (value.size() > kMaxIdBytes) return Invalid(absl::StrCat(field_vi, " dài quá ", kMaxIdBytes, " byte"));
  if (!base::IsValidUtf8(value)) return Invalid(absl::StrCat(field_vi, " không phải UTF-8 hợp lệ"));
  return absl::OkStatus();
}

absl::Status CheckText(const std::string& value, absl::string_view field_vi) {
  if (value.size() > kMaxTextBytes) return Invalid(absl::StrCat(field_vi, " dài quá ", kMaxTextBytes, " byte"));
  if (!base::IsValidUtf8(value)) return Invalid(absl::StrCat(field_vi, " không phải UTF-8 hợp lệ"));
  return absl::OkStatus();
}

absl::Status CheckCommon(const std::string& request_id, const std::string& dossier_id, int64_t expected_version,
                         bool version_optional) {
  if (absl::Status s = CheckId(request_id, "mã yêu cầu (request_id)", true); !s.ok()) return s;
  if (absl::Status s = CheckId(dossier_id, "mã hồ sơ", true); !s.ok()) return s;
  if (expected_version < 0 || (expected_version == 0 && !version_optional)) {
    return Invalid("Phiên bản hồ sơ (expected_version) không hợp lệ");
  }
  return absl::OkStatus();
}

std::vector<wf::OrgLevel> LevelsOf(const wf::catalog::Catalog& catalog, const wf::DossierSnapshot& s) {
  std::vector<wf::OrgLevel> levels;
  if (absl::StatusOr<const wf::ChainDefinition*> chain = catalog.FindChain(s.chain_id, s.chain_version); chain.ok()) {
    for (const wf::ChainLevel& level : (*chain)->levels) levels.push_back(level.org_level);
  }
  return levels;
}

bool MaySeePersonalData(const wf::ActorContext& actor) {
  for (const wf::ResolvedGrant& g : actor.grants) {
    if (g.role == wf::Role::kSubmitter && g.relations.Contains(wf::OrgRelation::kOriginUnit)) return true;
    const bool on_path = g.relations.Contains(wf::OrgRelation::kHolder) ||
                         g.relations.Contains(wf::OrgRelation::kAncestorOfHolder);
    if (on_path && (g.role == wf::Role::kAppraiser || g.role == wf::Role::kCouncilChair ||
                    g.role == wf::Role::kDecider)) {
      return true;
    }
  }
  return false;
}

bool RelatedToDossier(const wf::ActorContext& actor) {
  if (actor.is_system) return true;
  for (const wf::ResolvedGrant& g : actor.grants) {
    if (!g.relations.empty()) return true;
  }
  return false;
}

absl::StatusOr<wf::ActorContext> ActorForRow(const TransitionRunner& runner, const auth::Identity& caller,
                                             const DossierRow& row) {
  const wf::DossierSnapshot& s = row.snapshot;
  const auto& path = row.origin_org_path;
  const auto holder = std::find(path.begin(), path.end(), s.holder_org_id);
  if (caller.service_name.has_value() || holder == path.end()) return runner.ResolveActor(caller, s);
  const std::vector<std::string> ancestors(holder + 1, path.end());
  return wf::BindActor(caller.ToActor(), s.holder_org_id, s.origin_org_id, ancestors);
}

}  // namespace tdkt::dossier
