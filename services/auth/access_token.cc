#include "services/auth/access_token.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "services/auth/base64url.h"
#include "services/auth/role_names.h"
#include "base/sodium.h"
#include "base/status_macros.h"

namespace tdkt::auth {
namespace {

using Json = nlohmann::json;

constexpr size_t kTokenIdBytes = 16;

std::string NewTokenId() {
  unsigned char id[kTokenIdBytes];
  randombytes_buf(id, sizeof id);
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(id), sizeof id));
}

absl::Status Validate(const AccessTokenClaims& claims, const AccessTokenOptions& options) {
  if (claims.person_id.empty()) return absl::InvalidArgumentError("access token: empty person id");
  for (const workflow::RoleGrant& grant : claims.grants) {
    if (grant.org_id.empty()) return absl::InvalidArgumentError("access token: grant without organisation");
  }
  if (claims.service_name.has_value() && claims.service_name->empty()) {
    return absl::InvalidArgumentError("access token: empty service name");
  }
  if (options.lifetime <= absl::ZeroDuration()) return absl::InvalidArgumentError("access token: lifetime <= 0");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<IssuedAccessToken> IssueAccessToken(const AccessTokenClaims& claims, const SigningKey& key,
                                                   const base::Clock& clock,
                                                   const AccessTokenOptions& options) {
  TDKT_RETURN_IF_ERROR(base::InitSodium());
  TDKT_RETURN_IF_ERROR(Validate(claims, options));
  // JWT times are whole seconds; truncating here makes expires_at exactly what verifiers will read.
  const int64_t iat = absl::ToUnixSeconds(clock.Now());
  const int64_t exp = iat + absl::ToInt64Seconds(options.lifetime);
  const absl::Time issued_at = absl::FromUnixSeconds(iat);
  if (!key.CanSignAt(issued_at)) {
    return absl::FailedPreconditionError("access token: the signing key is not valid now");
  }

  Json grants = Json::array();
  for (const workflow::RoleGrant& grant : claims.grants) {
    grants.push_back({{"org", grant.org_id}, {"role", RoleTokenName(grant.role)}});
  }
  IssuedAccessToken issued;
  issued.token_id = NewTokenId();
  issued.issued_at = issued_at;
  issued.expires_at = absl::FromUnixSeconds(exp);
  Json payload = {{"iss", options.issuer}, {"aud", options.audience}, {"sub", claims.person_id},
                  {"iat", iat},            {"exp", exp},              {"jti", issued.token_id},
                  {"grants", std::move(grants)}};
  if (claims.service_name.has_value()) payload["svc"] = *claims.service_name;
  Json header = {{"alg", "EdDSA"}, {"typ", "JWT"}, {"kid", key.key_id()}};

  std::string payload_text;
  try {
    payload_text = payload.dump();
  } catch (const Json::exception&) {  // dump throws on invalid UTF-8 in an id
    return absl::InvalidArgumentError("access token: claims are not valid UTF-8");
  }
  std::string signing_input = absl::StrCat(Base64UrlEncode(header.dump()), ".", Base64UrlEncode(payload_text));
  issued.token = absl::StrCat(signing_input, ".", Base64UrlEncode(key.Sign(signing_input)));
  return issued;
}

}  // namespace tdkt::auth
