#pragma once
// DossierSnapshot: everything the state machine needs to know about one dossier, as plain values. The dossier
// service stores it (one row + child rows) and hands it back to ApplyCommand; nothing here is computed from a
// directory or a calendar.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "workflow/dossier_state.h"
#include "workflow/vote_tally.h"

namespace tdkt::workflow {

// A document attached to the dossier; the content lives elsewhere (object store), keyed by id.
struct DocumentRef {
  std::string id;
  std::string kind;  // an award's required kind, e.g. "TO_TRINH", or any other kind
  std::string attached_by;
  bool operator==(const DocumentRef&) const = default;
};

// The decision (quyết định khen thưởng) that grants the award, as printed on it.
struct Decision {
  std::string number{};  // e.g. "1234/QĐ-UBND"
  absl::CivilDay date{};
  std::string signer{};          // the person who signed, as written on the decision
  std::string issuing_body{};    // e.g. "UBND tỉnh Phú Thọ", "Thủ tướng Chính phủ"; may be empty
  std::string signer_title{};    // e.g. "Chủ tịch UBND tỉnh"; may be empty
  std::string signer_person_id{};  // the directory person who signed (decided inside tdkt); empty for external ones
  std::string document_id{};       // the attached scan of the decision, if any
  bool operator==(const Decision&) const = default;
};

// The appraisal deadline of the level holding the dossier, as far as the state machine knows it: whether it
// runs and at which level. Dates are the caller's business (working-day calendar).
enum class DeadlineMode : uint8_t { kNone, kRunning, kPaused };
struct DeadlineStatus {
  DeadlineMode mode = DeadlineMode::kNone;
  int level_index = 0;  // meaningful unless mode == kNone
  bool operator==(const DeadlineStatus&) const = default;
};

// A closed ballot round: the council's record of it (biên bản kiểm phiếu) — the ballot as it closed (the council,
// who was eligible, who voted and when, quorum and threshold) and its tally. Never how anyone voted.
struct VoteOutcome {
  CouncilVote ballot{};
  VoteTally tally{};
  absl::Time closed_at{};
  int level_index() const { return ballot.level_index; }
  bool operator==(const VoteOutcome&) const = default;
};

// What came back for a dossier that left tdkt (FORWARDED_EXTERNAL).
struct ExternalOutcome {
  bool granted = false;
  std::string issuing_body;  // e.g. "Thủ tướng Chính phủ"
  std::string note;          // the refusal reason, or a free note
  absl::Time recorded_at;
  bool operator==(const ExternalOutcome&) const = default;
};

struct DossierSnapshot {
  std::string id;
  DossierState state = DossierState::kDraft;
  int64_t version = 0;  // 1 after creation, +1 on each accepted command

  // The pinned chain and the place in it.
  std::string chain_id;
  int chain_version = 0;
  int level_index = 0;         // index into ChainDefinition::levels
  std::string holder_org_id;   // the organisation at levels[level_index] that holds the dossier now
  std::string origin_org_id;   // the unit that opened it; its submitters act on it
  int origin_level_index = 0;
  // Where the award is decided, pinned at creation: max(origin level, award's deciding level) as in
  // catalog::DecisionPointOf, or the origin level when the unit head decides. nullopt: above the chain, the
  // dossier leaves tdkt after the last level (FORWARDED_EXTERNAL).
  std::optional<int> deciding_level_index;

  std::string award_code;
  std::string created_by;  // person id
  absl::Time created_at;
  absl::Time updated_at;

  std::vector<DocumentRef> documents;
  std::optional<CouncilVote> vote;  // present while a ballot is open (state COUNCIL_VOTING)
  // Every closed ballot round, oldest first (a round without quorum is followed by a new one, and each level
  // whose council votes has its own).
  std::vector<VoteOutcome> closed_votes;
  std::optional<Decision> decision;  // present exactly in DECIDED and PUBLISHED
  std::optional<ExternalOutcome> external_outcome;
  DeadlineStatus deadline;

  std::string returned_reason;   // the last return for supplement
  std::string rejection_reason;  // set while REJECTED
  std::string withdrawal_reason;
  std::string complaint_reason;  // the last complaint
  int complaint_count = 0;

  bool operator==(const DossierSnapshot&) const = default;
};

}  // namespace tdkt::workflow
