#include "services/notifier/webhook_url.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace tdkt::notifier {
namespace {

enum class AddressClass { kPublic, kLoopback, kForbidden };

AddressClass ClassifyV4(uint32_t host_order) {
  const uint8_t a = host_order >> 24, b = (host_order >> 16) & 0xff;
  if (a == 127) return AddressClass::kLoopback;
  if (a == 169 && b == 254) return AddressClass::kForbidden;                    // link-local, cloud metadata
  if (host_order == 0x646464C8) return AddressClass::kForbidden;        // 100.100.100.200 (Alibaba metadata)
  if (a == 0 || a >= 224) return AddressClass::kForbidden;                      // unspecified, multicast, reserved
  return AddressClass::kPublic;
}

AddressClass ClassifyV6(const in6_addr& address) {
  const uint8_t* b = address.s6_addr;
  static const uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(b, kMapped, 12) == 0) {
    return ClassifyV4((uint32_t{b[12]} << 24) | (uint32_t{b[13]} << 16) | (uint32_t{b[14]} << 8) | b[15]);
  }
  if (IN6_IS_ADDR_LOOPBACK(&address)) return AddressClass::kLoopback;
  if (IN6_IS_ADDR_UNSPECIFIED(&address) || IN6_IS_ADDR_MULTICAST(&address)) return AddressClass::kForbidden;
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressClass::kForbidden;  // fe80::/10
  // fd00:ec2::254, the AWS metadata service over IPv6.
  static const uint8_t kEc2Metadata[16] = {0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};
  if (std::memcmp(b, kEc2Metadata, 16) == 0) return AddressClass::kForbidden;
  return AddressClass::kPublic;
}

absl::Status Invalid(const std::string& why) {
  return absl::InvalidArgumentError(absl::StrCat("Địa chỉ webhook (subscription.url) không hợp lệ: ", why));
}

}  // namespace

bool IsForbiddenAddress(const sockaddr* address, bool allow_loopback) {
  AddressClass kind = AddressClass::kForbidden;
  if (address->sa_family == AF_INET) {
    kind = ClassifyV4(ntohl(reinterpret_cast<const sockaddr_in*>(address)->sin_addr.s_addr));
  } else if (address->sa_family == AF_INET6) {
    kind = ClassifyV6(reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr);
  }
  return kind == AddressClass::kForbidden || (kind == AddressClass::kLoopback && !allow_loopback);
}

absl::Status CheckWebhookUrl(std::string_view url_view, bool allow_loopback) {
  const std::string url(url_view);
  if (url.empty()) return absl::InvalidArgumentError("Thiếu địa chỉ webhook (subscription.url)");
  if (url.size() > kMaxWebhookUrlBytes) return Invalid("dài quá 2048 byte (longer than 2048 bytes)");
  for (const char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
      return Invalid("chứa khoảng trắng hoặc ký tự không phải ASCII (spaces or non-ASCII characters)");
    }
  }
  const std::string lower = absl::AsciiStrToLower(url);
  bool https = false;
  std::string rest;
  if (absl::StartsWith(lower, "https://")) {
    https = true;
    rest = url.substr(8);
  } else if (absl::StartsWith(lower, "http://")) {
    rest = url.substr(7);
  } else {
    return Invalid("phải bắt đầu bằng https:// (must be an http(s) URL)");
  }
  const std::string authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.find('@') != std::string::npos) return Invalid("không được chứa tên đăng nhập (no user info)");
  std::string host;
  std::string port;
  if (!authority.empty() && authority.front() == '[') {
    const size_t close = authority.find(']');
    if (close == std::string::npos) return Invalid("địa chỉ IPv6 thiếu dấu ] (bad IPv6 literal)");
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return Invalid("cổng không hợp lệ (bad port)");
      port = authority.substr(close + 2);
    }
  } else {
    const size_t colon = authority.rfind(':');
    host = authority.substr(0, colon);
    if (colon != std::string::npos) port = authority.substr(colon + 1);
  }
  host = absl::AsciiStrToLower(host);
  while (!host.empty() && host.back() == '.') host.pop_back();  // "metadata.google.internal." is the same name
  if (host.empty()) return Invalid("thiếu tên máy chủ (no host)");
  if (!port.empty() || authority.back() == ':') {
    int number = 0;
    if (!absl::SimpleAtoi(port, &number) || number <= 0 || number > 65535) return Invalid("cổng không hợp lệ (bad port)");
  }

  AddressClass kind = AddressClass::kPublic;
  in_addr v4{};
  in6_addr v6{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    kind = ClassifyV4(ntohl(v4.s_addr));
  } else if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    kind = ClassifyV6(v6);
  } else if (host == "metadata.google.internal" || host == "metadata" || absl::EndsWith(host, ".metadata.google.internal")) {
    kind = AddressClass::kForbidden;
  } else if (host == "localhost" || absl::EndsWith(host, ".localhost")) {
    kind = AddressClass::kLoopback;
  } else if (host.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-") != std::string::npos) {
    return Invalid("tên máy chủ không hợp lệ (bad host name)");
  }
  if (kind == AddressClass::kForbidden) {
    return Invalid("không được trỏ tới địa chỉ nội bộ hoặc dịch vụ metadata (link-local or metadata address)");
  }
  if (kind == AddressClass::kLoopback && !allow_loopback) {
    return Invalid("không được trỏ tới máy cục bộ (loopback targets are disabled: --webhook-allow-loopback)");
  }
  if (!https && kind != AddressClass::kLoopback) return Invalid("phải dùng https:// (http:// only to loopback)");
  return absl::OkStatus();
}

}  // namespace tdkt::notifier
