#include "services/auth/public_key_set.h"

#include <cstdint>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"

#include "services/auth/base64url.h"
#include "base/status_macros.h"
#include "base/string_view_compat.h"

namespace tdkt::auth {
namespace {

using Json = nlohmann::json;

constexpr size_t kEd25519PublicKeyBytes = 32;

absl::Status Invalid(std::string_view reason) { return absl::InvalidArgumentError(absl::StrCat("JWK: ", base::AsAbsl(reason))); }

Json ToJwk(const PublicKeyInfo& key) {
  Json jwk = {{"kty", "OKP"},          {"crv", "Ed25519"}, {"x", Base64UrlEncode(key.public_key)},
              {"kid", key.key_id},     {"use", "sig"},     {"alg", "EdDSA"}};
  if (key.not_before != absl::InfinitePast()) jwk["not_before"] = absl::ToUnixSeconds(key.not_before);
  if (key.not_after.has_value()) jwk["not_after"] = absl::ToUnixSeconds(*key.not_after);
  return jwk;
}

absl::StatusOr<std::string> RequiredString(const Json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return Invalid(absl::StrCat("missing string member ", name));
  return it->get<std::string>();
}

absl::Status ExpectOptionalString(const Json& object, const char* name, std::string_view expected) {
  auto it = object.find(name);
  if (it == object.end()) return absl::OkStatus();
  if (!it->is_string() || it->get_ref<const std::string&>() != expected) {
    return Invalid(absl::StrCat(name, " must be ", base::AsAbsl(expected)));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::optional<absl::Time>> OptionalSeconds(const Json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end()) return std::optional<absl::Time>();
  if (!it->is_number_integer()) return Invalid(absl::StrCat(name, " must be an integer"));
  return std::optional<absl::Time>(absl::FromUnixSeconds(it->get<int64_t>()));
}

absl::StatusOr<PublicKeyInfo> FromJwk(const Json& jwk) {
  if (!jwk.is_object()) return Invalid("not an object");
  TDKT_ASSIGN_OR_RETURN(std::string kty, RequiredString(jwk, "kty"));
  if (kty != "OKP") return Invalid("kty must be OKP");
  TDKT_ASSIGN_OR_RETURN(std::string crv, RequiredString(jwk, "crv"));
  if (crv != "Ed25519") return Invalid("crv must be Ed25519");
  // A published key set must never carry a private key; refusing it stops a leak from spreading.
  if (jwk.contains("d")) return Invalid("private key material is not accepted");
  TDKT_RETURN_IF_ERROR(ExpectOptionalString(jwk, "alg", "EdDSA"));
  TDKT_RETURN_IF_ERROR(ExpectOptionalString(jwk, "use", "sig"));
  PublicKeyInfo key;
  TDKT_ASSIGN_OR_RETURN(key.key_id, RequiredString(jwk, "kid"));
  TDKT_ASSIGN_OR_RETURN(std::string x, RequiredString(jwk, "x"));
  absl::StatusOr<std::string> raw = Base64UrlDecode(x);
  if (!raw.ok()) return Invalid("x is not base64url");
  key.public_key = *std::move(raw);
  TDKT_ASSIGN_OR_RETURN(std::optional<absl::Time> not_before, OptionalSeconds(jwk, "not_before"));
  if (not_before.has_value()) key.not_before = *not_before;
  TDKT_ASSIGN_OR_RETURN(key.not_after, OptionalSeconds(jwk, "not_after"));
  return key;
}

absl::Status Validate(const PublicKeyInfo& key) {
  if (key.key_id.empty()) return Invalid("empty kid");
  if (key.public_key.size() != kEd25519PublicKeyBytes) return Invalid("an Ed25519 public key has 32 bytes");
  if (key.not_after.has_value() && *key.not_after < key.not_before) return Invalid("not_after before not_before");
  return absl::OkStatus();
}

}  // namespace

absl::Status PublicKeySet::Add(PublicKeyInfo key) {
  TDKT_RETURN_IF_ERROR(Validate(key));
  if (Find(key.key_id) != nullptr) return Invalid("duplicate kid");
  keys_.push_back(std::move(key));
  return absl::OkStatus();
}

const PublicKeyInfo* PublicKeySet::Find(std::string_view key_id) const {
  for (const PublicKeyInfo& key : keys_) {
    if (key.key_id == key_id) return &key;
  }
  return nullptr;
}

std::string PublicKeySet::ToJwksJson() const {
  Json list = Json::array();
  for (const PublicKeyInfo& key : keys_) list.push_back(ToJwk(key));
  return Json{{"keys", std::move(list)}}.dump();
}

absl::StatusOr<PublicKeySet> PublicKeySet::FromJwksJson(std::string_view json) {
  Json parsed = Json::parse(json, /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) return Invalid("not a JSON object");
  auto keys = parsed.find("keys");
  if (keys == parsed.end() || !keys->is_array()) return Invalid("missing array member keys");
  PublicKeySet set;
  for (const Json& jwk : *keys) {
    TDKT_ASSIGN_OR_RETURN(PublicKeyInfo key, FromJwk(jwk));
    TDKT_RETURN_IF_ERROR(set.Add(std::move(key)));
  }
  return set;
}

std::string PublicKeyToJwkJson(const PublicKeyInfo& key) { return ToJwk(key).dump(); }

absl::StatusOr<PublicKeyInfo> PublicKeyFromJwkJson(std::string_view json) {
  Json parsed = Json::parse(json, nullptr, false);
  if (parsed.is_discarded()) return Invalid("not JSON");
  TDKT_ASSIGN_OR_RETURN(PublicKeyInfo key, FromJwk(parsed));
  TDKT_RETURN_IF_ERROR(Validate(key));
  return key;
}

}  // namespace tdkt::auth
