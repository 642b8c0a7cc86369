#include "services/common/config.h"

#include <map>

#include <gtest/gtest.h>

#include "services/common/service_flags.h"

namespace tdkt::common {
namespace {

absl::Status ParseWith(Flags& flags, std::vector<const char*> argv, std::map<std::string, std::string> env = {}) {
  argv.insert(argv.begin(), "tdkt-test");
  return flags.Parse(static_cast<int>(argv.size()), argv.data(), [&](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

Flags ServiceFlags() {
  Flags flags("tdkt-test", "A test service.");
  DefineServiceFlags(flags, "TEST", 7199);
  return flags;
}

TEST(Flags, DefaultsEnvironmentAndFlagsInThatOrder) {
  Flags flags = ServiceFlags();
  ASSERT_TRUE(ParseWith(flags, {}).ok());
  EXPECT_EQ(flags.Get("listen"), "127.0.0.1:7199");
  EXPECT_EQ(flags.GetInt("pg-pool-size"), 4);

  Flags from_env = ServiceFlags();
  ASSERT_TRUE(ParseWith(from_env, {}, {{"TDKT_TEST_LISTEN", "0.0.0.0:9000"}, {"TDKT_PG_POOL_SIZE", "2"}}).ok());
  EXPECT_EQ(from_env.Get("listen"), "0.0.0.0:9000");
  EXPECT_EQ(from_env.GetInt("pg-pool-size"), 2);

  Flags from_flag = ServiceFlags();
  ASSERT_TRUE(ParseWith(from_flag, {"--listen=127.0.0.1:1", "--pg-pool-size", "3"},
                        {{"TDKT_TEST_LISTEN", "0.0.0.0:9000"}}).ok());
  EXPECT_EQ(from_flag.Get("listen"), "127.0.0.1:1");
  EXPECT_EQ(from_flag.GetInt("pg-pool-size"), 3);
}

TEST(Flags, UnknownFlagIsNamed) {
  Flags flags = ServiceFlags();
  absl::Status status = ParseWith(flags, {"--lisen=1"});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "unknown flag '--lisen' (see --help)");
}

TEST(Flags, BadValueNamesFlagAndVariable) {
  Flags flags = ServiceFlags();
  absl::Status status = ParseWith(flags, {}, {{"TDKT_PG_POOL_SIZE", "many"}});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "invalid value 'many' for --pg-pool-size / TDKT_PG_POOL_SIZE: expected a positive integer");
  Flags bad_listen = ServiceFlags();
  EXPECT_FALSE(ParseWith(bad_listen, {"--listen=nohost"}).ok());
  Flags bad_url = ServiceFlags();
  EXPECT_FALSE(ParseWith(bad_url, {"--pg-url=mysql://x"}).ok());
  Flags bad_format = ServiceFlags();
  EXPECT_FALSE(ParseWith(bad_format, {"--log-format=xml"}).ok());
}

TEST(Flags, MissingValue) {
  Flags flags = ServiceFlags();
  EXPECT_EQ(ParseWith(flags, {"--listen"}).message(), "flag --listen needs a value");
}

TEST(Flags, HelpListsEveryFlagWithItsVariable) {
  Flags flags = ServiceFlags();
  absl::Status status = ParseWith(flags, {"--help"});
  ASSERT_TRUE(absl::IsCancelled(status));
  for (const char* expected : {"--listen (TDKT_TEST_LISTEN)", "--pg-url (TDKT_PG_URL)", "--redis-url",
                               "--log-format (TDKT_LOG_FORMAT)", "[default: 127.0.0.1:7199]"}) {
    EXPECT_NE(status.message().find(expected), std::string::npos) << expected;
  }
}

}  // namespace
}  // namespace tdkt::common
