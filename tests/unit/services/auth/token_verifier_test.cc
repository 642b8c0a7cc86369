#include "services/auth/token_verifier.h"

#include <sodium.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "services/auth/access_token.h"
#include "services/auth/base64url.h"
#include "services/auth/role_names.h"
#include "tests/unit/services/auth/test_tokens.h"

namespace tdkt::auth {
namespace {

using Json = nlohmann::json;
using testing::DecodePart;
using testing::EncodePart;
using testing::Join;
using testing::SignRaw;
using testing::Split;
using testing::TokenParts;
using workflow::Role;
using workflow::RoleGrant;

const absl::Time kT0 = absl::FromUnixSeconds(1'780'000'000);

MATCHER_P(RefusedWith, reason, "") {
  if (!absl::IsUnauthenticated(arg.status())) {
    *result_listener << "status " << arg.status();
    return false;
  }
  *result_listener << "message " << arg.status().message();
  return std::string(arg.status().message()).find(reason) != std::string::npos;
}

// RoleGrant has no operator==; compare as pairs.
std::vector<std::pair<Role, std::string>> AsPairs(const std::vector<RoleGrant>& grants) {
  std::vector<std::pair<Role, std::string>> pairs;
  for (const RoleGrant& grant : grants) pairs.emplace_back(grant.role, grant.org_id);
  return pairs;
}

class TokenVerifierTest : public ::testing::Test {
 protected:
  TokenVerifierTest() : clock_(kT0), key_(*SigningKey::Generate(kT0 - absl::Hours(1))) {
    EXPECT_TRUE(keys_.Add(key_.PublicInfo()).ok());
    verifier_ = std::make_unique<TokenVerifier>(keys_, clock_);
  }

  AccessTokenClaims Claims() const {
    return AccessTokenClaims{"person-42",
                             {{Role::kAppraiser, "org-hanoi"}, {Role::kCouncilChair, "org-hanoi"},
                              {Role::kSubmitter, "org-ba-dinh"}},
                             std::nullopt};
  }

  IssuedAccessToken Issue(const AccessTokenOptions& options = {}) {
    absl::StatusOr<IssuedAccessToken> issued = IssueAccessToken(Claims(), key_, clock_, options);
    EXPECT_TRUE(issued.ok()) << issued.status();
    return *issued;
  }

  // A token's header and payload as JSON, for editing and re-signing.
  Json Header(const std::string& token) { return DecodePart(Split(token).header); }
  Json Payload(const std::string& token) { return DecodePart(Split(token).payload); }

  base::FakeClock clock_;
  SigningKey key_;
  PublicKeySet keys_;
  std::unique_ptr<TokenVerifier> verifier_;
};

TEST_F(TokenVerifierTest, RoundTrip) {
  IssuedAccessToken issued = Issue();
  EXPECT_EQ(issued.issued_at, kT0);
  EXPECT_EQ(issued.expires_at, kT0 + absl::Minutes(15));
  absl::StatusOr<Identity> identity = verifier_->Verify(issued.token);
  ASSERT_TRUE(identity.ok()) << identity.status();
  EXPECT_EQ(identity->person_id, "person-42");
  EXPECT_EQ(AsPairs(identity->grants), AsPairs(Claims().grants));
  EXPECT_EQ(identity->service_name, std::nullopt);
  EXPECT_EQ(identity->token_id, issued.token_id);
  EXPECT_EQ(identity->issued_at, kT0);
  EXPECT_EQ(identity->expires_at, issued.expires_at);
  EXPECT_EQ(identity->ToActor().person_id, "person-42");
}

TEST_F(TokenVerifierTest, TokenHasTheDocumentedShape) {
  IssuedAccessToken issued = Issue();
  Json header = Header(issued.token);
  EXPECT_EQ(header, (Json{{"alg", "EdDSA"}, {"typ", "JWT"}, {"kid", key_.key_id()}}));
  Json payload = Payload(issued.token);
  EXPECT_EQ(payload["iss"], "tdkt-directory");
  EXPECT_EQ(payload["aud"], "tdkt");
  EXPECT_EQ(payload["sub"], "person-42");
  EXPECT_EQ(payload["iat"], absl::ToUnixSeconds(kT0));
  EXPECT_EQ(payload["exp"], absl::ToUnixSeconds(kT0) + 900);
  EXPECT_EQ(payload["grants"][1], (Json{{"org", "org-hanoi"}, {"role", "ROLE_COUNCIL_CHAIR"}}));
  EXPECT_FALSE(payload.contains("svc"));
  absl::StatusOr<std::string> jti = Base64UrlDecode(payload["jti"].get<std::string>());
  ASSERT_TRUE(jti.ok());
  EXPECT_EQ(jti->size(), 16u);
  EXPECT_NE(Issue().token_id, issued.token_id);
}

TEST_F(TokenVerifierTest, ServiceAccountRoundTrip) {
  AccessTokenClaims claims{"svc-scheduler", {}, "scheduler"};
  absl::StatusOr<IssuedAccessToken> issued = IssueAccessToken(claims, key_, clock_);
  ASSERT_TRUE(issued.ok());
  absl::StatusOr<Identity> identity = verifier_->Verify(issued->token);
  ASSERT_TRUE(identity.ok()) << identity.status();
  EXPECT_EQ(identity->service_name, "scheduler");
  EXPECT_TRUE(identity->grants.empty());
}

TEST_F(TokenVerifierTest, IssuerRefusesBadClaims) {
  EXPECT_FALSE(IssueAccessToken(AccessTokenClaims{"", {}, std::nullopt}, key_, clock_).ok());
  EXPECT_FALSE(IssueAccessToken(AccessTokenClaims{"p", {{Role::kAdmin, ""}}, std::nullopt}, key_, clock_).ok());
  EXPECT_FALSE(IssueAccessToken(AccessTokenClaims{"p", {}, ""}, key_, clock_).ok());
  EXPECT_FALSE(IssueAccessToken(AccessTokenClaims{"p\xff", {}, std::nullopt}, key_, clock_).ok());
  SigningKey retired = key_;
  retired.Retire(kT0 - absl::Minutes(1));
  EXPECT_TRUE(absl::IsFailedPrecondition(IssueAccessToken(Claims(), retired, clock_).status()));
}

TEST_F(TokenVerifierTest, AlgNoneIsRefused) {
  std::string token = Issue().token;
  Json header = {{"alg", "none"}, {"typ", "JWT"}, {"kid", key_.key_id()}};
  TokenParts parts = Split(token);
  EXPECT_THAT(verifier_->Verify(EncodePart(header) + "." + parts.payload + "."), RefusedWith("alg"));
  EXPECT_THAT(verifier_->Verify(EncodePart(header) + "." + parts.payload + "." + parts.signature),
              RefusedWith("alg"));
  Json no_kid = {{"alg", "none"}};
  EXPECT_THAT(verifier_->Verify(EncodePart(no_kid) + "." + parts.payload + "."), RefusedWith("alg"));
}

TEST_F(TokenVerifierTest, OtherAlgorithmsAreRefused) {
  TokenParts parts = Split(Issue().token);
  // The classic confusion: HMAC keyed with the public key, which every attacker knows.
  Json header = {{"alg", "HS256"}, {"typ", "JWT"}, {"kid", key_.key_id()}};
  std::string input = EncodePart(header) + "." + parts.payload;
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key_.public_key().data()), 32);
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(input.data()), input.size());
  crypto_auth_hmacsha256_final(&state, mac);
  std::string hs256 = input + "." + Base64UrlEncode(std::string_view(reinterpret_cast<char*>(mac), sizeof mac));
  EXPECT_THAT(verifier_->Verify(hs256), RefusedWith("alg"));

