#include "workflow/loader/plan_loader.h"

#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "tdkt/v1/plan.pb.h"
#include "workflow/loader/catalog_conversions.h"
#include "workflow/loader/catalog_loader.h"
#include "workflow/loader/text_proto_file.h"

namespace tdkt::workflow::loader {
namespace {

absl::StatusOr<quota::Plan> ToPlan(const tdkt::v1::PlanSpec& spec) {
  quota::Plan plan;
  plan.id = spec.id();
  plan.name_vi = spec.name_vi();
  plan.issuer_vi = spec.issuer_vi();
  plan.document_vi = spec.document_vi();
  if (!spec.has_valid_from() || !spec.has_valid_until()) {
    return absl::InvalidArgumentError(
        absl::StrCat("kế hoạch ", spec.id(), ": cần cả valid_from và valid_until"));
  }
  absl::StatusOr<absl::CivilDay> from = ToCivilDay(spec.valid_from(), "valid_from");
  if (!from.ok()) return from.status();
  absl::StatusOr<absl::CivilDay> until = ToCivilDay(spec.valid_until(), "valid_until");
  if (!until.ok()) return until.status();
  plan.valid_from = *from;
  plan.valid_until = *until;
  for (const tdkt::v1::AwardTargetSpec& target_spec : spec.targets()) {
    quota::AwardTarget target;
    target.label_vi = target_spec.label_vi();
    target.award_codes.assign(target_spec.award_codes().begin(), target_spec.award_codes().end());
    target.min = target_spec.min();
    if (target_spec.has_max()) target.max = target_spec.max();
    plan.targets.push_back(std::move(target));
  }
  if (spec.has_direct_worker_share()) {
    const tdkt::v1::RecipientShareSpec& share = spec.direct_worker_share();
    plan.direct_worker_share = quota::RecipientShareRule{
        share.label_vi(), share.min_share(), share.strictly_above(),
        std::vector<std::string>(share.award_codes().begin(), share.award_codes().end())};
  }
  return plan;
}

}  // namespace

absl::StatusOr<std::vector<quota::Plan>> ParsePlans(const std::string& text, const std::string& name,
                                                    const catalog::Catalog& catalog) {
  tdkt::v1::PlanFile file;
  google::protobuf::TextFormat::ParseInfoTree locations;
  if (absl::Status status = ParseTextProtoWithLocations(text, name, &file, &locations); !status.ok()) {
    return status;
  }
  std::vector<quota::Plan> plans;
  for (int i = 0; i < file.plans_size(); ++i) {
    const int line = LineOf(&locations, file, "plans", i, 0);
    absl::StatusOr<quota::Plan> plan = ToPlan(file.plans(i));
    if (!plan.ok()) return DataError(name, line, std::string(plan.status().message()));
    if (absl::Status status = quota::ValidatePlan(*plan); !status.ok()) {
      return DataError(name, line, std::string(status.message()));
    }
    if (absl::Status status = quota::ValidatePlanAgainstCatalog(*plan, catalog); !status.ok()) {
      return DataError(name, line, std::string(status.message()));
    }
    plans.push_back(*std::move(plan));
  }
  return plans;
}

absl::StatusOr<std::vector<quota::Plan>> LoadPlans(const std::string& data_dir,
                                                   const catalog::Catalog& catalog) {
  absl::StatusOr<std::vector<std::string>> files = TextProtoFilesIn(data_dir + "/plans");
  if (!files.ok()) return files.status();
  std::vector<quota::Plan> plans;
  std::set<std::string> ids;
  for (const std::string& path : *files) {
    absl::StatusOr<std::string> text = ReadDataFile(path);
    if (!text.ok()) return text.status();
    absl::StatusOr<std::vector<quota::Plan>> parsed = ParsePlans(*text, path, catalog);
    if (!parsed.ok()) return parsed.status();
    for (quota::Plan& plan : *parsed) {
      if (!ids.insert(plan.id).second) {
        return DataError(path, 0, absl::StrCat("kế hoạch ", plan.id, " trùng id"));
      }
      plans.push_back(std::move(plan));
    }
  }
  return plans;
}

}  // namespace tdkt::workflow::loader
