#include <gtest/gtest.h>

#include "services/common/redis_streams.h"

namespace tdkt::common {
namespace {

TEST(ParseRedisUrl, HostAndPort) {
  auto endpoint = ParseRedisUrl("redis://127.0.0.1:6390");
  ASSERT_TRUE(endpoint.ok());
  EXPECT_EQ(endpoint->host, "127.0.0.1");
  EXPECT_EQ(endpoint->port, 6390);
  EXPECT_EQ(ParseRedisUrl("redis://cache/0")->port, 6379);
}

TEST(ParseRedisUrl, RefusesOtherSchemesAndBadPorts) {
  EXPECT_EQ(ParseRedisUrl("http://x:1").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseRedisUrl("redis://x:99999").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseRedisUrl("redis://:1").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tdkt::common
