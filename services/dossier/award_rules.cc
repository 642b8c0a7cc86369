#include "services/dossier/award_rules.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "tdkt/v1/dossier.pb.h"
#include "workflow/quota/prior_awards.h"
#include "workflow/quota/shares.h"
#include "workflow/reasons.h"
#include "workflow/vietnam_time.h"

namespace tdkt::dossier {
namespace {

namespace wf = workflow;
using S = wf::DossierState;

struct Subject {
  AwardSubjectKind kind = AwardSubjectKind::kPerson;
  std::string id;  // '' when the nominee is not linked to the directory
};

Subject SubjectOf(const DossierRow& row) {
  tdkt::v1::Nominee nominee;
  nominee.ParseFromString(row.nominee);
  if (nominee.kind() == tdkt::v1::NOMINEE_KIND_INDIVIDUAL) return {AwardSubjectKind::kPerson, nominee.person_id()};
  return {AwardSubjectKind::kCollective, nominee.org_id()};
}

absl::Status Refuse(wf::ReasonCode reason, const std::string& message) {
  return wf::WorkflowError(absl::StatusCode::kFailedPrecondition, reason, message);
}

absl::Status CheckPriorAwards(TransitionTransaction& txn, const TransitionState& state,
                              const wf::catalog::Catalog& catalog) {
  const wf::PriorAwardRule& rule = *state.award->requires_prior;
  const DossierRow& row = state.loaded.row;
  const Subject subject = SubjectOf(row);
  std::vector<int> held;
  if (!subject.id.empty()) {
    held = txn.YearsHeld(subject.kind, subject.id, rule.award_code, wf::quota::FirstPriorYear(rule, row.year),
                         row.year - 1);
  }
  const std::vector<int> missing = wf::quota::MissingPriorYears(rule, row.year, held);
  if (missing.empty()) return absl::OkStatus();
  std::string message = wf::quota::MissingPriorMessage(*state.award, AwardNameOf(catalog, rule.award_code),
                                                       row.year, missing);
  if (subject.id.empty()) {
    absl::StrAppend(&message, " (đối tượng chưa được liên kết với danh mục: nominee.person_id / nominee.org_id)");
  }
  return Refuse(wf::ReasonCode::kMissingPriorAward, message);
}

absl::Status CheckCap(TransitionTransaction& txn, const TransitionState& state, const wf::catalog::Catalog& catalog,
                      bool counting_council) {
  const wf::ShareCap& cap = *state.award->cap;
  const DossierRow& row = state.loaded.row;
  const std::string& org = row.snapshot.origin_org_id;
  const std::string& code = state.award->code;
  txn.LockQuota(org, row.year, code);
  const int64_t base = txn.CountHeld(org, row.year, cap.of_award_code);
  int64_t capped = txn.CountHeld(org, row.year, code) + 1;  // with this dossier
  if (counting_council) capped += txn.CountInCouncil(org, row.year, code, row.snapshot.id);
  const wf::quota::CapCheck check =
      wf::quota::CheckShareCap(cap, static_cast<int>(base), static_cast<int>(capped));
  if (check.within) return absl::OkStatus();
  return Refuse(wf::ReasonCode::kQuotaExceeded,
                wf::quota::CapExceededMessage(*state.award, AwardNameOf(catalog, cap.of_award_code), row.year, check));
}

bool SameNominee(const tdkt::v1::Nominee& nominee, const RegistrationFact& registered) {
  if (static_cast<int>(nominee.kind()) != registered.nominee_kind) return false;
  if (nominee.kind() == tdkt::v1::NOMINEE_KIND_INDIVIDUAL) {
    if (!nominee.person_id().empty()) return nominee.person_id() == registered.person_id;
    return nominee.name() == registered.name && nominee.birth_year() == registered.birth_year;
  }
  if (!nominee.org_id().empty()) return nominee.org_id() == registered.org_id;
  return nominee.name() == registered.name;
}

absl::Status CheckRegistration(const TransitionState& state, const wf::catalog::Catalog& catalog,
                               const CampaignFacts& campaigns) {
  const DossierRow& row = state.loaded.row;
  const std::string award = absl::StrCat("«", AwardNameOf(catalog, state.award->code), "»");
  if (row.registration_id.empty()) {
    return Refuse(wf::ReasonCode::kMissingRegistration,
                  absl::StrCat(award, " cần đăng ký thi đua: hồ sơ phải dẫn chiếu đăng ký của đối tượng "
                               "(registration_id, lập hồ sơ mới có đăng ký)"));
  }
  if (!campaigns.configured) {
    return absl::UnavailableError(
        "Không kiểm tra được đăng ký thi đua: dịch vụ hồ sơ chưa được nối với dịch vụ phong trào thi đua");
  }
  if (campaigns.registration_asked != row.registration_id) {
    return absl::AbortedError("Hồ sơ vừa được thay đổi; hãy tải lại và thử lại");
  }
  if (!campaigns.registration) {
    return Refuse(wf::ReasonCode::kMissingRegistration,
                  absl::StrCat("Không tìm thấy đăng ký thi đua ", row.registration_id, " mà hồ sơ dẫn chiếu"));
  }
  const RegistrationFact& registered = *campaigns.registration;
  const std::vector<std::string>& codes = registered.award_codes;
  if (std::find(codes.begin(), codes.end(), state.award->code) == codes.end()) {
    return Refuse(wf::ReasonCode::kMissingRegistration,
                  absl::StrCat("Đăng ký thi đua ", registered.id, " không đăng ký danh hiệu ", award));
  }
  tdkt::v1::Nominee nominee;
  nominee.ParseFromString(row.nominee);
  if (!SameNominee(nominee, registered)) {
    return Refuse(wf::ReasonCode::kMissingRegistration,
                  absl::StrCat("Đăng ký thi đua ", registered.id, " là của đối tượng khác, không phải đối tượng "
                               "của hồ sơ"));
  }
  if (row.year < registered.first_year || row.year > registered.last_year) {
    return Refuse(wf::ReasonCode::kMissingRegistration,
                  absl::StrCat("Đăng ký thi đua ", registered.id, " thuộc phong trào «", registered.campaign_name_vi,
                               "» (", registered.first_year, registered.first_year == registered.last_year
                                                                 ? std::string()
                                                                 : absl::StrCat("–", registered.last_year),
                               "), không phải năm ", row.year, " của hồ sơ"));
  }
  return absl::OkStatus();  // a late registration (registered.late) is accepted
}

std::string TargetExceededMessage(const PlanTarget& target, const std::string& award_name, int64_t count) {
  std::string plan = absl::StrCat("«", target.campaign_name_vi, "»");
  if (!target.document_number.empty()) absl::StrAppend(&plan, " (", target.document_number, ")");
  const std::string years = target.first_year == target.last_year
                                ? absl::StrCat("năm ", target.first_year)
                                : absl::StrCat("các năm ", target.first_year, "–", target.last_year);
  return absl::StrCat("Vượt chỉ tiêu của kế hoạch ", plan, ": «", target.label_vi, "» tối đa ", target.max, " ",
                      years, "; tính cả hồ sơ «", award_name, "» này là ", count);
}

absl::Status CheckPlanTargets(TransitionTransaction& txn, const TransitionState& state,
                              const wf::catalog::Catalog& catalog, const CampaignFacts& campaigns,
                              bool counting_council) {
  const DossierRow& row = state.loaded.row;
  if (!campaigns.asked) {
    return absl::InternalError("plan targets were not asked before the transition (TransitionRunner::AskCampaigns)");
  }
  const CampaignFacts::Asked& asked = *campaigns.asked;
  if (asked.award_code != state.award->code || asked.year != row.year ||
      asked.origin_org_id != row.snapshot.origin_org_id) {
    return absl::AbortedError("Hồ sơ vừa được thay đổi; hãy tải lại và thử lại");
  }
  const std::vector<std::string>& path = row.origin_org_path;
  for (const PlanTarget& target : campaigns.targets) {  // sorted: the order of the lock rows
    if (std::find(path.begin(), path.end(), target.covers_org_id) == path.end()) continue;
    if (row.year < target.first_year || row.year > target.last_year) continue;
    txn.LockPlanTarget(target.campaign_id, target.LockKey());
    const int64_t count = txn.CountForTarget(target.award_codes, target.covers_org_id, target.first_year,
                                             target.last_year, counting_council, row.snapshot.id) +
                          1;  // with this dossier
    if (count > target.max) {
      return Refuse(wf::ReasonCode::kTargetExceeded,
                    TargetExceededMessage(target, AwardNameOf(catalog, state.award->code), count));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<AwardHistoryRecord> GrantedAward(const TransitionState& state, const wf::DossierSnapshot& after,
                                                const OrgDirectory& directory) {
  const DossierRow& row = state.loaded.row;
  const Subject subject = SubjectOf(row);
  const wf::Decision& decision = *after.decision;
  AwardHistoryRecord record;
  record.subject_kind = subject.kind;
  record.subject_id = subject.id;
  record.org_id = after.origin_org_id;
  record.award_code = after.award_code;
  record.year = row.year;
  record.decision_number = decision.number;
  record.decision_date = decision.date;
  record.issuing_body = decision.issuing_body;
  if (record.issuing_body.empty()) {  // decided in tdkt without the body printed: the deciding organisation
    TDKT_ASSIGN_OR_RETURN(record.issuing_body,
                          directory.OrganisationName(after.holder_org_id, wf::VietnamDate(state.now)));
  }
  record.source = AwardHistorySource::kTdkt;
  record.dossier_id = after.id;
  record.recorded_at = state.now;
  record.recorded_by = state.actor.id;
  return record;
}

}  // namespace

std::string AwardNameOf(const wf::catalog::Catalog& catalog, const std::string& code) {
  for (const wf::AwardDefinition& award : catalog.awards()) {
    if (award.code == code) return award.name_vi;
  }
  return code;
}

absl::Status ApplyAwardRules(TransitionTransaction& txn, const TransitionState& state,
                             const wf::Transition& transition, const wf::catalog::Catalog& catalog,
                             const OrgDirectory& directory, const CampaignFacts& campaigns,
                             TransitionWrite& write) {
  if (state.creating) return absl::OkStatus();
  const S before = state.loaded.row.snapshot.state;
  const wf::DossierSnapshot& after = transition.dossier;
  if (before == after.state) return absl::OkStatus();
  if (before == S::kDraft && after.state == S::kSubmitted && state.award->requires_prior) {
    TDKT_RETURN_IF_ERROR(CheckPriorAwards(txn, state, catalog));
  }
  if (before == S::kDraft && after.state == S::kSubmitted && state.award->requires_registration) {
    TDKT_RETURN_IF_ERROR(CheckRegistration(state, catalog, campaigns));
  }
  const bool to_council = after.state == S::kCouncilVoting;
  const bool to_decided = after.state == S::kDecided;
  if ((to_council || to_decided) && state.award->cap) {
    TDKT_RETURN_IF_ERROR(CheckCap(txn, state, catalog, /*counting_council=*/to_council));
  }
  if ((to_council || to_decided) && campaigns.configured) {  // after the cap: its row is locked first
    TDKT_RETURN_IF_ERROR(CheckPlanTargets(txn, state, catalog, campaigns, /*counting_council=*/to_council));
  }
  if (to_decided) {
    TDKT_ASSIGN_OR_RETURN(write.granted_award, GrantedAward(state, after, directory));
  }
  write.withdraws_award = wf::kDecisionStates.Contains(before) && !wf::kDecisionStates.Contains(after.state);
  return absl::OkStatus();
}

}  // namespace tdkt::dossier
