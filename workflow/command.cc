#include "workflow/command.h"

namespace tdkt::workflow {

std::string_view CommandKindCode(CommandKind kind) {
  switch (kind) {
    case CommandKind::kCreate: return "CREATE";
    case CommandKind::kAttachDocument: return "ATTACH_DOCUMENT";
    case CommandKind::kRemoveDocument: return "REMOVE_DOCUMENT";
    case CommandKind::kSubmit: return "SUBMIT";
    case CommandKind::kAccept: return "ACCEPT";
    case CommandKind::kReturnForSupplement: return "RETURN_FOR_SUPPLEMENT";
    case CommandKind::kResubmit: return "RESUBMIT";
    case CommandKind::kSendToCouncil: return "SEND_TO_COUNCIL";
    case CommandKind::kOpenVote: return "OPEN_VOTE";
    case CommandKind::kCastVote: return "CAST_VOTE";
    case CommandKind::kCloseVote: return "CLOSE_VOTE";
    case CommandKind::kForward: return "FORWARD";
    case CommandKind::kDecide: return "DECIDE";
    case CommandKind::kRecordExternalOutcome: return "RECORD_EXTERNAL_OUTCOME";
    case CommandKind::kPublish: return "PUBLISH";
    case CommandKind::kReject: return "REJECT";
    case CommandKind::kWithdraw: return "WITHDRAW";
    case CommandKind::kComplain: return "COMPLAIN";
    case CommandKind::kEscalate: return "ESCALATE";
    case CommandKind::kRecalculateDeadline: return "RECALCULATE_DEADLINE";
  }
  return "UNKNOWN";
}

std::string_view CommandVerbVi(CommandKind kind) {
  switch (kind) {
    case CommandKind::kCreate: return "tạo hồ sơ";
    case CommandKind::kAttachDocument: return "đính kèm tài liệu";
    case CommandKind::kRemoveDocument: return "gỡ tài liệu";
    case CommandKind::kSubmit: return "nộp";
    case CommandKind::kAccept: return "tiếp nhận";
    case CommandKind::kReturnForSupplement: return "trả lại để bổ sung";
    case CommandKind::kResubmit: return "nộp lại";
    case CommandKind::kSendToCouncil: return "chuyển Hội đồng xét";
    case CommandKind::kOpenVote: return "mở bỏ phiếu";
    case CommandKind::kCastVote: return "bỏ phiếu";
    case CommandKind::kCloseVote: return "kết thúc bỏ phiếu";
    case CommandKind::kForward: return "chuyển lên cấp trên";
    case CommandKind::kDecide: return "ra quyết định khen thưởng";
    case CommandKind::kRecordExternalOutcome: return "ghi nhận kết quả của cấp trên";
    case CommandKind::kPublish: return "công bố";
    case CommandKind::kReject: return "từ chối";
    case CommandKind::kWithdraw: return "rút hồ sơ";
    case CommandKind::kComplain: return "khiếu nại";
    case CommandKind::kEscalate: return "báo cáo quá hạn";
    case CommandKind::kRecalculateDeadline: return "tính lại hạn xử lý";
  }
  return "xử lý";
}

}  // namespace tdkt::workflow
