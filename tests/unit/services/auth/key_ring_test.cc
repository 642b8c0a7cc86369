#include "services/auth/key_ring.h"

#include <gtest/gtest.h>

#include "services/auth/token_verifier.h"

namespace tdkt::auth {
namespace {

using workflow::Role;

const absl::Time kT0 = absl::FromUnixSeconds(1'780'000'000);

AccessTokenClaims Claims() { return AccessTokenClaims{"person-7", {{Role::kDecider, "org-province"}}, std::nullopt}; }

std::vector<std::string> KeyIds(const PublicKeySet& set) {
  std::vector<std::string> ids;
  for (const PublicKeyInfo& key : set.keys()) ids.push_back(key.key_id);
  return ids;
}

TEST(KeyRing, RotationKeepsOldTokensValidUntilTheyExpire) {
  base::FakeClock clock(kT0);
  std::unique_ptr<KeyRing> ring = *KeyRing::Create(clock);
  const std::string old_kid = ring->Current()->key_id();
  clock.Advance(absl::Minutes(5));
  IssuedAccessToken old_token = *IssueAccessToken(Claims(), *ring->Current(), clock);

  clock.Advance(absl::Minutes(1));
  const absl::Time rotated_at = clock.Now();
  ASSERT_TRUE(ring->Rotate().ok());
  const std::string new_kid = ring->Current()->key_id();
  EXPECT_NE(new_kid, old_kid);
  PublicKeySet published = ring->Published();
  EXPECT_EQ(KeyIds(published), (std::vector<std::string>{new_kid, old_kid}));
  EXPECT_EQ(published.Find(old_kid)->not_after, rotated_at);
  EXPECT_EQ(published.Find(new_kid)->not_after, std::nullopt);
  EXPECT_EQ(published.Find(new_kid)->not_before, rotated_at);

  // A verifier that refetched after the rotation accepts both generations.
  TokenVerifier verifier(published, clock);
  IssuedAccessToken new_token = *IssueAccessToken(Claims(), *ring->Current(), clock);
  EXPECT_TRUE(verifier.Verify(old_token.token).ok());
  EXPECT_TRUE(verifier.Verify(new_token.token).ok());

  // The old token lives out its 15 minutes (and the skew), then fails as expired, not as unknown.
  clock.Set(old_token.expires_at + absl::Seconds(29));
  verifier.ReplaceKeys(ring->Published());
  EXPECT_TRUE(verifier.Verify(old_token.token).ok());
  clock.Set(old_token.expires_at + absl::Seconds(30));
  EXPECT_FALSE(verifier.Verify(old_token.token).ok());

  // The old key stays published until any token it could have signed (up to rotated_at) has expired.
  clock.Set(rotated_at + absl::Minutes(15) + absl::Seconds(30));
  EXPECT_EQ(KeyIds(ring->Published()), (std::vector<std::string>{new_kid, old_kid}));
  clock.Advance(absl::Seconds(1));
  EXPECT_EQ(KeyIds(ring->Published()), (std::vector<std::string>{new_kid}));
  EXPECT_EQ(ring->Keys().size(), 1u);
}

TEST(KeyRing, RetiredKeyNoLongerSigns) {
  base::FakeClock clock(kT0);
  std::unique_ptr<KeyRing> ring = *KeyRing::Create(clock);
  std::shared_ptr<const SigningKey> before = ring->Current();
  ASSERT_TRUE(ring->Rotate().ok());
  // The ring's copy of the old key is retired; a signer still holding `before` is not disturbed.
  std::shared_ptr<const SigningKey> retired = ring->Keys()[1];
  EXPECT_EQ(retired->key_id(), before->key_id());
  clock.Advance(absl::Seconds(1));
  EXPECT_TRUE(absl::IsFailedPrecondition(IssueAccessToken(Claims(), *retired, clock).status()));
  EXPECT_TRUE(IssueAccessToken(Claims(), *ring->Current(), clock).ok());
}

TEST(KeyRing, RotatingTwiceKeepsBothPreviousKeysWhileTheyMatter) {
  base::FakeClock clock(kT0);
  std::unique_ptr<KeyRing> ring = *KeyRing::Create(clock);
  std::string first = ring->Current()->key_id();
  ASSERT_TRUE(ring->Rotate().ok());
  std::string second = ring->Current()->key_id();
  clock.Advance(absl::Minutes(10));
  ASSERT_TRUE(ring->Rotate().ok());
  std::string third = ring->Current()->key_id();
  EXPECT_EQ(KeyIds(ring->Published()), (std::vector<std::string>{third, second, first}));
  clock.Advance(absl::Minutes(6));  // first retired 16 min ago, second 6 min ago
  EXPECT_EQ(KeyIds(ring->Published()), (std::vector<std::string>{third, second}));
}

TEST(KeyRing, RestoresFromStoredSeeds) {
  base::FakeClock clock(kT0);
  std::unique_ptr<KeyRing> ring = *KeyRing::Create(clock);
  clock.Advance(absl::Minutes(1));
  ASSERT_TRUE(ring->Rotate().ok());
  clock.Advance(absl::Minutes(1));

  std::vector<std::shared_ptr<const SigningKey>> stored = ring->Keys();
  ASSERT_EQ(stored.size(), 2u);
  auto reload = [](const SigningKey& key) {
    return *SigningKey::FromSeed(key.Seed(), key.not_before(), key.not_after());
  };
  absl::StatusOr<std::unique_ptr<KeyRing>> restored =
      KeyRing::Restore(reload(*stored[0]), {reload(*stored[1])}, clock);
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ((*restored)->Published().keys(), ring->Published().keys());

  // The current key must be able to sign; previous keys must be retired.
  EXPECT_FALSE(KeyRing::Restore(reload(*stored[1]), {}, clock).ok());
  EXPECT_FALSE(KeyRing::Restore(reload(*stored[0]), {reload(*stored[0])}, clock).ok());

  // Keys whose tokens have all expired are dropped on restore.
  clock.Advance(absl::Hours(1));
  restored = KeyRing::Restore(reload(*stored[0]), {reload(*stored[1])}, clock);
  ASSERT_TRUE(restored.ok());
  EXPECT_EQ((*restored)->Keys().size(), 1u);
}

}  // namespace
}  // namespace tdkt::auth
