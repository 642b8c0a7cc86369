// Login cost: what tdkt-directory's Login RPC spends on the CPU besides its three short SQL
// transactions — the Argon2id verification at the chosen cost (libsodium crypto_pwhash_*_INTERACTIVE: 2 passes,
// 64 MiB, via services/directory/password_hash.h) plus issuing the access token and the refresh token.
// Reference in the same run: BM_PwhashStrVerify, a bare crypto_pwhash_str_verify of the same hash.
//
// Also measured: a wrong password and an unknown user (verified against a dummy hash, as Login does) cost the
// same as a right one, so response time does not tell which usernames exist; and HashPassword (set-password,
// ChangePassword).
#include <benchmark/benchmark.h>
#include <sodium.h>

#include <string>

#include "base/sha256.h"
#include "services/auth/access_token.h"
#include "services/auth/base64url.h"
#include "services/auth/signing_key.h"
#include "services/directory/password_hash.h"
#include "base/clock.h"

namespace {

using tdkt::workflow::Role;

constexpr char kPassword[] = "hoa-sen-no-trong-dam-2026";

struct Fixture {
  tdkt::base::FakeClock clock{absl::FromUnixSeconds(1'780'000'000)};
  std::string hash = *tdkt::directory::HashPassword(kPassword);
  std::string dummy_hash = *tdkt::directory::HashPassword("a-random-dummy-password");
  tdkt::auth::SigningKey key = *tdkt::auth::SigningKey::Generate(clock.Now() - absl::Hours(1));
  tdkt::auth::AccessTokenClaims claims{"42",
                                       {{Role::kAppraiser, "1"}, {Role::kCouncilMember, "1"}, {Role::kAdmin, "7"}},
                                       std::nullopt};
};

const Fixture& F() {
  static const Fixture* const fixture = new Fixture();
  return *fixture;
}

bool Verify(const std::string& hash, const std::string& password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void BM_PwhashStrVerify(benchmark::State& state) {
  const Fixture& f = F();
  for (auto _ : state) {
    int result = crypto_pwhash_str_verify(f.hash.c_str(), kPassword, sizeof kPassword - 1);
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_PwhashStrVerify)->Unit(benchmark::kMillisecond)->UseRealTime();

// Login's CPU path for a right password: verify, sign the access token, make and hash the refresh token.
void BM_LoginVerifyAndIssue(benchmark::State& state) {
  const Fixture& f = F();
  for (auto _ : state) {
    if (!Verify(f.hash, kPassword)) state.SkipWithError("password refused");
    auto issued = tdkt::auth::IssueAccessToken(f.claims, f.key, f.clock);
    std::string random(32, '\0');
    randombytes_buf(random.data(), random.size());
    const std::string refresh = tdkt::auth::Base64UrlEncode(random);
    const std::string stored = tdkt::base::Sha256(refresh);
    benchmark::DoNotOptimize(issued);
    benchmark::DoNotOptimize(stored);
  }
}
BENCHMARK(BM_LoginVerifyAndIssue)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_LoginWrongPassword(benchmark::State& state) {
  const Fixture& f = F();
  for (auto _ : state) benchmark::DoNotOptimize(Verify(f.hash, "doan-sai-lan-nua"));
}
BENCHMARK(BM_LoginWrongPassword)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_LoginUnknownUser(benchmark::State& state) {
  const Fixture& f = F();
  for (auto _ : state) benchmark::DoNotOptimize(Verify(f.dummy_hash, kPassword));
}
BENCHMARK(BM_LoginUnknownUser)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_HashPassword(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(tdkt::directory::HashPassword(kPassword));
}
BENCHMARK(BM_HashPassword)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
