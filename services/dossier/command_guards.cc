#include "services/dossier/command_guards.h"

#include <utility>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/iso_date.h"
#include "base/status_macros.h"
#include "services/dossier/deadline_calculator.h"
#include "workflow/reasons.h"
#include "workflow/vietnam_time.h"

namespace tdkt::dossier {
namespace {

namespace wf = workflow;

absl::Status Precondition(wf::ReasonCode reason, std::string_view message) {
  return wf::WorkflowError(absl::StatusCode::kFailedPrecondition, reason, message);
}

// One call operator per kind of API request (api::Command).
class Guards {
 public:
  Guards(const TransitionState& state, const OrgDirectory& directory,
         const wf::calendar::WorkingDayCalendar& calendar)
      : state_(state),
        before_(state.loaded.row.snapshot),
        directory_(directory),
        calendar_(calendar),
        today_(wf::VietnamDate(state.now)) {}

  absl::StatusOr<GuardedCommand> operator()(const api::Create& create) const {
    return GuardedCommand{wf::cmd::Create{.dossier_id = before_.id, .origin_org_id = create.origin_org_id,
                                          .origin_level = state_.origin_level},
                          ""};
  }
  absl::StatusOr<GuardedCommand> operator()(const api::Plain& plain) const { return GuardedCommand{plain.command, ""}; }
  absl::StatusOr<GuardedCommand> operator()(const api::OpenVote&) const {
    absl::StatusOr<CouncilRoster> council = directory_.CouncilMembers(before_.holder_org_id, today_);
    if (absl::IsNotFound(council.status())) {
      return Precondition(wf::ReasonCode::kNoCouncilAtLevel, std::string(council.status().message()));
    }
    TDKT_RETURN_IF_ERROR(council.status());
    wf::cmd::OpenVote open{.council_id = council->council_id};
    for (CouncilSeat& seat : council->voting_members) {
      open.eligible_members.push_back(std::move(seat.person_id));
      open.member_names.push_back(std::move(seat.full_name));
    }
    return GuardedCommand{std::move(open), ""};
  }
  absl::StatusOr<GuardedCommand> operator()(const api::Decide& decide) const {
    const std::string& signer = decide.decision.signer_person_id;
    if (!signer.empty() && signer != state_.actor.id) {
      absl::StatusOr<std::string> known = directory_.PersonName(signer);
      if (absl::IsNotFound(known.status())) {
        return wf::WorkflowError(absl::StatusCode::kInvalidArgument, wf::ReasonCode::kUnknownSigner,
                                 "Người ký quyết định (signer_person_id) không có trong danh mục");
      }
      TDKT_RETURN_IF_ERROR(known.status());
    }
    return GuardedCommand{decide.decision, ""};
  }
  absl::StatusOr<GuardedCommand> operator()(const api::CastVote& cast) const {
    TDKT_RETURN_IF_ERROR(CheckOpenBallot(cast.vote_id));
    return GuardedCommand{wf::cmd::CastVote{.ballot = cast.ballot}, ""};
  }
  absl::StatusOr<GuardedCommand> operator()(const api::CloseVote& close) const {
    TDKT_RETURN_IF_ERROR(CheckOpenBallot(close.vote_id));
    TDKT_ASSIGN_OR_RETURN(std::string next, NextLevelOrg(close.next_level_org_id));
    return GuardedCommand{wf::cmd::CloseVote{}, std::move(next)};
  }
  absl::StatusOr<GuardedCommand> operator()(const api::Forward& forward) const {
    TDKT_ASSIGN_OR_RETURN(std::string next, NextLevelOrg(forward.next_level_org_id));
    return GuardedCommand{wf::cmd::Forward{}, std::move(next)};
  }
  absl::StatusOr<GuardedCommand> operator()(const api::Publish&) const { return GuardedCommand{wf::cmd::Publish{}, ""}; }
  absl::StatusOr<GuardedCommand> operator()(const api::Escalate& escalate) const {
    if (escalate.level != state_.chain->levels[static_cast<size_t>(before_.level_index)].org_level) {
      return Precondition(wf::ReasonCode::kStaleDeadline, "Hồ sơ không còn ở cấp cần nhắc hạn");
    }
    const std::optional<DeadlineRecord>& live = state_.loaded.live_deadline;
    if (!live || live->due_date != escalate.due_date) {
      return Precondition(wf::ReasonCode::kStaleDeadline, "Hạn xử lý đã thay đổi; yêu cầu nhắc hạn đã cũ");
    }
    TDKT_ASSIGN_OR_RETURN(const int64_t overdue, OverdueWorkingDays(calendar_, live->due_date, today_));
    if (overdue < 1) {
      return Precondition(wf::ReasonCode::kNotOverdue,
                          absl::StrCat("Hồ sơ chưa quá hạn: hạn xử lý ngày ", base::FormatIsoDate(live->due_date),
                                       ", hôm nay ", base::FormatIsoDate(today_)));
    }
    if (escalate.overdue_working_days > overdue) {
      return Precondition(wf::ReasonCode::kNotOverdue,
                          absl::StrCat("Hồ sơ mới quá hạn ", overdue, " ngày làm việc, không phải ",
                                       escalate.overdue_working_days));
    }
    return GuardedCommand{
        wf::cmd::Escalate{.level_index = before_.level_index, .overdue_working_days = escalate.overdue_working_days},
        ""};
  }
  absl::StatusOr<GuardedCommand> operator()(const api::UploadDocument& upload) const {
    return GuardedCommand{wf::cmd::AttachDocument{.document_id = upload.document.id, .kind = upload.document.kind}, ""};
  }

 private:
  // Only while a ballot is open: without one the state machine refuses the command itself.
  absl::Status CheckOpenBallot(const std::string& vote_id) const {
    if (before_.vote && VoteIdOf(*before_.vote) != vote_id) {
      return Precondition(wf::ReasonCode::kNoVoteOpen, "Lượt bỏ phiếu này không phải lượt đang mở");
    }
    return absl::OkStatus();
  }

  // The holder's ancestor at the next level of the chain; empty at the last level, or when the directory has
  // none and the caller named none (the state machine refuses a move up without it).
  absl::StatusOr<std::string> NextLevelOrg(const std::string& requested) const {
    const size_t next = static_cast<size_t>(before_.level_index) + 1;
    if (next >= state_.chain->levels.size()) return std::string();
    absl::StatusOr<std::string> resolved =
        directory_.AncestorAtLevel(before_.holder_org_id, state_.chain->levels[next].org_level, today_);
    if (!requested.empty() && (!resolved.ok() || *resolved != requested)) {
      return absl::InvalidArgumentError("Đơn vị nhận hồ sơ không phải đơn vị cấp trên của đơn vị đang giữ hồ sơ");
    }
    return resolved.ok() ? *resolved : std::string();
  }

  const TransitionState& state_;
  const wf::DossierSnapshot& before_;
  const OrgDirectory& directory_;
  const wf::calendar::WorkingDayCalendar& calendar_;
  const absl::CivilDay today_;
};

}  // namespace

absl::StatusOr<GuardedCommand> GuardCommand(const TransitionState& state, const api::Command& command,
                                            const OrgDirectory& directory,
                                            const wf::calendar::WorkingDayCalendar& calendar) {
  return std::visit(Guards(state, directory, calendar), command);
}

}  // namespace tdkt::dossier
