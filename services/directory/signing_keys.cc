#include "services/directory/signing_keys.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "base/status_macros.h"
#include "services/auth/grpc_identity.h"
#include "services/common/pii_cipher.h"
#include "services/directory/stores.h"

namespace tdkt::directory {
namespace {

constexpr char kSeedField[] = "signing_key_seed";

}  // namespace

SigningKeys::SigningKeys(const DirectoryStores* stores, const PiiCipher* cipher, const base::Clock& clock,
                         SigningKeysOptions options)
    : stores_(stores),
      cipher_(cipher),
      clock_(clock),
      options_(std::move(options)),
      verifier_(auth::PublicKeySet(), clock, options_.verifier) {}

absl::StatusOr<std::unique_ptr<SigningKeys>> SigningKeys::Load(const DirectoryStores* stores, const PiiCipher* cipher,
                                                               const base::Clock& clock, SigningKeysOptions options) {
  if (cipher == nullptr) {
    return absl::FailedPreconditionError(
        "Chưa cấu hình khóa mã hóa (--pii-key / TDKT_PII_KEY not set): signing keys cannot be stored");
  }
  auto keys = std::unique_ptr<SigningKeys>(new SigningKeys(stores, cipher, clock, std::move(options)));
  TDKT_RETURN_IF_ERROR(keys->LoadFromStore(/*force_rotation=*/false));
  return keys;
}

absl::Status SigningKeys::Refresh() { return LoadFromStore(false); }
absl::Status SigningKeys::RotateNow() { return LoadFromStore(true); }

absl::Status SigningKeys::LoadFromStore(bool force_rotation) {
  const absl::Time now = clock_.Now();
  // Retired keys whose tokens may still be unexpired (KeyRing drops older ones itself; this only trims reads).
  const absl::Time horizon = now - options_.ring.access_token_lifetime - options_.ring.clock_skew;
  std::vector<StoredSigningKey> stored;
  bool rotated = false;
  TDKT_RETURN_IF_ERROR(stores_->db.InTransaction([&](Tx& tx) -> absl::Status {
    rotated = false;
    TDKT_RETURN_IF_ERROR(stores_->auth.LockSigningKeys(tx));
    TDKT_ASSIGN_OR_RETURN(stored, stores_->auth.ListSigningKeys(tx, horizon));
    const bool has_current = !stored.empty() && !stored.front().not_after.has_value();
    const bool due = !has_current || force_rotation || now - stored.front().not_before >= options_.max_age;
    if (!due) return absl::OkStatus();
    // Whole seconds, like the iat of the tokens it signs: a key made at 12:00:00.2 must sign a token issued
    // in the same second (iat 12:00:00), else the first logins after a fresh start fail.
    const absl::Time valid_from = absl::FromUnixSeconds(absl::ToUnixSeconds(now));
    TDKT_ASSIGN_OR_RETURN(auth::SigningKey fresh, auth::SigningKey::Generate(valid_from));
    if (has_current) {
      TDKT_RETURN_IF_ERROR(stores_->auth.RetireSigningKey(tx, stored.front().key_id, now));
      stored.front().not_after = now;
    }
    StoredSigningKey row{fresh.key_id(), cipher_->Seal(kSeedField, fresh.Seed()), valid_from, std::nullopt};
    TDKT_RETURN_IF_ERROR(stores_->auth.InsertSigningKey(tx, row));
    stored.insert(stored.begin(), std::move(row));
    rotated = true;
    return absl::OkStatus();
  }));

  std::optional<auth::SigningKey> current;
  std::vector<auth::SigningKey> previous;
  for (const StoredSigningKey& row : stored) {
    absl::StatusOr<std::string> seed = cipher_->Open(kSeedField, row.sealed_seed);
    if (!seed.ok()) {
      return absl::DataLossError("Khóa ký không giải mã được (a stored signing key does not open with this --pii-key)");
    }
    // A replica whose clock runs a little behind the one that created the key must still sign with it.
    TDKT_ASSIGN_OR_RETURN(auth::SigningKey key,
                          auth::SigningKey::FromSeed(*seed, std::min(row.not_before, now), row.not_after));
    if (!row.not_after.has_value()) {
      current.emplace(std::move(key));
    } else {
      previous.push_back(std::move(key));
    }
  }
  if (!current.has_value()) return absl::InternalError("signing keys: no current key after loading");
  const std::string current_id = current->key_id();
  TDKT_ASSIGN_OR_RETURN(std::unique_ptr<auth::KeyRing> ring,
                        auth::KeyRing::Restore(std::move(*current), std::move(previous), clock_, options_.ring));
  auth::PublicKeySet published = ring->Published();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ring_ = std::move(ring);
    last_reload_ = now;
  }
  verifier_.ReplaceKeys(std::move(published));
  if (rotated) spdlog::info("directory: new signing key {} is current", current_id);
  return absl::OkStatus();
}

absl::StatusOr<auth::IssuedAccessToken> SigningKeys::Issue(const auth::AccessTokenClaims& claims) const {
  std::shared_ptr<auth::KeyRing> ring;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ring = ring_;
  }
  return auth::IssueAccessToken(claims, *ring->Current(), clock_, options_.tokens);
}

auth::PublicKeySet SigningKeys::Published() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return ring_->Published();
}

bool SigningKeys::ReloadForUnknownKey() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (clock_.Now() - last_reload_ < options_.reload_interval) return false;
    last_reload_ = clock_.Now();
  }
  absl::Status status = LoadFromStore(false);
  if (!status.ok()) spdlog::warn("directory: reloading signing keys failed: {}", std::string(status.message()));
  return status.ok();
}

absl::StatusOr<auth::Identity> SigningKeys::Authenticate(const grpc::ServerContext& context) {
  return auth::AuthenticatedIdentity(context, verifier_, [this] { return ReloadForUnknownKey(); });
}

}  // namespace tdkt::directory