  // Correctly signed by our key, but naming another algorithm (or the right one in another case).
  for (const char* alg : {"HS256", "RS256", "ES256", "eddsa", "Ed25519", "EdDSA "}) {
    Json other = {{"alg", alg}, {"typ", "JWT"}, {"kid", key_.key_id()}};
    EXPECT_THAT(verifier_->Verify(SignRaw(other, Payload(Join(parts)), key_)), RefusedWith("alg")) << alg;
  }
}

TEST_F(TokenVerifierTest, RefusalsStartInVietnameseWithTheReasonForOperators) {
  TokenParts parts = Split(Issue().token);
  parts.signature = parts.signature == "A" ? "B" : std::string(parts.signature.size(), 'A');
  const std::string message(verifier_->Verify(Join(parts)).status().message());
  EXPECT_EQ(message.rfind("Phiên đăng nhập không hợp lệ hoặc đã hết hạn", 0), 0u) << message;
  EXPECT_NE(message.find("(access token: "), std::string::npos) << message;
}

TEST_F(TokenVerifierTest, WrongKeyWithAKnownKidIsRefused) {
  SigningKey other = *SigningKey::Generate(kT0 - absl::Hours(1));
  IssuedAccessToken issued = Issue();
  std::string forged = SignRaw(Header(issued.token), Payload(issued.token), other);
  absl::StatusOr<Identity> identity = verifier_->Verify(forged);
  EXPECT_THAT(identity, RefusedWith("bad signature"));
  EXPECT_FALSE(IsUnknownKeyError(identity.status()));
}

