#include "workflow/catalog/catalog.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace tdkt::workflow::catalog {

absl::StatusOr<const ChainDefinition*> Catalog::ChainOn(absl::CivilDay day) const {
  const ChainDefinition* found = nullptr;
  for (const ChainDefinition& chain : chains_) {
    if (!chain.ValidOn(day)) continue;
    if (found != nullptr) {
      return absl::FailedPreconditionError(
          absl::StrCat("ngày ", absl::FormatCivilTime(day), " có nhiều chuỗi hiệu lực (", found->id,
                       ", ", chain.id, "): cần chỉ rõ chuỗi"));
    }
    found = &chain;
  }
  if (found == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("không có chuỗi thẩm định nào hiệu lực ngày ", absl::FormatCivilTime(day)));
  }
  return found;
}

absl::StatusOr<const ChainDefinition*> Catalog::ChainOn(const std::string& id, absl::CivilDay day) const {
  for (const ChainDefinition& chain : chains_) {
    if (chain.id == id && chain.ValidOn(day)) return &chain;
  }
  return absl::NotFoundError(
      absl::StrCat("chuỗi ", id, " không hiệu lực ngày ", absl::FormatCivilTime(day)));
}

absl::StatusOr<const ChainDefinition*> Catalog::FindChain(const std::string& id, int version) const {
  for (const ChainDefinition& chain : chains_) {
    if (chain.id == id && chain.version == version) return &chain;
  }
  return absl::NotFoundError(absl::StrCat("không có chuỗi ", id, " phiên bản ", version));
}

absl::StatusOr<const AwardDefinition*> Catalog::AwardOn(const std::string& code, absl::CivilDay day) const {
  bool code_known = false;
  for (const AwardDefinition& award : awards_) {
    if (award.code != code) continue;
    code_known = true;
    if (award.ValidOn(day)) return &award;
  }
  if (!code_known) return absl::NotFoundError(absl::StrCat("không có khen thưởng mã ", code));
  return absl::NotFoundError(absl::StrCat("khen thưởng mã ", code, " không hiệu lực ngày ",
                                          absl::FormatCivilTime(day)));
}

std::vector<const AwardDefinition*> Catalog::AwardsOn(absl::CivilDay day) const {
  std::vector<const AwardDefinition*> valid;
  for (const AwardDefinition& award : awards_) {
    if (award.ValidOn(day)) valid.push_back(&award);
  }
  return valid;
}

bool Catalog::IsDocumentKind(const std::string& kind) const {
  return std::any_of(awards_.begin(), awards_.end(), [&kind](const AwardDefinition& award) {
    return std::find(award.required_documents.begin(), award.required_documents.end(), kind) !=
           award.required_documents.end();
  });
}

absl::StatusOr<DecisionPoint> Catalog::DecisionPointOn(const std::string& code, const ChainDefinition& chain,
                                                       absl::CivilDay day, OrgLevel proposing_level) const {
  absl::StatusOr<const AwardDefinition*> award = AwardOn(code, day);
  if (!award.ok()) return award.status();
  return DecisionPointOf(**award, chain, proposing_level);
}

}  // namespace tdkt::workflow::catalog
