#include "workflow/dossier_state.h"

namespace tdkt::workflow {

std::string_view DossierStateCode(DossierState state) {
  switch (state) {
    case DossierState::kDraft: return "DRAFT";
    case DossierState::kSubmitted: return "SUBMITTED";
    case DossierState::kUnderReview: return "UNDER_REVIEW";
    case DossierState::kReturnedForSupplement: return "RETURNED_FOR_SUPPLEMENT";
    case DossierState::kCouncilVoting: return "COUNCIL_VOTING";
    case DossierState::kAwaitingDecision: return "AWAITING_DECISION";
    case DossierState::kDecided: return "DECIDED";
    case DossierState::kPublished: return "PUBLISHED";
    case DossierState::kRejected: return "REJECTED";
    case DossierState::kWithdrawn: return "WITHDRAWN";
    case DossierState::kForwardedExternal: return "FORWARDED_EXTERNAL";
  }
  return "UNKNOWN";
}

std::string_view DossierStateNameVi(DossierState state) {
  switch (state) {
    case DossierState::kDraft: return "Nháp";
    case DossierState::kSubmitted: return "Đã nộp";
    case DossierState::kUnderReview: return "Đang thẩm định";
    case DossierState::kReturnedForSupplement: return "Trả lại để bổ sung";
    case DossierState::kCouncilVoting: return "Hội đồng đang xét";
    case DossierState::kAwaitingDecision: return "Chờ quyết định";
    case DossierState::kDecided: return "Đã có quyết định";
    case DossierState::kPublished: return "Đã công bố";
    case DossierState::kRejected: return "Không được đề nghị";
    case DossierState::kWithdrawn: return "Đã rút";
    case DossierState::kForwardedExternal: return "Đã trình cấp trên ngoài hệ thống";
  }
  return "Không xác định";
}

}  // namespace tdkt::workflow
