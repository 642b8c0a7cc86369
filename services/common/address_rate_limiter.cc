#include "services/common/address_rate_limiter.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace tdkt::common {
namespace {

// "[2001:db8::1]:5678" or "[2001:db8::1%25eth0]:5678" → "2001:db8::1" (gRPC may percent-encode the brackets).
std::string BracketedHost(std::string text) {
  text = absl::StrReplaceAll(text, {{"%5B", "["}, {"%5b", "["}, {"%5D", "]"}, {"%5d", "]"}});
  if (text.empty() || text.front() != '[') return "";
  const size_t close = text.find(']');
  if (close == std::string::npos) return "";
  std::string host = text.substr(1, close - 1);
  if (const size_t zone = host.find('%'); zone != std::string::npos) host.resize(zone);
  return host;
}

std::string Ipv6Prefix(const std::string& host) {
  std::array<unsigned char, 16> bytes{};
  if (inet_pton(AF_INET6, host.c_str(), bytes.data()) != 1) return "";
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  char text[INET6_ADDRSTRLEN] = {};
  if (std::memcmp(bytes.data(), kMapped, sizeof kMapped) == 0) {
    inet_ntop(AF_INET, bytes.data() + 12, text, sizeof text);
    return text;
  }
  std::fill(bytes.begin() + 8, bytes.end(), 0);
  inet_ntop(AF_INET6, bytes.data(), text, sizeof text);
  return absl::StrCat(text, "/64");
}

}  // namespace

std::string ClientAddress(std::string_view peer) {
  const std::string text(peer);
  if (absl::StartsWith(text, "ipv4:")) {
    const std::string host_port = text.substr(5);
    const std::string host = host_port.substr(0, host_port.rfind(':'));
    in_addr address{};
    if (inet_pton(AF_INET, host.c_str(), &address) == 1) return host;
  } else if (absl::StartsWith(text, "ipv6:")) {
    if (std::string prefix = Ipv6Prefix(BracketedHost(text.substr(5))); !prefix.empty()) return prefix;
  }
  return text;
}

AddressRateLimiter::AddressRateLimiter(RateLimit limit, const base::Clock& clock)
    : limit_{.per_minute = limit.per_minute, .burst = limit.burst,
             .max_addresses = std::max<std::size_t>(limit.max_addresses, 1)},
      interval_(absl::Minutes(1) / std::max(1, limit.per_minute)),
      tolerance_(interval_ * (std::max(1, limit.burst) - 1)),
      clock_(clock) {}

bool AddressRateLimiter::Allow(const std::string& address) {
  const absl::Time now = clock_.Now();
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = full_at_.find(address);
  if (it == full_at_.end()) {
    if (full_at_.size() >= limit_.max_addresses) MakeRoom(now);
    full_at_.emplace(address, now + interval_);
    return true;
  }
  const absl::Time from = std::max(it->second, now);
  if (from - now > tolerance_) return false;
  it->second = from + interval_;
  return true;
}

std::size_t AddressRateLimiter::tracked() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return full_at_.size();
}

void AddressRateLimiter::MakeRoom(absl::Time now) {
  for (auto it = full_at_.begin(); it != full_at_.end();) {
    it = it->second <= now ? full_at_.erase(it) : std::next(it);
  }
  // Down to nine tenths at most, forgetting the addresses whose buckets are fullest (idle longest), so that the
  // sweep runs once per tenth of new addresses rather than on every one, even under a flood from many.
  const size_t keep = limit_.max_addresses - limit_.max_addresses / 10 - 1;
  if (full_at_.size() <= keep) return;
  std::vector<std::pair<absl::Time, std::string>> by_time;
  by_time.reserve(full_at_.size());
  for (const auto& [address, full_at] : full_at_) by_time.emplace_back(full_at, address);
  const size_t drop = by_time.size() - keep;
  std::nth_element(by_time.begin(), by_time.begin() + static_cast<std::ptrdiff_t>(drop - 1), by_time.end());
  for (size_t i = 0; i < drop; ++i) full_at_.erase(by_time[i].second);
}

}  // namespace tdkt::common
