#include "services/auth/token_verifier.h"

#include <sodium.h>

#include <cstdint>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "services/auth/base64url.h"
#include "services/auth/role_names.h"
#include "base/sodium.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"

namespace tdkt::auth {
namespace {

using Json = nlohmann::json;

constexpr char kUnknownKeyPayloadUrl[] = "type.tdkt.dev/tdkt.auth.UnknownKeyId";

// Users read Vietnamese; the reason stays in English in parentheses for operators.
absl::Status Refuse(std::string_view reason) {
  return absl::UnauthenticatedError(
      absl::StrCat("Phiên đăng nhập không hợp lệ hoặc đã hết hạn; hãy đăng nhập lại (", base::AsAbsl(reason), ")"));
}

// The JSON object encoded in one base64url part, or nullopt.
std::optional<Json> DecodeJsonObject(std::string_view part) {
  absl::StatusOr<std::string> text = Base64UrlDecode(part);
  if (!text.ok()) return std::nullopt;
  Json json = Json::parse(*text, /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return std::nullopt;
  return json;
}

// The string member `name`, or nullptr when it is absent or not a string.
const std::string* StringMember(const Json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return nullptr;
  return &it->get_ref<const std::string&>();
}

enum class Presence { kRequired, kOptional };

// A NumericDate in whole seconds. Fractions are refused: the only issuer writes integers.
absl::Status ReadSeconds(const Json& payload, const char* name, Presence presence, std::optional<absl::Time>& out) {
  auto it = payload.find(name);
  if (it == payload.end()) {
    if (presence == Presence::kRequired) return Refuse(absl::StrCat("access token: missing ", name));
    return absl::OkStatus();
  }
  if (it->is_number_integer() && !it->is_number_unsigned()) {
    out = absl::FromUnixSeconds(it->get<int64_t>());
  } else if (it->is_number_unsigned() && it->get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX)) {
    out = absl::FromUnixSeconds(static_cast<int64_t>(it->get<uint64_t>()));
  } else {
    return Refuse(absl::StrCat("access token: ", name, " is not an integer"));
  }
  return absl::OkStatus();
}

absl::Status CheckHeader(const Json& header, std::string& key_id) {
  const std::string* alg = StringMember(header, "alg");
  if (alg == nullptr || *alg != "EdDSA") return Refuse("access token: unsupported alg");
  if (header.contains("crit")) return Refuse("access token: unsupported crit header");
  if (auto typ = header.find("typ"); typ != header.end()) {
    if (!typ->is_string() || typ->get_ref<const std::string&>() != "JWT") return Refuse("access token: bad typ");
  }
  const std::string* kid = StringMember(header, "kid");
  if (kid == nullptr || kid->empty()) return Refuse("access token: missing kid");
  key_id = *kid;
  return absl::OkStatus();
}

bool AudienceMatches(const Json& payload, const std::string& audience) {
  auto aud = payload.find("aud");
  if (aud == payload.end()) return false;
  if (aud->is_string()) return aud->get_ref<const std::string&>() == audience;
  if (!aud->is_array()) return false;
  for (const Json& entry : *aud) {
    if (entry.is_string() && entry.get_ref<const std::string&>() == audience) return true;
  }
  return false;
}

absl::StatusOr<std::vector<workflow::RoleGrant>> ReadGrants(const Json& payload) {
  auto grants = payload.find("grants");
  if (grants == payload.end() || !grants->is_array()) return Refuse("access token: missing grants");
  std::vector<workflow::RoleGrant> out;
  out.reserve(grants->size());
  for (const Json& grant : *grants) {
    if (!grant.is_object()) return Refuse("access token: malformed grant");
    const std::string* org = StringMember(grant, "org");
    const std::string* role_name = StringMember(grant, "role");
    if (org == nullptr || org->empty() || role_name == nullptr) return Refuse("access token: malformed grant");
    std::optional<workflow::Role> role = ParseRoleTokenName(*role_name);
    if (!role.has_value()) return Refuse("access token: unknown role");
    out.push_back(workflow::RoleGrant{*role, *org});
  }
  return out;
}

}  // namespace

TokenVerifier::TokenVerifier(PublicKeySet keys, const base::Clock& clock, TokenVerifierOptions options)
    : clock_(clock), options_(std::move(options)), keys_(std::make_shared<const PublicKeySet>(std::move(keys))) {
  // Selects libsodium's fastest implementations before the first verification.
  base::InitSodium().IgnoreError();
}

void TokenVerifier::ReplaceKeys(PublicKeySet keys) {
  auto fresh = std::make_shared<const PublicKeySet>(std::move(keys));
  std::lock_guard<std::mutex> lock(mutex_);
  keys_ = std::move(fresh);
}

std::shared_ptr<const PublicKeySet> TokenVerifier::Keys() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return keys_;
}

