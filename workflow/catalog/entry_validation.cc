#include "workflow/catalog/entry_validation.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"

namespace tdkt::workflow::catalog {
namespace {

absl::Status CheckValidity(absl::CivilDay from, const std::optional<absl::CivilDay>& until) {
  if (until && *until < from) {
    return absl::InvalidArgumentError(absl::StrCat("valid_until ", absl::FormatCivilTime(*until),
                                                   " trước valid_from ", absl::FormatCivilTime(from)));
  }
  return absl::OkStatus();
}

}  // namespace

const char* OrgLevelNameVi(OrgLevel level) {
  switch (level) {
    case OrgLevel::kUnit:
      return "cấp cơ sở";
    case OrgLevel::kCommune:
      return "cấp xã";
    case OrgLevel::kDistrict:
      return "cấp huyện";
    case OrgLevel::kProvince:
      return "cấp tỉnh";
    case OrgLevel::kCentral:
      return "cấp Trung ương";
  }
  return "cấp không xác định";
}

absl::Status ValidateChain(const ChainDefinition& chain) {
  if (chain.id.empty()) return absl::InvalidArgumentError("chuỗi thiếu id");
  if (chain.version < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("chuỗi ", chain.id, ": version phải >= 1, đang là ", chain.version));
  }
  if (chain.levels.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("chuỗi ", chain.id, " không có cấp nào"));
  }
  if (chain.levels.front().org_level != OrgLevel::kUnit) {
    return absl::InvalidArgumentError(
        absl::StrCat("chuỗi ", chain.id, ": cấp đầu tiên phải là cấp cơ sở (ORG_LEVEL_UNIT)"));
  }
  for (size_t i = 0; i < chain.levels.size(); ++i) {
    const ChainLevel& level = chain.levels[i];
    const std::string where = absl::StrCat("chuỗi ", chain.id, ", cấp thứ ", i + 1, " (",
                                           OrgLevelNameVi(level.org_level), ")");
    if (level.org_level == OrgLevel::kCentral) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": cấp Trung ương không thuộc chuỗi; hồ sơ vượt cấp tỉnh được chuyển ra ngoài"));
    }
    if (i > 0 && level.org_level <= chain.levels[i - 1].org_level) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": các cấp phải tăng dần nghiêm ngặt, sau ",
                       OrgLevelNameVi(chain.levels[i - 1].org_level)));
    }
    if (level.appraisal_working_days <= 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": appraisal_working_days phải > 0, đang là ", level.appraisal_working_days));
    }
    if (level.completeness_check_working_days <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": completeness_check_working_days phải > 0, đang là ",
                       level.completeness_check_working_days));
    }
    if (!(level.quorum > 0.0 && level.quorum <= 1.0)) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": quorum ", level.quorum, " nằm ngoài (0, 1]"));
    }
    // The chain threshold must be exceeded, so 1 could never pass.
    if (!(level.pass_threshold >= 0.0 && level.pass_threshold < 1.0)) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": pass_threshold ", level.pass_threshold, " nằm ngoài [0, 1)"));
    }
  }
  if (absl::Status status = CheckValidity(chain.valid_from, chain.valid_until); !status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("chuỗi ", chain.id, ": ", status.message()));
  }
  return absl::OkStatus();
}

absl::Status ValidateAward(const AwardDefinition& award) {
  if (award.code.empty()) return absl::InvalidArgumentError("khen thưởng thiếu code");
  const std::string where = absl::StrCat("khen thưởng ", award.code);
  if (award.name_vi.empty()) return absl::InvalidArgumentError(absl::StrCat(where, ": thiếu name_vi"));
  if (award.subjects.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": thiếu đối tượng (subjects)"));
  }
  if (award.proposing_levels.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": thiếu cấp đề nghị (proposing_levels)"));
  }
  if (award.required_documents.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": thiếu thành phần hồ sơ (required_documents)"));
  }
  std::set<std::string> documents;
  for (const std::string& document : award.required_documents) {
    if (document.empty() || !documents.insert(document).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": loại tài liệu rỗng hoặc trùng: \"", document, "\""));
    }
  }
  if (award.cap) {
    if (award.cap->of_award_code.empty() || award.cap->of_award_code == award.code) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": cap.of_award_code phải là mã khen thưởng khác"));
    }
    if (!(award.cap->max_share > 0.0 && award.cap->max_share <= 1.0)) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": cap.max_share ", award.cap->max_share, " nằm ngoài (0, 1]"));
    }
  }
  if (award.requires_prior) {
    if (award.requires_prior->award_code.empty() || award.requires_prior->award_code == award.code) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": requires_prior.award_code phải là mã khen thưởng khác"));
    }
    if (award.requires_prior->years < 1 || award.requires_prior->years > 10) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": requires_prior.years ", award.requires_prior->years, " nằm ngoài [1, 10]"));
    }
  }
  if (award.pass_threshold_override) {
    const double threshold = *award.pass_threshold_override;
    if (!(threshold >= 0.0 && threshold <= 1.0)) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": pass_threshold_override ", threshold, " nằm ngoài [0, 1]"));
    }
  }
  if (award.public_comment_working_days < 0) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": public_comment_working_days < 0"));
  }
  if (absl::Status status = CheckValidity(award.valid_from, award.valid_until); !status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": ", status.message()));
  }
  return absl::OkStatus();
}

}  // namespace tdkt::workflow::catalog
