// Access token verification (services/auth/token_verifier.h), the work every authenticated RPC does first.
// Target: p50 under 50 µs. Reference in the same run: BM_Ed25519VerifyDetached, a bare libsodium
// crypto_sign_verify_detached over the same signing input, the floor any EdDSA verifier must pay.
#include <benchmark/benchmark.h>
#include <sodium.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "services/auth/access_token.h"
#include "services/auth/base64url.h"
#include "services/auth/token_verifier.h"

namespace {

using tdkt::auth::AccessTokenClaims;
using tdkt::auth::PublicKeySet;
using tdkt::auth::SigningKey;
using tdkt::auth::TokenVerifier;
using tdkt::workflow::Role;

struct Fixture {
  tdkt::base::FakeClock clock{absl::FromUnixSeconds(1'780'000'000)};
  SigningKey key = *SigningKey::Generate(clock.Now() - absl::Hours(1));
  // Two keys published, as during a rotation; the token's key is the second.
  SigningKey other = *SigningKey::Generate(clock.Now() - absl::Hours(1));
  // A typical person: three grants at two organisations, realistic id lengths.
  AccessTokenClaims claims{"7f3c9a2e-5b1d-4c8e-9a6f-2d4b8e1c0a37",
                           {{Role::kAppraiser, "org-01HZX3KQ7PN8T2VRC4MB6DWE9F"},
                            {Role::kCouncilMember, "org-01HZX3KQ7PN8T2VRC4MB6DWE9F"},
                            {Role::kSubmitter, "org-01HZX3M5A1B2C3D4E5F6G7H8J9"}},
                           std::nullopt};
  std::string token = tdkt::auth::IssueAccessToken(claims, key, clock)->token;
  PublicKeySet keys = [this] {
    PublicKeySet set;
    set.Add(other.PublicInfo()).IgnoreError();
    set.Add(key.PublicInfo()).IgnoreError();
    return set;
  }();
  TokenVerifier verifier{keys, clock};
};

const Fixture& F() {
  static const Fixture* const fixture = new Fixture();
  return *fixture;
}

void BM_Ed25519VerifyDetached(benchmark::State& state) {
  const Fixture& f = F();
  const std::string& token = f.token;
  const size_t second_dot = token.rfind('.');
  const std::string input = token.substr(0, second_dot);
  const std::string signature = *tdkt::auth::Base64UrlDecode(std::string_view(token).substr(second_dot + 1));
  const std::string_view public_key = f.key.public_key();
  for (auto _ : state) {
    int result = crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                             reinterpret_cast<const unsigned char*>(input.data()), input.size(),
                                             reinterpret_cast<const unsigned char*>(public_key.data()));
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_Ed25519VerifyDetached);

void BM_VerifyToken(benchmark::State& state) {
  const Fixture& f = F();
  for (auto _ : state) {
    absl::StatusOr<tdkt::auth::Identity> identity = f.verifier.Verify(f.token);
    if (!identity.ok()) state.SkipWithError("token refused");
    benchmark::DoNotOptimize(identity);
  }
  state.SetLabel(std::to_string(f.token.size()) + " bytes");
}
BENCHMARK(BM_VerifyToken);

// The same work timed call by call, to report the latency distribution (p50, p90, p99 of single calls) next to
// Google Benchmark's per-iteration mean.
void BM_VerifyTokenLatency(benchmark::State& state) {
  const Fixture& f = F();
  std::vector<double> micros;
  micros.reserve(1 << 16);
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    absl::StatusOr<tdkt::auth::Identity> identity = f.verifier.Verify(f.token);
    const auto stop = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(identity);
    micros.push_back(std::chrono::duration<double, std::micro>(stop - start).count());
  }
  std::sort(micros.begin(), micros.end());
  auto percentile = [&](double p) { return micros[static_cast<size_t>(p * static_cast<double>(micros.size() - 1))]; };
  state.counters["p50_us"] = percentile(0.50);
  state.counters["p90_us"] = percentile(0.90);
  state.counters["p99_us"] = percentile(0.99);
}
BENCHMARK(BM_VerifyTokenLatency);

// Where the overhead above the reference goes: decoding and parsing the payload JSON (about 480 bytes).
void BM_DecodeAndParsePayload(benchmark::State& state) {
  const Fixture& f = F();
  const size_t first_dot = f.token.find('.');
  const std::string_view part = std::string_view(f.token).substr(first_dot + 1, f.token.rfind('.') - first_dot - 1);
  for (auto _ : state) {
    nlohmann::json payload = nlohmann::json::parse(*tdkt::auth::Base64UrlDecode(part), nullptr, false);
    benchmark::DoNotOptimize(payload);
  }
}
BENCHMARK(BM_DecodeAndParsePayload);

// A forged signature: the cost of refusing an attacker's token (no payload parsing).
void BM_RefuseForgedToken(benchmark::State& state) {
  const Fixture& f = F();
  std::string forged = f.token;
  forged[forged.size() - 10] = forged[forged.size() - 10] == 'A' ? 'B' : 'A';
  for (auto _ : state) {
    absl::StatusOr<tdkt::auth::Identity> identity = f.verifier.Verify(forged);
    benchmark::DoNotOptimize(identity);
  }
}
BENCHMARK(BM_RefuseForgedToken);

// alg "none" is refused from the header alone, before any cryptography.
void BM_RefuseAlgNone(benchmark::State& state) {
  const Fixture& f = F();
  std::string none = tdkt::auth::Base64UrlEncode(R"({"alg":"none","typ":"JWT"})") +
                     f.token.substr(f.token.find('.'), f.token.rfind('.') - f.token.find('.')) + ".";
  for (auto _ : state) {
    absl::StatusOr<tdkt::auth::Identity> identity = f.verifier.Verify(none);
    benchmark::DoNotOptimize(identity);
  }
}
BENCHMARK(BM_RefuseAlgNone);

void BM_IssueToken(benchmark::State& state) {
  const Fixture& f = F();
  for (auto _ : state) {
    auto issued = tdkt::auth::IssueAccessToken(f.claims, f.key, f.clock);
    benchmark::DoNotOptimize(issued);
  }
}
BENCHMARK(BM_IssueToken);

}  // namespace
