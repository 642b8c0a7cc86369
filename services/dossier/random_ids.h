#pragma once
// Random identifiers: dossier ids and event ids (UUID v4 text) and tracking codes (80 random bits in Crockford
// base32, "XXXX-XXXX-XXXX-XXXX": unguessable, easy to read out over the phone). libsodium's CSPRNG.
#include <string>

namespace tdkt::dossier {

std::string NewUuid();
std::string NewTrackingCode();

}  // namespace tdkt::dossier
