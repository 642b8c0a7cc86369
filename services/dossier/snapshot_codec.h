#pragma once
// DossierSnapshot ↔ JSON text, the form the dossier row stores. Times are Unix microseconds (PostgreSQL's
// precision), dates "YYYY-MM-DD" (base/iso_date.h), enums by their stable codes; the secret ballot keeps who voted and the
// three counts, never the link between them (as CouncilVote does), and every closed round with its tally. Text
// from before a field existed reads with that field empty (an old "last_vote" is the one closed round it names).
//
// With the service's PII cipher the counts of the open vote are stored sealed (XChaCha20-Poly1305, bound to the
// dossier, the round and how many had voted): a reader of successive versions of the row cannot tell how a
// member voted. Read back without the cipher, they are 0: the views never show the counts of an open vote.
//
//   std::string json = SnapshotToJson(snapshot, &cipher);
//   TDKT_ASSIGN_OR_RETURN(workflow::DossierSnapshot back, SnapshotFromJson(json, &cipher));  // back == snapshot
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/common/pii_cipher.h"
#include "workflow/dossier_snapshot.h"

namespace tdkt::dossier {

std::string SnapshotToJson(const workflow::DossierSnapshot& snapshot, const common::PiiCipher* cipher = nullptr);

// INTERNAL for text that SnapshotToJson did not produce (the row is corrupt): the detail names the field.
// DATA_LOSS when sealed counts do not open with `cipher` (another key, or counts copied from elsewhere).
absl::StatusOr<workflow::DossierSnapshot> SnapshotFromJson(std::string_view json, const common::PiiCipher* cipher = nullptr);

// Lower-case hex SHA-256 of the snapshot's JSON without the cipher, the running counts of an open vote set to 0:
// what each history entry records of the snapshot it left (transition_write.h), so that VerifyHistory can tell
// an edited dossier row. The counts are left out because they are sealed at rest: a digest of them in the
// history would let a reader test guesses of how the council is voting.
std::string SnapshotDigest(const workflow::DossierSnapshot& snapshot);

// `t` truncated to whole microseconds, so that what is stored compares equal to what was computed.
inline absl::Time TruncateToMicros(absl::Time t) { return absl::FromUnixMicros(absl::ToUnixMicros(t)); }

}  // namespace tdkt::dossier