TEST_F(TokenVerifierTest, ChangedPayloadIsRefused) {
  IssuedAccessToken issued = Issue();
  TokenParts parts = Split(issued.token);
  Json payload = Payload(issued.token);
  payload["grants"][0]["role"] = "ROLE_ADMIN";
  parts.payload = EncodePart(payload);
  EXPECT_THAT(verifier_->Verify(Join(parts)), RefusedWith("bad signature"));
  // The same edit, signed by the key, would pass: the refusal is the signature's doing.
  EXPECT_TRUE(verifier_->Verify(SignRaw(Header(issued.token), payload, key_)).ok());

  // Changing the subject or the expiry fails the same way.
  payload = Payload(issued.token);
  payload["exp"] = payload["exp"].get<int64_t>() - 1;
  parts.payload = EncodePart(payload);
  EXPECT_THAT(verifier_->Verify(Join(parts)), RefusedWith("bad signature"));
}

TEST_F(TokenVerifierTest, ChangedHeaderOrSignatureIsRefused) {
  IssuedAccessToken issued = Issue();
  TokenParts parts = Split(issued.token);
  Json header = Header(issued.token);
  header.erase("typ");
  parts.header = EncodePart(header);
  EXPECT_THAT(verifier_->Verify(Join(parts)), RefusedWith("bad signature"));

  parts = Split(issued.token);
  std::string signature = *Base64UrlDecode(parts.signature);
  signature[10] ^= 1;
  parts.signature = Base64UrlEncode(signature);
  EXPECT_THAT(verifier_->Verify(Join(parts)), RefusedWith("bad signature"));
}

TEST_F(TokenVerifierTest, ExpiryAllowsTheClockSkewAndNoMore) {
  IssuedAccessToken issued = Issue();
  clock_.Advance(absl::Minutes(15) - absl::Seconds(1));
  EXPECT_TRUE(verifier_->Verify(issued.token).ok());
  clock_.Set(issued.expires_at + absl::Seconds(29));
  EXPECT_TRUE(verifier_->Verify(issued.token).ok());
  clock_.Set(issued.expires_at + absl::Seconds(30));
  EXPECT_THAT(verifier_->Verify(issued.token), RefusedWith("expired"));
  clock_.Advance(absl::Hours(24));
  EXPECT_THAT(verifier_->Verify(issued.token), RefusedWith("expired"));
}

TEST_F(TokenVerifierTest, WrongAudienceOrIssuerIsRefused) {
  AccessTokenOptions other_audience;
  other_audience.audience = "tdkt-admin";
  EXPECT_THAT(verifier_->Verify(Issue(other_audience).token), RefusedWith("audience"));
  AccessTokenOptions other_issuer;
  other_issuer.issuer = "someone-else";
  EXPECT_THAT(verifier_->Verify(Issue(other_issuer).token), RefusedWith("issuer"));

  IssuedAccessToken issued = Issue();
  Json payload = Payload(issued.token);
  payload["aud"] = Json::array({"other", "tdkt"});
  EXPECT_TRUE(verifier_->Verify(SignRaw(Header(issued.token), payload, key_)).ok());
  payload["aud"] = Json::array({"other", "tdkt2"});
  EXPECT_THAT(verifier_->Verify(SignRaw(Header(issued.token), payload, key_)), RefusedWith("audience"));
  payload.erase("aud");
  EXPECT_THAT(verifier_->Verify(SignRaw(Header(issued.token), payload, key_)), RefusedWith("audience"));
}

