#include "services/auth/key_ring.h"

#include <algorithm>

#include "base/status_macros.h"

namespace tdkt::auth {

KeyRing::KeyRing(const base::Clock& clock, KeyRingOptions options, SigningKey current)
    : clock_(clock), options_(options), current_(std::make_shared<const SigningKey>(std::move(current))) {}

absl::StatusOr<std::unique_ptr<KeyRing>> KeyRing::Create(const base::Clock& clock, KeyRingOptions options) {
  TDKT_ASSIGN_OR_RETURN(SigningKey key, SigningKey::Generate(clock.Now()));
  return std::unique_ptr<KeyRing>(new KeyRing(clock, options, std::move(key)));
}

absl::StatusOr<std::unique_ptr<KeyRing>> KeyRing::Restore(SigningKey current, std::vector<SigningKey> previous,
                                                          const base::Clock& clock, KeyRingOptions options) {
  const absl::Time now = clock.Now();
  if (!current.CanSignAt(now)) return absl::InvalidArgumentError("key ring: the current key cannot sign now");
  for (const SigningKey& key : previous) {
    if (!key.not_after().has_value()) return absl::InvalidArgumentError("key ring: a previous key is not retired");
    if (key.key_id() == current.key_id()) return absl::InvalidArgumentError("key ring: duplicate key");
  }
  auto ring = std::unique_ptr<KeyRing>(new KeyRing(clock, options, std::move(current)));
  std::sort(previous.begin(), previous.end(),
            [](const SigningKey& a, const SigningKey& b) { return *a.not_after() > *b.not_after(); });
  for (SigningKey& key : previous) ring->previous_.push_back(std::make_shared<const SigningKey>(std::move(key)));
  std::lock_guard<std::mutex> lock(ring->mutex_);
  ring->DropExpiredLocked(now);
  return ring;
}

std::shared_ptr<const SigningKey> KeyRing::Current() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return current_;
}

absl::Status KeyRing::Rotate() {
  const absl::Time now = clock_.Now();
  // Generated outside the lock: key generation reads the system's randomness source.
  TDKT_ASSIGN_OR_RETURN(SigningKey fresh, SigningKey::Generate(now));
  std::lock_guard<std::mutex> lock(mutex_);
  SigningKey retired = *current_;  // a copy: signers holding the old pointer finish undisturbed
  retired.Retire(now);
  previous_.insert(previous_.begin(), std::make_shared<const SigningKey>(std::move(retired)));
  current_ = std::make_shared<const SigningKey>(std::move(fresh));
  DropExpiredLocked(now);
  return absl::OkStatus();
}

bool KeyRing::StillVerifies(const SigningKey& key, absl::Time now) const {
  return now <= *key.not_after() + options_.access_token_lifetime + options_.clock_skew;
}

void KeyRing::DropExpiredLocked(absl::Time now) {
  std::erase_if(previous_, [&](const std::shared_ptr<const SigningKey>& key) { return !StillVerifies(*key, now); });
}

PublicKeySet KeyRing::Published() const {
  PublicKeySet set;
  for (const std::shared_ptr<const SigningKey>& key : Keys()) {
    // Keys in the ring have distinct ids and valid windows, so Add cannot fail.
    set.Add(key->PublicInfo()).IgnoreError();
  }
  return set;
}

std::vector<std::shared_ptr<const SigningKey>> KeyRing::Keys() const {
  const absl::Time now = clock_.Now();
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::shared_ptr<const SigningKey>> keys = {current_};
  for (const auto& key : previous_) {
    if (StillVerifies(*key, now)) keys.push_back(key);
  }
  return keys;
}

}  // namespace tdkt::auth
