#include "services/notifier/webhook_url.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <gtest/gtest.h>

namespace tdkt::notifier {
namespace {

bool Accepted(const std::string& url, bool loopback = false) { return CheckWebhookUrl(url, loopback).ok(); }

TEST(WebhookUrl, HttpsToAPublicHostIsAccepted) {
  EXPECT_TRUE(Accepted("https://hooks.example.gov.vn/tdkt"));
  EXPECT_TRUE(Accepted("https://hooks.example.gov.vn:8443/a?b=c#d"));
  EXPECT_TRUE(Accepted("HTTPS://203.0.113.7/x"));
  EXPECT_TRUE(Accepted("https://[2001:db8::1]:443/x"));
}

TEST(WebhookUrl, OtherSchemesAndMalformedUrlsAreRefused) {
  for (const char* url : {"", "ftp://example.com/x", "file:///etc/passwd", "gopher://x", "example.com/hook",
                          "https://", "https://user:pass@example.com/", "https://exa mple.com/", "https://example.com:0/",
                          "https://example.com:99999/", "https://[::1/x", "https://ví-dụ.vn/"}) {
    const absl::Status status = CheckWebhookUrl(url, true);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << url;
  }
  EXPECT_FALSE(Accepted("http://hooks.example.gov.vn/tdkt"));  // plain http only to loopback
}

TEST(WebhookUrl, LinkLocalAndMetadataAddressesAreRefusedEvenWithLoopbackAllowed) {
  for (const char* url : {"https://169.254.169.254/latest/meta-data", "http://169.254.0.1/", "https://100.100.100.200/",
                          "https://metadata.google.internal/computeMetadata/v1/", "https://METADATA.google.internal./",
                          "https://metadata/", "https://[fe80::1]/", "https://[febf::1]/", "https://[fd00:ec2::254]/",
                          "https://[::ffff:169.254.169.254]/", "https://0.0.0.0/", "https://224.0.0.1/"}) {
    EXPECT_FALSE(Accepted(url, true)) << url;
  }
}

TEST(WebhookUrl, LoopbackOnlyWithTheFlag) {
  for (const char* url : {"http://127.0.0.1:8080/hook", "http://localhost:9/x", "https://[::1]:8443/", "http://127.9.9.9/"}) {
    EXPECT_FALSE(Accepted(url, false)) << url;
    EXPECT_TRUE(Accepted(url, true)) << url;
  }
}

TEST(WebhookUrl, LongerThan2048BytesIsRefused) {
  const std::string base = "https://example.com/";
  EXPECT_TRUE(Accepted(base + std::string(kMaxWebhookUrlBytes - base.size(), 'a')));
  EXPECT_FALSE(Accepted(base + std::string(kMaxWebhookUrlBytes - base.size() + 1, 'a')));
}

TEST(WebhookUrl, TheConnectedAddressIsCheckedToo) {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  inet_pton(AF_INET, "169.254.169.254", &v4.sin_addr);
  EXPECT_TRUE(IsForbiddenAddress(reinterpret_cast<sockaddr*>(&v4), true));
  inet_pton(AF_INET, "127.0.0.1", &v4.sin_addr);
  EXPECT_TRUE(IsForbiddenAddress(reinterpret_cast<sockaddr*>(&v4), false));
  EXPECT_FALSE(IsForbiddenAddress(reinterpret_cast<sockaddr*>(&v4), true));
  inet_pton(AF_INET, "203.0.113.7", &v4.sin_addr);
  EXPECT_FALSE(IsForbiddenAddress(reinterpret_cast<sockaddr*>(&v4), false));
  sockaddr_in6 v6{};
  v6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "::ffff:100.100.100.200", &v6.sin6_addr);
  EXPECT_TRUE(IsForbiddenAddress(reinterpret_cast<sockaddr*>(&v6), true));
  inet_pton(AF_INET6, "fe80::abcd", &v6.sin6_addr);
  EXPECT_TRUE(IsForbiddenAddress(reinterpret_cast<sockaddr*>(&v6), true));
}

}  // namespace
}  // namespace tdkt::notifier
