#pragma once
// BallotSeal: keeps the running counts of an open ballot unreadable where the dossier is stored. The snapshot of
// an open vote records who has voted after each ballot; were the yes/no/abstain counts beside it in clear,
// anyone reading two successive versions of the row (a database reader, a dump, a replica, the WAL) would see
// which count the last voter moved. Sealed, the counts read as random bytes that change with every write, until
// the vote closes and the tally is revealed for the minutes.
//
// XChaCha20-Poly1305 (libsodium) under a 32-byte key given to the service (--ballot-key), with a fresh random
// nonce per write and associated data that binds the sealed counts to one ballot round and to how many members
// had voted: counts copied from another round or from an earlier version of this one do not open.
//
//   TDKT_ASSIGN_OR_RETURN(BallotSeal seal, BallotSeal::FromKeyText(flags.Get("ballot-key")));  // 64 hex digits
//   std::string sealed = seal.Seal(bytes, "d-1/v0-1772412000000000/3");
//   TDKT_ASSIGN_OR_RETURN(std::string bytes, seal.Open(sealed, "d-1/v0-1772412000000000/3"));
#include <array>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace tdkt::dossier {

class BallotSeal {
 public:
  static constexpr size_t kKeyBytes = 32;

  // INVALID_ARGUMENT unless `hex` is 64 hex digits; INTERNAL when libsodium cannot start.
  static absl::StatusOr<BallotSeal> FromKeyText(std::string_view hex);

  // nonce ‖ ciphertext ‖ tag, as lower-case hex (it is stored in the snapshot's JSON text).
  std::string Seal(std::string_view plaintext, std::string_view associated) const;
  // DATA_LOSS when the text was not sealed with this key and associated data (another key, another round, an
  // older version of the round, tampering).
  absl::StatusOr<std::string> Open(std::string_view sealed_hex, std::string_view associated) const;

 private:
  explicit BallotSeal(const std::array<unsigned char, kKeyBytes>& key) : key_(key) {}
  std::array<unsigned char, kKeyBytes> key_;
};

}  // namespace tdkt::dossier
