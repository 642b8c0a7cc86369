// AddressRateLimiter on a fake clock: the 101st call in a minute from one address is refused while another
// address goes on, the address recovers as the window passes, bursts are capped, memory stays bounded without
// letting a busy address off; and ClientAddress reads gRPC's peer strings (IPv4, IPv6 by /64, mapped, Unix).
#include "services/common/address_rate_limiter.h"

#include <gtest/gtest.h>

#include <string>

#include "base/clock.h"

namespace tdkt::common {
namespace {

class AddressRateLimiterTest : public ::testing::Test {
 protected:
  base::FakeClock clock_{absl::FromUnixSeconds(1772400000)};
};

TEST_F(AddressRateLimiterTest, TheHundredAndFirstCallInAMinuteIsRefusedAnotherAddressIsNotAndItRecovers) {
  AddressRateLimiter limiter({.per_minute = 100, .burst = 20}, clock_);
  // 101 calls at once: the burst goes through, the rest (the 101st among them) is refused.
  int allowed = 0;
  for (int i = 1; i <= 100; ++i) allowed += limiter.Allow("192.0.2.7") ? 1 : 0;
  EXPECT_EQ(allowed, 20);
  EXPECT_FALSE(limiter.Allow("192.0.2.7"));
  EXPECT_TRUE(limiter.Allow("192.0.2.8"));
  EXPECT_TRUE(limiter.Allow("2001:db8:1:2::/64"));
  // Refused calls do not count: one call comes back every 0.6 s (100 a minute), whatever was tried meanwhile.
  clock_.Advance(absl::Milliseconds(599));
  EXPECT_FALSE(limiter.Allow("192.0.2.7"));
  clock_.Advance(absl::Milliseconds(1));
  EXPECT_TRUE(limiter.Allow("192.0.2.7"));
  EXPECT_FALSE(limiter.Allow("192.0.2.7"));
  // Steady callers get 100 a minute and no more: one call every 0.3 s for a minute, half of them refused.
  allowed = 0;
  for (int i = 0; i < 200; ++i) {
    clock_.Advance(absl::Milliseconds(300));
    allowed += limiter.Allow("192.0.2.7") ? 1 : 0;
  }
  EXPECT_EQ(allowed, 100);
  // Idle for the window: the whole burst is back, and no more.
  clock_.Advance(absl::Minutes(1));
  allowed = 0;
  for (int i = 0; i < 101; ++i) allowed += limiter.Allow("192.0.2.7") ? 1 : 0;
  EXPECT_EQ(allowed, 20);
}

TEST_F(AddressRateLimiterTest, ABurstIsCappedAndTheRateHoldsAfterIt) {
  AddressRateLimiter limiter({.per_minute = 60, .burst = 5}, clock_);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Allow("a"));
  EXPECT_FALSE(limiter.Allow("a"));
  int allowed = 0;
  for (int second = 0; second < 60; ++second) {
    clock_.Advance(absl::Seconds(1));
    for (int i = 0; i < 3; ++i) allowed += limiter.Allow("a") ? 1 : 0;  // trying thrice a second
  }
  EXPECT_EQ(allowed, 60);  // one a second, however hard it tries
  clock_.Advance(absl::Hours(1));  // idle for long: never more than the burst at once
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Allow("a"));
  EXPECT_FALSE(limiter.Allow("a"));
}

TEST_F(AddressRateLimiterTest, MemoryStaysBoundedAndABusyAddressStaysLimited) {
  AddressRateLimiter limiter({.per_minute = 100, .burst = 100, .max_addresses = 1000}, clock_);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(limiter.Allow("busy"));
  EXPECT_FALSE(limiter.Allow("busy"));
  // A flood from ten thousand addresses, each seen once and idle again within a minute.
  for (int i = 0; i < 10000; ++i) {
    if (i % 1000 == 0) clock_.Advance(absl::Seconds(1));
    EXPECT_TRUE(limiter.Allow("flood-" + std::to_string(i)));
    ASSERT_LE(limiter.tracked(), 1000u);
  }
  // 10 s later the busy address has 16 calls back, not a fresh bucket: its entry was kept while busier than
  // the flood's full buckets.
  clock_.Advance(absl::Seconds(1));
  int allowed = 0;
  for (int i = 0; i < 100; ++i) allowed += limiter.Allow("busy") ? 1 : 0;
  EXPECT_LT(allowed, 30);
  EXPECT_GT(allowed, 10);
}

TEST(ClientAddress, ReadsGrpcPeerStrings) {
  EXPECT_EQ(ClientAddress("ipv4:192.0.2.7:54321"), "192.0.2.7");
  EXPECT_EQ(ClientAddress("ipv4:127.0.0.1:1"), "127.0.0.1");
  EXPECT_EQ(ClientAddress("ipv6:[2001:db8:1:2:a:b:c:d]:443"), "2001:db8:1:2::/64");
  EXPECT_EQ(ClientAddress("ipv6:[2001:db8:1:2:ffff::1]:443"), "2001:db8:1:2::/64");  // same /64
  EXPECT_EQ(ClientAddress("ipv6:%5B2001:db8:1:3::1%5D:443"), "2001:db8:1:3::/64");   // percent-encoded
  EXPECT_EQ(ClientAddress("ipv6:[::1]:5000"), "::/64");
  EXPECT_EQ(ClientAddress("ipv6:[::ffff:192.0.2.9]:5000"), "192.0.2.9");            // IPv4-mapped
  EXPECT_EQ(ClientAddress("ipv6:[fe80::1%25eth0]:5000"), "fe80::/64");
  EXPECT_EQ(ClientAddress("unix:/run/tdkt.sock"), "unix:/run/tdkt.sock");
  EXPECT_EQ(ClientAddress("ipv4:not-an-address:1"), "ipv4:not-an-address:1");
}

}  // namespace
}  // namespace tdkt::common
