#pragma once
// Commands: what an actor asks the state machine to do with a dossier. Each is a small value type; the set of
// them is the variant Command, and CommandKind names the alternative (same order).
//
//   Command c = cmd::ReturnForSupplement{.reason = "Thiếu báo cáo thành tích có xác nhận"};
//   KindOf(c);  // CommandKind::kReturnForSupplement
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/time/civil_time.h"
#include "workflow/actor.h"
#include "workflow/vote_tally.h"

namespace tdkt::workflow {
namespace cmd {

// Opens a dossier at the origin unit. The caller picks the chain and award in force (TransitionContext).
struct Create {
  std::string dossier_id{};
  std::string origin_org_id{};
  OrgLevel origin_level = OrgLevel::kUnit;
  // The head of the origin unit decides (AwardDefinition::unit_head_may_decide): the dossier is decided at the
  // origin level instead of the award's deciding level.
  bool decided_by_unit_head = false;
};
struct AttachDocument {
  std::string document_id{};
  std::string kind{};
};
struct RemoveDocument {
  std::string document_id{};
};
struct Submit {};
struct Accept {};
struct ReturnForSupplement {
  std::string reason{};
  // Optional: what is missing, each one of the award's required document kinds (INVALID_ARGUMENT otherwise).
  std::vector<std::string> missing_document_kinds{};
};
struct Resubmit {};
struct SendToCouncil {};
// Quorum and threshold are not part of the command: they come from the chain level and the award.
struct OpenVote {
  std::vector<std::string> eligible_members{};  // person ids
  // For the council's record of the round: the directory's council and each member's full name (parallel to
  // eligible_members; empty when not known).
  std::string council_id{};
  std::vector<std::string> member_names{};
};
// The voter is the acting person.
struct CastVote {
  Ballot ballot = Ballot::kAbstain;
};
struct CloseVote {};
// Moves the dossier on from UNDER_REVIEW at a level whose council does not vote.
struct Forward {};
// The decision as printed. `signer_person_id` empty: the deciding actor signed it. `document_id`, when given,
// must be a document attached to the dossier (its scan).
struct Decide {
  std::string number{};
  absl::CivilDay date{};
  std::string signer{};
  std::string signer_title{};
  std::string signer_person_id{};
  std::string issuing_body{};
  std::string document_id{};
};
// The result of an award decided outside tdkt (kCentral). Granted needs the decision fields; refused needs a
// reason.
struct RecordExternalOutcome {
  bool granted = false;
  std::string issuing_body{};
  std::string decision_number{};
  absl::CivilDay decision_date{};
  std::string signer{};
  std::string reason{};
  std::string signer_title{};
  std::string document_id{};  // as for Decide
};
struct Publish {};
struct Reject {
  std::string reason{};
};
struct Withdraw {
  std::string reason{};  // optional
};
struct Complain {
  std::string reason{};
};
// Sent by the scheduler after the first overdue working day at `level_index`.
struct Escalate {
  int level_index = 0;
  int overdue_working_days = 1;
};
// Sent by the dossier service itself after a change of the working-day calendar: the live deadline (running or
// paused) is counted again with the new calendar. The state does not change; the deadline operation is the
// command's only effect (no event of its own: the new due date travels as the deadline change).
struct RecalculateDeadline {};

}  // namespace cmd

using Command =
    std::variant<cmd::Create, cmd::AttachDocument, cmd::RemoveDocument, cmd::Submit, cmd::Accept,
                 cmd::ReturnForSupplement, cmd::Resubmit, cmd::SendToCouncil, cmd::OpenVote, cmd::CastVote,
                 cmd::CloseVote, cmd::Forward, cmd::Decide, cmd::RecordExternalOutcome, cmd::Publish, cmd::Reject,
                 cmd::Withdraw, cmd::Complain, cmd::Escalate, cmd::RecalculateDeadline>;

// In the order of the Command alternatives.
enum class CommandKind : uint8_t {
  kCreate,
  kAttachDocument,
  kRemoveDocument,
  kSubmit,
  kAccept,
  kReturnForSupplement,
  kResubmit,
  kSendToCouncil,
  kOpenVote,
  kCastVote,
  kCloseVote,
  kForward,
  kDecide,
  kRecordExternalOutcome,
  kPublish,
  kReject,
  kWithdraw,
  kComplain,
  kEscalate,
  kRecalculateDeadline,
};
inline constexpr int kCommandKindCount = 20;
static_assert(std::variant_size_v<Command> == kCommandKindCount);

inline CommandKind KindOf(const Command& command) { return static_cast<CommandKind>(command.index()); }

// Stable upper-snake code, e.g. "RETURN_FOR_SUPPLEMENT".
std::string_view CommandKindCode(CommandKind kind);
// The verb for messages, e.g. "tiếp nhận" in "… không thể tiếp nhận".
std::string_view CommandVerbVi(CommandKind kind);

}  // namespace tdkt::workflow
