#include "workflow/catalog/catalog_builder.h"

#include <algorithm>
#include <numeric>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "workflow/catalog/entry_validation.h"

namespace tdkt::workflow::catalog {
namespace {

absl::Status AtOrigin(const std::string& origin, absl::string_view reason) {
  return absl::InvalidArgumentError(absl::StrCat(origin, ": ", reason));
}

// Both ranges are inclusive; an empty end is open.
template <typename A, typename B>
bool ValidityOverlaps(const A& a, const B& b) {
  const bool a_starts_in_time = !b.valid_until || a.valid_from <= *b.valid_until;
  const bool b_starts_in_time = !a.valid_until || b.valid_from <= *a.valid_until;
  return a_starts_in_time && b_starts_in_time;
}

template <typename T>
std::string DescribeValidity(const T& entry) {
  return absl::StrCat(absl::FormatCivilTime(entry.valid_from), "…",
                      entry.valid_until ? absl::FormatCivilTime(*entry.valid_until) : "");
}

// Sorts entries and their origins together by `less`.
template <typename T, typename Less>
void SortWithOrigins(std::vector<T>& entries, std::vector<std::string>& origins, Less less) {
  std::vector<size_t> order(entries.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return less(entries[a], entries[b]); });
  std::vector<T> sorted_entries;
  std::vector<std::string> sorted_origins;
  for (size_t i : order) {
    sorted_entries.push_back(std::move(entries[i]));
    sorted_origins.push_back(std::move(origins[i]));
  }
  entries = std::move(sorted_entries);
  origins = std::move(sorted_origins);
}

}  // namespace

absl::Status CatalogBuilder::AddChain(ChainDefinition chain, std::string origin) {
  if (absl::Status status = ValidateChain(chain); !status.ok()) return AtOrigin(origin, status.message());
  chains_.push_back(std::move(chain));
  chain_origins_.push_back(std::move(origin));
  return absl::OkStatus();
}

absl::Status CatalogBuilder::AddAward(AwardDefinition award, std::string origin) {
  if (absl::Status status = ValidateAward(award); !status.ok()) return AtOrigin(origin, status.message());
  awards_.push_back(std::move(award));
  award_origins_.push_back(std::move(origin));
  return absl::OkStatus();
}

absl::StatusOr<Catalog> CatalogBuilder::Build() && {
  if (chains_.empty()) {
    return absl::InvalidArgumentError("danh mục không có chuỗi thẩm định nào (data/chains/ trống?)");
  }
  SortWithOrigins(chains_, chain_origins_, [](const ChainDefinition& a, const ChainDefinition& b) {
    return std::tie(a.id, a.valid_from) < std::tie(b.id, b.valid_from);
  });
  SortWithOrigins(awards_, award_origins_, [](const AwardDefinition& a, const AwardDefinition& b) {
    return std::tie(a.code, a.valid_from) < std::tie(b.code, b.valid_from);
  });

  for (size_t i = 0; i < chains_.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      const ChainDefinition& a = chains_[j];
      const ChainDefinition& b = chains_[i];
      if (a.id != b.id) continue;
      if (a.version == b.version) {
        return AtOrigin(chain_origins_[i], absl::StrCat("chuỗi ", b.id, " phiên bản ", b.version,
                                                        " trùng với ", chain_origins_[j]));
      }
      if (ValidityOverlaps(a, b)) {
        return AtOrigin(chain_origins_[i],
                        absl::StrCat("chuỗi ", b.id, " hiệu lực ", DescribeValidity(b), " chồng lấn với ",
                                     DescribeValidity(a), " tại ", chain_origins_[j]));
      }
    }
  }

  for (size_t i = 0; i < awards_.size(); ++i) {
    const AwardDefinition& award = awards_[i];
    const std::string& origin = award_origins_[i];
    for (size_t j = 0; j < i; ++j) {
      const AwardDefinition& other = awards_[j];
      if (other.code == award.code && ValidityOverlaps(other, award)) {
        return AtOrigin(origin, absl::StrCat("khen thưởng ", award.code, " hiệu lực ",
                                             DescribeValidity(award), " chồng lấn với ",
                                             DescribeValidity(other), " tại ", award_origins_[j]));
      }
    }
    for (const ChainDefinition& chain : chains_) {
      if (!ValidityOverlaps(award, chain)) continue;
      if (award.deciding_level != OrgLevel::kCentral && !chain.LevelIndex(award.deciding_level)) {
        return AtOrigin(origin, absl::StrCat("khen thưởng ", award.code, ": cấp quyết định ",
                                             OrgLevelNameVi(award.deciding_level),
                                             " không có trong chuỗi ", chain.id, " (hiệu lực ",
                                             DescribeValidity(chain), ")"));
      }
      for (OrgLevel level : award.proposing_levels) {
        if (!chain.LevelIndex(level)) {
          return AtOrigin(origin, absl::StrCat("khen thưởng ", award.code, ": cấp đề nghị ",
                                               OrgLevelNameVi(level), " không có trong chuỗi ", chain.id,
                                               " (hiệu lực ", DescribeValidity(chain), ")"));
        }
      }
    }
    if (award.requires_prior) {
      const bool prior_exists = std::any_of(awards_.begin(), awards_.end(), [&](const AwardDefinition& a) {
        return a.code == award.requires_prior->award_code;
      });
      if (!prior_exists) {
        return AtOrigin(origin, absl::StrCat("khen thưởng ", award.code, ": requires_prior.award_code ",
                                             award.requires_prior->award_code, " không có trong danh mục"));
      }
    }
    if (award.cap) {
      const bool base_exists = std::any_of(awards_.begin(), awards_.end(), [&](const AwardDefinition& a) {
        return a.code == award.cap->of_award_code && ValidityOverlaps(a, award);
      });
      if (!base_exists) {
        return AtOrigin(origin, absl::StrCat("khen thưởng ", award.code, ": cap.of_award_code ",
                                             award.cap->of_award_code,
                                             " không có trong danh mục cùng thời gian hiệu lực"));
      }
    }
  }

  Catalog catalog;
  catalog.chains_ = std::move(chains_);
  catalog.awards_ = std::move(awards_);
  return catalog;
}

}  // namespace tdkt::workflow::catalog