TEST_F(TokenVerifierTest, ClaimsMustBeWellFormed) {
  IssuedAccessToken issued = Issue();
  const Json header = Header(issued.token);
  const Json good = Payload(issued.token);
  auto verify_with = [&](const std::function<void(Json&)>& edit) {
    Json payload = good;
    edit(payload);
    return verifier_->Verify(SignRaw(header, payload, key_));
  };
  const int64_t now = absl::ToUnixSeconds(kT0);
  EXPECT_THAT(verify_with([](Json& p) { p.erase("exp"); }), RefusedWith("exp"));
  EXPECT_THAT(verify_with([](Json& p) { p["exp"] = "tomorrow"; }), RefusedWith("exp"));
  EXPECT_THAT(verify_with([](Json& p) { p["exp"] = p["exp"].get<double>() + 0.5; }), RefusedWith("exp"));
  EXPECT_THAT(verify_with([](Json& p) { p.erase("iat"); }), RefusedWith("iat"));
  EXPECT_THAT(verify_with([&](Json& p) { p["iat"] = now + 60; }), RefusedWith("future"));
  EXPECT_THAT(verify_with([&](Json& p) { p["nbf"] = now + 60; }), RefusedWith("not yet valid"));
  EXPECT_TRUE(verify_with([&](Json& p) { p["nbf"] = now + 20; }).ok());
  EXPECT_THAT(verify_with([&](Json& p) { p["exp"] = now + 3600; }), RefusedWith("lifetime"));
  EXPECT_THAT(verify_with([&](Json& p) { p["exp"] = now - 31; p["iat"] = now - 60; }), RefusedWith("expired"));
  EXPECT_THAT(verify_with([&](Json& p) { p["exp"] = now; p["iat"] = now; }), RefusedWith("lifetime"));
  EXPECT_THAT(verify_with([](Json& p) { p["sub"] = ""; }), RefusedWith("sub"));
  EXPECT_THAT(verify_with([](Json& p) { p["sub"] = 42; }), RefusedWith("sub"));
  EXPECT_THAT(verify_with([](Json& p) { p.erase("jti"); }), RefusedWith("jti"));
  EXPECT_THAT(verify_with([](Json& p) { p["svc"] = ""; }), RefusedWith("svc"));
  EXPECT_THAT(verify_with([](Json& p) { p.erase("grants"); }), RefusedWith("grants"));
  EXPECT_THAT(verify_with([](Json& p) { p["grants"] = Json::object(); }), RefusedWith("grants"));
  EXPECT_THAT(verify_with([](Json& p) { p["grants"][0] = "ROLE_ADMIN"; }), RefusedWith("grant"));
  EXPECT_THAT(verify_with([](Json& p) { p["grants"][0]["org"] = ""; }), RefusedWith("grant"));
  EXPECT_THAT(verify_with([](Json& p) { p["grants"][0].erase("role"); }), RefusedWith("grant"));
  for (const char* role : {"ROLE_UNSPECIFIED", "SUBMITTER", "role_admin", "ROLE_ROOT", ""}) {
    EXPECT_THAT(verify_with([&](Json& p) { p["grants"][0]["role"] = role; }), RefusedWith("role")) << role;
  }
  EXPECT_TRUE(verify_with([](Json& p) { p["grants"] = Json::array(); }).ok());
}

TEST_F(TokenVerifierTest, HeaderMustBeWellFormed) {
  IssuedAccessToken issued = Issue();
  const Json payload = Payload(issued.token);
  auto verify_with = [&](const std::function<void(Json&)>& edit) {
    Json header = Header(issued.token);
    edit(header);
    return verifier_->Verify(SignRaw(header, payload, key_));
  };
  EXPECT_THAT(verify_with([](Json& h) { h["crit"] = Json::array({"exp"}); }), RefusedWith("crit"));
  EXPECT_THAT(verify_with([](Json& h) { h["typ"] = "JOSE"; }), RefusedWith("typ"));
  EXPECT_THAT(verify_with([](Json& h) { h.erase("kid"); }), RefusedWith("kid"));
  EXPECT_THAT(verify_with([](Json& h) { h["kid"] = 1; }), RefusedWith("kid"));
  EXPECT_THAT(verify_with([](Json& h) { h.erase("alg"); }), RefusedWith("alg"));
  EXPECT_TRUE(verify_with([](Json& h) { h.erase("typ"); }).ok());
}

