#include "workflow/loader/award_loader.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "tdkt/v1/award.pb.h"
#include "workflow/loader/catalog_conversions.h"
#include "workflow/loader/text_proto_file.h"

namespace tdkt::workflow::loader {
namespace {

using google::protobuf::TextFormat;

// A conversion failure with the line of the field that caused it.
struct FieldError {
  int line;
  absl::Status status;
};

absl::StatusOr<AwardKind> ToAwardKind(int value) {
  switch (value) {
    case tdkt::v1::AWARD_KIND_EMULATION_TITLE:
      return AwardKind::kEmulationTitle;
    case tdkt::v1::AWARD_KIND_COMMENDATION_FORM:
      return AwardKind::kCommendationForm;
    case tdkt::v1::AWARD_KIND_UNSPECIFIED:
      return absl::InvalidArgumentError("thiếu loại (kind)");
    default:
      return absl::InvalidArgumentError(absl::StrCat("loại (kind) không xác định: ", value));
  }
}

absl::StatusOr<AwardSubject> ToAwardSubject(int value) {
  switch (value) {
    case tdkt::v1::AWARD_SUBJECT_INDIVIDUAL:
      return AwardSubject::kIndividual;
    case tdkt::v1::AWARD_SUBJECT_COLLECTIVE:
      return AwardSubject::kCollective;
    case tdkt::v1::AWARD_SUBJECT_HOUSEHOLD:
      return AwardSubject::kHousehold;
    default:
      return absl::InvalidArgumentError(absl::StrCat("đối tượng (subjects) không xác định: ", value));
  }
}

// Fills `award` from `spec`; on failure returns the line (within the entry) and reason.
std::optional<FieldError> ToAward(const tdkt::v1::AwardSpec& spec,
                                  const TextFormat::ParseInfoTree* locations, int entry_line,
                                  AwardDefinition& award) {
  auto fail = [&](const std::string& field, int index, const absl::Status& status) {
    return FieldError{LineOf(locations, spec, field, index, entry_line),
                      absl::InvalidArgumentError(
                          absl::StrCat("khen thưởng ", spec.code(), ": ", status.message()))};
  };
  award.code = spec.code();
  award.name_vi = spec.name_vi();
  absl::StatusOr<AwardKind> kind = ToAwardKind(spec.kind());
  if (!kind.ok()) return fail("kind", -1, kind.status());
  award.kind = *kind;
  for (int i = 0; i < spec.subjects_size(); ++i) {
    absl::StatusOr<AwardSubject> subject = ToAwardSubject(spec.subjects(i));
    if (!subject.ok()) return fail("subjects", i, subject.status());
    award.subjects.push_back(*subject);
  }
  absl::StatusOr<OrgLevel> deciding = ToOrgLevel(spec.deciding_level(), "cấp quyết định (deciding_level)");
  if (!deciding.ok()) return fail("deciding_level", -1, deciding.status());
  award.deciding_level = *deciding;
  for (int i = 0; i < spec.proposing_levels_size(); ++i) {
    absl::StatusOr<OrgLevel> level = ToOrgLevel(spec.proposing_levels(i), "cấp đề nghị (proposing_levels)");
    if (!level.ok()) return fail("proposing_levels", i, level.status());
    award.proposing_levels.push_back(*level);
  }
  award.required_documents.assign(spec.required_documents().begin(), spec.required_documents().end());
  if (spec.has_cap()) award.cap = ShareCap{spec.cap().of_award_code(), spec.cap().max_share()};
  if (spec.has_pass_threshold_override()) award.pass_threshold_override = spec.pass_threshold_override();
  award.threshold_counts_all_members = spec.threshold_counts_all_members();
  award.unit_head_may_decide = spec.unit_head_may_decide();
  award.requires_registration = spec.requires_registration();
  if (spec.has_requires_prior()) {
    if (!spec.requires_prior().consecutive()) {
      return fail("requires_prior", -1,
                  absl::InvalidArgumentError("requires_prior: chỉ hỗ trợ các năm liên tục (consecutive: true)"));
    }
    award.requires_prior = PriorAwardRule{spec.requires_prior().award_code(), spec.requires_prior().years()};
  }
  award.public_comment_working_days = spec.public_comment_working_days();
  if (!spec.has_valid_from()) {
    return fail("valid_from", -1, absl::InvalidArgumentError("thiếu ngày bắt đầu hiệu lực (valid_from)"));
  }
  absl::StatusOr<absl::CivilDay> from = ToCivilDay(spec.valid_from(), "valid_from");
  if (!from.ok()) return fail("valid_from", -1, from.status());
  award.valid_from = *from;
  if (spec.has_valid_until()) {
    absl::StatusOr<absl::CivilDay> until = ToCivilDay(spec.valid_until(), "valid_until");
    if (!until.ok()) return fail("valid_until", -1, until.status());
    award.valid_until = *until;
  }
  return std::nullopt;
}

}  // namespace

absl::Status AddAwardsFromText(const std::string& text, const std::string& name,
                               catalog::CatalogBuilder* builder) {
  tdkt::v1::AwardFile file;
  TextFormat::ParseInfoTree locations;
  if (absl::Status status = ParseTextProtoWithLocations(text, name, &file, &locations); !status.ok()) {
    return status;
  }
  if (file.awards().empty()) return DataError(name, 0, "tệp không có khen thưởng nào (awards)");
  for (int i = 0; i < file.awards_size(); ++i) {
    const int line = LineOf(&locations, file, "awards", i, 0);
    AwardDefinition award;
    if (std::optional<FieldError> error =
            ToAward(file.awards(i), NestedLocations(&locations, file, "awards", i), line, award)) {
      return DataError(name, error->line, std::string(error->status.message()));
    }
    if (absl::Status status = builder->AddAward(std::move(award), absl::StrCat(name, ":", line));
        !status.ok()) {
      return status;
    }
  }
  return absl::OkStatus();
}

absl::Status AddAwardsFromFile(const std::string& path, catalog::CatalogBuilder* builder) {
  absl::StatusOr<std::string> text = ReadDataFile(path);
  if (!text.ok()) return text.status();
  return AddAwardsFromText(*text, path, builder);
}

}  // namespace tdkt::workflow::loader
