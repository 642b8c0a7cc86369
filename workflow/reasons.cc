#include "workflow/reasons.h"

#include <array>
#include <utility>

#include "absl/strings/cord.h"
#include "base/string_view_compat.h"

namespace tdkt::workflow {
namespace {

constexpr std::array<std::pair<ReasonCode, std::string_view>, 31> kNames = {{
    {ReasonCode::kWrongState, "WRONG_STATE"},
    {ReasonCode::kMissingRole, "MISSING_ROLE"},
    {ReasonCode::kWrongOrganisation, "WRONG_ORGANISATION"},
    {ReasonCode::kNotEligibleVoter, "NOT_ELIGIBLE_VOTER"},
    {ReasonCode::kAlreadyVoted, "ALREADY_VOTED"},
    {ReasonCode::kVersionConflict, "VERSION_CONFLICT"},
    {ReasonCode::kContextMismatch, "CONTEXT_MISMATCH"},
    {ReasonCode::kMissingReason, "MISSING_REASON"},
    {ReasonCode::kMissingDecisionField, "MISSING_DECISION_FIELD"},
    {ReasonCode::kDecisionDateInFuture, "DECISION_DATE_IN_FUTURE"},
    {ReasonCode::kMissingDocument, "MISSING_DOCUMENT"},
    {ReasonCode::kDuplicateDocument, "DUPLICATE_DOCUMENT"},
    {ReasonCode::kUnknownDocument, "UNKNOWN_DOCUMENT"},
    {ReasonCode::kTooManyDocuments, "TOO_MANY_DOCUMENTS"},
    {ReasonCode::kInvalidText, "INVALID_TEXT"},
    {ReasonCode::kInvalidMembers, "INVALID_MEMBERS"},
    {ReasonCode::kInvalidVoteRule, "INVALID_VOTE_RULE"},
    {ReasonCode::kVoteAlreadyOpen, "VOTE_ALREADY_OPEN"},
    {ReasonCode::kNoVoteOpen, "NO_VOTE_OPEN"},
    {ReasonCode::kNoCouncilAtLevel, "NO_COUNCIL_AT_LEVEL"},
    {ReasonCode::kCouncilRequired, "COUNCIL_REQUIRED"},
    {ReasonCode::kMissingNextLevelOrg, "MISSING_NEXT_LEVEL_ORG"},
    {ReasonCode::kAwardNotProposable, "AWARD_NOT_PROPOSABLE"},
    {ReasonCode::kChainNotValid, "CHAIN_NOT_VALID"},
    {ReasonCode::kStaleDeadline, "STALE_DEADLINE"},
    {ReasonCode::kNotOverdue, "NOT_OVERDUE"},
    {ReasonCode::kUnknownSigner, "UNKNOWN_SIGNER"},
    {ReasonCode::kQuotaExceeded, "QUOTA_EXCEEDED"},
    {ReasonCode::kMissingPriorAward, "MISSING_PRIOR_AWARD"},
    {ReasonCode::kTargetExceeded, "TARGET_EXCEEDED"},
    {ReasonCode::kMissingRegistration, "MISSING_REGISTRATION"},
}};

}  // namespace

std::string_view ReasonCodeName(ReasonCode code) {
  for (const auto& [c, name] : kNames) {
    if (c == code) return name;
  }
  return "UNKNOWN";
}

absl::Status WorkflowError(absl::StatusCode status_code, ReasonCode code, std::string_view message_vi) {
  absl::Status status(status_code, base::AsAbsl(message_vi));
  status.SetPayload(base::AsAbsl(kReasonPayloadUrl), absl::Cord(base::AsAbsl(ReasonCodeName(code))));
  return status;
}

std::optional<ReasonCode> ReasonOf(const absl::Status& status) {
  auto payload = status.GetPayload(base::AsAbsl(kReasonPayloadUrl));
  if (!payload) return std::nullopt;
  for (const auto& [c, name] : kNames) {
    if (*payload == base::AsAbsl(name)) return c;
  }
  return std::nullopt;
}

}  // namespace tdkt::workflow
