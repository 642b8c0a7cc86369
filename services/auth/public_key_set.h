#pragma once
// PublicKeySet: the Ed25519 public keys that verify access tokens, by key id ("kid"), with the time window in
// which each key signed. It is what DirectoryService.GetPublicKeys publishes and what every verifier caches.
//
//   PublicKeySet keys;
//   TDKT_RETURN_IF_ERROR(keys.Add(signing_key.PublicInfo()));
//   std::string jwks = keys.ToJwksJson();   // {"keys":[{"kty":"OKP","crv":"Ed25519","x":"…","kid":"…",…}]}
//   TDKT_ASSIGN_OR_RETURN(PublicKeySet copy, PublicKeySet::FromJwksJson(jwks));
//   const PublicKeyInfo* key = copy.Find(kid);  // nullptr when unknown: refetch once
//
// JWK members follow RFC 8037 (OKP, Ed25519, x = base64url of the 32-byte key) plus "use":"sig" and
// "alg":"EdDSA". The signing window travels as two extension members named after the tdkt.v1.PublicKey fields,
// "not_before" and "not_after", in seconds since the Unix epoch; a reader that does not know them ignores them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace tdkt::auth {

// One public key. A token verifies under it only if the token was issued (iat) inside
// [not_before, not_after] (give or take the verifier's clock skew): a retired key cannot vouch for new tokens.
struct PublicKeyInfo {
  std::string key_id;
  std::string public_key;  // 32 raw bytes
  absl::Time not_before = absl::InfinitePast();
  std::optional<absl::Time> not_after;  // absent = the current key; set when it was rotated out

  friend bool operator==(const PublicKeyInfo&, const PublicKeyInfo&) = default;
};

class PublicKeySet {
 public:
  // INVALID_ARGUMENT for an empty key id, a key that is not 32 bytes, a window that ends before it starts, or a
  // key id already in the set.
  absl::Status Add(PublicKeyInfo key);

  // The key with this id, or nullptr. A handful of keys at most, so a linear scan beats hashing.
  const PublicKeyInfo* Find(std::string_view key_id) const;

  const std::vector<PublicKeyInfo>& keys() const { return keys_; }
  bool empty() const { return keys_.empty(); }

  // {"keys":[<JWK>…]} (RFC 7517 §5), in insertion order.
  std::string ToJwksJson() const;

  // Parses a JWK Set. INVALID_ARGUMENT for malformed JSON, a key that is not OKP/Ed25519, an "alg" other than
  // EdDSA, a "use" other than sig, a private part ("d"), or a duplicate key id.
  static absl::StatusOr<PublicKeySet> FromJwksJson(std::string_view json);

 private:
  std::vector<PublicKeyInfo> keys_;
};

// One key as a JWK object and back (the same rules as the set).
std::string PublicKeyToJwkJson(const PublicKeyInfo& key);
absl::StatusOr<PublicKeyInfo> PublicKeyFromJwkJson(std::string_view json);

}  // namespace tdkt::auth