TEST_F(TokenVerifierTest, MalformedTokensAreRefusedWithoutCrashing) {
  IssuedAccessToken issued = Issue();
  TokenParts parts = Split(issued.token);
  const std::string not_json = Base64UrlEncode("not json");
  const std::string array = Base64UrlEncode("[1,2]");
  const std::string inputs[] = {
      "",
      "abc",
      parts.header + "." + parts.payload,
      Join(parts) + ".x",
      "..",
      "!!.!!.!!",
      parts.header + "=." + parts.payload + "." + parts.signature,
      not_json + "." + parts.payload + "." + parts.signature,
      array + "." + parts.payload + "." + parts.signature,
      parts.header + "." + parts.payload + "." + parts.signature.substr(4),
      parts.header + "." + parts.payload + ".",
      std::string(9000, 'a'),
      Join(parts) + std::string(9000, 'A'),
      std::string("\0\0.\0.\0", 6),
  };
  for (const std::string& input : inputs) {
    absl::StatusOr<Identity> identity = verifier_->Verify(input);
    EXPECT_TRUE(absl::IsUnauthenticated(identity.status())) << input.substr(0, 80);
  }
  EXPECT_THAT(verifier_->Verify(std::string(9000, 'a')), RefusedWith("too large"));
  // A signed payload that is not JSON still fails cleanly, after the signature check.
  std::string input = parts.header + "." + not_json;
  EXPECT_THAT(verifier_->Verify(input + "." + Base64UrlEncode(key_.Sign(input))), RefusedWith("malformed payload"));
}

TEST_F(TokenVerifierTest, RefusalsNeverEchoTheToken) {
  IssuedAccessToken issued = Issue();
  TokenParts parts = Split(issued.token);
  std::string tampered = parts.header + "." + parts.payload + "." + parts.signature.substr(0, 84) + "AA";
  clock_.Advance(absl::Hours(1));
  for (const std::string& token : {issued.token, tampered, std::string("a.b.c")}) {
    absl::StatusOr<Identity> identity = verifier_->Verify(token);
    ASSERT_FALSE(identity.ok());
    std::string message(identity.status().message());
    EXPECT_EQ(message.find(parts.payload.substr(0, 12)), std::string::npos) << message;
    EXPECT_EQ(message.find("person-42"), std::string::npos) << message;
    EXPECT_LT(message.size(), 160u);  // the fixed Vietnamese text and a short reason: no room for a token
  }
}

TEST_F(TokenVerifierTest, UnknownKidIsSignalledSoKeysCanBeRefetched) {
  SigningKey newer = *SigningKey::Generate(kT0);
  std::string token = IssueAccessToken(Claims(), newer, clock_)->token;
  absl::StatusOr<Identity> identity = verifier_->Verify(token);
  EXPECT_THAT(identity, RefusedWith("unknown signing key"));
  EXPECT_TRUE(IsUnknownKeyError(identity.status()));
  EXPECT_FALSE(IsUnknownKeyError(verifier_->Verify("a.b.c").status()));
  EXPECT_FALSE(IsUnknownKeyError(absl::NotFoundError("x")));

  PublicKeySet refreshed = keys_;
  ASSERT_TRUE(refreshed.Add(newer.PublicInfo()).ok());
  verifier_->ReplaceKeys(refreshed);
  EXPECT_TRUE(verifier_->Verify(token).ok());
}

TEST_F(TokenVerifierTest, TokensIssuedOutsideTheKeyWindowAreRefused) {
  // A retired key that leaked cannot mint tokens dated after its retirement.
  SigningKey leaked = *SigningKey::Generate(kT0 - absl::Hours(2));
  leaked.Retire(kT0 - absl::Hours(1));
  PublicKeySet keys;
  ASSERT_TRUE(keys.Add(leaked.PublicInfo()).ok());
  TokenVerifier verifier(keys, clock_);
  SigningKey unretired = leaked;  // the thief ignores not_after
  unretired.Retire(kT0 + absl::Hours(1));
  std::string token = IssueAccessToken(Claims(), unretired, clock_)->token;
  EXPECT_THAT(verifier.Verify(token), RefusedWith("key's validity"));
}

TEST(RoleNames, RoundTripEveryRole) {
  for (Role role : {Role::kSubmitter, Role::kAppraiser, Role::kCouncilMember, Role::kCouncilChair, Role::kDecider,
                    Role::kAdmin}) {
    EXPECT_EQ(ParseRoleTokenName(RoleTokenName(role)), role);
  }
  EXPECT_EQ(RoleTokenName(Role::kCouncilMember), "ROLE_COUNCIL_MEMBER");
  EXPECT_EQ(ParseRoleTokenName("COUNCIL_MEMBER"), std::nullopt);
}

}  // namespace
}  // namespace tdkt::auth
