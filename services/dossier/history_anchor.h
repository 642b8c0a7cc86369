#pragma once
// A history anchor: the dossier service's signed statement that, at a checkpoint, a dossier's history had reached
// `version` with the head hash `hash`. Anchors are kept outside the dossier's schema (schema `anchor`, written by
// AnchorWriter: anchor_writer.h), so that a history rewritten and re-hashed from some entry on — a chain
// consistent again — still differs from the head an earlier anchor recorded (VerifyHistory, history_audit.h).
//
// The signed text (AnchorStatement) is one field a line, without a final newline:
//   tdkt.dossier.history-anchor.v1
//   <dossier id>
//   <version>
//   <head hash: the hash of history entry `version`, 64 lower-case hex digits>
//   <checkpoint id>
//   <anchored at: Unix microseconds>
// signed with Ed25519 (libsodium's crypto_sign_detached). The service derives the key's 32-byte seed from its
// PII key (kAnchorKeyPurpose), so there is no further secret to deploy; an auditor needs only the public key.
//
//   TDKT_ASSIGN_OR_RETURN(AnchorKey key, AnchorKey::FromSeed(cipher.DeriveKey(kAnchorKeyPurpose)));
//   HistoryAnchor anchor{.dossier_id = id, .version = 7, .hash = head, .checkpoint_id = 3, .anchored_at = now};
//   key.Sign(anchor);                                          // sets public_key and signature
//   bool ok = AnchorSignatureValid(anchor, key.public_key());  // false once any field changes
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace tdkt::dossier {

// The purpose of the PII key's subkey that seeds the anchor key (common::PiiCipher::DeriveKey).
inline constexpr std::string_view kAnchorKeyPurpose = "tdkt.dossier.history-anchor";

struct HistoryAnchor {
  std::string dossier_id{};
  int64_t version = 0;
  std::string hash{};  // hex
  int64_t checkpoint_id = 0;
  absl::Time anchored_at{};  // whole microseconds
  std::string public_key{};  // 32 bytes: the key that signed
  std::string signature{};   // 64 bytes
};

// The text the signature covers (above).
std::string AnchorStatement(const HistoryAnchor& anchor);

// The Ed25519 key pair that signs anchors.
class AnchorKey {
 public:
  // INVALID_ARGUMENT unless `seed` has 32 bytes; INTERNAL when libsodium cannot initialise.
  static absl::StatusOr<AnchorKey> FromSeed(std::string_view seed);
  AnchorKey(const AnchorKey&) = default;
  AnchorKey& operator=(const AnchorKey&) = default;
  ~AnchorKey();  // wipes the secret key

  std::string_view public_key() const;  // 32 bytes
  // Sets anchor.public_key and anchor.signature (over AnchorStatement).
  void Sign(HistoryAnchor& anchor) const;

 private:
  AnchorKey() = default;
  std::array<unsigned char, 64> secret_key_{};  // libsodium's: the seed, then the public key
};

// Whether `anchor` was signed, as it is, by `trusted_public_key`: false for another key (even one whose own
// signature holds: anyone can make a key) and for any field changed since signing.
bool AnchorSignatureValid(const HistoryAnchor& anchor, std::string_view trusted_public_key);

}  // namespace tdkt::dossier
