#include "services/auth/public_key_set.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "services/auth/base64url.h"
#include "services/auth/signing_key.h"

namespace tdkt::auth {
namespace {

using Json = nlohmann::json;

const absl::Time kT0 = absl::FromUnixSeconds(1'780'000'000);

SigningKey NewKey(absl::Time not_before = kT0) {
  absl::StatusOr<SigningKey> key = SigningKey::Generate(not_before);
  EXPECT_TRUE(key.ok());
  return *std::move(key);
}

// RFC 8037 Appendix A.1–A.4: the example key and the signature of the example JWS.
TEST(SigningKey, MatchesRfc8037Example) {
  absl::StatusOr<std::string> seed = Base64UrlDecode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A");
  ASSERT_TRUE(seed.ok());
  absl::StatusOr<SigningKey> key = SigningKey::FromSeed(*seed, kT0);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(Base64UrlEncode(key->public_key()), "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
  EXPECT_EQ(Base64UrlEncode(key->Sign("eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc")),
            "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg");
  EXPECT_EQ(key->Seed(), *seed);
}

TEST(SigningKey, KeyIdIsDerivedFromThePublicKey) {
  SigningKey a = NewKey();
  SigningKey b = NewKey();
  EXPECT_EQ(a.key_id().size(), 16u);
  EXPECT_NE(a.key_id(), b.key_id());
  EXPECT_EQ(a.key_id(), KeyIdForPublicKey(a.public_key()));
  absl::StatusOr<SigningKey> again = SigningKey::FromSeed(a.Seed(), kT0);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->key_id(), a.key_id());
  EXPECT_FALSE(SigningKey::FromSeed("short", kT0).ok());
}

TEST(SigningKey, SignsOnlyInsideItsWindow) {
  SigningKey key = NewKey();
  EXPECT_FALSE(key.CanSignAt(kT0 - absl::Seconds(1)));
  EXPECT_TRUE(key.CanSignAt(kT0 + absl::Hours(1000)));
  key.Retire(kT0 + absl::Hours(1));
  EXPECT_TRUE(key.CanSignAt(kT0 + absl::Hours(1)));
  EXPECT_FALSE(key.CanSignAt(kT0 + absl::Hours(1) + absl::Seconds(1)));
}

TEST(PublicKeySet, JwkHasTheRfc8037Members) {
  SigningKey key = NewKey();
  Json jwk = Json::parse(PublicKeyToJwkJson(key.PublicInfo()));
  EXPECT_EQ(jwk["kty"], "OKP");
  EXPECT_EQ(jwk["crv"], "Ed25519");
  EXPECT_EQ(jwk["alg"], "EdDSA");
  EXPECT_EQ(jwk["use"], "sig");
  EXPECT_EQ(jwk["kid"], key.key_id());
  EXPECT_EQ(jwk["x"], Base64UrlEncode(key.public_key()));
  EXPECT_EQ(jwk["not_before"], absl::ToUnixSeconds(kT0));
  EXPECT_FALSE(jwk.contains("not_after"));
  EXPECT_FALSE(jwk.contains("d"));
}

TEST(PublicKeySet, JwksRoundTrip) {
  SigningKey current = NewKey(kT0 + absl::Hours(2));
  SigningKey retired = NewKey();
  retired.Retire(kT0 + absl::Hours(2));
  PublicKeySet set;
  ASSERT_TRUE(set.Add(current.PublicInfo()).ok());
  ASSERT_TRUE(set.Add(retired.PublicInfo()).ok());

  absl::StatusOr<PublicKeySet> copy = PublicKeySet::FromJwksJson(set.ToJwksJson());
  ASSERT_TRUE(copy.ok()) << copy.status();
  EXPECT_EQ(copy->keys(), set.keys());
  ASSERT_NE(copy->Find(retired.key_id()), nullptr);
  EXPECT_EQ(copy->Find(retired.key_id())->not_after, kT0 + absl::Hours(2));
  EXPECT_EQ(copy->Find("nope"), nullptr);

  absl::StatusOr<PublicKeyInfo> one = PublicKeyFromJwkJson(PublicKeyToJwkJson(current.PublicInfo()));
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(*one, current.PublicInfo());
}

TEST(PublicKeySet, RefusesWhatIsNotAnEd25519PublicKey) {
  SigningKey key = NewKey();
  const Json good = Json::parse(PublicKeyToJwkJson(key.PublicInfo()));
  ASSERT_TRUE(PublicKeyFromJwkJson(good.dump()).ok());
  auto with = [&](const char* name, Json value) {
    Json jwk = good;
    jwk[name] = std::move(value);
    return jwk.dump();
  };
  auto without = [&](const char* name) {
    Json jwk = good;
    jwk.erase(name);
    return jwk.dump();
  };
  for (const std::string& jwk :
       {with("kty", "RSA"), with("crv", "X25519"), with("alg", "HS256"), with("alg", "none"), with("use", "enc"),
        with("d", Base64UrlEncode(key.Seed())), with("x", "AAAA"), with("x", Base64UrlEncode(key.public_key()) + "="),
        with("kid", ""), with("kid", 7), with("not_before", "yesterday"), without("x"), without("kid"),
        without("kty"), std::string("[]"), std::string("{"), std::string("")}) {
    EXPECT_FALSE(PublicKeyFromJwkJson(jwk).ok()) << jwk;
  }
}

TEST(PublicKeySet, RefusesDuplicatesAndMalformedSets) {
  SigningKey key = NewKey();
  PublicKeySet set;
  ASSERT_TRUE(set.Add(key.PublicInfo()).ok());
  EXPECT_FALSE(set.Add(key.PublicInfo()).ok());
  std::string one = PublicKeyToJwkJson(key.PublicInfo());
  EXPECT_FALSE(PublicKeySet::FromJwksJson("{\"keys\":[" + one + "," + one + "]}").ok());
  EXPECT_FALSE(PublicKeySet::FromJwksJson("{\"keys\":{}}").ok());
  EXPECT_FALSE(PublicKeySet::FromJwksJson("not json").ok());
  EXPECT_TRUE(PublicKeySet::FromJwksJson("{\"keys\":[]}").ok());
}

}  // namespace
}  // namespace tdkt::auth
