#pragma once
// ReasonCode: the stable, machine-readable cause of a refused workflow command. The absl::Status message is
// for people (Vietnamese); the reason code travels as a status payload so that clients, tests and metrics
// never parse the message.
//
//   absl::Status s = WorkflowError(absl::StatusCode::kFailedPrecondition, ReasonCode::kWrongState,
//                                  "Hồ sơ đang ở trạng thái «Nháp», không thể tiếp nhận");
//   ReasonOf(s);  // ReasonCode::kWrongState
#include <optional>
#include <string_view>

#include "absl/status/status.h"

namespace tdkt::workflow {

enum class ReasonCode {
  kWrongState,            // the command is not allowed in the dossier's state
  kMissingRole,           // the actor holds none of the roles the rule needs
  kWrongOrganisation,     // the actor holds the role, but not at an organisation the rule accepts
  kNotEligibleVoter,      // cast vote by someone outside the eligible list
  kAlreadyVoted,          // a second ballot from the same member
  kVersionConflict,       // expected_version differs from the snapshot's version
  kContextMismatch,       // chain/award passed by the caller are not the ones the dossier pinned
  kMissingReason,         // return / reject / complain / refused outcome without a reason
  kMissingDecisionField,  // decision number, date or signer absent
  kDecisionDateInFuture,  // a decision dated after today (Vietnam time)
  kMissingDocument,       // submit without a document kind the award requires
  kDuplicateDocument,     // attach with an id already attached
  kUnknownDocument,       // remove of a document that is not attached
  kTooManyDocuments,      // the configured per-dossier limit
  kInvalidText,           // empty, too long or not UTF-8
  kInvalidMembers,        // empty, duplicated or too many eligible members
  kInvalidVoteRule,       // quorum/threshold outside their ranges
  kVoteAlreadyOpen,       // open vote while one is open
  kNoVoteOpen,            // cast/close without an open vote
  kNoCouncilAtLevel,      // send to council / open vote where the chain level has no council vote
  kCouncilRequired,       // forward at a level whose council must vote first
  kMissingNextLevelOrg,   // moving up without the caller-resolved organisation of the next level
  kAwardNotProposable,    // award cannot be proposed from this level, or not valid today
  kChainNotValid,         // chain not in force today, or has no level for the origin
  kStaleDeadline,         // escalation for a level the dossier has left
  kNotOverdue,            // escalation the calendar does not justify (not yet, or not that many days, overdue)
  kUnknownSigner,         // a decision signed by someone the directory does not know
  kQuotaExceeded,         // send to council / decide beyond an award's cap (e.g. CSTĐCS ≤ 15 % of LĐTT holders)
  kMissingPriorAward,     // submit without the earlier awards the award requires (e.g. 3 consecutive CSTĐCS)
  kTargetExceeded,        // send to council / decide beyond a plan's target (AwardTargetSpec.max of a campaign)
  kMissingRegistration,   // submit of an award requiring a registration without a matching one
};

// The stable upper-snake name, e.g. "WRONG_STATE". Never changes once released.
std::string_view ReasonCodeName(ReasonCode code);

// The payload key under which the reason code is stored in an absl::Status.
inline constexpr std::string_view kReasonPayloadUrl = "type.tdkt.vn/tdkt.workflow.ReasonCode";

// Builds a non-OK status carrying `code` as payload.
absl::Status WorkflowError(absl::StatusCode status_code, ReasonCode code, std::string_view message_vi);

// The reason code of a status built by WorkflowError, or nullopt.
std::optional<ReasonCode> ReasonOf(const absl::Status& status);

}  // namespace tdkt::workflow
