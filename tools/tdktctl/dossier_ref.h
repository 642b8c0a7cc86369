#pragma once
// A dossier named on the command line, by its id or by its tracking code (the code on the receipt: any case, the
// dashes optional). No RPC looks a dossier up by tracking code for a logged-in user, so a code is resolved through
// the public status (its award, year, state and level) and a search with those filters among the dossiers the
// user may see.
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "tdkt/v1/dossier.pb.h"
#include "tools/tdktctl/online_client.h"

namespace tdkt::tdktctl {

// "abcd-efgh-jkmn-pqrs" → "ABCD-EFGH-JKMN-PQRS" (Crockford base32: I and L read as 1, O as 0); nullopt when the
// text is not 16 such symbols (a dossier id, a UUID, never is).
std::optional<std::string> CanonicalTrackingCode(const std::string& text);

// GetDossier of the dossier named by `id_or_code`, with DescribeFailure's text and the call's code on failure
// (NOT_FOUND for a tracking code none of the user's visible dossiers has).
absl::StatusOr<tdkt::v1::GetDossierResponse> ReadDossier(Session& session, const OnlineOptions& options,
                                                         const std::string& id_or_code);

}  // namespace tdkt::tdktctl
