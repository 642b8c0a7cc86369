#include "workflow/effects.h"

namespace tdkt::workflow {

std::string_view EventTypeName(EventType type) {
  switch (type) {
    case EventType::kCreated: return "dossier.created";
    case EventType::kDocumentAttached: return "dossier.document_attached";
    case EventType::kDocumentRemoved: return "dossier.document_removed";
    case EventType::kSubmitted: return "dossier.submitted";
    case EventType::kAccepted: return "dossier.accepted";
    case EventType::kReturnedForSupplement: return "dossier.returned_for_supplement";
    case EventType::kResubmitted: return "dossier.resubmitted";
    case EventType::kSentToCouncil: return "dossier.sent_to_council";
    case EventType::kVoteOpened: return "dossier.vote_opened";
    case EventType::kVoteCast: return "dossier.vote_cast";
    case EventType::kVoteClosed: return "dossier.vote_closed";
    case EventType::kForwarded: return "dossier.forwarded";
    case EventType::kAwaitingDecision: return "dossier.awaiting_decision";
    case EventType::kForwardedExternal: return "dossier.forwarded_external";
    case EventType::kDecided: return "dossier.decided";
    case EventType::kExternalOutcomeRecorded: return "dossier.external_outcome_recorded";
    case EventType::kPublished: return "dossier.published";
    case EventType::kRejected: return "dossier.rejected";
    case EventType::kWithdrawn: return "dossier.withdrawn";
    case EventType::kComplaintFiled: return "dossier.complaint_filed";
    case EventType::kDeadlineEscalated: return "dossier.deadline_escalated";
  }
  return "dossier.unknown";
}

std::string_view DeadlineOpKindName(DeadlineOpKind kind) {
  switch (kind) {
    case DeadlineOpKind::kStart: return "START";
    case DeadlineOpKind::kPause: return "PAUSE";
    case DeadlineOpKind::kResume: return "RESUME";
    case DeadlineOpKind::kClear: return "CLEAR";
    case DeadlineOpKind::kRecalculate: return "RECALCULATE";
  }
  return "UNKNOWN";
}

std::string_view AudienceName(Audience audience) {
  switch (audience) {
    case Audience::kSubmitters: return "SUBMITTERS";
    case Audience::kAppraisers: return "APPRAISERS";
    case Audience::kCouncilMembers: return "COUNCIL_MEMBERS";
    case Audience::kCouncilChair: return "COUNCIL_CHAIR";
    case Audience::kDeciders: return "DECIDERS";
  }
  return "UNKNOWN";
}

}  // namespace tdkt::workflow
