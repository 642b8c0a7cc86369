#include "services/dossier/history_anchor.h"

#include <sodium.h>

#include "absl/strings/str_cat.h"
#include "base/sodium.h"
#include "base/status_macros.h"

namespace tdkt::dossier {

static_assert(crypto_sign_SECRETKEYBYTES == 64);
static_assert(crypto_sign_SEEDBYTES == 32);

std::string AnchorStatement(const HistoryAnchor& anchor) {
  return absl::StrCat("tdkt.dossier.history-anchor.v1\n", anchor.dossier_id, "\n", anchor.version, "\n", anchor.hash,
                      "\n", anchor.checkpoint_id, "\n", absl::ToUnixMicros(anchor.anchored_at));
}

absl::StatusOr<AnchorKey> AnchorKey::FromSeed(std::string_view seed) {
  TDKT_RETURN_IF_ERROR(base::InitSodium());
  if (seed.size() != crypto_sign_SEEDBYTES) return absl::InvalidArgumentError("an Ed25519 seed has 32 bytes");
  AnchorKey key;
  unsigned char public_key[crypto_sign_PUBLICKEYBYTES];
  crypto_sign_seed_keypair(public_key, key.secret_key_.data(), reinterpret_cast<const unsigned char*>(seed.data()));
  return key;
}

AnchorKey::~AnchorKey() { sodium_memzero(secret_key_.data(), secret_key_.size()); }

std::string_view AnchorKey::public_key() const {
  return std::string_view(reinterpret_cast<const char*>(secret_key_.data()) + crypto_sign_SEEDBYTES,
                          crypto_sign_PUBLICKEYBYTES);
}

void AnchorKey::Sign(HistoryAnchor& anchor) const {
  anchor.public_key = std::string(public_key());
  const std::string statement = AnchorStatement(anchor);
  anchor.signature.assign(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(anchor.signature.data()), nullptr,
                       reinterpret_cast<const unsigned char*>(statement.data()), statement.size(),
                       secret_key_.data());
}

bool AnchorSignatureValid(const HistoryAnchor& anchor, std::string_view trusted_public_key) {
  if (trusted_public_key.size() != crypto_sign_PUBLICKEYBYTES || anchor.public_key != trusted_public_key ||
      anchor.signature.size() != crypto_sign_BYTES || !base::InitSodium().ok()) {
    return false;
  }
  const std::string statement = AnchorStatement(anchor);
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(anchor.signature.data()),
                                     reinterpret_cast<const unsigned char*>(statement.data()), statement.size(),
                                     reinterpret_cast<const unsigned char*>(trusted_public_key.data())) == 0;
}

}  // namespace tdkt::dossier