absl::StatusOr<Identity> TokenVerifier::Verify(std::string_view token) const {
  if (token.empty()) return Refuse("access token: empty");
  if (token.size() > options_.max_token_bytes) return Refuse("access token: too large");

  // Compact form: header "." payload "." signature, exactly three parts.
  const size_t first_dot = token.find('.');
  const size_t second_dot = first_dot == std::string_view::npos ? first_dot : token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos || token.find('.', second_dot + 1) != std::string_view::npos) {
    return Refuse("access token: not a compact JWS");
  }
  const std::string_view header_part = token.substr(0, first_dot);
  const std::string_view payload_part = token.substr(first_dot + 1, second_dot - first_dot - 1);
  const std::string_view signature_part = token.substr(second_dot + 1);
  const std::string_view signing_input = token.substr(0, second_dot);

  std::optional<Json> header = DecodeJsonObject(header_part);
  if (!header.has_value()) return Refuse("access token: malformed header");
  std::string key_id;
  TDKT_RETURN_IF_ERROR(CheckHeader(*header, key_id));

  absl::StatusOr<std::string> signature = Base64UrlDecode(signature_part);
  if (!signature.ok() || signature->size() != crypto_sign_BYTES) return Refuse("access token: malformed signature");

  const std::shared_ptr<const PublicKeySet> keys = Keys();
  const PublicKeyInfo* key = keys->Find(key_id);
  if (key == nullptr) {
    absl::Status status = Refuse("access token: unknown signing key");
    status.SetPayload(kUnknownKeyPayloadUrl, absl::Cord("1"));
    return status;
  }
  // Nothing in the payload is trusted, or even parsed, before this check.
  if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature->data()),
                                  reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(),
                                  reinterpret_cast<const unsigned char*>(key->public_key.data())) != 0) {
    return Refuse("access token: bad signature");
  }

  std::optional<Json> payload = DecodeJsonObject(payload_part);
  if (!payload.has_value()) return Refuse("access token: malformed payload");

  const absl::Time now = clock_.Now();
  const absl::Duration skew = options_.clock_skew;
  std::optional<absl::Time> exp, iat, nbf;
  TDKT_RETURN_IF_ERROR(ReadSeconds(*payload, "exp", Presence::kRequired, exp));
  TDKT_RETURN_IF_ERROR(ReadSeconds(*payload, "iat", Presence::kRequired, iat));
  TDKT_RETURN_IF_ERROR(ReadSeconds(*payload, "nbf", Presence::kOptional, nbf));
  if (now >= *exp + skew) return Refuse("access token: expired");
  if (*iat > now + skew) return Refuse("access token: issued in the future");
  if (nbf.has_value() && *nbf > now + skew) return Refuse("access token: not yet valid");
  if (*exp <= *iat || *exp - *iat > options_.max_lifetime) return Refuse("access token: lifetime out of range");
  if (*iat < key->not_before - skew || (key->not_after.has_value() && *iat > *key->not_after + skew)) {
    return Refuse("access token: issued outside its key's validity");
  }

  const std::string* iss = StringMember(*payload, "iss");
  if (iss == nullptr || *iss != options_.issuer) return Refuse("access token: wrong issuer");
  if (!AudienceMatches(*payload, options_.audience)) return Refuse("access token: wrong audience");

  Identity identity;
  const std::string* sub = StringMember(*payload, "sub");
  if (sub == nullptr || sub->empty()) return Refuse("access token: missing sub");
  identity.person_id = *sub;
  const std::string* jti = StringMember(*payload, "jti");
  if (jti == nullptr || jti->empty()) return Refuse("access token: missing jti");
  identity.token_id = *jti;
  if (auto svc = payload->find("svc"); svc != payload->end()) {
    if (!svc->is_string() || svc->get_ref<const std::string&>().empty()) return Refuse("access token: bad svc");
    identity.service_name = svc->get<std::string>();
  }
  TDKT_ASSIGN_OR_RETURN(identity.grants, ReadGrants(*payload));
  identity.issued_at = *iat;
  identity.expires_at = *exp;
  return identity;
}

bool IsUnknownKeyError(const absl::Status& status) {
  return absl::IsUnauthenticated(status) && status.GetPayload(kUnknownKeyPayloadUrl).has_value();
}

}  // namespace tdkt::auth
