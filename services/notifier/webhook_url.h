#pragma once
// Where a webhook may point. A subscription's URL is refused (INVALID_ARGUMENT, in Vietnamese) when it is longer
// than 2,048 bytes, is not https:// (http:// only to a loopback address, and loopback only when the operator
// allowed it: --webhook-allow-loopback, for tests and the demo), carries user:password@, or names a link-local or
// cloud metadata address (169.254.0.0/16, fe80::/10, 100.100.100.200, fd00:ec2::254, metadata.google.internal,
// metadata), or an unspecified or multicast one. The same address rule is applied again to the address actually
// connected to (IsForbiddenAddress), so a host name that resolves to a metadata address is refused too.
#include <string>
#include <string_view>

#include "absl/status/status.h"

struct sockaddr;

namespace tdkt::notifier {

inline constexpr size_t kMaxWebhookUrlBytes = 2048;

absl::Status CheckWebhookUrl(std::string_view url, bool allow_loopback);

// For the address a connection is about to be opened to (IPv4 or IPv6, IPv4-mapped included).
bool IsForbiddenAddress(const sockaddr* address, bool allow_loopback);

}  // namespace tdkt::notifier
